/**
 * Proves the real-app fixture (test/fixtures/django-app) on compose v2, without gitops-deploy:
 * build + up (--wait), migrate, collectstatic, a page and a static file through nginx on
 * 127.0.0.1, a Celery task writing its row, a mysqldump of the MariaDB container restored into a
 * scratch database, web restart/recreate times, then down -v. Prints the timings it measures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, projectContainers, removeProject, uniqueProject } from './harness/docker.js';
import { freePort } from './harness/ports.js';
import {
  composeV2,
  copyRealapp,
  dbQuery,
  http,
  manage,
  pollUntil,
  REALAPP_DB,
  REALAPP_SERVICES,
  realappAvailable,
  realappConfig,
} from './harness/realapp.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';
import { parseConfig } from '../../src/config/load.js';

const available = gate(
  'docker compose v2 + the real-app images',
  await realappAvailable(),
  'run test/e2e/setup.sh as root: it installs compose v2 and builds the images',
);
const STEP = 600_000;
const timings: Record<string, number> = {};

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    timings[name] = Date.now() - start;
  }
}

/** Rows of observations.json through nginx whose note is `note`. */
async function rowsWithNote(port: number, note: string): Promise<unknown[]> {
  const res = await http(port, '/observations.json');
  if (res.status !== 200) return [];
  const body = JSON.parse(res.body) as { observations: { note: string }[] };
  return body.observations.filter((o) => o.note === note);
}

/** Waits until nginx answers /health with 200 from web; returns the milliseconds it took. */
async function msUntilHealthy(port: number, since: number): Promise<number> {
  const ok = await pollUntil(async () => ((await http(port, '/health')).status === 200 ? true : undefined), 120_000, 100);
  expect(ok, 'web answers /health through nginx again').toBe(true);
  return Date.now() - since;
}

