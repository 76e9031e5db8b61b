import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 706;
export const ids = [706];
export const modules = {

/***/ 66906:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IV: () => (/* binding */ buildSchema),
/* harmony export */   TU: () => (/* binding */ buildIssues),
/* harmony export */   lF: () => (/* binding */ buildRepository),
/* harmony export */   xD: () => (/* binding */ swarmIssues)
/* harmony export */ });
/* unused harmony exports REGISTRY_PATTERN, REPOSITORY_PATTERN */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38816);
/* harmony import */ var _cross_issue_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(39956);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21877);
/** A compose target's `build:` — images built once (on the runner or the primary host), pushed to a registry, pulled by every host. */



const mapping = { error: 'expected a mapping' };
/** `host[:port][/prefix]`, lowercase as image references require; no scheme, no trailing slash. */
const REGISTRY_PATTERN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
/** A repository path of an image reference (docker's rules: lowercase components separated by `/`). */
const REPOSITORY_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const USERNAME_PATTERN = /^[^\s-][^\s]*$/;
const REGISTRY_EXPECTED = 'expected a registry as host:port or host:port/prefix, lowercase, without a scheme (e.g. "registry.example.com:5000")';
const REPOSITORY_EXPECTED = 'expected a lowercase repository path like "myapp" or "team/myapp"';
const buildSchema = (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .strictObject */ .rej({
    on: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['host', 'runner'], { error: 'expected "host" or "runner"' }), '"runner": the images are built where gitops-deploy runs (local docker); "host": on the primary host, in the uploaded release directory (layout "releases" only).'),
    registry: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: REGISTRY_EXPECTED }).regex(REGISTRY_PATTERN, { error: REGISTRY_EXPECTED }), 'Registry the images are pushed to and pulled from: host:port, optionally followed by /prefix.'),
    repository: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: REPOSITORY_EXPECTED }).regex(REPOSITORY_PATTERN, { error: REPOSITORY_EXPECTED }).optional(), 'Repository under the registry; each service is pushed as <registry>/<repository>/<service>:release-<sha12>. Default: compose.project.'),
    username: (0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .described */ .WY)(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: 'expected a user name' })
        .regex(USERNAME_PATTERN, { error: 'expected a user name (no spaces, not starting with "-")' })
        .optional(), 'Registry user for `docker login --password-stdin`; the password comes only from the secret GITOPS_REGISTRY_PASSWORD / input registry-password. Without it, no login (an open registry).'),
}, mapping), 'Build the planned services once, push them to a registry and let every host pull them (no build on the hosts). Without it, each host builds its own images.');
/** The repository the images go to under the registry: build.repository, else the compose project. */
const buildRepository = (build, project) => build.repository ?? project;
/** `build.on: host` builds in the primary's release directory before any host changes: only the releases layout has one. */
function buildIssues(name, target) {
    const { build, layout } = target;
    if (!(0,_cross_issue_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u)(build) || build.on !== 'host' || layout !== 'in-place')
        return [];
    return [
        {
            path: ['targets', name, 'build', 'on'],
            message: '"host" needs layout "releases" (the build runs in the new release directory on the primary before any host changes); use on: runner with layout in-place',
        },
    ];
}
/** `strategy: swarm` needs `build:` (nodes pull from its registry), one manager as `host`, and the releases layout (stack deploy runs in a release directory). */
function swarmIssues(name, target) {
    if (target.strategy !== 'swarm')
        return [];
    const at = (key) => ['targets', name, key];
    const issues = [];
    if (target.build === undefined)
        issues.push({
            path: at('build'),
            message: 'strategy "swarm" needs `build:` with a registry (swarm nodes pull the images from it): e.g. build: {on: runner, registry: "registry.example.com:5000"}',
        });
    if (target.hosts !== undefined)
        issues.push({ path: at('hosts'), message: 'strategy "swarm" deploys through one manager: give it as `host`, not `hosts`' });
    if (target.layout === 'in-place')
        issues.push({ path: at('layout'), message: 'strategy "swarm" needs layout "releases" (stack deploy runs in the release directory)' });
    const backup = target.backup;
    if (backup?.service !== undefined && backup.password_env_file !== undefined)
        issues.push({
            path: [...at('backup'), 'password_env_file'],
            message: "a swarm backup.service dump runs in the task of that service, on its node: give the password as the db-password secret, or as password_env in the service's own environment (no password_env_file)",
        });
    return issues;
}
//# sourceMappingURL=build.js.map

/***/ }),

/***/ 39956:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ isRecord)
/* harmony export */ });
/** What the cross-key checks (cross-refs.ts, target-checks.ts) report, and the guard they read raw input with. */
/** A YAML mapping (not null, not a list). */
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
//# sourceMappingURL=cross-issue.js.map

/***/ }),

