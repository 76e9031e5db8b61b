import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { passengerPlannerConfig } from '../../src/strategies/passenger/tasks.js';
import { planDeploy } from '../../src/plan/planner.js';
import type { ChangedFile, Plan } from '../../src/plan/types.js';
import type { DeployState, ReleaseRecord } from '../../src/record/state-model.js';
import { describePassengerRollback } from '../../src/rollback/passenger-describe.js';
import {
  decideRollbackSteps,
  executedPlan,
  frontendSnapshotHolds,
  rollbackStepLines,
  type RollbackFacts,
} from '../../src/rollback/passenger-steps.js';

const YAML = `version: 1
tasks:
  migrate: {command: "python migrate.py", paths: ["backend/migrations/**"]}
targets:
  shared:
    strategy: passenger
    host: u@example.com
    path: /home/u/app
    app_root: backend
    health: {url: "http://127.0.0.1/"}
    frontend: {build: "npm run build", dist: frontend/dist, public_html: /home/u/public_html, paths: ["frontend/**"]}
`;

const config = parseConfig(YAML, 'deploy.yml');
const target = config.targets.shared as PassengerTarget;
const planner = passengerPlannerConfig(config, target);
const order = Object.keys(planner.tasks);
const CUR = 'c'.repeat(40);
const TO = 'a'.repeat(40);

/** The reverse plan: from the deployed release to the rollback target. */
function reverse(files: string[]): Plan {
  const changes: ChangedFile[] = files.map((path) => ({ path, status: 'M' }));
  return planDeploy({ from: CUR, to: TO, changes, config: planner, composeFrom: null, composeTo: { services: {} }, dockerignores: {} });
}

const KEPT = `/srv/app/.deploy/frontend/${'a'.repeat(40)}`;
const facts = (over: Partial<RollbackFacts> = {}): RollbackFacts => ({ venvExists: true, hasFrontend: true, frontendFrom: KEPT, ...over });

const rel = (c: string, result: ReleaseRecord['result'], previous?: string): ReleaseRecord => ({
  id: c.repeat(40),
  sha: c.repeat(40),
  at: '2024-01-01T00:00:00Z',
  result,
  actor: 'alice',
  previous: previous?.repeat(40),
});

describe('passenger rollback steps (reverse plan)', () => {
  it('code-only difference: no pip, public_html unchanged, nothing else', () => {
    const steps = decideRollbackSteps(reverse(['backend/VERSION']), facts());
    expect(steps.pip).toEqual({ run: false, why: 'requirements are the same in both releases' });
    expect(steps.frontend).toEqual({ run: false, stale: false, why: 'frontend files are the same in both releases' });
    expect(steps.skippedTasks).toEqual([]);
    expect(executedPlan(reverse(['backend/VERSION']), steps, order).tasks).toEqual([]);
  });

  it('requirements differ: pip runs and names the file', () => {
    const p = reverse(['backend/requirements.txt']);
    const steps = decideRollbackSteps(p, facts());
    expect(steps.pip).toEqual({ run: true, why: 'backend/requirements.txt changed' });
    expect(executedPlan(p, steps, order).tasks).toEqual(['pip-install']);
  });

  it('a missing virtualenv runs pip whatever differs', () => {
    const p = reverse(['backend/VERSION']);
    const steps = decideRollbackSteps(p, facts({ venvExists: false }));
    expect(steps.pip).toEqual({ run: true, why: 'the virtualenv is missing' });
    expect(executedPlan(p, steps, order).tasks).toEqual(['pip-install']);
  });

  it('migrations differ: the migration task is reported as not run, and left out of the executed plan', () => {
    const p = reverse(['backend/migrations/0002.sql']);
    const steps = decideRollbackSteps(p, facts());
    expect(p.tasks).toEqual(['migrate']);
    expect(steps.skippedTasks).toEqual(['migrate']);
    expect(executedPlan(p, steps, order).tasks).toEqual([]);
    expect(rollbackStepLines(steps)).toContain('tasks: not run by a rollback (migrate)');
  });

  it("frontend differs: restored from where the target's frontend is kept, else stale with a reason", () => {
    const p = reverse(['frontend/src/index.html']);
    const ok = decideRollbackSteps(p, facts());
    expect(ok.frontend).toMatchObject({ run: true, stale: false, from: KEPT });
    expect(ok.frontend!.why).toBe(`frontend files differ (frontend/src/index.html): public_html restored from ${KEPT}`);
    expect(executedPlan(p, ok, order).tasks).toEqual(['frontend']);
    const stale = decideRollbackSteps(p, facts({ frontendFrom: undefined }));
    expect(stale.frontend).toMatchObject({ run: false, stale: true });
    expect(stale.frontend!.why).toMatch(
      /no copy of a{12}'s frontend is kept \(deployed before per-release frontend copies, or its copy was deleted\): public_html still holds c{12}'s frontend/,
    );
    expect(executedPlan(p, stale, order).tasks).toEqual([]);
  });

  it("frontend files the same, public_html not: restored from the target's copy; skipped when nothing differs or nothing is kept", () => {
    const p = reverse(['backend/migrations/0002.sql']);
    const differs = decideRollbackSteps(p, facts({ frontendDiffers: ['static/app.css'] }));
    expect(differs.frontend).toEqual({
      run: true,
      stale: false,
      from: KEPT,
      why: `frontend files are the same in both releases, but public_html differs from ${'a'.repeat(12)}'s frontend (static/app.css): restored from ${KEPT}`,
    });
    expect(executedPlan(p, differs, order).tasks).toEqual(['frontend']);
    expect(rollbackStepLines(differs)).toContain('tasks: not run by a rollback (migrate)');
    const same = { run: false, stale: false, why: 'frontend files are the same in both releases' };
    expect(decideRollbackSteps(p, facts({ frontendDiffers: [] })).frontend).toEqual(same);
    expect(decideRollbackSteps(p, facts({ frontendDiffers: ['x'], frontendFrom: undefined })).frontend).toEqual(same);
  });

  it('no frontend configured: no frontend decision', () => {
    expect(decideRollbackSteps(reverse(['frontend/x']), facts({ hasFrontend: false })).frontend).toBeUndefined();
  });
});

