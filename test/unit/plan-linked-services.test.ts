/**
 * Services linked to a replaced one: `docker compose up --no-deps x` leaves them on the old
 * container of x, where a whole-project `up` (checked with compose 2.26.1) recreates them.
 */
import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { decision, NOTHING, planFor } from './plan-fixture.js';

const CONFIG: PlannerConfig = { compose: { directory: '.', files: ['compose.yml'] }, rules: [], tasks: {} };
const model = (yaml: string) => parseComposeModel([{ path: 'compose.yml', content: yaml }], '.');
const plan = (changes: string[], from: string, to = from) =>
  decision(planFor(changes, { config: CONFIG, composeFrom: model(from), composeTo: model(to), dockerignores: {} }));

const LINKED = `
services:
  app:
    build: ./app
    environment: {V: "1"}
  sidecar:
    image: proxy:1
    network_mode: service:app
  sidecar2:
    image: proxy:1
    network_mode: "service:sidecar"
  backup:
    image: tools:1
    volumes_from: ["app:ro", "container:other"]
  watcher:
    image: tools:1
    depends_on:
      app: {condition: service_started, restart: true}
  plain:
    image: tools:1
    depends_on:
      app: {condition: service_started}
  other:
    image: tools:1
    network_mode: none
`;

describe('services linked to a replaced service', () => {
  it.each<[string, string[], string, Partial<typeof NOTHING>]>([
    [
      'app built: network_mode (transitively) and volumes_from users recreated, a restart: true dependent restarted',
      ['M app/main.py'],
      LINKED,
      { build: ['app'], recreate: ['backup', 'sidecar', 'sidecar2'], restart: ['watcher'] },
    ],
    [
      'app recreated by a compose change: the same',
      ['M compose.yml'],
      LINKED.replace('V: "1"', 'V: "2"'),
      { recreate: ['app', 'backup', 'sidecar', 'sidecar2'], restart: ['watcher'] },
    ],
    [
      'a service only the sidecar links to: the sidecar2 is recreated with it',
      ['M compose.yml'],
      LINKED.replace('image: proxy:1\n    network_mode: service:app', 'image: proxy:2\n    network_mode: service:app'),
      { recreate: ['sidecar', 'sidecar2'] },
    ],
    [
      'a change to an unlinked service touches nothing else',
      ['M compose.yml'],
      LINKED.replace('network_mode: none', 'network_mode: host'),
      { recreate: ['other'] },
    ],
  ])('%s', (_name, changes, to, expected) => {
    expect(plan(changes, LINKED, to)).toEqual({ ...NOTHING, ...expected });
  });

  it('the reason names the link', () => {
    const p = planFor(['M app/main.py'], { config: CONFIG, composeFrom: model(LINKED), composeTo: model(LINKED), dockerignores: {} });
    expect(p.reasons).toContainEqual({
      service: 'sidecar',
      action: 'recreate',
      rule: 'linked-service',
      files: [],
      detail: 'shares the network of "app", which is replaced',
    });
  });

  it('a restart: true in the base file survives a depends_on list in an override (compose merges both forms)', () => {
    const files = ['compose.yml', 'prod.yml'];
    const two = (yaml: string) =>
      parseComposeModel(
        [
          { path: 'compose.yml', content: yaml },
          { path: 'prod.yml', content: 'services:\n  watcher:\n    depends_on: [plain]\n' },
        ],
        '.',
      );
    const config = { ...CONFIG, compose: { directory: '.', files } };
    const p = planFor(['M app/main.py'], { config, composeFrom: two(LINKED), composeTo: two(LINKED), dockerignores: {} });
    expect(p.restart).toEqual(['watcher']);
  });
});
