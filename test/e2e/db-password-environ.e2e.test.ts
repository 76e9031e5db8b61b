/**
 * The database password on the host (README, Security): the remote script hands MYSQL_PWD /
 * PGPASSWORD only to the dump or restore tool it runs. Against real MariaDB and PostgreSQL, through
 * the CLI over a real sshd, /proc is scanned while backups with a restore drill run (password from
 * the runner over stdin, and from the host's env file): below sshd, only the database tools may
 * hold the password in their environment, never gzip, tee, sha256sum or the verifier's tools.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
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
import { sampleEnvironHolders } from './harness/secrets.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + MariaDB + PostgreSQL', sshdAvailable() && (await ensureMariadb()) && (await ensurePostgres()));
const id = randomBytes(4).toString('hex');
const DB = `gd_pwenv_${id}`;
/** distinctive, with characters a careless quoting would split or expand */
const PASSWORD = `pw-env-${randomBytes(6).toString('hex')} $x 'q"`;
/** the tools that need the password: nothing else on the host may hold it */
const DB_TOOLS = new Set(['mysqldump', 'mysql', 'pg_dump', 'pg_restore', 'psql']);
const SLOW = 300_000;

describe.runIf(ready)('the database password reaches only the database tools on the host', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};
  const backup = (target: string, extra: Record<string, string> = {}) =>
    runCli(['backup', '--config', join(tmp, 'deploy.yml'), '--target', target, '--drill', '--json'], { ...env, ...extra });

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-pwenv');
    const hostPath = join(tmp, 'host', 'app');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await createMariadbDb(DB, DB, PASSWORD);
    await createPostgresDb(DB, DB, PASSWORD);
    // the restore drill creates and drops a scratch database next to it
    const who = [`'${DB}'@'localhost'`, `'${DB}'@'127.0.0.1'`];
    await mariadbQuery(undefined, who.map((u) => `GRANT ALL PRIVILEGES ON \`${DB}\\_gd\\_drill\\_%\`.* TO ${u};`).join('\n'));
    await postgresQuery('postgres', `ALTER ROLE "${DB}" CREATEDB;`);
    // big enough that the dump pipeline runs long enough for the scans to see its stages
    await mariadbQuery(
      DB,
      `CREATE TABLE big (id INT PRIMARY KEY, pad CHAR(100)); INSERT INTO big SELECT seq, REPEAT('x', 100) FROM seq_1_to_150000;`,
    );
    await postgresQuery(
      DB,
      `CREATE TABLE big AS SELECT g AS id, repeat('x', 100) AS pad FROM generate_series(1, 150000) g; ALTER TABLE big OWNER TO ${DB};`,
    );
    await mkdir(join(hostPath, 'shared'), { recursive: true });
    const quoted = PASSWORD.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    await writeFile(join(hostPath, 'shared', '.env'), `DB_PASSWORD="${quoted}"\n`);
    const target = (name: string, engine: string, port: number, extra = '') =>
      `  ${name}:\n    strategy: compose\n    host: root@127.0.0.1\n    port: ${sshd.port}\n    path: ${hostPath}\n    shared: [.env]\n` +
      `    backup: {engine: ${engine}, database: ${DB}, user: ${DB}, host: 127.0.0.1, port: ${port}${extra}}\n`;
    await writeFile(
      join(tmp, 'deploy.yml'),
      `version: 1\ncompose: {project: gdpwenv${id}}\ntargets:\n${target('maria', 'mariadb', 3306)}${target('pg', 'postgres', 5432)}` +
        target('maria-envfile', 'mariadb', 3306, ', password_env: DB_PASSWORD, password_env_file: shared/.env'),
    );
  }, SLOW);

  afterAll(async () => {
    await dropMariadbDb(DB, DB).catch(() => undefined);
    await dropPostgresDb(DB, DB).catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it(
    'backups with a restore drill (runner secret over stdin for MariaDB and PostgreSQL, the host env file for MariaDB)',
    async () => {
      const sampler = sampleEnvironHolders(sshd.pid, PASSWORD);
      try {
        for (const [target, extra] of [
          ['maria', { GITOPS_DB_PASSWORD: PASSWORD }],
          ['pg', { GITOPS_DB_PASSWORD: PASSWORD }],
          ['maria-envfile', {}],
        ] as const) {
          const r = await backup(target, extra);
          expect(r.code, `${target}: ${r.stderr}`).toBe(0);
          expect(r.json.result).toBe('success');
        }
      } finally {
        await sampler.stop();
      }
      const holders = [...sampler.holders];
      // the scans did see the password where it belongs
      expect(holders.some((h) => h.startsWith('mysqldump:'))).toBe(true);
      expect(holders.some((h) => h.startsWith('pg_dump:'))).toBe(true);
      expect(holders.filter((h) => !DB_TOOLS.has(h.split(':')[0]!))).toEqual([]);
    },
    SLOW,
  );
});
