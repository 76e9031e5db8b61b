/**
 * A top-level `include` is interpolated with the variables of the included project's `.env` (or the
 * include's own `env_file`), under the project's: as compose 2.26 does (`docker compose config`
 * printed redis:6 from other/.env's TAG=6, and docker/.env's TAG=9 won over it). A change to that
 * file must be planned like one to the compose `.env` (it was unmatched: nothing recreated).
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { planDeploy } from '../../src/plan/planner.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { decision, NOTHING, planFor, type Decision } from './plan-fixture.js';
import { gatherBetween } from './helpers/gather.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

const CONFIG: PlannerConfig = { compose: { directory: 'docker', files: ['compose.yml'] }, rules: [], tasks: {} };
const MAIN = 'include:\n  - ../other/compose.yml\nservices:\n  web:\n    image: nginx\n';
const WITH_ENV_FILE = 'include:\n  - path: ../other/compose.yml\n    env_file: ../other/custom.env\nservices: {}\n';
const OTHER = 'services:\n  worker:\n    image: "redis:${TAG:-7}"\n';

const model = (main: string, extra: Record<string, string>, dotEnv = '') =>
  parseComposeModel([{ path: 'docker/compose.yml', content: main }], 'docker', { 'other/compose.yml': OTHER, ...extra }, dotEnv);
const imageOf = (m: ReturnType<typeof model>) => m.services.worker?.definition.image;

describe('the variables of an included file', () => {
  it.each([
    ['its directory .env', MAIN, { 'other/.env': 'TAG=6\n' }, '', 'redis:6'],
    ['no .env there: the defaults', MAIN, { 'other/.env': '' }, '', 'redis:7'],
    ["the project's .env wins", MAIN, { 'other/.env': 'TAG=6\n' }, 'TAG=9\n', 'redis:9'],
    ['its env_file, not the .env then', WITH_ENV_FILE, { 'other/.env': 'TAG=6\n', 'other/custom.env': 'TAG=5\n' }, '', 'redis:5'],
  ])('%s', (_name, main, extra, dotEnv, image) => {
    expect(imageOf(model(main, extra, dotEnv))).toBe(image);
  });

  it('lists the env files it read (present or not)', () => {
    expect(model(MAIN, { 'other/.env': '' }).includeEnvFiles).toEqual(['other/.env']);
    expect(model(WITH_ENV_FILE, { 'other/custom.env': '' }).includeEnvFiles).toEqual(['other/custom.env']);
  });

  const ROWS: [string, string[], ReturnType<typeof model>, ReturnType<typeof model>, Decision][] = [
    [
      'its .env changes a value it uses: recreate',
      ['M other/.env'],
      model(MAIN, { 'other/.env': 'TAG=6\n' }),
      model(MAIN, { 'other/.env': 'TAG=8\n' }),
      { ...NOTHING, recreate: ['worker'] },
    ],
    [
      'its .env added',
      ['A other/.env'],
      model(MAIN, { 'other/.env': '' }),
      model(MAIN, { 'other/.env': 'TAG=8\n' }),
      { ...NOTHING, recreate: ['worker'] },
    ],
    [
      'its .env changes an unused value: nothing (not unmatched)',
      ['M other/.env'],
      model(MAIN, { 'other/.env': 'X=1\n' }),
      model(MAIN, { 'other/.env': 'X=2\n' }),
      NOTHING,
    ],
  ];
  it.each(ROWS)('plan: %s', (_name, changes, from, to, want) => {
    expect(decision(planFor(changes, { config: CONFIG, composeFrom: from, composeTo: to, dockerignores: {} }))).toEqual(want);
  });
});

describe('gatherPlanInput reads the .env of an included directory', () => {
  let repo: TempRepo;
  const sha = { base: '', env: '' };
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-include-env'));
    sha.base = await repo.commit({ 'docker/compose.yml': MAIN, 'other/compose.yml': OTHER });
    sha.env = await repo.commit({ 'other/.env': 'TAG=6\n' });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('absent, then added: the worker is recreated on redis:6', async () => {
    const input = await gatherBetween(repo.dir, CONFIG, sha.base, sha.env);
    expect(input.composeFrom?.services.worker?.definition.image).toBe('redis:7');
    expect(input.composeTo.services.worker?.definition.image).toBe('redis:6');
    expect(decision(planDeploy(input))).toEqual({ ...NOTHING, recreate: ['worker'] });
  });
});
