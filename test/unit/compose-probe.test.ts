/**
 * The compose deploy's first reads of the host (sent alongside the state read, the compose probe
 * once per connection): which compose runs there and the in-progress inspection; and the
 * in-progress write that creates the upload's destination in the same round trip. Real runs by dash.
 */
import { chmod, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectHostCompose, hostComposeScript, parseHostCompose } from '../../src/apply/compose-target.js';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import type { Session } from '../../src/session/session.js';
import { composeProbe, inspectionScript, parseInspectionOutput, warmUpCompose } from '../../src/strategies/compose/probe.js';
import { parsePruneListing } from '../../src/sync/prune-releases.js';
import { CommandError, type ExecOptions, type Executor } from '../../src/transport/types.js';
import {
  clearInProgressScript,
  inProgressRecord,
  inspectHostScript,
  parseInspection,
  inProgressWrite,
  writeInProgressScript,
} from '../../src/sync/in-progress.js';
import { firstThen, shFirstThen } from '../../src/sync/upload-first.js';
import { shellQuote } from '../../src/transport/quote.js';
import { layoutOf } from '../../src/sync/layout.js';
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

/** Runs scripts with dash and `PATH` set (a stub docker first), counting them; `env`: more variables. */
function dashHost(path: string, env: Record<string, string> = {}): { exec: Executor; scripts: string[] } {
  const scripts: string[] = [];
  const sh = (script: string, o?: ExecOptions) => {
    scripts.push(script);
    return local.run(['/bin/dash', '-c', script], { ...o, env: { PATH: path, ...env }, allowFailure: true });
  };
  return { exec: { name: 'dash', run: (argv, o) => local.run(argv, o), sh, close: async () => undefined }, scripts };
}

/**
 * A host under `root`: a `docker` that fails (gd_v2 needs one) and `plugin` (the script's text) as
 * the compose plugin in the docker CLI's config directory (found before any of this machine's), run directly.
 */
async function hostWithPlugin(root: string, plugin: string): Promise<{ exec: Executor; scripts: string[] }> {
  const bin = join(root, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'docker'), '#!/bin/sh\nexit 1\n');
  await chmod(join(bin, 'docker'), 0o755);
  const plugins = join(root, 'docker-config', 'cli-plugins');
  await mkdir(plugins, { recursive: true });
  await writeFile(join(plugins, 'docker-compose'), plugin);
  await chmod(join(plugins, 'docker-compose'), 0o755);
  return dashHost(`${bin}:/usr/bin:/bin`, { DOCKER_CONFIG: join(root, 'docker-config') });
}

const sessionOn = (exec: Executor, root: string, command?: string) =>
  ({ conn: { exec }, config: config(command), target: { path: root } }) as unknown as Session;

