import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 128;
export const ids = [128];
export const modules = {

/***/ 41128:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadConfig: () => (/* binding */ loadConfig)
});

// UNUSED EXPORTS: parseConfig, withoutExtensions

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/core/settings.js
var settings = __webpack_require__(7726);
// EXTERNAL MODULE: ./lib/config/cross-issue.js
var cross_issue = __webpack_require__(39956);
;// CONCATENATED MODULE: ./lib/config/schema-keys.js

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);
function defOf(schema) {
    return schema._zod.def;
}
function unwrap(schema) {
    let cur = schema;
    for (;;) {
        const def = defOf(cur);
        if (WRAPPERS.has(def.type) && def.innerType)
            cur = def.innerType;
        else if (def.type === 'pipe' && def.in)
            cur = def.in;
        else
            return cur;
    }
}
/** Values of the discriminator an option accepts (from zod's propValues). */
function discriminatorValues(option, discriminator) {
    const values = option._zod.propValues?.[discriminator];
    return values ? [...values] : [];
}
/** Unwrap wrappers and pick the union option that fits the raw value. */
function resolve(schema, raw, next) {
    const cur = unwrap(schema);
    const def = defOf(cur);
    if (def.type !== 'union' || !def.options)
        return { schema: cur };
    const disc = def.discriminator;
    if (disc) {
        const value = (0,cross_issue/* isRecord */.u)(raw) ? raw[disc] : undefined;
        const option = def.options.find((o) => discriminatorValues(o, disc).includes(value));
        return option ? { schema: unwrap(option), union: { discriminator: disc, options: def.options } } : undefined;
    }
    const wanted = typeof next === 'number' ? 'array' : 'object';
    const option = def.options.map(unwrap).find((o) => {
        const t = defOf(o).type;
        return t === wanted || (wanted === 'object' && t === 'record');
    });
    return option ? { schema: option } : undefined;
}
function child(schema, segment) {
    const def = defOf(schema);
    if (def.type === 'object')
        return def.shape?.[String(segment)];
    if (def.type === 'array')
        return def.element;
    if (def.type === 'record')
        return def.valueType;
    return undefined;
}
function getRaw(raw, segment) {
    if (Array.isArray(raw) && typeof segment === 'number')
        return raw[segment];
    if ((0,cross_issue/* isRecord */.u)(raw))
        return raw[String(segment)];
    return undefined;
}
function resolveAt(root, path, rawRoot) {
    let raw = rawRoot;
    let resolved = resolve(root, raw, path[0]);
    for (let i = 0; i < path.length && resolved; i++) {
        const segment = path[i];
        const next = child(resolved.schema, segment);
        raw = getRaw(raw, segment);
        resolved = next ? resolve(next, raw, path[i + 1]) : undefined;
    }
    return resolved ? { ...resolved, raw } : undefined;
}
function shapeKeys(schema) {
    return Object.keys(defOf(schema).shape ?? {});
}
/** Keys accepted by the object schema at `path` (raw input used to pick union options). */
function objectKeysAt(root, path, rawRoot) {
    const found = resolveAt(root, path, rawRoot);
    if (!found || defOf(found.schema).type !== 'object')
        return undefined;
    const keys = shapeKeys(found.schema);
    if (!found.union)
        return { keys };
    const { discriminator, options } = found.union;
    const value = (0,cross_issue/* isRecord */.u)(found.raw) ? found.raw[discriminator] : undefined;
    const others = options
        .map(unwrap)
        .filter((o) => o !== found.schema)
        .map((o) => ({ values: discriminatorValues(o, discriminator), keys: shapeKeys(o) }));
    return { keys, alternatives: { discriminator, value, others } };
}
//# sourceMappingURL=schema-keys.js.map
;// CONCATENATED MODULE: ./lib/config/secret-values.js
/**
 * Which values a config error must not quote: those under a secret-ish key (password, token, key,
 * secret, auth, cookie, credential) and those that look like a secret wherever they are (a URL or
 * user:password@host carrying a password, a known token prefix, both letter cases mixed with a digit or sign and
 * no spaces). Such a value is described by its shape only, so a password put under the wrong key
 * never reaches a log.
 */
const SECRET_KEY = /pass(word|wd)?|token|secret|key|auth|cookie|credential/i;
const WITH_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/)?[^\s/@:]*:[^\s/@]+@/i;
const TOKEN_PREFIX = /^(gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|AKIA|ya29\.|eyJ)/;
/** `password: x`, `token=x` written inside a text (a mapping quoted by mistake) */
const ASSIGNED = /(pass(word|wd)?|token|secret)\s*[:=]\s*\S/i;
const AUTH_SCHEME = /^(Bearer|Basic|Token|Digest)\s+\S{8,}$/i;
/** said of a value not shown */
const HIDDEN = 'not shown: it may be a secret';
/** True when a segment of `path` names a secret (`backup.password_env`, `headers.Authorization`). */
function secretKeyIn(path) {
    return path.some((segment) => typeof segment === 'string' && SECRET_KEY.test(segment));
}
/** True when a text looks like a password or token (no spaces, 8+ characters, not a path or plain URL). */
function looksSecret(value) {
    if (Array.isArray(value))
        return value.some(looksSecret);
    if (typeof value === 'object' && value !== null)
        return Object.entries(value).some(([k, v]) => (SECRET_KEY.test(k) && v !== null && v !== '') || looksSecret(v));
    if (typeof value === 'string' && ASSIGNED.test(value))
        return true;
    if (typeof value === 'string' && AUTH_SCHEME.test(value.trim()))
        return true;
    if (typeof value !== 'string' || value.length < 8 || /\s/.test(value))
        return false;
    if (WITH_PASSWORD.test(value) || TOKEN_PREFIX.test(value))
        return true;
    if (/^[./~]/.test(value) || value.includes('://'))
        return false;
    // both cases and a digit or sign (user@host:port, paths and names have no capitals), or long letters and digits
    const mixed = /[a-z]/.test(value) && /[A-Z]/.test(value) && /[^A-Za-z]/.test(value);
    return mixed || (value.length >= 20 && /[0-9]/.test(value) && /[A-Za-z]/.test(value));
}
/** True when the value at `path` must not be quoted. */
function hiddenValue(path, value) {
    return value !== undefined && value !== null && typeof value !== 'boolean' && (secretKeyIn(path) || looksSecret(value));
}
/** `message` with every quoted string that looks like a secret, and `value` itself when hidden, replaced by a note. */
function redactMessage(message, path, value) {
    let out = message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => {
        try {
            return looksSecret(JSON.parse(quoted)) ? `<${HIDDEN}>` : quoted;
        }
        catch {
            return quoted;
        }
    });
    if (hiddenValue(path, value) && (typeof value === 'string' || typeof value === 'number') && String(value).length >= 4)
        out = out.split(JSON.stringify(value)).join(`<${HIDDEN}>`).split(String(value)).join(`<${HIDDEN}>`);
    return out;
}
//# sourceMappingURL=secret-values.js.map
;// CONCATENATED MODULE: ./lib/config/yaml-locate.js
/** Map a key path (as in zod issues) to a line:column in the YAML source. */

