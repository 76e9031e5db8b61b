import { posix } from 'node:path';
import type { ComposeInvocation } from './compose-command.js';
import {
  autoComposeCommand,
  composeCachePath,
  composeCandidates,
  composeDetectScript,
  DOCKER_PLUGIN_DIRS,
  parseComposeDetect,
  type DetectedCompose,
} from './compose-detect.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { Executor } from '../transport/types.js';

/**
 * How compose is invoked for a tree on the host (the release dir for builds, `current` for up).
 * `detected` (from detectHostCompose, one probe per connection) supplies the command and its
 * version. Without it: the configured command, else one that picks v2 or v1 on the host at each
 * call (autoComposeCommand); no version is known then.
 */
export function composeInvocation(config: Config, treeRoot: string, detected?: DetectedCompose): ComposeInvocation {
  const project = config.compose.project;
  if (!project) throw new UserError('compose.project is required for compose targets (the project name is pinned with -p)');
  const dir = posix.normalize(posix.join(treeRoot, config.compose.directory));
  return {
    command: detected ? [...detected.command] : (config.compose.command?.split(' ') ?? autoComposeCommand()),
    ...(detected ? { version: detected.version } : {}),
    project,
    files: config.compose.files.map((f) => posix.join(dir, f)),
    projectDir: dir,
  };
}

/**
 * The probe of the host's compose (pure): the configured `compose.command`, else the candidates in
 * order. With `deployPath` (the target's path), the v2 plugin's version is cached in its .deploy
 * directory (composeCachePath; a check like doctor's leaves it out and runs the plugin); with
 * `makeDir`, that directory is created if missing (pluginCacheScript).
 */
export const hostComposeScript = (config: Config, deployPath?: string, makeDir = false): string =>
  composeDetectScript(composeCandidates(config.compose.command), DOCKER_PLUGIN_DIRS, deployPath && composeCachePath(deployPath), makeDir);

/** What hostComposeScript printed → the host's compose, or the UserError naming what does not run. */
export const parseHostCompose = (config: Config, stdout: string): DetectedCompose =>
  parseComposeDetect(stdout, composeCandidates(config.compose.command));

/** What hostComposeScript printed on each connection (per script): the probe runs once per connection. */
const probed = new WeakMap<Executor, Map<string, Promise<string>>>();

/**
 * The output of hostComposeScript on `exec`, read once per connection. The first call sends it (it
 * only reads, but for the plugin's version cache it keeps: a deploy starts it before taking the lock); a failure is not left unhandled when
 * nothing awaits it yet, and reaches whoever awaits it. `makeDir` (only the first call's counts):
 * the cache's directory is created if missing, for a run about to take its lock (which creates it
 * too, maybe only after this probe has answered).
 */
export function hostComposeOutput(exec: Executor, config: Config, deployPath?: string, makeDir = false): Promise<string> {
  const byScript = probed.get(exec) ?? new Map<string, Promise<string>>();
  probed.set(exec, byScript);
  const script = hostComposeScript(config, deployPath);
  let output = byScript.get(script);
  if (!output) {
    output = exec.sh(hostComposeScript(config, deployPath, makeDir)).then((r) => r.stdout);
    output.catch(() => undefined);
    byScript.set(script, output);
  }
  return output;
}

/**
 * The host's compose, once per connection: the configured `compose.command` (checked to run), or
 * with it unset `docker compose` when `docker compose version` works, else `docker-compose`, else
 * a UserError naming both.
 */
export async function detectHostCompose(exec: Executor, config: Config, deployPath?: string): Promise<DetectedCompose> {
  return parseHostCompose(config, await hostComposeOutput(exec, config, deployPath));
}
