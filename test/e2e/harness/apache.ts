/**
 * Apache + Phusion Passenger for e2e tests: one self-contained httpd.conf per test (no /etc/apache2
 * config), listening on 127.0.0.1:PORT, serving a WSGI app via Passenger plus static dirs.
 * Recipe and pitfalls: shared/HARNESS-NOTES.md ("Apache + Phusion Passenger").
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import { onFreePort, PortTaken, waitForPort } from './ports.js';
import { isAlive } from '../../../src/core/pid.js';

const local = new LocalExecutor();

export const APACHE_BIN = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
export const PASSENGER_MODULE = `${MODULES}/mod_passenger.so`;
const PASSENGER_ROOT = '/usr/lib/ruby/vendor_ruby/phusion_passenger/locations.ini';

/** URL prefix under which `publicHtml` is served (Alias). */
export const STATIC_SITE_PREFIX = '/static-site';

export interface ApacheOptions {
  /** PassengerAppRoot: the dir holding passenger_wsgi.py; may be a symlinked path (.../current/backend) */
  appRoot: string;
  /**
   * the port to listen on; omitted: a free one, another one when a process took it before Apache
   * bound it (read it from the server). A given port that is taken rejects with PortTaken.
   */
  port?: number;
  /** test dir for httpd.conf, pid file, logs and runtime files (must exist, 0755) */
  dir: string;
  /** DocumentRoot; default `<dir>/htdocs` (created when missing) */
  documentRoot?: string;
  /** served at STATIC_SITE_PREFIX with Passenger off, like a shared host's public_html; default `<dir>/public_html` */
  publicHtml?: string;
  /** SetEnv lines: passed to the WSGI app (request environ and, with Passenger, os.environ) */
  env?: Record<string, string>;
  /**
   * another host's Apache: started in the network and mount namespaces of this process (e.g. a
   * netns host's sshd with a private view of the app's path, so the app sees that host's files)
   */
  namespacesOf?: number;
  /** an address it listens on as well as 127.0.0.1 (the netns host's own), where the test reaches it; `url` uses it */
  alsoListen?: string;
}

export interface ApacheServer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  url: string;
  port: number;
  confPath: string;
  errorLog: string;
  /** `<url>${STATIC_SITE_PREFIX}` */
  staticSiteUrl: string;
  publicHtml: string;
  documentRoot: string;
  /** `-k stop`, then waits for the master PID to exit (SIGKILL after 15 s) */
  stop(): Promise<void>;
}

/** True when apache2 and mod_passenger are installed. */
export function apacheAvailable(): boolean {
  return existsSync(APACHE_BIN) && existsSync(PASSENGER_MODULE) && existsSync(PASSENGER_ROOT);
}