function start(node) {
    const range = node?.range;
    return range ? range[0] : undefined;
}
function keyMatches(key, segment) {
    return (0,dist/* isScalar */.jn)(key) && String(key.value) === String(segment);
}
function isEmptyValue(node) {
    return node == null || ((0,dist/* isScalar */.jn)(node) && node.value === null && !node.source);
}
/**
 * Offset of the node at `path`: the value node (or, with `key`, the key of the last segment).
 * When the path does not exist, the deepest existing key (or list item) on the way.
 */
function offsetOf(doc, path, key) {
    let node = doc.contents;
    let anchor = start(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
        const segment = path[i];
        const last = i === path.length - 1;
        if ((0,dist/* isAlias */.Vj)(node))
            node = node.resolve(doc);
        if ((0,dist/* isMap */.jh)(node)) {
            const pair = node.items.find((p) => keyMatches(p.key, segment));
            if (!pair)
                return anchor;
            anchor = start(pair.key) ?? anchor;
            if (last && key)
                return anchor;
            node = pair.value;
            if (isEmptyValue(node))
                return anchor;
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number') {
            const item = node.items[segment];
            if (item == null)
                return anchor;
            node = item;
            anchor = start(item) ?? anchor;
        }
        else {
            return anchor;
        }
    }
    return start(node) ?? anchor;
}
function locate(doc, lineCounter, path, key = false) {
    const { line, col } = lineCounter.linePos(offsetOf(doc, path, key));
    return { line, column: col };
}
//# sourceMappingURL=yaml-locate.js.map
;// CONCATENATED MODULE: ./lib/config/issues.js



