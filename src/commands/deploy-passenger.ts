import { faultPoint } from '../core/fault-point.js';
import type { PassengerTarget } from '../config/schema.js';
import { backupStep } from '../backup/backup-step.js';
import { refuseSharedConflicts, uploadRelease } from '../sync/upload.js';
import { noProgress, type PassengerDeploy } from '../strategies/passenger/deploy-context.js';
import { describePassengerDryRun, logSteps, nothingToDo } from '../strategies/passenger/describe.js';
import { buildFrontend, uploadFrontend, type BuiltFrontend } from '../strategies/passenger/frontend.js';
import { installRequirements, restartApp, runHostTasks, venvExists } from '../strategies/passenger/host-steps.js';
import { codeSnapshotScript, snapshotScript } from '../strategies/passenger/host-sync.js';
import { passengerPaths } from '../strategies/passenger/paths.js';
import { recordFailure, recordSuccess } from '../strategies/passenger/record.js';
import { revertPassenger } from '../strategies/passenger/revert.js';
import { decideSteps, planWithSteps } from '../strategies/passenger/steps.js';
import { passengerPlannerConfig } from '../strategies/passenger/tasks.js';
import { protectedBackups } from '../record/release-retention.js';
import { currentRelease, type ReleaseRecord } from '../record/state-model.js';
import { loadState } from '../record/state-store.js';
import { switchCurrentScript } from '../sync/layout.js';
import { rsyncChmod } from '../transport/modes.js';
import { waitForHttp } from '../verify/http-check.js';
import { computePlan, resolveTo } from '../pipeline/plan.js';
import { phase, withLock, type Session } from '../session/session.js';

/**
 * The passenger deploy (shared hosting): lock → plan (ignored files only: stop, nothing changed) →
 * shared-path check → backup → frontend build (runner) → upload
 * (new release, or in-place after a hard-link snapshot) → pip → tasks → public_html → switch →
 * restart → health → record; any failure after the upload reverts what went live.
 */
export async function deployPassenger(s: Session, target: PassengerTarget): Promise<void> {
  if (s.settings.dryRun) return dryRun(s, target);
  const sha = await resolveTo(s.settings);
  await withLock(s, sha, async () => runDeploy(await prepareDeploy(s, target, sha)));
}

/** Reads the deployed state, plans from the deployed revision and decides the steps. */
async function prepareDeploy(s: Session, target: PassengerTarget, to = s.settings.to): Promise<PassengerDeploy> {
  const paths = passengerPaths(target);
  const config = passengerPlannerConfig(s.config, target);
  const state = await loadState(s.conn.exec, target.path, s.targetName);
  const previous = currentRelease(state);
  const [planned, hasVenv] = await Promise.all([
    phase(s, 'Plan', () => computePlan({ ...s.settings, to }, config, s.reporter, s.report, previous?.sha ?? null)),
    venvExists(s.conn.exec, paths.venv),
  ]);
  const taskOrder = Object.keys(config.tasks);
  const facts = { venvExists: hasVenv, hasFrontend: target.frontend !== undefined, taskOrder };
  const steps = decideSteps(planned.plan, facts);
  const plan = planWithSteps(planned.plan, steps, taskOrder);
  s.report.plan = plan;
  logSteps(s.reporter, steps);
  return { s, target, paths, config, state, previous, sha: planned.to, plan, steps, progress: noProgress() };
}

async function dryRun(s: Session, target: PassengerTarget): Promise<void> {
  const d = await prepareDeploy(s, target);
  s.report.notes.push(...describePassengerDryRun(d));
}

async function runDeploy(d: PassengerDeploy): Promise<void> {
  const { s, sha } = d;
  const idle = nothingToDo(d);
  if (idle) {
    s.reporter.info(idle);
    s.report.notes.push(idle);
    return;
  }
  s.report.release = sha;
  s.report.previousRelease = d.previous?.id;
  await refuseSharedConflicts(s.conn, d.target);
  const backup = await backupStep(s, sha, d.previous, undefined, protectedBackups(d.target.keep_releases, d.state));
  const frontend = d.target.frontend;
  const built =
    frontend && d.steps.frontend?.run
      ? await phase(s, 'Frontend build', () => buildFrontend(s.settings.repo, sha, frontend, s.reporter))
      : undefined;
  const release: ReleaseRecord = {
    id: sha,
    sha,
    at: new Date().toISOString(),
    result: 'success',
    actor: s.settings.run.actor,
    runUrl: s.settings.run.url,
    previous: d.previous?.id,
  };
  if (backup) release.backup = { file: backup.file, sha256: backup.sha256, size: backup.size };
  try {
    await goLive(d, built);
  } catch (e) {
    await failAndRevert(d, release, e as Error);
    throw e;
  } finally {
    await built?.cleanup();
  }
  await phase(s, 'Record', () => recordSuccess(d, release));
}

