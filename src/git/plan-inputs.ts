import { posix } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { missingComposeFilesMessage } from '../compose/missing-files.js';
import { parseComposeModel } from '../compose/model.js';
import { composeDotEnvPath } from '../compose/dotenv.js';
import { UserError } from '../core/errors.js';
import type { ComposeModel, PlanInput, PlannerConfig } from '../plan/types.js';
import { changedFiles } from './changed-files.js';
import { readAt, listTree } from './tree.js';
import { shortSha } from '../core/text.js';

const EMPTY_MODEL: ComposeModel = { services: {} };

/** Repo-relative paths of the configured compose files. */
function composePaths(config: PlannerConfig): string[] {
  return config.compose.files.map((name) => posix.normalize(posix.join(config.compose.directory, name)));
}

/**
 * Reads and merges the compose files at a commit, interpolated with the `.env` of the compose
 * directory at that commit (none tracked: no variables); null when no compose file exists there. With
 * `tracked` (the commit's files) every configured file must exist: a missing one is named, with
 * the compose files the commit does have.
 */
export async function composeAt(git: SimpleGit, sha: string, config: PlannerConfig, tracked?: string[]): Promise<ComposeModel | null> {
  const files: { path: string; content: string }[] = [];
  const missing: string[] = [];
  for (const path of composePaths(config)) {
    const content = await readAt(git, sha, path);
    if (content !== null) files.push({ path, content });
    else missing.push(path);
  }
  if (tracked && missing.length > 0) throw new UserError(missingComposeFilesMessage(missing, sha, config.compose, tracked));
  if (files.length === 0) return null;
  try {
    const dotEnv = await readAt(git, sha, composeDotEnvPath(config.compose.directory));
    return parseComposeModel(files, config.compose.directory, {}, dotEnv ?? '');
  } catch (e) {
    throw new UserError(`compose files at ${shortSha(sha)}: ${(e as Error).message}`);
  }
}

/** Gathers everything the pure planner needs from git (the only I/O of planning). */
export async function gatherPlanInput(
  git: SimpleGit,
  config: PlannerConfig,
  from: { sha: string | null; reason?: string },
  to: string,
): Promise<PlanInput> {
  const tracked = await listTree(git, to);
  const dockerignores: Record<string, string> = {};
  for (const path of tracked) {
    if (posix.basename(path).endsWith('.dockerignore')) dockerignores[path] = (await readAt(git, to, path)) ?? '';
  }
  // the deployed commit must have every compose file (a passenger plan lists none)
  const composeTo = (await composeAt(git, to, config, tracked)) ?? EMPTY_MODEL;
  const composeFrom = from.sha ? await composeAt(git, from.sha, config) : null;
  return {
    from: from.sha,
    to,
    changes: from.sha ? await changedFiles(git, from.sha, to) : [],
    config,
    composeFrom,
    composeTo,
    dockerignores,
    trackedFiles: tracked,
    fromUnknownReason: from.reason,
  };
}
