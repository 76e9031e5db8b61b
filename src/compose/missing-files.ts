/** The message for compose files that the config lists but the deployed commit does not have (pure). */
import { posix } from 'node:path';
import { shortSha } from '../core/text.js';

/** compose.yaml, docker-compose.yml, docker-compose.prod.yml, compose.override.yaml, ... */
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/;

export function looksLikeComposeFile(path: string): boolean {
  return COMPOSE_NAME.test(posix.basename(path));
}

const SUGGESTED = 10;

/**
 * "compose file docker/compose.yaml does not exist at 0123456789ab (compose.directory: docker,
 * compose.files: [compose.yaml]); compose files in that commit: docker/docker-compose.yml".
 */
export function missingComposeFilesMessage(
  missing: readonly string[],
  sha: string,
  compose: { directory: string; files: readonly string[] },
  tracked: readonly string[],
): string {
  const which = `compose file${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`;
  const config = `compose.directory: ${compose.directory}, compose.files: [${compose.files.join(', ')}]`;
  const found = tracked.filter(looksLikeComposeFile);
  const more = found.length > SUGGESTED ? ` (+${found.length - SUGGESTED} more)` : '';
  const hint =
    found.length > 0
      ? `compose files in that commit: ${found.slice(0, SUGGESTED).join(', ')}${more}`
      : 'that commit has no file named like a compose file';
  return `${which} ${missing.length === 1 ? 'does' : 'do'} not exist at ${shortSha(sha)} (${config}); ${hint}`;
}
