import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 879;
export const ids = [879];
export const modules = {

/***/ 62573:
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
function releaseProblems(r, i, expect) {
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
    return [...shas, ...same, ...bad('previous', true), ...result, ...imagesProblems(rec.images, i, expect)];
}
/** A compose service name (the key of `images`, the last path component of a reference). */
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** An image name as docker tags it: no option (`-`), no space, no shell or control character. */
const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/;
/** `sha256:<hex>` as docker prints it (the recorded id is never a name: `docker tag <id>` must not take another image) */
const IMAGE_ID = /^sha256:[0-9a-z][0-9a-z-]*$/;
/** `<prefix>/<service>:release-<sha12>` of a `build:` reference (the tag of the release that built it). */
const REF = /^(.+)\/([^/:]+):release-[0-9a-f]{7,12}$/;
/**
 * Problems of `releases[i].images`: each names a service, a local image name, an image id
 * (`sha256:…`; a swarm record keeps its reference as name and id) and, with `build:`, the reference a
 * rollback pulls: it must be one this tool pushes for that service, `<registry>/<repository>/<service>:release-<sha12>`
 * of the target's registry (another registry, repository or service would be pulled and run).
 */
function imagesProblems(images, i, expect) {
    if (images === undefined)
        return [];
    const at = `releases[${i}].images`;
    if (typeof images !== 'object' || images === null || Array.isArray(images))
        return [`${at} is not an object`];
    return Object.entries(images).flatMap(([sv, image]) => {
        const where = `${at}[${shown(sv)}]`;
        if (!SERVICE.test(sv))
            return [`${at} key ${shown(sv)} is not a service name`];
        if (typeof image !== 'object' || image === null)
            return [`${where} is not an object`];
        const { name, id, ref } = image;
        const problems = [];
        if (typeof name !== 'string' || !IMAGE_NAME.test(name))
            problems.push(`${where}.name ${shown(name)} is not an image name`);
        if (ref !== undefined)
            problems.push(...refProblems(ref, sv, where, expect));
        if (typeof id !== 'string' || !(IMAGE_ID.test(id) || (ref !== undefined && id === ref)))
            problems.push(`${where}.id ${shown(id)} is not an image id`);
        return problems;
    });
}
function refProblems(ref, sv, where, expect) {
    const m = typeof ref === 'string' && IMAGE_NAME.test(ref) ? REF.exec(ref) : null;
    const made = expect.refPrefix ? `${expect.refPrefix}${sv}:release-<sha12>` : `<registry>/<repository>/${sv}:release-<sha12>`;
    if (!m || m[2] !== sv || (expect.refPrefix !== undefined && `${m[1]}/` !== expect.refPrefix))
        return [`${where}.ref ${shown(ref)} is not an image this target pushes (${made})`];
    return [];
}
/**
 * Every problem of a parsed state.json (empty: it can be used): release ids, shas and `previous`
 * links that are not commit shas, unknown results, recorded images that are not the target's, and a
 * `current` that is not a recorded release.
 */
function stateProblems(data, expect = {}) {
    const problems = data.releases.flatMap((r, i) => releaseProblems(r, i, expect));
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

/***/ 17028:
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
/* harmony import */ var _state_check_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62573);
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
 * first deploy). Release ids and shas must be commit shas before any of them names a path, and
 * recorded images the target's (`expect`) before any of them is pulled or tagged.
 */
function parseState(text, target, expect = {}) {
    if (text === null)
        return emptyState(target);
    if (text.trim() === '')
        throw new Error('state.json is empty (truncated?)');
    const data = JSON.parse(text);
    if (typeof data !== 'object' || data === null || data.version !== 1 || !Array.isArray(data.releases))
        throw new Error('state.json: unsupported format');
    const problems = (0,_state_check_js__WEBPACK_IMPORTED_MODULE_0__/* .stateProblems */ .Y)(data, expect);
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

/***/ 84784:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BQ: () => (/* binding */ statePath),
/* harmony export */   Ip: () => (/* binding */ loadHostState),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   ZM: () => (/* binding */ stateReadScript),
/* harmony export */   r9: () => (/* binding */ stateText)
/* harmony export */ });
/* unused harmony exports loadState, imagesExpect */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3828);
/* harmony import */ var _transport_remote_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(96037);
/* harmony import */ var _state_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17028);
/* harmony import */ var _config_build_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(66906);




