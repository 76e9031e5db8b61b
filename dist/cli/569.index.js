import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 569;
export const ids = [569];
export const modules = {

/***/ 89569:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   execute: () => (/* binding */ execute)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3828);
/* harmony import */ var _session_session_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(91763);
/* harmony import */ var _session_early_connect_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(47928);



/** `plan` is loaded alone, and the commands that reach a host together: `--help` and `plan` skip ssh2, Octokit and the rest. */
const remote = (name) => async () => (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(6), __webpack_require__.e(816), __webpack_require__.e(944), __webpack_require__.e(426), __webpack_require__.e(706), __webpack_require__.e(879), __webpack_require__.e(921)]).then(__webpack_require__.bind(__webpack_require__, 45921))).REMOTE_COMMANDS[name];
const COMMAND_RUNNERS = {
    plan: async () => (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(6), __webpack_require__.e(816), __webpack_require__.e(944), __webpack_require__.e(426), __webpack_require__.e(706), __webpack_require__.e(879), __webpack_require__.e(311)]).then(__webpack_require__.bind(__webpack_require__, 53311))).planCommand,
    deploy: remote('deploy'),
    rollback: remote('rollback'),
    backup: remote('backup'),
    restore: remote('restore'),
    status: remote('status'),
    doctor: remote('doctor'),
    logs: remote('logs'),
};
/** The one core behind the Action and the CLI: loads the config and runs the command. */
async function execute(settings, reporter, report) {
    if (settings.command === 'init')
        return (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(6), __webpack_require__.e(944), __webpack_require__.e(374)]).then(__webpack_require__.bind(__webpack_require__, 92374))).initCommand(settings, reporter, report); // writes the config: none to load yet
    const ahead = readsGitFirst(settings) ? (await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(6), __webpack_require__.e(944), __webpack_require__.e(426)]).then(__webpack_require__.bind(__webpack_require__, 2426))).startPlanRead(settings) : undefined;
    try {
        await loadAndRun(settings, reporter, report);
    }
    finally {
        ahead?.cancel(); // nothing once the plan took it
    }
}
/** A deploy or rollback first starts connecting to its host (connectEarly), then the config loads and the command runs. */
async function loadAndRun(settings, reporter, report) {
    // the handshake overlaps with loading and validating the config and with loading the command's code
    if (connectsFirst(settings))
        await (0,_session_session_js__WEBPACK_IMPORTED_MODULE_1__/* .connectEarly */ .Ir)(settings, reporter);
    try {
        await loadAndRunCommand(settings, reporter, report);
    }
    finally {
        await (0,_session_early_connect_js__WEBPACK_IMPORTED_MODULE_2__/* .closeEarly */ .kM)(); // nothing once the session took it
    }
}
/** Loads the config (its code too: the validation's is the heaviest, and git runs meanwhile) and runs the command. */
async function loadAndRunCommand(settings, reporter, report) {
    const { loadConfig } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(816), __webpack_require__.e(706), __webpack_require__.e(128)]).then(__webpack_require__.bind(__webpack_require__, 41128));
    const config = await reporter.group('Load config', () => loadConfig(settings.configPath));
    if (settings.target !== undefined && !(settings.target in config.targets)) {
        const known = Object.keys(config.targets);
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`unknown target ${JSON.stringify(settings.target)} (targets: ${known.join(', ') || 'none defined'})`);
    }
    // a deploy or rollback connects first: the connect runs while the command's code loads
    const closeAhead = connectsFirst(settings) ? await (0,_session_session_js__WEBPACK_IMPORTED_MODULE_1__/* .connectAhead */ .w8)(settings, config, reporter, report) : undefined;
    try {
        const run = await COMMAND_RUNNERS[settings.command]();
        await run(settings, config, reporter, report);
    }
    finally {
        await closeAhead?.();
    }
}
/** A `plan` whose `from` the settings name (not read on the host): its git reading starts before the config loads (startPlanRead). */
const readsGitFirst = (settings) => settings.command === 'plan' && !(settings.target && settings.ssh.privateKey && !settings.from);
/** Commands whose first step is opening the session (a dry run without key is planned offline). */
const connectsFirst = (settings) => (settings.command === 'deploy' || settings.command === 'rollback') && Boolean(settings.ssh.privateKey);
//# sourceMappingURL=execute.js.map

/***/ }),

/***/ 26804:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cq: () => (/* binding */ DURATION_PATTERN),
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   a3: () => (/* binding */ formatDuration)
/* harmony export */ });
/** Duration strings of the config file ("90s", "30m", "2h", "1h30m", "500ms", "30d") converted to milliseconds. */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** One or more `<integer><unit>` parts, unit one of ms, s, m, h, d (24 h). */
const DURATION_PATTERN = '^([0-9]+(ms|s|m|h|d))+$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const PART_RE = /([0-9]+)(ms|s|m|h|d)/g;
/** Milliseconds of a duration string, or undefined when it is not one. */
function parseDuration(text) {
    if (!DURATION_RE.test(text))
        return undefined;
    let total = 0;
    for (const [, digits, unit] of text.matchAll(PART_RE)) {
        total += Number(digits) * UNIT_MS[unit];
    }
    return Number.isSafeInteger(total) ? total : undefined;
}
/** Short human form of milliseconds, e.g. 5400000 -> "1h30m", 1500 -> "1s500ms", 2592000000 -> "30d". */
function formatDuration(ms) {
    if (ms <= 0)
        return '0s';
    let rest = Math.round(ms);
    let out = '';
    for (const [unit, size] of [
        ['d', 86_400_000],
        ['h', 3_600_000],
        ['m', 60_000],
        ['s', 1_000],
        ['ms', 1],
    ]) {
        const n = Math.floor(rest / size);
        if (n > 0)
            out += `${n}${unit}`;
        rest -= n * size;
    }
    return out;
}
//# sourceMappingURL=duration.js.map

/***/ }),

