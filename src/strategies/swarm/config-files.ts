/**
 * Pure: the refusal of a swarm run whose configs/secrets swarm cannot carry (objects.ts). Swarm
 * configs and secrets are immutable: a name it holds with another content cannot take the release's
 * content, and `docker service update` (`--image`, `--force`) keeps the content a service was created
 * with. Refused before anything changes, saying how to get the content in.
 */
import { UserError } from '../../core/errors.js';
import type { ObjectVerdict } from './objects.js';

const listed = (conflicts: ObjectVerdict['conflicts']): string => conflicts.map((c) => `${c.service}: ${c.file}`).join(', ');
const held = (conflicts: ObjectVerdict['conflicts']): string => [...new Set(conflicts.map((c) => c.object))].join(', ');

/** Throws (exit 2) when a deploy's config/secret file has another content than swarm holds under its name. */
export function refuseStaleConfigs(conflicts: ObjectVerdict['conflicts']): void {
  if (conflicts.length === 0) return;
  throw new UserError(
    `swarm configs and secrets are immutable: a \`configs\`/\`secrets\` file changed (${listed(conflicts)}) while swarm holds another content under its name: ${held(conflicts)}, ` +
      'so the service would keep the old content and `docker stack deploy` cannot replace it under the same name. ' +
      'Give the config (or secret) a new key in the compose file (e.g. `page_v2`, or a new `name:` such as `page-v2`) and reference it from the service: the deploy then creates it and updates the service.',
  );
}

/**
 * Throws (exit 2) when a rollback's config/secret file has another content than swarm holds under
 * its name (the name was given another content after that release): swarm keeps the one content it
 * holds, so the rollback would report success on content that is not the target release's.
 */
export function refuseRollbackConfigs(conflicts: ObjectVerdict['conflicts'], to: string): void {
  if (conflicts.length === 0) return;
  throw new UserError(
    `rollback to ${to}: a \`configs\`/\`secrets\` file differs from the content swarm holds under the same name (${listed(conflicts)}): swarm holds ${held(conflicts)} with another content, ` +
      'and swarm configs and secrets are immutable: the rollback would keep that content, not the content of that release. Nothing was changed. ' +
      "Deploy a commit that puts that release's content under a new key or `name:` in the compose file (e.g. `page_v2`) and references it from the service, " +
      'or remove the object by hand (`docker config rm`) when no service uses it.',
  );
}
