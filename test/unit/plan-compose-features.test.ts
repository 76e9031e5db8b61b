/** Compose features real apps use, and the plan each change needs (under-planning is the worst bug). */
import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { resolveSymlinks } from '../../src/plan/symlinks.js';
import { decision, NOTHING, planFor } from './plan-fixture.js';

const CONFIG: PlannerConfig = { compose: { directory: 'docker', files: ['compose.yml'] }, rules: [], tasks: {} };
const model = (yaml: string) => parseComposeModel([{ path: 'docker/compose.yml', content: yaml }], 'docker');
const plan = (changes: string[], yaml: string, dockerignores: Record<string, string> = {}, fromYaml = yaml) =>
  decision(planFor(changes, { config: CONFIG, composeFrom: model(fromYaml), composeTo: model(yaml), dockerignores }));

describe('a service that runs the image another service builds', () => {
  const SHARED = `
services:
  web:
    build: ..
    image: registry.example/app:latest
  worker:
    image: registry.example/app:latest
    command: celery worker
  redis:
    image: redis:7
`;

  it('is recreated when that image is built (else it keeps running the old image)', () => {
    expect(plan(['M app/views.py'], SHARED)).toEqual({ ...NOTHING, build: ['web'], recreate: ['worker'] });
  });

  it('is recreated when a compose change rebuilds the image', () => {
    const from = SHARED.replace('build: ..', 'build:\n      context: ..\n      args: {V: "1"}');
    expect(plan(['M docker/compose.yml'], SHARED, {}, from)).toEqual({ ...NOTHING, build: ['web'], recreate: ['worker'] });
  });
});

describe('the .dockerignore of a build', () => {
  const BUILD = `
services:
  web:
    build:
      context: ..
      dockerfile: docker/Dockerfile
`;

  it('a change to it rebuilds, even when it excludes itself (files it stops excluding are not in the diff)', () => {
    const ignore = '.dockerignore\n.git\nnode_modules\n';
    expect(plan(['M .dockerignore'], BUILD, { '.dockerignore': ignore })).toEqual({ ...NOTHING, build: ['web'] });
  });

  it('a change to the Dockerfile-specific one rebuilds, even when the context one excludes it', () => {
    const ignores = { '.dockerignore': 'docker/\n', 'docker/Dockerfile.dockerignore': 'docker/Dockerfile.dockerignore\n' };
    expect(plan(['M docker/Dockerfile.dockerignore'], BUILD, ignores)).toEqual({ ...NOTHING, build: ['web'] });
  });

  it('deleting the Dockerfile-specific one rebuilds (the context one now applies)', () => {
    expect(plan(['D docker/Dockerfile.dockerignore'], BUILD, { '.dockerignore': 'docker/\n' })).toEqual({ ...NOTHING, build: ['web'] });
  });
});

describe('build.additional_contexts', () => {
  it("a service built on another one's image (service:base) is rebuilt with it", () => {
    const yaml = `
services:
  base:
    build: ../base
  web:
    build:
      context: ../web
      additional_contexts: { base: "service:base" }
  worker:
    build:
      context: ../worker
      additional_contexts: [b=service:web]
  other:
    build: ../other
`;
    expect(plan(['M base/requirements.txt'], yaml)).toEqual({ ...NOTHING, build: ['base', 'web', 'worker'] });
  });

  const ADDITIONAL = `
services:
  web:
    build:
      context: .
      additional_contexts:
        assets: ../frontend/dist
        base: docker-image://alpine:3
`;

  it('a file in a local additional context rebuilds', () => {
    expect(plan(['M frontend/dist/app.js'], ADDITIONAL)).toEqual({ ...NOTHING, build: ['web'] });
  });

  it('the list form too', () => {
    const list = ADDITIONAL.replace('assets: ../frontend/dist', '- assets=../frontend/dist').replace('base: docker', '- base=docker');
    expect(plan(['M frontend/dist/app.js'], list)).toEqual({ ...NOTHING, build: ['web'] });
  });
});