/***/ 6141:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CJ: () => (/* binding */ batchSize),
/* harmony export */   PP: () => (/* binding */ hostsOf),
/* harmony export */   un: () => (/* binding */ planBatches),
/* harmony export */   vy: () => (/* binding */ hostLabel)
/* harmony export */ });
/* harmony import */ var _ssh_address_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53989);
/**
 * The hosts a target runs on: `host` (one) or `hosts` (several, each `user@host[:port]`), the
 * primary first (it takes the backup and runs the tasks), and the rolling batches over them.
 */

/** The target's hosts in rollout order: the primary (default: the first listed) first, then the others as listed. */
function hostsOf(target) {
    if (!target.hosts)
        return target.host ? [{ host: target.host, port: target.port }] : [];
    const all = target.hosts.map((entry) => ({ entry, ...(0,_ssh_address_js__WEBPACK_IMPORTED_MODULE_0__/* .splitHostPort */ .cC)(entry, target.port) }));
    const primary = all.find((h) => h.entry === target.primary) ?? all[0];
    return [primary, ...all.filter((h) => h !== primary)].map(({ host, port }) => ({ host, port }));
}
/** `user@host:port` as the log and the report name a host. */
const hostLabel = (h) => (h.port === 22 ? h.host : `${h.host}:${h.port}`);
/** How many hosts a batch holds: a number, or a percentage of the hosts rounded up (at least 1, at most all). */
function batchSize(hostCount, batch) {
    const size = typeof batch === 'number' ? batch : Math.ceil((hostCount * Number(batch.slice(0, -1))) / 100);
    if (!Number.isInteger(size) || size < 1)
        throw new Error(`invalid batch ${JSON.stringify(batch)}`);
    return Math.min(size, Math.max(hostCount, 1));
}
/** The rollout: host indexes (0 = primary) in consecutive batches of `batchSize`. */
function planBatches(hostCount, batch) {
    const size = batchSize(hostCount, batch);
    const batches = [];
    for (let i = 0; i < hostCount; i += size)
        batches.push(Array.from({ length: Math.min(size, hostCount - i) }, (_, k) => i + k));
    return batches;
}
//# sourceMappingURL=hosts.js.map

/***/ }),

/***/ 53989:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ comparableHost),
/* harmony export */   Sh: () => (/* binding */ SSH_HOST_PORT),
/* harmony export */   Uo: () => (/* binding */ inPortRange),
/* harmony export */   Wg: () => (/* binding */ BRACKET_EXPECTED),
/* harmony export */   cC: () => (/* binding */ splitHostPort),
/* harmony export */   oT: () => (/* binding */ SSH_HOST),
/* harmony export */   os: () => (/* binding */ bracketIsIp),
/* harmony export */   t: () => (/* binding */ configHost),
/* harmony export */   y8: () => (/* binding */ hostSpellingHint)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77030);
/**
 * How the config spells an SSH destination (pure, no schema library): `user@host`, `user@[ipv6]`,
 * and a `hosts:` entry's optional `:port`. The schema (fields.ts) and the early connect
 * (early-address.ts) share these.
 */

/** user@hostname, user@ipv4 or user@[ipv6]; neither part may start with "-". */
const SSH_HOST = /^[A-Za-z0-9_][A-Za-z0-9_.-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;
/** An SSH_HOST with an optional ":port" (1 to 5 digits; the range is checked by inPortRange). */
const SSH_HOST_PORT = new RegExp(`^${SSH_HOST.source.slice(1, -1)}(?::([0-9]{1,5}))?$`);
/**
 * The bracketed host of a user@[...] (with or without :port) is an IP address: SSH_HOST only checks
 * its characters, and `[1::2::3]` would fail only at connect time, after the lock and the plan.
 */
const bracketIsIp = (entry) => {
    const inside = /@\[([^\]]*)\]/.exec(entry)?.[1];
    return inside === undefined || (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(inside) !== 0;
};
/** The message of a bracketed host that is no IP address. */
const BRACKET_EXPECTED = 'expected an IP address between the brackets (e.g. deploy@[2001:db8::1])';
/** `user@host` as the config spells it: an IPv6 address in brackets (`deploy@[2001:db8::1]`). */
const configHost = (user, host) => `${user}@${(0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 6 ? `[${host}]` : host}`;
/** A host as it compares: lower case, an [IPv6] literal in its canonical form ([2001:0DB8:0::1] → [2001:db8::1]). */
function comparableHost(host) {
    const inside = /^\[(.*)\]$/.exec(host)?.[1];
    return inside !== undefined && (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(inside) === 6 ? new URL(`http://[${inside}]/`).hostname : host.toLowerCase();
}
/** A `hosts:` entry's port digits (absent: fine) name a port 1 to 65535. */
const inPortRange = (p) => p === undefined || (Number(p) >= 1 && Number(p) <= 65535);
/** The user@host and port of a `hosts:` entry (port: `fallback` when the entry has none). */
function splitHostPort(entry, fallback) {
    const port = SSH_HOST_PORT.exec(entry)?.[1];
    return port === undefined ? { host: entry, port: fallback } : { host: entry.slice(0, -(port.length + 1)), port: Number(port) };
}
/** `user@host:port` split at its last ":" (the port digits; undefined when none). */
const trailingPort = (entry) => {
    const m = /^(.*):([0-9]*)$/.exec(entry);
    return m ? { entry: m[1], port: m[2] } : { entry };
};
/**
 * What is wrong with a user@host the patterns refuse, when it is a known mistake: an IPv6 zone id
 * (`fe80::1%eth0`: known_hosts lines and `[...]` entries do not take one: not supported), an IPv6
 * address outside brackets, a port written into `host:` (ssh, rsync -e and known_hosts each spell
 * host and port their own way: only `port:` or a `hosts:` entry carries one). Undefined for
 * anything else (the pattern's own message says what is expected).
 */
function hostSpellingHint(entry, portAllowed) {
    const at = entry.indexOf('@');
    const user = entry.slice(0, at + 1);
    const host = entry.slice(at + 1);
    if (host.includes('%') && host.includes(':'))
        return 'expected an IPv6 address without a zone id ("%eth0" is not supported: give a global or unique-local address, or a host name)';
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(host) === 6)
        return `expected an IPv6 address in brackets (${user}[${host}])`;
    const split = trailingPort(entry);
    if (portAllowed || split.port === undefined || !/^(\[[^\]]+\]|[^:[\]]+)$/.test(split.entry.slice(at + 1)))
        return undefined;
    const port = split.port || 22;
    if (at < 0)
        return `expected user@host, with the port in \`port:\` (host: USER@${split.entry}, port: ${port})`;
    return `expected the port in \`port:\`, not in \`host:\` (host: ${split.entry}, port: ${port}; or hosts: ["${entry}"])`;
}
//# sourceMappingURL=ssh-address.js.map

