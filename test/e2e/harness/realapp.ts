/**
 * The real-app fixture (test/fixtures/django-app) for e2e tests: a copy with its docker/.env,
 * compose v2 commands against it, HTTP through its nginx, SQL in its MariaDB container, and its
 * gitops-deploy config (the fixture's .github/deploy.yml with the test's project and targets).
 * Images come from test/e2e/images/build-images.sh (run by setup.sh).
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import type { ExecResult } from '../../../src/transport/types.js';
import { repoRoot } from './cli.js';
import { docker } from './docker.js';

const local = new LocalExecutor();

/** from the repository root: this file also runs compiled from .tmp/bench-out/ */
export const REALAPP_FIXTURE = path.join(repoRoot(), 'test', 'fixtures', 'django-app');
export const REALAPP_IMAGES = ['python', 'nginx', 'redis', 'mariadb'].map((n) => `gitops-realapp-${n}:1`);
export const REALAPP_SERVICES = ['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'redis', 'web'];

/** Credentials the tests write into docker/.env (test-only values). */
export const REALAPP_DB = { name: 'observations_nids', user: 'nids', password: 'nids-pw', rootPassword: 'root-pw' };

/** True when `docker compose` (v2) runs and every real-app image exists. */
export async function realappAvailable(): Promise<boolean> {
  try {
    const v2 = await local.run(['docker', 'compose', 'version', '--short'], { allowFailure: true });
    if (v2.code !== 0) return false;
    for (const image of REALAPP_IMAGES) {
      if ((await docker(['image', 'inspect', '--format', '{{.Id}}', image], true)).code !== 0) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** docker/.env of the fixture: secrets, DB credentials, the nginx port. */
export function realappEnvFile(nginxPort: number): string {
  return [
    'SECRET_KEY=e2e-secret-key-not-for-production-0123456789',
    'DEBUG=False',
    `ALLOWED_HOSTS='["localhost","127.0.0.1","web"]'`,
    `CSRF_TRUSTED_ORIGINS='["http://127.0.0.1:${nginxPort}"]'`,
    `DB_ROOT_PASSWORD=${REALAPP_DB.rootPassword}`,
    `DB_NAME=${REALAPP_DB.name}`,
    `DB_USER=${REALAPP_DB.user}`,
    `DB_PASSWORD=${REALAPP_DB.password}`,
    `NGINX_PORT=${nginxPort}`,
    '',
  ].join('\n');
}

/** Copies the fixture to `dest`, writes RELEASE and (unless `env` is false) docker/.env. */
export async function copyRealapp(dest: string, opts: { release: string; nginxPort: number; env?: boolean }): Promise<void> {
  await cp(REALAPP_FIXTURE, dest, { recursive: true });
  await writeFile(path.join(dest, 'RELEASE'), `${opts.release}\n`);
  if (opts.env !== false) await writeFile(path.join(dest, 'docker', '.env'), realappEnvFile(opts.nginxPort));
}

/**
 * `docker compose -p PROJECT --project-directory APP/docker -f APP/docker/docker-compose.yml ARGS`;
 * throws on failure unless allowFailure; `stdin` is fed to the command.
 */
export function composeV2(
  appDir: string,
  project: string,
  args: string[],
  opts: { allowFailure?: boolean; stdin?: string } = {},
): Promise<ExecResult> {
  const dir = path.join(appDir, 'docker');
  return local.run(
    ['docker', 'compose', '-p', project, '--project-directory', dir, '-f', path.join(dir, 'docker-compose.yml'), ...args],
    opts,
  );
}

/** `python3 manage.py ARGS` inside the running web container. */
export function manage(appDir: string, project: string, args: string[]): Promise<ExecResult> {
  return composeV2(appDir, project, ['exec', '-T', 'web', 'python3', 'manage.py', ...args]);
}

/** One SQL statement in the db container as root (unix socket), tab-separated rows. */
export async function dbQuery(appDir: string, project: string, sql: string, database = REALAPP_DB.name): Promise<string> {
  const r = await composeV2(appDir, project, ['exec', '-T', 'db', 'mariadb', '-N', '-B', database, '-e', sql]);
  return r.stdout.trim();
}

export interface HttpResult {
  status: number;
  body: string;
  contentType: string;
}

/** A GET or form POST to nginx on 127.0.0.1:port; never throws on an HTTP status. */
export async function http(port: number, urlPath: string, form?: Record<string, string>): Promise<HttpResult> {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
    method: form ? 'POST' : 'GET',
    body: form ? new URLSearchParams(form) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; returns the last value. */
export async function pollUntil<T>(check: () => Promise<T | undefined>, timeoutMs: number, stepMs = 250): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * The fixture's .github/deploy.yml with the test's compose project and targets (a mapping of
 * target name → target, e.g. from composeTarget-like objects).
 */
export async function realappConfig(project: string, targets: Record<string, Record<string, unknown>>): Promise<string> {
  const config = parse(await readFile(path.join(REALAPP_FIXTURE, '.github', 'deploy.yml'), 'utf8')) as Record<string, unknown>;
  config.compose = { ...(config.compose as Record<string, unknown>), project };
  config.targets = targets;
  return stringify(config);
}

export interface WorkerEvent {
  event: 'task started' | 'SIGTERM (warm shutdown)' | 'row written';
  /** ms since the epoch, from `docker logs --timestamps` */
  at: number;
}

/**
 * What a Celery worker's `docker logs --timestamps` says about record_observation(note): the task
 * started, the worker got SIGTERM (Celery prints "worker: Warm shutdown (MainProcess)"), the row
 * was written; in log order.
 */
export function workerEvents(log: string, note: string): WorkerEvent[] {
  return log.split('\n').flatMap((line): WorkerEvent[] => {
    const at = Date.parse(line.slice(0, line.indexOf(' ')));
    if (line.includes(`record_observation '${note}': sleeping`)) return [{ event: 'task started', at }];
    if (line.includes('worker: Warm shutdown')) return [{ event: 'SIGTERM (warm shutdown)', at }];
    if (line.includes(`record_observation '${note}': wrote row`)) return [{ event: 'row written', at }];
    return [];
  });
}
