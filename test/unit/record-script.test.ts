import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_FAILED, DONE_FAILED, parseRecordOutput, recordInput, recordScript, STATE_FAILED } from '../../src/record/record-script.js';
import { pruneListingScript } from '../../src/sync/prune-releases.js';
import { layoutOf } from '../../src/sync/layout.js';
import { shellQuote } from '../../src/transport/quote.js';
import { local, useHostileTempDir } from './helpers/local-host.js';

const tmp = useHostileTempDir('gitops-record-script');

function paths(root: string) {
  return { statePath: `${root}/.deploy/state.json`, stateTmp: `${root}/.deploy/state.json.tmp-1`, auditPath: `${root}/.deploy/audit.log` };
}

/** The script run by dash, as the remote `sh` would. */
const dash = (script: string, stdin: string) => local.run(['dash', '-c', script], { stdin, allowFailure: true });

const AUDIT = JSON.stringify({ result: 'success', note: `it's "quoted" $(touch pwned) \\ \`id\`` });
const STATE = `{\n  "releases": ["a\\\\b"],\n  "x": "$(touch pwned)"\n}\n`;

describe('recordScript (one round trip: state, keep, audit line, prune listing)', () => {
  it('is the literal sequence: read the audit line, state atomically, keep, audit, listing', () => {
    const script = recordScript({ statePath: '/d/s', stateTmp: '/d/t', auditPath: '/d/a', keep: 'docker tag x y', listing: 'ls /d/r' });
    expect(script.split('\n')).toEqual([
      'IFS= read -r audit || exit 12',
      `{ umask 077; mkdir -p "$(dirname /d/s)" && { cat > /d/t && mv -f /d/t /d/s || { rm -f /d/t; exit 11; }; }; } || exit 11`,
      '( docker tag x y ) >/dev/null || echo @keep-failed',
      `{ umask 077; mkdir -p "$(dirname /d/a)" && printf '%s\\n' "$audit" >> /d/a; } || exit 12`,
      'ls /d/r',
    ]);
    expect(recordScript({ statePath: '/d/s', stateTmp: '/d/t', auditPath: '/d/a' }).split('\n').slice(-1)).toEqual(['exit 0']);
    // what the run removes once recorded (the in-progress marker) comes after the audit line, before the listing
    const done = recordScript({
      statePath: '/d/s',
      stateTmp: '/d/t',
      auditPath: '/d/a',
      done: "rm -f '/d/in progress'",
      listing: 'ls /d/r',
    });
    expect(done.split('\n').slice(-3)).toEqual([
      `{ umask 077; mkdir -p "$(dirname /d/a)" && printf '%s\\n' "$audit" >> /d/a; } || exit 12`,
      "{ rm -f '/d/in progress'; } || exit 13",
      'ls /d/r',
    ]);
  });

  it('a prune decided before, then the lock release, go last (the release exits 0 whatever it does)', () => {
    const script = recordScript({
      statePath: '/d/s',
      stateTmp: '/d/t',
      auditPath: '/d/a',
      prune: 'rm -rf /d/r/old\nexit 0',
      unlock: 'rm -rf /d/lock',
    });
    expect(script.split('\n').slice(-5)).toEqual([
      `{ umask 077; mkdir -p "$(dirname /d/a)" && printf '%s\\n' "$audit" >> /d/a; } || exit 12`,
      '( rm -rf /d/r/old',
      'exit 0 )',
      '{ rm -rf /d/lock; } >/dev/null 2>&1 && echo @unlocked',
      'exit 0',
    ]);
  });

  it('run by dash: the prune prints what went, the lock is released after the state is written; a failed release is not said', async () => {
    const root = tmp();
    const lock = join(root, '.deploy', 'lock');
    await mkdir(lock, { recursive: true });
    const unlock = `[ -f ${shellQuote(join(root, 'state-seen'))} ] && rm -rf ${shellQuote(lock)}`;
    const stateSeen = `cp ${shellQuote(join(root, '.deploy', 'state.json'))} ${shellQuote(join(root, 'state-seen'))}`;
    const ok = await dash(
      recordScript({ ...paths(root), done: stateSeen, prune: "echo 'app-web:release-aaaaaaaaaaaa'\nexit 0", unlock }),
      recordInput(AUDIT, STATE),
    );
    expect(ok.code).toBe(0);
    expect(parseRecordOutput(ok.stdout)).toEqual({ keepFailed: false, listing: 'app-web:release-aaaaaaaaaaaa\n', unlocked: true });
    expect(await readdir(join(root, '.deploy'))).not.toContain('lock');
    const kept = await dash(recordScript({ ...paths(root), unlock: 'false' }), recordInput(AUDIT, STATE));
    expect(kept.code).toBe(0);
    expect(parseRecordOutput(kept.stdout).unlocked).toBe(false);
    // a record that fails never reaches the release
    const failed = await dash(recordScript({ ...paths(root), done: 'false', unlock: 'echo released' }), recordInput(AUDIT, STATE));
    expect(failed.code).toBe(DONE_FAILED);
    expect(failed.stdout).toBe('');
  });

  it('run by dash: `done` runs after the audit line; its failure exits 13 with the record written, before the listing', async () => {
    const root = tmp();
    const marker = join(root, 'marker');
    await writeFile(marker, '{}\n');
    const ok = await dash(
      recordScript({ ...paths(root), done: `rm -f ${shellQuote(marker)}`, listing: 'echo listed' }),
      recordInput(AUDIT, STATE),
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('listed\n');
    await expect(readFile(marker)).rejects.toThrow();
    const failed = await dash(recordScript({ ...paths(root), done: 'false', listing: 'echo listed' }), recordInput(AUDIT, STATE));
    expect(failed.code).toBe(DONE_FAILED);
    expect(failed.stdout).toBe('');
    expect(await readFile(join(root, '.deploy', 'audit.log'), 'utf8')).toBe(`${AUDIT}\n${AUDIT}\n`);
  });

  it('run by dash: writes the state verbatim (0600, no temp left), appends the audit line, prints the listing', async () => {
    const root = tmp();
    const layout = layoutOf(root);
    await mkdir(join(layout.releases, 'abc1234'), { recursive: true });
    await mkdir(join(root, '.deploy'), { recursive: true });
    await writeFile(join(root, '.deploy', 'audit.log'), 'earlier\n');
    const script = recordScript({ ...paths(root), keep: 'true', listing: pruneListingScript(layout) });
    const r = await dash(script, recordInput(AUDIT, STATE));
    expect(r.code).toBe(0);
    expect(await readFile(join(root, '.deploy', 'state.json'), 'utf8')).toBe(STATE);
    expect(await readFile(join(root, '.deploy', 'audit.log'), 'utf8')).toBe(`earlier\n${AUDIT}\n`);
    expect((await readdir(join(root, '.deploy'))).sort()).toEqual(['audit.log', 'state.json']);
    expect(parseRecordOutput(r.stdout)).toEqual({ keepFailed: false, listing: 'abc1234\n@live \n', unlocked: false });
    await expect(readFile(join(root, 'pwned'))).rejects.toThrow();
  });

  it('a failing keep is reported (@keep-failed, its stderr) and the audit line is still written', async () => {
    const root = tmp();
    const r = await dash(recordScript({ ...paths(root), keep: 'echo tagged; echo no such image >&2; false' }), recordInput(AUDIT, STATE));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('no such image\n');
    expect(parseRecordOutput(r.stdout)).toEqual({ keepFailed: true, listing: '', unlocked: false });
    expect(await readFile(join(root, '.deploy', 'audit.log'), 'utf8')).toBe(`${AUDIT}\n`);
  });

  it('an audit log that cannot be appended: exit 12 after the state was written', async () => {
    const root = tmp();
    await mkdir(join(root, '.deploy', 'audit.log'), { recursive: true }); // a directory: `>>` fails, even for root
    const r = await dash(recordScript(paths(root)), recordInput(AUDIT, STATE));
    expect(r.code).toBe(AUDIT_FAILED);
    expect(await readFile(join(root, '.deploy', 'state.json'), 'utf8')).toBe(STATE);
  });

  it('a state that cannot be written (.deploy is a file, even root fails): exit 11, nothing after it runs', async () => {
    const root = tmp();
    await writeFile(join(root, '.deploy'), 'not a directory\n');
    const kept = join(root, 'kept');
    const r = await dash(
      recordScript({ ...paths(root), keep: `touch ${JSON.stringify(kept)}`, listing: 'echo listed' }),
      recordInput(AUDIT, STATE),
    );
    expect(r.code).toBe(STATE_FAILED);
    expect(r.stdout).toBe('');
    expect(await readFile(join(root, '.deploy'), 'utf8')).toBe('not a directory\n');
    await expect(readFile(kept)).rejects.toThrow();
  });

  it('a failed write of the state file itself removes its temp file and exits 11', async () => {
    const root = tmp();
    const script = recordScript(paths(root)).replace('cat > ', 'cat() { command head -c 3; return 1; }; cat > ');
    const r = await dash(script, recordInput(AUDIT, STATE));
    expect(r.code).toBe(STATE_FAILED);
    expect(await readdir(join(root, '.deploy'))).toEqual([]);
  });
});
