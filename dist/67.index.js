import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 67;
export const ids = [67];
export const modules = {

/***/ 56631:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $A: () => (/* binding */ PROJECT_PATTERN),
/* harmony export */   EE: () => (/* binding */ argument),
/* harmony export */   G5: () => (/* binding */ command),
/* harmony export */   MZ: () => (/* binding */ umask),
/* harmony export */   Nf: () => (/* binding */ absoluteDirectory),
/* harmony export */   Od: () => (/* binding */ durationOrZero),
/* harmony export */   Oh: () => (/* binding */ port),
/* harmony export */   Qq: () => (/* binding */ text),
/* harmony export */   TE: () => (/* binding */ sshHost),
/* harmony export */   U: () => (/* binding */ relativePathList),
/* harmony export */   UU: () => (/* binding */ name),
/* harmony export */   WY: () => (/* binding */ described),
/* harmony export */   Xq: () => (/* binding */ globList),
/* harmony export */   cl: () => (/* binding */ serviceList),
/* harmony export */   iZ: () => (/* binding */ relativePath),
/* harmony export */   k6: () => (/* binding */ durationValue),
/* harmony export */   ki: () => (/* binding */ anyPath),
/* harmony export */   lc: () => (/* binding */ bool),
/* harmony export */   mt: () => (/* binding */ protectedPathList),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   oP: () => (/* binding */ sshHostWithPort),
/* harmony export */   p0: () => (/* binding */ duration),
/* harmony export */   pD: () => (/* binding */ envName),
/* harmony export */   q3: () => (/* binding */ httpUrl),
/* harmony export */   zM: () => (/* binding */ regexText)
/* harmony export */ });
/* unused harmony exports ENV_NAME_PATTERN, serviceListDescription, nameDescription, durationDescription, absolutePath, glob */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42160);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99166);
/* harmony import */ var _transport_modes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(59871);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(52274);
/* harmony import */ var _ssh_address_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(99519);
/**
 * Field schemas shared by the config sections. Every error message either starts with
 * "expected ..." (the loader appends ", got <value>") or is a complete sentence.
 */





/** Compose project names (what docker compose accepts for -p). */
const PROJECT_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Single line: no newline, carriage return or NUL. */
const SINGLE_LINE = /^[^\0\r\n]*$/;
/** Not "/"-prefixed, no ".." segment, single line, non-empty. */
const RELATIVE_PATH = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/;
/**
 * A path a sync protects literally (sync/rsync.ts protectPattern) and links (shared entries): plain
 * names joined by single "/", optionally after "./" and before trailing "/"s; no "", "." or ".."
 * segment, no space at either end, single line.
 */
const PROTECTED_PATH = /^(?:\.\/)*(?!\s)(?!\.\.?(?:\/|$))[^/\0\r\n]+(?:\/(?!\.\.?(?:\/|$))[^/\0\r\n]+)*(?<!\s)\/*$/;
/** "/"-prefixed, no ".." segment, single line. */
const ABSOLUTE_PATH = /^\/(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]*$/;
/** Relative or absolute, no ".." segment, single line, non-empty. */
const ANY_PATH = /^(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/;
/** Repo-relative glob: no leading "/" or "./", single line, non-empty. */
const GLOB = /^(?!\/)(?!\.\/)[^\0\r\n]+$/;
const NO_TRAILING_BACKSLASH = /(?:^|[^\\])$/;
/** The longest pattern picomatch compiles. */
const GLOB_MAX_LENGTH = 65_536;
const DURATION_RE = new RegExp(_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .DURATION_PATTERN */ .Cq);
/** "0s", "0m0s": a duration of zero. */
const ZERO_DURATION = '^(0+(ms|s|m|h))+$';
const HTTP_URL = /^https?:\/\/[^\s\0]+$/;
/** Shell variable names (what `sh` can read and export). */
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Anything but "/", however spelled ("//", "/./"): a regex, so the JSON schema says it too. */
const NOT_ROOT = /^(?!(?:\/\.?)+$)/;
const serviceListDescription = 'expected a list of service names or "all"';
const nameDescription = (/* unused pure expression or super */ null && (`expected a name matching ${NAME_PATTERN.source}`));
const durationDescription = 'expected a duration like "90s", "30m", "2h" or "1h30m"';
/** Attach the description shown in the JSON schema (and editors). */
function described(schema, description) {
    return schema.meta({ description });
}
/** Any single-line string. */
function text(expected = 'expected a string') {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected }).regex(SINGLE_LINE, { error: 'expected a single line (no newline or NUL characters)' });
}
/**
 * A non-empty single-line value a client gets as a command-line argument (a database name, user or
 * host): one starting with "-" would be read as an option (`mysqldump --result-file=…`).
 */
function argument(expected) {
    return text(expected)
        .min(1, { error: expected })
        .refine((v) => !v.startsWith('-'), { error: `${expected} that does not start with "-" (the client would read it as an option)` });
}
/** Non-empty single-line string (commands). */
function command(expected = 'expected a shell command') {
    return text(expected).min(1, { error: expected });
}
/** A service/task/target/rule name. */
function name(kind) {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: `expected a ${kind} name` })
        .regex(_core_text_js__WEBPACK_IMPORTED_MODULE_3__/* .NAME_PATTERN */ .Vh, { error: `expected a ${kind} name matching ${_core_text_js__WEBPACK_IMPORTED_MODULE_3__/* .NAME_PATTERN */ .Vh.source}` });
}
function relativePath(what = 'a relative path') {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: `expected ${what}` })
        .regex(RELATIVE_PATH, { error: `expected ${what} (no leading "/", no ".." segments, one line)` });
}
function absolutePath(what = 'an absolute path') {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: `expected ${what}` })
        .regex(ABSOLUTE_PATH, { error: `expected ${what} (starting with "/", no ".." segments, one line)` });
}
/** An absolute directory a deploy syncs into with --delete: never the filesystem root. */
function absoluteDirectory(what = 'an absolute path') {
    return absolutePath(what).regex(NOT_ROOT, {
        error: `expected ${what} other than "/" (the deploy syncs into it with --delete)`,
    });
}
/** The name of an environment variable. */
function envName() {
    const expected = `expected an environment variable name matching ${ENV_NAME_PATTERN.source} (letters, digits and _, not starting with a digit)`;
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected }).regex(ENV_NAME_PATTERN, { error: expected });
}
function anyPath(what = 'a path') {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: `expected ${what}` }).regex(ANY_PATH, { error: `expected ${what} (no ".." segments, one line)` });
}
function glob() {
    const expected = 'expected a repo-relative glob pattern';
    return (zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected })
        .regex(GLOB, { error: `${expected} (no leading "/" or "./", one line)` })
        // picomatch loops forever on some patterns ending with backslashes ("docs/\\\\"), and throws past its length limit
        .regex(NO_TRAILING_BACKSLASH, { error: 'expected a glob pattern that does not end with "\\" (it escapes nothing)' })
        .max(GLOB_MAX_LENGTH, { error: `expected a glob pattern of at most ${GLOB_MAX_LENGTH} characters` }));
}
function globList() {
    const expected = 'expected a list of glob patterns';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(glob(), { error: expected }).min(1, { error: `${expected} (at least one)` });
}
function relativePathList() {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(relativePath(), { error: 'expected a list of relative paths' });
}
/**
 * Paths a sync never deletes nor overwrites (shared entries, frontend.protect): relative paths
 * (relativePath's message for a ".." or a leading "/") of plain names (PROTECTED_PATH). A refinement,
 * not a pattern: the JSON schema keeps relativePath's.
 */
