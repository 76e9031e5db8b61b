/**
 * Proves the docker harness: busybox base image, the compose-app fixture coming up under
 * docker-compose v1 with all six services, release visible in logs, healthcheck, cleanup.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildBusyboxBaseImage,
  compose,
  containerIds,
  containerState,
  docker,
  imageIdOf,
  imageIdOfTag,
  logsOf,
  projectContainers,
  removeProject,
  uniqueProject,
  dockerAvailable,
  waitForHealth,
} from './harness/docker.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const SERVICES = ['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'web'];
const available = gate('docker engine + docker-compose v1', await dockerAvailable());

async function waitForLog(container: string, needle: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let logs = '';
  while (Date.now() < deadline) {
    logs = await logsOf(container);
    if (logs.includes(needle)) return logs;
    await new Promise((r) => setTimeout(r, 200));
  }
  return logs;
}

describe.runIf(available)('docker harness with the compose-app fixture', () => {
  let dir = '';
  let appDir = '';
  const project = uniqueProject('gdharness');

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    dir = await makeTempDir('gitops-harness-docker');
    appDir = path.join(dir, 'app');
    await cp(FIXTURE, appDir, { recursive: true });
    await writeFile(path.join(appDir, 'RELEASE'), 'v1\n');
    await compose({ cwd: appDir, project, file: 'docker/docker-compose.yml' }, ['up', '-d', '--build']);
  });

  afterAll(async () => {
    await removeProject(project);
    if (dir) await removeTree(dir);
  });

  it('runs all six services', async () => {
    const ids = await containerIds(project);
    expect(Object.keys(ids).sort()).toEqual(SERVICES);
    for (const c of await projectContainers(project)) expect(c.state, c.service).toBe('running');
  });

  it('web logs show the release and every service prints its name', async () => {
    const ids = await containerIds(project);
    expect(await waitForLog(ids.web!, 'release=v1')).toContain('service=web role=web release=v1');
    expect(await waitForLog(ids.celery_worker!, 'release=v1')).toContain('service=celery_worker role=worker');
    expect(await waitForLog(ids.db!, 'service=db')).toContain('service=db ready');
  });

  it('web becomes healthy', async () => {
    const ids = await containerIds(project);
    expect(await waitForHealth(ids.web!, 'healthy', 20_000)).toBe('healthy');
    expect((await containerState(ids.nginx!)).health).toBeNull();
  });

  it('nginx sees the bind-mounted conf; the build context honours .dockerignore', async () => {
    const ids = await containerIds(project);
    const conf = await readFile(path.join(appDir, 'docker/nginx/nginx.conf'));
    const md5 = createHash('md5').update(conf).digest('hex');
    expect(await waitForLog(ids.nginx!, 'conf=')).toContain(`service=nginx conf=${md5}`);
    const probe = 'test -f /app/RELEASE && test -f /app/manage.py && test ! -e /app/docs/README.md && test ! -e /app/docker/nginx';
    expect((await docker(['exec', ids.web!, 'sh', '-c', probe], true)).code).toBe(0);
    expect((await docker(['exec', ids.web!, 'sh', '-c', 'test -d /app/media'], true)).code).toBe(0);
  });

  it('built services run the project image; removeProject leaves nothing behind', async () => {
    const ids = await containerIds(project);
    expect(await imageIdOf(ids.web!)).toBe(await imageIdOfTag(`${project}_web`));
    await removeProject(project);
    expect(await containerIds(project)).toEqual({});
    expect(await imageIdOfTag(`${project}_web`)).toBeNull();
    expect(await imageIdOfTag('gitops-fixture-base:latest')).not.toBeNull();
  });
});
