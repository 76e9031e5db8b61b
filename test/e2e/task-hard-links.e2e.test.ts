/**
 * Layout releases: a new release's unchanged files are hard links to the live release's. A task
 * that rewrites such a committed file in place (`> file`, a build writing over a committed output)
 * must change the new release only: not the live site before the switch, not what a failed
 * deploy's undo or a later rollback serves. On a real sshd + rsync: passenger (releases and in
 * place, no web server, restart by touch).
 */
import { readFileSync, statSync } from 'node:fs';
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

const mode = (file: string): string => (statSync(file).mode & 0o777).toString(8);

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
      repo.commit('v3: the task rewrites the stamp and succeeds');
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
  it(
    'public_html: a rebuilt asset whose mode alone changes leaves the earlier frontend copies as they were; rollbacks restore each mode',
    async () => {
      const root = join(tmp, 'frontend');
      const www = join(root, 'public_html');
      const fe = `    frontend: {build: "sh build.sh", dist: dist, public_html: ${www}}\n`;
      const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', fe);
      const build = (m: string, v: string) =>
        `mkdir -p dist && echo same > dist/app.js && chmod ${m} dist/app.js && echo ${v} > dist/index.html\n`;
      const cli = (...args: string[]) => runCli([...args, '--repo', repoDir], env);
      const copy = (sha: string) => join(path, '.deploy', 'frontend', sha, 'app.js');
      await writeFile(join(repoDir, 'build.sh'), build('644', 'v1'));
      const v1 = repo.commit('v1: app.js 644');
      const r1 = await cli('deploy');
      expect(r1.code, r1.stderr).toBe(0);
      await writeFile(join(repoDir, 'build.sh'), build('755', 'v2'));
      const v2 = repo.commit('v2: app.js 755, same content');
      const r2 = await cli('deploy');
      expect(r2.code, r2.stderr).toBe(0);
      expect(mode(join(www, 'app.js'))).toBe('755');
      expect(mode(copy(v1))).toBe('644');
      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect(readFileSync(join(www, 'index.html'), 'utf8')).toBe('v1\n');
      expect(mode(join(www, 'app.js'))).toBe('644');
      expect(mode(copy(v2))).toBe('755');
      const forward = await cli('rollback', '--rollback-to', v2);
      expect(forward.code, forward.stderr).toBe(0);
      expect(mode(join(www, 'app.js'))).toBe('755');
      expect(mode(copy(v1))).toBe('644');
    },
    LONG,
  );
});