describe('composeProbe', () => {
  it('reads compose and the host inspection side by side; both parse as their own reads would', async () => {
    const root = tmp();
    const host = await hostWithPlugin(root, '#!/bin/sh\n[ "$1 $2" = "version --short" ] && echo 2.26.1\n');
    const rec = inProgressRecord('run-1', NEW, undefined, planOf({ to: NEW }), []);
    await mkdir(join(root, '.deploy'));
    await writeFile(join(root, '.deploy', 'in-progress.json'), `${JSON.stringify(rec)}\n`);
    await symlink(`releases/${NEW}`, join(root, 'current'));
    const probe = await composeProbe(sessionOn(host.exec, root));
    expect(parseHostCompose(config(), probe.detect)).toEqual({ command: ['docker', 'compose'], version: '2.26.1' });
    expect(parseInspection(probe.inspect)).toEqual({ inProgress: rec, link: NEW });
    expect(host.scripts).toEqual([hostComposeScript(config(), root), inspectHostScript(layoutOf(root))]);
  });

  it('an inspection already run in the lock round trip is not sent again; a failed one is (its error reported here)', async () => {
    const root = tmp();
    const host = dashHost('/usr/bin:/bin');
    const inspect = `\n--- current ---\n${NEW}\n`;
    const probe = await composeProbe(sessionOn(host.exec, root), {}, { code: 0, stdout: inspect, stderr: '' });
    expect(probe.inspect).toBe(inspect);
    expect(host.scripts).toEqual([hostComposeScript(config(), root)]);
    await composeProbe(sessionOn(host.exec, root), {}, { code: 1, stdout: '', stderr: 'boom' });
    expect(host.scripts.filter((x) => x === inspectHostScript(layoutOf(root)))).toHaveLength(1);
  });

  it('the compose read started by warmUp (before the lock) is not sent again; the inspection is', async () => {
    const root = tmp();
    const host = dashHost('/usr/bin:/bin');
    warmUpCompose(sessionOn(host.exec, root, 'docker-compose'));
    await composeProbe(sessionOn(host.exec, root, 'docker-compose'));
    await detectHostCompose(host.exec, config('docker-compose')).catch(() => undefined);
    expect(host.scripts.filter((x) => x === hostComposeScript(config('docker-compose')))).toHaveLength(1);
    expect(host.scripts.filter((x) => x === inspectHostScript(layoutOf(root)))).toHaveLength(1);
    // another connection, or another configured command, is probed on its own
    const other = dashHost('/usr/bin:/bin');
    await composeProbe(sessionOn(other.exec, root));
    await composeProbe(sessionOn(host.exec, root));
    expect(other.scripts).toHaveLength(2);
    expect(host.scripts.filter((x) => x === hostComposeScript(config(), root))).toHaveLength(1);
  });

  describe("the plugin's version cache on a first deploy (no .deploy yet)", () => {
    /** A host whose v2 plugin (1 MB: cached) prints 2.26.1, and a deploy path with no .deploy. */
    async function freshHost(): Promise<{ root: string; exec: Executor }> {
      const root = tmp();
      const head = '#!/bin/sh\n[ "$1 $2" = "version --short" ] && echo 2.26.1\nexit 0\n';
      return { root, exec: (await hostWithPlugin(root, head + '#'.repeat((1 << 20) - head.length))).exec };
    }

    it('the warm-up, sent before the lock has created .deploy, still keeps the version (it makes the directory the lock would)', async () => {
      const { root, exec } = await freshHost();
      const app = join(root, 'app');
      await mkdir(app);
      // the warm-up's probe answers before the lock's round trip (the order a loaded host can give)
      warmUpCompose(sessionOn(exec, app));
      expect(parseHostCompose(config(), (await composeProbe(sessionOn(exec, app))).detect).version).toBe('2.26.1');
      const [key, version] = (await readFile(join(app, '.deploy', 'compose-version'), 'utf8')).split('\n');
      expect(key).toMatch(/\/docker-compose \d{7,} \d+ \d+ \d+$/);
      expect(version).toBe('2.26.1');
    });

    it('a probe without the warm-up (a dry run, logs) creates nothing on the host', async () => {
      const { root, exec } = await freshHost();
      const app = join(root, 'app');
      await mkdir(app);
      expect(parseHostCompose(config(), (await composeProbe(sessionOn(exec, app))).detect).version).toBe('2.26.1');
      await expect(stat(join(app, '.deploy'))).rejects.toThrow();
    });
  });

  it("a rollback's inspection ends with the releases listing, split off as `releases`", async () => {
    expect(inspectionScript(layoutOf('/srv/app'), { releases: true }).split('\n')).toEqual([
      'cat /srv/app/.deploy/in-progress.json 2>/dev/null',
      "echo; echo '--- current ---'",
      'if [ -L /srv/app/current ]; then basename "$(readlink /srv/app/current)"; fi',
      "echo '--- kept releases ---'",
      'if [ -d /srv/app/releases ]; then ls -1 /srv/app/releases; fi',
      `printf '@live %s\\n' "$(readlink /srv/app/current 2>/dev/null)"`,
    ]);
    expect(parseInspectionOutput('\n--- current ---\nabc\n--- kept releases ---\nabc\ndef\n@live releases/abc\n')).toEqual({
      inspect: '\n--- current ---\nabc\n',
      releases: 'abc\ndef\n@live releases/abc\n',
    });
    expect(parseInspectionOutput('\n--- current ---\nabc\n')).toEqual({ inspect: '\n--- current ---\nabc\n' });
    // run by dash: both parts parse as their own reads would
    const root = tmp();
    const rec = inProgressRecord('run-1', NEW, undefined, planOf({ to: NEW }), []);
    await mkdir(join(root, '.deploy'));
    await writeFile(join(root, '.deploy', 'in-progress.json'), `${JSON.stringify(rec)}\n`);
    await symlink(`releases/${NEW}`, join(root, 'current'));
    await mkdir(join(root, 'releases', NEW), { recursive: true });
    const probe = await composeProbe(sessionOn(dashHost('/usr/bin:/bin').exec, root), { releases: true });
    expect(parseInspection(probe.inspect)).toEqual({ inProgress: rec, link: NEW });
    expect(parsePruneListing(probe.releases!)).toEqual({ existing: [NEW], live: NEW });
  });

  it('no compose at all: the same UserError as the probe on its own', async () => {
    const root = tmp();
    const empty = join(root, 'empty');
    await mkdir(empty);
    const probe = await composeProbe(sessionOn(dashHost(empty).exec, root));
    expect(() => parseHostCompose(config(), probe.detect)).toThrow(UserError);
  });

  it('a failed compose read reaches whoever awaits it, and is not unhandled before that', async () => {
    const cut = () => Promise.reject(new Error('cut'));
    const failing: Executor = { name: 'cut', run: cut, sh: cut, close: async () => undefined };
    const root = tmp();
    let sent = 0;
    const counted: Executor = { ...failing, sh: () => (sent++, cut()) };
    warmUpCompose(sessionOn(counted, root));
    await new Promise((r) => setTimeout(r, 10));
    await expect(detectHostCompose(counted, config(), root)).rejects.toThrow('cut');
    expect(sent).toBe(1);
  });
});