function protectedPathList() {
    const expected = 'expected a relative path of plain names (no leading "/", no ".", ".." or empty segment, no space at either end; a trailing "/" marks a directory)';
    const plain = (p) => !RELATIVE_PATH.test(p) || PROTECTED_PATH.test(p);
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(relativePath().refine(plain, { error: expected }), { error: 'expected a list of relative paths' });
}
function serviceList() {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz('all'), zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(name('service'), { error: serviceListDescription })], {
        error: serviceListDescription,
    });
}
function sshHost() {
    const expected = 'expected user@host (e.g. deploy@example.com, deploy@[2001:db8::1])';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected }).regex(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .SSH_HOST */ .oT, { error: expected });
}
/** One entry of `hosts:`: user@host or user@host:port (port 1 to 65535). */
function sshHostWithPort() {
    const expected = 'expected user@host or user@host:port (e.g. deploy@h1, deploy@h2:2222, deploy@[2001:db8::1]:22)';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected })
        .regex(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .SSH_HOST_PORT */ .Sh, { error: expected })
        .refine((s) => (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .inPortRange */ .Uo)(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .SSH_HOST_PORT */ .Sh.exec(s)?.[1]), {
        error: 'expected a port between 1 and 65535',
    });
}
function httpUrl() {
    const expected = 'expected an http:// or https:// URL';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected }).regex(HTTP_URL, { error: expected });
}
function bool() {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY({ error: 'expected true or false' });
}
function integer(min, max, what = 'an integer') {
    const expected = `expected ${what} between ${min} and ${max}`;
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .int */ .Whr({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}
function port() {
    return integer(1, 65535, 'a port number');
}
/** The longest duration in whole days that is still an exact number of milliseconds. */
const DURATION_MAX_DAYS = Math.floor(Number.MAX_SAFE_INTEGER / 86_400_000);
/** The longest wait a timer takes (setTimeout fires at once past 2^31 - 1 ms, about 24.8 days). */
const TIMER_MAX_DAYS = 24;
/** What is wrong with the value of a well-formed duration string (not judged otherwise: one message per problem). */
function durationProblem(s, maxDays, zero) {
    if (!DURATION_RE.test(s))
        return undefined;
    const ms = (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(s);
    if (ms === undefined || ms > maxDays * 86_400_000)
        return `expected a duration of at most ${maxDays}d`;
    return ms === 0 && !zero ? 'expected a duration greater than zero' : undefined;
}
/** A duration string: its format, then its value (at most `maxDays`, zero only with `zero`). */
function durationString(maxDays, zero) {
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: durationDescription })
        .regex(DURATION_RE, { error: durationDescription })
        .superRefine((s, ctx) => {
        const problem = durationProblem(s, maxDays, zero);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    });
}
/** Duration string in the file (greater than zero), milliseconds after parsing. */
function durationValue() {
    return (durationString(DURATION_MAX_DAYS, false)
        // the JSON schema's form of the refine: not every part zero
        .meta({ not: { pattern: ZERO_DURATION } })
        .transform((s) => (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(s)));
}
/** A duration with a default: `fallback` is the input-side default. */
function duration(fallback) {
    return durationValue().prefault(fallback);
}
/** A duration that may be zero (a pause, waited with a timer), milliseconds after parsing. */
function durationOrZero(fallback) {
    return durationString(TIMER_MAX_DAYS, true)
        .transform((s) => (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(s))
        .prefault(fallback);
}
/** A regular expression given as a string (validated by compiling it). */
function regexText(expected = 'expected a regular expression') {
    return text(expected).refine((s) => {
        if (!SINGLE_LINE.test(s))
            return true; // reported by text()
        try {
            new RegExp(s);
            return true;
        }
        catch {
            return false;
        }
    }, { error: `${expected} that compiles in JavaScript` });
}
/** A deploy umask: a quoted octal string masking group and other write (see sync/modes.ts). */
function umask() {
    const expected = 'expected a umask as a quoted octal string like "022" (unquoted, YAML reads 022 as the number 22)';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected }).superRefine((value, ctx) => {
        const problem = (0,_transport_modes_js__WEBPACK_IMPORTED_MODULE_4__/* .umaskProblem */ .NH)(value);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    });
}
//# sourceMappingURL=fields.js.map

/***/ }),

/***/ 43331:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ii: () => (/* binding */ PASSENGER_TASK_NAMES),
/* harmony export */   Sn: () => (/* binding */ tasksSchema),
/* harmony export */   jm: () => (/* binding */ rulesSchema)
/* harmony export */ });
/* unused harmony exports RESERVED_RULE_NAMES, ruleSchema, taskSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42160);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56631);
/** The `rules` and `tasks` sections: which changed files cause which actions. */


