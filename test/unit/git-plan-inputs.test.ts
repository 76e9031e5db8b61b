import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG } from './plan-fixture.js';
import { gatherBetween } from './helpers/gather.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';

const COMPOSE = 'services:\n  web:\n    build: .\n    image: app\n';

describe('gatherPlanInput on a real repository: the compose model of each commit', () => {
  let repo: TempRepo;
  const sha: Record<'base' | 'template' | 'env' | 'compose', string> = { base: '', template: '', env: '', compose: '' };
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-inputs'));
    sha.base = await repo.commit({ 'docker/docker-compose.yml': COMPOSE, 'app/templates/a.html': '<p>1</p>\n' });
    sha.template = await repo.commit({ 'app/templates/a.html': '<p>2</p>\n' });
    sha.env = await repo.commit({ 'docker/.env': 'X=1\n' });
    sha.compose = await repo.commit({ 'docker/docker-compose.yml': `${COMPOSE}  worker:\n    image: app\n` });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  const gather = (from: string, to: string) => gatherBetween(repo.dir, CONFIG, from, to);

  it('compose files and .env unchanged: the model is parsed once and serves both commits', async () => {
    const input = await gather(sha.base, sha.template);
    expect(input.composeFrom).toBe(input.composeTo);
    expect(Object.keys(input.composeTo.services)).toEqual(['web']);
    expect(input.changes).toEqual([{ status: 'M', path: 'app/templates/a.html' }]);
  });

  it('.env added: each commit gets its own model', async () => {
    const input = await gather(sha.template, sha.env);
    expect(input.composeFrom).not.toBe(input.composeTo);
    expect(input.composeFrom).toEqual(input.composeTo);
  });

  it('compose file changed: each commit gets its own model, read at that commit', async () => {
    const input = await gather(sha.env, sha.compose);
    expect(input.composeFrom).not.toBe(input.composeTo);
    expect(Object.keys(input.composeFrom?.services ?? {})).toEqual(['web']);
    expect(Object.keys(input.composeTo.services)).toEqual(['web', 'worker']);
  });
});