/***/ }),

/***/ 47928:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hy: () => (/* binding */ takeEarly),
/* harmony export */   kM: () => (/* binding */ closeEarly),
/* harmony export */   wM: () => (/* binding */ startEarly)
/* harmony export */ });
/* harmony import */ var _core_interrupt_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1408);

let early;
const sameKey = (a, b) => a.settings === b.settings && a.address.host === b.address.host && a.address.port === b.address.port && a.umask === b.umask;
/** Starts the early connection (closing any earlier one unawaited: there is none in a run). */
function startEarly(key, connect) {
    void closeEarly();
    const connecting = connect();
    connecting.catch(() => undefined); // its failure is reported only when taken
    const own = { ...key, connecting, unregister: () => undefined };
    own.unregister = (0,_core_interrupt_js__WEBPACK_IMPORTED_MODULE_0__/* .onInterrupt */ .nA)(() => close(own));
    early = own;
}
/**
 * The early connection if it was opened for `key` (the caller then owns it, and its failure), else
 * undefined once the early one, if any, is closed.
 */
async function takeEarly(key) {
    const own = early;
    if (!own)
        return undefined;
    if (!sameKey(own, key)) {
        await close(own);
        return undefined;
    }
    early = undefined;
    own.unregister();
    return own.connecting;
}
/** Closes the early connection nobody took (waits for its connect; never throws, warns nothing). */
async function closeEarly() {
    if (early)
        await close(early);
}
async function close(own) {
    if (early === own)
        early = undefined;
    own.unregister();
    const conn = await own.connecting.catch(() => undefined);
    await conn?.cleanup().catch(() => undefined);
}
//# sourceMappingURL=early-connect.js.map

/***/ }),

/***/ 13580:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $z: () => (/* binding */ readLockScript),
/* harmony export */   SU: () => (/* binding */ heartbeatScript),
/* harmony export */   U_: () => (/* binding */ LOCK_BREAKING),
/* harmony export */   ZR: () => (/* binding */ parseLockRead),
/* harmony export */   dg: () => (/* binding */ releaseScript),
/* harmony export */   iy: () => (/* binding */ breakLockScript),
/* harmony export */   mq: () => (/* binding */ acquireScript),
/* harmony export */   pF: () => (/* binding */ LOCK_MISS)
/* harmony export */ });
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41917);
/**
 * Script text of the deploy lock (pure): every lock operation is one round trip of POSIX sh.
 * The lock is the directory <path>/.deploy/lock (atomic mkdir); its info.json names the holder and
 * its mtime is the holder's heartbeat (touched every few seconds), read on the host's own clock so
 * runners with skewed clocks agree on a lock's age.
 */

/** Exit code of a lock script meaning "not taken / not ours / gone": the caller decides, not an error. */
const LOCK_MISS = 3;
const info = (dir) => (0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`${dir}/info.json`);
/**
 * Reads the holder's info (JSON, so it ends with `}`) from stdin into a temp file first, then creates
 * the lock dir and writes info.json from that file; a failed write removes the dir again (exit 4).
 * A client killed or cut off after sending the script (sshd still runs it) ends stdin early: no
 * lock is taken, where one with an empty info.json was an unknown holder no heartbeat rule breaks.
 * `then`: run once the lock is taken, in the same round trip (reads that need the lock; it exits 0).
 */
function acquireScript(dir, then) {
    const take = [
        `mkdir -p "$(dirname ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)})" || exit 4`,
        `t=${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(`${dir}.info.`)}$$`,
        `cat > "$t" && [ "$(tail -c 1 "$t")" = '}' ] || { rm -f "$t"; exit 4; }`,
        `mkdir ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null || { rm -f "$t"; exit ${LOCK_MISS}; }`,
        `cat "$t" > ${info(dir)} || { rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} "$t"; exit 4; }`,
        'rm -f "$t"',
    ].join('; ');
    return then === undefined
        ? take
        : `${take}
${then}`;
}
/**
 * Prints the host's time (epoch s), the heartbeat (info.json's mtime, else the dir's), then info.json
 * as stored. Exit LOCK_MISS when there is no lock. It reads from inside the lock dir and checks at
 * the end that the path still names that same dir: a lock broken (renamed away) or replaced while
 * it was read counts as gone, never as a lock without info and an old heartbeat.
 */