const PREVIEW_MAX = 40;
/** `rules[2].build`, `targets["my target"].host`; "" for the root. */
function formatPath(path) {
    let out = '';
    for (const segment of path) {
        if (typeof segment === 'number')
            out += `[${segment}]`;
        else if (/^[A-Za-z0-9_-]+$/.test(String(segment)))
            out += out ? `.${String(segment)}` : String(segment);
        else
            out += `[${JSON.stringify(String(segment))}]`;
    }
    return out;
}
/** Short JSON-ish rendering of a found value. */
function preview(value) {
    if (value === undefined)
        return 'nothing';
    const text = JSON.stringify(value) ?? String(value);
    return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 3)}...` : text;
}
function valueAt(raw, path) {
    let cur = raw;
    for (const segment of path) {
        if (typeof cur !== 'object' || cur === null)
            return undefined;
        cur = cur[segment];
    }
    return cur;
}
function hasKey(raw, path) {
    const parent = valueAt(raw, path.slice(0, -1));
    return typeof parent === 'object' && parent !== null && Object.hasOwn(parent, path[path.length - 1]);
}
/** zod's built-in wording, made to fit "expected ..." (a safety net: the schema sets its own messages). */
function expectation(issue) {
    const m = /^Invalid input: (expected [^,]+)/.exec(issue.message);
    return m?.[1] ?? issue.message;
}
/** What the whole file holds when it is not a mapping, without a word of its content (a .env or key file passed by mistake). */
function shapeOf(value) {
    if (typeof value === 'string')
        return `text (${value.length} characters)`;
    if (Array.isArray(value))
        return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
    return typeof value === 'boolean' ? 'true/false' : `a ${typeof value}`;
}
function withFound(expected, raw, path) {
    if (!expected.startsWith('expected'))
        return redactMessage(expected, path, valueAt(raw, path));
    if (path.length === 0)
        return `${expected}, got ${shapeOf(raw)}; its content is not shown: is this the deploy config?`;
    if (path.length > 0 && !hasKey(raw, path))
        return `required key is missing (${expected})`;
    const value = valueAt(raw, path);
    return hiddenValue(path, value) ? `${expected}, got ${shapeOf(value)} (${HIDDEN})` : `${expected}, got ${preview(value)}`;
}
function showValues(values) {
    return values.map((v) => String(v)).join(' or ');
}
function unknownKeyMessage(info, key) {
    const alt = info?.alternatives;
    const owners = alt?.others.filter((o) => o.keys.includes(key)) ?? [];
    if (alt && owners.length > 0) {
        const allowed = showValues(owners.flatMap((o) => o.values));
        return `not allowed with ${alt.discriminator}: ${String(alt.value)} (only with ${alt.discriminator}: ${allowed})`;
    }
    return info ? `unknown key (expected one of: ${info.keys.join(', ')})` : 'unknown key';
}
/** The problem at `path`; a key that looks like a secret is not shown in the path either. */
function problem(ctx, path, message, atKey = false) {
    const shown = path.map((s) => (typeof s === 'string' && looksSecret(s) ? '<key not shown>' : s));
    return { path: shown, message, position: locate(ctx.doc, ctx.lineCounter, path, atKey) };
}
/** One problem per issue (one per key for unknown keys). */
function issueProblems(issue, ctx) {
    const path = [...issue.path];
    if (issue.code === 'unrecognized_keys') {
        const info = objectKeysAt(ctx.schema, path, ctx.raw);
        return issue.keys.map((key) => problem(ctx, [...path, key], unknownKeyMessage(info, key), true));
    }
    if (issue.code === 'invalid_key') {
        const inner = issue.issues[0];
        const expected = inner ? expectation(inner) : 'expected a valid key';
        const key = path[path.length - 1];
        const found = looksSecret(String(key)) ? `${shapeOf(String(key))} (${HIDDEN})` : preview(String(key));
        const message = expected.startsWith('expected') ? `${expected}, got ${found}` : expected;
        return [problem(ctx, path, message, true)];
    }
    return [problem(ctx, path, withFound(expectation(issue), ctx.raw, path))];
}
//# sourceMappingURL=issues.js.map
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./lib/config/rules.js
var rules = __webpack_require__(92853);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/config/build.js
var build = __webpack_require__(66906);
// EXTERNAL MODULE: ./lib/config/ssh-address.js
var ssh_address = __webpack_require__(53989);
;// CONCATENATED MODULE: ./lib/config/target-checks.js
/**
 * Checks across the keys of one target (what a field schema cannot see): `shared` entries that
 * overlap, and a passenger `frontend.public_html` overlapping `path`. Both would let one sync or
 * link step delete what another one keeps. They run on possibly-invalid input: every access is
 * defensive, and values already rejected by their field are skipped.
 */




/** "./media/" → "media", "/srv/app/" → "/srv/app", "/" → "" (no "./" prefix, no trailing "/"). */
const normalized = (p) => external_node_path_.posix.normalize(p).replace(/\/+$/, '');
const inside = (inner, outer) => inner.startsWith(`${outer}/`);
/** How path `a` relates to path `b` (both normalized), or undefined when they are apart. */
function overlap(a, b) {
    if (a === b)
        return 'is the same path as';
    if (inside(a, b))
        return 'is inside';
    return inside(b, a) ? 'contains' : undefined;
}
/** Each entry overlapping an earlier one (linkSharedScript would replace one by the other's link). */
function sharedIssues(name, shared) {
    if (!Array.isArray(shared))
        return [];
    const earlier = [];
    const issues = [];
    shared.forEach((entry, i) => {
        if (typeof entry !== 'string' || entry.startsWith('/'))
            return;
        const path = normalized(entry);
        const clash = earlier.map((e) => ({ e, how: overlap(path, e.path) })).find((c) => c.how);
        if (clash) {
            const message = `${JSON.stringify(entry)} ${clash.how} ${JSON.stringify(clash.e.entry)} (shared entries must not overlap)`;
            issues.push({ path: ['targets', name, 'shared', i], message });
        }
        earlier.push({ entry, path });
    });
    return issues;
}
/** public_html and path are both synced with --delete: neither may hold the other. */
function publicHtmlIssues(name, target) {
    const frontend = target.frontend;
    if (target.strategy !== 'passenger' || !(0,cross_issue/* isRecord */.u)(frontend))
        return [];
    const { path } = target;
    const web = frontend.public_html;
    if (typeof path !== 'string' || typeof web !== 'string' || !path.startsWith('/') || !web.startsWith('/'))
        return [];
    const [root, webRoot] = [normalized(path), normalized(web)];
    // "/" is rejected by the field itself
    const how = root && webRoot ? overlap(webRoot, root) : undefined;
    if (!how)
        return [];
    return [
        {
            path: ['targets', name, 'frontend', 'public_html'],
            message: `${JSON.stringify(web)} ${how} the deploy path ${JSON.stringify(path)} (public_html must lie outside path: both are synced with --delete)`,
        },
    ];
}
/** How a `hosts:` entry is reached: user@host (case folded: DNS ignores it; an IPv6 address however written) and its port. */
function reachedAs(entry, port) {
    const split = (0,ssh_address/* splitHostPort */.cC)(entry, port);
    const at = split.host.lastIndexOf('@');
    return `${split.host.slice(0, at)}@${(0,ssh_address/* comparableHost */.$o)(split.host.slice(at + 1))}:${split.port}`;
}
/** Each `hosts:` entry naming a host listed before (however spelled): its lock would be taken twice, its deploy run twice. */
function duplicateHostIssues(name, hosts, port) {
    const fallback = typeof port === 'number' && Number.isInteger(port) ? port : 22;
    const seen = new Map();
    const issues = [];
    hosts.forEach((entry, i) => {
        if (typeof entry !== 'string' || !ssh_address/* SSH_HOST_PORT */.Sh.test(entry))
            return;
        const key = reachedAs(entry, fallback);
        const first = seen.get(key);
        if (first === undefined)
            seen.set(key, i);
        else
            issues.push({
                path: ['targets', name, 'hosts', i],
                message: `${JSON.stringify(entry)} is the same host as hosts[${first}] ${JSON.stringify(hosts[first])} (list each host once)`,
            });
    });
    return issues;
}
/** Exactly one of `host` and `hosts`; `hosts` lists each host once; `primary` names one of `hosts`. */
function hostIssues(name, target) {
    const { host, hosts, primary } = target;
    const at = (key) => ['targets', name, key];
    if (host === undefined && hosts === undefined)
        return [{ path: at('host'), message: 'a target needs `host` (one host) or `hosts` (a list of hosts)' }];
    if (host !== undefined && hosts !== undefined)
        return [{ path: at('hosts'), message: 'give either `host` or `hosts`, not both (put every host in `hosts`)' }];
    const duplicates = Array.isArray(hosts) ? duplicateHostIssues(name, hosts, target.port) : [];
    if (duplicates.length > 0 || primary === undefined || typeof primary !== 'string')
        return duplicates;
    if (!Array.isArray(hosts))
        return [{ path: at('primary'), message: '`primary` needs `hosts` (with `host`, that host is the primary)' }];
    return hosts.includes(primary) ? [] : [{ path: at('primary'), message: `${JSON.stringify(primary)} is not one of \`hosts\`` }];
}
function targetIssues(config) {
    const targets = (0,cross_issue/* isRecord */.u)(config.targets) ? config.targets : {};
    return Object.entries(targets).flatMap(([name, target]) => (0,cross_issue/* isRecord */.u)(target)
        ? [
            ...hostIssues(name, target),
            ...sharedIssues(name, target.shared),
            ...publicHtmlIssues(name, target),
            ...(0,build/* buildIssues */.TU)(name, target),
            ...(0,build/* swarmIssues */.xD)(name, target),
        ]
        : []);
}
//# sourceMappingURL=target-checks.js.map
;// CONCATENATED MODULE: ./lib/config/cross-refs.js



