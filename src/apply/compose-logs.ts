/** `compose logs` of a project (pure argv builder): one service or all, since, the last N lines, no colours. */
import { checkServices, composeBase, type ComposeInvocation } from './compose-command.js';
import { isComposeV1 } from './compose-naming.js';
import { UserError } from '../core/errors.js';
import type { LogsOptions } from '../core/settings.js';

export const DEFAULT_LOG_LINES = 200;

export function composeLogsArgs(c: ComposeInvocation, o: LogsOptions): string[] {
  if (o.service) checkServices([o.service]);
  if (o.since !== undefined && isComposeV1(c.command))
    throw new UserError('--since needs compose v2 ("docker compose"): docker-compose v1 on the host has no `logs --since` (use --tail)');
  return [
    ...composeBase(c),
    'logs',
    '--no-color',
    '--tail',
    String(o.tail ?? DEFAULT_LOG_LINES),
    ...(o.since !== undefined ? ['--since', o.since] : []),
    ...(o.service ? ['--', o.service] : []),
  ];
}

/**
 * The text of `compose logs` without the erase-line codes (ESC [ 2 K) compose v2 writes before each
 * line even with --no-color and no terminal (seen with 2.26): a log, a job summary or a file got
 * them raw (pure). The services' own output is left as it is.
 */
export const withoutEraseLine = (text: string): string => text.replace(/\u001b\[[0-2]?K/g, '');
