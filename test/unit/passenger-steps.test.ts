import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { hostFactsScript, parseHostFacts } from '../../src/strategies/passenger/plan-on-host.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { decideSteps, LIVE_MISSING_DETAIL, planWithLiveRestored, planWithSteps } from '../../src/strategies/passenger/steps.js';
import { passengerPlannerConfig, plannerConfigFor } from '../../src/strategies/passenger/tasks.js';
import { planDeploy } from '../../src/plan/planner.js';
import type { ChangedFile, Plan, PlannerConfig } from '../../src/plan/types.js';

const YAML = `version: 1
rules:
  - {name: docs, paths: ["**/*.md"], ignore: true}
tasks:
  migrate: {command: "python migrate.py", paths: ["backend/migrations/**"]}
  collectstatic: {command: "python manage.py collectstatic --noinput"}
targets:
  shared:
    strategy: passenger
    host: u@example.com
    path: /home/u/app
    app_root: backend
    frontend: {build: "npm run build", dist: frontend/dist, public_html: /home/u/public_html, paths: ["frontend/**"]}
`;

const config = parseConfig(YAML, 'deploy.yml');
const target = config.targets.shared as PassengerTarget;
const planner = passengerPlannerConfig(config, target);
const order = Object.keys(planner.tasks);

function plan(files: string[], from: string | null = 'a'.repeat(40), cfg: PlannerConfig = planner): Plan {
  const changes: ChangedFile[] = files.map((path) => ({ path, status: 'M' }));
  return planDeploy({ from, to: 'b'.repeat(40), changes, config: cfg, composeFrom: null, composeTo: { services: {} }, dockerignores: {} });
}

const decide = (p: Plan, venvExists = true) => decideSteps(p, { venvExists, hasFrontend: true, taskOrder: order });