describe('configs and secrets with file: (compose bind-mounts them)', () => {
  const CONFIGS = `
services:
  nginx:
    image: nginx:1.27
    configs:
      - source: site
        target: /etc/nginx/conf.d/default.conf
    secrets: [tls_key]
  redis:
    image: redis:7
configs:
  site:
    file: ./nginx/site.conf
secrets:
  tls_key:
    file: ../secrets/tls.key
`;

  it('a change to a config file restarts the services using it', () => {
    expect(plan(['M docker/nginx/site.conf'], CONFIGS)).toEqual({ ...NOTHING, restart: ['nginx'] });
  });

  it('a change to a secret file (short reference) restarts the services using it', () => {
    expect(plan(['M secrets/tls.key'], CONFIGS)).toEqual({ ...NOTHING, restart: ['nginx'] });
  });

  it('pointing a config at another file recreates the services using it', () => {
    const to = CONFIGS.replace('./nginx/site.conf', './nginx/site.prod.conf');
    expect(plan(['M docker/compose.yml'], to, {}, CONFIGS)).toEqual({ ...NOTHING, recreate: ['nginx'] });
  });
});

describe('top-level include', () => {
  const MAIN = 'include:\n  - sub/worker.yml\nservices:\n  web:\n    image: app:1\n';
  const WORKER =
    'services:\n  worker:\n    build: .\n    volumes: ["./conf:/conf"]\n    env_file: [w.env]\n    configs: [c]\nconfigs:\n  c:\n    file: ./c.conf\n';
  const at = (worker: string, main = MAIN) =>
    parseComposeModel([{ path: 'docker/compose.yml', content: main }], 'docker', {
      'docker/sub/worker.yml': worker,
      'docker/sub/.env': '',
    });

  it('adds the included services, their paths relative to the included file (docker compose config agrees)', () => {
    const worker = at(WORKER).services.worker;
    expect(worker?.build).toEqual({ context: 'docker/sub', dockerfile: 'docker/sub/Dockerfile' });
    expect(worker?.bindMounts).toEqual(['docker/sub/c.conf', 'docker/sub/conf']);
    expect(worker?.envFiles).toEqual(['docker/sub/w.env']);
    expect(at(WORKER).otherFiles).toEqual(['docker/sub/worker.yml']);
  });

  it('a change to an included file is a compose change', () => {
    const composeFrom = at(WORKER);
    const composeTo = at(WORKER.replace('./conf:/conf', './conf:/etc/conf'));
    const planned = planFor(['M docker/sub/worker.yml'], { config: CONFIG, composeFrom, composeTo, dockerignores: {} });
    expect(decision(planned)).toEqual({ ...NOTHING, recreate: ['worker'] });
  });

  it("a file in an included service's build context builds it", () => {
    const model = at(WORKER);
    const planned = planFor(['M docker/sub/app.py'], { config: CONFIG, composeFrom: model, composeTo: model, dockerignores: {} });
    expect(decision(planned)).toEqual({ ...NOTHING, build: ['worker'] });
  });

  it('the long form (path list, nested include) too', () => {
    const main = 'include:\n  - path: [sub/worker.yml]\nservices: {}\n';
    const worker = 'include: [../more.yml]\nservices:\n  worker:\n    image: w\n';
    const model = parseComposeModel([{ path: 'docker/compose.yml', content: main }], 'docker', {
      'docker/sub/worker.yml': worker,
      'docker/sub/.env': '',
      'docker/more.yml': 'services:\n  more:\n    image: m\n',
    });
    expect(Object.keys(model.services)).toEqual(['more', 'worker']);
    expect(model.otherFiles).toEqual(['docker/more.yml', 'docker/sub/worker.yml']);
  });

  it('a service both included and defined is refused, as compose does', () => {
    expect(() => at('services:\n  web:\n    image: y\n')).toThrow(
      /docker\/compose\.yml: service "web" is also defined in docker\/sub\/worker\.yml, which docker\/compose\.yml includes/,
    );
  });
});

