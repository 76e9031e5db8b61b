import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 944;
export const ids = [944];
export const modules = {

/***/ 76345:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ parseComposeServices),
  A: () => (/* binding */ serviceNameProblem)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(69716);
// EXTERNAL MODULE: ./lib/compose/values.js
var values = __webpack_require__(78988);
;// CONCATENATED MODULE: ./lib/compose/normalize.js

/** Keys whose list form ("KEY=value" / "KEY") is equivalent to a mapping. */
const KEY_VALUE_KEYS = ['environment', 'labels', 'annotations', 'sysctls'];
const BUILD_KEY_VALUE_KEYS = ['args', 'labels', 'additional_contexts'];
/** Keys whose single-string form is a one-item list. */
const STRING_OR_LIST_KEYS = ['env_file', 'dns', 'dns_search', 'tmpfs'];
/**
 * Rewrites the equivalent short forms of a service definition into one canonical form, so that
 * merging and diffing see `build: ..` and `build: {context: ..}` (or `environment: [A=1]` and
 * `environment: {A: "1"}`) as the same thing:
 * - `build: <string>` → `build: {context: <string>}`
 * - `env_file`, `dns`, `dns_search`, `tmpfs`: `<string>` → `[<string>]`
 * - list-form `environment`, `labels`, `annotations`, `sysctls`, `build.args`, `build.labels`,
 *   `build.additional_contexts` → mappings
 *   ("KEY=value" → KEY: "value", "KEY" → KEY: null)
 * - list-form `depends_on` → a mapping of each name to `{condition: service_started}`, as compose reads it
 * - list-form `networks` → a mapping of each name to null; list-form `extra_hosts` ("host:ip" or
 *   "host=ip") → a mapping of host to ip
 * (compose merges a list form in one file with the mapping form in another: replacing one by the
 * other would lose the entries of the first, and a change to them).
 */
function normalizeService(def) {
    const out = { ...def };
    // a value under `!reset`/`!override` (values.ts) is normalized under its tag
    if ('build' in out)
        out.build = (0,values/* underTag */.pl)(out.build, normalizeBuild);
    for (const key of STRING_OR_LIST_KEYS)
        if (key in out)
            out[key] = (0,values/* underTag */.pl)(out[key], (v) => (typeof v === 'string' ? [v] : v));
    if ('networks' in out)
        out.networks = (0,values/* underTag */.pl)(out.networks, (v) => (Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), null])) : v));
    if ('depends_on' in out)
        out.depends_on = (0,values/* underTag */.pl)(out.depends_on, (v) => Array.isArray(v) ? Object.fromEntries(v.map((n) => [String(n), { condition: 'service_started' }])) : v);
    if ('extra_hosts' in out)
        out.extra_hosts = (0,values/* underTag */.pl)(out.extra_hosts, (v) => (Array.isArray(v) ? hostsToMap(v) : v));
    return normalizeKeyValues(out, KEY_VALUE_KEYS);
}
/** `["db:10.0.0.1", "cache=10.0.0.2"]` → `{db: "10.0.0.1", cache: "10.0.0.2"}` (the host is before the first `=`, else the first `:`). */
function hostsToMap(list) {
    return Object.fromEntries(list.map((item) => {
        const text = String(item);
        const at = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
        return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
    }));
}
function normalizeBuild(build) {
    const map = typeof build === 'string' ? { context: build } : build;
    return (0,values/* isPlainMap */.nK)(map) ? normalizeKeyValues(map, BUILD_KEY_VALUE_KEYS) : map;
}
function normalizeKeyValues(map, keys) {
    const out = { ...map };
    for (const key of keys) {
        if (key in out)
            out[key] = (0,values/* underTag */.pl)(out[key], (value) => (Array.isArray(value) ? listToMap(value) : value));
    }
    return out;
}
function listToMap(list) {
    const out = {};
    for (const item of list) {
        const text = String(item);
        const eq = text.indexOf('=');
        if (eq < 0)
            out[text] = null;
        else
            out[text.slice(0, eq)] = text.slice(eq + 1);
    }
    return out;
}
//# sourceMappingURL=normalize.js.map
// EXTERNAL MODULE: ./lib/compose/interpolate.js
var interpolate = __webpack_require__(33659);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/compose/dotenv.js
var dotenv = __webpack_require__(46408);
// EXTERNAL MODULE: ./lib/compose/paths.js
var compose_paths = __webpack_require__(28920);
;// CONCATENATED MODULE: ./lib/compose/include-refs.js
/** The entries of a top-level `include` (compose 2.20+), as repo-relative files. */





