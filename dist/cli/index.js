import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 49140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 98995:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 29069:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _entry_cli_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(27308);

process.exitCode = await (0,_entry_cli_main_js__WEBPACK_IMPORTED_MODULE_0__/* .cliMain */ .m)(process.argv.slice(2));
//# sourceMappingURL=cli.js.map
__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 92139:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BC: () => (/* binding */ stopGraceSecondsOf),
/* harmony export */   Sq: () => (/* binding */ composeDurationSeconds),
/* harmony export */   gI: () => (/* binding */ DEFAULT_STOP_GRACE_SECONDS),
/* harmony export */   lx: () => (/* binding */ explicitStopGrace)
/* harmony export */ });
/** Docker's and compose's default. */
const DEFAULT_STOP_GRACE_SECONDS = 10;
const UNIT_S = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };
/** Seconds of a compose duration ("1m30s", "90s", "1.5s"), or undefined when it is not one. */
function composeDurationSeconds(text) {
    if (!/^(\d+(\.\d+)?(h|m|s|ms|us))+$/.test(text))
        return undefined;
    let total = 0;
    for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|m|s)/g))
        total += Number(n) * UNIT_S[unit];
    return total;
}
/** The service's own `stop_grace_period` in seconds, when it sets one compose understands. */
function explicitStopGrace(service) {
    const period = service?.definition.stop_grace_period;
    return typeof period === 'string' ? composeDurationSeconds(period) : undefined;
}
/** The service's `stop_grace_period` in seconds, else Docker's default of 10. */
function stopGraceSecondsOf(service) {
    return explicitStopGrace(service) ?? DEFAULT_STOP_GRACE_SECONDS;
}
//# sourceMappingURL=stop-grace.js.map

/***/ }),

/***/ 3828:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   k3: () => (/* binding */ EXIT_USER_ERROR),
/* harmony export */   tQ: () => (/* binding */ UserErrors),
/* harmony export */   w5: () => (/* binding */ EXIT_FAILURE),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/** An error caused by the user's input (config, revisions, flags): printed without a stack, exit code 2. */
class UserError extends Error {
    location;
    constructor(message, 
    /** optional file annotation for the Action (config errors) */
    location) {
        super(message);
        this.location = location;
        this.name = 'UserError';
    }
}
/** Several user errors at once (e.g. every config problem). */
class UserErrors extends UserError {
    errors;
    constructor(errors) {
        super(errors.map((e) => e.message).join('\n'), errors[0]?.location);
        this.errors = errors;
        this.name = 'UserErrors';
    }
}
const EXIT_USER_ERROR = 2;
const EXIT_FAILURE = 1;
//# sourceMappingURL=errors.js.map

/***/ }),

/***/ 53016:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ faultPoint)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(51455);
/**
 * A test hook for the fault-injection e2e suite: with GITOPS_DEPLOY_PAUSE_AT=<point> and
 * GITOPS_DEPLOY_PAUSE_FILE=<path>, the run writes its pid into <path> when it reaches <point>
 * (a phase name, lower case, or `switch`) and waits until the file is removed. The test then
 * injects its fault (link cut, SIGKILL, full disk, stopped dockerd) at a known moment.
 * Without both variables this is a no-op.
 */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function faultPoint(name, env = process.env) {
    const at = env.GITOPS_DEPLOY_PAUSE_AT;
    const file = env.GITOPS_DEPLOY_PAUSE_FILE;
    if (!at || !file || at.toLowerCase() !== name.toLowerCase())
        return;
    // written whole, then renamed: the test never reads an empty file
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(`${file}.tmp`, String(process.pid));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rename)(`${file}.tmp`, file);
    for (;;) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.access)(file);
        }
        catch {
            return;
        }
        await sleep(50);
    }
}
//# sourceMappingURL=fault-point.js.map

/***/ }),

/***/ 1408:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   cE: () => (/* binding */ installInterruptHandlers),
/* harmony export */   nA: () => (/* binding */ onInterrupt)
/* harmony export */ });
/* unused harmony export runInterruptCleanups */
/**
 * Cleanups that must run when the process is interrupted (Ctrl-C, a cancelled job): release the
 * deploy lock, close the SSH connection, remove the key. Registered around the resources' lifetimes.
 */
const cleanups = new Set();
/** Registers a cleanup; returns the function that unregisters it. */
function onInterrupt(fn) {
    cleanups.add(fn);
    return () => cleanups.delete(fn);
}
/** Runs the registered cleanups, newest first, each bounded in time; never throws. */
async function runInterruptCleanups(timeoutMs = 10_000) {
    for (const fn of [...cleanups].reverse()) {
        cleanups.delete(fn);
        await Promise.race([fn().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
    }
}
/**
 * On SIGINT/SIGTERM: run the cleanups, then `finish` (the Action writes its outputs and summary
 * there; bounded in time, never throws), then exit with 128 + signal number.
 */
function installInterruptHandlers(log, finish) {
    const handle = (signal, code) => {
        process.once(signal, () => {
            log(`${signal}: releasing the deploy lock and closing the connection before exiting`);
            void runInterruptCleanups()
                .then(() => finish && Promise.race([finish(signal).catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]))
                .finally(() => process.exit(128 + code));
        });
    };
    handle('SIGINT', 2);
    handle('SIGTERM', 15);
}
//# sourceMappingURL=interrupt.js.map

/***/ }),

/***/ 58737:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ withoutSecrets)
/* harmony export */ });
/**
 * The environment handed to local child processes (ssh, ssh-agent, rsync, git, tar, the frontend build):
 * the runner's environment without the deploy's secrets. The Action receives its inputs (among
 * them the SSH key and the database password) as INPUT_* variables and the CLI reads
 * GITOPS_SSH_KEY / GITOPS_DB_PASSWORD: a child that inherited them would keep the key text in its
 * /proc/<pid>/environ, and a ControlMaster can outlive this process by its ControlPersist.
 */
/** Secrets of the deploy itself, besides every INPUT_* variable. */
const SECRET_VARIABLES = new Set([
    'GITOPS_SSH_KEY',
    'GITOPS_DB_PASSWORD',
    'GITOPS_REGISTRY_PASSWORD',
    'GITHUB_TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
]);
/** `env` without the Action inputs (every INPUT_*) and the deploy's other secrets; undefined values dropped. */
function withoutSecrets(env = process.env) {
    const kept = Object.entries(env).filter((entry) => entry[1] !== undefined && !entry[0].startsWith('INPUT_') && !SECRET_VARIABLES.has(entry[0]));
    return Object.fromEntries(kept);
}
//# sourceMappingURL=secret-env.js.map