describe('the image name of a built service', () => {
  const TAGGED = `
services:
  web:
    build: ../app
    image: registry.example/app:\${TAG:-1}
`;

  it('changed in the compose file → build (up --no-build would look for an image nobody built)', () => {
    const to = TAGGED.replace('${TAG:-1}', '2');
    expect(plan(['M docker/compose.yml'], to, {}, TAGGED)).toEqual({ ...NOTHING, build: ['web'] });
  });

  it('changed through the compose .env → build', () => {
    const composeFrom = parseComposeModel([{ path: 'docker/compose.yml', content: TAGGED }], 'docker');
    const composeTo = parseComposeModel([{ path: 'docker/compose.yml', content: TAGGED }], 'docker', {}, 'TAG=2\n');
    const planned = planFor(['M docker/.env'], { config: CONFIG, composeFrom, composeTo, dockerignores: {} });
    expect(decision(planned)).toEqual({ ...NOTHING, build: ['web'] });
  });
});

describe('extends from a file in another directory', () => {
  it('keeps a short-syntax bind mount a bind mount ("./conf" in sub/ is "./sub/conf", never the volume name "sub/conf")', () => {
    const base = 'services:\n  app:\n    image: nginx\n    volumes: ["./conf:/etc/nginx/conf.d:ro"]\n';
    const model = parseComposeModel(
      [{ path: 'docker/compose.yml', content: 'services:\n  web:\n    extends: { file: sub/app.yml, service: app }\n' }],
      'docker',
      { 'docker/sub/app.yml': base },
    );
    expect(model.services.web?.bindMounts).toEqual(['docker/sub/conf']);
    const planned = planFor(['M docker/sub/conf/site.conf'], { config: CONFIG, composeFrom: model, composeTo: model, dockerignores: {} });
    expect(decision(planned)).toEqual({ ...NOTHING, restart: ['web'] });
  });

  it('rebases build.additional_contexts like the context', () => {
    const base = 'services:\n  app:\n    build:\n      context: ..\n      additional_contexts:\n        assets: ../../frontend/dist\n';
    const composeTo = parseComposeModel(
      [{ path: 'docker/compose.yml', content: 'services:\n  web:\n    extends: { file: base/app.yml, service: app }\n' }],
      'docker',
      { 'docker/base/app.yml': base },
    );
    expect(composeTo.services.web?.build).toEqual({
      context: 'docker',
      dockerfile: 'docker/Dockerfile',
      additionalContexts: ['frontend/dist'],
    });
    const planned = planFor(['M frontend/dist/app.js'], { config: CONFIG, composeFrom: composeTo, composeTo, dockerignores: {} });
    expect(decision(planned)).toEqual({ ...NOTHING, build: ['web'] });
  });
});

describe('environment and build.args entries without a value take it from the compose .env', () => {
  const PASS = `
services:
  web:
    build:
      context: ../app
      args: [SENTRY_RELEASE]
    environment: [DJANGO_SETTINGS_MODULE]
  worker:
    image: app:1
    environment:
      DJANGO_SETTINGS_MODULE:
      OTHER: fixed
`;
  const planEnv = (fromEnv: string, toEnv: string) => {
    const at = (dotEnv: string) => parseComposeModel([{ path: 'docker/compose.yml', content: PASS }], 'docker', {}, dotEnv);
    return decision(planFor(['M docker/.env'], { config: CONFIG, composeFrom: at(fromEnv), composeTo: at(toEnv), dockerignores: {} }));
  };

  it('a changed value recreates the services passing it through (compose config resolves it)', () => {
    const from = 'DJANGO_SETTINGS_MODULE=app.settings.staging\nSENTRY_RELEASE=1\n';
    expect(planEnv(from, from.replace('staging', 'production'))).toEqual({ ...NOTHING, recreate: ['web', 'worker'] });
  });

  it('a changed build arg rebuilds', () => {
    expect(planEnv('SENTRY_RELEASE=1\n', 'SENTRY_RELEASE=2\n')).toEqual({ ...NOTHING, build: ['web'] });
  });

  it('an unrelated variable changes nothing', () => {
    expect(planEnv('SENTRY_RELEASE=1\nX=1\n', 'SENTRY_RELEASE=1\nX=2\n')).toEqual(NOTHING);
  });
});

