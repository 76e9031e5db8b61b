/**
 * The compose deploy's first reads of the host in one round trip (sent alongside the state read):
 * which compose runs there and the in-progress inspection; and the in-progress write that creates
 * the upload's destination in the same round trip. Literal scripts, splitting, real runs by dash.
 */
import { chmod, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostCompose } from '../../src/apply/compose-target.js';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import { composeProbeScript, parseComposeProbe } from '../../src/strategies/compose/probe.js';
import {
  clearInProgressScript,
  inProgressRecord,
  parseInspection,
  writeInProgress,
  writeInProgressScript,
} from '../../src/sync/in-progress.js';
import { layoutOf } from '../../src/sync/layout.js';
import { parsePruneListing } from '../../src/sync/prune-releases.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { planOf } from './helpers/plans.js';

const tmp = useHostileTempDir('gitops-compose-probe');
const NEW = 'b'.repeat(40);
const config = (command?: string) =>
  parseConfig(
    JSON.stringify({
      version: 1,
      compose: { project: 'app', ...(command ? { command } : {}) },
      targets: { c: { strategy: 'compose', host: 'd@h', path: '/srv/app' } },
    }),
    'deploy.yml',
  );

describe('composeProbeScript', () => {
  it('is the compose probe, a separator line, then the host inspection', () => {
    expect(composeProbeScript(config('docker-compose'), layoutOf('/srv/app')).split('\n')).toEqual([
      `if v=$(docker-compose version --short 2>/dev/null); then printf '%s\\t%s\\n' docker-compose "$v"`,
      'else echo none',
      'fi',
      "echo '--- host inspection ---'",
      'cat /srv/app/.deploy/in-progress.json 2>/dev/null',
      "echo; echo '--- current ---'",
      'if [ -L /srv/app/current ]; then basename "$(readlink /srv/app/current)"; fi',
    ]);
  });

  it.each([
    [
      'compose found, nothing in progress',
      'docker compose\t2.26.1\n--- host inspection ---\n\n--- current ---\nabc\n',
      'docker compose\t2.26.1\n',
      '\n--- current ---\nabc\n',
    ],
    ['no compose', 'none\n--- host inspection ---\n{"x":1}\n--- current ---\n', 'none\n', '{"x":1}\n--- current ---\n'],
  ])('parseComposeProbe: %s', (_name, out, detect, inspect) => {
    expect(parseComposeProbe(out)).toEqual({ detect, inspect });
  });

  it("a rollback's probe ends with the releases listing, split off as `releases`", () => {
    const script = composeProbeScript(config('docker-compose'), layoutOf('/srv/app'), { releases: true }).split('\n');
    expect(script.slice(7)).toEqual([
      "echo '--- kept releases ---'",
      'if [ -d /srv/app/releases ]; then ls -1 /srv/app/releases; fi',
      `printf '@live %s\\n' "$(readlink /srv/app/current 2>/dev/null)"`,
    ]);
    const out = `docker compose\t2.26.1\n--- host inspection ---\n\n--- current ---\nabc\n--- kept releases ---\nabc\ndef\n@live releases/abc\n`;
    expect(parseComposeProbe(out)).toEqual({
      detect: 'docker compose\t2.26.1\n',
      inspect: '\n--- current ---\nabc\n',
      releases: 'abc\ndef\n@live releases/abc\n',
    });
  });

  it('output without the separator (a cut connection) is an error, not an empty probe', () => {
    expect(() => parseComposeProbe('docker compose\t2.26.1\n')).toThrow('unexpected host probe output');
  });

  it('run by dash against a stub compose: both parts parse as their own reads would', async () => {
    const root = tmp();
    const bin = join(root, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'docker'), '#!/bin/sh\n[ "$1 $2 $3" = "compose version --short" ] && echo 2.26.1\n');
    await chmod(join(bin, 'docker'), 0o755);
    const rec = inProgressRecord('run-1', NEW, undefined, planOf({ to: NEW }), []);
    await mkdir(join(root, '.deploy'));
    await writeFile(join(root, '.deploy', 'in-progress.json'), `${JSON.stringify(rec)}\n`);
    await symlink(`releases/${NEW}`, join(root, 'current'));
    const script = composeProbeScript(config(), layoutOf(root));
    const r = await local.run(['/bin/dash', '-c', script], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    const probe = parseComposeProbe(r.stdout);
    expect(parseHostCompose(config(), probe.detect)).toEqual({ command: ['docker', 'compose'], version: '2.26.1' });
    expect(parseInspection(probe.inspect)).toEqual({ inProgress: rec, link: NEW });
    expect(probe.releases).toBeUndefined();
    await mkdir(join(root, 'releases', NEW), { recursive: true });
    const withReleases = parseComposeProbe(
      (
        await local.run(['/bin/dash', '-c', composeProbeScript(config(), layoutOf(root), { releases: true })], {
          env: { PATH: `${bin}:/usr/bin:/bin` },
        })
      ).stdout,
    );
    expect(parseInspection(withReleases.inspect)).toEqual({ inProgress: rec, link: NEW });
    expect(parsePruneListing(withReleases.releases!)).toEqual({ existing: [NEW], live: NEW });

    // no compose at all: the same UserError as the probe on its own
    const empty = join(root, 'empty');
    await mkdir(empty);
    const none = parseComposeProbe((await local.run(['/bin/dash', '-c', script], { env: { PATH: empty }, allowFailure: true })).stdout);
    expect(() => parseHostCompose(config(), none.detect)).toThrow(UserError);
  });
});

describe('writeInProgressScript', () => {
  it('writes the record atomically in a subshell, then creates the upload destination', () => {
    expect(writeInProgressScript('/srv/app', '/srv/app/.deploy/in-progress.json.tmp-1', "/srv/app/releases/b'1").split('\n')).toEqual([
      `( umask 077; mkdir -p "$(dirname /srv/app/.deploy/in-progress.json)" && { cat > /srv/app/.deploy/in-progress.json.tmp-1 && mv -f /srv/app/.deploy/in-progress.json.tmp-1 /srv/app/.deploy/in-progress.json || { rm -f /srv/app/.deploy/in-progress.json.tmp-1; exit 1; }; } ) || exit 1`,
      `mkdir -p '/srv/app/releases/b'\\''1'`,
    ]);
    expect(writeInProgressScript('/srv/app', '/t')).not.toContain('\n');
    expect(clearInProgressScript("/srv/it's")).toBe(`rm -f '/srv/it'\\''s/.deploy/in-progress.json'`);
  });

  it('run by dash: the record is written, the directory made with the shell umask (not the record 077)', async () => {
    const root = tmp();
    const rec = inProgressRecord('run-1', NEW, undefined, planOf({ to: NEW }), []);
    const dest = join(root, 'releases', NEW);
    await writeInProgress(local, root, rec, dest);
    expect(JSON.parse(await readFile(join(root, '.deploy', 'in-progress.json'), 'utf8'))).toEqual(rec);
    expect((await stat(dest)).mode & 0o077).not.toBe(0);
  });

  it('a record that cannot be written creates no directory and fails', async () => {
    const root = tmp();
    await writeFile(join(root, '.deploy'), 'a file\n');
    const dest = join(root, 'releases', NEW);
    await expect(writeInProgress(local, root, inProgressRecord('r', NEW, undefined, planOf({ to: NEW }), []), dest)).rejects.toThrow();
    await expect(stat(dest)).rejects.toThrow();
  });
});
