/**
 * `plan` starts its git reading before the config is loaded (startPlanRead): the revisions, the tree
 * and the changes need no config. computePlan takes that read for the same settings; a plan that
 * is not run (the config failed) cancels it, and nothing is left unhandled or running.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/core/settings.js';
import { computePlan, startPlanRead, takePlanRead } from '../../src/pipeline/plan.js';
import { newReport } from '../../src/session/report.js';
import { COMPOSE_PATH, COMPOSE_YML, CONFIG } from './plan-fixture.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';
import { silentReporter } from './helpers/silent-reporter.js';

describe('startPlanRead: the git reading of a plan, before its config', () => {
  let repo: TempRepo;
  const sha = { base: '', template: '' };
  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-plan-ahead'));
    sha.base = await repo.commit({ [COMPOSE_PATH]: COMPOSE_YML, 'app/templates/a.html': '<p>1</p>\n' });
    sha.template = await repo.commit({ 'app/templates/a.html': '<p>2</p>\n' });
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  const settingsOf = () => defaultSettings({ command: 'plan', repo: repo.dir, from: sha.base, to: sha.template });
  const plan = (settings = settingsOf(), deployed?: string | null) =>
    computePlan(settings, CONFIG, silentReporter, newReport('plan'), deployed);

  it('computePlan takes the read started for its settings: the same plan as read after the config', async () => {
    const settings = settingsOf();
    const ahead = startPlanRead(settings);
    // git runs while the config would load; the read waits for the config only for the compose files
    await new Promise((r) => setTimeout(r, 50));
    const planned = await plan(settings);
    expect(planned.input).toBe((await ahead.read).input);
    expect(planned).toEqual(await plan());
    expect(planned.plan.build).toEqual(['web']);
    expect(takePlanRead(settings, CONFIG)).toBeUndefined();
  });

  it('only for the same settings, and not for a plan from a deployed revision (read on the host)', async () => {
    const settings = settingsOf();
    const ahead = startPlanRead(settings);
    await plan(); // other settings, equal but not the same
    await plan(settings, sha.base); // `from`: the deployed revision
    expect(takePlanRead(settings, CONFIG)).toBe(ahead.read);
    expect((await ahead.read).to).toBe(sha.template);
  });

  it('cancelled (no plan after all): the read ends without a result, nothing unhandled, none left to take', async () => {
    const settings = settingsOf();
    const ahead = startPlanRead(settings);
    ahead.cancel();
    await expect(ahead.read).rejects.toThrow('no plan');
    expect(takePlanRead(settings, CONFIG)).toBeUndefined();
  });

  it("a git failure started ahead is the plan's, reported when it runs", async () => {
    const settings = defaultSettings({ command: 'plan', repo: repo.dir, from: sha.base, to: 'no-such-branch' });
    startPlanRead(settings);
    await new Promise((r) => setTimeout(r, 50));
    await expect(plan(settings)).rejects.toThrow('to: unknown revision "no-such-branch"');
  });
});