describe('passenger planner config', () => {
  it('adds pip-install first and frontend last, around the user tasks', () => {
    expect(order).toEqual(['pip-install', 'migrate', 'collectstatic', 'frontend']);
    expect(planner.tasks['pip-install']?.paths).toEqual(['backend/requirements.txt']);
    expect(planner.tasks.frontend?.paths).toEqual(['frontend/**']);
  });

  it('frontend without paths triggers on any change; app_root "." keeps the bare requirements path', () => {
    const t = { ...target, app_root: '.', frontend: { ...target.frontend!, paths: undefined } };
    const cfg = passengerPlannerConfig(config, t);
    expect(cfg.tasks['pip-install']?.paths).toEqual(['requirements.txt']);
    expect(plan(['anything/at/all.py'], 'a'.repeat(40), cfg).tasks).toEqual(['frontend']);
  });

  it('plannerConfigFor adds the built-in steps only for a passenger target', () => {
    expect(Object.keys(plannerConfigFor(config, 'shared').tasks)).toEqual(order);
    expect(Object.keys(plannerConfigFor(config, undefined).tasks)).toEqual(order);
    const withService = YAML.replace(/\{command:/g, '{service: web, command:');
    const two = parseConfig(`${withService}  vps: {strategy: compose, host: u@h, path: /srv/app}\ncompose: {project: p}\n`, 'x.yml');
    expect(Object.keys(plannerConfigFor(two, undefined).tasks)).toEqual(['migrate', 'collectstatic']);
    expect(Object.keys(plannerConfigFor(two, 'vps').tasks)).toEqual(['migrate', 'collectstatic']);
    expect(Object.keys(plannerConfigFor(two, 'shared').tasks)).toEqual(order);
  });
});

describe('decideSteps', () => {
  it('code-only change: pip, migrations and frontend are skipped, with the reason', () => {
    const steps = decide(plan(['backend/passenger_wsgi.py']));
    expect(steps.pip).toEqual({ run: false, why: 'requirements unchanged since the deployed revision' });
    expect(steps.tasks).toEqual([]);
    expect(steps.frontend).toEqual({ run: false, why: 'no frontend file changed' });
  });

  it('requirements change runs pip and names the file', () => {
    expect(decide(plan(['backend/requirements.txt'])).pip).toEqual({ run: true, why: 'backend/requirements.txt changed' });
  });

  it('a missing virtualenv runs pip whatever changed', () => {
    const steps = decide(plan(['backend/app.py']), false);
    expect(steps.pip).toEqual({ run: true, why: 'the virtualenv is missing' });
    const p = planWithSteps(plan(['backend/app.py']), steps, order);
    expect(p.tasks).toEqual(['pip-install']);
    expect(p.reasons).toContainEqual({
      task: 'pip-install',
      action: 'task',
      rule: 'venv-missing',
      files: [],
      detail: 'the virtualenv is missing',
    });
  });

  it('a changed file pip reads through the requirements file runs pip, with its own reason', () => {
    const p = plan(['backend/requirements/base.txt']);
    const steps = decideSteps(p, { venvExists: true, hasFrontend: true, taskOrder: order, pipInputs: ['backend/requirements/base.txt'] });
    const why = 'backend/requirements/base.txt changed (read by pip through the requirements file or pip_args)';
    expect(steps.pip).toEqual({ run: true, why, inputs: ['backend/requirements/base.txt'] });
    const executed = planWithSteps(p, steps, order);
    expect(executed.tasks).toEqual(['pip-install']);
    expect(executed.reasons).toContainEqual({
      task: 'pip-install',
      action: 'task',
      rule: 'pip-inputs',
      files: ['backend/requirements/base.txt'],
      detail: why,
    });
  });

  it('migration change runs the migration task only', () => {
    const steps = decide(plan(['backend/migrations/0002.sql']));
    expect(steps.tasks).toEqual(['migrate']);
    expect(steps.pip.run).toBe(false);
  });

  it('frontend change runs the frontend step', () => {
    expect(decide(plan(['frontend/src/index.html'])).frontend).toEqual({ run: true, why: 'frontend/src/index.html changed' });
  });

  it('first deploy (unknown from) runs every step in declaration order', () => {
    const p = plan([], null);
    const steps = decide(p);
    expect(steps.pip.run).toBe(true);
    expect(steps.tasks).toEqual(['migrate', 'collectstatic']);
    expect(steps.frontend?.run).toBe(true);
    expect(planWithSteps(p, steps, order).tasks).toEqual(order);
  });

  it('planWithSteps keeps planned tasks and their reasons as they are', () => {
    const p = plan(['backend/requirements.txt', 'backend/migrations/0002.sql']);
    const out = planWithSteps(p, decide(p), order);
    expect(out.tasks).toEqual(['pip-install', 'migrate']);
    expect(out.reasons).toEqual(p.reasons);
  });
});

describe('a live release directory that is gone', () => {
  it('planWithLiveRestored adds the upload + restart to an empty plan, with its reason; a plan that uploads already is kept', () => {
    const empty = plan(['docs/readme.md']);
    const out = planWithLiveRestored(empty, true);
    expect(out.upload).toEqual(['app']);
    expect(out.reasons).toContainEqual({ service: 'app', action: 'upload', rule: 'live-missing', files: [], detail: LIVE_MISSING_DETAIL });
    expect(planWithLiveRestored(empty, false)).toBe(empty);
    const code = plan(['backend/app.py']);
    expect(planWithLiveRestored(code, true)).toBe(code);
  });

  it('hostFactsScript reads the venv, and the dangling link only in the releases layout', () => {
    const paths = passengerPaths(target);
    expect(hostFactsScript(paths)).toBe(
      'if [ -x /home/u/app/venv/bin/python ]; then echo yes; else echo no; fi\n' +
        'if [ -L /home/u/app/current ] && [ ! -d /home/u/app/current ]; then echo dangling; fi',
    );
    expect(hostFactsScript(passengerPaths({ ...target, layout: 'in-place' }))).not.toMatch(/dangling/);
    expect(parseHostFacts('yes\ndangling\n')).toEqual({ venvExists: true, liveMissing: true });
    expect(parseHostFacts('no\n')).toEqual({ venvExists: false, liveMissing: false });
  });
});