function checkRuleTasks(rules, tasks) {
    const defined = Object.keys(tasks);
    const known = defined.length ? `defined tasks: ${defined.join(', ')}` : 'no tasks are defined';
    const issues = [];
    rules.forEach((rule, i) => {
        if (!(0,cross_issue/* isRecord */.u)(rule) || !Array.isArray(rule.tasks))
            return;
        rule.tasks.forEach((task, j) => {
            if (typeof task === 'string' && !Object.hasOwn(tasks, task)) {
                issues.push({ path: ['rules', i, 'tasks', j], message: `unknown task "${task}" (${known})` });
            }
        });
    });
    return issues;
}
function checkRuleNames(rules) {
    const seen = new Map();
    const issues = [];
    rules.forEach((rule, i) => {
        if (!(0,cross_issue/* isRecord */.u)(rule) || typeof rule.name !== 'string')
            return;
        const first = seen.get(rule.name);
        if (first === undefined)
            seen.set(rule.name, i);
        else
            issues.push({ path: ['rules', i, 'name'], message: `duplicate rule name "${rule.name}" (also rules[${first}])` });
    });
    return issues;
}
function checkComposeProject(config) {
    const composeTargets = targetsOf(config, 'compose');
    const compose = config.compose;
    const hasProject = (0,cross_issue/* isRecord */.u)(compose) && compose.project !== undefined;
    if (composeTargets.length === 0 || hasProject)
        return [];
    return [
        {
            path: ['compose', 'project'],
            message: `required key is missing (compose targets need a project name: ${composeTargets.join(', ')})`,
        },
    ];
}
function targetsOf(config, strategy) {
    const targets = (0,cross_issue/* isRecord */.u)(config.targets) ? config.targets : {};
    return Object.keys(targets).filter((k) => {
        const t = targets[k];
        return (0,cross_issue/* isRecord */.u)(t) && t.strategy === strategy;
    });
}
/** Compose targets run tasks inside a service, swarm targets from its image: with one, every task needs `service`. */
function checkTaskServices(config, tasks) {
    const compose = targetsOf(config, 'compose');
    const swarm = targetsOf(config, 'swarm');
    if (compose.length + swarm.length === 0)
        return [];
    const kinds = [...(compose.length ? ['compose'] : []), ...(swarm.length ? ['swarm'] : [])].join(' and ');
    return Object.entries(tasks)
        .filter(([, task]) => (0,cross_issue/* isRecord */.u)(task) && task.service === undefined)
        .map(([name]) => ({
        path: ['tasks', name, 'service'],
        message: `required key is missing (${kinds} targets run tasks in a service: ${[...compose, ...swarm].join(', ')})`,
    }));
}
/** Passenger targets plan their pip and frontend steps as tasks: user tasks must not take those names. */
function checkPassengerTaskNames(config, tasks) {
    const passengerTargets = targetsOf(config, 'passenger');
    if (passengerTargets.length === 0)
        return [];
    return Object.values(rules/* PASSENGER_TASK_NAMES */.Ii)
        .filter((name) => Object.hasOwn(tasks, name))
        .map((name) => ({
        path: ['tasks', name],
        message: `task name "${name}" is reserved for the built-in step of passenger targets (${passengerTargets.join(', ')}); rename the task`,
    }));
}
function crossReferenceIssues(config) {
    if (!(0,cross_issue/* isRecord */.u)(config))
        return [];
    const rules = Array.isArray(config.rules) ? config.rules : [];
    const tasks = (0,cross_issue/* isRecord */.u)(config.tasks) ? config.tasks : {};
    return [
        ...checkRuleTasks(rules, tasks),
        ...checkRuleNames(rules),
        ...checkComposeProject(config),
        ...checkTaskServices(config, tasks),
        ...checkPassengerTaskNames(config, tasks),
        ...targetIssues(config),
    ];
}
//# sourceMappingURL=cross-refs.js.map
// EXTERNAL MODULE: ./lib/config/fields.js
var fields = __webpack_require__(21877);
;// CONCATENATED MODULE: ./lib/config/services.js
/** `compose.services`: per-service deploy options (how a service's containers are replaced). */


const ROLLOUTS = ['stop-first', 'start-first'];
/** Service names that read as a Celery beat (`celery_beat`, `beat`, `celery-beat`, `celerybeat`). */
const BEAT_NAME = /(^|[_.-])beat$|celerybeat/i;
/**
 * Why a service must never run two containers at once, or undefined: a Celery beat (by name, or
 * marked `singleton`) would run every scheduled task twice.
 */
function singletonReason(service, options) {
    if (options.singleton)
        return 'it is marked singleton: true (at most one container at a time)';
    if (BEAT_NAME.test(service))
        return 'its name reads as a Celery beat, and two beats would run every scheduled task twice';
    return undefined;
}
const serviceOptionsSchema = schemas/* strictObject */.rej({
    rollout: (0,fields/* described */.WY)(schemas/* enum */.k5n(ROLLOUTS, { error: 'expected "stop-first" or "start-first"' }).default('stop-first'), 'How a deploy replaces the service\'s container: "stop-first" (default: compose stops the old one, then starts the new one) or "start-first" (the new container starts beside the old one; the old one is stopped and removed once the new one is healthy and has run for `overlap`). start-first is for stateless HTTP services behind a proxy; it is refused for a Celery beat, a singleton, a service publishing a fixed host port, one with a container_name, and one whose network another service joins.'),
    overlap: (0,fields/* described */.WY)((0,fields/* durationOrZero */.Od)('3s'), 'start-first only: the least time the new and the old container both run before the old one is stopped, counted from the new one\'s start. A proxy that caches DNS answers (nginx `resolver ... valid=2s`) keeps sending requests to the old address until its cache expires; give it that time plus 1 s (nginx counts whole seconds). Default "3s"; "0s" stops the old container as soon as the new one is healthy.'),
    singleton: (0,fields/* described */.WY)((0,fields/* bool */.lc)().optional(), 'true: the service must never run two containers at once (e.g. a Celery beat under another name); start-first is refused.'),
    stop_grace: (0,fields/* described */.WY)((0,fields/* durationValue */.k6)().optional(), 'Time between SIGTERM and SIGKILL when a deploy stops the service\'s container (e.g. "60s" for a Celery worker finishing its task). Overrides the compose file\'s stop_grace_period; passed as --timeout to up and restart (docker stop -t for start-first and for a service removed from the compose file). Rounded up to whole seconds.'),
}, { error: 'expected a mapping (rollout, overlap, singleton, stop_grace)' });
/** `compose.services`: options by compose service name; a start-first singleton is refused here, by name or flag. */
const composeServicesSchema = (0,fields/* described */.WY)(schemas/* record */.g1P((0,fields/* name */.UU)('service'), serviceOptionsSchema, { error: 'expected a mapping of compose service names to options' })
    .default({})
    .superRefine((services, ctx) => {
    for (const [service, options] of Object.entries(services)) {
        const why = options.rollout === 'start-first' ? singletonReason(service, options) : undefined;
        if (why)
            ctx.addIssue({ code: 'custom', path: [service, 'rollout'], message: `start-first is refused for "${service}": ${why}` });
    }
}), 'Per-service deploy options, by compose service name (e.g. `web: {rollout: start-first}`).');
//# sourceMappingURL=services.js.map
;// CONCATENATED MODULE: ./lib/config/backup.js
/** The `backup` section of a target: a database dump taken before each deploy. */