describe('frontendSnapshotHolds', () => {
  const a = rel('a', 'success');
  const b = rel('b', 'success', 'a');
  const state = (releases: ReleaseRecord[], current: string): DeployState => ({
    version: 1,
    target: 't',
    current: current.repeat(40),
    releases,
  });

  it("the undone release's deploy snapshotted the target's public_html", () => {
    expect(frontendSnapshotHolds(state([b, a], 'b'), b, a)).toBe(true);
  });

  it('not when a deploy was recorded after the undone release (it may have snapshotted again)', () => {
    expect(frontendSnapshotHolds(state([rel('f', 'failed', 'b'), b, a], 'b'), b, a)).toBe(false);
  });

  it('not for a release other than the predecessor, nor for a roll-forward', () => {
    const c = rel('c', 'success', 'b');
    expect(frontendSnapshotHolds(state([c, b, a], 'c'), c, a)).toBe(false);
    const rolledBack = { ...b, result: 'rolled-back' as const };
    expect(frontendSnapshotHolds(state([rolledBack, a], 'a'), a, rolledBack)).toBe(false);
  });
});

describe('describePassengerRollback (dry run)', () => {
  const plan = reverse(['backend/requirements.txt', 'backend/migrations/0002.sql']);
  const steps = decideRollbackSteps(plan, facts());
  const base = { current: rel('c', 'success', 'a'), to: rel('a', 'success'), plan, target, steps };

  it('releases: the release dir, the steps, the switch, restart and check; the schema warning', () => {
    const lines = describePassengerRollback({ ...base, paths: passengerPaths(target) }, false);
    expect(lines[0]).toBe(`dry-run: nothing was changed on the host; a rollback from ${'c'.repeat(12)} to ${'a'.repeat(12)} would:`);
    expect(lines).toContain(`  use /home/u/app/releases/${TO} (uploaded again if it was pruned)`);
    expect(lines).toContain('  pip-install: runs (backend/requirements.txt changed)');
    expect(lines).toContain(`  switch /home/u/app/current to releases/${TO}`);
    expect(lines).toContain(`  restart: touch /home/u/app/releases/${TO}/backend/tmp/restart.txt`);
    expect(lines.at(-1)).toMatch(/WARNING: migrations differ \(backend\/migrations\/0002.sql\)/);
  });

  it('in-place with restore-db: snapshot restore, the safety backup, no schema warning', () => {
    const inPlace = { ...target, layout: 'in-place' as const };
    const lines = describePassengerRollback({ ...base, target: inPlace, paths: passengerPaths(inPlace) }, true);
    expect(lines).toContain(`  snapshot the code of ${'c'.repeat(12)}, then restore /home/u/app/.deploy/snapshots/${TO} into /home/u/app`);
    expect(lines[1]).toMatch(/take a safety backup/);
    expect(lines.join('\n')).not.toMatch(/WARNING/);
    expect(lines.join('\n')).not.toMatch(/switch/);
  });
});
