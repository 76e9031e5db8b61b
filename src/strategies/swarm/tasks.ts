/**
 * Runner: each planned task once, as a swarm job from the release's image of its service (with that
 * service's networks, mounts, placement and environment), watched until Complete or Failed, its logs
 * printed, the job removed (always). A failed task fails the run.
 */
import { UserError } from '../../core/errors.js';
import { tail } from '../../core/text.js';
import type { TaskConfig } from '../../plan/types.js';
import type { Executor } from '../../transport/types.js';
import { serviceName } from './commands.js';
import type { SwarmRun } from './run.js';
import {
  envFileScript,
  envFileText,
  jobCreateArgs,
  jobLogsArgs,
  jobName,
  jobRemoveArgs,
  jobStateArgs,
  judgeJob,
  parseJobSpec,
  removeEnvFileScript,
  serviceSpecArgs,
  type JobState,
} from './task-commands.js';
import { runInRegistrySession } from '../../apply/registry.js';
import { shellJoin } from '../../transport/quote.js';

/** The task's service and the image its job runs: the release's reference of that service. */
export function taskImage(d: Pick<SwarmRun, 'refs'>, name: string, task: TaskConfig | undefined): { service: string; image: string } {
  if (!task?.service) throw new UserError(`task ${name}: no service to run in (strategy "swarm" runs a task from its service's image)`);
  const image = d.refs[task.service];
  if (!image)
    throw new UserError(
      `task ${name}: service ${task.service} has no image built by gitops-deploy (no build:), so no release image to run`,
    );
  return { service: task.service, image };
}

/** Polls the job until it ends or `timeoutMs` passes (then it counts as failed). */
async function waitJob(exec: Executor, name: string, timeoutMs: number, intervalMs: number): Promise<JobState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = judgeJob((await exec.run(jobStateArgs(name), { allowFailure: true })).stdout);
    if (seen.state !== 'running') return seen;
    if (Date.now() > deadline) return { state: 'failed', why: `not done within ${Math.round(timeoutMs / 1000)} s (${seen.why})` };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Creates the job (env file through stdin, removed once the job holds it). */
async function createJob(d: SwarmRun, job: string, image: string, command: string, service: string, task: string): Promise<void> {
  const exec = d.s.conn.exec;
  const release = { root: d.layout.root, dir: d.layout.releaseDir(d.sha) };
  const spec = parseJobSpec((await exec.run(serviceSpecArgs(serviceName(d.target.stack, service)))).stdout, release);
  const envFile = (await exec.sh(envFileScript(), { stdin: envFileText(spec.env, task) })).stdout.trim();
  try {
    const create = jobCreateArgs(job, image, command, spec, { envFile, auth: d.auth });
    // a job left by an interrupted run of the same release is replaced
    const lines = [`${shellJoin(jobRemoveArgs(job))} >/dev/null 2>&1 || true`, shellJoin(create)];
    await runInRegistrySession(exec, d.reg, lines, `task ${task}`);
  } finally {
    await exec.sh(removeEnvFileScript(envFile), { allowFailure: true });
  }
}

/** One task: its job created, watched, its logs printed, removed; throws when it failed. */
async function runTask(d: SwarmRun, name: string, intervalMs: number): Promise<void> {
  const task = d.s.config.tasks[name];
  const { service, image } = taskImage(d, name, task);
  const exec = d.s.conn.exec;
  const job = jobName(d.target.stack, name, d.sha);
  d.s.reporter.info(`task ${name}: ${task!.command} (swarm job ${job} from ${image})`);
  let logs = '';
  let ended: JobState = { state: 'failed', why: 'not started' };
  try {
    await createJob(d, job, image, task!.command, service, name);
    ended = await waitJob(exec, job, d.target.health.timeout, intervalMs);
    const r = await exec.run(jobLogsArgs(job), { allowFailure: true });
    logs = r.stdout + r.stderr;
    for (const line of logs.split('\n').filter((l) => l !== '')) d.s.reporter.info(`[${name}] ${line}`);
  } finally {
    await exec.run(jobRemoveArgs(job), { allowFailure: true });
  }
  if (ended.state === 'failed') throw new Error(`task ${name} failed (${ended.why})${logs.trim() ? `:\n${tail(logs)}` : ''}`);
}

/** The planned tasks in plan order. */
export async function runSwarmTasks(d: SwarmRun, opts: { intervalMs?: number } = {}): Promise<void> {
  for (const name of d.plan.tasks) await runTask(d, name, opts.intervalMs ?? 1000);
}