/** The entries of `include` in `from` (short form, or `{path: one or a list, project_directory?, env_file?: one or a list}`). */
function parseInclude(from, value) {
    const dir = external_node_path_.posix.dirname(from);
    const wrong = () => new errors/* UserError */.yo(`${from}: "include" must be a list of paths or of {path, project_directory?, env_file?}`, { file: from });
    if (!Array.isArray(value))
        throw wrong();
    return value.flatMap((entry) => {
        const long = (0,values/* isPlainMap */.nK)(entry);
        const paths = long ? entry.path : entry;
        const list = Array.isArray(paths) ? paths : [paths];
        if (list.length === 0 || !list.every((p) => typeof p === 'string' && p !== ''))
            throw wrong();
        const project = long ? entry.project_directory : undefined;
        if (project !== undefined && typeof project !== 'string')
            throw wrong();
        const envFile = long ? entry.env_file : undefined;
        const envList = envFile === undefined ? undefined : Array.isArray(envFile) ? envFile : [envFile];
        if (envList !== undefined && !envList.every((p) => typeof p === 'string' && p !== ''))
            throw wrong();
        return list.map((p) => {
            const path = (0,compose_paths/* toRepoPath */.xD)(dir, p);
            const projectDir = project === undefined ? external_node_path_.posix.dirname(path) : (0,compose_paths/* toRepoPath */.xD)(dir, project);
            const envFiles = envList === undefined ? [(0,dotenv/* composeDotEnvPath */.i)(projectDir)] : envList.map((e) => (0,compose_paths/* toRepoPath */.xD)(dir, e));
            return { from, path, projectDir, envFiles };
        });
    });
}
//# sourceMappingURL=include-refs.js.map
;// CONCATENATED MODULE: ./lib/compose/yaml-tags.js


const TAGS = { '!reset': 'reset', '!override': 'override' };
/**
 * Replaces, in place, every node of `doc` tagged `!reset` or `!override` (compose 2.24+; `yaml`
 * alone would read them as untagged values, a scalar as a string) by a scalar whose value is a
 * Tagged (values.ts) holding the node's value; tags inside one are replaced first. A tag in an
 * anchored node is dropped: compose applies it where the anchor is written (an `x-` extension, say),
 * never where an alias or a `<<` merge key repeats it.
 */
function readComposeTags(doc) {
    const replace = {
        Node(_key, node, path) {
            const tag = node.tag === undefined ? undefined : TAGS[node.tag];
            if (tag === undefined)
                return undefined;
            node.tag = undefined;
            // under an anchor, the tag applies where the anchor is, which compose reads as plain values
            if (node.anchor || path.some((p) => (0,dist/* isNode */.Ll)(p) && p.anchor))
                return undefined;
            (0,dist/* visit */.YR)(node, replace);
            const value = tag === 'reset' ? null : (0,dist/* isNode */.Ll)(node) ? node.toJS(doc, { maxAliasCount: 1000 }) : node;
            const scalar = new dist/* Scalar */.X5(new values/* Tagged */.d2(tag, value));
            if (node.anchor)
                scalar.anchor = node.anchor;
            return scalar;
        },
    };
    (0,dist/* visit */.YR)(doc, replace);
}
//# sourceMappingURL=yaml-tags.js.map
;// CONCATENATED MODULE: ./lib/compose/document.js








/**
 * Parses one compose file: YAML 1.2 with `<<` merge keys; anchors/aliases resolve natively; the
 * `!reset`/`!override` tags are kept as Tagged values for the merges (yaml-tags.ts). The
 * services' values are interpolated with `vars` (interpolate.ts), per file before any merge as
 * compose does; what cannot be resolved stays raw and is added to `unresolved`. With `fileSources`,
 * the top-level `configs`/`secrets` that have a `file:` are added to it (a later file wins, as in a
 * merge); with `includes`, the entries of a top-level `include` (include.ts) are added to it.
 * Throws a UserError naming the file (and line) for invalid YAML, a malformed `services` section,
 * or an `include` where none is expected.
 */
