/**
 * Whether a release upload can send only what changed since the previous release (pure): the
 * decision table of the diff upload (sync/diff-upload.ts), on what git said about the two commits.
 */
import { shortSha, thousands } from '../core/text.js';
import { attributeFiles } from '../git/diff-names.js';

/** Above either bound the full upload (one rsync of the whole tree) costs about the same. */
export const MAX_DIFF_PATHS = 5000;
export const MAX_DIFF_SHARE = 0.2;
/** exportTree writes it into every tree: it changes with every commit. */
export const REVISION_FILE = 'REVISION';

export interface DiffFacts {
  /** the release to start from (its directory is hard-linked), if any */
  previous?: string;
  sha: string;
  /** `git diff --name-only` previous..sha; null when git could not diff them */
  changed: string[] | null;
  /** tracked paths of `sha`; null when git could not list them */
  tree: string[] | null;
  /** a .gitattributes sets export-ignore / export-subst: the archive is not the tracked files */
  rewrites: boolean;
}

export type UploadChoice =
  { mode: 'diff'; previous: string; paths: string[]; changed: number; total: number } | { mode: 'full'; why: string };

/**
 * git's output is read as UTF-8: a name whose bytes are not UTF-8 (a Latin-1 `caf\xe9.txt`) comes
 * out with U+FFFD in it, a name neither the export nor the host has. The diff upload would neither
 * send nor remove it (the release kept the previous content); rsync (the full upload) sends bytes.
 */
const undecodable = (path: string): boolean => path.includes('\uFFFD');

export function chooseUpload(f: DiffFacts): UploadChoice {
  const full = (why: string): UploadChoice => ({ mode: 'full', why });
  if (!f.previous) return full('no previous release to start from');
  if (f.previous === f.sha) return full('the same commit as the previous release');
  if (f.changed === null || f.tree === null)
    return full(`git cannot diff ${shortSha(f.previous)}..${shortSha(f.sha)} here (a shallow clone?)`);
  if (f.rewrites) return full('a .gitattributes sets export-ignore or export-subst');
  // git archive converts files after their attributes (eol, ident, filters): a changed .gitattributes
  // may change what unchanged blobs become, which the changed paths alone would not send
  if (attributeFiles(f.changed).length > 0) return full('a .gitattributes changed: it may convert files git diff does not list');
  if (f.changed.some(undecodable)) return full('a changed path is not valid UTF-8');
  const total = f.tree.length + 1;
  const changed = f.changed.length;
  if (changed > MAX_DIFF_PATHS || changed > MAX_DIFF_SHARE * total)
    return full(`${plural(changed)} of ${thousands(total)} changed: a full upload costs as much`);
  const paths = [...new Set([...f.changed, REVISION_FILE])];
  return { mode: 'diff', previous: f.previous, paths, changed, total };
}

const plural = (n: number): string => `${thousands(n)} path${n === 1 ? '' : 's'}`;

/** The log line of an upload: `upload: 1 changed path of 10,001 (diff from 0123456789ab)` / `upload: full (why)`. */
export function describeUpload(choice: UploadChoice): string {
  return choice.mode === 'diff'
    ? `upload: ${thousands(choice.changed)} changed path${choice.changed === 1 ? '' : 's'} of ${thousands(choice.total)} (diff from ${shortSha(choice.previous)})`
    : `upload: full (${choice.why})`;
}
