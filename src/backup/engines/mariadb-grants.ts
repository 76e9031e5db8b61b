/**
 * Which SHOW GRANTS lines show the backup user every routine of the database: MariaDB's own
 * information_schema lists the user's own grants only, SHOW GRANTS adds its default role's (and the
 * roles granted to that role). A grant on a database pattern (`app\_%`.*: `_` one character, `%` any,
 * `\` escapes) counts when the pattern matches the database's name, as MariaDB matches it: byte by byte
 * (`_` is one byte of a multibyte character: awk runs in the C locale), ignoring case when the server
 * folds names (lower_case_table_names 1 or 2: it stores the patterns in lower case).
 */
import { shellQuote } from '../../transport/quote.js';

/**
 * awk over `mysql -N -B` output (`-v db=` the database's name, `-v lc=` it in lower case): first line
 * the information_schema count and lower_case_table_names (when not 0, `lc` is matched), then SHOW
 * GRANTS lines (batch-escaped: `\\` is one backslash). Adds one per grantee whose
 * database grant that applies to `db` has a routine privilege (EXECUTE, ALTER / CREATE / SHOW CREATE
 * ROUTINE, ALL PRIVILEGES), and one per global grant with a routine privilege or SELECT. For one
 * grantee MariaDB takes the first matching database grant in its order (the name without wildcards
 * first, then the later its first wildcard, the sooner; get_sort): only that one counts, and of two
 * that MariaDB ranks alike, both must hold the privilege. Prints the sum; nothing when the first line
 * is not a count (the check could not run).
 */
export const MYSQL_ROUTINE_GRANTS_AWK = String.raw`function unbatch(s,   out, c) {
  out = ""
  while (s != "") {
    c = substr(s, 1, 1)
    if (c == "\\" && length(s) > 1) { s = substr(s, 2); c = substr(s, 1, 1); if (c == "t") c = "\t"; else if (c == "n") c = "\n" }
    out = out c; s = substr(s, 2)
  }
  return out
}
function like(s, p,   c, i) {
  if (p == "") return s == ""
  c = substr(p, 1, 1)
  if (c == "%") { for (i = 0; i <= length(s); i++) if (like(substr(s, i + 1), substr(p, 2))) return 1; return 0 }
  if (s == "") return 0
  if (c == "\\" && length(p) > 1) { p = substr(p, 2); c = substr(p, 1, 1) } else if (c == "_") c = substr(s, 1, 1)
  return c == substr(s, 1, 1) && like(substr(s, 2), substr(p, 2))
}
function rank(p,   i, c, pos) {
  pos = 0
  for (i = 1; i <= length(p); i++) {
    c = substr(p, i, 1)
    if (c == "\\" && i < length(p)) i++
    else if (c == "%" || c == "_") { pos = i; if (c == "%") break }
  }
  return pos == 0 ? 128 : pos < 127 ? pos : 127
}
function routine(privs) { return (", " privs ", ") ~ /, (EXECUTE|ALTER ROUTINE|CREATE ROUTINE|SHOW CREATE ROUTINE|ALL PRIVILEGES), / }
function dbgrant(   privs, p, rest, g, r, has) {
  privs = substr($0, 7, RSTART - 7); p = substr($0, RSTART + 5, RLENGTH - 12); rest = substr($0, RSTART + RLENGTH)
  gsub(Q Q, Q, p)
  if (fold) p = tolower(p)
  if (!like(db, p) || !match(rest, "^" NAME "(@" NAME ")?")) return
  g = substr(rest, 1, RLENGTH); r = rank(p); has = routine(privs)
  if (!(g in best) || r > best[g]) { best[g] = r; ok[g] = has } else if (r == best[g]) ok[g] = ok[g] && has
}
BEGIN { Q = "\140"; NAME = Q "([^" Q "]|" Q Q ")*" Q }
NR == 1 { if ($0 !~ /^[0-9]+(\t[0-9]+)?$/) { ran = 0; exit } ran = 1; n = $1 + 0; fold = $2 + 0; if (fold) db = lc; next }
{ $0 = unbatch($0) }
/^GRANT / && index($0, " ON *.* TO ") { privs = substr($0, 7, index($0, " ON *.* TO ") - 7); if (routine(privs) || (", " privs ", ") ~ /, SELECT, /) n++; next }
/^GRANT / && match($0, " ON " NAME "\\.\\* TO ") { dbgrant() }
END { if (!ran) exit; for (g in ok) if (ok[g]) n++; print n }`;

/** An awk `-v` assignment of `value` (awk undoes backslash escapes there). */
const awkVar = (name: string, value: string) => `-v ${name}=${shellQuote(value.replace(/\\/g, '\\\\'))}`;

/** Shell text: MYSQL_ROUTINE_GRANTS_AWK for `database` (stdin to stdout), in the C locale (bytes, as MariaDB). */
export function mysqlRoutineGrantsFilter(database: string): string {
  return `LC_ALL=C awk ${awkVar('db', database)} ${awkVar('lc', database.toLowerCase())} ${shellQuote(MYSQL_ROUTINE_GRANTS_AWK)}`;
}
