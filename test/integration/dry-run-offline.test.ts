/**
 * `deploy --dry-run` without an SSH key (#12): the plan and the compose commands from the `from`
 * given, or a first-deploy plan that says the deployed revision is unknown. It never connects
 * (the target's port is closed: a connection attempt would fail the run).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from '../e2e/harness/app-repo.js';
import { runCli } from '../e2e/harness/cli.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from '../e2e/harness/fixture-config.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const CONFIG = `${fixtureHeader('obs')}${FIXTURE_RULES}targets:\n${composeTarget('vps', 1, '/srv/obs')}`;

let tmp = '';
let repo: AppRepo;
const dryRun = (...args: string[]) =>
  runCli(['deploy', '--dry-run', '--repo', repo.dir, '--target', 'vps', '--json', ...args], { GITOPS_SSH_KEY: '' });

beforeAll(async () => {
  tmp = await makeTempDir('gitops-dry-offline');
  repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': CONFIG });
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

describe('deploy --dry-run without an SSH key', () => {
  it('with --from: the plan and the compose commands, no connection', async () => {
    const from = repo.head();
    await repo.commit('template', { 'app/templates/index.html': '<p>offline</p>\n' });
    const r = await dryRun('--from', from);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toBe('dry-run');
    expect(r.json.plan).toMatchObject({ build: ['web'], recreate: [] });
    expect(r.json.phases.map((p: { name: string }) => p.name)).toEqual(['Plan']);
    const notes = (r.json.notes as string[]).join('\n');
    expect(notes).toContain(`dry-run without an SSH key: nothing was read from or changed on the host; planned from ${from} (given)`);
    expect(notes).toMatch(/docker-compose .*build web/);
    expect(notes).toMatch(/up -d --no-deps --no-build web/);
  });

  it('without --from: says the deployed revision is unknown and plans a first deploy', async () => {
    const r = await dryRun();
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.plan.from).toBeNull();
    expect(r.json.plan.build).toEqual(['celery_beat', 'celery_worker', 'flower', 'web']);
    expect((r.json.notes as string[])[0]).toContain('from an unknown deployed revision (give from/--from, or an SSH key to read it)');
  });
});
