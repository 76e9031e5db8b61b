import { buildServices, runTasks, startServices, type ApplyContext } from '../apply/apply-plan.js';
import type { ComposeInvocation } from '../apply/compose-command.js';
import type { ComposeTarget } from '../config/schema.js';
import { backupStep } from '../deploy/backup-step.js';
import { composeInvocation } from '../deploy/compose-target.js';
import { currentImages, tagRelease } from '../deploy/images.js';
import { revertCompose } from '../deploy/revert.js';
import { uploadRelease } from '../deploy/upload.js';
import type { Plan } from '../plan/types.js';
import { auditRun, reportedBackup } from '../rollback/run-audit.js';
import { currentRelease, recordRelease, type DeployState, type ReleaseRecord } from '../record/state-model.js';
import { loadState, saveState } from '../record/state-store.js';
import { layoutOf, switchCurrentScript, type Layout } from '../sync/layout.js';
import { waitForContainers } from '../verify/container-health.js';
import { waitForHttp } from '../verify/http-check.js';
import { computePlan, type PlannedRun } from './plan.js';
import { phase, withLock, type Session } from './session.js';
import { pruneReleases } from '../deploy/prune.js';
import { describeDryRun } from '../deploy/dry-run.js';

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
    const planned = await phase(s, 'Plan', () => computePlan(s.settings, s.config, s.reporter, s.report, currentRelease(state)?.sha ?? null));
    s.report.notes.push(...describeDryRun(planned.plan, inv, s.config.tasks));
    return;
  }
  await withLock(s, s.settings.to, async () => {
    const state = await loadState(s.conn.exec, target.path, s.targetName);
    const previous = currentRelease(state);
    const planned = await phase(s, 'Plan', () => computePlan(s.settings, s.config, s.reporter, s.report, previous?.sha ?? null));
    const apply = { exec: s.conn.exec, reporter: s.reporter, model: planned.input.composeTo };
    await runDeploy({ s, target, layout, releases, state, previous, planned, inv, apply });
  });
}

async function runDeploy(d: Deploy): Promise<void> {
  const { s, planned } = d;
  const sha = planned.to;
  s.report.release = sha;
  s.report.previousRelease = d.previous?.id;
  const firstWithService = !d.previous && d.target.backup && 'service' in d.target.backup && d.target.backup.service;
  if (firstWithService) s.reporter.info('first deploy: no running database service to back up yet');
  const backup = firstWithService ? undefined : await backupStep(s, sha, d.inv);
  await phase(s, 'Upload', () =>
    uploadRelease(s.conn, { repo: s.settings.repo, sha, layout: d.layout, releaseId: d.releases ? sha : undefined, linkFrom: d.previous?.id, shared: d.target.shared, excludes: d.target.exclude }, s.reporter),
  );
  const buildInv = d.releases ? composeInvocation(s.config, d.layout.releaseDir(sha)) : d.inv;
  await phase(s, 'Build', () => buildServices(d.apply, buildInv, planned.plan));
  const release: ReleaseRecord = { id: sha, sha, at: new Date().toISOString(), result: 'success', actor: s.settings.run.actor, runUrl: s.settings.run.url, previous: d.previous?.id };
  if (backup) release.backup = { file: backup.file, sha256: backup.sha256, size: backup.size };
  try {
    await switchAndStart(d, planned.plan);
  } catch (e) {
    await failAndRevert(d, release, e as Error);
    throw e;
  }
  await phase(s, 'Record', () => recordSuccess(d, release));
}

async function switchAndStart(d: Deploy, plan: Plan): Promise<void> {
  const { s } = d;
  if (d.releases) await s.conn.exec.sh(switchCurrentScript(d.layout, d.planned.to));
  await phase(s, 'Apply', async () => {
    await startServices(d.apply, d.inv, plan);
    await runTasks(d.apply, d.inv, plan, s.config.tasks);
  });
  await phase(s, 'Verify', () => verify(d, plan));
}

async function verify(d: Deploy, plan: Plan): Promise<void> {
  const health = d.target.health;
  const touched = [...new Set([...plan.build, ...plan.recreate, ...plan.restart])].sort();
  if (health.services) await waitForContainers(d.s.conn.exec, d.inv, touched, health.timeout);
  if (health.url) await waitForHttp(d.s.conn.exec, { url: health.url, status: health.expect_status, body: health.expect_body, timeoutMs: health.timeout });
}

async function recordSuccess(d: Deploy, release: ReleaseRecord): Promise<void> {
  const { s } = d;
  const buildable = Object.values(d.planned.input.composeTo.services).filter((sv) => sv.build).map((sv) => sv.name);
  release.images = await currentImages(s.conn.exec, d.inv, buildable);
  await tagRelease(s.conn.exec, release.images, release.sha);
  const state = recordRelease(d.state, release);
  await saveState(s.conn.exec, d.target.path, state);
  await audit(d, 'success');
  if (d.releases) await pruneReleases(s.conn.exec, d.layout, state, d.target.keep_releases, s.reporter);
}

async function failAndRevert(d: Deploy, release: ReleaseRecord, error: Error): Promise<void> {
  const { s } = d;
  release.result = 'failed';
  release.error = error.message.slice(0, 2000);
  if (d.previous) {
    const previousServices = Object.keys(d.planned.input.composeFrom?.services ?? {});
    const req = { layout: d.layout, releases: d.releases, previous: d.previous, previousServices, plan: d.planned.plan, inv: d.inv };
    const done = await phase(s, 'Rollback', () => revertCompose(d.apply, req)).catch((e: Error) => `automatic rollback failed: ${e.message}`);
    s.reporter.warning(done);
    s.report.notes.push(done);
    s.report.result = done.startsWith('reverted') ? 'rolled-back' : 'failure';
  } else {
    s.report.notes.push('first deploy failed: there is no previous release to roll back to');
  }
  await saveState(s.conn.exec, d.target.path, recordRelease(d.state, release)).catch(() => undefined);
  await audit(d, s.report.result === 'rolled-back' ? 'failed, rolled back' : 'failed', error.message).catch(() => undefined);
}

function audit(d: Deploy, result: string, error?: string): Promise<void> {
  const p = d.planned.plan;
  const services = { build: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks };
  return auditRun(d.s, { from: p.from, to: p.to, services, backup: reportedBackup(d.s), result, error });
}
