/**
 * The environment handed to local child processes (ssh, ssh-agent, rsync, git, tar, the frontend build):
 * the runner's environment without the deploy's secrets. The Action receives its inputs (among
 * them the SSH key and the database password) as INPUT_* variables and the CLI reads
 * GITOPS_SSH_KEY / GITOPS_DB_PASSWORD: a child that inherited them would keep the key text in its
 * /proc/<pid>/environ, and a ControlMaster can outlive this process by its ControlPersist.
 */

/** Secrets of the deploy itself, besides every INPUT_* variable. */
const SECRET_VARIABLES = new Set([
  'GITOPS_SSH_KEY',
  'GITOPS_DB_PASSWORD',
  'GITOPS_REGISTRY_PASSWORD',
  'GITHUB_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
]);

/** `env` without the Action inputs (every INPUT_*) and the deploy's other secrets; undefined values dropped. */
export function withoutSecrets(env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> {
  const kept = Object.entries(env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('INPUT_') && !SECRET_VARIABLES.has(entry[0]),
  );
  return Object.fromEntries(kept);
}