function parseComposeServices(path, content, vars = {}, unresolved = new Set(), fileSources, includes) {
    const doc = (0,dist/* parseDocument */.Tp)(content, { merge: true, prettyErrors: true });
    const error = doc.errors[0];
    if (error) {
        const line = error.linePos?.[0]?.line;
        throw new errors/* UserError */.yo(`${path}: invalid YAML: ${error.message}`, { file: path, line });
    }
    readComposeTags(doc);
    const root = doc.toJS({ maxAliasCount: 1000 });
    if (root === null || root === undefined)
        return {};
    if (!(0,values/* isPlainMap */.nK)(root))
        throw new errors/* UserError */.yo(`${path}: a compose file must be a mapping at the top level`, { file: path });
    if (root.include !== undefined) {
        if (!includes)
            throw includeUnsupported(path);
        includes.push(...parseInclude(path, (0,interpolate/* interpolateTree */.e)(root.include, vars, unresolved)));
    }
    if (fileSources)
        collectFileSources((0,interpolate/* interpolateTree */.e)({ configs: root.configs, secrets: root.secrets }, vars, unresolved), vars, fileSources);
    const services = (0,interpolate/* interpolateTree */.e)(root.services, vars, unresolved);
    if (services === undefined || services === null)
        return {};
    if (!(0,values/* isPlainMap */.nK)(services))
        throw new errors/* UserError */.yo(`${path}: "services" must be a mapping of service names to definitions`, { file: path });
    const out = {};
    for (const [name, def] of Object.entries(services)) {
        checkServiceName(path, name);
        if (!(0,values/* isPlainMap */.nK)(def)) {
            throw new errors/* UserError */.yo(`${path}: service "${name}" must be a mapping, got ${describe(def)}`, { file: path });
        }
        out[name] = normalizeService(def);
    }
    return out;
}
/**
 * Why a compose service name cannot be deployed, or undefined: a deploy passes service names to
 * compose as arguments (build, up, restart), so a name compose accepts but a deploy could not pass
 * (leading "-" or ".", a space) is refused while planning, before the host is touched.
 */
function serviceNameProblem(name) {
    if (core_text/* NAME_PATTERN */.Vh.test(name))
        return undefined;
    return `service name ${JSON.stringify(name)} cannot be deployed (expected a name matching ${core_text/* NAME_PATTERN */.Vh.source})`;
}
function collectFileSources(top, vars, out) {
    if (!(0,values/* isPlainMap */.nK)(top))
        return;
    for (const kind of ['configs', 'secrets']) {
        const section = top[kind];
        if (!(0,values/* isPlainMap */.nK)(section))
            continue;
        for (const [name, def] of Object.entries(section)) {
            if (!(0,values/* isPlainMap */.nK)(def))
                continue;
            if (typeof def.file === 'string' && def.file !== '')
                out.set(`${kind}.${name}`, { file: def.file, ...(typeof def.name === 'string' && def.name !== '' ? { name: def.name } : {}) });
            else if (def.content !== undefined)
                out.set(`${kind}.${name}`, { inline: { content: def.content } });
            else if (typeof def.environment === 'string')
                out.set(`${kind}.${name}`, { inline: { environment: Object.hasOwn(vars, def.environment) ? vars[def.environment] : null } });
        }
    }
}
function includeUnsupported(path) {
    return new errors/* UserError */.yo(`${path}: "include" is not supported in a file read for "extends"`, { file: path });
}
function checkServiceName(path, name) {
    const problem = serviceNameProblem(name);
    if (problem)
        throw new errors/* UserError */.yo(`${path}: ${problem}`, { file: path });
}
function describe(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a sequence';
    return `a ${typeof value}`;
}
//# sourceMappingURL=document.js.map

/***/ }),

