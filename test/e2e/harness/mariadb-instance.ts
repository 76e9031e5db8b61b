/**
 * A MariaDB server of a test's own, for server settings the shared one (test/e2e/setup.sh) cannot
 * take without disturbing the other tests (e.g. `--lower-case-table-names=1`, fixed at start): its
 * own data directory, socket and 127.0.0.1 port under a fresh temp directory. Root only. Root talks
 * to it over its socket; SQL goes through stdin.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import { freePort } from './ports.js';
import { makeTempDir, removeTree } from './tmp.js';

const local = new LocalExecutor();
const MARIADBD = '/usr/sbin/mariadbd';

export interface MariadbInstance {
  port: number;
  /** Runs SQL as root (socket) in `db` (or none); returns the tab-separated rows. */
  query(db: string | undefined, sql: string): Promise<string>;
  /** Stops the server (by its process) and removes its directory. */
  stop(): Promise<void>;
}

/** True when this process may start one (root, mariadbd and mariadb-install-db installed). */
export function mariadbInstanceAvailable(): boolean {
  return process.getuid?.() === 0 && existsSync(MARIADBD) && existsSync('/usr/bin/mariadb-install-db');
}

async function answers(socket: string, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 300))) {
    if ((await local.run(['mysqladmin', '-S', socket, 'ping'], { allowFailure: true })).code === 0) return true;
  }
  return false;
}

/** Initialises and starts a server with `options` (mariadbd flags); throws when it does not answer. */
export async function startMariadbInstance(options: string[]): Promise<MariadbInstance> {
  const dir = await makeTempDir('gd-mariadb-instance');
  await local.run(['chown', 'mysql:mysql', dir]);
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'sock');
  await local.run([
    'mariadb-install-db',
    '--user=mysql',
    `--datadir=${data}`,
    '--auth-root-authentication-method=socket',
    '--skip-test-db',
  ]);
  const port = await freePort();
  const args = [`--datadir=${data}`, `--socket=${socket}`, `--pid-file=${path.join(dir, 'pid')}`, `--port=${port}`];
  const server = spawn(
    MARIADBD,
    ['--no-defaults', '--user=mysql', ...args, '--bind-address=127.0.0.1', `--log-error=${path.join(dir, 'err.log')}`, ...options],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
    await removeTree(dir);
  };
  if (!(await answers(socket, 60_000))) {
    await stop();
    throw new Error(`mariadbd ${options.join(' ')} did not answer within 60 s`);
  }
  const query = async (db: string | undefined, sql: string) =>
    (await local.run(['mysql', '-S', socket, '-uroot', '-N', '-B', ...(db ? [db] : [])], { stdin: sql })).stdout.trim();
  return { port, query, stop };
}