const SQL_ENGINES = ['mariadb', 'mysql', 'postgres'];
const BACKUP_ENGINES = [...SQL_ENGINES, 'sqlite'];
const engineExpected = `expected one of ${BACKUP_ENGINES.map((e) => `"${e}"`).join(', ')}`;
const policyCount = (what) => (0,fields/* described */.WY)((0,fields/* integer */.nd)(0, 1000, `a number of ${what}`).optional(), `Keep the newest backup of each of the last N ${what} that have one (UTC calendar).`);
const keepPolicy = () => (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    last: (0,fields/* described */.WY)((0,fields/* integer */.nd)(0, 1000, 'a number of backups').optional(), 'Keep the newest N backups.'),
    daily: policyCount('days'),
    weekly: policyCount('ISO weeks'),
    monthly: policyCount('months'),
    within: (0,fields/* described */.WY)((0,fields/* durationValue */.k6)().optional(), 'Keep every backup taken within this duration (e.g. "30d") of the newest one, like restic --keep-within.'),
}, { error: 'expected a mapping with last, daily, weekly, monthly or within' })
    .refine((p) => p.within !== undefined || [p.last, p.daily, p.weekly, p.monthly].some((n) => (n ?? 0) > 0), {
    error: 'expected at least one of last, daily, weekly, monthly above 0, or within',
}), 'Retention policy like restic forget: calendar buckets (UTC) and/or an age window; a backup is kept when any rule keeps it. The newest verified backup is never deleted.');
const keep = () => (0,fields/* described */.WY)(schemas/* union */.KCZ([(0,fields/* integer */.nd)(1, 1000, 'a number of backups'), keepPolicy()], {
    error: 'expected a number of backups between 1 and 1000 or a mapping {last, daily, weekly, monthly, within}',
})
    // the input-side default: .default() is left out of the input JSON schema once a branch transforms (within)
    .prefault(10), 'Backups kept on the host: the newest N (default 10), or a policy {last, daily, weekly, monthly, within}. Pre-deploy backups paired with the releases kept for rollback are never deleted.');
const drillQuery = () => (0,fields/* described */.WY)((0,fields/* text */.Qq)('expected an SQL query').min(1, { error: 'expected an SQL query' }).optional(), 'Smoke query of the restore drill, run in the scratch database; it passes when its first value is a number above 0. Default: the number of tables.');
const SERVICE_TEXT = {
    compose: 'Compose service the dump runs in (via `exec -T`). When omitted the dump runs on the host itself.',
    swarm: 'Stack service the dump runs in: `docker exec` in its running task (<stack>_<service>), over SSH to the node that runs it (the manager, or a node of `nodes`). When omitted the dump runs on the manager host itself.',
};
const serviceField = (kind) => (0,fields/* described */.WY)((0,fields/* name */.UU)('service').optional(), SERVICE_TEXT[kind]);
function sqlShape(kind) {
    return {
        engine: (0,fields/* described */.WY)(schemas/* enum */.k5n(SQL_ENGINES, { error: engineExpected }), 'Database engine.'),
        ...(kind ? { service: serviceField(kind) } : {}),
        database: (0,fields/* described */.WY)((0,fields/* argument */.EE)('expected a database name'), 'Database to dump.'),
        user: (0,fields/* described */.WY)((0,fields/* argument */.EE)('expected a database user').optional(), 'Database user; when omitted the client default applies.'),
        password_env: (0,fields/* described */.WY)((0,fields/* envName */.pD)().optional(), 'Name of the environment variable (letters, digits and _, not starting with a digit) holding the database password: read from password_env_file on the host (without one, from the service container or the SSH session environment), unless the runner gives the password as a secret. The password never appears in a command line.'),
        password_env_file: (0,fields/* described */.WY)((0,fields/* anyPath */.ki)('an env file path').optional(), 'Env file on the host that password_env is read from (NAME=value lines, never sourced): relative to the deploy path, or absolute. Default: the first `shared` entry named .env, where it lives on the host (<path>/shared/<entry> with layout releases, <path>/<entry> in place); none when there is no such entry.'),
        host: (0,fields/* described */.WY)((0,fields/* argument */.EE)('expected a database host').optional(), 'Database host for host-mode dumps (omit for the local socket/default).'),
        port: (0,fields/* described */.WY)((0,fields/* port */.Oh)().optional(), 'Database port for host-mode dumps.'),
        keep: keep(),
        drill_query: drillQuery(),
    };
}
function sqliteShape(kind) {
    return {
        engine: (0,fields/* described */.WY)(schemas/* literal */.euz('sqlite', { error: engineExpected }), 'Database engine.'),
        ...(kind ? { service: serviceField(kind) } : {}),
        path: (0,fields/* described */.WY)((0,fields/* anyPath */.ki)('a database file path'), 'SQLite database file: relative to the deploy path or absolute; with `service`, as seen inside that container.'),
        keep: keep(),
        drill_query: drillQuery(),
    };
}
function backupSchema(kind) {
    const strict = { error: 'expected a mapping with an `engine` key' };
    const sql = schemas/* strictObject */.rej(sqlShape(kind), strict).refine((b) => b.password_env_file === undefined || b.password_env !== undefined, {
        error: 'password_env_file needs password_env (the name of the variable to read from it)',
        path: ['password_env_file'],
    });
    return (0,fields/* described */.WY)(schemas/* discriminatedUnion */.gMt('engine', [sql, schemas/* strictObject */.rej(sqliteShape(kind), strict)], { error: engineExpected }), 'Database backup taken before every deploy that changes something. Omit to skip backups.');
}
const composeBackupSchema = backupSchema('compose');
const passengerBackupSchema = backupSchema(undefined);
const swarmBackupSchema = backupSchema('swarm');
//# sourceMappingURL=backup.js.map
// EXTERNAL MODULE: ./lib/transport/modes.js
var modes = __webpack_require__(53341);
;// CONCATENATED MODULE: ./lib/config/health.js
/** The `health` section of a target: what must be true after a deploy. */


