/**
 * The release's images read and tagged `release-<sha12>` in one round trip, run as soon as the last
 * `up` has put the final containers in place (side by side with the health wait). Pure script text
 * and its parsing; the images are parsed as projectContainers does.
 */
import { parseInspect, projectInspectScript } from './project-containers.js';
import { shellJoin } from '../transport/quote.js';
import { sideBySideScript } from '../transport/side-by-side.js';

const TAG_FAILED = '@tag-failed';

/** A service to tag, and the `repo:release-<sha12>` its image gets. */
export interface ReleaseTagTarget {
  service: string;
  tag: string;
}

/**
 * Lists and inspects the project's containers (projectInspectScript, printed), then tags the image
 * id of each target service's first container (the one currentImages records) with its tag, side by
 * side. A failed tag prints TAG_FAILED (its stderr passes through); a failed listing exits 1.
 */
export function readAndTagScript(project: string, targets: readonly ReleaseTagTarget[]): string {
  const tags = targets.map((t) => shellJoin(['gd_tag', t.service, t.tag]));
  return [
    `gd_c=$(${projectInspectScript(project)}) || exit 1`,
    'printf \'%s\\n\' "$gd_c"',
    'gd_tag() {',
    `  gd_id=$(printf '%s\\n' "$gd_c" | awk -v s="$1" '$1 == "ps" && $3 == s { print $2; exit }')`,
    `  gd_img=$(printf '%s\\n' "$gd_c" | awk -v c="$gd_id" '$1 == "inspect" && $2 == c { print $4; exit }')`,
    '  [ -z "$gd_img" ] || docker tag "$gd_img" "$2"',
    '}',
    ...(tags.length > 0 ? [`( ${sideBySideScript(tags)} ) >/dev/null || echo ${TAG_FAILED}`] : []),
    'exit 0',
  ].join('\n');
}

export interface ReadAndTagOutput {
  containers: ReturnType<typeof parseInspect>;
  tagFailed: boolean;
}

export function parseReadAndTag(stdout: string): ReadAndTagOutput {
  const lines = stdout.split('\n');
  return { containers: parseInspect(lines.filter((l) => l !== TAG_FAILED).join('\n')), tagFailed: lines.includes(TAG_FAILED) };
}
