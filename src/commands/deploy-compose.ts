import { buildServices, runTasks, startServices, type ApplyContext } from '../apply/apply-plan.js';
import type { ComposeInvocation } from '../apply/compose-command.js';
import type { ComposeTarget } from '../config/schema.js';
import type { BackupResult } from '../backup/types.js';
import { backupStep } from '../backup/backup-step.js';
import { composeInvocation } from '../apply/compose-target.js';
import { currentImages, restoreImages, tagRelease } from '../apply/images.js';
import { revertCompose } from '../strategies/compose/revert.js';
import { refuseSharedConflicts, uploadRelease } from '../sync/upload.js';
import type { Plan } from '../plan/types.js';
import { auditRun, reportedBackup } from '../record/run-audit.js';
import { protectedBackups } from '../record/release-retention.js';
import { currentRelease, recordRelease, type DeployState, type ReleaseRecord } from '../record/state-model.js';
import { loadState, saveState } from '../record/state-store.js';
import { layoutOf, switchCurrentScript, type Layout } from '../sync/layout.js';
import { verifyCompose } from '../verify/compose-health.js';
import { computePlan, resolveTo, type PlannedRun } from '../pipeline/plan.js';
import { phase, withLock, type Session } from '../session/session.js';
import { faultPoint } from '../core/fault-point.js';
import { pruneReleases } from '../sync/prune-releases.js';
import { clearInProgress, inProgressRecord, writeInProgress } from '../sync/in-progress.js';
import { repairStep } from '../strategies/compose/repair-step.js';
import { describeDryRun } from '../strategies/compose/dry-run.js';

interface Deploy {
  s: Session;
  target: ComposeTarget;
  layout: Layout;
  releases: boolean;
  state: DeployState;
  previous?: ReleaseRecord;
  planned: PlannedRun;
  /** compose run from `current` (or the in-place root): stable bind-mount paths */
  inv: ComposeInvocation;
  apply: ApplyContext;
}

/** The compose deploy: lock → plan → backup → upload → build → switch → up → tasks → health → record. */
export async function deployCompose(s: Session, target: ComposeTarget): Promise<void> {
  const layout = layoutOf(target.path);
  const releases = target.layout === 'releases';
  const inv = composeInvocation(s.config, releases ? layout.current : layout.root);
  if (s.settings.dryRun) {
    const state = await loadState(s.conn.exec, target.path, s.targetName);
    const planned = await phase(s, 'Plan', () =>
      computePlan(s.settings, s.config, s.reporter, s.report, currentRelease(state)?.sha ?? null),
    );
    s.report.notes.push(...describeDryRun(planned.plan, inv, s.config.tasks));
    return;
  }
  const sha = await resolveTo(s.settings);
  await withLock(s, sha, async () => {
    const state = await loadState(s.conn.exec, target.path, s.targetName);
    const previous = currentRelease(state);
    const planned = await phase(s, 'Plan', () =>
      computePlan({ ...s.settings, to: sha }, s.config, s.reporter, s.report, previous?.sha ?? null),
    );
    const apply = { exec: s.conn.exec, reporter: s.reporter, model: planned.input.composeTo };
    await runDeploy({ s, target, layout, releases, state, previous, planned, inv, apply });
  });
}

/** How far a failed deploy got: what must be undone. */
type Stage = 'upload' | 'build' | 'live';

async function runDeploy(d: Deploy): Promise<void> {
  const { s, planned } = d;
  const sha = planned.to;
  s.report.release = sha;
  s.report.previousRelease = d.previous?.id;
  await repairStep(s, d.target, d.previous, (live) => upload(d, live));
  await refuseSharedConflicts(s.conn, d.target);
  const backup = await preDeployBackup(d);
  const release = newRelease(d, backup);
  let stage: Stage = 'upload';
  try {
    const previousServices = Object.keys(planned.input.composeFrom?.services ?? {});
    await writeInProgress(
      s.conn.exec,
      d.target.path,
      inProgressRecord(s.settings.run.id, sha, d.previous?.id, planned.plan, previousServices),
    );
    await phase(s, 'Upload', () => upload(d, sha, d.previous?.id));
    stage = 'build';
    const buildInv = d.releases ? composeInvocation(s.config, d.layout.releaseDir(sha)) : d.inv;
    await phase(s, 'Build', () => buildServices(d.apply, buildInv, planned.plan));
    stage = 'live';
    await switchAndStart(d, planned.plan);
  } catch (e) {
    await failAndRevert(d, release, e as Error, stage);
    throw e;
  }
  await phase(s, 'Record', () => recordSuccess(d, release));
}

function upload(d: Deploy, sha: string, linkFrom?: string): Promise<unknown> {
  return uploadRelease(d.s.conn, { repo: d.s.settings.repo, sha, linkFrom, target: d.target }, d.s.reporter);
}

/**
 * The release record. Re-deploying the deployed commit keeps the original's predecessor and
 * pre-deploy backup, so rollbacks and restore-db still pair with what came before it.
 */
function newRelease(d: Deploy, backup: BackupResult | undefined): ReleaseRecord {
  const { s } = d;
  const sha = d.planned.to;
  const again = d.previous?.id === sha ? d.previous : undefined;
  const release: ReleaseRecord = {
    id: sha,
    sha,
    at: new Date().toISOString(),
    result: 'success',
    actor: s.settings.run.actor,
    runUrl: s.settings.run.url,
  };
  release.previous = again ? again.previous : d.previous?.id;
  if (again?.backup) release.backup = again.backup;
  else if (backup) release.backup = { file: backup.file, sha256: backup.sha256, size: backup.size };
  return release;
}

