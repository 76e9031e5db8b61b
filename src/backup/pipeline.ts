/**
 * The remote backup script (POSIX sh, dash-safe): stream the dump through gzip into a hidden temp
 * file; the engine's check reads the plain dump on its way into gzip (no decompression), sha256sum
 * the compressed stream as it is written (no second read of the file), and the file's two ends are
 * read back (it decompresses, its gzip trailer gives the dump's length).
 * Each stage's own exit status is caught through status files (dash has no pipefail). Then rename
 * into place, never over an existing backup (the first free one of its names), and write the
 * sidecar. One round trip; prints `GD_RESULT <size> <sha256> <name>` on success, `GD_FAIL <reason>`
 * (stdout) + the tool's stderr tail (stderr) on failure, and then leaves nothing behind in the
 * backups dir.
 */
import { shellQuote } from '../transport/quote.js';
import type { EngineVerify } from './engines/types.js';

export interface BackupScriptParts {
  /** absolute backups directory */
  dir: string;
  /** final file name inside dir */
  name: string;
  /** names taken instead, in order, when a backup named `name` exists (see freeNameStep) */
  spare?: readonly string[];
  /** sh lines reading the password into GD_PW, not exported (may call gd_fail) */
  prologue: string;
  /** shell text of the dump command (writes the dump to stdout) */
  dump: string;
  /** the engine's check of the decompressed dump (see EngineVerify) */
  verify: EngineVerify;
  /** shell text printing 0 when the dump may lack what the user cannot see, and the reason then (see EngineBlindSpot) */
  blindSpot?: { command: string; failed: string };
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
gd_clean() { rm -f -- "$T" "$T.status" "$T.gz" "$T.tee" "$T.sum" "$T.raw" "$T.len" "$T.rd" "$T.err" "$T.out" "$T.json"; }
gd_fail() {
  printf 'GD_FAIL %s\\n' "$1"
  if [ -s "$T.err" ]; then tail -n 20 "$T.err" >&2; fi
  gd_clean
  exit 3
}
trap 'gd_clean; exit 130' INT TERM HUP
: > "$T.err" || gd_fail "cannot write in the backups directory"`;
}

/** `cat` of a status file written by a pipeline stage ("unknown" when the stage never wrote it). */
const status = (file: string): string => `$(cat "$T.${file}" 2>/dev/null || echo unknown)`;

/**
 * Exit 126/127: the dump command was not run at all (not installed where the database is: a
 * postgres engine on a mariadb container). `docker exec` prints its reason on stdout, so it went into
 * the dump: shown as the tool's output (no data was dumped), with what to check.
 */
const notRunStep = `case $gd_rc in 126|127)
  [ -s "$T.err" ] || gzip -dc "$T" 2>/dev/null | head -c 2000 | head -n 5 > "$T.err"
  gd_fail "dump exited with status $gd_rc: the dump command could not be run where the database is (not installed there? check backup.engine and backup.service)" ;;
esac`;

/**
 * dump | tee | gzip | tee | sha256sum. The first tee hands the plain dump to the verifier (/dev/fd/5)
 * and to \`wc -c\` (/dev/fd/6) as it passes to gzip, so nothing is decompressed again: the engine's
 * reader sees the very bytes gzip compressed. The second tee writes the compressed stream to the
 * temp file and to sha256sum (the hash is of the file's bytes). Every reader drains what it leaves
 * unread, so no stage dies of SIGPIPE and each status file tells its own story.
 */
function dumpStep(dump: string, v: EngineVerify): string {
  return `{ { { ${dump} </dev/null 2>>"$T.err"; echo $? > "$T.status"; } \\
  | { tee /dev/fd/5 /dev/fd/6 2>>"$T.err"; echo $? > "$T.raw"; } | { gzip -c; echo $? > "$T.gz"; } \\
  | { tee -- "$T" 2>>"$T.err"; echo $? > "$T.tee"; } | sha256sum > "$T.sum"; } 5>&1 \\
  | ( ${v.reader} > "$T.out" 2>>"$T.err"; gd_c=$?; cat > /dev/null; echo $gd_c > "$T.rd" ); } 6>&1 \\
  | wc -c > "$T.len"
for gd_f in status gz raw tee len; do
  [ -s "$T.$gd_f" ] || gd_fail "cannot write in the backups directory (disk full?): the dump's stages could not record their exit status"