async function goLive(d: PassengerDeploy, built: BuiltFrontend | undefined): Promise<void> {
  const { s } = d;
  await phase(s, 'Upload', () => upload(d));
  const appRoot = d.paths.appRootOf(d.sha);
  if (d.steps.pip.run) await phase(s, 'Pip', () => installRequirements(s.conn.exec, d.target, d.paths.venv, appRoot, s.reporter));
  if (d.steps.tasks.length > 0)
    await phase(s, 'Tasks', () => runHostTasks(s.conn.exec, d.steps.tasks, d.config.tasks, appRoot, d.paths.venv, s.reporter));
  if (built && d.target.frontend) await phase(s, 'Frontend', () => syncFrontend(d, built));
  await phase(s, 'Switch', () => switchAndRestart(d));
  await phase(s, 'Verify', () => verify(d));
}

/** releases: a new release dir hard-linked to the previous one; in-place: snapshot, then sync into the tree. */
async function upload(d: PassengerDeploy): Promise<void> {
  const { s, paths, target } = d;
  if (!paths.releases && d.previous) {
    await s.conn.exec.sh(codeSnapshotScript(target, d.previous.id));
    s.reporter.info(`snapshot of ${d.previous.id.slice(0, 12)}: ${paths.snapshotOf(d.previous.id)}`);
  }
  d.progress.code = !paths.releases;
  await uploadRelease(s.conn, { repo: s.settings.repo, sha: d.sha, linkFrom: d.previous?.id, target }, s.reporter);
}

async function syncFrontend(d: PassengerDeploy, built: BuiltFrontend): Promise<void> {
  const fe = d.target.frontend!;
  await d.s.conn.exec.sh(snapshotScript(fe.public_html, d.paths.publicHtmlSnapshot));
  d.progress.frontend = true;
  await uploadFrontend(d.s.conn, built.dist, fe, rsyncChmod(d.target.umask), d.s.reporter);
}

async function switchAndRestart(d: PassengerDeploy): Promise<void> {
  const { s, paths } = d;
  await faultPoint('switch');
  const compare = d.previous ? [paths.restartFileOf(paths.appRootOf(d.previous.id))] : [];
  // the rollback undoes both whether or not this round trip got through them
  d.progress.switched = paths.releases;
  d.progress.restarted = true;
  const switchScript = paths.releases ? switchCurrentScript(paths.layout, d.sha) : undefined;
  await restartApp(s.conn.exec, d.target, paths, paths.appRootOf(d.sha), compare, s.reporter, switchScript);
  if (switchScript) s.reporter.info(`current → releases/${d.sha}`);
}

async function verify(d: PassengerDeploy): Promise<void> {
  const health = d.target.health;
  if (!health.url) {
    d.s.reporter.info('no health.url configured: nothing to check');
    return;
  }
  await waitForHttp(d.s.conn.exec, { url: health.url, status: health.expect_status, body: health.expect_body, timeoutMs: health.timeout });
  d.s.reporter.info(`health: ${health.url} answered as expected`);
}

async function failAndRevert(d: PassengerDeploy, release: ReleaseRecord, error: Error): Promise<void> {
  const { s } = d;
  const outcome = await phase(s, 'Rollback', () => revertPassenger(d)).catch((e: Error) => ({
    rolledBack: false,
    description: `automatic rollback failed: ${e.message}`,
  }));
  s.reporter.warning(outcome.description);
  s.report.notes.push(outcome.description);
  s.report.result = outcome.rolledBack ? 'rolled-back' : 'failure';
  await recordFailure(d, release, error, outcome.rolledBack);
}
