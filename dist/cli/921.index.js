import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 921;
export const ids = [921];
export const modules = {

/***/ 45921:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  REMOTE_COMMANDS: () => (/* binding */ REMOTE_COMMANDS)
});

// EXTERNAL MODULE: ./lib/config/duration.js
var duration = __webpack_require__(26804);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./lib/backup/errors.js
/** A backup that failed or could not be verified: the deploy must stop before touching any service. */
class BackupError extends Error {
    reason;
    stderr;
    constructor(
    /** short reason, e.g. "dump exited with status 2" */
    reason, 
    /** last lines of the tool's stderr (may be empty) */
    stderr = '') {
        super(stderr.trim() ? `backup failed: ${reason}\n${stderr.trim()}` : `backup failed: ${reason}`);
        this.reason = reason;
        this.stderr = stderr;
        this.name = 'BackupError';
    }
}
//# sourceMappingURL=errors.js.map
// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(69716);
;// CONCATENATED MODULE: ./lib/backup/naming.js
/** Backup file names: `<target>-<UTC YYYYMMDDTHHMMSSZ>-<sha12>.<ext>`, sortable and parseable. */



/**
 * mariadb/mysql: gzip'd SQL text; postgres: gzip'd `pg_dump -Fc -Z0` archive (pg_restore input);
 * sqlite: gzip'd database file from the online backup API.
 */
const BACKUP_EXTENSIONS = {
    mariadb: 'sql.gz',
    mysql: 'sql.gz',
    postgres: 'pgdump.gz',
    sqlite: 'sqlite3.gz',
};
const TARGET_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SHA_RE = /^[0-9a-f]{4,}$/i;
const NAME_RE = /^([A-Za-z0-9][A-Za-z0-9._-]*)-(\d{8}T\d{6}Z)-([0-9a-f]{4,12})\.(sql\.gz|pgdump\.gz|sqlite3\.gz)$/;
/** `<deployPath>/backups` (POSIX: the path is on the remote host). */
function backupsDir(deployPath) {
    return external_node_path_.posix.join(deployPath, 'backups');
}
/**
 * Why a backup path read from the host (state.json's `releases[].backup.file`) is not one of the
 * target's backups, undefined when it is (pure): it must name a backup file of this tool directly in
 * `<deployPath>/backups`. A corrupted or hand-edited path (`../`, another directory, a foreign file)
 * would make a restore load it and write its scratch files beside it.
 */
function recordedBackupProblem(file, deployPath) {
    const dir = backupsDir(deployPath);
    const name = external_node_path_.posix.basename(file);
    if (file === external_node_path_.posix.join(dir, name) && parseBackupName(name))
        return undefined;
    return `${JSON.stringify(file)} is not a backup file in ${dir}`;
}
/** UTC `YYYYMMDDTHHMMSSZ`. */
function formatStamp(date) {
    if (Number.isNaN(date.getTime()))
        throw new BackupError('invalid backup time');
    return date
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
}
/** The backup's file name; throws BackupError for a target or sha that cannot go into a file name. */
function backupFileName(target, now, sha, engine) {
    if (!TARGET_RE.test(target))
        throw new BackupError(`target name ${JSON.stringify(target)} cannot name a backup file`);
    if (!SHA_RE.test(sha))
        throw new BackupError(`commit ${JSON.stringify(sha)} is not a hex sha`);
    return `${target}-${formatStamp(now)}-${(0,core_text/* shortSha */.Fu)(sha).toLowerCase()}.${BACKUP_EXTENSIONS[engine]}`;
}
/**
 * Why a backup file cannot be loaded by `engine` (its name ends in another engine's extension, or in
 * none), undefined when it can (pure). A restore checks this before anything runs: the load of a
 * dump of another engine would fail part-way, after the safety backup and its retention.
 */
function engineMismatch(file, engine) {
    const name = external_node_path_.posix.basename(file);
    if (name.endsWith(`.${BACKUP_EXTENSIONS[engine]}`))
        return undefined;
    const other = Object.keys(BACKUP_EXTENSIONS).find((e) => name.endsWith(`.${BACKUP_EXTENSIONS[e]}`));
    const what = other ? `a ${other} backup` : 'not a backup file of this tool';
    return `${name} is ${what}, the target's engine is ${engine} (its backups end in .${BACKUP_EXTENSIONS[engine]})`;
}
/** Parses a backup file name; undefined for anything else (sidecars, temp files, foreign files). */
function parseBackupName(name) {
    const m = NAME_RE.exec(name);
    if (!m)
        return undefined;
    const [, target = '', stamp = '', sha = '', ext = ''] = m;
    const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
    if (!d)
        return undefined;
    const [y, mo, da, h, mi, s] = d.slice(1).map(Number);
    const time = Date.UTC(y, mo - 1, da, h, mi, s);
    if (formatStamp(new Date(time)) !== stamp)
        return undefined;
    return { target, stamp, time, sha, ext };
}
//# sourceMappingURL=naming.js.map
;// CONCATENATED MODULE: ./lib/backup/retention.js
/** Clock skew tolerated between the runner that names backups and this one. */
const FUTURE_SKEW_MS = 5 * 60_000;
//# sourceMappingURL=retention.js.map
;// CONCATENATED MODULE: ./lib/backup/policy.js
/**
 * Retention as a policy (pure), like restic's `forget`: keep the newest `last` backups, plus the
 * newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that have
 * a backup (calendar boundaries in UTC, the time zone of the backup names), plus every backup taken
 * `within` a duration of the newest one. A backup is kept when any rule keeps it, and says which.
 * The newest verified backup is never deleted, nor a protected one (a rollback needs it);
 * future-dated files are kept but not counted, so a skewed clock cannot push real backups out.
 */



const pad = (n) => String(n).padStart(2, '0');
function dayKey(time) {
    const d = new Date(time);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
/** ISO 8601 week, e.g. 2024-W09 (weeks start on Monday; week 1 holds the year's first Thursday). */
function weekKey(time) {
    const d = new Date(time);
    const day = (d.getUTCDay() + 6) % 7; // Monday = 0
    const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
    const year = new Date(thursday).getUTCFullYear();
    const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
    return `${year}-W${pad(week)}`;
}
function monthKey(time) {
    const d = new Date(time);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
function buckets(policy) {
    const n = (v) => Math.max(0, Math.floor(Number.isFinite(v) ? v : 0));
    return [
        { rule: 'last', key: (_t, name) => name, left: n(policy.last) },
        { rule: 'daily', key: dayKey, left: n(policy.daily) },
        { rule: 'weekly', key: weekKey, left: n(policy.weekly) },
        { rule: 'monthly', key: monthKey, left: n(policy.monthly) },
    ];
}
/**
 * This target's verified backups, newest first. Names carry whole seconds, so two backups can share
 * one: then `newest` (the one just taken) comes first, the others by name, descending.
 */
function targetBackups(files, target, newest) {
    const rank = (name) => (name === newest ? 1 : 0);
    return files
        .map((f) => ({ f, parsed: parseBackupName(f.name) }))
        .filter(({ f, parsed }) => f.verified && parsed?.target === target)
        .map(({ f, parsed }) => ({ name: f.name, time: parsed.time }))
        .sort((a, b) => b.time - a.time || rank(b.name) - rank(a.name) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}
/** Reasons the rules give to keep one backup (and counts it against each rule that keeps it). */
function ruleReasons(all, time, name, policy) {
    const reasons = [];
    for (const b of all) {
        if (b.left <= 0)
            continue;
        const key = b.key(time, name);
        if (key === b.lastKey)
            continue;
        b.lastKey = key;
        b.left--;
        const total = policy[b.rule] ?? 0;
        reasons.push(b.rule === 'last' ? `last ${total - b.left}/${total}` : `${b.rule} ${key}`);
    }
    return reasons;
}
/** `within`: kept when taken at most `within` before the newest counted backup (restic's reference point). */
function withinReasons(within, newest, time) {
    return within && within > 0 && time >= newest - within ? [`within ${(0,duration/* formatDuration */.a3)(within)}`] : [];
}
/**
 * Decides which of the target's verified backups to keep. Files of other targets, unverified or
 * unparseable files are not considered (never deleted).
 */
function planPolicy(files, policy, opts) {
    const horizon = opts.now ? opts.now.getTime() + FUTURE_SKEW_MS : Infinity;
    const protect = new Map((opts.protect ?? []).map((p) => [p.name, p.why]));
    const rules = buckets(policy);
    const decisions = [];
    let newest;
    for (const c of targetBackups(files, opts.target, opts.newest)) {
        if (c.time > horizon) {
            decisions.push({ ...c, keep: true, reasons: ['future-dated: kept, not counted'] });
            continue;
        }
        const reasons = [...ruleReasons(rules, c.time, c.name, policy), ...withinReasons(policy.within, newest ?? c.time, c.time)];
        if (newest === undefined && reasons.length === 0)
            reasons.push('newest verified backup');
        newest ??= c.time;
        const why = reasons.length === 0 ? protect.get(c.name) : undefined;
        if (why !== undefined)
            decisions.push({ ...c, keep: true, reasons: [`protected: ${why}`], protectedFor: why });
        else
            decisions.push({ ...c, keep: reasons.length > 0, reasons: reasons.length > 0 ? reasons : ['not selected by any rule'] });
    }
    return {
        kept: decisions.filter((d) => d.keep).map((d) => d.name),
        deleted: decisions.filter((d) => !d.keep).map((d) => d.name),
        decisions,
    };
}
/** `keep: N` is the policy `{last: N}` (at least 1). */
function policyOf(keep) {
    return typeof keep === 'number' ? { last: Math.max(1, Math.floor(Number.isFinite(keep) ? keep : 1)) } : keep;
}
/** One line per rule, e.g. "last 3, daily 7, weekly 4, monthly 6, within 30d". */
function describePolicy(keep) {
    const p = policyOf(keep);
    const parts = ['last', 'daily', 'weekly', 'monthly'].filter((k) => (p[k] ?? 0) > 0).map((k) => `${k} ${p[k]}`);
    if ((p.within ?? 0) > 0)
        parts.push(`within ${(0,duration/* formatDuration */.a3)(p.within)}`);
    return parts.length > 0 ? parts.join(', ') : 'newest only';
}
//# sourceMappingURL=policy.js.map
;// CONCATENATED MODULE: ./lib/backup/retention-table.js
/** The retention decisions as a table for the job summary and the CLI (pure). */

function retentionTable(keep, result) {
    const lines = [`Retention (keep: ${describePolicy(keep)}): ${result.kept.length} kept, ${result.deleted.length} deleted`];
    if (result.error)
        lines.push(`retention FAILED: ${result.error}`);
    const decisions = result.decisions ?? [];
    if (decisions.length === 0)
        return lines;
    lines.push('', '| backup | decision | reasons |', '|---|---|---|');
    for (const d of decisions)
        lines.push(`| ${d.name} | ${d.keep ? 'kept' : 'deleted'} | ${d.reasons.join('; ')} |`);
    lines.push('');
    return lines;
}
//# sourceMappingURL=retention-table.js.map
// EXTERNAL MODULE: ./lib/record/state-model.js
var state_model = __webpack_require__(17028);
;// CONCATENATED MODULE: ./lib/record/release-retention.js
/**
 * The one retention rule of releases (pure), for every strategy and layout: which release
 * directories (or in-place snapshots) and `release-<sha12>` image tags stay, and which pre-deploy
 * backups backup retention must keep because a rollback to a kept release needs them.
 */



/**
 * The releases kept for rollback, newest first: the newest `keep` (at least 1) releases that went
 * live (see wentLive: successful, including one later rolled back from), plus the current release
 * and its predecessor (where `rollback previous` goes). A failed release never counts and is never
 * kept.
 */
function retainedReleases(state, keep) {
    const ids = new Set(state.releases
        .filter(state_model/* wentLive */.FM)
        .slice(0, Math.max(keep, 1))
        .map((r) => r.id));
    const current = (0,state_model/* currentRelease */.BX)(state);
    if (current) {
        ids.add(current.id);
        const before = (0,state_model/* predecessorOf */.Fr)(state, current);
        if (before)
            ids.add(before.id);
    }
    return state.releases.filter((r) => ids.has(r.id));
}
/**
 * Release ids among `existing` (directory names) to delete: every one the state records outside
 * retainedReleases — older successful releases and failed ones — in state order. A directory the
 * state does not record (state.json lost or replaced, a copy made by hand) is never deleted: the tool
 * cannot prove it is its own and unneeded (unrecordedReleases names them).
 */
function releasesToPrune(state, existing, keep) {
    const kept = new Set(retainedReleases(state, keep).map((r) => r.id));
    const order = new Map(state.releases.map((r, i) => [r.id, i]));
    return existing.filter((id) => order.has(id) && !kept.has(id)).sort((a, b) => order.get(a) - order.get(b));
}
/** Release ids among `existing` that the state does not record: kept by every prune. */
function unrecordedReleases(state, existing) {
    const known = new Set(state.releases.map((r) => r.id));
    return existing.filter((id) => !known.has(id));
}
/**
 * The pre-deploy backups a rollback to a retained release may restore, with why: each retained
 * release's own backup (its data before it went live: restore-db when rolling back from it) and,
 * for each retained rollback target, the backup `rollback --restore-db` to it would restore now.
 * Several states (e.g. before and after a rollback) give the union.
 */
function protectedBackups(keep, ...states) {
    const why = new Map();
    const add = (file, reason) => {
        const name = external_node_path_.posix.basename(file);
        why.set(name, (why.get(name) ?? new Set()).add(reason));
    };
    for (const state of states) {
        const current = (0,state_model/* currentRelease */.BX)(state);
        for (const r of retainedReleases(state, keep)) {
            if (r.backup)
                add(r.backup.file, `pre-deploy backup of release ${(0,core_text/* shortSha */.Fu)(r.id)}`);
            const after = current && r.id !== current.id ? (0,state_model/* releaseAfter */.Yh)(state, current, r) : undefined;
            if (after?.backup)
                add(after.backup.file, `restore-db to release ${(0,core_text/* shortSha */.Fu)(r.id)}`);
        }
    }
    return [...why].map(([name, reasons]) => ({ name, why: [...reasons].join(', ') }));
}
//# sourceMappingURL=release-retention.js.map
// EXTERNAL MODULE: ./lib/record/state-store.js
var state_store = __webpack_require__(84784);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(41917);
;// CONCATENATED MODULE: ./lib/backup/engines/mariadb-grants.js
/**
 * Which SHOW GRANTS lines show the backup user every routine of the database: MariaDB's own
 * information_schema lists the user's own grants only, SHOW GRANTS adds its default role's (and the
 * roles granted to that role). A grant on a database pattern (`app\_%`.*: `_` one character, `%` any,
 * `\` escapes) counts when the pattern matches the database's name, as MariaDB matches it: byte by byte
 * (`_` is one byte of a multibyte character: awk runs in the C locale), ignoring case when the server
 * folds names (lower_case_table_names 1 or 2: it stores the patterns in lower case).
 */

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
const MYSQL_ROUTINE_GRANTS_AWK = String.raw `function unbatch(s,   out, c) {
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
const awkVar = (name, value) => `-v ${name}=${(0,quote/* shellQuote */.Z)(value.replace(/\\/g, '\\\\'))}`;
/** Shell text: MYSQL_ROUTINE_GRANTS_AWK for `database` (stdin to stdout), in the C locale (bytes, as MariaDB). */
function mysqlRoutineGrantsFilter(database) {
    return `LC_ALL=C awk ${awkVar('db', database)} ${awkVar('lc', database.toLowerCase())} ${(0,quote/* shellQuote */.Z)(MYSQL_ROUTINE_GRANTS_AWK)}`;
}
//# sourceMappingURL=mariadb-grants.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/sql-quote.js
/** SQL literals for the few statements the tool writes itself (pure). */
/** 'text' as an SQL string literal; MariaDB/MySQL also read backslash escapes. */
function sqlString(text, backslashes) {
    return `'${(backslashes ? text.replace(/\\/g, '\\\\') : text).replace(/'/g, "''")}'`;
}
/** A database name as an identifier: `name` for MariaDB/MySQL, "name" for PostgreSQL. */
function sqlIdentifier(name, quote) {
    return `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}
//# sourceMappingURL=sql-quote.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/mariadb.js
/** MariaDB / MySQL: mysqldump → SQL text; restored with the mysql client. */



/** -u/-h/-P from the spec; the password travels in MYSQL_PWD, never here. */
function mysqlConnectionArgs(spec) {
    const args = [];
    if (spec.user)
        args.push('-u', spec.user);
    if (spec.host)
        args.push('-h', spec.host);
    if (spec.port !== undefined)
        args.push('-P', String(spec.port));
    return args;
}
/** Consistent InnoDB snapshot, streamed row by row, with routines/triggers/events. */
function mysqldumpArgv(spec, database) {
    return [
        'mysqldump',
        '--single-transaction',
        '--quick',
        '--routines',
        '--triggers',
        '--events',
        // MySQL >= 8.0.21 needs PROCESS for tablespaces; an app user rarely has it
        '--no-tablespaces',
        ...mysqlConnectionArgs(spec),
        database,
    ];
}
function mysqlRestoreArgv(spec, database) {
    return ['mysql', ...mysqlConnectionArgs(spec), database];
}
/** `DROP <what> IF EXISTS` of every object of the current database whose table_type is one of `types`, as SQL lines. */
function dropAll(what, types) {
    const names = "SELECT GROUP_CONCAT('`', REPLACE(table_name, '`', '``'), '`') FROM information_schema.tables";
    return [
        `SET @gd_drop = (${names} WHERE table_schema = DATABASE() AND table_type IN (${types}));`,
        `SET @gd_drop = IF(@gd_drop IS NULL, 'DO 0', CONCAT('DROP ${what} IF EXISTS ', @gd_drop));`,
        'PREPARE gd_drop FROM @gd_drop;',
        'EXECUTE gd_drop;',
        'DEALLOCATE PREPARE gd_drop;',
    ];
}
/**
 * SQL sent before the dump: the views and tables of the database are dropped, so that a table
 * created after the backup (a migration of the release being undone) does not stay beside the
 * restored ones (mysqldump drops only the tables it dumped); the dump then creates them again.
 */
const MYSQL_RESTORE_PRELUDE = [
    'SET SESSION group_concat_max_len = 4294967295;',
    'SET FOREIGN_KEY_CHECKS = 0;',
    ...dropAll('VIEW', "'VIEW'"),
    ...dropAll('TABLE', "'BASE TABLE', 'SYSTEM VERSIONED', 'SEQUENCE'"),
].join('\n');
/**
 * SQL text printing one `DROP ... IF EXISTS` line per routine (procedure, function) and event of
 * the current database: mysqldump drops only those it dumped, so those made after the backup would
 * stay. Triggers go with their tables (the prelude).
 */
const LIST_DROPS = [
    "SELECT CONCAT('DROP ', routine_type, ' IF EXISTS `', REPLACE(routine_name, '`', '``'), '`;')",
    "FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_type IN ('PROCEDURE', 'FUNCTION')",
    "UNION ALL SELECT CONCAT('DROP EVENT IF EXISTS `', REPLACE(event_name, '`', '``'), '`;')",
    'FROM information_schema.events WHERE event_schema = DATABASE()',
].join(' ');
/** argv printing the DROP lines of LIST_DROPS (raw: names are not escaped by the client). */
function mysqlListDropsArgv(spec, database) {
    return ['mysql', '-N', '-B', '-r', ...mysqlConnectionArgs(spec), '-e', LIST_DROPS, database];
}
/** A DEFINER as mysqldump writes it: `user`@`host` or `role` (backticks doubled inside). */
const DEFINER = '`([^`]|``)*`(@`([^`]|``)*`)?';
/**
 * sed -E script removing the DEFINER clauses of mysqldump's view, trigger, event and routine lines
 * (anchored at their line starts: rows of data start with `(` or INSERT and are left alone), so that
 * a user without SUPER / SET USER restores objects an administrator defined (ERROR 1227): the
 * restored objects are defined by the restoring user.
 */
const MYSQL_DEFINER_FILTER = [
    `s/^(\\/\\*!50013 )DEFINER=${DEFINER} (SQL SECURITY )/\\1\\5/`,
    `s/^(\\/\\*!50003 CREATE\\*\\/ )\\/\\*!50017 DEFINER=${DEFINER}\\*\\/ /\\1/`,
    `s/^(\\/\\*!50106 CREATE\\*\\/ )\\/\\*!50117 DEFINER=${DEFINER}\\*\\/ /\\1/`,
    `s/^CREATE DEFINER=${DEFINER} /CREATE /`,
].join('\n');
/**
 * The DROP lines of the routines and events (a failed listing ends the load before anything is
 * dropped: its line is no SQL), the prelude, then the dump without DEFINER clauses, into the client.
 */
function mysqlRestoreCommand(dump, client, listDrops) {
    const drops = `{ ${listDrops} </dev/null || echo 'GD_LISTING_ROUTINES_FAILED;'; }`;
    return `{ ${drops}; printf '%s\\n' ${(0,quote/* shellQuote */.Z)(MYSQL_RESTORE_PRELUDE)}; ${dump} | sed -E -e ${(0,quote/* shellQuote */.Z)(MYSQL_DEFINER_FILTER)}; } | ${client}`;
}
/** The app user can create its own database when its grants are on `database`.* (they outlive a DROP DATABASE). */
function mysqlCreateArgv(spec, database) {
    return ['mysql', ...mysqlConnectionArgs(spec), '-e', `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(database, '`')}`];
}
/** What lets mysqldump read every routine, whoever defined it. */
const ROUTINES_GRANT = 'GRANT SELECT ON mysql.proc TO the backup user (MariaDB 11.3+: or SHOW CREATE ROUTINE ON the database; MySQL 8: SHOW_ROUTINE), then back up again';
/**
 * mysqldump writes "-- Dump completed" last; a dump cut short lacks it. A routine defined by another
 * account (DEFINER=root) stops it (exit 2, "insufficient privileges to SHOW CREATE"): named with the grant.
 */
const VERIFY = {
    reader: 'tail -c 200',
    readerFailed: 'cannot read the end of the dump',
    check: `grep -q -e '-- Dump completed' "$T.out" || gd_fail "dump is incomplete: no '-- Dump completed' trailer"`,
    dumpFailed: `grep -q 'insufficient privileges to SHOW CREATE' "$T.err" && gd_fail ${(0,quote/* shellQuote */.Z)(`mysqldump cannot read a routine (stored procedure or function) another account defined: ${ROUTINES_GRANT}`)}`,
};
/**
 * The privileges of the current user that show it every routine of the database (else mysqldump
 * leaves out those it cannot see, and exits 0): a routine privilege on the database or globally, or
 * SELECT on mysql.proc. Prints their number. information_schema's privilege tables list the user's
 * own grants only, not those of its enabled roles: mysql.proc is counted when information_schema.TABLES
 * shows it to the user, which it does for a privilege held in any way (global, on the database, on
 * the table, directly or through a role). Then lower_case_table_names (grants then ignore case).
 */
const ROUTINE_VISIBILITY = `SELECT COUNT(*), @@lower_case_table_names FROM (
  SELECT privilege_type AS p, 1 AS g FROM information_schema.USER_PRIVILEGES
  UNION ALL SELECT privilege_type, 0 FROM information_schema.SCHEMA_PRIVILEGES WHERE DATABASE() LIKE table_schema
  UNION ALL SELECT 'SELECT PROC', 0 FROM information_schema.TABLES WHERE table_schema = 'mysql' AND table_name = 'proc'
) x WHERE p IN ('EXECUTE', 'ALTER ROUTINE', 'CREATE ROUTINE', 'SHOW CREATE ROUTINE', 'SHOW_ROUTINE', 'SELECT PROC') OR (g = 1 AND p = 'SELECT')`;
/**
 * ROUTINE_VISIBILITY's count, then SHOW GRANTS: the current user's grants and those of its default
 * role (and of the roles granted to that role), which information_schema does not show.
 */
function mysqlRoutineVisibilityArgv(spec, database) {
    return ['mysql', '-N', '-B', ...mysqlConnectionArgs(spec), '-e', `${ROUTINE_VISIBILITY}; SHOW GRANTS`, database];
}
const BLIND_SPOT = {
    argv: mysqlRoutineVisibilityArgv,
    filter: mysqlRoutineGrantsFilter,
    failed: `the backup user cannot see the routines (stored procedures and functions) of the database that another account defined: it has no EXECUTE, CREATE ROUTINE or ALTER ROUTINE on the database (neither itself nor through its default role), and mysqldump leaves out without a word every routine it cannot see. ${ROUTINES_GRANT}`,
};
const mariadbEngine = {
    passwordVar: 'MYSQL_PWD',
    dumpArgv: (spec, database) => mysqldumpArgv(spec, database),
    restoreCommand: (spec, database, _tmp, dump, run) => mysqlRestoreCommand(dump, run(mysqlRestoreArgv(spec, database)), run(mysqlListDropsArgv(spec, database))),
    // the prelude drops the tables, each statement of the dump commits on its own (DDL)
    partialOnFailure: true,
    createArgv: (spec, database) => mysqlCreateArgv(spec, database),
    verify: () => VERIFY,
    blindSpot: BLIND_SPOT,
};
//# sourceMappingURL=mariadb.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/postgres-list.js
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
const PG_OTHER_OWNERS_AWK = String.raw `function at(s, x, from,   i) { i = index(substr(s, from), x); return i ? from + i - 1 : 0 }
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
function pgOwnedListCommand(conn, database, dump, run, list, plain) {
    const psql = run(['psql', '-X', '-qAt', '-w', ...conn, '-d', database, '-c', MY_ROLES]);
    const live = run(['pg_dump', '-s', '-v', '-w', ...conn, '-d', database]);
    const fail = (why) => `{ [ -s "$gd_d/e" ] && tail -n 20 "$gd_d/e" >&2; rm -rf "$gd_d"; gd_fail ${(0,quote/* shellQuote */.Z)(why)}; }`;
    return `gd_d=$(mktemp -d) || gd_fail 'cannot make a temporary directory'
{ echo '#gd mine'; ${psql} </dev/null; } > "$gd_d/m" 2>>"$gd_d/e" && { echo '#gd live'; if ${live} </dev/null > "$gd_d/s" 2>"$gd_d/v"; then cat "$gd_d/s"; fi; } > "$gd_d/l" \\
  && { echo '#gd backup'; ${dump} | ${run(['pg_restore', '-s', '-v', '-f', '-'])}; } > "$gd_d/b" 2>"$gd_d/v" \\
  && { echo '#gd list'; ${dump} | ${run(['pg_restore', '-l', '-v'])}; } > "$gd_d/t" 2>>"$gd_d/e" \\
  || ${fail('cannot compare the backup with the live database (psql, pg_dump -s or pg_restore failed): nothing was changed')}
LC_ALL=C awk ${(0,quote/* shellQuote */.Z)(PG_OTHER_OWNERS_AWK)} "$gd_d/m" "$gd_d/l" "$gd_d/b" "$gd_d/t" > "$gd_d/o" || ${fail('cannot compare the backup with the live database (awk failed): nothing was changed')}
gd_why=$(sed -n 's/^GD_REFUSE //p' "$gd_d/o")
[ -z "$gd_why" ] || { rm -rf "$gd_d"; gd_fail "$gd_why"; }
grep -v '^GD_' "$gd_d/o" | ${plain(['sh', '-c', 'cat > "$1"', 'sh', list])} || ${fail('cannot write the restore list: nothing was changed')}
rm -rf "$gd_d"`;
}
//# sourceMappingURL=postgres-list.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/postgres-prelude.js
/**
 * The SQL run first in a PostgreSQL restore's transaction (pure text): it refuses what the restore
 * cannot do without changing an administrator's objects, then drops everything the restoring user
 * owns, so that the restore brings the database back to the backup.
 */
/**
 * Conditions on an object `o` of catalog `catalog`: the restoring user may drop it, and no extension
 * owns it (nor, with the default `deptypes`, another object it goes with).
 */
const mine = (owner, catalog, oid, deptypes = `'e', 'a', 'i'`) => `pg_catalog.pg_has_role(${owner}, 'USAGE') AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
      WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype IN (${deptypes}))`;
const NOT_SYSTEM = (ns) => `${ns}.nspname <> 'information_schema' AND ${ns}.nspname NOT LIKE 'pg\\_%'`;
/**
 * A query of the objects of catalog `catalog` (alias `x`) the restore drops: `sql` (the DROP, from
 * the format text `what`), `classid` and `objid` (what the refusal below walks from).
 */
const dropQuery = (what, catalog, from) => `SELECT format(${what}) AS sql, '${catalog}'::pg_catalog.regclass AS classid, x.oid AS objid FROM ${from}`;
/**
 * The user's objects of catalog `catalog` (alias `x`, in a schema: `n`) that live in a schema kept by
 * the drops above (public, one of another role): `what` is the DROP's object (format text, from the
 * row), `ns` the namespace column (none: an object outside schemas). Only extension members are kept:
 * an operator class depends on its family (`a`), which may be another role's.
 */
function dropOwned(what, catalog, owner, ns) {
    const from = ns ? `${catalog} x JOIN pg_catalog.pg_namespace n ON n.oid = x.${ns} WHERE ${NOT_SYSTEM('n')} AND` : `${catalog} x WHERE`;
    return dropQuery(`'DROP %s IF EXISTS %s CASCADE', ${what}`, catalog, `${from} ${mine(`x.${owner}`, catalog, 'x.oid', `'e'`)}`);
}
/** `schema.name` of a row of a catalog in a schema (format's %I.%I, as one text). */
const qualified = (name) => `format('%I.%I', n.nspname, x.${name})`;
/** The user's event triggers: dropped first, so that none fires on the restore (the dump makes those it had again, last). */
const EVENT_TRIGGERS = dropOwned(`'EVENT TRIGGER', pg_catalog.quote_ident(x.evtname)`, 'pg_catalog.pg_event_trigger', 'evtowner');
/**
 * The drops, in order: the event triggers, the extensions the user installed (trusted ones; the dump
 * installs those it had again), its schemas but public, then in the others its tables, views,
 * sequences (not one owned by a column: it goes with its table), functions, procedures, aggregates,
 * types and domains; then the user's objects that no drop of a table, function or type takes with it
 * (they may be built on the system's functions and types only): operator classes and families (a
 * superuser made them, then gave them to the user), operators, collations, text search configurations
 * and dictionaries, conversions, publications, foreign servers (their user mappings go with them), and,
 * for a superuser, foreign data wrappers. Members of extensions stay (`mine`).
 */
const DROPS = [
    EVENT_TRIGGERS,
    dropQuery(`'DROP EXTENSION IF EXISTS %I CASCADE', x.extname`, 'pg_catalog.pg_extension', `pg_catalog.pg_extension x WHERE x.extname <> 'plpgsql' AND pg_catalog.pg_has_role(x.extowner, 'USAGE')`),
    dropQuery(`'DROP SCHEMA IF EXISTS %I CASCADE', x.nspname`, 'pg_catalog.pg_namespace', `pg_catalog.pg_namespace x WHERE x.nspname <> 'public' AND ${NOT_SYSTEM('x')} AND ${mine('x.nspowner', 'pg_catalog.pg_namespace', 'x.oid')}`),
    dropQuery(`'DROP %s IF EXISTS %I.%I CASCADE', CASE x.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, x.relname`, 'pg_catalog.pg_class', `pg_catalog.pg_class x JOIN pg_catalog.pg_namespace n ON n.oid = x.relnamespace
      WHERE x.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT x.relispartition AND ${NOT_SYSTEM('n')}
      AND ${mine('x.relowner', 'pg_catalog.pg_class', 'x.oid')}`),
    dropQuery(`'DROP %s IF EXISTS %I.%I(%s) CASCADE', CASE x.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
      n.nspname, x.proname, pg_catalog.pg_get_function_identity_arguments(x.oid)`, 'pg_catalog.pg_proc', `pg_catalog.pg_proc x JOIN pg_catalog.pg_namespace n ON n.oid = x.pronamespace
      WHERE ${NOT_SYSTEM('n')} AND ${mine('x.proowner', 'pg_catalog.pg_proc', 'x.oid')}`),
    dropQuery(`'DROP %s IF EXISTS %I.%I CASCADE', CASE x.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, x.typname`, 'pg_catalog.pg_type', `pg_catalog.pg_type x JOIN pg_catalog.pg_namespace n ON n.oid = x.typnamespace
      WHERE x.typtype IN ('c', 'd', 'e', 'r') AND ${NOT_SYSTEM('n')}
      AND (x.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = x.typrelid) = 'c')
      AND ${mine('x.typowner', 'pg_catalog.pg_type', 'x.oid')}`),
    dropOwned(`'OPERATOR CLASS', ${qualified('opcname')} || ' USING ' || (SELECT pg_catalog.quote_ident(amname) FROM pg_catalog.pg_am WHERE oid = x.opcmethod)`, 'pg_catalog.pg_opclass', 'opcowner', 'opcnamespace'),
    dropOwned(`'OPERATOR FAMILY', ${qualified('opfname')} || ' USING ' || (SELECT pg_catalog.quote_ident(amname) FROM pg_catalog.pg_am WHERE oid = x.opfmethod)`, 'pg_catalog.pg_opfamily', 'opfowner', 'opfnamespace'),
    dropOwned(`'OPERATOR', format('%I.%s (%s, %s)', n.nspname, x.oprname, CASE x.oprleft WHEN 0 THEN 'NONE' ELSE x.oprleft::pg_catalog.regtype::text END, x.oprright::pg_catalog.regtype)`, 'pg_catalog.pg_operator', 'oprowner', 'oprnamespace'),
    dropOwned(`'COLLATION', ${qualified('collname')}`, 'pg_catalog.pg_collation', 'collowner', 'collnamespace'),
    dropOwned(`'TEXT SEARCH CONFIGURATION', ${qualified('cfgname')}`, 'pg_catalog.pg_ts_config', 'cfgowner', 'cfgnamespace'),
    dropOwned(`'TEXT SEARCH DICTIONARY', ${qualified('dictname')}`, 'pg_catalog.pg_ts_dict', 'dictowner', 'dictnamespace'),
    dropOwned(`'CONVERSION', ${qualified('conname')}`, 'pg_catalog.pg_conversion', 'conowner', 'connamespace'),
    dropOwned(`'PUBLICATION', pg_catalog.quote_ident(x.pubname)`, 'pg_catalog.pg_publication', 'pubowner'),
    dropOwned(`'SERVER', pg_catalog.quote_ident(x.srvname)`, 'pg_catalog.pg_foreign_server', 'srvowner'),
    dropOwned(`'FOREIGN DATA WRAPPER', pg_catalog.quote_ident(x.fdwname)`, 'pg_catalog.pg_foreign_data_wrapper', 'fdwowner'),
];
/** Catalogs whose rows have an owner column. */
const OWNER_COLUMNS = {
    pg_class: 'relowner',
    pg_proc: 'proowner',
    pg_type: 'typowner',
    pg_namespace: 'nspowner',
    pg_event_trigger: 'evtowner',
    pg_statistic_ext: 'stxowner',
    pg_operator: 'oprowner',
    pg_opclass: 'opcowner',
    pg_opfamily: 'opfowner',
    pg_collation: 'collowner',
    pg_conversion: 'conowner',
    pg_ts_config: 'cfgowner',
    pg_ts_dict: 'dictowner',
    pg_foreign_server: 'srvowner',
    pg_foreign_data_wrapper: 'fdwowner',
    pg_publication: 'pubowner',
    pg_extension: 'extowner',
    pg_language: 'lanowner',
};
/** Catalogs whose rows are parts of an object of another catalog (column → catalog): they are its owner's. */
const PART_OF = {
    pg_rewrite: [['ev_class', 'pg_class']],
    pg_trigger: [['tgrelid', 'pg_class']],
    pg_policy: [['polrelid', 'pg_class']],
    pg_attrdef: [['adrelid', 'pg_class']],
    pg_constraint: [
        ['conrelid', 'pg_class'],
        ['contypid', 'pg_type'],
    ],
    pg_publication_rel: [['prpubid', 'pg_publication']],
    pg_amop: [['amopfamily', 'pg_opfamily']],
    pg_amproc: [['amprocfamily', 'pg_opfamily']],
};
/** pg_user_mapping is the superuser's alone (it holds passwords): its view, through the server. */
const userMappingOwner = (objid) => `(SELECT gd_p.srvowner FROM pg_catalog.pg_user_mappings gd_y JOIN pg_catalog.pg_foreign_server gd_p ON gd_p.oid = gd_y.srvid WHERE gd_y.umid = ${objid})`;
/** The owner of the object `<a>.classid`/`<a>.objid` (NULL for a catalog not listed: taken as another role's). */
const ownerOf = (a) => `CASE ${a}.classid
${[
    ...Object.entries(OWNER_COLUMNS).map(([cat, col]) => `  WHEN 'pg_catalog.${cat}'::pg_catalog.regclass THEN (SELECT ${col} FROM pg_catalog.${cat} WHERE oid = ${a}.objid)`),
    ...Object.entries(PART_OF).map(([cat, parts]) => {
        const each = parts.map(([col, parent]) => `(SELECT gd_p.${OWNER_COLUMNS[parent]} FROM pg_catalog.${cat} gd_y JOIN pg_catalog.${parent} gd_p ON gd_p.oid = gd_y.${col} WHERE gd_y.oid = ${a}.objid)`);
        return `  WHEN 'pg_catalog.${cat}'::pg_catalog.regclass THEN COALESCE(${each.join(', ')})`;
    }),
    `  WHEN 'pg_catalog.pg_user_mapping'::pg_catalog.regclass THEN ${userMappingOwner(`${a}.objid`)}`,
].join('\n')}
END`;
/** Casts and transforms have no owner: whoever owns one of their types made them (the dump has them). */
const OWNERLESS = `('pg_catalog.pg_cast'::pg_catalog.regclass, 'pg_catalog.pg_transform'::pg_catalog.regclass)`;
/**
 * The objects of other roles the drops would take with them (DROP ... CASCADE follows pg_depend
 * whoever owns the dependent object: an administrator's column of the user's type, its view over the
 * user's table, its index with the user's operator class, its objects in the user's schema), as one
 * text into `gd_list`. `dep`: every object a drop takes along; `fine`: those that go as a part of a
 * dropped object (`i`: a view's rule, an array type; `a` with the same owner: the functions of an
 * operator family) or as a member of a dropped extension (`e`, whoever owns it: the extension makes
 * it again).
 */
const TAKEN_ALONG = `WITH RECURSIVE roots(classid, objid) AS (
${DROPS.map((q) => `  SELECT classid, objid FROM (${q}) q`).join('\n  UNION ALL\n')}
), dep(classid, objid, objsubid) AS (
  SELECT d.classid, d.objid, d.objsubid FROM pg_catalog.pg_depend d JOIN roots rt ON d.refclassid = rt.classid AND d.refobjid = rt.objid
  UNION
  SELECT d.classid, d.objid, d.objsubid FROM pg_catalog.pg_depend d JOIN dep p ON d.refclassid = p.classid AND d.refobjid = p.objid
), fine(classid, objid) AS (
  SELECT classid, objid FROM roots
  UNION
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d JOIN fine f ON d.refclassid = f.classid AND d.refobjid = f.objid
    WHERE d.deptype IN ('i', 'e') OR (d.deptype = 'a' AND (${ownerOf('d')}) = (${ownerOf('f')}))
)
SELECT string_agg(DISTINCT format('%s (owner %s)', pg_catalog.pg_describe_object(o.classid, o.objid, o.objsubid),
    COALESCE(w.owner::pg_catalog.regrole::text, 'unknown')), '; ') INTO gd_list
  FROM dep o CROSS JOIN LATERAL (SELECT ${ownerOf('o')} AS owner) w
  WHERE o.classid NOT IN ${OWNERLESS} AND NOT COALESCE(pg_catalog.pg_has_role(w.owner, 'USAGE'), false)
    AND NOT EXISTS (SELECT 1 FROM fine fi WHERE fi.classid = o.classid AND fi.objid = o.objid);`;
/** Event triggers of other roles that would fire on the restore's statements (the user cannot disable nor drop them), into `gd_list`. */
const FIRING = `SELECT string_agg(format('%I (on %s, owner %s)', x.evtname, x.evtevent, x.evtowner::pg_catalog.regrole), ', ') INTO gd_list
  FROM pg_catalog.pg_event_trigger x
  WHERE CASE pg_catalog.current_setting('session_replication_role') WHEN 'replica' THEN x.evtenabled IN ('R', 'A') ELSE x.evtenabled IN ('O', 'A') END
    AND x.oid NOT IN (SELECT objid FROM (${EVENT_TRIGGERS}) q);`;
/** `RAISE EXCEPTION 'restore refused: <why>: <gd_list>. <todo> Nothing was changed.'` when `gd_list` is set. */
const refuseIf = (why, todo) => `  IF gd_list IS NOT NULL THEN
    RAISE EXCEPTION '%', format('restore refused: %s: %s. %s Nothing was changed.', ${sqlText(why)}, gd_list, ${sqlText(todo)});
  END IF;`;
const sqlText = (text) => `'${text.replace(/'/g, "''")}'`;
/**
 * SQL run first, in the restore's transaction. It refuses, before anything is dropped, when an event
 * trigger of another role would fire on the restore (it may fail it, or change what it restores) or
 * when the drops would take objects of other roles with them. Then everything the restoring user
 * owns in the database (and may drop) is dropped (DROPS), and its large objects, so that the restore
 * brings the database back to the backup and nothing made after it stays or blocks `--clean` (a
 * foreign key to a restored table, a new table in a restored schema). Objects of other roles stay
 * (the user cannot drop them). Its warning about the script's own BEGIN is hidden.
 */
const PG_RESTORE_PRELUDE = `SET client_min_messages = error;
BEGIN;
DO $gd$
DECLARE r record; gd_list text;
BEGIN
  ${FIRING}
${refuseIf('event triggers of another role would fire on its statements (they may fail the restore or change what it restores), and the database user can neither disable nor drop them', 'Restore as a superuser, or have their owner disable them for the restore (ALTER EVENT TRIGGER name DISABLE, then ENABLE).')}
  ${TAKEN_ALONG}
${refuseIf("the restore drops the database user's objects, and with them (CASCADE) these objects of other roles that depend on them", "Have their owner drop them or make them independent of the user's objects first, or restore as their owner.")}
${DROPS.map((q) => `  FOR r IN ${q}\n  LOOP EXECUTE r.sql; END LOOP;`).join('\n')}
  PERFORM pg_catalog.lo_unlink(l.oid) FROM pg_catalog.pg_largeobject_metadata l WHERE pg_catalog.pg_has_role(l.lomowner, 'USAGE');
END $gd$;`;
//# sourceMappingURL=postgres-prelude.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/postgres.js
/** PostgreSQL: pg_dump custom format (uncompressed: gzip runs on the host) → pg_restore. */





/** -U/-h/-p from the spec; the password travels in PGPASSWORD, never here. */
function pgConnectionArgs(spec) {
    const args = [];
    if (spec.user)
        args.push('-U', spec.user);
    if (spec.host)
        args.push('-h', spec.host);
    if (spec.port !== undefined)
        args.push('-p', String(spec.port));
    return args;
}
/** -w: never prompt (no tty over ssh: a missing password must fail, not hang). */
function pgDumpArgv(spec, database) {
    return ['pg_dump', '-Fc', '-Z0', '-w', ...pgConnectionArgs(spec), '-d', database];
}
/**
 * The archive (stdin) as one SQL script (stdout) in BEGIN … COMMIT, replacing the objects it holds
 * (pg_restore connects to nothing); `list`: only the entries that list selects (see postgres-list.ts).
 */
function pgRestoreScriptArgv(list) {
    return ['pg_restore', '--clean', '--if-exists', '--no-owner', '--single-transaction', ...(list ? ['-L', list] : []), '-f', '-'];
}
/**
 * The restore: the list leaving out the entries of other roles the live database has as they are
 * (or a refusal), then the load with it; the list is removed whatever happened.
 */
function restoreWithList(spec, database, tmp, dump, run, plain) {
    const list = external_node_path_.posix.join(tmp, '.gd-pg-restore.list');
    const load = pgRestoreCommand(dump, run(pgRestoreScriptArgv(list)), run(pgRestorePsqlArgv(spec, database)));
    return `{ ${pgOwnedListCommand(pgConnectionArgs(spec), database, dump, run, list, plain)}
${load}
gd_rc=$?
${plain(['rm', '-f', list])} </dev/null
[ "$gd_rc" = 0 ]; }`;
}
/** psql running the SQL on stdin into `database`, stopping at the first error. */
function pgRestorePsqlArgv(spec, database) {
    return ['psql', '-X', '-q', '-w', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec), '-d', database];
}
/** A one-line statement `&` (sed) run in a DO block that ignores "must be owner / superuser" and "already exists". */
const UNLESS_NOT_MINE = String.raw `DO $gd_pub$ BEGIN EXECUTE $gd_q$&$gd_q$; EXCEPTION WHEN insufficient_privilege OR duplicate_object THEN NULL; END $gd_pub$;`;
/**
 * The restore script's lines that fail for a user who does not own an extension the dump holds
 * (one an administrator installed): its DROP (the prelude dropped the user's own) and its COMMENT
 * (set by CREATE EXTENSION anyway). The statements on publications (one line each) skip one of
 * another role (a superuser's FOR ALL TABLES publication for change data capture): it stays as it
 * is; the user's own were dropped by the prelude and are made again. COPY data blocks are passed
 * through untouched (sed script).
 */
const PG_SCRIPT_FILTER = String.raw `/^COPY .* FROM stdin;$/,/^\\\.$/b
/^DROP EXTENSION IF EXISTS [^;]*;$/d
/^COMMENT ON EXTENSION [^;]* IS '.*';$/d
${['DROP', 'CREATE', 'ALTER', 'COMMENT ON'].map((verb) => `s/^${verb} PUBLICATION .*;$/${UNLESS_NOT_MINE}/`).join('\n')}`;
/** Printed by psql only once the transaction committed. */
const COMMITTED = 'GD_PG_COMMITTED';
/**
 * Atomic restore that replaces the database's tables (rollback) and works for a non-superuser: the
 * prelude, then the archive as SQL, in one transaction run by psql. COMMIT and the marker follow only
 * when pg_restore read the whole archive: a script cut short ends without them and is rolled back.
 */
function pgRestoreCommand(dump, script, psql) {
    const done = (0,quote/* shellQuote */.Z)(`\\echo ${COMMITTED}`);
    const sql = `{ printf '%s\\n' ${(0,quote/* shellQuote */.Z)(PG_RESTORE_PRELUDE)}; ${dump} | ${script} && printf '%s\\n' ${done}; }`;
    return `[ "$( ${sql} | sed -e ${(0,quote/* shellQuote */.Z)(PG_SCRIPT_FILTER)} | ${psql} | tail -n 1 )" = ${COMMITTED} ]`;
}
/** From the maintenance database `postgres`; the user needs CREATEDB (it then owns the database). */
function pgCreateArgv(spec, database) {
    const sql = `CREATE DATABASE ${sqlIdentifier(database, '"')}`;
    return ['psql', '-X', '-w', '-q', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec), '-d', 'postgres', '-c', sql];
}
/**
 * pg_dump stopped by an object the backup user may not read ("permission denied for schema admin":
 * an administrator's schema in the app's database): named, with the grant that lets the backup read
 * it. No schema is left out of the dump: a backup must hold the whole database.
 */
const PG_DUMP_DENIED = String.raw `gd_what=$(sed -n -E 's/.*ERROR: +permission denied for (schema|table|sequence) (.*)$/\1 \2/p' "$T.err" | head -n 1)
gd_name=$(printf '%s' "$gd_what" | cut -d ' ' -f 2-)
case $gd_what in
  schema\ *) gd_fail "pg_dump cannot read $gd_what: the backup user has no USAGE on that schema (another role's), and a backup holds the whole database (no setting leaves a schema out). Have its owner run GRANT USAGE ON SCHEMA $gd_name TO <backup user>; GRANT SELECT ON ALL TABLES IN SCHEMA $gd_name TO <backup user>; GRANT SELECT ON ALL SEQUENCES IN SCHEMA $gd_name TO <backup user>; or move that schema out of the database, then back up again" ;;
  ?*) gd_fail "pg_dump cannot read $gd_what: the backup user has no SELECT on it (another role's), and a backup holds the whole database. Have its owner run GRANT SELECT ON $gd_what TO <backup user>, or move it out of the database, then back up again" ;;
esac`;
/**
 * pg_restore reads the plain archive on its way into gzip (stdin, not seekable: like a restore) and
 * writes the restore script to /dev/null: it reads every data block, so a dump cut short in its
 * data (a pg_dump that exits 0 all the same) fails, as does one that is empty or not a custom-format
 * archive. `--list` would read only the header and the table of contents (a dump cut short in its
 * data passes it). The finished file is not decompressed again.
 */
function verify(run) {
    return {
        reader: run(['pg_restore', '-f', '/dev/null']),
        readerFailed: 'pg_restore cannot read the archive to its end: the archive is cut short, or not a custom-format archive',
        check: '',
        dumpFailed: PG_DUMP_DENIED,
    };
}
const postgresEngine = {
    passwordVar: 'PGPASSWORD',
    dumpArgv: (spec, database) => pgDumpArgv(spec, database),
    restoreCommand: restoreWithList,
    createArgv: (spec, database) => pgCreateArgv(spec, database),
    verify,
};
//# sourceMappingURL=postgres.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/sqlite-scripts.js
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
const SQLITE_SNAPSHOT = `${ABSOLUTE_DB}
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
const SQLITE_CHECK = `${COMMON}
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
const SQLITE_RESTORE = `${ABSOLUTE_DB}
${COMMON}
cat > "$t" || exit 1
${CREATE_LIKE_DIR}
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 -bail "$db" ".timeout 30000" ".restore $t"
else
  python3 -c "import sqlite3,sys; s=sqlite3.connect(sys.argv[2]); d=sqlite3.connect(sys.argv[1], timeout=30); s.backup(d); d.close(); s.close()" "$db" "$t"
fi || { [ -z "$new" ] || rm -f "$db"; exit 1; }`;
//# sourceMappingURL=sqlite-scripts.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/sqlite.js

function sqliteSnapshotArgv(dbPath, tmpDir) {
    return ['sh', '-c', SQLITE_SNAPSHOT, 'gd-sqlite-snapshot', dbPath, tmpDir];
}
function sqliteCheckArgv(tmpDir) {
    return ['sh', '-c', SQLITE_CHECK, 'gd-sqlite-check', '', tmpDir];
}
function sqliteRestoreArgv(dbPath, tmpDir) {
    return ['sh', '-c', SQLITE_RESTORE, 'gd-sqlite-restore', dbPath, tmpDir];
}
function sqlite_verify(run, tmpDir) {
    return {
        reader: run(sqliteCheckArgv(tmpDir)),
        readerFailed: 'sqlite integrity check could not run',
        check: `[ "$(cat "$T.out")" = ok ] || gd_fail "PRAGMA integrity_check: $(head -c 300 "$T.out")"`,
    };
}
const sqliteEngine = {
    dumpArgv: (_spec, dbPath, tmpDir) => sqliteSnapshotArgv(dbPath, tmpDir),
    restoreCommand: (_spec, dbPath, tmpDir, dump, run) => `${dump} | ${run(sqliteRestoreArgv(dbPath, tmpDir))}`,
    verify: sqlite_verify,
};
//# sourceMappingURL=sqlite.js.map
;// CONCATENATED MODULE: ./lib/backup/engines/index.js



const ENGINES = {
    mariadb: mariadbEngine,
    mysql: mariadbEngine,
    postgres: postgresEngine,
    sqlite: sqliteEngine,
};
function engineCommands(engine) {
    return ENGINES[engine];
}
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./lib/backup/location.js
/**
 * Where the database tools run: on the host, inside a compose service via `compose exec -T` (from
 * the project directory), or inside a container known by id via `docker exec -i` (the running
 * container of the service, found by the pre-deploy probe: it needs no compose file on the host).
 */



function dbLocation(spec, ctx) {
    if (!spec.service)
        return { kind: 'host' };
    if (ctx.container)
        return { kind: 'container', container: ctx.container };
    if (!ctx.compose || ctx.compose.command.length === 0) {
        throw new BackupError(`backup.service "${spec.service}" needs the compose context`);
    }
    return { kind: 'compose', compose: ctx.compose, service: spec.service };
}
/** `<compose> -p P -f F... exec -T [-e NAME]... <service> argv...` (-T: no tty, stdin is a pipe). */
function composeExecArgv(compose, service, env, argv) {
    return [
        ...compose.command,
        '-p',
        compose.project,
        ...compose.files.flatMap((f) => ['-f', f]),
        'exec',
        '-T',
        ...env.flatMap((name) => ['-e', name]),
        service,
        ...argv,
    ];
}
/** `docker exec -i [-e NAME]...` (-i: stdin is a pipe; `-e NAME` without a value forwards the caller's variable). */
function dockerExecPrefix(env) {
    return ['docker', 'exec', '-i', ...env.flatMap((name) => ['-e', name])];
}
/** The full argv to run (host: argv itself), forwarding the named variables into a container. */
function locatedArgv(loc, argv, env = []) {
    if (loc.kind === 'host')
        return argv;
    if (loc.kind === 'container')
        return [...dockerExecPrefix(env), loc.container, ...argv];
    return composeExecArgv(loc.compose, loc.service, env, argv);
}
/**
 * Shell text running argv at the location; compose runs from its project directory. `assign`: a
 * variable assignment for that command alone (e.g. passwordAssignment's), written before it.
 */
function locatedCommand(loc, argv, env = [], assign = '') {
    const cmd = (0,quote/* shellJoin */.n)(locatedArgv(loc, argv, env));
    return loc.kind === 'compose' ? `(cd ${(0,quote/* shellQuote */.Z)(loc.compose.projectDir)} && ${assign}exec ${cmd})` : `${assign}${cmd}`;
}
/**
 * `$( cmd )` capturing the output of shell text `cmd`. The spaces matter: a located compose command
 * starts with `(`, and `$((` would start an arithmetic expansion instead.
 */
function captured(cmd) {
    return `$( ${cmd} )`;
}
/** Scratch directory for engine temp files: the backups dir on the host, /tmp in a container. */
function scratchDir(loc, backupsDirectory) {
    return loc.kind === 'host' ? backupsDirectory : '/tmp';
}
/** sqlite: a relative path is relative to deployPath on the host, to the workdir in a container. */
function databaseOperand(spec, ctx, loc, database) {
    const db = database ?? (spec.engine === 'sqlite' ? spec.path : spec.database);
    if (!db)
        throw new BackupError(spec.engine === 'sqlite' ? 'backup.path (the sqlite file) is not set' : 'backup.database is not set');
    if (db.startsWith('-'))
        throw new BackupError(`database ${JSON.stringify(db)} starts with "-"`);
    if (spec.engine === 'sqlite' && loc.kind === 'host')
        return external_node_path_.posix.resolve(ctx.deployPath, db);
    return db;
}
//# sourceMappingURL=location.js.map
;// CONCATENATED MODULE: ./lib/backup/env-file.js
/**
 * Reading one `NAME=value` from a remote .env file WITHOUT sourcing it (sourcing would run any
 * command substitution in the file). An awk program prints the value of the last assignment.
 */

/**
 * Understands `[export ]NAME=value` with optional spaces around `=`, CRLF endings, 'single' quotes
 * (literal), "double" quotes (\" \\ \n escapes) and unquoted values with a ` #` comment. Exit 1 when
 * the name is absent. The key is passed with -v gd_key=NAME (NAME is a plain identifier).
 */
const ENV_VALUE_AWK = String.raw `{
  sub(/\r$/, "")
  line = $0
  sub(/^[ \t]+/, "", line)
  if (line ~ /^export[ \t]/) { line = substr(line, 8); sub(/^[ \t]+/, "", line) }
  eq = index(line, "=")
  if (eq == 0) next
  key = substr(line, 1, eq - 1)
  sub(/[ \t]+$/, "", key)
  if (key != gd_key) next
  v = substr(line, eq + 1)
  sub(/^[ \t]+/, "", v)
  q = substr(v, 1, 1)
  if (q == "'") {
    v = substr(v, 2); e = index(v, "'"); if (e > 0) v = substr(v, 1, e - 1)
  } else if (q == "\"") {
    v = substr(v, 2); out = ""
    while (length(v) > 0) {
      c = substr(v, 1, 1)
      if (c == "\\" && length(v) > 1) {
        n = substr(v, 2, 1); out = out (n == "n" ? "\n" : n); v = substr(v, 3); continue
      }
      if (c == "\"") break
      out = out c; v = substr(v, 2)
    }
    v = out
  } else {
    sub(/[ \t]+#.*$/, "", v); sub(/[ \t]+$/, "", v)
  }
  found = 1; val = v
}
END { if (!found) exit 1; printf "%s", val }`;
/** Shell text printing the value of `name` in `file` (exit 1 when absent). */
function envFileValueCommand(file, name) {
    return `awk -v gd_key=${(0,quote/* shellQuote */.Z)(name)} ${(0,quote/* shellQuote */.Z)(ENV_VALUE_AWK)} ${(0,quote/* shellQuote */.Z)(file)}`;
}
//# sourceMappingURL=env-file.js.map
;// CONCATENATED MODULE: ./lib/backup/password.js
/**
 * How the database password reaches the dump tool without ever being in argv or in the script text
 * (both are visible in `ps`): the remote script reads it into a shell variable it never exports, and
 * hands it as MYSQL_PWD / PGPASSWORD to the database tool's command alone (`MYSQL_PWD="$GD_PW"
 * mysqldump …`), so no other process of the script (gzip, tee, sha256sum…) has it in its
 * environment; in compose mode `exec -T -e VAR` (no value) hands that variable to the container.
 */



const password_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Precedence: ctx.password > envFile[password_env] > the variable itself (container or host env). */
function resolvePasswordSource(spec, ctx) {
    if (spec.engine === 'sqlite')
        return { kind: 'none' };
    if (ctx.password !== undefined) {
        if (/[\n\r\0]/.test(ctx.password))
            throw new BackupError('the database password contains a newline or NUL');
        return { kind: 'stdin' };
    }
    const name = spec.password_env;
    if (name === undefined)
        return { kind: 'none' };
    if (!password_NAME_RE.test(name))
        throw new BackupError(`password_env ${JSON.stringify(name)} is not a variable name`);
    if (ctx.envFile)
        return { kind: 'env-file', file: ctx.envFile, name };
    return spec.service ? { kind: 'container-env', name } : { kind: 'remote-env', name };
}
/** Bytes for the script's stdin (the secret plus a newline), or undefined. */
function passwordStdin(source, ctx) {
    return source.kind === 'stdin' ? `${ctx.password ?? ''}\n` : undefined;
}
/**
 * sh lines that read the password from the source into the shell variable GD_PW, not exported (the
 * script must define gd_fail). Nothing for 'none' and 'container-env' (the latter is handled inside
 * the container).
 */
function passwordPrologue(source, envVar) {
    if (!envVar)
        return '';
    switch (source.kind) {
        case 'stdin':
            return 'GD_PW=; IFS= read -r GD_PW || true';
        case 'env-file': {
            const what = (0,quote/* shellQuote */.Z)(`${source.name} is not set in ${source.file}`);
            return [
                `[ -r ${(0,quote/* shellQuote */.Z)(source.file)} ] || gd_fail ${(0,quote/* shellQuote */.Z)(`cannot read env file ${source.file}`)}`,
                `GD_PW=$(${envFileValueCommand(source.file, source.name)}) || gd_fail ${what}`,
            ].join('\n');
        }
        case 'remote-env':
            return [
                `[ -n "\${${source.name}+x}" ] || gd_fail ${(0,quote/* shellQuote */.Z)(`${source.name} is not set on the host (give envFile)`)}`,
                `GD_PW=$${source.name}`,
            ].join('\n');
        default:
            return '';
    }
}
/**
 * The assignment that puts the prologue's GD_PW into `envVar` for one command only (written before
 * it: `MYSQL_PWD="$GD_PW" mysqldump …`), or '' when the prologue read none.
 */
function passwordAssignment(source, envVar) {
    if (!envVar || !['stdin', 'env-file', 'remote-env'].includes(source.kind))
        return '';
    return `${envVar}="$GD_PW" `;
}
/** Variables that `exec -T -e NAME` must forward into the container. */
function forwardedEnv(source, envVar) {
    if (!envVar || source.kind === 'none' || source.kind === 'container-env')
        return [];
    return [envVar];
}
/** In the container: `sh -c 'VAR=$NAME; export VAR; exec "$@"'` around argv (container-env only). */
function containerPasswordWrap(source, envVar, argv) {
    if (!envVar || source.kind !== 'container-env')
        return argv;
    const script = `${envVar}=$${source.name}; export ${envVar}; exec "$@"`;
    return ['sh', '-c', script, 'gd-password', ...argv];
}
//# sourceMappingURL=password.js.map
;// CONCATENATED MODULE: ./lib/backup/pipeline.js
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

/** Defines $T (temp base name, in the cwd = backups dir), gd_clean and gd_fail. */
function scriptPrelude(dir, name) {
    return `set -u
umask 077
N=${(0,quote/* shellQuote */.Z)(name)}
T=.tmp-$N
mkdir -p ${(0,quote/* shellQuote */.Z)(dir)} && cd ${(0,quote/* shellQuote */.Z)(dir)} || { echo "GD_FAIL cannot create the backups directory"; exit 3; }
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
const pipeline_status = (file) => `$(cat "$T.${file}" 2>/dev/null || echo unknown)`;
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
function dumpStep(dump, v) {
    return `{ { { ${dump} </dev/null 2>>"$T.err"; echo $? > "$T.status"; } \\
  | { tee /dev/fd/5 /dev/fd/6 2>>"$T.err"; echo $? > "$T.raw"; } | { gzip -c; echo $? > "$T.gz"; } \\
  | { tee -- "$T" 2>>"$T.err"; echo $? > "$T.tee"; } | sha256sum > "$T.sum"; } 5>&1 \\
  | ( ${v.reader} > "$T.out" 2>>"$T.err"; gd_c=$?; cat > /dev/null; echo $gd_c > "$T.rd" ); } 6>&1 \\
  | wc -c > "$T.len"
for gd_f in status gz raw tee len; do
  [ -s "$T.$gd_f" ] || gd_fail "cannot write in the backups directory (disk full?): the dump's stages could not record their exit status"
done
gd_rc=${pipeline_status('status')}
${notRunStep}
${v.dumpFailed
        ? `[ "$gd_rc" = 0 ] || { ${v.dumpFailed}
}
`
        : ''}[ "$gd_rc" = 0 ] || gd_fail "dump exited with status $gd_rc"
gd_rc=${pipeline_status('gz')}
[ "$gd_rc" = 0 ] || gd_fail "gzip exited with status $gd_rc"
gd_rc=${pipeline_status('raw')}
[ "$gd_rc" = 0 ] || gd_fail "cannot hand the dump to its verifier (tee exited with status $gd_rc)"
gd_rc=${pipeline_status('tee')}
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
function verifyStep(v) {
    return `${gzipEndsStep}
[ "${pipeline_status('rd')}" = 0 ] || gd_fail ${(0,quote/* shellQuote */.Z)(v.readerFailed)}
${v.check}`;
}
/**
 * Claims the first of `$N` and `spare` that no file has (created with noclobber: O_EXCL, so a
 * backup already there, e.g. one of the same release in the same second, is never overwritten)
 * and makes it `$N`.
 */
function freeNameStep(spare = []) {
    return `gd_free=
for gd_try in "$N"${spare.map((n) => ` ${(0,quote/* shellQuote */.Z)(n)}`).join('')}; do
  if ( set -C; : > "$gd_try" ) 2>/dev/null; then gd_free=$gd_try; break; fi
done
[ -n "$gd_free" ] || gd_fail "cannot claim a name for the backup: $N exists already (not overwritten), or the backups directory is not writable"
N=$gd_free`;
}
function finishStep(sidecarFormat, spare) {
    return `gd_size=$(wc -c < "$T") || gd_fail "cannot stat the dump"
gd_size=$((gd_size + 0))
gd_sum=$(cut -d ' ' -f 1 "$T.sum")
[ \${#gd_sum} -eq 64 ] || gd_fail "sha256sum failed"
${freeNameStep(spare)}
mv -f -- "$T" "$N" || { rm -f -- "$N"; gd_fail "cannot rename the dump into place"; }
if ! { printf ${(0,quote/* shellQuote */.Z)(sidecarFormat)} "$gd_sum" "$gd_size" > "$T.json" && mv -f -- "$T.json" "$N.json"; }; then
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
function buildReceiveScript(p) {
    if (!/^[0-9a-f]{64}$/.test(p.sha256))
        throw new Error(`not a sha256: ${p.sha256}`);
    const receive = `{ tee -- "$T" 2>>"$T.err"; echo $? > "$T.tee"; } | sha256sum > "$T.sum"
gd_rc=${pipeline_status('tee')}
[ "$gd_rc" = 0 ] || gd_fail "cannot write the copy (tee exited with status $gd_rc: disk full?)"
gd_sum=$(cut -d ' ' -f 1 "$T.sum")
[ "$gd_sum" = ${p.sha256} ] || gd_fail "the copy's sha256 $gd_sum differs from the verified dump's ${p.sha256} (cut short?)"`;
    return [scriptPrelude(p.dir, p.name), receive, finishStep(p.sidecarFormat, p.spare)].join('\n');
}
/** Fails when the engine's check says the dump may lack objects the user cannot see (a check that cannot run says nothing). */
function blindSpotStep(b) {
    if (!b)
        return '';
    return `[ "$( { ${b.command}; } </dev/null 2>/dev/null )" != 0 ] || gd_fail ${(0,quote/* shellQuote */.Z)(b.failed)}`;
}
function buildBackupScript(p) {
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
//# sourceMappingURL=pipeline.js.map
;// CONCATENATED MODULE: ./lib/backup/sidecar.js
/** Escapes text for use as a literal inside a printf FORMAT (backslashes and percent signs). */
function printfLiteral(text) {
    return text.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}
/** printf format of the sidecar JSON: the first %s is the sha256, the second the size. */
function sidecarPrintfFormat(f) {
    const j = JSON.stringify;
    const json = `{"engine":${j(f.engine)},"database":${j(f.database)},"sha256":"\u0001","size":\u0002,` +
        `"createdAt":${j(f.createdAt.toISOString())},"sha":${j(f.sha)},"target":${j(f.target)},"verified":true}`;
    return `${printfLiteral(json).replace('\u0001', '%s').replace('\u0002', '%s')}\\n`;
}
//# sourceMappingURL=sidecar.js.map
;// CONCATENATED MODULE: ./lib/backup/plan.js
/** Pure planning of one backup: file names, the dump argv and the complete remote script. */







function plumbed(spec, loc, source, argv) {
    const envVar = engineCommands(spec.engine).passwordVar;
    if (loc.kind === 'host')
        return [argv, []];
    return [containerPasswordWrap(source, envVar, argv), forwardedEnv(source, envVar)];
}
/** Engine argv → argv on the host, with the password plumbing of the location. */
function toolArgv(spec, loc, source, argv) {
    const [a, env] = plumbed(spec, loc, source, argv);
    return locatedArgv(loc, a, env);
}
/** The same as shell text (compose runs from its project directory). */
function toolCommand(spec, loc, source, argv) {
    const [a, env] = plumbed(spec, loc, source, argv);
    return locatedCommand(loc, a, env, passwordAssignment(source, engineCommands(spec.engine).passwordVar));
}
/** Names are to the second: a backup named like one already there takes the next free second of these. */
const SPARE_SECONDS = [1, 2, 3, 4, 5];
/** `dir`: where the file goes (default <deployPath>/backups; a staging directory on a swarm node). */
function planBackup(spec, ctx, dir = backupsDir(ctx.deployPath)) {
    if (!external_node_path_.posix.isAbsolute(ctx.deployPath))
        throw new Error(`deployPath must be absolute: ${ctx.deployPath}`);
    const engine = engineCommands(spec.engine);
    const loc = dbLocation(spec, ctx);
    const source = resolvePasswordSource(spec, ctx);
    const name = backupFileName(ctx.target, ctx.now, ctx.sha, spec.engine);
    const spare = SPARE_SECONDS.map((k) => backupFileName(ctx.target, new Date(ctx.now.getTime() + k * 1000), ctx.sha, spec.engine));
    const database = databaseOperand(spec, ctx, loc);
    const tmp = scratchDir(loc, dir);
    const dumpTool = engine.dumpArgv(spec, database, tmp);
    const sidecarFormat = sidecarPrintfFormat({ engine: spec.engine, database, createdAt: ctx.now, sha: ctx.sha, target: ctx.target });
    const script = buildBackupScript({
        dir,
        name,
        spare,
        prologue: passwordPrologue(source, engine.passwordVar),
        dump: toolCommand(spec, loc, source, dumpTool),
        verify: engine.verify((argv) => locatedCommand(loc, argv), tmp),
        blindSpot: engine.blindSpot && {
            command: [toolCommand(spec, loc, source, engine.blindSpot.argv(spec, database)), engine.blindSpot.filter?.(database)]
                .filter((c) => c !== undefined)
                .join(' | '),
            failed: engine.blindSpot.failed,
        },
        sidecarFormat,
    });
    return {
        dir,
        name,
        file: external_node_path_.posix.join(dir, name),
        spare,
        dumpArgv: toolArgv(spec, loc, source, dumpTool),
        script,
        stdin: passwordStdin(source, ctx),
        password: source,
        sidecarFormat,
    };
}
//# sourceMappingURL=plan.js.map
;// CONCATENATED MODULE: ./lib/backup/restore.js
/** Restores a verified backup: gunzip | mysql / pg_restore | psql / sqlite .restore, host or compose service. */








/** The file's sha256 against the one state.json recorded for it (a rollback's pre-deploy backup), sidecar or not. */
const recordedStep = (f, sha256) => `[ "$(sha256sum ${f} | cut -d ' ' -f 1)" = ${(0,quote/* shellQuote */.Z)(sha256)} ] || gd_fail "sha256 does not match the one recorded in state.json"\n`;
/**
 * Checks the file (gzip CRC, sha256 against its sidecar, however spaced; a sidecar without one
 * fails; `recorded`: also against that sha256) before loading it.
 */
function checkStep(file, recorded) {
    const f = (0,quote/* shellQuote */.Z)(file);
    return `[ -f ${f} ] || gd_fail "backup file not found"
${recorded ? recordedStep(f, recorded) : ''}gzip -t ${f} || gd_fail "the backup file is corrupt"
if [ -f ${(0,quote/* shellQuote */.Z)(`${file}.json`)} ]; then
  gd_want=$(sed -n 's/.*"sha256"[[:space:]]*:[[:space:]]*"\\([0-9a-f]\\{64\\}\\)".*/\\1/p' ${(0,quote/* shellQuote */.Z)(`${file}.json`)} | head -n 1)
  [ -n "$gd_want" ] || gd_fail "the sidecar has no sha256: the file cannot be checked"
  gd_sum=$(sha256sum ${f} | cut -d ' ' -f 1)
  [ "$gd_want" = "$gd_sum" ] || gd_fail "sha256 does not match the sidecar"
fi`;
}
const FAIL_FUNCTION = `gd_fail() { printf 'GD_FAIL %s\\n' "$1"; exit 3; }`;
/** The check of `file` alone, printing GD_CHECKED: run before the safety backup of a restore (pure). */
function checkScript(file, recorded) {
    if (!external_node_path_.posix.isAbsolute(file))
        throw new BackupError(`backup file must be an absolute path: ${file}`);
    return ['set -u', FAIL_FUNCTION, checkStep(file, recorded), 'echo GD_CHECKED'].join('\n');
}
/** A refusal of the engine's restore before it changed anything (see postgres-prelude.ts), as the client prints it. */
const REFUSED = /^ERROR:\s+(restore refused: .*)$/m;
/** Throws the BackupError of a restore script that did not print `done` (the engine's refusal, else its GD_FAIL reason; its stderr). */
function throwUnless(res, done, file) {
    if (res.code === 0 && done.test(res.stdout))
        return;
    const reason = REFUSED.exec(res.stderr)?.[1] ?? /^GD_FAIL (.*)$/m.exec(res.stdout)?.[1] ?? `restore script exited with status ${res.code}`;
    throw new BackupError(`restore of ${external_node_path_.posix.basename(file)}: ${reason}`, (0,core_text/* tail */.RT)(res.stderr));
}
/** Checks `file` (present, gzip CRC, sha256 against its sidecar) without touching any database; throws BackupError. */
async function checkBackup(exec, file, recorded) {
    throwUnless(await exec.sh(checkScript(file, recorded), { allowFailure: true }), /^GD_CHECKED$/m, file);
}
/** Shell text creating the database that is not there, or failing the restore with what to do. */
function createStep(spec, database, run) {
    const argv = engineCommands(spec.engine).createArgv?.(spec, database);
    if (!argv)
        throw new BackupError(`a ${spec.engine} database cannot be created by the restore`);
    const who = spec.user ? `the user ${spec.user}` : 'the database user';
    const reason = `the ${spec.engine} database ${database} does not exist and ${who} cannot create it: create it (as an administrator, giving ${who} its rights), then run the restore again`;
    return `${run(argv)} </dev/null || gd_fail ${(0,quote/* shellQuote */.Z)(reason)}`;
}
function planRestore(spec, ctx, file, opts = {}) {
    if (!external_node_path_.posix.isAbsolute(file))
        throw new BackupError(`backup file must be an absolute path: ${file}`);
    const engine = engineCommands(spec.engine);
    const loc = dbLocation(spec, ctx);
    const source = resolvePasswordSource(spec, ctx);
    const database = databaseOperand(spec, ctx, loc, opts.database);
    const run = (argv) => toolCommand(spec, loc, source, argv);
    const plain = (argv) => locatedCommand(loc, argv);
    const load = engine.restoreCommand(spec, database, scratchDir(loc, external_node_path_.posix.dirname(file)), `gzip -dc ${(0,quote/* shellQuote */.Z)(file)}`, run, plain);
    const script = [
        'set -u',
        FAIL_FUNCTION,
        checkStep(file),
        passwordPrologue(source, engine.passwordVar),
        opts.create ? createStep(spec, database, run) : '',
        `${load} || gd_fail "restore exited with status $?"`,
        `echo GD_RESTORED`,
    ]
        .filter((s) => s !== '')
        .join('\n');
    return { script, stdin: passwordStdin(source, ctx), database };
}
/** Loads `file` (absolute remote path) into the spec's database or opts.database; throws BackupError. */
async function restoreBackup(exec, spec, ctx, file, opts = {}) {
    const plan = planRestore(spec, ctx, file, opts);
    const started = Date.now();
    throwUnless(await exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true }), /^GD_RESTORED$/m, file);
    return { file, database: plan.database, durationMs: Date.now() - started };
}
//# sourceMappingURL=restore.js.map
;// CONCATENATED MODULE: ./lib/backup/prune.js
/** The scripts of retention: list the backups dir, delete (backup + sidecar). */

/**
 * Prints `T\t<the host's clock, epoch seconds>`, then `F\t<name>` (with `sizes`: `F\t<size>\t<name>`)
 * per regular file and `V\t<name>` per sidecar declaring "verified": true.
 */
function listingScript(dir, sizes = false) {
    const file = sizes ? `printf 'F\\t%s\\t%s\\n' "$(wc -c < "$f" | tr -d ' ')" "$f"` : `printf 'F\\t%s\\n' "$f"`;
    return `cd ${(0,quote/* shellQuote */.Z)(dir)} 2>/dev/null || exit 0
printf 'T\\t%s\\n' "$(date +%s)"
for f in *; do [ -f "$f" ] && ${file}; done
for f in *.json; do
  [ -f "$f" ] && grep -Eq '"verified"[[:space:]]*:[[:space:]]*true' "$f" && printf 'V\\t%s\\n' "$f"
done
exit 0`;
}
function parseListing(stdout) {
    const files = [];
    const verifiedSidecars = new Set();
    for (const line of stdout.split('\n')) {
        const tab = line.indexOf('\t');
        if (tab !== 1)
            continue;
        const name = line.slice(2);
        if (line[0] === 'F')
            files.push(name);
        else if (line[0] === 'V')
            verifiedSidecars.add(name);
    }
    return files.filter((n) => !n.endsWith('.json')).map((name) => ({ name, verified: verifiedSidecars.has(`${name}.json`) }));
}
/** The host's clock from the listing (ms since the epoch), undefined when it printed none. */
function parseHostTime(stdout) {
    const m = /^T\t(\d+)$/m.exec(stdout);
    return m ? Number(m[1]) * 1000 : undefined;
}
/** `rm -f` of each backup and its sidecar (sidecar first: a half-deleted pair is then unverified). */
function deleteScript(dir, names) {
    const args = names.flatMap((n) => [(0,quote/* shellQuote */.Z)(`${n}.json`), (0,quote/* shellQuote */.Z)(n)]).join(' ');
    return `cd ${(0,quote/* shellQuote */.Z)(dir)} && rm -f -- ${args}`;
}
//# sourceMappingURL=prune.js.map
;// CONCATENATED MODULE: ./lib/backup/apply-retention.js


/**
 * The "now" retention dates backups by (pure): the earlier of the runner's clock (which named the new
 * backup) and the host's. A runner clock ahead of the host's made its new backup the newest, and
 * `within` (or a calendar rule) measured from it pushed real backups out; by the host's clock that
 * backup is future-dated: kept, not counted. A host clock behind only keeps more.
 */
function retentionNow(runner, hostMs) {
    if (!runner || hostMs === undefined || hostMs >= runner.getTime())
        return runner;
    return new Date(hostMs);
}
/** Applies `keep` (a number or a policy) to the target's verified backups in `dir`. */
async function applyRetention(exec, dir, keep, opts) {
    const listing = await exec.sh(listingScript(dir));
    const now = retentionNow(opts.now, parseHostTime(listing.stdout));
    const result = planPolicy(parseListing(listing.stdout), policyOf(keep), { ...opts, now });
    if (result.deleted.length > 0)
        await exec.sh(deleteScript(dir, result.deleted));
    return result;
}
//# sourceMappingURL=apply-retention.js.map
;// CONCATENATED MODULE: ./lib/backup/run-backup.js





/**
 * Reads `GD_RESULT <size> <sha256> <name>` or turns the failure into a BackupError. The name the
 * script stored the file under must be one `plan` allowed (its name or a spare one).
 */
function parseBackupOutput(res, plan) {
    const ok = /^GD_RESULT (\d+) ([0-9a-f]{64}) (\S+)$/m.exec(res.stdout);
    if (res.code === 0 && ok) {
        const name = ok[3] ?? '';
        if (name !== plan.name && !plan.spare.includes(name))
            throw new BackupError(`the backup script stored an unexpected file name: ${JSON.stringify(name)}`);
        return { size: Number(ok[1]), sha256: ok[2] ?? '', name };
    }
    const failed = /^GD_FAIL (.*)$/m.exec(res.stdout);
    const reason = failed?.[1] ?? `the backup script exited with status ${res.code}`;
    throw new BackupError(reason, (0,core_text/* tail */.RT)(res.stderr));
}
/** Runs the backup script on `exec` (where the database is reached). */
async function runScript(exec, plan) {
    try {
        return await exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true });
    }
    catch (err) {
        throw new BackupError(`could not run the backup on ${exec.name}: ${err.message}`);
    }
}
/** Retention of this target's backups in `plan.dir` (where the new `plan.name` stays); a failure is only reported. */
async function retain(exec, plan, spec, ctx) {
    try {
        return await applyRetention(exec, plan.dir, spec.keep, {
            target: ctx.target,
            now: ctx.now,
            newest: plan.name,
            protect: [{ name: plan.name, why: 'the backup just taken' }, ...(ctx.protect ?? [])],
        });
    }
    catch (err) {
        return { kept: [plan.name], deleted: [], error: err.message };
    }
}
/**
 * Dumps, compresses, verifies and hashes the database into `<deployPath>/backups/<name>` with its
 * sidecar, then prunes this target's older verified backups down to spec.keep. Throws BackupError
 * (nothing left behind) when the dump fails, is empty or does not verify; a failing prune is only
 * reported in `retention.error`.
 */
async function runBackup(exec, spec, ctx) {
    const plan = planBackup(spec, ctx);
    const started = Date.now();
    const { size, sha256, name } = parseBackupOutput(await runScript(exec, plan), plan);
    const durationMs = Date.now() - started;
    const retention = await retain(exec, { dir: plan.dir, name }, spec, ctx);
    return { file: external_node_path_.posix.join(plan.dir, name), size, sha256, engine: spec.engine, durationMs, retention };
}
//# sourceMappingURL=run-backup.js.map
// EXTERNAL MODULE: ./lib/session/session.js + 3 modules
var session = __webpack_require__(91763);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
;// CONCATENATED MODULE: ./lib/apply/compose-detect.js
/**
 * Which compose the host runs: the configured `compose.command`, or, when it is unset, `docker
 * compose` (v2) if `docker compose version` works, else `docker-compose` (v1). One round trip;
 * the version it reports goes into the invocation (and from there into the state).
 */



/** Probed in this order when the config leaves `compose.command` unset. */
const COMPOSE_CANDIDATES = ['docker compose', 'docker-compose'];
const VERSION = /^v?(\d+\.\d+[0-9A-Za-z.+~-]*)$/;
/** What gd_v2 takes for a version (a case pattern; the parser's VERSION decides). */
const VERSION_GLOB = '[0-9]*.*|v[0-9]*.*';
/**
 * Where the docker CLI looks for its `docker-compose` plugin, in its order (after the config
 * directory's own; a config naming extra directories takes the slow probe, see v2ProbeScript).
 * Each entry goes into the script inside double quotes: the first expands DOCKER_CONFIG / HOME.
 */
const DOCKER_PLUGIN_DIRS = [
    '${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins',
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
];
/**
 * POSIX sh function `gd_v2` printing what `docker compose version --short` would: the plugin the
 * docker CLI would pick (the first `docker-compose` in `dirs`) run directly, which skips the CLI's
 * start and its metadata call of the plugin (about two thirds of the probe's time). Any doubt (no
 * `docker`, a config with cliPluginsExtraDirs, the plugin not executable, failing or printing no
 * version) takes `docker compose version --short` itself. `dirs` are trusted literals. With
 * `cache` (a file path), the plugin's version is kept there and reused while the plugin is the
 * same file (see pluginCacheScript, and its `makeDir`).
 */
function v2ProbeScript(dirs = DOCKER_PLUGIN_DIRS, cache, makeDir = false) {
    const run = cache ? 'gd_plugin "$d/docker-compose"' : '"$d/docker-compose" version --short 2>/dev/null';
    return [
        ...(cache ? [pluginCacheScript(cache, makeDir)] : []),
        'gd_v2() {',
        '  command -v docker >/dev/null 2>&1 || return 1',
        '  if ! grep -qs cliPluginsExtraDirs "${DOCKER_CONFIG:-$HOME/.docker}/config.json"; then',
        `    for d in ${dirs.map((d) => `"${d}"`).join(' ')}; do`,
        '      [ -e "$d/docker-compose" ] || continue',
        `      if [ -x "$d/docker-compose" ] && gd_p=$(${run}); then`,
        `        case $gd_p in ${VERSION_GLOB}) printf '%s\\n' "$gd_p"; return 0 ;; esac`,
        '      fi',
        '      break',
        '    done',
        '  fi',
        '  docker compose version --short 2>/dev/null',
        '}',
    ].join('\n');
}
/** The version cache of the compose plugin, in the target's .deploy directory. */
const composeCachePath = (deployPath) => `${deployPath}/.deploy/compose-version`;
/**
 * POSIX sh function `gd_plugin <plugin>` printing the plugin's `version --short` (failing as it
 * does), with a cache in the file `cache` (two lines: key, version). The key is the plugin's path,
 * size, device, inode and mtime (`stat -L`: a link's target): an upgrade replaces the file, so a
 * changed key runs the plugin again, and a version it prints (one line that gd_v2 would take) is
 * stored, atomically (temp file, mv). Only a file of a megabyte or more gets a key (the plugin is
 * a Go binary; a small wrapper script's version could change while it does not), and none where
 * `stat -c` does not work. Where the cache cannot be written (no .deploy yet, not writable),
 * nothing is kept and nothing fails. `makeDir`: the cache's directory is created first (`mkdir -p`,
 * as the lock does): for the probe a run sends just before taking its lock, which on a first deploy
 * may answer before the lock's round trip has created .deploy.
 */
function pluginCacheScript(cache, makeDir = false) {
    const c = (0,quote/* shellQuote */.Z)(cache);
    const tmp = `${c}.$$`;
    const mk = makeDir ? `mkdir -p ${(0,quote/* shellQuote */.Z)(external_node_path_.posix.dirname(cache))} && ` : '';
    return [
        'gd_plugin() {',
        '  gd_k=',
        '  gd_s=$(stat -L -c \'%s %d %i %Y\' "$1" 2>/dev/null) || gd_s=',
        '  case $gd_s in [1-9][0-9][0-9][0-9][0-9][0-9][0-9]*\' \'*) gd_k="$1 $gd_s" ;; esac',
        `  if [ -n "$gd_k" ] && [ -f ${c} ] && [ -r ${c} ]; then`,
        `    { read -r gd_c; read -r gd_v; } 2>/dev/null < ${c}`,
        '    if [ "$gd_c" = "$gd_k" ]; then printf \'%s\\n\' "$gd_v"; return 0; fi',
        '  fi',
        '  gd_v=$("$1" version --short 2>/dev/null) || return 1',
        '  if [ -n "$gd_k" ]; then',
        // the pattern's quoted newline: a version of several lines is not kept
        "    case $gd_v in *'",
        `'*) ;; ${VERSION_GLOB}) { ${mk}printf '%s\\n%s\\n' "$gd_k" "$gd_v" > ${tmp} && mv -f ${tmp} ${c}; } 2>/dev/null || rm -f ${tmp} 2>/dev/null ;; esac`,
        '  fi',
        '  printf \'%s\\n\' "$gd_v"',
        '}',
    ].join('\n');
}
/**
 * POSIX sh printing `<command>\t<version>` for the first candidate whose `version --short` works,
 * or `none` (exit 0 either way: the parser turns `none` into the error). `docker compose` is
 * probed through gd_v2 (v2ProbeScript, from `pluginDirs`, with `cache` and `makeDir`).
 */
function composeDetectScript(candidates = COMPOSE_CANDIDATES, pluginDirs = DOCKER_PLUGIN_DIRS, cache, makeDir = false) {
    const probes = candidates.map((c, i) => {
        const head = i === 0 ? 'if' : 'elif';
        const probe = c === 'docker compose' ? 'gd_v2' : `${(0,quote/* shellJoin */.n)([...c.split(' '), 'version', '--short'])} 2>/dev/null`;
        return `${head} v=$(${probe}); then printf '%s\\t%s\\n' ${(0,quote/* shellJoin */.n)([c])} "$v"`;
    });
    const fn = candidates.includes('docker compose') ? [v2ProbeScript(pluginDirs, cache, makeDir)] : [];
    return [...fn, ...probes, 'else echo none', 'fi'].join('\n');
}
const NO_COMPOSE = 'no compose on the host: neither "docker compose" (v2 plugin) nor "docker-compose" (v1) runs ' +
    '(install one, or set compose.command in the config)';
function noCompose(candidates) {
    if (candidates.length === 1) {
        return new errors/* UserError */.yo(`compose.command "${candidates[0]}" does not run on the host ("${candidates[0]} version" failed)`);
    }
    return new errors/* UserError */.yo(NO_COMPOSE);
}
/** The script's output → command and version; `none` (or garbage) → a UserError naming the candidates. */
function parseComposeDetect(stdout, candidates = COMPOSE_CANDIDATES) {
    const line = stdout.trim().split('\n').pop() ?? '';
    const [command = '', raw = ''] = line.split('\t');
    const version = VERSION.exec(raw.trim())?.[1];
    if (!candidates.includes(command) || !version)
        throw noCompose(candidates);
    return { command: command.split(' '), version };
}
/** What is probed: only `configured` when set, else the candidates in order. */
const composeCandidates = (configured) => configured ? [configured] : COMPOSE_CANDIDATES;
/** Probes the host: only `configured` when set, else the candidates in order. */
async function detectCompose(exec, configured) {
    const candidates = composeCandidates(configured);
    const r = await exec.sh(composeDetectScript(candidates));
    return parseComposeDetect(r.stdout, candidates);
}
/** $0 of the auto-detecting command (shows in `ps` and in error messages). */
const AUTO_NAME = 'gitops-deploy-compose';
/**
 * argv prefix for an invocation built without a probe (compose.command unset): the host picks
 * `docker compose` when `docker compose version` works, else `docker-compose`, at each call.
 */
function autoComposeCommand() {
    const [v2, v1] = COMPOSE_CANDIDATES.map((c) => c.split(' '));
    const script = `if ${(0,quote/* shellJoin */.n)([...v2, 'version'])} >/dev/null 2>&1; then exec ${(0,quote/* shellJoin */.n)(v2)} "$@"; ` +
        `elif command -v ${(0,quote/* shellJoin */.n)(v1)} >/dev/null 2>&1; then exec ${(0,quote/* shellJoin */.n)(v1)} "$@"; ` +
        `else echo ${(0,quote/* shellQuote */.Z)(`${AUTO_NAME}: ${NO_COMPOSE}`)} >&2; exit 127; fi`;
    return ['sh', '-c', script, AUTO_NAME];
}
function isAutoComposeCommand(command) {
    return command[0] === 'sh' && command[3] === AUTO_NAME;
}
/** The concrete command behind an invocation's: probes the host only for the auto-detecting one. */
async function concreteComposeCommand(exec, command) {
    return isAutoComposeCommand(command) ? (await detectCompose(exec)).command : [...command];
}
//# sourceMappingURL=compose-detect.js.map
;// CONCATENATED MODULE: ./lib/apply/compose-target.js



/**
 * How compose is invoked for a tree on the host (the release dir for builds, `current` for up).
 * `detected` (from detectHostCompose, one probe per connection) supplies the command and its
 * version. Without it: the configured command, else one that picks v2 or v1 on the host at each
 * call (autoComposeCommand); no version is known then.
 */
function composeInvocation(config, treeRoot, detected) {
    const project = config.compose.project;
    if (!project)
        throw new errors/* UserError */.yo('compose.project is required for compose targets (the project name is pinned with -p)');
    const dir = external_node_path_.posix.normalize(external_node_path_.posix.join(treeRoot, config.compose.directory));
    return {
        command: detected ? [...detected.command] : (config.compose.command?.split(' ') ?? autoComposeCommand()),
        ...(detected ? { version: detected.version } : {}),
        project,
        files: config.compose.files.map((f) => external_node_path_.posix.join(dir, f)),
        projectDir: dir,
    };
}
/**
 * The probe of the host's compose (pure): the configured `compose.command`, else the candidates in
 * order. With `deployPath` (the target's path), the v2 plugin's version is cached in its .deploy
 * directory (composeCachePath; a check like doctor's leaves it out and runs the plugin); with
 * `makeDir`, that directory is created if missing (pluginCacheScript).
 */
const hostComposeScript = (config, deployPath, makeDir = false) => composeDetectScript(composeCandidates(config.compose.command), DOCKER_PLUGIN_DIRS, deployPath && composeCachePath(deployPath), makeDir);
/** What hostComposeScript printed → the host's compose, or the UserError naming what does not run. */
const parseHostCompose = (config, stdout) => parseComposeDetect(stdout, composeCandidates(config.compose.command));
/** What hostComposeScript printed on each connection (per script): the probe runs once per connection. */
const probed = new WeakMap();
/**
 * The output of hostComposeScript on `exec`, read once per connection. The first call sends it (it
 * only reads, but for the plugin's version cache it keeps: a deploy starts it before taking the lock); a failure is not left unhandled when
 * nothing awaits it yet, and reaches whoever awaits it. `makeDir` (only the first call's counts):
 * the cache's directory is created if missing, for a run about to take its lock (which creates it
 * too, maybe only after this probe has answered).
 */
function hostComposeOutput(exec, config, deployPath, makeDir = false) {
    const byScript = probed.get(exec) ?? new Map();
    probed.set(exec, byScript);
    const script = hostComposeScript(config, deployPath);
    let output = byScript.get(script);
    if (!output) {
        output = exec.sh(hostComposeScript(config, deployPath, makeDir)).then((r) => r.stdout);
        output.catch(() => undefined);
        byScript.set(script, output);
    }
    return output;
}
/**
 * The host's compose, once per connection: the configured `compose.command` (checked to run), or
 * with it unset `docker compose` when `docker compose version` works, else `docker-compose`, else
 * a UserError naming both.
 */
async function detectHostCompose(exec, config, deployPath) {
    return parseHostCompose(config, await hostComposeOutput(exec, config, deployPath));
}
//# sourceMappingURL=compose-target.js.map
// EXTERNAL MODULE: ./lib/sync/layout.js
var sync_layout = __webpack_require__(58901);
;// CONCATENATED MODULE: ./lib/apply/swarm-names.js
/** Names swarm gives the services of a stack (shared by the swarm strategy and the backup through a stack service's task). */
/** Swarm's name of a stack's service. */
const serviceName = (stack, service) => `${stack}_${service}`;
//# sourceMappingURL=swarm-names.js.map
;// CONCATENATED MODULE: ./lib/apply/compose-naming.js
/** Compose v1 (`docker-compose`) or v2 (`docker compose`), from the configured command. */
function isComposeV1(command) {
    return command.length === 1 && /(^|\/)docker-compose$/.test(command[0] ?? '');
}
/** `up --wait` came with compose 2.1: true for a probed version from 2.1 on (never for v1 or an unknown version). */
function composeCanWait(command, version) {
    const [major = 0, minor = 0] = (version ?? '').split('.').map((n) => parseInt(n, 10));
    return !isComposeV1(command) && (major > 2 || (major === 2 && minor >= 1));
}
/** "v1" or "v2", for messages and the status. */
const composeGeneration = (command) => (isComposeV1(command) ? 'v1' : 'v2');
/** The project as each version spells it in names: v1 lowercases and drops all but [-_a-z0-9]. */
function nameProject(project, v1) {
    return v1 ? project.toLowerCase().replace(/[^-_a-z0-9]/g, '') : project.toLowerCase();
}
/**
 * The image reference compose gives a built service: its `image:` when set, else
 * `<project>_<service>` (v1, project normalized like compose does) or `<project>-<service>` (v2).
 */
function imageNameOf(service, project, v1) {
    const image = service.definition.image;
    if (typeof image === 'string' && image !== '')
        return image;
    return `${nameProject(project, v1)}${v1 ? '_' : '-'}${service.name}`;
}
/** The name of a service's n-th container (1-based): `<project>_<service>_<n>` (v1) or `<project>-<service>-<n>` (v2). */
function containerNameOf(project, service, index, v1) {
    const sep = v1 ? '_' : '-';
    return [nameProject(project, v1), service, String(index)].join(sep);
}
//# sourceMappingURL=compose-naming.js.map
;// CONCATENATED MODULE: ./lib/apply/compose-command.js
/** Pure builders of docker compose argument arrays (v2 `docker compose` or v1 `docker-compose`). */


/** Service names reach argv: only the names the compose model accepts (compose/document.ts) pass. */
function checkServices(services) {
    for (const s of services)
        if (!core_text/* NAME_PATTERN */.Vh.test(s))
            throw new Error(`invalid service name ${JSON.stringify(s)}`);
}
/** `compose -p P --project-directory D -f a -f b` */
function composeBase(c) {
    const files = c.files.flatMap((f) => ['-f', f]);
    return [...c.command, '-p', c.project, '--project-directory', c.projectDir, ...files];
}
/**
 * `build [--no-cache] services`. Compose v1's legacy builder leaves the container of a failed step
 * behind unless told `--force-rm` (v2 builds with BuildKit, which leaves none, and has no such flag).
 */
function buildArgs(c, services, noCache) {
    checkServices(services);
    const forceRm = isComposeV1(c.command) && !/^[2-9]/.test(c.version ?? '');
    return [...composeBase(c), 'build', ...(forceRm ? ['--force-rm'] : []), ...(noCache ? ['--no-cache'] : []), ...services];
}
/** `--timeout N`: whole seconds (compose v1 and v2 refuse a fraction), rounded up. */
const timeoutOption = (seconds) => seconds === undefined ? [] : ['--timeout', String(Math.max(0, Math.ceil(seconds)))];
/** Recreates exactly these services (new image or new definition), leaving their dependencies alone. */
function upArgs(c, services, opts = {}) {
    checkServices(services);
    return [
        ...composeBase(c),
        'up',
        '-d',
        '--no-deps',
        '--no-build',
        ...(opts.forceRecreate ? ['--force-recreate'] : []),
        ...timeoutOption(opts.timeoutSeconds),
        ...services,
    ];
}
function restartArgs(c, services, timeoutSeconds) {
    checkServices(services);
    return [...composeBase(c), 'restart', ...timeoutOption(timeoutSeconds), ...services];
}
/**
 * Services grouped by their stop grace (plan.stopGrace, seconds): `--timeout` applies to a whole
 * `up`/`restart` call, so services with different graces need separate calls. The group without
 * one (undefined: compose's default) first, then by seconds; names in their given order.
 */
function groupByGrace(services, grace = {}) {
    const groups = new Map();
    for (const s of services) {
        const seconds = grace[s];
        groups.set(seconds, [...(groups.get(seconds) ?? []), s]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a ?? -1) - (b ?? -1));
}
function execArgs(c, service, command) {
    checkServices([service]);
    return [...composeBase(c), 'exec', '-T', service, 'sh', '-c', command];
}
/**
 * Container ids of one service of the project (running or not, one-off `run` containers excluded),
 * found by compose's labels: a plain `docker ps` instead of a compose invocation (compose v1 takes
 * about a second to start), and it also finds services no longer in the compose model.
 */
function projectContainersArgs(project, service) {
    checkServices([service]);
    return [
        'docker',
        'ps',
        '-aq',
        '--no-trunc',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--filter',
        `label=com.docker.compose.service=${service}`,
        '--filter',
        'label=com.docker.compose.oneoff=False',
    ];
}
//# sourceMappingURL=compose-command.js.map
;// CONCATENATED MODULE: ./lib/backup/probe.js
/**
 * Does the database exist? One remote script per engine and location (pure builder), run before the
 * pre-deploy backup. It prints one verdict line:
 *   GD_DB present             the database can be dumped
 *   GD_DB absent <reason>     there is no database yet (nothing to back up)
 *   GD_DB unknown <reason>    it cannot be told (server down, stopped container, no password...)
 * and, for a compose service, `GD_CONTAINER <id>` of its running container (found by compose's
 * labels with `docker ps`, so no compose file is needed on the host: a first deploy can take over
 * a project started by hand). With `ctx.container` (a swarm task's container, run on its node) the
 * checks run in that container. The tool's stderr is left on stderr.
 */









/** [connect to the database, count the databases of that name on the server] as client argv. */
function serverQueries(spec, database) {
    if (spec.engine === 'postgres') {
        const psql = ['psql', '-X', '-w', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...pgConnectionArgs(spec)];
        const count = `SELECT count(*) FROM pg_database WHERE datname = ${sqlString(database, false)}`;
        return [
            [...psql, '-d', database, '-c', 'SELECT 1'],
            [...psql, '-d', 'postgres', '-c', count],
        ];
    }
    const mysql = ['mysql', '-N', '-B', ...mysqlConnectionArgs(spec)];
    const count = `SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ${sqlString(database, true)}`;
    return [
        [...mysql, '-e', 'SELECT 1', database],
        [...mysql, '-e', count],
    ];
}
/**
 * The engine's checks: connect to the database itself (present); else count it among the server's
 * databases: not there → absent, there → unknown (it exists but cannot be reached).
 */
function serverChecks(spec, database, run) {
    const [connect, list] = serverQueries(spec, database);
    const what = `the ${spec.engine} database ${database}`;
    return [
        `gd_err=${captured(`${run(connect)} 2>&1 >/dev/null </dev/null`)} && gd_verdict present`,
        `gd_n=${captured(`${run(list)} </dev/null`)}; gd_rc=$?`,
        // 126/127: the client is not there (psql in a mariadb container); docker exec says why on stdout
        `case $gd_rc in 0) ;; 126|127) printf '%s\\n' "$gd_n" >&2; gd_verdict unknown "${list[0]} could not be run where the database is (exit $gd_rc: not installed there? check backup.engine and backup.service)" ;;`,
        `  *) gd_verdict unknown ${(0,quote/* shellQuote */.Z)(`cannot connect to the ${spec.engine} server to look for ${what}`)} ;; esac`,
        `[ "$gd_n" != 0 ] || gd_verdict absent ${(0,quote/* shellQuote */.Z)(`${what} does not exist (or its user cannot see it)`)}`,
        `printf '%s\\n' "$gd_err" >&2`,
        `gd_verdict unknown ${(0,quote/* shellQuote */.Z)(`${what} exists but connecting to it failed`)}`,
    ].join('\n');
}
/** sqlite: a non-empty file is a database; an empty or missing one is not (yet). */
function sqliteChecks(file, run) {
    const test = ['sh', '-c', 'if [ -s "$1" ]; then exit 0; elif [ -e "$1" ]; then exit 10; else exit 11; fi', 'gd-probe', file];
    return [
        `${run(test)} </dev/null; gd_rc=$?`,
        'case $gd_rc in',
        '  0) gd_verdict present ;;',
        `  10) gd_verdict absent ${(0,quote/* shellQuote */.Z)(`sqlite database ${file} is an empty file`)} ;;`,
        `  11) gd_verdict absent ${(0,quote/* shellQuote */.Z)(`sqlite database ${file} does not exist`)} ;;`,
        `  *) gd_verdict unknown "cannot look for the sqlite database (exit $gd_rc)" ;;`,
        'esac',
    ].join('\n');
}
/** Finds the running container of the service into $gd_cid; absent when the project has none at all. */
function containerLookup(project, service) {
    const all = projectContainersArgs(project, service);
    const running = [...all, '--filter', 'status=running'];
    const which = `compose service ${service} of project ${project}`;
    return [
        `gd_ps=${captured((0,quote/* shellJoin */.n)(running))} || gd_verdict unknown ${(0,quote/* shellQuote */.Z)('docker ps failed')}`,
        `gd_cid=${captured(`printf '%s\\n' "$gd_ps" | head -n 1`)}`,
        'if [ -z "$gd_cid" ]; then',
        `  gd_ps=${captured((0,quote/* shellJoin */.n)(all))} || gd_verdict unknown ${(0,quote/* shellQuote */.Z)('docker ps failed')}`,
        `  [ -z "$gd_ps" ] || gd_verdict unknown ${(0,quote/* shellQuote */.Z)(`${which} has a container that is not running: start it (docker compose -p ${project} up -d ${service}) so that its database can be backed up`)}`,
        `  gd_verdict absent ${(0,quote/* shellQuote */.Z)(`${which} has no container yet`)}`,
        'fi',
        `printf 'GD_CONTAINER %s\\n' "$gd_cid"`,
    ].join('\n');
}
/** $gd_cid: the container given (a swarm task's, found on the manager), else found by compose's labels. */
function containerOf(service, ctx) {
    if (ctx.container)
        return `gd_cid=${(0,quote/* shellQuote */.Z)(ctx.container)}`;
    return ctx.compose ? containerLookup(ctx.compose.project, service) : '';
}
function runner(spec, source) {
    const envVar = engineCommands(spec.engine).passwordVar;
    const assign = passwordAssignment(source, envVar);
    if (!spec.service)
        return (argv) => `${assign}${(0,quote/* shellJoin */.n)(argv)}`;
    const prefix = (0,quote/* shellJoin */.n)(dockerExecPrefix(forwardedEnv(source, envVar)));
    return (argv) => `${assign}${prefix} "$gd_cid" ${(0,quote/* shellJoin */.n)(containerPasswordWrap(source, envVar, argv))}`;
}
/** The probe of the spec's database, where the backup would dump it (see the module comment). */
function planProbe(spec, ctx) {
    if (spec.service && !ctx.compose && !ctx.container)
        throw new BackupError(`backup.service "${spec.service}" needs the compose project`);
    const loc = spec.service ? { kind: 'container', container: '' } : { kind: 'host' };
    const source = resolvePasswordSource(spec, ctx);
    const database = databaseOperand(spec, ctx, loc);
    const run = runner(spec, source);
    const script = [
        'set -u',
        `gd_verdict() { printf 'GD_DB %s\\n' "$*"; exit 0; }`,
        `gd_fail() { gd_verdict unknown "$1"; }`,
        spec.service ? containerOf(spec.service, ctx) : '',
        passwordPrologue(source, engineCommands(spec.engine).passwordVar),
        spec.engine === 'sqlite' ? sqliteChecks(database, run) : serverChecks(spec, database, run),
    ]
        .filter((l) => l !== '')
        .join('\n');
    return { script, stdin: passwordStdin(source, ctx) };
}
/** The verdict printed by the probe; unknown (with `fallback`) when it printed none. */
function parseProbe(stdout, fallback) {
    const verdict = /^GD_DB (present|absent|unknown) ?(.*)$/m.exec(stdout);
    const container = /^GD_CONTAINER ([0-9a-f]{12,64})$/m.exec(stdout)?.[1];
    if (!verdict)
        return { state: 'unknown', reason: fallback };
    if (verdict[1] === 'present')
        return container ? { state: 'present', container } : { state: 'present' };
    return { state: verdict[1], reason: verdict[2] ?? '' };
}
//# sourceMappingURL=probe.js.map
;// CONCATENATED MODULE: ./lib/backup/decide-backup.js
/**
 * Does the pre-deploy backup run? The database is probed first (one round trip, where it lives). It
 * is backed up whenever it exists, first deploy or not; a first deploy with no database yet skips
 * with the reason; a target with a live release whose database is gone, or a probe that cannot
 * tell, stops the deploy before anything changes.
 */



/** What the probe means for the deploy (pure); throws a BackupError when the deploy must stop. */
function decideBackup(probe, live, target, stderr = '') {
    if (probe.state === 'present')
        return probe.container ? { action: 'backup', container: probe.container } : { action: 'backup' };
    const unchanged = 'the deploy stopped before changing anything';
    if (probe.state === 'unknown') {
        throw new BackupError(`cannot tell whether the database of target ${target} exists: ${probe.reason}; ${unchanged}`, stderr);
    }
    if (live) {
        throw new BackupError(`the database of target ${target} is gone: ${probe.reason}, although release ${(0,core_text/* shortSha */.Fu)(live.id)} is live and was deployed with it; ${unchanged}. Restore it first (command: restore), or check backup.path / backup.database`);
    }
    return { action: 'skip', reason: `no database to back up yet (first deploy): ${probe.reason}` };
}
/** Runs the probe of the spec's database on `exec`. */
async function probeDatabase(exec, spec, ctx) {
    const plan = planProbe(spec, ctx);
    const r = await exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true });
    return { result: parseProbe(r.stdout, `the probe exited with status ${r.code}`), stderr: (0,core_text/* tail */.RT)(r.stderr, 10) };
}
//# sourceMappingURL=decide-backup.js.map
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./lib/core/secret-env.js
var secret_env = __webpack_require__(58737);
// EXTERNAL MODULE: ./lib/transport/ssh-options.js
var ssh_options = __webpack_require__(59028);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./lib/backup/hash-tap.js


/** A pass-through stream that hashes (sha256) and counts what goes through it. */
function hashTap() {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const tap = new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
        },
    });
    return { tap, sha256: () => hash.digest('hex'), size: () => size };
}
//# sourceMappingURL=hash-tap.js.map
;// CONCATENATED MODULE: ./lib/backup/download.js
/**
 * Copies a backup from the host to the runner (off-site copy): `ssh ... cat -- FILE` over the run's
 * ControlMaster, streamed to disk through a sha256 hash (constant memory whatever the size).
 */







/** ssh argv printing the remote file on stdout (pure). */
function catArgv(sshArgs, remote, file) {
    return [...sshArgs, (0,ssh_options/* sshDestination */.jK)(remote), `cat -- ${(0,quote/* shellQuote */.Z)(file)}`];
}
/** Streams `remoteFile` into `localFile` (0600); rejects when ssh fails or `expectSha256` differs. */
async function downloadFile(conn, remoteFile, localFile, expectSha256) {
    await conn.ensureMaster();
    const child = (0,external_node_child_process_.spawn)('ssh', catArgv(conn.sshArgs, conn.remote, remoteFile), { stdio: ['ignore', 'pipe', 'pipe'], env: (0,secret_env/* withoutSecrets */.c)() });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr = (stderr + c.toString()).slice(-2000)));
    const exited = new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? 255));
    });
    const counted = hashTap();
    await (0,promises_.pipeline)(child.stdout, counted.tap, (0,external_node_fs_.createWriteStream)(localFile, { mode: 0o600 }));
    const code = await exited;
    if (code !== 0)
        throw new Error(`download of ${remoteFile} failed (ssh exit ${code}): ${stderr.trim()}`);
    const sha256 = counted.sha256();
    if (expectSha256 && sha256 !== expectSha256)
        throw new Error(`download of ${remoteFile}: sha256 ${sha256} differs from the backup's ${expectSha256}`);
    return { file: localFile, size: counted.size(), sha256 };
}
//# sourceMappingURL=download.js.map
;// CONCATENATED MODULE: ./lib/backup/relay.js
/**
 * Streams a file from one host into a script on another, through the runner: `ssh A cat -- FILE`
 * piped into `ssh B sh -c SCRIPT` (each over its run's ControlMaster), hashed on the way. Constant
 * memory whatever the size; nothing is written on the runner.
 */







/** ssh argv running `script` with sh on the remote end (pure). */
function shScriptArgv(end, script) {
    return [...end.sshArgs, (0,ssh_options/* sshDestination */.jK)(end.remote), (0,quote/* shellJoin */.n)(['sh', '-c', script])];
}
function exitOf(child) {
    return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? 255));
    });
}
const collect = (stream, keep = 64_000) => {
    let text = '';
    stream.on('data', (c) => (text = (text + c.toString()).slice(-keep)));
    return () => text;
};
/** `file` on `from` → stdin of `script` on `to`. Resolves with both ends' outcome (the caller judges them). */
async function relayFile(from, file, to, script) {
    await from.ensureMaster();
    await to.ensureMaster();
    const env = (0,secret_env/* withoutSecrets */.c)();
    const src = (0,external_node_child_process_.spawn)('ssh', catArgv(from.sshArgs, from.remote, file), { stdio: ['ignore', 'pipe', 'pipe'], env });
    const dst = (0,external_node_child_process_.spawn)('ssh', shScriptArgv(to, script), { stdio: ['pipe', 'pipe', 'pipe'], env });
    const [srcErr, dstOut, dstErr] = [collect(src.stderr), collect(dst.stdout), collect(dst.stderr)];
    const exits = Promise.all([exitOf(src), exitOf(dst)]);
    const counted = hashTap();
    // a receiver that ends early breaks the pipe: its own output says why
    await (0,promises_.pipeline)(src.stdout, counted.tap, dst.stdin).catch(() => src.kill('SIGTERM'));
    const [sent, received] = await exits;
    return {
        result: { code: received, stdout: dstOut(), stderr: dstErr() },
        sent: { code: sent, stderr: srcErr() },
        size: counted.size(),
        sha256: counted.sha256(),
    };
}
//# sourceMappingURL=relay.js.map
// EXTERNAL MODULE: ./lib/config/ssh-address.js
var ssh_address = __webpack_require__(53989);
;// CONCATENATED MODULE: ./lib/backup/swarm-task.js
/**
 * Pure builders and readers of the backup through a swarm stack service (`backup.service` on a swarm
 * target): the manager finds the service's running task (its node and container), the dump runs
 * with `docker exec` in that container over SSH to that node, staged there in a private directory.
 */



/**
 * sh run on the manager: `GD_TASK <task> <node id> <container> <manager's node id> <node addr> <hostname>`
 * of the first Running task of `service`, then `GD_DB present`; `GD_DB absent|unknown <reason>` else
 * (absent: the service does not exist, e.g. before the first deploy).
 */
function locateTaskScript(service) {
    const sv = (0,quote/* shellQuote */.Z)(service);
    const no = (what) => (0,quote/* shellQuote */.Z)(`${what} (swarm service ${service})`);
    return `set -u
gd_verdict() { printf 'GD_DB %s\\n' "$*"; exit 0; }
gd_ls=$(docker service ls --filter name=${sv} --format '{{.Name}}') || gd_verdict unknown ${no('docker service ls failed on the manager')}
printf '%s\\n' "$gd_ls" | grep -Fqx -e ${sv} || gd_verdict absent ${(0,quote/* shellQuote */.Z)(`swarm service ${service} does not exist`)}
gd_ps=$(docker service ps --no-trunc --filter desired-state=running --format '{{.ID}} {{.CurrentState}}' ${sv}) || gd_verdict unknown ${no('docker service ps failed')}
gd_task=$(printf '%s\\n' "$gd_ps" | while read -r gd_i gd_s gd_rest; do if [ "$gd_s" = Running ]; then echo "$gd_i"; break; fi; done)
[ -n "$gd_task" ] || gd_verdict unknown ${no('no running task: start it so that its database can be backed up')}
gd_at=$(docker inspect --format '{{.NodeID}} {{.Status.ContainerStatus.ContainerID}}' "$gd_task") || gd_verdict unknown ${no('docker inspect of its task failed')}
gd_node=\${gd_at%% *}
gd_host=$(docker node inspect --format '{{.Status.Addr}} {{.Description.Hostname}}' "$gd_node") || gd_verdict unknown ${no('docker node inspect failed')}
gd_self=$(docker info --format '{{.Swarm.NodeID}}') || gd_verdict unknown ${no('docker info failed on the manager')}
printf 'GD_TASK %s %s %s %s %s\\n' "$gd_task" "$gd_node" "\${gd_at#* }" "$gd_self" "$gd_host"
gd_verdict present`;
}
const ID = '[0-9a-z]{10,64}';
const TASK_LINE = new RegExp(`^GD_TASK (${ID}) (${ID}) ([0-9a-f]{12,64}) (${ID}) (\\S+) (\\S+)$`, 'm');
/** Reads `locateTaskScript` output (`fallback`: the reason when it printed no verdict). */
function parseTaskLocation(service, stdout, fallback) {
    const verdict = /^GD_DB (present|absent|unknown) ?(.*)$/m.exec(stdout);
    if (!verdict)
        return { state: 'unknown', reason: fallback };
    if (verdict[1] !== 'present')
        return { state: verdict[1], reason: verdict[2] ?? '' };
    const m = TASK_LINE.exec(stdout);
    if (!m)
        return { state: 'unknown', reason: `the task of swarm service ${service} has no container yet` };
    const [, task, node, container, self, addr, hostname] = m;
    return {
        state: 'present',
        service,
        task: task,
        node: node,
        container: container,
        addr: addr,
        hostname: hostname,
        onManager: node === self,
    };
}
/** The SSH address of the task's node: `nodes` by node ID, else by hostname (port: `port` unless given). */
function nodeAddress(nodes, t, port, target) {
    const entry = nodes[t.node] ?? nodes[t.hostname];
    if (entry)
        return (0,ssh_address/* splitHostPort */.cC)(entry, port);
    // brackets (and, in the flow mapping, quotes) for a node that advertises an IPv6 address
    const suggested = (0,ssh_address/* configHost */.t)('deploy', t.addr);
    const value = suggested.includes('[') ? JSON.stringify(suggested) : suggested;
    throw new errors/* UserError */.yo(`the database task of ${t.service} runs on node ${t.hostname} (${t.node}, address ${t.addr}), not on the manager, and targets.${target}.nodes has no SSH address for it: add one, e.g. nodes: {${t.hostname}: ${value}} (or pin the database service to the manager with a placement constraint)`);
}
/** sh on the node: a private staging directory (mode 0700) for the dump; prints its path. */
const stagingDirScript = () => 'umask 077\nmktemp -d "${TMPDIR:-/var/tmp}/gitops-backup.XXXXXX"';
/** sh on the node: the staging directory removed (`dir` as stagingDirScript printed it). */
function removeStagingScript(dir) {
    if (!/^\/[^\n\0]*\/gitops-backup\.[A-Za-z0-9]+$/.test(dir))
        throw new Error(`not a staging directory: ${JSON.stringify(dir)}`);
    return `rm -rf -- ${(0,quote/* shellQuote */.Z)(dir)}`;
}
//# sourceMappingURL=swarm-task.js.map
;// CONCATENATED MODULE: ./lib/backup/swarm-backup.js
/**
 * Runner: the backup of a database that runs as a swarm stack service (`backup.service` on a swarm
 * target). The manager finds the service's running task; the probe and the dump run with `docker
 * exec` in its container, over SSH to the node that runs it (the session's own connection when that
 * is the manager). On another node the usual backup script (stream → gzip → hash → verify) writes
 * into a private staging directory there; the verified file is then streamed node → runner →
 * manager into <path>/backups, accepted only with the same sha256, with its sidecar; retention runs
 * on the manager; the staging directory is always removed.
 */













const sshToNode = (s, t) => {
    const target = s.target;
    return (0,session/* connectTo */.m6)(s.settings, target, nodeAddress(target.nodes, t, target.port, s.targetName), s.reporter);
};
const DEFAULT_ACCESS = { connect: sshToNode, relay: relayFile };
/** `<stack>_<service>` when the target's database runs as a swarm stack service, else undefined. */
function swarmDbService(s) {
    const t = s.target;
    if (t.strategy !== 'swarm')
        return undefined;
    const service = t.backup?.service;
    return service ? serviceName(t.stack, service) : undefined;
}
/** A restore (or drill) into a swarm service's database is refused with a clear message: not built yet. */
function refuseSwarmRestore(s, what) {
    const service = swarmDbService(s);
    if (service)
        throw new errors/* UserError */.yo(`${what} into the database of swarm service ${service} is not supported yet (targets.${s.targetName}.backup.service): the backups are in ${s.target.path}/backups on the manager; load one by hand with docker exec on the node that runs ${service}`);
}
/** Finds the running task of `service` from the manager. */
async function locateDbTask(s, service) {
    const r = await s.conn.exec.sh(locateTaskScript(service), { allowFailure: true });
    return parseTaskLocation(service, r.stdout, `locating the task of ${service} exited with status ${r.code}: ${(0,core_text/* tail */.RT)(r.stderr, 3)}`);
}
/** Runs `fn` with the connection to the task's node (opened for it and closed after, unless it is the manager). */
async function onNode(s, t, access, fn) {
    const where = t.onManager ? 'the manager' : `node ${t.hostname} (${t.node})`;
    const node = t.onManager ? s.conn : await access.connect(s, t);
    const line = `database of ${t.service}: task ${t.task} on ${where}, docker exec in container ${t.container.slice(0, 12)} over SSH to ${node.exec.name}`;
    s.reporter.info(line);
    s.report.notes.push(line);
    try {
        return await fn(node);
    }
    finally {
        if (node !== s.conn)
            await node.cleanup().catch((e) => s.reporter.warning(`ssh cleanup of node ${t.hostname}: ${e.message}`));
    }
}
/** The staged file streamed to the manager's backups directory; resolves with what the manager stored. */
async function copyToManager(s, node, plan, sha256, ctx, access) {
    const names = { name: plan.name, spare: plan.spare };
    const script = buildReceiveScript({ dir: backupsDir(ctx.deployPath), ...names, sha256, sidecarFormat: plan.sidecarFormat });
    const r = await access.relay(node, plan.file, s.conn, script);
    if (r.sent.code !== 0)
        throw new BackupError(`copying the dump from ${node.exec.name} to the manager failed (ssh exit ${r.sent.code})`, r.sent.stderr);
    const stored = parseBackupOutput(r.result, names);
    if (stored.sha256 !== sha256 || r.sha256 !== sha256)
        throw new BackupError(`the copy on the manager (sha256 ${stored.sha256}) is not the verified dump (${sha256})`);
    return stored;
}
/** The backup script on the node, into a private staging directory, then the copy to the manager, then retention there. */
async function stagedBackup(s, node, spec, ctx, access) {
    const started = Date.now();
    const staging = (await node.exec.sh(stagingDirScript())).stdout.trim();
    const removeStaging = removeStagingScript(staging);
    const plan = planBackup(spec, ctx, staging);
    let stored;
    try {
        const staged = parseBackupOutput(await runScript(node.exec, plan), plan);
        stored = await copyToManager(s, node, plan, staged.sha256, ctx, access);
    }
    finally {
        await node.exec.sh(removeStaging, { allowFailure: true }).catch(() => undefined);
    }
    const dir = backupsDir(ctx.deployPath);
    const retention = await retain(s.conn.exec, { dir, name: stored.name }, spec, ctx);
    const file = external_node_path_.posix.join(dir, stored.name);
    return { file, size: stored.size, sha256: stored.sha256, engine: spec.engine, durationMs: Date.now() - started, retention };
}
const backupAt = (s, node, t, spec, ctx, access) => t.onManager ? runBackup(s.conn.exec, spec, ctx) : stagedBackup(s, node, spec, ctx, access);
/** The pre-deploy backup: the task located, the database probed in it, then backed up (or skipped, see decideBackup). */
async function swarmBackupStep(s, spec, ctx, live, given = {}) {
    const access = { ...DEFAULT_ACCESS, ...given };
    const found = await locateDbTask(s, swarmDbService(s));
    if (found.state !== 'present')
        return decideBackup(found, live, s.targetName);
    return onNode(s, found, access, async (node) => {
        const at = { ...ctx, container: found.container };
        const probed = await probeDatabase(node.exec, spec, at);
        const decision = decideBackup(probed.result, live, s.targetName, probed.stderr);
        if (decision.action === 'skip')
            return decision;
        return backupAt(s, node, found, spec, at, access);
    });
}
/** `backup` (and any backup outside a deploy): the task located, the database backed up in it. */
async function swarmBackup(s, spec, ctx, given = {}) {
    const access = { ...DEFAULT_ACCESS, ...given };
    const found = await locateDbTask(s, swarmDbService(s));
    if (found.state !== 'present')
        throw new BackupError(`cannot back up the database of target ${s.targetName}: ${found.reason}`);
    return onNode(s, found, access, (node) => backupAt(s, node, found, spec, { ...ctx, container: found.container }, access));
}
/** doctor: the probe in the task's container, on its node. */
async function probeSwarmDb(s, spec, ctx, given = {}) {
    const access = { ...DEFAULT_ACCESS, ...given };
    const found = await locateDbTask(s, swarmDbService(s));
    if (found.state !== 'present')
        return { result: found, stderr: '' };
    return onNode(s, found, access, (node) => probeDatabase(node.exec, spec, { ...ctx, container: found.container }));
}
//# sourceMappingURL=swarm-backup.js.map
;// CONCATENATED MODULE: ./lib/backup/database.js
/** Database steps shared by rollback, backup and restore: the backup context, safety backup + restore. */












/** The target's backup config as the backup engines' spec; a UserError when it has none. */
function requireBackupSpec(s, why) {
    const spec = s.target.backup;
    if (!spec)
        throw new errors/* UserError */.yo(`${why} needs a backup configured on target ${s.targetName} (targets.${s.targetName}.backup)`);
    return spec;
}
/**
 * Remote env file the backup password (`password_env`) is read from: `password_env_file` (relative
 * to the deploy path, or absolute), else the first `shared` entry named `.env` where it lives on the
 * host (releases: <path>/shared/<entry>, in-place: <path>/<entry>), else none.
 */
function envFileFor(target) {
    // a swarm service's dump runs on the node of its task: the password is the runner's, or in the task's environment
    if (swarmDbService({ target }))
        return undefined;
    const file = target.backup && 'password_env_file' in target.backup ? target.backup.password_env_file : undefined;
    if (file)
        return external_node_path_.posix.resolve(target.path, file);
    const entry = target.shared.find((p) => p.replace(/\/$/, '').split('/').pop() === '.env');
    if (!entry)
        return undefined;
    return target.layout === 'releases' ? `${target.path}/shared/${entry}` : `${target.path}/${entry}`;
}
/** Names backups taken while nothing is deployed yet. */
const NO_RELEASE_SHA = '000000000000';
/** Compose context for backups that run inside a compose service (from `current`, or the in-place root). */
function dbComposeContext(s) {
    const t = s.target;
    if (t.strategy !== 'compose' || !t.backup || !('service' in t.backup) || !t.backup.service)
        return undefined;
    const layout = (0,sync_layout/* layoutOf */.aH)(t.path);
    return composeInvocation(s.config, t.layout === 'releases' ? layout.current : layout.root);
}
/** Where and how this run's backups are taken; `sha` names the file (the release the data belongs to). */
function backupContext(s, sha, compose, protect) {
    return {
        deployPath: s.target.path,
        target: s.targetName,
        sha,
        now: new Date(),
        compose,
        password: s.settings.dbPassword,
        envFile: envFileFor(s.target),
        protect,
    };
}
/** Takes a verified backup (recorded in the report) and logs what retention did. */
async function takeBackup(s, name, ctx) {
    const spec = requireBackupSpec(s, name);
    const result = await (0,session/* phase */.Oi)(s, name, () => (swarmDbService(s) ? swarmBackup(s, spec, ctx) : runBackup(s.conn.exec, spec, ctx)));
    reportBackup(s, result);
    return result;
}
/** Records a backup in the report and logs it with what retention did. */
function reportBackup(s, result) {
    s.report.backup = { file: result.file, size: result.size, sha256: result.sha256 };
    s.reporter.info(`backup ${result.file}: ${result.size} bytes, sha256 ${result.sha256}`);
    if (result.retention.deleted.length > 0)
        s.reporter.info(`retention deleted: ${result.retention.deleted.join(', ')}`);
    if (result.retention.error)
        s.reporter.warning(`backup retention failed: ${result.retention.error}`);
    const kept = keptForRollback(result.retention);
    if (kept) {
        s.reporter.info(kept);
        s.report.notes.push(kept);
    }
}
/** The summary line naming the backups only a protection kept (the rules alone would have deleted them). */
function keptForRollback(retention) {
    const saved = (retention.decisions ?? []).filter((d) => d.protectedFor !== undefined);
    if (saved.length === 0)
        return undefined;
    return `backups kept for rollback and restore (the retention rules alone would delete them): ${saved.map((d) => `${d.name} (${d.protectedFor})`).join(', ')}`;
}
/**
 * The safety backup before restoring `file`, in the 'Safety backup' phase. First `file` is checked
 * (gzip CRC, sha256 against its sidecar): a damaged one stops the restore before the safety
 * backup's retention could delete a good backup. None when the probe finds no database (a SQLite
 * file that is gone, a dropped database: nothing to save, and its dump would fail the restore that
 * brings it back); a database that is there, or cannot be told, is backed up (a failure stops the restore).
 */
async function safetyBackup(s, spec, ctx, file) {
    const safety = await (0,session/* phase */.Oi)(s, 'Safety backup', async () => {
        await checkBackup(s.conn.exec, file.file, file.sha256);
        const probed = await probeDatabase(s.conn.exec, spec, ctx);
        return probed.result.state === 'absent' ? { absent: probed.result.reason } : { taken: await runBackup(s.conn.exec, spec, ctx) };
    });
    if (safety.taken) {
        reportBackup(s, safety.taken);
        return safety;
    }
    const line = `no safety backup: ${safety.absent} (nothing to save before the restore)`;
    s.reporter.info(line);
    s.report.notes.push(line);
    return safety;
}
/**
 * A failed restore's error (pure): where the database as it was before is (the safety backup), and
 * that a retry must name the backup: the safety backup is now the newest, the one a restore without
 * a name would pick.
 */
function restoreFailure(err, target, restoring, safety, putBack) {
    const where = putBack ??
        (safety
            ? `if the database was changed, its state before the restore is in the safety backup ${safety} (restore --backup ${safety} --confirm ${target})`
            : 'there was no database before the restore (no safety backup)');
    const retry = `to retry, name the backup: restore --backup ${restoring} --confirm ${target}`;
    const wrapped = err instanceof BackupError
        ? new BackupError(`${err.reason}; ${where}; ${retry}`, err.stderr)
        : new Error(`${err.message}; ${where}; ${retry}`);
    return Object.assign(wrapped, { cause: err });
}
/** What a put-back after a restore that failed midway did (pure): `failed` is the put-back's own error. */
function putBackOutcome(safety, target, failed) {
    if (!failed)
        return `the restore stopped midway (its load is not one transaction): the database was put back from the safety backup ${safety}`;
    return `the restore stopped midway and putting the database back from the safety backup ${safety} failed too (${failed.message}): the database may be partly restored (restore --backup ${safety} --confirm ${target})`;
}
/**
 * Restores `file` into the target's database after a fresh safety backup (which retention may not
 * let push `file` out, nor the `protect` ones). `sha` is the release running now: it names the
 * safety backup. Undefined when there was no database to back up first. `loading` is called with
 * the safety backup just before a load that, failing midway, can leave the database partly
 * replaced (an engine whose restore is not one transaction: MariaDB), so the caller can undo it.
 */
async function restoreWithSafetyBackup(s, restoring, sha, compose, protect = [], loading) {
    const spec = requireBackupSpec(s, 'restoring the database');
    refuseSwarmRestore(s, 'restoring a backup');
    const { file } = restoring;
    const mismatch = engineMismatch(file, spec.engine);
    if (mismatch)
        throw new errors/* UserError */.yo(`restore: ${mismatch}; nothing was changed`);
    const kept = { name: external_node_path_.posix.basename(file), why: 'being restored' };
    const { taken, absent } = await safetyBackup(s, spec, backupContext(s, sha, compose, [kept, ...protect]), restoring);
    const safetyName = taken && external_node_path_.posix.basename(taken.file);
    // a server database the probe did not find was dropped: the restore creates it (a SQLite file needs no creating)
    const create = absent !== undefined && spec.engine !== 'sqlite';
    if (engineCommands(spec.engine).partialOnFailure)
        loading?.(taken);
    const restore = () => restoreBackup(s.conn.exec, spec, backupContext(s, sha, compose), file, { create });
    const restored = await (0,session/* phase */.Oi)(s, 'Restore database', restore).catch((e) => {
        throw restoreFailure(e, s.targetName, external_node_path_.posix.basename(file), safetyName);
    });
    const how = safetyName ? `safety backup first: ${safetyName}` : `no safety backup: there was no database${create ? '; created it' : ''}`;
    const line = `database ${restored.database} restored from ${external_node_path_.posix.basename(file)} (${how})`;
    s.reporter.info(line);
    s.report.notes.push(line);
    return taken;
}
/**
 * The `restore` command's restore: restoreWithSafetyBackup, and when a load that can stop midway
 * (MariaDB's) has begun and failed, the database is put back from the safety backup at once (after a
 * safety backup of the partly restored database, as the undo of `rollback --restore-db` does), said
 * in the error and the notes.
 */
async function restoreOrPutBack(s, restoring, sha, compose, protect = []) {
    const load = {};
    try {
        return await restoreWithSafetyBackup(s, restoring, sha, compose, protect, (safety) => Object.assign(load, { started: true, safety }));
    }
    catch (e) {
        if (!load.started || !load.safety)
            throw e;
        const safety = external_node_path_.posix.basename(load.safety.file);
        const restoringName = external_node_path_.posix.basename(restoring.file);
        const kept = [...protect, { name: restoringName, why: 'its restore failed midway' }];
        const failed = await restoreWithSafetyBackup(s, load.safety, sha, compose, kept).then(() => undefined, (u) => u);
        const outcome = putBackOutcome(safety, s.targetName, failed);
        s.report.notes.push(failed ? `database may be partly restored: putting it back from ${safety} failed` : `database put back from ${safety}`);
        const cause = e.cause instanceof Error ? e.cause : e;
        throw restoreFailure(cause, s.targetName, restoringName, safety, outcome);
    }
}
//# sourceMappingURL=database.js.map
;// CONCATENATED MODULE: ./lib/backup/drill.js
/**
 * Restore drill planning (pure): a scratch database next to the real one, the smoke query, and the
 * shell scripts that create, query and drop the scratch database where the database tools run.
 */









const DEFAULT_QUERIES = {
    mariadb: 'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()',
    mysql: 'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()',
    postgres: "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
    sqlite: "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
};
function defaultSmokeQuery(engine) {
    return DEFAULT_QUERIES[engine];
}
/** `<database>_gd_drill_<suffix>`: plain identifier characters, at most 63 (PostgreSQL's limit). */
function scratchDatabaseName(database, suffix) {
    const base = database.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 63 - '_gd_drill_'.length - suffix.length);
    return `${base}_gd_drill_${suffix.replace(/[^a-z0-9]/g, '')}`;
}
const SQLITE_QUERY = `if command -v sqlite3 >/dev/null 2>&1; then sqlite3 -bail "$1" "$2"
else python3 -c "import sqlite3,sys; r=sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone(); print(r[0] if r else '')" "$1" "$2"; fi`;
const SQLITE_CREATE = 'umask 077 && : > "$1"';
/** argv of the three steps per engine (identifiers are plain: see scratchDatabaseName). */
function engineArgv(spec, scratch, query) {
    if (spec.engine === 'sqlite') {
        return {
            // an empty file, private before the restore fills it with a copy of the data (the backups dir may be 0755)
            create: ['sh', '-c', SQLITE_CREATE, 'gd-drill-create', scratch],
            query: ['sh', '-c', SQLITE_QUERY, 'gd-drill-query', scratch, query],
            drop: ['rm', '-f', '--', scratch, `${scratch}-journal`, `${scratch}-wal`, `${scratch}-shm`],
        };
    }
    if (spec.engine === 'postgres') {
        const psql = (db, sql, extra = []) => [
            'psql',
            '-X',
            '-w',
            '-q',
            '-v',
            'ON_ERROR_STOP=1',
            ...extra,
            ...pgConnectionArgs(spec),
            '-d',
            db,
            '-c',
            sql,
        ];
        const admin = spec.database ?? 'postgres';
        return {
            create: psql(admin, `CREATE DATABASE "${scratch}"`),
            query: psql(scratch, query, ['-A', '-t']),
            drop: psql(admin, `DROP DATABASE IF EXISTS "${scratch}"`),
        };
    }
    const mysql = (sql, db = [], extra = []) => [
        'mysql',
        ...extra,
        ...mysqlConnectionArgs(spec),
        '-e',
        sql,
        ...db,
    ];
    return {
        create: mysql(`CREATE DATABASE \`${scratch}\``),
        query: mysql(query, [scratch], ['-N', '-B']),
        drop: mysql(`DROP DATABASE IF EXISTS \`${scratch}\``),
    };
}
function script(prologue, body) {
    return ['set -u', `gd_fail() { printf 'GD_FAIL %s\\n' "$1"; exit 3; }`, prologue, body].filter((l) => l !== '').join('\n');
}
function scratchFor(spec, ctx, loc, suffix) {
    if (spec.engine !== 'sqlite')
        return scratchDatabaseName(databaseOperand(spec, ctx, loc), suffix);
    return external_node_path_.posix.join(scratchDir(loc, backupsDir(ctx.deployPath)), `.gd-drill-${suffix}.sqlite3`);
}
/** The drill's scripts; `suffix` makes the scratch name unique (lowercase letters and digits). */
function planDrill(spec, ctx, opts) {
    const loc = dbLocation(spec, ctx);
    const source = resolvePasswordSource(spec, ctx);
    const prologue = passwordPrologue(source, engineCommands(spec.engine).passwordVar);
    const scratch = scratchFor(spec, ctx, loc, opts.suffix);
    const smokeQuery = opts.query ?? defaultSmokeQuery(spec.engine);
    if (/[\0\n\r]/.test(smokeQuery))
        throw new BackupError('the drill query must be a single line');
    const argv = engineArgv(spec, scratch, smokeQuery);
    const run = (a) => toolCommand(spec, loc, source, a);
    return {
        scratch,
        create: argv.create && script(prologue, `${run(argv.create)} || gd_fail "cannot create the scratch database ${scratch}"`),
        query: script(prologue, `gd_out=${captured(run(argv.query))} || gd_fail "the smoke query failed"\nprintf 'GD_VALUE %s\\n' "$(printf '%s\\n' "$gd_out" | head -n 1)"`),
        drop: script(prologue, run(argv.drop)),
        stdin: passwordStdin(source, ctx),
        smokeQuery,
    };
}
/** Reads the smoke query's first value: the drill passes when it is a number above 0. */
function judgeSmoke(stdout) {
    const value = (/^GD_VALUE (.*)$/m.exec(stdout)?.[1] ?? '').trim().split(/\s+/)[0] ?? '';
    const n = Number(value);
    return { ok: value !== '' && Number.isFinite(n) && n > 0, value };
}
//# sourceMappingURL=drill.js.map
;// CONCATENATED MODULE: ./lib/backup/run-drill.js
/** Runs a restore drill: scratch database → restore the backup into it → smoke query → drop it. */





async function step(exec, plan, script, what) {
    const r = await exec.sh(script, { stdin: plan.stdin, allowFailure: true });
    if (r.code !== 0) {
        const reason = /^GD_FAIL (.*)$/m.exec(r.stdout)?.[1] ?? `${what} exited with status ${r.code}`;
        throw new BackupError(`restore drill: ${reason}`, (0,core_text/* tail */.RT)(r.stderr));
    }
    return r.stdout;
}
/**
 * Restores `file` (absolute remote path) into a fresh scratch database and runs the smoke query;
 * throws BackupError when anything fails or the query's value is not a number above 0. The scratch
 * database is always dropped.
 */
async function runDrill(exec, spec, ctx, file, opts = {}) {
    const plan = planDrill(spec, ctx, { query: opts.query, suffix: (0,external_node_crypto_.randomBytes)(4).toString('hex') });
    const started = Date.now();
    try {
        await step(exec, plan, plan.drop, 'cleanup');
        if (plan.create)
            await step(exec, plan, plan.create, 'create');
        await restoreBackup(exec, spec, ctx, file, { database: plan.scratch });
        const smoke = judgeSmoke(await step(exec, plan, plan.query, 'smoke query'));
        if (!smoke.ok) {
            throw new BackupError(`restore drill: the smoke query returned ${JSON.stringify(smoke.value)}, expected a number above 0 (${plan.smokeQuery})`);
        }
        return { file, scratch: plan.scratch, query: plan.smokeQuery, value: smoke.value, durationMs: Date.now() - started };
    }
    finally {
        await step(exec, plan, plan.drop, 'drop').catch(() => undefined);
    }
}
//# sourceMappingURL=run-drill.js.map
;// CONCATENATED MODULE: ./lib/backup/drill-step.js
/** The restore drill as a phase of a run: restore into a scratch database, smoke query, drop. */





/** Drills `file` (absolute remote path; `name`: the backup's, when `file` is its hold); throws (failing the run) when the drill does not pass. */
async function drillStep(s, file, sha, compose, name = external_node_path_.posix.basename(file)) {
    const spec = requireBackupSpec(s, 'the restore drill');
    refuseSwarmRestore(s, 'the restore drill');
    const result = await (0,session/* phase */.Oi)(s, 'Restore drill', () => runDrill(s.conn.exec, spec, backupContext(s, sha, compose), file, { query: spec.drill_query }).catch((e) => {
        throw new Error(`restore drill FAILED for ${name}: ${e.message.replace(/^backup failed: /, '')}`);
    }));
    const line = `restore drill passed: ${name} restored into scratch ${result.scratch} in ${(result.durationMs / 1000).toFixed(1)} s; smoke query returned ${result.value} (${result.query}); scratch dropped`;
    s.reporter.info(line);
    s.report.notes.push(line);
    return result;
}
//# sourceMappingURL=drill-step.js.map
// EXTERNAL MODULE: ./lib/plan/check-config.js
var check_config = __webpack_require__(68034);
;// CONCATENATED MODULE: ./lib/backup/service-engine.js
/**
 * `backup` alone has no compose files to check backup.engine against (deploy's plan does): it reads
 * the image of the service's running container instead, before it touches the database.
 */




/** Prints the image (as compose gave it) of the first running container of the service; nothing when none runs. */
function serviceImageScript(project, service) {
    const running = (0,quote/* shellJoin */.n)([...projectContainersArgs(project, service), '--filter', 'status=running']);
    return `for c in $(${running}); do docker inspect --format '{{.Config.Image}}' "$c"; break; done`;
}
/** Refuses (exit 2, nothing backed up) a backup.engine that is not the database the service's image runs. */
async function checkServiceEngine(exec, spec, compose, target) {
    if (!spec.service || !compose)
        return;
    const r = await exec.sh(serviceImageScript(compose.project, spec.service), { allowFailure: true });
    const image = r.code === 0 ? (r.stdout.trim().split('\n')[0] ?? '') : '';
    const issue = image ? (0,check_config/* engineImageIssue */.VJ)(spec.engine, spec.service, image) : null;
    if (issue)
        throw new errors/* UserError */.yo(`targets.${target}.backup.engine: ${issue}; nothing was backed up`);
}
//# sourceMappingURL=service-engine.js.map
;// CONCATENATED MODULE: ./lib/backup/hold.js
/**
 * A hard link holding a backup while a run reads it after the deploy lock is released (the restore
 * drill, the off-site download of `backup`): a deploy that takes the lock then may delete the
 * backup's name by its retention (`keep: 1`, `daily`: its own backup is the newest of the day), not
 * its content. The link and its sidecar's are dot files, never listed as backups; removed at the end.
 */


/** `<dir>/.hold-<name>` next to the backup (same filesystem: a hard link). */
function holdPath(file) {
    return external_node_path_.posix.join(external_node_path_.posix.dirname(file), `.hold-${external_node_path_.posix.basename(file)}`);
}
/**
 * Links the backup and its sidecar to their hold names. Holds a killed run left (older than a day:
 * a hard link keeps its backup's time) are removed first: each would keep a deleted backup's space.
 */
function holdScript(file) {
    const [f, h] = [(0,quote/* shellQuote */.Z)(file), (0,quote/* shellQuote */.Z)(holdPath(file))];
    const stale = `find ${(0,quote/* shellQuote */.Z)(external_node_path_.posix.dirname(file))} -maxdepth 1 -name '.hold-*' -mmin +1440 -exec rm -f -- {} + 2>/dev/null`;
    return `${stale}\nln -f -- ${f} ${h} && ln -f -- ${(0,quote/* shellQuote */.Z)(`${file}.json`)} ${(0,quote/* shellQuote */.Z)(`${holdPath(file)}.json`)} || { rm -f -- ${h}; exit 1; }`;
}
/** Removes the hold (the backup stays as long as its own name does). */
function releaseHoldScript(file) {
    const h = holdPath(file);
    return `rm -f -- ${(0,quote/* shellQuote */.Z)(h)} ${(0,quote/* shellQuote */.Z)(`${h}.json`)}`;
}
//# sourceMappingURL=hold.js.map
// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./lib/github/artifact.js
/** Uploads a file as a workflow artifact (@actions/artifact, streamed; loaded only when used). */


/** Artifact names may not hold " : < > | * ? \ / or control characters. */
function artifactName(fileName) {
    return fileName.replace(/[":<>|*?\\/\u0000-\u001f]/g, '_');
}
/** Uploads `file` alone (already compressed: stored, not re-zipped) for `retentionDays` days. */
async function uploadArtifact(file, opts = {}) {
    if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
        throw new errors/* UserError */.yo('upload-artifact needs the GitHub Actions runtime (run the Action in a workflow; the CLI cannot upload artifacts)');
    }
    const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(351), __webpack_require__.e(690)]).then(__webpack_require__.bind(__webpack_require__, 35690));
    const name = opts.name ?? artifactName(external_node_path_.basename(file));
    const res = await new DefaultArtifactClient().uploadArtifact(name, [file], external_node_path_.dirname(file), {
        retentionDays: opts.retentionDays,
        compressionLevel: 0,
    });
    return { name, id: res.id, size: res.size };
}
//# sourceMappingURL=artifact.js.map
// EXTERNAL MODULE: ./lib/core/interrupt.js
var interrupt = __webpack_require__(1408);
;// CONCATENATED MODULE: ./lib/backup/copy-dir.js
/** The runner's directory of an off-site backup copy (offsite-copy.ts), and its removal (also by the Action's post step). */


/** The prefix of a copy's directory: only such a directory is ever removed. */
const COPY_DIR_PREFIX = 'gitops-backup-';
/** Removes a copy's directory (nothing else: the name must be one offsiteCopy makes); never throws. */
async function removeCopyDir(dir) {
    if (external_node_path_.basename(dir).startsWith(COPY_DIR_PREFIX))
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true }).catch(() => undefined);
}
//# sourceMappingURL=copy-dir.js.map
;// CONCATENATED MODULE: ./lib/backup/offsite-copy.js
/** Off-site copy of a backup: download to the runner (streamed, checked), upload as a workflow artifact. */








/**
 * `backup.file` on the host (its hold, see hold.ts), uploaded under `name` (default: the file's).
 * The runner's copy (the database, 0600) is removed when the copy ends, when the run is interrupted
 * (SIGINT/SIGTERM), and by the Action's post step when the main step was killed outright.
 */
async function offsiteCopy(s, backup) {
    const dir = await (0,external_node_fs_promises_.mkdtemp)(external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), COPY_DIR_PREFIX));
    s.reporter.persist('backupCopy', dir);
    const forget = (0,interrupt/* onInterrupt */.nA)(() => removeCopyDir(dir));
    try {
        const local = external_node_path_.join(dir, backup.name ?? external_node_path_.posix.basename(backup.file));
        const got = await (0,session/* phase */.Oi)(s, 'Download backup', () => downloadFile(s.conn, backup.file, local, backup.sha256));
        s.reporter.info(`downloaded ${got.size} bytes, sha256 ${got.sha256} (matches the host's)`);
        const uploaded = await (0,session/* phase */.Oi)(s, 'Upload artifact', () => uploadArtifact(local, { retentionDays: s.settings.artifactRetentionDays }));
        const line = `off-site copy: artifact ${uploaded.name}${uploaded.id ? ` (id ${uploaded.id})` : ''}, ${got.size} bytes${s.settings.artifactRetentionDays ? `, kept ${s.settings.artifactRetentionDays} days` : ''}`;
        s.reporter.info(line);
        s.report.notes.push(line);
        return uploaded;
    }
    finally {
        await removeCopyDir(dir);
        forget();
        s.reporter.persist('backupCopy', '');
    }
}
//# sourceMappingURL=offsite-copy.js.map
// EXTERNAL MODULE: ./lib/transport/remote-files.js
var remote_files = __webpack_require__(96037);
;// CONCATENATED MODULE: ./lib/record/audit.js

const auditPath = (deployPath) => `${deployPath}/.deploy/audit.log`;
/** Appends one JSON line per run to <path>/.deploy/audit.log. */
async function appendAudit(exec, deployPath, entry) {
    await (0,remote_files/* appendRemote */.hD)(exec, auditPath(deployPath), JSON.stringify(entry));
}
//# sourceMappingURL=audit.js.map
;// CONCATENATED MODULE: ./lib/record/run-audit.js

/** The audit line of this run: who, where, which run, then the facts. */
function auditEntry(s, facts) {
    return {
        time: new Date().toISOString(),
        command: s.settings.command,
        target: s.targetName,
        actor: s.settings.run.actor,
        runUrl: s.settings.run.url,
        ...facts,
    };
}
function auditRun(s, facts) {
    return appendAudit(s.conn.exec, s.target.path, auditEntry(s, facts));
}
/** The backup this run took (for the audit line), if any. */
function reportedBackup(s) {
    const b = s.report.backup;
    return b ? { file: b.file, sha256: b.sha256 } : undefined;
}
//# sourceMappingURL=run-audit.js.map
// EXTERNAL MODULE: ./lib/config/hosts.js
var config_hosts = __webpack_require__(6141);
;// CONCATENATED MODULE: ./lib/commands/backup.js














/**
 * `backup` (for `on: schedule`): a verified backup under the deploy lock, retention by policy
 * (shown with reasons), then optionally the restore drill and the off-site copy as an artifact.
 */
async function backupCommand(settings, config, reporter, report) {
    await (0,session/* withSession */.fQ)(settings, config, reporter, report, async (s) => {
        const spec = requireBackupSpec(s, 'command backup');
        onPrimaryOnly(s);
        if (settings.dryRun) {
            s.report.notes.push(`dry-run: would back up the ${spec.engine} database of ${s.targetName} into ${s.target.path}/backups (keep: ${describePolicy(spec.keep)})${settings.drill ? ', then drill it' : ''}`);
            return;
        }
        await checkServiceEngine(s.conn.exec, spec, dbComposeContext(s), s.targetName);
        try {
            await runBackupCommand(s, report, spec.keep);
        }
        catch (e) {
            await auditRun(s, { backup: reportedBackup(s), result: 'failed', error: e.message }).catch(() => undefined);
            throw e;
        }
    });
}
/** Several hosts: the database lives with the primary (the session's first host, as in the rolling deploy); said in the log and the report. */
function onPrimaryOnly(s) {
    const hosts = (0,config_hosts/* hostsOf */.PP)(s.target).map(config_hosts/* hostLabel */.vy);
    if (hosts.length < 2)
        return;
    const line = `backup on the primary ${hosts[0]} only (the database lives with the primary); not on ${hosts.slice(1).join(', ')}`;
    s.reporter.info(line);
    s.report.notes.push(line);
}
/**
 * The drill and the off-site copy, after the lock: they read the backup through its hold when it
 * could be made (a deploy that took the lock may have deleted its name), released at the end.
 */
async function readHeld(s, result, held, sha, compose) {
    const backup = { file: held ? holdPath(result.file) : result.file, sha256: result.sha256, name: external_node_path_.posix.basename(result.file) };
    try {
        const drill = s.settings.drill ? await drillStep(s, backup.file, sha, compose, backup.name) : undefined;
        const artifact = s.settings.uploadArtifact ? await offsiteCopy(s, backup) : undefined;
        return { drill, artifact };
    }
    finally {
        if (held)
            await s.conn.exec.sh(releaseHoldScript(result.file), { allowFailure: true }).catch(() => undefined);
    }
}
async function runBackupCommand(s, report, keep) {
    const liveSha = async () => {
        const state = await (0,state_store/* loadHostState */.Ip)(s);
        return { state, sha: (0,state_model/* currentRelease */.BX)(state)?.sha ?? NO_RELEASE_SHA };
    };
    const compose = dbComposeContext(s);
    // read again under the lock: a deploy this run waited for (lock-wait) has changed the live release
    const { sha, result, held } = await (0,session/* withLock */.kK)(s, (await liveSha()).sha, async () => {
        const { state, sha } = await liveSha();
        const protect = protectedBackups(s.target.keep_releases, state);
        const result = await takeBackup(s, 'Backup', backupContext(s, sha, compose, protect));
        const hold = s.settings.drill || s.settings.uploadArtifact === true;
        const held = hold && (await s.conn.exec.sh(holdScript(result.file), { allowFailure: true })).code === 0;
        return { sha, result, held };
    });
    report.retention = result.retention;
    s.report.notes.push(...retentionTable(keep, result.retention));
    const { drill, artifact } = await readHeld(s, result, held, sha, compose);
    report.drill = drill;
    await auditRun(s, {
        backup: reportedBackup(s),
        retention: { deleted: result.retention.deleted },
        drill: report.drill ? { passed: true, value: report.drill.value } : undefined,
        artifact: artifact?.name,
        result: 'success',
    });
}
//# sourceMappingURL=backup.js.map
;// CONCATENATED MODULE: ./lib/github/with-deployment.js
/** The request for this run: environment = the `environment` input, else the target name. */
function deploymentRequest(settings, target, info) {
    return {
        ref: info.ref,
        task: info.task,
        environment: settings.github?.environment || target,
        description: info.description,
        environmentUrl: settings.github?.environmentUrl,
        logUrl: settings.run.url,
    };
}
/** The API when the settings carry a token; @actions/github (octokit, undici) is loaded only then. */
async function apiFor(settings, reporter) {
    if (!settings.github)
        return undefined;
    try {
        const { deploymentsApi } = await Promise.all(/* import() */[__webpack_require__.e(351), __webpack_require__.e(900)]).then(__webpack_require__.bind(__webpack_require__, 47900));
        return deploymentsApi(settings.github.token, settings.github.repository);
    }
    catch (e) {
        reporter.warning(`GitHub deployment not recorded: ${e.message}`);
        return undefined;
    }
}
/** Runs `fn` between the deployment's `in_progress` and its `success`/`failure` status. */
async function withGithubDeployment(settings, target, reporter, info, fn, client) {
    const api = client ?? (await apiFor(settings, reporter));
    if (!api)
        return fn();
    const req = deploymentRequest(settings, target, info);
    const warn = (what) => (e) => reporter.warning(`GitHub deployment ${what}: ${e instanceof Error ? e.message : String(e)}`);
    let id;
    try {
        id = await api.create(req);
        info.onCreated?.({ id, environment: req.environment, ...(req.environmentUrl ? { url: req.environmentUrl } : {}) });
        await api.status(id, 'in_progress', req);
        reporter.info(`GitHub deployment ${id} to environment ${req.environment}: in progress`);
    }
    catch (e) {
        warn('not recorded')(e);
    }
    try {
        const value = await fn();
        if (id !== undefined)
            await api.status(id, 'success', req).catch(warn('status'));
        return value;
    }
    catch (e) {
        if (id !== undefined)
            await api.status(id, 'failure', req, e instanceof Error ? e.message : String(e)).catch(warn('status'));
        throw e;
    }
}
//# sourceMappingURL=with-deployment.js.map
// EXTERNAL MODULE: ./lib/pipeline/plan.js + 27 modules
var plan = __webpack_require__(2426);
;// CONCATENATED MODULE: ./lib/record/oldest-release.js
/**
 * The release a plan over several hosts starts from: the one they all run, or, when they disagree,
 * the oldest (by deploy time; a host with nothing deployed makes it a first deploy). Never a guess.
 */


function planBase(hosts) {
    const live = hosts.map((h) => ({ host: h.host, release: (0,state_model/* currentRelease */.BX)(h.state) }));
    const ids = new Set(live.map((l) => l.release?.id ?? ''));
    if (ids.size <= 1)
        return { deployed: live[0]?.release ?? null };
    const each = live.map((l) => `${l.host} runs ${l.release ? (0,core_text/* shortSha */.Fu)(l.release.id) : 'nothing'}`).join(', ');
    const empty = live.find((l) => !l.release);
    if (empty)
        return { deployed: null, disagreement: `the hosts disagree on the deployed release (${each}): planning a first deploy` };
    const oldest = live.map((l) => l.release).reduce((a, b) => (b.at < a.at ? b : a));
    return {
        deployed: oldest,
        disagreement: `the hosts disagree on the deployed release (${each}): planning from the oldest, ${(0,core_text/* shortSha */.Fu)(oldest.id)} (deployed ${oldest.at})`,
    };
}
//# sourceMappingURL=oldest-release.js.map
;// CONCATENATED MODULE: ./lib/rollback/history.js
/** What a rollback reads from and writes to the deploy state (pure). */



/** `current` moves to the target (current again since `at`); the release undone is marked rolled-back (order is kept). */
function recordRollback(state, undone, target, at = new Date().toISOString()) {
    const releases = state.releases.map((r) => (r.id === undone.id ? { ...r, result: 'rolled-back' } : r));
    return { ...state, current: target.id, currentSince: { at, via: 'rollback' }, releases };
}
/**
 * The backup to restore when going from `current` back to `target`: the one taken just before the
 * oldest deploy being undone (walking `previous` links from the current release to the target).
 */
function backupToRestore(state, current, target) {
    const r = (0,state_model/* releaseAfter */.Yh)(state, current, target);
    const short = (x) => (0,core_text/* shortSha */.Fu)(x.id);
    if (!r) {
        throw new errors/* UserError */.yo(`restore-db: ${short(target)} is not an earlier release of ${short(current)}, so no pre-deploy backup pairs with it; roll back without restore-db or restore a backup by name`);
    }
    if (!r.backup)
        throw new errors/* UserError */.yo(`restore-db: no backup was recorded before release ${short(r)} was deployed; nothing to restore`);
    return { release: r, backup: r.backup };
}
const MIGRATION_PATH = /(^|\/)migrations\//;
/** Migration files that differ between the two releases (the schema is not reverted with the code). */
function changedMigrations(plan) {
    return plan.changedFiles.filter((f) => MIGRATION_PATH.test(f));
}
//# sourceMappingURL=history.js.map
// EXTERNAL MODULE: ./lib/session/report.js
var session_report = __webpack_require__(31076);
;// CONCATENATED MODULE: ./lib/pipeline/revert.js
/** The undo of a failed run: the strategy reverts what Progress says was reached; the outcome goes to the log and report. */


/** How the undo reads: a deploy rolls back to the previous release, a failed rollback goes back to the release it undid. */
function wording(run) {
    const rollback = run.rollback;
    if (!rollback)
        return { title: 'Rollback', failed: (e) => `automatic rollback failed: ${e.message}`, note: (d) => d };
    // read after the undo: a strategy that puts the database back clears `restored` and `loading`
    const state = () => rollback.restored ? 'was restored' : rollback.loading ? 'may be partly restored (its restore failed midway)' : undefined;
    const db = () => {
        const was = state();
        return was ? `; the database ${was}: the safety backup above holds its state before the rollback` : '';
    };
    return {
        title: 'Undo',
        failed: (e) => `could not go back to ${(0,core_text/* shortSha */.Fu)(run.previous.id)}: ${e.message}`,
        note: (d) => `rollback failed: ${d}${db()}`,
    };
}
/** Runs the strategy's revert in a 'Rollback' phase ('Undo' for a rollback; undefined: first deploy, nothing to go back to). */
async function revertFailed(strategy, run) {
    const { s } = run;
    if (!run.previous && !strategy.revertsFirstDeploy) {
        s.report.notes.push('first deploy failed: there is no previous release to roll back to');
        return undefined;
    }
    const words = wording(run);
    const outcome = await (0,session/* phase */.Oi)(s, words.title, () => strategy.revert(run)).catch((e) => ({
        rolledBack: false,
        description: words.failed(e),
    }));
    s.reporter.warning(outcome.description);
    s.report.notes.push(words.note(outcome.description));
    s.report.result = outcome.rolledBack && !run.rollback ? 'rolled-back' : 'failure';
    return outcome;
}
//# sourceMappingURL=revert.js.map
;// CONCATENATED MODULE: ./lib/strategies/types.js
/** How far a run got, tracked once: the runner marks each phase as it enters it. */
class Progress {
    done = new Set();
    reach(m) {
        this.done.add(m);
    }
    has(m) {
        return this.done.has(m);
    }
    list() {
        return [...this.done];
    }
}
//# sourceMappingURL=types.js.map
;// CONCATENATED MODULE: ./lib/record/record-script.js
/**
 * What a live release leaves on the host, in one round trip (pure script text and its parsing):
 * state.json written atomically first (it must say the release is live even if what follows
 * fails), then what the release keeps (image tags; a failure only warns), the audit line, what the
 * run removes once recorded (the in-progress marker), and the listing the prune decides on (or the
 * prune itself, decided before), last the deploy lock's release (the state is written by then). Stdin:
 * the audit line (one JSON line), then the state text.
 */

const STATE_FAILED = 11;
const AUDIT_FAILED = 12;
const DONE_FAILED = 13;
const KEEP_FAILED = '@keep-failed';
const UNLOCKED = '@unlocked';
function recordScript(o) {
    return [
        `IFS= read -r audit || exit ${AUDIT_FAILED}`,
        `{ ${(0,remote_files/* atomicWriteScript */.IH)(o.statePath, o.stateTmp, `exit ${STATE_FAILED}`)}; } || exit ${STATE_FAILED}`,
        ...(o.keep ? [`( ${o.keep} ) >/dev/null || echo ${KEEP_FAILED}`] : []),
        `{ ${(0,remote_files/* appendScript */.ki)(o.auditPath, `printf '%s\\n' "$audit"`)}; } || exit ${AUDIT_FAILED}`,
        ...(o.done ? [`{ ${o.done}; } || exit ${DONE_FAILED}`] : []),
        ...(o.listing ? [o.listing] : []),
        ...(o.prune ? [`( ${o.prune} )`] : []),
        ...(o.unlock ? [`{ ${o.unlock}; } >/dev/null 2>&1 && echo ${UNLOCKED}`, 'exit 0'] : []),
        ...(o.listing || o.prune || o.unlock ? [] : ['exit 0']),
    ].join('\n');
}
/** The script's stdin: the audit line first (JSON has no raw newline), then the state text. */
const recordInput = (auditLine, stateText) => `${auditLine}\n${stateText}`;
function parseRecordOutput(stdout) {
    const lines = stdout.split('\n');
    const listing = lines.filter((l) => l !== KEEP_FAILED && l !== UNLOCKED).join('\n');
    return { keepFailed: lines.includes(KEEP_FAILED), listing, unlocked: lines.includes(UNLOCKED) };
}
//# sourceMappingURL=record-script.js.map
;// CONCATENATED MODULE: ./lib/pipeline/record.js








/**
 * The release record. Re-deploying the deployed commit keeps the original's predecessor and
 * pre-deploy backup, so rollbacks and restore-db still pair with what came before it.
 */
function newRelease(run, backup) {
    const { s, sha, previous } = run;
    const again = previous?.id === sha ? previous : undefined;
    const release = {
        id: sha,
        sha,
        at: new Date().toISOString(),
        result: 'success',
        actor: s.settings.run.actor,
        runUrl: s.settings.run.url,
    };
    release.previous = again ? again.previous : previous?.id;
    if (again?.backup)
        release.backup = again.backup;
    else if (backup)
        release.backup = { file: backup.file, sha256: backup.sha256, size: backup.size };
    return release;
}
function auditFacts(strategy, run, result, error) {
    const { plan, s, rollback } = run;
    const restored = rollback?.restored && { file: rollback.restored.file, sha256: rollback.restored.sha256 };
    const rebuilt = error === undefined ? rollback?.rebuilt : undefined;
    const facts = { from: plan.from, to: plan.to, services: strategy.auditServices(plan), backup: reportedBackup(s) };
    return { ...facts, restored, rebuilt, result, error };
}
/** The state once the run is live: a new release current, or (rollback) the retained one current and the undone one rolled-back. */
function liveState(run, release) {
    return run.rollback ? recordRollback(run.state, run.previous, run.rollback.to) : (0,state_model/* recordRelease */.ty)(run.state, release);
}
/**
 * state.json, what the release keeps (as a script), the audit line, the strategy's finishScript and
 * the prune listing (or the prune, decided before: `pruned` then) in one round trip
 * (record/record-script.ts); last, when nothing follows it, the lock's release (handOffUnlock).
 * Throws when the state or the audit line could not be written, or the finishScript failed.
 */
async function writeRecord(strategy, run, release, state) {
    const { s } = run;
    const path = (0,state_store/* statePath */.BQ)(s.target.path);
    const keep = strategy.keepScript?.(run, release);
    const decided = strategy.prunePlan?.(run, state);
    const listing = decided ? undefined : strategy.pruneListing?.(run);
    const unlock = decided && !strategy.keep ? await (0,session/* handOffUnlock */.h0)(s) : undefined;
    const script = recordScript({
        statePath: path,
        stateTmp: (0,remote_files/* tempNextTo */.hp)(path),
        auditPath: auditPath(s.target.path),
        keep: keep?.script,
        done: strategy.finishScript?.(run),
        listing,
        prune: decided?.script,
        unlock: unlock?.script,
    });
    const stdin = recordInput(JSON.stringify(auditEntry(s, auditFacts(strategy, run, 'success'))), (0,state_store/* stateText */.r9)(state));
    const r = await s.conn.exec.sh(script, { stdin, allowFailure: true });
    const why = r.stderr.trim() || `exit ${r.code}`;
    if (r.code === STATE_FAILED)
        throw new Error(`could not save the state ${path}: ${why}`);
    if (r.code === AUDIT_FAILED)
        throw new Error(`could not append the audit line to ${auditPath(s.target.path)}: ${why}`);
    if (r.code === DONE_FAILED)
        throw new Error(`could not finish the run on the host (recorded): ${why}`);
    if (r.code !== 0)
        throw new Error(`could not record the release: ${why}`);
    const out = parseRecordOutput(r.stdout);
    if (unlock && out.unlocked)
        unlock.released = true;
    if (out.keepFailed)
        keep?.onFailure(why);
    decided?.report(out.listing);
    return { listing: listing === undefined ? undefined : out.listing, pruned: decided !== undefined };
}
/** The release is live: state.json first (it must say so even if what follows fails), then what it keeps, the audit line, pruning. */
async function recordSuccess(strategy, run, release) {
    await strategy.completeRelease(run, release);
    const state = liveState(run, release);
    const { listing, pruned } = await writeRecord(strategy, run, release, state);
    await strategy.keep?.(run, release);
    if (!pruned)
        await strategy.prune(run, state, listing);
}
/**
 * The failed release is recorded (current unchanged) and its copy pruned (a failed release is never
 * kept), except on a failed re-deploy of a commit that went live before (the live one, or a kept
 * older one such as the rollback target: its record, directory, images and backup stay as they
 * were) and on a failed rollback (the retained release stays as it was). Then the audit line.
 * Never throws for the record or the audit.
 */
async function recordFailure(strategy, run, release, error) {
    const { s } = run;
    const wentLiveBefore = run.state.releases.some((r) => r.id === release.id && (0,state_model/* wentLive */.FM)(r));
    if (!run.rollback && run.previous?.id !== release.id && !wentLiveBefore) {
        const failed = { ...release, result: 'failed', error: error.message.slice(0, 2000) };
        const state = (0,state_model/* recordRelease */.ty)(run.state, failed);
        await (0,state_store/* saveState */.LZ)(s.conn.exec, s.target.path, state).catch((e) => s.reporter.warning(`could not save the state: ${e.message}`));
        await strategy.prune(run, state);
        await strategy.dropKept?.(run);
    }
    const result = s.report.result === 'rolled-back' && !run.rollback ? 'failed, rolled back' : 'failed';
    await auditRun(s, auditFacts(strategy, run, result, error.message)).catch((e) => s.reporter.warning(`could not append the audit line: ${e.message}`));
}
//# sourceMappingURL=record.js.map
;// CONCATENATED MODULE: ./lib/pipeline/run.js






/**
 * What a single-host deploy or rollback reads under the lock, sent in the lock's round trip: the
 * state, then the strategy's probe (the plan gets their results in this order, withLock's `sent`).
 */
const lockedReads = (s, strategy) => [
    (0,state_store/* stateReadScript */.ZM)(s.target.path),
    ...(strategy.probeScript ? [strategy.probeScript(s)] : []),
];
/** On one host: its state (read unless given), then the strategy's reading of the host (what it probed, if given) and its steps. */
async function prepareOn(h, strategy, planned, from, state, probed) {
    const st = state ?? (await (0,state_store/* loadHostState */.Ip)(h));
    const base = { s: h, state: st, ...from(st), sha: planned.to, plan: planned.plan, progress: new Progress(), probed };
    return strategy.prepare(base, planned);
}
/**
 * A planned run on every host of the target, in order: the plan is made once (on the first host's
 * state and what was probed there), the host-level phases run per host, each from that host's state. A dry run describes the first.
 * Unmatched files are named first, as a warning (warnUnmatched).
 */
async function runOnHosts(hosts, strategy, planned, from, first, probed) {
    const [s] = hosts;
    (0,plan.warnUnmatched)(s.reporter, s.report, planned.plan);
    if (s.settings.dryRun) {
        s.report.notes.push(...strategy.describe(await prepareOn(s, strategy, planned, from, first, probed)));
        return;
    }
    for (const h of hosts) {
        const run = h === s ? prepareOn(h, strategy, planned, from, first, probed) : prepareOn(h, strategy, planned, from);
        await runPipeline(strategy, await run);
    }
}
/** Runs a step list: each step's phase is marked reached as it starts, inside its group. */
async function runSteps(run, steps) {
    for (const step of steps) {
        const go = async () => {
            run.progress.reach(step.phase);
            await step.run();
        };
        await (step.title ? (0,session/* phase */.Oi)(run.s, step.title, go) : go());
    }
}
/**
 * Everything after the plan: preflight (backup), the steps, and the record or the revert.
 * `tasks: false` leaves the tasks out (a host of a rolling deploy other than the primary).
 */
async function runPipeline(strategy, run, options = {}) {
    const { s } = run;
    const idle = strategy.idle(run);
    if (idle) {
        s.reporter.info(idle);
        s.report.notes.push(idle);
        return;
    }
    s.report.release = run.sha;
    s.report.previousRelease = run.previous?.id;
    const backup = await strategy.preflight(run);
    const release = newRelease(run, backup);
    try {
        await strategy.begin(run);
        await runSteps(run, strategy.steps(run).filter((step) => options.tasks !== false || step.phase !== 'tasks'));
    }
    catch (e) {
        const outcome = await revertFailed(strategy, run);
        await recordFailure(strategy, run, release, e);
        await strategy.finish(run, { revert: outcome });
        throw e;
    }
    await (0,session/* phase */.Oi)(s, 'Record', async () => {
        await recordSuccess(strategy, run, release);
        await strategy.finish(run);
    });
}
//# sourceMappingURL=run.js.map
;// CONCATENATED MODULE: ./lib/pipeline/rolling.js
/**
 * A deploy over several hosts, rolled in batches. One plan, computed once from the release every
 * host runs (the oldest when they disagree). The primary goes first: it alone takes the backup and
 * runs the tasks. A host that fails stops the rollout: no further batch starts, and every host this
 * run already switched goes back to its previous release through the strategy's own revert (the
 * undo of a failed single-host deploy), its state recording the rollback. Each host keeps its own
 * lock (all taken before the first batch, see withLocks), state file, audit line and report.
 */










/** A host this run switched (deployed, or rolled back by a `rollback` run). */
const switched = (hr) => hr.record.result === 'deployed' || hr.record.result === 'rolled-back';
const deployed = (state) => ({ previous: (0,state_model/* currentRelease */.BX)(state) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Each host's session with its own report; the hosts after the primary take no backup. */
function rolloutSessions(s, hosts) {
    return hosts.map((h, i) => ({
        ...h,
        report: (0,session_report/* newReport */.bQ)(s.report.command, s.targetName),
        target: i === 0 ? h.target : { ...h.target, backup: undefined },
    }));
}
/** Reads every host's state, then plans once from the release they run (the oldest when they disagree, said in the log). */
async function planRollout(s, hosts, strategy, to) {
    const labels = (0,config_hosts/* hostsOf */.PP)(s.target).map(config_hosts/* hostLabel */.vy);
    const states = await Promise.all(hosts.map((h) => (0,state_store/* loadHostState */.Ip)(h)));
    const base = planBase(states.map((state, i) => ({ host: labels[i], state })));
    if (base.disagreement) {
        s.reporter.warning(base.disagreement);
        s.report.warnings.push(base.disagreement);
    }
    const settings = { ...s.settings, to };
    const config = strategy.plannerConfig(s);
    // the other releases live on some host: the plan covers what each of them needs too (also beside
    // a host with nothing deployed: the first deploy's plan removes nothing and knows no host's services)
    const live = states.flatMap((st) => (0,state_model/* currentRelease */.BX)(st)?.sha ?? []);
    const others = [...new Set(live)].filter((sha) => sha !== base.deployed?.sha);
    const planned = await (0,session/* phase */.Oi)(s, 'Plan', async () => {
        const plannedOldest = await (0,plan.computePlan)(settings, config, s.reporter, s.report, base.deployed?.sha ?? null);
        const oldest = await (0,plan.refuseMissingLfs)(settings, plannedOldest, s.target);
        return (0,plan.coverLiveReleases)(settings, config, s.reporter, s.report, oldest, others);
    });
    (0,plan.warnUnmatched)(s.reporter, s.report, planned.plan);
    return { states, labels, planned };
}
/** Deploys one host; its record says how it went. */
async function deployOn(strategy, planned, hr) {
    hr.h.reporter.info(`── ${hr.heading}${hr.primary ? ' (primary)' : ''}`);
    hr.record.result = 'failed';
    try {
        hr.run = await prepareOn(hr.h, strategy, planned, hr.from, hr.state);
        const idle = strategy.idle(hr.run) !== undefined;
        await runPipeline(strategy, hr.run, { tasks: hr.primary });
        hr.record.result = idle ? 'unchanged' : hr.run.rollback ? 'rolled-back' : 'deployed';
    }
    catch (e) {
        hr.record.detail = e.message;
        throw e;
    }
}
/** One batch: the primary first on its own (backup, tasks), then the batch's other hosts at the same time. The first error, if any. */
async function runBatch(strategy, planned, batch) {
    const [first, ...rest] = batch;
    const groups = first.primary ? [[first], rest] : [batch];
    for (const group of groups) {
        const settled = await Promise.allSettled(group.map((hr) => deployOn(strategy, planned, hr)));
        const failed = settled.find((r) => r.status === 'rejected');
        if (failed)
            return failed.reason;
    }
    return undefined;
}
/**
 * A host this run switched goes back: the strategy's revert of its whole run, then its state records
 * the rollback (a `rollback` run: the state it had before the run, its release live again).
 */
async function revertDeployed(strategy, hr) {
    const run = hr.run;
    hr.h.reporter.info(`── ${hr.heading}: back to the release it had (another host failed)`);
    const outcome = await revertFailed(strategy, run);
    if (!outcome) {
        hr.record.detail = 'first deploy on this host: nothing to go back to';
        return;
    }
    hr.record.detail = outcome.description;
    if (!outcome.rolledBack)
        return;
    try {
        await recordReverted(hr);
        hr.record.result = 'reverted';
    }
    catch (e) {
        // the next hosts still go back; this one's row (and the log) say its state is behind
        hr.record.detail = `${outcome.description}; but its state could not record it (${e.message.split('\n')[0]}): status and the next run still see the release it went back from`;
        hr.h.reporter.warning(`${hr.heading}: ${hr.record.detail}`);
    }
}
/** A host that went back: its state records it (a `rollback` run: the state it had before the run). */
async function recordReverted(hr) {
    const run = hr.run;
    const { exec } = hr.h.conn;
    if (run.rollback)
        return (0,state_store/* saveState */.LZ)(exec, hr.h.target.path, hr.state);
    const state = await (0,state_store/* loadHostState */.Ip)(hr.h);
    const live = (0,state_model/* currentRelease */.BX)(state);
    if (live && run.previous)
        await (0,state_store/* saveState */.LZ)(exec, hr.h.target.path, recordRollback(state, live, run.previous));
}
/** The hosts' reports folded into the run's: per-host lines prefixed, the table and the timeline appended. */
function mergeReports(report, runs) {
    for (const { h, record } of runs) {
        const tag = (m) => `${record.host}: ${m}`;
        report.warnings.push(...h.report.warnings.map(tag));
        report.notes.push(...h.report.notes.map(tag));
        report.diagnostics = [...(report.diagnostics ?? []), ...(h.report.diagnostics ?? []).map((d) => ({ ...d, title: tag(d.title) }))];
        report.backup ??= h.report.backup;
        report.previousRelease ??= h.report.previousRelease;
    }
    report.hosts = runs.map((r) => r.record);
    report.notes.push(...(0,session_report/* formatRollout */.vy)(report.hosts, report.rollout ?? []));
}
/** A deploy of `to` rolled over the hosts: planned once (planRollout), then the batches (rollOutPlanned). */
async function rollOut(s, hosts, strategy, to) {
    const { states, labels, planned } = await planRollout(s, hosts, strategy, to);
    await rollOutPlanned(s, hosts, strategy, { states, labels, planned, from: deployed });
}
/** The batches in order, with the pause between them; the first failure stops them (returned). */
async function runBatches(s, strategy, planned, runs, labels) {
    const { batch, pause } = s.target.rolling;
    s.reporter.info(`rolling over ${runs.length} hosts, ${(0,config_hosts/* batchSize */.CJ)(runs.length, batch)} at a time, primary ${labels[0]}`);
    const rollout = (s.report.rollout = []);
    for (const [i, indexes] of (0,config_hosts/* planBatches */.un)(runs.length, batch).entries()) {
        if (i > 0 && pause > 0) {
            s.reporter.info(`pausing ${pause / 1000} s before batch ${i + 1}`);
            await sleep(pause);
        }
        const [at, start] = [new Date().toISOString(), performance.now()];
        const failure = await runBatch(strategy, planned, indexes.map((k) => runs[k]));
        rollout.push({ hosts: indexes.map((k) => labels[k]), at, ms: Math.round(performance.now() - start) });
        if (failure)
            return failure;
    }
    return undefined;
}
/**
 * Publishes once (what it returns runs once every host is done), runs the batches; on a failure,
 * reverts the hosts switched so far.
 */
async function rollOutPlanned(s, hosts, strategy, p) {
    const { states, labels, planned } = p;
    s.report.release = planned.to;
    // built once (the primary or the runner), before any host changes
    const published = await strategy.publish?.(hosts[0], planned);
    const runs = hosts.map((h, i) => {
        const record = { host: labels[i], previous: (0,state_model/* currentRelease */.BX)(states[i])?.id, result: 'untouched', phases: h.report.phases };
        return { h, state: states[i], record, primary: i === 0, from: p.from, heading: `host ${i + 1} of ${hosts.length}: ${labels[i]}` };
    });
    let failure;
    try {
        failure = await runBatches(s, strategy, planned, runs, labels);
        if (failure)
            for (const hr of runs.filter((r) => switched(r)))
                await revertDeployed(strategy, hr);
    }
    finally {
        await published?.();
    }
    mergeReports(s.report, runs);
    if (!failure)
        return;
    const isRollback = runs.some((r) => r.run?.rollback);
    const allBack = !runs.some((r) => switched(r)) && !runs.some((r) => r.h.report.result === 'failure');
    s.report.result = allBack && !isRollback ? 'rolled-back' : 'failure';
    throw failure;
}
//# sourceMappingURL=rolling.js.map
;// CONCATENATED MODULE: ./lib/pipeline/deploy.js
/** `deploy`: a dry run describes it; a real one runs it under the deploy locks of every host, on one host or rolled over several. */






const deploy_deployed = (state) => ({ previous: (0,state_model/* currentRelease */.BX)(state) });
/**
 * Plans once, from the revision the host records as deployed to `to`. The strategy's probe of the
 * host is sent alongside the state read (the connection runs both at once) and is awaited only
 * after the plan, which does not need it.
 */
async function planDeployOf(s, strategy, to, sent = []) {
    const [stateRead, probeRead] = sent;
    const probing = strategy.probe?.(s, probeRead);
    // awaited below: should the state read or the plan fail first, its failure is not left unhandled
    probing?.catch(() => undefined);
    const state = await (0,state_store/* loadHostState */.Ip)(s, stateRead);
    const previous = (0,state_model/* currentRelease */.BX)(state);
    const settings = { ...s.settings, to };
    const planned = await (0,session/* phase */.Oi)(s, 'Plan', async () => (0,plan.refuseMissingLfs)(settings, await (0,plan.computePlan)(settings, strategy.plannerConfig(s), s.reporter, s.report, previous?.sha ?? null), s.target));
    return { state, planned, probed: await probing };
}
/**
 * Before the locks: the strategy's reads that change nothing on a host and need no lock start now,
 * so they overlap the lock and the plan. (The SSH master is not started here: a run killed while
 * its master is still authenticating would leave that master behind, out of the agent's reach.)
 */
function warmUp(hosts, strategy) {
    for (const h of hosts)
        strategy.warmUp?.(h);
}
/** Several hosts: the dry run plans as the rollout would and describes the primary's part. */
async function describeRollout(s, hosts, strategy) {
    const { states, planned } = await planRollout(s, hosts, strategy, s.settings.to);
    s.report.notes.push(...strategy.describe(await prepareOn(s, strategy, planned, deploy_deployed, states[0])));
}
/**
 * A deploy of `s.settings.to` with `strategy`: all hosts' locks are taken (in order) before anything else runs.
 * `resolving`: the resolution of `to`, when the caller started it already (it is awaited here, so
 * its error comes where it always did).
 */
async function deployWith(s, strategy, resolving = () => (0,plan.resolveTo)(s.settings)) {
    const hosts = (0,session/* hostSessions */.C1)(s);
    if (hosts.length > 1) {
        const own = rolloutSessions(s, hosts);
        if (s.settings.dryRun)
            return describeRollout(s, own, strategy);
        warmUp(own, strategy);
        const sha = await resolving();
        return (0,session/* withLocks */.X6)(own, sha, () => rollOut(s, own, strategy, sha));
    }
    const run = async (to, sent) => {
        const { state, planned, probed } = await planDeployOf(s, strategy, to, sent);
        const done = s.settings.dryRun ? undefined : await strategy.publish?.(hosts[0], planned);
        try {
            await runOnHosts(hosts, strategy, planned, deploy_deployed, state, probed);
        }
        finally {
            await done?.();
        }
    };
    if (s.settings.dryRun)
        return run(s.settings.to);
    warmUp(hosts, strategy);
    const sha = await resolving();
    // one host: the record's script may release the lock as its last step (handOffUnlock)
    await (0,session/* withLock */.kK)(s, sha, (sent) => run(sha, sent), lockedReads(s, strategy), { handOff: true });
}
//# sourceMappingURL=deploy.js.map
// EXTERNAL MODULE: ./lib/transport/types.js + 1 modules
var types = __webpack_require__(621);
// EXTERNAL MODULE: ./lib/compose/values.js
var values = __webpack_require__(78988);
;// CONCATENATED MODULE: ./lib/apply/build-groups.js

/**
 * Groups services to build by identical build definitions (same context, Dockerfile, args...):
 * each group is built once and its image tagged for the others. Order follows `services`, except
 * that a group comes after the groups building the images it builds on (`build.fromServices`: a
 * Dockerfile `FROM app-base`, `additional_contexts: service:base`), so it gets their new image.
 */
function buildGroups(services, model) {
    const groups = new Map();
    for (const name of services) {
        const def = model.services[name]?.definition.build;
        const key = def === undefined ? `!${name}` : (0,values/* canonicalJson */.dj)(def);
        groups.set(key, [...(groups.get(key) ?? []), name]);
    }
    return inBuildOrder([...groups.values()], model);
}
/** `groups` in order, each moved after the groups building its services' bases (a cycle keeps the rest in order). */
function inBuildOrder(groups, model) {
    const planned = new Set(groups.flat());
    const done = new Set();
    const out = [];
    let waiting = groups;
    while (waiting.length > 0) {
        const ready = waiting.filter((g) => g.every((s) => (model.services[s]?.build?.fromServices ?? []).every((b) => !planned.has(b) || done.has(b) || g.includes(b))));
        const next = ready.length > 0 ? ready : waiting;
        for (const g of next) {
            out.push(g);
            for (const s of g)
                done.add(s);
        }
        waiting = waiting.filter((g) => !next.includes(g));
    }
    return out;
}
/**
 * The services `services` build on (`build.fromServices`, transitively) that are not among them:
 * a builder whose docker may hold no image, or another one, under a base's name (a fresh runner)
 * must build those bases from the same commit first. Sorted.
 */
function unplannedBases(services, model) {
    const planned = new Set(services);
    const bases = new Set();
    const visit = (name) => {
        for (const base of model.services[name]?.build?.fromServices ?? []) {
            if (planned.has(base) || bases.has(base) || !model.services[base]?.build)
                continue;
            bases.add(base);
            visit(base);
        }
    };
    services.forEach(visit);
    return [...bases].sort();
}
//# sourceMappingURL=build-groups.js.map
;// CONCATENATED MODULE: ./lib/apply/project-containers.js

// The service label comes from `docker ps`; `docker inspect` of several containers may template
// against raw maps, where `.State.Health` of a container without a healthcheck is an error
// ("map has no entry for key"): the state is printed as JSON and read here instead.
const PS_FORMAT = 'ps {{.ID}} {{.Label "com.docker.compose.service"}} {{.Names}}';
const INSPECT_FORMAT = 'inspect {{.Id}} {{.Config.Image}} {{.Image}} {{.RestartCount}} {{with .HostConfig.RestartPolicy.Name}}{{.}}{{else}}-{{end}} {{json .State}}';
/** One round trip: list the project's containers by compose labels (one-off runs excluded), inspect them all. */
function projectInspectScript(project) {
    const filters = [`label=com.docker.compose.project=${project}`, 'label=com.docker.compose.oneoff=False']
        .map((f) => `--filter ${(0,quote/* shellQuote */.Z)(f)}`)
        .join(' ');
    return [
        `ps=$(docker ps -a --no-trunc ${filters} --format ${(0,quote/* shellQuote */.Z)(PS_FORMAT)}) || exit 1`,
        'printf \'%s\\n\' "$ps"',
        `ids=$(printf '%s\\n' "$ps" | cut -d ' ' -f 2)`,
        `[ -z "$ids" ] || docker inspect --format ${(0,quote/* shellQuote */.Z)(INSPECT_FORMAT)} $ids`,
    ].join('\n');
}
function parseInspect(stdout) {
    const services = new Map();
    const names = new Map();
    const infos = [];
    for (const line of stdout.split('\n')) {
        const [kind, id = '', ...rest] = line.trim().split(' ');
        if (kind === 'ps')
            services.set(id, rest[0] ?? '');
        if (kind === 'ps' && rest[1])
            names.set(id, rest[1]);
        if (kind === 'inspect') {
            const [image = '', imageId = '', restarts = '0', restartPolicy = '-', ...json] = rest;
            const state = JSON.parse(json.join(' ') || '{}');
            const health = state.Health?.Status ?? 'none';
            const status = state.Status ?? '';
            infos.push({
                id,
                service: '',
                image,
                imageId,
                status,
                health,
                restarts: Number(restarts) || 0,
                exitCode: state.ExitCode,
                restartPolicy,
            });
        }
    }
    return infos.map((c) => ({ ...c, service: services.get(c.id) ?? '', ...(names.has(c.id) ? { name: names.get(c.id) } : {}) }));
}
async function projectContainers(exec, project) {
    return parseInspect((await exec.sh(projectInspectScript(project))).stdout);
}
//# sourceMappingURL=project-containers.js.map
;// CONCATENATED MODULE: ./lib/apply/start-first.js


/** `up -d --no-deps --no-build --no-recreate --scale S=count S`: adds containers, leaves the running ones alone. */
function scaleUpArgs(c, service, count) {
    checkServices([service]);
    return [...composeBase(c), 'up', '-d', '--no-deps', '--no-build', '--no-recreate', '--scale', `${service}=${count}`, service];
}
/**
 * `docker stop -t N ids` (N: seconds the containers get after SIGTERM); without N, each container's
 * own stop timeout (compose sets it from the service's stop_grace_period; else Docker's 10 s).
 */
function stopContainersArgs(ids, graceSeconds) {
    const t = graceSeconds === undefined ? [] : ['-t', String(Math.max(0, Math.ceil(graceSeconds)))];
    return ['docker', 'stop', ...t, ...ids];
}
/** `docker rm [-f] ids` */
function removeContainersArgs(ids, force = false) {
    return ['docker', 'rm', ...(force ? ['-f'] : []), ...ids];
}
/**
 * A new container is ready when it runs and is healthy (running is enough without a healthcheck).
 * One that Docker restarted has crashed (its restart policy starts it again): failed.
 */
function readinessOf(c) {
    if (c.status === 'exited' || c.status === 'dead' || c.health === 'unhealthy' || (c.restarts ?? 0) > 0)
        return 'failed';
    if (c.status === 'running' && (c.health === 'healthy' || c.health === 'none'))
        return 'ready';
    return 'waiting';
}
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const idsOf = async (exec, project, service) => (await exec.run(projectContainersArgs(project, service))).stdout.split('\n').filter(Boolean);
/** The new container failed: it was removed and the old one still serves (the undo need not touch the service). */
class StartFirstFailed extends Error {
    service;
    constructor(service, problem) {
        super(`start-first ${service}: the new container failed (${problem}); it was removed, the old one still serves`);
        this.service = service;
    }
}
/** What is wrong with a new container that is not ready (gone, crashed and restarted, unhealthy, exited, or still waiting). */
function whatIsWrong(c) {
    if (!c)
        return 'it is gone';
    if (c.restarts > 0)
        return `it crashed and Docker restarted it ${c.restarts} time${c.restarts > 1 ? 's' : ''}`;
    if (c.health === 'unhealthy')
        return 'it is unhealthy';
    return readinessOf(c) === 'failed' ? `it is ${c.status}` : `it is ${c.status}/${c.health}`;
}
async function waitReady(ctx, project, id) {
    const deadline = Date.now() + ctx.timeoutMs;
    for (;;) {
        const c = (await projectContainers(ctx.exec, project)).find((x) => x.id === id);
        const state = c ? readinessOf(c) : 'failed';
        if (state === 'ready')
            return undefined;
        if (state === 'failed')
            return whatIsWrong(c);
        if (Date.now() >= deadline)
            return `not healthy after ${Math.round(ctx.timeoutMs / 1000)} s (${c.status}/${c.health})`;
        await (ctx.sleep ?? pause)(ctx.pollMs ?? 500);
    }
}
/** Waits for each new container in turn (they start together); the first problem, if any. */
async function firstProblem(ctx, project, ids) {
    for (const id of ids) {
        const problem = await waitReady(ctx, project, id);
        if (problem !== undefined)
            return problem;
    }
    return undefined;
}
/** After the overlap: the first new container that is no longer ready (it exited, crashed, turned unhealthy), if any. */
async function lateProblem(ctx, project, ids) {
    const now = await projectContainers(ctx.exec, project);
    for (const id of ids) {
        const c = now.find((x) => x.id === id);
        if (!c || readinessOf(c) !== 'ready')
            return `during the overlap, ${whatIsWrong(c)}`;
    }
    return undefined;
}
/** The new containers are removed (the old ones still serve), and the replacement fails. */
async function giveUp(ctx, service, fresh, problem) {
    if (fresh.length > 0)
        await ctx.exec.run(removeContainersArgs(fresh, true), { allowFailure: true });
    throw new StartFirstFailed(service, problem);
}
/**
 * Replaces a service start-first: N new containers beside the old ones, N being what the service
 * declares (`scale`, `deploy.replicas`), else as many as run now. Returns false when the service has no running container to keep
 * serving, or has a stopped one (the caller runs a plain `up` then). Throws, with the old container still serving, when the new
 * one does not become ready.
 */
async function replaceStartFirst(ctx, inv, service) {
    const containers = (await projectContainers(ctx.exec, inv.project)).filter((c) => c.service === service);
    // nothing serving, or a stopped container `up` would start again on its old definition: a plain up
    if (containers.length === 0 || containers.some((c) => c.status !== 'running'))
        return false;
    const old = containers.map((c) => c.id);
    const n = ctx.replicas ?? old.length;
    ctx.reporter.info(`start-first ${service}: ${n} new container${n > 1 ? 's' : ''} beside ${old.map((id) => id.slice(0, 12)).join(', ')}`);
    const now = ctx.now ?? Date.now;
    await ctx.exec.run(scaleUpArgs(inv, service, old.length + n));
    const started = now();
    const fresh = (await idsOf(ctx.exec, inv.project, service)).filter((id) => !old.includes(id));
    const problem = fresh.length === n
        ? await firstProblem(ctx, inv.project, fresh)
        : `expected ${n} new container${n > 1 ? 's' : ''}, found ${fresh.length}`;
    if (problem !== undefined)
        await giveUp(ctx, service, fresh, problem);
    const ready = fresh.map((id) => id.slice(0, 12)).join(', ');
    const left = (ctx.overlapMs ?? 0) - (now() - started);
    const many = old.length > 1;
    const olds = `the old container${many ? 's' : ''}`;
    const then = left > 0
        ? `${olds} serve${many ? '' : 's'} ${(left / 1000).toFixed(1)} s more (overlap: a proxy's DNS cache may still send requests there), then ${many ? 'are' : 'is'} stopped and removed`
        : `stopping and removing ${olds}`;
    ctx.reporter.info(`start-first ${service}: ${ready} ${n > 1 ? 'are' : 'is'} ready; ${then}`);
    if (left > 0) {
        await (ctx.sleep ?? pause)(left);
        // a container without a healthcheck is ready as soon as it runs: one that crashed since must not replace the old ones
        const late = await lateProblem(ctx, inv.project, fresh);
        if (late !== undefined)
            await giveUp(ctx, service, fresh, late);
    }
    await ctx.exec.run(stopContainersArgs(old, ctx.stopGraceSeconds));
    await ctx.exec.run(removeContainersArgs(old));
    return true;
}
//# sourceMappingURL=start-first.js.map
// EXTERNAL MODULE: ./lib/compose/stop-grace.js
var stop_grace = __webpack_require__(92139);
;// CONCATENATED MODULE: ./lib/compose/replicas.js
const count = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined);
function declaredReplicas(service) {
    const def = service?.definition;
    const deploy = def?.deploy;
    return count(def?.scale) ?? (deploy && typeof deploy === 'object' ? count(deploy.replicas) : undefined);
}
//# sourceMappingURL=replicas.js.map
;// CONCATENATED MODULE: ./lib/transport/line-stream.js
/**
 * Streams a remote command's output line by line as it comes (`emit(prefix + line)`), for long
 * phases (build, tasks, pip, frontend), instead of buffering it until the command ends.
 */
function streamLines(emit, prefix, keep = 15) {
    const kept = [];
    const line = (text) => {
        const clean = text.replace(/\r$/, '');
        emit(`${prefix}${clean}`);
        kept.push(clean);
        if (kept.length > keep)
            kept.shift();
    };
    const splitter = () => {
        let partial = '';
        return {
            push(chunk) {
                const parts = (partial + chunk.toString('utf8')).split('\n');
                partial = parts.pop() ?? '';
                parts.forEach(line);
            },
            end() {
                if (partial)
                    line(partial);
                partial = '';
            },
        };
    };
    const out = splitter();
    const err = splitter();
    return {
        options: { onStdout: (c) => out.push(c), onStderr: (c) => err.push(c) },
        finish() {
            out.end();
            err.end();
            return kept.join('\n');
        },
    };
}
/**
 * Runs a command (`start` passes the hooks to exec.run or exec.sh) with its output streamed line
 * by line to `emit`, each line prefixed, and still collected in the result: callers keep reading
 * `stdout`/`stderr` as with a buffered run.
 */
async function runStreamed(start, emit, prefix) {
    const stream = streamLines(emit, prefix);
    const stdout = [];
    const onStdout = (c) => {
        stdout.push(c);
        stream.options.onStdout(c);
    };
    try {
        const r = await start({ onStdout, onStderr: stream.options.onStderr });
        return { ...r, stdout: r.stdout || Buffer.concat(stdout).toString('utf8') };
    }
    finally {
        stream.finish();
    }
}
//# sourceMappingURL=line-stream.js.map
;// CONCATENATED MODULE: ./lib/transport/side-by-side.js
/**
 * POSIX sh text that runs commands side by side (each in the background) and waits for every one:
 * a round of `docker tag` calls costs one docker CLI start instead of one per image. Pure.
 */
/** Runs every command at once; the script's status is 0 only if every command exited 0. */
function sideBySideScript(commands) {
    if (commands.length === 1)
        return commands[0];
    return [
        'gd_rc=0',
        ...commands.map((c, i) => `{ ${c}; } & gd_p${i}=$!`),
        ...commands.map((_, i) => `wait "$gd_p${i}" || gd_rc=1`),
        '[ "$gd_rc" = 0 ]',
    ].join('\n');
}
//# sourceMappingURL=side-by-side.js.map
;// CONCATENATED MODULE: ./lib/apply/one-shot.js
/**
 * A one-shot service (a migrate job) that did its job: its container exited 0 and its restart
 * policy does not start it again (`no`, `on-failure`, or none, written `-`). It is neither crashed
 * nor waited for. One rule for the Apply's wait (wait-started.ts, in shell) and the verify's poll
 * (container-health.ts).
 */
/** Restart policies that leave a container stopped after it exited 0; `-`: none (empty). */
const ONE_SHOT_POLICIES = ['no', 'on-failure', '-'];
/** An exited container that finished its job (pure). */
function hasFinished(exitCode, policy) {
    return exitCode === 0 && ONE_SHOT_POLICIES.includes(policy || '-');
}
/** `finished CODE POLICY` in shell: hasFinished, exit status 0 when it did. */
const FINISHED_SHELL = [
    'finished() {',
    '  [ "$1" = 0 ] || return 1',
    `  case "$2" in ${ONE_SHOT_POLICIES.join(' | ')}) return 0 ;; *) return 1 ;; esac`,
    '}',
];
//# sourceMappingURL=one-shot.js.map
;// CONCATENATED MODULE: ./lib/apply/wait-started.js
/**
 * The wait after `up -d` (pure): one remote script that polls the new containers of the upped
 * services with `docker inspect` every `pollSeconds` until each runs and, when it has a
 * healthcheck, is healthy. It replaces `up --wait`, which re-reads the containers on a 0.5 s tick
 * (measured: compose 2.26 returned 0.34–0.48 s after Docker's health_status event). The verdicts
 * are the verify's (container-health.ts judgeContainers): exited, dead or unhealthy fails at once;
 * running and healthy is ready, and so is one without a healthcheck once it has run `stableSeconds`
 * without a restart (settledLines); anything else (created, restarting,
 * health starting) waits until `timeoutSeconds`. Its failure is one line on stderr, exit 1.
 *
 * While Docker says `starting`, a service with a compose healthcheck (health-probe.ts) also counts
 * as ready the first time its own check, run by `docker exec` in the container, exits 0: Docker
 * waits `interval` before its first check, and one passing check is all it asks for too. Each
 * round probes every container still starting with one `docker exec` (bounded by `timeout`) that
 * retries the check inside the container (PROBE_LOOP) rather than one `docker exec` per try: an
 * exec costs the host far more CPU than the check, and it is taken from the app that is booting
 * (measured on the real-app fixture: gunicorn answered 75 ms later with an exec per try every
 * round, 40 ms with the loop). A container without `sh` gets one plain exec per round instead.
 * The probe's output is discarded. Without `timeout` on the host the probe never passes and
 * Docker's status decides, as without a probe.
 */



// `index .State "Health"`: both the 20.10 and the 28.x client template several containers against
// raw maps, where `.State.Health` of a container without a healthcheck is an error.
const FORMAT = '{{index .Config.Labels "com.docker.compose.service"}} {{.Name}} {{.State.Status}} ' +
    '{{with index .State "Health"}}{{.Status}}{{else}}none{{end}} {{.State.ExitCode}} {{.RestartCount}} ' +
    // `-` for an empty name (no restart policy), so that the fields keep their places
    '{{with .HostConfig.RestartPolicy.Name}}{{.}}{{else}}-{{end}} ' +
    // last (it has spaces): the healthcheck test the container carries, compared with a probe's as text
    '{{with index .Config "Healthcheck"}}{{json .Test}}{{end}}';
/** The services' containers, listed once (the ones `up` just created or kept). */
function listLines(project, services) {
    return services.flatMap((s) => [
        `found=$(${(0,quote/* shellJoin */.n)(projectContainersArgs(project, s))}) || exit 1`,
        `[ -n "$found" ] || { echo ${(0,quote/* shellQuote */.Z)(`service ${s} has no container after up`)} >&2; exit 1; }`,
        'ids="$ids $found"',
    ]);
}
/**
 * `probe SERVICE CONTAINER TEST`: the service's healthcheck in the container, bounded, when the
 * container's own test (`TEST`, as docker inspect prints its JSON) is the compose model's, compared
 * as text (Docker's `json` leaves <, > and & as they are, like JSON.stringify); else it fails and
 * Docker decides. `ready SERVICE CONTAINER TEST`: it passed once, in this round or an earlier one
 * (remembered in $passed).
 */
function probeLines(probes) {
    const cases = Object.entries(probes).map(([service, p]) => `    ${(0,quote/* shellQuote */.Z)(service)}) [ "$3" = ${(0,quote/* shellQuote */.Z)(JSON.stringify(p.test))} ] && gd_probe "$2" ${p.timeoutSeconds} ${(0,quote/* shellJoin */.n)(p.argv)} ;;`);
    return [
        'passed=',
        'nosh=',
        ...probeExecLines(),
        'probe() {',
        '  case "$1" in',
        ...cases,
        '    *) return 1 ;;',
        '  esac',
        '}',
        'ready() {',
        '  case " $passed " in *" $2 "*) return 0 ;; esac',
        '  probe "$1" "$2" "$3" </dev/null >/dev/null 2>&1 || return 1',
        '  passed="$passed $2"',
        '}',
    ];
}
/**
 * In the container: the check (its argv: "$@") until it exits 0, PROBE_TRIES times at most, 0.05 s
 * apart; a `sleep` without fractions ends it after the first try (the next round tries again).
 */
const PROBE_TRIES = 20;
const PROBE_LOOP = `n=0; until "$@"; do n=$((n+1)); [ "$n" -lt ${PROBE_TRIES} ] && sleep 0.05 2>/dev/null || exit 1; done`;
/**
 * `gd_probe CONTAINER TIMEOUT ARGV...`: PROBE_LOOP by one `docker exec`, cut after TIMEOUT; when
 * the container cannot run `sh` (docker exec exits 126 or 127; the loop itself never does), the
 * check by itself, then and in this container's later rounds (remembered in $nosh).
 */
function probeExecLines() {
    return [
        'gd_probe() {',
        '  pc=$1 pt=$2',
        '  shift 2',
        '  case " $nosh " in',
        '    *" $pc "*) ;;',
        `    *) timeout -k 1 "$pt" docker exec "$pc" sh -c ${(0,quote/* shellQuote */.Z)(PROBE_LOOP)} sh "$@"`,
        '      case $? in 0) return 0 ;; 126 | 127) nosh="$nosh $pc" ;; *) return 1 ;; esac ;;',
        '  esac',
        '  timeout -k 1 "$pt" docker exec "$pc" "$@"',
        '}',
    ];
}
const WAIT = 'waiting="$waiting${waiting:+, }$name $status/$health"';
/**
 * The line a recording wait prints on stdout when it first sees a container running without a
 * healthcheck, or running and healthy with one: `gd-seen NAME SINCE RESTARTS`, ` h` after it for one
 * with a healthcheck.
 */
const SEEN = 'gd-seen';
/** The line a recording wait that passed prints on stdout for each container it knows: `gd-last NAME LAST`. */
const LAST = 'gd-last';
/** What a recording wait that passed printed (its stdout), into the records `into`: the containers it first saw, and when each was last seen (LAST). */
function noteSeen(into, stdout) {
    into.push(...seenOf(stdout));
    for (const m of stdout.matchAll(new RegExp(`^${LAST} (\\S+) (\\d+)$`, 'gm'))) {
        const c = into.find((s) => s.name === m[1]);
        if (c)
            c.last = Number(m[2]);
    }
}
/** The SEEN lines of a recording wait's stdout. */
function seenOf(stdout) {
    return [...stdout.matchAll(new RegExp(`^${SEEN} (\\S+) (\\d+) (\\d+)( h)?$`, 'gm'))].map((m) => ({
        name: m[1],
        since: Number(m[2]),
        restarts: Number(m[3]),
        ...(m[4] ? { health: true } : {}),
    }));
}
/**
 * The records of the containers the waits saw (gd_s_* since, gd_r_* restarts, gd_l_* when a round
 * last saw that count, gd_w_* served, gd_h_* with a healthcheck, gd_n_* its name; per container, in
 * variables named after it, their keys in $gd_keys) and `known NAME RESTARTS`, run on each line of a
 * round: `since` is empty for a container not seen yet; one seen whose restart count changed since
 * (Docker's restart policy restarted it, whatever its health says now) fails the wait (crashedLines).
 * `lasts`: a LAST line for each.
 */
function knownLines(seconds, window) {
    const flags = (c) => `${c.served ? 'served' : "''"} ${c.health ? 'h' : "''"} ${c.last ?? c.since}`;
    return [
        `gd_key() { k=$(printf %s "$1" | tr -c 'A-Za-z0-9' _); }`,
        'gd_keys=',
        // seen NAME SINCE RESTARTS [SERVED H LAST]
        'seen() { gd_key "$1"; gd_keys="$gd_keys $k"; eval "gd_n_$k=$1 gd_s_$k=$2 gd_l_$k=${6:-$2} gd_r_$k=$3 gd_w_$k=${4-} gd_h_$k=${5-}"; }',
        `lasts() { for k in $gd_keys; do eval "echo ${LAST} \\$gd_n_$k \\$gd_l_$k"; done; }`,
        ...(window.seen ?? []).map((c) => `seen ${(0,quote/* shellQuote */.Z)(c.name)} ${c.since} ${c.restarts} ${flags(c)}`),
        ...crashedLines(seconds),
        'known() {',
        '  gd_key "$1"',
        '  eval "since=\\${gd_s_$k-} r0=\\${gd_r_$k-} last=\\${gd_l_$k-} served=\\${gd_w_$k-} hc=\\${gd_h_$k-}"',
        '  [ -n "$since" ] || return 0',
        '  [ "$2" = "$r0" ] || crashed "$1" $(( $2 - r0 ))',
        '  eval "gd_l_$k=$now"',
        '}',
        // first sighting: NAME RESTARTS [h]
        'note() {',
        '  since=$now',
        '  seen "$1" "$now" "$2" "" "${3-}"',
        ...(window.record ? [`  echo "${SEEN} $1 $now $2\${3:+ $3}"`] : []),
        '}',
    ];
}
/**
 * `crashed NAME COUNT`: the failure, worded from what the waits saw: it ran since `since` (first
 * seen), with the same restart count still at `last`, and restarted by `now`. Before the end of the
 * window when `now` is within it; after the window when `last` was past it, or the window was served
 * by an earlier part (before the tasks); else between the two, as seen.
 */
function crashedLines(seconds) {
    return [
        'crashed() {',
        '  t=$(( now - since )) l=$(( last - since ))',
        // seen once only (or last at its first sighting): no lower bound
        `  [ "$l" = "$t" ] && between="$t s after" || { [ "$l" = 0 ] && between="at most $t s after" || between="between $l s and $t s after"; }`,
        '  if [ -n "$hc" ]; then',
        `    [ -n "$served" ] && when=${(0,quote/* shellQuote */.Z)('after a wait had seen it running and healthy, before the tasks (')} || when="$between a wait first saw it running and healthy ("`,
        `    why=${(0,quote/* shellQuote */.Z)('it has a healthcheck, which passes again after a restart')}`,
        `  elif [ -n "$served" ]; then when=${(0,quote/* shellQuote */.Z)(`after it had run ${seconds} s without one (its stable window, served before the tasks; `)}`,
        ...(seconds > 0
            ? [
                `  elif [ "$t" -le ${seconds} ]; then when=${(0,quote/* shellQuote */.Z)(`before it had run ${seconds} s (`)}`,
                `  elif [ "$l" -ge ${seconds} ]; then when=${(0,quote/* shellQuote */.Z)(`after it had run ${seconds} s without one (its stable window; `)}`,
            ]
            : []),
        '  else when="$between a wait first saw it running ("',
        '  fi',
        `  [ -n "$hc" ] || why=${(0,quote/* shellQuote */.Z)('it has no healthcheck')}`,
        '  echo "health check failed: $1 crashed: Docker restarted it $2 time(s) $when$why; health.stable_for)" >&2',
        '  exit 1',
        '}',
    ];
}
/**
 * `settled NAME RESTARTS` (after `known`): a container without a healthcheck counts as started once
 * it has run `seconds` (health.stable_for) since a wait of this Apply first saw it running (this one,
 * or an earlier one: `window.seen`) without a restart (`known` fails the wait on one; one without a
 * restart policy is seen exited). Whole seconds of `date +%s`: "more than N" is at least N s, at most
 * N+1. `seconds` 0: started at once (after recording).
 */
function settledLines(seconds) {
    return [
        'settled() {',
        '  if [ -z "$since" ]; then',
        '    note "$1" "$2"',
        ...(seconds > 0 ? ['    return 1'] : []),
        '  fi',
        ...(seconds > 0 ? [`  [ $(( now - since )) -gt ${seconds} ]`] : []),
        '}',
    ];
}
/** A container with a healthcheck first seen healthy (or its probe passed): noted, its restart count held from then on. */
const NOTE_HEALTHY = '{ [ -n "$since" ] || note "$name" "$restarts" h; }';
const STOPPED = '{ echo "health check failed: $name is $status (exit code $code)" >&2; exit 1; }';
/** Docker says unhealthy while it restarts a container with a healthcheck that crashed: said as the crash it is. */
const RESTARTING = '{ echo "health check failed: $name crashed: Docker restarted it $restarts time(s) (last exit code $code; it is restarting, which Docker reports as unhealthy)" >&2; exit 1; }';
/** One round: inspect, judge each line (service name status health exit-code restarts; the first failure ends it), stop or go on. */
const round = (probing, settling, recording) => [
    `  out=$(docker inspect --format ${(0,quote/* shellQuote */.Z)(FORMAT)} $ids) || exit 1`,
    '  waiting=',
    ...(settling ? ['  now=$(date +%s)'] : []),
    '  while read -r svc name status health code restarts policy check; do',
    '    [ -n "$svc" ] || continue',
    '    name=${name#/}',
    ...(settling ? ['    known "$name" "$restarts"'] : []),
    '    case "$status/$health" in',
    `      restarting/unhealthy) ${RESTARTING} ;;`,
    '      */unhealthy) echo "health check failed: $name is unhealthy" >&2; exit 1 ;;',
    `      exited/*) finished "$code" "$policy" || ${STOPPED} ;;`,
    `      dead/*) ${STOPPED} ;;`,
    `      running/healthy) ${settling ? NOTE_HEALTHY : ''} ;;`,
    `      running/none) ${settling ? `settled "$name" "$restarts" || ${WAIT}` : ''} ;;`,
    ...(probing ? [`      running/starting) ready "$svc" "$name" "$check"${settling ? ` && ${NOTE_HEALTHY}` : ''} || ${WAIT} ;;`] : []),
    `      *) ${WAIT} ;;`,
    '    esac',
    '  done <<EOF',
    '$out',
    'EOF',
    `  [ -n "$waiting" ] || ${recording ? '{ lasts; exit 0; }' : 'exit 0'}`,
];
/**
 * Waits for the containers of `services` (compose project `project`) to be running and healthy,
 * `timeoutSeconds` (rounded up to whole seconds, at least 1; it gives up within a second after it,
 * or after a probe's timeout when one runs then). `probes`: the services' own healthchecks
 * (healthProbesOf), run while Docker says starting. `stableSeconds` (health.stable_for, whole
 * seconds): how long a container without a healthcheck must run without a restart to count as
 * started (settledLines); 0: at once. `window`: the Apply's one stable window across its waits
 * (StableWindow: record the containers first seen, or start from what earlier waits saw).
 * An exited container that exited 0 with no restart policy or `on-failure` did its job (finished).
 */
function waitStartedScript(project, services, timeoutSeconds, probes = {}, stableSeconds = 0, pollSeconds = 0.1, window = {}) {
    const timeout = Math.max(1, Math.ceil(timeoutSeconds));
    const stable = Math.max(0, Math.ceil(stableSeconds));
    const probed = services.filter((s) => probes[s]);
    const settling = stable > 0 || window.record === true;
    return [
        `# wait-started: ${services.join(' ')}${probed.length ? ` (probing ${probed.join(' ')})` : ''}`,
        // whole seconds: one more, so that it never gives up before the timeout (at most 1 s after)
        `deadline=$(( $(date +%s) + ${timeout + 1} ))`,
        'ids=',
        ...listLines(project, services),
        ...(probed.length ? probeLines(Object.fromEntries(probed.map((s) => [s, probes[s]]))) : []),
        ...(settling ? [...knownLines(stable, window), ...settledLines(stable)] : []),
        ...FINISHED_SHELL,
        'while :; do',
        ...round(probed.length > 0, settling, window.record === true),
        `  [ "$(date +%s)" -lt "$deadline" ] || { echo "health check timed out after ${timeout} s: $waiting" >&2; exit 1; }`,
        `  sleep ${pollSeconds} 2>/dev/null || sleep 1`,
        'done',
    ].join('\n');
}
/**
 * The restart counts of the containers of `services` as they are now, no waiting (pure): a SEEN
 * line for each one running without a healthcheck, or running and healthy with one; nothing else is
 * judged. Where no wait follows an `up` (compose v1), run after it in its round trip, so that the
 * Verify can tell a container Docker restarted since (restartedSince).
 */
function restartCountsScript(project, services) {
    return [
        `# restart-counts: ${services.join(' ')}`,
        'ids=',
        ...listLines(project, services),
        'now=$(date +%s)',
        `out=$(docker inspect --format ${(0,quote/* shellQuote */.Z)(FORMAT)} $ids) || exit 1`,
        'while read -r svc name status health code restarts policy check; do',
        '  case "$status/$health" in',
        `    running/none) echo "${SEEN} \${name#/} $now $restarts" ;;`,
        `    running/healthy) echo "${SEEN} \${name#/} $now $restarts h" ;;`,
        '  esac',
        'done <<EOF',
        '$out',
        'EOF',
    ].join('\n');
}
/** The wait as a dry-run line (after its `up`); `probe`: health.probe. */
function describeWaitStarted(services, timeoutSeconds, probe = false) {
    const timeout = Math.max(1, Math.ceil(timeoutSeconds));
    const one = services.length === 1;
    const probing = probe
        ? `, and while Docker says starting ${one ? 'its' : 'their'} compose healthcheck, tried every 0.05 s in the container by docker exec`
        : '';
    const runs = one ? 'runs and is' : 'run and are';
    return `  (then until ${services.join(', ')} ${runs} healthy: docker inspect every 0.1 s${probing}, up to ${timeout} s)`;
}
/** The start's one stable window (health.stable_for) as a dry-run line, after its last `up`, over the services it started. */
function describeStableWindow(services, stable) {
    const timeout = Math.max(1, Math.ceil(stable.timeoutSeconds));
    return (`  (then one window over ${services.join(', ')}: each container without a healthcheck must run ${stable.seconds} s ` +
        `without exiting or a restart (health.stable_for), up to ${timeout} s)`);
}
/** The line `upThenWaitScript` prints on stdout when its `up` fails: `gd-up-failed <exit code>`. */
const UP_FAILED = 'gd-up-failed';
/**
 * `up` and the wait after it (a waitStartedScript) in one script, one round trip instead of two.
 * The up's output (compose writes its progress to stderr) is kept aside: when it fails, it goes to
 * stderr and `UP_FAILED <code>` to stdout, and the script exits with the up's code before any wait;
 * else it is dropped, as a plain `up` run's is, and the wait's stderr is its own.
 */
function upThenWaitScript(up, wait) {
    const failed = `{ gd_rc=$?; [ -z "$gd_up" ] || printf '%s\\n' "$gd_up" >&2; echo "${UP_FAILED} $gd_rc"; exit $gd_rc; }`;
    return `gd_up=$(${(0,quote/* shellJoin */.n)(up)} 2>&1) || ${failed}\n${wait}`;
}
/** The up's exit code when `upThenWaitScript` stopped at a failed up (its stdout), else undefined. */
function upFailedCode(stdout) {
    const m = new RegExp(`^${UP_FAILED} (\\d+)$`, 'm').exec(stdout);
    return m ? Number(m[1]) : undefined;
}
//# sourceMappingURL=wait-started.js.map
;// CONCATENATED MODULE: ./lib/apply/health-probe.js
/**
 * A service's own compose healthcheck as a command to `docker exec` in its container (pure). The
 * wait after `up` (wait-started.ts) runs it while Docker still says `starting`. Docker runs the
 * first check only `interval` after the start (measured on 20.10: a Django web with `interval: 2s`
 * answered 0.5 s after its start, Docker said healthy after 2.3 s) and marks the container healthy
 * after one passing check, so one passing probe is the same criterion, met sooner.
 *
 * Only a `test` written in the compose model is probed: a healthcheck that comes from the image's
 * HEALTHCHECK alone (no `test` in the compose file) has no probe, and that container waits for
 * Docker's own status as before. `test: ["NONE"]`, `disable: true` or an empty test: no probe.
 */

/** Docker's default healthcheck timeout. */
const DEFAULT_TIMEOUT_SECONDS = 30;
/**
 * The most one probe may take: the wait polls nothing else while it runs, so a hanging check
 * must not hold off noticing an exited container for long. A check that needs longer simply
 * never passes as a probe, and Docker's own status decides, as without one.
 */
const MAX_PROBE_SECONDS = 5;
/** The probe of `service`'s compose healthcheck, or undefined when it has none to run. */
function healthProbeOf(service) {
    const hc = service?.definition.healthcheck;
    if (typeof hc !== 'object' || hc === null || Array.isArray(hc))
        return undefined;
    const check = hc;
    if (check.disable === true)
        return undefined;
    const test = dockerTest(check.test);
    if (!test)
        return undefined;
    const timeout = typeof check.timeout === 'string' ? (0,stop_grace/* composeDurationSeconds */.Sq)(check.timeout) : undefined;
    const seconds = Math.min(MAX_PROBE_SECONDS, timeout && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS);
    const [kind, ...rest] = test;
    const argv = kind === 'CMD' ? rest : ['/bin/sh', '-c', rest.join(' ')];
    return { test, argv, timeoutSeconds: Math.max(1, Math.ceil(seconds)) };
}
/** The probes of those `services` that have one (service name → probe). */
function healthProbesOf(services, names) {
    const out = {};
    for (const name of names) {
        const probe = healthProbeOf(services[name]);
        if (probe)
            out[name] = probe;
    }
    return out;
}
/**
 * `test` as the container carries it, when it is one to run: ["CMD", ...] (run as is) or
 * ["CMD-SHELL", ...] (a string becomes one; run through `/bin/sh -c`, the parts joined by
 * spaces, as Docker does, which would use the image's SHELL, /bin/sh unless the Dockerfile changes
 * it); anything else (["NONE"], empty, parts that are not strings) none.
 */
function dockerTest(test) {
    if (typeof test === 'string')
        return test.trim() ? ['CMD-SHELL', test] : undefined;
    if (!Array.isArray(test) || !test.every((p) => typeof p === 'string'))
        return undefined;
    return test.length > 1 && (test[0] === 'CMD' || test[0] === 'CMD-SHELL') ? [...test] : undefined;
}
//# sourceMappingURL=health-probe.js.map
;// CONCATENATED MODULE: ./lib/apply/first-script.js
/**
 * A script that must run on the host before an Apply's first command (a deploy's switch of
 * `current`): sent in that command's round trip, in front of it, instead of a round trip of its
 * own. Each part's failure is reported as if it had run alone.
 */


/** The line `firstThenScript` prints on stdout when its first part fails: `gd-first-failed <exit code>`. */
const FIRST_FAILED = 'gd-first-failed';
/** `first`, then `rest` only when it succeeded; a failed `first` prints FIRST_FAILED and exits with its code. */
function firstThenScript(first, rest) {
    return `{\n${first}\n} || { gd_rc=$?; echo "${FIRST_FAILED} $gd_rc"; exit $gd_rc; }\n${rest}`;
}
/** The first part's exit code when `firstThenScript` stopped at it (its stdout), else undefined. */
function firstFailedCode(stdout) {
    const m = new RegExp(`^${FIRST_FAILED} (\\d+)$`, 'm').exec(stdout);
    return m ? Number(m[1]) : undefined;
}
/**
 * Held until the first command that can carry it takes it; `flush` sends it alone when none did.
 * `failed`: it ran and failed (nothing after it ran: the undo knows no container was touched).
 */
class FirstScript {
    script;
    failed = false;
    taken;
    constructor(script) {
        this.script = script;
    }
    /** The script, once: later calls get undefined. */
    take() {
        const script = this.script;
        this.script = undefined;
        this.taken = script;
        return script;
    }
    /** Runs it alone, unless taken already. */
    async flush(exec) {
        const script = this.take();
        if (script === undefined)
            return;
        try {
            await exec.sh(script);
        }
        catch (e) {
            this.failed = true;
            throw e;
        }
    }
    /** Throws its failure, as its own run would have, when the `firstThenScript` that carried it stopped there. */
    check(r) {
        const code = firstFailedCode(r.stdout);
        if (code === undefined || this.taken === undefined)
            return;
        this.failed = true;
        throw new types/* CommandError */.Q(this.taken, { code, stdout: '', stderr: r.stderr });
    }
}
/** `argv`, after the pending first script when there is one, in one round trip; each failure thrown as if run alone. */
async function runAfterFirst(exec, argv, first) {
    if (first === undefined) {
        await exec.run(argv);
        return;
    }
    const r = await shAfterFirst(exec, (0,quote/* shellJoin */.n)(argv), first);
    if (r.code !== 0)
        throw new types/* CommandError */.Q(argv, r);
}
/**
 * `script` (its failure allowed), after the pending first script when there is one, in one round
 * trip; a failed first script is thrown as if run alone (`script` did not run).
 */
async function shAfterFirst(exec, script, first) {
    const head = first?.take();
    const r = await exec.sh(head === undefined ? script : firstThenScript(head, script), { allowFailure: true });
    if (head !== undefined)
        first.check(r);
    return r;
}
//# sourceMappingURL=first-script.js.map
;// CONCATENATED MODULE: ./lib/apply/apply-plan.js















/** The window of this start, when health.stable_for asks for one and some wait has a timeout (the up's, else health.timeout). */
function stableWindow(ctx, waitSeconds) {
    const timeoutSeconds = waitSeconds ?? ctx.stableTimeoutSeconds;
    if (!ctx.stableSeconds || timeoutSeconds === undefined)
        return undefined;
    return { seconds: ctx.stableSeconds, timeoutSeconds, seen: [...(ctx.carry?.seen ?? [])] };
}
/**
 * Where the waits after each `up` note the containers they first see (`seen`): the window's, else,
 * without one, a copy of the carried records (restart counts for the Verify: Carry); `note`: with no
 * wait after each `up` (compose v1) and no window, each `up` notes them itself, in its round trip.
 */
function notingOf(ctx, window, waitSeconds) {
    const seen = window?.seen ?? (ctx.carry && (waitSeconds !== undefined || ctx.noteRestarts) ? [...ctx.carry.seen] : undefined);
    return { seen, note: waitSeconds === undefined && !window ? seen : undefined };
}
/** Where streamed remote output goes: the run's log, line by line. */
const say = (ctx) => (line) => ctx.reporter.info(line);
/** Builds the planned services; services with identical build definitions are built once and tagged. */
async function buildServices(ctx, inv, plan) {
    const groups = buildGroups(plan.build, ctx.model);
    // image names differ between v1 and v2: needed only to tag a shared image for other services
    const v1 = groups.some((g) => g.length > 1) && isComposeV1(await concreteComposeCommand(ctx.exec, inv.command));
    for (const [first, ...rest] of groups) {
        if (!first)
            continue;
        const noCache = plan.noCache.includes(first);
        ctx.reporter.info(`build ${first}${noCache ? ' (--no-cache)' : ''}${rest.length ? `, image reused for ${rest.join(', ')}` : ''}`);
        await runStreamed((hooks) => ctx.exec.run(buildArgs(inv, [first], noCache), hooks), say(ctx), `[build ${first}] `);
        const image = imageNameOf(ctx.model.services[first], inv.project, v1);
        // side by side: one docker CLI start for the whole group, not one per service
        const tags = rest.map((other) => (0,quote/* shellJoin */.n)(['docker', 'tag', image, imageNameOf(ctx.model.services[other], inv.project, v1)]));
        if (tags.length > 0)
            await ctx.exec.sh(sideBySideScript(tags));
    }
    return groups.length;
}
/**
 * Seconds the Apply waits after `up` for the services to run and be healthy (wait-started.ts): the
 * health timeout, when the target waits for healthchecks and the host's compose is a probed v2
 * that has `up --wait` (the hosts whose Apply waited before); undefined otherwise (v1, or an
 * unprobed command: the verify phase polls instead).
 */
function upWaitSeconds(inv, health) {
    return health.services && composeCanWait(inv.command, inv.version) ? Math.ceil(health.timeout / 1000) : undefined;
}
/**
 * The plan's start-first services first (start-first.ts; one that fails stops the run before any
 * other service is touched), then up (the others, and start-first ones with no running container;
 * each up waited for when waitSeconds is set), restart, then stops and removes services dropped from the compose model.
 * `forceRecreate`: services upped first with `--force-recreate` (a rollback's retagged images, which
 * compose may not see as changed), except start-first ones: they are replaced start-first as a
 * deploy replaces them (their new containers are created on the retagged image), and force-recreated
 * only when they have no running container to keep serving. With health.stable_for (stableWindow),
 * once the last `up` returned, one wait over all the services it upped or replaced start-first
 * holds each container without a healthcheck until it has run that long since a wait first saw it
 * (the waits after each `up` only note when), so that one window is paid per start, not per `up`,
 * and a crash during it fails the start whichever `up` started the container; on compose v1 (no
 * wait after each `up`) that wait is the whole wait. Returns the services whose health it proved:
 * upped and waited for, or replaced start-first (their new containers were waited for); none when it
 * then restarted or removed services (that may disturb them: the verify checks everything again).
 * `settled` is called once the last `up` returned (the containers run their final images), before
 * its wait; at once when there is none.
 */
async function startServices(ctx, inv, plan, waitSeconds, rollout = { timeoutMs: 60_000 }, forceRecreate = [], settled) {
    // no callback: nothing runs between an up and its wait, which then share a round trip (upGroups)
    const once = settled && onceOnly(settled);
    const forced = [...plan.build, ...plan.recreate].filter((s) => forceRecreate.includes(s)).sort();
    const firstOf = plan.startFirst ?? [];
    const forcedNow = forced.filter((s) => !firstOf.includes(s));
    const upped = [...plan.build, ...plan.recreate].filter((s) => !forced.includes(s));
    const lastForced = firstOf.length === 0 && upped.length === 0;
    const window = stableWindow(ctx, waitSeconds);
    const carried = window ? (ctx.carry?.services ?? []) : [];
    // the last up's wait is the window, in its round trip, when a wait follows each up
    const held = (services) => (window && waitSeconds !== undefined ? { window, services } : undefined);
    const waits = { waitSeconds, ...notingOf(ctx, window, waitSeconds) };
    const heldNow = lastForced ? held(() => [...new Set([...forcedNow, ...carried])].sort()) : undefined;
    const now = await upGroups(ctx, inv, forcedNow, plan.stopGrace, {
        ...waits,
        forceRecreate: true,
        afterLastUp: lastForced ? once : undefined,
        held: heldNow,
    });
    // a forced service that is start-first is replaced start-first too: its new containers are created on the image its name points to now
    const replaced = new Set();
    if (firstOf.length > 0)
        await ctx.first?.flush(ctx.exec);
    for (const service of firstOf) {
        if (await startFirst(ctx, inv, service, rollout, plan.stopGrace?.[service]))
            replaced.add(service);
    }
    const forcedLate = forced.filter((s) => firstOf.includes(s) && !replaced.has(s));
    const rest = upped.filter((s) => !replaced.has(s)).sort();
    if (rest.length === 0 && forcedLate.length === 0)
        once?.();
    const lastLate = rest.length === 0 ? once : undefined;
    const started = [...new Set([...replaced, ...forcedNow, ...forcedLate, ...rest, ...carried])].sort();
    const heldLate = rest.length === 0 ? held(() => started) : undefined;
    const late = await upGroups(ctx, inv, forcedLate, plan.stopGrace, {
        ...waits,
        forceRecreate: true,
        afterLastUp: lastLate,
        held: heldLate,
    });
    const last = await upGroups(ctx, inv, rest, plan.stopGrace, { ...waits, afterLastUp: once, held: held(() => started) });
    // nothing upped: the first script still runs, before anything else
    await ctx.first?.flush(ctx.exec);
    if (window && !(now || late || last) && started.length > 0)
        await waitStarted(ctx, inv, started, window.timeoutSeconds, undefined, window);
    // the held wait proved every container it saw: their windows are served
    const served = window?.seen.map((c) => ({ ...c, served: true }));
    if (window && ctx.carry)
        Object.assign(ctx.carry, { services: started, seen: served, recheck: false });
    // no window held the carried ones again: a later start leaves them to the Verify (recheck kept)
    else if (waits.seen && ctx.carry)
        ctx.carry.seen = waits.seen;
    if (await restartAndRemove(ctx, inv, plan))
        return [];
    return window || waitSeconds !== undefined ? started : [...replaced].sort();
}
/**
 * The carried containers held once more when the tasks ran after the last start and no start
 * followed them (Carry.recheck): one that Docker restarted since its window, or since a wait saw it
 * healthy (healthy again by now), fails, as a held part's start fails it (the Verify's poll ignores
 * restart counts); the first round passes when none was (one round trip, only then). Without a
 * window (health.stable_for "0s") the waits after each `up` still noted what they saw: returned,
 * for the Verify's own poll to compare their restart counts (no round trip of its own); else none.
 */
async function recheckCarried(ctx, inv, waitSeconds) {
    const window = stableWindow(ctx, waitSeconds);
    // no container seen (without a healthcheck, or healthy with one): no restart count to compare
    const seen = ctx.carry?.recheck ? ctx.carry.seen : [];
    if (seen.length === 0)
        return [];
    ctx.carry.recheck = false;
    if (!window)
        return seen;
    await waitStarted(ctx, inv, ctx.carry.services, window.timeoutSeconds, undefined, window);
    return [];
}
/** `f`, called at most once however often the result is. */
function onceOnly(f) {
    let fired = false;
    return () => {
        if (!fired)
            f();
        fired = true;
    };
}
/** The plan's restarts, then the services dropped from the compose model removed; true when it did any. */
async function restartAndRemove(ctx, inv, plan) {
    for (const [timeoutSeconds, group] of groupByGrace(plan.restart, plan.stopGrace)) {
        ctx.reporter.info(`restart ${timeoutSeconds === undefined ? '' : `--timeout ${timeoutSeconds} `}${group.join(' ')}`);
        await ctx.exec.run(restartArgs(inv, group, timeoutSeconds));
    }
    for (const service of plan.remove)
        await removeService(ctx, inv, service, plan.stopGrace?.[service]);
    return plan.restart.length > 0 || plan.remove.length > 0;
}
/**
 * `up` of `services`, one call per stop grace (`--timeout`), said in the log as it runs; with
 * `waitSeconds`, then waits until their containers run and are healthy (wait-started.ts, in place
 * of compose's coarser `up --wait`), in the up's own round trip unless `afterLastUp` must run
 * between the last up and its wait. `seen`: the start's stable window (the waits note the containers they first see running into it);
 * `held`: the last up's wait is that window itself, over `held.services` (every service the start started). True when it ran.
 */
async function upGroups(ctx, inv, services, stopGrace, opts) {
    const groups = groupByGrace(services, stopGrace);
    for (const [i, [timeoutSeconds, group]] of groups.entries()) {
        const grace = timeoutSeconds === undefined ? '' : `--timeout ${timeoutSeconds} `;
        ctx.reporter.info(`up -d --no-deps ${opts.forceRecreate ? '--force-recreate ' : ''}${grace}${group.join(' ')}`);
        const up = upArgs(inv, group, { forceRecreate: opts.forceRecreate, timeoutSeconds });
        const last = i === groups.length - 1;
        const between = last ? opts.afterLastUp : undefined;
        const held = last ? opts.held : undefined;
        const [waitOn, window] = held ? [held.services(), held.window] : [group, opts.seen];
        if (opts.waitSeconds !== undefined && !between) {
            await waitStarted(ctx, inv, waitOn, opts.waitSeconds, up, window);
            continue;
        }
        if (opts.note)
            await upThenNote(ctx, inv, group, up, opts.note);
        else
            await runAfterFirst(ctx.exec, up, ctx.first);
        between?.();
        if (opts.waitSeconds !== undefined)
            await waitStarted(ctx, inv, waitOn, opts.waitSeconds, undefined, window);
    }
    return groups.length > 0 && opts.held !== undefined;
}
/**
 * Waits until the containers of `group` run and are healthy; its failure says why, in one line.
 * `up`: run first, in the same script (upThenWaitScript); its failure is thrown as a plain run's.
 * `window`: an array, the start's stable window this wait notes the containers it first sees into;
 * an ApplyWindow, the window itself (each container held until it has run its length).
 */
async function waitStarted(ctx, inv, group, seconds, up, window) {
    const held = window && !Array.isArray(window) ? window : undefined;
    const are = group.length > 1 ? 'are' : 'is';
    const also = held ? `, and ${group.length > 1 ? 'have' : 'has'} run ${held.seconds} s without a restart (health.stable_for)` : '';
    ctx.reporter.info(`waiting until ${group.join(', ')} ${are} running and healthy${also} (up to ${seconds} s)`);
    const probes = ctx.probeHealth ? healthProbesOf(ctx.model.services, group) : {};
    const stable = held ? { seen: held.seen, record: true } : { record: window !== undefined };
    const wait = waitStartedScript(inv.project, group, seconds, probes, held?.seconds ?? 0, undefined, stable);
    const r = up ? await upThen(ctx, up, wait) : await ctx.exec.sh(wait, { allowFailure: true });
    if (r.code === 0) {
        const into = held ? held.seen : Array.isArray(window) ? window : undefined;
        if (into)
            noteSeen(into, r.stdout);
        return;
    }
    throw new Error((0,core_text/* tail */.RT)(r.stderr || r.stdout) || `waiting for ${group.join(', ')} failed (exit ${r.code})`);
}
/** `up`, then `script`, in one round trip (after the pending first script); a failed up is thrown as a plain run's. */
async function upThen(ctx, up, script) {
    const r = await shAfterFirst(ctx.exec, upThenWaitScript(up, script), ctx.first);
    const upCode = upFailedCode(r.stdout);
    if (upCode !== undefined)
        throw new types/* CommandError */.Q(up, { code: upCode, stdout: '', stderr: r.stderr });
    return r;
}
/**
 * `up` and, in its round trip, the restart counts of `group`'s containers (restartCountsScript),
 * noted into `seen` for the Verify; no wait, nothing judged (a service with no container yet, or
 * none running, is the Verify's to judge: nothing noted).
 */
async function upThenNote(ctx, inv, group, up, seen) {
    const r = await upThen(ctx, up, restartCountsScript(inv.project, group));
    if (r.code === 0)
        noteSeen(seen, r.stdout);
}
/** A service dropped from the compose model: its containers stopped (SIGTERM, then its stop grace), then removed. */
async function removeService(ctx, inv, service, graceSeconds) {
    const ids = (await ctx.exec.run(projectContainersArgs(inv.project, service))).stdout.split('\n').filter(Boolean);
    if (ids.length === 0)
        return;
    const grace = graceSeconds === undefined ? '' : `, stop grace ${graceSeconds} s`;
    ctx.reporter.info(`remove ${service} (${ids.length} container${ids.length > 1 ? 's' : ''}${grace})`);
    await ctx.exec.run(stopContainersArgs(ids, graceSeconds));
    await ctx.exec.run(removeContainersArgs(ids, true));
}
async function startFirst(ctx, inv, service, rollout, grace) {
    const stopGraceSeconds = grace ?? (0,stop_grace/* stopGraceSecondsOf */.BC)(ctx.model.services[service]);
    const replicas = declaredReplicas(ctx.model.services[service]);
    try {
        const overlapMs = rollout.overlapMs?.[service];
        return await replaceStartFirst({ ...ctx, timeoutMs: rollout.timeoutMs, overlapMs, stopGraceSeconds, replicas }, inv, service);
    }
    catch (e) {
        if (e instanceof StartFirstFailed)
            ctx.keptOld?.add(e.service);
        throw e;
    }
}
/** Runs the planned tasks in declaration order inside their services (`exec -T`). */
async function runTasks(ctx, inv, plan, tasks) {
    for (const name of plan.tasks) {
        const task = tasks[name];
        if (!task)
            throw new Error(`task ${name} is not defined`);
        if (!task.service)
            throw new Error(`task ${name} has no service to run in`);
        ctx.reporter.info(`task ${name}: ${task.command} (in ${task.service})`);
        const r = await runStreamed((hooks) => ctx.exec.run(execArgs(inv, task.service, task.command), { allowFailure: true, ...hooks }), say(ctx), `[${name}] `);
        if (r.code !== 0)
            throw new Error(`task ${name} failed (exit ${r.code}):\n${(0,core_text/* tail */.RT)(r.stdout + r.stderr)}`);
    }
}
//# sourceMappingURL=apply-plan.js.map
// EXTERNAL MODULE: ./lib/plan/task-order.js
var task_order = __webpack_require__(80515);
;// CONCATENATED MODULE: ./lib/apply/images.js






/** `repo:tag` or `repo@digest` → `repo` (a registry port like host:5000/x is not a tag). */
function imageRepository(name) {
    const at = name.indexOf('@');
    if (at >= 0)
        return imageRepository(name.slice(0, at));
    const slash = name.lastIndexOf('/');
    const colon = name.lastIndexOf(':');
    return colon > slash ? name.slice(0, colon) : name;
}
const releaseTag = (sha) => `release-${(0,core_text/* shortSha */.Fu)(sha)}`;
/**
 * Image name and id of each service's container (services without a container are skipped), one
 * round trip; none with `seen` (the project's containers as just read, e.g. by the health check).
 */
async function currentImages(exec, inv, services, seen) {
    const images = {};
    for (const c of seen ?? (await projectContainers(exec, inv.project))) {
        if (services.includes(c.service) && c.image && c.imageId)
            images[c.service] ??= { name: c.image, id: c.imageId };
    }
    return images;
}
/** Script (pure) tagging each image with the release so it survives later builds (rollbacks need no rebuild); undefined without images. The tags run side by side. */
function tagReleaseScript(images, sha) {
    const tags = Object.values(images).map((image) => (0,quote/* shellJoin */.n)(['docker', 'tag', image.id, `${imageRepository(image.name)}:${releaseTag(sha)}`]));
    return tags.length > 0 ? sideBySideScript(tags) : undefined;
}
/** The line `putBackImagesScript` prints for a service whose recorded image id is gone: `gd-gone <service>`. */
const GONE = 'gd-gone';
/** The line `putBackImagesScript` prints, with `replaced`, for each image a name pointed at before: `gd-replaced <id>`. */
const REPLACED = 'gd-replaced';
/**
 * Script (pure) pointing each service's image name back at its recorded image id, side by side: it
 * prints GONE for each service whose id is no longer on the host and exits 0. Undefined without images.
 * `replaced`: first, one `docker image inspect` prints REPLACED and the id each name points at (a
 * failed deploy's build, which the retag leaves without a name; a name missing prints nothing).
 */
function putBackImagesScript(images, services, replaced = false) {
    const named = services.flatMap((service) => {
        const image = images[service];
        return image ? [{ service, image }] : [];
    });
    if (named.length === 0)
        return undefined;
    const tags = named.map(({ service, image }) => `${(0,quote/* shellJoin */.n)(['docker', 'tag', image.id, image.name])} >/dev/null 2>&1 || echo ${(0,quote/* shellJoin */.n)([`${GONE} ${service}`])}`);
    const names = [...new Set(named.map(({ image }) => image.name))];
    const inspect = (0,quote/* shellJoin */.n)(['docker', 'image', 'inspect', '--format', `${REPLACED} {{.Id}}`, ...names]);
    return [...(replaced ? [`${inspect} 2>/dev/null`] : []), sideBySideScript(tags)].join('\n');
}
/** The image ids putBackImagesScript's output says the names pointed at before its retag. */
const replacedImages = (stdout) => [
    ...new Set(stdout.split('\n').flatMap((l) => (l.startsWith(`${REPLACED} `) ? [l.slice(REPLACED.length + 1)] : []))),
];
/**
 * Points each service's image name back at a recorded image id, in one round trip (with `first`
 * in front of it when given: a rollback's switch of `current`). Returns the services whose image
 * no longer exists (they need a rebuild). `replaced` (an undo's): gets the ids the names pointed at before.
 */
async function restoreImages(exec, images, services, first, replaced) {
    const script = putBackImagesScript(images, services, replaced !== undefined);
    if (script === undefined) {
        await first?.flush(exec);
        return [];
    }
    const r = await shAfterFirst(exec, script, first);
    if (r.code !== 0)
        throw new types/* CommandError */.Q(script, r);
    replaced?.push(...replacedImages(r.stdout));
    const gone = r.stdout.split('\n');
    return services.filter((service) => gone.includes(`${GONE} ${service}`));
}
//# sourceMappingURL=images.js.map
;// CONCATENATED MODULE: ./lib/backup/backup-step.js






/**
 * Takes the verified pre-deploy backup when the target has one and its database exists (the
 * deploy aborts if it fails). `live`: the release serving now; `compose`: the target's project
 * (the database's compose service is found by its labels).
 */
async function backupStep(s, sha, live, compose, protect) {
    if (!s.target.backup) {
        s.reporter.info('no backup configured for this target');
        return undefined;
    }
    const spec = requireBackupSpec(s, 'Backup');
    const ctx = backupContext(s, sha, compose, protect);
    const result = await (0,session/* phase */.Oi)(s, 'Backup', async () => {
        if (swarmDbService(s))
            return swarmBackupStep(s, spec, ctx, live);
        const probed = await probeDatabase(s.conn.exec, spec, ctx);
        const decision = decideBackup(probed.result, live, s.targetName, probed.stderr);
        if (decision.action === 'skip')
            return decision;
        return runBackup(s.conn.exec, spec, decision.container ? { ...ctx, container: decision.container } : ctx);
    });
    if ('file' in result) {
        reportBackup(s, result);
        return result;
    }
    s.reporter.info(`backup skipped: ${result.reason}`);
    s.report.notes.push(`backup skipped: ${result.reason}`);
    return undefined;
}
//# sourceMappingURL=backup-step.js.map
// EXTERNAL MODULE: ./lib/core/fault-point.js
var fault_point = __webpack_require__(53016);
;// CONCATENATED MODULE: ./lib/sync/in-progress.js




const inProgressPath = (deployPath) => `${deployPath}/.deploy/in-progress.json`;
function inProgressRecord(runId, release, previous, plan, previousServices, at = new Date()) {
    const { build, recreate, restart, remove } = plan;
    return { runId, release, previous, at: at.toISOString(), build, recreate, restart, remove, previousServices };
}
/**
 * Script (pure): the in-progress record written atomically, its JSON in the script itself (the
 * upload's round trip it rides in has stdin of its own). The record holds no secret: a run id,
 * commits and service names.
 */
function writeInProgressScript(deployPath, tmp, rec) {
    return (0,remote_files/* atomicWriteScript */.IH)(inProgressPath(deployPath), tmp, 'exit 1', `printf '%s\\n' ${(0,quote/* shellQuote */.Z)(JSON.stringify(rec))}`);
}
/** The record's write as the upload's `first` (upload-first.ts): written before anything the upload changes. */
function inProgressWrite(deployPath, rec) {
    const script = writeInProgressScript(deployPath, (0,remote_files/* tempNextTo */.hp)(inProgressPath(deployPath)), rec);
    return { script, what: `could not write the in-progress record ${inProgressPath(deployPath)}` };
}
/** Script (pure): removes the in-progress record (clearInProgress's command). */
const clearInProgressScript = (deployPath) => `rm -f ${(0,quote/* shellQuote */.Z)(inProgressPath(deployPath))}`;
async function clearInProgress(exec, deployPath) {
    await exec.sh(clearInProgressScript(deployPath));
}
const SEPARATOR = '--- current ---';
/** One round trip: the in-progress record (if any), a separator line, then the release `current` points to. */
function inspectHostScript(layout) {
    return [`cat ${(0,quote/* shellQuote */.Z)(inProgressPath(layout.root))} 2>/dev/null`, `echo; echo ${(0,quote/* shellQuote */.Z)(SEPARATOR)}`, (0,sync_layout/* readCurrentScript */.Bu)(layout)].join('\n');
}
const LISTS = ['build', 'recreate', 'restart', 'remove', 'previousServices'];
const isNames = (v) => Array.isArray(v) && v.every((x) => typeof x === 'string');
/**
 * A record the repair can trust: a release and every service list (a list missing, e.g.
 * previousServices, would make the repair take the live release's services for added ones and
 * remove them).
 */
function isInProgress(rec) {
    return typeof rec === 'object' && rec !== null && typeof rec.release === 'string' && LISTS.every((k) => isNames(rec[k]));
}
function parseInspection(stdout) {
    const at = stdout.lastIndexOf(`\n${SEPARATOR}\n`);
    if (at < 0)
        throw new Error(`unexpected host inspection output: ${JSON.stringify(stdout.slice(0, 80))}`);
    const text = stdout.slice(0, at).trim();
    const link = stdout.slice(at + SEPARATOR.length + 2).trim();
    if (!text)
        return { inProgress: null, link };
    try {
        const rec = JSON.parse(text);
        if (!isInProgress(rec))
            throw new Error('not an in-progress record');
        return { inProgress: rec, link };
    }
    catch {
        return { inProgress: null, unreadable: text.slice(0, 200), link };
    }
}
async function inspectHost(exec, layout) {
    return parseInspection((await exec.sh(inspectHostScript(layout))).stdout);
}
/** What needs repair, as one sentence (undefined: nothing). Pure. */
function describeDamage(found, live, releases) {
    const rec = found.inProgress;
    const linkOff = releases && live !== undefined && found.link !== live.id;
    if (!rec && !linkOff && !found.unreadable)
        return undefined;
    const parts = [];
    if (rec)
        parts.push(`run ${rec.runId} (deploy of ${(0,core_text/* shortSha */.Fu)(rec.release)}${rec.previous ? ` over ${(0,core_text/* shortSha */.Fu)(rec.previous)}` : ''}, started ${rec.at}) did not finish`);
    if (found.unreadable)
        parts.push('an unreadable in-progress record was left behind');
    if (linkOff)
        parts.push(`\`current\` points to ${found.link ? (0,core_text/* shortSha */.Fu)(found.link) : 'nothing'} while state.json records ${(0,core_text/* shortSha */.Fu)(live.id)} as live`);
    return parts.join('; ');
}
//# sourceMappingURL=in-progress.js.map
// EXTERNAL MODULE: ./lib/record/state-check.js
var state_check = __webpack_require__(62573);
;// CONCATENATED MODULE: ./lib/sync/upload-first.js
/**
 * What an upload runs before anything it changes on the host (a compose deploy's in-progress
 * record), in its first round trip that changes the host: the diff upload's script, else the
 * mkdir of the destination. Should it fail, the upload stops there, having changed nothing.
 */

/** The exit code of a round trip whose `first` script failed (nothing after it ran). */
const FIRST_FAILED_CODE = 9;
/** Script (pure): `first` in a subshell (`onFail` when it fails: exit FIRST_FAILED_CODE), then `then`. */
function firstThen(first, then, onFail = `exit ${FIRST_FAILED_CODE}`) {
    return first === undefined ? then : `( ${first} ) || ${onFail}\n${then}`;
}
/** Throws when `first` failed in the round trip that gave `r`. */
function checkFirst(first, r) {
    if (first && r.code === FIRST_FAILED_CODE)
        throw new Error(`${first.what}: ${r.stderr.trim() || `exit ${r.code}`}`);
}
/** Runs `then` after `first` (if any) in one round trip: throws when `first` failed (checkFirst), or then `then`. */
async function shFirstThen(exec, first, then) {
    const script = firstThen(first?.script, then);
    const r = await exec.sh(script, { allowFailure: true });
    checkFirst(first, r);
    if (r.code !== 0)
        throw new types/* CommandError */.Q(script, r);
    return r;
}
//# sourceMappingURL=upload-first.js.map
;// CONCATENATED MODULE: ./lib/sync/manifest-script.js
/**
 * The manifest of a release directory (pure script builders): one sha256 over what the upload left
 * there (type, mode, size, mtime with its fraction, inode, symlink target, path of every entry;
 * directories by type, mode and path only) and over the rules it was uploaded with (modes, shared
 * paths, protection, excludes). It is stored in <path>/.deploy/manifests/<release> after every
 * upload; a diff upload only starts from a release whose directory still matches it, i.e. was not
 * changed by hand since (ctime is left out: hard links change it). What the running app owns
 * (protected paths such as passenger's tmp/, runtime directories such as __pycache__) is left out.
 *
 * Version 2: the release's Git LFS files hold their content. Releases uploaded before it may hold
 * LFS pointers (an upload before LFS content was sent): their v1 manifests never match, so the
 * first upload from such a release is a full one (rsync compares every file's content).
 */



/** The manifest format (see above): 2 = LFS files hold their content. */
const MANIFEST_VERSION = 2;
const manifestsDir = (root) => `${root}/.deploy/manifests`;
const manifestPath = (root, id) => `${manifestsDir(root)}/${id}`;
const strip = (p) => p.replace(/\/+$/, '');
/** A literal path for `find -path` (fnmatch: escape its wildcards). */
const literalGlob = (rel) => rel.replace(/[*?[\\]/g, '\\$&');
/** The find expression pruning what the app owns, or '' when nothing is. */
function pruneClause(rules) {
    const tests = [
        ...rules.protect.map((p) => `-path ${(0,quote/* shellQuote */.Z)(`./${literalGlob(strip(p))}`)}`),
        ...rules.runtime.map((name) => `-name ${(0,quote/* shellQuote */.Z)(literalGlob(name))}`),
    ];
    return tests.length === 0 ? '' : `\\( ${tests.join(' -o ')} \\) -prune -o `;
}
/**
 * Shell function `manifest DIR TMP`: prints the manifest hash of DIR (TMP, TMP.s: scratch files,
 * removed). Anything failing prints something other than 64 hex digits (checked by the callers).
 */
function manifestFunction(rules) {
    const config = JSON.stringify({
        v: MANIFEST_VERSION,
        chmod: rules.chmod,
        shared: rules.shared,
        protect: rules.protect,
        excludes: rules.excludes,
    });
    const find = `find . ${pruneClause(rules)}-type d -printf 'd %m %p\\0' -o -printf '%y %m %s %T@ %i %l %p\\0'`;
    return [
        'manifest() {',
        `  ( cd "$1" && ${find} > "$2" ) || { rm -f "$2"; return 1; }`,
        `  LC_ALL=C sort -z "$2" > "$2.s" || { rm -f "$2" "$2.s"; return 1; }`,
        `  { printf '%s\\n' ${(0,quote/* shellQuote */.Z)(config)}; cat "$2.s"; } | sha256sum | cut -c1-64`,
        '  rm -f "$2" "$2.s"',
        '}',
    ].join('\n');
}
/** A shell test that `$1`-like variable `name` holds a sha256 (64 lowercase hex digits). */
const isHash = (name) => `[ \${#${name}} -eq 64 ] && [ -z "$(printf '%s' "$${name}" | tr -d 0-9a-f)" ]`;
/** The exit code of a diff upload that did not run (stdout `full <why>`): the full upload follows. */
const DIFF_FALLBACK_CODE = 3;
/**
 * The whole diff upload of a release in one round trip, stdin: a NUL-separated list of paths
 * (relative, `./`-prefixed, `listBytes` long) then, with `archive`, a gzipped tar of the changed
 * files. Creates the new release directory; when it is empty and the previous release's directory
 * still matches its manifest, hard-links the previous release into it (`cp -al`) and drops what
 * the app owns from the copy (a full upload would not have it; never through a directory that is a
 * symbolic link: such a copy falls back), unlinks every listed path there
 * (the previous release's inodes are never written), extracts the tar (mtime: now; owner: the
 * user), writes REVISION, then runs `after`. Any fallback drains stdin, prints `full <why>` and
 * exits DIFF_FALLBACK_CODE, leaving the directory as it found it (after the copy: emptied). With
 * `first`, that runs before all of it (upload-first.ts).
 */
function diffUploadScript(s, rules) {
    const [n, p, m] = [(0,quote/* shellQuote */.Z)(s.dir), (0,quote/* shellQuote */.Z)(s.previousDir), (0,quote/* shellQuote */.Z)(manifestPath(s.root, s.previous))];
    const owned = [...rules.protect.map((x) => `${s.dir}/${strip(x)}`)].map(quote/* shellQuote */.Z).join(' ');
    const dropOwned = [
        ...(owned ? [`rm -rf ${owned}`] : []),
        ...rules.runtime.map((name) => `find ${n} -type d -name ${(0,quote/* shellQuote */.Z)(name)} -prune -exec rm -rf {} +`),
    ].join(' && ');
    const skip = (why) => `skip ${(0,quote/* shellQuote */.Z)(why)}`;
    const undo = (why) => `undo ${(0,quote/* shellQuote */.Z)(why)}`;
    // the copy's owned paths are removed only where no directory above them is a link (rm would follow it)
    const linkAbove = undo('a protected path lies below a symbolic link in the previous release');
    const guards = rules.protect.map((x) => (0,sync_layout/* linkAboveGuard */.lN)(s.dir, strip(x), linkAbove)).filter(Boolean);
    return [
        manifestFunction(rules),
        `skip() { cat > /dev/null; printf 'full %s\n' "$1"; exit ${DIFF_FALLBACK_CODE}; }`,
        `undo() { rm -f "$t.l"; rm -rf ${n}; mkdir -p ${n}; skip "$1"; }`,
        firstThen(s.first, `mkdir -p ${n} || exit 1`, `{ cat > /dev/null; exit ${FIRST_FAILED_CODE}; }`),
        `[ -z "$(ls -A ${n})" ] || ${skip('the new release directory is not empty: a retry')}`,
        `[ -d ${p} ] && [ -f ${m} ] || ${skip('the previous release has no directory or no manifest')}`,
        `t=${(0,quote/* shellQuote */.Z)(`${manifestsDir(s.root)}/.check`)}-$$`,
        `h=$(manifest ${p} "$t"); rm -f "$t" "$t.s"`,
        `${isHash('h')} && [ "$h" = "$(cat ${m})" ] || ${skip('the previous release directory changed since its upload, or the upload rules did')}`,
        `cp -al ${p}/. ${n}/ || ${undo('cp -al of the previous release failed')}`,
        ...guards,
        ...(dropOwned ? [`{ ${dropOwned}; } || ${undo('the protected paths could not be dropped from the copy')}`] : []),
        `dd bs=1 count=${s.listBytes} of="$t.l" 2> /dev/null && ( cd ${n} && xargs -0 -r rm -rf -- < "$t.l" ) || ${undo('the changed paths could not be removed from the copy')}`,
        'rm -f "$t.l"',
        ...(s.archive ? [`gzip -dc | tar -x -m -o -f - -C ${n} || ${undo('tar could not extract the changed files')}`] : []),
        ...(s.revision === undefined ? [] : [`printf '%s\n' ${(0,quote/* shellQuote */.Z)(s.revision)} > ${n}/REVISION || ${undo('REVISION could not be written')}`]),
        'echo diff',
        s.after,
    ].join('\n');
}
/**
 * After an upload (any mode): the manifest of release `id`'s directory written atomically (tmp +
 * mv). Never fails the run: a manifest that cannot be computed is removed (the next upload is full).
 */
function writeManifestScript(root, dir, id, rules) {
    const d = manifestsDir(root);
    const m = (0,quote/* shellQuote */.Z)(manifestPath(root, id));
    return [
        manifestFunction(rules),
        `t=${(0,quote/* shellQuote */.Z)(`${d}/.tmp`)}-$$`,
        `( umask 077; mkdir -p ${(0,quote/* shellQuote */.Z)(d)} && h=$(manifest ${(0,quote/* shellQuote */.Z)(dir)} "$t") && ${isHash('h')} && printf '%s\\n' "$h" > "$t.h" && mv -f "$t.h" ${m} ) || rm -f ${m}`,
        'rm -f "$t" "$t.s" "$t.h"',
        'exit 0',
    ].join('\n');
}
//# sourceMappingURL=manifest-script.js.map
;// CONCATENATED MODULE: ./lib/sync/prune-releases.js






const LIVE_MARK = '@live ';
/** A listing line naming a release a running service still uses (mountedReleasesScript). */
const MOUNTED_MARK = '@mounted ';
/**
 * The `release-<sha12>` image tags of pruned releases (compose targets record images), and the
 * registry references they pulled under their own tag (`build:`; a reference a release carried over
 * from an older one goes with that one). Untagging never deletes an image a container or tag still uses.
 */
function prunedImageTags(state, doomed) {
    const tagsOf = (r) => Object.values(r.images ?? {}).flatMap((image) => [
        `${imageRepository(image.name)}:${releaseTag(r.sha)}`,
        ...(image.ref?.endsWith(`:${releaseTag(r.sha)}`) ? [image.ref] : []),
    ]);
    const tags = state.releases.filter((r) => doomed.includes(r.id)).flatMap(tagsOf);
    return [...new Set(tags)];
}
/** Lists the release directories, then `@live <target of the current link>` (empty without one). */
function pruneListingScript(layout) {
    return `if [ -d ${(0,quote/* shellQuote */.Z)(layout.releases)} ]; then ls -1 ${(0,quote/* shellQuote */.Z)(layout.releases)}; fi
printf '${LIVE_MARK}%s\\n' "$(readlink ${(0,quote/* shellQuote */.Z)(layout.current)} 2>/dev/null)"`;
}
/**
 * Release ids listed, the release the `current` link points at, and (`mounted`, absent when none) the
 * releases a `@mounted` line names: none of them is ever deleted, whatever the state says.
 */
function parsePruneListing(stdout) {
    const lines = stdout.split('\n');
    const link = lines
        .find((l) => l.startsWith(LIVE_MARK))
        ?.slice(LIVE_MARK.length)
        .replace(/\/+$/, '');
    const live = link ? link.split('/').pop() : undefined;
    const mounted = [...new Set(lines.filter((l) => l.startsWith(MOUNTED_MARK)).map((l) => l.slice(MOUNTED_MARK.length)))];
    const ids = mounted.filter((id) => state_check/* RELEASE_ID */.u.test(id));
    return { existing: lines.filter((n) => state_check/* RELEASE_ID */.u.test(n)), live: live || undefined, ...(ids.length > 0 ? { mounted: ids } : {}) };
}
/**
 * Deletes the directories (and files) while one `docker image rm` removes the tags (one docker
 * start, not one per tag), printing what docker untagged. A tag already gone, or whose image a
 * container still uses as its only name, stays: docker names only what it untagged. Always exits 0.
 */
function pruneScript(dirs, tags, dangling = {}) {
    const rm = dirs.length > 0 ? [`rm -rf ${dirs.map(quote/* shellQuote */.Z).join(' ')} &`] : [];
    const untag = tags.length > 0 ? [`${(0,quote/* shellJoin */.n)(['docker', 'image', 'rm', ...tags])} 2>/dev/null | sed -n 's/^Untagged: //p'`] : [];
    const labelled = dangling.project === undefined ? [] : [danglingImagesScript(dangling.project)];
    const replaced = dangling.replaced?.length ? [replacedImagesScript(dangling.replaced)] : [];
    return [...rm, ...untag, ...labelled, ...replaced, 'wait', 'exit 0'].join('\n');
}
const DANGLING_MARK = '@dangling-removed ';
/**
 * Removes the dangling images labelled with the compose project (compose v2 labels the images it
 * builds): a build that never went live, whose name the undo pointed back at the previous image.
 * Without a tag no retained release uses it; one a container still uses stays (no --force).
 * Prints DANGLING_MARK and the id of each image removed.
 */
function danglingImagesScript(project) {
    const filters = ['-f', 'dangling=true', '-f', `label=com.docker.compose.project=${project}`];
    const ls = (0,quote/* shellJoin */.n)(['docker', 'image', 'ls', '-q', '--no-trunc', ...filters]);
    return `for gd_i in $(${ls} 2>/dev/null); do docker image rm "$gd_i" >/dev/null 2>&1 && echo ${(0,quote/* shellQuote */.Z)(DANGLING_MARK)}"$gd_i"; done`;
}
/**
 * Removes those of `ids` that are dangling (no tag: no release names them), by id, without --force
 * (one a container still uses stays). Prints DANGLING_MARK and the id of each image removed.
 */
function replacedImagesScript(ids) {
    const ls = (0,quote/* shellJoin */.n)(['docker', 'image', 'ls', '-q', '--no-trunc', '-f', 'dangling=true']);
    const rm = `docker image rm "$gd_i" >/dev/null 2>&1 && echo ${(0,quote/* shellQuote */.Z)(DANGLING_MARK)}"$gd_i"`;
    return `for gd_i in $(${ls} 2>/dev/null); do case ${(0,quote/* shellQuote */.Z)(` ${ids.join(' ')} `)} in *" $gd_i "*) ${rm};; esac; done`;
}
/** How many dangling images pruneScript's output says it removed. */
const removedDangling = (stdout) => stdout.split('\n').filter((l) => l.startsWith(DANGLING_MARK)).length;
/** A reference as docker prints it: without `docker.io/` and `library/`. */
const familiar = (ref) => ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
/** The tags of `tags` that pruneScript's output says docker removed, in their order. */
function removedTags(tags, stdout) {
    const untagged = new Set(stdout.split('\n').filter(Boolean));
    return tags.filter((t) => untagged.has(familiar(t)));
}
/**
 * Prunes what the retained set leaves out (one round trip to list unless `listing`, the output of
 * pruneListingScript, is given; one to delete) and says so in the log and the run summary.
 * `layout.releases` is the directory of the release copies (in-place passenger targets: the
 * snapshots). Never throws: a failed prune is a warning, the run stands.
 */
async function pruneReleases(s, layout, state, keep, listing, dangling) {
    try {
        return await prune(s, layout, state, keep, listing, dangling);
    }
    catch (e) {
        const text = `could not prune old releases: ${e.message}`;
        s.reporter.warning(text);
        s.report.warnings.push(text);
        return { releases: [], tags: [] };
    }
}
/**
 * The releases among `existing` the retained set leaves out, never `live` (the release `current`
 * points at) nor one of `mounted` (a running service's files), each with its manifest, and their image
 * tags; with `dangling` (compose), the project's dangling images and those the undo replaced go in
 * the same script.
 */
function decidePrune(layout, state, keep, existing, live, mounted = [], dangling = {}) {
    const releases = releasesToPrune(state, existing, keep).filter((id) => id !== live && !mounted.includes(id));
    const unrecorded = unrecordedReleases(state, existing).filter((id) => id !== live);
    const kept = unrecorded.length > 0 ? unrecordedWarning(layout, unrecorded) : undefined;
    if (releases.length === 0)
        return { releases, tags: [], kept };
    const tags = prunedImageTags(state, releases);
    // each release's manifest goes with its directory (sync/manifest-script.ts)
    const dirs = releases.flatMap((id) => [layout.releaseDir(id), manifestPath(layout.root, id)]);
    const replaced = dangling.replaced && unretainedIds(state, releases, dangling.replaced);
    return { releases, tags, kept, script: pruneScript(dirs, tags, { ...dangling, replaced }) };
}
/** The ids of `ids` that no release of `state` outside `doomed` records: an image a retained release records is never removed, dangling or not. */
function unretainedIds(state, doomed, ids) {
    const kept = state.releases.filter((r) => !doomed.includes(r.id));
    const retained = new Set(kept.flatMap((r) => Object.values(r.images ?? {}).map((i) => i.id)));
    return ids.filter((id) => !retained.has(id));
}
/**
 * Layout in-place (no release copy to prune): the images a failed deploy's undo took the names from
 * (`replaced`), removed when dangling, in a round trip of their own, only when there are some. Never throws.
 */
async function removeReplacedImages(s, state, replaced) {
    const ids = unretainedIds(state, [], replaced);
    if (ids.length === 0)
        return;
    try {
        const n = removedDangling((await s.conn.exec.sh(replacedImagesScript(ids))).stdout);
        const line = `dangling images removed: ${n} (builds the undo no longer names)`;
        if (n > 0)
            s.reporter.info(line);
        if (n > 0)
            s.report.notes.push(line);
    }
    catch (e) {
        s.reporter.warning(`could not remove the failed deploy's builds: ${e.message}`);
    }
}
/** The warning naming the release directories a prune kept because the state does not record them (pure). */
function unrecordedWarning(layout, unrecorded) {
    return `kept ${unrecorded.length} release ${unrecorded.length === 1 ? 'copy' : 'copies'} that state.json does not record, never pruned: ${unrecorded.map((id) => layout.releaseDir(id)).join(', ')} (a lost state.json? put the copy back to roll back to them; else delete them by hand)`;
}
/** Says in the log and the run summary what the prune's script (its output: `stdout`) removed, and what it kept unrecorded. */
function reportPrune(s, keep, decided, stdout) {
    const { releases, kept } = decided;
    if (kept) {
        s.reporter.warning(kept);
        s.report.warnings.push(kept);
    }
    if (releases.length === 0)
        return { releases, tags: [] };
    const tags = removedTags(decided.tags, stdout);
    const dangling = removedDangling(stdout);
    const removed = `${tags.length > 0 ? `; image tags removed: ${tags.join(', ')}` : ''}${dangling > 0 ? `; dangling images removed: ${dangling}` : ''}`;
    const line = `pruned releases (keep_releases: ${keep}): ${releases.map((id) => (0,core_text/* shortSha */.Fu)(id)).join(', ')}${removed}`;
    s.reporter.info(line);
    s.report.notes.push(line);
    return { releases, tags };
}
async function prune(s, layout, state, keep, listing, dangling) {
    const { existing, live, mounted } = parsePruneListing(listing ?? (await s.conn.exec.sh(pruneListingScript(layout))).stdout);
    const decided = decidePrune(layout, state, keep, existing, live, mounted, dangling);
    if (decided.script === undefined)
        return reportPrune(s, keep, decided, '');
    return reportPrune(s, keep, decided, (await s.conn.exec.sh(decided.script)).stdout);
}
//# sourceMappingURL=prune-releases.js.map
// EXTERNAL MODULE: ./lib/git/lfs-pointers.js + 1 modules
var lfs_pointers = __webpack_require__(52197);
;// CONCATENATED MODULE: ./lib/sync/lfs-content.js
/**
 * Git LFS files in an exported tree: `git archive` writes their pointers (git-lfs's filter is
 * turned off for it: it could fetch over the network, or be missing), then each pointer is
 * overwritten with its object from the local LFS store (lfs-pointers.ts), keeping the file's mode.
 */





/** git's `-c` options of an archive that leaves LFS pointers as committed, whatever git-lfs the machine has set up (or none). */
const LFS_OFF = ['-c', 'filter.lfs.process=', '-c', 'filter.lfs.smudge=', '-c', 'filter.lfs.required=false'];
/**
 * Writes each LFS file's content from `store` over its pointer in the exported tree at `treeDir`
 * (a file the archive left out, export-ignore, stays out).
 */
async function writeLfsContent(treeDir, store, files) {
    for (const f of files) {
        const at = (0,external_node_path_.join)(treeDir, f.path);
        const exported = await (0,external_node_fs_promises_.lstat)(at).then((s) => s.isFile(), () => false);
        // 'w' truncates the pointer and keeps the file's mode (an executable stays one)
        if (exported)
            await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)((0,lfs_pointers/* lfsObjectPath */.CK)(store, f.oid)), (0,external_node_fs_.createWriteStream)(at, { flags: 'w' }));
    }
}
//# sourceMappingURL=lfs-content.js.map
;// CONCATENATED MODULE: ./lib/sync/export-tree.js







/**
 * Pipes `git archive <sha>` into `tar -x` (two processes, no shell, no deploy secret in their
 * environment), so any commit can be uploaded; `config`: git's `-c` options (LFS_OFF).
 */
function archiveInto(repo, sha, dir, config) {
    return new Promise((resolve, reject) => {
        const env = (0,secret_env/* withoutSecrets */.c)();
        const git = (0,external_node_child_process_.spawn)('git', ['-C', repo, ...config, 'archive', '--format=tar', sha], { stdio: ['ignore', 'pipe', 'pipe'], env });
        const tar = (0,external_node_child_process_.spawn)('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'], env });
        let err = '';
        git.stderr.on('data', (c) => (err += c.toString()));
        tar.stderr.on('data', (c) => (err += c.toString()));
        git.stdout.pipe(tar.stdin);
        // both end (tar sees EOF when git stops; git a broken pipe when tar stops): the failure reported
        // is git's when it failed (tar's "does not look like a tar archive" only follows from it)
        const codes = new Map();
        const done = (name) => (code) => {
            codes.set(name, code);
            if (codes.size < 2)
                return;
            const failed = ['git archive', 'tar'].find((n) => codes.get(n) !== 0);
            if (failed)
                reject(new Error(`${failed} exited ${codes.get(failed)}: ${err.trim()}`));
            else
                resolve();
        };
        git.on('error', reject);
        tar.on('error', reject);
        git.on('close', done('git archive'));
        tar.on('close', done('tar'));
    });
}
/**
 * Exports the tree of a commit to a fresh temp dir and writes its REVISION file (the full sha).
 * LFS files get their content from the local LFS store; a commit whose LFS content is not there is
 * refused (a UserError naming the files) before anything is exported. `leftOut`: the files the
 * upload never sends (uploadLeavesOut), kept as their pointers; without it the whole tree is used
 * on the runner (a build), so every LFS file needs its content.
 */
async function exportTree(repo, sha, leftOut) {
    const lfs = await (0,lfs_pointers/* lfsContent */.zl)(repo, sha, leftOut);
    const dir = await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'gitops-deploy-tree-'));
    try {
        // rsync -p copies the source root's mode to the release dir (or the in-place root): mkdtemp's
        // 0700 would lock out the web server and Passenger's app user.
        await (0,external_node_fs_promises_.chmod)(dir, 0o755);
        await archiveInto(repo, sha, dir, lfs.files.length > 0 ? LFS_OFF : []);
        await writeLfsContent(dir, lfs.store, lfs.files);
        await (0,external_node_fs_promises_.writeFile)((0,external_node_path_.join)(dir, 'REVISION'), `${sha}\n`);
    }
    catch (e) {
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
        throw e;
    }
    return { dir, lfs: lfs.files, cleanup: () => (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true }) };
}
//# sourceMappingURL=export-tree.js.map
// EXTERNAL MODULE: ./lib/transport/modes.js
var modes = __webpack_require__(53341);
// EXTERNAL MODULE: ./lib/sync/protection.js + 1 modules
var protection = __webpack_require__(44578);
// EXTERNAL MODULE: ./lib/sync/rsync.js
var rsync = __webpack_require__(99962);
;// CONCATENATED MODULE: ./lib/sync/run-rsync.js
/** Spawn rsync (argument array, no shell) and parse its itemized changes and --stats. */



function statNumber(text, re) {
    const m = re.exec(text);
    // rsync prints 1,234,567 (separator depends on locale); no -h is passed, so no K/M suffixes.
    return m?.[1] ? Number(m[1].replace(/[^0-9]/g, '')) : 0;
}
function parseRsyncStats(text) {
    return {
        filesTransferred: statNumber(text, /^Number of (?:regular )?files transferred: ([\d,.']+)/m),
        totalBytesSent: statNumber(text, /^Total bytes sent: ([\d,.']+)/m),
        totalBytesReceived: statNumber(text, /^Total bytes received: ([\d,.']+)/m),
        totalFiles: statNumber(text, /^Number of files: ([\d,.']+)/m),
        deletedFiles: statNumber(text, /^Number of deleted files: ([\d,.']+)/m),
    };
}
const ITEM = /^([<>ch.*][a-zA-Z.+?]{8,10}|\*deleting) +(.+)$/;
/** Parse `--itemize-changes` lines (other output lines are ignored). */
function parseItemized(text) {
    const items = [];
    for (const line of text.split('\n')) {
        const m = ITEM.exec(line);
        if (m?.[1] && m[2])
            items.push({ flags: m[1], path: m[2] });
    }
    return items;
}
async function runRsync(args, opts = {}) {
    await opts.ensureMaster?.();
    const rsync = opts.rsyncPath ?? 'rsync';
    const result = await new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(rsync, args, { stdio: ['ignore', 'pipe', 'pipe'], env: (0,secret_env/* withoutSecrets */.c)() });
        const out = [];
        const err = [];
        let partial = '';
        child.stdout.on('data', (c) => {
            out.push(c);
            if (!opts.onLine)
                return;
            const lines = (partial + c.toString()).split('\n');
            partial = lines.pop() ?? '';
            lines.forEach((l) => opts.onLine?.(l));
        });
        child.stderr.on('data', (c) => err.push(c));
        child.on('error', reject);
        child.on('close', (code) => {
            if (partial)
                opts.onLine?.(partial);
            resolve({ code: code ?? 255, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
        });
    });
    if (result.code !== 0 && !opts.allowFailure)
        throw new types/* CommandError */.Q([rsync, ...args], result);
    return { ...result, itemized: parseItemized(result.stdout), stats: parseRsyncStats(result.stdout) };
}
//# sourceMappingURL=run-rsync.js.map
;// CONCATENATED MODULE: ./lib/sync/tree-rsync.js




/**
 * rsync of `source` into `dest` on the target's host through the run's master: compressed, modes
 * from the target's umask, what syncRules protects left alone, times not kept (git archive stamps
 * every file with the commit time).
 */
async function rsyncTree(conn, target, source, dest, mode) {
    const rules = (0,protection/* syncRules */.rr)(target);
    const args = (0,rsync/* buildRsyncArgs */.Je)({
        source,
        dest,
        remote: conn.remote,
        sshArgs: conn.sshArgs,
        ...mode,
        times: false,
        compress: true,
        chmod: (0,modes/* rsyncChmod */.Z7)(target.umask),
        protect: rules.protect,
        excludes: rules.excludes,
    });
    return runRsync(args, { ensureMaster: () => conn.ensureMaster() });
}
//# sourceMappingURL=tree-rsync.js.map
;// CONCATENATED MODULE: ./lib/sync/trash.js
/**
 * The trash of an in-place tree (pure): what an in-place sync deletes or overwrites (rsync --delete,
 * a file replaced by the commit's) is moved, with its path relative to the tree, into a fresh
 * directory <path>/.deploy/trash/<release id> (rsync --backup --backup-dir), never destroyed. One
 * directory per sync: rsync replaces a file already in its backup directory, so a second sync of
 * the same release (a revert, a rollback to it) gets <id>.2, <id>.3, … The newest `keep_releases`
 * of them are kept. .deploy/ is protected from every sync (protection.ts).
 */


/** <root>/.deploy/trash */
const trashRoot = (root) => `${root}/.deploy/trash`;
const MARK = 'trash=';
/**
 * Shell: creates <root>/.deploy/trash, then sets $trash to the first of <root>/.deploy/trash/<id>,
 * <id>.2, <id>.3, … that does not exist (not created: rsync makes it when it moves something).
 *
 * The parent must exist before rsync runs: the generator (which moves what --delete removes) and
 * the receiver (which moves what it replaces) each create the backup directory with rsync's
 * make_path(), which fails when a directory it saw missing is made meanwhile by the other process
 * ("make_backup(<file>) failed: File exists", exit 23, or exit 11 from the receiver). That happens
 * only when more than the last level is missing: the first sync that both deletes and replaces.
 */
function pickTrashScript(root, id) {
    const base = `${trashRoot(root)}/${id}`;
    return `mkdir -p ${(0,quote/* shellQuote */.Z)(trashRoot(root))} || exit 1; trash=${(0,quote/* shellQuote */.Z)(base)}; n=1; while [ -e "$trash" ] || [ -L "$trash" ]; do n=$((n + 1)); trash=${(0,quote/* shellQuote */.Z)(base)}.$n; done`;
}
/** pickTrashScript, then the chosen directory printed on a line of its own (parsePickedTrash). */
const printTrashScript = (root, id) => `${pickTrashScript(root, id)}; printf '${MARK}%s\\n' "$trash"`;
/** The directory printTrashScript printed in `stdout`, if it did. */
const pickedIn = (stdout) => stdout
    .split('\n')
    .find((l) => l.startsWith(MARK))
    ?.slice(MARK.length);
/** The directory printTrashScript printed in `stdout`. */
function parsePickedTrash(stdout) {
    const picked = pickedIn(stdout);
    if (picked === undefined)
        throw new Error(`the trash directory was not chosen on the host: ${JSON.stringify(stdout.slice(-200))}`);
    return picked;
}
/**
 * describeRemoved of a sync run on the host whose output (`stdout`) holds the printed trash
 * directory and rsync's itemized changes (restoreScript with a trash); undefined without either.
 */
function removedOnHost(root, stdout, source) {
    const trash = pickedIn(stdout);
    return trash === undefined ? undefined : describeRemoved(root, trash, deletedPaths(parseItemized(stdout)), source);
}
/** Shell: removes all but the newest `keep` trash directories (by modification time); exits 0. */
function pruneTrashScript(root, keep) {
    const dir = (0,quote/* shellQuote */.Z)(trashRoot(root));
    const skip = Math.max(1, Math.floor(keep)) + 1;
    return `if [ -d ${dir} ]; then (cd ${dir} && ls -t | tail -n +${skip} | while IFS= read -r old; do rm -rf -- "$old"; done); fi; true`;
}
/** The paths an itemized rsync deleted (`*deleting` lines), a directory with its trailing "/". */
const deletedPaths = (items) => items.filter((i) => i.flags === '*deleting').map((i) => i.path);
/**
 * One line saying what an in-place sync into `root` removed and where it went, naming the first
 * `shown` paths (a directory's files are named, not the directory itself); undefined when nothing
 * was. `source`: what the removed paths were not in (the commit, or a snapshot for a restore).
 */
function describeRemoved(root, trash, deleted, source = 'the commit', shown = 5) {
    if (deleted.length === 0)
        return undefined;
    const files = deleted.filter((p) => !p.endsWith('/'));
    const named = files.length > 0 ? files : deleted;
    const more = named.length > shown ? ', …' : '';
    const names = named.slice(0, shown);
    const n = deleted.length;
    return `in place: ${n} path${n === 1 ? '' : 's'} not in ${source} ${n === 1 ? 'was' : 'were'} removed from ${root}; kept in ${trash} (${names.join(', ')}${more})`;
}
//# sourceMappingURL=trash.js.map
// EXTERNAL MODULE: ./lib/git/diff-names.js
var diff_names = __webpack_require__(74828);
;// CONCATENATED MODULE: ./lib/sync/diff-plan.js
/**
 * Whether a release upload can send only what changed since the previous release (pure): the
 * decision table of the diff upload (sync/diff-upload.ts), on what git said about the two commits.
 */


/** Above either bound the full upload (one rsync of the whole tree) costs about the same. */
const MAX_DIFF_PATHS = 5000;
const MAX_DIFF_SHARE = 0.2;
/** exportTree writes it into every tree: it changes with every commit. */
const REVISION_FILE = 'REVISION';
/**
 * git's output is read as UTF-8: a name whose bytes are not UTF-8 (a Latin-1 `caf\xe9.txt`) comes
 * out with U+FFFD in it, a name neither the export nor the host has. The diff upload would neither
 * send nor remove it (the release kept the previous content); rsync (the full upload) sends bytes.
 */
const undecodable = (path) => path.includes('\uFFFD');
function chooseUpload(f) {
    const full = (why) => ({ mode: 'full', why });
    if (!f.previous)
        return full('no previous release to start from');
    if (f.previous === f.sha)
        return full('the same commit as the previous release');
    if (f.changed === null || f.tree === null)
        return full(`git cannot diff ${(0,core_text/* shortSha */.Fu)(f.previous)}..${(0,core_text/* shortSha */.Fu)(f.sha)} here (a shallow clone?)`);
    if (f.rewrites)
        return full('a .gitattributes sets export-ignore or export-subst');
    // git archive converts files after their attributes (eol, ident, filters): a changed .gitattributes
    // may change what unchanged blobs become, which the changed paths alone would not send
    if ((0,diff_names/* attributeFiles */.Op)(f.changed).length > 0)
        return full('a .gitattributes changed: it may convert files git diff does not list');
    if (f.changed.some(undecodable))
        return full('a changed path is not valid UTF-8');
    const total = f.tree.length + 1;
    const changed = f.changed.length;
    if (changed > MAX_DIFF_PATHS || changed > MAX_DIFF_SHARE * total)
        return full(`${plural(changed)} of ${(0,core_text/* thousands */.oh)(total)} changed: a full upload costs as much`);
    const paths = [...new Set([...f.changed, REVISION_FILE])];
    return { mode: 'diff', previous: f.previous, paths, changed, total };
}
const plural = (n) => `${(0,core_text/* thousands */.oh)(n)} path${n === 1 ? '' : 's'}`;
/** The log line of an upload: `upload: 1 changed path of 10,001 (diff from 0123456789ab)` / `upload: full (why)`. */
function describeUpload(choice) {
    return choice.mode === 'diff'
        ? `upload: ${(0,core_text/* thousands */.oh)(choice.changed)} changed path${choice.changed === 1 ? '' : 's'} of ${(0,core_text/* thousands */.oh)(choice.total)} (diff from ${(0,core_text/* shortSha */.Fu)(choice.previous)})`
        : `upload: full (${choice.why})`;
}
//# sourceMappingURL=diff-plan.js.map
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(38522);
// EXTERNAL MODULE: ./lib/git/repo.js
var repo = __webpack_require__(72102);
// EXTERNAL MODULE: ./lib/git/run.js
var run = __webpack_require__(82893);
;// CONCATENATED MODULE: ./lib/git/tree-bytes.js
/** How many bytes some paths of a commit hold, asked of git without reading them (`git ls-tree -l`). */

/**
 * The sum of the blob sizes in `git ls-tree -l -z` output (`<mode> <type> <oid> <size>\t<path>\0`);
 * a submodule or a tree (size `-`) counts 0.
 */
function lsTreeBytes(out) {
    let total = 0;
    for (const entry of out.split('\0')) {
        const size = entry.split('\t', 1)[0].trim().split(/\s+/)[3];
        if (size && /^\d+$/.test(size))
            total += Number(size);
    }
    return total;
}
/** The bytes of `paths` (and, for a directory, of every file below it) in commit `sha`, from the object sizes only. */
async function treeBytes(dir, sha, paths) {
    const out = await (0,run/* runGit */.E)(dir, ['--literal-pathspecs', 'ls-tree', '-r', '-l', '-z', sha, '--', ...paths]);
    return lsTreeBytes(out.toString('utf8'));
}
//# sourceMappingURL=tree-bytes.js.map
// EXTERNAL MODULE: ./lib/sync/left-out.js + 1 modules
var left_out = __webpack_require__(9119);
;// CONCATENATED MODULE: ./lib/sync/diff-upload.js
/**
 * The diff upload of a release (layout releases), one round trip on the run's ssh2 connection: the
 * new release directory starts as a hard-link copy of the previous one (when that one still
 * matches its manifest), every path git says changed is unlinked there (a path gone stays gone),
 * then the changed files arrive as a tar (git archive of the new commit) extracted with the
 * transfer time as mtime. The previous release's inodes are never written. Unchanged files keep
 * their old mtime; changed ones get the transfer time.
 */
















/** The rules an upload of `target` runs with, as its manifest records them. */
function manifestRules(target) {
    return { ...(0,protection/* syncRules */.rr)(target), chmod: (0,modes/* rsyncChmod */.Z7)(target.umask), shared: target.shared };
}
/** What git says about `previous`..`sha` (nothing asked without a previous release, or the same one). */
async function diffFacts(repoDir, sha, previous) {
    const facts = { previous, sha, changed: null, tree: null, rewrites: false };
    if (!previous || previous === sha)
        return facts;
    const { git, dir } = (0,repo/* repoAt */.Qz)(repoDir);
    const changed = await (0,diff_names/* changedPaths */.vl)(git, previous, sha);
    const tree = changed && (await (0,diff_names/* treePaths */.Lm)(git, sha));
    const rewrites = tree ? await (0,diff_names/* archiveRewrites */.Uf)(git, dir, sha, tree) : false;
    return { ...facts, changed, tree, rewrites };
}
async function kind(path) {
    try {
        return (await (0,external_node_fs_promises_.lstat)(path)).isDirectory() ? 'dir' : 'other';
    }
    catch {
        return 'missing';
    }
}
/**
 * The --files-from list of the exported tree at `treeDir`: each changed path it has; for a path
 * it lost, its topmost missing ancestor (deleted on the host with all it held, so no directory is
 * left empty); nothing when an ancestor became a file or a link (sending that replaces the directory).
 */
async function filesFromList(treeDir, paths) {
    const list = new Set();
    for (const path of paths) {
        if ((await kind(external_node_path_.posix.join(treeDir, path))) !== 'missing') {
            list.add(path);
            continue;
        }
        let top = path;
        for (let dir = external_node_path_.posix.dirname(path); dir !== '.' && top !== undefined; dir = external_node_path_.posix.dirname(dir)) {
            const k = await kind(external_node_path_.posix.join(treeDir, dir));
            if (k === 'other')
                top = undefined;
            else if (k === 'dir')
                break;
            else
                top = dir;
        }
        if (top !== undefined)
            list.add(top);
    }
    return [...list];
}
/**
 * The lists of a diff upload of the exported tree at `treeDir`: a path that an rsync with the
 * upload's rules would neither send nor delete (protected, excluded, or below such a directory)
 * is in neither.
 */
async function diffLists(treeDir, paths, rules) {
    const excluded = (0,left_out/* rulesLeaveOut */.$)(rules);
    const changed = new Set(paths);
    const remove = [];
    for (const path of await filesFromList(treeDir, paths)) {
        // a listed path is a file, link or submodule; an ancestor standing for lost paths a directory
        if (!excluded(path, !changed.has(path) || (await kind(external_node_path_.posix.join(treeDir, path))) === 'dir'))
            remove.push(path);
    }
    const send = [];
    for (const path of remove) {
        if (!changed.has(path) || path === REVISION_FILE)
            continue;
        // a directory in its place (a file that became one): its files are listed on their own, and
        // `git archive` of it would send what the rules leave out; an empty one (a submodule) is sent
        const at = external_node_path_.posix.join(treeDir, path);
        const k = await kind(at);
        if (k === 'other' || (k === 'dir' && (await (0,external_node_fs_promises_.readdir)(at)).length === 0))
            send.push(path);
    }
    return { remove, send, revision: remove.includes(REVISION_FILE) };
}
/**
 * Above it (the changed files' size in git, then their gzipped archive) the changed files are not
 * held in memory: the full upload runs instead.
 */
const MAX_DIFF_ARCHIVE_BYTES = 64 * 1024 * 1024;
/**
 * git archive's options adding each LFS file's content from the exported tree (pure): `--add-file`
 * names the file in the archive by the last `--prefix` and its basename, and git writes the added
 * files after the tracked ones, so on extraction the content replaces the pointer; the last
 * `--prefix=` resets the prefix of the tracked files.
 */
function lfsAddFileArgs(lfs) {
    if (!lfs || lfs.files.length === 0)
        return [];
    const adds = lfs.files.flatMap((f) => {
        const dir = external_node_path_.posix.dirname(f.path);
        return [`--prefix=${dir === '.' ? '' : `${dir}/`}`, `--add-file=${external_node_path_.posix.join(lfs.dir, f.path)}`];
    });
    return [...adds, '--prefix='];
}
/**
 * The changed paths of `sha` as `git archive` writes them (a fresh export's content, links and
 * modes: the target's umask as tar.umask), the changed LFS files with their content (`lfs`: those
 * among `paths`), gzipped; null when it is over MAX_DIFF_ARCHIVE_BYTES, or when the files are
 * (git's object sizes and the LFS objects' sizes, read before any file's content).
 */
async function changedArchive(repoDir, sha, paths, umask, lfs) {
    const lfsBytes = (lfs?.files ?? []).reduce((n, f) => n + f.size, 0);
    if ((await treeBytes((0,repo/* repoAt */.Qz)(repoDir).dir, sha, paths)) + lfsBytes > MAX_DIFF_ARCHIVE_BYTES)
        return null;
    const mask = (0,modes/* umaskCommand */.r7)(umask).slice('umask '.length);
    const tar = await (0,run/* runGit */.E)((0,repo/* repoAt */.Qz)(repoDir).dir, [
        '--literal-pathspecs',
        '-c',
        `tar.umask=${mask}`,
        'archive',
        '--format=tar',
        ...lfsAddFileArgs(lfs),
        `${sha}^{tree}`,
        '--',
        ...paths,
    ]);
    const gz = await (0,external_node_util_.promisify)(external_node_zlib_.gzip)(tar);
    return gz.length > MAX_DIFF_ARCHIVE_BYTES ? null : gz;
}
/** What a diff upload sends: its lists and its stdin (the NUL-separated remove list, then the archive), or why not. */
async function diffPayload(repoDir, target, req, source) {
    const lists = await diffLists(source, req.paths, (0,protection/* syncRules */.rr)(target));
    let archive;
    try {
        const sent = new Set(lists.send);
        const lfs = { dir: source, files: (req.lfs ?? []).filter((f) => sent.has(f.path)) };
        archive = lists.send.length > 0 ? await changedArchive(repoDir, req.sha, lists.send, target.umask, lfs) : undefined;
    }
    catch (e) {
        return `git archive of the changed paths failed: ${firstLine(e)}`;
    }
    if (archive === null)
        return 'the changed files are too large to send at once';
    const list = Buffer.from(lists.remove.map((p) => `./${p}\0`).join(''));
    return { lists, listBytes: list.length, archive: archive !== undefined, stdin: archive ? Buffer.concat([list, archive]) : list };
}
/**
 * The diff upload of `sha` into its release directory, in one round trip (diffUploadScript): the
 * changed paths of the exported tree `source`, the rest hard-linked from `previous`. Else why not
 * (the host's answer, or why the runner did not ask), and whether the directory now exists (empty).
 */
async function diffUpload(conn, repoDir, target, req, source) {
    const payload = await diffPayload(repoDir, target, req, source);
    if (typeof payload === 'string')
        return { mode: 'full', why: payload, made: false };
    const layout = (0,sync_layout/* layoutOf */.aH)(target.path);
    const dir = layout.releaseDir(req.sha);
    const { lists, listBytes, archive, stdin } = payload;
    const revision = lists.revision ? req.sha : undefined;
    const spec = {
        root: layout.root,
        previous: req.previous,
        previousDir: layout.releaseDir(req.previous),
        dir,
        listBytes,
        archive,
        revision,
        after: req.after,
        first: req.first?.script,
    };
    let r;
    try {
        r = await conn.exec.sh(diffUploadScript(spec, manifestRules(target)), { stdin, allowFailure: true });
    }
    catch (e) {
        r = { code: -1, stdout: '', stderr: firstLine(e) };
    }
    checkFirst(req.first, r);
    const answer = r.stdout.trim();
    if (r.code === 0 && answer === 'diff') {
        const sent = { filesTransferred: lists.send.length + (revision ? 1 : 0), totalBytesSent: stdin.length };
        return { mode: 'diff', stats: { ...sent, totalBytesReceived: 0, totalFiles: req.total, deletedFiles: 0 } };
    }
    if (r.code === DIFF_FALLBACK_CODE && answer.startsWith('full '))
        return { mode: 'full', why: answer.slice(5), made: true };
    // whether `first` ran is not known: it runs again (idempotent), before the directory is emptied
    await shFirstThen(conn.exec, req.first, `rm -rf ${(0,quote/* shellQuote */.Z)(dir)} && mkdir -p ${(0,quote/* shellQuote */.Z)(dir)}`);
    return { mode: 'full', why: `the diff upload failed: ${(r.stderr.trim() || answer).split('\n')[0].slice(0, 200)}`, made: true };
}
const firstLine = (e) => e.message.split('\n')[0];
//# sourceMappingURL=diff-upload.js.map
;// CONCATENATED MODULE: ./lib/sync/unshare.js


/** The regular files an itemized rsync keeps but changes the attributes of (`.f...p.....`), relative to its destination. */
function attributeOnlyFiles(items) {
    return items.filter((i) => i.flags.startsWith('.f') && /[^.]/.test(i.flags.slice(2))).map((i) => i.path);
}
/**
 * Shell (pure): each path read from stdin (NUL-separated, relative to `root`: unshareInput) that is
 * a regular file of its own replaced by a copy of itself (same content, mode and times; a new
 * inode), through a temp name in its directory. A path that is not a regular file (gone, a link, a
 * name rsync printed escaped) is left alone. The list comes on stdin: a umask change lists every
 * file, more than one command line holds.
 */
function unshareScript(root) {
    const one = `if [ -f "$f" ] && [ ! -L "$f" ]; then t="$(dirname -- "$f")/.gitops-unshare.tmp"; rm -f -- "$t" && cp -p -- "$f" "$t" && mv -f -- "$t" "$f" || exit 255; fi`;
    return `cd ${(0,quote/* shellQuote */.Z)(root)} && xargs -0 -r sh -c ${(0,quote/* shellQuote */.Z)(`for f do ${one}; done`)} sh`;
}
/** The stdin of unshareScript: the paths, `./`-prefixed, NUL-terminated. */
const unshareInput = (paths) => Buffer.from(paths.map((p) => `./${p}\0`).join(''));
/**
 * The changes among `items` beyond the times (`.f..t......` is left out): a sync that keeps times
 * (-t, the frontend's) sets a rebuilt file's new mtime on every unchanged file, harmlessly; its
 * mode, owner or group are what a restore from another link would get wrong.
 */
const beyondTimes = (items) => items.filter((i) => /[^.]/.test(i.flags.slice(5)));
/** Runs unshareScript for the attribute-only changes among `items` (nothing when there are none). */
async function unshareAttributeChanges(exec, root, items) {
    const paths = attributeOnlyFiles(items);
    if (paths.length > 0)
        await exec.sh(unshareScript(root), { stdin: unshareInput(paths) });
}
/**
 * rsync on the host of the files listed on stdin (NUL-separated, relative) onto themselves: -I
 * copies each one although it matches, to a temp file renamed over it (a new inode, same content,
 * mode and times; one process for the whole list, the name never missing).
 */
const COPY_ONTO_ITSELF = 'rsync -a -I --no-implied-dirs --from0 --files-from=- ./ ./';
/**
 * Shell (pure): every regular file below release directory `dir` with more than one link (the
 * hard links of an upload to an earlier release) gets an inode of its own, so that a task writing
 * over it in place changes no other release. Symbolic links (shared paths) are not followed.
 */
function ownInodesScript(dir) {
    return `cd ${(0,quote/* shellQuote */.Z)(dir)} && find . -type f -links +1 -print0 | ${COPY_ONTO_ITSELF}`;
}
/** A literal relative path as a `find -path` pattern below `.` (its glob characters escaped, no trailing slash). */
const findPathPattern = (rel) => `./${rel
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/[*?[\\]/g, '\\$&')}`;
/**
 * `find` clause (pure) skipping the protected paths `protect` (literal, relative, below `.`) as
 * rsync's protect rules do: a trailing `/` matches a directory only. Empty without paths.
 */
function protectPruneClause(protect) {
    const one = (p) => `-path ${(0,quote/* shellQuote */.Z)(findPathPattern(p))}${p.endsWith('/') ? ' -type d' : ''}`;
    return protect.length > 0 ? `\\( ${protect.map(one).join(' -o ')} \\) -prune -o ` : '';
}
/**
 * Shell (pure): as ownInodesScript, in `dir` without descending into the `keep` paths (literal,
 * relative; a trailing `/` marks a directory): public_html before the user tasks, whose protected
 * paths (uploads) are never restored from a copy and stay shared, while what a deploy puts there
 * gets inodes of its own. Nothing when `dir` does not exist.
 */
function ownInodesOutsideScript(dir, keep) {
    const prune = keep.length > 0 ? `\\( ${keep.map((p) => `-path ${(0,quote/* shellQuote */.Z)(findPathPattern(p))}`).join(' -o ')} \\) -prune -o ` : '';
    return `if [ -d ${(0,quote/* shellQuote */.Z)(dir)} ]; then cd ${(0,quote/* shellQuote */.Z)(dir)} && find . ${prune}-type f -links +1 -print0 | ${COPY_ONTO_ITSELF}; fi`;
}
/**
 * Shell (pure): as ownInodesScript, for the paths read from stdin only (unshareInput, relative to
 * `root`): the committed files of an in-place tree, whose other files (data, the snapshots) are
 * left alone. A listed path that is not a regular file with more than one link is skipped.
 */
function ownInodesOfScript(root) {
    const linked = `find "$@" -maxdepth 0 -type f -links +1 -print0 2> /dev/null; exit 0`;
    return `cd ${(0,quote/* shellQuote */.Z)(root)} && xargs -0 -r sh -c ${(0,quote/* shellQuote */.Z)(linked)} sh | ${COPY_ONTO_ITSELF}`;
}
/**
 * Shell (pure): ownInodesScript on the kept directory `dir` of release `id` (a rollback's tasks run
 * there), its manifest kept true: when it matched the directory before, it is written again after
 * (the copies keep content, mode and times; only the inodes it hashes change), so the next upload
 * can still be a diff from it. A manifest that did not match (or none) is left as it was.
 */
function ownInodesKeptScript(root, dir, id, rules) {
    const m = (0,quote/* shellQuote */.Z)(manifestPath(root, id));
    return [
        manifestFunction(rules),
        `t=${(0,quote/* shellQuote */.Z)(`${manifestsDir(root)}/.check`)}-$$`,
        'ok=',
        `if [ -f ${m} ]; then h=$(manifest ${(0,quote/* shellQuote */.Z)(dir)} "$t"); rm -f "$t" "$t.s"; [ -n "$h" ] && [ "$h" = "$(cat ${m})" ] && ok=1; fi`,
        `( ${ownInodesScript(dir)} ) || exit 1`,
        '[ -n "$ok" ] || exit 0',
        writeManifestScript(root, dir, id, rules),
    ].join('\n');
}
//# sourceMappingURL=unshare.js.map
;// CONCATENATED MODULE: ./lib/sync/committed-files.js
/** The committed files an upload of an exported tree leaves in the target's tree (pure reads of the local export). */



/**
 * The regular files of the exported tree at `treeDir`, relative and "/"-separated, without those
 * the target's upload rules leave alone (protected, excluded, or below such a directory): what the
 * sync wrote or kept as the commit's.
 */
async function committedFiles(treeDir, target) {
    const excluded = (0,left_out/* uploadLeavesOut */.E)(target);
    const entries = await (0,external_node_fs_promises_.readdir)(treeDir, { recursive: true, withFileTypes: true });
    return entries
        .filter((e) => e.isFile())
        .map((e) => (0,external_node_path_.relative)(treeDir, external_node_path_.posix.join(e.parentPath, e.name)).split(external_node_path_.sep).join('/'))
        .filter((path) => !excluded(path))
        .sort();
}
//# sourceMappingURL=committed-files.js.map
;// CONCATENATED MODULE: ./lib/sync/upload.js














/**
 * In place, refuses a shared entry present both in the tree and in <path>/shared. Deploys and
 * rollbacks call it before anything changes (the backup included); every in-place upload too.
 */
async function refuseSharedConflicts(conn, target) {
    const { shared } = target;
    if (target.layout !== 'in-place' || shared.length === 0)
        return;
    const layout = (0,sync_layout/* layoutOf */.aH)(target.path);
    const both = (await conn.exec.sh((0,sync_layout/* sharedConflictsScript */.Wi)(layout, shared))).stdout.split('\n').filter(Boolean);
    if (both.length === 0)
        return;
    const where = both.map((name) => `${layout.root}/${name} and ${layout.shared}/${name}`).join('; ');
    throw new errors/* UserError */.yo(`layout in-place: ${both.join(', ')} exist${both.length === 1 ? 's' : ''} both in the tree and in ${layout.shared} (${where}). The deploy will not choose which copy to lose: keep one of them (a copy in shared/ is linked into the tree) and deploy again. Nothing was changed.`);
}
/** Where the tree of `sha` goes: releases/<sha>, or in place the root. */
function uploadDestination(target, sha) {
    const layout = (0,sync_layout/* layoutOf */.aH)(target.path);
    return target.layout === 'releases' ? layout.releaseDir(sha) : layout.root;
}
/**
 * One rsync of the whole tree into `dest` (today's upload, and every fallback of the diff upload);
 * in place, what it deletes or overwrites is moved to `trash` and its changes are itemized.
 */
async function fullRsync(conn, req, source, dest, trash) {
    const { target } = req;
    const releaseId = target.layout === 'releases' ? req.sha : undefined;
    return rsyncTree(conn, target, source, dest, {
        linkDest: releaseId && req.linkFrom && req.linkFrom !== releaseId ? (0,sync_layout/* layoutOf */.aH)(target.path).releaseDir(req.linkFrom) : undefined,
        copyDest: req.staged?.dir,
        delete: true,
        // git archive stamps every file with the commit time: compare contents (times are not kept),
        // so unchanged files are hard-linked from the previous release instead of re-sent.
        checksum: true,
        ...(trash === undefined ? {} : { backupDir: trash, itemize: true }),
    });
}
/** Passenger in place keeps hard-link snapshots of the live tree (its undo and rollbacks): they share its inodes. */
const snapshotted = (target) => target.strategy === 'passenger' && target.layout === 'in-place';
/**
 * In place: the sync straight into the root, with a fresh trash directory chosen (trash.ts) in the
 * round trip that creates the root; says what the sync removed and where it is kept. A tree the
 * snapshots share first gets its own copy of each file whose mode alone changes (unshare.ts).
 */
async function uploadInPlace(conn, req, source, reporter) {
    const root = uploadDestination(req.target, req.sha);
    const picked = await shFirstThen(conn.exec, req.first, `mkdir -p ${(0,quote/* shellQuote */.Z)(root)} && ${printTrashScript(root, req.sha)}`);
    const trash = parsePickedTrash(picked.stdout);
    if (snapshotted(req.target)) {
        // --delete as the sync itself: without it, a directory the commit replaces by a file fails the dry run
        const dry = await rsyncTree(conn, req.target, source, root, { delete: true, checksum: true, itemize: true, dryRun: true });
        await unshareAttributeChanges(conn.exec, root, dry.itemized);
    }
    const run = await fullRsync(conn, req, source, root, trash);
    if (req.ownInodes && snapshotted(req.target)) {
        const files = await committedFiles(source, req.target);
        await conn.exec.sh(ownInodesOfScript(root), { stdin: unshareInput(files) });
    }
    const removed = describeRemoved(root, trash, deletedPaths(run.itemized));
    if (removed)
        reporter.info(removed);
    return { stats: run.stats, done: false, removed };
}
/**
 * Releases layout: the diff upload when it can run (diff-plan.ts decides, diff-upload.ts does it,
 * the after-upload script included), else the full one into the same directory. Says which ran
 * and why; `done` when the after-upload script ran already.
 */
async function uploadReleaseDir(conn, req, tree, reporter, facts) {
    const source = tree.dir;
    const dest = (0,sync_layout/* layoutOf */.aH)(req.target.path).releaseDir(req.sha);
    const choice = chooseUpload(await facts);
    let made = false;
    if (choice.mode === 'diff') {
        const after = afterUploadScript(req.target, req.sha, req.ownInodes);
        const r = await diffUpload(conn, req.repo, req.target, { ...choice, sha: req.sha, after, first: req.first, lfs: tree.lfs }, source);
        if (r.mode === 'diff') {
            reporter.info(describeUpload(choice));
            return { stats: r.stats, done: true };
        }
        made = r.made;
        reporter.info(describeUpload(r));
    }
    else
        reporter.info(describeUpload(choice));
    if (!made)
        await shFirstThen(conn.exec, req.first, `mkdir -p ${(0,quote/* shellQuote */.Z)(dest)}`);
    return { stats: (await fullRsync(conn, req, source, dest)).stats, done: false };
}
/**
 * After the sync, one round trip: the shared paths linked in, then (releases) with `ownInodes` the
 * release's hard links broken (unshare.ts) and the release's manifest, or (in place) the trash
 * pruned to the newest `keep_releases` directories.
 */
function afterUploadScript(target, sha, ownInodes = false) {
    const layout = (0,sync_layout/* layoutOf */.aH)(target.path);
    if (target.layout !== 'releases') {
        const link = target.shared.length > 0 ? [`{\n${(0,sync_layout/* linkSharedInPlaceScript */.L$)(layout, target.shared)}\n} || exit 1`] : [];
        return [...link, pruneTrashScript(layout.root, target.keep_releases)].join('\n');
    }
    const link = target.shared.length > 0 ? [`{\n${(0,sync_layout/* linkSharedScript */.RX)(layout, sha, target.shared)}\n} || exit 1`] : [];
    const own = ownInodes ? [`( ${ownInodesScript(layout.releaseDir(sha))} ) || exit 1`] : [];
    return [...link, ...own, writeManifestScript(layout.root, layout.releaseDir(sha), sha, manifestRules(target))].join('\n');
}
/**
 * Uploads the tree of `sha`: into releases/<sha> (the diff upload from the previous release, or
 * the whole tree hard-linked to it; shared paths linked in; its manifest written) or, in place,
 * straight into the root, then links the shared paths kept in <path>/shared where the tree has
 * none. What syncRules protects is never deleted nor overwritten; modes follow the target's umask
 * (rsync --chmod), whatever the exported files carried.
 */
async function uploadRelease(conn, req, reporter) {
    const { target } = req;
    await refuseSharedConflicts(conn, target);
    // what git says of the two commits is asked while the tree is exported (independent git reads)
    const facts = target.layout === 'releases' ? diffFacts(req.repo, req.sha, req.linkFrom) : undefined;
    facts?.catch(() => undefined); // awaited below; a rejection while the export runs is not unhandled
    const tree = req.staged?.tree ?? (await exportTree(req.repo, req.sha, (0,left_out/* uploadLeavesOut */.E)(target)));
    let failed = true;
    try {
        const up = facts ? await uploadReleaseDir(conn, req, tree, reporter, facts) : await uploadInPlace(conn, req, tree.dir, reporter);
        const { stats } = up;
        reporter.info(`${up.done ? 'tar' : 'rsync'}: ${stats.filesTransferred} files sent (${stats.totalBytesSent} bytes) of ${stats.totalFiles}`);
        const after = up.done ? undefined : afterUploadScript(target, req.sha, req.ownInodes);
        if (after !== undefined)
            await conn.exec.sh(after);
        failed = false;
        return up;
    }
    finally {
        // a staged tree is its owner's to remove
        if (!req.staged) {
            if (failed)
                await tree.cleanup();
            else
                removeInBackground(tree);
        }
    }
}
/**
 * The exported tree removed while the deploy goes on: one unlink per file (a tree of 10,000 files
 * took 140-290 ms here). The pending removal keeps the process alive until it is done, and an
 * interrupt waits for it.
 */
function removeInBackground(tree) {
    const removing = tree.cleanup().catch(() => undefined);
    const unregister = (0,interrupt/* onInterrupt */.nA)(() => removing);
    void removing.finally(unregister);
}
//# sourceMappingURL=upload.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/probe.js
/**
 * What a compose deploy reads from the host before its plan, alongside the state read: which
 * compose the host runs (compose-detect.ts, read once per connection and started before the lock)
 * and the in-progress record with the release `current` points to (in-progress.ts, under the lock);
 * a rollback also lists the release directories kept on the host (prune-releases.ts: is its
 * target's still there?). Each part is parsed where it was parsed before (prepare, the repair step,
 * the upload step), so errors stay where they were.
 */





const RELEASES = '--- kept releases ---';
/** The host inspection; with `releases`, a separator line and the releases listing. Both parts exit 0. */
function inspectionScript(layout, opts = {}) {
    const listing = opts.releases ? [`echo ${(0,quote/* shellQuote */.Z)(RELEASES)}`, pruneListingScript(layout)] : [];
    return [inspectHostScript(layout), ...listing].join('\n');
}
/** Splits inspectionScript's output at the releases separator line (the last one: the inspection part is the host's text). */
function parseInspectionOutput(stdout) {
    const kept = `\n${stdout}`.lastIndexOf(`\n${RELEASES}\n`);
    if (kept < 0)
        return { inspect: stdout };
    return { inspect: stdout.slice(0, kept), releases: stdout.slice(kept + RELEASES.length + 1) };
}
/**
 * Both reads at once (the connection runs them side by side); the compose read may have been
 * started already (warmUpCompose). `sent`: the inspection already run (in the lock's round trip);
 * should it have failed, it is read again here, where its error is reported.
 */
async function composeProbe(s, opts = {}, sent) {
    const { exec } = s.conn;
    const detecting = hostComposeOutput(exec, s.config, s.target.path);
    const inspected = sent?.code === 0 ? Promise.resolve(sent) : exec.sh(inspectionScript((0,sync_layout/* layoutOf */.aH)(s.target.path), opts));
    const [detect, out] = await Promise.all([detecting, inspected.then((r) => r.stdout)]);
    return { detect, ...parseInspectionOutput(out) };
}
/**
 * Starts the read of the host's compose: it only reads (and refreshes its own cache), so a run sends
 * it before taking the lock. It may answer before the lock's round trip has created .deploy (a first
 * deploy): it creates that directory itself for the cache (the lock does the same `mkdir -p`).
 */
function warmUpCompose(s) {
    void hostComposeOutput(s.conn.exec, s.config, s.target.path, true);
}
//# sourceMappingURL=probe.js.map
// EXTERNAL MODULE: ./lib/plan/force-recreate.js
var force_recreate = __webpack_require__(19824);
;// CONCATENATED MODULE: ./lib/strategies/compose/dry-run.js







/** The compose commands a deploy of this plan would run (dry-run output). */
function describeDryRun(plan, invocation, tasks, waitSeconds, probe = false, stable) {
    const lines = ['dry-run: nothing was changed on the host; a deploy would run:'];
    // the host-side detection script is shown as the command it prefers
    const auto = isAutoComposeCommand(invocation.command);
    const inv = auto ? { ...invocation, command: COMPOSE_CANDIDATES[0].split(' ') } : invocation;
    const noCache = plan.build.filter((s) => plan.noCache.includes(s));
    const cached = plan.build.filter((s) => !plan.noCache.includes(s));
    if (noCache.length)
        lines.push(`  ${(0,quote/* shellJoin */.n)(buildArgs(inv, noCache, true))}`);
    if (cached.length)
        lines.push(`  ${(0,quote/* shellJoin */.n)(buildArgs(inv, cached, false))}`);
    const { before, after } = (0,task_order/* splitAroundTasks */.oR)(plan);
    lines.push(...serviceLines(before, inv, waitSeconds, probe, windowLines(before, [], stable)));
    for (const t of plan.tasks) {
        const task = tasks[t];
        if (task?.service)
            lines.push(`  ${(0,quote/* shellJoin */.n)(execArgs(inv, task.service, task.command))}`);
    }
    lines.push(...recheckLines(plan, before, stable));
    if (plan.afterTasks)
        lines.push(`  (after the tasks, held by their \`before\`: ${plan.afterTasks.join(', ')})`, ...serviceLines(after, inv, waitSeconds, probe, windowLines(after, startedOf(before), stable)));
    lines.push(...removeLines(plan));
    if (auto)
        lines.push(`  (compose.command unset: ${COMPOSE_CANDIDATES.map((c) => `"${c}"`).join(' if it runs on the host, else ')})`);
    return lines;
}
/** The start-first replacement of each of `services` (a deploy's and a rollback's). */
function startFirstLines(inv, services) {
    return services.flatMap((service) => [
        `  ${(0,quote/* shellJoin */.n)(scaleUpArgs(inv, service, 2))}`,
        `  (start-first ${service}: once the new container is healthy, docker stop + docker rm of the old one)`,
    ]);
}
/** The start-first, up and restart commands of one part of the plan (splitAroundTasks); `window`: its stable window's line, before the restarts. */
function serviceLines(plan, inv, waitSeconds, probe = false, window = []) {
    const lines = [];
    // as startServices: the forced recreates first, then start-first, then the other ups
    const forced = (0,force_recreate/* forcedRecreates */.c)(plan);
    for (const [timeoutSeconds, group] of groupByGrace(forced, plan.stopGrace)) {
        lines.push(`  ${(0,quote/* shellJoin */.n)(upArgs(inv, group, { forceRecreate: true, timeoutSeconds }))}`);
        if (waitSeconds !== undefined)
            lines.push(describeWaitStarted(group, waitSeconds, probe));
    }
    lines.push(...startFirstLines(inv, plan.startFirst ?? []));
    const up = [...plan.build, ...plan.recreate].filter((s) => !plan.startFirst?.includes(s) && !forced.includes(s)).sort();
    for (const [timeoutSeconds, group] of groupByGrace(up, plan.stopGrace)) {
        lines.push(`  ${(0,quote/* shellJoin */.n)(upArgs(inv, group, { timeoutSeconds }))}`);
        if (waitSeconds !== undefined)
            lines.push(describeWaitStarted(group, waitSeconds, probe));
    }
    lines.push(...window);
    for (const [timeout, group] of groupByGrace(plan.restart, plan.stopGrace))
        lines.push(`  ${(0,quote/* shellJoin */.n)(restartArgs(inv, group, timeout))}`);
    return lines;
}
/** The services a part's start starts (startServices): its builds and recreates, start-first ones too. */
const startedOf = (part) => [...new Set([...part.build, ...part.recreate])].sort();
/**
 * A part's stable window (health.stable_for), after its last up, over what it started and what
 * the earlier part started (`carried`, held again after the tasks); none without a window or a service.
 */
function windowLines(part, carried, stable) {
    const services = [...new Set([...startedOf(part), ...carried])].sort();
    return stable && stable.seconds > 0 && services.length > 0 ? [describeStableWindow(services, stable)] : [];
}
/**
 * With tasks and no part held after them, the Verify holds the window before the tasks again
 * (recheckCarried); none without tasks, without a window or a service, or with a held part (its window does).
 */
function recheckLines(plan, before, stable) {
    const services = startedOf(before);
    if (plan.tasks.length === 0 || plan.afterTasks || !stable || stable.seconds === 0 || services.length === 0)
        return [];
    return [
        `  (then the Verify holds ${services.join(', ')} again: a container Docker restarted since its window, or since a wait saw it healthy, while the tasks ran, fails it)`,
    ];
}
/** The removal of the services dropped from the compose model: stopped with their grace, then removed. */
function removeLines(plan) {
    return groupByGrace(plan.remove, plan.stopGrace).map(([seconds, group]) => {
        const containers = `<containers of ${group.join(', ')}>`;
        return `  docker stop ${seconds === undefined ? '' : `-t ${seconds} `}${containers} && docker rm -f ${containers}`;
    });
}
//# sourceMappingURL=dry-run.js.map
;// CONCATENATED MODULE: ./lib/apply/image-names.js
/**
 * The image ids some local image names point at, and the script that points them back (pure).
 * A build on the primary (`build.on: host`) names its images as compose does, on a live host:
 * those names are put back once the images are pushed (or the build failed), so the primary, like
 * every other host, only changes them in its own Pull phase.
 */

/** Prints `<id> <name>` for each name (`-` as the id of a name that names no image). */
function imageIdsScript(names) {
    return names
        .map((n) => `printf '%s %s\\n' "$(docker image inspect -f '{{.Id}}' ${(0,quote/* shellQuote */.Z)(n)} 2>/dev/null || echo -)" ${(0,quote/* shellQuote */.Z)(n)}`)
        .join('\n');
}
/** name → image id, or null for a name that named no image. */
function parseImageIds(stdout) {
    const out = {};
    for (const line of stdout.split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0)
            out[line.slice(space + 1)] = line.slice(0, space) === '-' ? null : line.slice(0, space);
    }
    return out;
}
/** Each name back on its image id; a name that named nothing is removed (its image stays if another name or a container uses it). */
function putBackNamesScript(ids) {
    const lines = Object.entries(ids).map(([name, id]) => id === null ? `${(0,quote/* shellJoin */.n)(['docker', 'image', 'rm', name])} >/dev/null 2>&1 || true` : (0,quote/* shellJoin */.n)(['docker', 'tag', id, name]));
    return [...lines, 'exit 0'].join('\n');
}
//# sourceMappingURL=image-names.js.map
// EXTERNAL MODULE: ./lib/config/build.js
var config_build = __webpack_require__(66906);
;// CONCATENATED MODULE: ./lib/apply/registry-scripts.js
/**
 * Pure builders of the registry side of `build:`: image references, and the sh scripts that push
 * (on the builder) or pull (on each host). A script logs in with `docker login --password-stdin`
 * (the password is the script's stdin, never argv), works in a throw-away DOCKER_CONFIG, and logs
 * out in an EXIT trap, whatever happened.
 */


/** Exit code of a script whose `docker login` failed (the caller names the registry). */
const LOGIN_FAILED = 97;
/**
 * Whether a failed `docker login`'s output says the registry answered and refused the credentials
 * (HTTP 401/403), rather than being unreachable: a wrong user or password is bad input (exit 2).
 */
const loginRefused = (output) => /\b(401|403)\b|unauthorized|incorrect username or password|authentication required|access denied/i.test(output);
/** `<registry>/<repository>/<service>:release-<sha12>` */
function registryRef(access, service, sha) {
    return `${access.registry}/${access.repository}/${service}:release-${(0,core_text/* shortSha */.Fu)(sha)}`;
}
/** The registry host (login/logout take it without the /prefix). */
const registryHost = (registry) => registry.split('/')[0];
function loginArgs(access) {
    return ['docker', 'login', registryHost(access.registry), '--username', access.username ?? '', '--password-stdin'];
}
const logoutArgs = (access) => ['docker', 'logout', registryHost(access.registry)];
const pushArgs = (ref) => ['docker', 'push', ref];
const pullArgs = (ref) => ['docker', 'pull', ref];
const tagArgs = (from, to) => ['docker', 'tag', from, to];
/**
 * A private DOCKER_CONFIG, the logout (and its removal) on EXIT, then the login when there is a
 * user. A signal (Ctrl-C reaches the whole process group, a cancelled job gets TERM, a dropped
 * terminal HUP) exits through the EXIT trap too: sh runs no EXIT trap when a signal kills it, and
 * the login (base64 user:password in config.json) would stay behind.
 */
function registry_scripts_session(access) {
    const cleanup = `${(0,quote/* shellJoin */.n)(logoutArgs(access))} >/dev/null 2>&1; rm -rf "$DOCKER_CONFIG"`;
    const login = access.username
        ? [
            `${(0,quote/* shellJoin */.n)(loginArgs(access))} >/dev/null || { echo ${(0,quote/* shellQuote */.Z)(`docker login to ${access.registry} failed`)} >&2; exit ${LOGIN_FAILED}; }`,
        ]
        : [];
    const signals = ["trap 'exit 129' HUP", "trap 'exit 130' INT", "trap 'exit 143' TERM"];
    // the docker CLI's plugins (compose v2, buildx) may live in the user's config dir: the builds need them
    const plugins = '[ ! -d "$gd_dc/cli-plugins" ] || ln -s "$gd_dc/cli-plugins" "$DOCKER_CONFIG/cli-plugins"';
    return [
        'set -e',
        'gd_dc=${DOCKER_CONFIG:-$HOME/.docker}',
        'DOCKER_CONFIG=$(mktemp -d)',
        'export DOCKER_CONFIG',
        `trap ${(0,quote/* shellQuote */.Z)(cleanup)} EXIT`,
        ...signals,
        plugins,
        ...login,
    ];
}
/**
 * On the builder: tag each built image with its reference and push it. `untag` (a runner, which
 * no release runs from): the references are removed once all are pushed, so the runner's docker
 * does not keep a `release-<sha12>` tag (and its image) of every deploy; the image stays under
 * compose's name until the next build takes it.
 */
function pushScript(access, pairs, untag = false) {
    const lines = pairs.flatMap((p) => [(0,quote/* shellJoin */.n)(tagArgs(p.name, p.ref)), (0,quote/* shellJoin */.n)(pushArgs(p.ref))]);
    const untagLines = untag && pairs.length > 0 ? [`${(0,quote/* shellJoin */.n)(['docker', 'image', 'rm', ...pairs.map((p) => p.ref)])} >/dev/null`] : [];
    return registryScript(access, [...lines, ...untagLines]);
}
/**
 * A command (argv) or script run in a registry session, with its own exit code and without set -e
 * (a build on the builder: a Dockerfile `FROM` an image of the same private registry needs the login).
 */
const inSessionScript = (access, command) => registryScript(access, ['set +e', command, 'exit $?']);
/** Script lines run after the registry session is set up (set -e; the logout runs on exit). */
const registryScript = (access, lines) => [...registry_scripts_session(access), ...lines, ''].join('\n');
/** On a host: pull each reference and give it the name compose expects (`up --no-build` then uses it). */
function pullScript(access, pairs) {
    const lines = pairs.flatMap((p) => [`${(0,quote/* shellJoin */.n)(pullArgs(p.ref))} >/dev/null`, (0,quote/* shellJoin */.n)(tagArgs(p.ref, p.name))]);
    return registryScript(access, lines);
}
//# sourceMappingURL=registry-scripts.js.map
;// CONCATENATED MODULE: ./lib/apply/registry.js





/** The target's registry (undefined without `build:`); a user without a password, or a password without a user, is refused. */
function registryOf(config, target, password) {
    const build = target.build;
    if (!build)
        return undefined;
    if (build.username && !password)
        throw new errors/* UserError */.yo(`build.username is set: give the registry password as the secret GITOPS_REGISTRY_PASSWORD (CLI) or the input registry-password (Action)`);
    if (password && !build.username)
        throw new errors/* UserError */.yo('a registry password is given but build.username is not set');
    const repository = (0,config_build/* buildRepository */.lF)(build, config.compose.project);
    if (!repository)
        throw new errors/* UserError */.yo('build: set build.repository or compose.project');
    return { registry: build.registry, repository, username: build.username, password };
}
async function registry_runScript(exec, reg, script, what) {
    const r = await exec.sh(script, { allowFailure: true, ...(reg.password ? { stdin: `${reg.password}\n` } : {}) });
    if (r.code === 0)
        return;
    const detail = (0,core_text/* tail */.RT)(r.stderr || r.stdout, 10);
    if (r.code === LOGIN_FAILED && loginRefused(detail))
        throw new errors/* UserError */.yo(`registry ${reg.registry}: docker login failed on ${exec.name}: the registry refused user ${JSON.stringify(reg.username)} (wrong build.username, or a wrong password in the secret GITOPS_REGISTRY_PASSWORD / the input registry-password)\n${detail}`);
    if (r.code === LOGIN_FAILED)
        throw new Error(`registry ${reg.registry}: docker login failed on ${exec.name} (is it up, are the credentials right?)\n${detail}`);
    throw new Error(`registry ${reg.registry}: ${what} failed on ${exec.name} (exit ${r.code})\n${detail}`);
}
/** Tags the built images with their references and pushes them (`untag`: then removes the references, pushScript). */
const pushImages = (exec, reg, pairs, untag = false) => registry_runScript(exec, reg, pushScript(reg, pairs, untag), `push of ${pairs.map((p) => p.ref).join(', ')}`);
/** Pulls the references and names them as compose expects. */
const pullImages = (exec, reg, pairs) => registry_runScript(exec, reg, pullScript(reg, pairs), `pull of ${pairs.map((p) => p.ref).join(', ')}`);
/**
 * `exec` with each command run in a registry session (inSessionScript: a private DOCKER_CONFIG,
 * logged in, logged out on exit), for the build on the builder: a Dockerfile `FROM` a private image
 * of the same registry pulls it with the login. Without a user (an open registry), `exec` itself.
 */
function inRegistrySession(exec, reg) {
    if (!reg.username)
        return exec;
    const stdin = reg.password ? `${reg.password}\n` : undefined;
    const sh = (command, opts = {}) => exec.sh(inSessionScript(reg, command), { ...opts, stdin });
    return { name: exec.name, run: (argv, opts) => sh((0,quote/* shellJoin */.n)(argv), opts), sh, close: () => exec.close() };
}
/** Logs in and out (a pre-flight check before the build: a registry that is down fails before anything changes). */
const checkLogin = (exec, reg) => registry_runScript(exec, reg, pushScript(reg, []), 'login');
/** Runs script lines in a registry session (private DOCKER_CONFIG, login when there is a user, logout on exit). */
const runInRegistrySession = (exec, reg, lines, what) => registry_runScript(exec, reg, registryScript(reg, lines), what);
//# sourceMappingURL=registry.js.map
;// CONCATENATED MODULE: ./lib/transport/local-executor.js
/** Runs commands where gitops-deploy runs (the runner): no shell for argv, the runner's environment without the deploy's secrets. */



function spawnLocal(argv, opts) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(argv[0], argv.slice(1), { cwd: opts.cwd, env: { ...(0,secret_env/* withoutSecrets */.c)(), ...opts.env }, stdio: 'pipe' });
        const [out, err] = [[], []];
        child.stdout.on('data', (c) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
        child.stderr.on('data', (c) => (opts.onStderr ? opts.onStderr(c) : err.push(c)));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
        child.stdin.on('error', () => undefined);
        child.stdin.end(opts.stdin ?? '');
    });
}
const localExecutor = {
    name: 'local',
    async run(argv, opts = {}) {
        const r = await spawnLocal(argv, opts);
        if (r.code !== 0 && !opts.allowFailure)
            throw new types/* CommandError */.Q(argv, r);
        return r;
    },
    async sh(script, opts = {}) {
        const r = await spawnLocal(['sh', '-c', script], opts);
        if (r.code !== 0 && !opts.allowFailure)
            throw new types/* CommandError */.Q(script, r);
        return r;
    },
    close: async () => undefined,
};
//# sourceMappingURL=local-executor.js.map
;// CONCATENATED MODULE: ./lib/strategies/runner-env-files.js
/**
 * A build on the runner runs compose in a fresh export of the commit, where the env files the hosts
 * keep in shared/ (never committed: `.env` with the secrets) are absent, and compose refuses to load
 * a project whose env_file is missing ("env file … not found"), even for a service it does not
 * build. A build reads no env_file, so each absent one gets an empty stand-in inside the export;
 * the secrets stay on the hosts.
 */



/** The env_file entries (repo paths) of every service that `exists` says are absent, each once, sorted; paths outside the tree are left alone. */
function absentEnvFiles(model, exists) {
    const inside = (p) => !p.startsWith('/') && p !== '..' && !p.startsWith('../');
    const all = Object.values(model.services).flatMap((s) => s.envFiles);
    return [...new Set(all)].filter((p) => inside(p) && !exists(p)).sort();
}
/** Whether a directory above repo path `p` in `dir` is a symbolic link (the commit's): a stand-in would land where it points. */
function linkAbove(dir, p) {
    for (let d = external_node_path_.posix.dirname(p); d !== '.' && d !== '/'; d = external_node_path_.posix.dirname(d)) {
        try {
            if ((0,external_node_fs_.lstatSync)((0,external_node_path_.join)(dir, d)).isSymbolicLink())
                return true;
        }
        catch {
            // missing: created below
        }
    }
    return false;
}
/**
 * Writes an empty stand-in for each absent env file in the exported tree `dir`; returns their repo
 * paths. A committed link to the host's file (dangling here) is replaced in the export; nothing is
 * written through a committed link to a directory (compose then names the file it lacks).
 */
async function standInEnvFiles(dir, model) {
    const absent = absentEnvFiles(model, (p) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, p))).filter((p) => !linkAbove(dir, p));
    for (const p of absent) {
        await (0,external_node_fs_promises_.mkdir)((0,external_node_path_.dirname)((0,external_node_path_.join)(dir, p)), { recursive: true });
        await (0,external_node_fs_promises_.rm)((0,external_node_path_.join)(dir, p), { force: true });
        await (0,external_node_fs_promises_.writeFile)((0,external_node_path_.join)(dir, p), '', { flag: 'wx' });
    }
    return absent;
}
//# sourceMappingURL=runner-env-files.js.map
// EXTERNAL MODULE: ./lib/compose/document.js + 3 modules
var compose_document = __webpack_require__(76345);
// EXTERNAL MODULE: ./lib/compose/dotenv.js
var dotenv = __webpack_require__(46408);
;// CONCATENATED MODULE: ./lib/strategies/runner-dotenv.js
/**
 * A build on the runner runs compose in a fresh export of the commit. When the compose directory's
 * `.env` is not committed but kept on the hosts (a `shared` entry), compose on a host interpolates
 * the build sections with it, compose on the runner without it: a `${VAR}` in `build.args` (or
 * `image:`, `target:`...) the host's `.env` sets would silently be empty (or its default) in the
 * image every host then pulls. Such a build is refused before it starts, naming the services and
 * the variables.
 */





const runner_dotenv_MARK = '\u0001';
const MARKED = /\u0001([A-Za-z_][A-Za-z0-9_]*)\u0001/g;
/** Variables that are all set, each to a marker naming it: what a build section reads shows in it. */
const marking = new Proxy({}, {
    getOwnPropertyDescriptor: (_t, name) => ({ value: `${runner_dotenv_MARK}${String(name)}${runner_dotenv_MARK}`, enumerable: true, configurable: true }),
    get: (_t, name) => `${runner_dotenv_MARK}${String(name)}${runner_dotenv_MARK}`,
});
/** Every string in a parsed YAML value. */
const strings = (value) => typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : [];
/** Per service of `services`, the variables its `build` section (and `image:`) interpolates in the compose files given (path → content); services that use none are left out. */
function buildVariables(files, services) {
    const found = {};
    for (const [path, content] of Object.entries(files)) {
        let parsed;
        try {
            parsed = (0,compose_document/* parseComposeServices */.k)(path, content, marking, new Set(), undefined, []);
        }
        catch {
            continue; // the planner read these files already: what it refused never gets here
        }
        for (const name of services) {
            const def = parsed[name];
            const text = def ? strings([def.build, def.image]).join('\n') : '';
            for (const m of text.matchAll(MARKED))
                (found[name] ??= new Set()).add(m[1]);
        }
    }
    return Object.fromEntries(Object.entries(found).map(([name, vars]) => [name, [...vars].sort()]));
}
/** Refuses a runner build of `services` (exported in `dir`) that would miss the host-only compose `.env` its build sections read. */
function refuseHostOnlyDotEnv(dir, site, services) {
    const dotEnv = (0,dotenv/* composeDotEnvPath */.i)(site.compose.directory);
    const kept = site.shared.some((e) => e === dotEnv || (e.endsWith('/') && dotEnv.startsWith(e)));
    if (!kept || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, dotEnv)))
        return;
    const files = {};
    for (const name of site.compose.files) {
        const path = external_node_path_.posix.normalize(external_node_path_.posix.join(site.compose.directory, name));
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, path)))
            files[path] = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, path), 'utf8');
    }
    const uses = Object.entries(buildVariables(files, services));
    if (uses.length === 0)
        return;
    const list = uses.map(([sv, vars]) => `${sv} (${vars.map((v) => `\${${v}}`).join(', ')})`).join(', ');
    throw new errors/* UserError */.yo(`build.on: runner: ${dotEnv} is kept on the hosts (shared), not in the commit, and the build of ${list} interpolates it: ` +
        `the runner would build without those values (empty, or their defaults). Commit the build-time values in ${dotEnv}, ` +
        'or build on the primary with build.on: host');
}
//# sourceMappingURL=runner-dotenv.js.map
;// CONCATENATED MODULE: ./lib/strategies/upload.js

/**
 * Uploads the tree of `sha` (hard-linked to release `linkFrom`'s directory in the releases layout);
 * `first`: run before anything the upload changes, in the same round trip (upload-first.ts). In
 * place, what the sync removed (kept in the trash) is said in the run summary too. `ownInodes`:
 * tasks will run in the tree, its files get inodes of their own (sync/upload.ts). `staged`: in place,
 * the tree already exported and staged on the host (sync/upload.ts), removed by its owner.
 */
async function uploadTree(s, target, sha, linkFrom, first, ownInodes = false, staged) {
    const up = await uploadRelease(s.conn, { repo: s.settings.repo, sha, linkFrom, target, first, ownInodes, staged }, s.reporter);
    if (up.removed)
        s.report.notes.push(up.removed);
    return up;
}
//# sourceMappingURL=upload.js.map
;// CONCATENATED MODULE: ./lib/strategies/publish.js
/**
 * `build:`: the planned services are built ONCE, before the first host changes (on the runner, in a
 * fresh export of the commit, or on the primary, in its new release directory), tagged
 * `<registry>/<repository>/<service>:release-<sha12>` and pushed. Every host then pulls them (pullPlanned).
 */
















/** Compose's name of each service's image paired with its registry reference for `sha`. */
function imagePairs(reg, model, inv, services, sha) {
    const v1 = isComposeV1(inv.command);
    return services.map((sv) => ({ name: imageNameOf(model.services[sv], inv.project, v1), ref: registryRef(reg, sv, sha) }));
}
/** Builds with compose, then tags and pushes (the login was checked before: a registry that is down fails before the build). */
async function buildAndPush(s, exec, inv, reg, planned) {
    const { plan, input, to } = planned;
    // the builder's docker may have no image (a fresh runner), or another one, under a base's name
    const bases = unplannedBases(plan.build, input.composeTo);
    const also = bases.length > 0 ? ` (on ${bases.join(' ')}, built from this commit too, not pushed)` : '';
    s.reporter.info(`build once on ${exec.name === 'local' ? 'the runner' : exec.name}: ${plan.build.join(' ')}${also}`);
    // in a registry session: a Dockerfile may build FROM a private image of the same registry
    const builder = inRegistrySession(exec, reg);
    await buildServices({ exec: builder, reporter: s.reporter, model: input.composeTo }, inv, { ...plan, build: [...bases, ...plan.build] });
    const pairs = imagePairs(reg, input.composeTo, inv, plan.build, to);
    s.reporter.info(`push ${pairs.map((p) => p.ref).join(' ')}`);
    // the runner keeps no release tag (each host pulls its own); the primary's are the release's
    await pushImages(exec, reg, pairs, exec === localExecutor);
}
/** The names compose gives the images it builds for the plan (its services and the unplanned bases they build FROM). */
function builtNames(planned, inv) {
    const model = planned.input.composeTo;
    const services = [...unplannedBases(planned.plan.build, model), ...planned.plan.build];
    return [...new Set(services.map((sv) => imageNameOf(model.services[sv], inv.project, isComposeV1(inv.command))))];
}
/**
 * The build on the runner, then the images its names pointed at before (our previous build there),
 * removed when the build left them dangling: by id, no --force (an image a container or another tag
 * still uses stays, as does one the build reproduced). Else each build leaves one behind per image.
 */
async function buildOnRunner(s, inv, reg, planned) {
    const before = parseImageIds((await localExecutor.sh(imageIdsScript(builtNames(planned, inv)))).stdout);
    const ids = Object.values(before).filter((id) => id !== null);
    try {
        await buildAndPush(s, localExecutor, inv, reg, planned);
    }
    finally {
        if (ids.length > 0) {
            const r = await localExecutor.sh(replacedImagesScript(ids), { allowFailure: true });
            const n = removedDangling(r.stdout);
            if (n > 0)
                s.reporter.info(`removed ${n} superseded build${n === 1 ? '' : 's'} on the runner`);
        }
    }
}
async function onRunner(s, reg, planned) {
    await checkLogin(localExecutor, reg);
    const tree = await exportTree(s.settings.repo, planned.to);
    try {
        const built = [...unplannedBases(planned.plan.build, planned.input.composeTo), ...planned.plan.build];
        refuseHostOnlyDotEnv(tree.dir, { compose: s.config.compose, shared: s.target.shared ?? [] }, built);
        const standIns = await standInEnvFiles(tree.dir, planned.input.composeTo);
        if (standIns.length)
            s.reporter.info(`not in the commit, empty for the build on the runner (env_file): ${standIns.join(' ')}`);
        const detected = await detectCompose(localExecutor, s.config.compose.command);
        await buildOnRunner(s, composeInvocation(s.config, tree.dir, detected), reg, planned);
    }
    finally {
        await tree.cleanup();
    }
}
/**
 * The primary's new release directory is uploaded now (its own upload later finds it in place).
 * The names compose gives the images it builds there are put back afterwards, pushed or not: the
 * primary's containers are started from those names, and only its Pull phase (undone with the rest
 * of a failed deploy) may change them; else a failed run's build could go live later, unreleased.
 */
async function onHost(s, reg, planned) {
    const exec = s.conn.exec;
    await checkLogin(exec, reg);
    await uploadTree(s, s.target, planned.to);
    const detected = await detectHostCompose(exec, s.config, s.target.path);
    const inv = composeInvocation(s.config, (0,sync_layout/* layoutOf */.aH)(s.target.path).releaseDir(planned.to), detected);
    const before = parseImageIds((await exec.sh(imageIdsScript(builtNames(planned, inv)))).stdout);
    try {
        await buildAndPush(s, exec, inv, reg, planned);
    }
    finally {
        await exec.sh(putBackNamesScript(before), { allowFailure: true });
    }
}
/** The publish step of the compose and swarm strategies: nothing without `build:` or without a service to build. */
async function publishImages(primary, planned) {
    const target = primary.target;
    const reg = registryOf(primary.config, target, primary.settings.registryPassword);
    if (!reg || !target.build || planned.plan.build.length === 0)
        return;
    const on = target.build.on;
    await (0,session/* phase */.Oi)(primary, 'Publish', () => (on === 'runner' ? onRunner(primary, reg, planned) : onHost(primary, reg, planned)));
}
//# sourceMappingURL=publish.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/pull-step.js
/** `build:` on a host: the planned services' images are pulled (never built), and the release records where each came from. */



/** Pulls `release-<sha12>` of each planned service and names it as compose expects (then `up --no-build`). */
async function pullPlanned(d) {
    const reg = d.apply.registry;
    const pairs = imagePairs(reg, d.apply.model, d.inv, d.plan.build, d.sha);
    if (pairs.length === 0)
        return;
    d.s.reporter.info(`pull ${pairs.map((p) => p.ref).join(' ')}`);
    await pullImages(d.s.conn.exec, reg, pairs);
}
/** Each image's registry reference: this release's tag for the services it built, else the previous release's (unchanged image). */
function withRefs(d, images) {
    const reg = d.apply.registry;
    const refOf = (sv) => d.plan.build.includes(sv) ? registryRef(reg, sv, d.sha) : d.previous?.images?.[sv]?.ref;
    return Object.fromEntries(Object.entries(images).map(([sv, image]) => [sv, { ...image, ...(refOf(sv) ? { ref: refOf(sv) } : {}) }]));
}
/** Dry-run lines of `build:`: where the build runs, what is pushed, and that hosts pull. */
function describePull(d) {
    const reg = d.apply.registry;
    if (!reg || d.plan.build.length === 0)
        return [];
    const where = d.target.build?.on === 'host' ? 'once on the primary' : 'once on the runner';
    const refs = d.plan.build.map((sv) => registryRef(reg, sv, d.sha)).join(' ');
    return [
        `  (build: the build above runs ${where}, pushed as ${refs}; each host pulls them instead: docker login --password-stdin, docker pull, docker logout)`,
    ];
}
//# sourceMappingURL=pull-step.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/run.js




/** Where a compose target lives on the host: its layout, and compose run from `current` (or the in-place root). */
function composeSite(config, target, detected) {
    const layout = (0,sync_layout/* layoutOf */.aH)(target.path);
    const releases = target.layout === 'releases';
    return { layout, releases, inv: composeInvocation(config, releases ? layout.current : layout.root, detected) };
}
/** `detected`: the host's compose (command and version), probed once per run. */
function composeRun(base, planned, detected) {
    const target = base.s.target;
    const { layout, releases, inv } = composeSite(base.s.config, target, detected);
    const registry = registryOf(base.s.config, target, base.s.settings.registryPassword);
    const apply = {
        exec: base.s.conn.exec,
        reporter: base.s.reporter,
        model: planned.input.composeTo,
        keptOld: new Set(),
        registry,
        probeHealth: target.health.probe,
        stableSeconds: target.health.services ? target.health.stable_for / 1000 : 0,
        stableTimeoutSeconds: Math.ceil(target.health.timeout / 1000),
        noteRestarts: target.health.services,
    };
    return { ...base, target, layout, releases, planned, inv, detected, apply, proven: new Set(), replaced: [] };
}
/** The run's stable window (health.stable_for, with health.services) for its description; undefined without one. */
function stableDescription(d) {
    const { stableSeconds, stableTimeoutSeconds } = d.apply;
    return stableSeconds && stableTimeoutSeconds !== undefined ? { seconds: stableSeconds, timeoutSeconds: stableTimeoutSeconds } : undefined;
}
/**
 * Uploads the tree of `sha` to the run's target (hard-linked to `linkFrom`'s release directory;
 * `first`, `ownInodes`: see uploadTree).
 */
function uploadSha(d, sha, linkFrom, first, ownInodes = false) {
    return uploadTree(d.s, d.target, sha, linkFrom, first, ownInodes);
}
//# sourceMappingURL=run.js.map
;// CONCATENATED MODULE: ./lib/apply/retained-images.js
/** Puts recorded images back under their names: pulled from the registry when they were pushed (`build:`), else retagged by id. */


/**
 * With a registry, the services whose recorded image has a reference are pulled (their retained
 * tag) and named as compose expects; if the pull fails, the image id still on the host is used
 * (with a warning). Returns the services whose image could not be brought back. `first`: sent in
 * front of the retag's round trip (restoreImages). `replaced` (an undo's): gets the ids the retagged
 * names pointed at before (restoreImages).
 */
async function bringBackImages(ctx, images, services, first, replaced) {
    const pushed = ctx.registry ? services.filter((sv) => images[sv]?.ref) : [];
    let pulled = [];
    if (pushed.length > 0) {
        const pairs = pushed.map((sv) => ({ name: images[sv].name, ref: images[sv].ref }));
        ctx.reporter.info(`pull ${pairs.map((p) => p.ref).join(' ')}`);
        pulled = await pullImages(ctx.exec, ctx.registry, pairs).then(() => pushed, (e) => (ctx.reporter.warning(`${e.message}\nusing the image ids still on the host`), []));
    }
    return restoreImages(ctx.exec, images, services.filter((sv) => !pulled.includes(sv)), first, replaced);
}
//# sourceMappingURL=retained-images.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/revert.js







/**
 * `current` switched back to `previous` (when `switchBack`) in front of the retag of `services`'
 * image names, in one round trip (bringBackImages; with a registry the pull goes first); a failed
 * switch is thrown as its own and retags nothing. Returns the services whose image is gone.
 */
async function switchAndBringBack(ctx, layout, previous, services, switchBack, replaced) {
    const first = switchBack ? new FirstScript((0,sync_layout/* switchCurrentScript */.lI)(layout, previous.id)) : undefined;
    const missing = await bringBackImages(ctx, previous.images ?? {}, services, first, replaced);
    // nothing to retag (or all pulled from a registry): the switch alone
    await first?.flush(ctx.exec);
    return missing;
}
/**
 * Brings the previous release back after a failed deploy: `current` switched back, touched
 * services up again on their previous images (no rebuild), services new in the failed release
 * removed, restarted ones restarted; each with its stop grace (`--timeout`), as the deploy did. Returns a one-line description of what it did.
 */
async function revertCompose(ctx, req) {
    const { plan, previous } = req;
    const existed = new Set(req.previousServices);
    const touched = [...plan.build, ...plan.recreate, ...plan.remove].filter((s) => existed.has(s)).sort();
    const added = [...plan.build, ...plan.recreate].filter((s) => !existed.has(s));
    const missing = await switchAndBringBack(ctx, req.layout, previous, touched, req.releases, req.replaced);
    if (missing.length > 0)
        throw new Error(`cannot revert ${missing.join(', ')}: their previous images are gone`);
    // a failed start-first replacement left the old container serving: recreating it would only cost downtime
    const recreate = touched.filter((s) => !ctx.keptOld?.has(s));
    // the failed release's containers get their stop grace, as in the deploy (a Celery worker finishes its task)
    for (const [timeoutSeconds, group] of groupByGrace(recreate, plan.stopGrace)) {
        await ctx.exec.run(upArgs(req.inv, group, { forceRecreate: req.forceRecreate ?? true, timeoutSeconds }));
    }
    const restart = plan.restart.filter((s) => existed.has(s));
    for (const [timeoutSeconds, group] of groupByGrace(restart, plan.stopGrace)) {
        await ctx.exec.run(restartArgs(req.inv, group, timeoutSeconds));
    }
    if (added.length > 0) {
        const emptyPlan = { ...plan, build: [], recreate: [], restart: [], remove: added };
        await startServices(ctx, req.inv, emptyPlan);
    }
    return `reverted to ${(0,core_text/* shortSha */.Fu)(previous.id)}: ${touched.length ? `${touched.join(', ')} back on previous images` : 'no service to revert'}${added.length ? `; removed ${added.join(', ')}` : ''}`;
}
/**
 * Undoes what a failed deploy changed, as far as it got: in-place, the previous tree is uploaded
 * again; once Apply started, `current`, images and services go back (revertCompose); before that
 * (or when the switch of `current` in the Apply's first round trip failed) no container was touched: `current` (when switched) and the image names built or retagged by
 * this run go back, and the services keep running, never recreated. The ids the retag took the names
 * from go in `d.replaced`: the failed release's prune removes those left dangling (its builds).
 */
async function undoCompose(d, previousServices) {
    const previous = d.previous;
    if (!d.releases)
        await uploadSha(d, previous.sha);
    // a failed switch of `current` (sent with the Apply's first command) stopped the Apply before any container
    if (d.progress.has('apply') && !d.switching?.failed) {
        const req = { layout: d.layout, releases: d.releases, previous, previousServices, plan: d.plan, inv: d.inv, replaced: d.replaced };
        const description = await revertCompose(d.apply, req);
        return { rolledBack: description.startsWith('reverted'), description };
    }
    // no container was touched (Apply never started): `current` and the image names go back, the services keep running
    const switched = d.releases && d.progress.has('switch');
    const built = d.progress.has('build') ? d.plan.build : [];
    const missing = await switchAndBringBack(d.apply, d.layout, previous, built, switched, d.replaced);
    const images = built.length
        ? `; image names of ${built.join(', ')} point at ${(0,core_text/* shortSha */.Fu)(previous.id)}'s images again${missing.length ? ` (not found: ${missing.join(', ')})` : ''}`
        : '';
    const where = d.releases ? (switched ? `; current → releases/${(0,core_text/* shortSha */.Fu)(previous.id)}` : '') : ' (its files uploaded again)';
    return { rolledBack: false, description: `nothing went live: the services still run ${(0,core_text/* shortSha */.Fu)(previous.id)}${where}${images}` };
}
//# sourceMappingURL=revert.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/repair.js



/** The repair plan for revertCompose: everything the interrupted deploy may have touched. */
function touchedBy(rec) {
    if (!rec)
        return { build: [], recreate: [], restart: [], remove: [], previousServices: [] };
    return { build: rec.build, recreate: rec.recreate, restart: rec.restart, remove: rec.remove, previousServices: rec.previousServices };
}
/**
 * Repairs the host after `found` showed the damage `damage` (describeDamage). Returns the warning
 * to give: what was left half done and what was done about it.
 */
async function repairHost(req, found, damage) {
    const rec = found.inProgress;
    const live = req.live;
    let outcome;
    if (!live)
        outcome = 'no release was ever recorded as live: nothing to go back to, the deploy starts over';
    else if (rec && rec.release === live.id && found.link === (req.releases ? live.id : ''))
        outcome = `it had recorded ${(0,core_text/* shortSha */.Fu)(rec.release)} as live: nothing to undo`;
    else
        outcome = await revertTo(req, live, rec);
    await clearInProgress(req.exec, req.layout.root);
    return `REPAIRED AN INTERRUPTED DEPLOY: ${damage}. ${outcome}.`;
}
async function revertTo(req, live, rec) {
    if (!req.releases)
        await req.reupload(live.sha);
    const { previousServices, ...touched } = touchedBy(rec);
    const plan = {
        from: live.sha,
        to: rec?.release ?? live.sha,
        changedFiles: [],
        noCache: [],
        upload: [],
        tasks: [],
        unmatched: [],
        reasons: [],
        warnings: [],
        ...touched,
    };
    const ctx = { exec: req.exec, reporter: req.reporter, model: { services: {} } };
    // only containers that differ from the live release are recreated: no needless restart
    const did = await revertCompose(ctx, {
        layout: req.layout,
        releases: req.releases,
        previous: live,
        previousServices,
        plan,
        inv: req.inv,
        forceRecreate: false,
    });
    return `${did}${req.releases ? `; current → releases/${(0,core_text/* shortSha */.Fu)(live.id)}` : '; its files uploaded again'}`;
}
//# sourceMappingURL=repair.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/repair-step.js
/** The repair of an interrupted deploy as a step of a run (deploy, rollback): inspect, repair, warn loudly. */




/**
 * Before a run changes anything: when a previous run was cut off or killed mid-deploy, the host
 * goes back to `live` (the release state.json records) in a 'Repair' phase, with a warning. One
 * round trip when there is nothing to repair, none when `inspected` (what inspectHostScript
 * printed, read under the same lock before the plan) is given. `reupload` puts the live release's
 * files back (in-place layout).
 */
async function repairStep(s, target, live, reupload, inspected) {
    const { layout, releases, inv } = composeSite(s.config, target);
    const found = inspected === undefined ? await inspectHost(s.conn.exec, layout) : parseInspection(inspected);
    const damage = describeDamage(found, live, releases);
    if (!damage)
        return;
    const req = { exec: s.conn.exec, reporter: s.reporter, layout, releases, inv, live, reupload };
    const warning = await (0,session/* phase */.Oi)(s, 'Repair', () => repairHost(req, found, damage));
    s.reporter.warning(warning);
    s.report.warnings.push(warning);
}
//# sourceMappingURL=repair-step.js.map
;// CONCATENATED MODULE: ./lib/apply/compose-logs.js
/** `compose logs` of a project (pure argv builder): one service or all, since, the last N lines, no colours. */



const DEFAULT_LOG_LINES = 200;
function composeLogsArgs(c, o) {
    if (o.service)
        checkServices([o.service]);
    if (o.since !== undefined && isComposeV1(c.command))
        throw new errors/* UserError */.yo('--since needs compose v2 ("docker compose"): docker-compose v1 on the host has no `logs --since` (use --tail)');
    return [
        ...composeBase(c),
        'logs',
        '--no-color',
        '--tail',
        String(o.tail ?? DEFAULT_LOG_LINES),
        ...(o.since !== undefined ? ['--since', o.since] : []),
        ...(o.service ? ['--', o.service] : []),
    ];
}
/**
 * The text of `compose logs` without the erase-line codes (ESC [ 2 K) compose v2 writes before each
 * line even with --no-color and no terminal (seen with 2.26): a log, a job summary or a file got
 * them raw (pure). The services' own output is left as it is.
 */
const withoutEraseLine = (text) => text.replace(/\u001b\[[0-2]?K/g, '');
//# sourceMappingURL=compose-logs.js.map
;// CONCATENATED MODULE: ./lib/verify/restarted-since.js
/** The failure line for the first of `held` whose restart count changed in `containers` (by name); undefined when none did. */
function restartedSince(held, containers) {
    for (const s of held) {
        const now = containers.find((c) => c.name === s.name);
        if (!now || now.restarts === s.restarts)
            continue;
        const seen = s.health ? 'running and healthy' : 'running';
        const why = s.health ? 'it has a healthcheck, which passes again after a restart' : 'it has no healthcheck';
        return (`health check failed: ${s.name} crashed: Docker restarted it ${now.restarts - s.restarts} time(s) ` +
            `after a wait of the Apply had seen it ${seen} (${why}; health.stable_for)`);
    }
    return undefined;
}
//# sourceMappingURL=restarted-since.js.map
;// CONCATENATED MODULE: ./lib/verify/container-health.js



/**
 * Judges `docker inspect` lines "<name> <status> <health|none> [<exit code> <restart policy|->]"
 * (pure). An exited one-shot that finished its job (one-shot.ts, the Apply wait's rule) is done.
 */
function judgeContainers(lines) {
    const waiting = [];
    for (const line of lines) {
        const [name = '?', status = '', health = 'none', code, policy] = line.trim().split(/\s+/);
        if (status === 'exited' && health !== 'unhealthy' && code !== undefined && hasFinished(Number(code), policy))
            continue;
        if (status === 'exited' || status === 'dead' || health === 'unhealthy')
            return { state: 'failed', detail: `${name.replace(/^\//, '')} is ${health === 'unhealthy' ? 'unhealthy' : status}` };
        if (status !== 'running' || (health !== 'healthy' && health !== 'none'))
            waiting.push(`${name.replace(/^\//, '')} ${status}/${health}`);
    }
    return waiting.length === 0 ? { state: 'ok' } : { state: 'waiting', detail: waiting.join(', ') };
}
/**
 * Waits until every container of the services runs and is healthy (when it has a healthcheck):
 * one `docker ps` + `docker inspect` round trip per poll. Returns every container of the project
 * as the last poll read it (undefined without services: nothing was read). `held`: containers a wait
 * saw before, with their restart counts then; any poll that finds one restarted since fails.
 */
async function waitForContainers(exec, inv, services, timeoutMs, pollMs = 300, held = []) {
    if (services.length === 0)
        return undefined;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const all = await projectContainers(exec, inv.project);
        const crashed = restartedSince(held, all);
        if (crashed)
            throw new Error(crashed);
        const containers = all.filter((c) => services.includes(c.service));
        const missing = services.filter((s) => !containers.some((c) => c.service === s));
        if (missing.length > 0)
            throw new Error(`service ${missing.join(', ')} has no container after up`);
        const verdict = judgeContainers(containers.map((c) => `${c.service} ${c.status} ${c.health} ${c.exitCode ?? '?'} ${c.restartPolicy ?? '-'}`));
        if (verdict.state === 'ok')
            return all;
        if (verdict.state === 'failed')
            throw new Error(`health check failed: ${verdict.detail}`);
        if (Date.now() >= deadline)
            throw new Error(`health check timed out after ${Math.round(timeoutMs / 1000)} s: ${verdict.detail}`);
        await new Promise((r) => setTimeout(r, pollMs));
    }
}
//# sourceMappingURL=container-health.js.map
;// CONCATENATED MODULE: ./lib/verify/http-check.js

/** The expectation a target's `health` section describes. */
function healthExpectation(h) {
    return { url: h.url ?? '', status: h.expect_status, body: h.expect_body, headers: h.headers, timeoutMs: h.timeout };
}
const PYTHON_PROBE = `import sys,urllib.request as r,urllib.error as e
class N(r.HTTPRedirectHandler):
  def redirect_request(self,*a): return None
q=r.Request(sys.argv[1],headers=dict(zip(sys.argv[2::2],sys.argv[3::2])))
try:
  x=r.build_opener(N).open(q,timeout=5); b=x.read(); c=x.status
except e.HTTPError as h:
  b=h.read(); c=h.code
sys.stdout.write(b.decode("utf-8","replace")+"\\n"+str(c))`;
/** What the probe says on stderr on a host with none of curl, python3, wget. */
const NO_HTTP_CLIENT = 'the health check needs curl, python3 or wget on the host: none is installed';
/**
 * One request from the host with curl, python3 or wget, whichever exists; prints body then status.
 * curl gets -g (--globoff): it would take `{a,b}` or `[1-2]` in a URL as a pattern and request each.
 * None follows a redirect (the 3xx is the answer). BusyBox wget cannot be told not to follow one
 * (and Debian's has no -T: it crashes on it), so its status is the first `-S` status line, the
 * answer of the URL itself; when it followed a redirect, the body it saved is another page's and
 * is not printed. With none of the three, it says so on stderr.
 */
function httpProbeScript(url, headers = {}) {
    const u = (0,quote/* shellQuote */.Z)(url);
    const pairs = Object.entries(headers);
    const h = pairs.map(([k, v]) => ` -H ${(0,quote/* shellQuote */.Z)(`${k}: ${v}`)}`).join('');
    const w = pairs.map(([k, v]) => ` --header=${(0,quote/* shellQuote */.Z)(`${k}: ${v}`)}`).join('');
    const py = pairs.map(([k, v]) => ` ${(0,quote/* shellQuote */.Z)(k)} ${(0,quote/* shellQuote */.Z)(v)}`).join('');
    return [
        `if command -v curl >/dev/null 2>&1; then curl -sS -g -m 5${h} -w '\\n%{http_code}' ${u};`,
        `elif command -v python3 >/dev/null 2>&1; then python3 -c ${(0,quote/* shellQuote */.Z)(PYTHON_PROBE)} ${u}${py};`,
        `elif ! command -v wget >/dev/null 2>&1; then echo ${(0,quote/* shellQuote */.Z)(NO_HTTP_CLIENT)} >&2; exit 127;`,
        `elif wget --help 2>&1 | grep -q max-redirect; then t=$(mktemp) || exit 1`,
        `  c=$(wget -S -q -T 5 --max-redirect=0${w} -O "$t" ${u} 2>&1 | awk '$1 ~ /^HTTP\\// {c=$2} END {print c}')`,
        `  cat "$t"; rm -f "$t"; printf '\\n%s' "\${c:-0}";`,
        `else t=$(mktemp) || exit 1; s=; command -v timeout >/dev/null 2>&1 && s='timeout 5'`,
        `  c=$($s wget -S${w} -O "$t" ${u} 2>&1 | awk '$1 ~ /^HTTP\\// {n++; if (n == 1) c=$2} END {print c, n+0}')`,
        `  [ "\${c#* }" = 1 ] && cat "$t"; rm -f "$t"; c=\${c% *}; printf '\\n%s' "\${c:-0}"; fi`,
    ].join('\n');
}
const PERCENT_25_ZONE = /^(https?:\/\/[^/?#]*\[[0-9A-Fa-f:.]+%)25([^\]]+\])/;
/**
 * health.url with its IPv6 zone id written as RFC 6874's "%25eth0": curl and python3 take it,
 * BusyBox wget (the probe on a host with neither) refuses it ("bad address"), while all three take
 * a bare "%eth0". The warning and the URL to write instead; undefined for any other URL.
 */
function zoneIdWarning(url) {
    if (!PERCENT_25_ZONE.test(url))
        return undefined;
    return {
        detail: `health.url writes its IPv6 zone id as "%25<interface>": curl and python3 take it, BusyBox wget does not ("bad address"), and Verify probes with it on a host without curl and python3`,
        fix: `write it after a bare "%", which curl, python3 and BusyBox wget all take: ${url.replace(PERCENT_25_ZONE, '$1$2')}`,
    };
}
/** What to change when the app answers but not as expected: Django's usual first-hour answers. */
function statusHint(status) {
    if (status === 400)
        return ' (Django answers 400 to a Host header not in ALLOWED_HOSTS: set health.headers: {Host: <a name in ALLOWED_HOSTS>})';
    if (status >= 300 && status < 400)
        return ' (redirects are not followed: set health.expect_status to this status, or use a path exempt from the redirect, e.g. SECURE_REDIRECT_EXEMPT)';
    return '';
}
/** Splits the probe's output: last line is the status code. */
function http_check_parseProbe(stdout) {
    const i = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(i + 1).trim()) || 0, body: i >= 0 ? stdout.slice(0, i) : '' };
}
function judgeResponse(res, want) {
    const okStatus = want.status !== undefined ? res.status === want.status : res.status >= 200 && res.status < 300;
    if (!okStatus)
        return `HTTP ${res.status || 'no answer'} from ${want.url}`;
    if (want.body !== undefined && !new RegExp(want.body).test(res.body))
        return `body of ${want.url} does not match /${want.body}/: ${res.body.slice(0, 200)}`;
    return null;
}
/** Polls the URL from the host until it answers as expected or the timeout passes. */
async function waitForHttp(exec, want, pollMs = 500) {
    const deadline = Date.now() + want.timeoutMs;
    let last = 'no request made';
    for (;;) {
        const r = await exec.sh(httpProbeScript(want.url, want.headers), { allowFailure: true });
        const res = http_check_parseProbe(r.stdout);
        const problem = judgeResponse(res, want);
        if (!problem)
            return;
        if (problem === `HTTP no answer from ${want.url}` && r.stderr)
            last = `${problem}: ${r.stderr.trim().split('\n').pop()}`;
        else
            last = problem.startsWith('HTTP ') ? problem + statusHint(res.status) : problem;
        if (Date.now() >= deadline)
            throw new Error(`health URL check failed after ${Math.round(want.timeoutMs / 1000)} s: ${last}`);
        await new Promise((res) => setTimeout(res, pollMs));
    }
}
//# sourceMappingURL=http-check.js.map
;// CONCATENATED MODULE: ./lib/verify/compose-health.js


/**
 * The target's health checks after compose changes: healthchecks of the touched services, then the
 * URL. Returns the project's containers as the healthy poll read them (undefined when none was read).
 * `held`: containers the Apply's waits saw before the tasks; one Docker restarted since fails (restartedSince).
 */
async function verifyCompose(exec, inv, health, touched, held = []) {
    const seen = health.services ? await waitForContainers(exec, inv, touched, health.timeout, undefined, held) : undefined;
    if (health.url)
        await waitForHttp(exec, healthExpectation(health));
    return seen;
}
//# sourceMappingURL=compose-health.js.map
;// CONCATENATED MODULE: ./lib/strategies/diagnose.js
const DIAGNOSIS_LINES = 100;
async function diagnose_collect(s, sources) {
    for (const source of sources) {
        const r = await source.read().catch((e) => ({ code: 1, stdout: '', stderr: e.message }));
        const text = `${r.stdout}${r.stderr}`.trimEnd() || `(no output, exit ${r.code})`;
        s.report.diagnostics = [...(s.report.diagnostics ?? []), { title: source.title, text }];
        s.reporter.info(`${source.title}:`);
        for (const line of text.split('\n'))
            s.reporter.info(`  | ${line}`);
    }
}
/** Runs `fn`; when it fails, collects the logs of `sources()` first, then rethrows. */
async function withLogsOnFailure(s, sources, fn) {
    try {
        return await fn();
    }
    catch (e) {
        await diagnose_collect(s, sources());
        throw e;
    }
}
//# sourceMappingURL=diagnose.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/start-steps.js
/**
 * The steps a compose deploy and a compose rollback share, in one place: start a part of the plan
 * and wait until it is healthy, run the tasks, verify. What the start proved healthy (the wait after
 * `up`, a start-first replacement's wait) is kept in `d.proven` and not polled again by the verify;
 * tasks run inside the services, so after them everything is verified again.
 */





const touchedOf = (plan) => [...new Set([...plan.build, ...plan.recreate, ...plan.restart])].sort();
/** `compose logs --tail 100` of each service the plan touched. */
const serviceLogs = (d, plan) => () => touchedOf(plan).map((service) => {
    const argv = composeLogsArgs(d.inv, { service, tail: DIAGNOSIS_LINES });
    const read = async () => {
        const r = await d.s.conn.exec.run(argv, { allowFailure: true });
        return { ...r, stdout: withoutEraseLine(r.stdout), stderr: withoutEraseLine(r.stderr) };
    };
    return { title: `compose logs --tail ${DIAGNOSIS_LINES} ${service}`, read };
});
/**
 * Starts `part` and waits until it is healthy: after each `up` when the host's compose has `up --wait`
 * (wait-started.ts; else the verify polls), start-first services waited for as they are replaced; the logs of its services
 * when it fails. `forceRecreate`, `settled`: see startServices; the plan's recreates compose cannot
 * see (an inline config's new content, forcedRecreates) are forced too. `first`: a script run on the
 * host before the part's first command, in that command's round trip (ApplyContext.first). The parts
 * of one run share their stable window's containers (`d.carry`): the held part's window (after the
 * tasks) holds the first part's containers too, so that one that crashed while the tasks ran fails it.
 */
async function startPart(d, part, given = [], settled, first) {
    d.carry ??= { services: [], seen: [] };
    const forceRecreate = [...new Set([...given, ...(0,force_recreate/* forcedRecreates */.c)(part)])];
    const { health } = d.target;
    const overlapMs = Object.fromEntries(Object.entries(d.s.config.compose.services).map(([s, o]) => [s, o.overlap]));
    const rollout = { timeoutMs: health.timeout, overlapMs };
    const proven = await withLogsOnFailure(d.s, serviceLogs(d, part), () => startServices({ ...d.apply, first, carry: d.carry }, d.inv, part, upWaitSeconds(d.inv, health), rollout, forceRecreate, settled));
    for (const service of proven)
        d.proven.add(service);
}
/**
 * The planned tasks, inside the services: what the start proved is verified again after them, and
 * the containers of its stable window held again (Carry.recheck) by the next start or the verify.
 */
function runPlannedTasks(d, plan) {
    d.proven.clear();
    if (d.carry)
        d.carry.recheck = true;
    return runTasks(d.apply, d.inv, plan, d.s.config.tasks);
}
/**
 * Health of the services the plan touched that the start did not prove (what it read is kept in
 * `d.seen`), then the URL; their logs when it fails. When the tasks ran after the last start, the
 * containers of its stable window are held again first (recheckCarried): one restarted meanwhile fails;
 * without a window, the Verify's poll compares the restart counts the waits after each `up` saw.
 */
async function start_steps_verify(d, plan) {
    const unproven = touchedOf(plan).filter((service) => !d.proven.has(service));
    const wait = upWaitSeconds(d.inv, d.target.health);
    d.seen = await withLogsOnFailure(d.s, serviceLogs(d, plan), async () => {
        const held = await recheckCarried({ ...d.apply, carry: d.carry }, d.inv, wait);
        return verifyCompose(d.s.conn.exec, d.inv, d.target.health, unproven, held);
    });
}
//# sourceMappingURL=start-steps.js.map
;// CONCATENATED MODULE: ./lib/apply/release-tags.js
/**
 * The release's images read and tagged `release-<sha12>` in one round trip, run as soon as the last
 * `up` has put the final containers in place (side by side with the health wait). Pure script text
 * and its parsing; the images are parsed as projectContainers does.
 */



const TAG_FAILED = '@tag-failed';
/**
 * Lists and inspects the project's containers (projectInspectScript, printed), then tags the image
 * id of each target service's first container (the one currentImages records) with its tag, side by
 * side. A failed tag prints TAG_FAILED (its stderr passes through); a failed listing exits 1.
 */
function readAndTagScript(project, targets) {
    const tags = targets.map((t) => (0,quote/* shellJoin */.n)(['gd_tag', t.service, t.tag]));
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
function parseReadAndTag(stdout) {
    const lines = stdout.split('\n');
    return { containers: parseInspect(lines.filter((l) => l !== TAG_FAILED).join('\n')), tagFailed: lines.includes(TAG_FAILED) };
}
//# sourceMappingURL=release-tags.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/early-tags.js
/**
 * The release's images, read and tagged `release-<sha12>` while the health wait runs (one round trip
 * started, not awaited, after the last `up`), so the record only writes. Record takes the result
 * (currentImages on what was read); a failed run removes the tags it made, unless they are a
 * retained release's (a re-run of a recorded commit).
 */




const buildableOf = (d) => Object.values(d.planned.input.composeTo.services).filter((sv) => sv.build);
/** Each buildable service's tag, from the image name compose gives it. */
function targetsOf(d) {
    const v1 = isComposeV1(d.inv.command);
    return buildableOf(d).map((sv) => ({
        service: sv.name,
        tag: `${imageRepository(imageNameOf(sv, d.inv.project, v1))}:${releaseTag(d.sha)}`,
    }));
}
async function readAndTag(d) {
    const targets = targetsOf(d);
    const r = await d.s.conn.exec.sh(readAndTagScript(d.inv.project, targets), { allowFailure: true });
    if (r.code !== 0)
        return undefined;
    const out = parseReadAndTag(r.stdout);
    const images = await currentImages(d.s.conn.exec, d.inv, targets.map((t) => t.service), out.containers);
    const tagged = targets.filter((t) => images[t.service] && `${imageRepository(images[t.service].name)}:${releaseTag(d.sha)}` === t.tag);
    const failed = out.tagFailed ? r.stderr.trim() || 'docker tag failed' : undefined;
    return { images, tags: [...new Set(targets.map((t) => t.tag))], tagged: tagged.map((t) => t.service), failed };
}
/** Starts the round trip once per run (compose deploys with buildable services); never rejects. */
function startEarlyTags(d) {
    if (d.early || buildableOf(d).length === 0)
        return;
    d.early = readAndTag(d).catch(() => undefined);
}
/**
 * A failed run: the tags the early round trip made go (untagging never deletes an image a container
 * or another tag uses), unless the state already records this commit (its tags are that release's).
 */
async function dropEarlyTags(d) {
    const early = await d.early;
    if (!early || early.tags.length === 0 || d.state.releases.some((r) => r.id === d.sha && r.images))
        return;
    await d.s.conn.exec.sh(pruneScript([], early.tags), { allowFailure: true }).catch(() => undefined);
}
//# sourceMappingURL=early-tags.js.map
;// CONCATENATED MODULE: ./lib/strategies/compose/strategy.js
/** Compose as a pipeline strategy: rsync the tree, build what changed, switch `current`, `up` what the plan touches. */





















const tagWarning = (d, detail) => d.s.reporter.warning(`could not tag the release images (rollbacks to it will rebuild): ${detail}`);
/** The compose services of the release live on this host before the run (a rollout's hosts may run different ones). */
const previousServices = (d) => (d.previous && d.planned.liveServices?.[d.previous.sha]) || Object.keys(d.planned.input.composeFrom?.services ?? {});
/**
 * Repair of an interrupted run, the shared-path check, then the verified backup. The backup is
 * skipped when the plan has nothing to do; backups recorded releases pair with are protected.
 */
async function preflight(d) {
    const { s, plan: p } = d;
    await repairStep(s, d.target, d.previous, (live) => uploadSha(d, live), d.probed?.inspect);
    await refuseSharedConflicts(s.conn, d.target);
    if (d.previous && [p.build, p.recreate, p.restart, p.remove, p.tasks].every((l) => l.length === 0)) {
        s.reporter.info('nothing to change for services or tasks: no backup needed');
        return undefined;
    }
    return backupStep(s, d.sha, d.previous, d.inv, protectedBackups(d.target.keep_releases, d.state));
}
/** The host's compose: from the probe sent with the state read, else probed now. */
function hostCompose(base) {
    const { exec } = base.s.conn;
    const probed = base.probed?.detect;
    return probed === undefined
        ? detectHostCompose(exec, base.s.config, base.s.target.path)
        : Promise.resolve(parseHostCompose(base.s.config, probed));
}
/** The in-progress record, written first in the upload's round trip (before anything it changes; its failure stops the upload). */
const inProgressFirst = (d) => inProgressWrite(d.target.path, inProgressRecord(d.s.settings.run.id, d.sha, d.previous?.id, d.plan, previousServices(d)));
function steps(d) {
    const { s, plan } = d;
    const buildInv = d.releases ? composeInvocation(s.config, d.layout.releaseDir(d.sha), d.detected) : d.inv;
    // services held by a task's `before` start after the tasks, in a step of their own: a host that
    // runs no tasks (not the primary of a rolling deploy) still starts them
    const { before, after } = (0,task_order/* splitAroundTasks */.oR)(plan);
    // the release's images are read and tagged as soon as the last part's `up` returned (early-tags.ts)
    const tagEarly = () => startEarlyTags(d);
    // `current` switched in the Apply's first round trip, in front of its first command (a round trip
    // saved); a failed switch stops it before any container is touched (undoCompose knows it)
    const applyFirst = async () => {
        await (0,fault_point/* faultPoint */.J)('switch');
        d.progress.reach('switch');
        d.switching = new FirstScript(d.releases ? (0,sync_layout/* switchCurrentScript */.lI)(d.layout, d.sha) : undefined);
        await startPart(d, before, undefined, plan.afterTasks ? undefined : tagEarly, d.switching);
    };
    return [
        // tasks write through the services' bind mounts of the release: its files get inodes of their own
        { phase: 'upload', title: 'Upload', run: () => uploadSha(d, d.sha, d.previous?.id, inProgressFirst(d), plan.tasks.length > 0) },
        d.apply.registry
            ? { phase: 'build', title: 'Pull', run: () => pullPlanned(d) }
            : { phase: 'build', title: 'Build', run: () => buildServices(d.apply, buildInv, plan) },
        { phase: 'apply', title: 'Apply', run: applyFirst },
        ...(plan.tasks.length > 0 ? [{ phase: 'tasks', title: 'Tasks', run: () => runPlannedTasks(d, plan) }] : []),
        ...(plan.afterTasks
            ? [{ phase: 'apply', title: (0,task_order/* heldTitle */._w)(plan.afterTasks), run: () => startPart(d, after, undefined, tagEarly) }]
            : []),
        { phase: 'verify', title: 'Verify', run: () => start_steps_verify(d, plan) },
    ];
}
/**
 * The prune of a deploy, decided on the releases listed under the lock (with the probe) and the
 * release this run uploaded, which `current` points at once recorded; undefined when not listed then.
 */
function decidedPrune(d, state) {
    const listing = d.probed?.releases;
    if (listing === undefined)
        return undefined;
    const keep = d.target.keep_releases;
    const existing = [...new Set([...parsePruneListing(listing).existing, d.sha])];
    const decided = decidePrune(d.layout, state, keep, existing, d.sha, [], { project: d.inv.project });
    return { script: decided.script, report: (stdout) => void reportPrune(d.s, keep, decided, stdout) };
}
/** On success the in-progress record went in the record's round trip (finishScript). */
async function finish(d, failed) {
    if (!failed)
        return;
    // undone (or nothing to undo): no repair needed; else the record stays for the next run to repair
    if (failed.revert?.description.startsWith('automatic rollback failed'))
        return;
    await clearInProgress(d.s.conn.exec, d.target.path).catch(() => undefined);
}
const composeStrategy = {
    plannerConfig: (s) => s.config,
    warmUp: warmUpCompose,
    // the releases listing goes with the probe, under the lock: the record's prune is decided on it (prunePlan)
    probe: (s, sent) => composeProbe(s, { releases: true }, sent),
    probeScript: (s) => inspectionScript((0,sync_layout/* layoutOf */.aH)(s.target.path), { releases: true }),
    prepare: async (base, planned) => composeRun(base, planned, await hostCompose(base)),
    describe: (d) => [
        ...describeDryRun(d.plan, d.inv, d.s.config.tasks, upWaitSeconds(d.inv, d.target.health), d.target.health.probe, stableDescription(d)),
        ...describePull(d),
    ],
    idle: () => undefined,
    publish: publishImages,
    preflight,
    // the in-progress record is written in the upload's first round trip (steps: inProgressFirst)
    begin: async () => undefined,
    steps,
    revertsFirstDeploy: false,
    revert: (d) => undoCompose(d, previousServices(d)),
    finish,
    finishScript: (d) => clearInProgressScript(d.target.path),
    completeRelease: async (d, release) => {
        const buildable = Object.values(d.planned.input.composeTo.services).filter((sv) => sv.build);
        if (d.detected)
            release.compose = { command: d.detected.command.join(' '), version: d.detected.version };
        // read (and tagged) after the last `up`, else the containers the health check found healthy, else read now
        const early = await d.early;
        if (early?.failed)
            tagWarning(d, early.failed);
        d.tagged = early?.tagged;
        const images = early?.images ??
            (await currentImages(d.s.conn.exec, d.inv, buildable.map((sv) => sv.name), d.seen));
        release.images = d.apply.registry ? withRefs(d, images) : images;
    },
    keepScript: (d, release) => {
        // what the early round trip did not tag (its read failed, or a name compose gave differently)
        const untagged = Object.fromEntries(Object.entries(release.images ?? {}).filter(([sv]) => !d.tagged?.includes(sv)));
        const script = tagReleaseScript(untagged, release.sha);
        return script === undefined ? undefined : { script, onFailure: (detail) => tagWarning(d, detail) };
    },
    dropKept: dropEarlyTags,
    auditServices: (p) => ({ build: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
    pruneListing: (d) => (d.releases ? pruneListingScript(d.layout) : undefined),
    prunePlan: (d, state) => (d.releases ? decidedPrune(d, state) : undefined),
    prune: async (d, state, listing) => d.releases
        ? pruneReleases(d.s, d.layout, state, d.target.keep_releases, listing, { project: d.inv.project, replaced: d.replaced })
        : removeReplacedImages(d.s, state, d.replaced),
};
//# sourceMappingURL=strategy.js.map
// EXTERNAL MODULE: ./lib/plan/explain.js
var explain = __webpack_require__(87928);
// EXTERNAL MODULE: ./lib/strategies/passenger/tasks.js
var tasks = __webpack_require__(90732);
;// CONCATENATED MODULE: ./lib/strategies/passenger/describe.js
/** Human lines about a passenger deploy's decisions (deploy log and dry-run notes). */



function line(name, step) {
    return `${name}: ${step.run ? 'runs' : 'skipped'} (${step.why})`;
}
function stepLines(steps) {
    const lines = [line(tasks/* PIP_TASK */.uh, steps.pip)];
    lines.push(steps.tasks.length > 0 ? `tasks: ${steps.tasks.join(', ')}` : 'tasks: none planned');
    if (steps.frontend)
        lines.push(line(tasks/* FRONTEND_TASK */.rW, steps.frontend));
    return lines;
}
function logSteps(reporter, steps) {
    for (const l of stepLines(steps))
        reporter.info(l);
}
/**
 * Why this deploy does nothing at all (no backup, upload, switch nor restart), or undefined when it
 * does something: a deployed release exists and the executed plan is empty (ignored files only).
 */
function nothingToDo(d) {
    if (!d.previous || !(0,explain/* isEmptyPlan */.lM)(d.plan))
        return undefined;
    return `${(0,explain/* nothingToDeploy */.CW)(d.plan)} ${(0,core_text/* shortSha */.Fu)(d.previous.id)} keeps serving: no backup, no upload, no restart.`;
}
/** What a deploy of this plan would do, in order (nothing is changed by a dry run). */
function describePassengerDryRun(d) {
    const { paths, target, sha } = d;
    const idle = nothingToDo(d);
    if (idle)
        return ['dry-run: nothing was changed on the host; a deploy would do nothing:', `  ${idle}`];
    const dest = paths.releases ? paths.layout.releaseDir(sha) : `${paths.layout.root} (in place, after a snapshot)`;
    const restart = target.restart === 'passenger-config'
        ? `passenger-config restart-app ${paths.liveAppRoot}`
        : `touch ${paths.restartFileOf(paths.liveAppRoot)}`;
    return [
        'dry-run: nothing was changed on the host; a deploy would:',
        `  upload ${(0,core_text/* shortSha */.Fu)(sha)} to ${dest}`,
        ...stepLines(d.steps).map((l) => `  ${l}`),
        ...(paths.releases ? [`  switch ${paths.layout.current} to releases/${sha}`] : []),
        `  restart: ${restart}`,
        `  check: ${target.health.url ?? 'no health URL'}`,
    ];
}
//# sourceMappingURL=describe.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/frontend.js
/** The frontend step: built on the runner from the deployed commit, its dist synced to public_html. */










/**
 * The build's environment: `env` without the Action inputs (every INPUT_*, among them the SSH key,
 * the database password and the GitHub token) and the deploy's other secrets.
 */
const buildEnvironment = secret_env/* withoutSecrets */.c;
/** `sh -c <command>` in `cwd` with exactly `env` (not merged into process.env), output collected. */
function runBuild(command, cwd, env, hooks) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = [];
        const err = [];
        child.stdout.on('data', (c) => (hooks.onStdout ? hooks.onStdout(c) : out.push(c)));
        child.stderr.on('data', (c) => {
            err.push(c);
            hooks.onStderr?.(c);
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    });
}
/**
 * Runs `build` (through sh) in a fresh export of `sha`, so the upload is exactly what that commit
 * builds, whatever the working tree holds, with the runner's environment minus the deploy's
 * secrets (buildEnvironment). Fails when the build fails or writes no `dist`.
 */
async function buildFrontend(repo, sha, fe, reporter) {
    const tree = await exportTree(repo, sha);
    try {
        reporter.info(`frontend build: ${fe.build}`);
        const env = buildEnvironment(process.env);
        const r = await runStreamed((hooks) => runBuild(fe.build, tree.dir, env, hooks), (l) => reporter.info(l), '[frontend] ');
        if (r.code !== 0)
            throw new Error(`frontend build failed (exit ${r.code}): ${fe.build}\n${(0,core_text/* tail */.RT)(r.stdout + r.stderr, 20)}`);
        const dist = (0,external_node_path_.join)(tree.dir, fe.dist);
        if (!(await (0,external_node_fs_promises_.stat)(dist).then((s) => s.isDirectory(), () => false)))
            throw new Error(`frontend build wrote no ${fe.dist}/ directory`);
        return { ...tree, dist };
    }
    catch (e) {
        await tree.cleanup();
        throw e;
    }
}
/**
 * The rsync of dist/ → public_html with --delete (protected paths kept). `dryRun`: only itemized,
 * nothing changed; `removedTo`: what it deletes or replaces is moved there (absolute, on the host).
 */
function frontendRsyncArgs(conn, dist, fe, chmod, o = {}) {
    const common = {
        source: dist,
        dest: fe.public_html,
        remote: conn.remote,
        sshArgs: conn.sshArgs,
        delete: true,
        chmod,
        protect: fe.protect,
    };
    // --checksum as the sync itself: a rebuilt file of the same content is kept (and only its attributes set)
    if (o.dryRun)
        return (0,rsync/* buildRsyncArgs */.Je)({ ...common, checksum: true, dryRun: true, itemize: true });
    return (0,rsync/* buildRsyncArgs */.Je)({ ...common, checksum: true, backupDir: o.removedTo });
}
/**
 * rsync dist/ → public_html with --delete: stale assets go, protected files (.htaccess) stay; modes
 * after `chmod`; `removedTo`: what it deletes or replaces is kept there.
 */
async function uploadFrontend(conn, dist, fe, chmod, reporter, removedTo) {
    // the parent of `removedTo` made first: else rsync's two processes may race to make it (sync/trash.ts pickTrashScript)
    const dirs = [fe.public_html, ...(removedTo ? [external_node_path_.posix.dirname(removedTo)] : [])];
    await conn.exec.sh(`mkdir -p ${dirs.map(quote/* shellQuote */.Z).join(' ')}`);
    const args = frontendRsyncArgs(conn, dist, fe, chmod, { removedTo });
    const { stats } = await runRsync(args, { ensureMaster: () => conn.ensureMaster() });
    reporter.info(`public_html: ${stats.filesTransferred} files sent, ${stats.deletedFiles} deleted, ${fe.protect.length} protected`);
    return stats;
}
//# sourceMappingURL=frontend.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/frontend-guard.js
/**
 * public_html is the site's document root: besides the frontend it holds what the owner and the app
 * put there (Django's MEDIA_ROOT at public_html/media, a verification file). The frontend sync runs
 * rsync --delete, so before anything changes a dry run lists what it would delete. With a frontend
 * copy of the live release (what the previous deploy left there), a file of that copy may go (a stale
 * asset) and any other unprotected file stops the deploy. Without one (the first deploy with a
 * frontend: public_html as the site was deployed by hand), what the sync removes is moved to
 * <path>/.deploy/public_html-removed/<release> and named in a warning.
 */







const HAS_COPY = 'copy: yes';
/** Shell: when `copy` exists, prints HAS_COPY, then each path read from stdin (one a line) that it does not hold; stdin is read to its end either way (a writer is never cut off). */
function notInCopyScript(copy) {
    const c = (0,quote/* shellQuote */.Z)(copy);
    return `if [ -d ${c} ]; then echo '${HAS_COPY}'; while IFS= read -r p; do if [ ! -e ${c}/"$p" ] && [ ! -L ${c}/"$p" ]; then printf '%s\\n' "$p"; fi; done; else cat >/dev/null; fi`;
}
const named = (files, shown = 10) => files.slice(0, shown).join(', ') + (files.length > shown ? `, … (${files.length} files)` : '');
/** The refusal naming the files and the way out. */
function foreignFilesMessage(publicHtml, files, live, target) {
    return (`frontend: the sync into ${publicHtml} (rsync --delete) would delete files no deploy put there (the frontend kept for ${live} does not have them): ${named(files)}. ` +
        `List what the site keeps in targets.${target}.frontend.protect (e.g. media/ for uploads), remove the rest from ${publicHtml}, and deploy again. Nothing was deployed.`);
}
/** The files the frontend sync of `built` would delete, and those of them the live release's frontend copy lacks (undefined: no copy). */
async function deletions(d, built) {
    const { s, target, paths } = d;
    const fe = target.frontend;
    if ((await s.conn.exec.sh(`test -d ${(0,quote/* shellQuote */.Z)(fe.public_html)}`, { allowFailure: true })).code !== 0)
        return { deleted: [] };
    const args = frontendRsyncArgs(s.conn, built.dist, fe, (0,modes/* rsyncChmod */.Z7)(target.umask), { dryRun: true });
    const dry = await runRsync(args, { ensureMaster: () => s.conn.ensureMaster() });
    const deleted = deletedPaths(dry.itemized).filter((p) => !p.endsWith('/'));
    if (deleted.length === 0 || !d.previous)
        return { deleted };
    const r = await s.conn.exec.sh(notInCopyScript(paths.frontendOf(d.previous.id)), { stdin: `${deleted.join('\n')}\n` });
    const lines = r.stdout.split('\n').filter(Boolean);
    return lines[0] === HAS_COPY ? { deleted, foreign: lines.slice(1) } : { deleted };
}
/**
 * Before the frontend sync: refuses (UserError) when it would delete a file that is not the live
 * release's frontend; without a frontend copy to tell, sets `d.frontendRemovedTo` and warns.
 */
async function guardFrontendDeletions(d, built) {
    const { deleted, foreign } = await deletions(d, built);
    const fe = d.target.frontend;
    if (foreign) {
        if (foreign.length > 0)
            throw new errors/* UserError */.yo(foreignFilesMessage(fe.public_html, foreign, (0,core_text/* shortSha */.Fu)(d.previous.id), d.s.targetName));
        return;
    }
    if (deleted.length === 0)
        return;
    d.frontendRemovedTo = `${d.target.path}/.deploy/public_html-removed/${d.sha}`;
    const text = `frontend: no earlier deploy's frontend is kept to tell stale assets from the site's own files: the ${deleted.length} file${deleted.length === 1 ? '' : 's'} the sync removes from ${fe.public_html} ${deleted.length === 1 ? 'is' : 'are'} moved to ${d.frontendRemovedTo} (${named(deleted)}); list what the site keeps in frontend.protect`;
    d.s.reporter.warning(text);
    d.s.report.warnings.push(text);
}
//# sourceMappingURL=frontend-guard.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/frontend-once.js
const slots = new WeakMap();
/** Opens the build slot of `planned`; the returned function closes it and removes the build (if any was made). */
function openFrontendSlot(planned) {
    const slot = {};
    slots.set(planned, slot);
    return async () => {
        slots.delete(planned);
        const built = await slot.built?.catch(() => undefined);
        await built?.cleanup();
    };
}
/** The frontend of `planned`: `make` runs for the first host that asks (synchronously claimed, so hosts of one batch share it). */
function frontendOnce(planned, make) {
    const slot = slots.get(planned);
    if (!slot)
        return { built: make(), reused: false, owned: true };
    if (slot.built)
        return { built: slot.built, reused: true, owned: false };
    slot.built = make();
    return { built: slot.built, reused: false, owned: false };
}
//# sourceMappingURL=frontend-once.js.map
// EXTERNAL MODULE: ./lib/strategies/passenger/plan-on-host.js
var plan_on_host = __webpack_require__(25004);
// EXTERNAL MODULE: ./lib/strategies/passenger/paths.js
var passenger_paths = __webpack_require__(3434);
;// CONCATENATED MODULE: ./lib/strategies/passenger/startup-file.js
/** The commit a passenger deploy ships must hold <app_root>/passenger_wsgi.py: Passenger starts the app from it. */




/** The refusal for a commit (`sha`) whose tracked `files` lack the startup file at `appRoot`, naming those it has. */
function startupFileProblem(files, appRoot, sha) {
    const want = external_node_path_.posix.normalize(external_node_path_.posix.join(appRoot, passenger_paths/* PASSENGER_STARTUP_FILE */.E));
    if (files.includes(want))
        return undefined;
    const found = files
        .filter((f) => external_node_path_.posix.basename(f) === passenger_paths/* PASSENGER_STARTUP_FILE */.E)
        .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    const hint = found.length > 0 ? ` It has ${found.join(', ')}: set app_root: ${external_node_path_.posix.dirname(found[0])}.` : '';
    return `commit ${(0,core_text/* shortSha */.Fu)(sha)} has no ${passenger_paths/* PASSENGER_STARTUP_FILE */.E} at app_root "${appRoot}" (${want}), the file Passenger starts the app from.${hint} Nothing was deployed.`;
}
/**
 * Refuses (UserError, before anything changes) a commit without the startup file at the target's
 * app_root; `files`: the commit's tracked files, as the planner read them (unknown: no check).
 */
function requireStartupFile(files, sha, target) {
    const problem = files && startupFileProblem(files, target.app_root, sha);
    if (problem)
        throw new errors/* UserError */.yo(problem);
}
//# sourceMappingURL=startup-file.js.map
// EXTERNAL MODULE: ./lib/strategies/passenger/python-scripts.js
var python_scripts = __webpack_require__(26395);
;// CONCATENATED MODULE: ./lib/strategies/passenger/restart-script.js
/** Passenger restart commands (pure builders). */

/**
 * Touches `target` (creating its directory) with an mtime strictly newer, in whole seconds, than
 * every existing file of `compare` and than `target` itself: max(now, newest + 1). Passenger
 * compares restart.txt with 1-second resolution and ignores a touch in the same second as the
 * one it saw last, so two deploys (or a deploy and its rollback) within a second both restart.
 * Prints the epoch second it set. Needs GNU touch/stat/date (`touch -d @N`, `stat -c %Y`).
 */
function restartTouchScript(target, compare = []) {
    const files = [...new Set([target, ...compare])].map(quote/* shellQuote */.Z).join(' ');
    return [
        'newest=0',
        `for f in ${files}; do`,
        '  if [ -e "$f" ]; then m=$(stat -c %Y "$f"); if [ "$m" -gt "$newest" ]; then newest=$m; fi; fi',
        'done',
        'next=$((newest + 1)); now=$(date +%s)',
        'if [ "$now" -gt "$next" ]; then next=$now; fi',
        `mkdir -p "$(dirname ${(0,quote/* shellQuote */.Z)(target)})" && touch -d "@$next" ${(0,quote/* shellQuote */.Z)(target)} && echo "$next"`,
    ].join('\n');
}
/**
 * `passenger-config restart-app <app root>` in every running Passenger instance (restart-app
 * refuses to guess when several run, e.g. Apache's and a standalone one): restarts at once, and
 * succeeds when the app or Passenger is not running yet. The root is a path prefix for Passenger.
 */
function restartAppScript(appRoot) {
    const restart = (instance) => `passenger-config restart-app ${(0,quote/* shellQuote */.Z)(appRoot)} --ignore-app-not-running --instance ${instance}`;
    return [
        `instances() { passenger-config list-instances --quiet | awk '/^-+$/ { body = 1; next } body && NF { print $1 }'; }`,
        'names=$(instances) || exit $?',
        `if [ -z "$names" ]; then echo 'no Passenger instance is running: nothing to restart'; exit 0; fi`,
        "done=''",
        'for name in $names; do',
        `  ${restart('"$name"')} && { done="$done $name"; continue; }`,
        '  status=$?',
        // an instance that stopped after the listing (its Apache was stopped) has nothing to restart
        '  if instances | grep -Fqx "$name"; then exit $status; fi',
        '  echo "Passenger instance $name stopped while the app restarted: skipped"',
        'done',
        'echo "restarted in Passenger instance(s):${done:- none}"',
    ].join('\n');
}
//# sourceMappingURL=restart-script.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/host-steps.js



function outputTail(r, lines) {
    return `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
async function venvExists(exec, venv) {
    return (await exec.sh((0,python_scripts/* venvCheckScript */.ln)(venv))).stdout.trim() === 'yes';
}
/** pip install -r <requirements> into the venv (created when missing), in the given app root. */
async function installRequirements(exec, target, venv, appRoot, reporter) {
    const script = (0,python_scripts/* pipInstallScript */.mh)({
        venv,
        python: target.python ?? 'python3',
        appRoot,
        requirements: target.requirements,
        args: target.pip_args ?? [],
    });
    reporter.info(`pip install -r ${target.requirements}`);
    const r = await runStreamed((hooks) => exec.sh(script, { allowFailure: true, ...hooks }), (l) => reporter.info(l), '[pip] ');
    if (r.code !== 0)
        throw new Error(`pip install failed (exit ${r.code}):\n${outputTail(r, 20)}`);
}
/** Runs the planned user tasks in order in the app root with the venv active; stops at the first failure. */
async function runHostTasks(exec, names, tasks, appRoot, venv, reporter) {
    for (const name of names) {
        const task = tasks[name];
        if (!task)
            throw new Error(`task ${name} is not defined`);
        reporter.info(`task ${name}: ${task.command} (in ${appRoot})`);
        const script = (0,python_scripts/* hostTaskScript */.t6)(appRoot, venv, task.command);
        const r = await runStreamed((hooks) => exec.sh(script, { allowFailure: true, ...hooks }), (l) => reporter.info(l), `[${name}] `);
        if (r.code !== 0)
            throw new Error(`task ${name} failed (exit ${r.code}):\n${outputTail(r, 20)}`);
    }
}
/**
 * The restart of the app whose code is now in `appRoot`: passenger-config restart-app on the live
 * app root, or a restart.txt touch newer than every restart.txt in `compare` (the other release's).
 */
function restartScript(target, paths, appRoot, compare) {
    if (target.restart === 'passenger-config')
        return restartAppScript(paths.liveAppRoot);
    return restartTouchScript(paths.restartFileOf(appRoot), compare);
}
/** Runs `before` (e.g. the `current` switch) then the restart, in one round trip; logs what happened. */
async function restartApp(exec, target, paths, appRoot, compare, reporter, before) {
    const script = restartScript(target, paths, appRoot, compare);
    const out = (await exec.sh(before ? `{\n${before}\n} || exit $?\n${script}` : script)).stdout.trim();
    reporter.info(target.restart === 'passenger-config'
        ? `restart: passenger-config restart-app ${paths.liveAppRoot}: ${out}`
        : `restart: touched ${paths.restartFileOf(appRoot)} (mtime @${out})`);
}
//# sourceMappingURL=host-steps.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/host-sync.js






const slash = (p) => (p.endsWith('/') ? p : `${p}/`);
function hostSyncArgs(o) {
    const args = ['rsync', '-rlpt'];
    if (o.checksum)
        args.push('--checksum');
    if (o.dryRun)
        args.push('--dry-run', '--itemize-changes');
    if (o.delete)
        args.push('--delete');
    if (o.chmod)
        args.push(`--chmod=${o.chmod}`);
    if (o.linkDest)
        args.push(`--link-dest=${o.linkDest}`);
    args.push(...(0,rsync/* protectArgs */.j3)(o.protect ?? []), ...(0,rsync/* excludeArgs */.Up)(o.excludes ?? []));
    args.push('--', slash(o.src), slash(o.dest));
    return args;
}
/** Replaces `snapshot` with a hard-link copy of `src` (nothing when `src` does not exist). */
function snapshotScript(src, snapshot, excludes = []) {
    return [
        `rm -rf ${(0,quote/* shellQuote */.Z)(snapshot)}`,
        `if [ -d ${(0,quote/* shellQuote */.Z)(src)} ]; then mkdir -p ${(0,quote/* shellQuote */.Z)(snapshot)} && ${(0,quote/* shellJoin */.n)(hostSyncArgs({ src, dest: snapshot, linkDest: src, excludes }))}; fi`,
    ].join('\n');
}
/** Makes `dest` equal to `snapshot` again, keeping protected and excluded paths. Fails without a snapshot. */
function restoreScript(snapshot, dest, keep = {}) {
    const { trash, ...rules } = keep;
    const sync = hostSyncArgs({ src: snapshot, dest, delete: true, checksum: true, ...rules });
    const check = `if [ ! -d ${(0,quote/* shellQuote */.Z)(snapshot)} ]; then echo ${(0,quote/* shellQuote */.Z)(`no snapshot at ${snapshot}`)} >&2; exit 1; fi`;
    if (!trash)
        return `${check}\n${(0,quote/* shellJoin */.n)(sync)}`;
    const end = sync.indexOf('--');
    const backup = `${(0,quote/* shellJoin */.n)(sync.slice(0, end))} --itemize-changes --backup "--backup-dir=$trash" ${(0,quote/* shellJoin */.n)(sync.slice(end))}`;
    return [check, printTrashScript(trash.root, trash.id), `${backup} || exit 1`, pruneTrashScript(trash.root, trash.keep)].join('\n');
}
/** What restoreScript would change, itemized, changing nothing (sync/unshare.ts reads it); nothing without the snapshot. */
function restoreDryRunScript(snapshot, dest, keep = {}) {
    const { trash: _trash, ...rules } = keep;
    const args = hostSyncArgs({ src: snapshot, dest, delete: true, checksum: true, ...rules, dryRun: true });
    return `if [ -d ${(0,quote/* shellQuote */.Z)(snapshot)} ]; then ${(0,quote/* shellJoin */.n)(args)}; fi`;
}
/**
 * In-place: hard-link snapshot of the live code as release `id`. What the upload leaves alone
 * (syncRules: shared paths, the tool's directories, the venv, the database, target.exclude...)
 * stays out: it is not the release's code.
 */
function codeSnapshotScript(target, id) {
    const { protect, excludes } = (0,protection/* syncRules */.rr)(target);
    return snapshotScript(target.path, (0,passenger_paths/* passengerPaths */.D)(target).snapshotOf(id), [...protect.map(rsync/* protectPattern */.k), ...excludes]);
}
/** public_html restored from a snapshot: its `protect` paths kept, modes after the target's umask. */
function publicHtmlKeep(target) {
    return { protect: target.frontend?.protect ?? [], chmod: (0,modes/* rsyncChmod */.Z7)(target.umask) };
}
/**
 * In-place: the live code made equal to the snapshot of release `id`; what the upload leaves alone
 * is left alone, and what it deletes or overwrites (files the app or a user wrote since the
 * snapshot) goes to the trash, as with the upload.
 */
function codeRestoreScript(target, id) {
    const trash = { root: target.path, id, keep: target.keep_releases };
    return restoreScript((0,passenger_paths/* passengerPaths */.D)(target).snapshotOf(id), target.path, {
        ...(0,protection/* syncRules */.rr)(target),
        chmod: (0,modes/* rsyncChmod */.Z7)(target.umask),
        trash,
    });
}
/** What codeRestoreScript would change, itemized, changing nothing (sync/unshare.ts reads it); nothing without the snapshot. */
function codeRestoreDryRunScript(target, id) {
    const { protect, excludes } = (0,protection/* syncRules */.rr)(target);
    const snapshot = (0,passenger_paths/* passengerPaths */.D)(target).snapshotOf(id);
    const chmod = (0,modes/* rsyncChmod */.Z7)(target.umask);
    const args = hostSyncArgs({ src: snapshot, dest: target.path, delete: true, checksum: true, protect, excludes, chmod, dryRun: true });
    return `if [ -d ${(0,quote/* shellQuote */.Z)(snapshot)} ]; then ${(0,quote/* shellJoin */.n)(args)}; fi`;
}
//# sourceMappingURL=host-sync.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/frontend-tasks.js
/**
 * public_html before the user tasks. A task may write into the web root (Django's STATIC_ROOT in
 * public_html: a collectstatic, a `cp` of built assets), and a write over an existing file goes into
 * its inode, which public_html shares with the frontend copies kept for rollbacks and with the
 * snapshot the undo restores (hard links): the task would change what an earlier release's copy
 * holds, and a failed deploy's undo would not bring the old files back. So, before the tasks:
 * public_html is snapshotted for the undo (unless the frontend step did it this run), and each of
 * its files outside `protect` gets an inode of its own (the protected paths, uploads, are never
 * restored from a copy: they stay shared, no data copied).
 */




/** Shell (pure): the snapshot (when `snapshot`) then the unsharing of public_html, in one round trip. */
function frontendBeforeTasksScript(publicHtml, protect, snapshot) {
    const own = `( ${ownInodesOutsideScript(publicHtml, protect)} ) || exit 1`;
    return snapshot ? `{\n${snapshotScript(publicHtml, snapshot)}\n} || exit 1\n${own}` : own;
}
/**
 * Runs frontendBeforeTasksScript for a target with a frontend. From then on a revert restores
 * public_html: mark `publicHtmlTasks` (the frontend step's own mark, `frontend`, when it ran).
 */
async function frontendBeforeTasks(d) {
    const fe = d.target.frontend;
    if (!fe)
        return;
    const snapshot = d.progress.has('frontend') ? undefined : d.paths.publicHtmlSnapshot;
    await d.s.conn.exec.sh(frontendBeforeTasksScript(fe.public_html, fe.protect, snapshot));
    d.progress.reach('publicHtmlTasks');
}
/** Whether itemized changes hold more than times: a transfer, a deletion, a mode (`.f..t......` alone is not). */
const changedBeyondTimes = (items) => items.some((i) => !i.flags.startsWith('.') || /[^.t]/.test(i.flags.slice(2)));
/**
 * The undo of a deploy that changed nothing but what its tasks may have written into public_html
 * (the code, the venv and `current` untouched: the previous release kept serving, no restart):
 * public_html back from its snapshot, when the restore's dry run shows a change beyond times.
 */
async function undoTaskWrites(d, previous) {
    const keeps = `aborted before the switch: ${(0,core_text/* shortSha */.Fu)(previous)} keeps serving`;
    const fe = d.target.frontend;
    if (!fe)
        return { rolledBack: false, description: keeps };
    const exec = d.s.conn.exec;
    const dry = await exec.sh(restoreDryRunScript(d.paths.publicHtmlSnapshot, fe.public_html, publicHtmlKeep(d.target)));
    if (!changedBeyondTimes(parseItemized(dry.stdout)))
        return { rolledBack: false, description: keeps };
    await exec.sh(restoreScript(d.paths.publicHtmlSnapshot, fe.public_html, publicHtmlKeep(d.target)));
    return { rolledBack: false, description: `${keeps}; public_html restored (the tasks had changed it)` };
}
//# sourceMappingURL=frontend-tasks.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/linked-restore.js
/**
 * Restoring public_html from a tree it shares most inodes with (the hard-link frontend copies, the
 * snapshot for the undo), and its dry run, without reading every byte of both (rsync --checksum
 * does). A file whose inode both trees share is the same file (content, mode, times); a file whose
 * size differs is a change either way: rsync's quick check decides those. Only the regular files
 * in both trees with the same size and inodes of their own (e.g. one a task rewrote in place, size
 * and mtime unchanged) are compared by content, by a --checksum run restricted to them that goes
 * first (when they are most of the tree, a plain --checksum run of all instead: MANY). Same end state and same itemized lines as restoreScript / restoreDryRunScript.
 */




/** The list of files to compare by content, written by unsharedSameSizeScript (inside the run's temp dir "$t"). */
const LIST = '"$t/same-size"';
/**
 * Shell (pure): writes to "$t/same-size" the regular files (relative, NUL-separated) found in both
 * `src` and `dest`, outside `protect`, with the same size and different inodes (device and inode
 * number); a missing directory has no files. "$t" is an existing directory; a `find` that fails
 * fails the script.
 */
function unsharedSameSizeScript(src, dest, protect) {
    const list = (dir, to) => `{ [ ! -d ${(0,quote/* shellQuote */.Z)(dir)} ] || (cd ${(0,quote/* shellQuote */.Z)(dir)} && find . ${protectPruneClause(protect)}-type f -printf '%s %D:%i %P\\0'); } > "$t/${to}"`;
    const bySize = `sed -z 's/ [^ ]* / /' "$t/s" "$t/d" | sort -z | uniq -zd`;
    const sameInode = `sort -z "$t/s" "$t/d" | uniq -zd | sed -z 's/ [^ ]* / /'`;
    const rest = `{ ${bySize}; ${sameInode}; } | sort -z | uniq -zu | sed -z 's/^[0-9]* //' > ${LIST}`;
    return `${list(src, 's')} && ${list(dest, 'd')} && ( export LC_ALL=C && ${rest} )`;
}
/** hostSyncArgs as shell words, with `extra` (shell text) before the paths. */
function rsyncText(o, extra) {
    const args = hostSyncArgs(o);
    const end = args.indexOf('--');
    return [(0,quote/* shellJoin */.n)(args.slice(0, end)), extra, (0,quote/* shellJoin */.n)(args.slice(end))].filter(Boolean).join(' ');
}
/**
 * The --checksum run on the listed files (none: not run; no --delete: they are in both trees),
 * then the quick check of all; `extra` (shell text) added to both, `listedExtra` to the first.
 * Third: the plain --checksum run of all, for when the list is most of the tree (MANY).
 */
function passes(src, dest, keep, o) {
    const rules = { src, dest, protect: keep.protect, chmod: keep.chmod, dryRun: o.dryRun };
    const listedExtra = [o.extra, o.listedExtra ?? '', `--from0 --files-from=${LIST} --no-implied-dirs`].filter(Boolean).join(' ');
    const listed = `{ [ ! -s ${LIST} ] || ${rsyncText({ ...rules, checksum: true }, listedExtra)}; }`;
    return [listed, rsyncText({ ...rules, delete: true }, o.extra), rsyncText({ ...rules, delete: true, checksum: true }, o.extra)];
}
/**
 * Shell test: the list holds more than a quarter of the files of `dest` (a tree whose files all got
 * inodes of their own, e.g. by the tasks of a deploy): rsync reading a --files-from list costs
 * about twice its recursion per file, so one --checksum run of all is cheaper then.
 */
const MANY = `[ $(($(tr -cd '\\000' < ${LIST} | wc -c) * 4)) -gt $(tr -cd '\\000' < "$t/d" | wc -c) ]`;
/** Runs `body` in a subshell with a fresh temp dir "$t" (removed after), keeping its exit status. */
const inTempDir = (body) => `(\nt=$(mktemp -d) || exit 1\n${body}\nrc=$?\nrm -rf "$t"\nexit $rc\n)`;
/**
 * awk (C locale): the --checksum run's lines (`-ii`: every listed file, an unchanged one with
 * blank flags), a `#` line, then the quick check's; prints the listed files' changes, then the
 * quick check's lines about the other paths (its verdict on a listed file went by size+mtime).
 */
const MERGE_AWK = `!sep && $0 == "#" { sep = 1; next }
$0 == "" { next }
!sep { s[substr($0, 13)] = 1; if (substr($0, 3, 9) != "         ") print; next }
!(substr($0, 13) in s)`;
/** What linkedRestoreScript would change, itemized, changing nothing; nothing without the snapshot. */
function linkedRestoreDryRunScript(snapshot, dest, keep = {}) {
    // a second -i: the run lists every listed file, the unchanged ones too (their quick-check lines are dropped)
    const [listed, all, full] = passes(snapshot, dest, keep, { dryRun: true, extra: '', listedExtra: '--itemize-changes' });
    const body = [
        `${unsharedSameSizeScript(snapshot, dest, keep.protect ?? [])} || exit 1`,
        `if ${MANY}; then ${full}; else`,
        `c=$(${listed})`,
        'rc=$?',
        `a=$(${all}) || rc=$?`,
        `printf '%s\\n#\\n%s\\n' "$c" "$a" | LC_ALL=C awk ${(0,quote/* shellQuote */.Z)(MERGE_AWK)}`,
        '[ $rc = 0 ]; fi',
    ].join('\n');
    return `if [ -d ${(0,quote/* shellQuote */.Z)(snapshot)} ]; then ${inTempDir(body)}; fi`;
}
/**
 * Makes `dest` equal to `snapshot` again, as restoreScript with the same `keep` (a trash included):
 * what the restore deletes or overwrites goes to the trash, its itemized lines printed.
 */
function linkedRestoreScript(snapshot, dest, keep = {}) {
    const { trash } = keep;
    const extra = trash ? '--itemize-changes --backup "--backup-dir=$trash"' : '';
    const [listed, all, full] = passes(snapshot, dest, keep, { dryRun: false, extra });
    const body = `${unsharedSameSizeScript(snapshot, dest, keep.protect ?? [])} && if ${MANY}; then ${full}; else ${listed} && ${all}; fi`;
    const check = `if [ ! -d ${(0,quote/* shellQuote */.Z)(snapshot)} ]; then echo ${(0,quote/* shellQuote */.Z)(`no snapshot at ${snapshot}`)} >&2; exit 1; fi`;
    if (!trash)
        return `${check}\n${inTempDir(body)} || exit 1`;
    return [check, printTrashScript(trash.root, trash.id), `${inTempDir(body)} || exit 1`, pruneTrashScript(trash.root, trash.keep)].join('\n');
}
//# sourceMappingURL=linked-restore.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/frontend-copies.js
/**
 * The frontend of each release, kept for rollbacks. Once a deploy succeeds, public_html (what that
 * release serves, whether its deploy synced the frontend or the files were unchanged) is copied to
 * <path>/.deploy/frontend/<release> as hard links: no data is duplicated, since rsync replaces a
 * changed file instead of rewriting it. A copy is deleted when its release directory (in-place: its
 * code snapshot) is pruned.
 */




/** Copies public_html as the frontend of release `id` (replacing an older copy). */
async function keepFrontend(exec, paths, publicHtml, id, reporter) {
    await exec.sh(snapshotScript(publicHtml, paths.frontendOf(id)));
    reporter.info(`frontend of ${(0,core_text/* shortSha */.Fu)(id)} kept for rollbacks: ${paths.frontendOf(id)}`);
}
/** Deletes the copies of releases whose directory (or in-place snapshot) was just pruned. */
async function dropFrontends(exec, paths, ids) {
    if (ids.length > 0)
        await exec.sh(`rm -rf ${ids.map((id) => (0,quote/* shellQuote */.Z)(paths.frontendOf(id))).join(' ')}`);
}
/**
 * Prints where the frontend of a release can be restored from: its copy (`copy`), else the
 * public_html snapshot when the caller knows it holds that frontend (`snapshot`), else nothing.
 */
function frontendSourceScript(copy, snapshot) {
    const fallback = snapshot ? `elif [ -d ${(0,quote/* shellQuote */.Z)(snapshot)} ]; then echo snapshot; ` : '';
    return `if [ -d ${(0,quote/* shellQuote */.Z)(copy)} ]; then echo copy; ${fallback}fi`;
}
/**
 * frontendSourceScript's line, then what restoring `publicHtml` from that source would change
 * (linkedRestoreDryRunScript's itemized lines: the files public_html shares with the source are not
 * read), in the same round trip. A failing dry run prints what it saw and does not fail the script:
 * the caller then decides as without it.
 */
function frontendSourceDiffScript(copy, publicHtml, keep, snapshot) {
    const dry = (from) => `{ ${linkedRestoreDryRunScript(from, publicHtml, keep)}; } || true`;
    const fromSnapshot = snapshot ? `\n  snapshot) ${dry(snapshot)} ;;` : '';
    return `found=$(${frontendSourceScript(copy, snapshot)})\necho "$found"\ncase $found in\n  copy) ${dry(copy)} ;;${fromSnapshot}\nesac`;
}
//# sourceMappingURL=frontend-copies.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/record.js
/** What a passenger release keeps besides its record (a frontend copy), and the pruning of release copies. */



/** Where a passenger target keeps release copies: release directories, or in-place snapshots (named after the release they hold). */
function copies(paths) {
    return paths.releases ? paths.layout : { ...paths.layout, releases: paths.snapshots, releaseDir: paths.snapshotOf };
}
/** The listing of the release copies the prune decides on (run in the record's round trip). */
const copiesListing = (d) => pruneListingScript(copies(d.paths));
/**
 * Prunes release copies outside the retained set, and the frontend copies of the pruned releases
 * (deploys and rollbacks); `listing`: what copiesListing printed, if it ran already.
 */
async function pruneCopies(d, state, listing) {
    const pruned = await pruneReleases(d.s, copies(d.paths), state, d.target.keep_releases, listing);
    if (d.target.frontend)
        await dropFrontends(d.s.conn.exec, d.paths, pruned.releases);
}
/** Keeps a copy of the live frontend for a later rollback to this release; a failure only warns. */
async function keepReleaseFrontend(d, release) {
    const { s, paths } = d;
    const fe = d.target.frontend;
    if (!fe)
        return;
    await keepFrontend(s.conn.exec, paths, fe.public_html, release.id, s.reporter).catch((e) => s.reporter.warning(`could not keep a copy of the frontend of ${(0,core_text/* shortSha */.Fu)(release.id)} (a rollback to it will leave public_html as it is): ${e.message}`));
}
//# sourceMappingURL=record.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/logs-script.js
/**
 * The tail of a Passenger app's error log (pure script builder). There is no config key for it:
 * the likely places are tried in order (the app's own logs, the shared logs, cPanel's ~/logs, the
 * system Apache log) and every readable one found is shown, with its name.
 */

function passengerLogCandidates(appRoot, path) {
    return [
        `${appRoot}/logs/*.log`,
        `${appRoot}/log/*.log`,
        `${appRoot}/passenger.log`,
        `${appRoot}/stderr.log`,
        `${path}/shared/logs/*.log`,
        `$HOME/logs/*error*`,
        '/var/log/apache2/error.log',
        '/var/log/httpd/error_log',
    ];
}
/** Globs stay unquoted (they must expand); everything else is quoted. */
const globWord = (p) => p
    .split('*')
    .map((part) => (part.startsWith('$HOME') ? `"$HOME"${(0,quote/* shellQuote */.Z)(part.slice(5))}` : (0,quote/* shellQuote */.Z)(part)))
    .join('*');
function passengerLogsScript(appRoot, path, lines) {
    const words = passengerLogCandidates(appRoot, path).map(globWord).join(' ');
    return [
        'found=0',
        `for f in ${words}; do`,
        '  [ -f "$f" ] && [ -r "$f" ] || continue',
        '  found=1',
        `  printf '==> %s <==\\n' "$f"`,
        `  tail -n ${Math.max(1, Math.floor(lines))} "$f"`,
        'done',
        `[ "$found" = 1 ] || { echo 'no readable error log found in:' ${passengerLogCandidates(appRoot, path).map(quote/* shellQuote */.Z).join(' ')} >&2; exit 3; }`,
    ].join('\n');
}
//# sourceMappingURL=logs-script.js.map
;// CONCATENATED MODULE: ./lib/sync/stage-tree.js





/** Script (pure): `dir` removed, whatever it holds. */
function removeStageScript(dir) {
    return `rm -rf ${(0,quote/* shellQuote */.Z)(dir)}`;
}
/**
 * The tree of `sha` in `dir` (made afresh; unchanged files hard-linked to the live root, so only
 * what changed is sent), with the upload's rules; the caller removes it (`remove`).
 */
async function stageTree(conn, req) {
    const tree = await exportTree(req.repo, req.sha, (0,left_out/* uploadLeavesOut */.E)(req.target));
    const remove = async () => {
        await tree.cleanup();
        await conn.exec.sh(removeStageScript(req.dir), { allowFailure: true });
    };
    try {
        await conn.exec.sh(`${removeStageScript(req.dir)} && mkdir -p ${(0,quote/* shellQuote */.Z)(req.dir)}`);
        await rsyncTree(conn, req.target, tree.dir, req.dir, { linkDest: (0,sync_layout/* layoutOf */.aH)(req.target.path).root, delete: true, checksum: true });
    }
    catch (e) {
        await remove();
        throw e;
    }
    return { dir: req.dir, tree, remove };
}
//# sourceMappingURL=stage-tree.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/phases.js
/** The host-changing phases of a passenger deploy that mark their own progress (what a revert undoes). */
















/**
 * releases: a new release dir hard-linked to the previous one; in-place: snapshot, then sync into
 * the tree (from pip's staged copy when there is one: not exported again, new files copied on the
 * host; the stage removed after). With user tasks to run in it, its files get inodes of their own
 * (sync/upload.ts).
 */
async function uploadCode(d) {
    const { s, paths, target } = d;
    try {
        if (!paths.releases && d.previous) {
            await s.conn.exec.sh(codeSnapshotScript(target, d.previous.id));
            s.reporter.info(`snapshot of ${(0,core_text/* shortSha */.Fu)(d.previous.id)}: ${paths.snapshotOf(d.previous.id)}`);
        }
        if (!paths.releases)
            d.progress.reach('code');
        await uploadTree(s, target, d.sha, d.previous?.id, undefined, d.steps.tasks.length > 0, d.staged);
    }
    finally {
        await removeStaged(d);
    }
}
/** pip's staged copy of the new tree (installPip) removed, on the host and on the runner, once. */
async function removeStaged(d) {
    const staged = d.staged;
    d.staged = undefined;
    await staged?.remove();
}
/**
 * pip into the venv. Releases: in the new release before the switch. In place, BEFORE the code
 * sync, in a staged copy of the new tree (its requirements, wheels): synced first, a Passenger spawn
 * (restart, idle spawn, crash) before pip ran the new code on the old venv (ImportError → 500).
 * Requirements with a local editable (`d.pipInLiveTree`) still run in the live tree, after the sync.
 */
async function installPip(d) {
    const { s, target, paths } = d;
    if (paths.releases || d.pipInLiveTree) {
        await installRequirements(s.conn.exec, target, paths.venv, paths.appRootOf(d.sha), s.reporter);
        return;
    }
    const req = { repo: s.settings.repo, sha: d.sha, target, dir: paths.pipStage };
    s.reporter.info(`in place: requirements installed from the new tree staged in ${paths.pipStage}, before the code goes live`);
    // kept for the code upload, which sends the live tree from it (uploadCode removes it)
    d.staged = await stageTree(s.conn, req);
    try {
        await installRequirements(s.conn.exec, target, paths.venv, external_node_path_.posix.join(d.staged.dir, target.app_root), s.reporter);
    }
    catch (e) {
        await removeStaged(d);
        throw e;
    }
}
/**
 * public_html: a snapshot first (the revert restores it), then the built frontend. The snapshot and
 * the frontend copies of earlier releases share public_html's inodes: a rebuilt file whose mode
 * alone changes gets its own inode first, or rsync would chmod theirs (sync/unshare.ts).
 */
async function syncFrontend(d, built) {
    const fe = d.target.frontend;
    const { conn } = d.s;
    await conn.exec.sh(snapshotScript(fe.public_html, d.paths.publicHtmlSnapshot));
    d.progress.reach('frontend');
    const dry = await runRsync(frontendRsyncArgs(conn, built.dist, fe, (0,modes/* rsyncChmod */.Z7)(d.target.umask), { dryRun: true }), {
        ensureMaster: () => conn.ensureMaster(),
    });
    await unshareAttributeChanges(conn.exec, fe.public_html, beyondTimes(dry.itemized));
    await uploadFrontend(d.s.conn, built.dist, fe, (0,modes/* rsyncChmod */.Z7)(d.target.umask), d.s.reporter, d.frontendRemovedTo);
}
/**
 * Points `current` at release `id` (releases layout) and restarts the app on it, newer than
 * `other`'s restart.txt, in one round trip (deploys, rollbacks and their undo).
 */
async function switchAndRestart(d, id, other) {
    const { s, paths } = d;
    const switchScript = paths.releases ? (0,sync_layout/* switchCurrentScript */.lI)(paths.layout, id) : undefined;
    const compare = other ? [paths.restartFileOf(paths.appRootOf(other))] : [];
    await restartApp(s.conn.exec, d.target, paths, paths.appRootOf(id), compare, s.reporter, switchScript);
    if (switchScript)
        s.reporter.info(`current → releases/${id}`);
}
/**
 * In-place: the code of release `id` back from its snapshot (the undo of a deploy or a rollback);
 * what was done. What the restore removed from the tree (kept in its trash) is said in the log and the run summary.
 * A file whose mode alone differs gets its own inode first: the other snapshots keep their modes (sync/unshare.ts).
 */
async function restoreCodeSnapshot(d, id) {
    const dry = await d.s.conn.exec.sh(codeRestoreDryRunScript(d.target, id));
    await unshareAttributeChanges(d.s.conn.exec, d.target.path, parseItemized(dry.stdout));
    const r = await d.s.conn.exec.sh(codeRestoreScript(d.target, id));
    const removed = removedOnHost(d.target.path, r.stdout, `the snapshot of ${(0,core_text/* shortSha */.Fu)(id)}`);
    if (removed) {
        d.s.reporter.info(removed);
        d.s.report.notes.push(removed);
    }
    return 'code restored from its snapshot';
}
/** The tail of the app's error log (Passenger/Apache), for a failed health check. */
function errorLogTail(d) {
    const script = passengerLogsScript((0,passenger_paths/* passengerPaths */.D)(d.target).liveAppRoot, d.target.path, DIAGNOSIS_LINES);
    return { title: `error log (last ${DIAGNOSIS_LINES} lines)`, read: () => d.s.conn.exec.sh(script, { allowFailure: true }) };
}
async function verifyHttp(d) {
    const health = d.target.health;
    if (!health.url) {
        d.s.reporter.info('no health.url configured: nothing to check');
        return;
    }
    const check = () => waitForHttp(d.s.conn.exec, healthExpectation(health));
    await withLogsOnFailure(d.s, () => [errorLogTail(d)], check);
    d.s.reporter.info(`health: ${health.url} answered as expected`);
}
//# sourceMappingURL=phases.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/revert.js
/** Undoes a failed passenger deploy: previous code live again, public_html restored, app restarted. */






/**
 * pip changed the one virtualenv every release uses: the previous release's requirements again
 * (pinned versions go back; a package only the new ones added stays, unused). Best effort: a
 * failure is said, and the restart still runs.
 */
async function reinstallPrevious(d, appRoot, id) {
    const { s, target, paths } = d;
    try {
        await installRequirements(s.conn.exec, target, paths.venv, appRoot, s.reporter);
        return `requirements of ${(0,core_text/* shortSha */.Fu)(id)} reinstalled`;
    }
    catch (e) {
        const text = `requirements of ${(0,core_text/* shortSha */.Fu)(id)} NOT reinstalled into ${paths.venv}: ${e.message.split('\n')[0]}`;
        s.reporter.warning(text);
        return text;
    }
}
/** Brings back the previous release after a failure at any step; a no-op before anything changed. */
async function revertPassenger(d) {
    const { s, paths, progress: p, previous } = d;
    const exec = s.conn.exec;
    // pip's staged tree, when the run stopped between pip and the code upload (which removes it)
    await removeStaged(d);
    const code = !paths.releases && p.has('code');
    const switched = paths.releases && p.has('switch');
    // pip ran into the venv the previous release uses (a first deploy has none serving)
    const pipRan = p.has('build') && previous !== undefined;
    const onlyTasks = !code && !pipRan && !p.has('frontend') && !p.has('switch');
    if (onlyTasks && (!p.has('publicHtmlTasks') || !previous)) {
        const keeps = previous ? `${(0,core_text/* shortSha */.Fu)(previous.id)} keeps serving` : 'nothing was serving yet';
        return { rolledBack: false, description: `aborted before the switch: ${keeps}` };
    }
    // only the tasks ran: what they wrote into public_html goes, the app was never touched
    if (onlyTasks && previous)
        return undoTaskWrites(d, previous.id);
    if (!previous)
        return { rolledBack: false, description: 'first deploy failed: there is no previous release to roll back to' };
    const done = [];
    const previousRoot = paths.appRootOf(previous.id);
    if (code)
        done.push(await restoreCodeSnapshot(d, previous.id));
    if (pipRan)
        done.push(await reinstallPrevious(d, previousRoot, previous.id));
    if ((p.has('frontend') || p.has('publicHtmlTasks')) && d.target.frontend) {
        await exec.sh(restoreScript(paths.publicHtmlSnapshot, d.target.frontend.public_html, publicHtmlKeep(d.target)));
        done.push('public_html restored');
    }
    const switchBack = switched ? (0,sync_layout/* switchCurrentScript */.lI)(paths.layout, previous.id) : undefined;
    await restartApp(exec, d.target, paths, previousRoot, [paths.restartFileOf(paths.appRootOf(d.sha))], s.reporter, switchBack);
    done.push(switchBack ? 'current switched back, app restarted' : 'app restarted');
    return { rolledBack: p.has('switch'), description: `reverted to ${(0,core_text/* shortSha */.Fu)(previous.id)}: ${done.join(', ')}` };
}
//# sourceMappingURL=revert.js.map
;// CONCATENATED MODULE: ./lib/strategies/passenger/editable.js
/** Local editable requirements (`-e .`): pip records their directory in the venv (pure). */
const VCS = /^(git|hg|svn|bzr)\+|:\/\//;
/**
 * The local paths of the `-e`/`--editable` lines of a requirements file's text (VCS URLs are not
 * local: pip clones them into the venv's src/). Such a venv points at the directory pip ran in.
 */
function localEditables(requirements) {
    const found = [];
    for (const raw of requirements.split('\n')) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        const m = /^(?:-e|--editable)(?:\s+|=)(\S+)/.exec(line);
        if (m && !VCS.test(m[1]))
            found.push(m[1]);
    }
    return found;
}
//# sourceMappingURL=editable.js.map
// EXTERNAL MODULE: ./lib/strategies/passenger/pip-inputs-read.js + 1 modules
var pip_inputs_read = __webpack_require__(85471);
// EXTERNAL MODULE: ./lib/git/blobs.js
var git_blobs = __webpack_require__(12592);
;// CONCATENATED MODULE: ./lib/strategies/passenger/strategy.js
/**
 * Passenger (shared hosting) as a pipeline strategy: backup → frontend build (runner) → upload (new
 * release, or in-place after a hard-link snapshot) → pip → public_html → tasks → switch + restart →
 * health (in place, pip runs before the upload: see installPip). It switches last: its tasks
 * (migrations) run in the new release before it goes live.
 */






















async function prepare(base, planned) {
    const { s } = base;
    const target = s.target;
    const paths = (0,passenger_paths/* passengerPaths */.D)(target);
    const config = (0,tasks/* passengerPlannerConfig */.t5)(s.config, target);
    const pipInputs = await (0,pip_inputs_read/* changedPipInputs */.$)(s.settings.repo, planned.plan, target);
    const { plan, steps } = await (0,plan_on_host/* planOnHost */.FG)(s.conn.exec, target, config, planned.plan, pipInputs);
    if (plan.upload.length > 0)
        requireStartupFile(planned.input.trackedFiles, planned.to, target);
    s.report.plan = plan;
    logSteps(s.reporter, steps);
    const pipInLiveTree = !paths.releases && steps.pip.run && (await editablePipInPlace(base.s, target, planned.to));
    return { ...base, planned, target, paths, config, plan, steps, pipInLiveTree };
}
/**
 * In place, pip runs on a staged copy of the new tree (installPip), but a local editable requirement
 * (`-e .`) would leave the venv pointing at that copy, removed after: those run in the live tree,
 * after the code sync, as before, with a warning.
 */
async function editablePipInPlace(s, target, sha) {
    const [text] = await (0,git_blobs/* readBlobs */.b4)(s.settings.repo, [{ sha, path: (0,tasks/* requirementsPath */.SR)(target) }]);
    const local = localEditables(text ?? '');
    if (local.length === 0)
        return false;
    const warning = `${(0,tasks/* requirementsPath */.SR)(target)} has local editable requirements (${local.map((l) => `-e ${l}`).join(', ')}): pip runs after the code sync, in the live tree; a Passenger spawn in between would run the new code on the old venv`;
    s.reporter.warning(warning);
    s.report.warnings.push(warning);
    return true;
}
/** The shared-path check, the backup, then the frontend build on the runner (nothing on the host changes yet). */
async function strategy_preflight(d) {
    const { s, target } = d;
    await refuseSharedConflicts(s.conn, target);
    const backup = await backupStep(s, d.sha, d.previous, undefined, protectedBackups(target.keep_releases, d.state));
    const frontend = target.frontend;
    if (frontend && d.steps.frontend?.run) {
        const once = frontendOnce(d.planned, () => (0,session/* phase */.Oi)(s, 'Frontend build', () => buildFrontend(s.settings.repo, d.sha, frontend, s.reporter)));
        if (once.reused)
            s.reporter.info(`frontend: the build of ${(0,core_text/* shortSha */.Fu)(d.sha)} made for an earlier host is synced (one build per deploy)`);
        d.built = await once.built;
        d.ownsBuilt = once.owned;
        await guardFrontendDeletions(d, d.built);
    }
    return backup;
}
function strategy_steps(d) {
    const { s, paths, target } = d;
    const appRoot = paths.appRootOf(d.sha);
    const exec = s.conn.exec;
    const upload = { phase: 'upload', title: 'Upload', run: () => uploadCode(d) };
    const pip = d.steps.pip.run ? [{ phase: 'build', title: 'Pip', run: () => installPip(d) }] : [];
    // in place, the new code goes live with the sync: the venv must be ready first (installPip)
    const list = paths.releases || d.pipInLiveTree ? [upload, ...pip] : [...pip, upload];
    // the frontend before the tasks: its sync (--delete) would remove what a task writes into public_html
    const built = d.built;
    if (built && target.frontend)
        list.push({ phase: 'apply', title: 'Frontend', run: () => syncFrontend(d, built) });
    if (d.steps.tasks.length > 0)
        list.push({
            phase: 'tasks',
            title: 'Tasks',
            run: async () => {
                await frontendBeforeTasks(d);
                await runHostTasks(exec, d.steps.tasks, d.config.tasks, appRoot, paths.venv, s.reporter);
            },
        });
    const switchLive = async () => {
        await (0,fault_point/* faultPoint */.J)('switch');
        await switchAndRestart(d, d.sha, d.previous?.id);
    };
    list.push({ phase: 'switch', title: 'Switch', run: switchLive });
    list.push({ phase: 'verify', title: 'Verify', run: () => verifyHttp(d) });
    return list;
}
const passengerStrategy = {
    plannerConfig: (s) => (0,tasks/* passengerPlannerConfig */.t5)(s.config, s.target),
    prepare,
    describe: describePassengerDryRun,
    idle: nothingToDo,
    preflight: strategy_preflight,
    begin: async () => undefined,
    steps: strategy_steps,
    revertsFirstDeploy: true,
    revert: revertPassenger,
    publish: async (_primary, planned) => openFrontendSlot(planned),
    finish: async (d) => (d.ownsBuilt ? d.built?.cleanup() : undefined),
    completeRelease: async () => undefined,
    keep: keepReleaseFrontend,
    auditServices: (p) => ({ tasks: p.tasks }),
    pruneListing: copiesListing,
    prune: pruneCopies,
};
//# sourceMappingURL=strategy.js.map
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./lib/strategies/swarm/commands.js
/** Pure builders of the docker commands a swarm deploy runs on the manager (argv, or sh lines). */



/** The file next to the compose files that pins each built service to its registry reference. */
const IMAGES_FILE = '.gitops-deploy-images.yml';

const auth = (withAuth) => (withAuth ? ['--with-registry-auth'] : []);
/** `docker stack deploy -c <file>... [--prune] [--with-registry-auth] <stack>` (run in the compose directory). */
function stackDeployArgs(files, stack, opts) {
    return ['docker', 'stack', 'deploy', ...files.flatMap((f) => ['-c', f]), ...(opts.prune ? ['--prune'] : []), ...auth(opts.auth), stack];
}
/** A new image for one service; swarm's update_config rolls it out (detached: convergence is watched separately). */
const serviceImageArgs = (name, image, withAuth) => [
    'docker',
    'service',
    'update',
    '--detach',
    ...auth(withAuth),
    '--image',
    image,
    name,
];
/** A restart: the same spec, tasks replaced through update_config. */
const serviceForceArgs = (name) => ['docker', 'service', 'update', '--detach', '--force', name];
/** Swarm's own rollback of a service to its previous spec. */
const serviceRollbackArgs = (name) => ['docker', 'service', 'rollback', '--detach', name];
/** `<spec image> <replicas; global; or - in another mode> <UpdateStatus as JSON>` of one service. */
const serviceStatusArgs = (name) => [
    'docker',
    'service',
    'inspect',
    '--format',
    '{{.Spec.TaskTemplate.ContainerSpec.Image}} {{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{else if .Spec.Mode.Global}}global{{else}}-{{end}} {{json .UpdateStatus}}',
    name,
];
/** The service's spec version: `docker service update` and `rollback` raise it as they are accepted (its UpdateStatus follows later). */
const serviceVersionArgs = (name) => ['docker', 'service', 'inspect', '--format', '{{.Version.Index}}', name];
/** One line per task that should run: `<image> <current state>|<swarm's error, quoted ("" when none), e.g. why it stays pending>`. */
const serviceTasksArgs = (name) => [
    'docker',
    'service',
    'ps',
    '--filter',
    'desired-state=running',
    '--no-trunc',
    '--format',
    '{{.Image}} {{.CurrentState}}|{{.Error}}',
    name,
];
/** `<name> <ID>` of each named secret swarm holds (a name it does not hold is left out, and the command exits non-zero). */
const secretIdsArgs = (names) => [
    'docker',
    'secret',
    'inspect',
    '--format',
    '{{.Spec.Name}} {{.ID}}',
    ...names,
];
/** The compose override naming each built service's image (a stack deploy merges it last). */
function imagesOverride(refs) {
    const services = Object.fromEntries(Object.keys(refs)
        .sort()
        .map((sv) => [sv, { image: refs[sv] }]));
    return (0,dist/* stringify */.As)({ version: '3.8', services });
}
/** sh lines: into the compose directory, the images override written, then the stack deploy. */
function stackDeployLines(dir, files, stack, refs, opts) {
    return [
        `cd ${(0,quote/* shellQuote */.Z)(dir)}`,
        `printf '%s' ${(0,quote/* shellQuote */.Z)(imagesOverride(refs))} > ${(0,quote/* shellQuote */.Z)(IMAGES_FILE)}`,
        (0,quote/* shellJoin */.n)(stackDeployArgs([...files, IMAGES_FILE], stack, opts)),
    ];
}
/** `docker service logs` of one service: the last `tail` lines, optionally since a time (each line names its task and node). */
function serviceLogsArgs(name, o) {
    return [
        'docker',
        'service',
        'logs',
        '--no-trunc',
        '--tail',
        String(o.tail),
        ...(o.since !== undefined ? ['--since', o.since] : []),
        name,
    ];
}
/**
 * sh: a `@mounted <id>` line (prune-releases.ts) for each release directory below `releases` that a
 * service of the stack bind-mounts. A stack deploy resolved the sources into the release it ran
 * from, and image updates and restarts keep them there: that release's files are still in use
 * (a pruned one would leave the service's mounts empty, and its next task could not start). Prints
 * nothing when the stack cannot be read; always exits 0.
 */
function mountedReleasesScript(stack, releases) {
    const format = '{{range .Spec.TaskTemplate.ContainerSpec.Mounts}}{{println .Source}}{{end}}';
    const r = (0,quote/* shellQuote */.Z)(releases);
    return [
        `docker stack services -q ${(0,quote/* shellQuote */.Z)(stack)} 2>/dev/null | xargs -r docker service inspect --format ${(0,quote/* shellQuote */.Z)(format)} 2>/dev/null |`,
        `  while IFS= read -r src; do case "$src" in ${r}/?*) rest=\${src#${r}/}; printf '${MOUNTED_MARK}%s\\n' "\${rest%%/*}";; esac; done`,
        'true',
    ].join('\n');
}
//# sourceMappingURL=commands.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/down-nodes.js
/**
 * Pure: the swarm nodes that are not up (`docker node ls`: Down, Unknown, Disconnected) while their
 * availability still asks for tasks (active/pause). Swarm cannot update a task on such a node: a
 * global service's update waits on it, or passes it by when the node was already down, and the
 * node runs the service's current spec once it comes back.
 */
/** `<ID> <Status> <Availability> <Hostname>` of each node. */
const nodeListArgs = () => ['docker', 'node', 'ls', '--format', '{{.ID}} {{.Status}} {{.Availability}} {{.Hostname}}'];
/** Parses `nodeListArgs` output: the nodes not Ready and not drained. */
function parseDownNodes(out) {
    return out
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter(([id, status, availability]) => !!id && !!status && status !== 'Ready' && availability !== 'Drain')
        .map(([id, status, , hostname]) => ({ id: id, status: status, hostname: hostname ?? '' }));
}
const down_nodes_named = (n) => `node ${n.id.slice(0, 12)}${n.hostname ? ` (${n.hostname})` : ''} is ${n.status.toLowerCase()}`;
/** What a convergence watch that timed out adds: the down nodes it may be waiting for, and how to deploy without them. */
function downNodesCause(nodes) {
    if (nodes.length === 0)
        return '';
    const drain = nodes.map((n) => `docker node update --availability drain ${n.id.slice(0, 12)}`).join('; ');
    return `${nodes.map(down_nodes_named).join('; ')}: swarm cannot update a task there until it comes back (to deploy without it: ${drain})`;
}
/** The warning of a run that converged with global services while nodes are down: their tasks there still run the old spec. */
function downNodesWarning(nodes, globals) {
    if (nodes.length === 0 || globals.length === 0)
        return '';
    const what = globals.length === 1 ? `${globals[0]} (mode: global) is` : `${globals.join(', ')} (mode: global) are`;
    return `${nodes.map(down_nodes_named).join('; ')}: ${what} not updated there; swarm starts the new release's task on it when it comes back`;
}
//# sourceMappingURL=down-nodes.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/status.js
/** Swarm's update states that end a run: the update failed (swarm rolls back or pauses). */
const FAILED = new Set(['rollback_started', 'rollback_completed', 'rollback_paused', 'paused']);
/** Parses `serviceStatusArgs` output. */
function parseServiceStatus(out) {
    const line = out.trim();
    const m = /^(\S+) (\d+|-|global) (.*)$/.exec(line);
    if (m) {
        const mode = m[2] === 'global' ? { global: true } : m[2] !== '-' ? { replicas: Number(m[2]) } : {};
        return { image: m[1], update: m[3].trim(), ...mode };
    }
    const space = line.indexOf(' ');
    return space < 0 ? { image: line, update: 'null' } : { image: line.slice(0, space), update: line.slice(space + 1).trim() };
}
const withoutDigest = (image) => image.replace(/@sha256:[0-9a-f]+$/, '');
/** `docker service ps` prints a task's error Go-quoted. */
function unquote(text) {
    if (!/^".*"$/.test(text))
        return text;
    try {
        return JSON.parse(text);
    }
    catch {
        return text.slice(1, -1);
    }
}
/** Swarm's UpdateStatus (`{{json .UpdateStatus}}`), undefined when there is none. */
function updateOf(json) {
    try {
        return JSON.parse(json) ?? undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Where one service is. `before`: its UpdateStatus before this run changed it (an unchanged status is
 * an older update's, not this run's). Done when every task that should run is Running on the spec's image.
 * `rollingBack`: the revert's watch, where swarm's rollback states are the expected way back.
 */
function judgeService(name, status, before, tasks, opts = {}) {
    const update = status.update !== before ? updateOf(status.update) : undefined;
    if (opts.rollingBack) {
        // a rollback under way is waited for even when it began before the watch (swarm's own, seen
        // failing): until it completes, the tasks listed may be fewer than the service should run
        if (updateOf(status.update)?.State === 'rollback_started')
            return { state: 'waiting', why: `${name}: rolling back` };
    }
    else if (update?.State && FAILED.has(update.State)) {
        const why = `${name}: swarm update ${update.State}${update.Message ? ` (${update.Message})` : ''}`;
        return { state: 'failed', why, rolledBack: update.State.startsWith('rollback') };
    }
    const lines = tasks.split('\n').filter((l) => l.trim() !== '');
    const want = withoutDigest(status.image);
    const off = lines.filter((l) => {
        const [image, state] = l.trim().split(/\s+/);
        return withoutDigest(image ?? '') !== want || state !== 'Running';
    });
    // swarm's error of a task not running (a pending task: "no suitable node (…)")
    const errors = [...new Set(off.map((l) => unquote(l.split('|').slice(1).join('|').trim())).filter((e) => e !== ''))];
    const why = errors.length > 0 ? ` (${errors.join('; ')})` : '';
    if (update?.State === 'updating')
        return { state: 'waiting', why: `${name}: updating${why}` };
    if (lines.length === 0)
        return noTask(name, status);
    return off.length === 0
        ? { state: 'done' }
        : { state: 'waiting', why: `${name}: ${lines.length - off.length}/${lines.length} tasks running ${want}${why}` };
}
/** A service with no task that should run: done when scaled to zero, a global one placed nowhere (yet), else not scheduled yet. */
function noTask(name, status) {
    // scaled to zero (`deploy.replicas: 0`): swarm schedules no task, and none is to be waited for
    if (status.replicas === 0)
        return { state: 'done' };
    if (status.global)
        return {
            state: 'waiting',
            why: `${name}: a global service with no task: no node satisfies its placement (constraints, node availability)`,
            noNode: true,
        };
    return { state: 'waiting', why: `${name}: no task scheduled yet` };
}
//# sourceMappingURL=status.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/stalled-update.js
/**
 * Pure: an update swarm cannot finish because it waits on a task of a down node. Swarm's updater
 * waits for each task it creates to start; one placed on a node whose link is then lost stays
 * `assigned` until the node comes back, and the update stays `updating` until then: for a global
 * service, and for a replicated one alike (swarm starts a replacement task on another node, but the
 * update still waits on the first). The convergence poll reads, in the round trip that lists the
 * service's tasks, the node list and the tasks of the nodes not Ready (serviceLookScript).
 */




const NODE = 'GD_NODE ';
const TASK = 'GD_TASK ';
/**
 * sh: the service's tasks that should run (serviceTasksArgs' lines), then `GD_NODE <node ls line>`
 * of each node, then `GD_TASK <node id> <created, JSON> <state>` of each task of the service on a
 * node not Ready.
 */
function serviceLookScript(name) {
    const format = (0,quote/* shellQuote */.Z)(`${TASK}{{.NodeID}} {{json .CreatedAt}} {{.Status.State}}`);
    return [
        (0,quote/* shellJoin */.n)(serviceTasksArgs(name)),
        `gd_nodes=$(${(0,quote/* shellJoin */.n)(nodeListArgs())} 2>/dev/null)`,
        `printf '%s\\n' "$gd_nodes" | sed 's/^/${NODE}/'`,
        `for gd_n in $(printf '%s\\n' "$gd_nodes" | awk '$2 != "Ready" { print $1 }'); do`,
        `  gd_ids=$(docker service ps -q --no-trunc --filter "node=$gd_n" ${(0,quote/* shellQuote */.Z)(name)} 2>/dev/null)`,
        `  if [ -n "$gd_ids" ]; then docker inspect --type task --format ${format} $gd_ids 2>/dev/null; fi`,
        'done',
        'true',
    ].join('\n');
}
/** Parses serviceLookScript's output. */
function parseServiceLook(out) {
    const lines = out.split('\n');
    const tagged = (tag) => lines.flatMap((l) => (l.startsWith(tag) ? [l.slice(tag.length)] : []));
    const onDown = tagged(TASK).flatMap((l) => {
        const [node, created, state] = l.trim().split(/\s+/);
        return node && created && state ? [{ node, created: created.replace(/"/g, ''), state }] : [];
    });
    return {
        tasks: lines.filter((l) => !l.startsWith(NODE) && !l.startsWith(TASK)).join('\n'),
        down: parseDownNodes(tagged(NODE).join('\n')),
        onDown,
    };
}
/** The task states before `running`: swarm's updater waits on a task in one of them. */
const NOT_STARTED = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);
/**
 * The down nodes this run's update waits on: its UpdateStatus (`update`, not the `before` of the
 * run) is `updating`, and a task it created (not before the update started: an older update's task
 * left on the node does not count) is on a down node and has not started.
 */
function stalledOn(update, before, look) {
    const status = update !== before ? updateOf(update) : undefined;
    const started = Date.parse(status?.StartedAt ?? '');
    if (status?.State !== 'updating' || Number.isNaN(started))
        return [];
    const waiting = new Set(look.onDown.filter((t) => NOT_STARTED.has(t.state) && Date.parse(t.created) >= started).map((t) => t.node));
    return look.down.filter((n) => waiting.has(n.id));
}
//# sourceMappingURL=stalled-update.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/converge.js




/**
 * One look at a service: its status, then its tasks and the nodes in one round trip. An update (not
 * the revert's rollback) that waits on a task of a down node fails at once: it cannot finish before
 * the node comes back.
 */
async function lookAt(exec, name, before, rollingBack = false) {
    const status = parseServiceStatus((await exec.run(serviceStatusArgs(name))).stdout);
    const look = parseServiceLook((await exec.sh(serviceLookScript(name), { allowFailure: true })).stdout);
    const c = judgeService(name, status, before, look.tasks, { rollingBack });
    const down = c.state === 'waiting' && !rollingBack ? stalledOn(status.update, before, look) : [];
    return c.state === 'waiting' && down.length > 0 ? { state: 'failed', why: c.why, rolledBack: false, down } : c;
}
/** The current UpdateStatus of each service (the "before" of the convergence watch). */
async function updateStatuses(exec, names) {
    const pairs = await Promise.all(names.map(async (n) => {
        const r = await exec.run(serviceStatusArgs(n), { allowFailure: true });
        return [n, r.code === 0 ? parseServiceStatus(r.stdout).update : 'null'];
    }));
    return new Map(pairs);
}
/** The spec version of each service ('' where it could not be read). */
async function specVersions(exec, names) {
    const pairs = await Promise.all(names.map(async (n) => {
        const r = await exec.run(serviceVersionArgs(n), { allowFailure: true });
        return [n, r.code === 0 ? r.stdout.trim() : ''];
    }));
    return new Map(pairs);
}
/** The nodes not up (none when the list cannot be read). */
async function downNodes(exec) {
    const r = await exec.run(nodeListArgs(), { allowFailure: true });
    return r.code === 0 ? parseDownNodes(r.stdout) : [];
}
/** The services (of `names`) in `mode: global`. */
async function globalServices(exec, names) {
    const seen = await Promise.all(names.map(async (n) => [n, await exec.run(serviceStatusArgs(n), { allowFailure: true })]));
    return seen.flatMap(([n, r]) => (r.code === 0 && parseServiceStatus(r.stdout).global ? [n] : []));
}
class SwarmUpdateFailed extends Error {
    rolledBack;
    constructor(message, 
    /** services swarm is rolling back (or has) by itself */
    rolledBack) {
        super(message);
        this.rolledBack = rolledBack;
        this.name = 'SwarmUpdateFailed';
    }
}
/** The services' reasons, then the down nodes (each once) and how to deploy without them. */
function withCause(whys, down) {
    const cause = downNodesCause([...new Map(down.map((n) => [n.id, n])).values()]);
    return [...whys, ...(cause ? [cause] : [])].join('; ');
}
/** How long a global service may have no task before the watch counts it placed nowhere (swarm creates its tasks within a second or so). */
const NO_NODE_GRACE_MS = 10_000;
/** The services of `seen` with no node for at least the grace, noted in `since` (first seen so). */
function placedNowhere(seen, since, graceMs) {
    const now = Date.now();
    for (const [n, c] of seen)
        if (!(c.state === 'waiting' && c.noNode))
            since.delete(n);
    for (const [n, c] of seen)
        if (c.state === 'waiting' && c.noNode && !since.has(n))
            since.set(n, now);
    return seen.flatMap(([n, c]) => (now - (since.get(n) ?? now) >= graceMs ? [c] : []));
}
/** Polls every `intervalMs` until each service is done; a failed one (or a global one placed on no node) ends the wait at once. */
async function waitConverged(exec, before, timeoutMs, opts = {}) {
    const deadline = Date.now() + timeoutMs;
    let pending = [...before.keys()];
    let last = [];
    const noNodeSince = new Map();
    while (pending.length > 0) {
        const seen = await Promise.all(pending.map(async (n) => [n, await lookAt(exec, n, before.get(n), opts.rollingBack)]));
        const failed = seen.flatMap(([, c]) => (c.state === 'failed' ? [c] : []));
        if (failed.length > 0) {
            const rolledBack = seen.flatMap(([n, c]) => (c.state === 'failed' && c.rolledBack ? [n] : []));
            const why = withCause(failed.map((c) => c.why), failed.flatMap((c) => c.down ?? []));
            throw new SwarmUpdateFailed(`swarm did not converge: ${why}`, rolledBack);
        }
        const nowhere = placedNowhere(seen, noNodeSince, opts.noNodeGraceMs ?? NO_NODE_GRACE_MS);
        if (nowhere.length > 0)
            throw new SwarmUpdateFailed(`swarm did not converge: ${nowhere.map((c) => (c.state === 'waiting' ? c.why : '')).join('; ')}`, []);
        pending = seen.flatMap(([n, c]) => (c.state === 'waiting' ? [n] : []));
        last = seen.flatMap(([, c]) => (c.state === 'waiting' ? [c.why] : []));
        if (pending.length === 0)
            return;
        if (Date.now() > deadline)
            throw new Error(`swarm did not converge within ${Math.round(timeoutMs / 1000)} s: ${withCause(last, await downNodes(exec))}`);
        await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
    }
}
//# sourceMappingURL=converge.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/removed-tasks.js
/**
 * Pure: the tasks of the services a stack deploy removes (`--prune`). `docker stack deploy` returns
 * once swarm has deleted the services, while each node still stops their containers (within their
 * `stop_grace_period`): a health.url pointed at a removed service would be answered by a container
 * being removed. The manager's task store covers every node: a task is done once swarm deleted it
 * or its node reported it ended.
 */

/** sh: `<service> <task id>` for each task of each service that should run now (nothing for a service swarm does not hold). */
function runningTasksScript(names) {
    const lines = names.map((n) => `docker service ps -q --no-trunc --filter desired-state=running ${(0,quote/* shellQuote */.Z)(n)} 2>/dev/null |` +
        ` while read -r id; do if [ -n "$id" ]; then printf '%s %s\\n' ${(0,quote/* shellQuote */.Z)(n)} "$id"; fi; done`);
    return [...lines, 'true'].join('\n');
}
/** sh: `<task id> <state> <node id>` of each task, `<task id> gone -` for one swarm no longer holds. */
function taskStatesScript(ids) {
    const format = (0,quote/* shellQuote */.Z)('{{.Status.State}} {{.NodeID}}');
    return [
        `for id in ${ids.map(quote/* shellQuote */.Z).join(' ')}; do`,
        `  s=$(docker inspect --type task --format ${format} "$id" 2>/dev/null) || s='gone -'`,
        `  printf '%s %s\\n' "$id" "$s"`,
        'done',
    ].join('\n');
}
/** Parses runningTasksScript's output. */
const parseRunningTasks = (out) => out.split('\n').flatMap((l) => {
    const [service, id] = l.trim().split(' ');
    return service && id ? [{ service, id }] : [];
});
/** The task states in which its container no longer runs (or swarm deleted the task: `gone`). */
const ENDED = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'gone']);
/** The tasks still running per taskStatesScript's output (a task it did not print counts as running), each with its state and node. */
function stillRunning(tasks, out) {
    const seen = new Map(out.split('\n').flatMap((l) => {
        const [id, state, node] = l.trim().split(' ');
        return id && state ? [[id, { state, node: node ?? '-' }]] : [];
    }));
    return tasks.flatMap((t) => {
        const s = seen.get(t.id) ?? { state: 'unknown', node: '-' };
        return ENDED.has(s.state) ? [] : [{ ...t, ...s }];
    });
}
/** How often the wait reads the removed services' task states (removal-wait.ts). */
const TASK_POLL_MS = 1000;
/** The wait for the tasks of `names` (swarm names) as a dry-run line; none when nothing is removed. */
function describeRemovalWait(names, timeoutMs) {
    if (names.length === 0)
        return [];
    return [
        `then Verify waits until the tasks of ${names.join(', ')} (removed by --prune) have stopped on their nodes ` +
            `(their stop_grace_period; each task's state read every ${TASK_POLL_MS / 1000} s, up to ${Math.ceil(timeoutMs / 1000)} s), ` +
            'before it watches the changed services converge',
    ];
}
//# sourceMappingURL=removed-tasks.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/removal-wait.js

/** The running tasks of `names` (swarm names), read before the stack deploy removes the services. */
async function tasksOf(exec, names) {
    if (names.length === 0)
        return [];
    return parseRunningTasks((await exec.sh(runningTasksScript(names))).stdout);
}
/** Polls every `intervalMs` until every task has ended (or is gone), else fails at the timeout naming those still running. */
async function waitTasksEnded(exec, tasks, timeoutMs, intervalMs = TASK_POLL_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (tasks.length === 0)
            return;
        const left = stillRunning(tasks, (await exec.sh(taskStatesScript(tasks.map((t) => t.id)))).stdout);
        if (left.length === 0)
            return;
        if (Date.now() > deadline) {
            const each = left.map((t) => `${t.service} (task ${t.id.slice(0, 12)} ${t.state} on node ${t.node.slice(0, 12)})`).join('; ');
            throw new Error(`the removed services' containers did not stop within ${Math.round(timeoutMs / 1000)} s: ${each}. ` +
                'Swarm stops them within their stop_grace_period; until then they may still answer health.url');
        }
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}
//# sourceMappingURL=removal-wait.js.map
;// CONCATENATED MODULE: ./lib/apply/swarm-status-scripts.js
/** Scripts that read a stack's services (the swarm strategy's checks and `status`). */

/** sh: `<name> <UpdateStatus as JSON>` of each service of the stack, one a line (nothing when the stack has none). */
const stackUpdateStatusScript = (stack) => `ids=$(${(0,quote/* shellJoin */.n)(['docker', 'service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`])})\n` +
    `[ -z "$ids" ] || ${(0,quote/* shellJoin */.n)(['docker', 'service', 'inspect', '--format', '{{.Spec.Name}} {{json .UpdateStatus}}'])} $ids\n`;
/** `docker service ls` of a stack's services, one line each in `format`. */
const stackServiceLs = (stack, format) => [
    'docker',
    'service',
    'ls',
    '--filter',
    `label=com.docker.stack.namespace=${stack}`,
    '--format',
    format,
];
/** The services of a stack as `status` lists them: `<name> <mode> <running>/<desired> <image>` a line (image without digest). */
const stackStatusArgs = (stack) => stackServiceLs(stack, '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}}');
/** The services of a stack, one `<name> <spec image>` a line (none: the stack does not exist yet). */
const stackServicesArgs = (stack) => stackServiceLs(stack, '{{.Name}} {{.Image}}');
//# sourceMappingURL=swarm-status-scripts.js.map
;// CONCATENATED MODULE: ./lib/apply/swarm-service-list.js
/** Reads `stackStatusArgs` output, with the live release's references (by service, without the `<stack>_` prefix) and the paused ones. */
function serviceRows(out, stack, refs, paused) {
    // `1/2 (max 1 per node)`: the replicas column may carry a note in parentheses
    const LINE = /^(\S+) (\S+) (\d+)\/(\d+)(?: \([^)]*\))? (\S+)$/;
    return out
        .split('\n')
        .flatMap((l) => {
        const m = LINE.exec(l.trim());
        return m && m[1].startsWith(`${stack}_`) ? [m] : [];
    })
        .map(([, name, mode, running, desired, image]) => {
        const release = refs[name.slice(stack.length + 1)];
        const pause = paused.find((p) => p.name === name)?.state;
        return {
            name: name,
            mode: mode,
            running: Number(running),
            desired: Number(desired),
            image: image,
            ...(release ? { release } : {}),
            ...(pause ? { paused: pause } : {}),
        };
    })
        .sort((a, b) => a.name.localeCompare(b.name));
}
/** What is off with a row: fewer tasks running than desired, an image that is not the live release's, a paused update. */
function rowProblems(r) {
    return [
        ...(r.running < r.desired ? [`${r.running} of ${r.desired} tasks running`] : []),
        ...(r.release && r.image !== r.release ? [`runs ${r.image}, the live release has ${r.release}`] : []),
        ...(r.paused ? [`swarm update ${r.paused}`] : []),
    ];
}
/** The rows as a markdown table, then one warning line per service that is off. */
function formatServiceRows(rows) {
    if (rows.length === 0)
        return ['', 'swarm: the stack has no service on the swarm'];
    const lines = ['', '| service | mode | tasks | image | live release |', '|---|---|---:|---|---|'];
    for (const r of rows) {
        const live = !r.release ? '-' : r.image === r.release ? 'yes' : 'NO';
        lines.push(`| ${r.name} | ${r.mode} | ${r.running}/${r.desired} | ${r.image} | ${live} |`);
    }
    for (const r of rows) {
        const problems = rowProblems(r);
        if (problems.length > 0)
            lines.push(`WARNING: ${r.name}: ${problems.join('; ')}`);
    }
    return lines;
}
/** A release's references as its record keeps them. */
const refsOf = (images) => Object.fromEntries(Object.entries(images ?? {}).flatMap(([sv, im]) => (im.ref ? [[sv, im.ref]] : [])));
//# sourceMappingURL=swarm-service-list.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/config-files.js
/**
 * Pure: the refusal of a swarm run whose configs/secrets swarm cannot carry (objects.ts). Swarm
 * configs and secrets are immutable: a name it holds with another content cannot take the release's
 * content, and `docker service update` (`--image`, `--force`) keeps the content a service was created
 * with. Refused before anything changes, saying how to get the content in.
 */

const listed = (conflicts) => conflicts.map((c) => `${c.service}: ${c.file}`).join(', ');
const held = (conflicts) => [...new Set(conflicts.map((c) => c.object))].join(', ');
/** Throws (exit 2) when a deploy's config/secret file has another content than swarm holds under its name. */
function refuseStaleConfigs(conflicts) {
    if (conflicts.length === 0)
        return;
    throw new errors/* UserError */.yo(`swarm configs and secrets are immutable: a \`configs\`/\`secrets\` file changed (${listed(conflicts)}) while swarm holds another content under its name: ${held(conflicts)}, ` +
        'so the service would keep the old content and `docker stack deploy` cannot replace it under the same name. ' +
        'Give the config (or secret) a new key in the compose file (e.g. `page_v2`, or a new `name:` such as `page-v2`) and reference it from the service: the deploy then creates it and updates the service.');
}
/**
 * Throws (exit 2) when a rollback's config/secret file has another content than swarm holds under
 * its name (the name was given another content after that release): swarm keeps the one content it
 * holds, so the rollback would report success on content that is not the target release's.
 */
function refuseRollbackConfigs(conflicts, to) {
    if (conflicts.length === 0)
        return;
    throw new errors/* UserError */.yo(`rollback to ${to}: a \`configs\`/\`secrets\` file differs from the content swarm holds under the same name (${listed(conflicts)}): swarm holds ${held(conflicts)} with another content, ` +
        'and swarm configs and secrets are immutable: the rollback would keep that content, not the content of that release. Nothing was changed. ' +
        "Deploy a commit that puts that release's content under a new key or `name:` in the compose file (e.g. `page_v2`) and references it from the service, " +
        'or remove the object by hand (`docker config rm`) when no service uses it.');
}
//# sourceMappingURL=config-files.js.map
;// CONCATENATED MODULE: ./lib/apply/swarm-paused.js
/**
 * Pure: services whose swarm update is paused (`update_config.failure_action: pause`, or a rollback
 * that paused). Swarm stops updating them, part of their tasks possibly on the spec that failed; a
 * run that does not change them would report success over them: refused before anything changes.
 */

const PAUSED = new Set(['paused', 'rollback_paused']);
/** Reads `stackUpdateStatusScript` output: the services whose UpdateStatus is paused or rollback_paused. */
function pausedServices(out) {
    return out.split('\n').flatMap((line) => {
        const space = line.trim().indexOf(' ');
        if (space < 0)
            return [];
        const name = line.trim().slice(0, space);
        let status = null;
        try {
            status = JSON.parse(line.trim().slice(space + 1));
        }
        catch {
            return [];
        }
        if (!status?.State || !PAUSED.has(status.State))
            return [];
        return [{ name, state: status.State, ...(status.Message ? { message: status.Message } : {}) }];
    });
}
/** Throws (exit 2) when a paused service is not among those the run changes (`touched`, swarm names). */
function refusePaused(paused, touched, what) {
    const left = paused.filter((p) => !touched.includes(p.name));
    if (left.length === 0)
        return;
    const each = left.map((p) => `${p.name}: swarm update ${p.state}${p.message ? ` (${p.message})` : ''}`).join('; ');
    const names = left.map((p) => p.name).join(' ');
    throw new errors/* UserError */.yo(`a swarm update was left paused: ${each}. This ${what} does not change ${left.length > 1 ? 'these services' : 'it'}, ` +
        'so it would report success while swarm has stopped updating it (some tasks may run the spec that failed). ' +
        `On the manager, \`docker service rollback ${names}\` puts it back on its previous spec ` +
        `(or \`docker service update --force ${names}\` retries the update); then run again.`);
}
//# sourceMappingURL=swarm-paused.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/decide.js
/** Pure: what a swarm run does with the plan — a stack deploy, or image updates of the planned services only. */


const sorted = (xs) => [...new Set(xs)].sort();
/**
 * The built services whose compose definition changed beyond `build`/`image` (the planner lists a
 * service whose build section changed under build only): `docker service update --image` would
 * leave the rest of the change (environment, configs, ...) unapplied.
 */
function redefinedBuilt(from, to, built) {
    const rest = (d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'build' && k !== 'image'));
    return sorted(built.filter((sv) => {
        const before = from?.services[sv];
        const after = to.services[sv];
        return !!before && !!after && !(0,values/* deepEqual */.bD)(rest(before.definition), rest(after.definition));
    }));
}
/**
 * The services that bind-mount files of the release (a relative source that is not a config/secret
 * `file:`) among those the plan builds or restarts, or among all when it runs tasks (a task writes
 * the new release's files: swarm/tasks.ts). `docker stack deploy` resolved their sources into the
 * directory of the release it ran from, and `docker service update` (`--image`, `--force`) keeps
 * them there, so a changed mounted file, or a task's output, would never reach the service. A stack
 * deploy from the new release points them at its files.
 */
function remountedServices(model, plan) {
    const inRelease = (source) => !/^(\/|~|\$|\.\.(\/|$))/.test(source);
    const candidates = plan.tasks.length > 0 ? Object.keys(model.services) : [...plan.build, ...plan.restart];
    return sorted(candidates.filter((sv) => {
        const service = model.services[sv];
        const configs = new Set(service?.configFiles ?? []);
        return !!service?.bindMounts.some((m) => inRelease(m) && !configs.has(m));
    }));
}
/**
 * `existing`: the services of the stack now on the swarm (none: the first deploy); `redefined`:
 * redefinedBuilt; `remounted`: remountedServices (both go through a stack deploy).
 */
function decideSwarm(plan, stack, existing, all, redefined = [], remounted = []) {
    if (existing.length === 0)
        return { kind: 'stack', reason: `first deploy: stack ${stack} has no service yet`, services: sorted(all), prune: false };
    // a service new in this release (e.g. only built: the plan has no recreate for it) is created by a stack deploy only
    const missing = sorted(all.filter((sv) => !existing.includes(sv) && !plan.remove.includes(sv)));
    if (missing.length > 0)
        return {
            kind: 'stack',
            reason: `not on the swarm yet: ${missing.join(', ')}`,
            services: sorted([...missing, ...plan.build, ...plan.recreate, ...plan.remove]),
            prune: plan.remove.length > 0,
        };
    if (plan.recreate.length > 0 || plan.remove.length > 0 || redefined.length > 0 || remounted.length > 0)
        return {
            kind: 'stack',
            reason: plan.recreate.length > 0 || plan.remove.length > 0 || redefined.length > 0
                ? 'the compose definition changed'
                : `services that bind-mount the release move to the new one: ${remounted.join(', ')}`,
            services: sorted([...plan.build, ...plan.recreate, ...plan.remove, ...remounted]),
            prune: plan.remove.length > 0,
        };
    return { kind: 'update', images: sorted(plan.build), restart: sorted(plan.restart.filter((s) => !plan.build.includes(s))) };
}
/**
 * The action with the services a stack deploy must (re)attach to their configs/secrets (objects.ts:
 * a name swarm does not hold, or one the service does not reference now): `docker service update`
 * keeps the objects a service has, so an update becomes a stack deploy.
 */
function withAttached(action, attach) {
    if (attach.length === 0)
        return action;
    if (action.kind === 'stack')
        return { ...action, services: sorted([...action.services, ...attach]) };
    return {
        kind: 'stack',
        reason: `configs/secrets to create or attach: ${attach.join(', ')}`,
        services: sorted([...action.images, ...action.restart, ...attach]),
        prune: false,
    };
}
/** Each built service's reference in the new release: this release's tag when it is built now, else the previous release's. */
function releaseRefs(reg, sha, buildable, built, previous) {
    const refOf = (sv) => (!built.includes(sv) && previous?.[sv]?.ref) || registryRef(reg, sv, sha);
    return Object.fromEntries(buildable.map((sv) => [sv, refOf(sv)]));
}
/** The services whose reference differs between two releases (what a rollback updates). */
const differingRefs = (from, to) => sorted(Object.keys(to).filter((sv) => from[sv] !== to[sv]));
/** The services (of `refs`) whose spec image on the swarm (`live`, its digest aside) is another reference; one not seen is not. */
const driftedServices = (live, refs) => sorted(Object.keys(refs).filter((sv) => !!live[sv] && live[sv].replace(/@sha256:[0-9a-f]+$/, '') !== refs[sv]));
/**
 * Whether the planned tasks run before the apply (their jobs take the network, mounts and environment
 * of their service as it runs now, and a failed task leaves every service as it was): when each
 * task's service is already on the swarm. Else (a first deploy, a service new in this release) they
 * run after the stack deploy has created it.
 */
const tasksBeforeApply = (tasks, config, existing) => tasks.every((t) => existing.includes(config[t]?.service ?? ''));
//# sourceMappingURL=decide.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/objects.js


const keyOf = (o) => `${o.kind} ${o.name}`;
const objects_sorted = (xs) => [...new Set(xs)].sort();
/** The objects the `services` of `model` use, one per swarm name. */
function releaseObjects(model, stack, services) {
    const byName = new Map();
    for (const sv of services)
        for (const o of model.services[sv]?.fileObjects ?? []) {
            const name = o.name ?? `${stack}_${o.key}`;
            const seen = byName.get(keyOf({ kind: o.kind, name })) ?? { kind: o.kind, name, file: o.file, services: [] };
            seen.services.push(sv);
            byName.set(keyOf(seen), seen);
        }
    return [...byName.values()];
}
const REFS_FORMAT = '{{range .Spec.TaskTemplate.ContainerSpec.Configs}}configs {{.ConfigName}}{{println}}{{end}}' +
    '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}secrets {{.SecretName}}{{println}}{{end}}';
/**
 * sh: `ref <service> <kind> <name>` for each object each service of the stack references now, then
 * `has configs <name> <sha256 of its content>` / `has secrets <name> <swarm ID>` for each object swarm holds.
 */
function swarmObjectsScript(stack, services, objects) {
    const refs = services.map((sv) => `docker service inspect --format ${(0,quote/* shellQuote */.Z)(REFS_FORMAT)} ${(0,quote/* shellQuote */.Z)(serviceName(stack, sv))} 2>/dev/null |` +
        ` while read -r k n; do if [ -n "$k" ]; then printf 'ref %s %s %s\\n' ${(0,quote/* shellQuote */.Z)(sv)} "$k" "$n"; fi; done`);
    const held = objects.map((o) => {
        const n = (0,quote/* shellQuote */.Z)(o.name);
        return o.kind === 'configs'
            ? `if d=$(docker config inspect --format '{{json .Spec.Data}}' ${n} 2>/dev/null); then` +
                ` printf 'has configs %s %s\\n' ${n} "$(printf '%s' "$d" | tr -d '"' | base64 -d | sha256sum | cut -d' ' -f1)"; fi`
            : `if i=$(docker secret inspect --format '{{.ID}}' ${n} 2>/dev/null); then printf 'has secrets %s %s\\n' ${n} "$i"; fi`;
    });
    return [...refs, ...held, 'true'].join('\n');
}
/** Parses swarmObjectsScript's output. */
function parseHeldObjects(out) {
    const refs = new Map();
    const held = new Map();
    for (const line of out.split('\n')) {
        const [tag, a, b, c] = line.trim().split(' ');
        if (tag === 'ref' && a && b && c)
            refs.set(a, (refs.get(a) ?? new Set()).add(`${b} ${c}`));
        if (tag === 'has' && a && b && c)
            held.set(`${a} ${b}`, c);
    }
    return { refs, held };
}
/** The content sha256 swarm holds for each recorded secret, by `<name> <swarm ID>` (from the releases' records). */
function recordedSecrets(releases) {
    const known = new Map();
    for (const r of releases)
        for (const [name, rec] of Object.entries(r.secrets ?? {}))
            if (typeof rec?.id === 'string' && typeof rec.sha256 === 'string')
                known.set(`${name} ${rec.id}`, rec.sha256);
    return known;
}
/** Whether swarm holds `o` under its name with another content than the release's file (`hash`), as far as it can be told. */
function heldOther(o, held, hash, recorded) {
    if (held === undefined || hash === undefined)
        return false;
    const content = o.kind === 'configs' ? held : recorded.get(`${o.name} ${held}`);
    return content !== undefined && content !== hash;
}
/**
 * `hashes`: each file's sha256 in the release (absent: not in it, the stack deploy says so);
 * `changed`: the files that differ from the live release's; `recorded`: recordedSecrets. Services
 * not on the swarm (`existing`) are created by a stack deploy and only checked for a conflicting content.
 */
function judgeObjects(objects, seen, hashes, changed, recorded = new Map()) {
    const attach = [];
    const conflicts = [];
    for (const o of objects) {
        const held = seen.held.get(keyOf(o));
        const hash = hashes.get(o.file);
        for (const sv of o.services) {
            const uses = seen.refs.get(sv)?.has(keyOf(o)) ?? false;
            const other = heldOther(o, held, hash, recorded) || (o.kind === 'secrets' && uses && changed.has(o.file));
            if (other)
                conflicts.push({ service: sv, file: o.file, object: `${o.kind.slice(0, -1)} ${o.name}` });
            else if (!uses)
                attach.push(sv);
        }
    }
    return { attach: objects_sorted(attach), conflicts };
}
//# sourceMappingURL=objects.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/object-check.js
/** Runner: what swarm holds under the names of a release's configs/secrets, judged against the commit's files (objects.ts). */



/** One round trip to the manager, only when the release's services use a config/secret with a `file:`. */
async function checkObjects(base, model, stack, changes) {
    const services = Object.keys(model.services).sort();
    const objects = releaseObjects(model, stack, services);
    if (objects.length === 0)
        return { attach: [], conflicts: [], secrets: new Map() };
    const files = [...new Set(objects.map((o) => o.file))];
    const [out, blobs] = await Promise.all([
        base.s.conn.exec.sh(swarmObjectsScript(stack, services, objects)),
        (0,git_blobs/* readBlobObjects */.GB)(base.s.settings.repo, files.map((path) => ({ sha: base.sha, path }))),
    ]);
    const hashes = new Map(files.flatMap((f, i) => {
        const blob = blobs[i];
        return blob ? [[f, (0,external_node_crypto_.createHash)('sha256').update(blob.content).digest('hex')]] : [];
    }));
    const changed = new Set(changes.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]));
    const verdict = judgeObjects(objects, parseHeldObjects(out.stdout), hashes, changed, recordedSecrets(base.state.releases));
    const secrets = objects.flatMap((o) => (o.kind === 'secrets' && hashes.has(o.file) ? [[o.name, hashes.get(o.file)]] : []));
    return { ...verdict, secrets: new Map(secrets) };
}
//# sourceMappingURL=object-check.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/run.js
/** What every phase of a swarm deploy shares, read once from the manager. */












/** The compose directory of a release on the manager. */
const composeDirOf = (d, releaseId) => external_node_path_.posix.join(d.layout.releaseDir(releaseId), d.s.config.compose.directory);
/**
 * The services the run's stack deploy removes (`--prune`: on the swarm before the run, not in the
 * new release): Verify waits until their tasks have stopped; the revert's stack deploy creates them again.
 */
const prunedBy = (d) => d.action.kind === 'stack' && d.action.prune
    ? d.plan.remove.filter((sv) => d.existing.includes(sv)).map((sv) => serviceName(d.target.stack, sv))
    : [];
/** The stack's services: each one's swarm name and spec image ('' when not printed). */
async function stackServices(exec, stack) {
    const out = (await exec.run(stackServicesArgs(stack))).stdout;
    return out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.startsWith(`${stack}_`))
        .map((l) => ({ name: l.split(' ')[0], image: l.split(' ')[1] ?? '' }));
}
/** The swarm names of the stack's services. */
const stackServiceNames = async (exec, stack) => (await stackServices(exec, stack)).map((sv) => sv.name);
/** The stack's services on the swarm (without the `<stack>_` prefix), with each one's spec image. */
const existingServices = async (base, stack) => Object.fromEntries((await stackServices(base.s.conn.exec, stack)).map((sv) => [sv.name.slice(stack.length + 1), sv.image]));
/**
 * An update also puts back every built service whose image on the swarm is not the one the run
 * leaves it on (`refs`): an interrupted run (link cut after its update) left it there, and the plan,
 * made from the recorded release, does not see it.
 */
function withDrifted(base, action, live, refs) {
    if (action.kind !== 'update')
        return action;
    // only references that exist: a rollback's recorded ones, the ones built now or recorded by the live release
    const known = (sv) => !!base.rollback || base.plan.build.includes(sv) || !!base.previous?.images?.[sv]?.ref;
    const drifted = driftedServices(live, refs).filter((sv) => known(sv) && !action.images.includes(sv));
    if (drifted.length === 0)
        return action;
    const each = drifted.map((sv) => `${sv} runs ${live[sv]}, not ${refs[sv]}`).join('; ');
    base.s.reporter.warning(`on the swarm, ${each} (an interrupted run?): updated too`);
    return { ...action, images: [...action.images, ...drifted].sort(), restart: action.restart.filter((sv) => !drifted.includes(sv)) };
}
/** The stack's services the action changes (swarm names): a stack deploy's, or an update's images and restarts. */
const run_touchedBy = (action, stack) => (action.kind === 'stack' ? action.services : [...action.images, ...action.restart]).map((sv) => serviceName(stack, sv));
/** A deploy (refs of the new release) or, with `base.rollback`, a rollback (the retained release's refs; only those that differ are updated). */
async function swarmRun(base, planned) {
    const target = base.s.target;
    const reg = registryOf(base.s.config, target, base.s.settings.registryPassword);
    if (!reg)
        throw new errors/* UserError */.yo('strategy "swarm" needs `build:` with a registry (swarm nodes pull the images from it)');
    const model = planned.input.composeTo;
    const buildable = Object.values(model.services)
        .filter((sv) => sv.build)
        .map((sv) => sv.name);
    const [live, updates, objects] = await Promise.all([
        existingServices(base, target.stack),
        base.s.conn.exec.sh(stackUpdateStatusScript(target.stack)),
        checkObjects(base, model, target.stack, planned.input.changes),
    ]);
    const existing = Object.keys(live);
    const to = base.rollback?.to;
    const refs = to ? refsOf(to.images) : releaseRefs(reg, base.sha, buildable, base.plan.build, base.previous?.images);
    const untagged = buildable.filter((sv) => !refs[sv]);
    if (to && untagged.length > 0)
        throw new errors/* UserError */.yo(`release ${(0,core_text/* shortSha */.Fu)(to.id)} recorded no registry tag for ${untagged.join(', ')}: a swarm rollback never builds`);
    const redefined = redefinedBuilt(planned.input.composeFrom, model, base.plan.build);
    const remounted = remountedServices(model, base.plan);
    let action = decideSwarm(base.plan, target.stack, existing, Object.keys(model.services), redefined, remounted);
    if (to)
        refuseRollbackConfigs(objects.conflicts, (0,core_text/* shortSha */.Fu)(to.id));
    else
        refuseStaleConfigs(objects.conflicts);
    if (to && action.kind === 'update')
        action = { ...action, images: differingRefs(refsOf(base.previous?.images), refs) };
    action = withDrifted(base, withAttached(action, objects.attach), live, refs);
    refusePaused(pausedServices(updates.stdout), run_touchedBy(action, target.stack), to ? 'rollback' : 'deploy');
    return {
        ...base,
        target,
        layout: (0,sync_layout/* layoutOf */.aH)(target.path),
        planned,
        reg,
        auth: !!reg.username,
        refs,
        action,
        existing,
        changed: new Map(),
        versions: new Map(),
        removing: [],
        secrets: objects.secrets,
    };
}
//# sourceMappingURL=run.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/apply.js
/** Runner: the apply step of a swarm run — a stack deploy, or image updates of the planned services — then the convergence watch. */








/** The sh lines of the run's action (pure given the run). */
function actionLines(d, releaseId) {
    const { stack } = d.target;
    const a = d.action;
    if (a.kind === 'stack')
        return stackDeployLines(composeDirOf(d, releaseId), d.s.config.compose.files, stack, d.refs, { auth: d.auth, prune: a.prune });
    return [
        ...a.images.map((sv) => (0,quote/* shellJoin */.n)(serviceImageArgs(serviceName(stack, sv), d.refs[sv], d.auth))),
        ...a.restart.map((sv) => (0,quote/* shellJoin */.n)(serviceForceArgs(serviceName(stack, sv)))),
    ];
}
/** The swarm names of the services the action changes. */
function actionServices(d) {
    const a = d.action;
    const services = a.kind === 'stack' ? a.services.filter((sv) => !d.plan.remove.includes(sv)) : [...a.images, ...a.restart];
    return services.map((sv) => serviceName(d.target.stack, sv));
}
/** Runs the action on the manager (their UpdateStatus, and the tasks of the services it removes, noted first: the revert and the watch read them). */
async function applySwarm(d) {
    const lines = actionLines(d, d.sha);
    if (lines.length === 0)
        return d.s.reporter.info('no swarm service to change');
    const exec = d.s.conn.exec;
    const names = actionServices(d);
    const update = d.action.kind === 'update';
    const [statuses, versions, removing] = await Promise.all([
        updateStatuses(exec, names),
        update ? specVersions(exec, names) : new Map(),
        tasksOf(exec, prunedBy(d)),
    ]);
    d.removing.push(...removing);
    for (const [n, version] of versions)
        d.versions.set(n, version);
    for (const [n, status] of statuses)
        d.changed.set(n, status);
    d.s.reporter.info(lines.filter((l) => l.startsWith('docker ')).join('\n'));
    await runInRegistrySession(exec, d.reg, lines, d.action.kind === 'stack' ? `stack deploy of ${d.target.stack}` : 'service update');
}
/** A converged run with global services while nodes are down says so: their tasks there are not updated yet. */
async function warnDownNodes(d) {
    if (d.changed.size === 0)
        return;
    const down = await downNodes(d.s.conn.exec);
    const warning = down.length > 0 ? downNodesWarning(down, await globalServices(d.s.conn.exec, [...d.changed.keys()])) : '';
    if (warning)
        d.s.reporter.warning(warning);
}
/** The removed services' tasks stopped on their nodes, each changed service converged (swarm's update_config decides), then health.url from the manager. */
async function verifySwarm(d) {
    const { health } = d.target;
    await waitTasksEnded(d.s.conn.exec, d.removing, health.timeout);
    if (d.removing.length > 0)
        d.s.reporter.info(`removed services stopped: ${[...new Set(d.removing.map((t) => t.service))].join(', ')}`);
    await waitConverged(d.s.conn.exec, d.changed, health.timeout);
    if (d.changed.size > 0)
        d.s.reporter.info(`converged: ${[...d.changed.keys()].join(', ')}`);
    await warnDownNodes(d);
    if (health.url)
        await waitForHttp(d.s.conn.exec, healthExpectation(health));
}
/**
 * The release's secrets as swarm holds them once the run went live: its ID for each and the sha256
 * of the release's file (the content it holds: a stack deploy creates a secret from the file, and
 * swarm refuses to give one it holds another content), for a later run to compare (objects.ts).
 */
async function secretRecords(d) {
    if (d.secrets.size === 0)
        return undefined;
    const out = (await d.s.conn.exec.run(secretIdsArgs([...d.secrets.keys()]), { allowFailure: true })).stdout;
    const ids = new Map(out.split('\n').flatMap((l) => (l.trim().split(' ').length === 2 ? [l.trim().split(' ')] : [])));
    const records = [...d.secrets].flatMap(([name, sha256]) => (ids.has(name) ? [[name, { id: ids.get(name), sha256 }]] : []));
    return records.length > 0 ? Object.fromEntries(records) : undefined;
}
//# sourceMappingURL=apply.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/task-commands.js
/**
 * Pure builders and readers of a task run on the swarm: a one-off `replicated-job` service from the
 * new release's image of the task's service, with that service's networks, mounts, placement and
 * environment (the environment goes in an env file written through stdin, never in argv).
 */


/** The job service's name: `<stack>_task_<name>_<sha8>`. */
const jobName = (stack, task, sha) => `${stack}_task_${task}_${sha.slice(0, 8)}`;
/** The spec of a service as JSON. */
const serviceSpecArgs = (name) => ['docker', 'service', 'inspect', '--format', '{{json .Spec}}', name];
/** A `--mount` value (CSV: a field holding `,` or `"` is quoted). */
function mountValue(m) {
    const csv = (f) => (/[,"]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    const fields = [`type=${m.Type ?? 'volume'}`, ...(m.Source ? [`source=${m.Source}`] : []), `target=${m.Target}`];
    return [...fields, ...(m.ReadOnly ? ['readonly'] : [])].map(csv).join(',');
}
/**
 * A bind source inside a release directory of `r.root` (`<root>/releases/<id>[/…]`, which a stack
 * deploy run there made absolute) or under `<root>/current`, moved into the new release (`r.dir`).
 * The service runs the live release, whose files a task must not change (before the switch, the
 * live site; after a failed run, what the undo goes back to): the task writes the new release's.
 */
function newReleaseSource(source, r) {
    const root = r.root.replace(/\/+$/, '');
    const within = (prefix) => source === prefix || source.startsWith(`${prefix}/`);
    if (within(`${root}/current`))
        return r.dir + source.slice(`${root}/current`.length);
    if (!source.startsWith(`${root}/releases/`))
        return source;
    const id = source.slice(`${root}/releases/`.length).split('/')[0];
    return id === '' || id === '.' || id === '..' ? source : r.dir + source.slice(`${root}/releases/${id}`.length);
}
/** Reads `serviceSpecArgs` output; with `release`, bind sources in a release are the new release's (newReleaseSource). */
function parseJobSpec(out, release) {
    const spec = JSON.parse(out);
    const t = spec.TaskTemplate ?? {};
    const c = t.ContainerSpec ?? {};
    const moved = (m) => release && m.Type === 'bind' && m.Source ? { ...m, Source: newReleaseSource(m.Source, release) } : m;
    return {
        env: c.Env ?? [],
        networks: (t.Networks ?? spec.Networks ?? []).map((n) => n.Target),
        mounts: (c.Mounts ?? []).map((m) => mountValue(moved(m))),
        constraints: t.Placement?.Constraints ?? [],
        ...(c.Dir ? { workdir: c.Dir } : {}),
        ...(c.User ? { user: c.User } : {}),
    };
}
/** The env file's text (`KEY=value` lines); a value with a line break cannot be put in one, and is refused. */
function envFileText(env, task) {
    const bad = env.filter((e) => /[\r\n]/.test(e)).map((e) => e.split('=')[0]);
    if (bad.length > 0)
        throw new errors/* UserError */.yo(`task ${task}: environment ${bad.join(', ')} holds a line break, which an env file cannot carry`);
    return env.map((e) => `${e}\n`).join('');
}
/** sh: a private temp dir with the env file read from stdin (mode 0600); prints the file's path. */
const envFileScript = () => 'umask 077\nd=$(mktemp -d)\ncat > "$d/task.env"\nprintf \'%s\' "$d/task.env"\n';
/** sh: the env file's temp dir removed (`file` as envFileScript printed it). */
const removeEnvFileScript = (file) => `rm -rf ${(0,quote/* shellQuote */.Z)(file.replace(/\/task\.env$/, ''))}`;
/** `docker service create` of the job: runs `command` once through `sh -c`, never restarted, detached. */
function jobCreateArgs(name, image, command, spec, opts) {
    return [
        'docker',
        'service',
        'create',
        '--detach',
        '--quiet',
        '--mode',
        'replicated-job',
        '--restart-condition',
        'none',
        '--name',
        name,
        '--label',
        'gitops-deploy.task=1',
        '--env-file',
        opts.envFile,
        ...spec.networks.flatMap((n) => ['--network', n]),
        ...spec.mounts.flatMap((m) => ['--mount', m]),
        ...spec.constraints.flatMap((c) => ['--constraint', c]),
        ...(spec.workdir ? ['--workdir', spec.workdir] : []),
        ...(spec.user ? ['--user', spec.user] : []),
        ...(opts.auth ? ['--with-registry-auth'] : []),
        image,
        'sh',
        '-c',
        command,
    ];
}
/** `<state> <error>` of the job's task(s), one a line. */
const jobStateArgs = (name) => [
    'docker',
    'service',
    'ps',
    '--no-trunc',
    '--format',
    '{{.CurrentState}}|{{.Error}}',
    name,
];
const jobLogsArgs = (name) => ['docker', 'service', 'logs', '--raw', '--no-trunc', name];
const jobRemoveArgs = (name) => ['docker', 'service', 'rm', name];
const ENDED_BADLY = new Set(['Failed', 'Rejected', 'Shutdown', 'Orphaned', 'Remove']);
/** Reads `jobStateArgs` output: the job's single task Complete, Failed (with swarm's error), or still on its way. */
function judgeJob(out) {
    const line = out.split('\n').find((l) => l.trim() !== '');
    if (!line)
        return { state: 'running', why: 'no task scheduled yet' };
    const [current = '', error = ''] = line.split('|');
    const state = current.trim().split(/\s+/)[0] ?? '';
    if (state === 'Complete')
        return { state: 'complete' };
    if (state === 'Failed' && error.trim())
        return { state: 'failed', why: error.trim() };
    if (ENDED_BADLY.has(state))
        return { state: 'failed', why: `${state.toLowerCase()}${error.trim() ? `: ${error.trim()}` : ''}` };
    return { state: 'running', why: current.trim() };
}
//# sourceMappingURL=task-commands.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/describe.js
/** Dry-run lines of a swarm run (pure): the action, the services it touches, the commands on the manager, the wait for removed services' tasks, the tasks' jobs. */






/** One line per planned task: the job it would run, from which image, before or after the apply. */
function taskLines(d) {
    const { tasks } = d.s.config;
    if (d.plan.tasks.length === 0)
        return [];
    const when = tasksBeforeApply(d.plan.tasks, tasks, d.existing) ? 'before' : 'after';
    return [
        `tasks, each once as a swarm job (replicated-job), ${when} the services change:`,
        ...d.plan.tasks.map((t) => {
            const sv = tasks[t]?.service ?? '?';
            return `  ${t}: ${tasks[t]?.command ?? '?'} (job ${jobName(d.target.stack, t, d.sha)} from ${d.refs[sv] ?? `no release image of ${sv}`})`;
        }),
    ];
}
function describeSwarm(d) {
    const a = d.action;
    const what = a.kind === 'stack'
        ? `docker stack deploy of ${d.target.stack} (${a.reason}); it touches: ${a.services.join(', ') || 'no service'}`
        : `docker service update of ${[...a.images, ...a.restart].join(', ') || 'no service'} only (the other services are untouched)`;
    return [
        `dry-run: nothing was changed on the manager; a deploy of ${(0,core_text/* shortSha */.Fu)(d.sha)} would run ${what}:`,
        ...actionLines(d, d.sha).map((l) => `  ${l}`),
        ...describeRemovalWait(prunedBy(d), d.target.health.timeout).map((l) => `  ${l}`),
        ...taskLines(d).map((l) => `  ${l}`),
    ];
}
//# sourceMappingURL=describe.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/repair.js
/**
 * The repair of an interrupted swarm run. A run cut off or killed after its switch (during the apply,
 * the tasks or the verify) cannot revert: `current` stays on a release state.json never recorded as
 * live. Before the next run changes anything, `current` goes back to the live release, loudly, as a
 * compose target's repair does (compose/repair.ts); the services the cut-off run updated are put
 * back by the run itself (run.ts withDrifted, or its stack deploy).
 */




const OFF = '@off ';
/** Script (pure): when `current` does not point at `live`, prints `@off <the release it points at>` and switches it back. */
function repairLinkScript(layout, live) {
    return [
        `link=$(${(0,sync_layout/* readCurrentScript */.Bu)(layout)})`,
        `[ "$link" = ${(0,quote/* shellQuote */.Z)(live)} ] && exit 0`,
        `printf '${OFF}%s\\n' "$link"`,
        (0,sync_layout/* switchCurrentScript */.lI)(layout, live),
    ].join('\n');
}
/** The warning for what repairLinkScript printed (pure); undefined when `current` was right. */
function repairLinkWarning(stdout, live) {
    const line = stdout.split('\n').find((l) => l.startsWith(OFF));
    if (line === undefined)
        return undefined;
    const link = line.slice(OFF.length).trim();
    return `REPAIRED AN INTERRUPTED DEPLOY: \`current\` pointed to ${link ? (0,core_text/* shortSha */.Fu)(link) : 'nothing'} while state.json records ${(0,core_text/* shortSha */.Fu)(live)} as live (a run cut off or killed after its switch). current → releases/${(0,core_text/* shortSha */.Fu)(live)}; the services on the swarm are put back on the releases this run leaves them on.`;
}
/** Puts `current` back on `live` when an interrupted run left it elsewhere (one round trip), with a warning. */
async function repairLink(s, layout, live) {
    if (!live)
        return;
    const r = await s.conn.exec.sh(repairLinkScript(layout, live.id));
    const warning = repairLinkWarning(r.stdout, live.id);
    if (!warning)
        return;
    await (0,session/* phase */.Oi)(s, 'Repair', async () => {
        s.reporter.warning(warning);
        s.report.warnings.push(warning);
    });
}
//# sourceMappingURL=repair.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/revert.js
/**
 * The undo of a failed swarm run: `current` back, then the services it changed back on the previous
 * release — swarm's own `docker service rollback` for image updates (skipped where swarm already
 * rolled back), a stack deploy of the previous release for a changed definition.
 */








/** sh lines of the revert (pure): `rollingBack` are the services swarm is already rolling back. */
function revertLines(d, rollingBack) {
    const previous = d.previous;
    if (d.action.kind === 'stack') {
        const refs = refsOf(previous.images);
        return stackDeployLines(composeDirOf(d, previous.id), d.s.config.compose.files, d.target.stack, refs, { auth: d.auth, prune: true });
    }
    return [...d.changed.keys()].filter((n) => !rollingBack.includes(n)).map((n) => (0,quote/* shellJoin */.n)(serviceRollbackArgs(n)));
}
/** The changed services swarm rolls back by itself (its update status says rollback). */
async function rollingBackNow(d, names) {
    const seen = await Promise.all(names.map(async (n) => [n, await lookAt(d.s.conn.exec, n, d.changed.get(n))]));
    return seen.flatMap(([n, c]) => (c.state === 'failed' && c.rolledBack ? [n] : []));
}
/**
 * An update's services whose spec the run did not change are left out of `changed` (its script may
 * have stopped part-way): `docker service rollback` would put them on an older spec still.
 */
async function keepChanged(d) {
    if (d.action.kind !== 'update' || d.versions.size === 0)
        return;
    const now = await specVersions(d.s.conn.exec, [...d.versions.keys()]);
    for (const [n, before] of d.versions)
        if (before !== '' && now.get(n) === before)
            d.changed.delete(n);
}
/**
 * The changed services split into those the revert puts back, and those a stack deploy created
 * (not on the swarm before the run, or never created when the stack deploy failed): the previous
 * release's stack deploy (`--prune`) removes them, so there is nothing of theirs to look at.
 */
function splitAdded(d) {
    const names = [...d.changed.keys()];
    if (d.action.kind !== 'stack')
        return [names, []];
    const before = new Set(d.existing.map((sv) => serviceName(d.target.stack, sv)));
    return [names.filter((n) => before.has(n)), names.filter((n) => !before.has(n))];
}
async function revertSwarm(d) {
    const previous = d.previous;
    const exec = d.s.conn.exec;
    if (d.progress.has('switch'))
        await exec.sh((0,sync_layout/* switchCurrentScript */.lI)(d.layout, previous.id));
    if (d.progress.has('apply'))
        await keepChanged(d);
    const pruned = d.progress.has('apply') ? prunedBy(d) : [];
    if (!d.progress.has('apply') || (d.changed.size === 0 && pruned.length === 0))
        return { rolledBack: false, description: `nothing went live: the services still run ${(0,core_text/* shortSha */.Fu)(previous.id)}` };
    const [names, added] = splitAdded(d);
    const bySwarm = await rollingBackNow(d, names);
    const lines = revertLines(d, bySwarm);
    const before = await updateStatuses(exec, [...names, ...pruned]);
    if (lines.length > 0)
        await runInRegistrySession(exec, d.reg, lines, `revert of ${d.target.stack}`);
    await waitConverged(exec, before, d.target.health.timeout, { rollingBack: true });
    const how = d.action.kind === 'stack' ? 'stack deploy of the previous release' : 'docker service rollback';
    const swarm = bySwarm.length ? `; swarm had rolled back ${bySwarm.join(', ')} itself` : '';
    const gone = added.length ? `; ${added.join(', ')} (new in the failed release) removed` : '';
    const back = [...names, ...pruned].join(', ');
    return { rolledBack: true, description: `reverted to ${(0,core_text/* shortSha */.Fu)(previous.id)}: ${back} back (${how})${gone}${swarm}` };
}
//# sourceMappingURL=revert.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/tasks.js
/**
 * Runner: each planned task once, as a swarm job from the release's image of its service (with that
 * service's networks, mounts, placement and environment), watched until Complete or Failed, its logs
 * printed, the job removed (always). A failed task fails the run.
 */






/** The task's service and the image its job runs: the release's reference of that service. */
function taskImage(d, name, task) {
    if (!task?.service)
        throw new errors/* UserError */.yo(`task ${name}: no service to run in (strategy "swarm" runs a task from its service's image)`);
    const image = d.refs[task.service];
    if (!image)
        throw new errors/* UserError */.yo(`task ${name}: service ${task.service} has no image built by gitops-deploy (no build:), so no release image to run`);
    return { service: task.service, image };
}
/** Polls the job until it ends or `timeoutMs` passes (then it counts as failed). */
async function waitJob(exec, name, timeoutMs, intervalMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const seen = judgeJob((await exec.run(jobStateArgs(name), { allowFailure: true })).stdout);
        if (seen.state !== 'running')
            return seen;
        if (Date.now() > deadline)
            return { state: 'failed', why: `not done within ${Math.round(timeoutMs / 1000)} s (${seen.why})` };
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}
/** Creates the job (env file through stdin, removed once the job holds it). */
async function createJob(d, job, image, command, service, task) {
    const exec = d.s.conn.exec;
    const release = { root: d.layout.root, dir: d.layout.releaseDir(d.sha) };
    const spec = parseJobSpec((await exec.run(serviceSpecArgs(serviceName(d.target.stack, service)))).stdout, release);
    const envFile = (await exec.sh(envFileScript(), { stdin: envFileText(spec.env, task) })).stdout.trim();
    try {
        const create = jobCreateArgs(job, image, command, spec, { envFile, auth: d.auth });
        // a job left by an interrupted run of the same release is replaced
        const lines = [`${(0,quote/* shellJoin */.n)(jobRemoveArgs(job))} >/dev/null 2>&1 || true`, (0,quote/* shellJoin */.n)(create)];
        await runInRegistrySession(exec, d.reg, lines, `task ${task}`);
    }
    finally {
        await exec.sh(removeEnvFileScript(envFile), { allowFailure: true });
    }
}
/** One task: its job created, watched, its logs printed, removed; throws when it failed. */
async function runTask(d, name, intervalMs) {
    const task = d.s.config.tasks[name];
    const { service, image } = taskImage(d, name, task);
    const exec = d.s.conn.exec;
    const job = jobName(d.target.stack, name, d.sha);
    d.s.reporter.info(`task ${name}: ${task.command} (swarm job ${job} from ${image})`);
    let logs = '';
    let ended = { state: 'failed', why: 'not started' };
    try {
        await createJob(d, job, image, task.command, service, name);
        ended = await waitJob(exec, job, d.target.health.timeout, intervalMs);
        const r = await exec.run(jobLogsArgs(job), { allowFailure: true });
        logs = r.stdout + r.stderr;
        for (const line of logs.split('\n').filter((l) => l !== ''))
            d.s.reporter.info(`[${name}] ${line}`);
    }
    finally {
        await exec.run(jobRemoveArgs(job), { allowFailure: true });
    }
    if (ended.state === 'failed')
        throw new Error(`task ${name} failed (${ended.why})${logs.trim() ? `:\n${(0,core_text/* tail */.RT)(logs)}` : ''}`);
}
/** The planned tasks in plan order. */
async function runSwarmTasks(d, opts = {}) {
    for (const name of d.plan.tasks)
        await runTask(d, name, opts.intervalMs ?? 1000);
}
//# sourceMappingURL=tasks.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/strategy.js
/**
 * Docker Swarm as a pipeline strategy: the images are built once and pushed (publish), the release
 * is uploaded to the manager and `current` switched, then either `docker stack deploy` (first deploy,
 * changed compose definition) or `docker service update --image` of the planned services only.
 * Swarm's update_config does the rolling and its rollback; the run watches each service converge.
 * Planned tasks run once each as a swarm job from the new image, before the apply (tasks.ts).
 */
















/** The repair of an interrupted run's `current`, the shared-path check, then the backup on the manager (skipped when nothing changes). */
async function swarm_strategy_preflight(d) {
    const { s } = d;
    await repairLink(s, d.layout, d.previous);
    await refuseSharedConflicts(s.conn, d.target);
    return backupStep(s, d.sha, d.previous, undefined, protectedBackups(d.target.keep_releases, d.state));
}
function swarm_strategy_steps(d) {
    const { s } = d;
    const switchCurrent = async () => {
        await (0,fault_point/* faultPoint */.J)('switch');
        await s.conn.exec.sh((0,sync_layout/* switchCurrentScript */.lI)(d.layout, d.sha));
    };
    const tasks = d.plan.tasks.length > 0 ? [{ phase: 'tasks', title: 'Tasks', run: () => runSwarmTasks(d) }] : [];
    const first = tasksBeforeApply(d.plan.tasks, s.config.tasks, d.existing);
    return [
        { phase: 'upload', title: 'Upload', run: () => uploadTree(s, d.target, d.sha, d.previous?.id, undefined, d.plan.tasks.length > 0) },
        { phase: 'switch', run: switchCurrent },
        ...(first ? tasks : []),
        { phase: 'apply', title: 'Apply', run: () => applySwarm(d) },
        ...(first ? [] : tasks),
        { phase: 'verify', title: 'Verify', run: () => verifySwarm(d) },
    ];
}
const swarmStrategy = {
    plannerConfig: (s) => s.config,
    prepare: swarmRun,
    describe: describeSwarm,
    idle: () => undefined,
    publish: publishImages,
    preflight: swarm_strategy_preflight,
    begin: async () => undefined,
    steps: swarm_strategy_steps,
    revertsFirstDeploy: false,
    revert: revertSwarm,
    finish: async () => undefined,
    completeRelease: async (d, release) => {
        release.images = Object.fromEntries(Object.entries(d.refs).map(([sv, ref]) => [sv, { name: ref, id: ref, ref }]));
        const secrets = await secretRecords(d);
        if (secrets)
            release.secrets = secrets;
    },
    auditServices: (p) => ({ images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
    pruneListing: (d) => `${pruneListingScript(d.layout)}\n${mountedReleasesScript(d.target.stack, d.layout.releases)}`,
    prune: (d, state, listing) => pruneReleases(d.s, d.layout, state, d.target.keep_releases, listing),
};
//# sourceMappingURL=strategy.js.map
;// CONCATENATED MODULE: ./lib/strategies/index.js



const STRATEGIES = {
    compose: composeStrategy,
    passenger: passengerStrategy,
    swarm: swarmStrategy,
};
const strategyOf = (target) => STRATEGIES[target.strategy];
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./lib/commands/dry-run-offline.js





const OFFLINE_NOTE = 'dry-run without an SSH key: nothing was read from or changed on the host';
async function dryRunOffline(settings, config, reporter, report) {
    const { name, target } = (0,session/* requireTarget */.Fm)(settings, config);
    report.target = name;
    const planned = await (0,session/* phase */.Oi)({ reporter, report }, 'Plan', () => (0,plan.computePlan)(settings, (0,tasks/* plannerConfigFor */.ak)(config, name), reporter, report));
    (0,plan.warnUnmatched)(reporter, report, planned.plan);
    const from = settings.from
        ? `from ${settings.from} (given)`
        : 'from an unknown deployed revision (give from/--from, or an SSH key to read it)';
    report.notes.push(`${OFFLINE_NOTE}; planned ${from}.`);
    if (target.strategy === 'compose')
        report.notes.push(...describeDryRun(planned.plan, composeSite(config, target).inv, config.tasks));
    else
        report.notes.push('the passenger steps (pip, tasks, restart) depend on the host: give an SSH key to see them');
}
//# sourceMappingURL=dry-run-offline.js.map
;// CONCATENATED MODULE: ./lib/commands/deploy.js







async function deployCommand(settings, config, reporter, report) {
    if (settings.dryRun && !settings.ssh.privateKey)
        return dryRunOffline(settings, config, reporter, report);
    // the local git work of resolving `to` runs while the session opens
    const resolving = settings.dryRun ? undefined : (0,plan.resolveTo)(settings);
    resolving?.catch(() => undefined);
    await (0,session/* withSession */.fQ)(settings, config, reporter, report, async (s) => {
        const run = () => deployWith(s, strategyOf(s.target), resolving && (() => resolving));
        if (settings.dryRun)
            return run();
        const info = {
            ref: settings.to,
            task: 'deploy',
            description: `gitops-deploy ${(0,core_text/* shortSha */.Fu)(settings.to)} to ${s.targetName}`,
            onCreated: (d) => (report.deployment = d),
        };
        return withGithubDeployment(settings, s.targetName, reporter, info, run);
    });
}
//# sourceMappingURL=deploy.js.map
// EXTERNAL MODULE: ./lib/transport/host-keys.js
var host_keys = __webpack_require__(62212);
// EXTERNAL MODULE: ./lib/core/units.js
var units = __webpack_require__(17564);
// EXTERNAL MODULE: ./lib/session/lock.js
var lock = __webpack_require__(91337);
;// CONCATENATED MODULE: ./lib/verify/host-checks.js
/**
 * Script builders of `doctor`'s host checks (pure). Each script changes nothing on the host and
 * prints one verdict line (first word ok / fail / missing, then the details); the parsers and the
 * fixes live in commands/doctor-checks.ts.
 */

/** `d=<nearest existing ancestor of path>` (the deploy path may not exist before the first deploy). */
const nearestExisting = (path) => `d=${(0,quote/* shellQuote */.Z)(path)}\nwhile [ ! -e "$d" ]; do d=$(dirname -- "$d"); done`;
/** Whether the docker daemon answers this user: `ok <server version>`, `missing`, or `fail <last error line>`. */
function dockerAccessScript() {
    return [
        'if ! command -v docker >/dev/null 2>&1; then echo missing; exit 0; fi',
        "if out=$(docker info --format '{{.ServerVersion}}' 2>&1 </dev/null); then printf 'ok %s\\n' \"$out\"",
        "else printf 'fail %s\\n' \"$(printf '%s\\n' \"$out\" | grep -v '^$' | tail -n 1)\"; fi",
    ].join('\n');
}
/** Whether this engine manages a swarm (a stack deploys only there): `ok`, or `fail <its LocalNodeState>`. */
function swarmManagerScript() {
    return [
        "out=$(docker info --format '{{.Swarm.ControlAvailable}} {{.Swarm.LocalNodeState}}' 2>&1 </dev/null)",
        `case "$out" in 'true '*) echo ok ;; *) printf 'fail %s\\n' "\${out#false }" ;; esac`,
    ].join('\n');
}
/**
 * Whether the user can write the deploy path: `ok exists` (a temporary file was created and removed),
 * `ok missing <ancestor>` (the first deploy can create it there), or `fail <ls -ld of the blocker>`.
 */
function writeAccessScript(path) {
    return [
        nearestExisting(path),
        `if [ "$d" = ${(0,quote/* shellQuote */.Z)(path)} ]; then`,
        '  t="$d/.gitops-doctor.$$"',
        `  if [ -d "$d" ] && : > "$t" 2>/dev/null; then rm -f -- "$t"; echo 'ok exists'; else printf 'fail %s\\n' "$(ls -ld -- "$d")"; fi`,
        `elif [ -d "$d" ] && [ -w "$d" ] && [ -x "$d" ]; then printf 'ok missing %s\\n' "$d"`,
        `else printf 'fail %s\\n' "$(ls -ld -- "$d")"; fi`,
    ].join('\n');
}
/**
 * One line per place, `ok <KiB available> <file system id> <place> <path>`, for its nearest existing
 * ancestor (a symlinked backups directory is followed to its file system); with `dockerRoot`, also
 * for the engine's DockerRootDir (images and volumes), when the engine answers.
 */
function freeDiskScript(places, dockerRoot) {
    return [
        'gd_df() {',
        '  d=$2; while [ ! -e "$d" ]; do d=$(dirname -- "$d"); done',
        `  k=$(df -Pk -- "$d" | awk 'NR == 2 { print $4 }')`,
        '  i=$(stat -f -c %i -- "$d" 2>/dev/null) || i="?$1"',
        `  [ -z "$k" ] || printf 'ok %s %s %s %s\\n' "$k" "\${i:-?$1}" "$1" "$2"`,
        '}',
        ...places.map(([place, path]) => `gd_df ${place} ${(0,quote/* shellQuote */.Z)(path)}`),
        ...(dockerRoot ? [`r=$(docker info --format '{{.DockerRootDir}}' 2>/dev/null </dev/null) && [ -n "$r" ] && gd_df docker "$r"`] : []),
        'true',
    ].join('\n');
}
/** `ok <rsync --version's first line>` or `missing` (with the PATH the session has). */
function rsyncCheckScript() {
    return [
        'if command -v rsync >/dev/null 2>&1; then printf \'ok %s\\n\' "$(rsync --version | head -n 1)"',
        'else printf \'missing %s\\n\' "$PATH"; fi',
    ].join('\n');
}
/** Each file: one line `ok <path>` when one of its candidate places holds it, else `missing <first candidate>`. */
function sharedFilesScript(files) {
    return files
        .map((places) => {
        const test = places.map((p) => `[ -e ${(0,quote/* shellQuote */.Z)(p)} ]`).join(' || ');
        return `if ${test}; then printf 'ok %s\\n' ${(0,quote/* shellQuote */.Z)(places[0])}; else printf 'missing %s\\n' ${(0,quote/* shellQuote */.Z)(places[0])}; fi`;
    })
        .join('\n');
}
/** Whether Passenger can be restarted by a touch: `ok` (restart.txt or its directory writable), `ok absent`, `fail <ls>`. */
function restartFileCheckScript(restartFile) {
    return [
        `f=${(0,quote/* shellQuote */.Z)(restartFile)}`,
        'd=$(dirname -- "$f")',
        `if [ -e "$f" ]; then if [ -w "$f" ]; then echo ok; else printf 'fail %s\\n' "$(ls -l -- "$f")"; fi`,
        `elif [ -d "$d" ]; then if [ -w "$d" ]; then echo ok; else printf 'fail %s\\n' "$(ls -ld -- "$d")"; fi`,
        'else echo ok absent; fi',
    ].join('\n');
}
/** `ok <user> <process>` per Apache/Passenger process owner, or `missing` when none is visible. */
function apacheUserScript() {
    return [
        'out=$(ps -eo user=,comm= 2>/dev/null | awk \'$2 ~ /^(apache2|httpd|Passenger)/ { print "ok " $1 " " $2 }\' | sort -u)',
        'if [ -n "$out" ]; then printf \'%s\\n\' "$out"; else echo missing; fi',
    ].join('\n');
}
//# sourceMappingURL=host-checks.js.map
;// CONCATENATED MODULE: ./lib/commands/doctor-checks.js
/**
 * `doctor`'s checks over the open session: each runs one script (or reuses the helper a deploy
 * uses), and turns its verdict into a line with a fix. Nothing on the host is changed.
 */














/** Below this the deploy (images, a release copy, a backup) is likely to run out of space. */
const MIN_FREE_BYTES = 1024 ** 3;
const ok = (check, detail) => ({ check, status: 'ok', detail });
const warn = (check, detail, fix) => ({ check, status: 'warn', detail, ...(fix ? { fix } : {}) });
const fail = (check, detail, fix) => ({ check, status: 'fail', detail, fix });
const userOf = (t) => (0,config_hosts/* hostsOf */.PP)(t)[0].host.split('@')[0];
const verdict = (stdout) => {
    const line = stdout.trim().split('\n')[0] ?? '';
    const i = line.indexOf(' ');
    return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
};
async function sh(s, script) {
    return (await s.conn.exec.sh(script, { allowFailure: true })).stdout;
}
async function dockerCheck(s) {
    const [v, detail] = verdict(await sh(s, dockerAccessScript()));
    if (v === 'ok')
        return ok('docker', `engine ${detail}, usable by ${userOf(s.target)}`);
    if (v === 'missing')
        return fail('docker', 'docker is not installed (not on PATH)', 'install Docker Engine on the host (docs/prepare-server.md)');
    const denied = /permission denied/i.test(detail);
    return fail('docker', detail || 'docker info failed', denied
        ? `let ${userOf(s.target)} use docker: sudo usermod -aG docker ${userOf(s.target)} (then open a new SSH session)`
        : 'start the docker daemon (sudo systemctl start docker) and check `docker info` as the deploy user');
}
/** A swarm target's host must be a manager: the deploy reads and deploys the stack there. */
async function swarmManagerCheck(s) {
    const [v, state] = verdict(await sh(s, swarmManagerScript()));
    if (v === 'ok')
        return ok('swarm', 'this engine is a swarm manager');
    return fail('swarm', `this engine is not a swarm manager (swarm: ${state || 'unknown'}): docker stack deploy and docker service run only on a manager`, 'set host to a manager node of the swarm (docker node ls there lists the nodes), or create the swarm on this host: docker swarm init');
}
async function composeCheck(s) {
    try {
        const c = await detectHostCompose(s.conn.exec, s.config);
        return ok('compose', `${c.command.join(' ')} ${c.version} (${composeGeneration(c.command)})`);
    }
    catch (e) {
        return fail('compose', e.message, 'install the compose v2 plugin (docker-compose-plugin) or docker-compose v1');
    }
}
async function writeCheck(s) {
    const [v, detail] = verdict(await sh(s, writeAccessScript(s.target.path)));
    if (v === 'ok')
        return ok('write access', detail.startsWith('missing') ? `${s.target.path} does not exist yet; ${detail.slice(8)} is writable` : s.target.path);
    return fail('write access', `${userOf(s.target)} cannot write ${s.target.path}: ${detail}`, `sudo mkdir -p ${(0,quote/* shellQuote */.Z)(s.target.path)} && sudo chown ${(0,quote/* shellQuote */.Z)(userOf(s.target))}: ${(0,quote/* shellQuote */.Z)(s.target.path)}`);
}
/** The free-disk lines of distinct file systems (the first place of each), in the script's order. */
function parseFreeDisk(stdout) {
    const seen = new Set();
    return stdout.split('\n').flatMap((line) => {
        const m = /^ok (\d+) (\S+) (deploy|backups|docker) (.+)$/.exec(line);
        if (!m || seen.has(m[2]))
            return [];
        seen.add(m[2]);
        return [{ place: m[3], path: m[4], bytes: Number(m[1]) * 1024 }];
    });
}
/** Free space where deploys write: the deploy path, the backups directory and the docker root, each file system once. */
async function diskCheck(s) {
    const path = s.target.path;
    const script = freeDiskScript([
        ['deploy', path],
        ['backups', backupsDir(path)],
    ], s.target.strategy !== 'passenger');
    const places = parseFreeDisk(await sh(s, script));
    if (places.length === 0)
        return warn('free disk', 'df gave no answer');
    const detail = places.map((p) => `${(0,units/* humanBytes */.p)(p.bytes)} free under ${p.path}${p.place === 'docker' ? ' (docker root)' : ''}`).join('; ');
    if (places.some((p) => p.bytes < MIN_FREE_BYTES))
        return fail('free disk', detail, 'free space (docker image prune, old backups) or grow the disk');
    return ok('free disk', detail);
}
async function rsyncCheck(s) {
    const [v, detail] = verdict(await sh(s, rsyncCheckScript()));
    if (v === 'ok')
        return ok('rsync', detail);
    return fail('rsync', `rsync is not on the PATH of ${userOf(s.target)} (PATH=${detail})`, 'install rsync on the host (apt-get install rsync)');
}
/**
 * The deploy lock, as the next deploy would judge it (judgeLock, without force-unlock); null when
 * it is free. A stale lock without heartbeat makes every deploy refuse until it is broken.
 */
async function lockCheck(s) {
    const dir = (0,lock/* lockDir */.JK)(s.target.path);
    const held = await (0,lock/* readLock */.mF)(s.conn.exec, s.target.path).catch((e) => e);
    if (held instanceof Error)
        return fail('lock', held.message, `check the owner and mode of ${dir}`);
    if (!held)
        return null;
    const verdict = (0,lock/* judgeLock */.VR)(held, s.target.lock_ttl, false);
    if (verdict.kind === 'refuse')
        return fail('lock', verdict.message, `make sure that run is over, then deploy with --force-unlock (force-unlock: true in the workflow), or remove ${dir}`);
    if (verdict.kind === 'break')
        return ok('lock', `left by a dead run (${(0,lock/* describeHolder */.sG)(held)}): the next deploy breaks it`);
    return warn('lock', `held by ${(0,lock/* describeHolder */.sG)(held)}: a deploy now fails fast`, 'wait for that run to finish (or deploy with --lock-wait)');
}
/** The places a shared file may be: <path>/shared/<entry>, and in place also <path>/<entry>. */
function sharedFilePlaces(t) {
    const files = t.shared
        .filter((e) => !e.endsWith('/'))
        .map((e) => [`${t.path}/shared/${e}`, ...(t.layout === 'in-place' ? [`${t.path}/${e}`] : [])]);
    const env = envFileFor(t);
    return env && !files.some((p) => p.includes(env)) ? [...files, [env]] : files;
}
async function sharedFilesCheck(s) {
    const places = sharedFilePlaces(s.target);
    if (places.length === 0)
        return [];
    const lines = (await sh(s, sharedFilesScript(places))).trim().split('\n');
    return places.map((p, i) => {
        const [v] = verdict(lines[i] ?? '');
        if (v === 'ok')
            return ok('shared file', p[0]);
        return fail('shared file', `${p[0]} is missing (env_file / password_env read it; a deploy never creates it)`, `create it before the first deploy: mkdir -p ${p[0].replace(/\/[^/]*$/, '')} && install -m 600 /dev/null ${p[0]} ; then fill in its values`);
    });
}
async function backupCheck(s) {
    const spec = s.target.backup;
    if (!spec)
        return warn('backup', 'no backup configured: deploys take no database backup', 'add targets.<name>.backup (docs/config.md)');
    const ctx = backupContext(s, NO_RELEASE_SHA, dbComposeContext(s));
    const { result: probe, stderr } = swarmDbService(s) ? await probeSwarmDb(s, spec, ctx) : await probeDatabase(s.conn.exec, spec, ctx);
    if (probe.state === 'present')
        return ok('backup', `${spec.engine}: the database answers with the configured credentials`);
    if (probe.state === 'absent')
        return warn('backup', `${spec.engine}: ${probe.reason} (fine before the first deploy)`);
    const why = stderr.trim().split('\n').pop() ?? '';
    return fail('backup', `${spec.engine}: ${probe.reason}${why ? `: ${why}` : ''}`, spec.engine === 'sqlite'
        ? 'check backup.path'
        : `check backup.user/database and the password (${spec.password_env ? `${spec.password_env} in ${envFileFor(s.target) ?? 'the environment'}` : 'db-password / GITOPS_DB_PASSWORD'})`);
}
async function healthCheck(s, deployed) {
    const h = s.target.health;
    if (!h.url)
        return warn('health', 'no health.url: deploys are not checked over HTTP', 'set targets.<name>.health.url');
    const r = await s.conn.exec.sh(httpProbeScript(h.url, h.headers), { allowFailure: true });
    const res = http_check_parseProbe(r.stdout);
    const problem = judgeResponse(res, healthExpectation(h));
    const zone = zoneIdWarning(h.url);
    if (!problem)
        return zone
            ? warn('health', `${h.url} answers from the host; but ${zone.detail}`, zone.fix)
            : ok('health', `${h.url} answers from the host`);
    if (r.stderr.includes(NO_HTTP_CLIENT))
        return fail('health', NO_HTTP_CLIENT, 'install curl on the host (or python3, or wget)');
    const hint = (problem.startsWith('HTTP ') ? statusHint(res.status) : '') + (zone ? `; ${zone.detail}` : '');
    if (!deployed)
        return warn('health', `${problem}${hint} (nothing is deployed yet)`, zone?.fix);
    return fail('health', problem + hint, zone?.fix ?? 'check that the app runs (gitops-deploy logs) and that health.url is reachable from the host itself');
}
/** Passenger starts the app from <live app root>/passenger_wsgi.py: once a release is live, it must be there. */
async function startupFileCheck(s, appRoot, deployed) {
    const file = `${appRoot}/${passenger_paths/* PASSENGER_STARTUP_FILE */.E}`;
    if (!deployed)
        return ok(passenger_paths/* PASSENGER_STARTUP_FILE */.E, `nothing deployed yet: the first deploy uploads ${file}`);
    const [v] = verdict(await sh(s, sharedFilesScript([[file]])));
    if (v === 'ok')
        return ok(passenger_paths/* PASSENGER_STARTUP_FILE */.E, file);
    return fail(passenger_paths/* PASSENGER_STARTUP_FILE */.E, `${file} is missing: Passenger cannot start the app`, `check app_root (the repository directory holding ${passenger_paths/* PASSENGER_STARTUP_FILE */.E}) and the PassengerAppRoot of the host, then deploy again`);
}
/** The virtualenv, the startup file of the live release, restart.txt and the Apache user. */
async function passengerChecks(s, deployed) {
    const t = s.target;
    const paths = (0,passenger_paths/* passengerPaths */.D)(t);
    const venv = (await venvExists(s.conn.exec, paths.venv))
        ? ok('virtualenv', paths.venv)
        : warn('virtualenv', `${paths.venv} has no bin/python: the first deploy creates it with ${t.python ?? 'python3'} -m venv`, 'or create it in the hosting panel ("Setup Python App") and set venv');
    const [rv, rdetail] = verdict(await sh(s, restartFileCheckScript(paths.restartFileOf(paths.liveAppRoot))));
    const restart = rv === 'ok'
        ? ok('restart.txt', rdetail === 'absent' ? 'created by the first deploy' : paths.restartFileOf(paths.liveAppRoot))
        : fail('restart.txt', `not writable: ${rdetail}`, `chown ${userOf(t)} the app's tmp/ directory`);
    const apache = (await sh(s, apacheUserScript())).trim().split('\n');
    const users = apache.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3));
    const server = users.length
        ? ok('apache user', users.join(', '))
        : warn('apache user', 'no Apache/Passenger process visible to this user', 'make sure the app files are readable by the user Passenger runs the app as');
    return [venv, await startupFileCheck(s, paths.liveAppRoot, deployed), restart, server];
}
//# sourceMappingURL=doctor-checks.js.map
// EXTERNAL MODULE: ./lib/git/tree.js
var tree = __webpack_require__(18662);
;// CONCATENATED MODULE: ./lib/sync/written-since.js
/**
 * Layout releases: a service that bind-mounts a directory of its release (`./media:/app/media`)
 * and writes there puts its files into releases/<id>, which the next deploy does not carry over (a
 * new release directory holds the new commit's files and the `shared` links only) and the prune
 * deletes. Before a deploy changes anything, the files of the live release written after its upload
 * (newer than its manifest, written at the end of the upload) that its commit does not hold are
 * named in a warning, with the way out (`shared`).
 */


/** Shell (pure): the regular files of release `id` newer than its manifest, NUL-separated, `./`-relative; nothing without either. */
function writtenSinceUploadScript(layout, id) {
    const m = (0,quote/* shellQuote */.Z)(manifestPath(layout.root, id));
    const dir = (0,quote/* shellQuote */.Z)(layout.releaseDir(id));
    return `if [ -f ${m} ] && [ -d ${dir} ]; then cd ${dir} && find . -type f -newer ${m} -print0; fi`;
}
/** The paths printed by writtenSinceUploadScript that `committed` (the release's tracked files) does not hold, sorted. */
function writtenNotCommitted(output, committed) {
    const tracked = new Set(committed);
    const paths = output
        .split('\0')
        .filter((p) => p !== '')
        .map((p) => p.replace(/^\.\//, ''));
    return paths.filter((p) => !tracked.has(p)).sort();
}
/** The warning naming `files` (at most `shown`) of releases/<id>. */
function writtenSinceWarning(layout, id, files, shown = 10) {
    const named = files.slice(0, shown).join(', ') + (files.length > shown ? `, … (${files.length} files)` : '');
    return (`${layout.releaseDir(id)} holds ${files.length} file${files.length === 1 ? '' : 's'} written after its upload that its commit does not have (${named}): ` +
        `a service writing into a bind-mounted directory of its release. The new release does not carry ${files.length === 1 ? 'it' : 'them'} over, and ${files.length === 1 ? 'it is' : 'they are'} deleted when that release is pruned: ` +
        `list the directory in the target's shared (e.g. shared: [media/]) and move the files into ${layout.shared}/.`);
}
//# sourceMappingURL=written-since.js.map
;// CONCATENATED MODULE: ./lib/commands/doctor-release-writes.js
/** doctor: files a compose service wrote into the live release's directory (layout releases; sync/written-since.ts). */




/** A warning naming the files of the live release written after its upload that its commit does not have; null when none (or not applicable). */
async function releaseWritesCheck(s, live) {
    if (s.target.strategy !== 'compose' || s.target.layout !== 'releases' || !live)
        return null;
    const layout = (0,sync_layout/* layoutOf */.aH)(s.target.path);
    const out = (await s.conn.exec.sh(writtenSinceUploadScript(layout, live.id), { allowFailure: true })).stdout;
    if (out === '')
        return null;
    const files = writtenNotCommitted(out, await (0,tree/* listTree */.nT)((0,run/* gitAt */.c)(s.settings.repo), live.sha).catch(() => []));
    if (files.length === 0)
        return null;
    return {
        check: 'release writes',
        status: 'warn',
        detail: writtenSinceWarning(layout, live.id, files),
        fix: `add the directory to targets.${s.targetName}.shared, move its files into ${layout.shared}/, and deploy`,
    };
}
//# sourceMappingURL=doctor-release-writes.js.map
;// CONCATENATED MODULE: ./lib/commands/doctor.js









/** One line per check: `ok   name  detail`, or `FAIL name  detail` and its fix under it (the host first when the target has several). */
function formatChecks(checks) {
    return checks.flatMap((c) => [
        `${{ ok: 'ok  ', warn: 'warn', fail: 'FAIL' }[c.status]}  ${c.check.padEnd(13)} ${c.host ? `${c.host}: ` : ''}${c.detail}`,
        ...(c.fix && c.status !== 'ok' ? [`      ${''.padEnd(13)} fix: ${c.fix}`] : []),
    ]);
}
/** The checks of one host (a deploy runs its host-level phases on every host): docker, compose, disk, rsync, state, files. */
async function hostChecks(s) {
    const checks = [];
    if (s.target.strategy === 'compose')
        checks.push(await dockerCheck(s), await composeCheck(s));
    if (s.target.strategy === 'swarm')
        checks.push(await dockerCheck(s), await swarmManagerCheck(s));
    checks.push(await writeCheck(s), await diskCheck(s), await rsyncCheck(s));
    // a held lock (a line only then): a stale one makes every deploy refuse, a live one fail fast
    const lock = await lockCheck(s);
    if (lock)
        checks.push(lock);
    // a state.json the next deploy refuses (corrupt, empty, a release id that is not a sha) fails here too
    const state = await (0,state_store/* loadHostState */.Ip)(s).catch((e) => {
        checks.push({
            check: 'state',
            status: 'fail',
            detail: e.message,
            fix: `restore ${(0,state_store/* statePath */.BQ)(s.target.path)} from a copy, or repair it by hand`,
        });
        return undefined;
    });
    const deployed = !!(state && (0,state_model/* currentRelease */.BX)(state));
    const writes = await releaseWritesCheck(s, state ? (0,state_model/* currentRelease */.BX)(state) : undefined);
    if (writes)
        checks.push(writes);
    if (s.target.strategy === 'passenger')
        checks.push(...(await passengerChecks(s, deployed)));
    checks.push(...(await sharedFilesCheck(s)));
    return { checks, deployed };
}
/** Every check of `s`'s hosts, each host's named when there are several; the backup on the primary. */
async function runChecks(s) {
    const via = s.settings.ssh.knownHosts ? 'known-hosts' : 'host-fingerprint';
    const labels = (0,config_hosts/* hostsOf */.PP)(s.target).map(config_hosts/* hostLabel */.vy);
    const named = (host, checks) => labels.length > 1 ? checks.map((c) => ({ ...c, host: labels[host] })) : checks;
    const sessions = (0,session/* hostSessions */.C1)(s);
    const perHost = await Promise.all(sessions.map(hostChecks));
    // the health URL is fetched from each host, as each host's verify does (without one: a single warning)
    const health = s.target.health.url
        ? await Promise.all(sessions.map((h, i) => healthCheck(h, perHost[i].deployed)))
        : [await healthCheck(s, perHost[0].deployed)];
    return [
        { check: 'host key', status: 'ok', detail: `${labels.join(', ')} verified against ${via}` },
        ...perHost.flatMap((h, i) => named(i, h.checks)),
        await backupCheck(s),
        ...(health.length > 1 ? health.flatMap((c, i) => named(i, [c])) : health),
    ];
}
/**
 * The host a connect error is about: its messages name it as `host:port` (host-keys, connect); the
 * first host when none is named. With several hosts, the fix must point at the one that failed.
 */
function hostNamedIn(hosts, message) {
    const named = (a) => {
        try {
            const r = (0,ssh_options/* parseUserHost */.pk)(a.host, a.port);
            return message
                .split((0,host_keys/* displayHost */.LK)(r.host, r.port))
                .slice(1)
                .some((after) => !/^[0-9]/.test(after));
        }
        catch {
            return false; // not an address a connect error names
        }
    };
    return hosts.find(named) ?? hosts[0];
}
/** The fix of a host key that failed verification on `a` (user@host, IPv6 maybe bracketed). */
const hostKeyFix = (a) => `run ${(0,host_keys/* keyscanCommand */.md)(a.host.slice(a.host.lastIndexOf('@') + 1), a.port)}, compare its fingerprint (ssh-keygen -lf) with the host's own out of band, then update known-hosts (docs/prepare-server.md)`;
/** The connection failed: the host key (or the login) is the failing check, on the host it failed on. */
function connectFailure(settings, config, e) {
    const { target } = (0,session/* requireTarget */.Fm)(settings, config);
    const hosts = (0,config_hosts/* hostsOf */.PP)(target);
    const failed = hostNamedIn(hosts, e.message);
    const on = hosts.length > 1 ? { host: (0,config_hosts/* hostLabel */.vy)(failed) } : {};
    if (e instanceof host_keys/* HostKeyVerificationError */.Tp)
        return {
            check: 'host key',
            status: 'fail',
            detail: e.message,
            fix: hostKeyFix(failed),
            ...on,
        };
    return {
        check: 'ssh',
        status: 'fail',
        detail: e.message.split('\n')[0],
        fix: `check host, port and that the key's .pub is in ~/.ssh/authorized_keys of ${failed.host.split('@')[0]}`,
        ...on,
    };
}
/** `doctor`: connects (host key verified) and checks everything a deploy needs; fails when a check fails. */
async function doctorCommand(settings, config, reporter, report) {
    const r = report;
    let connected = false;
    try {
        await (0,session/* withSession */.fQ)(settings, config, reporter, report, async (s) => {
            connected = true;
            r.doctor = await s.reporter.group('Checks', () => runChecks(s));
        });
    }
    catch (e) {
        if (connected || !(e instanceof Error) || e instanceof errors/* UserError */.yo)
            throw e;
        r.doctor = [connectFailure(settings, config, e)];
    }
    report.notes.push(...formatChecks(r.doctor ?? []));
    const failed = (r.doctor ?? []).filter((c) => c.status === 'fail');
    if (failed.length > 0)
        throw new Error(`doctor: ${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.check).join(', ')}`);
}
//# sourceMappingURL=doctor.js.map
;// CONCATENATED MODULE: ./lib/strategies/swarm/logs.js
/** Runner: `docker service logs` on the manager of each service of a stack (or one), one after the other. */




/** Each line names its task and node (`<stack>_<service>.<n>.<task id>@<node> | …`). */
async function swarmLogs(exec, stack, o) {
    if (o.service)
        checkServices([o.service]);
    const names = o.service ? [serviceName(stack, o.service)] : await stackServiceNames(exec, stack);
    if (names.length === 0)
        throw new errors/* UserError */.yo(`logs: stack ${stack} has no service on the swarm (not deployed yet?)`);
    let text = '';
    for (const name of names) {
        const r = await exec.run(serviceLogsArgs(name, o), { allowFailure: true });
        if (r.code !== 0)
            throw new errors/* UserError */.yo(`docker service logs ${name} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
        text += r.stdout + r.stderr;
    }
    return text;
}
//# sourceMappingURL=logs.js.map
;// CONCATENATED MODULE: ./lib/commands/logs.js








async function composeLogs(s) {
    const o = s.settings.logs ?? {};
    const tree = s.target.layout === 'releases' ? (0,sync_layout/* layoutOf */.aH)(s.target.path).current : s.target.path;
    const inv = composeInvocation(s.config, tree, await detectHostCompose(s.conn.exec, s.config, s.target.path));
    const r = await s.conn.exec.run(composeLogsArgs(inv, o), { allowFailure: true });
    if (r.code !== 0)
        throw new errors/* UserError */.yo(`compose logs failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
    return withoutEraseLine(r.stdout + r.stderr);
}
/** Swarm: `docker service logs` on the manager of the stack's services (or `--service`). */
function stackLogs(s) {
    const o = s.settings.logs ?? {};
    return swarmLogs(s.conn.exec, s.target.stack, { ...o, tail: o.tail ?? DEFAULT_LOG_LINES });
}
async function passengerLogs(s) {
    if (s.settings.logs?.service)
        throw new errors/* UserError */.yo('--service: a passenger target has no services');
    if (s.settings.logs?.since)
        throw new errors/* UserError */.yo('--since: not available for passenger targets (their logs are plain files; use --tail)');
    const target = s.target;
    const r = await s.conn.exec.sh(passengerLogsScript((0,passenger_paths/* passengerPaths */.D)(target).liveAppRoot, target.path, s.settings.logs?.tail ?? DEFAULT_LOG_LINES), {
        allowFailure: true,
    });
    if (r.code !== 0)
        throw new errors/* UserError */.yo(r.stderr.trim() || `reading the error log failed (exit ${r.code})`);
    return r.stdout;
}
/** `logs`: the app's logs on the target (docker compose logs; docker service logs of the stack; the Passenger/Apache error log tail). */
async function logsCommand(settings, config, reporter, report) {
    await (0,session/* withSession */.fQ)(settings, config, reporter, report, async (s) => {
        const text = await (0,session/* phase */.Oi)(s, 'Logs', () => s.target.strategy === 'compose' ? composeLogs(s) : s.target.strategy === 'swarm' ? stackLogs(s) : passengerLogs(s));
        report.logs = text;
        report.notes.push(text.replace(/\n$/, ''));
    });
}
//# sourceMappingURL=logs.js.map
;// CONCATENATED MODULE: ./lib/backup/inventory.js
/** The backups of a target on the host, with size and verification, newest first (status, restore). */




/** This target's backups from the script's output, newest first. */
function parseInventory(stdout, dir, target) {
    const sizes = new Map();
    const verified = new Set();
    for (const line of stdout.split('\n')) {
        const [kind, a = '', b = ''] = line.split('\t');
        if (kind === 'F' && b !== '')
            sizes.set(b, Number(a));
        else if (kind === 'V')
            verified.add(a);
    }
    const out = [];
    for (const [name, size] of sizes) {
        const parsed = parseBackupName(name);
        if (!parsed || parsed.target !== target)
            continue;
        out.push({ name, file: external_node_path_.posix.join(dir, name), time: parsed.time, sha: parsed.sha, size, verified: verified.has(`${name}.json`) });
    }
    return out.sort((x, y) => y.time - x.time || (x.name < y.name ? 1 : x.name > y.name ? -1 : 0));
}
/** This target's backups, newest first, and the host's clock (ms since the epoch) when it printed one. */
async function listBackupsAndClock(exec, dir, target) {
    const r = await exec.sh(listingScript(dir, true));
    return { backups: parseInventory(r.stdout, dir, target), hostTime: parseHostTime(r.stdout) };
}
async function listBackups(exec, dir, target) {
    return (await listBackupsAndClock(exec, dir, target)).backups;
}
/**
 * The "now" a backup is future-dated against when a restore picks the newest (pure): the later of
 * the runner's clock and the host's. Backups are named by the clock of the runner that took them: a
 * runner clock behind (a laptop a few minutes slow) passed over the backups just taken by a right
 * clock as future-dated, and the restore loaded an older one.
 */
function pickNow(runner, hostMs) {
    return hostMs !== undefined && hostMs > runner.getTime() ? new Date(hostMs) : runner;
}
/** The named backup, or the newest verified one not dated in the future; undefined when there is none. */
function findBackup(list, name, now = new Date()) {
    if (name !== undefined)
        return list.find((b) => b.name === name);
    const horizon = now.getTime() + FUTURE_SKEW_MS;
    return list.find((b) => b.verified && b.time <= horizon);
}
//# sourceMappingURL=inventory.js.map
;// CONCATENATED MODULE: ./lib/backup/choose-backup.js



function available(list) {
    const names = list
        .filter((b) => b.verified)
        .slice(0, 10)
        .map((b) => b.name);
    return names.length > 0 ? names.join(', ') : 'none';
}
/**
 * The backup to use; a UserError naming the available ones when it is missing or unverified, or is
 * a backup of another engine than `engine` (without a name: the newest verified one of `engine`).
 */
function chooseBackup(list, target, name, now = new Date(), engine) {
    if (name !== undefined && (name.includes('/') || name.startsWith('.'))) {
        throw new errors/* UserError */.yo(`backup: expected a file name from ${target}'s backups directory, got ${JSON.stringify(name)}`);
    }
    const usable = engine && name === undefined ? list.filter((b) => !engineMismatch(b.name, engine)) : list;
    const found = findBackup(usable, name, now);
    if (!found) {
        const what = name === undefined ? `no verified backup of ${target} on the host` : `backup ${JSON.stringify(name)} of ${target} not found`;
        throw new errors/* UserError */.yo(`${what} (available: ${available(list)})`);
    }
    if (!found.verified)
        throw new errors/* UserError */.yo(`backup ${found.name} is not verified (no sidecar with "verified": true); available: ${available(list)}`);
    const mismatch = engine && engineMismatch(found.name, engine);
    if (mismatch)
        throw new errors/* UserError */.yo(`backup ${mismatch}: it cannot be restored into this target's database`);
    return found;
}
//# sourceMappingURL=choose-backup.js.map
;// CONCATENATED MODULE: ./lib/commands/restore.js












async function pick(s) {
    const dir = backupsDir(s.target.path);
    const { backups, hostTime } = await (0,session/* phase */.Oi)(s, 'List backups', () => listBackupsAndClock(s.conn.exec, dir, s.targetName));
    const engine = requireBackupSpec(s, 'command restore').engine;
    const chosen = chooseBackup(backups, s.targetName, s.settings.backupName, pickNow(new Date(), hostTime), engine);
    s.reporter.info(`backup ${chosen.name}: ${(0,units/* humanBytes */.p)(chosen.size)}`);
    return chosen;
}
/**
 * Under the lock: the backup, the live release (it names the safety backup) and the backups a
 * rollback needs are read now, not before the lock: a deploy this run waited for (lock-wait) has
 * made a release live, and its pre-deploy backup is one the safety backup's retention must keep.
 */
async function restoreLocked(s, compose) {
    const state = await (0,state_store/* loadHostState */.Ip)(s);
    const sha = (0,state_model/* currentRelease */.BX)(state)?.sha ?? NO_RELEASE_SHA;
    const chosen = await pick(s);
    try {
        await restoreOrPutBack(s, { file: chosen.file }, sha, compose, protectedBackups(s.target.keep_releases, state));
    }
    catch (e) {
        await auditRun(s, {
            backup: reportedBackup(s),
            restored: { file: chosen.file },
            result: 'failed',
            error: e.message,
        }).catch(() => undefined);
        throw e;
    }
    await auditRun(s, { backup: reportedBackup(s), restored: { file: chosen.file }, result: 'success' });
}
/**
 * `restore`: a named backup (or the newest) into the target's database, after a safety backup,
 * under the deploy lock, only with `confirm` equal to the target name. With `drill`, restores into
 * a scratch database instead (no confirm needed: the real database is not touched).
 */
async function restoreCommand(settings, config, reporter, report) {
    // refused before connecting: the target's name is known from the config alone
    const { name } = (0,session/* requireTarget */.Fm)(settings, config);
    if (!settings.drill && settings.confirm !== name) {
        throw new errors/* UserError */.yo(`restore overwrites the database of ${name}: set confirm to the target name (confirm: ${name}, --confirm ${name}) to proceed`);
    }
    await (0,session/* withSession */.fQ)(settings, config, reporter, report, async (s) => {
        requireBackupSpec(s, 'command restore');
        const state = await (0,state_store/* loadHostState */.Ip)(s);
        const sha = (0,state_model/* currentRelease */.BX)(state)?.sha ?? NO_RELEASE_SHA;
        const compose = dbComposeContext(s);
        if (settings.drill) {
            await drillStep(s, (await pick(s)).file, sha, compose);
            return;
        }
        if (settings.dryRun) {
            const chosen = await pick(s);
            s.report.notes.push(`dry-run: would take a safety backup, then restore ${chosen.name} into the database of ${s.targetName}`);
            return;
        }
        await (0,session/* withLock */.kK)(s, sha, () => restoreLocked(s, compose));
    });
}
//# sourceMappingURL=restore.js.map
;// CONCATENATED MODULE: ./lib/rollback/choose.js
/** Which release a rollback goes to (pure): `previous`, a release id, or a sha deployed successfully. */



function describe(r) {
    return `${(0,core_text/* shortSha */.Fu)(r.id)} (${r.at}${r.result === 'rolled-back' ? ', rolled back' : ''})`;
}
function refuse(state, why) {
    const choices = (0,state_model/* rollbackChoices */.jQ)(state);
    const list = choices.length > 0 ? choices.map(describe).join(', ') : 'none: no other release was deployed successfully';
    throw new errors/* UserError */.yo(`rollback: ${why}; valid choices: previous, ${list}`);
}
/** Matches a release id or sha (full, or an unambiguous prefix of at least 7 hex digits). */
function matching(state, spec) {
    const s = spec.toLowerCase();
    const exact = state.releases.filter((r) => r.id === spec || r.sha === s);
    if (exact.length > 0 || !/^[0-9a-f]{7,40}$/.test(s))
        return exact;
    return state.releases.filter((r) => r.sha.startsWith(s) || r.id.startsWith(s));
}
/**
 * Resolves the rollback target; throws a UserError listing the valid choices for an unknown,
 * ambiguous, failed or current release.
 */
function resolveRollbackTarget(state, spec = 'previous') {
    const current = (0,state_model/* currentRelease */.BX)(state);
    if (!current)
        throw new errors/* UserError */.yo(`rollback: nothing is deployed on ${state.target} (no current release in the state file)`);
    if (spec === '' || spec === 'previous') {
        const target = (0,state_model/* predecessorOf */.Fr)(state, current);
        if (!target)
            refuse(state, `there is no release before ${(0,core_text/* shortSha */.Fu)(current.id)} to go back to`);
        return { current, target };
    }
    const found = matching(state, spec);
    if (found.length === 0)
        refuse(state, `unknown release ${JSON.stringify(spec)}`);
    if (found.length > 1)
        refuse(state, `${JSON.stringify(spec)} matches several releases`);
    const target = found[0];
    if (target.id === current.id)
        refuse(state, `${(0,core_text/* shortSha */.Fu)(target.id)} is already the current release`);
    if (!(0,state_model/* wentLive */.FM)(target))
        refuse(state, `release ${(0,core_text/* shortSha */.Fu)(target.id)} is recorded as ${target.result}${target.error ? ` (${target.error.split('\n')[0]})` : ''}`);
    return { current, target };
}
//# sourceMappingURL=choose.js.map
;// CONCATENATED MODULE: ./lib/rollback/flow.js







/** Loud warning (log + report) when migrations differ and the database is not restored. */
function warnSchemaNotReverted(s, plan, current, to) {
    const migrations = changedMigrations(plan);
    if (migrations.length === 0 || s.settings.restoreDb)
        return;
    const [from, back] = [(0,core_text/* shortSha */.Fu)(current.id), (0,core_text/* shortSha */.Fu)(to.id)];
    const text = `DATABASE SCHEMA NOT REVERTED: migrations differ between ${from} and ${back} (${migrations.join(', ')}); the code goes back, the database stays as it is. Roll back with restore-db: true to restore the backup taken before ${from}.`;
    s.reporter.warning(text);
    s.report.warnings.push(text);
}
/**
 * restore-db: the pre-deploy backup paired with the undone release, checked to be on the host
 * (refused, nothing changed, when it is gone or state.json names a path outside the target), with
 * the backups a rollback needs before and after this one (kept by the safety backup's retention).
 * Undefined without restore-db.
 */
async function checkDbRestore(run) {
    const { s, state } = run;
    const [current, source] = [run.previous, run.rollback];
    if (!s.settings.restoreDb)
        return undefined;
    const pairing = backupToRestore(state, current, source.to);
    const file = pairing.backup.file;
    const problem = recordedBackupProblem(file, s.target.path);
    if (problem) {
        throw new errors/* UserError */.yo(`restore-db: the backup state.json records for release ${(0,core_text/* shortSha */.Fu)(pairing.release.id)}, ${problem} (state.json corrupt or edited by hand?); nothing was changed`);
    }
    const found = await s.conn.exec.sh(`test -f ${(0,quote/* shellQuote */.Z)(file)}`, { allowFailure: true });
    if (found.code !== 0) {
        throw new errors/* UserError */.yo(`restore-db: the backup taken before ${(0,core_text/* shortSha */.Fu)(pairing.release.id)} was deployed (${file}) is no longer on the host (deleted by retention?); nothing was changed`);
    }
    const protect = protectedBackups(s.target.keep_releases, state, recordRollback(state, current, source.to));
    return { backup: pairing.backup, protect };
}
/**
 * Restores a checked choice after a safety backup (returned); noted in `run.rollback.restored`.
 * A load that can stop midway is noted in `run.rollback.loading` (with its safety backup, through
 * `safe`) until it succeeds: the undo then puts the database back even when the load failed.
 */
async function restoreChecked(run, choice, inv, safe) {
    const rollback = run.rollback;
    const loading = (safety) => {
        safe?.(safety);
        rollback.loading = choice.backup;
    };
    const taken = await restoreWithSafetyBackup(run.s, choice.backup, run.previous.sha, inv, choice.protect, loading);
    rollback.loading = undefined;
    rollback.restored = choice.backup;
    return taken;
}
//# sourceMappingURL=flow.js.map
;// CONCATENATED MODULE: ./lib/pipeline/rollback.js
/**
 * A rollback through the same pipeline as a deploy: the "to" is a retained release (its files on the
 * host, its retained images) instead of a new upload, as Kamal's rollback re-uses its boot. The
 * runner locks, plans once (deployed → target), runs the strategy's steps on each host, undoes and
 * records as for a deploy.
 */








/** A host's releases: the one live there, and the one the rollback goes back to (refusing unknown and failed ones). */
const retainedFrom = (spec) => (state) => {
    const { current, target } = resolveRollbackTarget(state, spec);
    return { previous: current, rollback: { to: target } };
};
/**
 * Plans current → target once (on the first host's state), warning when the schema is not reverted.
 * The strategy's probe of the host goes with the state read (`sent`: both already run in the lock's
 * round trip; else sent side by side now) and is awaited after the plan (its result is first needed
 * by the strategy's prepare).
 */
async function planRollback(s, strategy, sent = [], ahead) {
    const [stateRead, probeRead] = sent;
    const reading = (0,state_store/* loadHostState */.Ip)(s, stateRead);
    const probing = strategy.probe?.(s, probeRead);
    // awaited below; when the state read or the plan fails first, its failure must not go unhandled
    probing?.catch(() => undefined);
    const state = await reading;
    const from = retainedFrom(s.settings.rollbackTo);
    const { previous: current, rollback } = from(state);
    const planned = await planRollbackOf(s, strategy, current, rollback.to, ahead);
    return { state, from, probed: await probing, ...planned };
}
const rollbackSettings = (s, current, to) => ({ ...s.settings, from: current.sha, to: to.sha });
/** Starts the plan's git reading of current → to now: it overlaps the lock's round trip. */
function planAhead(s, strategy, current, to) {
    return { from: current.sha, to: to.sha, read: (0,plan.readPlanInputAhead)(rollbackSettings(s, current, to), strategy.plannerConfig(s)) };
}
/**
 * The plan of going from `current` back to `to` (said in the log; the schema warning when migrations
 * differ). `ahead`: its git reading started earlier, used when it is of the same two releases.
 */
async function planRollbackOf(s, strategy, current, to, ahead) {
    const back = `${s.targetName} from ${(0,core_text/* shortSha */.Fu)(current.id)} to ${(0,core_text/* shortSha */.Fu)(to.id)}`;
    s.reporter.info(`rolling back ${back}`);
    const settings = rollbackSettings(s, current, to);
    const read = ahead?.from === settings.from && ahead.to === settings.to ? ahead.read : undefined;
    const retained = Object.keys(to.images ?? {});
    const planned = await (0,session/* phase */.Oi)(s, 'Plan', () => (0,plan.computePlan)(settings, strategy.plannerConfig(s), s.reporter, s.report, undefined, read, retained));
    warnSchemaNotReverted(s, planned.plan, current, to);
    return { planned, description: `rollback of ${back}` };
}
/** Runs `fn` in the GitHub Deployment of a rollback (with a token; the report notes the deployment). */
function inRollbackDeployment(s, planned, description, fn) {
    const onCreated = (d) => (s.report.deployment = d);
    const info = { ref: planned.to, task: 'deploy:rollback', description, onCreated };
    return withGithubDeployment(s.settings, s.targetName, s.reporter, info, fn);
}
/**
 * `rollback` with a strategy's rollback variant: a dry run describes it, a real one runs the pipeline
 * under the locks, in a GitHub Deployment. The state is read once before the lock: an unknown or
 * missing target is refused before anything is locked, the lock records the sha going back, and the
 * plan's git reading starts. Under the lock the plan reads the state again (another run may have
 * changed it meanwhile), with the strategy's probe, in the lock's own round trip.
 */
async function rollbackWith(s, strategy) {
    const hosts = (0,session/* hostSessions */.C1)(s);
    const run = async (sent, ahead) => {
        const { state, from, planned, description, probed } = await planRollback(s, strategy, sent, ahead);
        const go = () => runOnHosts(hosts, strategy, planned, from, state, probed);
        return s.settings.dryRun ? go() : inRollbackDeployment(s, planned, description, go);
    };
    if (s.settings.dryRun)
        return run();
    // the strategy's lock-independent reads (e.g. which compose runs) overlap the state read and the lock
    for (const h of hosts)
        strategy.warmUp?.(h);
    const { previous: current, rollback } = retainedFrom(s.settings.rollbackTo)(await (0,state_store/* loadHostState */.Ip)(s));
    const ahead = planAhead(s, strategy, current, rollback.to);
    if (hosts.length > 1)
        return (0,session/* withLocks */.X6)(hosts, rollback.to.sha, () => run(undefined, ahead));
    // one host: the record's script may release the lock as its last step (handOffUnlock)
    await (0,session/* withLock */.kK)(s, rollback.to.sha, (sent) => run(sent, ahead), lockedReads(s, strategy), { handOff: true });
}
//# sourceMappingURL=rollback.js.map
;// CONCATENATED MODULE: ./lib/rollback/fleet.js






/**
 * The one target of a rollback over `hosts` (primary first). Refuses (UserError, naming the hosts)
 * when the hosts do not all run the same release, or when a host has no successful record of the
 * target (never deployed there, or failed there).
 */
function fleetRollbackTarget(hosts, spec) {
    const [primary] = hosts;
    const { current, target } = resolveRollbackTarget(primary.state, spec);
    const live = hosts.map((h) => ({ host: h.host, id: (0,state_model/* currentRelease */.BX)(h.state)?.id }));
    if (live.some((l) => l.id !== current.id)) {
        const each = live.map((l) => `${l.host} runs ${l.id ? (0,core_text/* shortSha */.Fu)(l.id) : 'nothing'}`).join(', ');
        throw new errors/* UserError */.yo(`rollback: the hosts disagree on the live release (${each}); a rollback goes from one release to one release on every host. To put every host on ${(0,core_text/* shortSha */.Fu)(target.id)}, the release this rollback would go back to, deploy it: gitops-deploy deploy --to ${target.sha} (a rolling deploy converges hosts on different releases); nothing was changed`);
    }
    const lacking = hosts.filter((h) => !h.state.releases.some((r) => r.id === target.id && (0,state_model/* wentLive */.FM)(r))).map((h) => h.host);
    if (lacking.length > 0)
        throw new errors/* UserError */.yo(`rollback: ${(0,core_text/* shortSha */.Fu)(target.id)} never went live on ${lacking.join(', ')} (no successful record in its state); nothing was changed`);
    return { current, target };
}
/** Where a host keeps a release for rollback (releases: its directory; passenger in place: its snapshot); none: compose in place (synced again from git). */
function retainedDirOf(target, id) {
    if (target.layout === 'releases')
        return (0,sync_layout/* layoutOf */.aH)(target.path).releaseDir(id);
    return target.strategy === 'passenger' ? (0,passenger_paths/* passengerPaths */.D)(target).snapshotOf(id) : undefined;
}
/** The refusal when hosts no longer keep the target release (pruned by keep_releases). */
function prunedRefusal(target, pruned) {
    const where = pruned.map((p) => `${p.host} (${p.dir})`).join(', ');
    return new errors/* UserError */.yo(`rollback: ${(0,core_text/* shortSha */.Fu)(target.id)} is no longer kept on ${where}: pruned by keep_releases. A rollback over several hosts only uses releases every host keeps; nothing was changed. Redeploy it instead: command: deploy, to: ${target.sha}`);
}
//# sourceMappingURL=fleet.js.map
;// CONCATENATED MODULE: ./lib/pipeline/rolling-rollback.js
/**
 * A rollback over several hosts: one target release, resolved on the primary and checked to be
 * recorded and still kept on every host before anything changes (all hosts' locks held), then rolled
 * in the `rolling:` batches, primary first, through the same runner as a rolling deploy. restore-db
 * restores on the primary only (the database lives with it). A host that fails stops the rollout,
 * and the hosts this run already rolled back go forward again to the release they had.
 */









/** Each host's session: its own report; the backup and restore-db on the primary only. */
function fleetSessions(s) {
    return rolloutSessions(s, (0,session/* hostSessions */.C1)(s)).map((h, i) => (i === 0 ? h : { ...h, settings: { ...h.settings, restoreDb: false } }));
}
/** On each host: its live release undone, its own record of the target going back. */
const backTo = (id) => (state) => ({ previous: (0,state_model/* currentRelease */.BX)(state), rollback: { to: state.releases.find((r) => r.id === id) } });
/** Every host's state, then the one target (refused when the hosts disagree or one lacks it). */
async function chooseTarget(hosts, labels, spec) {
    const states = await Promise.all(hosts.map((h) => (0,state_store/* loadHostState */.Ip)(h)));
    const byHost = states.map((state, i) => ({ host: labels[i], state }));
    return { states, ...fleetRollbackTarget(byHost, spec) };
}
/** Refuses, naming the hosts, when one of them no longer keeps the target's directory (or snapshot). */
async function requireKept(hosts, labels, target) {
    const checks = await Promise.all(hosts.map(async (h, i) => {
        const dir = retainedDirOf(h.target, target.id);
        if (!dir)
            return undefined;
        const r = await h.conn.exec.sh(`test -d ${(0,quote/* shellQuote */.Z)(dir)}`, { allowFailure: true });
        return r.code === 0 ? undefined : { host: labels[i], dir };
    }));
    const pruned = checks.filter((c) => c !== undefined);
    if (pruned.length > 0)
        throw prunedRefusal(target, pruned);
}
/** `rollback` of a target with several hosts: a dry run describes the primary's part; a real one rolls every host back under all locks. */
async function rollBackHosts(s, strategy) {
    const hosts = fleetSessions(s);
    const labels = (0,config_hosts/* hostsOf */.PP)(s.target).map(config_hosts/* hostLabel */.vy);
    const spec = s.settings.rollbackTo;
    if (s.settings.dryRun) {
        const { states, current, target } = await chooseTarget(hosts, labels, spec);
        await requireKept(hosts, labels, target);
        const { planned } = await planRollbackOf(s, strategy, current, target);
        s.report.notes.push(`rollback over ${hosts.length} hosts, ${(0,config_hosts/* batchSize */.CJ)(hosts.length, s.target.rolling.batch)} at a time, primary ${labels[0]} first`);
        s.report.notes.push(...strategy.describe(await prepareOn(hosts[0], strategy, planned, backTo(target.id), states[0])));
        return;
    }
    const wanted = (await chooseTarget(hosts, labels, spec)).target;
    await (0,session/* withLocks */.X6)(hosts, wanted.sha, async () => {
        const { states, current, target } = await chooseTarget(hosts, labels, spec);
        await (0,session/* phase */.Oi)(s, 'Check', () => requireKept(hosts, labels, target));
        const { planned, description } = await planRollbackOf(s, strategy, current, target);
        const plan = { states, labels, planned, from: backTo(target.id) };
        await inRollbackDeployment(s, planned, description, () => rollOutPlanned(s, hosts, strategy, plan));
    });
}
//# sourceMappingURL=rolling-rollback.js.map
;// CONCATENATED MODULE: ./lib/rollback/db-restore.js
/**
 * restore-db of a rollback (compose and passenger). The backup is checked in preflight (refused,
 * nothing changed, when it is gone) but restored only once the target's code is ready (uploaded
 * again when it was pruned; compose: its images back or rebuilt; passenger: its requirements
 * installed, public_html restored), just before it goes live: a failure to get the code ready leaves
 * the database as it was. When a later step (`up`, switch, tasks, health) fails, the undo puts the
 * database back from the safety backup taken just before the restore (itself after a safety backup,
 * so what was written meanwhile is kept in a file), then the code; so does the undo of a restore that
 * failed midway on an engine whose load is not one transaction (MariaDB; PostgreSQL's and SQLite's
 * leave the database as it was).
 */



/** Preflight: the restore-db choice, checked on the host. */
async function checkRollbackDb(r) {
    r.db = await checkDbRestore(r);
}
/** The step: safety backup (noted before a load that can stop midway), then the restore of the checked backup. */
async function restoreRollbackDb(r, inv) {
    r.dbSafety = await restoreChecked(r, r.db, inv, (safety) => (r.dbSafety = safety));
}
/**
 * Undo: the database as it was before the rollback's restore, whether that restore finished or failed
 * midway (`loading`: MariaDB's is not one transaction); what was done (undefined: nothing restored).
 */
async function undoRollbackDb(r, inv) {
    const touched = r.rollback.restored ?? r.rollback.loading;
    if (!touched)
        return undefined;
    const how = r.rollback.restored ? 'restored' : 'partly restored (its restore failed midway)';
    const safety = r.dbSafety;
    if (!safety)
        return `database left ${how} (there was no database before the restore, so nothing to put back)`;
    const kept = [...(r.db?.protect ?? []), { name: external_node_path_.posix.basename(touched.file), why: 'restored by the rollback' }];
    // its own safety backup is of the target's data: named after the target (never the file restored from)
    await restoreWithSafetyBackup(r.s, safety, r.to.sha, inv, kept);
    r.rollback.restored = undefined;
    r.rollback.loading = undefined;
    return `database put back from ${external_node_path_.posix.basename(safety.file)}`;
}
//# sourceMappingURL=db-restore.js.map
;// CONCATENATED MODULE: ./lib/rollback/describe.js
/** What a rollback would do (dry-run output, pure). */








/**
 * `waitSeconds`: the wait after each `up` as the rollback runs it (upWaitSeconds), when the host's
 * compose has `up --wait`; `probe`: health.probe; `stable`: health.stable_for's window, when it has one.
 */
function describeRollback(r, restoreDb, waitSeconds, probe = false, stable) {
    const p = r.planned.plan;
    const images = r.to.images ?? {};
    const lines = [`dry-run: nothing was changed on the host; a rollback from ${(0,core_text/* shortSha */.Fu)(r.current.id)} to ${(0,core_text/* shortSha */.Fu)(r.to.id)} would:`];
    if (restoreDb)
        lines.push(`  take a safety backup, then restore the backup taken before ${(0,core_text/* shortSha */.Fu)(r.current.id)} was deployed`);
    if (r.releases)
        lines.push(`  point current at releases/${r.to.id}`);
    for (const sv of p.build)
        lines.push(images[sv] ? `  docker tag ${images[sv].id} ${images[sv].name}` : `  rebuild ${sv} (no image recorded for it)`);
    const { before, after } = (0,task_order/* splitAroundTasks */.oR)(p);
    lines.push(...describe_serviceLines(r.inv, before, waitSeconds, probe, windowLines(before, [], stable)), ...removeLines(p));
    if (p.tasks.length)
        lines.push(`  run tasks: ${p.tasks.join(', ')}`, ...recheckLines(p, before, stable));
    if (p.afterTasks)
        lines.push(`  (after the tasks, held by their \`before\`: ${p.afterTasks.join(', ')})`, ...describe_serviceLines(r.inv, after, waitSeconds, probe, windowLines(after, startedOf(before), stable)));
    const migrations = changedMigrations(p);
    if (migrations.length && !restoreDb)
        lines.push(`  WARNING: migrations differ (${migrations.join(', ')}); the database schema would not be reverted`);
    return lines;
}
/**
 * One part of the reverse plan (splitAroundTasks): the retained images' services recreated on them,
 * start-first services replaced start-first (as the deploy did), then up (each with its wait), then
 * restart, each call per stop grace.
 */
function describe_serviceLines(inv, part, waitSeconds, probe = false, window = []) {
    const grace = part.stopGrace;
    const up = (g, opts) => [
        `  ${(0,quote/* shellJoin */.n)(upArgs(inv, g, opts))}`,
        ...(waitSeconds === undefined ? [] : [describeWaitStarted(g, waitSeconds, probe)]),
    ];
    // as startPart: the retained images' services and the recreates compose cannot see, forced; start-first ones replaced start-first
    const first = part.startFirst ?? [];
    const forced = [...new Set([...part.build, ...(0,force_recreate/* forcedRecreates */.c)(part)])].filter((s) => !first.includes(s)).sort();
    return [
        ...groupByGrace(forced, grace).flatMap(([timeoutSeconds, g]) => up(g, { forceRecreate: true, timeoutSeconds })),
        ...startFirstLines(inv, first),
        ...groupByGrace(part.recreate.filter((s) => !forced.includes(s) && !first.includes(s)), grace).flatMap(([timeoutSeconds, g]) => up(g, { timeoutSeconds })),
        ...window,
        ...groupByGrace(part.restart, grace).map(([timeoutSeconds, g]) => `  ${(0,quote/* shellJoin */.n)(restartArgs(inv, g, timeoutSeconds))}`),
    ];
}
//# sourceMappingURL=describe.js.map
;// CONCATENATED MODULE: ./lib/rollback/images.js
/** Puts the rollback target's images back: retag the retained image ids, rebuild only what is gone. */





/**
 * Points each service's image name back at the image id recorded for the target release (kept by
 * its `release-<sha>` tag). Services whose image is gone (or was never recorded) are rebuilt from
 * the release's files, with a warning. Returns the rebuilt services. `first` (the switch of
 * `current`) runs in the retag's round trip, in front of it.
 */
async function restoreOrRebuild(s, apply, to, services, build, first) {
    const images = to.images ?? {};
    const recorded = services.filter((sv) => images[sv]);
    const unrecorded = services.filter((sv) => !images[sv]);
    const gone = await (0,session/* phase */.Oi)(s, 'Images', () => bringBackImages(apply, images, recorded, first));
    const missing = [...gone, ...unrecorded].sort();
    if (recorded.length > gone.length)
        s.reporter.info(`images of ${(0,core_text/* shortSha */.Fu)(to.id)} reused: ${recorded.filter((sv) => !gone.includes(sv)).join(', ')}`);
    if (missing.length === 0)
        return [];
    const why = `image of ${missing.join(', ')} for ${(0,core_text/* shortSha */.Fu)(to.id)} is no longer on the host`;
    // `build:` targets never build on a host
    if (apply.registry)
        throw new errors/* UserError */.yo(`${why} nor in the registry ${apply.registry.registry}: deploy that revision again instead`);
    s.reporter.warning(`${why}: rebuilding from that release's files`);
    s.report.warnings.push(`${why}: rebuilt from the release's files`);
    await (0,session/* phase */.Oi)(s, 'Build', () => buildServices(apply, build.inv, { ...build.plan, build: missing, noCache: [] }));
    return missing;
}
//# sourceMappingURL=images.js.map
;// CONCATENATED MODULE: ./lib/rollback/release-files.js
/** The rollback target's files on the host: the kept release directory, or uploaded again from git. */




/**
 * Releases layout: the target's directory when it is still kept; when it was pruned, it is uploaded
 * again from the repository (saying so). In-place: the target's tree is synced into the root.
 * `kept`: the release directories on the host, as listed under the same lock (else `test -d` now).
 * Returns true when files were uploaded.
 */
async function ensureReleaseFiles(s, target, layout, to, from, kept) {
    const releases = target.layout === 'releases';
    if (releases) {
        const there = kept
            ? kept.includes(to.id)
            : (await s.conn.exec.sh(`test -d ${(0,quote/* shellQuote */.Z)(layout.releaseDir(to.id))}`, { allowFailure: true })).code === 0;
        if (there)
            return false;
        s.reporter.warning(`release directory of ${(0,core_text/* shortSha */.Fu)(to.id)} was pruned: uploading its files again from the repository`);
    }
    await (0,session/* phase */.Oi)(s, 'Upload', () => uploadTree(s, target, to.sha, from.id));
    return true;
}
//# sourceMappingURL=release-files.js.map
;// CONCATENATED MODULE: ./lib/rollback/types.js
/** The run of a strategy, seen as a rollback (the pipeline sets `previous` and `rollback`). */
function retained(run) {
    return { ...run, current: run.previous, to: run.rollback.to, rollback: run.rollback };
}
//# sourceMappingURL=types.js.map
;// CONCATENATED MODULE: ./lib/rollback/compose.js
/**
 * Compose rollback: a compose deploy whose source is a retained release. Its "upload" uses the kept
 * release directory (uploaded again only when pruned; in-place, the tree is synced into the root),
 * `current` is switched while its "build" points the image names back at the retained images
 * (rebuilding only what is gone), restore-db once that code is ready, then up only what differs and
 * wait for it as a deploy does, tasks, health of what was not proven yet. The undo puts the database
 * back (when it was restored), then does the deploy's; the record moves `current` back and marks the
 * undone release rolled-back.
 */






















/** An interrupted deploy is repaired back to the recorded release first (the rollback starts from it), then restore-db is checked. */
async function compose_preflight(r) {
    const { s } = r;
    const reupload = () => ensureReleaseFiles(s, r.target, r.layout, r.current, r.current);
    await repairStep(s, r.target, r.current, reupload, r.probed?.inspect);
    await refuseSharedConflicts(s.conn, r.target);
    await checkRollbackDb(r);
    return undefined;
}
/**
 * `part` started and waited for as a deploy's Apply does (startPart), the retained images' services
 * recreated on them first (`--force-recreate`: compose may see no change in a retagged name). The
 * reverse plan is split around its tasks as a deploy's is: services held by a task's `before` are
 * applied after the tasks, in a step of their own.
 */
async function apply(r, part) {
    if (part.build.length > 0)
        r.s.reporter.info(`${part.build.join(', ')}: recreated on the images of ${(0,core_text/* shortSha */.Fu)(r.to.id)}`);
    await startPart(r, part, part.build);
}
/**
 * `current` switched to the retained release. The reverse plan's tasks write through the services'
 * bind mounts of its directory, whose files are hard links shared with other releases: with tasks
 * to run, they get inodes of their own in the same round trip, its manifest kept true (unshare.ts).
 */
function switchScript(r) {
    const { layout, to } = r;
    const sw = (0,sync_layout/* switchCurrentScript */.lI)(layout, to.id);
    if (r.plan.tasks.length === 0)
        return sw;
    return `${sw} && (\n${ownInodesKeptScript(layout.root, layout.releaseDir(to.id), to.id, manifestRules(r.target))}\n)`;
}
/**
 * `current` switched and the image names pointed back at the retained images, in one round trip
 * (the switch in front of the retag, restoreImages): both are marked reached first, so a failure of
 * either is undone by the deploy's undo (`current` and the images back). A rebuild of a gone image
 * (from the release's directory, not `current`) follows the retag.
 */
async function switchAndImages(r) {
    const { s, plan, to } = r;
    const buildInv = r.releases ? composeInvocation(s.config, r.layout.releaseDir(to.id), r.detected) : r.inv;
    r.progress.reach('build');
    const first = r.releases ? new FirstScript(switchScript(r)) : undefined;
    r.rollback.rebuilt = await restoreOrRebuild(s, r.apply, to, plan.build, { inv: buildInv, plan }, first);
    // nothing to retag (or all pulled from a registry): the switch alone
    await first?.flush(s.conn.exec);
}
/** The release directories the probe listed under the lock (none probed: undefined, the upload step checks). */
const keptReleases = (r) => r.probed?.releases === undefined ? undefined : parsePruneListing(r.probed.releases).existing;
function compose_steps(r) {
    const { s, plan, to } = r;
    const { before, after } = (0,task_order/* splitAroundTasks */.oR)(plan);
    return [
        { phase: 'upload', run: () => ensureReleaseFiles(s, r.target, r.layout, to, r.current, keptReleases(r)) },
        { phase: 'switch', run: () => switchAndImages(r) },
        // restore-db once the code and images are ready, before any container changes (the tasks' phase: the primary's)
        ...(s.settings.restoreDb ? [{ phase: 'tasks', run: () => restoreRollbackDb(r, r.inv) }] : []),
        { phase: 'apply', title: 'Apply', run: () => apply(r, before) },
        // a step of its own: a rollback over several hosts runs the tasks on the primary only
        ...(plan.tasks.length > 0 ? [{ phase: 'tasks', run: () => runPlannedTasks(r, plan) }] : []),
        ...(plan.afterTasks ? [{ phase: 'apply', title: (0,task_order/* heldTitle */._w)(plan.afterTasks), run: () => apply(r, after) }] : []),
        { phase: 'verify', title: 'Verify', run: () => start_steps_verify(r, plan) },
    ];
}
/** Back on the undone release: its database (when restored), then the deploy's undo with the undone release's compose model. */
async function revert(r) {
    const db = await undoRollbackDb(r, r.inv);
    const model = r.planned.input.composeFrom ?? r.planned.input.composeTo;
    const code = await undoCompose({ ...r, apply: { ...r.apply, model } }, previousServices(r));
    return db ? { ...code, description: `${db}; ${code.description}` } : code;
}
function summary(r) {
    const { build } = r.plan;
    const rebuilt = r.rollback.rebuilt ?? [];
    const images = build.length
        ? `${build.join(', ')} back on the images of ${(0,core_text/* shortSha */.Fu)(r.to.id)}${rebuilt.length ? ` (rebuilt: ${rebuilt.join(', ')})` : ' (no rebuild)'}`
        : 'no image to change';
    const db = r.rollback.restored ? `; database restored from ${external_node_path_.posix.basename(r.rollback.restored.file)}` : '';
    return `rolled back ${r.s.targetName} from ${(0,core_text/* shortSha */.Fu)(r.current.id)} to ${(0,core_text/* shortSha */.Fu)(r.to.id)}: ${images}${db}`;
}
const composeRollback = {
    ...composeStrategy,
    // the host's compose from the probe sent with the state read under the lock (concrete command, `up --wait`)
    prepare: async (base, planned) => retained(composeRun(base, planned, await hostCompose(base))),
    describe: (r) => describeRollback(r, r.s.settings.restoreDb, upWaitSeconds(r.inv, r.target.health), r.target.health.probe, stableDescription(r)),
    preflight: compose_preflight,
    begin: async () => undefined,
    steps: compose_steps,
    revert,
    finish: async (r, failed) => void (failed ? undefined : r.s.report.notes.push(summary(r))),
    // the deploy's probe, with the release directories kept on the host (is the target's there?);
    // a single-host rollback sends its script in the lock's round trip, with the state read
    probe: (s, sent) => composeProbe(s, { releases: true }, sent),
    probeScript: (s) => inspectionScript((0,sync_layout/* layoutOf */.aH)(s.target.path), { releases: true }),
    // no in-progress record to remove
    finishScript: undefined,
    completeRelease: async () => undefined,
    keepScript: () => undefined,
    auditServices: (p) => ({ images: p.build, recreate: p.recreate, restart: p.restart, remove: p.remove, tasks: p.tasks }),
};
//# sourceMappingURL=compose.js.map
;// CONCATENATED MODULE: ./lib/rollback/passenger-code.js






/** In-place: refuses (before anything changes) when no snapshot of the target's code is kept. */
async function requireCodeSource(s, paths, to) {
    if (paths.releases)
        return;
    const dir = paths.snapshotOf(to.id);
    const r = await s.conn.exec.sh(`test -d ${(0,quote/* shellQuote */.Z)(dir)}`, { allowFailure: true });
    if (r.code === 0)
        return;
    throw new errors/* UserError */.yo(`rollback: layout in-place keeps earlier code only as snapshots, and there is no snapshot of ${(0,core_text/* shortSha */.Fu)(to.id)} (${dir}: pruned, or never replaced by a deploy); nothing was changed. Redeploy it instead: command: deploy, to: ${to.sha}`);
}
/** In-place: snapshots the current code (for the undo and a later rollback), then restores the target's. */
async function restoreInPlaceCode(r) {
    const { s, paths, target } = r;
    await s.conn.exec.sh(codeSnapshotScript(target, r.current.id));
    r.progress.reach('code');
    await restoreCodeSnapshot(r, r.to.id);
    s.reporter.info(`code of ${(0,core_text/* shortSha */.Fu)(r.to.id)} restored from ${paths.snapshotOf(r.to.id)} (snapshot of ${(0,core_text/* shortSha */.Fu)(r.current.id)} taken first)`);
}
/** pip install -r <requirements> of release `id` into the venv. */
function installRequirementsOf(r, id) {
    return installRequirements(r.s.conn.exec, r.target, r.paths.venv, r.paths.appRootOf(id), r.s.reporter);
}
/** Puts the code of the release that was current back (code, venv, `current`, restart); what was done. */
async function undoCode(r) {
    const { paths, progress: p, current } = r;
    const done = [];
    if (!paths.releases && p.has('code'))
        done.push(await restoreCodeSnapshot(r, current.id));
    if (p.has('build')) {
        await installRequirementsOf(r, current.id);
        done.push(`requirements of ${(0,core_text/* shortSha */.Fu)(current.id)} reinstalled`);
    }
    if (p.has('switch') || p.has('code')) {
        await switchAndRestart(r, current.id, r.to.id);
        done.push(paths.releases ? 'current switched back, app restarted' : 'app restarted');
    }
    return done;
}
//# sourceMappingURL=passenger-code.js.map
// EXTERNAL MODULE: ./lib/strategies/passenger/steps.js
var passenger_steps = __webpack_require__(86789);
;// CONCATENATED MODULE: ./lib/rollback/passenger-steps.js
/**
 * What a passenger rollback runs (pure): the planner in reverse (deployed → target) decides. pip
 * runs only when the requirements differ (or the venv is gone); public_html goes back from the
 * target's frontend copy (or a snapshot known to hold it); user tasks (migrations…) never run on a rollback.
 */



/**
 * True when the public_html snapshot holds the frontend `target` served: the deploy of `current`
 * snapshots public_html before its frontend sync, so the snapshot is `current.previous`'s frontend
 * as long as no deploy was recorded after `current` (a later one may have snapshotted again).
 */
function frontendSnapshotHolds(state, current, target) {
    return current.previous === target.id && state.releases[0]?.id === current.id;
}
/**
 * The frontend files are the same, but public_html may still hold what a user task of the undone
 * release wrote into it (a collectstatic into the web root): restored when the target's frontend
 * copy differs from it, else skipped.
 */
function sameFrontend(facts, to) {
    const same = 'frontend files are the same in both releases';
    const differs = [...(facts.frontendDiffers ?? [])];
    if (!facts.frontendFrom || differs.length === 0)
        return { run: false, stale: false, why: same };
    const what = (0,passenger_steps/* changed */.tD)(differs).replace(/ changed$/, '');
    const why = `${same}, but public_html differs from ${(0,core_text/* shortSha */.Fu)(to)}'s frontend (${what}): restored from ${facts.frontendFrom}`;
    return { run: true, stale: false, why, from: facts.frontendFrom };
}
function frontendDecision(base, facts, current, to) {
    if (!base)
        return undefined;
    if (!base.run)
        return sameFrontend(facts, to);
    const differ = `frontend files differ (${base.why.replace(/ changed$/, '')})`;
    if (facts.frontendFrom)
        return { run: true, stale: false, why: `${differ}: public_html restored from ${facts.frontendFrom}`, from: facts.frontendFrom };
    const none = `no copy of ${(0,core_text/* shortSha */.Fu)(to)}'s frontend is kept (deployed before per-release frontend copies, or its copy was deleted)`;
    return {
        run: false,
        stale: true,
        why: `${differ}, but ${none}: public_html still holds ${(0,core_text/* shortSha */.Fu)(current)}'s frontend (redeploy ${(0,core_text/* shortSha */.Fu)(to)} to rebuild it)`,
    };
}
/**
 * Whether the frontend step's decision needs the dry run of public_html against the target's
 * frontend (frontendDiffers): only when the frontend files are the same in both releases; when
 * they differ, public_html is restored from the copy whatever the dry run would show.
 */
function needsFrontendDiff(plan) {
    return (0,passenger_steps/* decideSteps */.yy)(plan, { venvExists: true, hasFrontend: true, taskOrder: [] }).frontend?.run !== true;
}
/** The steps of a rollback along the reverse plan (from = the deployed sha, to = the target's). */
function decideRollbackSteps(plan, facts) {
    const base = (0,passenger_steps/* decideSteps */.yy)(plan, {
        venvExists: facts.venvExists,
        hasFrontend: facts.hasFrontend,
        taskOrder: [],
        pipInputs: facts.pipInputs,
    });
    const pip = base.pip.run ? base.pip : { run: false, why: 'requirements are the same in both releases' };
    const frontend = frontendDecision(base.frontend, facts, plan.from ?? '', plan.to);
    return { pip, frontend, skippedTasks: base.tasks };
}
/** The reverse plan as executed: only the built-in steps that ran are left in `tasks`. */
function executedPlan(plan, steps, taskOrder) {
    return (0,passenger_steps/* planWithSteps */.lA)(plan, { pip: steps.pip, tasks: [], frontend: steps.frontend }, taskOrder);
}
/** Log lines of the decisions. */
function rollbackStepLines(steps) {
    const line = (name, d) => `${name}: ${d.run ? 'runs' : 'skipped'} (${d.why})`;
    const lines = [line(tasks/* PIP_TASK */.uh, steps.pip)];
    if (steps.frontend)
        lines.push(line(tasks/* FRONTEND_TASK */.rW, steps.frontend));
    if (steps.skippedTasks.length > 0)
        lines.push(`tasks: not run by a rollback (${steps.skippedTasks.join(', ')})`);
    return lines;
}
//# sourceMappingURL=passenger-steps.js.map
;// CONCATENATED MODULE: ./lib/rollback/passenger-describe.js
/** What a passenger rollback would do (dry-run output, pure). */



function describePassengerRollback(r, restoreDb) {
    const { paths, target } = r;
    const from = (0,core_text/* shortSha */.Fu)(r.current.id);
    const lines = [`dry-run: nothing was changed on the host; a rollback from ${from} to ${(0,core_text/* shortSha */.Fu)(r.to.id)} would:`];
    if (restoreDb)
        lines.push(`  take a safety backup, then restore the backup taken before ${from} was deployed`);
    if (paths.releases)
        lines.push(`  use ${paths.layout.releaseDir(r.to.id)} (uploaded again if it was pruned)`);
    else
        lines.push(`  snapshot the code of ${from}, then restore ${paths.snapshotOf(r.to.id)} into ${paths.layout.root}`);
    lines.push(...rollbackStepLines(r.steps).map((l) => `  ${l}`));
    if (paths.releases)
        lines.push(`  switch ${paths.layout.current} to releases/${r.to.id}`);
    const restart = target.restart === 'passenger-config'
        ? `passenger-config restart-app ${paths.liveAppRoot}`
        : `touch ${paths.restartFileOf(paths.appRootOf(r.to.id))}`;
    lines.push(`  restart: ${restart}`, `  check: ${target.health.url ?? 'no health URL'}`);
    const migrations = changedMigrations(r.plan);
    if (migrations.length && !restoreDb)
        lines.push(`  WARNING: migrations differ (${migrations.join(', ')}); the database schema would not be reverted`);
    return lines;
}
//# sourceMappingURL=passenger-describe.js.map
;// CONCATENATED MODULE: ./lib/rollback/passenger-frontend.js
/**
 * public_html in a passenger rollback: restored from the copy of the target release's frontend kept
 * by its deploy (or, for a release deployed before those copies, from the snapshot the deploy of
 * the undone release took, when it holds the target's frontend), after a copy of the live one for
 * the undo.
 */










/** Copy of public_html as it was before the rollback restored the target's frontend (for the undo). */
const undoCopyOf = (target) => `${target.path}/.deploy/public_html.rollback`;
/**
 * Where `to`'s frontend is kept and, when `diff` (needsFrontendDiff), what differs from it in
 * public_html (one round trip). The dry run reads every file of both trees (--checksum): skipped
 * when the frontend files differ, since public_html is restored then whatever it shows.
 */
async function frontendSource(s, target, paths, run) {
    const { state, current, to } = run;
    const snapshot = frontendSnapshotHolds(state, current, to) ? paths.publicHtmlSnapshot : undefined;
    const publicHtml = target.frontend.public_html;
    const copy = paths.frontendOf(to.id);
    const script = run.diff
        ? frontendSourceDiffScript(copy, publicHtml, publicHtmlKeep(target), snapshot)
        : frontendSourceScript(copy, snapshot);
    const [found, ...dry] = (await s.conn.exec.sh(script)).stdout.split('\n');
    const from = found === 'copy' ? copy : found === 'snapshot' ? snapshot : undefined;
    const differs = parseItemized(dry.join('\n')).filter((i) => changedBeyondTimes([i]));
    return { from, differs: from ? differs.map((i) => i.path) : [] };
}
/**
 * Copies the live public_html aside, then restores the target's frontend from where it is kept.
 * What the restore deletes or replaces (the newer frontend's files, and a file put there since the
 * last deploy that `protect` does not name) is moved to <path>/.deploy/trash/public_html-<target>,
 * not destroyed: the copy for the undo is dropped once the rollback succeeds. The dry run and the
 * restore read only the files public_html does not share with the source (linked-restore.ts).
 */
async function restoreFrontend(r) {
    const fe = r.target.frontend;
    const from = r.steps.frontend?.from;
    if (!fe || !from)
        return;
    const exec = r.s.conn.exec;
    await exec.sh(snapshotScript(fe.public_html, undoCopyOf(r.target)));
    r.progress.reach('frontend');
    // public_html shares its inodes with the frontend copy of the release rolled back from: a file
    // whose mode alone differs gets its own inode first, or the restore would chmod that copy's
    const dry = await exec.sh(linkedRestoreDryRunScript(from, fe.public_html, publicHtmlKeep(r.target)));
    await unshareAttributeChanges(exec, fe.public_html, beyondTimes(parseItemized(dry.stdout)));
    const trash = { root: r.target.path, id: `public_html-${r.to.id}`, keep: r.target.keep_releases };
    const out = await exec.sh(linkedRestoreScript(from, fe.public_html, { ...publicHtmlKeep(r.target), trash }));
    r.s.reporter.info(`public_html: ${(0,core_text/* shortSha */.Fu)(r.to.id)}'s frontend restored from ${from} (${fe.protect.length} protected)`);
    const removed = removedOnHost(fe.public_html, out.stdout, `${(0,core_text/* shortSha */.Fu)(r.to.id)}'s frontend`);
    if (removed) {
        r.s.reporter.info(removed);
        r.s.report.notes.push(removed);
    }
}
/** Puts the copy taken before the restore back; undefined when public_html was not touched. */
async function undoFrontend(r) {
    const fe = r.target.frontend;
    if (!fe || !r.progress.has('frontend'))
        return undefined;
    await r.s.conn.exec.sh(linkedRestoreScript(undoCopyOf(r.target), fe.public_html, publicHtmlKeep(r.target)));
    return 'public_html restored';
}
/** Removes the undo copy once the rollback is recorded. */
async function dropFrontendCopy(r) {
    if (r.progress.has('frontend'))
        await r.s.conn.exec.sh(`rm -rf ${(0,quote/* shellQuote */.Z)(undoCopyOf(r.target))}`);
}
//# sourceMappingURL=passenger-frontend.js.map
;// CONCATENATED MODULE: ./lib/rollback/passenger.js
/**
 * Passenger rollback: a passenger deploy whose source is a retained release. Its "upload" is the
 * kept (or re-uploaded) release directory, or in-place the target's snapshot restored into the live
 * tree; pip runs only when the requirements differ; public_html comes back from the target's
 * frontend copy; restore-db once that code is ready; then switch `current` + restart, health. User
 * tasks never run on a rollback. A failure after something changed puts the release that was
 * current back (and the database, when it was restored).
 */

















/** Reads what the steps depend on (venv, where the target's frontend and code are kept) and decides them. */
async function passenger_prepare(base, planned) {
    const { s, previous: current, rollback } = base;
    const target = s.target;
    const [paths, config] = [(0,passenger_paths/* passengerPaths */.D)(target), (0,tasks/* passengerPlannerConfig */.t5)(s.config, target)];
    const [hasVenv, frontend, , pipInputs] = await Promise.all([
        venvExists(s.conn.exec, paths.venv),
        target.frontend
            ? frontendSource(s, target, paths, { state: base.state, current: current, to: rollback.to, diff: needsFrontendDiff(planned.plan) })
            : undefined,
        requireCodeSource(s, paths, rollback.to),
        (0,pip_inputs_read/* changedPipInputs */.$)(s.settings.repo, planned.plan, target),
    ]);
    const hasFrontend = target.frontend !== undefined;
    const facts = { venvExists: hasVenv, hasFrontend, frontendFrom: frontend?.from, frontendDiffers: frontend?.differs, pipInputs };
    const steps = decideRollbackSteps(planned.plan, facts);
    const plan = executedPlan(planned.plan, steps, Object.keys(config.tasks));
    s.report.plan = plan;
    for (const line of rollbackStepLines(steps))
        s.reporter.info(line);
    if (steps.frontend?.stale) {
        const text = `public_html not rolled back: ${steps.frontend.why}`;
        s.reporter.warning(text);
        s.report.warnings.push(text);
    }
    return { ...retained({ ...base, planned, target, paths, config, plan }), steps };
}
async function passenger_preflight(r) {
    await refuseSharedConflicts(r.s.conn, r.target);
    await checkRollbackDb(r);
    return undefined;
}
function rollback_passenger_steps(r) {
    const list = [
        r.paths.releases
            ? { phase: 'upload', run: () => ensureReleaseFiles(r.s, r.target, r.paths.layout, r.to, r.current) }
            : { phase: 'upload', title: 'Restore code', run: () => restoreInPlaceCode(r) },
    ];
    if (r.steps.pip.run)
        list.push({ phase: 'build', title: 'Pip', run: () => installRequirementsOf(r, r.to.id) });
    if (r.steps.frontend?.run)
        list.push({ phase: 'apply', title: 'Frontend', run: () => restoreFrontend(r) });
    // restore-db once the code is ready: the migrations' phase (no task runs in a rollback)
    if (r.s.settings.restoreDb)
        list.push({ phase: 'tasks', run: () => restoreRollbackDb(r) });
    // marked reached as it starts: the undo switches back whether or not this round trip got through
    list.push({ phase: 'switch', title: 'Switch', run: () => switchAndRestart(r, r.to.id, r.current.id) });
    list.push({ phase: 'verify', title: 'Verify', run: () => verifyHttp(r) });
    return list;
}
/** After a failed rollback: the release that was current serves again (code, venv, public_html, restart). */
async function undoRollback(r) {
    const db = await undoRollbackDb(r);
    const frontend = await undoFrontend(r);
    const done = [...[db, frontend].filter((x) => x !== undefined), ...(await undoCode(r))];
    const back = (0,core_text/* shortSha */.Fu)(r.current.id);
    return done.length > 0 ? `back on ${back}: ${done.join(', ')}` : `nothing had changed yet: ${back} keeps serving`;
}
function passenger_summary(r) {
    const { steps } = r;
    const pip = steps.pip.run ? `requirements reinstalled (${steps.pip.why})` : 'no pip run (requirements are the same)';
    const fe = !steps.frontend
        ? ''
        : steps.frontend.run
            ? '; public_html restored'
            : steps.frontend.stale
                ? '; public_html NOT rolled back (see warnings)'
                : '; public_html unchanged';
    const db = r.rollback.restored ? `; database restored from ${external_node_path_.posix.basename(r.rollback.restored.file)}` : '';
    return `rolled back ${r.s.targetName} from ${(0,core_text/* shortSha */.Fu)(r.current.id)} to ${(0,core_text/* shortSha */.Fu)(r.to.id)}: ${pip}${fe}${db}`;
}
const passengerRollback = {
    plannerConfig: passengerStrategy.plannerConfig,
    prepare: passenger_prepare,
    describe: (r) => describePassengerRollback(r, r.s.settings.restoreDb),
    idle: () => undefined,
    preflight: passenger_preflight,
    begin: async () => undefined,
    steps: rollback_passenger_steps,
    revertsFirstDeploy: false,
    revert: async (r) => ({ rolledBack: false, description: await undoRollback(r) }),
    finish: async (r, failed) => {
        if (failed)
            return;
        await dropFrontendCopy(r);
        r.s.report.notes.push(passenger_summary(r));
    },
    completeRelease: async () => undefined,
    keep: async () => undefined,
    auditServices: passengerStrategy.auditServices,
    pruneListing: copiesListing,
    prune: pruneCopies,
};
//# sourceMappingURL=passenger.js.map
;// CONCATENATED MODULE: ./lib/rollback/swarm.js
/**
 * Swarm rollback: the deploy's run with the retained release's registry references. Its files are
 * kept on the manager (uploaded again when pruned), `current` is switched back, and only the
 * services whose reference differs get `docker service update --image <retained tag>` (no build);
 * a compose definition that differs goes through a stack deploy of the retained release.
 */







function swarm_steps(r) {
    const { s, to } = r;
    return [
        { phase: 'upload', run: () => ensureReleaseFiles(s, r.target, r.layout, to, r.current) },
        { phase: 'switch', run: () => s.conn.exec.sh((0,sync_layout/* switchCurrentScript */.lI)(r.layout, to.id)) },
        { phase: 'apply', title: 'Apply', run: () => applySwarm(r) },
        { phase: 'verify', title: 'Verify', run: () => verifySwarm(r) },
    ];
}
function swarm_summary(r) {
    const a = r.action;
    const what = a.kind === 'stack'
        ? `stack deploy of ${(0,core_text/* shortSha */.Fu)(r.to.id)}`
        : `${a.images.join(', ') || 'no service'} back on the tags of ${(0,core_text/* shortSha */.Fu)(r.to.id)} (no build)`;
    return `rolled back ${r.s.targetName} from ${(0,core_text/* shortSha */.Fu)(r.current.id)} to ${(0,core_text/* shortSha */.Fu)(r.to.id)}: ${what}`;
}
const swarmRollback = {
    ...swarmStrategy,
    publish: undefined,
    prepare: async (base, planned) => retained(await swarmRun(base, planned)),
    preflight: async () => undefined,
    steps: swarm_steps,
    finish: async (r, failed) => void (failed ? undefined : r.s.report.notes.push(swarm_summary(r))),
    completeRelease: async () => undefined,
};
//# sourceMappingURL=swarm.js.map
;// CONCATENATED MODULE: ./lib/rollback/index.js



const ROLLBACKS = {
    compose: composeRollback,
    passenger: passengerRollback,
    swarm: swarmRollback,
};
const rollbackOf = (target) => ROLLBACKS[target.strategy];
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./lib/commands/rollback.js




/**
 * `rollback`: back to `previous`, a release id or a sha deployed successfully, through the deploy
 * pipeline (pipeline/rollback.ts); a target with several hosts rolls them all back in batches
 * (pipeline/rolling-rollback.ts).
 */
async function rollbackCommand(settings, config, reporter, report) {
    await (0,session/* withSession */.fQ)(settings, config, reporter, report, (s) => s.hosts.length > 1 ? rollBackHosts(s, rollbackOf(s.target)) : rollbackWith(s, rollbackOf(s.target)));
}
//# sourceMappingURL=rollback.js.map
;// CONCATENATED MODULE: ./lib/record/host-drift.js
/**
 * Drift between the hosts of a target (pure): which release each reachable host runs, which hosts
 * did not answer, and which answered but whose files could not be read (a corrupt state.json). A target drifts when its reachable hosts run different releases (a
 * host with nothing deployed counts as its own "release").
 */

function hostDrift(hosts) {
    const releases = {};
    for (const h of hosts.filter((x) => x.unreachable === undefined && x.unreadable === undefined))
        (releases[h.release ?? ''] ??= []).push(h.host);
    const unreachable = hosts.filter((h) => h.unreachable !== undefined);
    const unreadable = hosts.filter((h) => h.unreachable === undefined && h.unreadable !== undefined);
    const drifted = Object.keys(releases).length > 1;
    const each = Object.entries(releases)
        .map(([id, on]) => `${id ? (0,core_text/* shortSha */.Fu)(id) : 'nothing'} on ${on.join(', ')}`)
        .join('; ');
    const messages = [
        ...(drifted ? [`DRIFT: the hosts run different releases: ${each}. A deploy (or a rollback) converges them.`] : []),
        ...unreachable.map((h) => `UNREACHABLE: ${h.host}: ${h.unreachable}`),
        ...unreadable.map((h) => `UNREADABLE: ${h.host}: ${h.unreadable}`),
    ];
    return { drifted, releases, unreachable: unreachable.map((h) => h.host), unreadable: unreadable.map((h) => h.host), messages };
}
//# sourceMappingURL=host-drift.js.map
;// CONCATENATED MODULE: ./lib/apply/swarm-service-status.js



async function swarmServiceRows(exec, stack, images) {
    const [list, updates] = await Promise.all([exec.run(stackStatusArgs(stack)), exec.sh(stackUpdateStatusScript(stack))]);
    return serviceRows(list.stdout, stack, refsOf(images), pausedServices(updates.stdout));
}
//# sourceMappingURL=swarm-service-status.js.map
;// CONCATENATED MODULE: ./lib/commands/status.js














async function readLock(s) {
    const held = await (0,lock/* readLock */.mF)(s.conn.exec, s.target.path);
    if (!held)
        return null;
    const silentSeconds = Math.round(held.silentMs / 1000);
    if (!held.info)
        return { runId: 'unknown', sha: '', actor: 'unknown', command: 'unknown', time: '', ageSeconds: silentSeconds, silentSeconds };
    return { ...held.info, ageSeconds: Number.isNaN(held.ageMs) ? silentSeconds : Math.round(held.ageMs / 1000), silentSeconds };
}
/** What one host says (state, link, lock, backups). */
async function gather(s) {
    const state = await (0,state_store/* loadHostState */.Ip)(s);
    const releases = s.target.layout === 'releases';
    const host = await inspectHost(s.conn.exec, (0,sync_layout/* layoutOf */.aH)(s.target.path));
    const link = releases ? host.link : '';
    const dangling = releases && (await s.conn.exec.sh((0,sync_layout/* danglingCurrentScript */.Ht)((0,sync_layout/* layoutOf */.aH)(s.target.path)))).stdout.trim() === 'dangling';
    const backups = await listBackups(s.conn.exec, backupsDir(s.target.path), s.targetName);
    const swarm = s.target.strategy === 'swarm'
        ? await swarmServiceRows(s.conn.exec, s.target.stack, (0,state_model/* currentRelease */.BX)(state)?.images)
        : undefined;
    return {
        target: s.targetName,
        host: (0,config_hosts/* hostsOf */.PP)(s.target).map(config_hosts/* hostLabel */.vy).join(', '),
        path: s.target.path,
        current: state.current,
        currentSince: state.currentSince,
        currentLink: link || undefined,
        ...(dangling ? { currentMissing: true } : {}),
        compose: (0,state_model/* currentRelease */.BX)(state)?.compose,
        interrupted: describeDamage(host, (0,state_model/* currentRelease */.BX)(state), releases),
        releases: state.releases.map(({ id, sha, at, result, actor, runUrl, error }) => ({
            id,
            sha,
            at,
            result,
            actor,
            runUrl,
            error: error?.split('\n')[0],
        })),
        lock: await readLock(s),
        backups: backups.slice(0, 10),
        backupCount: backups.length,
        ...(swarm ? { swarm } : {}),
    };
}
/** "deployed <at> by <actor>", or, after a rollback, since when it is current again. */
function currentSinceText(cur, since) {
    const deployed = `deployed ${cur.at} by ${cur.actor}`;
    return since?.via === 'rollback' ? `current again since ${since.at} by a rollback; first ${deployed}` : deployed;
}
/** What a `current` link to a deleted release means. */
const missingText = (st) => `${st.path}/current points to releases/${st.currentLink ?? ''}, which does not exist: the live release's files are gone`;
/** The status as tables (markdown pipes: readable in a terminal and in the job summary). */
function formatStatus(st) {
    const cur = st.releases.find((r) => r.id === st.current);
    const lines = [`Target ${st.target} (${st.host}:${st.path})`];
    lines.push(cur ? `current: ${cur.id} (${currentSinceText(cur, st.currentSince)})` : 'current: nothing deployed');
    if (st.compose)
        lines.push(`compose: ${st.compose.command} ${st.compose.version} (${composeGeneration(st.compose.command.split(' '))})`);
    if (st.interrupted)
        lines.push(`WARNING: an interrupted deploy left the host half done: ${st.interrupted}. The next deploy repairs it before changing anything.`);
    else if (st.currentLink && st.currentLink !== st.current)
        lines.push(`WARNING: the current symlink points to ${st.currentLink}, the state file says ${st.current ?? 'nothing'}`);
    if (st.currentMissing)
        lines.push(`WARNING: ${missingText(st)}`);
    lines.push(st.lock
        ? `lock: HELD by run ${st.lock.runId} (${st.lock.actor}, ${st.lock.command} ${(0,core_text/* shortSha */.Fu)(st.lock.sha)}, ${st.lock.ageSeconds} s ago); last heartbeat ${st.lock.silentSeconds} s ago`
        : 'lock: free');
    lines.push('', '| release | deployed | by | result |', '|---|---|---|---|');
    for (const r of st.releases)
        lines.push(`| ${(0,core_text/* shortSha */.Fu)(r.id)}${r.id === st.current ? ' (current)' : ''} | ${r.at} | ${r.actor} | ${r.result}${r.error ? `: ${r.error.slice(0, 80)}` : ''} |`);
    lines.push('', `backups: ${st.backupCount}${st.backupCount > st.backups.length ? ` (newest ${st.backups.length} shown)` : ''}`, '', '| backup | size | verified |', '|---|---:|---|');
    for (const b of st.backups)
        lines.push(`| ${b.name} | ${(0,units/* humanBytes */.p)(b.size)} | ${b.verified ? 'yes' : 'NO'} |`);
    if (st.swarm)
        lines.push(...formatServiceRows(st.swarm));
    return lines;
}
/** `status`: current release, previous releases with their result, lock holder, newest backups (one host; several: status-hosts.ts). */
async function statusCommand(settings, config, reporter, report) {
    await (0,session/* withSession */.fQ)(settings, config, reporter, report, async (s) => {
        const status = await (0,session/* phase */.Oi)(s, 'Status', () => gather(s));
        report.status = status;
        const cur = status.releases.find((r) => r.id === status.current);
        report.release = cur?.id;
        report.previousRelease = status.releases.find((r) => r.id !== status.current && r.result !== 'failed')?.id;
        report.notes.push(...formatStatus(status));
    });
}
//# sourceMappingURL=status.js.map
;// CONCATENATED MODULE: ./lib/commands/status-hosts.js
/**
 * `status` of a target with several hosts: every host read at the same time over its own verified
 * connection, one row per host (an unreachable host is a row that says so, and so is a host that
 * answered but whose state.json could not be read), and the drift between them flagged. The run
 * fails (exit 1) when the hosts drift or one is unreachable or unreadable, after printing.
 */








/**
 * Connects to one host, reads its status, closes; a failure makes the row say why (`badInput`: the
 * user's input was wrong, exit 2): unreachable when the connection failed, or when it broke off
 * during the reads; unreadable when the host answered and what it holds is wrong (a UserError).
 */
async function statusOn(base, address, opened) {
    const host = (0,config_hosts/* hostLabel */.vy)(address);
    let conn;
    try {
        conn = await (0,session/* connectTo */.m6)(base.settings, base.target, address, base.reporter);
        opened.push(conn);
        base.reporter.persist('keyDir', opened.map((c) => c.keyDir).join('\n'));
        const status = await gather({ ...base, hosts: [conn], conn, report: (0,session_report/* newReport */.bQ)('status', base.targetName) });
        return { host, status: { ...status, host } };
    }
    catch (e) {
        const why = e.message.split('\n')[0];
        const bad = e instanceof errors/* UserError */.yo ? { badInput: true } : {};
        return conn && e instanceof errors/* UserError */.yo ? { host, unreadable: why, ...bad } : { host, unreachable: why, ...bad };
    }
    finally {
        await conn?.cleanup().catch((e) => base.reporter.warning(`ssh cleanup: ${e.message}`));
    }
}
const cell = (text) => (text ?? '-').replace(/\|/g, '/');
/** One table row per host: release, since when, compose, lock, what is wrong. */
function formatHostsStatus(st) {
    const lines = [`Target ${st.target} (${st.hosts.length} hosts, ${st.path})`, ...st.drift.messages];
    lines.push('', '| host | release | deployed | compose | lock | note |', '|---|---|---|---|---|---|');
    for (const { host, status: s, unreachable, unreadable } of st.hosts) {
        if (!s) {
            lines.push(`| ${host} | ${unreachable === undefined ? 'UNREADABLE' : 'UNREACHABLE'} | - | - | - | ${cell(unreachable ?? unreadable)} |`);
            continue;
        }
        const cur = s.releases.find((r) => r.id === s.current);
        const since = s.currentSince?.via === 'rollback' ? `${cur?.at ?? '-'} (current again since ${s.currentSince.at})` : cur?.at;
        const lock = s.lock ? `held by ${s.lock.runId} (${s.lock.command})` : 'free';
        const notes = [...(s.interrupted ? [`interrupted deploy: ${s.interrupted}`] : []), ...(s.currentMissing ? [missingText(s)] : [])];
        const note = notes.length > 0 ? notes.join('; ') : undefined;
        lines.push(`| ${host} | ${s.current ? (0,core_text/* shortSha */.Fu)(s.current) : 'nothing'} | ${cell(since)} | ${cell(s.compose && `${s.compose.command} ${s.compose.version}`)} | ${cell(lock)} | ${cell(note)} |`);
    }
    return lines;
}
/** `status` over every host of the target; throws (after the report is filled) on drift or an unreachable host. */
async function hostsStatusCommand(settings, config, reporter, report) {
    const { name, target } = (0,session/* requireTarget */.Fm)(settings, config);
    report.target = name;
    (0,session/* requireSshKey */.F)(settings);
    const base = { settings, config, targetName: name, target, reporter };
    const opened = [];
    const unregister = (0,interrupt/* onInterrupt */.nA)(() => Promise.all(opened.map((c) => c.cleanup())));
    const rows = await (0,session/* phase */.Oi)({ reporter, report }, 'Status', () => Promise.all((0,config_hosts/* hostsOf */.PP)(target).map((a) => statusOn(base, a, opened)))).finally(unregister);
    const hosts = rows.map(({ badInput: _, ...row }) => row);
    const drift = hostDrift(hosts.map((h) => ({ host: h.host, release: h.status?.current, unreachable: h.unreachable, unreadable: h.unreadable })));
    const status = { target: name, path: target.path, hosts, drift };
    report.status = status;
    report.release = drift.drifted ? undefined : hosts.find((h) => h.status)?.status?.current;
    report.notes.push(...formatHostsStatus(status));
    for (const m of drift.messages)
        reporter.warning(m);
    // a key, known-hosts or state.json that is wrong is bad input (exit 2), as with one host
    const Failure = rows.some((r) => r.badInput) ? errors/* UserError */.yo : Error;
    if (drift.messages.length > 0)
        throw new Failure(`status of ${name}: ${drift.messages.join(' ')}`);
}
/** `status`: every host of a target with several (above), the one host otherwise (status.ts). */
function targetStatusCommand(settings, config, reporter, report) {
    const several = (0,config_hosts/* hostsOf */.PP)((0,session/* requireTarget */.Fm)(settings, config).target).length > 1;
    return (several ? hostsStatusCommand : statusCommand)(settings, config, reporter, report);
}
//# sourceMappingURL=status-hosts.js.map
;// CONCATENATED MODULE: ./lib/commands/remote-commands.js







/**
 * The commands that reach a host, loaded together by `execute` only when one of them runs. One
 * module rather than one per command: the bundler copies shared code into every chunk it splits off.
 */
const REMOTE_COMMANDS = {
    deploy: deployCommand,
    rollback: rollbackCommand,
    backup: backupCommand,
    restore: restoreCommand,
    status: targetStatusCommand,
    doctor: doctorCommand,
    logs: logsCommand,
};
//# sourceMappingURL=remote-commands.js.map

/***/ }),

/***/ 62212:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LK: () => (/* binding */ displayHost),
/* harmony export */   TZ: () => (/* binding */ knownHostsLine),
/* harmony export */   Tp: () => (/* binding */ HostKeyVerificationError),
/* harmony export */   UY: () => (/* binding */ createHostKeyCheck),
/* harmony export */   md: () => (/* binding */ keyscanCommand)
/* harmony export */ });
/* unused harmony exports HOST_KEY_REQUIRED, howToScan, parseKnownHosts, knownHostsName, entryMatches, findHostKeys, fingerprintSha256, parseFingerprints, blobKeyType */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3828);
/**
 * Host key verification for SSH connections: known_hosts parsing (plain, `[host]:port`, hashed
 * `|1|salt|hash`, wildcards, negation, @revoked) and SHA256 fingerprints. There is no TOFU and no
 * keyscan: a key is accepted only when it matches what the user supplied out-of-band.
 */


/**
 * The server's key failed verification at connect time (mismatch, @revoked): not a config typo, so
 * it stays a plain failure (exit 1). Missing or unusable trust anchors are UserErrors (exit 2).
 */
class HostKeyVerificationError extends Error {
    constructor(message) {
        super(message);
        this.name = 'HostKeyVerificationError';
    }
}
const HOST_KEY_REQUIRED = 'host key verification is required: set known-hosts (ssh-keyscan output checked out-of-band) or host-fingerprint';
/** The ssh-keyscan command for a host: an IPv6 literal bare (ssh-keyscan looks `[::1]` up as a name and fails). */
const keyscanCommand = (host, port) => `ssh-keyscan -p ${port} ${host.replace(/^\[(.*)\]$/, '$1')}`;
/** How to get the host's key without trusting it on first use (the message of a missing one). */
function howToScan(host, port) {
    return (`To get it: ${keyscanCommand(host, port)} > known_hosts.scan, compare its fingerprint (ssh-keygen -lf known_hosts.scan) ` +
        `with the one the server shows on its own console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then pass ` +
        `--known-hosts known_hosts.scan (in the workflows: the DEPLOY_KNOWN_HOSTS variable); docs/prepare-server.md`);
}
/** Parse known_hosts text. Malformed lines are skipped (OpenSSH does the same). */
function parseKnownHosts(text) {
    const entries = [];
    text.split(/\r?\n/).forEach((raw, i) => {
        const fields = raw.trim().split(/\s+/);
        if (!fields[0] || fields[0].startsWith('#'))
            return;
        let marker;
        if (fields[0].startsWith('@')) {
            const m = fields.shift();
            if (m === '@revoked')
                marker = 'revoked';
            else if (m === '@cert-authority')
                marker = 'cert-authority';
            else
                return;
        }
        const [hosts, keyType, b64] = fields;
        if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
            return;
        const key = Buffer.from(b64, 'base64');
        if (blobKeyType(key) !== keyType)
            return;
        entries.push({ ...(marker ? { marker } : {}), hosts, keyType, key, line: i + 1 });
    });
    return entries;
}
/** The name OpenSSH looks up in known_hosts: `host` for port 22, `[host]:port` otherwise. */
function knownHostsName(host, port) {
    const h = host.toLowerCase();
    return port === 22 ? h : `[${h}]:${port}`;
}
/** Human form used in messages: `127.0.0.1:2222`, `[::1]:22`. */
function displayHost(host, port) {
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
/** Does this entry's host field match host:port? */
function entryMatches(entry, host, port) {
    const name = knownHostsName(host, port);
    if (entry.hosts.startsWith('|1|'))
        return hashedMatches(entry.hosts, name);
    let positive = false;
    for (const pattern of entry.hosts.split(',')) {
        const negated = pattern.startsWith('!');
        if (!globMatches(negated ? pattern.slice(1) : pattern, name))
            continue;
        if (negated)
            return false;
        positive = true;
    }
    return positive;
}
/** All entries (including @revoked) that apply to host:port. */
function findHostKeys(entries, host, port) {
    return entries.filter((e) => entryMatches(e, host, port));
}
function hashedMatches(field, name) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash)
        return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha1', Buffer.from(salt, 'base64')).update(name).digest();
    return expected.length === actual.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(expected, actual);
}
function globMatches(pattern, name) {
    const re = pattern
        .toLowerCase()
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
        .join('');
    return new RegExp(`^${re}$`).test(name);
}
/** `SHA256:<base64 without padding>` as printed by `ssh-keygen -lf`. */
function fingerprintSha256(blob) {
    return `SHA256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
/** Extract SHA256 fingerprints from user input (a bare value, or whole `ssh-keygen -lf` lines). */
function parseFingerprints(text) {
    const found = [...text.matchAll(/SHA256:([A-Za-z0-9+/]+)=*/g)].map((m) => `SHA256:${m[1]}`);
    if (found.length === 0) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo('host-fingerprint must be a SHA256 fingerprint as printed by `ssh-keygen -lf`, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8');
    }
    return found;
}
/** The key type string at the start of an SSH public key blob (`ssh-ed25519`, ...). */
function blobKeyType(blob) {
    if (blob.length < 4)
        return undefined;
    const len = blob.readUInt32BE(0);
    if (len === 0 || len > 64 || blob.length < 4 + len)
        return undefined;
    return blob.subarray(4, 4 + len).toString('latin1');
}
/** A known_hosts line for a key that was verified (e.g. against a fingerprint). */
function knownHostsLine(host, port, blob) {
    const type = blobKeyType(blob);
    if (!type)
        throw new HostKeyVerificationError('malformed host key blob');
    return `${knownHostsName(host, port)} ${type} ${blob.toString('base64')}`;
}
/** What ssh2 can negotiate, in its preference order; RSA keys are used with SHA-2 signatures. */
const SSH2_HOST_KEY_ALGOS = [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
    'ssh-rsa',
    'ssh-dss',
];
function algorithmsFor(keyTypes) {
    return SSH2_HOST_KEY_ALGOS.filter((a) => keyTypes.has(a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a));
}
/**
 * Build the verifier for one host. Throws UserError before any connection when no trust anchor is
 * configured, the fingerprint is malformed or known_hosts has nothing usable for this host. When both
 * known_hosts and a fingerprint are given, the key must satisfy both.
 */
function createHostKeyCheck(opts) {
    const where = displayHost(opts.host, opts.port);
    const knownText = opts.knownHosts?.trim() ? opts.knownHosts : undefined;
    const fpText = opts.fingerprint?.trim() ? opts.fingerprint : undefined;
    if (!knownText && !fpText)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${HOST_KEY_REQUIRED}. ${howToScan(opts.host, opts.port)}`);
    const fingerprints = fpText ? parseFingerprints(fpText) : undefined;
    let trusted;
    let revoked = [];
    if (knownText) {
        const matching = findHostKeys(parseKnownHosts(knownText), opts.host, opts.port);
        revoked = matching.filter((e) => e.marker === 'revoked');
        trusted = matching.filter((e) => !e.marker);
        if (trusted.length === 0) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`known-hosts has no key for ${where} (looked up as ${knownHostsName(opts.host, opts.port)}); ${HOST_KEY_REQUIRED}. ${howToScan(opts.host, opts.port)}`);
        }
    }
    const algorithms = trusted ? algorithmsFor(new Set(trusted.map((e) => e.keyType))) : undefined;
    if (algorithms && algorithms.length === 0) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`known-hosts keys for ${where} use key types this client cannot verify`);
    }
    const check = {
        ...(algorithms ? { algorithms } : {}),
        verify: (key) => {
            const got = `${fingerprintSha256(key)} ${blobKeyType(key) ?? '?'}`;
            const fail = (msg) => {
                check.failure = `${msg} (server presented ${got})`;
                return false;
            };
            if (revoked.some((e) => e.key.equals(key)))
                return fail(`host key for ${where} is marked @revoked in known-hosts`);
            if (trusted && !trusted.some((e) => e.key.equals(key)))
                return fail(`host key for ${where} does not match known-hosts`);
            if (fingerprints && !fingerprints.includes(fingerprintSha256(key))) {
                return fail(`host key for ${where} does not match host-fingerprint`);
            }
            check.accepted = Buffer.from(key);
            return true;
        },
    };
    return check;
}
//# sourceMappingURL=host-keys.js.map

/***/ }),

/***/ 621:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* binding */ CommandError)
});

// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(69716);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(41917);
;// CONCATENATED MODULE: ./lib/transport/failure-hints.js
/**
 * What to do about the host failures a first deploy trips on (a host not prepared as
 * docs/prepare-server.md says), recognised in a failed command's output: one `fix:` line each,
 * appended to the error, so a deploy names the fix `doctor` would have given.
 */

/** A compose env_file missing in a release (compose v2 and v1 wording): it links to <path>/shared/<file>. */
const MISSING_ENV_FILE = /(?:env file |Couldn't find env file: )(\S+?)\/(?:current|releases\/[0-9a-f]{40})\/(\S+?)(?: not found|:|$)/m;
const HINTS = [
    [
        /permission denied while trying to connect to the docker daemon socket/i,
        () => 'fix: the deploy user may not use docker: on the host, sudo usermod -aG docker <deploy user> (then a new SSH session); `gitops-deploy doctor` checks it',
    ],
    [
        /\brsync: (command )?not found\b/,
        () => 'fix: install rsync on the host (apt-get install rsync): the upload runs it on both ends; `gitops-deploy doctor` checks it',
    ],
    [
        MISSING_ENV_FILE,
        ([, path, file]) => `fix: ${path}/shared/${file} is missing on the host: a deploy never uploads it (it is not in the commit; list it under \`shared\`). ` +
            `Create it there (mkdir -p ${(0,quote/* shellQuote */.Z)(`${path}/shared`)} && install -m 600 /dev/null ${(0,quote/* shellQuote */.Z)(`${path}/shared/${file}`)}) and fill in its values; \`gitops-deploy doctor\` checks it`,
    ],
];
/** The fix lines for a failed command's output (none when nothing is recognised). */
function failureHints(output) {
    return HINTS.flatMap(([re, fix]) => {
        const m = re.exec(output);
        return m ? [fix(m)] : [];
    });
}
//# sourceMappingURL=failure-hints.js.map
;// CONCATENATED MODULE: ./lib/transport/types.js
/** Executors run argument arrays on a host: locally (child_process, no shell) or over SSH (quoted). */


class CommandError extends Error {
    argv;
    result;
    constructor(argv, result) {
        const cmd = Array.isArray(argv) ? argv.join(' ') : argv;
        const output = result.stderr || result.stdout;
        const hints = failureHints(output);
        super(`command failed (exit ${result.code}): ${cmd.slice(0, 300)}\n${[(0,core_text/* tail */.RT)(output, 15), ...hints].join('\n')}`);
        this.argv = argv;
        this.result = result;
        this.name = 'CommandError';
    }
}
//# sourceMappingURL=types.js.map

/***/ })

};