/***/ }),

/***/ 7726:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HI: () => (/* binding */ configPathIn),
/* harmony export */   L6: () => (/* binding */ defaultSettings),
/* harmony export */   Lo: () => (/* binding */ COMMANDS),
/* harmony export */   PV: () => (/* binding */ DEFAULT_CONFIG)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(76760);
/** The validated run settings shared by the Action and the CLI (built by action/inputs.ts or cli/args.ts). */

const COMMANDS = ['init', 'plan', 'deploy', 'rollback', 'backup', 'restore', 'status', 'doctor', 'logs'];
/** The config file a run reads when none is given, relative to the work tree. */
const DEFAULT_CONFIG = '.github/deploy.yml';
/**
 * Where the config file is: a relative path names a file inside the work tree (`--repo` /
 * `working-directory`), as action.yml says; an absolute path is used as it is.
 */
function configPathIn(repo, config = DEFAULT_CONFIG) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(config) ? config : (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(repo, config);
}
function defaultSettings(partial) {
    return {
        repo: '.',
        configPath: DEFAULT_CONFIG,
        to: 'HEAD',
        dryRun: false,
        json: false,
        ssh: {},
        forceUnlock: false,
        lockWaitMs: 0,
        run: { id: `local-${process.pid}`, actor: process.env.USER ?? 'unknown' },
        restoreDb: false,
        drill: false,
        ...partial,
    };
}
//# sourceMappingURL=settings.js.map

/***/ }),

/***/ 69716:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Fu: () => (/* binding */ shortSha),
/* harmony export */   RT: () => (/* binding */ tail),
/* harmony export */   Vh: () => (/* binding */ NAME_PATTERN),
/* harmony export */   oh: () => (/* binding */ thousands)
/* harmony export */ });
/** Short forms of text for logs, notes and error messages. */
/** A commit sha or release id as shown to people: its first 12 characters. */
function shortSha(id) {
    return id.slice(0, 12);
}
/** The last `lines` lines of a command's output, without leading blank lines and trailing whitespace. */
function tail(text, lines = 20) {
    return text
        .replace(/^\s*\n/, '')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
}
/**
 * An integer with commas between thousands ("10,001"), as toLocaleString('en-US') writes it, without
 * Intl: its first call in a process loads ICU's locale data (15-26 ms measured, in every deploy's Upload).
 */
function thousands(n) {
    const digits = String(Math.trunc(Math.abs(n)));
    return `${n < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+$)/g, ',')}`;
}
/** Names of services, tasks, targets and rules (compose service names reach argv: only these are passed). */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
//# sourceMappingURL=text.js.map

/***/ }),

/***/ 17564:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ secondsToMs),
/* harmony export */   p: () => (/* binding */ humanBytes)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3828);
/** Human units for sizes shown to people (JSON keeps raw numbers), and seconds as people type them. */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];
/** 512 → "512 B", 1536 → "1.5 KiB", 3 * 2**20 → "3.0 MiB" (binary units, one decimal). */
function humanBytes(n) {
    if (!Number.isFinite(n) || n < 1024)
        return `${n} B`;
    let value = n;
    let unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(1)} ${UNITS[unit]}`;
}
/**
 * A number of seconds as the CLI and the Action take it ("90", "1.5"), in ms; empty or absent is 0.
 * Decimal only: Number() would also read "0x10", " 5" and "1e3".
 */
function secondsToMs(label, value) {
    if (value === undefined || value === '')
        return 0;
    if (!/^[0-9]+(\.[0-9]+)?$/.test(value))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${label}: expected a number of seconds, got ${JSON.stringify(value)}`);
    return Number(value) * 1000;
}
//# sourceMappingURL=units.js.map

/***/ }),

/***/ 27308:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ cliMain)
});

// EXTERNAL MODULE: ./lib/core/interrupt.js
var interrupt = __nccwpck_require__(1408);
// EXTERNAL MODULE: ./lib/session/report.js
var session_report = __nccwpck_require__(31076);
// EXTERNAL MODULE: ./lib/core/settings.js
var core_settings = __nccwpck_require__(7726);
// EXTERNAL MODULE: ./lib/core/errors.js
var core_errors = __nccwpck_require__(3828);
;// CONCATENATED MODULE: ./lib/core/failure.js

/**
 * Reports an error once (each config problem with its location) and returns the exit code.
 * `onlyLocated`: the caller prints the message itself (core.setFailed), so only annotate located errors.
 */
function reportFailure(e, reporter, opts = {}) {
    const say = (message, location) => {
        if (!opts.onlyLocated || location)
            reporter.error(message, location);
    };
    if (e instanceof core_errors/* UserErrors */.tQ) {
        for (const err of e.errors)
            say(err.message, err.location);
        return { message: e.message, exitCode: core_errors/* EXIT_USER_ERROR */.k3 };
    }
    if (e instanceof core_errors/* UserError */.yo) {
        say(e.message, e.location);
        return { message: e.message, exitCode: core_errors/* EXIT_USER_ERROR */.k3 };
    }
    const message = e instanceof Error ? e.message : String(e);
    say(message);
    if (process.env.GITOPS_DEBUG && e instanceof Error && e.stack)
        reporter.info(e.stack);
    return { message, exitCode: core_errors/* EXIT_FAILURE */.w5 };
}
//# sourceMappingURL=failure.js.map
;// CONCATENATED MODULE: ./lib/entry/finish.js

/**
 * The run shared by the Action and the CLI: reads the settings, masks their secrets, runs the
 * command and finishes the report: `dry-run` for a dry run; on failure the error reported once
 * and the result `failure` (unless the automatic rollback already said `rolled-back`). Never throws.
 * `onlyLocated`: the caller prints the message itself, only located errors are annotated.
 */
