/**
 * Small POSIX sh programs for SQLite, run with `sh -c SCRIPT NAME ARGS...` where the database lives
 * (host or container). They need the sqlite3 CLI, or python3 when the image has no CLI. Temp files
 * are created with mktemp in the given directory (the backups dir on the host, /tmp in a container)
 * and removed on exit. Their names are [A-Za-z0-9.-] only, so they need no quoting inside SQL or
 * dot-commands.
 */

const COMMON = `cd "\${2:-/tmp}" || exit 1
t=$(mktemp .gd-sqlite.XXXXXX) || exit 1
trap 'rm -f "$t" "$t-journal" "$t-wal" "$t-shm"' EXIT
trap 'exit 1' INT TERM HUP`;

const ABSOLUTE_DB = `db=$1
case $db in /*) ;; *) db=$PWD/$db ;; esac`;

/**
 * $1 database file, $2 scratch dir → consistent snapshot on stdout. VACUUM INTO (sqlite >= 3.27)
 * copies inside ONE read transaction, so a database being written still yields a consistent copy
 * (the CLI's .backup copies 100 pages per step and restarts whenever another process writes).
 *
 * A WAL database with no -wal file (no connection open, everything checkpointed) is read with
 * `immutable=1`: a plain open creates -wal and -shm owned by the login with the database's mode,
 * and a login that cannot write the database (an app user's 0644 file, the login in its group)
 * cannot checkpoint them away on close: the app then failed every write with "attempt to write a
 * readonly database". The main file alone is then the whole database; a checkpoint by an app that
 * opened it meanwhile changes its stamp and the copy is taken again (at most 3 times, then a plain
 * open: the -wal is there by then, so nothing is created).
 */
export const SQLITE_SNAPSHOT = `${ABSOLUTE_DB}
[ -f "$db" ] || { echo "sqlite database not found: $db" >&2; exit 1; }
${COMMON}
snap() {
  : > "$t" || return 1
  if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 -bail "$1" ".timeout 30000" "VACUUM INTO '$t'" >&2
  else
    python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[1], timeout=30, uri=True); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()" "$1" "$t" >&2
  fi
}
stamp() { stat -c '%i %s %y' "$db" 2>/dev/null; }
idle_wal() {
  [ ! -e "$db-wal" ] && [ "$(od -An -tu1 -j18 -N1 "$db" 2>/dev/null | tr -d ' ')" = 2 ] && [ -n "$(stamp)" ]
}
uri=file:$(printf %s "$db" | sed 's/%/%25/g; s/?/%3f/g; s/#/%23/g')?immutable=1
n=0 done=
while [ $n -lt 3 ] && idle_wal; do
  n=$((n + 1)) s=$(stamp)
  if snap "$uri" && [ "$(stamp)" = "$s" ]; then done=1; break; fi
done
[ -n "$done" ] || snap "$db" || exit 1
cat "$t"`;

/** stdin: a database file; $2 scratch dir → prints PRAGMA integrity_check ("ok" when sound). */
export const SQLITE_CHECK = `${COMMON}
cat > "$t" || exit 1
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 -bail "$t" "PRAGMA integrity_check"
else
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$t"
fi`;

/**
 * A database file that is not there is created first (private: umask 077), then given its
 * directory's owner and group (as root) and mode without execute bits: the app that owns the data
 * directory can write it, as it could the file that was lost (the login's umask and user could not).
 * An existing file keeps its own (the backup API writes into it). $new is set when it was created.
 */
const CREATE_LIKE_DIR = `new=
if [ ! -e "$db" ]; then
  (umask 077 && : > "$db") || exit 1
  new=1
  d=$(dirname "$db")
  m=$(stat -c %a "$d") && chmod "$(printf %o $((0$m & 0666)))" "$db"
  [ "$(id -u)" != 0 ] || { o=$(stat -c %u:%g "$d") && chown "$o" "$db"; }
fi`;

/**
 * stdin: a database file; $1 database to overwrite (online backup API: one write transaction, so
 * the -wal of the live file is dealt with by SQLite; created when missing, removed again when the
 * restore fails).
 */
export const SQLITE_RESTORE = `${ABSOLUTE_DB}
${COMMON}
cat > "$t" || exit 1
${CREATE_LIKE_DIR}
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 -bail "$db" ".timeout 30000" ".restore $t"
else
  python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[2]); d=sqlite3.connect(sys.argv[1], timeout=30); s.backup(d); d.close(); s.close()" "$db" "$t"
fi || { [ -z "$new" ] || rm -f "$db"; exit 1; }`;
