import { mkdir, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatFile } from '../../src/git/cat-file.js';
import { gatherPlanInput } from '../../src/git/plan-inputs.js';
import { repoAt } from '../../src/git/repo.js';
import { planDeploy } from '../../src/plan/planner.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { decision, NOTHING } from './plan-fixture.js';
import { gatherBetween } from './helpers/gather.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

const CONFIG: PlannerConfig = { compose: { directory: 'docker', files: ['compose.yml'] }, rules: [], tasks: {} };
const COMPOSE = `services:
  web:
    extends: { file: common.yml, service: app }
    command: gunicorn
  worker:
    extends: { file: ./base/worker.yml, service: worker }
`;
const COMMON = 'services:\n  app:\n    image: app:1\n    environment: { DEBUG: "0" }\n';
const WORKER = 'services:\n  worker:\n    extends: { file: ../common.yml, service: app }\n    command: celery worker\n';

describe('gatherPlanInput: services that extend a service of a file compose.files does not list', () => {
  let repo: TempRepo;
  const sha = { base: '', common: '', gone: '', outside: '' };
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-extends'));
    sha.base = await repo.commit({ 'docker/compose.yml': COMPOSE, 'docker/common.yml': COMMON, 'docker/base/worker.yml': WORKER });
    sha.common = await repo.commit({ 'docker/common.yml': COMMON.replace('"0"', '"1"') });
    sha.gone = await repo.commit({ 'docker/compose.yml': COMPOSE.replace('common.yml', 'missing.yml') });
    sha.outside = await repo.commit({ 'docker/compose.yml': COMPOSE.replace('common.yml', '../../outside.yml') });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  const gather = (from: string, to: string) => gatherBetween(repo.dir, CONFIG, from, to);

  it('reads the extended files (also nested, relative to the extending file) at each commit', async () => {
    const input = await gather(sha.base, sha.common);
    expect(input.composeFrom?.services.worker?.definition).toEqual({
      image: 'app:1',
      environment: { DEBUG: '0' },
      command: 'celery worker',
    });
    expect(input.composeTo.services.web?.definition).toEqual({ image: 'app:1', environment: { DEBUG: '1' }, command: 'gunicorn' });
  });

  it('a change to an extended file recreates the services extending it', async () => {
    expect(decision(planDeploy(await gather(sha.base, sha.common)))).toEqual({ ...NOTHING, recreate: ['web', 'worker'] });
  });

  it('an extended file the commit lacks is named (exit 2)', async () => {
    await expect(gather(sha.common, sha.gone)).rejects.toThrow(
      'compose files at ' +
        sha.gone.slice(0, 12) +
        ': docker/compose.yml: service "web" extends a service of "docker/missing.yml", which does not exist there',
    );
  });

  it('an extended file outside the repository is named, without asking git for it (exit 2)', async () => {
    await expect(gather(sha.base, sha.outside)).rejects.toThrow(
      `compose files at ${sha.outside.slice(0, 12)}: docker/compose.yml: service "web" extends a service of "../outside.yml", which is outside the repository`,
    );
  });
});

describe('gatherPlanInput: a compose file that includes another', () => {
  let repo: TempRepo;
  const sha = { base: '', worker: '', gone: '' };
  const MAIN = 'include: [sub/worker.yml]\nservices:\n  web:\n    image: app:1\n';
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-include'));
    sha.base = await repo.commit({ 'docker/compose.yml': MAIN, 'docker/sub/worker.yml': 'services:\n  worker:\n    image: app:1\n' });
    sha.worker = await repo.commit({ 'docker/sub/worker.yml': 'services:\n  worker:\n    image: app:2\n' });
    sha.gone = await repo.commit({ 'docker/compose.yml': MAIN.replace('sub/worker.yml', 'sub/missing.yml') });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  const gather = (from: string, to: string) => gatherBetween(repo.dir, CONFIG, from, to);

  it('reads the included file at each commit: a change to it recreates its services', async () => {
    expect(decision(planDeploy(await gather(sha.base, sha.worker)))).toEqual({ ...NOTHING, recreate: ['worker'] });
  });

  it('an included file the commit lacks is named (exit 2)', async () => {
    await expect(gather(sha.worker, sha.gone)).rejects.toThrow(
      `compose files at ${sha.gone.slice(0, 12)}: docker/compose.yml: includes "docker/sub/missing.yml", which does not exist there`,
    );
  });
});

describe('gatherPlanInput: symlinks at `to`', () => {
  let repo: TempRepo;
  const sha = { base: '', conf: '' };
  const MAIN = 'services:\n  nginx:\n    image: nginx\n    volumes: ["./nginx.conf:/etc/nginx/nginx.conf:ro"]\n';
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-symlinks'));
    await mkdir(join(repo.dir, 'docker'), { recursive: true });
    await symlink('../config/nginx.conf', join(repo.dir, 'docker/nginx.conf'));
    sha.base = await repo.commit({ 'docker/compose.yml': MAIN, 'config/nginx.conf': 'worker_processes 1;\n' });
    sha.conf = await repo.commit({ 'config/nginx.conf': 'worker_processes 2;\n' });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('are read with their targets; a change to the target of a bind-mounted link restarts the service', async () => {
    const catFile = openCatFile(repo.dir);
    try {
      const input = await gatherPlanInput(repoAt(repo.dir), CONFIG, { sha: sha.base }, sha.conf, catFile);
      expect(input.symlinks).toEqual({ 'docker/nginx.conf': '../config/nginx.conf' });
      expect(input.trackedFiles).toEqual(['config/nginx.conf', 'docker/compose.yml', 'docker/nginx.conf']);
      expect(decision(planDeploy(input))).toEqual({ ...NOTHING, restart: ['nginx'] });
    } finally {
      catFile.close();
    }
  });
});
