/**
 * Issue #5 (passenger part) on real components: `gitops-deploy rollback` of the passenger-app
 * fixture over a real sshd to a real Apache + mod_passenger, with a real virtualenv + pip (offline,
 * local wheels) and a real SQLite database backed up on the host. The tests of a describe reuse
 * each other's deploys, so they run in order.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable } from './harness/apache.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import {
  PASSENGER_FIXTURE,
  passengerHosts,
  passengerTargetYaml,
  pythonVenvAvailable,
  servePassengerHosts,
  type PassengerHost,
} from './harness/passenger-hosts.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const HTACCESS = '# kept by every deploy and rollback\n';
/** In-place: a database of the app at the root of the deployed tree, outside `shared` (git-ignored, backed up). */
const IN_PLACE_DB = 'data.sqlite3';
const ready = gate(
  'sshd + apache2 + mod_passenger + python3-venv + sqlite3',
  sshdAvailable() && apacheAvailable() && pythonVenvAvailable(),
);

function configYaml(sshPort: number, rel: PassengerHost, inp: PassengerHost): string {
  return `version: 1
tasks:
  migrate: {command: "python migrate.py storage/app.sqlite3", paths: ["backend/migrations/**"]}
targets:
${passengerTargetYaml('shared', sshPort, rel, '    backup: {engine: sqlite, path: shared/backend/storage/app.sqlite3, keep: 10}\n')}
${passengerTargetYaml('inplace', sshPort, inp, `    layout: in-place\n    exclude: [uploads/]\n    backup: {engine: sqlite, path: ${IN_PLACE_DB}}\n`)}`;
}

/** .env and storage/ in place, an existing database (the first backup has something to save), public_html with .htaccess. */
async function prepareHost(h: PassengerHost): Promise<void> {
  await mkdir(join(h.appDir, 'storage'), { recursive: true });
  await writeFile(join(h.appDir, '.env'), 'SECRET_KEY=keep-me\n');
  execFileSync('sqlite3', [h.db, 'create table if not exists legacy(x);']);
  await mkdir(h.publicHtml, { recursive: true });
  await writeFile(join(h.publicHtml, '.htaccess'), HTACCESS);
}

async function get(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) }).catch((e: Error) => ({ status: 0, text: async () => e.message }));
  return `${res.status} ${(await res.text()).trim()}`;
}

