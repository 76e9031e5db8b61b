/**
 * Passenger plans (issues #9 and #14): code paths mean "upload + restart" of the app, ignored paths
 * mean nothing at all, and `plan` says what the deploy then does. Pure: planner + steps + format.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import { nothingToDo } from '../../src/strategies/passenger/describe.js';
import { decideSteps, planWithSteps } from '../../src/strategies/passenger/steps.js';
import { passengerPlannerConfig } from '../../src/strategies/passenger/tasks.js';
import { isEmptyPlan } from '../../src/plan/explain.js';
import { formatPlanMarkdown, formatPlanTable } from '../../src/plan/format.js';
import { planDeploy } from '../../src/plan/planner.js';
import type { Plan, PlannerConfig } from '../../src/plan/types.js';

const yaml = (frontendPaths: string) => `version: 1
rules:
  - {name: docs, paths: ["**/*.md", "docs/**"], ignore: true}
  - {name: static, paths: ["backend/static/**"], tasks: [collectstatic]}
tasks:
  migrate: {command: "python migrate.py", paths: ["backend/migrations/**"]}
  collectstatic: {command: "python manage.py collectstatic --noinput"}
  docs-index: {command: "make docs", paths: ["docs/index/**"]}
targets:
  shared:
    strategy: passenger
    host: u@example.com
    path: /home/u/app
    app_root: backend
    frontend: {build: "npm run build", dist: frontend/dist, public_html: /home/u/public_html${frontendPaths}}
`;

const plannerFor = (frontendPaths: string): PlannerConfig => {
  const config = parseConfig(yaml(frontendPaths), 'deploy.yml');
  return passengerPlannerConfig(config, config.targets.shared as PassengerTarget);
};
const withPaths = plannerFor(', paths: ["frontend/**"]');
const withoutPaths = plannerFor('');
const FROM = 'a'.repeat(40);

function plan(files: string[], cfg: PlannerConfig = withPaths, from: string | null = FROM): Plan {
  // a docker-compose.yml in a passenger repository (local development) is only a file
  const composeTo = { services: { web: { name: 'web', definition: { image: 'x' }, bindMounts: ['backend'], envFiles: [] } } };
  const changes = files.map((path) => ({ path, status: 'M' as const }));
  return planDeploy({ from, to: 'b'.repeat(40), changes, config: cfg, composeFrom: null, composeTo, dockerignores: {} });
}

type Row = [string, string[], PlannerConfig, Partial<Pick<Plan, 'upload' | 'tasks' | 'unmatched' | 'build' | 'recreate' | 'restart'>>];
const rows: Row[] = [
  [
    'a backend code change: upload + restart (not "unmatched")',
    ['backend/app/main.py'],
    withPaths,
    { upload: ['app'], tasks: [], unmatched: [] },
  ],
  ['docs only: nothing at all', ['README.md', 'docs/guide/install.rst'], withPaths, { upload: [], tasks: [], unmatched: [] }],
  ['docs only, frontend without paths: nothing at all (no frontend build)', ['backend/NOTES.md'], withoutPaths, { upload: [], tasks: [] }],
  [
    'a code change, frontend without paths: upload and the frontend',
    ['backend/app/main.py'],
    withoutPaths,
    { upload: ['app'], tasks: ['frontend'] },
  ],
  ['a migration: upload and migrate', ['backend/migrations/0002.sql'], withPaths, { upload: ['app'], tasks: ['migrate'] }],
  ['requirements: upload and pip-install', ['backend/requirements.txt'], withPaths, { upload: ['app'], tasks: ['pip-install'] }],
  [
    'frontend sources (frontend.paths): upload and the frontend',
    ['frontend/src/app.js'],
    withPaths,
    { upload: ['app'], tasks: ['frontend'] },
  ],
  ['a rule with tasks: its tasks and the upload', ['backend/static/app.css'], withPaths, { upload: ['app'], tasks: ['collectstatic'] }],
  [
    'a compose file or bind mount means nothing special: the app goes up',
    ['docker-compose.yml', 'backend/x.py'],
    withPaths,
    { upload: ['app'], build: [], recreate: [], restart: [] },
  ],
  ['task paths still apply to an ignored file (no upload planned)', ['docs/index/a.md'], withPaths, { upload: [], tasks: ['docs-index'] }],
];

describe('passenger plans: code means upload + restart, ignored means nothing', () => {
  it.each(rows)('%s', (_name, files, cfg, expected) => {
    expect(plan(files, cfg)).toMatchObject(expected);
  });

  it('the reason of the upload lists the code files only, under "app-code"', () => {
    const p = plan(['README.md', 'backend/app/main.py', 'backend/models.py']);
    expect(p.reasons).toContainEqual({
      service: 'app',
      action: 'upload',
      rule: 'app-code',
      files: ['backend/app/main.py', 'backend/models.py'],
    });
    expect(p.reasons).toContainEqual({ action: 'ignore', rule: 'docs', files: ['README.md'] });
  });

  it('an unknown `from` uploads the app (unknown-from), whatever the compose model holds', () => {
    const p = plan([], withPaths, null);
    expect(p.upload).toEqual(['app']);
    expect(p.build).toEqual([]);
    expect(p.recreate).toEqual([]);
    expect(p.reasons[0]).toMatchObject({ service: 'app', action: 'upload', rule: 'unknown-from' });
  });

  it('`plan` says upload + restart for a code change, "Nothing to deploy" for docs only', () => {
    const code = formatPlanTable(plan(['backend/app/main.py']));
    expect(code).toMatch(/^app +upload \+ restart +app-code: backend\/app\/main\.py$/m);
    expect(code).not.toContain('Nothing to deploy');
    expect(code).not.toContain('Unmatched');
    expect(formatPlanMarkdown(plan(['backend/app/main.py']))).toContain('| app | upload + restart | app-code: backend/app/main.py |');
    expect(formatPlanTable(plan(['README.md']))).toContain('Nothing to deploy: 1 changed file (1 ignored, 0 unmatched)');
  });
});

describe('the executed plan and the no-op', () => {
  const order = Object.keys(withPaths.tasks);
  const previous = { id: 'c'.repeat(40), sha: 'c'.repeat(40), at: '', result: 'success' as const, actor: 'me' };
  const executed = (p: Plan, venvExists = true) =>
    planWithSteps(p, decideSteps(p, { venvExists, hasFrontend: true, taskOrder: order }), order);

  it('docs only with the venv in place: empty, and the deploy says it does nothing', () => {
    const p = executed(plan(['README.md']));
    expect(isEmptyPlan(p)).toBe(true);
    expect(nothingToDo({ plan: p, previous })).toBe(
      `Nothing to deploy: 1 changed file (1 ignored, 0 unmatched), no service or task affected. ${'c'.repeat(12)} keeps serving: no backup, no upload, no restart.`,
    );
  });

  it('docs only with the venv gone: pip runs, and the release goes up with it (the plan says so)', () => {
    const p = executed(plan(['README.md']), false);
    expect(p.tasks).toEqual(['pip-install']);
    expect(p.upload).toEqual(['app']);
    expect(p.reasons).toContainEqual({
      service: 'app',
      action: 'upload',
      rule: 'steps',
      files: [],
      detail: 'pip-install runs: the release goes up and the app restarts with it',
    });
    expect(nothingToDo({ plan: p, previous })).toBeUndefined();
  });

  it('a task on an ignored file runs with the release', () => {
    const p = executed(plan(['docs/index/a.md']));
    expect(p).toMatchObject({ tasks: ['docs-index'], upload: ['app'] });
  });

  it('a code change is never a no-op; a first deploy neither', () => {
    expect(nothingToDo({ plan: executed(plan(['backend/app/main.py'])), previous })).toBeUndefined();
    expect(nothingToDo({ plan: executed(plan(['README.md'])), previous: undefined })).toBeUndefined();
  });
});
