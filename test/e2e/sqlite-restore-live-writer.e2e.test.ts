/**
 * `restore` of a SQLite backup while the app holds the database open and writes a row every 100 ms
 * (compose v2 over a real sshd, the file on the shared bind mount), in WAL and in rollback-journal
 * mode, restored on the host (sqlite3 CLI) and in the service (`backup.service`: python3, the image
 * has no sqlite3 CLI): the database afterwards passes PRAGMA integrity_check, holds exactly the backup's rows (none
 * of those written between the backup and the restore), and the app, which kept its connection,
 * goes on writing into it without an error.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { createAppRepo } from './harness/app-repo.js';
import { runCli } from './harness/cli.js';
import { dockerAvailable, removeProject } from './harness/docker.js';
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

// the app's own counter numbers its rows: after the restore it goes on from where it was, so a row
// written between the backup and the restore can be told from one written after the restore
const WRITER = `import os, signal, sqlite3, sys, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
c = sqlite3.connect("/app/data/app.db", timeout=30)
c.execute("PRAGMA journal_mode=" + os.environ["JOURNAL"])
c.execute("CREATE TABLE IF NOT EXISTS t(seq INTEGER, pad TEXT)")
c.commit()
n = c.execute("SELECT coalesce(max(seq), 0) FROM t").fetchone()[0]
while True:
    n += 1
    try:
        c.execute("INSERT INTO t VALUES (?, ?)", (n, "x" * 500))
        c.commit()
    except Exception as e:
        with open("/app/data/errors.txt", "a") as f:
            f.write("%d %s\\n" % (n, e))
    time.sleep(0.1)
`;

const app = (journal: string): Record<string, string> => ({
  'docker-compose.yml': `services:
  writer:
    build: {context: ./app, network: none}
    environment: {JOURNAL: ${journal}}
    network_mode: none
    stop_grace_period: 1s
    volumes: ["./data:/app/data"]
`,
  'app/Dockerfile': 'FROM gitops-realapp-python:1\nWORKDIR /app\nCOPY main.py .\nCMD ["python3", "main.py"]\n',
  'app/main.py': WRITER,
});

const ON_HOST = '{engine: sqlite, path: shared/data/app.db, keep: 10}';
const IN_SERVICE = '{engine: sqlite, service: writer, path: /app/data/app.db, keep: 10}';

const config = (project: string, sshPort: number, hostPath: string, backup: string): string => `version: 1
compose: {project: ${project}}
targets:
  production:
    strategy: compose
    host: root@127.0.0.1
    port: ${sshPort}
    path: ${hostPath}
    shared: [data/]
    backup: ${backup}
    health: {timeout: 20s}
`;

/** The seq column of `db` in order (a live database is read with a busy timeout). */
async function seqs(db: string): Promise<number[]> {
  const r = await exec.run(['sqlite3', '-bail', db, '.timeout 10000', 'SELECT seq FROM t ORDER BY seq']);
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** The seq column once `count` of its values pass `keep` (or after 60 s: the caller's expectation tells). */
async function waitForRows(db: string, keep: (seq: number) => boolean, count: number): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const all = await seqs(db);
    if (all.filter(keep).length >= count || Date.now() > deadline) return all;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The highest seq once it reaches `min` (or after 60 s). */
async function waitForSeq(db: string, min: number): Promise<number> {
  return (await waitForRows(db, (s) => s >= min, 1)).at(-1) ?? 0;
}

describe.runIf(ready).each([
  { journal: 'wal', where: 'host', backup: ON_HOST },
  { journal: 'delete', where: 'host', backup: ON_HOST },
  { journal: 'wal', where: 'service', backup: IN_SERVICE },
])(
  'restore of a SQLite backup while the app writes (journal_mode=$journal, restored on the $where)',
  ({ journal, where, backup: spec }) => {
    const project = `gdsqlitelive${journal}${where}${randomBytes(3).toString('hex')}`;
    let sshd: SshdHandle;
    let tmp = '';
    let repoDir = '';
    let db = '';
    const cli = (...args: string[]) =>
      runCli([...args, '--repo', repoDir, '--target', 'production'], {
        GITOPS_SSH_KEY: sshd.clientKey,
        GITOPS_KNOWN_HOSTS: sshd.knownHosts,
      });

    beforeAll(async () => {
      sshd = await startSshd();
      tmp = await makeTempDir('gitops-e2e-sqlitelive');
      const hostPath = join(tmp, 'host', 'app');
      db = join(hostPath, 'shared', 'data', 'app.db');
      await mkdir(join(hostPath, 'shared', 'data'), { recursive: true });
      await mkdir(join(tmp, 'fixture'));
      repoDir = (
        await createAppRepo(join(tmp, 'fixture'), join(tmp, 'repo'), {
          ...app(journal),
          '.github/deploy.yml': config(project, sshd.port, hostPath, spec),
        })
      ).dir;
    }, 120_000);

    afterAll(async () => {
      await removeProject(project);
      await sshd?.stop();
      if (tmp) await removeTree(tmp);
    });

    it('gives a sound database with the backup rows, and the app keeps writing', async () => {
      const deploy = await cli('deploy');
      expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
      await waitForSeq(db, 10);

      const backup = await cli('backup');
      expect(backup.code, backup.stdout + backup.stderr).toBe(0);
      const file = /^backup: (\S+)/m.exec(backup.stdout)?.[1] ?? '';
      expect(file, backup.stdout).toMatch(/\.gz$/);
      const copy = join(tmp, 'backup.db');
      await exec.run(['sh', '-c', 'gzip -dc "$1" > "$2"', 'sh', file, copy]);
      const backedUp = await seqs(copy);
      const backupMax = backedUp.at(-1)!;
      expect(backedUp.length).toBeGreaterThanOrEqual(10);

      // rows the backup does not hold, then the restore while the app goes on writing
      const before = await waitForSeq(db, backupMax + 10);
      const restore = await cli('restore', '--confirm', 'production', '--backup', file.split('/').pop()!);
      expect(restore.code, restore.stdout + restore.stderr).toBe(0);
      // rows above \`before\` are the ones written after the restore (those written between \`before\`
      // and the restore were replaced with the rest): wait for 5 of them
      const after = await waitForRows(db, (s) => s > before, 5);

      const check = await exec.run(['sqlite3', '-bail', db, '.timeout 10000', 'PRAGMA integrity_check']);
      expect(check.stdout.trim()).toBe('ok');
      expect(after.filter((s) => s <= backupMax)).toEqual(backedUp);
      expect(after.filter((s) => s > backupMax && s <= before)).toEqual([]);
      expect(after.filter((s) => s > before).length).toBeGreaterThanOrEqual(5);
      expect(await readFile(join(db, '..', 'errors.txt'), 'utf8').catch(() => '')).toBe('');
    });
  },
);