const httpShape = {
    url: (0,fields/* described */.WY)((0,fields/* httpUrl */.q3)().optional(), 'URL checked from the deploy host itself (curl, wget or python over SSH). Omit to skip the HTTP check.'),
    expect_status: (0,fields/* described */.WY)((0,fields/* integer */.nd)(100, 599, 'an HTTP status').optional(), 'Required HTTP status; default: any 2xx.'),
    expect_body: (0,fields/* described */.WY)((0,fields/* regexText */.zM)().optional(), 'Regular expression the response body must match.'),
    headers: (0,fields/* described */.WY)((0,fields/* httpHeaders */.PB)().optional(), "Request headers sent with the check, e.g. {Host: example.com} for a Django app whose ALLOWED_HOSTS does not list the URL's host (it answers 400). Redirects are not followed: expect_status 301 or a path exempt from the redirect."),
    timeout: (0,fields/* described */.WY)((0,fields/* duration */.p0)('60s'), 'How long to keep retrying before the deploy counts as failed. Default "60s".'),
};
const mapping = { error: 'expected a mapping' };
const composeHealthSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    ...httpShape,
    services: (0,fields/* described */.WY)((0,fields/* bool */.lc)().default(true), 'Wait for the compose healthchecks of the services this deploy touched. Default true.'),
    probe: (0,fields/* described */.WY)((0,fields/* bool */.lc)().default(true), "While Docker still says a new container's health is starting (its first check comes only `interval` after the start), " +
        'run its compose healthcheck test in it (docker exec) and count the first pass as healthy. ' +
        'Set false when something routes by the health Docker reports (Traefik skips starting containers) and must see healthy before the deploy is done. Default true.'),
    stable_for: (0,fields/* described */.WY)((0,fields/* durationOrZero */.Od)('3s'), 'A new container without a healthcheck counts as started once it has run this long (whole seconds) without exiting or being restarted by its restart policy; ' +
        'one that crashes sooner fails the deploy, which is undone. One window per apply, after its last up (compose v2 and v1), only with `services: true`; ' +
        'a one-shot service that exits 0 under restart "no" or on-failure has finished. "0s": as soon as it runs. Default "3s".'),
}, mapping)
    .prefault({}), 'Post-deploy health checks.');
const passengerHealthSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej(httpShape, mapping).prefault({}), 'Post-deploy health checks.');
const swarmHealthSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    ...httpShape,
    timeout: (0,fields/* described */.WY)((0,fields/* duration */.p0)('5m'), 'How long each updated service may take to converge (its healthcheck, update_config rolling and monitor), then health.url to answer. Default "5m".'),
}, mapping)
    .prefault({}), 'Post-deploy health: each updated swarm service converges (its healthcheck and update_config decide), then health.url answers from the manager.');
//# sourceMappingURL=health.js.map
;// CONCATENATED MODULE: ./lib/config/targets.js
/** The `targets` section: where and how to deploy (a union on `strategy`). */







const strategyExpected = 'expected "compose", "passenger" or "swarm"';
const targets_mapping = { error: 'expected a mapping' };
const BATCH_EXPECTED = 'expected a number of hosts (1 or more) or a percentage like "30%" (1% to 100%)';
const rollingSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    batch: (0,fields/* described */.WY)(schemas/* union */.KCZ([
        schemas/* int */.Whr({ error: BATCH_EXPECTED }).min(1, { error: BATCH_EXPECTED }).max(1000, { error: BATCH_EXPECTED }),
        schemas/* string */.YjP({ error: BATCH_EXPECTED }).regex(/^(100|[1-9][0-9]?)%$/, { error: BATCH_EXPECTED }),
    ], { error: BATCH_EXPECTED })
        .default(1), 'Hosts deployed at a time: a number, or a percentage of the hosts (rounded up, at least 1). Default 1.'),
    pause: (0,fields/* described */.WY)((0,fields/* durationOrZero */.Od)('0s'), 'Wait between two batches, e.g. "10s". Default "0s".'),
}, targets_mapping)
    .prefault({}), 'How a deploy rolls over `hosts`: batches in order, the pause between them. A failure stops the rollout and puts the hosts already switched back.');
