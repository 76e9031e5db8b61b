/**
 * Local git and tar get the runner's environment without the deploy's secrets, like ssh, rsync and
 * the frontend build (src/core/secret-env.ts): a `git fetch` starts ssh or an https helper with
 * git's environment, and `git cat-file --batch` lives through the whole plan. Real git and tar run
 * behind wrappers (first on PATH) that record the environment each was started with.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTree } from '../../src/sync/export-tree.js';
import { createAppRepo, type AppRepo } from '../e2e/harness/app-repo.js';
import { runCli } from '../e2e/harness/cli.js';
import { FIXTURE_RULES, fixtureHeader } from '../e2e/harness/fixture-config.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const SECRET = `secret-env-${process.pid}-${Date.now()}`;
/** the deploy's secrets as the CLI and the Action receive them */
const SECRETS: Record<string, string> = {
  GITOPS_SSH_KEY: `key ${SECRET}`,
  GITOPS_DB_PASSWORD: `db ${SECRET}`,
  GITOPS_REGISTRY_PASSWORD: `registry ${SECRET}`,
  'INPUT_SSH-PRIVATE-KEY': `input key ${SECRET}`,
  'INPUT_DB-PASSWORD': `input db ${SECRET}`,
};

let tmp = '';
let wrappers = '';
let logs = '';
let repo: AppRepo;

/** A `name` first on PATH: records its environment (one file per process), then runs the real one. */
async function wrapper(name: string): Promise<void> {
  const real = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  const script = `#!/bin/sh\ntr "\\\\000" "\\\\n" < /proc/$$/environ > "${logs}/${name}.$$"\nexec ${real} "$@"\n`;
  await writeFile(join(wrappers, name), script);
  await chmod(join(wrappers, name), 0o755);
}

/** The recorded environments: how many processes, and those holding a secret. */
async function recorded(): Promise<{ count: number; leaks: string[] }> {
  const files = await readdir(logs);
  const leaks: string[] = [];
  for (const f of files) {
    const env = await readFile(join(logs, f), 'utf8');
    for (const line of env.split('\n')) if (line.includes(SECRET)) leaks.push(`${f}: ${line.split('=')[0]}`);
  }
  return { count: files.length, leaks };
}

beforeAll(async () => {
  tmp = await makeTempDir('gitops-git-env');
  wrappers = join(tmp, 'bin');
  logs = join(tmp, 'env');
  await mkdir(wrappers);
  await mkdir(logs);
  await wrapper('git');
  await wrapper('tar');
  repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': `${fixtureHeader('obs')}${FIXTURE_RULES}` });
  await repo.commit('template', { 'app/templates/index.html': '<p>2</p>' });
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

describe('the deploy secrets never reach local git or tar', () => {
  it('plan: every git the CLI starts has none of them', async () => {
    const env = { ...SECRETS, PATH: `${wrappers}:${process.env.PATH ?? ''}` };
    const r = await runCli(['plan', '--repo', repo.dir, '--from', 'HEAD~1', '--to', 'HEAD', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const { count, leaks } = await recorded();
    expect(count).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it('the exported tree of a deploy (git archive | tar): neither has them', async () => {
    const sha = repo.head();
    const saved = { ...process.env };
    Object.assign(process.env, SECRETS, { PATH: `${wrappers}:${process.env.PATH ?? ''}` });
    try {
      const tree = await exportTree(repo.dir, sha);
      await tree.cleanup();
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
    const names = await readdir(logs);
    expect(names.some((n) => n.startsWith('tar.'))).toBe(true);
    expect((await recorded()).leaks).toEqual([]);
  });
});
