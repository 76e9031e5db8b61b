import { describe, expect, it } from 'vitest';
import { unsharedEnvFileWarnings } from '../../src/plan/env-file-warnings.js';
import type { ComposeModel } from '../../src/plan/types.js';

const service = (name: string, envFiles: string[], env_file: unknown = envFiles) => ({
  name,
  definition: { env_file },
  bindMounts: [],
  envFiles,
});
const model = (...services: ReturnType<typeof service>[]) =>
  ({ services: Object.fromEntries(services.map((s) => [s.name, s])) }) as unknown as ComposeModel;
const target = (shared: string[], layout?: string) => ({ name: 'production', shared, ...(layout ? { layout } : {}) });

describe('unsharedEnvFileWarnings', () => {
  const m = model(service('web', ['.env']), service('celery_worker', ['.env', 'config/common.env']));

  it('a gitignored .env that is not shared → one warning naming its readers and the fix', () => {
    expect(unsharedEnvFileWarnings(m, ['config/common.env'], target([]))).toEqual([
      'env_file .env ("web", "celery_worker") is neither in the commit nor in targets.production.shared: a deploy never uploads it and compose fails with "env file not found"; add ".env" to shared and create <path>/shared/.env on the host',
    ]);
  });

  it('shared (as the file or under a shared directory) or tracked → nothing', () => {
    expect(unsharedEnvFileWarnings(m, ['config/common.env'], target(['.env']))).toEqual([]);
    expect(unsharedEnvFileWarnings(m, [], target(['.env', 'config/']))).toEqual([]);
    expect(unsharedEnvFileWarnings(m, ['.env', 'config/common.env'], target([]))).toEqual([]);
  });

  it('in-place targets, optional env files (required: false), absolute paths → nothing', () => {
    expect(unsharedEnvFileWarnings(m, [], target([], 'in-place'))).toEqual([]);
    expect(unsharedEnvFileWarnings(model(service('web', ['.env'], [{ path: '.env', required: false }])), [], target([]))).toEqual([]);
    expect(unsharedEnvFileWarnings(model(service('web', ['/etc/app.env'])), [], target([]))).toEqual([]);
  });
});
