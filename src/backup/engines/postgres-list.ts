/**
 * PostgreSQL restore of a backup that holds objects of other roles (an administrator's schema,
 * function, operator class, an event trigger's function): the app user can neither drop nor replace
 * them, so `pg_restore --clean` failed on its DROP ("must be owner of ..."). Before anything runs, the
 * backup's schema is compared with the live database's, entry by entry (the SQL pg_restore and pg_dump
 * print for it): an entry of another role that the live database has as it is in the backup is left
 * out of the restore (a `pg_restore -L` list); one the live database has in another form, or the data
 * of another role's table that is there, refuses the restore, naming them (nothing has run yet).
 * Entries of another role that the live database lacks stay in the restore, as before (the user makes
 * them, owned by itself). Extensions, publications and grants of other roles stay as before too (the
 * prelude and PG_SCRIPT_FILTER deal with them; a grant the user may not give only warns).
 */
import { shellQuote } from '../../transport/quote.js';
import type { RunWhere } from './types.js';

/** The roles the restoring user acts as (itself, and those it is a member of with their rights). */
const MY_ROLES = `SELECT rolname FROM pg_catalog.pg_roles WHERE pg_catalog.pg_has_role(oid, 'USAGE')`;

/**
 * awk over four inputs, each starting with its marker line: `#gd mine` (role names), `#gd live`
 * (`pg_dump -s -v` of the live database), `#gd backup` (`pg_restore -s -v` of the backup), `#gd list`
 * (`pg_restore -l` of the backup). An entry's SQL is its lines but comments, blank lines and the
 * session's SET / set_config / \restrict lines. A TABLE DATA / SEQUENCE SET line of the list (no entry in
 * the schema-only output; `pg_restore -l` prints its names unquoted, spaces and all) is matched to its
 * table's or sequence's entry by the whole `schema name owner` text. Prints the list (entries left out commented with `;`),
 * then `GD_REFUSE <reason>` when the restore must not run.
 */
export const PG_OTHER_OWNERS_AWK = String.raw`function part(k, from, to,   v) { v = k; sub("^.*" from, "", v); sub(to ".*$", "", v); return v }
function owner(k) { return part(k, "; Owner: ", "$") }
function base(k,   v) { v = k; sub(/; Owner: .*$/, "", v); return v }
function tolerated(k,   t) {
  t = kind(k)
  return t ~ /^(ACL|DEFAULT ACL|EXTENSION|PUBLICATION|PUBLICATION TABLE|PUBLICATION TABLES IN SCHEMA)$/ || (t == "COMMENT" && k ~ /^Name: EXTENSION /)
}
function kind(k) { return part(k, "; Type: ", "; Schema: ") }
function schema(k) { return part(k, "; Schema: ", "; Owner: ") }
function name(k) { return part(k, "^Name: ", "; Type: ") }
function describe(k) { return kind(k) " " (schema(k) == "-" ? "" : schema(k) ".") name(k) " (owner " owner(k) ")" }
function data(   t, k, rest) {
  t = $4 == "TABLE" ? "TABLE" : "SEQUENCE"
  rest = $0; sub(/^[0-9]+; [0-9]+ [0-9]+ (TABLE DATA|SEQUENCE SET) /, "", rest)
  if (!((t " " rest) in named)) return
  k = named[t " " rest]
  if (!(owner(k) in mine) && (base(k) in livebase)) refuse("the data of " tolower(t) " " schema(k) "." name(k) " (owner " owner(k) ")")
}
function refuse(what) { refused = refused (refused == "" ? "" : ", ") what }
function listed(   id, k, o) {
  id = $1; sub(/;$/, "", id)
  if (id in keyof) {
    k = keyof[id]; o = owner(k)
    if (o == "-" || o == "" || (o in mine)) { print; return }
    if ((k in live) && live[k] == bk[k]) { print ";" $0; return }
    if ((base(k) in livebase) && !tolerated(k)) refuse(describe(k))
    print; return
  }
  if ($0 ~ /^[0-9]+; [0-9]+ [0-9]+ (TABLE DATA|SEQUENCE SET) /) data()
  print
}
FNR == 1 && /^#gd (mine|live|backup|list)$/ { sec = $2; key = ""; next }
sec == "mine" { mine[$0] = 1; next }
sec == "list" { if ($0 ~ /^[0-9]+;/) listed(); else print; next }
/^-- TOC entry [0-9]+ / { id = $4; key = ""; next }
/^-- Name: .*; Type: .*; Schema: .*; Owner: [^;]*$/ {
  key = substr($0, 4)
  if (sec == "live") { live[key] = live[key]; livebase[base(key)] = 1 } else { keyof[id] = key; bk[key] = bk[key]; named[kind(key) " " schema(key) " " name(key) " " owner(key)] = key }
  next
}
key == "" || /^--/ || /^$/ || /^SET / || /^SELECT pg_catalog\.set_config\(/ || /^\\(un)?restrict / { next }
{ if (sec == "live") live[key] = live[key] $0 "\n"; else bk[key] = bk[key] $0 "\n" }
END {
  if (refused != "") print "GD_REFUSE restore refused: the backup holds objects of other roles that the live database has in another form (the database user can neither drop nor replace them): " refused ". Restore as their owner (or a superuser), or have their owner make them as they are in the backup, then restore again. Nothing was changed."
}`;