function readLockScript(dir) {
    return [
        `cd ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null || exit ${LOCK_MISS}`,
        'now=$(date +%s)',
        'beat=$(stat -c %Y info.json 2>/dev/null || stat -c %Y . 2>/dev/null) || exit ' + LOCK_MISS,
        'raw=$(cat info.json 2>/dev/null)',
        `[ "$(stat -c %i . 2>/dev/null)" = "$(stat -c %i ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null)" ] || exit ${LOCK_MISS}`,
        `printf '%s\\n%s\\n%s' "$now" "$beat" "$raw"`,
    ].join('\n');
}
function parseLockRead(stdout) {
    const first = stdout.indexOf('\n');
    const second = stdout.indexOf('\n', first + 1);
    const hostNow = Number(stdout.slice(0, first));
    const beat = Number(stdout.slice(first + 1, second < 0 ? undefined : second));
    if (first < 0 || !Number.isFinite(hostNow) || !Number.isFinite(beat))
        throw new Error(`unexpected lock read output: ${JSON.stringify(stdout.slice(0, 80))}`);
    return { hostNow, beat, raw: second < 0 ? '' : stdout.slice(second + 1) };
}
/** Exit code of the break script when another run is breaking the same dead lock right now. */
const LOCK_BREAKING = 5;
/**
 * The break's claim (pure sh, run inside the dead lock dir with `$now` set): `mkdir .breaking`
 * makes one winner among concurrent breakers (LOCK_BREAKING for the others). A breaker killed
 * between its claim and its rename leaves the claim behind: once the newest claim (the deepest of
 * `.breaking/t/t/...`) is `silentSeconds` old, its breaker counts as dead, as a holder does, and
 * `mkdir <claim>/t` takes it over: again one winner, since each level is made once.
 */
function breakClaimScript(silentSeconds) {
    return [
        'mkdir .breaking 2>/dev/null || {',
        `  [ -d .breaking ] || exit ${LOCK_MISS}`,
        '  c=.breaking; while [ -d "$c/t" ]; do c="$c/t"; done',
        `  claimed=$(stat -c %Y "$c" 2>/dev/null) || exit ${LOCK_BREAKING}`,
        `  [ "$((now - claimed))" -ge ${Math.max(0, Math.floor(silentSeconds))} ] || exit ${LOCK_BREAKING}`,
        `  mkdir "$c/t" 2>/dev/null || exit ${LOCK_BREAKING}`,
        '}',
    ].join('\n');
}
/**
 * Breaks the lock `expected` (info.json's text as read) only if it is still that lock and its
 * heartbeat is still at least `silentSeconds` old. It works from inside the lock dir, so every check
 * reads the dead lock even if the path names a new one meanwhile. One breaker wins the claim
 * (breakClaimScript); it renames the dir away only while the path still names it, then deletes it.
 * Exit LOCK_MISS when the lock changed, beat again or is gone (a breaker that checked the dead lock,
 * then found it broken and a new one taken, never moves the new one).
 */
function breakLockScript(dir, stale, expected, silentSeconds) {
    // $(...) drops trailing newlines and NUL bytes: normalize the expected text the same way
    const text = expected.replace(/\0/g, '').replace(/\n+$/, '');
    return [
        `cd ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null || exit ${LOCK_MISS}`,
        `[ "$(cat info.json 2>/dev/null)" = ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(text)} ] || exit ${LOCK_MISS}`,
        `beat=$(stat -c %Y info.json 2>/dev/null || stat -c %Y . 2>/dev/null) || exit ${LOCK_MISS}`,
        'now=$(date +%s)',
        `[ "$((now - beat))" -ge ${Math.max(0, Math.floor(silentSeconds))} ] || exit ${LOCK_MISS}`,
        breakClaimScript(silentSeconds),
        `[ "$(stat -c %i . 2>/dev/null)" = "$(stat -c %i ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null)" ] || exit ${LOCK_MISS}`,
        `mv ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(stale)} 2>/dev/null || exit ${LOCK_MISS}`,
        // broken: a breaker still inside the dead dir may make its claim there while rm empties it
        // ("Directory not empty"); each makes one at most, so a few tries remove it, and a dir left
        // behind never fails the break
        `for i in 1 2 3 4 5; do rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(stale)} 2>/dev/null && break; done; :`,
    ].join('\n');
}
/**
 * The JSON fragment only this run's info.json holds: `"runId":<id>` (JSON escapes every `"` inside
 * values, so the fragment cannot match inside another field).
 */
const runIdFragment = (runId) => `"runId":${JSON.stringify(runId)}`;
/**
 * The holder's heartbeat: touch info.json if the lock is still this run's (exit LOCK_MISS when it
 * is not: broken by another run). `cd` first, so a lock renamed away meanwhile is never touched
 * under the new holder's name. touch needs no free block: it works on a full disk.
 */
function heartbeatScript(dir, runId) {
    return `cd ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null && [ -f info.json ] && grep -qF -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(runIdFragment(runId))} info.json || exit ${LOCK_MISS}; touch -c info.json`;
}
/** Removes the lock only when info.json is this run's. Exit LOCK_MISS when it is not. */
function releaseScript(dir, runId) {
    return `[ -f ${info(dir)} ] && grep -qF -e ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(runIdFragment(runId))} ${info(dir)} || exit ${LOCK_MISS}; rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)}`;
}
//# sourceMappingURL=lock-scripts.js.map

/***/ }),

/***/ 91337:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   JK: () => (/* binding */ lockDir),
/* harmony export */   Sr: () => (/* binding */ heartbeatIntervalMs),
/* harmony export */   VR: () => (/* binding */ judgeLock),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   s: () => (/* binding */ releaseLockScript),
/* harmony export */   sG: () => (/* binding */ describeHolder),
/* harmony export */   x_: () => (/* binding */ releaseLock)
/* harmony export */ });
/* unused harmony exports LockHeldError, lockDirFix */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(41917);
/* harmony import */ var _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(13580);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(69716);




