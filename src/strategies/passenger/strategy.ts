/**
 * Passenger (shared hosting) as a pipeline strategy: backup → frontend build (runner) → upload (new
 * release, or in-place after a hard-link snapshot) → pip → public_html → tasks → switch + restart →
 * health (in place, pip runs before the upload: see installPip). It switches last: its tasks
 * (migrations) run in the new release before it goes live.
 */
import { shortSha } from '../../core/text.js';
import { backupStep } from '../../backup/backup-step.js';
import { faultPoint } from '../../core/fault-point.js';
import type { BackupResult } from '../../backup/types.js';
import type { PassengerTarget } from '../../config/schema.js';
import { protectedBackups } from '../../record/release-retention.js';
import { phase } from '../../session/session.js';
import { refuseSharedConflicts } from '../../sync/upload.js';
import type { Step, Strategy } from '../types.js';
import type { PassengerDeploy } from './deploy-context.js';
import { describePassengerDryRun, logSteps, nothingToDo } from './describe.js';
import { buildFrontend } from './frontend.js';
import { guardFrontendDeletions } from './frontend-guard.js';
import { frontendOnce, openFrontendSlot } from './frontend-once.js';
import { planOnHost } from './plan-on-host.js';
import { requireStartupFile } from './startup-file.js';
import { runHostTasks } from './host-steps.js';
import { frontendBeforeTasks } from './frontend-tasks.js';
import { passengerPaths } from './paths.js';
import { copiesListing, keepReleaseFrontend, pruneCopies } from './record.js';
import { revertPassenger } from './revert.js';
import { installPip, switchAndRestart, syncFrontend, uploadCode, verifyHttp } from './phases.js';
import { passengerPlannerConfig, requirementsPath } from './tasks.js';
import { localEditables } from './editable.js';
import { changedPipInputs } from './pip-inputs-read.js';
import { readBlobs } from '../../git/blobs.js';

async function prepare(base: Parameters<Strategy['prepare']>[0], planned: Parameters<Strategy['prepare']>[1]): Promise<PassengerDeploy> {
  const { s } = base;
  const target = s.target as PassengerTarget;
  const paths = passengerPaths(target);
  const config = passengerPlannerConfig(s.config, target);
  const pipInputs = await changedPipInputs(s.settings.repo, planned.plan, target);
  const { plan, steps } = await planOnHost(s.conn.exec, target, config, planned.plan, pipInputs);
  if (plan.upload.length > 0) requireStartupFile(planned.input.trackedFiles, planned.to, target);
  s.report.plan = plan;
  logSteps(s.reporter, steps);
  const pipInLiveTree = !paths.releases && steps.pip.run && (await editablePipInPlace(base.s, target, planned.to));
  return { ...base, planned, target, paths, config, plan, steps, pipInLiveTree };
}

/**
 * In place, pip runs on a staged copy of the new tree (installPip), but a local editable requirement
 * (`-e .`) would leave the venv pointing at that copy, removed after: those run in the live tree,
 * after the code sync, as before, with a warning.
 */
async function editablePipInPlace(s: PassengerDeploy['s'], target: PassengerTarget, sha: string): Promise<boolean> {
  const [text] = await readBlobs(s.settings.repo, [{ sha, path: requirementsPath(target) }]);
  const local = localEditables(text ?? '');
  if (local.length === 0) return false;
  const warning = `${requirementsPath(target)} has local editable requirements (${local.map((l) => `-e ${l}`).join(', ')}): pip runs after the code sync, in the live tree; a Passenger spawn in between would run the new code on the old venv`;
  s.reporter.warning(warning);
  s.report.warnings.push(warning);
  return true;
}

/** The shared-path check, the backup, then the frontend build on the runner (nothing on the host changes yet). */
async function preflight(d: PassengerDeploy): Promise<BackupResult | undefined> {
  const { s, target } = d;
  await refuseSharedConflicts(s.conn, target);
  const backup = await backupStep(s, d.sha, d.previous, undefined, protectedBackups(target.keep_releases, d.state));
  const frontend = target.frontend;
  if (frontend && d.steps.frontend?.run) {
    const once = frontendOnce(d.planned, () =>
      phase(s, 'Frontend build', () => buildFrontend(s.settings.repo, d.sha, frontend, s.reporter)),
    );
    if (once.reused) s.reporter.info(`frontend: the build of ${shortSha(d.sha)} made for an earlier host is synced (one build per deploy)`);
    d.built = await once.built;
    d.ownsBuilt = once.owned;
    await guardFrontendDeletions(d, d.built);
  }
  return backup;
}

function steps(d: PassengerDeploy): Step[] {
  const { s, paths, target } = d;
  const appRoot = paths.appRootOf(d.sha);
  const exec = s.conn.exec;
  const upload: Step = { phase: 'upload', title: 'Upload', run: () => uploadCode(d) };
  const pip: Step[] = d.steps.pip.run ? [{ phase: 'build', title: 'Pip', run: () => installPip(d) }] : [];
  // in place, the new code goes live with the sync: the venv must be ready first (installPip)
  const list: Step[] = paths.releases || d.pipInLiveTree ? [upload, ...pip] : [...pip, upload];
  // the frontend before the tasks: its sync (--delete) would remove what a task writes into public_html
  const built = d.built;
  if (built && target.frontend) list.push({ phase: 'apply', title: 'Frontend', run: () => syncFrontend(d, built) });
  if (d.steps.tasks.length > 0)
    list.push({
      phase: 'tasks',
      title: 'Tasks',
      run: async () => {
        await frontendBeforeTasks(d);
        await runHostTasks(exec, d.steps.tasks, d.config.tasks, appRoot, paths.venv, s.reporter);
      },
    });
  const switchLive = async (): Promise<void> => {
    await faultPoint('switch');
    await switchAndRestart(d, d.sha, d.previous?.id);
  };
  list.push({ phase: 'switch', title: 'Switch', run: switchLive });
  list.push({ phase: 'verify', title: 'Verify', run: () => verifyHttp(d) });
  return list;
}

export const passengerStrategy: Strategy<PassengerDeploy> = {
  plannerConfig: (s) => passengerPlannerConfig(s.config, s.target as PassengerTarget),
  prepare,
  describe: describePassengerDryRun,
  idle: nothingToDo,
  preflight,
  begin: async () => undefined,
  steps,
  revertsFirstDeploy: true,
  revert: revertPassenger,
  publish: async (_primary, planned) => openFrontendSlot(planned),
  finish: async (d) => (d.ownsBuilt ? d.built?.cleanup() : undefined),
  completeRelease: async () => undefined,
  keep: keepReleaseFrontend,
  auditServices: (p) => ({ tasks: p.tasks }),
  pruneListing: copiesListing,
  prune: pruneCopies,
};
