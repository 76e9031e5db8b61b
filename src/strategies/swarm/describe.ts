/** Dry-run lines of a swarm run (pure): the action, the services it touches, the commands on the manager. */
import { shortSha } from '../../core/text.js';
import type { Plan } from '../../plan/types.js';
import { actionLines } from './apply.js';
import type { SwarmRun } from './run.js';

/** Tasks (migrations) are not run by the swarm strategy: said once, as a warning. */
export const tasksNotRun = (plan: Plan): string | undefined =>
  plan.tasks.length > 0
    ? `strategy "swarm" does not run tasks: planned ${plan.tasks.join(', ')} did not run (run them yourself)`
    : undefined;

export function describeSwarm(d: SwarmRun): string[] {
  const a = d.action;
  const what =
    a.kind === 'stack'
      ? `docker stack deploy of ${d.target.stack} (${a.reason}); it touches: ${a.services.join(', ') || 'no service'}`
      : `docker service update of ${[...a.images, ...a.restart].join(', ') || 'no service'} only (the other services are untouched)`;
  const note = tasksNotRun(d.plan);
  return [
    `dry-run: nothing was changed on the manager; a deploy of ${shortSha(d.sha)} would run ${what}:`,
    ...actionLines(d, d.sha).map((l) => `  ${l}`),
    ...(note ? [`  (${note})`] : []),
  ];
}
