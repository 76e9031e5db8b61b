/** `build:` on a compose target (images built once, pushed to a registry) and the secret that goes with it. */
import { describe, expect, it } from 'vitest';
import { registryOf } from '../../src/apply/registry.js';
import { parseConfig } from '../../src/config/load.js';
import type { ComposeTarget, SwarmTarget } from '../../src/config/schema.js';
import { UserErrors } from '../../src/core/errors.js';

const yaml = (keys: string, strategy = 'compose'): string =>
  `version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: ${strategy}, host: d@h, path: /srv/app, health: {url: 'http://127.0.0.1/'}, ${keys}}\n`;
const load = (keys: string) => parseConfig(yaml(keys), 'deploy.yml');

function messages(keys: string, strategy?: string): string[] {
  try {
    parseConfig(yaml(keys, strategy), 'deploy.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors);
    return (e as UserErrors).errors.map((x) => x.message);
  }
  throw new Error('expected parseConfig to throw');
}

describe('config: build', () => {
  it('is optional; read as given; the repository defaults to the compose project', () => {
    expect((load('layout: releases').targets.prod as ComposeTarget).build).toBeUndefined();
    const c = load('build: {on: runner, registry: "127.0.0.1:5000/team", username: ci}');
    const t = c.targets.prod as ComposeTarget;
    expect(t.build).toEqual({ on: 'runner', registry: '127.0.0.1:5000/team', username: 'ci' });
    expect(registryOf(c, t, 'pw')).toEqual({ registry: '127.0.0.1:5000/team', repository: 'app', username: 'ci', password: 'pw' });
    const own = load('build: {on: host, registry: reg.example.com, repository: team/web}');
    expect(registryOf(own, own.targets.prod as ComposeTarget, undefined)).toMatchObject({ repository: 'team/web', username: undefined });
  });

  it.each([
    ['build: {registry: "r:5000"}', /build\.on/],
    ['build: {on: cloud, registry: "r:5000"}', /expected "host" or "runner"/],
    ['build: {on: runner, registry: "https://r:5000"}', /expected a registry as host:port/],
    ['build: {on: runner, registry: "Reg:5000"}', /lowercase/],
    ['build: {on: runner, registry: "r:5000/"}', /expected a registry/],
    ['build: {on: runner, registry: "r:5000", repository: "My App"}', /lowercase repository/],
    ['build: {on: runner, registry: "r:5000", username: "-x"}', /not starting with "-"/],
    ['build: {on: runner, registry: "r:5000", password: x}', /password/],
    ['layout: in-place, build: {on: host, registry: "r:5000"}', /"host" needs layout "releases"/],
  ])('%s is refused', (keys, message) => {
    expect(messages(keys).join('\n')).toMatch(message);
  });

  it('in-place with on: runner is fine; a passenger target has no build', () => {
    expect((load('layout: in-place, build: {on: runner, registry: "r:5000"}').targets.prod as ComposeTarget).build?.on).toBe('runner');
    expect(messages('build: {on: runner, registry: "r:5000"}, app_root: .', 'passenger').join('\n')).toMatch(/build/);
  });

  it('the secret: a user needs the password, a password needs a user', () => {
    const withUser = load('build: {on: runner, registry: "r:5000", username: ci}');
    expect(() => registryOf(withUser, withUser.targets.prod as ComposeTarget, undefined)).toThrow(
      /GITOPS_REGISTRY_PASSWORD.*registry-password/,
    );
    const open = load('build: {on: runner, registry: "r:5000"}');
    expect(() => registryOf(open, open.targets.prod as ComposeTarget, 'pw')).toThrow(/build\.username is not set/);
    expect(registryOf(open, open.targets.prod as ComposeTarget, undefined)).toMatchObject({ registry: 'r:5000', repository: 'app' });
  });
});

describe('config: a swarm backup through a stack service', () => {
  const swarm = (keys: string) => `stack: app, build: {on: runner, registry: "10.0.0.1:5000"}, ${keys}`;

  it('service and nodes (by hostname or node ID, user@host[:port]) are read as given; nodes defaults to none', () => {
    const c = parseConfig(
      yaml(
        swarm(
          'nodes: {worker1: d@10.0.0.11, n0de2xxxxxxxxxxxxxxxxxxxx: "d@10.0.0.12:2222"}, backup: {engine: mariadb, service: db, database: app}',
        ),
        'swarm',
      ),
      'deploy.yml',
    );
    const t = c.targets.prod as SwarmTarget;
    expect(t.nodes).toEqual({ worker1: 'd@10.0.0.11', n0de2xxxxxxxxxxxxxxxxxxxx: 'd@10.0.0.12:2222' });
    expect(t.backup).toMatchObject({ service: 'db' });
    expect(
      (parseConfig(yaml(swarm('backup: {engine: sqlite, path: db.sqlite3}'), 'swarm'), 'deploy.yml').targets.prod as SwarmTarget).nodes,
    ).toEqual({});
  });

  it('a node address that is not user@host, and password_env_file with a service, are refused', () => {
    expect(messages(swarm('nodes: {worker1: 10.0.0.11}'), 'swarm').join('\n')).toMatch(
      /nodes\.worker1.*expected user@host or user@host:port/,
    );
    const file = messages(
      swarm('backup: {engine: mariadb, service: db, database: app, password_env: PW, password_env_file: shared/.env}'),
      'swarm',
    );
    expect(file.join('\n')).toMatch(/password_env_file.*a swarm backup\.service dump runs in the task of that service, on its node/);
    // without service the dump runs on the manager: its env file is fine
    expect(() =>
      parseConfig(
        yaml(swarm('backup: {engine: mariadb, database: app, password_env: PW, password_env_file: shared/.env}'), 'swarm'),
        'deploy.yml',
      ),
    ).not.toThrow();
  });
});
