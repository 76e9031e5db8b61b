import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { UserError } from '../core/errors.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import type { RunReport } from '../session/report.js';
import { gitAt } from '../git/run.js';
import { configText, inputsLines, prepareServerLine, WORKFLOW_TODO, workflowFiles, workflowInputs, type NewFile } from './init-files.js';
import { proposeConfig } from './init-propose.js';
import { scanRepo } from './init-scan.js';

/** Refuses to overwrite: every file that exists is named (all or nothing). */
function refuseExisting(repo: string, files: NewFile[], force: boolean): void {
  const existing = files.filter((f) => existsSync(join(repo, f.path))).map((f) => f.path);
  if (existing.length > 0 && !force)
    throw new UserError(
      `init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (--force overwrites them)`,
    );
}

/** The branch the repository is on (the workflows deploy its pushes); none outside git or on a detached HEAD. */
async function currentBranch(repo: string): Promise<string | undefined> {
  const out = await gitAt(repo)
    .raw(['symbolic-ref', '--quiet', '--short', 'HEAD'])
    .catch(() => '');
  return out.trim() || undefined;
}

/**
 * `init` (local, no SSH): writes .github/deploy.yml proposed from the repository, and the
 * deploy/rollback/backup/plan workflows; prints the secrets and variables to set.
 */
export async function initCommand(settings: Settings, reporter: Reporter, report: RunReport): Promise<void> {
  if (
    !(await stat(settings.repo).then(
      (st) => st.isDirectory(),
      () => false,
    ))
  )
    throw new UserError(`init: ${settings.repo} is not a directory (--repo: the repository to scan)`);
  const facts = await reporter.group('Scan', () => scanRepo(settings.repo));
  const proposal = proposeConfig(facts);
  const workflows = await workflowFiles(
    await currentBranch(settings.repo),
    Object.keys(proposal.config.targets as Record<string, unknown>),
  );
  const files = [{ path: relative(settings.repo, settings.configPath), text: configText(proposal) }, ...workflows];
  refuseExisting(settings.repo, files, settings.force ?? false);
  for (const f of files) {
    await mkdir(dirname(join(settings.repo, f.path)), { recursive: true });
    await writeFile(join(settings.repo, f.path), f.text);
  }
  report.notes.push(
    ...files.map((f) => `wrote ${f.path}`),
    '',
    ...inputsLines(workflowInputs(workflows.map((w) => w.text)), proposal.config),
    '',
    `Then edit ${files[0]!.path}:`,
    ...proposal.todo.map((t) => `  - ${t}`),
    WORKFLOW_TODO,
    prepareServerLine(proposal.config),
  );
}
