/**
 * Script builders of `doctor`'s host checks (pure). Each script changes nothing on the host and
 * prints one verdict line (first word ok / fail / missing, then the details); the parsers and the
 * fixes live in commands/doctor-checks.ts.
 */
import { shellQuote as q } from '../transport/quote.js';

/** `d=<nearest existing ancestor of path>` (the deploy path may not exist before the first deploy). */
const nearestExisting = (path: string): string => `d=${q(path)}\nwhile [ ! -e "$d" ]; do d=$(dirname -- "$d"); done`;

/** Whether the docker daemon answers this user: `ok <server version>`, `missing`, or `fail <last error line>`. */
export function dockerAccessScript(): string {
  return [
    'if ! command -v docker >/dev/null 2>&1; then echo missing; exit 0; fi',
    "if out=$(docker info --format '{{.ServerVersion}}' 2>&1 </dev/null); then printf 'ok %s\\n' \"$out\"",
    "else printf 'fail %s\\n' \"$(printf '%s\\n' \"$out\" | grep -v '^$' | tail -n 1)\"; fi",
  ].join('\n');
}

/** Whether this engine manages a swarm (a stack deploys only there): `ok`, or `fail <its LocalNodeState>`. */
export function swarmManagerScript(): string {
  return [
    "out=$(docker info --format '{{.Swarm.ControlAvailable}} {{.Swarm.LocalNodeState}}' 2>&1 </dev/null)",
    `case "$out" in 'true '*) echo ok ;; *) printf 'fail %s\\n' "\${out#false }" ;; esac`,
  ].join('\n');
}

/**
 * Whether the user can write the deploy path: `ok exists` (a temporary file was created and removed),
 * `ok missing <ancestor>` (the first deploy can create it there), or `fail <ls -ld of the blocker>`.
 */
export function writeAccessScript(path: string): string {
  return [
    nearestExisting(path),
    `if [ "$d" = ${q(path)} ]; then`,
    '  t="$d/.gitops-doctor.$$"',
    `  if [ -d "$d" ] && : > "$t" 2>/dev/null; then rm -f -- "$t"; echo 'ok exists'; else printf 'fail %s\\n' "$(ls -ld -- "$d")"; fi`,
    `elif [ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ]; then printf 'ok missing %s\\n' "$d"`,
    `else printf 'fail %s\\n' "$(ls -ld -- "$d")"; fi`,
  ].join('\n');
}

/** A place whose file system `doctor` checks: the deploy path, its backups directory, the docker root. */
export type DiskPlace = 'deploy' | 'backups' | 'docker';

/**
 * One line per place, `ok <KiB available> <file system id> <place> <path>`, for its nearest existing
 * ancestor (a symlinked backups directory is followed to its file system); with `dockerRoot`, also
 * for the engine's DockerRootDir (images and volumes), when the engine answers.
 */
export function freeDiskScript(places: readonly (readonly [DiskPlace, string])[], dockerRoot: boolean): string {
  return [
    'gd_df() {',
    '  d=$2; while [ ! -e "$d" ]; do d=$(dirname -- "$d"); done',
    `  k=$(df -Pk -- "$d" | awk 'NR == 2 { print $4 }')`,
    '  i=$(stat -f -c %i -- "$d" 2>/dev/null) || i="?$1"',
    `  [ -z "$k" ] || printf 'ok %s %s %s %s\\n' "$k" "\${i:-?$1}" "$1" "$2"`,
    '}',
    ...places.map(([place, path]) => `gd_df ${place} ${q(path)}`),
    ...(dockerRoot ? [`r=$(docker info --format '{{.DockerRootDir}}' 2>/dev/null </dev/null) && [ -n "$r" ] && gd_df docker "$r"`] : []),
    'true',
  ].join('\n');
}

/** `ok <rsync --version's first line>` or `missing` (with the PATH the session has). */
export function rsyncCheckScript(): string {
  return [
    'if command -v rsync >/dev/null 2>&1; then printf \'ok %s\\n\' "$(rsync --version | head -n 1)"',
    'else printf \'missing %s\\n\' "$PATH"; fi',
  ].join('\n');
}

/** Each file: one line `ok <path>` when one of its candidate places holds it, else `missing <first candidate>`. */
export function sharedFilesScript(files: readonly (readonly string[])[]): string {
  return files
    .map((places) => {
      const test = places.map((p) => `[ -e ${q(p)} ]`).join(' || ');
      return `if ${test}; then printf 'ok %s\\n' ${q(places[0]!)}; else printf 'missing %s\\n' ${q(places[0]!)}; fi`;
    })
    .join('\n');
}

/** Whether Passenger can be restarted by a touch: `ok` (restart.txt or its directory writable), `ok absent`, `fail <ls>`. */
export function restartFileCheckScript(restartFile: string): string {
  return [
    `f=${q(restartFile)}`,
    'd=$(dirname -- "$f")',
    `if [ -e "$f" ]; then if [ -w "$f" ]; then echo ok; else printf 'fail %s\\n' "$(ls -l -- "$f")"; fi`,
    `elif [ -d "$d" ]; then if [ -w "$d" ]; then echo ok; else printf 'fail %s\\n' "$(ls -ld -- "$d")"; fi`,
    'else echo ok absent; fi',
  ].join('\n');
}

/** `ok <user> <process>` per Apache/Passenger process owner, or `missing` when none is visible. */
export function apacheUserScript(): string {
  return [
    'out=$(ps -eo user=,comm= 2>/dev/null | awk \'$2 ~ /^(apache2|httpd|Passenger)/ { print "ok " $1 " " $2 }\' | sort -u)',
    'if [ -n "$out" ]; then printf \'%s\\n\' "$out"; else echo missing; fi',
  ].join('\n');
}