/** Keys every strategy accepts. */
const commonShape = {
    host: (0,fields/* described */.WY)((0,fields/* sshHost */.TE)().optional(), 'SSH destination as user@host; the host may be an [IPv6] literal. Exactly one of host and hosts.'),
    hosts: (0,fields/* described */.WY)(schemas/* array */.YOg((0,fields/* sshHostWithPort */.oP)(), { error: 'expected a list of user@host[:port]' })
        .min(1, { error: 'expected at least one host' })
        .meta({ uniqueItems: true })
        .optional(), 'Several hosts running the same app (user@host or user@host:port; port defaults to `port`), deployed in rolling batches. Exactly one of host and hosts.'),
    primary: (0,fields/* described */.WY)((0,fields/* sshHostWithPort */.oP)().optional(), 'With `hosts`: the host that takes the pre-deploy backup and runs the tasks (migrations), first in the rollout. Must be one of `hosts`. Default: the first.'),
    rolling: rollingSchema,
    port: (0,fields/* described */.WY)((0,fields/* port */.Oh)().default(22), 'SSH port. Default 22.'),
    path: (0,fields/* described */.WY)((0,fields/* absoluteDirectory */.Nf)(), 'Absolute deploy directory on the host (not "/").'),
    layout: (0,fields/* described */.WY)(schemas/* enum */.k5n(['releases', 'in-place'], { error: 'expected "releases" or "in-place"' }).default('releases'), '"releases": each deploy goes to <path>/releases/<id> and <path>/current is switched atomically; "in-place": files are synced into <path> directly. Default "releases".'),
    keep_releases: (0,fields/* described */.WY)((0,fields/* integer */.nd)(1, 100, 'a number of releases').default(5), 'Releases kept for rollback (layout "releases"). Default 5.'),
    shared: (0,fields/* described */.WY)(
    // repeats: also in the JSON schema; entries containing one another: the loader only (target-checks.ts)
    (0,fields/* protectedPathList */.mt)().meta({ uniqueItems: true }).default([]), 'Protected paths (relative to the app; a trailing "/" marks a directory): kept in <path>/shared, linked into each release, never deleted or overwritten by a deploy. Entries must not repeat or contain one another.'),
    exclude: (0,fields/* described */.WY)((0,fields/* relativePathList */.U)().default([]), 'Extra rsync exclude patterns, added to the built-in defaults.'),
    umask: (0,fields/* described */.WY)((0,fields/* umask */.MZ)().default(modes/* DEFAULT_UMASK */.m7), 'umask of everything a deploy writes on the host (remote shell and rsync): a quoted octal string that masks group and other write. Default "022": files 644 (755 when executable), directories 755.'),
    lock_ttl: (0,fields/* described */.WY)((0,fields/* duration */.p0)('2m'), 'How long the deploy lock holder\'s heartbeat (every lock_ttl/6, 1 to 10 s) may be silent before the holder counts as dead and the next run breaks its lock, with a warning naming it. Default "2m".'),
};
const composeTargetSchema = schemas/* strictObject */.rej({
    strategy: (0,fields/* described */.WY)(schemas/* literal */.euz('compose', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    backup: composeBackupSchema.optional(),
    health: composeHealthSchema,
    build: build/* buildSchema */.IV.optional(),
}, targets_mapping);
const frontendSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    build: (0,fields/* described */.WY)((0,fields/* command */.G5)(), 'Build command, run on the runner in the repository root.'),
    dist: (0,fields/* described */.WY)((0,fields/* relativePath */.iZ)('a repo-relative directory'), 'Directory the build writes (repo-relative).'),
    public_html: (0,fields/* described */.WY)((0,fields/* absoluteDirectory */.Nf)(), 'Absolute web root on the host the build output is synced to (with --delete): not "/", and outside `path` (neither equal to it, inside it, nor containing it).'),
    paths: (0,fields/* described */.WY)((0,fields/* globList */.Xq)().optional(), 'Globs that trigger a frontend build and sync; when omitted it runs on every deploy.'),
    protect: (0,fields/* described */.WY)((0,fields/* protectedPathList */.mt)().default([]), 'Paths in public_html never deleted or overwritten (e.g. ".htaccess").'),
}, targets_mapping), 'Static frontend built on the runner and synced to the web root.');
const passengerTargetSchema = schemas/* strictObject */.rej({
    strategy: (0,fields/* described */.WY)(schemas/* literal */.euz('passenger', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    backup: passengerBackupSchema.optional(),
    health: passengerHealthSchema,
    app_root: (0,fields/* described */.WY)((0,fields/* relativePath */.iZ)('a relative directory').default('.'), 'Passenger application root, relative to the deployed tree. Default ".".'),
    venv: (0,fields/* described */.WY)((0,fields/* anyPath */.ki)('a virtualenv directory').default('venv'), 'Python virtualenv: relative to `path` or absolute. Default "venv".'),
    requirements: (0,fields/* described */.WY)((0,fields/* relativePath */.iZ)('a relative file path').default('requirements.txt'), 'pip requirements file, relative to app_root. Default "requirements.txt".'),
    python: (0,fields/* described */.WY)((0,fields/* command */.G5)('expected a python interpreter (name or path)').optional(), 'Interpreter that creates `venv` (`<python> -m venv`) when it is missing. Default "python3".'),
    pip_args: (0,fields/* described */.WY)(schemas/* array */.YOg((0,fields/* command */.G5)('expected a pip argument'), { error: 'expected a list of pip arguments' }).optional(), 'Extra arguments for `pip install -r <requirements>` (run in app_root), e.g. ["--no-index", "--find-links", "wheels"].'),
    restart: (0,fields/* described */.WY)(schemas/* enum */.k5n(['touch', 'passenger-config'], { error: 'expected "touch" or "passenger-config"' }).default('touch'), '"touch": touch <app_root>/tmp/restart.txt; "passenger-config": run `passenger-config restart-app`. Default "touch".'),
    frontend: frontendSchema.optional(),
}, targets_mapping);
const STACK_EXPECTED = `expected a stack name matching ${fields/* PROJECT_PATTERN */.$A.source}`;
/** Docker Swarm: `host` is a manager; the images come from `build:`'s registry (swarm nodes pull them). */
const swarmTargetSchema = schemas/* strictObject */.rej({
    strategy: (0,fields/* described */.WY)(schemas/* literal */.euz('swarm', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    stack: (0,fields/* described */.WY)(schemas/* string */.YjP({ error: STACK_EXPECTED }).regex(fields/* PROJECT_PATTERN */.$A, { error: STACK_EXPECTED }), 'Swarm stack name (`docker stack deploy ... <stack>`); its services are named <stack>_<service>.'),
    backup: swarmBackupSchema.optional(),
    nodes: (0,fields/* described */.WY)(schemas/* record */.g1P(schemas/* string */.YjP().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a node hostname or node ID' }), (0,fields/* sshHostWithPort */.oP)(), {
        error: 'expected a mapping of node hostname or ID to user@host[:port]',
    })
        .default({}), 'SSH addresses of the swarm nodes other than the manager, by node hostname or node ID (`docker node ls`): where a `backup.service` task may run. Default: none (the database task must run on the manager).'),
    health: swarmHealthSchema,
    build: (0,fields/* described */.WY)(build/* buildSchema */.IV.optional(), 'Required for strategy "swarm": the images are built once and pushed; every node pulls them.'),
}, targets_mapping);
const targetSchema = (0,fields/* described */.WY)(schemas/* discriminatedUnion */.gMt('strategy', [composeTargetSchema, passengerTargetSchema, swarmTargetSchema], { error: strategyExpected }), 'A deploy destination.');
//# sourceMappingURL=targets.js.map
;// CONCATENATED MODULE: ./lib/config/schema.js
/** The deploy config schema (zod 4), its types, and its JSON schema. */







const SCHEMA_ID = 'urn:gitops-deploy:config:v1';
const DEFAULT_COMPOSE_FILES = ['docker-compose.yml'];
const schema_mapping = { error: 'expected a mapping' };
const composeSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    directory: (0,fields/* described */.WY)((0,fields/* relativePath */.iZ)('a repo-relative directory').default('.'), 'Directory of the compose files, relative to the repository root. Default ".".'),
    files: (0,fields/* described */.WY)(schemas/* array */.YOg((0,fields/* relativePath */.iZ)('a file path relative to compose.directory'), { error: 'expected a list of compose files' })
        .min(1, { error: 'expected a list of compose files (at least one)' })
        .default([...DEFAULT_COMPOSE_FILES]), 'Compose files relative to `directory`, merged in order (like -f a -f b). Default ["docker-compose.yml"].'),
    project: (0,fields/* described */.WY)(schemas/* string */.YjP({ error: 'expected a compose project name' })
        .regex(fields/* PROJECT_PATTERN */.$A, { error: `expected a compose project name matching ${fields/* PROJECT_PATTERN */.$A.source}` })
        .optional(), 'Compose project name, always passed as -p. Required when a target uses strategy "compose".'),
    command: (0,fields/* described */.WY)(schemas/* enum */.k5n(['docker compose', 'docker-compose'], { error: 'expected "docker compose" or "docker-compose"' }).optional(), 'Compose command on the host: "docker compose" (v2) or "docker-compose" (v1). Default: detected on the host ("docker compose" when `docker compose version` works, else "docker-compose").'),
    services: composeServicesSchema,
}, schema_mapping)
    .prefault({}), 'Where the compose files live and how compose is invoked.');
