/**
 * A state.json that was hand-edited, corrupted or truncated on the host, on real components (a real
 * sshd, the real CLI, rsync): its release ids become paths that are deleted and synced into
 * (in place: `rm -rf <path>/.deploy/snapshots/<id>` then an rsync into it), so a bad id, sha or an
 * empty file must stop `deploy` and `rollback` with exit 2 before anything on the host changes:
 * shared/, backups/, the snapshots and release directories, the live tree and state.json itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

/** Every entry under `root`: type, path, size, link target (what a run must leave exactly as it was). */
const fingerprint = (root: string): string =>
  execFileSync('find', [root, '-printf', '%y %P %s %l\\n'], { encoding: 'utf8' }).split('\n').sort().join('\n');

const statePath = (path: string): string => join(path, '.deploy', 'state.json');

/** The host's data a deploy must never lose: a shared upload and .env, a backup. */
async function hostData(path: string): Promise<void> {
  await mkdir(join(path, 'shared', 'uploads'), { recursive: true });
  await writeFile(join(path, 'shared', 'uploads', 'photo.jpg'), 'a photo\n');
  await writeFile(join(path, 'shared', '.env'), 'SECRET=1\n');
  await mkdir(join(path, 'backups'), { recursive: true });
  await writeFile(join(path, 'backups', 'db-keep.sql'), 'backup\n');
}

describe.runIf(ready)('a bad state.json stops the run before anything on the host changes', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-state-ids');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /** Two real deploys (v1, v2) of a target of layout `layout`, the host's data in place, v3 committed. */
  async function deployedTwice(name: string, layout: 'releases' | 'in-place') {
    const { repoDir, path, repo } = await passengerApp(join(tmp, name), sshd.port, layout, '    shared: [uploads/, .env]\n');
    await hostData(path);
    const cli = (cmd: string) => runCli([cmd, '--repo', repoDir, '--json'], env);
    const v1 = repo.commit('v1');
    expect((await cli('deploy')).code).toBe(0);
    await writeFile(join(repoDir, 'VERSION'), '2\n');
    const v2 = repo.commit('v2');
    const second = await cli('deploy');
    expect(second.code, second.stderr).toBe(0);
    await writeFile(join(repoDir, 'VERSION'), '3\n');
    repo.commit('v3');
    return { path, cli, v1, v2 };
  }

  const BAD_IDS = ['../../shared', '..', '', '/', 'a b', 'x\ny', '$(touch pwned)'];

  it('in place: a live release id that is not a commit sha (e.g. ../../shared) is refused by rollback and deploy, nothing lost', async () => {
    const { path, cli, v1, v2 } = await deployedTwice('inplace', 'in-place');
    expect(existsSync(join(path, '.deploy', 'snapshots', v1))).toBe(true);
    const good = JSON.parse(readFileSync(statePath(path), 'utf8'));
    for (const bad of BAD_IDS) {
      // the live release's record and `current` renamed by hand; its sha stays a real commit
      const edited = { ...good, current: bad, releases: good.releases.map((r: { id: string }) => (r.id === v2 ? { ...r, id: bad } : r)) };
      const text = `${JSON.stringify(edited, null, 2)}\n`;
      await writeFile(statePath(path), text);
      const before = fingerprint(path);
      for (const cmd of ['rollback', 'deploy']) {
        const r = await cli(cmd);
        expect(existsSync(join(path, 'shared', 'uploads', 'photo.jpg')), `${cmd} with id ${JSON.stringify(bad)}`).toBe(true);
        expect(fingerprint(path), `${cmd} with id ${JSON.stringify(bad)}`).toBe(before);
        expect(readFileSync(statePath(path), 'utf8')).toBe(text);
        expect(r.code, `${cmd} with id ${JSON.stringify(bad)}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain(`${statePath(path)} is corrupt`);
        expect(r.stderr).toMatch(/is not a commit sha/);
      }
    }
    expect(readFileSync(join(path, 'shared', 'uploads', 'photo.jpg'), 'utf8')).toBe('a photo\n');
    expect(readFileSync(join(path, 'shared', '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(readFileSync(join(path, 'backups', 'db-keep.sql'), 'utf8')).toBe('backup\n');
    expect(existsSync(join(path, 'pwned'))).toBe(false);
    // doctor, which "checks everything a deploy needs", says so too (it said nothing of the state)
    const doctor = await cli('doctor');
    expect(doctor.code, doctor.stdout).toBe(1);
    expect(doctor.json.doctor).toContainEqual(
      expect.objectContaining({ check: 'state', status: 'fail', detail: expect.stringContaining(`${statePath(path)} is corrupt`) }),
    );
  });

  it('releases: an empty (truncated) state.json is refused, not taken for a first deploy that prunes the kept releases', async () => {
    const { path, cli, v1, v2 } = await deployedTwice('empty', 'releases');
    for (const text of ['', '\n', '{"version": 1, "rel']) {
      await writeFile(statePath(path), text);
      const before = fingerprint(path);
      const r = await cli('deploy');
      expect(readdirSync(join(path, 'releases')).sort(), JSON.stringify(text)).toEqual([v1, v2].sort());
      expect(fingerprint(path)).toBe(before);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${statePath(path)} is corrupt`);
    }
  });

  it('releases: a lost state.json deploys as a first deploy but keeps the release copies it does not record (rollback needs them)', async () => {
    const { path, cli, v1, v2 } = await deployedTwice('lost', 'releases');
    const v1Files = fingerprint(join(path, 'releases', v1));
    await rm(statePath(path));
    const r = await cli('deploy');
    expect(r.code, r.stderr).toBe(0);
    const v3 = readlinkSync(join(path, 'current')).split('/').pop()!;
    // before: the first deploy pruned every directory but its own (keep_releases counted only what it recorded)
    expect(readdirSync(join(path, 'releases')).sort()).toEqual([v1, v2, v3].sort());
    expect(fingerprint(join(path, 'releases', v1))).toBe(v1Files);
    // the copies are named in the order of their names (shas), whichever commit came first
    const named = [v1, v2].map((id) => join(path, 'releases', id)).sort();
    expect(r.json.warnings.join('\n')).toContain(`that state.json does not record, never pruned: ${named.join(', ')} (`);
    expect(readFileSync(join(path, 'shared', 'uploads', 'photo.jpg'), 'utf8')).toBe('a photo\n');
  });
});