/***/ 46408:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ parseDotEnv),
/* harmony export */   i: () => (/* binding */ composeDotEnvPath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var _interpolate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(33659);
/**
 * The compose project's `.env` (compose reads it from the project directory, which our compose
 * invocations pin with `--project-directory <compose.directory>`), parsed like compose's dotenv:
 * `KEY=value` lines, `#` comments, an optional `export ` prefix; 'single quotes' are literal,
 * "double quotes" take the escapes \n \t \\ \" and interpolation, an unquoted value ends at ` #`
 * and is interpolated; earlier keys feed later values. A line without `=` (which compose fills
 * from the shell) sets nothing. Values span one line.
 */


const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;
const ESCAPES = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', $: '$$' };
/** Repo-relative path of the `.env` that feeds interpolation. */
function composeDotEnvPath(directory) {
    return node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(directory, '.env'));
}
function doubleQuoted(rest) {
    let out = '';
    for (let i = 0; i < rest.length && rest[i] !== '"'; i++) {
        const c = rest[i];
        if (c === '\\' && i + 1 < rest.length)
            out += ESCAPES[rest[++i]] ?? `\\${rest[i]}`;
        else
            out += c;
    }
    return out;
}
function valueOf(raw, vars, unresolved) {
    if (raw.startsWith("'")) {
        const end = raw.indexOf("'", 1);
        return end < 0 ? raw.slice(1) : raw.slice(1, end);
    }
    if (raw.startsWith('"'))
        return (0,_interpolate_js__WEBPACK_IMPORTED_MODULE_1__/* .interpolate */ .G)(doubleQuoted(raw.slice(1)), vars, unresolved);
    const comment = raw.search(/\s#/);
    return (0,_interpolate_js__WEBPACK_IMPORTED_MODULE_1__/* .interpolate */ .G)((comment < 0 ? raw : raw.slice(0, comment)).trim(), vars, unresolved);
}
/** Variables of a `.env` text (see the module comment); `unresolved` collects what could not be interpolated. */
function parseDotEnv(content, unresolved = new Set()) {
    const vars = {};
    for (const line of content.split(/\r?\n/)) {
        const m = LINE.exec(line);
        if (!m || line.trimStart().startsWith('#'))
            continue;
        vars[m[1]] = valueOf(m[2], vars, unresolved);
    }
    return vars;
}
//# sourceMappingURL=dotenv.js.map

/***/ }),

/***/ 33659:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ interpolate),
/* harmony export */   e: () => (/* binding */ interpolateTree)
/* harmony export */ });
/* harmony import */ var _values_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78988);
/**
 * Compose variable interpolation (compose spec, "Interpolation"), pure: `$VAR`, `${VAR}`,
 * `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`,
 * nested (`${A:-${B}}`), `$$` for a literal `$`; a `$` not followed by a name or `{` stays as is.
 * Only the variables given (the project's `.env`) are used, never this process's environment.
 * Where compose would stop with an error (`?` with the variable missing, a malformed `${...}`),
 * the expression is kept as written and reported in `unresolved`: the planner then compares the
 * raw text (a changed expression still counts as a change).
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;
/** Index of the `}` closing the `${` whose body starts at `start`, or -1. */
function closingBrace(text, start) {
    let depth = 1;
    for (let i = start; i < text.length; i++) {
        if (text[i] === '$' && text[i + 1] === '$')
            i++;
        else if (text[i] === '$' && text[i + 1] === '{') {
            depth++;
            i++;
        }
        else if (text[i] === '}' && --depth === 0)
            return i;
    }
    return -1;
}
/** The value of one braced expression's body ("VAR:-default"), or undefined when unresolved. */
function braced(body, vars, unresolved) {
    const m = BRACED.exec(body);
    if (!m)
        return undefined;
    const [, name, op, word = ''] = m;
    const set = Object.hasOwn(vars, name);
    const value = set ? vars[name] : '';
    const present = op?.startsWith(':') ? value !== '' : set;
    switch (op) {
        case undefined:
            return value;
        case ':-':
        case '-':
            return present ? value : interpolate(word, vars, unresolved);
        case ':?':
        case '?':
            return present ? value : undefined;
        default: // ':+' and '+'
            return present ? interpolate(word, vars, unresolved) : '';
    }
}
/** Interpolates one string; expressions it cannot resolve are kept raw and added to `unresolved`. */
function interpolate(text, vars, unresolved) {
    let out = '';
    let i = 0;
    while (i < text.length) {
        const dollar = text.indexOf('$', i);
        if (dollar < 0)
            return out + text.slice(i);
        out += text.slice(i, dollar);
        const next = text[dollar + 1];
        if (next === '$') {
            out += '$';
            i = dollar + 2;
        }
        else if (next === '{') {
            const end = closingBrace(text, dollar + 2);
            const raw = end < 0 ? text.slice(dollar) : text.slice(dollar, end + 1);
            const value = end < 0 ? undefined : braced(text.slice(dollar + 2, end), vars, unresolved);
            if (value === undefined)
                unresolved.add(raw);
            out += value ?? raw;
            i = dollar + raw.length;
        }
        else {
            const name = NAME.exec(text.slice(dollar + 1))?.[0];
            out += name === undefined ? '$' : Object.hasOwn(vars, name) ? vars[name] : '';
            i = dollar + 1 + (name?.length ?? 0);
        }
    }
    return out;
}
/** Interpolates every string value (never a mapping key) of a plain YAML value. */
function interpolateTree(value, vars, unresolved) {
    if (typeof value === 'string')
        return interpolate(value, vars, unresolved);
    if (Array.isArray(value))
        return value.map((v) => interpolateTree(v, vars, unresolved));
    if (value instanceof _values_js__WEBPACK_IMPORTED_MODULE_0__/* .Tagged */ .d2)
        return new _values_js__WEBPACK_IMPORTED_MODULE_0__/* .Tagged */ .d2(value.tag, interpolateTree(value.value, vars, unresolved));
    if (!(0,_values_js__WEBPACK_IMPORTED_MODULE_0__/* .isPlainMap */ .nK)(value))
        return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, vars, unresolved)]));
}
//# sourceMappingURL=interpolate.js.map

