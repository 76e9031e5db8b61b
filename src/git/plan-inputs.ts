import { posix } from 'node:path';
import { missingComposeFilesMessage } from '../compose/missing-files.js';
import { parseComposeModel } from '../compose/model.js';
import { MissingComposeFile } from '../compose/extends.js';
import { composeDotEnvPath } from '../compose/dotenv.js';
import { dockerfilePaths, linkBaseImages } from '../compose/base-images.js';
import { UserError } from '../core/errors.js';
import type { ComposeModel, PlanInput, PlannerConfig } from '../plan/types.js';
import { changedFiles } from './changed-files.js';
import { listTreeWithLinks } from './tree.js';
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
export function composeFromBlobs(
  config: PlannerConfig,
  sha: string,
  blobs: (string | null)[],
  tracked?: string[],
  otherFiles: Record<string, string> = {},
): ComposeModel | null {
  const paths = composePaths(config);
  const files = paths.flatMap((path, i) => {
    const content = blobs[i];
    return content !== null && content !== undefined ? [{ path, content }] : [];
  });
  const missing = paths.filter((_, i) => blobs[i] === null || blobs[i] === undefined);
  if (tracked && missing.length > 0) throw new UserError(missingComposeFilesMessage(missing, sha, config.compose, tracked));
  if (files.length === 0) return null;
  try {
    return parseComposeModel(files, config.compose.directory, otherFiles, blobs[paths.length] ?? '');
  } catch (e) {
    if (e instanceof MissingComposeFile) throw e;
    throw new UserError(`compose files at ${shortSha(sha)}: ${(e as Error).message}`);
  }
}

/** At most this many files read for `extends: {file}` (a chain of them, each read in its own round). */
const MAX_EXTENDS_FILES = 32;

/**
 * composeFromBlobs, with the files named by `extends: {file}` and `include` read at `sha` as the model needs
 * them, and those of `include` (a chain of them takes a round each). One the commit does not have, or outside the
 * repository, is named (UserError).
 */
async function composeWithExtends(
  dir: string,
  config: PlannerConfig,
  sha: string,
  blobs: (string | null)[],
  tracked: string[] | undefined,
  catFile: CatFile | undefined,
): Promise<ComposeModel | null> {
  const otherFiles: Record<string, string> = {};
  for (let round = 0; ; round++) {
    try {
      return composeFromBlobs(config, sha, blobs, tracked, otherFiles);
    } catch (e) {
      if (!(e instanceof MissingComposeFile) || Object.hasOwn(otherFiles, e.path)) throw e;
      const refused = (why: string): UserError =>
        new UserError(`compose files at ${shortSha(sha)}: ${e.message.replace(/, whose content was not provided$/, '')}, ${why}`);
      // git cat-file dies on a path outside the repository: never ask it
      const outside = /^(?:\.\.(?:\/|$)|\/|~)/.test(e.path);
      if (outside && !e.optional) throw refused('which is outside the repository');
      if (round >= MAX_EXTENDS_FILES) throw refused(`one file more than the ${MAX_EXTENDS_FILES} extended files read`);
      const [text] = outside ? [null] : await readBlobs(dir, [{ sha, path: e.path }], catFile);
      if ((text === null || text === undefined) && !e.optional) throw refused('which does not exist there');
      // an absent include `.env` is empty, as compose reads it
      otherFiles[e.path] = text ?? '';
    }
  }
}

/**
 * The model at `sha` from its blobs; when they are the blobs the model `same` was read from (the
 * compose files and `.env` did not change between the commits) and it read no extends file, that
 * model: parsing is pure, and the planner never modifies its input.
 */
function composeAt(
  { dir }: Repo,
  config: PlannerConfig,
  sha: string,
  blobs: (string | null)[],
  sameBlobs: (string | null)[],
  same: ComposeModel | null,
  catFile: CatFile | undefined,
): Promise<ComposeModel | null> {
  // with extends files (read separately) equal blobs do not mean an equal model
  const unchanged = !same?.otherFiles && blobs.length === sameBlobs.length && blobs.every((b, i) => b === sameBlobs[i]);
  return unchanged ? Promise.resolve(same) : composeWithExtends(dir, config, sha, blobs, undefined, catFile);
}

/**
 * Gathers everything the pure planner needs from git (the only I/O of planning). The reads that
 * do not depend on each other run side by side (`configured` may still be loading), and the files come in batches (a round of
 * `catFile` for the compose files of both commits, one for the .dockerignore files, symlinks and
 * Dockerfiles (the built services' base images, compose/base-images.ts); without
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
  const [{ paths: tracked, links, submodules }, changes, { config, toSpecs, blobs }] = await Promise.all([
    listTreeWithLinks(git, to),
    from.sha ? changedFiles(git, from.sha, to) : [],
    Promise.resolve(configured).then(async (config) => {
      const toSpecs = composeSpecs(config, to);
      const fromSpecs = from.sha ? composeSpecs(config, from.sha) : [];
      return { config, toSpecs, blobs: await readBlobs(dir, [...toSpecs, ...fromSpecs], catFile) };
    }),
  ]);
  // the deployed commit must have every compose file (a passenger plan lists none)
  const toBlobs = blobs.slice(0, toSpecs.length);
  const parsedTo = await composeWithExtends(dir, config, to, toBlobs, tracked, catFile);
  const trackedSet = new Set(tracked);
  const ignorePaths = tracked.filter((path) => posix.basename(path).endsWith('.dockerignore'));
  const dockerfiles = parsedTo ? dockerfilePaths(parsedTo).filter((path) => trackedSet.has(path)) : [];
  // the .dockerignore files, the symlinks' targets and the built services' Dockerfiles, in one batch
  const paths = [...ignorePaths, ...links, ...dockerfiles];
  const texts =
    paths.length > 0
      ? await readBlobs(
          dir,
          paths.map((path) => ({ sha: to, path })),
          catFile,
        )
      : [];
  const textsOf = (list: string[], offset: number): [string, string][] =>
    list.flatMap((path, i) => (typeof texts[offset + i] === 'string' ? [[path, texts[offset + i]!]] : []));
  const dockerignores = Object.fromEntries(ignorePaths.map((path, i) => [path, texts[i] ?? '']));
  const symlinks = Object.fromEntries(textsOf(links, ignorePaths.length).filter(([, target]) => target !== ''));
  const composeTo =
    parsedTo &&
    linkBaseImages(parsedTo, Object.fromEntries(textsOf(dockerfiles, ignorePaths.length + links.length)), config.compose.project);
  const composeFrom = from.sha
    ? await composeAt({ git, dir }, config, from.sha, blobs.slice(toSpecs.length), toBlobs, composeTo, catFile)
    : null;
  return {
    from: from.sha,
    to,
    changes,
    config,
    composeFrom,
    composeTo: composeTo ?? EMPTY_MODEL,
    dockerignores,
    symlinks,
    trackedFiles: tracked,
    submodules,
    fromUnknownReason: from.reason,
  };
}
