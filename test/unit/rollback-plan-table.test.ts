/**
 * A rollback's plan table: a service the rollback puts back on its retained image (the release
 * recorded one) is not built, and its row says so; one without a recorded image is rebuilt ("build").
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/core/settings.js';
import { planRollbackOf } from '../../src/pipeline/rollback.js';
import type { ReleaseRecord } from '../../src/record/state-model.js';
import { newReport } from '../../src/session/report.js';
import type { Session } from '../../src/session/session.js';
import type { Strategy } from '../../src/strategies/types.js';
import { COMPOSE_PATH, COMPOSE_YML, CONFIG } from './plan-fixture.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';
import { silentReporter } from './helpers/silent-reporter.js';

const release = (id: string, sha: string, images?: ReleaseRecord['images']): ReleaseRecord => ({
  id,
  sha,
  at: '2026-12-01T00:00:00Z',
  result: 'success',
  actor: 'alice',
  ...(images ? { images } : {}),
});

describe('planRollbackOf: the plan table of a rollback', () => {
  let repo: TempRepo;
  const sha = { a: '', b: '' };
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-rollback-table'));
    sha.a = await repo.commit({ [COMPOSE_PATH]: COMPOSE_YML, 'app/views.py': 'A = 1\n' });
    sha.b = await repo.commit({ 'app/views.py': 'A = 2\n' });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  async function table(images?: ReleaseRecord['images']): Promise<string> {
    const details: string[] = [];
    const s = {
      settings: defaultSettings({ command: 'rollback', repo: repo.dir }),
      reporter: { ...silentReporter, detail: (text: string) => void details.push(text) },
      report: newReport('rollback'),
      targetName: 'production',
    } as unknown as Session;
    const strategy = { plannerConfig: () => CONFIG } as unknown as Strategy;
    const to = release('A', sha.a, images);
    await planRollbackOf(s, strategy, release('B', sha.b), to);
    return details.join('\n');
  }

  it('a service back on its retained image: "reuse image", not "build"; one without an image: "build"', async () => {
    const image = (name: string) => ({ id: `sha256:${name}`, name: `app-${name}:latest` });
    const text = await table({ web: image('web'), celery_worker: image('worker') });
    expect(text).toMatch(/^web\s+reuse image\s+python: app\/views\.py$/m);
    expect(text).toMatch(/^celery_worker\s+reuse image\s+python/m);
    expect(text).toMatch(/^celery_beat\s+build\s+python/m);
  });

  it('no image recorded: every row says build', async () => {
    const text = await table();
    expect(text).toMatch(/^web\s+build\s+python/m);
    expect(text).not.toContain('reuse image');
  });
});