/***/ }),

/***/ 28920:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fd: () => (/* binding */ normalizePath),
/* harmony export */   uN: () => (/* binding */ isRemoteContext),
/* harmony export */   uv: () => (/* binding */ rebasePath),
/* harmony export */   xD: () => (/* binding */ toRepoPath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);

/** Outside-the-repo paths (absolute, home-relative) are kept as written. */
function isUnanchored(p) {
    return p.startsWith('/') || p.startsWith('~');
}
/** A build context that is a URL (git repository, tarball), not a directory. */
function isRemoteContext(context) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@');
}
/** Normalized POSIX path without trailing slash; "." for the root. */
function normalizePath(p) {
    const n = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.normalize(p === '' ? '.' : p);
    return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}
/**
 * Resolves a path written in a compose file (relative to `directory`, itself repo-relative) to a
 * repo-relative path ("." = root, may start with "../"). Absolute and "~" paths are kept as is.
 */
function toRepoPath(directory, p) {
    if (isUnanchored(p))
        return normalizePath(p);
    return normalizePath(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(directory, p));
}
/** A deep fake root, so that posix.relative works on repo-relative paths that start with "../". */
const FAKE_ROOT = '/r/r/r/r/r/r/r/r/r/r/r/r/r/r/r/r';
/** Rewrites a path relative to `fromDir` so that it means the same thing relative to `toDir`. */
function rebasePath(p, fromDir, toDir) {
    if (isUnanchored(p) || isRemoteContext(p))
        return p;
    const target = node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(FAKE_ROOT, fromDir, p);
    return node_path__WEBPACK_IMPORTED_MODULE_0__.posix.relative(node_path__WEBPACK_IMPORTED_MODULE_0__.posix.join(FAKE_ROOT, toDir), target) || '.';
}
//# sourceMappingURL=paths.js.map

/***/ }),

/***/ 78988:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GV: () => (/* binding */ untagged),
/* harmony export */   bD: () => (/* binding */ deepEqual),
/* harmony export */   d2: () => (/* binding */ Tagged),
/* harmony export */   dj: () => (/* binding */ canonicalJson),
/* harmony export */   nK: () => (/* binding */ isPlainMap),
/* harmony export */   pl: () => (/* binding */ underTag)
/* harmony export */ });
/** Small helpers over plain YAML/JSON values (what `yaml`'s toJS produces). */
function isPlainMap(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tagged);
}
/**
 * A value under compose's `!reset` (the key is removed from what it merges onto) or `!override`
 * (the value replaces, instead of merging with, what it merges onto) YAML tag (document.ts reads
 * them; merge.ts applies them; `untagged` drops what is left once every merge is done).
 */
