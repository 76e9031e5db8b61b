/**
 * Issues #13 (item 3) and #14 on real components, compose target: a real sshd, docker-compose v1 on
 * a real engine, a real SQLite database backed up on the host with `keep: {daily: 30}`. Deploys A, B,
 * C, a rollback to B, deploy D (all on one day), then a scheduled `backup`: exactly the newest
 * `keep_releases` (2) releases that went live (the rolled-back C included) plus the live one and its
 * predecessor keep their directory and `release-<sha12>` image tags, the pre-deploy backups a
 * rollback to them needs survive the daily rule, and the summary says what was pruned and kept.
 * The tests reuse each other's deploys, so they run in order.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCliTimed, type CliRun } from './harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, imageIdOfTag, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine + docker-compose v1 + sqlite3', sshdAvailable() && (await dockerAvailable()));
const LONG = 900_000;

interface Release {
  id: string;
  result: string;
  backup?: { file: string };
  images?: Record<string, { name: string }>;
}

describe.runIf(ready)('compose: keep_releases and backup retention after deploys and a rollback (#13, #14)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  let db = '';
  let env: Record<string, string> = {};
  const project = uniqueProject('gdkeep');
  const sha: Record<string, string> = {};
  const cli = (cmd: string, ...extra: string[]) => runCliTimed([cmd, '--repo', repo.dir, '--target', 'vps', '--json', ...extra], env);
  const ok = (r: CliRun) => expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
  const short = (k: string) => sha[k]!.slice(0, 12);
  const state = (): { current: string; releases: Release[] } => JSON.parse(readFileSync(join(hostPath, '.deploy', 'state.json'), 'utf8'));
  const release = (k: string): Release => state().releases.find((r) => r.id === sha[k])!;
  const releaseDirs = () => readdirSync(join(hostPath, 'releases')).sort();
  const backups = () =>
    readdirSync(join(hostPath, 'backups'))
      .filter((f) => !f.endsWith('.json'))
      .sort();
  const rows = () => execFileSync('sqlite3', [db, 'SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)'], { encoding: 'utf8' }).trim();
  const insert = (v: string) => execFileSync('sqlite3', [db, `INSERT INTO t VALUES ('${v}')`]);
  /** The release tag of `service`'s image for release `k` (repository from the recorded image name). */
  const tagOf = (k: string, service = 'web') => `${release('A').images![service]!.name.replace(/:[^/]*$/, '')}:release-${short(k)}`;

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-keep-compose');
    hostPath = join(tmp, 'host', 'app');
    db = join(hostPath, 'shared', 'db.sqlite3');
    const target = composeTarget('vps', sshd.port, hostPath, [
      'keep_releases: 2',
      'backup: {engine: sqlite, path: shared/db.sqlite3, keep: {daily: 30}}',
      'health: {services: true, timeout: 20s}',
    ]);
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), {
      '.github/deploy.yml': `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${target}`,
    });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    execFileSync('sqlite3', [db, 'CREATE TABLE t (v TEXT PRIMARY KEY);']);
  });

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  // one deploy per test: on a loaded machine a deploy can take minutes
  it(
    'deploys A, then B',
    async () => {
      sha.A = repo.head();
      ok(await cli('deploy'));
      insert('a');
      sha.B = await repo.commit('B', { 'app/templates/index.html': '<h1>B</h1>\n' });
      ok(await cli('deploy'));
      insert('b');
    },
    LONG,
  );

  it(
    'deploys C the same day: C prunes A, its directory and all its image tags, and says so',
    async () => {
      sha.C = await repo.commit('C', { 'app/templates/index.html': '<h1>C</h1>\n' });
      const last = await cli('deploy');
      ok(last);
      insert('c');
      expect(releaseDirs()).toEqual([sha.B, sha.C].sort());
      const services = Object.keys(release('A').images!).sort();
      expect(services).toEqual(['celery_beat', 'celery_worker', 'flower', 'web']);
      const pruned = last.json.notes.find((n: string) => n.startsWith('pruned releases'));
      expect(pruned).toMatch(new RegExp(`^pruned releases \\(keep_releases: 2\\): ${short('A')}; image tags removed: `));
      for (const service of services) {
        expect(pruned).toContain(tagOf('A', service));
        expect(await imageIdOfTag(tagOf('A', service)), service).toBeNull();
      }
    },
    LONG,
  );

  it(
    'rolls back to B',
    async () => {
      ok(await cli('rollback'));
      expect(release('C').result).toBe('rolled-back');
      expect(releaseDirs()).toEqual([sha.B, sha.C].sort());
    },
    LONG,
  );

  it(
    'deploys D: the rolled-back C stays with its images',
    async () => {
      sha.D = await repo.commit('D', { 'app/templates/index.html': '<h1>D</h1>\n' });
      const d = await cli('deploy');
      ok(d);
      expect(state().current).toBe(sha.D);
      // newest 2 that went live: D and the rolled-back C; plus D's predecessor B
      expect(releaseDirs()).toEqual([sha.B, sha.C, sha.D].sort());
      for (const service of Object.keys(release('A').images!)) {
        for (const k of ['B', 'C', 'D']) expect(await imageIdOfTag(tagOf(k, service)), `${k} ${service}`).not.toBeNull();
      }
      expect(d.json.notes.filter((n: string) => n.startsWith('pruned releases'))).toEqual([]);
      // the daily rule keeps one backup a day: the pre-deploy backups of the kept releases stay
      const kept = d.json.notes.find((n: string) => n.startsWith('backups kept for rollback and restore'));
      expect(kept).toContain(`${basename(release('C').backup!.file)} (pre-deploy backup of release ${short('C')})`);
      expect(backups()).toEqual(expect.arrayContaining(['B', 'C', 'D'].map((k) => basename(release(k).backup!.file))));
    },
    LONG,
  );

  it(
    'a scheduled backup (keep daily) keeps the pre-deploy backups of the kept releases, says so, and deletes the rest',
    async () => {
      const before = backups();
      const r = await cli('backup');
      ok(r);
      const paired = ['B', 'C', 'D'].map((k) => basename(release(k).backup!.file));
      expect(backups()).toEqual([...paired, basename(r.json.backup.file)].sort());
      expect(before).toContain(basename(release('A').backup!.file));
      const note = r.json.notes.find((n: string) => n.startsWith('backups kept for rollback and restore'));
      for (const name of paired) expect(note).toContain(name);
      expect(note).toContain(`restore-db to release ${short('B')}`);
    },
    LONG,
  );

  it(
    'rollback to the rolled-back C uses its kept directory and images: no upload, no rebuild',
    async () => {
      const r = await cli('rollback', '--rollback-to', sha.C!);
      ok(r);
      expect(r.json.phases.map((p: { name: string }) => p.name)).toEqual([
        'Connect',
        'Lock',
        'Plan',
        'Images',
        'Apply',
        'Verify',
        'Record',
      ]);
      expect(state().current).toBe(sha.C);
    },
    LONG,
  );

  it(
    "rollback --restore-db from C to B restores C's pre-deploy backup: B's rows are back",
    async () => {
      expect(rows()).toBe('a,b,c');
      const r = await cli('rollback', '--restore-db');
      ok(r);
      expect(r.json).toMatchObject({ release: sha.B, previousRelease: sha.C });
      expect(r.stdout).toContain(`database restored from ${basename(release('C').backup!.file)}`);
      expect(rows()).toBe('a,b');
      // the safety backup's retention kept what rollbacks need, the restored backup included
      expect(backups()).toEqual(expect.arrayContaining(['B', 'C', 'D'].map((k) => basename(release(k).backup!.file))));
      expect(releaseDirs()).toEqual([sha.B, sha.C, sha.D].sort());
    },
    LONG,
  );
});