class LockHeldError extends Error {
}
const lockDir = (deployPath) => `${deployPath}/.deploy/lock`;
/** Heartbeat interval for a lock_ttl: a sixth of it, between 1 s and 10 s (lock_ttl 2m → 10 s). */
function heartbeatIntervalMs(ttlMs) {
    return Math.min(10_000, Math.max(1_000, Math.floor(ttlMs / 6)));
}
/** Reads the lock in one round trip; null when there is none. */
async function readLock(exec, deployPath, now = Date.now()) {
    const r = await exec.sh((0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .readLockScript */ .$z)(lockDir(deployPath)), { allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return null;
    if (r.code !== 0)
        throw new Error(`cannot read the deploy lock ${lockDir(deployPath)}: ${r.stderr.trim() || `exit ${r.code}`}`);
    const read = (0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .parseLockRead */ .ZR)(r.stdout);
    let info = null;
    try {
        info = read.raw ? JSON.parse(read.raw) : null;
    }
    catch {
        info = null;
    }
    return { raw: read.raw, info, ageMs: info ? now - Date.parse(info.time) : NaN, silentMs: Math.max(0, (read.hostNow - read.beat) * 1000) };
}
const seconds = (ms) => `${Math.round(ms / 1000)} s`;
/** "run R by A (deploy abcdef012345, started 3 s ago, last heartbeat 1 s ago, URL)" */
function describeHolder(held) {
    const { info } = held;
    if (!info)
        return `an unknown holder (lock without info, untouched for ${seconds(held.silentMs)})`;
    const started = Number.isNaN(held.ageMs) ? '' : `, started ${seconds(held.ageMs)} ago`;
    const beat = info.heartbeatSeconds
        ? `, last heartbeat ${seconds(held.silentMs)} ago`
        : `, no heartbeat (older version), taken ${seconds(held.silentMs)} ago`;
    return `run ${info.runId} by ${info.actor} (${info.command} ${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_2__/* .shortSha */ .Fu)(info.sha)}${started}${beat}${info.runUrl ? `, ${info.runUrl}` : ''})`;
}
/**
 * What to do with a held lock. A holder that heart-beats is alive until it has been silent for
 * max(lock_ttl, 3 heartbeats): then it is dead (SIGKILL, lost link: its connection is gone, it can
 * change nothing any more) and its lock is broken automatically; force-unlock breaks it after 3
 * missed heartbeats. A lock without heartbeat (older version, or no info) is only broken with
 * force-unlock once older than lock_ttl, as before.
 */
function judgeLock(held, ttlMs, forceUnlock) {
    const beatMs = held.info?.heartbeatSeconds ? held.info.heartbeatSeconds * 1000 : undefined;
    if (beatMs) {
        const staleMs = Math.max(ttlMs, 3 * beatMs);
        if (held.silentMs > staleMs)
            return {
                kind: 'break',
                silentSeconds: staleMs / 1000,
                why: `its heartbeat stopped ${seconds(held.silentMs)} ago (lock_ttl ${seconds(ttlMs)})`,
            };
        if (forceUnlock && held.silentMs > 3 * beatMs)
            return {
                kind: 'break',
                silentSeconds: (3 * beatMs) / 1000,
                why: `force-unlock: its heartbeat stopped ${seconds(held.silentMs)} ago`,
            };
        return { kind: 'live' };
    }
    if (held.silentMs <= ttlMs)
        return { kind: 'live' };
    if (forceUnlock)
        return { kind: 'break', silentSeconds: ttlMs / 1000, why: 'force-unlock: older than lock_ttl, without heartbeat' };
    return {
        kind: 'refuse',
        message: `deploy lock is stale: held by ${describeHolder(held)}, older than its TTL without heartbeat; re-run with force-unlock to break it`,
    };
}
/** How often, and how many times, a run re-reads a dead lock that another run is breaking right now. */
const BREAKING_POLL_MS = 100;
const BREAKING_POLLS = 100;
/**
 * Breaks `held` atomically: only if its info.json and heartbeat are still what was judged (one
 * winner among concurrent breakers). 'changed' when it changed or another run broke it first,
 * 'busy' while another run is breaking it.
 */
async function breakLock(exec, dir, held, silentSeconds) {
    const stale = `${dir}.stale.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}`;
    const r = await exec.sh((0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .breakLockScript */ .iy)(dir, stale, held.raw, silentSeconds), { allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return 'changed';
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_BREAKING */ .U_)
        return 'busy';
    if (r.code !== 0)
        throw new Error(`cannot break the stale deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return 'broken';
}
/** One round trip: create the lock dir and write its info (then run `then`). Its stdout once taken, else false. */
async function tryMkdir(exec, dir, info, then) {
    const r = await exec.sh((0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .acquireScript */ .mq)(dir, then), { stdin: JSON.stringify(info), allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return false;
    if (r.code !== 0)
        throw new Error(`cannot create the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}${lockDirFix(dir, r.stderr)}`);
    return r.stdout;
}
/** The fix when the deploy user may not create <path>/.deploy (a first deploy to a path not prepared). */
function lockDirFix(lockDir, stderr) {
    if (!/permission denied|read-only file system/i.test(stderr))
        return '';
    const path = (0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_3__/* .shellQuote */ .Z)(lockDir.replace(/\/\.deploy\/lock$/, ''));
    return `\nfix: sudo mkdir -p ${path} && sudo chown <deploy user>: ${path} (docs/prepare-server.md; \`gitops-deploy doctor\` checks write access)`;
}
/**
 * Takes the deploy lock (atomic mkdir). A live lock fails fast (or after waitMs) naming its holder;
 * a dead holder's lock is broken (see judgeLock) and reported through onBroken. Resolves with what
 * `opts.then` printed.
 */
async function acquireLock(exec, deployPath, info, opts) {
    const dir = lockDir(deployPath);
    const now = opts.now ?? Date.now;
    const deadline = now() + opts.waitMs;
    let unbreakable;
    let busy = 0;
    for (;;) {
        const taken = await tryMkdir(exec, dir, info, opts.then);
        if (taken !== false)
            return taken;
        const held = await readLock(exec, deployPath, now());
        if (!held)
            continue;
        const verdict = judgeLock(held, opts.ttlMs, opts.forceUnlock);
        if (verdict.kind === 'refuse')
            throw new LockHeldError(verdict.message);
        if (verdict.kind === 'break') {
            const outcome = await breakLock(exec, dir, held, verdict.silentSeconds);
            if (outcome === 'broken') {
                opts.onBroken?.(`broke the deploy lock of a dead holder: ${describeHolder(held)}; ${verdict.why}`);
                continue;
            }
            if (outcome === 'busy') {
                // another run is breaking it: its break takes milliseconds, then the lock is gone or that run's;
                // a breaker killed meanwhile leaves its claim, taken over once lock_ttl old (breakClaimScript)
                if (++busy > BREAKING_POLLS && now() >= deadline)
                    throw new Error(`cannot break the stale deploy lock ${dir}: another run began breaking it and did not finish (killed?); its claim is taken over once it is lock_ttl old: run again then, or wait with lock-wait`);
                await new Promise((r) => setTimeout(r, busy > BREAKING_POLLS ? (opts.pollMs ?? 2000) : BREAKING_POLL_MS));
                continue;
            }
            // Lost a race: the holder changed or beat again, re-read it. The same holder twice means the check itself fails.
            if (unbreakable === held.raw)
                throw new Error(`cannot break the stale deploy lock ${dir}: remove it by hand`);
            unbreakable = held.raw;
            continue;
        }
        if (now() >= deadline)
            throw new LockHeldError(`another deploy holds the lock: ${describeHolder(held)}; it is alive: wait for it (lock-wait) or cancel that run`);
        await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
    }
}
/** The script releasing the lock only if `runId` holds it (exit LOCK_MISS when not). */
const releaseLockScript = (deployPath, runId) => (0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseScript */ .dg)(lockDir(deployPath), runId);
/** Releases the lock only if this run holds it, in one round trip. Returns whether it was released. */
async function releaseLock(exec, deployPath, runId) {
    const dir = lockDir(deployPath);
    const r = await exec.sh(releaseLockScript(deployPath, runId), { allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return false;
    if (r.code !== 0)
        throw new Error(`cannot release the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return true;
}
//# sourceMappingURL=lock.js.map

/***/ }),

/***/ 91763:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  w8: () => (/* binding */ connectAhead),
  Ir: () => (/* binding */ connectEarly),
  m6: () => (/* binding */ connectTo),
  h0: () => (/* binding */ handOffUnlock),
  C1: () => (/* binding */ hostSessions),
  Oi: () => (/* binding */ phase),
  F: () => (/* binding */ requireSshKey),
  Fm: () => (/* binding */ requireTarget),
  kK: () => (/* binding */ withLock),
  X6: () => (/* binding */ withLocks),
  fQ: () => (/* binding */ withSession)
});

// UNUSED EXPORTS: lockLeftMessage, openSession

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/session/report.js
var report = __webpack_require__(31076);
// EXTERNAL MODULE: ./lib/session/lock.js
var lock = __webpack_require__(91337);
// EXTERNAL MODULE: ./lib/session/lock-scripts.js
var lock_scripts = __webpack_require__(13580);
;// CONCATENATED MODULE: ./lib/session/heartbeat.js


function startHeartbeat(exec, deployPath, runId, intervalMs, onLost) {
    const script = (0,lock_scripts/* heartbeatScript */.SU)((0,lock/* lockDir */.JK)(deployPath), runId);
    let inFlight;
    let lost;
    const beat = async () => {
        // a failed round trip (lost connection) is left to the run's own commands to report
        const r = await exec.sh(script, { allowFailure: true }).catch(() => undefined);
        if (r?.code !== lock_scripts/* LOCK_MISS */.pF || lost)
            return;
        lost = `this run (${runId}) no longer holds the deploy lock of ${deployPath}: another run broke it while this one was silent`;
        clearInterval(timer);
        onLost(lost);
    };
    const timer = setInterval(() => {
        inFlight ??= beat().finally(() => (inFlight = undefined));
    }, intervalMs);
    timer.unref();
    return {
        lost: () => lost,
        stop: async () => {
            clearInterval(timer);
            await inFlight;
        },
    };
}
//# sourceMappingURL=heartbeat.js.map
// EXTERNAL MODULE: ./lib/config/duration.js
var duration = __webpack_require__(26804);
// EXTERNAL MODULE: ./lib/core/interrupt.js
var interrupt = __webpack_require__(1408);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(41917);
;// CONCATENATED MODULE: ./lib/transport/batch-script.js
/**
 * Several scripts in one round trip (pure): each runs in a subshell of its own and is followed by a
 * frame line with its exit code, after a boundary the caller makes unique to the run (random), so
 * what the scripts print (a host's files) cannot be taken for a frame. parseBatch gives back each
 * script's result as if it had been sent alone (stderr stays on the round trip's stderr).
 */

/** The scripts, each followed by `\n<boundary> <exit code>\n`; the whole exits 0. */
function batchScript(scripts, boundary) {
    return scripts.map((s) => `(\n${s}\n)\nprintf '\\n%s %s\\n' ${(0,quote/* shellQuote */.Z)(boundary)} "$?"`).join('\n');
}
/** The results of batchScript's `count` scripts from its stdout; undefined when the output is not framed so. */
function parseBatch(stdout, boundary, count) {
    const results = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
        const frame = stdout.indexOf(`\n${boundary} `, at);
        const end = frame < 0 ? -1 : stdout.indexOf('\n', frame + 1);
        if (end < 0)
            return undefined;
        const code = stdout.slice(frame + boundary.length + 2, end);
        if (!/^\d+$/.test(code))
            return undefined;
        results.push({ code: Number(code), stdout: stdout.slice(at, frame), stderr: '' });
        at = end + 1;
    }
    return at === stdout.length ? results : undefined;
}
//# sourceMappingURL=batch-script.js.map
// EXTERNAL MODULE: ./lib/config/hosts.js
var config_hosts = __webpack_require__(6141);
// EXTERNAL MODULE: ./lib/session/early-connect.js
var early_connect = __webpack_require__(47928);
;// CONCATENATED MODULE: ./lib/session/held-locks.js
const heldBy = new WeakMap();
/** Records a lock taken (`holding`) or released, and saves all the locks the run still holds ('' when none). */
function noteHeldLock(reporter, target, lock, holding) {
    const held = heldBy.get(reporter) ?? new Set();
    heldBy.set(reporter, held);
    if (holding)
        held.add(lock);
    else
        held.delete(lock);
    const state = { target, locks: [...held] };
    reporter.persist('lock', held.size === 0 ? '' : JSON.stringify(state));
}
const isHeldLock = (l) => {
    const o = l;
    return Number.isInteger(o?.host) && typeof o?.runId === 'string';
};
/** Parses the saved `lock` state (pure); undefined when empty or not ours. */
function parseHeldLocks(text) {
    let o;
    try {
        o = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof o?.target !== 'string' || !Array.isArray(o.locks) || !o.locks.every(isHeldLock))
        return undefined;
    return { target: o.target, locks: o.locks };
}
//# sourceMappingURL=held-locks.js.map
;// CONCATENATED MODULE: ./lib/session/session.js











/**
 * The lock's release for the run's last script (undefined unless withLock handed it off), the
 * heartbeat stopped first (it must not touch a released lock). Only once the state is written; if
 * the script does not say it released the lock, withLock releases it as ever.
 */
async function handOffUnlock(s) {
    if (!s.unlock)
        return undefined;
    await s.heartbeat?.stop();
    return s.unlock;
}
/**
 * Runs a phase in a log group and records its duration in the report. A run that lost its deploy
 * lock (another run broke it) starts no further phase.
 */
function phase(s, name, fn) {
    const lost = s.heartbeat?.lost();
    if (lost)
        return Promise.reject(new Error(`${lost}; stopped before ${name}`));
    return s.reporter.group(name, () => (0,report/* timed */.ay)(s.report, name, fn));
}
function requireTarget(settings, config) {
    const names = Object.keys(config.targets);
    const name = settings.target ?? (names.length === 1 ? names[0] : undefined);
    if (!name)
        throw new errors/* UserError */.yo(`${settings.command} needs a target (input target, --target; targets: ${names.join(', ') || 'none defined in the config'})`);
    const target = config.targets[name];
    if (!target)
        throw new errors/* UserError */.yo(`unknown target ${JSON.stringify(name)} (targets: ${names.join(', ')})`);
    return { name, target };
}
/** Refuses a run without an SSH private key. */
function requireSshKey(settings) {
    if (!settings.ssh.privateKey)
        throw new errors/* UserError */.yo('an SSH private key is required (input ssh-private-key, or --ssh-key / GITOPS_SSH_KEY)');
}
/** The verified SSH connection to one host of the target (requireSshKey first). */
async function connectTo(settings, target, { host, port }, reporter) {
    // ssh2 is loaded only by a run that connects: `plan --from --to` and `--help` never pay for it
    const { connectHost } = await Promise.all(/* import() */[__webpack_require__.e(487), __webpack_require__.e(269)]).then(__webpack_require__.bind(__webpack_require__, 75269));
    const { privateKey, knownHosts, fingerprint } = settings.ssh;
    const trace = settings.trace ? (line) => reporter.info(line) : undefined;
    return connectHost({ host, port, privateKey: privateKey, knownHosts, fingerprint, umask: target.umask, trace });
}
/**
 * Starts connecting to the target's first host as the raw config names it, before the config is
 * loaded and validated (when its values are plainly valid; see early-connect.ts for who takes it).
 * The same verified connect as the session's, its key dir persisted for the Action's post step.
 */
async function connectEarly(settings, reporter) {
    // ssh2 loads while the file is read and parsed
    const [first] = await Promise.all([
        Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(536)]).then(__webpack_require__.bind(__webpack_require__, 60536)).then((m) => m.readEarlyAddress(settings.configPath, settings.target)),
        Promise.all(/* import() */[__webpack_require__.e(487), __webpack_require__.e(269)]).then(__webpack_require__.bind(__webpack_require__, 75269)),
    ]);
    if (!first)
        return;
    (0,early_connect/* startEarly */.wM)({ settings, ...first }, async () => {
        const conn = await connectTo(settings, first, first.address, reporter);
        reporter.persist('keyDir', conn.keyDir);
        return conn;
    });
}
/** Opens the verified SSH connection to the target (refuses without key or host key anchor). */
async function openSession(settings, config, reporter, report) {
    const { name, target } = requireTarget(settings, config);
    report.target = name;
    requireSshKey(settings);
    const hosts = [];
    const connect = async () => {
        for (const address of (0,config_hosts/* hostsOf */.PP)(target)) {
            const early = await (0,early_connect/* takeEarly */.hy)({ settings, address, umask: target.umask });
            hosts.push(early ?? (await connectTo(settings, target, address, reporter)));
            reporter.persist('keyDir', hosts.map((h) => h.keyDir).join('\n'));
        }
    };
    await phase({ reporter, report }, 'Connect', connect).catch(async (e) => {
        await closeAll(hosts, reporter);
        throw e;
    });
    return { settings, config, targetName: name, target, reporter, report, hosts, conn: hosts[0] };
}
/** The session as seen from each host of the target (the session itself for its own host). */
function hostSessions(s) {
    return s.hosts.map((conn) => (conn === s.conn ? s : { ...s, conn }));
}
async function closeAll(hosts, reporter) {
    for (const conn of hosts)
        await conn.cleanup().catch((e) => reporter.warning(`ssh cleanup: ${e.message}`));
}
/** What a run that could not release its lock tells the user: when and how the lock goes away. */
function lockLeftMessage(s, why) {
    const beat = (0,lock/* heartbeatIntervalMs */.Sr)(s.target.lock_ttl);
    return `could not release the deploy lock of ${s.targetName} (${why}): its heartbeat has stopped, so the next run breaks it once it is ${(0,duration/* formatDuration */.a3)(Math.max(s.target.lock_ttl, 3 * beat))} old (lock_ttl; with lock-wait it waits for that), or at once with force-unlock after ${(0,duration/* formatDuration */.a3)(3 * beat)}`;
}
function warn(s, message) {
    s.reporter.warning(message);
    s.report.warnings.push(message);
}
/**
 * Runs `fn` under the deploy lock, heart-beating while it runs; the lock is released on success and
 * on failure. `sha` is the resolved commit the run works on (recorded in the lock). `reads`: scripts
 * that only read, sent in the lock's own round trip once it is taken; `fn` gets their results in
 * order (undefined should their output not parse: the caller then reads itself). `handOff`: the
 * release may go in the run's last script instead (handOffUnlock; a single-host run, nothing after it).
 */
async function withLock(s, sha, fn, reads, opts = {}) {
    const beatMs = (0,lock/* heartbeatIntervalMs */.Sr)(s.target.lock_ttl);
    const info = {
        // the run id plus a nonce: the jobs and re-run attempts of one workflow run share GITHUB_RUN_ID,
        // two CLIs in containers may share a pid; the heartbeat and the release must know this run's lock only
        runId: `${s.settings.run.id}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`,
        sha,
        actor: s.settings.run.actor,
        command: s.settings.command,
        time: new Date().toISOString(),
        runUrl: s.settings.run.url,
        heartbeatSeconds: beatMs / 1000,
    };
    const boundary = `--- gitops-deploy ${(0,external_node_crypto_.randomBytes)(12).toString('hex')} ---`;
    const printed = await phase(s, 'Lock', () => (0,lock/* acquireLock */.IZ)(s.conn.exec, s.target.path, info, {
        ttlMs: s.target.lock_ttl,
        waitMs: s.settings.lockWaitMs,
        forceUnlock: s.settings.forceUnlock,
        onBroken: (m) => warn(s, m),
        then: reads && batchScript(reads, boundary),
    }));
    const sent = reads && parseBatch(printed, boundary, reads.length);
    const held = { host: s.hosts.indexOf(s.conn), runId: info.runId };
    noteHeldLock(s.reporter, s.targetName, held, true);
    s.heartbeat = startHeartbeat(s.conn.exec, s.target.path, info.runId, beatMs, (m) => warn(s, m));
    const unregister = (0,interrupt/* onInterrupt */.nA)(async () => {
        await (0,lock/* releaseLock */.x_)(s.conn.exec, s.target.path, info.runId);
        noteHeldLock(s.reporter, s.targetName, held, false);
    });
    if (opts.handOff)
        s.unlock = { script: (0,lock/* releaseLockScript */.s)(s.target.path, info.runId), released: false };
    try {
        return await fn(sent);
    }
    finally {
        unregister();
        await s.heartbeat.stop();
        s.heartbeat = undefined;
        const released = s.unlock?.released;
        s.unlock = undefined;
        // still saved while the release runs: a run killed meanwhile leaves it to the post step
        if (released || (await releaseLockOrWarn(s, info.runId)))
            noteHeldLock(s.reporter, s.targetName, held, false);
    }
}
/** Releases this run's lock; false (with a warning saying when it goes away) when that failed. */
async function releaseLockOrWarn(s, runId) {
    try {
        await (0,lock/* releaseLock */.x_)(s.conn.exec, s.target.path, runId);
        return true;
    }
    catch (e) {
        warn(s, lockLeftMessage(s, e.message.split('\n')[0]));
        return false;
    }
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
/** Runs `fn` holding the deploy lock of every host (taken in order, released in reverse). */
function withLocks(hosts, sha, fn) {
    return hosts.reduceRight((inner, h) => () => withLock(h, sha, inner), fn)();
}
/** The session connectAhead opened for these settings, not yet taken by withSession. */
let ahead;
/**
 * Starts opening the session now, for the command about to run (its code loading meanwhile):
 * withSession with the same settings takes it. Returns the closer of a session no command took
 * (call it once the command has run: it waits for the connect and closes it). Interrupted before
 * it is taken, it is closed like a session in use.
 */
async function connectAhead(settings, config, reporter, report) {
    // ssh2 loads first, alone: the handshake starts sooner than if it loaded alongside the command's code
    await Promise.all(/* import() */[__webpack_require__.e(487), __webpack_require__.e(269)]).then(__webpack_require__.bind(__webpack_require__, 75269));
    const opening = openSession(settings, config, reporter, report);
    // its failure is the command's, reported when withSession takes it
    opening.catch(() => undefined);
    const own = { settings, opening };
    ahead = own;
    const close = async () => {
        if (ahead !== own)
            return;
        ahead = undefined;
        const s = await opening.catch(() => undefined);
        if (s)
            await closeAll(s.hosts, reporter);
    };
    const unregister = (0,interrupt/* onInterrupt */.nA)(close);
    return async () => {
        unregister();
        await close();
    };
}
function takeAhead(settings) {
    if (ahead?.settings !== settings)
        return undefined;
    const { opening } = ahead;
    ahead = undefined;
    return opening;
}
/** Opens the session (or takes the one connectAhead opened), runs `fn`, always closes the connections and removes the key. */
async function withSession(settings, config, reporter, report, fn) {
    const session = await (takeAhead(settings) ?? openSession(settings, config, reporter, report));
    const unregister = (0,interrupt/* onInterrupt */.nA)(() => Promise.all(session.hosts.map((c) => c.cleanup())));
    try {
        await fn(session);
    }
    finally {
        unregister();
        const counts = session.hosts.map((c) => c.connections);
        report.connections = { ssh2: sum(counts.map((c) => c.ssh2)), masters: sum(counts.map((c) => c.masters)) };
        await closeAll(session.hosts, reporter);
    }
}
//# sourceMappingURL=session.js.map

/***/ }),

/***/ 41917:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ shellQuote),
/* harmony export */   n: () => (/* binding */ shellJoin)
/* harmony export */ });
/** POSIX shell quoting for commands that must cross a shell (ssh always does). */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Quote one argument so that `sh` passes it through unchanged. */
function shellQuote(arg) {
    if (arg.includes('\0'))
        throw new Error('argument contains a NUL byte');
    if (arg !== '' && SAFE.test(arg))
        return arg;
    return `'${arg.replace(/'/g, `'\\''`)}'`;
}
/** Quote an argument array into one command line. */
function shellJoin(argv) {
    return argv.map(shellQuote).join(' ');
}
//# sourceMappingURL=quote.js.map

/***/ })

};