const configSchema = schemas/* strictObject */.rej({
    version: (0,fields/* described */.WY)(schemas/* literal */.euz(1, { error: 'expected 1' }), 'Config format version; must be 1.'),
    compose: composeSchema,
    rules: rules/* rulesSchema */.jm,
    tasks: rules/* tasksSchema */.Sn,
    targets: (0,fields/* described */.WY)(schemas/* record */.g1P((0,fields/* name */.UU)('target'), targetSchema, { error: 'expected a mapping of target names to targets' }).default({}), 'Deploy destinations by name (e.g. production, staging).'),
}, { error: 'expected a mapping (version, compose, rules, tasks, targets)' })
    .superRefine((config, ctx) => {
    for (const issue of crossReferenceIssues(config))
        ctx.addIssue({ code: 'custom', ...issue });
}, { when: () => true });
/** JSON schema of the file as written (input side: keys with defaults are optional). */
function configJsonSchema() {
    const generated = discriminatedIfThen(z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }));
    const { $schema, ...rest } = generated;
    return {
        $schema,
        $id: SCHEMA_ID,
        title: 'gitops-deploy configuration (.github/deploy.yml)',
        description: 'Config of gitops-deploy: compose files, change rules, tasks and deploy targets. See docs/config.md.',
        ...rest,
        // top-level "x-" keys hold YAML anchors; the loader drops them before validation
        patternProperties: { '^x-': {} },
    };
}
//# sourceMappingURL=schema.js.map
;// CONCATENATED MODULE: ./lib/config/load.js
/** Read and validate the deploy config, reporting every problem as file:line:column. */






const EXTENSION_PREFIX = 'x-';
function located(file, line, column, message) {
    return new errors/* UserError */.yo(`${file}:${line}:${column} ${message}`, { file, line, column });
}
/** "Map keys must be unique at line 2, column 1:\n..." -> "Map keys must be unique". */
function yamlErrorText(error) {
    const first = error.message.split('\n')[0] ?? error.message;
    return first.replace(/ at line \d+, column \d+:?$/, '');
}
function yamlErrors(doc, lineCounter, file) {
    return doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        return located(file, pos.line, pos.col, `invalid YAML: ${yamlErrorText(error)}`);
    });
}
function toJs(doc, file) {
    try {
        return doc.toJS({ maxAliasCount: 1000 });
    }
    catch (error) {
        throw new errors/* UserErrors */.tQ([located(file, 1, 1, `invalid YAML: ${error.message}`)]);
    }
}
function problemErrors(problems, file) {
    const sorted = [...problems].sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
    const seen = new Set();
    const errors = [];
    for (const p of sorted) {
        const where = formatPath(p.path);
        const error = located(file, p.position.line, p.position.column, where ? `${where}: ${p.message}` : p.message);
        if (seen.has(error.message))
            continue;
        seen.add(error.message);
        errors.push(error);
    }
    return errors;
}
/** Top-level keys starting with "x-" are free for YAML anchors (as in compose files) and dropped. */
function withoutExtensions(raw) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        return raw;
    return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith(EXTENSION_PREFIX)));
}
/** Validate config text; `fileLabel` prefixes every message. Throws UserErrors listing every problem. */
function parseConfig(text, fileLabel) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0)
        throw new errors/* UserErrors */.tQ(yamlErrors(doc, lineCounter, fileLabel));
    const raw = toJs(doc, fileLabel);
    if (raw === null || raw === undefined) {
        throw new errors/* UserErrors */.tQ([located(fileLabel, 1, 1, 'config file is empty (expected at least `version: 1`)')]);
    }
    const result = configSchema.safeParse(withoutExtensions(raw));
    if (result.success)
        return result.data;
    const ctx = { doc, lineCounter, raw, schema: configSchema };
    const problems = result.error.issues.flatMap((issue) => issueProblems(issue, ctx));
    throw new errors/* UserErrors */.tQ(problemErrors(problems, fileLabel));
}
/** Read and validate a config file. */
async function loadConfig(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT') {
            throw new errors/* UserError */.yo(`config file not found: ${file} (a relative config path is read inside the work tree, --repo / working-directory; create ${settings/* DEFAULT_CONFIG */.PV} there or pass --config / the config input; see deploy/examples/)`, { file });
        }
        throw new errors/* UserError */.yo(`cannot read config file ${file}: ${error.message}`, { file });
    }
    return parseConfig(text, file);
}
//# sourceMappingURL=load.js.map

/***/ })

};

//# sourceMappingURL=128.index.js.map