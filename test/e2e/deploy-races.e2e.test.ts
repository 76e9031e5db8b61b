/**
 * #13 "Also / Concurrency" on real components: three deploys started at once (exactly one
 * proceeds, the others fail fast naming it), and a deploy racing the scheduled backup. Expected
 * behaviour (deploy/workflows/backup.yml): `backup` takes the deploy lock itself; with `--lock-wait`
 * (the workflow passes 900 s) it waits for a running deploy and then backs up the release that
 * deploy made live; without it, it fails fast naming the deploy, which goes on unharmed. The other
 * way round, a deploy with `--lock-wait` (deploy.yml passes 600 s) waits for a running backup.
 * Neither corrupts the other: both backups restore (drill), the deploy converges, no lock is left.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, type CliProcess } from './harness/cli.js';
import { createComposeSite, type ComposeSite } from './harness/compose-site.js';
import { buildBusyboxBaseImage, dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + docker engine + docker-compose v1', sshdAvailable() && (await dockerAvailable()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(ready)('concurrent runs on one target: deploys at once, deploy × scheduled backup', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let site: ComposeSite;
  const project = uniqueProject('gdrace');
  const started: CliProcess[] = [];
  const backupArgs = (...extra: string[]) => ['backup', '--repo', site.repo.dir, '--target', 'vps', '--json', ...extra];
  const lockHolder = () => (JSON.parse(readFileSync(site.at('.deploy', 'lock', 'info.json'), 'utf8')) as { runId: string }).runId;
  const rows = () =>
    execFileSync('sqlite3', [site.at('shared', 'db.sqlite3'), 'select group_concat(x) from t'], { encoding: 'utf8' }).trim();
  const spawn = (args: string[]) => {
    const p = spawnCli(args, site.env);
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-races');
    site = await createComposeSite({
      dir: tmp,
      project,
      host: 'root@127.0.0.1',
      port: sshd.port,
      path: join(tmp, 'host', 'app'),
      knownHosts: sshd.knownHosts,
      clientKey: sshd.clientKey,
      lockTtl: '30s',
    });
  }, 900_000);

  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('three deploys started at once: exactly one proceeds, the other two fail fast naming it', async () => {
    const sha = await site.repo.commit('three at once', { 'app/templates/index.html': '<h1>three</h1>\n' });
    const runs = [0, 1, 2].map(() => spawn(site.args()));
    const results = await Promise.all(runs.map((r) => r.done));
    const winners = results.filter((r) => r.code === 0);
    expect(winners, results.map((r) => r.stderr).join('\n----\n')).toHaveLength(1);
    const winner = runs[results.indexOf(winners[0]!)]!;
    for (const loser of results.filter((r) => r.code !== 0)) {
      expect(loser.code).toBe(1);
      expect(loser.stderr).toMatch(
        new RegExp(`another deploy holds the lock: run local-${winner.child.pid}\\.[0-9a-f]{8} by .*deploy ${sha.slice(0, 12)}`),
      );
      // fast: refused at the lock, while the winner was still deploying
      expect(loser.ms).toBeLessThan(winners[0]!.ms);
      expect(loser.json?.phases.map((p: { name: string }) => p.name)).toEqual(['Connect', 'Lock']);
    }
    expect(site.state().current).toBe(sha);
    expect(site.link()).toBe(sha);
    expect(existsSync(site.at('.deploy', 'lock'))).toBe(false);
  }, 600_000);

  it('a scheduled backup during a deploy: without lock-wait it fails fast naming the deploy; with it, it waits and backs up the new release', async () => {
    const before = rows();
    const sha = await site.repo.commit('during a backup', { 'app/templates/index.html': '<h1>raced</h1>\n' });
    const deploy = pausedRun(site.args(), site.env, 'upload', tmp);
    started.push(deploy);
    await deploy.reached; // holds the lock, its pre-deploy backup taken
    const holder = lockHolder();

    const fast = await runCli(backupArgs(), site.env);
    expect(fast.code).toBe(1);
    expect(fast.stderr).toMatch(new RegExp(`another deploy holds the lock: run ${holder} by .*deploy ${sha.slice(0, 12)}`));
    expect(deploy.child.exitCode).toBeNull();

    const waiting = spawn(backupArgs('--lock-wait', '300', '--drill'));
    while (!waiting.stderr().includes('▶ Lock') && waiting.child.exitCode === null) await sleep(200);
    await sleep(3_000);
    expect(waiting.child.exitCode, waiting.stderr()).toBeNull(); // waits for the deploy
    expect(lockHolder()).toBe(holder);

    await deploy.resume();
    const d = await deploy.done;
    const b = await waiting.done;
    expect(d.code, d.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).not.toMatch(/stale|broke the deploy lock/);
    // the backup ran after the deploy: it names the release the deploy made live, and it restores
    expect(b.json.backup.file).toContain(sha.slice(0, 12));
    expect(b.json.drill.value).toBeDefined();
    expect(site.state().current).toBe(sha);
    expect(site.link()).toBe(sha);
    expect(rows()).toBe(before);
    expect(existsSync(site.at('.deploy', 'lock'))).toBe(false);
  }, 600_000);

  it('a deploy pushed during a scheduled backup waits for it (lock-wait), then deploys', async () => {
    const sha = await site.repo.commit('after a backup', { 'app/templates/index.html': '<h1>after backup</h1>\n' });
    const backup = pausedRun(backupArgs('--drill'), site.env, 'backup', tmp);
    started.push(backup);
    await backup.reached;
    const holder = lockHolder();
    const deploy = spawn(site.args('--lock-wait', '300'));
    while (!deploy.stderr().includes('▶ Lock') && deploy.child.exitCode === null) await sleep(200);
    await sleep(3_000);
    expect(deploy.child.exitCode, deploy.stderr()).toBeNull();
    expect(lockHolder()).toBe(holder);

    await backup.resume();
    const b = await backup.done;
    const d = await deploy.done;
    expect(b.code, b.stderr).toBe(0);
    expect(b.json.drill.value).toBeDefined();
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).not.toMatch(/stale|broke the deploy lock/);
    expect(existsSync(b.json.backup.file)).toBe(true); // the deploy's retention kept the scheduled backup
    expect(site.state().current).toBe(sha);
    expect(existsSync(site.at('.deploy', 'lock'))).toBe(false);
  }, 600_000);
});
