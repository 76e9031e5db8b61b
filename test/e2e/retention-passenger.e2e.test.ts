/**
 * Issue #14 on real components, passenger target (layout releases): a real sshd, a real Apache +
 * mod_passenger serving the passenger-app fixture, a real SQLite database backed up with
 * `keep: {daily: 30}`. Deploys v1, v2, v3 (one day), then a failed v4: `keep_releases: 2` leaves
 * exactly v3 and v2 (the failed release goes at once), and `rollback --restore-db` to the first
 * deploy still finds v2's pre-deploy backup (the daily rule alone keeps one backup a day).
 * The tests reuse each other's deploys, so they run in order.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable, type ApacheServer } from './harness/apache.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCliTimed, type CliRun } from './harness/cli.js';
import {
  PASSENGER_FIXTURE,
  passengerHosts,
  passengerTargetYaml,
  prepareReleasesHost,
  pythonVenvAvailable,
  servePassengerHost,
  type PassengerHost,
} from './harness/passenger-hosts.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate(
  'sshd + apache2 + mod_passenger + python3-venv + sqlite3',
  sshdAvailable() && apacheAvailable() && pythonVenvAvailable(),
);
const LONG = 900_000;

interface Release {
  id: string;
  result: string;
  backup?: { file: string };
}

async function get(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) }).catch((e: Error) => ({ status: 0, text: async () => e.message }));
  return `${res.status} ${(await res.text()).trim()}`;
}

describe.runIf(ready)('passenger: keep_releases with a failed release, restore-db after three deploys in one day (#14)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let host: PassengerHost;
  let apache: ApacheServer;
  let env: Record<string, string> = {};
  const sha: Record<string, string> = {};
  const cli = (cmd: string, ...extra: string[]) => runCliTimed([cmd, '--repo', repo.dir, '--target', 'shared', '--json', ...extra], env);
  const ok = (r: CliRun) => expect(r.code, `${r.stderr}\n${r.stdout}`).toBe(0);
  const short = (k: string) => sha[k]!.slice(0, 12);
  const sql = (query: string): string => execFileSync('sqlite3', [host.db, query], { encoding: 'utf8' }).trim();
  const state = (): { current: string; releases: Release[] } => JSON.parse(readFileSync(join(host.path, '.deploy', 'state.json'), 'utf8'));
  const release = (k: string): Release => state().releases.find((r) => r.id === sha[k])!;
  const releaseDirs = () => readdirSync(join(host.path, 'releases')).sort();
  const backups = () =>
    readdirSync(join(host.path, 'backups'))
      .filter((f) => !f.endsWith('.json'))
      .sort();
  const page = () => get(`${apache.url}/`);

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-keep-passenger');
    ({ rel: host } = await passengerHosts(tmp));
    await prepareReleasesHost(host);
    // Apache first: the port it bound goes into the config
    apache = await servePassengerHost(tmp, host, join(host.path, 'current', 'backend'));
    const config = `version: 1
tasks:
  migrate: {command: "python migrate.py storage/app.sqlite3", paths: ["backend/migrations/**"]}
targets:
${passengerTargetYaml('shared', sshd.port, host, '    keep_releases: 2\n    backup: {engine: sqlite, path: shared/backend/storage/app.sqlite3, keep: {daily: 30}}\n')}`;
    repo = await createAppRepo(PASSENGER_FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await apache?.stop();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  // one deploy per test: on a loaded machine a deploy can take minutes
  it(
    'deploys v1, then v2',
    async () => {
      sha.v1 = repo.head();
      ok(await cli('deploy'));
      sql("UPDATE kv SET value = 'v1-time'");
      sha.v2 = await repo.commit('v2', { 'backend/VERSION': '2.0.0\n' });
      ok(await cli('deploy'));
      sql("UPDATE kv SET value = 'v2-time'");
    },
    LONG,
  );

  it(
    'deploys v3 the same day: v2 and v3 stay, the daily rule keeps the backups rollbacks need',
    async () => {
      sha.v3 = await repo.commit('v3', { 'backend/VERSION': '3.0.0\n' });
      const r = await cli('deploy');
      ok(r);
      sql("UPDATE kv SET value = 'v3-time'");
      expect(await page()).toBe('200 version=3.0.0 value=v3-time');
      expect(releaseDirs()).toEqual([sha.v2, sha.v3].sort());
      const kept = r.json.notes.find((n: string) => n.startsWith('backups kept for rollback and restore'));
      expect(kept).toContain(
        `${basename(release('v2').backup!.file)} (pre-deploy backup of release ${short('v2')}, restore-db to release ${short('v1')})`,
      );
    },
    LONG,
  );

  it(
    'a failed deploy (v4) is pruned at once: exactly v3 and v2 are left, and the summary says so',
    async () => {
      sha.v4 = await repo.commit('v4 fails its health check', { 'backend/VERSION': '4.0.0\n', 'backend/FAIL': 'yes\n' });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(1);
      expect(r.json.result).toBe('rolled-back');
      expect(release('v4').result).toBe('failed');
      expect(state().current).toBe(sha.v3);
      expect(releaseDirs()).toEqual([sha.v2, sha.v3].sort());
      expect(r.json.notes).toContain(`pruned releases (keep_releases: 2): ${short('v4')}`);
      expect(await page()).toBe('200 version=3.0.0 value=v3-time');
    },
    LONG,
  );

  it(
    "rollback --restore-db to the first deploy restores v2's pre-deploy backup: v1's data is back",
    async () => {
      const paired = basename(release('v2').backup!.file);
      const r = await cli('rollback', '--rollback-to', sha.v1!, '--restore-db');
      ok(r);
      expect(backups()).toContain(paired);
      expect(r.json).toMatchObject({ result: 'success', release: sha.v1, previousRelease: sha.v3 });
      expect(r.stdout).toContain(`database restored from ${paired}`);
      expect(await page()).toBe('200 version=1.0.0 value=v1-time');
      // the same rule after the rollback: newest 2 that went live (v3 rolled back from, v2) + the live v1
      expect(releaseDirs()).toEqual([sha.v1, sha.v2, sha.v3].sort());
    },
    LONG,
  );
});