function quoteConf(value: string): string {
  if (/["\n\\]/.test(value)) throw new Error(`apache conf value not supported: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

/** The httpd.conf text for startApache's options (exported for inspection in tests). */
export function apacheConfig(
  o: Required<Omit<ApacheOptions, 'env' | 'namespacesOf' | 'alsoListen'>> & { env?: Record<string, string>; alsoListen?: string },
): string {
  const q = quoteConf;
  const addrs = [`127.0.0.1:${o.port}`, ...(o.alsoListen ? [`${o.alsoListen}:${o.port}`] : [])];
  const mod = (name: string, file: string): string => `LoadModule ${name}_module ${q(`${MODULES}/${file}`)}`;
  const setEnv = Object.entries(o.env ?? {}).map(([k, v]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`bad env name ${k}`);
    return `  SetEnv ${k} ${q(v)}`;
  });
  return [
    `ServerRoot ${q(o.dir)}`,
    'ServerName 127.0.0.1',
    mod('mpm_event', 'mod_mpm_event.so'),
    mod('authz_core', 'mod_authz_core.so'),
    mod('alias', 'mod_alias.so'),
    mod('dir', 'mod_dir.so'),
    mod('env', 'mod_env.so'),
    mod('passenger', 'mod_passenger.so'),
    `PassengerRoot ${q(PASSENGER_ROOT)}`,
    'PassengerDefaultRuby /usr/bin/ruby',
    '# must be global: inside a VirtualHost it is ignored, and the default (10) delays restart.txt',
    'PassengerStatThrottleRate 0',
    ...addrs.map((a) => `Listen ${a}`),
    `PidFile ${q(path.join(o.dir, 'httpd.pid'))}`,
    `ErrorLog ${q(path.join(o.dir, 'error.log'))}`,
    'LogLevel warn',
    `CustomLog ${q(path.join(o.dir, 'access.log'))} "%h %t \\"%r\\" %>s %b"`,
    `DefaultRuntimeDir ${q(path.join(o.dir, 'run'))}`,
    'User www-data',
    'Group www-data',
    'DirectoryIndex index.html',
    `<VirtualHost ${addrs.join(' ')}>`,
    '  ServerName 127.0.0.1',
    `  DocumentRoot ${q(o.documentRoot)}`,
    `  PassengerAppRoot ${q(o.appRoot)}`,
    '  PassengerAppType wsgi',
    '  PassengerStartupFile passenger_wsgi.py',
    '  PassengerPython /usr/bin/python3',
    ...setEnv,
    `  <Directory ${q(o.documentRoot)}>`,
    '    Require all granted',
    '  </Directory>',
    `  Alias ${STATIC_SITE_PREFIX} ${q(o.publicHtml)}`,
    `  <Location ${STATIC_SITE_PREFIX}>`,
    '    PassengerEnabled off',
    '  </Location>',
    `  <Directory ${q(o.publicHtml)}>`,
    '    Require all granted',
    '  </Directory>',
    '</VirtualHost>',
    '',
  ].join('\n');
}

/**
 * `apache2 -k start`, tried twice: under a loaded full run it once exited 1 with no output (its
 * reason only in its error log); a second failure throws with the output and the log's tail. It
 * binds its ports before it detaches: a port another process holds fails it at once (PortTaken).
 */
async function startOrExplain(argv: string[], errorLog: string, port: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const r = await local.run(argv, { allowFailure: true });
    if (r.code === 0) return;
    if (/Address already in use/.test(r.stderr + r.stdout)) throw new PortTaken(port, `apache2: ${r.stderr.trim()}`);
    const log = await readFile(errorLog, 'utf8').catch(() => '(no error log)');
    if (attempt === 2) throw new Error(`${argv.join(' ')}: exit ${r.code}\n${r.stderr}${r.stdout}\n${log.slice(-3000)}`);
    console.warn(`apache start failed (exit ${r.code}), trying once more:\n${r.stderr}${log.slice(-1500)}`);
    await new Promise((res) => setTimeout(res, 1000));
  }
}

/** Writes `<dir>/httpd.conf`, runs `apache2 -f conf -k start` and waits until the port answers. */
export async function startApache(opts: ApacheOptions): Promise<ApacheServer> {
  const { port } = opts;
  return port === undefined ? onFreePort((p) => startApacheOn({ ...opts, port: p })) : startApacheOn({ ...opts, port });
}

async function startApacheOn(opts: ApacheOptions & { port: number }): Promise<ApacheServer> {
  const documentRoot = opts.documentRoot ?? path.join(opts.dir, 'htdocs');
  const publicHtml = opts.publicHtml ?? path.join(opts.dir, 'public_html');
  for (const d of [path.join(opts.dir, 'run'), documentRoot, publicHtml]) {
    if (!existsSync(d)) await mkdir(d, { recursive: true, mode: 0o755 });
  }
  const confPath = path.join(opts.dir, 'httpd.conf');
  const errorLog = path.join(opts.dir, 'error.log');
  await writeFile(confPath, apacheConfig({ ...opts, documentRoot, publicHtml }));
  const ns = opts.namespacesOf === undefined ? [] : ['nsenter', '-t', String(opts.namespacesOf), '-n', '-m'];
  await startOrExplain([...ns, APACHE_BIN, '-f', confPath, '-k', 'start'], errorLog, opts.port);
  const address = opts.alsoListen ?? '127.0.0.1';
  const url = `http://${address}:${opts.port}`;
  const server: ApacheServer = {
    url,
    port: opts.port,
    confPath,
    errorLog,
    staticSiteUrl: `${url}${STATIC_SITE_PREFIX}`,
    publicHtml,
    documentRoot,
    stop: () => stopApache(confPath, path.join(opts.dir, 'httpd.pid')),
  };
  if (!(await waitForPort(opts.port, 20_000, address))) {
    const log = await readFile(errorLog, 'utf8').catch(() => '(no error log)');
    await server.stop().catch(() => undefined);
    throw new Error(`apache did not listen on ${address}:${opts.port} within 20 s\n${log.slice(-3000)}`);
  }
  return server;
}

async function readPid(pidFile: string): Promise<number | null> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : null;
}

async function stopApache(confPath: string, pidFile: string): Promise<void> {
  const pid = await readPid(pidFile);
  await local.run([APACHE_BIN, '-f', confPath, '-k', 'stop'], { allowFailure: true });
  if (pid === null) return;
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    const killDeadline = Date.now() + 5_000;
    while (isAlive(pid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50));
  }
}