class Tagged {
    tag;
    value;
    constructor(tag, value) {
        this.tag = tag;
        this.value = value;
    }
}
/** `value` without tags: a `!reset` entry of a mapping is left out, an `!override` value is the value. */
function untagged(value) {
    if (value instanceof Tagged)
        return value.tag === 'reset' ? undefined : untagged(value.value);
    if (Array.isArray(value))
        return value.map(untagged);
    if (!isPlainMap(value))
        return value;
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v instanceof Tagged && v.tag === 'reset' ? [] : [[k, untagged(v)]])));
}
/** `fn` applied to `value`, or to the value under its tag (the tag kept). */
function underTag(value, fn) {
    return value instanceof Tagged ? new Tagged(value.tag, fn(value.value)) : fn(value);
}
/** Key-order-insensitive deep equality of plain values (arrays stay ordered). */
function deepEqual(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a)) {
        return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
    }
    if (!isPlainMap(a) || !isPlainMap(b))
        return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length)
        return false;
    return keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}
/** A canonical JSON text (object keys sorted), usable as an identity key for plain values. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (isPlainMap(value)) {
        const keys = Object.keys(value).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
//# sourceMappingURL=values.js.map

/***/ }),

/***/ 82893:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ runGit),
/* harmony export */   c: () => (/* binding */ gitAt)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var _core_secret_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(58737);


