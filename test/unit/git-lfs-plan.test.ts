/**
 * The plan of a commit that only changes a Git LFS object (new content, same path), on a real
 * repository made with git-lfs: git diffs the pointers, so the planner sees the file changed and
 * the rule that names it applies (as for any other file).
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoAt } from '../../src/git/repo.js';
import { changedPaths } from '../../src/git/diff-names.js';
import { planDeploy } from '../../src/plan/planner.js';
import { forgetLfsFilter, lfsOid, lfsTrack } from '../e2e/harness/lfs.js';
import { CONFIG } from './plan-fixture.js';
import { gatherBetween } from './helpers/gather.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const ready = withTools('Git LFS repositories', 'git-lfs');
const COMPOSE = 'services:\n  web:\n    build: .\n    image: app\n  nginx:\n    image: nginx\n';

describe.runIf(ready)('a changed LFS object is a changed file for the plan', () => {
  let repo: TempRepo;
  let v1 = '';
  let v2 = '';
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-lfs-plan'));
    lfsTrack(repo.dir, '*.png');
    v1 = await repo.commit({ 'docker/docker-compose.yml': COMPOSE, 'app/static/logo.png': 'one'.repeat(500) });
    v2 = await repo.commit({ 'app/static/logo.png': 'two'.repeat(500) });
    forgetLfsFilter(repo.dir);
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('the pointer changed: git lists the path, the static rule builds web, restarts nginx, runs collectstatic', async () => {
    expect(lfsOid(repo.dir, v1, 'app/static/logo.png')).not.toBe(lfsOid(repo.dir, v2, 'app/static/logo.png'));
    expect(await changedPaths(repoAt(repo.dir).git, v1, v2)).toEqual(['app/static/logo.png']);
    const input = await gatherBetween(repo.dir, CONFIG, v1, v2);
    expect(input.changes).toEqual([{ status: 'M', path: 'app/static/logo.png' }]);
    const plan = planDeploy(input);
    expect(plan.build).toEqual(['web']);
    expect(plan.restart).toEqual(['nginx']);
    expect(plan.tasks).toEqual(['collectstatic']);
  });
});