/** Rule names the planner uses for its own reasons; a user rule must not reuse them. */
const RESERVED_RULE_NAMES = [
    'compose',
    'build-context',
    'bind-mount',
    'env_file',
    'task-paths',
    'unknown-from',
    'app-code',
    'shared-image',
    'linked-service',
];
/** Built-in steps of passenger targets, planned as tasks under these names (a user task must not reuse them). */
const PASSENGER_TASK_NAMES = { pip: 'pip-install', frontend: 'frontend' };
const ACTION_KEYS = ['build', 'recreate', 'restart', 'tasks'];
const mapping = { error: 'expected a mapping' };
const ruleName = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .name */ .UU)('rule').refine((n) => !RESERVED_RULE_NAMES.includes(n), {
    error: `expected a rule name other than the reserved ${RESERVED_RULE_NAMES.map((n) => `"${n}"`).join(', ')}`,
});
const ruleSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    name: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(ruleName, 'Rule name, shown in plans as the reason of an action.'),
    paths: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .globList */ .Xq)(), 'Repo-relative glob patterns (picomatch) of the files this rule decides.'),
    build: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .serviceList */ .cl)().optional(), 'Services whose image is rebuilt (a list, or "all").'),
    recreate: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .serviceList */ .cl)().optional(), 'Services whose containers are recreated (a list, or "all").'),
    restart: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .serviceList */ .cl)().optional(), 'Services restarted without recreation (a list, or "all").'),
    no_cache: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .bool */ .lc)().optional(), 'Build the `build` services without the layer cache.'),
    tasks: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .name */ .UU)('task'), { error: 'expected a list of task names' }).optional(), 'Tasks (from `tasks`) to run after the services are up.'),
    ignore: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .bool */ .lc)().optional(), 'Matching files need no action at all.'),
}, mapping)
    .superRefine((rule, ctx) => {
    const actions = ACTION_KEYS.filter((k) => rule[k] !== undefined);
    if (rule.ignore && actions.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['ignore'], message: `ignore: true cannot be combined with ${actions.join(', ')}` });
    }
    else if (!rule.ignore && actions.length === 0) {
        ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'a rule needs at least one of build, recreate, restart, tasks, or ignore: true',
        });
    }
    if (rule.no_cache && rule.build === undefined) {
        ctx.addIssue({ code: 'custom', path: ['no_cache'], message: 'no_cache: true needs build in the same rule' });
    }
}, { when: (payload) => payload.issues.length === 0 })
    // the same checks for editors (the JSON schema): what the loader refuses, the schema refuses
    .meta({ allOf: ruleJsonChecks() });
/** JSON schema form of the superRefine above: ignore excludes the actions, else one is needed; no_cache needs build. */
function ruleJsonChecks() {
    const anyAction = { anyOf: ACTION_KEYS.map((k) => ({ required: [k] })) };
    const isTrue = (key) => ({ properties: { [key]: { const: true } }, required: [key] });
    return [
        { if: isTrue('ignore'), then: { not: anyAction }, else: anyAction },
        { if: isTrue('no_cache'), then: { required: ['build'] } },
    ];
}
const rulesSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(ruleSchema, { error: 'expected a list of rules' }).default([]), 'Checked top to bottom; the first rule whose paths match a changed file decides what that file causes.');
const taskName = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .name */ .UU)('task').refine((n) => !/^[0-9]+$/.test(n), {
    error: 'expected a task name that is not only digits (declaration order must be kept)',
});
const taskSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    service: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .name */ .UU)('service').optional(), 'Compose service the command runs in (required when a compose or swarm target exists; swarm runs the command as a one-off job from the new image of that service, with its networks and environment). Passenger targets run the command on the host in app_root with the virtualenv active.'),
    command: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .command */ .G5)(), 'Command to run (through the shell of the container).'),
    paths: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .globList */ .Xq)().optional(), 'Run this task whenever a changed file matches one of these globs (in addition to rules naming it).'),
    first_deploy: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .bool */ .lc)().optional(), 'On a first deploy (nothing deployed yet, or the deployed revision is unknown): true runs the task, false does not. Default: it runs when its service is deployed (passenger: always).'),
    before: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg((0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .name */ .UU)('service'), { error: 'expected a list of service names' }).optional(), 'Compose services this task runs before: when the deploy also recreates or restarts one of them, that happens after the tasks (e.g. collectstatic before nginx).'),
}, mapping);
const tasksSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(taskName, taskSchema, { error: 'expected a mapping of task names to tasks' }).default({}), 'One-off commands in declaration order: after the services are up (compose), before the switch (passenger), as a swarm job before the services change (swarm).');
//# sourceMappingURL=rules.js.map

/***/ }),

/***/ 99383:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ stateProblems),
/* harmony export */   u: () => (/* binding */ RELEASE_ID)
/* harmony export */ });
/**
 * What state.json read from a host must hold before any of it is used (pure). Release ids and
 * shas become paths that are deleted, snapshotted or synced into (releases/<id>,
 * .deploy/snapshots/<id>, .deploy/frontend/<id>) and revisions git reads: a hand-edited or
 * corrupted value (`..`, `../../shared`, `/`, '', spaces, a newline, `$(...)`) must stop the run
 * before anything on the host changes.
 */
/** A release id or sha as the tool writes it: a git commit (7 to 64 lowercase hex digits). */
const RELEASE_ID = /^[0-9a-f]{7,64}$/;
const RESULTS = new Set(['success', 'failed', 'rolled-back']);
const shown = (v) => JSON.stringify(v) ?? String(v);
/** Problems of one release record (`i`: its place in `releases`), as phrases. */
function releaseProblems(r, i) {
    if (typeof r !== 'object' || r === null || Array.isArray(r))
        return [`releases[${i}] is not an object`];
    const rec = r;
    const bad = (field, optional) => {
        const v = rec[field];
        if (optional && v === undefined)
            return [];
        return typeof v === 'string' && RELEASE_ID.test(v) ? [] : [`releases[${i}].${field} ${shown(v)} is not a commit sha`];
    };
    const result = RESULTS.has(rec.result)
        ? []
        : [`releases[${i}].result ${shown(rec.result)} is not one of success, failed, rolled-back`];
    const shas = [...bad('id', false), ...bad('sha', false)];
    // a release is named after its commit: its directory is releases/<id>, its upload the tree of <sha>
    const same = shas.length === 0 && rec.id !== rec.sha ? [`releases[${i}].id ${shown(rec.id)} is not its sha ${shown(rec.sha)}`] : [];
    return [...shas, ...same, ...bad('previous', true), ...result];
}
/**
 * Every problem of a parsed state.json (empty: it can be used): release ids, shas and `previous`
 * links that are not commit shas, unknown results, and a `current` that is not a recorded release.
 */