/**
 * Shell text (run by the restore script, which defines gd_fail) writing the `pg_restore -L` list of
 * the archive `dump` prints to `list` where the tools run, or failing the restore before anything
 * changed (see PG_OTHER_OWNERS_AWK). `conn`: pgConnectionArgs. Host-side temp files in a fresh `mktemp -d`.
 * A live schema pg_dump cannot read (a table of another role the user may not lock) compares as an
 * empty one: nothing is left out nor refused, the restore runs as it did before this comparison.
 */
export function pgOwnedListCommand(conn: readonly string[], database: string, dump: string, run: RunWhere, list: string): string {
  const psql = run(['psql', '-X', '-qAt', '-w', ...conn, '-d', database, '-c', MY_ROLES]);
  const live = run(['pg_dump', '-s', '-v', '-w', ...conn, '-d', database]);
  const fail = (why: string) => `{ [ -s "$gd_d/e" ] && tail -n 20 "$gd_d/e" >&2; rm -rf "$gd_d"; gd_fail ${shellQuote(why)}; }`;
  return `gd_d=$(mktemp -d) || gd_fail 'cannot make a temporary directory'
{ echo '#gd mine'; ${psql} </dev/null; } > "$gd_d/m" 2>>"$gd_d/e" && { echo '#gd live'; if ${live} </dev/null > "$gd_d/s" 2>"$gd_d/v"; then cat "$gd_d/s"; fi; } > "$gd_d/l" \\
  && { echo '#gd backup'; ${dump} | ${run(['pg_restore', '-s', '-v', '-f', '-'])}; } > "$gd_d/b" 2>"$gd_d/v" \\
  && { echo '#gd list'; ${dump} | ${run(['pg_restore', '-l'])}; } > "$gd_d/t" 2>>"$gd_d/e" \\
  || ${fail('cannot compare the backup with the live database (psql, pg_dump -s or pg_restore failed): nothing was changed')}
awk ${shellQuote(PG_OTHER_OWNERS_AWK)} "$gd_d/m" "$gd_d/l" "$gd_d/b" "$gd_d/t" > "$gd_d/o" || ${fail('cannot compare the backup with the live database (awk failed): nothing was changed')}
gd_why=$(sed -n 's/^GD_REFUSE //p' "$gd_d/o")
[ -z "$gd_why" ] || { rm -rf "$gd_d"; gd_fail "$gd_why"; }
grep -v '^GD_' "$gd_d/o" | ${run(['sh', '-c', 'cat > "$1"', 'sh', list])} || ${fail('cannot write the restore list: nothing was changed')}
rm -rf "$gd_d"`;
}
