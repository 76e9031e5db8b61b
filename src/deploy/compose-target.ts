import { posix } from 'node:path';
import type { ComposeInvocation } from '../apply/compose-command.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';

/** How compose is invoked for a tree on the host (the release dir for builds, `current` for up). */
export function composeInvocation(config: Config, treeRoot: string): ComposeInvocation {
  const project = config.compose.project;
  if (!project) throw new UserError('compose.project is required for compose targets (the project name is pinned with -p)');
  const dir = posix.normalize(posix.join(treeRoot, config.compose.directory));
  return {
    command: config.compose.command.split(' '),
    project,
    files: config.compose.files.map((f) => posix.join(dir, f)),
    projectDir: dir,
  };
}
