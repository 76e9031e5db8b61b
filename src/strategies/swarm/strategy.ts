/**
 * Docker Swarm as a pipeline strategy: the images are built once and pushed (publish), the release
 * is uploaded to the manager and `current` switched, then either `docker stack deploy` (first deploy,
 * changed compose definition) or `docker service update --image` of the planned services only.
 * Swarm's update_config does the rolling and its rollback; the run watches each service converge.
 * Planned tasks run once each as a swarm job from the new image, before the apply (tasks.ts).
 */
import { backupStep } from '../../backup/backup-step.js';
import type { BackupResult } from '../../backup/types.js';
import { faultPoint } from '../../core/fault-point.js';
import { protectedBackups } from '../../record/release-retention.js';
import { pruneListingScript, pruneReleases } from '../../sync/prune-releases.js';
import { switchCurrentScript } from '../../sync/layout.js';
import { refuseSharedConflicts } from '../../sync/upload.js';
import { publishImages } from '../publish.js';
import type { Step, Strategy } from '../types.js';
import { uploadTree } from '../upload.js';
import { applySwarm, secretRecords, verifySwarm } from './apply.js';
import { mountedReleasesScript } from './commands.js';
import { tasksBeforeApply } from './decide.js';
import { describeSwarm } from './describe.js';
import { repairLink } from './repair.js';
import { revertSwarm } from './revert.js';
import { swarmRun, type SwarmRun } from './run.js';
import { runSwarmTasks } from './tasks.js';

/** The repair of an interrupted run's `current`, the shared-path check, then the backup on the manager (skipped when nothing changes). */
async function preflight(d: SwarmRun): Promise<BackupResult | undefined> {
  const { s } = d;
  await repairLink(s, d.layout, d.previous);
  await refuseSharedConflicts(s.conn, d.target);
  return backupStep(s, d.sha, d.previous, undefined, protectedBackups(d.target.keep_releases, d.state));
}

function steps(d: SwarmRun): Step[] {
  const { s } = d;
  const switchCurrent = async (): Promise<void> => {
    await faultPoint('switch');
    await s.conn.exec.sh(switchCurrentScript(d.layout, d.sha));
  };
  const tasks: Step[] = d.plan.tasks.length > 0 ? [{ phase: 'tasks', title: 'Tasks', run: () => runSwarmTasks(d) }] : [];
  const first = tasksBeforeApply(d.plan.tasks, s.config.tasks, d.existing);
  return [
    { phase: 'upload', title: 'Upload', run: () => uploadTree(s, d.target, d.sha, d.previous?.id, undefined, d.plan.tasks.length > 0) },
    { phase: 'switch', run: switchCurrent },
    ...(first ? tasks : []),
    { phase: 'apply', title: 'Apply', run: () => applySwarm(d) },
    ...(first ? [] : tasks),
    { phase: 'verify', title: 'Verify', run: () => verifySwarm(d) },
  ];
}

export const swarmStrategy: Strategy<SwarmRun> = {
  plannerConfig: (s) => s.config,
  prepare: swarmRun,
  describe: describeSwarm,
  idle: () => undefined,
  publish: publishImages,
  preflight,
  begin: async () => undefined,
  steps,
  revertsFirstDeploy: false,
  revert: revertSwarm,
  finish: async () => undefined,
  completeRelease: async (d, release) => {
    release.images = Object.fromEntries(Object.entries(d.refs).map(([sv, ref]) => [sv, { name: ref, id: ref, ref }]));
    const secrets = await secretRecords(d);
    if (secrets) release.secrets = secrets;
  },
  auditServices: (p) => ({ images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
  pruneListing: (d) => `${pruneListingScript(d.layout)}\n${mountedReleasesScript(d.target.stack, d.layout.releases)}`,
  prune: (d, state, listing) => pruneReleases(d.s, d.layout, state, d.target.keep_releases, listing),
};