describe('a bind-mount source that is (or lies under) a symlink: Docker mounts what the host path resolves to', () => {
  const LINKED = `
services:
  nginx:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
      - ./conf/sites:/etc/nginx/sites:ro
    env_file: [app.env]
`;
  const symlinks = { 'docker/nginx.conf': '../config/nginx.conf', 'docker/conf': '../shared/conf', 'docker/app.env': 'env/prod.env' };
  const linked = (changes: string[]) => {
    const model = parseComposeModel([{ path: 'docker/compose.yml', content: LINKED }], 'docker');
    return decision(planFor(changes, { config: CONFIG, composeFrom: model, composeTo: model, dockerignores: {}, symlinks }));
  };

  it('a change to the linked file restarts the service', () => {
    expect(linked(['M config/nginx.conf'])).toEqual({ ...NOTHING, restart: ['nginx'] });
  });

  it('a change under a linked parent directory restarts the service', () => {
    expect(linked(['M shared/conf/sites/a.conf'])).toEqual({ ...NOTHING, restart: ['nginx'] });
  });

  it('a change to a linked env_file recreates the service', () => {
    expect(linked(['M docker/env/prod.env'])).toEqual({ ...NOTHING, recreate: ['nginx'] });
  });
});

describe('resolveSymlinks', () => {
  it.each([
    ['docker/a', { 'docker/a': 'b' }, 'docker/b'],
    ['docker/a/x', { docker: 'srv' }, 'srv/a/x'],
    ['docker/a', { 'docker/a': '../b', b: 'c/d' }, 'c/d'],
    ['docker/a', {}, undefined],
    ['docker/a', { 'docker/a': '/etc/passwd' }, undefined],
    ['docker/a', { 'docker/a': '../../out' }, undefined],
    ['docker/a', { 'docker/a': 'b', 'docker/b': 'a' }, undefined],
  ])('%s with %j → %s', (path, links, expected) => {
    expect(resolveSymlinks(path, links)).toBe(expected);
  });
});

// `docker compose up -d adminer` starts a service of an inactive profile (compose enables the
// profiles of a named service), and a deploy names the services it starts: a debug tool such as
// adminer went live on every first deploy and on each change to its definition
describe('a service of a profile that is not active', () => {
  const PROFILED = `
services:
  web:
    build: ..
  adminer:
    image: adminer:4
    profiles: [debug]
`;
  const withEnv = (env: string) => parseComposeModel([{ path: 'docker/compose.yml', content: PROFILED }], 'docker', {}, env);

  it('is left out of a first deploy, with a warning that says why', () => {
    const p = planFor([], { config: CONFIG, from: null, composeFrom: null, composeTo: model(PROFILED), dockerignores: {} });
    expect(decision(p)).toMatchObject({ build: ['web'], recreate: [] });
    expect([...p.build, ...p.recreate, ...p.restart]).not.toContain('adminer');
    expect(p.warnings.join('\n')).toMatch(/compose profiles: adminer \(debug\) left out.*COMPOSE_PROFILES of docker\/\.env/);
  });

  it('is not recreated when its definition changes', () => {
    const from = PROFILED.replace('adminer:4', 'adminer:3');
    expect(plan(['M docker/compose.yml'], PROFILED, {}, from)).toEqual(NOTHING);
  });

  it('is deployed when COMPOSE_PROFILES in the compose .env enables it (or "*")', () => {
    for (const env of ['COMPOSE_PROFILES=debug\n', 'COMPOSE_PROFILES=x, debug\n', 'COMPOSE_PROFILES=*\n']) {
      expect(Object.keys(withEnv(env).services)).toEqual(['adminer', 'web']);
      expect(withEnv(env).inactive).toBeUndefined();
    }
    expect(Object.keys(withEnv('COMPOSE_PROFILES=other\n').services)).toEqual(['web']);
    expect(withEnv('').inactive).toEqual(['adminer (debug)']);
  });
});
