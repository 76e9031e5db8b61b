/** Local editable requirements (`-e .`): pip records their directory in the venv (pure). */

const VCS = /^(git|hg|svn|bzr)\+|:\/\//;

/**
 * The local paths of the `-e`/`--editable` lines of a requirements file's text (VCS URLs are not
 * local: pip clones them into the venv's src/). Such a venv points at the directory pip ran in.
 */
export function localEditables(requirements: string): string[] {
  const found: string[] = [];
  for (const raw of requirements.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const m = /^(?:-e|--editable)(?:\s+|=)(\S+)/.exec(line);
    if (m && !VCS.test(m[1]!)) found.push(m[1]!);
  }
  return found;
}
