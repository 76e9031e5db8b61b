/**
 * Compose mode against the real databases: the compose command is a stand-in that behaves like
 * `docker compose exec -T`: it runs the command with ONLY the service's own environment plus the
 * variables named by `-e NAME` (taken from its caller's environment, as docker does), and logs
 * its argv and cwd. So the password plumbing (-e forwarding, container variables) is exercised
 * end to end without images of the databases.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBackup } from '../../src/backup/restore.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import {
  createMariadbDb,
  createPostgresDb,
  dropMariadbDb,
  dropPostgresDb,
  ensureMariadb,
  ensurePostgres,
  mariadbQuery,
  postgresQuery,
} from './harness/databases.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const available = (await ensureMariadb()) && (await ensurePostgres()) && existsSync('/usr/bin/sqlite3');
const exec = new LocalExecutor();
const id = randomBytes(4).toString('hex');
const DB = `gd_bkc_${id}`;
const SCRATCH = `gd_bkc_${id}_r`;
const SECRET = `S3cr3t-${id}`;
const PASSWORD = `c0mp'ose "${SECRET}" $HOME`;

const FAKE_COMPOSE = `import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
const services = JSON.parse(readFileSync(new URL('./services.json', import.meta.url), 'utf8'));
const args = process.argv.slice(2);
appendFileSync(new URL('./argv.log', import.meta.url), JSON.stringify({ argv: args, cwd: process.cwd() }) + '\\n');
const die = (m) => { process.stderr.write('fake-compose: ' + m + '\\n'); process.exit(99); };
let i = 0;
while (args[i] === '-p' || args[i] === '-f') i += 2;
if (args[i++] !== 'exec') die('expected exec');
if (args[i++] !== '-T') die('expected -T');
const env = {};
while (args[i] === '-e') { const name = args[i + 1]; if (process.env[name] !== undefined) env[name] = process.env[name]; i += 2; }
const service = services[args[i++]] ?? die('no such service');
const [cmd, ...rest] = args.slice(i);
const r = spawnSync(cmd, rest, { stdio: 'inherit', cwd: '/', env: { PATH: process.env.PATH, ...service, ...env } });
process.exit(r.status ?? 1);
`;

describe.runIf(gate('mariadb+postgresql+sqlite3 (compose mode)', available))('backup e2e: compose mode (exec -T)', () => {
  let root: string;
  let shimDir: string;
  let n = 0;
  const ctx = async (extra: Partial<BackupContext> = {}): Promise<BackupContext> => ({
    deployPath: await mkdtemp(path.join(root, `deploy-${n++}-`)),
    target: 'prod',
    sha: 'deadbeefcafe0000deadbeefcafe0000deadbeef',
    now: new Date('2024-03-04T05:06:07Z'),
    compose: {
      command: [process.execPath, path.join(shimDir, 'compose.mjs')],
      projectDir: shimDir,
      files: ['compose.yml', 'prod.yml'],
      project: 'app',
    },
    ...extra,
  });
  const calls = async () =>
    (await readFile(path.join(shimDir, 'argv.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { argv: string[]; cwd: string });
  const sha256 = async (file: string) =>
    createHash('sha256')
      .update(await readFile(file))
      .digest('hex');

  beforeAll(async () => {
    root = await makeTempDir('gd-backup-compose');
    shimDir = path.join(root, 'project');
    await mkdir(shimDir);
    await writeFile(path.join(shimDir, 'compose.mjs'), FAKE_COMPOSE);
    await writeFile(path.join(shimDir, 'argv.log'), '');
    await writeFile(path.join(shimDir, 'services.json'), JSON.stringify({ db: { MARIADB_PASSWORD: PASSWORD }, pg: {}, web: {} }));
    await createMariadbDb(DB, DB, PASSWORD);
    await createMariadbDb(SCRATCH, DB, PASSWORD);
    await mariadbQuery(DB, `CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);`);
    await createPostgresDb(DB, DB, PASSWORD);
    await createPostgresDb(SCRATCH, DB, PASSWORD);
    await postgresQuery(DB, `CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3); ALTER TABLE t OWNER TO ${DB};`);
  });

  afterAll(async () => {
    await dropMariadbDb(SCRATCH);
    await dropMariadbDb(DB, DB);
    await dropPostgresDb(SCRATCH);
    await dropPostgresDb(DB, DB);
    if (root) await removeTree(root);
  });

  const mariadb: BackupSpec = { engine: 'mariadb', service: 'db', database: DB, user: DB, host: '127.0.0.1', keep: 3 };

  it('mariadb: the runner password is forwarded with `exec -T -e MYSQL_PWD`, never in argv', async () => {
    const c = await ctx({ password: PASSWORD });
    const result = await runBackup(exec, mariadb, c);
    expect(await sha256(result.file)).toBe(result.sha256);
    await restoreBackup(exec, mariadb, c, result.file, { database: SCRATCH });
    expect(await mariadbQuery(SCRATCH, 'SELECT COUNT(*) FROM t')).toBe('3');
    const log = await calls();
    const dump = log.find((l) => l.argv.includes('mysqldump'));
    expect(dump?.argv.slice(0, 10)).toEqual(['-p', 'app', '-f', 'compose.yml', '-f', 'prod.yml', 'exec', '-T', '-e', 'MYSQL_PWD']);
    expect(dump?.cwd).toBe(shimDir);
    for (const l of log) expect(JSON.stringify(l.argv)).not.toContain(SECRET);
  });

  it("mariadb: password_env without envFile uses the container's own variable", async () => {
    const c = await ctx();
    const result = await runBackup(exec, { ...mariadb, password_env: 'MARIADB_PASSWORD' }, c);
    expect(await sha256(result.file)).toBe(result.sha256);
    const dump = (await calls()).reverse().find((l) => l.argv.includes('mysqldump'));
    expect(dump?.argv).toContain('MYSQL_PWD=$MARIADB_PASSWORD; export MYSQL_PWD; exec "$@"');
    expect(dump?.argv).not.toContain('-e');
  });

  it('postgres: dump and pg_restore verification (the whole archive, read in the stream) run in the service', async () => {
    const pg: BackupSpec = { engine: 'postgres', service: 'pg', database: DB, user: DB, host: '127.0.0.1', keep: 3 };
    const c = await ctx({ password: PASSWORD });
    const result = await runBackup(exec, pg, c);
    expect(path.basename(result.file)).toBe('prod-20240304T050607Z-deadbeefcafe.pgdump.gz');
    await restoreBackup(exec, pg, c, result.file, { database: SCRATCH });
    expect(await postgresQuery(SCRATCH, 'SELECT COUNT(*) FROM t')).toBe('3');
    const log = await calls();
    expect(log.some((l) => l.argv.join(' ').endsWith('exec -T pg pg_restore -f /dev/null'))).toBe(true);
  });

  it('sqlite: the snapshot is taken in the service (its path, its /tmp) and checked there', async () => {
    const c = await ctx();
    const dbFile = path.join(root, `svc-${id}.sqlite3`);
    await exec.run(['sqlite3', dbFile], { stdin: 'CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (1), (2), (3);' });
    const sq: BackupSpec = { engine: 'sqlite', service: 'web', path: dbFile, keep: 3 };
    const result = await runBackup(exec, sq, c);
    const scratch = path.join(root, `scratch-${id}.sqlite3`);
    await restoreBackup(exec, sq, c, result.file, { database: scratch });
    expect((await exec.run(['sqlite3', scratch, 'SELECT COUNT(*) FROM t'])).stdout.trim()).toBe('3');
  });
});
