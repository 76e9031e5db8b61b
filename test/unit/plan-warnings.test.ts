import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { checkConfigAgainstCompose } from '../../src/plan/planner.js';
import { composeModel, CONFIG, planFor, ROOT_DOCKERIGNORE } from './plan-fixture.js';

describe('planDeploy: warnings', () => {
  it('a .dockerignore next to the Dockerfile that Docker will not read (context ..)', () => {
    const plan = planFor([], { dockerignores: { 'docker/.dockerignore': 'logs/\n' } });
    expect(plan.warnings).toEqual([
      'docker/.dockerignore is not read when building services "celery_beat", "celery_worker", "flower", "web" (context ".", Dockerfile docker/Dockerfile): ' +
        'Docker reads docker/Dockerfile.dockerignore, else .dockerignore (neither exists, nothing is excluded)',
    ]);
  });

  it('one service: singular', () => {
    const yaml = 'services:\n  api:\n    build: {context: .., dockerfile: api/Dockerfile}\n';
    const composeTo = parseComposeModel([{ path: 'deploy/compose.yml', content: yaml }], 'deploy');
    const config = { ...CONFIG, compose: { directory: 'deploy', files: ['compose.yml'] }, rules: [], tasks: {} };
    const plan = planFor([], { config, composeTo, composeFrom: composeTo, dockerignores: { 'api/.dockerignore': '' } });
    expect(plan.warnings).toEqual([
      'api/.dockerignore is not read when building service "api" (context ".", Dockerfile api/Dockerfile): ' +
        'Docker reads api/Dockerfile.dockerignore, else .dockerignore (neither exists, nothing is excluded)',
    ]);
  });

  it('names the file Docker does read when there is one', () => {
    const plan = planFor([], { dockerignores: { 'docker/.dockerignore': '', '.dockerignore': ROOT_DOCKERIGNORE } });
    expect(plan.warnings[0]).toMatch(/\(currently \.dockerignore\)$/);
  });

  it('no warning for the files Docker reads', () => {
    const dockerignores = { '.dockerignore': '', 'docker/Dockerfile.dockerignore': '', 'other/.dockerignore': '' };
    expect(planFor([], { dockerignores }).warnings).toEqual([]);
  });

  it('rules and task paths that match no tracked file (only with trackedFiles)', () => {
    const trackedFiles = ['manage.py', 'observations/views.py', 'docker/Dockerfile', 'README.md', 'observations/static/a.css'];
    expect(planFor([], { trackedFiles }).warnings).toEqual([
      'rules[0] "templates": paths never match any tracked file (**/*.html)',
      'tasks.migrate: paths never match any tracked file (**/migrations/*.py)',
    ]);
    expect(planFor([]).warnings).toEqual([]);
  });

  it('unknown services and tasks in rules are dropped with a warning', () => {
    const config = { ...CONFIG, rules: [{ name: 'x', paths: ['x'], build: ['celery'], tasks: ['nope'] }] };
    const plan = planFor(['M x'], { config });
    expect(plan.build).toEqual([]);
    expect(plan.warnings).toEqual(['rules[0] "x": unknown service "celery" ignored', 'rules[0] "x": unknown task "nope" ignored']);
  });
});