describe.runIf(available)('real-app fixture on compose v2 (no gitops-deploy)', () => {
  const project = uniqueProject('gdrealapp');
  let dir = '';
  let app = '';
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    dir = await makeTempDir('gitops-realapp');
    app = `${dir}/app`;
    await copyRealapp(app, { release: 'v1', nginxPort: port });
  });

  afterAll(async () => {
    if (app) await composeV2(app, project, ['down', '-v', '--remove-orphans', '--rmi', 'local'], { allowFailure: true });
    await removeProject(project);
    if (dir) await removeTree(dir);
    console.log(`realapp timings (ms): ${JSON.stringify(timings)}`);
  }, STEP);

  it('its gitops-deploy config passes the current schema', async () => {
    const text = await realappConfig(project, {
      e2e: { strategy: 'compose', host: 'root@127.0.0.1', port: 2222, path: '/srv/nids', shared: ['docker/.env'] },
    });
    const config = parseConfig(text, 'deploy.yml');
    expect(config.compose).toMatchObject({ directory: 'docker', project });
    expect(config.compose.command).toBeUndefined();
    expect(config.rules.map((r) => r.name)).toEqual(['docs', 'dockerfile', 'requirements', 'templates', 'static', 'python']);
    expect(Object.keys(config.tasks)).toEqual(['migrate', 'collectstatic']);
  });

  it(
    'builds and comes up: every service running, db and web healthy, only nginx published on 127.0.0.1',
    async () => {
      await timed('build', () => composeV2(app, project, ['build']));
      await timed('up', () => composeV2(app, project, ['up', '-d', '--wait', '--wait-timeout', '300']));
      const containers = await projectContainers(project);
      expect(containers.map((c) => c.service).sort()).toEqual(REALAPP_SERVICES);
      expect(containers.every((c) => c.state === 'running')).toBe(true);
      for (const c of containers) expect(c.name).toBe(`${project}-${c.service}-1`); // v2 naming
      for (const c of containers) {
        const published = (await docker(['port', c.id])).stdout.trim();
        expect(published, c.service).toBe(c.service === 'nginx' ? `80/tcp -> 127.0.0.1:${port}` : '');
      }
      const health = await docker(['inspect', '--format', '{{.State.Health.Status}}', `${project}-db-1`, `${project}-web-1`]);
      expect(health.stdout.trim().split('\n')).toEqual(['healthy', 'healthy']);
    },
    STEP,
  );

  it(
    'nothing migrated at start; migrate applies the migration once',
    async () => {
      expect(await dbQuery(app, project, "SHOW TABLES LIKE 'observations_observation'")).toBe('');
      const first = await timed('migrate', () => manage(app, project, ['migrate', '--noinput']));
      expect(first.stdout).toContain('Applying observations.0001_initial... OK');
      const again = await manage(app, project, ['migrate', '--noinput']);
      expect(again.stdout).toContain('No migrations to apply');
      expect(await dbQuery(app, project, "SHOW TABLES LIKE 'observations_observation'")).toBe('observations_observation');
    },
    STEP,
  );

  it(
    'collectstatic writes into the static volume, which nginx serves',
    async () => {
      const r = await timed('collectstatic', () => manage(app, project, ['collectstatic', '--noinput']));
      expect(r.stdout).toMatch(/1 static file copied to '\/app\/staticfiles'/);
      const css = await http(port, '/static/observations/site.css');
      expect(css.status).toBe(200);
      expect(css.contentType).toContain('text/css');
      expect(css.body).toContain('nids-static-v1');
      // the file is in nginx's own mount of the volume (Django does not serve static with DEBUG off)
      const inNginx = await composeV2(app, project, ['exec', '-T', 'nginx', 'cat', '/app/staticfiles/observations/site.css']);
      expect(inNginx.stdout).toBe(css.body);
    },
    STEP,
  );

  it(
    'GET / through nginx renders the template (200, release, empty list)',
    async () => {
      const home = await http(port, '/');
      expect(home.status).toBe(200);
      expect(home.body).toContain('<h1>Observations Nids</h1>');
      expect(home.body).toContain('release v1');
      expect(home.body).toContain('aucune observation');
      expect(home.body).toContain('href="/static/observations/site.css"');
      expect((await http(port, '/nope')).status).toBe(404);
    },
    STEP,
  );

  it(
    'a Celery task (via the view and via the management command) writes its row once',
    async () => {
      const viaView = `nid-view-${Date.now()}`;
      const viaCommand = `nid-cmd-${Date.now()}`;
      const queued = await http(port, '/enqueue', { note: viaView, seconds: '6' });
      expect(queued.status).toBe(202);
      expect(JSON.parse(queued.body)).toMatchObject({ note: viaView, task_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(await rowsWithNote(port, viaView)).toEqual([]); // the task is still sleeping
      const id = (await manage(app, project, ['enqueue_observation', viaCommand, '--seconds', '1'])).stdout.trim();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const start = Date.now();
      for (const note of [viaView, viaCommand]) {
        const rows = await pollUntil(
          async () => ((await rowsWithNote(port, note)).length > 0 ? rowsWithNote(port, note) : undefined),
          60_000,
        );
        expect(rows).toEqual([expect.objectContaining({ note, source: 'celery' })]);
      }
      timings['task-rows-visible'] = Date.now() - start;
      await new Promise((r) => setTimeout(r, 1000));
      expect(await rowsWithNote(port, viaView)).toHaveLength(1); // not written twice
      const home = await http(port, '/');
      expect(home.body).toContain(`<li data-source="celery">${viaView}</li>`);
      const flower = await http(port, '/flower/');
      expect(JSON.parse(flower.body).workers).toHaveLength(1);
    },
    STEP,
  );

  it(
    '`exec -T db mysqldump` dumps the rows; the dump restores into a scratch database with the same count',
    async () => {
      const dump = await timed('mysqldump', () =>
        composeV2(app, project, [
          'exec',
          '-T',
          'db',
          'sh',
          '-c',
          `MYSQL_PWD="$MARIADB_ROOT_PASSWORD" exec mysqldump --single-transaction -u root ${REALAPP_DB.name}`,
        ]),
      );
      expect(dump.stdout).toContain('INSERT INTO `observations_observation` VALUES');
      expect(dump.stdout).toMatch(/-- Dump completed/);
      const count = await dbQuery(app, project, 'SELECT COUNT(*) FROM observations_observation');
      expect(Number(count)).toBe(2);
      await dbQuery(app, project, 'CREATE DATABASE scratch');
      await composeV2(app, project, ['exec', '-T', 'db', 'mariadb', 'scratch'], { stdin: dump.stdout });
      expect(await dbQuery(app, project, 'SELECT COUNT(*) FROM observations_observation', 'scratch')).toBe(count);
    },
    STEP,
  );

  it(
    'web restart and recreate: nginx answers again (timed)',
    async () => {
      let start = Date.now();
      await timed('web-restart-command', () => composeV2(app, project, ['restart', 'web']));
      timings['web-restart-until-200'] = await msUntilHealthy(port, start);
      start = Date.now();
      await timed('web-recreate-command', () => composeV2(app, project, ['up', '-d', '--no-deps', '--force-recreate', 'web']));
      timings['web-recreate-until-200'] = await msUntilHealthy(port, start);
      expect((await http(port, '/')).body).toContain('release v1');
    },
    STEP,
  );

  it(
    'down -v removes every container and volume of the project',
    async () => {
      await timed('down', () => composeV2(app, project, ['down', '-v', '--remove-orphans']));
      expect(await projectContainers(project)).toEqual([]);
      const vols = await docker(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`]);
      expect(vols.stdout.trim()).toBe('');
    },
    STEP,
  );
});