describe('writeInProgressScript', () => {
  const rec = inProgressRecord("run-'1", NEW, undefined, planOf({ to: NEW }), []);
  const tmpFile = '/srv/app/.deploy/in-progress.json.tmp-1';

  it("writes the record (its JSON in the script) atomically; as the upload's first, in a subshell before the mkdir", () => {
    const script = writeInProgressScript('/srv/app', tmpFile, rec);
    expect(script).toBe(
      `umask 077; mkdir -p "$(dirname /srv/app/.deploy/in-progress.json)" && { printf '%s\\n' ${shellQuote(JSON.stringify(rec))} > ${tmpFile} && mv -f ${tmpFile} /srv/app/.deploy/in-progress.json || { rm -f ${tmpFile}; exit 1; }; }`,
    );
    expect(script).not.toContain('\n');
    expect(firstThen(script, `mkdir -p '/srv/app/releases/b'\\''1'`).split('\n')).toEqual([
      `( ${script} ) || exit 9`,
      `mkdir -p '/srv/app/releases/b'\\''1'`,
    ]);
    expect(inProgressWrite('/srv/app', rec).what).toBe('could not write the in-progress record /srv/app/.deploy/in-progress.json');
    expect(clearInProgressScript("/srv/it's")).toBe(`rm -f '/srv/it'\\''s/.deploy/in-progress.json'`);
  });

  it('run by dash: the record is written, the directory made with the shell umask (not the record 077)', async () => {
    const root = tmp();
    const dest = join(root, 'releases', NEW);
    await shFirstThen(local, inProgressWrite(root, rec), `mkdir -p ${shellQuote(dest)}`);
    expect(JSON.parse(await readFile(join(root, '.deploy', 'in-progress.json'), 'utf8'))).toEqual(rec);
    expect((await stat(join(root, '.deploy', 'in-progress.json'))).mode & 0o077).toBe(0);
    expect((await stat(dest)).mode & 0o077).not.toBe(0);
  });

  it('a record that cannot be written creates no directory and fails, naming the record', async () => {
    const root = tmp();
    await writeFile(join(root, '.deploy'), 'a file\n');
    const dest = join(root, 'releases', NEW);
    await expect(shFirstThen(local, inProgressWrite(root, rec), `mkdir -p ${shellQuote(dest)}`)).rejects.toThrow(
      `could not write the in-progress record ${root}/.deploy/in-progress.json`,
    );
    await expect(stat(dest)).rejects.toThrow();
  });

  it('a failing `then` after a written record is a command error', async () => {
    const root = tmp();
    await expect(shFirstThen(local, inProgressWrite(root, rec), 'exit 1')).rejects.toThrow(CommandError);
    expect(JSON.parse(await readFile(join(root, '.deploy', 'in-progress.json'), 'utf8'))).toEqual(rec);
  });
});
