/** The host-side steps of a passenger deploy: venv check, pip, user tasks, restart. */
import type { PassengerTarget } from '../../config/schema.js';
import type { Reporter } from '../../core/reporter.js';
import type { TaskConfig } from '../../plan/types.js';
import { runStreamed } from '../../transport/line-stream.js';
import type { Executor } from '../../transport/types.js';
import type { PassengerPaths } from './paths.js';
import { hostTaskScript, pipInstallScript, venvCheckScript } from './python-scripts.js';
import { restartAppScript, restartTouchScript } from './restart-script.js';

function outputTail(r: { stdout: string; stderr: string }, lines: number): string {
  return `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-lines).join('\n');
}

export async function venvExists(exec: Executor, venv: string): Promise<boolean> {
  return (await exec.sh(venvCheckScript(venv))).stdout.trim() === 'yes';
}

/** pip install -r <requirements> into the venv (created when missing), in the given app root. */
export async function installRequirements(
  exec: Executor,
  target: PassengerTarget,
  venv: string,
  appRoot: string,
  reporter: Reporter,
): Promise<void> {
  const script = pipInstallScript({
    venv,
    python: target.python ?? 'python3',
    appRoot,
    requirements: target.requirements,
    args: target.pip_args ?? [],
  });
  reporter.info(`pip install -r ${target.requirements}`);
  const r = await runStreamed(
    (hooks) => exec.sh(script, { allowFailure: true, ...hooks }),
    (l) => reporter.info(l),
    '[pip] ',
  );
  if (r.code !== 0) throw new Error(`pip install failed (exit ${r.code}):\n${outputTail(r, 20)}`);
}

/** Runs the planned user tasks in order in the app root with the venv active; stops at the first failure. */
export async function runHostTasks(
  exec: Executor,
  names: readonly string[],
  tasks: Record<string, TaskConfig>,
  appRoot: string,
  venv: string,
  reporter: Reporter,
): Promise<void> {
  for (const name of names) {
    const task = tasks[name];
    if (!task) throw new Error(`task ${name} is not defined`);
    reporter.info(`task ${name}: ${task.command} (in ${appRoot})`);
    const script = hostTaskScript(appRoot, venv, task.command);
    const r = await runStreamed(
      (hooks) => exec.sh(script, { allowFailure: true, ...hooks }),
      (l) => reporter.info(l),
      `[${name}] `,
    );
    if (r.code !== 0) throw new Error(`task ${name} failed (exit ${r.code}):\n${outputTail(r, 20)}`);
  }
}

/**
 * The restart of the app whose code is now in `appRoot`: passenger-config restart-app on the live
 * app root, or a restart.txt touch newer than every restart.txt in `compare` (the other release's).
 */
export function restartScript(target: PassengerTarget, paths: PassengerPaths, appRoot: string, compare: readonly string[]): string {
  if (target.restart === 'passenger-config') return restartAppScript(paths.liveAppRoot);
  return restartTouchScript(paths.restartFileOf(appRoot), compare);
}

/** Runs `before` (e.g. the `current` switch) then the restart, in one round trip; logs what happened. */
export async function restartApp(
  exec: Executor,
  target: PassengerTarget,
  paths: PassengerPaths,
  appRoot: string,
  compare: readonly string[],
  reporter: Reporter,
  before?: string,
): Promise<void> {
  const script = restartScript(target, paths, appRoot, compare);
  const out = (await exec.sh(before ? `{\n${before}\n} || exit $?\n${script}` : script)).stdout.trim();
  reporter.info(
    target.restart === 'passenger-config'
      ? `restart: passenger-config restart-app ${paths.liveAppRoot}: ${out}`
      : `restart: touched ${paths.restartFileOf(appRoot)} (mtime @${out})`,
  );
}