const sql = (db: string, query: string): string => execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
const state = (path: string) => JSON.parse(readFileSync(join(path, '.deploy', 'state.json'), 'utf8'));
const auditLines = (path: string) =>
  readFileSync(join(path, '.deploy', 'audit.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const phases = (r: CliRun): string[] => r.json.phases.map((p: { name: string }) => p.name);
const indexOf = (h: PassengerHost): string => readFileSync(join(h.publicHtml, 'index.html'), 'utf8');

describe.runIf(ready)('passenger rollback over real SSH to Apache + Passenger (issue #5)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let env: Record<string, string> = {};
  let rel: PassengerHost;
  let inp: PassengerHost;
  const cli = (cmd: string, target: string, ...extra: string[]) =>
    runCli([cmd, '--repo', repo.dir, '--target', target, '--json', ...extra], env);
  const shas: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-rollback-passenger');
    const hosts = await passengerHosts(tmp);
    ({ rel, inp } = hosts);
    await prepareHost(rel);
    await prepareHost(inp);
    // Apache first: the ports it bound go into the config
    await servePassengerHosts(tmp, hosts);
    repo = await createAppRepo(PASSENGER_FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': configYaml(sshd.port, rel, inp) });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await rel?.apache?.stop();
    await inp?.apache?.stop();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  describe('layout: releases', () => {
    const page = () => get(`${rel.apache!.url}/`);
    const backupsDir = () => join(rel.path, 'backups');

    it('deploys v1, then v2 (code + frontend change)', async () => {
      shas.v1 = repo.head();
      const a = await cli('deploy', 'shared');
      expect(a.code, a.stderr).toBe(0);
      const index = readFileSync(join(repo.dir, 'frontend/src/index.html'), 'utf8').replace('frontend-build-ok', 'frontend-v2');
      shas.v2 = await repo.commit('v2', { 'backend/VERSION': '2.0.0\n', 'frontend/src/index.html': index });
      const b = await cli('deploy', 'shared');
      expect(b.code, b.stderr).toBe(0);
      // what the live app wrote in v1's directory (restart.txt, __pycache__) does not force a full upload
      expect(b.stderr).toMatch(new RegExp(`upload: 2 changed paths of [\\d,]+ \\(diff from ${shas.v1!.slice(0, 12)}\\)`));
      expect(indexOf(rel)).toContain('frontend-v2');
      sql(rel.db, "UPDATE kv SET value = 'v2-data'");
      expect(await page()).toBe('200 version=2.0.0 value=v2-data');
    });

    it('rollback: v1 serves again, no pip run, public_html back on v1, database untouched', async () => {
      const r = await cli('rollback', 'shared');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ result: 'success', release: shas.v1, previousRelease: shas.v2 });
      expect(r.json.plan).toMatchObject({ from: shas.v2, to: shas.v1, tasks: ['frontend'] });
      expect(phases(r)).toEqual(['Connect', 'Lock', 'Plan', 'Frontend', 'Switch', 'Verify', 'Record']);
      expect(r.stderr).toContain('pip-install: skipped (requirements are the same in both releases)');
      expect(r.stderr).not.toContain('pip install -r');
      expect(await page()).toBe('200 version=1.0.0 value=v2-data');
      expect(readlinkSync(join(rel.path, 'current'))).toBe(`releases/${shas.v1}`);
      expect(indexOf(rel)).toContain('frontend-build-ok');
      expect(readFileSync(join(rel.publicHtml, '.htaccess'), 'utf8')).toBe(HTACCESS);
      const st = state(rel.path);
      expect(st.current).toBe(shas.v1);
      expect(st.releases.find((x: { id: string }) => x.id === shas.v2).result).toBe('rolled-back');
      expect(auditLines(rel.path).at(-1)).toMatchObject({
        command: 'rollback',
        from: shas.v2,
        to: shas.v1,
        result: 'success',
        services: { tasks: ['frontend'] },
      });
      expect(r.json.notes.join('\n')).toContain('no pip run (requirements are the same); public_html restored');
      expect(existsSync(join(rel.path, '.deploy', 'lock'))).toBe(false);
      sql(rel.db, "UPDATE kv SET value = 'v1-time'");
    });

    it('rollback to an unknown sha is refused with the valid choices (exit 2); nothing changes', async () => {
      const r = await cli('rollback', 'shared', '--rollback-to', 'deadbeefdeadbeef');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown release "deadbeefdeadbeef"; valid choices: previous, [0-9a-f]{12} \([^)]*, rolled back\)/);
      expect(r.stderr).toContain(shas.v2!.slice(0, 12));
      expect(state(rel.path).current).toBe(shas.v1);
      expect(existsSync(join(rel.path, '.deploy', 'lock'))).toBe(false);
    });

    it('v3 with a requirements change and a migration', async () => {
      execFileSync('/usr/bin/python3', ['tools/make_wheel.py', 'backend/wheels', 'fixture_dep', '1.0'], { cwd: repo.dir });
      shas.v3 = await repo.commit('v3', {
        'backend/VERSION': '3.0.0\n',
        'backend/requirements.txt': 'fixture-dep==1.0\n',
        'backend/migrations/0002.sql': "UPDATE kv SET value = 'migrated-v3' WHERE key = 'value';\n",
      });
      const d = await cli('deploy', 'shared');
      expect(d.code, d.stderr).toBe(0);
      // v3 carries v2's frontend: the deploy from v1 syncs it again
      expect(d.json.plan.tasks).toEqual(['pip-install', 'migrate', 'frontend']);
      expect(indexOf(rel)).toContain('frontend-v2');
      expect(await page()).toBe('200 version=3.0.0 value=migrated-v3');

      const dry = await cli('rollback', 'shared', '--dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.json.warnings.join('\n')).toMatch(/DATABASE SCHEMA NOT REVERTED: migrations differ .*backend\/migrations\/0002.sql/);
      expect(await page()).toBe('200 version=3.0.0 value=migrated-v3');
    });

    it('rollback --restore-db whose target fails the health check: the undo puts the database back with the code', async () => {
      await writeFile(join(rel.path, 'releases', shas.v1!, 'backend', 'FAIL'), 'yes\n');
      const r = await cli('rollback', 'shared', '--restore-db').finally(() => rm(join(rel.path, 'releases', shas.v1!, 'backend', 'FAIL')));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/health URL check failed after \d+ s: HTTP 500/);
      const safety = r.json.notes.join('\n').match(/database put back from (\S+?),/);
      expect(safety, r.json.notes.join('\n')).not.toBeNull();
      expect(r.json.notes.join('\n')).toContain(
        `requirements of ${shas.v3!.slice(0, 12)} reinstalled, current switched back, app restarted`,
      );
      expect(phases(r)).toEqual(expect.arrayContaining(['Safety backup', 'Restore database', 'Switch', 'Verify', 'Undo']));
      expect(phases(r).indexOf('Restore database')).toBeLessThan(phases(r).indexOf('Switch'));
      expect(await page()).toBe('200 version=3.0.0 value=migrated-v3');
      expect(sql(rel.db, 'SELECT group_concat(name) FROM applied_migrations')).toBe('0001.sql,0002.sql');
      expect(readlinkSync(join(rel.path, 'current'))).toBe(`releases/${shas.v3}`);
      // the database as the failed rollback left it (v1's data, with what it wrote meanwhile) is kept in a file too
      expect(existsSync(join(backupsDir(), safety![1]!))).toBe(true);
      const files = readdirSync(backupsDir());
      expect(
        files.some((f) => f > safety![1]! && f.includes(shas.v1!.slice(0, 12))),
        files.join(' '),
      ).toBe(true);
    });

    it('rollback --restore-db whose re-upload fails: the database is not restored, v3 keeps serving on its data', async () => {
      // v1's release directory pruned, and one of v1's files unreadable in the repository: the re-upload fails
      await rm(join(rel.path, 'releases', shas.v1!), { recursive: true });
      const blob = repo.git('rev-parse', `${shas.v1}:backend/VERSION`).trim();
      const object = join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
      await rename(object, `${object}.aside`);
      const r = await cli('rollback', 'shared', '--restore-db').finally(() => rename(`${object}.aside`, object));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/release directory of [0-9a-f]{12} was pruned: uploading its files again/);
      expect(r.stderr).toContain('git archive exited');
      expect(await page()).toBe('200 version=3.0.0 value=migrated-v3');
      expect(sql(rel.db, 'SELECT group_concat(name) FROM applied_migrations')).toBe('0001.sql,0002.sql');
      expect(phases(r)).not.toContain('Restore database');
      expect(readlinkSync(join(rel.path, 'current'))).toBe(`releases/${shas.v3}`);
      expect(existsSync(join(rel.path, '.deploy', 'lock'))).toBe(false);
    });

    it('rollback with restore-db after the re-upload: pip runs, v1-time data is back', async () => {
      const preV3 = state(rel.path).releases.find((x: { id: string }) => x.id === shas.v3).backup.file as string;
      // v1's release directory pruned: the rollback uploads it again
      await rm(join(rel.path, 'releases', shas.v1!), { recursive: true, force: true });
      const r = await cli('rollback', 'shared', '--restore-db');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ release: shas.v1, previousRelease: shas.v3 });
      expect(phases(r)).toEqual([
        'Connect',
        'Lock',
        'Plan',
        'Upload',
        'Pip',
        'Frontend',
        'Safety backup',
        'Restore database',
        'Switch',
        'Verify',
        'Record',
      ]);
      expect(r.stderr).toMatch(/release directory of [0-9a-f]{12} was pruned: uploading its files again/);
      // the re-upload goes through the diff upload's choice: in this small tree, too many paths changed since v3
      expect(r.stderr).toContain('upload: full (5 paths of 14 changed: a full upload costs as much)');
      expect(r.stderr).toContain('pip-install: runs (backend/requirements.txt changed)');
      expect(r.stderr).toContain('tasks: not run by a rollback (migrate)');
      expect(r.json.plan.tasks).toEqual(['pip-install', 'frontend']);
      expect(indexOf(rel)).toContain('frontend-build-ok');
      expect(r.json.warnings.join('\n')).not.toMatch(/SCHEMA NOT REVERTED/);
      expect(r.stdout).toContain(`database restored from ${preV3.split('/').pop()}`);
      expect(await page()).toBe('200 version=1.0.0 value=v1-time');
      expect(sql(rel.db, 'SELECT group_concat(name) FROM applied_migrations')).toBe('0001.sql');
      expect(readFileSync(join(rel.path, 'current', 'backend', '.env'), 'utf8')).toBe('SECRET_KEY=keep-me\n');
      expect(auditLines(rel.path).at(-1)).toMatchObject({
        command: 'rollback',
        result: 'success',
        restored: { file: preV3 },
        backup: { file: r.json.backup.file },
        services: { tasks: ['pip-install', 'frontend'] },
      });
    });

    it('a rollback whose target fails the health check goes back to the release that was current, and fails', async () => {
      // roll "forward" to v3, made unhealthy on the host; its frontend (v2's) comes from its copy, then goes again
      await writeFile(join(rel.path, 'releases', shas.v3!, 'backend', 'FAIL'), 'yes\n');
      const r = await cli('rollback', 'shared', '--rollback-to', shas.v3!);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/health URL check failed after 8 s: HTTP 500/);
      expect(r.stderr).toContain(
        `public_html: ${shas.v3!.slice(0, 12)}'s frontend restored from ${join(rel.path, '.deploy', 'frontend', shas.v3!)}`,
      );
      expect(r.json.warnings.join('\n')).not.toMatch(/public_html not rolled back/);
      expect(r.json.notes.join('\n')).toContain(
        `rollback failed: back on ${shas.v1!.slice(0, 12)}: public_html restored, requirements of ${shas.v1!.slice(0, 12)} reinstalled, current switched back, app restarted`,
      );
      expect(phases(r)).toEqual(['Connect', 'Lock', 'Plan', 'Pip', 'Frontend', 'Switch', 'Verify', 'Undo']);
      expect(readlinkSync(join(rel.path, 'current'))).toBe(`releases/${shas.v1}`);
      expect(await page()).toBe('200 version=1.0.0 value=v1-time');
      expect(indexOf(rel)).toContain('frontend-build-ok');
      const st = state(rel.path);
      expect(st.current).toBe(shas.v1);
      expect(st.releases.find((x: { id: string }) => x.id === shas.v3).result).toBe('rolled-back');
      expect(auditLines(rel.path).at(-1)).toMatchObject({ command: 'rollback', from: shas.v1, to: shas.v3, result: 'failed' });
      expect(existsSync(join(rel.path, '.deploy', 'lock'))).toBe(false);
    });

    it("a rollback two releases back puts that release's own frontend back, not the newer one (issue #14)", async () => {
      const html = (label: string) => readFileSync(join(repo.dir, 'frontend/src/index.html'), 'utf8').replace(/frontend-[a-z0-9-]+/, label);
      for (const [v, files] of [
        ['v4', { 'backend/VERSION': '4.0.0\n', 'frontend/src/index.html': html('frontend-v4') }],
        ['v5', { 'backend/VERSION': '5.0.0\n', 'frontend/src/index.html': html('frontend-v5') }],
        ['v6', { 'backend/VERSION': '6.0.0\n' }],
      ] as const) {
        shas[v] = await repo.commit(v, files);
        const d = await cli('deploy', 'shared');
        expect(d.code, d.stderr).toBe(0);
      }
      expect(indexOf(rel)).toContain('frontend-v5');
      // one copy per kept release, pruned with it
      const frontends = join(rel.path, '.deploy', 'frontend');
      expect(readdirSync(frontends).sort()).toEqual(readdirSync(join(rel.path, 'releases')).sort());
      expect(readdirSync(frontends)).toContain(shas.v4);

      const r = await cli('rollback', 'shared', '--rollback-to', shas.v4!);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.warnings.join('\n')).not.toMatch(/public_html not rolled back/);
      expect(r.stderr).toContain(`public_html: ${shas.v4!.slice(0, 12)}'s frontend restored from ${join(frontends, shas.v4!)}`);
      expect(indexOf(rel)).toContain('frontend-v4');
      expect(indexOf(rel)).not.toContain('frontend-v5');
      expect(readFileSync(join(rel.publicHtml, '.htaccess'), 'utf8')).toBe(HTACCESS);
      expect(await page()).toMatch(/^200 version=4\.0\.0 /);
      expect(r.json.notes.join('\n')).toContain('public_html restored');
    }, 1_800_000);

    it('a release without a kept frontend copy: the rollback warns and leaves public_html as it is', async () => {
      await rm(join(rel.path, '.deploy', 'frontend', shas.v5!), { recursive: true });
      const r = await cli('rollback', 'shared', '--rollback-to', shas.v5!);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.warnings.join('\n')).toMatch(
        new RegExp(
          `public_html not rolled back: frontend files differ \\(frontend/src/index.html\\), but no copy of ${shas.v5!.slice(0, 12)}'s frontend is kept`,
        ),
      );
      expect(indexOf(rel)).toContain('frontend-v4');
      expect(await page()).toMatch(/^200 version=5\.0\.0 /);
    }, 900_000);
  });

  describe('layout: in-place', () => {
    const page = () => get(`${inp.apache!.url}/`);

    it('deploy, deploy, rollback: the code comes back from the snapshot; without a snapshot it is refused', async () => {
      const db = join(inp.path, IN_PLACE_DB);
      const uploads = join(inp.path, 'uploads');
      sql(db, 'CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);');
      await mkdir(uploads, { recursive: true });
      await writeFile(join(uploads, 'early.jpg'), 'early');
      const first = repo.head();
      const d = await cli('deploy', 'inplace');
      expect(d.code, d.stderr).toBe(0);
      // the repo is shared with the describes above: `first` is whatever they left at HEAD
      const firstPage = await page();
      expect(firstPage).toMatch(/^200 version=\d+\.0\.0 value=migrated-v3$/);
      expect(firstPage).not.toContain('version=4.0.0');
      const next = await repo.commit('in-place v4', { 'backend/VERSION': '4.0.0\n', 'backend/extra.py': 'x = 1\n' });
      const d2 = await cli('deploy', 'inplace');
      expect(d2.code, d2.stderr).toBe(0);
      expect(await page()).toBe('200 version=4.0.0 value=migrated-v3');
      // the uploads (target.exclude) and the live database (backup.path) survive the rsync --delete
      expect(sql(db, 'SELECT count(*) FROM t')).toBe('1');
      expect(readFileSync(join(uploads, 'early.jpg'), 'utf8')).toBe('early');
      // written after the snapshot of `first`: the rollback must keep them
      sql(db, 'INSERT INTO t VALUES (2);');
      await writeFile(join(uploads, 'late.jpg'), 'late');

      const r = await cli('rollback', 'inplace');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ result: 'success', release: first, previousRelease: next });
      expect(phases(r)).toEqual(['Connect', 'Lock', 'Plan', 'Restore code', 'Switch', 'Verify', 'Record']);
      expect(await page()).toBe(firstPage);
      expect(existsSync(join(inp.path, 'backend', 'extra.py'))).toBe(false);
      expect(readFileSync(join(inp.path, 'backend', '.env'), 'utf8')).toBe('SECRET_KEY=keep-me\n');
      expect(existsSync(join(inp.path, '.deploy', 'snapshots', next, 'backend', 'extra.py'))).toBe(true);
      expect(sql(db, 'SELECT count(*) FROM t')).toBe('2');
      expect(readFileSync(join(uploads, 'late.jpg'), 'utf8')).toBe('late');
      expect(readFileSync(join(uploads, 'early.jpg'), 'utf8')).toBe('early');

      await rm(join(inp.path, '.deploy', 'snapshots', next), { recursive: true });
      const refused = await cli('rollback', 'inplace', '--rollback-to', next);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`there is no snapshot of ${next.slice(0, 12)}`);
      expect(await page()).toBe(firstPage);
    });
  });
});