describe('checkConfigAgainstCompose', () => {
  const model = composeModel();

  it('accepts the example config', () => {
    expect(checkConfigAgainstCompose(CONFIG, model)).toEqual([]);
  });

  it('reports unknown services, unbuildable builds and undefined tasks', () => {
    const config = {
      ...CONFIG,
      rules: [
        CONFIG.rules[0]!,
        { name: 'python', paths: ['**/*.py'], build: ['web', 'celery'], restart: ['ngnix'], tasks: ['migrate', 'collectstatik'] },
        { name: 'conf', paths: ['conf/**'], build: ['nginx'] },
      ],
      tasks: { ...CONFIG.tasks, shell: { service: 'django', command: 'true' } },
    };
    const services = '(services: celery_beat, celery_worker, db, flower, nginx, redis, web)';
    expect(checkConfigAgainstCompose(config, model)).toEqual([
      `rules[1] "python": unknown service "celery" ${services}`,
      `rules[1] "python": unknown service "ngnix" ${services}`,
      'rules[1] "python": unknown task "collectstatik" (tasks: migrate, collectstatic, shell)',
      'rules[2] "conf": service "nginx" has no build section, it cannot be built',
      `tasks.shell: unknown service "django" ${services}`,
    ]);
  });

  it('a compose target backing up a service the compose files do not have (was: no backup on the first deploy, then "the database is gone")', () => {
    const targets = {
      prod: { strategy: 'compose', backup: { engine: 'mariadb', service: 'dbb', database: 'app' } },
      stage: { strategy: 'compose', backup: { engine: 'postgres', service: 'db', database: 'app' } },
      files: { strategy: 'compose', backup: { engine: 'sqlite', path: 'db.sqlite3' } },
      shared: { strategy: 'passenger', backup: { engine: 'mariadb', database: 'app' } },
    };
    const services = '(services: celery_beat, celery_worker, db, flower, nginx, redis, web)';
    expect(checkConfigAgainstCompose({ ...CONFIG, targets }, model)).toEqual([
      `targets.prod.backup.service: unknown service "dbb" ${services}`,
    ]);
  });

  it('a backup engine that is not the database the service runs (was: first deploy skipped the backup, later ones "cannot connect to the postgres server")', () => {
    const yaml =
      'services:\n  db:\n    image: mariadb:11\n  pg:\n    image: docker.io/postgis/postgis:16-3.4@sha256:abc\n  cache:\n    image: redis:7\n  web:\n    build: .\n';
    const composeTo = parseComposeModel([{ path: 'docker-compose.yml', content: yaml }], '.');
    const targets = {
      wrong: { strategy: 'compose', backup: { engine: 'postgres', service: 'db', database: 'app' } },
      wrong2: { strategy: 'compose', backup: { engine: 'mysql', service: 'pg', database: 'app' } },
      wrong3: { strategy: 'compose', backup: { engine: 'sqlite', service: 'db', path: '/data/db.sqlite3' } },
      mariadb: { strategy: 'compose', backup: { engine: 'mariadb', service: 'db', database: 'app' } },
      mysql: { strategy: 'compose', backup: { engine: 'mysql', service: 'db', database: 'app' } },
      postgres: { strategy: 'compose', backup: { engine: 'postgres', service: 'pg', database: 'app' } },
      unknown: { strategy: 'compose', backup: { engine: 'postgres', service: 'cache', database: 'app' } },
      built: { strategy: 'compose', backup: { engine: 'sqlite', service: 'web', path: 'db.sqlite3' } },
    };
    const config = { ...CONFIG, compose: { directory: '.', files: ['docker-compose.yml'] }, rules: [], tasks: {}, targets };
    expect(checkConfigAgainstCompose(config, composeTo)).toEqual([
      'targets.wrong.backup.engine: "postgres", but compose service "db" runs image mariadb:11, a mariadb/mysql database (set engine: mariadb (or mysql))',
      'targets.wrong2.backup.engine: "mysql", but compose service "pg" runs image docker.io/postgis/postgis:16-3.4@sha256:abc, a postgres database (set engine: postgres)',
      'targets.wrong3.backup.engine: "sqlite", but compose service "db" runs image mariadb:11, a mariadb/mysql database (set engine: mariadb (or mysql))',
    ]);
  });

  it('a passenger plan reads no compose file: no compose target backup is checked against its empty model', () => {
    const targets = { prod: { strategy: 'compose', backup: { engine: 'mariadb', service: 'db', database: 'app' } } };
    const config = { ...CONFIG, compose: { ...CONFIG.compose, files: [] }, rules: [], tasks: {}, targets };
    expect(checkConfigAgainstCompose(config, { services: {} })).toEqual([]);
  });
});
