/**
 * Backup benchmark (#11): a MariaDB database of BENCH_BACKUP_MB (default 1024) MiB of rows, dumped
 * by `gitops-deploy backup` over real sshd (stream, gzip, verify, hash, sidecar) and by a bare
 * `mysqldump | gzip > file` on the same host, interleaved, BENCH_BACKUP_RUNS (default 3) rounds,
 * medians. The runner's peak memory (max RSS of the CLI process, from /usr/bin/time) shows whether
 * the dump streams past it or through it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { CLI } from '../test/e2e/harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb, mariadbQuery } from '../test/e2e/harness/databases.js';
import { sshdAvailable, startSshd } from '../test/e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';
import { median, s as seconds } from './stats.js';

const MB = Number(process.env.BENCH_BACKUP_MB ?? 1024);
const RUNS = Number(process.env.BENCH_BACKUP_RUNS ?? 3);
/** one row: ~1 KiB of base64 text (compresses like real text columns, ~1.3:1) */
const ROW = 1024;

interface Timed {
  ms: number;
  /** peak RSS of the measured process, KiB */
  rssKiB: number;
  out: string;
}

/** Runs argv under /usr/bin/time: wall time and peak RSS, secrets only in env. */
function timed(argv: string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'RSS %M', ...argv], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${argv.join(' ')} exited ${code}: ${out.slice(-2000)}`));
      resolve({ ms, rssKiB: Number(/RSS (\d+)/.exec(out)?.[1] ?? NaN), out });
    });
  });
}

async function fill(db: string): Promise<void> {
  const rows = Math.ceil((MB * 1024 * 1024) / ROW);
  await mariadbQuery(db, 'CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, payload TEXT NOT NULL) ENGINE=InnoDB;');
  for (let done = 0; done < rows; done += 100_000) {
    const n = Math.min(100_000, rows - done);
    await mariadbQuery(db, `INSERT INTO t (payload) SELECT TO_BASE64(RANDOM_BYTES(${(ROW * 3) / 4})) FROM seq_1_to_${n};`);
  }
}

function config(port: number, root: string, db: string): string {
  return `version: 1
compose: {project: gdbkbench}
targets:
  maria:
    strategy: compose
    host: root@127.0.0.1
    port: ${port}
    path: ${root}
    backup: {engine: mariadb, database: ${db}, user: ${db}, host: 127.0.0.1, keep: 2}
`;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function rounds(ctx: { cfg: string; env: Record<string, string>; db: string; tmp: string }): Promise<string> {
  const bare: Timed[] = [];
  const ours: Timed[] = [];
  let gz = 0;
  for (let i = 0; i < RUNS; i++) {
    const file = join(ctx.tmp, `bare-${i}.sql.gz`);
    const dump = `mysqldump --single-transaction --quick -h 127.0.0.1 -u ${ctx.db} ${ctx.db} | gzip > ${file}`;
    bare.push(await timed(['bash', '-c', `set -o pipefail; ${dump}`], { MYSQL_PWD: ctx.env.GITOPS_DB_PASSWORD! }));
    gz = (await stat(file)).size;
    ours.push(await timed(['node', CLI, 'backup', '--target', 'maria', '--config', ctx.cfg], ctx.env));
  }
  const b = median(bare.map((t) => t.ms));
  const o = median(ours.map((t) => t.ms));
  const verdict =
    o <= 1.15 * b
      ? 'met'
      : `not met: ${(o / b).toFixed(2)}× the bare dump; ours also copies the dump to its check (the dump's last bytes) and a byte count, and hashes the compressed file, beside the dump and gzip, on this machine's ${cpus().length} cores`;
  return [
    `A ${MB} MiB table (1 KiB base64 rows), MariaDB on this machine, ${RUNS} interleaved rounds, medians; the dump gzips to ${mib(gz)}.`,
    '',
    '| way | wall time | × bare | peak memory of the process we run |',
    '|---|---:|---:|---:|',
    `| bare \`mysqldump \\| gzip > file\` | ${seconds(b)} | 1.00× | ${mib(median(bare.map((t) => t.rssKiB)) * 1024)} (time + bash) |`,
    `| \`gitops-deploy backup\` (over SSH: dump, gzip, verify, sha256, sidecar, retention) | ${seconds(o)} | ${(o / b).toFixed(2)}× | ${mib(median(ours.map((t) => t.rssKiB)) * 1024)} (the CLI on the runner) |`,
    '',
    `Target (≤ 1.15× the bare dump, constant memory on the runner): **${verdict}**.`,
    '',
  ].join('\n');
}

export async function benchBackup(): Promise<string> {
  const head = `## Backup: a ${MB} MiB MariaDB database\n`;
  if (!sshdAvailable() || !existsSync('/usr/bin/time') || !(await ensureMariadb()))
    return `${head}\nSkipped: needs sshd, /usr/bin/time and MariaDB.\n`;
  const sshd = await startSshd();
  const tmp = await makeTempDir('gitops-bench-backup');
  const db = `gd_bkbench_${randomBytes(3).toString('hex')}`;
  const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, GITOPS_DB_PASSWORD: randomBytes(12).toString('hex') };
  try {
    await createMariadbDb(db, db, env.GITOPS_DB_PASSWORD);
    await fill(db);
    const cfg = join(tmp, 'deploy.yml');
    await writeFile(cfg, config(sshd.port, join(tmp, 'host'), db));
    return `${head}\n${await rounds({ cfg, env, db, tmp })}`;
  } finally {
    await dropMariadbDb(db, db).catch(() => undefined);
    await sshd.stop();
    await removeTree(tmp);
  }
}
