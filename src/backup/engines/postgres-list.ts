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
 * (`pg_restore -l -v` of the backup). An entry's SQL is its lines but comments, blank lines and the
 * session's SET / set_config / \restrict lines. Names are printed unquoted (`-- Name: N; Type: T;
 * Schema: S; Owner: O`, list line `id; class oid T S N O`), and may hold "; Type: " or spaces: an entry's
 * fields are the split of its header that its list line agrees with (by dump id). A TABLE DATA /
 * SEQUENCE SET line (no entry in the schema-only output) is matched to its table or sequence by the
 * dump id of its `;	depends on:` line. Prints the list (entries left out commented with `;`), then
 * `GD_REFUSE <reason>` when the restore must not run.
 */
export const PG_OTHER_OWNERS_AWK = String.raw`function at(s, x, from,   i) { i = index(substr(s, from), x); return i ? from + i - 1 : 0 }
function fields(h, l,   rest, p, q, r, r1, r2) {
  rest = substr(h, 7)
  for (p = at(rest, "; Type: ", 1); p; p = at(rest, "; Type: ", p + 1)) {
    r1 = substr(rest, p + 8)
    for (q = at(r1, "; Schema: ", 1); q; q = at(r1, "; Schema: ", q + 1)) {
      T = substr(r1, 1, q - 1); r2 = substr(r1, q + 10); N = substr(rest, 1, p - 1)
      for (r = at(r2, "; Owner: ", 1); r; r = at(r2, "; Owner: ", r + 1)) {
        S = substr(r2, 1, r - 1); O = substr(r2, r + 9)
        if (l == T " " S " " N " " O) return 1
      }
    }
  }
  return 0
}
function tolerated(t, n) {
  return t ~ /^(ACL|DEFAULT ACL|EXTENSION|PUBLICATION|PUBLICATION TABLE|PUBLICATION TABLES IN SCHEMA)$/ || (t == "COMMENT" && n ~ /^EXTENSION /)
}
function refuse(what) { refused = refused (refused == "" ? "" : ", ") what }
function listed(   id, l, k) {
  id = $1; sub(/;$/, "", id); l = $0; sub(/^[0-9]+; [0-9]+ [0-9]+ /, "", l)
  pending = l ~ /^TABLE DATA / ? "TABLE" : l ~ /^SEQUENCE SET / ? "SEQUENCE" : ""
  if (pending != "" || !(id in keyof) || !fields(k = keyof[id], l)) { print; return }
  typ[id] = T; what[id] = (S == "-" ? "" : S ".") N " (owner " O ")"
  other[id] = !(O in mine) && (("Name: " N "; Type: " T "; Schema: " S) in livebase)
  if (O == "-" || O == "" || (O in mine)) print
  else if ((k in live) && live[k] == bk[k]) print ";" $0
  else { if (other[id] && !tolerated(T, N)) refuse(T " " what[id]); print }
}
function depends(   i) {
  for (i = 4; i <= NF; i++) if (typ[$i] == pending && other[$i]) refuse("the data of " tolower(pending) " " what[$i])
  pending = ""; print
}
FNR == 1 && /^#gd (mine|live|backup|list)$/ { sec = $2; key = ""; next }
sec == "mine" { mine[$0] = 1; next }
sec == "list" { if ($0 ~ /^[0-9]+;/) listed(); else if (pending != "" && $0 ~ /^;[ \t]*depends on:/) depends(); else print; next }
/^-- TOC entry [0-9]+ / { id = $4; key = ""; next }
/^-- Name: .*; Type: .*; Schema: .*; Owner: / {
  key = substr($0, 4)
  if (sec == "live") { live[key] = live[key]; for (r = at(key, "; Owner: ", 1); r; r = at(key, "; Owner: ", r + 1)) livebase[substr(key, 1, r - 1)] = 1 }
  else { keyof[id] = key; bk[key] = bk[key] }
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
 * `run` runs a database tool (with the password in its environment), `plain` anything else, in
 * the same place without it (writing the list).
 */
export function pgOwnedListCommand(
  conn: readonly string[],
  database: string,
  dump: string,
  run: RunWhere,
  list: string,
  plain: RunWhere,
): string {
  const psql = run(['psql', '-X', '-qAt', '-w', ...conn, '-d', database, '-c', MY_ROLES]);
  const live = run(['pg_dump', '-s', '-v', '-w', ...conn, '-d', database]);
  const fail = (why: string) => `{ [ -s "$gd_d/e" ] && tail -n 20 "$gd_d/e" >&2; rm -rf "$gd_d"; gd_fail ${shellQuote(why)}; }`;
  return `gd_d=$(mktemp -d) || gd_fail 'cannot make a temporary directory'
{ echo '#gd mine'; ${psql} </dev/null; } > "$gd_d/m" 2>>"$gd_d/e" && { echo '#gd live'; if ${live} </dev/null > "$gd_d/s" 2>"$gd_d/v"; then cat "$gd_d/s"; fi; } > "$gd_d/l" \\
  && { echo '#gd backup'; ${dump} | ${run(['pg_restore', '-s', '-v', '-f', '-'])}; } > "$gd_d/b" 2>"$gd_d/v" \\
  && { echo '#gd list'; ${dump} | ${run(['pg_restore', '-l', '-v'])}; } > "$gd_d/t" 2>>"$gd_d/e" \\
  || ${fail('cannot compare the backup with the live database (psql, pg_dump -s or pg_restore failed): nothing was changed')}
LC_ALL=C awk ${shellQuote(PG_OTHER_OWNERS_AWK)} "$gd_d/m" "$gd_d/l" "$gd_d/b" "$gd_d/t" > "$gd_d/o" || ${fail('cannot compare the backup with the live database (awk failed): nothing was changed')}
gd_why=$(sed -n 's/^GD_REFUSE //p' "$gd_d/o")
[ -z "$gd_why" ] || { rm -rf "$gd_d"; gd_fail "$gd_why"; }
grep -v '^GD_' "$gd_d/o" | ${plain(['sh', '-c', 'cat > "$1"', 'sh', list])} || ${fail('cannot write the restore list: nothing was changed')}
rm -rf "$gd_d"`;
}
