import { posix } from 'node:path';
import type { ComposeInvocation } from '../apply/compose-command.js';
import { autoComposeCommand, detectCompose, type DetectedCompose } from '../apply/compose-detect.js';
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
 * The host's compose, once per connection: the configured `compose.command` (checked to run), or
 * with it unset `docker compose` when `docker compose version` works, else `docker-compose`, else
 * a UserError naming both.
 */
export function detectHostCompose(exec: Executor, config: Config): Promise<DetectedCompose> {
  return detectCompose(exec, config.compose.command);
}
