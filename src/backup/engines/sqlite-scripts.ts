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
 */
export const SQLITE_SNAPSHOT = `${ABSOLUTE_DB}
[ -f "$db" ] || { echo "sqlite database not found: $db" >&2; exit 1; }
${COMMON}
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 -bail "$db" ".timeout 30000" "VACUUM INTO '$t'" >&2 || exit 1
else
  python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[1], timeout=30); d=sqlite3.connect(sys.argv[2]); s.backup(d); d.close(); s.close()" "$db" "$t" >&2 || exit 1
fi
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
