/** Human lines about a passenger deploy's decisions (deploy log and dry-run notes). */
import { shortSha } from '../../core/text.js';
import type { Reporter } from '../../core/reporter.js';
import { isEmptyPlan, nothingToDeploy } from '../../plan/explain.js';
import type { PassengerDeploy } from './deploy-context.js';
import type { PassengerSteps, StepDecision } from './steps.js';
import { FRONTEND_TASK, PIP_TASK } from './tasks.js';

function line(name: string, step: StepDecision): string {
  return `${name}: ${step.run ? 'runs' : 'skipped'} (${step.why})`;
}

export function stepLines(steps: PassengerSteps): string[] {
  const lines = [line(PIP_TASK, steps.pip)];
  lines.push(steps.tasks.length > 0 ? `tasks: ${steps.tasks.join(', ')}` : 'tasks: none planned');
  if (steps.frontend) lines.push(line(FRONTEND_TASK, steps.frontend));
  return lines;
}

export function logSteps(reporter: Reporter, steps: PassengerSteps): void {
  for (const l of stepLines(steps)) reporter.info(l);
}

/**
 * Why this deploy does nothing at all (no backup, upload, switch nor restart), or undefined when it
 * does something: a deployed release exists and the executed plan is empty (ignored files only).
 */
export function nothingToDo(d: Pick<PassengerDeploy, 'plan' | 'previous'>): string | undefined {
  if (!d.previous || !isEmptyPlan(d.plan)) return undefined;
  return `${nothingToDeploy(d.plan)} ${shortSha(d.previous.id)} keeps serving: no backup, no upload, no restart.`;
}

/** What a deploy of this plan would do, in order (nothing is changed by a dry run). */
export function describePassengerDryRun(d: PassengerDeploy): string[] {
  const { paths, target, sha } = d;
  const idle = nothingToDo(d);
  if (idle) return ['dry-run: nothing was changed on the host; a deploy would do nothing:', `  ${idle}`];
  const dest = paths.releases ? paths.layout.releaseDir(sha) : `${paths.layout.root} (in place, after a snapshot)`;
  const restart =
    target.restart === 'passenger-config'
      ? `passenger-config restart-app ${paths.liveAppRoot}`
      : `touch ${paths.restartFileOf(paths.liveAppRoot)}`;
  return [
    'dry-run: nothing was changed on the host; a deploy would:',
    `  upload ${shortSha(sha)} to ${dest}`,
    ...stepLines(d.steps).map((l) => `  ${l}`),
    ...(paths.releases ? [`  switch ${paths.layout.current} to releases/${sha}`] : []),
    `  restart: ${restart}`,
    `  check: ${target.health.url ?? 'no health URL'}`,
  ];
}
