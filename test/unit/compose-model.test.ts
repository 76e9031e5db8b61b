import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { UserError } from '../../src/core/errors.js';

const one = (content: string, path = 'docker/docker-compose.yml', dir = 'docker') => parseComposeModel([{ path, content }], dir);

describe('parseComposeModel: build sections', () => {
  it.each([
    ['string context', 'build: ..', { context: '.', dockerfile: 'Dockerfile' }],
    [
      'context + dockerfile relative to the context',
      'build: {context: .., dockerfile: docker/Dockerfile}',
      { context: '.', dockerfile: 'docker/Dockerfile' },
    ],
    ['default context', 'build: {dockerfile: Dockerfile.prod}', { context: 'docker', dockerfile: 'docker/Dockerfile.prod' }],
    ['sub-directory context', 'build: ./api/', { context: 'docker/api', dockerfile: 'docker/api/Dockerfile' }],
    ['context outside the repo', 'build: ../../shared', { context: '../shared', dockerfile: '../shared/Dockerfile' }],
    ['absolute dockerfile kept', 'build: {context: ., dockerfile: /opt/Dockerfile}', { context: 'docker', dockerfile: '/opt/Dockerfile' }],
    [
      'remote context kept',
      'build: https://github.com/o/r.git#main',
      { context: 'https://github.com/o/r.git#main', dockerfile: 'https://github.com/o/r.git#main/Dockerfile' },
    ],
  ])('%s', (_name, build, expected) => {
    const model = one(`services:\n  app:\n    ${build}\n`);
    expect(model.services.app?.build).toEqual(expected);
  });

  it('root compose directory: "." context is the repo root', () => {
    const model = one('services:\n  app:\n    build: .\n', 'docker-compose.yml', '.');
    expect(model.services.app?.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
  });

  it('image-only service has no build section', () => {
    expect(one('services:\n  db:\n    image: postgres:16\n').services.db?.build).toBeUndefined();
  });
});

describe('parseComposeModel: bind mounts and env files', () => {
  it('short syntax: paths are binds, names are named volumes, a lone path is anonymous', () => {
    const model = one(`services:
  nginx:
    image: nginx
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/conf.d/default.conf:ro
      - ../media:/app/media
      - static:/static
      - /var/log/app:/logs
      - ~/cache:/cache
      - /anonymous
volumes: {static: {}}
`);
    expect(model.services.nginx?.bindMounts).toEqual(['/var/log/app', 'docker/nginx/nginx.conf', 'media', '~/cache']);
  });

  it('long syntax: only type bind, relative sources resolved', () => {
    const model = one(`services:
  web:
    image: x
    volumes:
      - {type: bind, source: ./conf, target: /conf}
      - {type: bind, source: settings.py, target: /app/settings.py}
      - {type: volume, source: data, target: /data}
      - {type: tmpfs, target: /tmp}
`);
    expect(model.services.web?.bindMounts).toEqual(['docker/conf', 'docker/settings.py']);
  });

  it.each([
    ['string', 'env_file: ../.env', ['.env']],
    ['list', 'env_file: [../.env, ./web.env]', ['.env', 'docker/web.env']],
    ['list of {path}', 'env_file: [{path: ../.env, required: false}, ../.env.local]', ['.env', '.env.local']],
  ])('env_file as %s', (_name, yaml, expected) => {
    expect(one(`services:\n  web:\n    image: x\n    ${yaml}\n`).services.web?.envFiles).toEqual(expected);
  });
});

describe('parseComposeModel: merging files like `docker compose -f a -f b`', () => {
  const base = `services:
  web:
    build: ..
    command: gunicorn app
    environment: [DEBUG=0, A=1]
    ports: ["8000:8000"]
    volumes:
      - ../media:/app/media
      - ./conf:/conf
  db:
    image: postgres:15
`;
  const override = `services:
  web:
    command: [python, manage.py, runserver]
    environment: {DEBUG: "1"}
    ports: ["8000:8000", "5678:5678"]
    volumes:
      - ../media-dev:/app/media
  db:
    image: postgres:16
  mailhog:
    image: mailhog/mailhog
`;
  const model = parseComposeModel(
    [
      { path: 'docker/docker-compose.yml', content: base },
      { path: 'docker/docker-compose.override.yml', content: override },
    ],
    'docker',
  );

  it('scalars and commands are replaced, mappings merged key by key', () => {
    const web = model.services.web?.definition;
    expect(web?.command).toEqual(['python', 'manage.py', 'runserver']);
    expect(web?.environment).toEqual({ DEBUG: '1', A: '1' });
    expect(model.services.db?.definition.image).toBe('postgres:16');
  });

  it('volumes merge by target, other sequences concatenate without duplicates', () => {
    const web = model.services.web;
    expect(web?.definition.volumes).toEqual(['../media-dev:/app/media', './conf:/conf']);
    expect(web?.bindMounts).toEqual(['docker/conf', 'media-dev']);
    expect(web?.definition.ports).toEqual(['8000:8000', '5678:5678']);
  });

  it('services of every file are present, sorted', () => {
    expect(Object.keys(model.services)).toEqual(['db', 'mailhog', 'web']);
  });
});

describe('parseComposeModel: anchors, merge keys, extends', () => {
  it('resolves anchors and << merge keys', () => {
    const model = one(`x-common: &common
  build: {context: .., dockerfile: docker/Dockerfile}
  env_file: ../.env
services:
  web:
    <<: *common
    command: gunicorn
  worker:
    <<: *common
    env_file: ../worker.env
`);
    expect(model.services.web?.build).toEqual({ context: '.', dockerfile: 'docker/Dockerfile' });
    expect(model.services.web?.envFiles).toEqual(['.env']);
    expect(model.services.worker?.envFiles).toEqual(['worker.env']);
  });

  it('extends in the same file (string and {service}), chained, local keys win', () => {
    const model = one(`services:
  base:
    build: ..
    environment: {A: "1", B: "1"}
  web:
    extends: base
    environment: {B: "2"}
  worker:
    extends: {service: web}
    command: celery
`);
    expect(model.services.worker?.definition).toEqual({ build: { context: '..' }, environment: { A: '1', B: '2' }, command: 'celery' });
    expect(model.services.worker?.build?.context).toBe('.');
    expect(model.services.web?.definition.extends).toBeUndefined();
  });

  it('extends a service of another file given in extraFiles, rebasing its relative paths', () => {
    const common = `services:
  app:
    build: .
    env_file: app.env
    volumes: [./conf:/conf]
`;
    const model = parseComposeModel(
      [{ path: 'docker/docker-compose.yml', content: 'services:\n  web:\n    extends: {file: ../common/compose.yml, service: app}\n' }],
      'docker',
      { 'common/compose.yml': common },
    );
    const web = model.services.web;
    expect(web?.build).toEqual({ context: 'common', dockerfile: 'common/Dockerfile' });
    expect(web?.envFiles).toEqual(['common/app.env']);
    expect(web?.bindMounts).toEqual(['common/conf']);
  });

  it('extends another compose file of the list without extraFiles', () => {
    const model = parseComposeModel(
      [
        { path: 'base.yml', content: 'services:\n  app:\n    image: app:1\n' },
        { path: 'prod.yml', content: 'services:\n  web:\n    extends: {file: base.yml, service: app}\n' },
      ],
      '.',
    );
    expect(model.services.web?.definition.image).toBe('app:1');
  });

  it.each([
    ['an unknown service', 'services:\n  web:\n    extends: nope\n', /extends "nope", which is not defined/],
    [
      'a file that was not provided',
      'services:\n  web:\n    extends: {file: other.yml, service: x}\n',
      /docker\/other\.yml", whose content was not provided/,
    ],
    ['a cycle', 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n', /extends itself/],
    ['a malformed extends', 'services:\n  a:\n    extends: [x]\n', /"extends" must be/],
  ])('throws for %s', (_name, yaml, message) => {
    expect(() => one(yaml)).toThrow(message);
  });
});

describe('parseComposeModel: errors', () => {
  it.each([
    ['invalid YAML', 'services:\n  web: [\n', /docker\/docker-compose\.yml: invalid YAML/],
    ['duplicate keys', 'services:\n  web: {image: a}\n  web: {image: b}\n', /invalid YAML/],
    ['a non-map document', '- a\n- b\n', /must be a mapping at the top level/],
    ['non-map services', 'services: [web]\n', /"services" must be a mapping/],
    ['a non-map service', 'services:\n  web: nginx\n', /service "web" must be a mapping, got a string/],
    ['a null service', 'services:\n  web:\n', /service "web" must be a mapping, got null/],
    // compose accepts these names; they would reach argv (build, up) only after the upload and the switch
    [
      'a service name starting with "-"',
      'services:\n  -x: {image: a}\n',
      /docker\/docker-compose\.yml: service name "-x" cannot be deployed/,
    ],
    ['a service name with a space', 'services:\n  "we b": {image: a}\n', /service name "we b" cannot be deployed/],
    ['a service name starting with "."', 'services:\n  .hidden: {image: a}\n', /service name ".hidden" cannot be deployed/],
  ])('throws a UserError for %s', (_name, yaml, message) => {
    expect(() => one(yaml)).toThrow(message);
    expect(() => one(yaml)).toThrow(UserError);
  });

  it('an empty file is an empty model', () => {
    expect(one('')).toEqual({ services: {} });
  });
});
