import { posix } from 'node:path';
import { missingComposeFilesMessage } from '../compose/missing-files.js';
import { parseComposeModel } from '../compose/model.js';
import { composeDotEnvPath } from '../compose/dotenv.js';
import { UserError } from '../core/errors.js';
import type { ComposeModel, PlanInput, PlannerConfig } from '../plan/types.js';
import { changedFiles } from './changed-files.js';
import { listTree } from './tree.js';
import { readBlobs } from './blobs.js';
import type { CatFile } from './cat-file.js';
import type { Repo } from './repo.js';
import { shortSha } from '../core/text.js';

const EMPTY_MODEL: ComposeModel = { services: {} };

/** Repo-relative paths of the configured compose files. */
function composePaths(config: PlannerConfig): string[] {
  return config.compose.files.map((name) => posix.normalize(posix.join(config.compose.directory, name)));
}

/** The blobs a compose model at `sha` is read from: the compose files, then the compose directory's `.env`. */
function composeSpecs(config: PlannerConfig, sha: string): { sha: string; path: string }[] {
  return [...composePaths(config), composeDotEnvPath(config.compose.directory)].map((path) => ({ sha, path }));
}

/**
 * Merges the compose files read at a commit (`blobs`: as `composeSpecs` lists them), interpolated
 * with the `.env` of the compose directory (none tracked: no variables); null when no compose file
 * exists there. With `tracked` (the commit's files) every configured file must exist: a missing one
 * is named, with the compose files the commit does have.
 */
export function composeFromBlobs(config: PlannerConfig, sha: string, blobs: (string | null)[], tracked?: string[]): ComposeModel | null {
  const paths = composePaths(config);
  const files = paths.flatMap((path, i) => {
    const content = blobs[i];
    return content !== null && content !== undefined ? [{ path, content }] : [];
  });
  const missing = paths.filter((_, i) => blobs[i] === null || blobs[i] === undefined);
  if (tracked && missing.length > 0) throw new UserError(missingComposeFilesMessage(missing, sha, config.compose, tracked));
  if (files.length === 0) return null;
  try {
    return parseComposeModel(files, config.compose.directory, {}, blobs[paths.length] ?? '');
  } catch (e) {
    throw new UserError(`compose files at ${shortSha(sha)}: ${(e as Error).message}`);
  }
}

/**
 * The model at `sha` from its blobs; when they are the blobs the model `same` was read from (the
 * compose files and `.env` did not change between the commits), that model: parsing is pure, and the
 * planner never modifies its input.
 */
function composeAt(
  config: PlannerConfig,
  sha: string,
  blobs: (string | null)[],
  sameBlobs: (string | null)[],
  same: ComposeModel | null,
): ComposeModel | null {
  const unchanged = blobs.length === sameBlobs.length && blobs.every((b, i) => b === sameBlobs[i]);
  return unchanged ? same : composeFromBlobs(config, sha, blobs);
}

/**
 * Gathers everything the pure planner needs from git (the only I/O of planning). The reads that
 * do not depend on each other run side by side (`configured` may still be loading), and the files come in batches (a round of
 * `catFile` for the compose files of both commits, one for the .dockerignore files; without
 * `catFile`, a git process each).
 */
export async function gatherPlanInput(
  { git, dir }: Repo,
  configured: PlannerConfig | Promise<PlannerConfig>,
  from: { sha: string | null; reason?: string },
  to: string,
  catFile?: CatFile,
): Promise<PlanInput> {
  // the tree and the changes need no config: they start before it is there (computePlan's read ahead)
  const [tracked, changes, { config, toSpecs, blobs }] = await Promise.all([
    listTree(git, to),
    from.sha ? changedFiles(git, from.sha, to) : [],
    Promise.resolve(configured).then(async (config) => {
      const toSpecs = composeSpecs(config, to);
      const fromSpecs = from.sha ? composeSpecs(config, from.sha) : [];
      return { config, toSpecs, blobs: await readBlobs(dir, [...toSpecs, ...fromSpecs], catFile) };
    }),
  ]);
  const ignorePaths = tracked.filter((path) => posix.basename(path).endsWith('.dockerignore'));
  const ignoreTexts =
    ignorePaths.length > 0
      ? await readBlobs(
          dir,
          ignorePaths.map((path) => ({ sha: to, path })),
          catFile,
        )
      : [];
  const dockerignores = Object.fromEntries(ignorePaths.map((path, i) => [path, ignoreTexts[i] ?? '']));
  // the deployed commit must have every compose file (a passenger plan lists none)
  const composeTo = composeFromBlobs(config, to, blobs.slice(0, toSpecs.length), tracked);
  const composeFrom = from.sha ? composeAt(config, from.sha, blobs.slice(toSpecs.length), blobs.slice(0, toSpecs.length), composeTo) : null;
  return {
    from: from.sha,
    to,
    changes,
    config,
    composeFrom,
    composeTo: composeTo ?? EMPTY_MODEL,
    dockerignores,
    trackedFiles: tracked,
    fromUnknownReason: from.reason,
  };
}
