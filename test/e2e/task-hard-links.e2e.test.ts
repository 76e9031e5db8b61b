/**
 * Layout releases: a new release's unchanged files are hard links to the live release's. A task
 * that rewrites such a committed file in place (`> file`, a build writing over a committed output)
 * must change the new release only: not the live site before the switch, not what a failed
 * deploy's undo or a later rollback serves. On a real sshd + rsync: passenger (releases and in
 * place, no web server, restart by touch).
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());
const LONG = 300_000;

/** rewrites the committed static/stamp.txt in place when trigger.txt says so, then fails when fail.txt exists */
const TASK = 'if [ -s trigger.txt ]; then echo "rewritten by $(cat trigger.txt)" > static/stamp.txt; fi\ntest ! -e fail.txt\n';
const TASKS = 'tasks:\n  stamp: {command: "sh stamp.sh", paths: [trigger.txt, fail.txt]}\n';

describe.runIf(ready)('a task rewriting a hard-linked committed file changes the new release only (passenger)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-task-links');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /** a passenger app with the stamp task, static/stamp.txt committed as "original" (v1 deployed) */
  async function app(name: string, layout: 'releases' | 'in-place') {
    const site = await passengerApp(join(tmp, name), sshd.port, layout, '', 20);
    const config = readFileSync(join(site.repoDir, '.github', 'deploy.yml'), 'utf8');
    await writeFile(join(site.repoDir, '.github', 'deploy.yml'), `${TASKS}${config}`);
    await writeFile(join(site.repoDir, 'stamp.sh'), TASK);
    await writeFile(join(site.repoDir, 'trigger.txt'), '');
    await mkdir(join(site.repoDir, 'static'));
    await writeFile(join(site.repoDir, 'static', 'stamp.txt'), 'original\n');
    const v1 = site.repo.commit('v1');
    const cli = (...args: string[]) => runCli([...args, '--repo', site.repoDir], env);
    const r1 = await cli('deploy');
    expect(r1.code, r1.stderr).toBe(0);
    return { ...site, v1, cli };
  }

  it(
    'releases: a failed deploy leaves the live file as it was, a good one too, and a rollback serves the original',
    async () => {
      const { repoDir, path, repo, v1, cli } = await app('releases', 'releases');
      const stamp = (release: string) => readFileSync(join(path, release, 'static', 'stamp.txt'), 'utf8');
      await writeFile(join(repoDir, 'trigger.txt'), 'v2\n');
      await writeFile(join(repoDir, 'fail.txt'), 'the task fails after its rewrite\n');
      repo.commit('v2: the task rewrites the stamp, then fails');
      const r2 = await cli('deploy');
      expect(r2.code).not.toBe(0);
      expect(stamp('current')).toBe('original\n');
      expect(stamp(`releases/${v1}`)).toBe('original\n');
      await writeFile(join(repoDir, 'trigger.txt'), 'v3\n');
      await rm(join(repoDir, 'fail.txt'));
      const v3 = repo.commit('v3: the task rewrites the stamp and succeeds');
      const r3 = await cli('deploy');
      expect(r3.code, r3.stderr).toBe(0);
      expect(stamp('current')).toBe('rewritten by v3\n');
      expect(stamp(`releases/${v1}`)).toBe('original\n');
      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect(back.stderr + back.stdout).toContain(`to ${v1.slice(0, 12)}`);
      expect(stamp('current')).toBe('original\n');
    },
    LONG,
  );

  it(
    'in place: the snapshot of the live release keeps the original, so the undo of a failed deploy and a rollback bring it back',
    async () => {
      const { repoDir, path, repo, v1, cli } = await app('inplace', 'in-place');
      const live = () => readFileSync(join(path, 'static', 'stamp.txt'), 'utf8');
      const snapshot = () => readFileSync(join(path, '.deploy', 'snapshots', v1, 'static', 'stamp.txt'), 'utf8');
      await writeFile(join(repoDir, 'trigger.txt'), 'v2\n');
      await writeFile(join(repoDir, 'fail.txt'), 'the task fails after its rewrite\n');
      repo.commit('v2: the task rewrites the stamp, then fails');
      const r2 = await cli('deploy');
      expect(r2.code).not.toBe(0);
      expect(snapshot()).toBe('original\n');
      expect(live()).toBe('original\n');
      await writeFile(join(repoDir, 'trigger.txt'), 'v3\n');
      await rm(join(repoDir, 'fail.txt'));
      repo.commit('v3: the task rewrites the stamp and succeeds');
      const r3 = await cli('deploy');
      expect(r3.code, r3.stderr).toBe(0);
      expect(live()).toBe('rewritten by v3\n');
      expect(snapshot()).toBe('original\n');
      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect(live()).toBe('original\n');
    },
    LONG,
  );
});