const statePath = (deployPath) => `${deployPath}/.deploy/state.json`;
/** Script (pure) of the state read: what loadState takes as `sent` when it went in another round trip. */
function stateReadScript(deployPath) {
    return (0,_transport_remote_files_js__WEBPACK_IMPORTED_MODULE_3__/* .readRemoteScript */ .em)(statePath(deployPath));
}
async function loadState(exec, deployPath, target, sent, expect = {}) {
    const text = await (0,_transport_remote_files_js__WEBPACK_IMPORTED_MODULE_3__/* .readRemote */ .Zz)(exec, statePath(deployPath), sent);
    try {
        return (0,_state_model_js__WEBPACK_IMPORTED_MODULE_1__/* .parseState */ .Bu)(text, target, expect);
    }
    catch (e) {
        // moved aside, the next deploy would be a first deploy: it keeps the release directories, but rollback forgets them
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${statePath(deployPath)} is corrupt (${e.message}) (state.json corrupt or edited by hand?); fix it by hand or restore a copy (without it the next deploy is a first deploy: the releases it records are forgotten); nothing was changed`);
    }
}
/** What the images a target's state records must be: with `build:`, references under `<registry>/<repository>/`. */
function imagesExpect(s) {
    const build = 'build' in s.target ? s.target.build : undefined;
    const repository = build ? (0,_config_build_js__WEBPACK_IMPORTED_MODULE_2__/* .buildRepository */ .lF)(build, s.config.compose.project) : undefined;
    return build && repository ? { refPrefix: `${build.registry}/${repository}/` } : {};
}
/** The state of a session's host (its target's images checked, imagesExpect). */
const loadHostState = (h, sent) => loadState(h.conn.exec, h.target.path, h.targetName, sent, imagesExpect(h));
/** The text of state.json. */
const stateText = (state) => `${JSON.stringify(state, null, 2)}\n`;
async function saveState(exec, deployPath, state) {
    await (0,_transport_remote_files_js__WEBPACK_IMPORTED_MODULE_3__/* .writeRemoteAtomic */ .rq)(exec, statePath(deployPath), stateText(state));
}
//# sourceMappingURL=state-store.js.map

/***/ }),

/***/ 3434:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ passengerPaths),
/* harmony export */   E: () => (/* binding */ PASSENGER_STARTUP_FILE)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _sync_layout_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58901);
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
        pipStage: `${target.path}/.deploy/pip-stage`,
        publicHtmlSnapshot: `${target.path}/.deploy/public_html.previous`,
        frontendOf: (id) => `${target.path}/.deploy/frontend/${id}`,
        frontends: `${target.path}/.deploy/frontend`,
    };
}
//# sourceMappingURL=paths.js.map

/***/ }),

/***/ 85471:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $: () => (/* binding */ changedPipInputs)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/git/blobs.js
var blobs = __webpack_require__(12592);
;// CONCATENATED MODULE: ./lib/strategies/passenger/pip-inputs.js
/**
 * What pip reads besides the requirements file (pure): the files it includes (`-r`/`--requirement`,
 * `-c`/`--constraint`) and the local `--find-links` directories (of the file or of `pip_args`). A
 * change to one of them changes what `pip install -r` installs, as a change to the file itself does.
 */

const OPTION = /^(-r|--requirement|-c|--constraint|-f|--find-links)(?:\s*=\s*|\s+)(\S+)$/;
const SHORT_GLUED = /^(-r|-c|-f)(\S+)$/;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
/** The option and its value of one logical line, if it is one of those pip reads files through. */
function optionOf(line) {
    const m = OPTION.exec(line) ?? SHORT_GLUED.exec(line);
    return m ? [m[1], m[2]] : undefined;
}
/** The refs of a requirements file's text (comments and `\` continuations as pip reads them). */
function requirementRefs(text) {
    const refs = { includes: [], findLinks: [] };
    const joined = text.replace(/\\\r?\n/g, ' ');
    for (const raw of joined.split(/\r?\n/)) {
        const found = optionOf(raw.replace(/(^|\s)#.*$/, '').trim());
        if (!found || URL.test(found[1]))
            continue;
        const [option, value] = found;
        const list = /^(-f|--find-links)$/.test(option) ? refs.findLinks : refs.includes;
        list.push(value.replace(/^file:(\/\/)?/, ''));
    }
    return refs;
}
/** The local `--find-links` paths of `pip_args`. */
function pipArgsFindLinks(args) {
    const found = [];
    args.forEach((arg, i) => {
        const value = /^(-f|--find-links)$/.test(arg) ? args[i + 1] : /^--find-links=(.+)$/.exec(arg)?.[1];
        if (value !== undefined && !URL.test(value))
            found.push(value);
    });
    return found;
}
/** A path named relative to `dir` (repo-relative), or undefined when it leaves the repository or is absolute. */
function repoPath(dir, name) {
    if (name.startsWith('/'))
        return undefined;
    const p = external_node_path_.posix.normalize(external_node_path_.posix.join(dir, name)).replace(/\/$/, '');
    return p === '..' || p.startsWith('../') ? undefined : p;
}
/** The changed files under `inputs` (files, or directories whose files pip reads). */
function changedInputs(changed, inputs) {
    return changed.filter((f) => inputs.some((i) => f === i || f.startsWith(`${i}/`))).sort();
}
//# sourceMappingURL=pip-inputs.js.map
// EXTERNAL MODULE: ./lib/strategies/passenger/tasks.js
var tasks = __webpack_require__(90732);
;// CONCATENATED MODULE: ./lib/strategies/passenger/pip-inputs-read.js
/**
 * The changed files pip reads besides the requirements file, read from git at both commits of a
 * plan (pip-inputs.ts): what it includes (followed to any depth) and the local find-links
 * directories. Runner-side only; nothing on the host.
 */




const defined = (p) => p !== undefined;
/** Every file or directory pip may read, at either commit (the requirements file itself left out). */
async function pipInputs(repo, shas, target) {
    const root = (0,tasks/* requirementsPath */.SR)(target);
    const inputs = new Set(pipArgsFindLinks(target.pip_args ?? [])
        .map((n) => repoPath(target.app_root, n))
        .filter(defined));
    const seen = new Set([root]);
    for (let level = [root]; level.length > 0;) {
        const texts = await (0,blobs/* readBlobs */.b4)(repo, level.flatMap((path) => shas.map((sha) => ({ sha, path }))));
        const next = [];
        texts.forEach((text, i) => {
            const dir = external_node_path_.posix.dirname(level[Math.floor(i / shas.length)]);
            const refs = requirementRefs(text ?? '');
            for (const p of refs.includes.map((n) => repoPath(dir, n)).filter(defined)) {
                inputs.add(p);
                if (!seen.has(p))
                    next.push(p);
                seen.add(p);
            }
            // pip reads a relative find-links of a requirements file from its directory, else from the working directory
            for (const base of [dir, target.app_root])
                refs.findLinks
                    .map((n) => repoPath(base, n))
                    .filter(defined)
                    .forEach((p) => inputs.add(p));
        });
        level = next;
    }
    inputs.delete(root);
    return [...inputs];
}
/** The plan's changed files that pip reads besides the requirements file (none on a first deploy). */
async function changedPipInputs(repo, plan, target) {
    if (plan.from === null || plan.changedFiles.length === 0)
        return [];
    return changedInputs(plan.changedFiles, await pipInputs(repo, [plan.from, plan.to], target));
}
//# sourceMappingURL=pip-inputs-read.js.map

/***/ }),

/***/ 25004:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FG: () => (/* binding */ planOnHost)
/* harmony export */ });
/* unused harmony exports hostFactsScript, parseHostFacts */
/* harmony import */ var _sync_layout_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(58901);
/* harmony import */ var _python_scripts_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(26395);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3434);
/* harmony import */ var _steps_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(86789);




/** Script (pure): the host facts the plan needs, in one round trip: `yes`/`no` (the venv), then `dangling` when `current` points to no directory. */
function hostFactsScript(paths) {
    return [(0,_python_scripts_js__WEBPACK_IMPORTED_MODULE_3__/* .venvCheckScript */ .ln)(paths.venv), ...(paths.releases ? [(0,_sync_layout_js__WEBPACK_IMPORTED_MODULE_0__/* .danglingCurrentScript */ .Ht)(paths.layout)] : [])].join('\n');
}
/** What hostFactsScript printed. */
function parseHostFacts(stdout) {
    const lines = stdout.split('\n').map((l) => l.trim());
    return { venvExists: lines.includes('yes'), liveMissing: lines.includes('dangling') };
}
async function planOnHost(exec, target, config, planned, pipInputs = []) {
    const facts = parseHostFacts((await exec.sh(hostFactsScript((0,_paths_js__WEBPACK_IMPORTED_MODULE_1__/* .passengerPaths */ .D)(target)))).stdout);
    const taskOrder = Object.keys(config.tasks);
    const steps = (0,_steps_js__WEBPACK_IMPORTED_MODULE_2__/* .decideSteps */ .yy)(planned, { venvExists: facts.venvExists, hasFrontend: target.frontend !== undefined, taskOrder, pipInputs });
    return { plan: (0,_steps_js__WEBPACK_IMPORTED_MODULE_2__/* .planWithLiveRestored */ .CX)((0,_steps_js__WEBPACK_IMPORTED_MODULE_2__/* .planWithSteps */ .lA)(planned, steps, taskOrder), facts.liveMissing), steps };
}
//# sourceMappingURL=plan-on-host.js.map

/***/ }),

/***/ 26395:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ln: () => (/* binding */ venvCheckScript),
/* harmony export */   mh: () => (/* binding */ pipInstallScript),
/* harmony export */   t6: () => (/* binding */ hostTaskScript)
/* harmony export */ });
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41917);
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

/***/ 86789:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CX: () => (/* binding */ planWithLiveRestored),
/* harmony export */   lA: () => (/* binding */ planWithSteps),
/* harmony export */   tD: () => (/* binding */ changed),
/* harmony export */   yy: () => (/* binding */ decideSteps)
/* harmony export */ });
/* unused harmony export LIVE_MISSING_DETAIL */
/* harmony import */ var _tasks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90732);

function filesOf(plan, task) {
    return [...new Set(plan.reasons.filter((r) => r.task === task).flatMap((r) => r.files))].sort();
}
/** `a, b, c (+N more) changed` */
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
/** pip: the venv missing, the requirements file changed (planned), or a file it reads through it or pip_args. */
function decidePip(plan, facts) {
    if (!facts.venvExists)
        return { run: true, why: 'the virtualenv is missing' };
    const planned = decide(plan, _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .PIP_TASK */ .uh, 'requirements unchanged since the deployed revision');
    const inputs = [...(facts.pipInputs ?? [])];
    if (planned.run || inputs.length === 0)
        return planned;
    return { run: true, why: `${changed(inputs)} (read by pip through the requirements file or pip_args)`, inputs };
}
/**
 * pip runs when the requirements (or a file pip reads through them) changed, on a first deploy, or when the venv is missing; user tasks
 * and the frontend as planned, or all of them on a first deploy (unknown `from`).
 */
function decideSteps(plan, facts) {
    const pip = decidePip(plan, facts);
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
        const pip = task === _tasks_js__WEBPACK_IMPORTED_MODULE_0__/* .PIP_TASK */ .uh && plan.from !== null;
        const rule = pip ? (steps.pip.inputs ? 'pip-inputs' : 'venv-missing') : 'unknown-from';
        const detail = pip ? steps.pip.why : 'first deploy: every step runs';
        reasons.push({ task, action: 'task', rule, files: (pip && steps.pip.inputs) || [], detail });
    }
    const tasks = taskOrder.filter((t) => running.has(t));
    const upload = uploadWithSteps(plan, tasks);
    return { ...plan, tasks, upload: upload.upload, reasons: [...reasons, ...upload.reasons] };
}
//# sourceMappingURL=steps.js.map

/***/ }),

/***/ 90732:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C3: () => (/* binding */ APP_NAME),
/* harmony export */   SR: () => (/* binding */ requirementsPath),
/* harmony export */   _S: () => (/* binding */ userTasks),
/* harmony export */   ak: () => (/* binding */ plannerConfigFor),
/* harmony export */   rW: () => (/* binding */ FRONTEND_TASK),
/* harmony export */   t5: () => (/* binding */ passengerPlannerConfig),
/* harmony export */   uh: () => (/* binding */ PIP_TASK)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _config_rules_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(92853);
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

/***/ 58901:
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
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(41917);


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

/***/ 96037:
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
/* harmony import */ var _quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(41917);

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

//# sourceMappingURL=879.index.js.map