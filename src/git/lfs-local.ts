/**
 * Where a repository keeps what Git LFS needs outside its commits: the local object store (git-lfs's
 * `lfs.storage`, else <git common dir>/lfs) and the attribute files that may track LFS patterns
 * without any committed .gitattributes (<git common dir>/info/attributes, core.attributesFile).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { runGit } from './run.js';

/** The repository's common git directory (a linked worktree shares it), absolute. */
async function commonDir(dir: string): Promise<string> {
  const common = (await runGit(dir, ['rev-parse', '--git-common-dir'])).toString('utf8').trim();
  return resolve(dir, common);
}

/** A git config value (`--path`: ~ expanded), or '' when it is not set. */
const configPath = (dir: string, key: string): Promise<string> =>
  runGit(dir, ['config', '--path', '--get', key]).then(
    (b) => b.toString('utf8').trim(),
    () => '',
  );

/**
 * The local LFS store of the repository at `dir`: <lfs.storage>/objects when git-lfs's `lfs.storage`
 * is set (a relative one is inside the git directory, as git-lfs reads it), else
 * <git common dir>/lfs/objects.
 */
export async function lfsStore(dir: string): Promise<string> {
  const common = await commonDir(dir);
  const storage = await configPath(dir, 'lfs.storage');
  return join(storage ? resolve(common, storage) : join(common, 'lfs'), 'objects');
}

/** The text of the attribute files outside the commits (missing ones skipped): git applies them to `git add` as it does .gitattributes. */
export async function localAttributeTexts(dir: string): Promise<string[]> {
  const global =
    (await configPath(dir, 'core.attributesFile')) || join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'git', 'attributes');
  const files = [join(await commonDir(dir), 'info', 'attributes'), global];
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
  return texts.filter(Boolean);
}
