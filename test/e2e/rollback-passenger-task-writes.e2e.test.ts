/**
 * inplace-task-writes' public_html rollback case on a real Apache + Passenger (releases layout): a
 * user task (collectstatic with `cp`) writes public_html/static/app.css; a rollback must serve the
 * target release's file through Apache, and the undo of a failed rollback the undone release's.
 * The tests reuse each other's deploys, so they run in order.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApacheServer } from './harness/apache.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import {
  PASSENGER_FIXTURE,
  passengerHost,
  passengerTargetYaml,
  prepareReleasesHost,
  realPassengerReady,
  servePassengerHost,
  statusAndBody as get,
  type PassengerHost,
} from './harness/passenger-hosts.js';
import { startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = realPassengerReady();
const LONG = 600_000;

/** collectstatic by hand, run in backend/: cp writes over the existing file (same inode) */
const collect = (www: string) => `mkdir -p ${www}/static\ncp -r assets/. ${www}/static/\n`;

describe.runIf(ready)('passenger rollback over a task that wrote into public_html, served by Apache', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let host: PassengerHost;
  let apache: ApacheServer;
  let env: Record<string, string> = {};
  const sha: Record<string, string> = {};
  const cli = (cmd: string) => runCli([cmd, '--repo', repo.dir, '--target', 'shared', '--json'], env);
  const css = () => get(`${apache.staticSiteUrl}/static/app.css`);
  const page = () => get(`${apache.url}/`);
  const index = () => readFileSync(join(host.publicHtml, 'index.html'), 'utf8');

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-rollback-passenger-task-writes');
    host = await passengerHost(tmp, 'host');
    await prepareReleasesHost(host);
    // Apache first: the port it bound goes into the config
    apache = await servePassengerHost(tmp, host, join(host.path, 'current', 'backend'));
    const config = `version: 1
tasks:
  migrate: {command: "python migrate.py storage/app.sqlite3", paths: ["backend/migrations/**"]}
  collectstatic: {command: "sh collect.sh", paths: ["backend/assets/**"]}
targets:
${passengerTargetYaml('shared', sshd.port, host)}`;
    repo = await createAppRepo(PASSENGER_FIXTURE, join(tmp, 'repo'), {
      '.github/deploy.yml': config,
      'backend/collect.sh': collect(host.publicHtml),
      'backend/assets/app.css': 'css v1\n',
    });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await apache?.stop();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it(
    'deploys v1, then v2 whose task alone rewrites public_html/static (frontend files unchanged)',
    async () => {
      sha.v1 = repo.head();
      const a = await cli('deploy');
      expect(a.code, a.stderr).toBe(0);
      expect([await css(), await page()]).toEqual(['200 css v1', '200 version=1.0.0 value=initial']);
      sha.v2 = await repo.commit('v2: new assets', { 'backend/assets/app.css': 'css v2\n', 'backend/VERSION': '2.0.0\n' });
      const b = await cli('deploy');
      expect(b.code, b.stderr).toBe(0);
      expect([await css(), await page()]).toEqual(['200 css v2', '200 version=2.0.0 value=initial']);
    },
    LONG,
  );

  it(
    "a rollback whose Verify fails: the undo serves v2's app and v2's static file again",
    async () => {
      // v1's app answers 500 once it serves: the rollback's Verify fails, its undo goes back to v2
      const fail = join(host.path, 'releases', sha.v1!, 'backend', 'FAIL');
      await writeFile(fail, '');
      const r = await cli('rollback').finally(() => rm(fail));
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('public_html restored');
      expect([await css(), await page()]).toEqual(['200 css v2', '200 version=2.0.0 value=initial']);
      expect(index()).toContain('frontend-build-ok');
    },
    LONG,
  );

  it(
    "rollback to v1: Apache serves v1's app and v1's static file",
    async () => {
      const r = await cli('rollback');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ result: 'success', release: sha.v1, previousRelease: sha.v2 });
      expect(r.stderr).toMatch(/frontend: runs \(frontend files are the same in both releases, but public_html differs/);
      expect([await css(), await page()]).toEqual(['200 css v1', '200 version=1.0.0 value=initial']);
      expect(index()).toContain('frontend-build-ok');
    },
    LONG,
  );
});
