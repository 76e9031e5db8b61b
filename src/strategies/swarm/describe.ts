/** Dry-run lines of a swarm run (pure): the action, the services it touches, the commands on the manager, the wait for removed services' tasks, the tasks' jobs. */
import { shortSha } from '../../core/text.js';
import { actionLines } from './apply.js';
import { tasksBeforeApply } from './decide.js';
import { describeRemovalWait } from './removed-tasks.js';
import { prunedBy, type SwarmRun } from './run.js';
import { jobName } from './task-commands.js';

/** One line per planned task: the job it would run, from which image, before or after the apply. */
function taskLines(d: SwarmRun): string[] {
  const { tasks } = d.s.config;
  if (d.plan.tasks.length === 0) return [];
  const when = tasksBeforeApply(d.plan.tasks, tasks, d.existing) ? 'before' : 'after';
  return [
    `tasks, each once as a swarm job (replicated-job), ${when} the services change:`,
    ...d.plan.tasks.map((t) => {
      const sv = tasks[t]?.service ?? '?';
      return `  ${t}: ${tasks[t]?.command ?? '?'} (job ${jobName(d.target.stack, t, d.sha)} from ${d.refs[sv] ?? `no release image of ${sv}`})`;
    }),
  ];
}

export function describeSwarm(d: SwarmRun): string[] {
  const a = d.action;
  const what =
    a.kind === 'stack'
      ? `docker stack deploy of ${d.target.stack} (${a.reason}); it touches: ${a.services.join(', ') || 'no service'}`
      : `docker service update of ${[...a.images, ...a.restart].join(', ') || 'no service'} only (the other services are untouched)`;
  return [
    `dry-run: nothing was changed on the manager; a deploy of ${shortSha(d.sha)} would run ${what}:`,
    ...actionLines(d, d.sha).map((l) => `  ${l}`),
    ...describeRemovalWait(prunedBy(d), d.target.health.timeout).map((l) => `  ${l}`),
    ...taskLines(d).map((l) => `  ${l}`),
  ];
}
