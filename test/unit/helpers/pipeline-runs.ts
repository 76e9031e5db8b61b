/** Runs of the pipeline on a RecordingExecutor: a compose and a passenger target, deploying b over a. */
import { parseConfig } from '../../../src/config/load.js';
import type { Plan } from '../../../src/plan/types.js';
import type { DeployState, ReleaseRecord } from '../../../src/record/state-model.js';
import { newReport } from '../../../src/session/report.js';
import type { Session } from '../../../src/session/session.js';
import { defaultSettings } from '../../../src/core/settings.js';
import type { Reporter } from '../../../src/core/reporter.js';
import type { HostConnection } from '../../../src/transport/connect.js';
import { Progress, type DeployRun, type Planned, type Strategy } from '../../../src/strategies/types.js';
import { runPipeline } from '../../../src/pipeline/run.js';
import { planOf, serviceOf } from './plans.js';
import { RecordingExecutor, writtenTo } from './fake-host.js';
import type { Executor } from '../../../src/transport/types.js';
import { shFirstThen, type UploadFirst } from '../../../src/sync/upload-first.js';

export const A = 'a'.repeat(40);
export const B = 'b'.repeat(40);

export const release = (id: string, extra: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
  id,
  sha: id,
  at: '2026-01-01T00:00:00.000Z',
  result: 'success',
  actor: 'alice',
  ...extra,
});

const COMPOSE = `version: 1
compose: {project: app, command: docker compose}
tasks: {migrate: {service: web, command: ./migrate}}
targets:
  prod: {strategy: compose, host: deploy@h, path: /srv/app, health: {url: 'http://127.0.0.1/'}}
`;

const PASSENGER = `version: 1
tasks: {migrate: {command: ./migrate, paths: ['backend/migrations/**']}}
targets:
  prod:
    strategy: passenger
    host: deploy@h
    path: /home/u/app
    app_root: backend
    venv: /home/u/venv
    health: {url: 'https://example.test/'}
`;

export interface FakeRun {
  s: Session;
  exec: RecordingExecutor;
  warnings: string[];
}

export function session(yaml: string, exec: RecordingExecutor = new RecordingExecutor()): FakeRun {
  // exec: the given recording executor
  const warnings: string[] = [];
  const reporter: Reporter = {
    group: (_name, fn) => fn(),
    info: () => undefined,
    warning: (m) => void warnings.push(m),
    error: () => undefined,
    secret: () => undefined,
    persist: () => undefined,
  };
  const config = parseConfig(yaml, 'deploy.yml');
  // one health probe: a failed check fails at once
  config.targets.prod!.health.timeout = 0;
  const conn = { exec } as unknown as HostConnection;
  const s: Session = {
    settings: defaultSettings({ command: 'deploy', to: B, run: { id: 'run-1', actor: 'alice' } }),
    config,
    targetName: 'prod',
    target: config.targets.prod!,
    reporter,
    report: newReport('deploy', 'prod'),
    conn,
    hosts: [conn],
  };
  return { s, exec, warnings };
}

export function stateOf(...releases: ReleaseRecord[]): DeployState {
  return { version: 1, target: 'prod', current: releases[0]?.id ?? null, releases } as unknown as DeployState;
}

export function base(f: FakeRun, state: DeployState, plan: Plan): DeployRun {
  const previous = state.releases.find((r) => r.id === state.current);
  return { s: f.s, state, previous, sha: plan.to, plan, progress: new Progress() };
}

export type Case = FakeRun & { base: DeployRun; planned: Planned };

/**
 * The same run as a rollback from B (current) back to the retained A: the plan goes B → A, `current`
 * on the host points at B, and the run's source is A's retained release.
 */
export function rollbackCase(make: (state: DeployState, plan: Partial<Plan>) => Case, state: DeployState, plan: Partial<Plan> = {}): Case {
  const c = make(state, { from: B, to: A, ...plan });
  c.s.settings = { ...c.s.settings, command: 'rollback' };
  c.exec.stdout['inspect-host'] = `\n--- current ---\n${B}\n`;
  c.base.rollback = { to: state.releases.find((r) => r.id === A)! };
  c.base.sha = A;
  c.planned.to = A;
  return c;
}

/** A compose deploy of B over A: web is built, worker recreated, migrate runs. */
export function composeCase(state: DeployState, planPatch: Partial<Plan> = {}): Case {
  const f = session(COMPOSE);
  const plan = planOf({ from: A, to: B, build: ['web'], recreate: ['worker'], tasks: ['migrate'], ...planPatch });
  const model = { services: { web: { ...serviceOf('web'), build: { context: '.' } }, worker: serviceOf('worker') } };
  const planned = { plan, to: B, input: { composeTo: model, composeFrom: model } } as unknown as Planned;
  return { ...f, base: base(f, state, plan), planned };
}

/** A passenger deploy of B over A (releases layout, no frontend): requirements and a migration changed. */
export function passengerCase(state: DeployState, planPatch: Partial<Plan> = {}): Case {
  const f = session(PASSENGER);
  const reasons = [
    { task: 'pip-install', action: 'task', rule: 'r', files: ['backend/requirements.txt'] },
    { task: 'migrate', action: 'task', rule: 'r', files: ['backend/migrations/1.py'] },
  ];
  const plan = planOf({ from: A, to: B, upload: ['app'], tasks: ['pip-install', 'migrate'], reasons, ...planPatch } as Partial<Plan>);
  const planned = { plan, to: B, input: {} } as unknown as Planned;
  return { ...f, base: base(f, state, plan), planned };
}

/** Prepares and runs `c` through the pipeline with `strategy`: the error (if any), the state.json and audit lines written, the phases. */
export async function runCase<R extends DeployRun>(strategy: Strategy<R>, c: Case, options: { tasks?: boolean } = {}) {
  const run = await strategy.prepare(c.base, c.planned);
  const error = await runPipeline(strategy, run, options).then(
    () => undefined,
    (e: Error) => e.message,
  );
  const written = (file: 'state.json.tmp' | 'audit.log') => writtenTo(c.exec.commands, file);
  return { ...c, run, error, saved: written('state.json.tmp'), audit: written('audit.log'), phases: c.s.report.phases.map((p) => p.name) };
}

/**
 * The upload as one recorded command (`#upload <first letter of the sha>`), after the request's
 * `first` in the same round trip as the diff upload sends it: vi.mock('…/sync/upload.js', fakeUpload)
 */
export async function fakeUpload(importOriginal: () => Promise<typeof import('../../../src/sync/upload.js')>) {
  return {
    ...(await importOriginal()),
    uploadRelease: async (conn: { exec: Executor }, req: { sha: string; first?: UploadFirst }) => {
      await shFirstThen(conn.exec, req.first, `#upload ${req.sha.slice(0, 1)}`);
      return { filesTransferred: 1, totalBytesSent: 1, totalFiles: 1 };
    },
  };
}
