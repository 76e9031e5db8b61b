/**
 * Passenger hosts for e2e tests of the passenger-app fixture: one with layout "releases" and one
 * in-place, each served by its own Apache + Passenger (PassengerAppRoot <path>/current/backend or
 * <path>/backend), the app's SQLite database passed as APP_DB.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apacheAvailable, startApache, type ApacheServer } from './apache.js';
import { gate } from './require.js';
import { sshdAvailable } from './sshd.js';
import { freePort } from './ports.js';

export const PASSENGER_FIXTURE = fileURLToPath(new URL('../../fixtures/passenger-app', import.meta.url));

/** The system python can create virtualenvs (python3-venv installed). */
export function pythonVenvAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import ensurepip, venv'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface PassengerHost {
  /** deploy path */
  path: string;
  publicHtml: string;
  /** the app's directory holding .env and storage/: shared/backend (releases) or backend (in-place) */
  appDir: string;
  /** the SQLite database as the app and the migrations see it */
  db: string;
  /** Apache's port */
  port: number;
  apache?: ApacheServer;
}

/** Paths (`<tmp>/<name>/app`, `<tmp>/<name>/public_html`) and a free port of one host; nothing created. */
export async function passengerHost(tmp: string, name: string, releases = true): Promise<PassengerHost> {
  const path = join(tmp, name, 'app');
  const appDir = releases ? join(path, 'shared', 'backend') : join(path, 'backend');
  return { path, publicHtml: join(tmp, name, 'public_html'), appDir, db: join(appDir, 'storage', 'app.sqlite3'), port: await freePort() };
}

/** Paths and ports of the releases host (<tmp>/host) and the in-place one (<tmp>/host2); nothing started. */
export async function passengerHosts(tmp: string): Promise<{ rel: PassengerHost; inp: PassengerHost }> {
  return { rel: await passengerHost(tmp, 'host'), inp: await passengerHost(tmp, 'host2', false) };
}

/** Starts Apache + Passenger for each host (after the host's files are prepared). */
export async function startPassengerApaches(tmp: string, hosts: { rel: PassengerHost; inp: PassengerHost }): Promise<void> {
  await startPassengerApache(tmp, hosts.rel, join(hosts.rel.path, 'current', 'backend'));
  await startPassengerApache(tmp, hosts.inp, join(hosts.inp.path, 'backend'));
}

/**
 * Starts Apache + Passenger for `h` on its port (config in `<tmp>/apache-<port>`), app root `appRoot`; sets h.apache.
 * A port written into a config before Apache binds it can be taken meanwhile: servePassengerHost avoids that.
 */
export async function startPassengerApache(tmp: string, h: PassengerHost, appRoot: string): Promise<ApacheServer> {
  return apacheFor(join(tmp, `apache-${h.port}`), h, appRoot, h.port);
}

/**
 * Starts Apache + Passenger for `h` first, on a port free when Apache binds it (another one when a
 * process took it before), and sets h.port to that port and h.apache: call it before the port goes
 * into a config. Config in `<tmp>/apache-<name of the host's directory>`, app root `appRoot`.
 */
export async function servePassengerHost(tmp: string, h: PassengerHost, appRoot: string): Promise<ApacheServer> {
  const apache = await apacheFor(join(tmp, `apache-${basename(dirname(h.path))}`), h, appRoot);
  h.port = apache.port;
  return apache;
}

/** servePassengerHost for the releases host and the in-place one (prepared or not: Passenger reads the app on the first request). */
export async function servePassengerHosts(tmp: string, hosts: { rel: PassengerHost; inp: PassengerHost }): Promise<void> {
  await servePassengerHost(tmp, hosts.rel, join(hosts.rel.path, 'current', 'backend'));
  await servePassengerHost(tmp, hosts.inp, join(hosts.inp.path, 'backend'));
}

async function apacheFor(dir: string, h: PassengerHost, appRoot: string, port?: number): Promise<ApacheServer> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  return (h.apache = await startApache({ appRoot, port, dir, publicHtml: h.publicHtml, env: { APP_DB: h.db } }));
}

/** What a test of the fixture on real Apache + Passenger needs: sshd, apache2 + mod_passenger, python3-venv. */
export function realPassengerReady(): boolean {
  return gate('sshd + apache2 + mod_passenger + python3-venv + sqlite3', sshdAvailable() && apacheAvailable() && pythonVenvAvailable());
}

/** A releases host's files before its first deploy: shared .env and storage/ with an existing database, an empty public_html. */
export async function prepareReleasesHost(h: PassengerHost): Promise<void> {
  await mkdir(join(h.appDir, 'storage'), { recursive: true });
  await writeFile(join(h.appDir, '.env'), 'SECRET_KEY=keep-me\n');
  execFileSync('sqlite3', [h.db, 'create table if not exists legacy(x);']);
  await mkdir(h.publicHtml, { recursive: true });
}

/** `<status> <body, trimmed>` of a GET (`0 <error>` when it fails), for comparing pages in one expect. */
export async function statusAndBody(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(20_000) }).catch((e: Error) => ({ status: 0, text: async () => e.message }));
  return `${res.status} ${(await res.text()).trim()}`;
}

/**
 * A passenger target of the fixture on `h` (health: the app's page unless given), `extra` lines
 * appended; `ssh` is the port of the test sshd (root@127.0.0.1), or `{hosts}` for a target with several hosts.
 */
export function passengerTargetYaml(
  name: string,
  ssh: number | { hosts: string[] },
  h: Pick<PassengerHost, 'path' | 'publicHtml' | 'port'>,
  extra = '',
  health = `http://127.0.0.1:${h.port}/`,
): string {
  return `  ${name}:
    strategy: passenger
${typeof ssh === 'number' ? `    host: root@127.0.0.1\n    port: ${ssh}` : `    hosts: [${ssh.hosts.join(', ')}]`}
    path: ${h.path}
    app_root: backend
    shared: [backend/.env, backend/storage/]
    python: /usr/bin/python3
    pip_args: [--no-index, --find-links, wheels]
    health: {url: "${health}", expect_body: "^version=", timeout: 8s}
    frontend: {build: "cd frontend && node build.js", dist: frontend/dist, public_html: ${h.publicHtml}, paths: ["frontend/**"], protect: [.htaccess]}
${extra}`;
}