/** Runs `git <args>` in `dir` (no shell, nothing on stdin, without the deploy's secrets in its environment): its standard output. A non-zero exit rejects with git's standard error. */
function runGit(dir, args) {
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: (0,_core_secret_env_js__WEBPACK_IMPORTED_MODULE_1__/* .withoutSecrets */ .c)() });
        const out = [];
        const err = [];
        child.stdout.on('data', (b) => out.push(b));
        child.stderr.on('data', (b) => err.push(b));
        child.on('error', reject);
        child.on('close', (code) => {
            if (code === 0)
                resolve(Buffer.concat(out));
            else
                reject(new Error(`git ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
        });
    });
}
/** One Git per directory: what it read once (once.ts) serves every caller that opens the same repository. */
const gits = new Map();
/**
 * The git of the work tree at `dir` (an absolute path): each command its own process, started at
 * once (loading no library: the plan's cold start); the same object for the same directory.
 */
function gitAt(dir) {
    let git = gits.get(dir);
    if (!git)
        gits.set(dir, (git = { raw: async (args) => (await runGit(dir, args)).toString('utf8') }));
    return git;
}
//# sourceMappingURL=run.js.map

/***/ }),

/***/ 1550:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FV: () => (/* binding */ assertControlDir),
/* harmony export */   XD: () => (/* binding */ noShortTempDirError),
/* harmony export */   jk: () => (/* binding */ RUN_DIR_PREFIX),
/* harmony export */   kZ: () => (/* binding */ CONTROL_SOCKET_NAME),
/* harmony export */   l3: () => (/* binding */ usableTempBases)
/* harmony export */ });
/* unused harmony exports sunPathLimit, controlSocketBytes, controlDirProblem, maxTempBaseBytes, tempBaseProblem */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3828);
/**
 * Unix socket paths for the OpenSSH ControlMaster (pure). A socket path must fit in sun_path
 * (108 bytes on Linux, 104 on macOS and the BSDs, NUL included), and ssh first binds the control
 * socket under a temporary name, `<ControlPath>.<16 random chars>`, before renaming it: that longer
 * name is the one that must fit. With a long TMPDIR (self-hosted runners) the run directory moves to
 * a shorter temp base; when none fits, the user gets a clear error instead of ssh's
 * `unix_listener: path "…" too long`.
 */

/** Name of the run's private directory: `<prefix>` + the 6 characters mkdtemp appends. */
const RUN_DIR_PREFIX = 'gitops-ssh-';
const MKDTEMP_SUFFIX_BYTES = 6;
/** The ControlPath inside the run directory: `%C` is a 40-hex hash of host, port, user and local host. */
const CONTROL_SOCKET_NAME = 'cm-%C';
const CONTROL_SOCKET_BYTES = 'cm-'.length + 40;
/** ssh's temporary listener name: `.` + 16 random characters after the ControlPath. */
const SSH_TEMP_SUFFIX_BYTES = 17;
/** sizeof(sun_path) of the platform. */
function sunPathLimit(platform = process.platform) {
    return platform === 'linux' || platform === 'android' ? 108 : 104;
}
/** Bytes ssh needs to bind the control socket in `dir` (temporary name and NUL included). */
function controlSocketBytes(dir) {
    return Buffer.byteLength(dir) + 1 + CONTROL_SOCKET_BYTES + SSH_TEMP_SUFFIX_BYTES + 1;
}
/** ssh splits -o values on whitespace, and the path must be absolute. */
function pathProblem(p) {
    if (!p.startsWith('/'))
        return `${JSON.stringify(p)} is not an absolute path`;
    if (/[\s\x00-\x1f\x7f]/.test(p))
        return `${JSON.stringify(p)} contains whitespace or control characters`;
    return undefined;
}
/** Why `dir` cannot hold the control socket, or undefined when it can. */
function controlDirProblem(dir, limit = sunPathLimit()) {
    const need = controlSocketBytes(dir);
    const tooLong = need > limit ? `${JSON.stringify(dir)} is too long: its ssh control socket needs ${need} bytes, the limit is ${limit}` : undefined;
    return pathProblem(dir) ?? tooLong;
}
/** Throws a UserError when `dir` cannot hold the control socket. */
function assertControlDir(dir, limit = sunPathLimit()) {
    const problem = controlDirProblem(dir, limit);
    if (problem)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`ssh control socket directory: ${problem}`);
}
/** The longest temp base whose run directory still fits (28 bytes on Linux, 24 on macOS). */
function maxTempBaseBytes(limit = sunPathLimit()) {
    return limit - controlSocketBytes('') - 1 - RUN_DIR_PREFIX.length - MKDTEMP_SUFFIX_BYTES;
}
function trimSlashes(base) {
    return base.replace(/\/+$/, '');
}
/** `base` as the parent of a run directory: why it cannot be used, or undefined. */
function tempBaseProblem(base, limit = sunPathLimit()) {
    const bytes = Buffer.byteLength(trimSlashes(base));
    const max = maxTempBaseBytes(limit);
    const tooLong = bytes > max ? `${JSON.stringify(base)} is ${bytes} bytes, longer than ${max}` : undefined;
    return pathProblem(base) ?? tooLong;
}
/** The usable temp bases, in order, and why the others were set aside. */
function usableTempBases(candidates, limit = sunPathLimit()) {
    const bases = [];
    const rejected = [];
    for (const c of [...new Set(candidates)]) {
        const problem = tempBaseProblem(c, limit);
        if (problem)
            rejected.push(problem);
        else
            bases.push(trimSlashes(c) || '/');
    }
    return { bases, rejected };
}
/** The UserError when no temp base can hold the run directory. */
function noShortTempDirError(reasons, limit = sunPathLimit()) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`no short private directory for the ssh control socket (unix socket paths are limited to ${limit} bytes): ${reasons.join('; ')}. ` +
        `Set TMPDIR to a writable directory of at most ${maxTempBaseBytes(limit)} bytes without spaces.`);
}
//# sourceMappingURL=socket-path.js.map

/***/ }),

/***/ 59028:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mj: () => (/* binding */ INIT_PLACEHOLDER_HOST),
/* harmony export */   Vx: () => (/* binding */ displayRemote),
/* harmony export */   aY: () => (/* binding */ assertSafeRemote),
/* harmony export */   h9: () => (/* binding */ buildSshOptions),
/* harmony export */   jK: () => (/* binding */ sshDestination),
/* harmony export */   pk: () => (/* binding */ parseUserHost)
/* harmony export */ });
/* unused harmony exports assertSafeUser, assertSafeHost, assertPort */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3828);
/* harmony import */ var _socket_path_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1550);
/** Pure builders for OpenSSH client options and remote addressing (used by rsync's `-e`). */


const CONTROL_CHARS = /[\x00-\x1f\x7f]/;
/** Reject input that an ssh/rsync command line could mistake for an option or split. */
function assertSafeUser(user) {
    if (!user || user.startsWith('-') || CONTROL_CHARS.test(user) || /[\s@:/\\'"`$]/.test(user)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid SSH user ${JSON.stringify(user)}`);
    }
}
function assertSafeHost(host) {
    const ok = /^[A-Za-z0-9._:%_-]+$/.test(host) && !host.startsWith('-') && !host.startsWith('.');
    if (!ok)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid SSH host ${JSON.stringify(host)}`);
}
function assertPort(port) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`invalid SSH port ${String(port)}`);
}
function assertSafeRemote(r) {
    assertSafeUser(r.user);
    assertSafeHost(r.host);
    assertPort(r.port);
}
/** The host `init` proposes (init-propose.ts): never a real server (example.org is reserved). */
const INIT_PLACEHOLDER_HOST = 'your-server.example.org';
/** Parse `user@host` / `user@[v6]` into user and bare host; init's placeholder host is refused. */
function parseUserHost(target, port) {
    const at = target.lastIndexOf('@');
    if (at <= 0)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`SSH target must be user@host, got ${JSON.stringify(target)}`);
    const user = target.slice(0, at);
    let host = target.slice(at + 1);
    if (host.startsWith('[') && host.endsWith(']'))
        host = host.slice(1, -1);
    const remote = { user, host, port };
    assertSafeRemote(remote);
    if (host === INIT_PLACEHOLDER_HOST)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${host} is the placeholder \`gitops-deploy init\` wrote: set the target's host (user@host of your server) in the config before connecting`);
    return remote;
}
/** `user@host` for the ssh command line (ssh wants IPv6 without brackets). */
function sshDestination(r) {
    assertSafeRemote(r);
    return `${r.user}@${r.host}`;
}
function assertPlainPath(label, p) {
    // UserKnownHostsFile is a whitespace-separated list and ssh splits -o values on spaces.
    if (!p.startsWith('/') || /\s/.test(p) || CONTROL_CHARS.test(p)) {
        throw new Error(`${label} must be an absolute path without whitespace: ${JSON.stringify(p)}`);
    }
}
/**
 * OpenSSH client options (argv form) matching the ssh2 connection's policy: only our key (served by
 * our private agent), strict host key checking against our known_hosts only, keepalives so a cut
 * network fails in ~15 s, and one shared ControlMaster per run, its socket checked against the
 * unix socket path limit.
 */