async function runAndFinish(read, reporter, report, opts = {}) {
    let settings = null;
    try {
        settings = read();
        if (!settings)
            return { settings };
        report.command = settings.command;
        report.target = settings.target;
        for (const s of [settings.ssh.privateKey, settings.dbPassword, settings.registryPassword])
            if (s)
                reporter.secret(s);
        // loaded only once there is a command to run: `--help` stays light
        const { execute } = await __nccwpck_require__.e(/* import() */ 569).then(__nccwpck_require__.bind(__nccwpck_require__, 89569));
        await execute(settings, reporter, report);
        if (settings.dryRun && settings.command !== 'plan')
            report.result = 'dry-run';
        return { settings };
    }
    catch (error) {
        const { message, exitCode } = reportFailure(error, reporter, opts);
        if (report.result !== 'rolled-back')
            report.result = 'failure';
        report.error = message;
        return { settings, failure: { error, message, exitCode } };
    }
}
//# sourceMappingURL=finish.js.map
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(57975);
// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __nccwpck_require__(69716);
;// CONCATENATED MODULE: ./lib/entry/cli/options.js
/** The CLI's commands and flags: one table that parsing, validation and every help text read. */

const LOCAL_ONLY = ['init'];
const HOST_COMMANDS = ['deploy', 'rollback', 'backup', 'restore'];
const COMMAND_HELP = {
    plan: 'show what a deploy would do (from the deployed revision with --target and a key, else from --from)',
    deploy: 'deploy a revision to a target: lock, plan, backup, upload, build, switch, tasks, health, record',
    rollback: 'go back to the previous release (or the one given with --to) on its retained images; several hosts: all, in the rolling batches',
    backup: 'take a verified database backup on the target (several hosts: on the primary) and apply the retention policy',
    restore: 'restore a backup (the newest, or --backup NAME) into the target database',
    init: 'write .github/deploy.yml and the workflows for the repository it runs in (local, no SSH), print the secrets to set',
    doctor: 'connect to the target and check everything a deploy needs, one line per check with a fix for each failure',
    logs: 'show the logs of the app on the target: docker compose logs (compose), the error log tail (passenger)',
    status: 'show the current release, previous releases, the lock holder and the newest backups; several hosts: one row per host, exit 1 on drift',
};
const OPTIONS = {
    repo: { type: 'string', arg: 'DIR', help: 'git work tree of the app (default .)' },
    config: { type: 'string', arg: 'FILE', help: 'config file; a relative path is inside --repo (default .github/deploy.yml)' },
    target: { type: 'string', arg: 'NAME', help: 'target from the config (default: the only one)', notFor: LOCAL_ONLY },
    from: { type: 'string', arg: 'REV', help: 'compare from this revision (default: the deployed one)', commands: ['plan', 'deploy'] },
    to: {
        type: 'string',
        arg: 'REV',
        help: 'plan/deploy: this revision (default HEAD); rollback: previous (default), a release id or a deployed sha',
        commands: ['plan', 'deploy', 'rollback'],
    },
    'rollback-to': { type: 'string', arg: 'X', help: 'same as --to (kept as an alias)', commands: ['rollback'] },
    'restore-db': { type: 'boolean', help: 'also restore the backup taken before the deploy being undone', commands: ['rollback'] },
    backup: { type: 'string', arg: 'NAME', help: 'backup file name to restore (default the newest)', commands: ['restore'] },
    confirm: { type: 'string', arg: 'NAME', help: 'must equal the target name', commands: ['restore'] },
    drill: { type: 'boolean', help: 'restore into a scratch database and run a smoke query', commands: ['backup', 'restore'] },
    force: { type: 'boolean', help: 'overwrite existing files', commands: ['init'] },
    service: { type: 'string', arg: 'NAME', help: 'one compose service (default: all)', commands: ['logs'] },
    since: { type: 'string', arg: 'WHEN', help: 'only lines since a duration (10m, 2h) or a timestamp', commands: ['logs'] },
    tail: { type: 'string', arg: 'N', help: 'the last N lines (default 200)', commands: ['logs'] },
    'dry-run': { type: 'boolean', help: 'plan and print what would run, change nothing', commands: HOST_COMMANDS },
    'force-unlock': {
        type: 'boolean',
        help: 'break a lock whose heartbeat stopped 3 beats ago (not waiting for lock_ttl)',
        commands: HOST_COMMANDS,
    },
    'lock-wait': { type: 'string', arg: 'SECONDS', help: "wait for another run's lock instead of failing fast", commands: HOST_COMMANDS },
    'ssh-key': { type: 'string', arg: 'FILE', help: 'private key file (or env GITOPS_SSH_KEY with the key text)', notFor: LOCAL_ONLY },
    'known-hosts': { type: 'string', arg: 'FILE', help: 'known_hosts for the target (or env GITOPS_KNOWN_HOSTS)', notFor: LOCAL_ONLY },
    'host-fingerprint': { type: 'string', arg: 'FP', help: 'SHA256:... host key fingerprint instead of known_hosts', notFor: LOCAL_ONLY },
    trace: { type: 'boolean', help: 'print every remote command with its duration (or env GITOPS_TRACE=1)', notFor: LOCAL_ONLY },
    json: { type: 'boolean', help: 'print JSON on stdout (errors too, as {"error": ...})' },
    verbose: { type: 'boolean', short: 'v', help: 'also print details while running (the plan table)' },
    quiet: { type: 'boolean', short: 'q', help: 'print only warnings, errors and the result while running' },
    help: { type: 'boolean', short: 'h', help: 'show this help' },
    version: { type: 'boolean', short: 'V', help: 'print the version' },
};
/** The options `command` accepts. */
function optionsOf(command) {
    return Object.keys(OPTIONS).filter((k) => (OPTIONS[k].commands?.includes(command) ?? true) && !OPTIONS[k].notFor?.includes(command));
}
function optionLines(names) {
    const left = names.map((n) => {
        const o = OPTIONS[n];
        return `${o.short ? `-${o.short}, ` : '    '}--${n}${o.arg ? ` ${o.arg}` : ''}`;
    });
    const width = Math.max(...left.map((l) => l.length)) + 2;
    return names.map((n, i) => `  ${left[i].padEnd(width)}${OPTIONS[n].help}`);
}
const SECRETS = 'Secrets come from the environment: GITOPS_SSH_KEY, GITOPS_DB_PASSWORD, GITOPS_REGISTRY_PASSWORD.';
const EXITS = 'Exit codes: 0 success, 1 the run failed, 2 bad input (config, flags, revisions).';
/** `gitops-deploy --help` (and, on stderr, what a bare `gitops-deploy` prints). */
const USAGE = [
    `Usage: gitops-deploy <command> [options]`,
    '',
    'Commands:',
    ...core_settings/* COMMANDS */.Lo.map((c) => `  ${c.padEnd(10)}${COMMAND_HELP[c]}`),
    '',
    'Options of every command:',
    ...optionLines(Object.keys(OPTIONS).filter((k) => !OPTIONS[k].commands)),
    '',
    'Run `gitops-deploy <command> --help` for the options of one command.',
    SECRETS,
    EXITS,
].join('\n');
/** `gitops-deploy <command> --help`: what it does and exactly the options it accepts. */
function commandUsage(command) {
    return [
        `Usage: gitops-deploy ${command} [options]`,
        '',
        `${COMMAND_HELP[command][0].toUpperCase()}${COMMAND_HELP[command].slice(1)}.`,
        '',
        'Options:',
        ...optionLines(optionsOf(command)),
        '',
        SECRETS,
        EXITS,
    ].join('\n');
}
//# sourceMappingURL=options.js.map
;// CONCATENATED MODULE: ./lib/entry/cli/version.js

