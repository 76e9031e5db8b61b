/**
 * Passenger in place with a frontend: a user task (a collectstatic that copies the committed
 * assets with `cp`, which writes over an existing file in place) fills a directory of the live tree
 * that git does not hold (static_root/) and public_html/static/ (STATIC_ROOT in the web root, as
 * shared hosts serve it; not protected: the deploy puts it there). The frontend sync (--delete)
 * removed the task's output when it ran after the task, and the task wrote through the hard links
 * public_html shares with the frontend copies kept for rollbacks and the undo's snapshot: the undo
 * of a failed deploy and a rollback must serve what that release's task produced, and each
 * release's copy what its own task produced. On a real sshd + rsync (no web server, restart by touch).
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());
const LONG = 300_000;

/** collectstatic by hand: cp writes over existing files (same inode), then fails when fail.txt exists */
const collect = (www: string) =>
  `mkdir -p static_root ${www}/static\ncp -r assets/. static_root/\ncp -r assets/. ${www}/static/\ntest ! -e fail.txt\n`;

describe.runIf(ready)('passenger in place: a task writing into the tree and public_html changes the new release only', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};
  /** health.url of the rollback tests: answers `status` (a 500 fails the Verify of a rollback) */
  let health: Server | undefined;
  let status = 200;

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-inplace-task-writes');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const server = createServer((_req, res) => void res.writeHead(status).end(`status ${status}`));
    health = await new Promise<Server>((r) => server.listen(0, '127.0.0.1', () => r(server)));
  });

  afterAll(async () => {
    health?.close();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /** A passenger site in `layout` with a frontend (paths: build.sh) and the collectstatic task. */
  async function site(name: string, layout: 'releases' | 'in-place', more = '') {
    const root = join(tmp, name);
    const www = join(root, 'public_html');
    // static/ is not protected: the deploy puts it there, a rollback puts the target's back
    const extra = `    frontend: {build: "sh build.sh", dist: dist, public_html: ${www}, paths: [build.sh]}\n${more}`;
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, layout, extra, 5);
    const config = join(repoDir, '.github', 'deploy.yml');
    const tasks = 'tasks:\n  collectstatic: {command: "sh collect.sh", paths: [assets/**, fail.txt]}\n';
    await writeFile(config, `${tasks}${readFileSync(config, 'utf8')}`);
    await writeFile(join(repoDir, 'collect.sh'), collect(www));
    await mkdir(join(repoDir, 'assets'));
    return {
      www,
      path,
      repoDir,
      repo,
      /** the assets of version `v`; `frontend`: its build too (else the frontend step does not run) */
      version: async (v: string, frontend = true) => {
        await writeFile(join(repoDir, 'assets', 'app.css'), `css ${v}\n`);
        if (frontend) await writeFile(join(repoDir, 'build.sh'), `mkdir -p dist && echo ${v} > dist/index.html\n`);
      },
      cli: (...args: string[]) => runCli([...args, '--repo', repoDir, '--json'], env),
      served: () => readFileSync(join(www, 'static', 'app.css'), 'utf8'),
      copyOf: (sha: string) => readFileSync(join(path, '.deploy', 'frontend', sha, 'static', 'app.css'), 'utf8'),
    };
  }

  it(
    'the undo of a failed deploy and a rollback serve the static files of their release; the copies keep theirs',
    async () => {
      const { www, path, repoDir, repo, version, cli, served, copyOf } = await site('site', 'in-place');
      const collected = () => readFileSync(join(path, 'static_root', 'app.css'), 'utf8');
      const snapshotOf = (sha: string) => readFileSync(join(path, '.deploy', 'snapshots', sha, 'static_root', 'app.css'), 'utf8');

      await version('v1');
      const v1 = repo.commit('v1');
      const r1 = await cli('deploy');
      expect(r1.code, r1.stderr).toBe(0);
      expect([served(), collected(), copyOf(v1)]).toEqual(['css v1\n', 'css v1\n', 'css v1\n']);

      // v2 (no frontend change) runs the task, which rewrites both, then fails: the undo puts v1's
      // code back, and its static files; v1's frontend copy is left as it was
      await version('v2', false);
      await writeFile(join(repoDir, 'fail.txt'), 'the task fails after its writes\n');
      repo.commit('v2: collectstatic writes, then fails');
      const r2 = await cli('deploy');
      expect(r2.code, r2.stderr).toBe(1);
      expect([readFileSync(join(www, 'index.html'), 'utf8'), served(), collected(), copyOf(v1)]).toEqual([
        'v1\n',
        'css v1\n',
        'css v1\n',
        'css v1\n',
      ]);

      // v3 goes through, with a frontend sync (--delete) that must not remove what its task wrote:
      // its copy holds its own static files, v1's copy and snapshot still v1's
      await version('v3');
      await rm(join(repoDir, 'fail.txt'));
      const v3 = repo.commit('v3');
      const r3 = await cli('deploy');
      expect(r3.code, r3.stderr).toBe(0);
      // served, collected, v3's copy; v1's copy and snapshot
      const after3 = [served(), collected(), copyOf(v3), copyOf(v1), snapshotOf(v1)];
      expect(after3).toEqual(['css v3\n', 'css v3\n', 'css v3\n', 'css v1\n', 'css v1\n']);

      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect([readFileSync(join(www, 'index.html'), 'utf8'), served(), collected(), copyOf(v3)]).toEqual([
        'v1\n',
        'css v1\n',
        'css v1\n',
        'css v3\n',
      ]);
    },
    LONG,
  );

  it(
    'releases: a failing task that wrote into public_html (no frontend step this run) is undone from the snapshot, without a restart',
    async () => {
      const { www, repoDir, repo, version, cli, served, copyOf } = await site('releases', 'releases');
      await version('v1');
      const v1 = repo.commit('v1');
      const r1 = await cli('deploy');
      expect(r1.code, r1.stderr).toBe(0);
      expect([served(), copyOf(v1)]).toEqual(['css v1\n', 'css v1\n']);

      // v2: only the task runs (no code the app serves changed, no frontend step), writes, then fails
      await version('v2', false);
      await writeFile(join(repoDir, 'fail.txt'), 'the task fails after its writes\n');
      repo.commit('v2: collectstatic writes, then fails');
      const r2 = await cli('deploy');
      expect(r2.code, r2.stderr).toBe(1);
      expect(r2.json.notes.join('\n')).toContain(
        `aborted before the switch: ${v1.slice(0, 12)} keeps serving; public_html restored (the tasks had changed it)`,
      );
      expect(r2.stderr).not.toContain('app restarted');
      expect([readFileSync(join(www, 'index.html'), 'utf8'), served(), copyOf(v1)]).toEqual(['v1\n', 'css v1\n', 'css v1\n']);
    },
    LONG,
  );

  it.each(['releases', 'in-place'] as const)(
    "%s: a rollback over a task that wrote into public_html (frontend files unchanged) serves the target release's static files; its undo the undone release's",
    async (layout) => {
      const port = (health!.address() as AddressInfo).port;
      const more = `    health: {url: "http://127.0.0.1:${port}/", timeout: 2s}\n`;
      const { www, repoDir, repo, version, cli, served, copyOf } = await site(`rollback-${layout}`, layout, more);
      await version('v1');
      const v1 = repo.commit('v1');
      const r1 = await cli('deploy');
      expect(r1.code, r1.stderr).toBe(0);

      // v2: only the task's input changed (no frontend step): its task rewrites public_html/static
      await version('v2', false);
      await writeFile(join(repoDir, 'backend.txt'), 'v2 code\n');
      const v2 = repo.commit('v2: new assets, collected into public_html');
      const r2 = await cli('deploy');
      expect(r2.code, r2.stderr).toBe(0);
      expect([served(), copyOf(v2), copyOf(v1)]).toEqual(['css v2\n', 'css v2\n', 'css v1\n']);

      // a rollback whose Verify fails: its undo serves v2's static files again
      status = 500;
      const failed = await cli('rollback').finally(() => (status = 200));
      expect(failed.code, failed.stderr).toBe(1);
      expect(failed.stderr).toContain('public_html restored');
      expect([readFileSync(join(www, 'index.html'), 'utf8'), served(), copyOf(v2)]).toEqual(['v1\n', 'css v2\n', 'css v2\n']);

      const back = await cli('rollback');
      expect(back.code, back.stderr).toBe(0);
      expect(back.stderr).toMatch(/frontend: runs \(frontend files are the same in both releases, but public_html differs/);
      expect([readFileSync(join(www, 'index.html'), 'utf8'), served(), copyOf(v1), copyOf(v2)]).toEqual([
        'v1\n',
        'css v1\n',
        'css v1\n',
        'css v2\n',
      ]);
    },
    LONG,
  );
});