function buildSshOptions(o) {
    assertPlainPath('key path', o.keyPath);
    assertPlainPath('known_hosts path', o.knownHostsPath);
    assertPlainPath('control dir', o.controlDir);
    (0,_socket_path_js__WEBPACK_IMPORTED_MODULE_1__/* .assertControlDir */ .FV)(o.controlDir);
    if (o.agentSocket !== undefined)
        assertPlainPath('agent socket', o.agentSocket);
    assertPort(o.port);
    const opt = (kv) => ['-o', kv];
    return [
        '-i',
        o.keyPath,
        '-p',
        String(o.port),
        ...opt('IdentitiesOnly=yes'),
        ...opt('BatchMode=yes'),
        ...opt('StrictHostKeyChecking=yes'),
        ...opt(`UserKnownHostsFile=${o.knownHostsPath}`),
        ...opt('GlobalKnownHostsFile=/dev/null'),
        ...opt('UpdateHostKeys=no'),
        ...opt('ServerAliveInterval=5'),
        ...opt('ServerAliveCountMax=2'),
        ...opt('ConnectTimeout=10'),
        ...opt('ControlMaster=auto'),
        ...opt(`ControlPath=${o.controlDir}/${_socket_path_js__WEBPACK_IMPORTED_MODULE_1__/* .CONTROL_SOCKET_NAME */ .kZ}`),
        ...opt(`ControlPersist=${o.controlPersist ?? 60}`),
        ...(o.agentSocket !== undefined ? opt(`IdentityAgent=${o.agentSocket}`) : []),
    ];
}
/** `user@host:port` for names and logs (`user@[::1]:22` for IPv6). */
function displayRemote(r) {
    return `${r.user}@${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}`;
}
//# sourceMappingURL=ssh-options.js.map

/***/ })

};
