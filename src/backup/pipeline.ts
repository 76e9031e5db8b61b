/**
 * The remote backup script (POSIX sh, dash-safe): stream the dump through gzip into a hidden temp
 * file, catch the dump's own exit status (dash has no pipefail) through a status file, verify,
 * hash, rename into place and write the sidecar. One round trip; prints `GD_RESULT <size> <sha256>`
 * on success, `GD_FAIL <reason>` (stdout) + the tool's stderr tail (stderr) on failure, and then
 * leaves nothing behind in the backups dir.
 */
import { shellQuote } from '../transport/quote.js';

export interface BackupScriptParts {
  /** absolute backups directory */
  dir: string;
  /** final file name inside dir */
  name: string;
  /** sh lines exporting the password variable (may call gd_fail) */
  prologue: string;
  /** shell text of the dump command (writes the dump to stdout) */
  dump: string;
  /** sh lines verifying "$T" (may call gd_fail) */
  verify: string;
  /** printf format of the sidecar: %s sha256, %s size */
  sidecarFormat: string;
}

/** Defines $T (temp base name, in the cwd = backups dir), gd_clean and gd_fail. */
export function scriptPrelude(dir: string, name: string): string {
  return `set -u
umask 077
N=${shellQuote(name)}
T=.tmp-$N
mkdir -p ${shellQuote(dir)} && cd ${shellQuote(dir)} || { echo "GD_FAIL cannot create the backups directory"; exit 3; }
gd_clean() { rm -f -- "$T" "$T.status" "$T.err" "$T.out" "$T.json"; }
gd_fail() {
  printf 'GD_FAIL %s\\n' "$1"
  if [ -s "$T.err" ]; then tail -n 20 "$T.err" >&2; fi
  gd_clean
  exit 3
}
trap 'gd_clean; exit 130' INT TERM HUP
: > "$T.err" || gd_fail "cannot write in the backups directory"`;
}

function dumpStep(dump: string): string {
  return `{ ${dump} </dev/null 2>>"$T.err"; echo $? > "$T.status"; } | gzip -c > "$T"
gd_gz=$?
gd_rc=$(cat "$T.status" 2>/dev/null) || gd_rc=unknown
[ "$gd_rc" = 0 ] || gd_fail "dump exited with status $gd_rc"
[ "$gd_gz" = 0 ] || gd_fail "gzip exited with status $gd_gz"
gzip -t "$T" 2>>"$T.err" || gd_fail "the compressed dump is corrupt"
gd_n=$(gzip -dc "$T" 2>/dev/null | head -c 1 | wc -c)
[ $gd_n -gt 0 ] || gd_fail "the dump is empty"`;
}

function finishStep(sidecarFormat: string): string {
  return `gd_size=$(wc -c < "$T") || gd_fail "cannot stat the dump"
gd_size=$((gd_size + 0))
gd_sum=$(sha256sum "$T" | cut -d ' ' -f 1)
[ \${#gd_sum} -eq 64 ] || gd_fail "sha256sum failed"
mv -f -- "$T" "$N" || gd_fail "cannot rename the dump into place"
if ! { printf ${shellQuote(sidecarFormat)} "$gd_sum" "$gd_size" > "$T.json" && mv -f -- "$T.json" "$N.json"; }; then
  rm -f -- "$N"
  gd_fail "cannot write the sidecar"
fi
rm -f -- "$T.status" "$T.err" "$T.out"
printf 'GD_RESULT %s %s\\n' "$gd_size" "$gd_sum"`;
}

export function buildBackupScript(p: BackupScriptParts): string {
  return [scriptPrelude(p.dir, p.name), p.prologue, dumpStep(p.dump), p.verify, finishStep(p.sidecarFormat)]
    .filter((s) => s !== '')
    .join('\n');
}