/***/ 21877:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $A: () => (/* binding */ PROJECT_PATTERN),
/* harmony export */   EE: () => (/* binding */ argument),
/* harmony export */   G5: () => (/* binding */ command),
/* harmony export */   MZ: () => (/* binding */ umask),
/* harmony export */   Nf: () => (/* binding */ absoluteDirectory),
/* harmony export */   Od: () => (/* binding */ durationOrZero),
/* harmony export */   Oh: () => (/* binding */ port),
/* harmony export */   PB: () => (/* binding */ httpHeaders),
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
/* unused harmony exports ENV_NAME_PATTERN, serviceListDescription, durationDescription, absolutePath, glob */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38816);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(69716);
/* harmony import */ var _transport_modes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(53341);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26804);
/* harmony import */ var _ssh_address_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53989);
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
/** A known misspelling of a user@host (hostSpellingHint) refused with its own message, before the pattern's. */
const spelledRight = (portAllowed) => [
    (s) => (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .hostSpellingHint */ .y8)(s, portAllowed) === undefined,
    { error: (issue) => (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .hostSpellingHint */ .y8)(String(issue.input), portAllowed), abort: true },
];
function sshHost() {
    const expected = 'expected user@host (e.g. deploy@example.com, deploy@[2001:db8::1])';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected })
        .refine(...spelledRight(false))
        .regex(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .SSH_HOST */ .oT, { error: expected })
        .refine(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .bracketIsIp */ .os, { error: _ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .BRACKET_EXPECTED */ .Wg });
}
/** One entry of `hosts:`: user@host or user@host:port (port 1 to 65535). */
function sshHostWithPort() {
    const expected = 'expected user@host or user@host:port (e.g. deploy@h1, deploy@h2:2222, deploy@[2001:db8::1]:22)';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected })
        .refine(...spelledRight(true))
        .regex(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .SSH_HOST_PORT */ .Sh, { error: expected })
        .refine((s) => (0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .inPortRange */ .Uo)(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .SSH_HOST_PORT */ .Sh.exec(s)?.[1]), {
        error: 'expected a port between 1 and 65535',
    })
        .refine(_ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .bracketIsIp */ .os, { error: _ssh_address_js__WEBPACK_IMPORTED_MODULE_1__/* .BRACKET_EXPECTED */ .Wg });
}
/**
 * A URL the probe can request: `http://::1:8000/` or `http://[::1:8000/` passed HTTP_URL and curl
 * refused them only in the Verify phase, after the switch. A zone (`[fe80::1%eth0]`, or RFC 6874's
 * `%25eth0`), which WHATWG URL does not take, is left out of the parse.
 */
const parsesAsUrl = (u) => URL.canParse(u.replace(/^(https?:\/\/[^/?#]*\[[0-9A-Fa-f:.]+)%[^\]]*\]/, '$1]'));
/**
 * The zone id of a link-local address in brackets, as written after its "%" (`eth0`, or `25eth0`
 * for RFC 6874's `%25eth0`). curl, python3's urllib and BusyBox wget (the probes of Verify) all
 * take an interface name after a bare "%"; BusyBox wget refuses `%25` (doctor says so).
 */
const ZONE = /^https?:\/\/[^/?#]*\[[0-9A-Fa-f:.]+%([^\]]*)\]/;
const zoneIsName = (u) => {
    const zone = ZONE.exec(u)?.[1];
    return zone === undefined || /^[A-Za-z0-9._~-]+$/.test(zone);
};
function httpUrl() {
    const expected = 'expected an http:// or https:// URL (an IPv6 address in brackets: http://[::1]:8000/)';
    const zone = 'expected an IPv6 zone id after "%" that is an interface name (letters, digits, ".", "_", "~", "-"): http://[fe80::1%eth0]:8000/';
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: expected })
        .regex(HTTP_URL, { error: expected })
        .refine(zoneIsName, { error: zone, abort: true })
        .refine(parsesAsUrl, { error: expected });
}
/** Request headers: token names, single-line values (sent by curl/wget/python on the host). */
function httpHeaders() {
    const headerName = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP({ error: 'expected a header name' })
        .regex(/^[A-Za-z0-9-]+$/, { error: 'expected a header name (letters, digits and "-")' });
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .record */ .g1P(headerName, text('expected a header value'), { error: 'expected a mapping of header names to values' });
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

/***/ 92853:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ii: () => (/* binding */ PASSENGER_TASK_NAMES),
/* harmony export */   Sn: () => (/* binding */ tasksSchema),
/* harmony export */   jm: () => (/* binding */ rulesSchema)
/* harmony export */ });
/* unused harmony exports RESERVED_RULE_NAMES, ruleSchema, taskSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38816);
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(21877);
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
    'compose-content',
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

/***/ 53341:
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

/***/ })

};
