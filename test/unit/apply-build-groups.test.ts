import { describe, expect, it } from 'vitest';
import { buildGroups, unplannedBases } from '../../src/apply/build-groups.js';
import type { ComposeModel } from '../../src/plan/types.js';
import { serviceOf } from './helpers/plans.js';

const svc = serviceOf;
const model = (defs: Record<string, Record<string, unknown>>): ComposeModel => ({
  services: Object.fromEntries(Object.entries(defs).map(([n, d]) => [n, svc(n, d)])),
});

const app = { context: '..', dockerfile: 'docker/Dockerfile', args: { ENV: 'prod' } };
const m = model({
  web: { build: app, command: 'gunicorn' },
  worker: { build: { args: { ENV: 'prod' }, dockerfile: 'docker/Dockerfile', context: '..' }, command: 'celery worker' },
  beat: { build: app, command: 'celery beat' },
  nginx: { build: { context: './nginx' } },
  other: { build: { ...app, args: { ENV: 'dev' } } },
  db: { image: 'postgres:16' },
  redis: { image: 'redis:7' },
});

describe('buildGroups', () => {
  it.each<[string, string[], string[][]]>([
    ['identical definitions (any key order) share one group', ['web', 'worker', 'beat'], [['web', 'worker', 'beat']]],
    ['order of `services` is kept, within and across groups', ['nginx', 'beat', 'web'], [['nginx'], ['beat', 'web']]],
    ['a different build arg makes a separate group', ['web', 'other', 'worker'], [['web', 'worker'], ['other']]],
    ['services without build are each their own group', ['db', 'web', 'redis'], [['db'], ['web'], ['redis']]],
    ['a service missing from the model is its own group', ['ghost', 'web'], [['ghost'], ['web']]],
    ['no services, no groups', [], []],
  ])('%s', (_name, services, expected) => {
    expect(buildGroups(services, m)).toEqual(expected);
  });

  it('two image-only services are never merged even with the same image', () => {
    const same = model({ a: { image: 'x' }, b: { image: 'x' } });
    expect(buildGroups(['a', 'b'], same)).toEqual([['a'], ['b']]);
  });

  it('a group comes after the groups that build the images it builds on (Dockerfile FROM, service: contexts)', () => {
    const on = (base: string[]) => ({
      ...svc('x', { build: { context: `./${base.join('-')}` } }),
      build: { context: '.', dockerfile: 'Dockerfile', fromServices: base },
    });
    const layered: ComposeModel = {
      services: {
        app: { ...on(['zbase']), name: 'app' },
        worker: { ...on(['app']), name: 'worker' },
        zbase: svc('zbase', { build: { context: './base' } }),
        lone: svc('lone', { build: { context: './lone' } }),
      },
    };
    expect(buildGroups(['app', 'lone', 'worker', 'zbase'], layered)).toEqual([['lone'], ['zbase'], ['app'], ['worker']]);
    // a base not planned for a build does not hold anything back
    expect(buildGroups(['worker', 'app'], layered)).toEqual([['app'], ['worker']]);
  });
});

describe('unplannedBases', () => {
  const on = (name: string, base: string[]) => ({
    ...svc(name, { build: { context: `./${name}` } }),
    build: { context: `${name}`, dockerfile: 'Dockerfile', fromServices: base },
  });
  const layered: ComposeModel = {
    services: {
      worker: on('worker', ['app']),
      app: on('app', ['zbase']),
      zbase: on('zbase', []),
      lone: on('lone', []),
      db: svc('db', { image: 'postgres:16' }),
    },
  };

  it.each<[string, string[], string[]]>([
    ['the base of a planned service, transitively', ['worker'], ['app', 'zbase']],
    ['a planned base is not repeated', ['worker', 'app'], ['zbase']],
    ['everything planned: none', ['worker', 'app', 'zbase'], []],
    ['no base: none', ['lone'], []],
  ])('%s', (_name, services, expected) => {
    expect(unplannedBases(services, layered)).toEqual(expected);
  });

  it('a named base without a build section (or missing) is not built', () => {
    const m2: ComposeModel = { services: { web: on('web', ['db', 'ghost']), db: svc('db', { image: 'postgres:16' }) } };
    expect(unplannedBases(['web'], m2)).toEqual([]);
  });
});
