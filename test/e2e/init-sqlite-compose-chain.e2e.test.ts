/**
 * `init` on a non-Django compose app whose database is SQLite (the MyElectricalData shape: a Python
 * backend built from apps/api with WORKDIR /app, DATABASE_URL=sqlite+aiosqlite:///./data/… in its
 * gitignored env file, ./apps/api/data bind-mounted on /app/data), then, with only the edits init
 * asks for (host, path), the first deploy over a real sshd with compose v2, a backup of the real
 * SQLite file the backend writes on the shared bind mount, and its restore.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { dockerAvailable, removeProject } from './harness/docker.js';
import { initForSshd } from './harness/init-config.js';
import { realappAvailable } from './harness/realapp.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const exec = new LocalExecutor();
const ready = gate(
  'sshd + docker + compose v2 + gitops-realapp-python:1 + sqlite3',
  sshdAvailable() && (await dockerAvailable()) && (await realappAvailable()) && existsSync('/usr/bin/sqlite3'),
  'run test/e2e/setup.sh as root',
);
// init names the compose project after the repository's directory
const PROJECT = `gdinitsqlite${randomBytes(4).toString('hex')}`;
const URL_LINE = 'DATABASE_URL=sqlite+aiosqlite:///./data/myelectricaldata.db';

const APP = {
  '.gitignore': 'apps/api/.env.docker\napps/api/data/\n',
  'docker-compose.yml': `services:
  backend:
    build: {context: ./apps/api, network: none}
    env_file: ./apps/api/.env.docker
    network_mode: none
    stop_grace_period: 1s
    volumes: ["./apps/api/data:/app/data"]
`,
  'apps/api/Dockerfile': 'FROM gitops-realapp-python:1\nWORKDIR /app\nCOPY . .\nCMD ["python3", "src/main.py"]\n',
  'apps/api/src/config.py': 'class Settings:\n    DATABASE_URL: str = "sqlite+aiosqlite:///./data/myelectricaldata.db"\n',
  // the backend notes each start (its release) in the database, then serves until stopped
  'apps/api/src/main.py': `import os, signal, sqlite3, sys, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
path = os.environ["DATABASE_URL"].split(":///", 1)[1]
c = sqlite3.connect(path)
c.execute("CREATE TABLE IF NOT EXISTS starts(release TEXT)")
c.execute("INSERT INTO starts VALUES (?)", (open("release.txt").read().strip(),))
c.commit()
c.close()
while True:
    time.sleep(3600)
`,
  'apps/api/release.txt': 'r1\n',
};

describe.runIf(ready)(
  'init on a compose app with a SQLite file on a bind mount, then deploy, backup and restore',
  { timeout: 300_000 },
  () => {
    let sshd: SshdHandle;
    let tmp = '';
    let repo: AppRepo;
    let hostPath = '';
    let db = '';
    const cli = (...args: string[]) =>
      runCli([...args, '--repo', repo.dir, '--target', 'production'], {
        GITOPS_SSH_KEY: sshd.clientKey,
        GITOPS_KNOWN_HOSTS: sshd.knownHosts,
      });
    const rows = async () => (await exec.run(['sqlite3', db, 'SELECT release FROM starts ORDER BY rowid'])).stdout.trim().split('\n');

    beforeAll(async () => {
      sshd = await startSshd();
      tmp = await makeTempDir('gitops-e2e-initsqlite');
      hostPath = join(tmp, 'host', 'app');
      db = join(hostPath, 'shared', 'apps', 'api', 'data', 'myelectricaldata.db');
      await mkdir(join(tmp, 'fixture'));
      repo = await createAppRepo(join(tmp, 'fixture'), join(tmp, PROJECT), APP);
      await writeFile(join(repo.dir, 'apps/api/.env.docker'), `SECRET_KEY=s3cr3t\n${URL_LINE}\n`);
    }, 120_000);

    afterAll(async () => {
      await removeProject(PROJECT);
      await sshd?.stop();
      if (tmp) await removeTree(tmp);
    });

    it('init proposes the backup of the SQLite file on the shared bind mount', async () => {
      const { init, target } = await initForSshd(repo, sshd, hostPath);
      expect(init.code, init.stderr).toBe(0);
      expect(target.backup).toEqual({ engine: 'sqlite', path: 'shared/apps/api/data/myelectricaldata.db', keep: 10 });
      expect(target.shared).toContain('apps/api/data/');
    });

    it('first deploy (the env file prepared on the host), backup of the file the backend wrote, restore of it', async () => {
      await mkdir(join(hostPath, 'shared', 'apps', 'api'), { recursive: true });
      await writeFile(join(hostPath, 'shared', 'apps', 'api', '.env.docker'), `SECRET_KEY=s3cr3t\n${URL_LINE}\n`, { mode: 0o600 });
      const first = await cli('deploy');
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(await rows()).toEqual(['r1']);

      const backup = await cli('backup');
      expect(backup.code, backup.stdout + backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^backup: .*production-.*/m);

      // a second release starts the backend again (a row the backup does not hold)
      await repo.commit('r2', { 'apps/api/release.txt': 'r2\n' });
      const second = await cli('deploy');
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect((await rows()).at(-1)).toBe('r2');

      const restore = await cli('restore', '--confirm', 'production', '--backup', backupName(backup.stdout));
      expect(restore.code, restore.stdout + restore.stderr).toBe(0);
      expect((await rows())[0]).toBe('r1');
      expect(await rows()).not.toContain('r2');
    });
  },
);

/** The file name a `backup` run printed. */
function backupName(stdout: string): string {
  const m = /^backup: (\S+)/m.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return m![1]!.split('/').pop()!;
}
