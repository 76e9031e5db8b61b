/**
 * Real MariaDB and PostgreSQL for e2e tests: start them when they are not running (root only),
 * create throw-away databases with a password-authenticated user on 127.0.0.1, query as root.
 * Root talks to MariaDB over the socket (`mysql -uroot`) and to PostgreSQL as the postgres user
 * (`runuser -u postgres -- psql`). SQL always goes through stdin, never argv.
 */
import { existsSync } from 'node:fs';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';

const local = new LocalExecutor();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => process.getuid?.() === 0;

/** 'text' as an SQL string literal (MariaDB and PostgreSQL with standard_conforming_strings). */
function sqlString(text: string, backslashes: boolean): string {
  const body = backslashes ? text.replace(/\\/g, '\\\\') : text;
  return `'${body.replace(/'/g, "''")}'`;
}

function mysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function ok(argv: string[]): Promise<boolean> {
  try {
    return (await local.run(argv, { allowFailure: true })).code === 0;
  } catch {
    return false; // program missing
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await sleep(300);
  }
}

const mariadbUp = () => ok(['mysqladmin', '-uroot', 'ping']);
const postgresUp = () => ok(['runuser', '-u', 'postgres', '--', 'psql', '-qAtc', 'SELECT 1']);

/** Starts mariadbd when needed; true when it answers. */
export async function ensureMariadb(): Promise<boolean> {
  if (await mariadbUp()) return true;
  if (!isRoot() || !existsSync('/usr/sbin/mariadbd')) return false;
  await local.run(['install', '-d', '-o', 'mysql', '-g', 'mysql', '/run/mysqld'], { allowFailure: true });
  const start = ['start-stop-daemon', '--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd'];
  await local.run([...start, '--', '--user=mysql'], { allowFailure: true });
  return waitFor(mariadbUp, 30_000);
}

/** Starts the first 'main' PostgreSQL cluster when needed; true when it answers. */
export async function ensurePostgres(): Promise<boolean> {
  if (await postgresUp()) return true;
  if (!isRoot()) return false;
  const list = await local.run(['pg_lsclusters', '-h'], { allowFailure: true }).catch(() => undefined);
  const version = list?.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1] === 'main')?.[0];
  if (!version) return false;
  await local.run(['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', 'start'], { allowFailure: true });
  return waitFor(postgresUp, 30_000);
}

/** Runs SQL as MariaDB root in `db` (or none); returns the tab-separated rows. */
export async function mariadbQuery(db: string | undefined, sql: string): Promise<string> {
  const argv = ['mysql', '-uroot', '-N', '-B', ...(db ? [db] : [])];
  return (await local.run(argv, { stdin: sql })).stdout.trim();
}

/** Runs SQL as the postgres superuser in `db`; returns unaligned rows. */
export async function postgresQuery(db: string, sql: string): Promise<string> {
  const argv = ['runuser', '-u', 'postgres', '--', 'psql', '-X', '-qAt', '-v', 'ON_ERROR_STOP=1', '-d', db];
  return (await local.run(argv, { stdin: sql })).stdout.trim();
}

/** Creates `name` and a user (password auth, localhost and 127.0.0.1) with all rights on it. */
export async function createMariadbDb(name: string, user: string, password: string): Promise<void> {
  const pw = sqlString(password, true);
  const who = [`${sqlString(user, true)}@'localhost'`, `${sqlString(user, true)}@'127.0.0.1'`];
  const sql = [
    `CREATE DATABASE IF NOT EXISTS ${mysqlIdent(name)};`,
    ...who.flatMap((u) => [
      `CREATE USER IF NOT EXISTS ${u} IDENTIFIED BY ${pw};`,
      `ALTER USER ${u} IDENTIFIED BY ${pw};`,
      `GRANT ALL PRIVILEGES ON ${mysqlIdent(name)}.* TO ${u};`,
    ]),
  ].join('\n');
  await mariadbQuery(undefined, sql);
}

/** Drops the database and, when given, the user. */
export async function dropMariadbDb(name: string, user?: string): Promise<void> {
  const users = user ? `DROP USER IF EXISTS ${sqlString(user, true)}@'localhost', ${sqlString(user, true)}@'127.0.0.1';` : '';
  await mariadbQuery(undefined, `DROP DATABASE IF EXISTS ${mysqlIdent(name)};${users}`);
}

/** Creates a login role (scram password, TCP 127.0.0.1 per Debian's pg_hba) owning database `name`. */
export async function createPostgresDb(name: string, user: string, password: string): Promise<void> {
  const exists = await postgresQuery('postgres', `SELECT 1 FROM pg_roles WHERE rolname = ${sqlString(user, false)};`);
  const verb = exists === '1' ? 'ALTER' : 'CREATE';
  await postgresQuery('postgres', `${verb} ROLE ${pgIdent(user)} LOGIN PASSWORD ${sqlString(password, false)};`);
  const db = await postgresQuery('postgres', `SELECT 1 FROM pg_database WHERE datname = ${sqlString(name, false)};`);
  if (db !== '1') await postgresQuery('postgres', `CREATE DATABASE ${pgIdent(name)} OWNER ${pgIdent(user)};`);
}

/** Drops the database (terminating its sessions) and, when given, the role. */
export async function dropPostgresDb(name: string, user?: string): Promise<void> {
  await postgresQuery('postgres', `DROP DATABASE IF EXISTS ${pgIdent(name)} WITH (FORCE);`);
  if (user) await postgresQuery('postgres', `DROP ROLE IF EXISTS ${pgIdent(user)};`);
}

/** Runs SQL in `db` as `user` (password auth over TCP 127.0.0.1, like the app); returns unaligned rows. */
export async function postgresQueryAs(db: string, user: string, password: string, sql: string): Promise<string> {
  const argv = ['psql', '-X', '-qAt', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', user, '-d', db];
  return (await local.run(argv, { stdin: sql, env: { PGPASSWORD: password } })).stdout.trim();
}