/** package.json of gitops-deploy, if `url` is it. */
function readPackage(url) {
    try {
        const pkg = JSON.parse((0,external_node_fs_.readFileSync)(url, 'utf8'));
        return pkg.name === 'gitops-deploy' ? pkg : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The package version. The bundle dist/cli/index.js sits two levels below the package root,
 * lib/entry/cli/version.js three: the first package.json of gitops-deploy above wins.
 */
function packageVersion() {
    const pkg = ['../../package.json', '../../../package.json'].map((p) => readPackage(new URL(p, import.meta.url))).find(Boolean);
    return pkg?.version ?? 'unknown';
}
//# sourceMappingURL=version.js.map
// EXTERNAL MODULE: ./lib/core/units.js
var units = __nccwpck_require__(17564);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(31421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: ./lib/core/secret-env.js
var secret_env = __nccwpck_require__(58737);
;// CONCATENATED MODULE: ./lib/entry/cli/actor.js
/**
 * Who runs a CLI deploy, as the lock, the release record, the audit and `status` name it: the
 * user.name of git in the deployed repository (the name its commits carry), else the login name
 * ($USER, else the account's), else "unknown". A name only, on one line: never an e-mail, a token
 * or anything read from the config.
 */



const MAX_LENGTH = 64;
/** A name as recorded: control characters dropped, spaces collapsed, at most 64 characters; undefined when nothing is left. */
function actorName(raw) {
    // eslint-disable-next-line no-control-regex
    const name = (raw ?? '')
        .replace(/[\u0000-\u001f\u007f]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, MAX_LENGTH)
        .trim();
    return name === '' ? undefined : name;
}
/** The first of git's user.name, $USER and the account's login name that is a name; "unknown" when none is. */
function chooseActor(gitName, env, login) {
    return actorName(gitName) ?? actorName(env.USER) ?? actorName(login()) ?? 'unknown';
}
/** git's user.name as `repo`'s work tree sees it (its config, the global and the system one, under `env`); undefined when unset or git fails. */
function gitUserName(repo, env) {
    try {
        const out = (0,external_node_child_process_.execFileSync)('git', ['config', '--get', 'user.name'], {
            cwd: repo,
            env: (0,secret_env/* withoutSecrets */.c)(env),
            stdio: ['ignore', 'pipe', 'ignore'],
            timeout: 5000,
        });
        return out.toString('utf8');
    }
    catch {
        return undefined;
    }
}
function loginName() {
    try {
        return (0,external_node_os_.userInfo)().username;
    }
    catch {
        return undefined;
    }
}
/** The actor of a CLI run in `repo`. */
function cliActor(repo, env) {
    return chooseActor(gitUserName(repo, env), env, loginName);
}
//# sourceMappingURL=actor.js.map
;// CONCATENATED MODULE: ./lib/entry/cli/args.js










function readOptionalFile(path, label) {
    if (path === undefined)
        return undefined;
    try {
        return (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch {
        throw new core_errors/* UserError */.yo(`${label}: cannot read ${path}`);
    }
}
/**
 * Refuses a string option given an empty value (it would mean its default: `--from ""` planned a
 * first deploy) or given twice with different values (the last one would win silently).
 */
function checkStringValues(tokens) {
    const seen = new Map();
    for (const { kind, name, value } of tokens) {
        if (kind !== 'option' || name === undefined || value === undefined)
            continue;
        if (value === '')
            throw new core_errors/* UserError */.yo(`--${name}: empty value (leave the option out for its default)`);
        const before = seen.get(name);
        if (before !== undefined && before !== value)
            throw new core_errors/* UserError */.yo(`--${name} given twice (${JSON.stringify(before)}, ${JSON.stringify(value)}): give it once`);
        seen.set(name, value);
    }
}
function tokenize(argv) {
    try {
        const { values, positionals, tokens } = (0,external_node_util_.parseArgs)({
            args: argv,
            options: OPTIONS,
            allowPositionals: true,
            strict: true,
            tokens: true,
        });
        return { values: values, positionals, tokens };
    }
    catch (e) {
        throw new core_errors/* UserError */.yo(`${e.message}\n\n${USAGE}`);
    }
}
/** Refuses a flag the command does not use (it would be silently ignored). */
function checkApplicable(command, values) {
    const accepted = new Set(optionsOf(command));
    const wrong = Object.keys(values).filter((k) => values[k] !== undefined && !accepted.has(k));
    if (wrong.length > 0) {
        throw new core_errors/* UserError */.yo(`${wrong.map((w) => `--${w}`).join(', ')}: not an option of ${command}\n\n${commandUsage(command)}`);
    }
}
/** rollback: `--to` names the release to go back to; `--rollback-to` is its alias. */
function rollbackTo(values) {
    const to = values.to;
    const alias = values['rollback-to'];
    if (to !== undefined && alias !== undefined && to !== alias)
        throw new core_errors/* UserError */.yo(`--to ${JSON.stringify(to)} and --rollback-to ${JSON.stringify(alias)} disagree (they are the same option)`);
    return to ?? alias;
}
function logsOptions(v) {
    const service = v.service;
    if (service !== undefined && !core_text/* NAME_PATTERN */.Vh.test(service))
        throw new core_errors/* UserError */.yo(`--service: expected a compose service name matching ${core_text/* NAME_PATTERN */.Vh.source}, got ${JSON.stringify(service)}`);
    const tail = v.tail;
    if (tail !== undefined && !/^[0-9]+$/.test(tail))
        throw new core_errors/* UserError */.yo(`--tail: expected a number of lines, got ${JSON.stringify(tail)}`);
    const since = v.since;
    if (since !== undefined && !/^[0-9A-Za-z:.+-]+$/.test(since))
        throw new core_errors/* UserError */.yo(`--since: expected a duration (10m, 2h) or a timestamp, got ${JSON.stringify(since)}`);
    return { service, since, tail: tail === undefined ? undefined : Number(tail) };
}
function verbosity(v) {
    if (v.verbose === true && v.quiet === true)
        throw new core_errors/* UserError */.yo('--verbose and --quiet: choose one');
    return v.verbose === true ? 'verbose' : v.quiet === true ? 'quiet' : 'normal';
}
/** The commands that take the deploy lock and write a release record or an audit line: they name who ran them. */
const RECORDING = new Set(['deploy', 'rollback', 'backup', 'restore']);
function toSettings(command, v, env) {
    const str = (k) => v[k];
    const on = (k) => v[k] === true;
    const repo = str('repo') ?? '.';
    return (0,core_settings/* defaultSettings */.L6)({
        command,
        repo,
        configPath: (0,core_settings/* configPathIn */.HI)(repo, str('config')),
        target: str('target'),
        from: str('from'),
        to: command === 'rollback' ? 'HEAD' : (str('to') ?? 'HEAD'),
        rollbackTo: command === 'rollback' ? rollbackTo(v) : undefined,
        json: on('json'),
        verbosity: verbosity(v),
        dryRun: on('dry-run'),
        ssh: {
            privateKey: readOptionalFile(str('ssh-key'), '--ssh-key') ?? env.GITOPS_SSH_KEY,
            knownHosts: readOptionalFile(str('known-hosts'), '--known-hosts') ?? env.GITOPS_KNOWN_HOSTS,
            fingerprint: str('host-fingerprint'),
        },
        dbPassword: env.GITOPS_DB_PASSWORD,
        trace: on('trace') || env.GITOPS_TRACE === '1',
        registryPassword: env.GITOPS_REGISTRY_PASSWORD,
        forceUnlock: on('force-unlock'),
        lockWaitMs: (0,units/* secondsToMs */.n)('--lock-wait', str('lock-wait')),
        restoreDb: on('restore-db'),
        backupName: str('backup'),
        confirm: str('confirm'),
        drill: on('drill'),
        force: on('force'),
        ...(command === 'logs' ? { logs: logsOptions(v) } : {}),
        ...(RECORDING.has(command) ? { run: { id: `local-${process.pid}`, actor: cliActor(repo, env) } } : {}),
    });
}
/**
 * Turns argv (without node and script) into validated settings, or into text to print instead:
 * `--version`, `--help` (general, or of one command), and the usage for a bare call (exit 2).
 */
function parseCli(argv, env) {
    const { values, positionals, tokens } = tokenize(argv);
    if (values.version)
        return { text: `gitops-deploy ${packageVersion()}`, exitCode: 0 };
    const first = positionals[0];
    if (first === undefined)
        return { text: USAGE, exitCode: values.help ? 0 : 2 };
    if (!core_settings/* COMMANDS */.Lo.includes(first))
        throw new core_errors/* UserError */.yo(`unknown command ${JSON.stringify(first)}\n\n${USAGE}`);
    const command = first;
    if (values.help)
        return { text: commandUsage(command), exitCode: 0 };
    if (positionals.length > 1)
        throw new core_errors/* UserError */.yo(`unexpected argument ${JSON.stringify(positionals[1])}`);
    checkApplicable(command, values);
    checkStringValues(tokens);
    return toSettings(command, values, env);
}
function isCliText(x) {
    return 'text' in x;
}
//# sourceMappingURL=args.js.map
// EXTERNAL MODULE: ./lib/plan/format.js
var format = __nccwpck_require__(97116);
;// CONCATENATED MODULE: ./lib/entry/cli/print.js



const writeJson = (body) => void process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
/** Prints the run's result on stdout: the plan JSON/table for `plan`, the whole report otherwise. */
function printReport(report, json) {
    if (json) {
        writeJson(report.command === 'plan' && report.plan ? report.plan : report);
        return;
    }
    const lines = [];
    if (report.plan)
        lines.push((0,format/* formatPlanTable */.pp)(report.plan));
    for (const p of report.phases)
        lines.push(`${p.status === 'ok' ? '✔' : p.status === 'failed' ? '✘' : '-'} ${p.name.padEnd(24)} ${String(p.ms).padStart(7)} ms${p.detail ? `  ${p.detail.split('\n')[0]}` : ''}`);
    if (report.backup)
        lines.push(`backup: ${report.backup.file} (${(0,units/* humanBytes */.p)(report.backup.size)}, sha256 ${report.backup.sha256})`);
    if (report.release)
        lines.push(`release: ${report.release}${report.previousRelease ? ` (previous: ${report.previousRelease})` : ''}`);
    lines.push(...report.notes);
    if (report.command !== 'plan' || report.result !== 'success')
        lines.push(`result: ${report.result}`);
    process.stdout.write(`${lines.join('\n')}\n`);
}
/**
 * After a failure (the error itself is already on stderr): with --json, always one JSON object
 * on stdout, `{ "error": ..., "errors": [...located problems], ...the report }`; without, the
 * report when the run got anywhere.
 */
function printFailure(report, e, json) {
    if (json) {
        const errors = e instanceof core_errors/* UserErrors */.tQ ? e.errors.map((x) => ({ message: x.message, ...x.location })) : undefined;
        writeJson({ error: report.error, ...(errors ? { errors } : {}), ...report });
        return;
    }
    if (report.phases.length > 0 || report.plan)
        printReport(report, false);
}
//# sourceMappingURL=print.js.map
;// CONCATENATED MODULE: ./lib/entry/cli/colour.js
/**
 * Whether the CLI colours its progress: never with NO_COLOR set (https://no-color.org), always
 * with FORCE_COLOR set (other than "0"), else only on a terminal. TERM=dumb means no colour.
 */
function colourEnabled(env, isTTY) {
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '')
        return false;
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0')
        return true;
    return isTTY && env.TERM !== 'dumb';
}
const CODES = { green: 32, red: 31, yellow: 33, dim: 2 };
/** Paints `text` when `on` (ANSI SGR), else returns it as it is. */
function paint(on, colour, text) {
    return on ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
//# sourceMappingURL=colour.js.map
;// CONCATENATED MODULE: ./lib/core/secret-forms.js
/**
 * The forms of a secret a log line can hold. Logs are masked line by line (the runner's masker,
 * the CLI's), so a multi-line secret (an SSH key) is only hidden when each of its lines is a secret
 * of its own: the runner does that for `secrets.*` values, not for an `add-mask` of a value that
 * reached the Action another way (a step output, an environment variable).
 */
/** The value and each of its lines, trimmed, of 8 characters or more (shorter ones would hide ordinary words); each once. */
function secretForms(value) {
    const lines = value
        .split(/\r\n|\r|\n/)
        .map((l) => l.trim())
        .filter((l) => l.length >= 8);
    return [...new Set([value, ...lines])];
}
//# sourceMappingURL=secret-forms.js.map
;// CONCATENATED MODULE: ./lib/entry/cli/reporter.js


/**
 * CLI reporter: progress on stderr (stdout stays clean for --json), phases with durations.
 * --quiet keeps warnings and errors only; --verbose adds the details (the plan table).
 */
class CliReporter {
    write;
    secrets = [];
    output = { verbosity: 'normal', colour: false };
    constructor(write = (s) => process.stderr.write(s)) {
        this.write = write;
    }
    /** Set once the flags are read (the reporter exists before, to report bad flags). */
    configure(output) {
        this.output = output;
    }
    mask(message) {
        return this.secrets.reduce((m, s) => m.split(s).join('***'), message);
    }
    say(line, colour) {
        this.write(`${colour ? paint(this.output.colour, colour, line) : line}\n`);
    }
    get quiet() {
        return this.output.verbosity === 'quiet';
    }
    async group(name, fn) {
        const start = performance.now();
        const took = () => `(${Math.round(performance.now() - start)} ms)`;
        if (!this.quiet)
            this.say(`▶ ${name}`);
        try {
            const value = await fn();
            if (!this.quiet)
                this.say(`✔ ${name} ${took()}`, 'green');
            return value;
        }
        catch (e) {
            this.say(`✘ ${name} ${took()}`, 'red');
            throw e;
        }
    }
    info(message) {
        if (!this.quiet)
            this.say(`  ${this.mask(message)}`);
    }
    detail(message) {
        if (this.output.verbosity === 'verbose')
            this.say(this.mask(message).replace(/^/gm, '  '), 'dim');
    }
    warning(message, _location) {
        this.say(`warning: ${this.mask(message)}`, 'yellow');
    }
    error(message, _location) {
        this.say(`error: ${this.mask(message)}`, 'red');
    }
    secret(value) {
        for (const form of secretForms(value))
            if (form.length >= 4)
                this.secrets.push(form);
    }
    persist() { }
}
//# sourceMappingURL=reporter.js.map
;// CONCATENATED MODULE: ./lib/entry/cli/main.js








/** CLI entry: same core as the Action; exit 0 ok, 1 failed run, 2 bad input. */
async function cliMain(argv) {
    const reporter = new CliReporter();
    const colour = colourEnabled(process.env, process.stderr.isTTY === true);
    reporter.configure({ verbosity: 'normal', colour });
    (0,interrupt/* installInterruptHandlers */.cE)((m) => reporter.warning(m));
    const report = (0,session_report/* newReport */.bQ)(core_settings/* COMMANDS */.Lo.find((c) => argv.includes(c)) ?? 'gitops-deploy');
    let text;
    const read = () => {
        const parsed = parseCli(argv, process.env);
        if (!isCliText(parsed)) {
            reporter.configure({ verbosity: parsed.verbosity ?? 'normal', colour });
            return parsed;
        }
        text = parsed;
        return null;
    };
    const { settings, failure } = await runAndFinish(read, reporter, report);
    // known before parsing, so that even a bad flag (`--json=1` too) answers in JSON
    const json = settings?.json ?? argv.some((a) => a === '--json' || a.startsWith('--json='));
    if (failure) {
        printFailure(report, failure.error, json);
        return failure.exitCode;
    }
    if (text && json && text.exitCode !== 0) {
        // a bare call: the usage went to stderr, stdout still holds one JSON object
        process.stderr.write(`${text.text}\n`);
        Object.assign(report, { result: 'failure', error: 'no command given' });
        printFailure(report, undefined, true);
        return text.exitCode;
    }
    if (text) {
        (text.exitCode === 0 ? process.stdout : process.stderr).write(`${text.text}\n`);
        return text.exitCode;
    }
    printReport(report, json);
    return 0;
}
//# sourceMappingURL=main.js.map

/***/ }),

/***/ 87928:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CW: () => (/* binding */ nothingToDeploy),
/* harmony export */   Ht: () => (/* binding */ firstDeployLines),
/* harmony export */   Lq: () => (/* binding */ planRows),
/* harmony export */   MM: () => (/* binding */ planHeadline),
/* harmony export */   eQ: () => (/* binding */ ignoredFiles),
/* harmony export */   eh: () => (/* binding */ unmatchedNotice),
/* harmony export */   lM: () => (/* binding */ isEmptyPlan)
/* harmony export */ });
/* unused harmony exports describeReason, revisionRange, plural */
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(69716);

const FILES_SHOWN = 3;
/** "python: a.py, b.py, c.py +4 more" (or the rule's detail when it has no files). */
function describeReason(reason, filesShown = FILES_SHOWN) {
    // the plan's headline says why (firstDeployLines)
    if (reason.rule === 'unknown-from' && reason.files.length === 0)
        return 'first deploy';
    if (reason.files.length === 0)
        return reason.detail ? `${reason.rule} (${reason.detail})` : reason.rule;
    const shown = reason.files.slice(0, filesShown).join(', ');
    const more = reason.files.length - filesShown;
    return `${reason.rule}: ${shown}${more > 0 ? ` +${more} more` : ''}`;
}
function reasonIndex(plan) {
    const index = new Map();
    for (const reason of plan.reasons) {
        const name = reason.task !== undefined ? `t:${reason.task}` : reason.service !== undefined ? `s:${reason.service}` : '';
        const key = `${name}\0${reason.action}`;
        const list = index.get(key);
        if (list)
            list.push(reason);
        else
            index.set(key, [reason]);
    }
    return index;
}
function actionLabel(plan, action, name) {
    if (action === 'build' && plan.reuse?.includes(name))
        return 'reuse image';
    if (action === 'build' && plan.noCache.includes(name))
        return 'build (no cache)';
    return action === 'upload' ? 'upload + restart' : action;
}
/** Services in their final list (build, recreate, restart, remove, upload order), then tasks in run order. */
function planRows(plan) {
    const index = reasonIndex(plan);
    const because = (key) => (index.get(key) ?? []).map((r) => describeReason(r)).join('; ');
    const services = [];
    const lists = [
        ['build', plan.build],
        ['recreate', plan.recreate],
        ['restart', plan.restart],
        ['remove', plan.remove],
        ['upload', plan.upload],
    ];
    for (const [action, names] of lists) {
        for (const name of names) {
            const label = actionLabel(plan, action, name);
            services.push({ name, action: label, because: because(`s:${name}\0${action}`) });
        }
    }
    const tasks = plan.tasks.map((name) => ({ name, action: 'task', because: because(`t:${name}\0task`) }));
    return { services, tasks };
}
/** Files accounted for by an ignore rule. */
function ignoredFiles(plan) {
    return [...new Set(plan.reasons.filter((r) => r.action === 'ignore').flatMap((r) => r.files))].sort();
}
/** Nothing to build, recreate, restart, remove, upload or run. */
function isEmptyPlan(plan) {
    return [plan.build, plan.recreate, plan.restart, plan.remove, plan.upload, plan.tasks].every((l) => l.length === 0);
}
/** "a1b2c3d4e5f6..0f9e8d7c6b5a", with "(unknown)" for a null from. */
function revisionRange(plan) {
    const short = (sha) => (/^[0-9a-f]{40}$/i.test(sha) ? (0,_core_text_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .Fu)(sha) : sha);
    return `${plan.from === null ? '(unknown)' : short(plan.from)}..${short(plan.to)}`;
}
/** "1 changed file", "3 changed files". */
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
const UNMATCHED_NAMED = 10;
/**
 * The deploy log's and job summary's line about unmatched files (undefined when there are none):
 * they are uploaded, but nothing is built, recreated or restarted for them.
 */
function unmatchedNotice(plan) {
    const files = plan.unmatched;
    if (files.length === 0)
        return undefined;
    const more = files.length - UNMATCHED_NAMED;
    const named = `${files.slice(0, UNMATCHED_NAMED).join(', ')}${more > 0 ? ` +${more} more` : ''}`;
    const verb = files.length === 1 ? 'matches' : 'match';
    return (`${plural(files.length, 'changed file')} ${verb} no rule and nothing in the compose model (unmatched): ${named}. ` +
        'They are uploaded, but no service is built, recreated or restarted for them; add a rule if one should be.');
}
/** "Nothing to deploy: 5 changed files (3 ignored, 2 unmatched)". */
function nothingToDeploy(plan) {
    const detail = `${ignoredFiles(plan).length} ignored, ${plan.unmatched.length} unmatched`;
    return `Nothing to deploy: ${plural(plan.changedFiles.length, 'changed file')} (${detail}), no service or task affected.`;
}
const names = (list) => (list.length > 0 ? ` (${list.join(', ')})` : '');
/**
 * What a plan without a `from` says first: that it is a first deploy, why (nothing deployed yet,
 * history rewritten, not looked up), and everything that deploy does.
 */
function firstDeployLines(plan) {
    const does = [
        `builds ${plural(plan.build.length, 'service')}${names(plan.build)}`,
        `starts ${plan.recreate.length} more${names(plan.recreate)}`,
        `runs ${plural(plan.tasks.length, 'task')}${names(plan.tasks)}`,
    ];
    return [`First deploy: ${plan.fromUnknownReason ?? 'the previous revision is unknown'}.`, `A first deploy ${does.join(', ')}.`];
}
/** The first line of a plan listing: the range, then the changed files or why it is a first deploy. */
function planHeadline(plan) {
    const what = plan.from === null ? 'planned as a first deploy' : plural(plan.changedFiles.length, 'changed file');
    return `Plan ${revisionRange(plan)}: ${what}`;
}
//# sourceMappingURL=explain.js.map

/***/ }),