function stateProblems(data) {
    const problems = data.releases.flatMap(releaseProblems);
    const { current } = data;
    // no current (nothing live yet): absent, or null
    if (current === undefined || current === null)
        return problems;
    if (typeof current !== 'string' || !RELEASE_ID.test(current))
        problems.push(`current ${shown(current)} is not a commit sha`);
    else if (!data.releases.some((r) => r?.id === current))
        problems.push(`current ${shown(current)} has no release record`);
    return problems;
}
//# sourceMappingURL=state-check.js.map

/***/ }),

/***/ 50142:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BX: () => (/* binding */ currentRelease),
/* harmony export */   Bu: () => (/* binding */ parseState),
/* harmony export */   FM: () => (/* binding */ wentLive),
/* harmony export */   Fr: () => (/* binding */ predecessorOf),
/* harmony export */   Yh: () => (/* binding */ releaseAfter),
/* harmony export */   jQ: () => (/* binding */ rollbackChoices),
/* harmony export */   ty: () => (/* binding */ recordRelease)
/* harmony export */ });
/* unused harmony export emptyState */
/* harmony import */ var _state_check_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(99383);
/** The deploy state kept on the host in <path>/.deploy/state.json (pure model and transitions). */

function emptyState(target) {
    return { version: 1, target, releases: [] };
}
function currentRelease(state) {
    return state.releases.find((r) => r.id === state.current);
}
/** Records a release outcome (replacing an older record of the same id) and moves `current` on success. */
function recordRelease(state, release) {
    const releases = [release, ...state.releases.filter((r) => r.id !== release.id)];
    if (release.result !== 'success')
        return { ...state, releases };
    return { ...state, current: release.id, currentSince: { at: release.at, via: 'deploy' }, releases };
}
/**
 * Parses state.json text defensively: a corrupt file is an error, never silently reset. `null`: there
 * is no state.json (nothing deployed yet); an empty one is an error (a truncated file is not a
 * first deploy). Release ids and shas must be commit shas before any of them names a path.
 */
function parseState(text, target) {
    if (text === null)
        return emptyState(target);
    if (text.trim() === '')
        throw new Error('state.json is empty (truncated?)');
    const data = JSON.parse(text);
    if (typeof data !== 'object' || data === null || data.version !== 1 || !Array.isArray(data.releases))
        throw new Error('state.json: unsupported format');
    const problems = (0,_state_check_js__WEBPACK_IMPORTED_MODULE_0__/* .stateProblems */ .Y)(data);
    if (problems.length > 0)
        throw new Error(`state.json: ${problems.join('; ')}`);
    return data;
}
/**
 * A release went live successfully: it was deployed and passed its checks ("success"), including
 * one that was later rolled back from ("rolled-back"). A failed deploy never counts, even one that
 * was reverted after a failed health check.
 */
const wentLive = (r) => r.result === 'success' || r.result === 'rolled-back';
/** Releases a rollback may go to, newest first: they went live and are not the current one. */
function rollbackChoices(state) {
    return state.releases.filter((r) => wentLive(r) && r.id !== state.current);
}
/** The release `rollback previous` goes to: the recorded predecessor when valid, else the newest valid older one. */
function predecessorOf(state, current) {
    const choices = rollbackChoices(state);
    return choices.find((r) => r.id === current.previous) ?? choices.find((r) => Date.parse(r.at) < Date.parse(current.at));
}
/**
 * The release whose pre-deploy backup holds the data of `target` as seen from `current`: walking
 * `previous` links from `current`, the one deployed right after `target` (undefined when `target`
 * is not an earlier release of `current`).
 */
function releaseAfter(state, current, target) {
    const byId = new Map(state.releases.map((r) => [r.id, r]));
    const seen = new Set();
    let r = current;
    while (r && r.previous !== target.id && !seen.has(r.id)) {
        seen.add(r.id);
        r = r.previous ? byId.get(r.previous) : undefined;
    }
    return r?.previous === target.id ? r : undefined;
}
//# sourceMappingURL=state-model.js.map

/***/ }),

/***/ 64330:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BQ: () => (/* binding */ statePath),
/* harmony export */   C7: () => (/* binding */ loadState),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   ZM: () => (/* binding */ stateReadScript),
/* harmony export */   r9: () => (/* binding */ stateText)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38066);
/* harmony import */ var _transport_remote_files_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(75779);
/* harmony import */ var _state_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50142);



