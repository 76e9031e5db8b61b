/**
 * compose's `!reset` and `!override` YAML tags (compose 2.24+): the merged definitions must be what
 * `docker compose config` prints (each expected value below was checked with compose 2.26.1), and
 * a change that adds a tag changes the service (the plan recreates it).
 */
import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { decision, NOTHING, planFor } from './plan-fixture.js';

const FILES = ['compose.yml', 'prod.yml'];
const CONFIG: PlannerConfig = { compose: { directory: '.', files: FILES }, rules: [], tasks: {} };

const BASE = `
services:
  web:
    image: busybox
    ports: ["8080:80", "9090:90"]
    environment: {A: "1", B: "2"}
    command: ["sh", "-c", "x"]
    labels: {x: "1"}
    volumes: ["./data:/data", "./b:/b"]
    build:
      context: .
      args: {A: "1"}
`;
const model = (prod: string, base = BASE) =>
  parseComposeModel(
    FILES.map((path, i) => ({ path, content: i === 0 ? base : prod })),
    '.',
  );
const definitionOf = (prod: string, base = BASE) => model(prod, base).services.web?.definition;

describe('!reset and !override: the merged definition is compose config', () => {
  it('an override file resets and overrides keys, and resets the build section', () => {
    const prod = `services:
  web:
    ports: !reset []
    environment: !override
      C: "3"
    labels: !reset {}
    volumes: !override ["./c:/c"]
    build: !reset null
`;
    const m = model(prod);
    expect(m.services.web?.definition).toEqual({
      image: 'busybox',
      environment: { C: '3' },
      command: ['sh', '-c', 'x'],
      volumes: ['./c:/c'],
    });
    expect(m.services.web?.build).toBeUndefined();
    expect(m.services.web?.bindMounts).toEqual(['c']);
  });

  it('in one file, on an extended service too: a reset key is gone, an override value stays', () => {
    const one = `services:
  base:
    image: busybox
    ports: ["8080:80"]
    environment: {A: "1", B: "2"}
  web:
    extends: base
    ports: !reset []
    environment: !override {C: "3"}
  solo:
    image: busybox
    ports: !reset ["1:1"]
    command: !override ["a"]
    labels: !reset
      x: "1"
`;
    const services = parseComposeModel([{ path: 'compose.yml', content: one }], '.').services;
    expect(services.web?.definition).toEqual({ image: 'busybox', environment: { C: '3' } });
    expect(services.solo?.definition).toEqual({ image: 'busybox', command: ['a'] });
  });

  it('environment: !reset with no value removes it; list forms under a tag are normalized', () => {
    expect(definitionOf('services:\n  web:\n    environment: !reset\n')?.environment).toBeUndefined();
    expect(definitionOf('services:\n  web:\n    environment: !override ["C=3"]\n')?.environment).toEqual({ C: '3' });
    expect(definitionOf('services:\n  web:\n    build: !override ./other\n')?.build).toEqual({ context: './other' });
  });

  it('a tag in an anchored x- extension is not applied where a merge key repeats it', () => {
    const prod = 'x-d: &d\n  ports: !reset []\nservices:\n  web:\n    <<: *d\n';
    expect(definitionOf(prod)?.ports).toEqual(['8080:80', '9090:90']);
  });

  it('interpolates under a tag', () => {
    const m = parseComposeModel(
      [
        { path: 'compose.yml', content: BASE },
        { path: 'prod.yml', content: 'services:\n  web:\n    environment: !override {C: "${C}"}\n' },
      ],
      '.',
      {},
      'C=7\n',
    );
    expect(m.services.web?.definition.environment).toEqual({ C: '7' });
  });
});

describe('!reset and !override: the plan of a change', () => {
  const plan = (from: string, to: string) =>
    decision(planFor(['M prod.yml'], { config: CONFIG, composeFrom: model(from), composeTo: model(to), dockerignores: {} }));

  it('adding `ports: !reset []` recreates the service (its ports are gone)', () => {
    expect(plan('services:\n  web:\n    ports: []\n', 'services:\n  web:\n    ports: !reset []\n')).toEqual({
      ...NOTHING,
      recreate: ['web'],
    });
  });

  it('adding !override to an environment recreates the service (the base entries are gone)', () => {
    const from = 'services:\n  web:\n    environment: {C: "3"}\n';
    expect(plan(from, 'services:\n  web:\n    environment: !override {C: "3"}\n')).toEqual({ ...NOTHING, recreate: ['web'] });
  });

  it('a reset build section: a file of the old context builds nothing', () => {
    const prod = 'services:\n  web:\n    build: !reset null\n';
    const input = { config: CONFIG, composeFrom: model(prod), composeTo: model(prod), dockerignores: {} };
    expect(decision(planFor(['M app.py'], input))).toEqual({ ...NOTHING, unmatched: ['app.py'] });
  });
});