/***/ 97116:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   pp: () => (/* binding */ formatPlanTable)
/* harmony export */ });
/* unused harmony exports escapeMarkdownCell, formatPlanMarkdown */
/* harmony import */ var _explain_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(87928);
/* harmony import */ var _compose_stop_grace_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(92139);



const UNMATCHED_SHOWN = 10;
function alignedTable(header, rows) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    return [line(header), ...rows.map(line)];
}
function listWithMore(title, items, shown) {
    if (items.length === 0)
        return [];
    const more = items.length - shown;
    return [`${title} (${items.length}):`, ...items.slice(0, shown).map((f) => `  ${f}`), ...(more > 0 ? [`  +${more} more`] : [])];
}
const startFirstLine = (services) => `Start-first: ${services.join(', ')} (the new container starts beside the old one, which is removed once the new one is healthy and has run for the service's overlap)`;
const stopGraceLine = (grace) => `Stop grace period (SIGTERM, then this long to finish before SIGKILL): ${Object.entries(grace)
    .map(([s, seconds]) => `${s} ${seconds}s`)
    .join(', ')}; other services ${_compose_stop_grace_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_STOP_GRACE_SECONDS */ .gI}s (Docker's default)`;
/** "Order: services, then tasks collectstatic, then nginx (a task's `before`)". */
const afterTasksLine = (plan) => `Order: the other services, then tasks ${plan.tasks.join(', ')}, then ${(plan.afterTasks ?? []).join(', ')} (held by a task's \`before\`)`;
/** Readable text plan for the CLI: services, tasks, ignored/unmatched files, warnings. */
function formatPlanTable(plan) {
    const out = [];
    out.push((0,_explain_js__WEBPACK_IMPORTED_MODULE_1__/* .planHeadline */ .MM)(plan));
    if (plan.from === null)
        out.push(...(0,_explain_js__WEBPACK_IMPORTED_MODULE_1__/* .firstDeployLines */ .Ht)(plan));
    if ((0,_explain_js__WEBPACK_IMPORTED_MODULE_1__/* .isEmptyPlan */ .lM)(plan)) {
        out.push((0,_explain_js__WEBPACK_IMPORTED_MODULE_1__/* .nothingToDeploy */ .CW)(plan));
    }
    else {
        const { services, tasks } = (0,_explain_js__WEBPACK_IMPORTED_MODULE_1__/* .planRows */ .Lq)(plan);
        const toCells = (r) => [r.name, r.action, r.because];
        if (services.length > 0)
            out.push('', ...alignedTable(['SERVICE', 'ACTION', 'BECAUSE'], services.map(toCells)));
        if (tasks.length > 0)
            out.push('', ...alignedTable(['TASK', 'BECAUSE'], tasks.map((t) => [t.name, t.because])));
    }
    if (plan.startFirst)
        out.push('', startFirstLine(plan.startFirst));
    if (plan.stopGrace)
        out.push('', stopGraceLine(plan.stopGrace));
    if (plan.afterTasks)
        out.push('', afterTasksLine(plan));
    const ignored = (0,_explain_js__WEBPACK_IMPORTED_MODULE_1__/* .ignoredFiles */ .eQ)(plan);
    if (ignored.length > 0)
        out.push('', `Ignored: ${ignored.length} file${ignored.length === 1 ? '' : 's'}`);
    const unmatched = listWithMore('Unmatched files, no effect', plan.unmatched, UNMATCHED_SHOWN);
    if (unmatched.length > 0)
        out.push('', ...unmatched);
    if (plan.warnings.length > 0)
        out.push('', 'Warnings:', ...plan.warnings.map((w) => `  ! ${w}`));
    return out.join('\n');
}
/** Escapes text for a markdown table cell (file names can contain anything). */
function escapeMarkdownCell(text) {
    return text.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
/** Markdown plan for a job summary: table, counts, unmatched files, mermaid graph files → rules → services. */
function formatPlanMarkdown(plan) {
    const out = [`### Deploy plan \`${revisionRange(plan)}\``, ''];
    if (plan.from === null) {
        const [why, does] = firstDeployLines(plan).map(escapeMarkdownCell);
        out.push(`**${why}**`, '', `${does}`, '');
    }
    if (isEmptyPlan(plan)) {
        out.push(escapeMarkdownCell(nothingToDeploy(plan)));
    }
    else {
        const { services, tasks } = planRows(plan);
        out.push('| Service / task | Action | Because |', '|---|---|---|');
        for (const row of [...services, ...tasks]) {
            out.push(`| ${escapeMarkdownCell(row.name)} | ${row.action} | ${escapeMarkdownCell(row.because)} |`);
        }
    }
    const counts = [
        plan.from === null ? 'first deploy' : plural(plan.changedFiles.length, 'changed file'),
        `${plan.build.length} build`,
        `${plan.recreate.length} recreate`,
        `${plan.restart.length} restart`,
        `${plan.remove.length} remove`,
        ...(plan.upload.length > 0 ? [`${plan.upload.length} upload + restart`] : []),
        plural(plan.tasks.length, 'task'),
        `${ignoredFiles(plan).length} ignored`,
        `${plan.unmatched.length} unmatched`,
    ];
    out.push('', counts.join(' · '));
    if (plan.startFirst)
        out.push('', escapeMarkdownCell(startFirstLine(plan.startFirst)));
    if (plan.stopGrace)
        out.push('', escapeMarkdownCell(stopGraceLine(plan.stopGrace)));
    if (plan.afterTasks)
        out.push('', escapeMarkdownCell(afterTasksLine(plan)));
    if (plan.unmatched.length > 0) {
        const shown = plan.unmatched.slice(0, 50).map((f) => `- ${escapeMarkdownCell(f)}`);
        const more = plan.unmatched.length > 50 ? [`- … +${plan.unmatched.length - 50} more`] : [];
        out.push('', `<details><summary>Unmatched files (${plan.unmatched.length})</summary>`, '', ...shown, ...more, '', '</details>');
    }
    const graph = planMermaid(plan);
    if (graph)
        out.push('', '```mermaid', graph, '```');
    return out.join('\n');
}
//# sourceMappingURL=format.js.map

/***/ }),

