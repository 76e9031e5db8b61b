/**
 * Pure: a swarm update that cannot carry a changed config or secret. Swarm configs and secrets are
 * immutable: `docker service update --force` (a restart) keeps the content the service was created
 * with, and so does `docker service update --image`; `docker stack deploy` refuses new content
 * under the same name. A service whose `configs`/`secrets` `file:` changed while its definition did
 * not (restarted, or given a new image) would report success on the old content: refused before
 * anything changes, saying how to get the new content in.
 */
import { UserError } from '../../core/errors.js';
import type { ChangedFile, ComposeModel } from '../../plan/types.js';

/** The changed config/secret files of the services an update changes (`services`), as `<service>: <file>`. */
export function changedConfigFiles(model: ComposeModel, changes: readonly ChangedFile[], services: readonly string[]): string[] {
  const changed = new Set(changes.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]));
  return services.flatMap((sv) => (model.services[sv]?.configFiles ?? []).filter((f) => changed.has(f)).map((f) => `${sv}: ${f}`));
}

/** Throws (exit 2) when an update (image or restart) would leave a changed config/secret file unapplied. */
export function refuseStaleConfigs(model: ComposeModel, changes: readonly ChangedFile[], services: readonly string[]): void {
  const stale = changedConfigFiles(model, changes, services);
  if (stale.length === 0) return;
  throw new UserError(
    `swarm configs and secrets are immutable: a \`configs\`/\`secrets\` file changed (${stale.join(', ')}) while the service's definition did not, ` +
      'so its update (a new image or a restart) would keep the old content and `docker stack deploy` cannot replace it under the same name. ' +
      'Give the config (or secret) a new key in the compose file (e.g. `page_v2`) and reference it from the service: the deploy then creates it and updates the service.',
  );
}

/**
 * Throws (exit 2) when a rollback update would keep a config/secret's live content: the file of a
 * `configs`/`secrets` entry differs between the live release and `to` while the service's definition
 * does not (a pair an older version recorded, or made after the live config was removed by hand).
 * Swarm keeps the one content it holds under that name, so the rollback would report success on
 * content that is not the target release's. Checked on every service of the target release.
 */
export function refuseRollbackConfigs(model: ComposeModel, changes: readonly ChangedFile[], to: string): void {
  const stale = changedConfigFiles(model, changes, Object.keys(model.services).sort());
  if (stale.length === 0) return;
  throw new UserError(
    `rollback to ${to}: a \`configs\`/\`secrets\` file differs from the live release's under the same name (${stale.join(', ')}), ` +
      'and swarm configs and secrets are immutable: the rollback would keep the live content, not the content of that release. Nothing was changed. ' +
      "Deploy a commit that puts that release's content under a new key in the compose file (e.g. `page_v2`) and references it from the service.",
  );
}
