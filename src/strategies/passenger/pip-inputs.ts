/**
 * What pip reads besides the requirements file (pure): the files it includes (`-r`/`--requirement`,
 * `-c`/`--constraint`) and the local `--find-links` directories (of the file or of `pip_args`). A
 * change to one of them changes what `pip install -r` installs, as a change to the file itself does.
 */
import { posix } from 'node:path';

/** What one requirements file's text names: included files, and local find-links paths. */
export interface RequirementRefs {
  includes: string[];
  findLinks: string[];
}

const OPTION = /^(-r|--requirement|-c|--constraint|-f|--find-links)(?:\s*=\s*|\s+)(\S+)$/;
const SHORT_GLUED = /^(-r|-c|-f)(\S+)$/;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The option and its value of one logical line, if it is one of those pip reads files through. */
function optionOf(line: string): [string, string] | undefined {
  const m = OPTION.exec(line) ?? SHORT_GLUED.exec(line);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** The refs of a requirements file's text (comments and `\` continuations as pip reads them). */
export function requirementRefs(text: string): RequirementRefs {
  const refs: RequirementRefs = { includes: [], findLinks: [] };
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const found = optionOf(raw.replace(/(^|\s)#.*$/, '').trim());
    if (!found || URL.test(found[1])) continue;
    const [option, value] = found;
    const list = /^(-f|--find-links)$/.test(option) ? refs.findLinks : refs.includes;
    list.push(value.replace(/^file:(\/\/)?/, ''));
  }
  return refs;
}

/** The local `--find-links` paths of `pip_args`. */
export function pipArgsFindLinks(args: readonly string[]): string[] {
  const found: string[] = [];
  args.forEach((arg, i) => {
    const value = /^(-f|--find-links)$/.test(arg) ? args[i + 1] : /^--find-links=(.+)$/.exec(arg)?.[1];
    if (value !== undefined && !URL.test(value)) found.push(value);
  });
  return found;
}

/** A path named relative to `dir` (repo-relative), or undefined when it leaves the repository or is absolute. */
export function repoPath(dir: string, name: string): string | undefined {
  if (name.startsWith('/')) return undefined;
  const p = posix.normalize(posix.join(dir, name)).replace(/\/$/, '');
  return p === '..' || p.startsWith('../') ? undefined : p;
}

/** The changed files under `inputs` (files, or directories whose files pip reads). */
export function changedInputs(changed: readonly string[], inputs: readonly string[]): string[] {
  return changed.filter((f) => inputs.some((i) => f === i || f.startsWith(`${i}/`))).sort();
}
