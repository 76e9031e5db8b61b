/**
 * The two apps the deploy comparison runs on: the busybox fixture (test/fixtures/compose-app, no
 * network, health from the container's healthcheck) and the real-app fixture (test/fixtures/
 * django-app: Debian-based Django/Celery/MariaDB/nginx/redis on compose v2, answered through nginx).
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBusyboxBaseImage, docker, dockerAvailable } from '../test/e2e/harness/docker.js';
import { http, manage, pollUntil, realappAvailable, realappConfig, realappEnvFile, REALAPP_FIXTURE } from '../test/e2e/harness/realapp.js';

export type Change = 'template' | 'python';

export interface BenchFixture {
  name: string;
  description: string;
  source: string;
  /** null when it can run, else why not */
  unavailable(): Promise<string | null>;
  /** .github/deploy.yml with targets `on` (backup) and `off` (no backup) at `path` */
  config(project: string, sshPort: number, path: string): Promise<string>;
  /** the files a change writes (repo-relative), unique per `tag` */
  change(kind: Change, tag: string): Record<string, string>;
  /** services built and started by hand for a change (the limit) */
  services: Record<Change, string[]>;
  /** where a deploy keeps files that are not in the repo (relative to the app dir) */
  hostFiles(appPort: number): Record<string, string>;
  /** the URL polled during a deploy, if the app answers HTTP */
  url?(appPort: number): string;
  /** resolves when web answers again (after an `up`) */
  waitReady(project: string, appPort: number): Promise<void>;
  /** once after the first `up` of a stack not deployed by gitops-deploy (migrations) */
  afterFirstUp(appDir: string, project: string): Promise<void>;
}

const BUSYBOX_SOURCE = fileURLToPath(new URL('../../../test/fixtures/compose-app', import.meta.url));

async function webContainer(project: string): Promise<string> {
  const r = await docker([
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--filter',
    'label=com.docker.compose.service=web',
  ]);
  return r.stdout.trim().split('\n')[0] ?? '';
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const ok = await pollUntil(async () => ((await check()) ? true : undefined), 180_000, 50);
  if (!ok) throw new Error(`timed out waiting until ${what}`);
}

/** The fixture's file with a marker comment appended (HTML or Python). */
function changed(source: string, file: string, tag: string): Record<string, string> {
  const text = readFileSync(join(source, file), 'utf8');
  return { [file]: file.endsWith('.py') ? `${text}# ${tag}\n` : `${text}<!-- ${tag} -->\n` };
}

export const busybox: BenchFixture = {
  name: 'busybox',
  description:
    'busybox fixture (test/fixtures/compose-app: 6 services, 4 built from one Dockerfile, no network; web "answers" = its healthcheck reports healthy)',
  source: BUSYBOX_SOURCE,
  unavailable: async () => {
    if (!(await dockerAvailable())) return 'the Docker engine is not available';
    if (!(await realappAvailable().catch(() => false))) return 'docker compose v2 is not available';
    await buildBusyboxBaseImage();
    return null;
  },
  config: async (project, port, path) => {
    const target = `strategy: compose, host: root@127.0.0.1, port: ${port}, path: ${path}, shared: [.env, media/], health: {timeout: 60s}`;
    return `version: 1
compose: {directory: docker, files: [docker-compose.yml], project: ${project}}
rules:
  - {name: docs, paths: ["**/*.md"], ignore: true}
  - {name: templates, paths: ["**/templates/**"], build: [web]}
  - {name: python, paths: ["**/*.py"], build: [web, celery_worker, celery_beat]}
targets:
  on: {${target}, backup: {engine: sqlite, path: shared/db.sqlite3, keep: 3}}
  off: {${target}}
`;
  },
  change: (kind, tag) => changed(BUSYBOX_SOURCE, { template: 'app/templates/index.html', python: 'app/views.py' }[kind], tag),
  services: { template: ['web'], python: ['web', 'celery_worker', 'celery_beat'] },
  hostFiles: () => ({ 'media/.keep': '' }),
  waitReady: (project) =>
    until('web is healthy', async () => {
      const id = await webContainer(project);
      return !!id && (await docker(['inspect', '--format', '{{.State.Health.Status}}', id], true)).stdout.trim() === 'healthy';
    }),
  afterFirstUp: async () => undefined,
};

export const realapp: BenchFixture = {
  name: 'realapp',
  description:
    'real-app fixture (test/fixtures/django-app: Debian-based Django + gunicorn, 2 Celery services, flower, MariaDB, redis, nginx; compose v2; web "answers" = GET /health through nginx is 200)',
  source: REALAPP_FIXTURE,
  unavailable: async () =>
    (await realappAvailable()) ? null : 'docker compose v2 or the gitops-realapp-*:1 images are missing (run test/e2e/setup.sh as root)',
  config: (project, port, path) => {
    const target = {
      strategy: 'compose',
      host: 'root@127.0.0.1',
      port,
      path,
      shared: ['docker/.env'],
      health: { services: true, timeout: '120s' },
    };
    const backup = { engine: 'mariadb', service: 'db', database: 'observations_nids', user: 'root', password_env: 'DB_ROOT_PASSWORD' };
    return realappConfig(project, { on: { ...target, backup }, off: target });
  },
  change: (kind, tag) =>
    changed(REALAPP_FIXTURE, { template: 'observations/templates/observations/home.html', python: 'observations/views.py' }[kind], tag),
  services: { template: ['web'], python: ['web', 'celery_worker', 'celery_beat'] },
  hostFiles: (appPort) => ({ 'docker/.env': realappEnvFile(appPort) }),
  url: (appPort) => `http://127.0.0.1:${appPort}/`,
  waitReady: (_project, appPort) => until('web answers /health through nginx', async () => (await http(appPort, '/health')).status === 200),
  afterFirstUp: async (appDir, project) => void (await manage(appDir, project, ['migrate', '--noinput'])),
};

/** Writes a fixture's host-only files (docker/.env, media/) under `dir`. */
export async function writeHostFiles(fx: BenchFixture, dir: string, appPort: number): Promise<void> {
  for (const [file, text] of Object.entries(fx.hostFiles(appPort))) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
}
