/**
 * The files `init` writes: the config as YAML text (with what is left to fill in as comments), and
 * the workflows copied from deploy/workflows; plus the secrets and variables those workflows read.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { Proposal } from './init-propose.js';

export interface NewFile {
  /** path relative to the repository */
  path: string;
  text: string;
}

const SCHEMA_URL = 'https://raw.githubusercontent.com/your-org/gitops-deploy/main/deploy/schema/deploy.schema.json';

/** The config file text: a schema hint, the TODO list as comments, then the config. */
export function configText(p: Proposal): string {
  const header = [
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    '#',
    '# Written by `gitops-deploy init`. Reference: docs/config.md. Still to do:',
    ...p.todo.map((t) => `#   - ${t}`),
    '',
  ];
  return `${header.join('\n')}${stringify(p.config, { lineWidth: 0 })}`;
}

/** deploy/workflows of this package: next to lib/ and dist/ (two levels up), or src/ when run from source. */
function workflowsDir(): string | undefined {
  return ['../../deploy/workflows/', '../../../deploy/workflows/']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((d) => existsSync(d));
}

/** A workflow's `branches: [main]` (the push and pull-request triggers) set to the repository's branch. */
export function onBranch(text: string, branch: string | undefined): string {
  if (!branch || branch === 'main') return text;
  const name = /^[A-Za-z0-9._/-]+$/.test(branch) ? branch : JSON.stringify(branch);
  return text.replace(/^(\s*branches: )\[main\]$/gm, `$1[${name}]`);
}

/**
 * A workflow's target choice (`options: [production, staging]`, the templates' example) narrowed to
 * the targets the written config has: a choice of a target it lacks fails with "unknown target".
 */
export function onTargets(text: string, targets: readonly string[]): string {
  return text.replace(/^(\s*options: )\[production, staging\]$/gm, `$1[${targets.map((t) => JSON.stringify(t)).join(', ')}]`);
}

/** The workflows to copy, as .github/workflows/<name>, triggered by `branch` (default main), offering `targets`. */
export async function workflowFiles(branch: string | undefined, targets: readonly string[]): Promise<NewFile[]> {
  const dir = workflowsDir();
  if (!dir) throw new Error('init: deploy/workflows not found next to the gitops-deploy installation');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yml')).sort();
  return Promise.all(
    names.map(async (n) => ({
      path: `.github/workflows/${n}`,
      text: onTargets(onBranch(await readFile(`${dir}${n}`, 'utf8'), branch), targets),
    })),
  );
}

/** What the copied workflows need before they can run: the action they use is a placeholder. */
export const WORKFLOW_TODO =
  'Then edit .github/workflows/*.yml: replace `your-org/gitops-deploy@v1` with the gitops-deploy action pinned to the full commit sha you reviewed (a workflow naming your-org fails before its first step).';

const WHAT: Record<string, string> = {
  DEPLOY_SSH_KEY: 'the private key of the deploy user (ssh-keygen -t ed25519; its .pub goes into ~/.ssh/authorized_keys on the host)',
  DEPLOY_KNOWN_HOSTS: 'the `ssh-keyscan -p PORT HOST` line of the host, its fingerprint checked out of band (docs/prepare-server.md)',
  DB_PASSWORD: 'only when the backup has no password_env on the host',
};

/** `secrets.X` and `vars.X` the workflows read (GITHUB_TOKEN excluded), each once, in order. */
export function workflowInputs(texts: string[]): { secrets: string[]; variables: string[] } {
  const find = (kind: string) => {
    const re = new RegExp(`\\$\\{\\{\\s*${kind}\\.([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}`, 'g');
    return [...new Set(texts.flatMap((t) => [...t.matchAll(re)].map((m) => m[1]!)))].filter((n) => n !== 'GITHUB_TOKEN');
  };
  return { secrets: find('secrets'), variables: find('vars') };
}

/** What DB_PASSWORD is for when the proposed config backs up no database that takes a password (none, or SQLite). */
const NO_DB_PASSWORD =
  'not needed now (the proposed config backs up no database server); only for a `backup:` you add whose password is not in password_env on the host';

/** The proposed targets (pure): each one's `backup` and `shared`, as far as they are there. */
function proposedTargets(config: Record<string, unknown>): { backup?: { engine?: unknown }; shared?: unknown }[] {
  const targets = config.targets;
  return targets && typeof targets === 'object' ? (Object.values(targets) as { backup?: { engine?: unknown }; shared?: unknown }[]) : [];
}

/** Whether a proposed target backs up a database server (a password may be needed; SQLite takes none). */
const backsUpServer = (config: Record<string, unknown>): boolean =>
  proposedTargets(config).some((t) => t.backup !== undefined && t.backup.engine !== 'sqlite');

/**
 * The lines telling the user what to set in GitHub; `config`: the proposed one (DB_PASSWORD is said
 * to be unneeded when it backs up no database server).
 */
export function inputsLines(inputs: { secrets: string[]; variables: string[] }, config: Record<string, unknown> = {}): string[] {
  const what = backsUpServer(config) ? WHAT : { ...WHAT, DB_PASSWORD: NO_DB_PASSWORD };
  const line = (kind: string, n: string) => `  ${kind} ${n}${what[n] ? `: ${what[n]}` : ''}`;
  return [
    'Set in GitHub (Settings → Secrets and variables → Actions, or in the environment "production"):',
    ...inputs.secrets.map((n) => line('secret  ', n)),
    ...inputs.variables.map((n) => line('variable', n)),
  ];
}

/**
 * The last step (pure): prepare the server, naming the files and directories the proposed `shared`
 * entries need under <path>/shared/ (not always a `.env`: e.g. apps/api/.env.docker).
 */
export function prepareServerLine(config: Record<string, unknown>): string {
  const shared = [...new Set(proposedTargets(config).flatMap((t) => (Array.isArray(t.shared) ? (t.shared as unknown[]).map(String) : [])))];
  const files = shared.length > 0 ? `, ${shared.map((p) => `<path>/shared/${p}`).join(' ')}` : '';
  return `Prepare the server (deploy user${files}, host key): docs/prepare-server.md; check it with \`gitops-deploy doctor\`.`;
}
