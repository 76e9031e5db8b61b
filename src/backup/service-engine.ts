/**
 * `backup` alone has no compose files to check backup.engine against (deploy's plan does): it reads
 * the image of the service's running container instead, before it touches the database.
 */
import { projectContainersArgs } from '../apply/compose-command.js';
import { UserError } from '../core/errors.js';
import { engineImageIssue } from '../plan/check-config.js';
import { shellJoin } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';
import type { BackupSpec, ComposeContext } from './types.js';

/** Prints the image (as compose gave it) of the first running container of the service; nothing when none runs. */
export function serviceImageScript(project: string, service: string): string {
  const running = shellJoin([...projectContainersArgs(project, service), '--filter', 'status=running']);
  return `for c in $(${running}); do docker inspect --format '{{.Config.Image}}' "$c"; break; done`;
}

/** Refuses (exit 2, nothing backed up) a backup.engine that is not the database the service's image runs. */
export async function checkServiceEngine(
  exec: Executor,
  spec: Pick<BackupSpec, 'engine' | 'service'>,
  compose: ComposeContext | undefined,
  target: string,
): Promise<void> {
  if (!spec.service || !compose) return;
  const r = await exec.sh(serviceImageScript(compose.project, spec.service), { allowFailure: true });
  const image = r.code === 0 ? (r.stdout.trim().split('\n')[0] ?? '') : '';
  const issue = image ? engineImageIssue(spec.engine, spec.service, image) : null;
  if (issue) throw new UserError(`targets.${target}.backup.engine: ${issue}; nothing was backed up`);
}