done
gd_rc=${status('status')}
${notRunStep}
${
  v.dumpFailed
    ? `[ "$gd_rc" = 0 ] || { ${v.dumpFailed}
}
`
    : ''
}[ "$gd_rc" = 0 ] || gd_fail "dump exited with status $gd_rc"
gd_rc=${status('gz')}
[ "$gd_rc" = 0 ] || gd_fail "gzip exited with status $gd_rc"
gd_rc=${status('raw')}
[ "$gd_rc" = 0 ] || gd_fail "cannot hand the dump to its verifier (tee exited with status $gd_rc)"
gd_rc=${status('tee')}
[ "$gd_rc" = 0 ] || gd_fail "cannot write the dump (tee exited with status $gd_rc: disk full?)"`;
}

/**
 * The file on disk, read back at both ends only: its first bytes decompress, and its last 4 bytes
 * (gzip's ISIZE) are the length of the dump gzip was given (mod 2^32): a file cut short or not
 * written by this gzip fails. Its bytes are the ones hashed (sha256, checked again by every restore
 * together with gzip's CRC).
 */
const gzipEndsStep = `gd_len=$(tr -d ' ' < "$T.len")
case $gd_len in ''|*[!0-9]*) gd_fail "cannot count the dump's bytes" ;; esac
[ "$gd_len" -gt 0 ] || gd_fail "the dump is empty"
gd_n=$(gzip -dc "$T" 2>/dev/null | head -c 1 | wc -c)
[ $gd_n -gt 0 ] || gd_fail "the compressed dump is corrupt: its start does not decompress"
gd_isize=$(tail -c 4 "$T" | od -An -tu1 | awk '{ printf "%.0f", $1 + 256 * $2 + 65536 * $3 + 16777216 * $4 }')
[ "$gd_isize" = $((gd_len % 4294967296)) ] || gd_fail "the compressed dump is corrupt: its gzip trailer does not give the dump's length (cut short?)"`;

/** The verifier's results, read after the stream has ended. */
function verifyStep(v: EngineVerify): string {
  return `${gzipEndsStep}
[ "${status('rd')}" = 0 ] || gd_fail ${shellQuote(v.readerFailed)}
${v.check}`;
}

/**
 * Claims the first of `$N` and `spare` that no file has (created with noclobber: O_EXCL, so a
 * backup already there, e.g. one of the same release in the same second, is never overwritten)
 * and makes it `$N`.
 */
export function freeNameStep(spare: readonly string[] = []): string {
  return `gd_free=
for gd_try in "$N"${spare.map((n) => ` ${shellQuote(n)}`).join('')}; do
  if ( set -C; : > "$gd_try" ) 2>/dev/null; then gd_free=$gd_try; break; fi
done
[ -n "$gd_free" ] || gd_fail "cannot claim a name for the backup: $N exists already (not overwritten), or the backups directory is not writable"
N=$gd_free`;
}

function finishStep(sidecarFormat: string, spare?: readonly string[]): string {
  return `gd_size=$(wc -c < "$T") || gd_fail "cannot stat the dump"
gd_size=$((gd_size + 0))
gd_sum=$(cut -d ' ' -f 1 "$T.sum")
[ \${#gd_sum} -eq 64 ] || gd_fail "sha256sum failed"
${freeNameStep(spare)}
mv -f -- "$T" "$N" || { rm -f -- "$N"; gd_fail "cannot rename the dump into place"; }
if ! { printf ${shellQuote(sidecarFormat)} "$gd_sum" "$gd_size" > "$T.json" && mv -f -- "$T.json" "$N.json"; }; then
  rm -f -- "$N"
  gd_fail "cannot write the sidecar"
fi
rm -f -- "$T.status" "$T.gz" "$T.tee" "$T.sum" "$T.raw" "$T.len" "$T.rd" "$T.err" "$T.out"
printf 'GD_RESULT %s %s %s\\n' "$gd_size" "$gd_sum" "$N"`;
}

/**
 * The copy of a backup verified elsewhere (a swarm node): stdin written to the hidden temp file
 * while hashed, accepted only when its sha256 is the verified dump's, then renamed into place with
 * its sidecar like a backup taken here. Prints `GD_RESULT <size> <sha256> <name>` or `GD_FAIL <reason>`.
 */
export function buildReceiveScript(p: {
  dir: string;
  name: string;
  spare?: readonly string[];
  sha256: string;
  sidecarFormat: string;
}): string {
  if (!/^[0-9a-f]{64}$/.test(p.sha256)) throw new Error(`not a sha256: ${p.sha256}`);
  const receive = `{ tee -- "$T" 2>>"$T.err"; echo $? > "$T.tee"; } | sha256sum > "$T.sum"
gd_rc=${status('tee')}
[ "$gd_rc" = 0 ] || gd_fail "cannot write the copy (tee exited with status $gd_rc: disk full?)"
gd_sum=$(cut -d ' ' -f 1 "$T.sum")
[ "$gd_sum" = ${p.sha256} ] || gd_fail "the copy's sha256 $gd_sum differs from the verified dump's ${p.sha256} (cut short?)"`;
  return [scriptPrelude(p.dir, p.name), receive, finishStep(p.sidecarFormat, p.spare)].join('\n');
}

/** Fails when the engine's check says the dump may lack objects the user cannot see (a check that cannot run says nothing). */
function blindSpotStep(b: BackupScriptParts['blindSpot']): string {
  if (!b) return '';
  return `[ "$( { ${b.command}; } </dev/null 2>/dev/null )" != 0 ] || gd_fail ${shellQuote(b.failed)}`;
}

export function buildBackupScript(p: BackupScriptParts): string {
  const dump = dumpStep(p.dump, p.verify);
  return [
    scriptPrelude(p.dir, p.name),
    p.prologue,
    dump,
    blindSpotStep(p.blindSpot),
    verifyStep(p.verify),
    finishStep(p.sidecarFormat, p.spare),
  ]
    .filter((s) => s !== '')
    .join('\n');
}
