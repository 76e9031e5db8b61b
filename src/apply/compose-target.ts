import { posix } from 'node:path';
import type { ComposeInvocation } from './compose-command.js';
import { autoComposeCommand, composeCandidates, composeDetectScript, parseComposeDetect, type DetectedCompose } from './compose-detect.js';
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

/** The probe of the host's compose (pure): the configured `compose.command`, else the candidates in order. */
export const hostComposeScript = (config: Config): string => composeDetectScript(composeCandidates(config.compose.command));

/** What hostComposeScript printed → the host's compose, or the UserError naming what does not run. */
export const parseHostCompose = (config: Config, stdout: string): DetectedCompose =>
  parseComposeDetect(stdout, composeCandidates(config.compose.command));

/**
 * The host's compose, once per connection: the configured `compose.command` (checked to run), or
 * with it unset `docker compose` when `docker compose version` works, else `docker-compose`, else
 * a UserError naming both.
 */
export async function detectHostCompose(exec: Executor, config: Config): Promise<DetectedCompose> {
  return parseHostCompose(config, (await exec.sh(hostComposeScript(config))).stdout);
}
