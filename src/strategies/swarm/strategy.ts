/**
 * Docker Swarm as a pipeline strategy: the images are built once and pushed (publish), the release
 * is uploaded to the manager and `current` switched, then either `docker stack deploy` (first deploy,
 * changed compose definition) or `docker service update --image` of the planned services only.
 * Swarm's update_config does the rolling and its rollback; the run watches each service converge.
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
import { applySwarm, verifySwarm } from './apply.js';
import { describeSwarm, tasksNotRun } from './describe.js';
import { revertSwarm } from './revert.js';
import { swarmRun, type SwarmRun } from './run.js';

/** The shared-path check, then the backup on the manager (skipped when nothing changes). */
async function preflight(d: SwarmRun): Promise<BackupResult | undefined> {
  const { s } = d;
  await refuseSharedConflicts(s.conn, d.target);
  const note = tasksNotRun(d.plan);
  if (note) s.reporter.warning(note);
  return backupStep(s, d.sha, d.previous, undefined, protectedBackups(d.target.keep_releases, d.state));
}

function steps(d: SwarmRun): Step[] {
  const { s } = d;
  const switchCurrent = async (): Promise<void> => {
    await faultPoint('switch');
    await s.conn.exec.sh(switchCurrentScript(d.layout, d.sha));
  };
  return [
    { phase: 'upload', title: 'Upload', run: () => uploadTree(s, d.target, d.sha, d.previous?.id) },
    { phase: 'switch', run: switchCurrent },
    { phase: 'apply', title: 'Apply', run: () => applySwarm(d) },
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
  },
  auditServices: (p) => ({ images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove }),
  pruneListing: (d) => pruneListingScript(d.layout),
  prune: (d, state, listing) => pruneReleases(d.s, d.layout, state, d.target.keep_releases, listing),
};
