/**
 * Swarm rollback: the deploy's run with the retained release's registry references. Its files are
 * kept on the manager (uploaded again when pruned), `current` is switched back, and only the
 * services whose reference differs get `docker service update --image <retained tag>` (no build);
 * a compose definition that differs goes through a stack deploy of the retained release.
 */
import { shortSha } from '../core/text.js';
import { applySwarm, verifySwarm } from '../strategies/swarm/apply.js';
import { swarmRun, type SwarmRun } from '../strategies/swarm/run.js';
import { swarmStrategy } from '../strategies/swarm/strategy.js';
import type { Step, Strategy } from '../strategies/types.js';
import { switchCurrentScript } from '../sync/layout.js';
import { ensureReleaseFiles } from './release-files.js';
import { retained, type Retained } from './types.js';

export type SwarmRollback = Retained<SwarmRun>;

function steps(r: SwarmRollback): Step[] {
  const { s, to } = r;
  return [
    { phase: 'upload', run: () => ensureReleaseFiles(s, r.target, r.layout, to, r.current) },
    { phase: 'switch', run: () => s.conn.exec.sh(switchCurrentScript(r.layout, to.id)) },
    { phase: 'apply', title: 'Apply', run: () => applySwarm(r) },
    { phase: 'verify', title: 'Verify', run: () => verifySwarm(r) },
  ];
}

function summary(r: SwarmRollback): string {
  const a = r.action;
  const what =
    a.kind === 'stack'
      ? `stack deploy of ${shortSha(r.to.id)}`
      : `${a.images.join(', ') || 'no service'} back on the tags of ${shortSha(r.to.id)} (no build)`;
  return `rolled back ${r.s.targetName} from ${shortSha(r.current.id)} to ${shortSha(r.to.id)}: ${what}`;
}

export const swarmRollback: Strategy<SwarmRollback> = {
  ...swarmStrategy,
  publish: undefined,
  prepare: async (base, planned) => retained(await swarmRun(base, planned)),
  preflight: async () => undefined,
  steps,
  finish: async (r, failed) => void (failed ? undefined : r.s.report.notes.push(summary(r))),
  completeRelease: async () => undefined,
};