const statePath = (deployPath) => `${deployPath}/.deploy/state.json`;
/** Script (pure) of the state read: what loadState takes as `sent` when it went in another round trip. */
function stateReadScript(deployPath) {
    return (0,_transport_remote_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readRemoteScript */ .em)(statePath(deployPath));
}
async function loadState(exec, deployPath, target, sent) {
    const text = await (0,_transport_remote_files_js__WEBPACK_IMPORTED_MODULE_2__/* .readRemote */ .Zz)(exec, statePath(deployPath), sent);
    try {
        return (0,_state_model_js__WEBPACK_IMPORTED_MODULE_1__/* .parseState */ .Bu)(text, target);
    }
    catch (e) {
        // moved aside, the next deploy would be a first deploy: it keeps the release directories, but rollback forgets them
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${statePath(deployPath)} is corrupt (${e.message}); fix it by hand or restore a copy (without it the next deploy is a first deploy: the releases it records are forgotten); nothing was changed`);
    }
}
/** The text of state.json. */
const stateText = (state) => `${JSON.stringify(state, null, 2)}\n`;
async function saveState(exec, deployPath, state) {
    await (0,_transport_remote_files_js__WEBPACK_IMPORTED_MODULE_2__/* .writeRemoteAtomic */ .rq)(exec, statePath(deployPath), stateText(state));
}
//# sourceMappingURL=state-store.js.map

/***/ }),

/***/ 44384:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ passengerPaths),
/* harmony export */   E: () => (/* binding */ PASSENGER_STARTUP_FILE)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _sync_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50611);
/** Where a passenger target's pieces live on the host (pure). */


/** The file Passenger starts a Python app from, in the app root. */
const PASSENGER_STARTUP_FILE = 'passenger_wsgi.py';
function passengerPaths(target) {
    const layout = (0,_sync_layout_js__WEBPACK_IMPORTED_MODULE_1__/* .layoutOf */ .aH)(target.path);
    const releases = target.layout === 'releases';
    const join = (...parts) => node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(...parts)).replace(/\/$/, '');
    const venv = target.venv.startsWith('/') ? join(target.venv) : join(target.path, target.venv);
    const liveAppRoot = join(releases ? layout.current : layout.root, target.app_root);
    const snapshots = `${target.path}/.deploy/snapshots`;
    return {
        layout,
        releases,
        liveAppRoot,
        appRootOf: (id) => (releases ? join(layout.releaseDir(id), target.app_root) : liveAppRoot),
        restartFileOf: (appRoot) => `${appRoot}/tmp/restart.txt`,
        venv,
        snapshots,
        snapshotOf: (id) => `${snapshots}/${id}`,
        publicHtmlSnapshot: `${target.path}/.deploy/public_html.previous`,
        frontendOf: (id) => `${target.path}/.deploy/frontend/${id}`,
        frontends: `${target.path}/.deploy/frontend`,
    };
}
//# sourceMappingURL=paths.js.map

/***/ }),

/***/ 14070:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FG: () => (/* binding */ planOnHost)
/* harmony export */ });
/* unused harmony exports hostFactsScript, parseHostFacts */
/* harmony import */ var _sync_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(50611);
/* harmony import */ var _python_scripts_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99313);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44384);
/* harmony import */ var _steps_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(16943);




/** Script (pure): the host facts the plan needs, in one round trip: `yes`/`no` (the venv), then `dangling` when `current` points to no directory. */
function hostFactsScript(paths) {
    return [(0,_python_scripts_js__WEBPACK_IMPORTED_MODULE_3__/* .venvCheckScript */ .ln)(paths.venv), ...(paths.releases ? [(0,_sync_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .danglingCurrentScript */ .Ht)(paths.layout)] : [])].join('\n');
}
/** What hostFactsScript printed. */
function parseHostFacts(stdout) {
    const lines = stdout.split('\n').map((l) => l.trim());
    return { venvExists: lines.includes('yes'), liveMissing: lines.includes('dangling') };
}
async function planOnHost(exec, target, config, planned) {
    const facts = parseHostFacts((await exec.sh(hostFactsScript((0,_paths_js__WEBPACK_IMPORTED_MODULE_1__/* .passengerPaths */ .D)(target)))).stdout);
    const taskOrder = Object.keys(config.tasks);
    const steps = (0,_steps_js__WEBPACK_IMPORTED_MODULE_2__/* .decideSteps */ .yy)(planned, { venvExists: facts.venvExists, hasFrontend: target.frontend !== undefined, taskOrder });
    return { plan: (0,_steps_js__WEBPACK_IMPORTED_MODULE_2__/* .planWithLiveRestored */ .CX)((0,_steps_js__WEBPACK_IMPORTED_MODULE_2__/* .planWithSteps */ .lA)(planned, steps, taskOrder), facts.liveMissing), steps };
}
//# sourceMappingURL=plan-on-host.js.map

/***/ }),

/***/ 99313:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ln: () => (/* binding */ venvCheckScript),
/* harmony export */   mh: () => (/* binding */ pipInstallScript),
/* harmony export */   t6: () => (/* binding */ hostTaskScript)
/* harmony export */ });
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53803);
/** Virtualenv, pip and host-task commands of a passenger deploy (pure builders). */

/** Prints "yes" when the virtualenv's python exists (is executable), else "no". */
function venvCheckScript(venv) {
    return `if [ -x ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`${venv}/bin/python`)} ]; then echo yes; else echo no; fi`;
}
/**
 * Creates the venv when missing, then `pip install -r <requirements> <args>` in the app root. A
 * creation that fails (Debian's python3 without python3-venv makes <venv>/bin/python, then fails on
 * ensurepip) removes the directory it created, else every next deploy would take it as present and
 * fail without pip; a directory that was there before is left as it was found. A virtualenv
 * (pyvenv.cfg) whose python no longer runs (the host's interpreter was upgraded and removed: its
 * links dangle, and `-m venv` alone fails on them) is made again with --clear: its packages are pip's
 * to install again, right after.
 */
function pipInstallScript(p) {
    const python = `${p.venv}/bin/python`;
    const pip = [python, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-r', p.requirements, ...p.args];
    const create = (0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellJoin */ .n)([p.python, '-m', 'venv', p.venv]);
    const clear = `${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellJoin */ .n)([p.python, '-m', 'venv', '--clear', p.venv])} || exit $?`;
    return [
        `if [ ! -x ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(python)} ] && [ -f ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`${p.venv}/pyvenv.cfg`)} ]; then`,
        `  echo ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`recreating virtualenv ${p.venv}: its python no longer runs`)}`,
        `  ${clear}`,
        'fi',
        `if [ ! -x ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(python)} ]; then`,
        `  echo ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`creating virtualenv ${p.venv}`)}`,
        `  if [ -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(p.venv)} ] || [ -L ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(p.venv)} ]; then fresh=; else fresh=1; fi`,
        `  ${create} || { rc=$?; if [ -n "$fresh" ]; then rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(p.venv)}; fi; exit $rc; }`,
        'fi',
        `cd ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(p.appRoot)} && ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellJoin */ .n)(pip)}`,
    ].join('\n');
}
/** A user task (e.g. `alembic upgrade head`) through sh in the app root, with the venv active. */
function hostTaskScript(appRoot, venv, command) {
    return `cd ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(appRoot)} && VIRTUAL_ENV=${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(venv)} PATH=${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`${venv}/bin`)}:"$PATH" exec sh -c ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(command)}`;
}
//# sourceMappingURL=python-scripts.js.map

/***/ }),

/***/ 16943:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CX: () => (/* binding */ planWithLiveRestored),
/* harmony export */   lA: () => (/* binding */ planWithSteps),
/* harmony export */   yy: () => (/* binding */ decideSteps)
/* harmony export */ });
/* unused harmony export LIVE_MISSING_DETAIL */
/* harmony import */ var _tasks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1138);

function filesOf(plan, task) {
    return [...new Set(plan.reasons.filter((r) => r.task === task).flatMap((r) => r.files))].sort();
}
function changed(files) {
    const shown = files.slice(0, 3).join(', ');
    return `${shown}${files.length > 3 ? ` (+${files.length - 3} more)` : ''} changed`;
}
function decide(plan, task, unchanged) {
    if (plan.from === null)
        return { run: true, why: 'first deploy (no previous revision to compare with)' };
    if (plan.tasks.includes(task))
        return { run: true, why: changed(filesOf(plan, task)) };
    return { run: false, why: unchanged };
}
/**
 * pip runs when the requirements changed, on a first deploy, or when the venv is missing; user tasks
 * and the frontend as planned, or all of them on a first deploy (unknown `from`).
 */
function decideSteps(plan, facts) {
    const pip = facts.venvExists
        ? decide(plan, _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .PIP_TASK */ .uh, 'requirements unchanged since the deployed revision')
        : { run: true, why: 'the virtualenv is missing' };
    // a first deploy's tasks are planned (firstDeployTasks honours first_deploy)
    const tasks = (0,_tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .userTasks */ ._S)(plan.tasks);
    const steps = { pip, tasks };
    if (facts.hasFrontend)
        steps.frontend = decide(plan, _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .FRONTEND_TASK */ .rW, 'no frontend file changed');
    return steps;
}
/** A step that runs takes the release with it: the upload and restart the plan did not list yet. */
function uploadWithSteps(plan, tasks) {
    if (plan.upload.length > 0 || tasks.length === 0)
        return { upload: plan.upload, reasons: [] };
    const detail = `${tasks.join(', ')} run${tasks.length === 1 ? 's' : ''}: the release goes up and the app restarts with ${tasks.length === 1 ? 'it' : 'them'}`;
    return { upload: [_tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .APP_NAME */ .C3], reasons: [{ service: _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .APP_NAME */ .C3, action: 'upload', rule: 'steps', files: [], detail }] };
}
/** Why a release goes up again when the `current` link points to a deleted directory. */
const LIVE_MISSING_DETAIL = "current points to a deleted directory: the live release's files go up again and the app restarts";
/**
 * The plan when the live release's directory is gone (`liveMissing`): the app's upload + restart,
 * even when nothing changed (a re-deploy of the live commit repairs the host). Otherwise as is.
 */
function planWithLiveRestored(plan, liveMissing) {
    if (!liveMissing || plan.upload.includes(_tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .APP_NAME */ .C3))
        return plan;
    const reason = { service: _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .APP_NAME */ .C3, action: 'upload', rule: 'live-missing', files: [], detail: LIVE_MISSING_DETAIL };
    return { ...plan, upload: [...plan.upload, _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .APP_NAME */ .C3], reasons: [...plan.reasons, reason] };
}
/**
 * The plan as executed: forced steps (first deploy, missing venv) added to `tasks` with a reason,
 * and the app's upload + restart whenever a step runs. Empty exactly when the deploy does nothing.
 */
function planWithSteps(plan, steps, taskOrder) {
    const running = new Set(steps.tasks);
    if (steps.pip.run)
        running.add(_tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .PIP_TASK */ .uh);
    if (steps.frontend?.run)
        running.add(_tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .FRONTEND_TASK */ .rW);
    const reasons = [...plan.reasons];
    for (const task of running) {
        if (plan.tasks.includes(task))
            continue;
        const rule = task === _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .PIP_TASK */ .uh && plan.from !== null ? 'venv-missing' : 'unknown-from';
        const detail = rule === 'venv-missing' ? steps.pip.why : 'first deploy: every step runs';
        reasons.push({ task, action: 'task', rule, files: [], detail });
    }
    const tasks = taskOrder.filter((t) => running.has(t));
    const upload = uploadWithSteps(plan, tasks);
    return { ...plan, tasks, upload: upload.upload, reasons: [...reasons, ...upload.reasons] };
}
//# sourceMappingURL=steps.js.map

/***/ }),

/***/ 1138:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C3: () => (/* binding */ APP_NAME),
/* harmony export */   _S: () => (/* binding */ userTasks),
/* harmony export */   ak: () => (/* binding */ plannerConfigFor),
/* harmony export */   rW: () => (/* binding */ FRONTEND_TASK),
/* harmony export */   t5: () => (/* binding */ passengerPlannerConfig),
/* harmony export */   uh: () => (/* binding */ PIP_TASK)
/* harmony export */ });
/* unused harmony export requirementsPath */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _config_rules_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(43331);
/**
 * Passenger targets plan their built-in steps as planner tasks, so `plan` shows them with reasons:
 * `pip-install` (paths: the requirements file) before the user's tasks, `frontend` (paths:
 * frontend.paths; without them, with every upload) after them. The app itself is planned as one
 * unit (AppConfig): a changed file no ignore rule claims uploads the release and restarts it.
 * User tasks (migrations…) run on the host.
 */


const PIP_TASK = _config_rules_js__WEBPACK_IMPORTED_MODULE_1__/* .PASSENGER_TASK_NAMES */ .Ii.pip;
const FRONTEND_TASK = _config_rules_js__WEBPACK_IMPORTED_MODULE_1__/* .PASSENGER_TASK_NAMES */ .Ii.frontend;
/** Repo-relative path of the requirements file (app_root is relative to the repository root). */
function requirementsPath(target) {
    return node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(target.app_root, target.requirements));
}
/** Name of the app in a passenger plan ("app  upload + restart  app-code: backend/main.py"). */
const APP_NAME = 'app';
/** The planner config for a passenger target: the user's rules and tasks plus the built-in steps and the app. */
function passengerPlannerConfig(config, target) {
    const pip = { command: `pip install -r ${target.requirements}`, paths: [requirementsPath(target)] };
    const tasks = { [PIP_TASK]: pip, ...config.tasks };
    const fe = target.frontend;
    if (fe)
        tasks[FRONTEND_TASK] = fe.paths ? { command: fe.build, paths: fe.paths } : { command: fe.build };
    // a frontend without paths is built with every upload, so an ignored file (docs) builds nothing
    const withCode = fe && !fe.paths ? [FRONTEND_TASK] : [];
    // passenger deploys run no compose: their plans read no compose file
    return { ...config, compose: { ...config.compose, files: [] }, tasks, app: { name: APP_NAME, withCode } };
}
/** The planner config the `plan` command uses: with the built-in steps when the target is passenger. */
function plannerConfigFor(config, targetName) {
    const names = Object.keys(config.targets);
    const name = targetName ?? (names.length === 1 ? names[0] : undefined);
    const target = name === undefined ? undefined : config.targets[name];
    return target?.strategy === 'passenger' ? passengerPlannerConfig(config, target) : config;
}
/** The user's tasks of a passenger plan, in plan (declaration) order, without the built-in steps. */
function userTasks(taskNames) {
    return taskNames.filter((t) => t !== PIP_TASK && t !== FRONTEND_TASK);
}
//# sourceMappingURL=tasks.js.map

/***/ }),

/***/ 50611:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bu: () => (/* binding */ readCurrentScript),
/* harmony export */   Ht: () => (/* binding */ danglingCurrentScript),
/* harmony export */   L$: () => (/* binding */ linkSharedInPlaceScript),
/* harmony export */   RX: () => (/* binding */ linkSharedScript),
/* harmony export */   Wi: () => (/* binding */ sharedConflictsScript),
/* harmony export */   aH: () => (/* binding */ layoutOf),
/* harmony export */   lI: () => (/* binding */ switchCurrentScript),
/* harmony export */   lN: () => (/* binding */ linkAboveGuard)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53803);


function layoutOf(root) {
    return {
        root,
        releases: `${root}/releases`,
        shared: `${root}/shared`,
        current: `${root}/current`,
        backups: `${root}/backups`,
        releaseDir: (id) => `${root}/releases/${id}`,
    };
}
const strip = (p) => p.replace(/\/+$/, '');
/** The directories above relative `name` inside `base`: `a/b/c` → [`<base>/a`, `<base>/a/b`]. */
function dirsAbove(base, name) {
    const parts = name.split('/').filter((s) => s !== '' && s !== '.');
    return parts.slice(0, -1).map((_, i) => `${base}/${parts.slice(0, i + 1).join('/')}`);
}
/**
 * Shell (pure): runs `onLink` with `$d` set to a directory above `<base>/<name>` that is a symbolic
 * link (committed, or made on the host). Whatever is removed, created or linked at that path would
 * land where the link points: another release, <path>/shared itself, or outside the app. '' when
 * `name` has no directory above it.
 */
function linkAboveGuard(base, name, onLink) {
    const dirs = dirsAbove(base, name);
    return dirs.length === 0 ? '' : `for d in ${dirs.map(_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z).join(' ')}; do if [ -L "$d" ]; then ${onLink}; fi; done`;
}
/** linkAboveGuard for a shared entry: the script stops (exit 1) and says which link and entry. */
function refuseLinkAbove(base, name) {
    const why = `printf 'shared entry %s: %s is a symbolic link; nothing is linked or removed through it (make it a directory)\\n' ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(name)} "$d" >&2; exit 1`;
    const guard = linkAboveGuard(base, name, why);
    return guard ? [guard] : [];
}
/**
 * Links every shared path into a release: the release's own copy is replaced by a symlink to
 * <root>/shared/<entry>; a missing shared dir (entry ending in "/") is created empty, a missing
 * shared file is left missing (never invented). Nothing under shared/ is ever deleted: when a
 * directory of the release above an entry is a symbolic link (the commit's), the script fails
 * (exit 1) before removing or linking anything through it. Any entry that cannot be linked (a
 * file where its directory goes) fails it too: a release never goes live without a shared path.
 */
function linkSharedScript(layout, releaseId, shared) {
    const release = layout.releaseDir(releaseId);
    const lines = [`mkdir -p ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(layout.shared)} || exit 1`];
    for (const entry of shared) {
        const name = strip(entry);
        const src = `${layout.shared}/${name}`;
        const dst = `${release}/${name}`;
        lines.push(...refuseLinkAbove(release, name));
        if (entry.endsWith('/'))
            lines.push(`mkdir -p ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} || exit 1`);
        // every entry's own `|| exit 1`: one that cannot be linked fails the upload, not only the last one
        lines.push(`{ mkdir -p ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(dst))} && rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)} && ln -s ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)}; } || exit 1`);
    }
    return lines.join('\n');
}
/** In place, an entry's copy in <root>/shared and the path it is linked to in the tree. */
function inPlaceEntry(layout, entry) {
    const name = strip(entry);
    return { name, src: `${layout.shared}/${name}`, dst: `${layout.root}/${name}` };
}
/**
 * In place, before anything changes: prints each shared entry that exists both in <root>/shared
 * and in the tree (a file, a directory, or a link other than the one to its shared copy), one per
 * line. Such an entry is ambiguous: the deploy refuses it rather than choose which copy to lose.
 */
function sharedConflictsScript(layout, shared) {
    return shared
        .map((entry) => {
        const { name, src, dst } = inPlaceEntry(layout, entry);
        const inTree = `{ [ -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)} ] || [ -L ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)} ]; }`;
        return `if [ -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} ] && ${inTree} && [ "$(readlink ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)})" != ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} ]; then printf '%s\\n' ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(name)}; fi`;
    })
        .join('\n');
}
/**
 * In place, after the sync: each shared entry kept in <root>/shared is linked into the tree where
 * the tree has nothing at its path (a directory entry found nowhere is created in <root>/shared
 * first, as for a release). An entry the tree holds (the user's file, directory or own link) is
 * left exactly as it is. Nothing is ever deleted, and nothing is written through a directory of
 * the tree that is a symbolic link (the script fails: exit 1).
 */
function linkSharedInPlaceScript(layout, shared) {
    return shared
        .map((entry) => {
        const { name, src, dst } = inPlaceEntry(layout, entry);
        const guard = refuseLinkAbove(layout.root, name).map((g) => `${g}; `);
        const create = entry.endsWith('/') ? `mkdir -p ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} || exit 1; ` : '';
        const link = `if [ -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} ]; then mkdir -p ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.dirname(dst))} && ln -s ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(src)} ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)} || exit 1; fi`;
        return `if [ ! -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)} ] && [ ! -L ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(dst)} ]; then ${guard.join('')}${create}${link}; fi`;
    })
        .join('\n');
}
/** Atomically points `current` at a release (symlink + rename over the old link). */
function switchCurrentScript(layout, releaseId) {
    const tmp = `${layout.root}/.current.tmp`;
    return `ln -sfn ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(`releases/${releaseId}`)} ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(tmp)} && mv -Tf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(tmp)} ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(layout.current)}`;
}
/** Prints `dangling` when `current` is a link to no directory (its release deleted), nothing otherwise. */
function danglingCurrentScript(layout) {
    return `if [ -L ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(layout.current)} ] && [ ! -d ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(layout.current)} ]; then echo dangling; fi`;
}
/** Prints the release id `current` points to (empty when there is none). */
function readCurrentScript(layout) {
    return `if [ -L ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(layout.current)} ]; then basename "$(readlink ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_1__/* .shellQuote */ .Z)(layout.current)})"; fi`;
}
//# sourceMappingURL=layout.js.map

/***/ }),

/***/ 59871:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NH: () => (/* binding */ umaskProblem),
/* harmony export */   Z7: () => (/* binding */ rsyncChmod),
/* harmony export */   m7: () => (/* binding */ DEFAULT_UMASK),
/* harmony export */   r7: () => (/* binding */ umaskCommand)
/* harmony export */ });
/**
 * File modes of what a deploy writes on the host (pure): a umask, checked once, becomes the remote
 * shell's `umask` and rsync's `--chmod` (rsync -p would otherwise copy the modes of `git archive`,
 * whose default tar.umask 002 makes files 664 and directories 775).
 */
/** The umask of every deploy unless the target sets one: files 644 (755 executable), directories 755. */
const DEFAULT_UMASK = '022';
const UMASK = /^0?[0-7]{3}$/;
/** Why `umask` cannot be a deploy's umask, or undefined when it can. */
function umaskProblem(umask) {
    if (!UMASK.test(umask))
        return 'expected a umask as a quoted octal string like "022" or "027"';
    const bits = parseInt(umask, 8);
    if ((bits & 0o022) !== 0o022)
        return `umask ${umask} leaves deployed files writable by the group or others: it must mask both (e.g. "022", "027")`;
    if ((bits & 0o700) !== 0)
        return `umask ${umask} takes permissions from the owner, the deploy could not write its own files`;
    return undefined;
}
function assertUmask(umask) {
    const problem = umaskProblem(umask);
    if (problem)
        throw new Error(problem);
}
/** `umask 022` for the remote shell (validated: the value is never free text). */
function umaskCommand(umask) {
    assertUmask(umask);
    return `umask ${umask.padStart(4, '0')}`;
}
/** rsync `--chmod` value removing what the umask masks, e.g. "022" → "g-w,o-w", "027" → "g-w,o-rwx". */
function rsyncChmod(umask) {
    assertUmask(umask);
    const bits = parseInt(umask, 8);
    const letters = (digit) => ['r', 'w', 'x'].filter((_, i) => digit & (4 >> i)).join('');
    return [
        ['g', (bits >> 3) & 7],
        ['o', bits & 7],
    ]
        .filter(([, digit]) => digit !== 0)
        .map(([who, digit]) => `${who}-${letters(digit)}`)
        .join(',');
}
//# sourceMappingURL=modes.js.map

/***/ }),

/***/ 75779:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IH: () => (/* binding */ atomicWriteScript),
/* harmony export */   Zz: () => (/* binding */ readRemote),
/* harmony export */   em: () => (/* binding */ readRemoteScript),
/* harmony export */   hD: () => (/* binding */ appendRemote),
/* harmony export */   hp: () => (/* binding */ tempNextTo),
/* harmony export */   ki: () => (/* binding */ appendScript),
/* harmony export */   rq: () => (/* binding */ writeRemoteAtomic)
/* harmony export */ });
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53803);

/** Script (pure): prints a small remote file; exit 3 when it does not exist. */
function readRemoteScript(path) {
    return `if [ -f ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(path)} ]; then cat ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(path)}; else exit 3; fi`;
}
/**
 * Reads a small remote file; null when it does not exist. `sent`: the result of readRemoteScript
 * already run (in another round trip), read as if it were run now (unless it failed).
 */
async function readRemote(exec, path, sent) {
    // a failed read is sent again: its error (stderr) is reported from here
    const r = sent && (sent.code === 0 || sent.code === 3) ? sent : await exec.sh(readRemoteScript(path), { allowFailure: true });
    if (r.code === 3)
        return null;
    if (r.code !== 0)
        throw new Error(`cannot read ${path}: ${r.stderr.trim()}`);
    return r.stdout;
}
/** A temp file name next to `path`, unique to this run. */
const tempNextTo = (path) => `${path}.tmp-${process.pid}-${Date.now()}`;
/**
 * Script (pure): the rest of stdin (or what the command `from` prints) into `path` atomically
 * (temp + rename), `fail` run when it cannot. A failed write (full disk) removes its partial temp
 * file: nothing half-written stays behind.
 */
function atomicWriteScript(path, tmp, fail = 'exit 1', from = 'cat') {
    return `umask 077; mkdir -p "$(dirname ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(path)})" && { ${from} > ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(tmp)} && mv -f ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(tmp)} ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(path)} || { rm -f ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(tmp)}; ${fail}; }; }`;
}
/** Writes a remote file atomically (temp + rename), content via stdin. */
async function writeRemoteAtomic(exec, path, content) {
    await exec.sh(atomicWriteScript(path, tempNextTo(path)), { stdin: content });
}
/** Script (pure): appends what `from` prints to `path` (created 0600 with its parents). */
function appendScript(path, from = 'cat') {
    return `umask 077; mkdir -p "$(dirname ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(path)})" && ${from} >> ${(0,_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(path)}`;
}
/** Appends one line to a remote file (content via stdin, never argv). */
async function appendRemote(exec, path, line) {
    await exec.sh(appendScript(path), { stdin: line.endsWith('\n') ? line : `${line}\n` });
}
//# sourceMappingURL=remote-files.js.map

/***/ })

};

//# sourceMappingURL=67.index.js.map