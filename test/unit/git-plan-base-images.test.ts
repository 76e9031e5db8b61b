import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDeploy } from '../../src/plan/planner.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { gatherBetween } from './helpers/gather.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';
import { decision, NOTHING } from './plan-fixture.js';

const CONFIG: PlannerConfig = { compose: { directory: '.', files: ['compose.yml'] }, rules: [], tasks: {} };
const COMPOSE = `
services:
  base:
    build: ./base
    image: app-base:latest
  web:
    build: ./web
    image: app-web
  worker:
    build:
      context: ./worker
      args: {BASE: "app-base"}
  tools:
    build:
      context: ./tools
      dockerfile_inline: |
        FROM busybox
        COPY --from=app-base:latest /base.txt /base.txt
  other:
    build: ./other
`;

describe('a Dockerfile FROM the image another service builds (real repository)', () => {
  let repo: TempRepo;
  const sha = { first: '', base: '', web: '' };
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-base-images'));
    sha.first = await repo.commit({
      'compose.yml': COMPOSE,
      'base/Dockerfile': 'FROM busybox\nCOPY base.txt /base.txt\n',
      'base/base.txt': '1\n',
      'web/Dockerfile': '# syntax=docker/dockerfile:1\nFROM app-base:latest AS app\nCOPY . /app\n',
      'worker/Dockerfile': 'ARG BASE=busybox\nFROM \\\n  ${BASE}\n',
      'tools/x': 'x\n',
      'other/Dockerfile': 'FROM busybox\n',
    });
    sha.base = await repo.commit({ 'base/base.txt': '2\n' });
    sha.web = await repo.commit({ 'web/Dockerfile': 'FROM busybox\n' });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('a change to the base image rebuilds every service built on it (FROM, an ARG, COPY --from), not the others', async () => {
    const plan = planDeploy(await gatherBetween(repo.dir, CONFIG, sha.first, sha.base));
    expect(decision(plan)).toEqual({ ...NOTHING, build: ['base', 'tools', 'web', 'worker'] });
  });

  it('the Dockerfile read is the one of the deployed commit (web no longer builds on it)', async () => {
    const input = await gatherBetween(repo.dir, CONFIG, sha.web, sha.web);
    expect(input.composeTo.services.web?.build?.fromServices).toBeUndefined();
    expect(input.composeTo.services.worker?.build?.fromServices).toEqual(['base']);
  });
});
