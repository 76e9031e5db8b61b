/** The frontend build on the runner: user code, run without the deploy's secrets. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reporter } from '../../src/core/reporter.js';
import { buildEnvironment, buildFrontend } from '../../src/strategies/passenger/frontend.js';
import { initRepo, useHostileTempDir } from './helpers/local-host.js';
import { silentReporter } from './helpers/silent-reporter.js';

const SECRETS = {
  'INPUT_SSH-PRIVATE-KEY': '-----BEGIN OPENSSH PRIVATE KEY-----',
  'INPUT_DB-PASSWORD': 'db-pw',
  'INPUT_GITHUB-TOKEN': 'ghs_input',
  INPUT_TARGET: 'production',
  GITOPS_SSH_KEY: 'cli-key',
  GITOPS_DB_PASSWORD: 'cli-db-pw',
  GITHUB_TOKEN: 'ghs_env',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
};
const KEPT = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  NODE_OPTIONS: '--max-old-space-size=4096',
  GITHUB_SHA: 'abc',
  GITOPS_KNOWN_HOSTS: 'kh',
  MY_INPUT_X: 'y',
};

describe('buildEnvironment', () => {
  it('drops every INPUT_* variable and the deploy secrets, keeps the rest (undefined values dropped)', () => {
    expect(buildEnvironment({ ...SECRETS, ...KEPT, UNSET: undefined })).toEqual(KEPT);
  });
});

describe('buildFrontend', () => {
  const tmp = useHostileTempDir('gitops-frontend');
  const quiet: Reporter = silentReporter;
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));
    Object.assign(process.env, SECRETS);
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('runs the build without the secrets of the runner environment', async () => {
    const repo = await initRepo(join(tmp(), 'repo'));
    const sha = await repo.commit({ 'frontend/build.js': "require('fs').mkdirSync('dist');\n" });
    // node prints the environment exactly as the build gets it (sh may hide names with a "-")
    const build = `cd frontend && node build.js && node -e "console.log(JSON.stringify(process.env))" > dist/env.json`;
    const built = await buildFrontend(repo.dir, sha, { build, dist: 'frontend/dist', protect: [], public_html: '/srv/www' }, quiet);
    try {
      const env = JSON.parse(await readFile(join(built.dist, 'env.json'), 'utf8')) as Record<string, string>;
      expect(Object.keys(env).filter((k) => k in SECRETS)).toEqual([]);
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      await built.cleanup();
    }
  });
});