/***/ 31076:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ay: () => (/* binding */ timed),
/* harmony export */   bQ: () => (/* binding */ newReport),
/* harmony export */   vy: () => (/* binding */ formatRollout)
/* harmony export */ });
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(69716);
/* harmony import */ var _core_fault_point_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(53016);


const short = (id) => (id ? (0,_core_text_js__WEBPACK_IMPORTED_MODULE_1__/* .shortSha */ .Fu)(id) : 'none');
const phaseList = (phases) => phases.map((p) => `${p.name}${p.status === 'ok' ? '' : ` (${p.status})`} ${(p.ms / 1000).toFixed(1)}s`).join(', ') || '-';
/** The per-host table and the rollout timeline (markdown pipes: readable in a terminal and in the job summary). */
function formatRollout(hosts, batches) {
    const lines = ['', '| host | previous release | result | phases |', '|---|---|---|---|'];
    for (const h of hosts)
        lines.push(`| ${h.host} | ${short(h.previous)} | ${h.result}${h.detail ? `: ${h.detail.split('\n')[0]}` : ''} | ${phaseList(h.phases)} |`);
    lines.push('', 'Rollout:');
    batches.forEach((b, i) => lines.push(`- batch ${i + 1} at ${b.at}: ${b.hosts.join(', ')} (${(b.ms / 1000).toFixed(1)} s)`));
    return lines;
}
function newReport(command, target) {
    return { command, target, phases: [], result: 'success', warnings: [], notes: [] };
}
/** Runs a phase, recording its duration and outcome in the report. */
async function timed(report, name, fn) {
    const start = performance.now();
    try {
        await (0,_core_fault_point_js__WEBPACK_IMPORTED_MODULE_0__/* .faultPoint */ .J)(name);
        const value = await fn();
        report.phases.push({ name, ms: Math.round(performance.now() - start), status: 'ok' });
        return value;
    }
    catch (e) {
        report.phases.push({ name, ms: Math.round(performance.now() - start), status: 'failed', detail: e.message });
        throw e;
    }
}
//# sourceMappingURL=report.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(29069);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