/**
 * The verified backup before anything changes. Skipped when the plan has nothing to do, and on a
 * first deploy whose database does not exist yet (see backupStep). Backups that recorded releases
 * pair with (restore-db) are protected from retention.
 */
async function preDeployBackup(d: Deploy): Promise<BackupResult | undefined> {
  const { s, planned } = d;
  const p = planned.plan;
  if (d.previous && [p.build, p.recreate, p.restart, p.remove, p.tasks].every((l) => l.length === 0)) {
    s.reporter.info('nothing to change for services or tasks: no backup needed');
    return undefined;
  }
  return backupStep(s, planned.to, d.previous, d.inv, protectedBackups(d.target.keep_releases, d.state));
}

async function switchAndStart(d: Deploy, plan: Plan): Promise<void> {
  const { s } = d;
  await faultPoint('switch');
  if (d.releases) await s.conn.exec.sh(switchCurrentScript(d.layout, d.planned.to));
  await phase(s, 'Apply', () => startServices(d.apply, d.inv, plan));
  if (plan.tasks.length > 0) await phase(s, 'Tasks', () => runTasks(d.apply, d.inv, plan, s.config.tasks));
  await phase(s, 'Verify', () => verify(d, plan));
}

function verify(d: Deploy, plan: Plan): Promise<void> {
  const touched = [...new Set([...plan.build, ...plan.recreate, ...plan.restart])].sort();
  return verifyCompose(d.s.conn.exec, d.inv, d.target.health, touched);
}

async function recordSuccess(d: Deploy, release: ReleaseRecord): Promise<void> {
  const { s } = d;
  const buildable = Object.values(d.planned.input.composeTo.services)
    .filter((sv) => sv.build)
    .map((sv) => sv.name);
  release.images = await currentImages(s.conn.exec, d.inv, buildable);
  // the state first: the release is live, state.json must say so even if tagging fails
  const state = recordRelease(d.state, release);
  await saveState(s.conn.exec, d.target.path, state);
  await tagRelease(s.conn.exec, release.images, release.sha).catch((e: Error) =>
    s.reporter.warning(`could not tag the release images (rollbacks to it will rebuild): ${e.message}`),
  );
  await audit(d, 'success');
  if (d.releases) await pruneReleases(s, d.layout, state, d.target.keep_releases);
  await clearInProgress(s.conn.exec, d.target.path);
}

async function failAndRevert(d: Deploy, release: ReleaseRecord, error: Error, stage: Stage): Promise<void> {
  const { s } = d;
  if (d.previous) {
    const done = await phase(s, 'Rollback', () => undoFailed(d, d.previous!, stage)).catch(
      (e: Error) => `automatic rollback failed: ${e.message}`,
    );
    s.reporter.warning(done);
    s.report.notes.push(done);
    s.report.result = stage === 'live' && done.startsWith('reverted') ? 'rolled-back' : 'failure';
  } else {
    s.report.notes.push('first deploy failed: there is no previous release to roll back to');
  }
  // a failed re-run of the deployed commit must not mark the live release failed
  if (d.previous?.id !== release.id) {
    const failed: ReleaseRecord = { ...release, result: 'failed', error: error.message.slice(0, 2000) };
    const state = recordRelease(d.state, failed);
    await saveState(s.conn.exec, d.target.path, state).catch((e: Error) => s.reporter.warning(`could not save the state: ${e.message}`));
    // the failed release never counts: its directory goes now (not the one `current` points at)
    if (d.releases) await pruneReleases(s, d.layout, state, d.target.keep_releases);
  }
  await audit(d, s.report.result === 'rolled-back' ? 'failed, rolled back' : 'failed', error.message).catch((e: Error) =>
    s.reporter.warning(`could not append the audit line: ${e.message}`),
  );
  // undone (or nothing to undo): no repair needed; else the record stays for the next run to repair
  if (!s.report.notes.some((n) => n.startsWith('automatic rollback failed')))
    await clearInProgress(s.conn.exec, d.target.path).catch(() => undefined);
}

/**
 * Undoes what a failed deploy changed: in-place, the previous tree is uploaded again; once live,
 * `current`, images and services go back (revertCompose); before that, only image names built by
 * this deploy are pointed back at the previous release's images.
 */
async function undoFailed(d: Deploy, previous: ReleaseRecord, stage: Stage): Promise<string> {
  if (!d.releases) await upload(d, previous.sha);
  if (stage === 'live') {
    const previousServices = Object.keys(d.planned.input.composeFrom?.services ?? {});
    const req = { layout: d.layout, releases: d.releases, previous, previousServices, plan: d.planned.plan, inv: d.inv };
    return revertCompose(d.apply, req);
  }
  const built = stage === 'build' ? d.planned.plan.build : [];
  const missing = await restoreImages(d.s.conn.exec, previous.images ?? {}, built);
  const images = built.length
    ? `; image names of ${built.join(', ')} point at ${previous.id.slice(0, 12)}'s images again${missing.length ? ` (not found: ${missing.join(', ')})` : ''}`
    : '';
  return `nothing went live: the services still run ${previous.id.slice(0, 12)}${d.releases ? '' : ' (its files uploaded again)'}${images}`;
}

function audit(d: Deploy, result: string, error?: string): Promise<void> {
  const p = d.planned.plan;
  const services = { build: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks };
  return auditRun(d.s, { from: p.from, to: p.to, services, backup: reportedBackup(d.s), result, error });
}
