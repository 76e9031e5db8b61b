import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 717;
export const ids = [717];
export const modules = {

/***/ 9717:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  execute: () => (/* binding */ execute)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ../main/node_modules/yaml/dist/index.js
var dist = __webpack_require__(43439);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(38066);
// EXTERNAL MODULE: ./lib/core/settings.js
var settings = __webpack_require__(25024);
;// CONCATENATED MODULE: ./lib/config/cross-issue.js
/** What the cross-key checks (cross-refs.ts, target-checks.ts) report, and the guard they read raw input with. */
/** A YAML mapping (not null, not a list). */
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
//# sourceMappingURL=cross-issue.js.map
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
        const value = isRecord(raw) ? raw[disc] : undefined;
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
    if (isRecord(raw))
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
    const value = isRecord(found.raw) ? found.raw[discriminator] : undefined;
    const others = options
        .map(unwrap)
        .filter((o) => o !== found.schema)
        .map((o) => ({ values: discriminatorValues(o, discriminator), keys: shapeKeys(o) }));
    return { keys, alternatives: { discriminator, value, others } };
}
//# sourceMappingURL=schema-keys.js.map
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
function withFound(expected, raw, path) {
    if (!expected.startsWith('expected'))
        return expected;
    if (path.length > 0 && !hasKey(raw, path))
        return `required key is missing (${expected})`;
    return `${expected}, got ${preview(valueAt(raw, path))}`;
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
function problem(ctx, path, message, atKey = false) {
    return { path, message, position: locate(ctx.doc, ctx.lineCounter, path, atKey) };
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
        const message = expected.startsWith('expected') ? `${expected}, got ${preview(String(key))}` : expected;
        return [problem(ctx, path, message, true)];
    }
    return [problem(ctx, path, withFound(expectation(issue), ctx.raw, path))];
}
//# sourceMappingURL=issues.js.map
// EXTERNAL MODULE: ../main/node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(42160);
// EXTERNAL MODULE: ./lib/config/rules.js
var rules = __webpack_require__(43331);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/config/fields.js
var fields = __webpack_require__(56631);
;// CONCATENATED MODULE: ./lib/config/build.js
/** A compose target's `build:` — images built once (on the runner or the primary host), pushed to a registry, pulled by every host. */



const mapping = { error: 'expected a mapping' };
/** `host[:port][/prefix]`, lowercase as image references require; no scheme, no trailing slash. */
const REGISTRY_PATTERN = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
/** A repository path of an image reference (docker's rules: lowercase components separated by `/`). */
const REPOSITORY_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const USERNAME_PATTERN = /^[^\s-][^\s]*$/;
const REGISTRY_EXPECTED = 'expected a registry as host:port or host:port/prefix, lowercase, without a scheme (e.g. "registry.example.com:5000")';
const REPOSITORY_EXPECTED = 'expected a lowercase repository path like "myapp" or "team/myapp"';
const buildSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    on: (0,fields/* described */.WY)(schemas/* enum */.k5n(['host', 'runner'], { error: 'expected "host" or "runner"' }), '"runner": the images are built where gitops-deploy runs (local docker); "host": on the primary host, in the uploaded release directory (layout "releases" only).'),
    registry: (0,fields/* described */.WY)(schemas/* string */.YjP({ error: REGISTRY_EXPECTED }).regex(REGISTRY_PATTERN, { error: REGISTRY_EXPECTED }), 'Registry the images are pushed to and pulled from: host:port, optionally followed by /prefix.'),
    repository: (0,fields/* described */.WY)(schemas/* string */.YjP({ error: REPOSITORY_EXPECTED }).regex(REPOSITORY_PATTERN, { error: REPOSITORY_EXPECTED }).optional(), 'Repository under the registry; each service is pushed as <registry>/<repository>/<service>:release-<sha12>. Default: compose.project.'),
    username: (0,fields/* described */.WY)(schemas/* string */.YjP({ error: 'expected a user name' })
        .regex(USERNAME_PATTERN, { error: 'expected a user name (no spaces, not starting with "-")' })
        .optional(), 'Registry user for `docker login --password-stdin`; the password comes only from the secret GITOPS_REGISTRY_PASSWORD / input registry-password. Without it, no login (an open registry).'),
}, mapping), 'Build the planned services once, push them to a registry and let every host pull them (no build on the hosts). Without it, each host builds its own images.');
/** `build.on: host` builds in the primary's release directory before any host changes: only the releases layout has one. */
function buildIssues(name, target) {
    const { build, layout } = target;
    if (!isRecord(build) || build.on !== 'host' || layout !== 'in-place')
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
    if (target.strategy !== 'passenger' || !isRecord(frontend))
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
/** Exactly one of `host` and `hosts`; `primary` names one of `hosts`. */
function hostIssues(name, target) {
    const { host, hosts, primary } = target;
    const at = (key) => ['targets', name, key];
    if (host === undefined && hosts === undefined)
        return [{ path: at('host'), message: 'a target needs `host` (one host) or `hosts` (a list of hosts)' }];
    if (host !== undefined && hosts !== undefined)
        return [{ path: at('hosts'), message: 'give either `host` or `hosts`, not both (put every host in `hosts`)' }];
    if (primary === undefined || typeof primary !== 'string')
        return [];
    if (!Array.isArray(hosts))
        return [{ path: at('primary'), message: '`primary` needs `hosts` (with `host`, that host is the primary)' }];
    return hosts.includes(primary) ? [] : [{ path: at('primary'), message: `${JSON.stringify(primary)} is not one of \`hosts\`` }];
}
function targetIssues(config) {
    const targets = isRecord(config.targets) ? config.targets : {};
    return Object.entries(targets).flatMap(([name, target]) => isRecord(target)
        ? [
            ...hostIssues(name, target),
            ...sharedIssues(name, target.shared),
            ...publicHtmlIssues(name, target),
            ...buildIssues(name, target),
            ...swarmIssues(name, target),
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
        if (!isRecord(rule) || !Array.isArray(rule.tasks))
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
        if (!isRecord(rule) || typeof rule.name !== 'string')
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
    const hasProject = isRecord(compose) && compose.project !== undefined;
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
    const targets = isRecord(config.targets) ? config.targets : {};
    return Object.keys(targets).filter((k) => {
        const t = targets[k];
        return isRecord(t) && t.strategy === strategy;
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
        .filter(([, task]) => isRecord(task) && task.service === undefined)
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
    if (!isRecord(config))
        return [];
    const rules = Array.isArray(config.rules) ? config.rules : [];
    const tasks = isRecord(config.tasks) ? config.tasks : {};
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
    rollout: (0,fields/* described */.WY)(schemas/* enum */.k5n(ROLLOUTS, { error: 'expected "stop-first" or "start-first"' }).default('stop-first'), 'How a deploy replaces the service\'s container: "stop-first" (default: compose stops the old one, then starts the new one) or "start-first" (the new container starts beside the old one; the old one is stopped and removed once the new one is healthy). start-first is for stateless HTTP services behind a proxy; it is refused for a Celery beat, a singleton, and a service publishing a fixed host port.'),
    singleton: (0,fields/* described */.WY)((0,fields/* bool */.lc)().optional(), 'true: the service must never run two containers at once (e.g. a Celery beat under another name); start-first is refused.'),
    stop_grace: (0,fields/* described */.WY)((0,fields/* durationValue */.k6)().optional(), 'Time between SIGTERM and SIGKILL when a deploy stops the service\'s container (e.g. "60s" for a Celery worker finishing its task). Overrides the compose file\'s stop_grace_period; passed as --timeout to up and restart (docker stop -t for start-first and for a service removed from the compose file). Rounded up to whole seconds.'),
}, { error: 'expected a mapping (rollout, singleton, stop_grace)' });
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
        database: (0,fields/* described */.WY)((0,fields/* text */.Qq)('expected a database name').min(1, { error: 'expected a database name' }), 'Database to dump.'),
        user: (0,fields/* described */.WY)((0,fields/* text */.Qq)('expected a database user').optional(), 'Database user; when omitted the client default applies.'),
        password_env: (0,fields/* described */.WY)((0,fields/* envName */.pD)().optional(), 'Name of the environment variable (letters, digits and _, not starting with a digit) holding the database password: read from password_env_file on the host (without one, from the service container or the SSH session environment), unless the runner gives the password as a secret. The password never appears in a command line.'),
        password_env_file: (0,fields/* described */.WY)((0,fields/* anyPath */.ki)('an env file path').optional(), 'Env file on the host that password_env is read from (NAME=value lines, never sourced): relative to the deploy path, or absolute. Default: the first `shared` entry named .env, where it lives on the host (<path>/shared/<entry> with layout releases, <path>/<entry> in place); none when there is no such entry.'),
        host: (0,fields/* described */.WY)((0,fields/* text */.Qq)('expected a database host').optional(), 'Database host for host-mode dumps (omit for the local socket/default).'),
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
var modes = __webpack_require__(59871);
;// CONCATENATED MODULE: ./lib/config/health.js
/** The `health` section of a target: what must be true after a deploy. */


const httpShape = {
    url: (0,fields/* described */.WY)((0,fields/* httpUrl */.q3)().optional(), 'URL checked from the deploy host itself (curl, wget or python over SSH). Omit to skip the HTTP check.'),
    expect_status: (0,fields/* described */.WY)((0,fields/* integer */.nd)(100, 599, 'an HTTP status').optional(), 'Required HTTP status; default: any 2xx.'),
    expect_body: (0,fields/* described */.WY)((0,fields/* regexText */.zM)().optional(), 'Regular expression the response body must match.'),
    timeout: (0,fields/* described */.WY)((0,fields/* duration */.p0)('60s'), 'How long to keep retrying before the deploy counts as failed. Default "60s".'),
};
const health_mapping = { error: 'expected a mapping' };
const composeHealthSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    ...httpShape,
    services: (0,fields/* described */.WY)((0,fields/* bool */.lc)().default(true), 'Wait for the compose healthchecks of the services this deploy touched. Default true.'),
    probe: (0,fields/* described */.WY)((0,fields/* bool */.lc)().default(true), "While Docker still says a new container's health is starting (its first check comes only `interval` after the start), " +
        'run its compose healthcheck test in it (docker exec) and count the first pass as healthy. ' +
        'Set false when something routes by the health Docker reports (Traefik skips starting containers) and must see healthy before the deploy is done. Default true.'),
}, health_mapping)
    .prefault({}), 'Post-deploy health checks.');
const passengerHealthSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej(httpShape, health_mapping).prefault({}), 'Post-deploy health checks.');
const swarmHealthSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    ...httpShape,
    timeout: (0,fields/* described */.WY)((0,fields/* duration */.p0)('5m'), 'How long each updated service may take to converge (its healthcheck, update_config rolling and monitor), then health.url to answer. Default "5m".'),
}, health_mapping)
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
    (0,fields/* relativePathList */.U)().meta({ uniqueItems: true }).default([]), 'Protected paths (relative to the app; a trailing "/" marks a directory): kept in <path>/shared, linked into each release, never deleted or overwritten by a deploy. Entries must not repeat or contain one another.'),
    exclude: (0,fields/* described */.WY)((0,fields/* relativePathList */.U)().default([]), 'Extra rsync exclude patterns, added to the built-in defaults.'),
    umask: (0,fields/* described */.WY)((0,fields/* umask */.MZ)().default(modes/* DEFAULT_UMASK */.m7), 'umask of everything a deploy writes on the host (remote shell and rsync): a quoted octal string that masks group and other write. Default "022": files 644 (755 when executable), directories 755.'),
    lock_ttl: (0,fields/* described */.WY)((0,fields/* duration */.p0)('2m'), 'How long the deploy lock holder\'s heartbeat (every lock_ttl/6, 1 to 10 s) may be silent before the holder counts as dead and the next run breaks its lock, with a warning naming it. Default "2m".'),
};
const composeTargetSchema = schemas/* strictObject */.rej({
    strategy: (0,fields/* described */.WY)(schemas/* literal */.euz('compose', { error: strategyExpected }), 'How the app runs on the host.'),
    ...commonShape,
    backup: composeBackupSchema.optional(),
    health: composeHealthSchema,
    build: buildSchema.optional(),
}, targets_mapping);
const frontendSchema = (0,fields/* described */.WY)(schemas/* strictObject */.rej({
    build: (0,fields/* described */.WY)((0,fields/* command */.G5)(), 'Build command, run on the runner in the repository root.'),
    dist: (0,fields/* described */.WY)((0,fields/* relativePath */.iZ)('a repo-relative directory'), 'Directory the build writes (repo-relative).'),
    public_html: (0,fields/* described */.WY)((0,fields/* absoluteDirectory */.Nf)(), 'Absolute web root on the host the build output is synced to (with --delete): not "/", and outside `path` (neither equal to it, inside it, nor containing it).'),
    paths: (0,fields/* described */.WY)((0,fields/* globList */.Xq)().optional(), 'Globs that trigger a frontend build and sync; when omitted it runs on every deploy.'),
    protect: (0,fields/* described */.WY)((0,fields/* relativePathList */.U)().default([]), 'Paths in public_html never deleted or overwritten (e.g. ".htaccess").'),
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
    build: (0,fields/* described */.WY)(buildSchema.optional(), 'Required for strategy "swarm": the images are built once and pushed; every node pulls them.'),
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
// EXTERNAL MODULE: ./lib/session/session.js + 2 modules
var session = __webpack_require__(71014);
;// CONCATENATED MODULE: ./lib/commands/execute.js



/** `plan` is loaded alone, and the commands that reach a host together: `--help` and `plan` skip ssh2, Octokit and the rest. */
const remote = (name) => async () => (await Promise.all(/* import() */[__webpack_require__.e(310), __webpack_require__.e(533), __webpack_require__.e(692)]).then(__webpack_require__.bind(__webpack_require__, 58692))).REMOTE_COMMANDS[name];
const COMMAND_RUNNERS = {
    plan: async () => (await Promise.all(/* import() */[__webpack_require__.e(310), __webpack_require__.e(533), __webpack_require__.e(493)]).then(__webpack_require__.bind(__webpack_require__, 89493))).planCommand,
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
        return (await Promise.all(/* import() */[__webpack_require__.e(310), __webpack_require__.e(787)]).then(__webpack_require__.bind(__webpack_require__, 77787))).initCommand(settings, reporter, report); // writes the config: none to load yet
    const config = await reporter.group('Load config', () => loadConfig(settings.configPath));
    if (settings.target !== undefined && !(settings.target in config.targets)) {
        const known = Object.keys(config.targets);
        throw new errors/* UserError */.yo(`unknown target ${JSON.stringify(settings.target)} (targets: ${known.join(', ') || 'none defined'})`);
    }
    // a deploy or rollback connects first: the connect runs while the command's code loads
    const closeAhead = connectsFirst(settings) ? await (0,session/* connectAhead */.w8)(settings, config, reporter, report) : undefined;
    try {
        const run = await COMMAND_RUNNERS[settings.command]();
        await run(settings, config, reporter, report);
    }
    finally {
        await closeAhead?.();
    }
}
/** Commands whose first step is opening the session (a dry run without key is planned offline). */
const connectsFirst = (settings) => (settings.command === 'deploy' || settings.command === 'rollback') && Boolean(settings.ssh.privateKey);
//# sourceMappingURL=execute.js.map

/***/ }),

/***/ 52274:
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

/***/ 56631:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $A: () => (/* binding */ PROJECT_PATTERN),
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
/* harmony export */   cC: () => (/* binding */ splitHostPort),
/* harmony export */   cl: () => (/* binding */ serviceList),
/* harmony export */   iZ: () => (/* binding */ relativePath),
/* harmony export */   k6: () => (/* binding */ durationValue),
/* harmony export */   ki: () => (/* binding */ anyPath),
/* harmony export */   lc: () => (/* binding */ bool),
/* harmony export */   nd: () => (/* binding */ integer),
/* harmony export */   oP: () => (/* binding */ sshHostWithPort),
/* harmony export */   p0: () => (/* binding */ duration),
/* harmony export */   pD: () => (/* binding */ envName),
/* harmony export */   q3: () => (/* binding */ httpUrl),
/* harmony export */   zM: () => (/* binding */ regexText)
/* harmony export */ });
/* unused harmony exports NAME_PATTERN, ENV_NAME_PATTERN, serviceListDescription, nameDescription, durationDescription, absolutePath, glob */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42160);
/* harmony import */ var _transport_modes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(59871);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(52274);
/**
 * Field schemas shared by the config sections. Every error message either starts with
 * "expected ..." (the loader appends ", got <value>") or is a complete sentence.
 */



/** Names of services, tasks, targets and rules. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Compose project names (what docker compose accepts for -p). */
const PROJECT_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Single line: no newline, carriage return or NUL. */
const SINGLE_LINE = /^[^\0\r\n]*$/;
/** Not "/"-prefixed, no ".." segment, single line, non-empty. */
const RELATIVE_PATH = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/;
/** "/"-prefixed, no ".." segment, single line. */
const ABSOLUTE_PATH = /^\/(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]*$/;
/** Relative or absolute, no ".." segment, single line, non-empty. */
const ANY_PATH = /^(?!(?:.*\/)?\.\.(?:\/|$))[^\0\r\n]+$/;
/** Repo-relative glob: no leading "/" or "./", single line, non-empty. */
const GLOB = /^(?!\/)(?!\.\/)[^\0\r\n]+$/;
/** user@hostname, user@ipv4 or user@[ipv6]; neither part may start with "-". */
const SSH_HOST = /^[A-Za-z0-9_][A-Za-z0-9_.-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$/;
/** An SSH_HOST with an optional ":port" (1 to 5 digits; the range is checked by the schema). */
const SSH_HOST_PORT = new RegExp(`^${SSH_HOST.source.slice(1, -1)}(?::([0-9]{1,5}))?$`);
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
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected }).regex(SINGLE_LINE, { error: 'expected a single line (no newline or NUL characters)' });
}
/** Non-empty single-line string (commands). */
function command(expected = 'expected a shell command') {
    return text(expected).min(1, { error: expected });
}
/** A service/task/target/rule name. */
function name(kind) {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: `expected a ${kind} name` })
        .regex(NAME_PATTERN, { error: `expected a ${kind} name matching ${NAME_PATTERN.source}` });
}
function relativePath(what = 'a relative path') {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: `expected ${what}` })
        .regex(RELATIVE_PATH, { error: `expected ${what} (no leading "/", no ".." segments, one line)` });
}
function absolutePath(what = 'an absolute path') {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: `expected ${what}` })
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
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected }).regex(ENV_NAME_PATTERN, { error: expected });
}
function anyPath(what = 'a path') {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: `expected ${what}` }).regex(ANY_PATH, { error: `expected ${what} (no ".." segments, one line)` });
}
function glob() {
    const expected = 'expected a repo-relative glob pattern';
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected }).regex(GLOB, { error: `${expected} (no leading "/" or "./", one line)` });
}
function globList() {
    const expected = 'expected a list of glob patterns';
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(glob(), { error: expected }).min(1, { error: `${expected} (at least one)` });
}
function relativePathList() {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(relativePath(), { error: 'expected a list of relative paths' });
}
function serviceList() {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('all'), zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(name('service'), { error: serviceListDescription })], {
        error: serviceListDescription,
    });
}
function sshHost() {
    const expected = 'expected user@host (e.g. deploy@example.com, deploy@[2001:db8::1])';
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected }).regex(SSH_HOST, { error: expected });
}
const inPortRange = (p) => p === undefined || (Number(p) >= 1 && Number(p) <= 65535);
/** One entry of `hosts:`: user@host or user@host:port (port 1 to 65535). */
function sshHostWithPort() {
    const expected = 'expected user@host or user@host:port (e.g. deploy@h1, deploy@h2:2222, deploy@[2001:db8::1]:22)';
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected })
        .regex(SSH_HOST_PORT, { error: expected })
        .refine((s) => inPortRange(SSH_HOST_PORT.exec(s)?.[1]), {
        error: 'expected a port between 1 and 65535',
    });
}
/** The user@host and port of a `hosts:` entry (port: `fallback` when the entry has none). */
function splitHostPort(entry, fallback) {
    const port = SSH_HOST_PORT.exec(entry)?.[1];
    return port === undefined ? { host: entry, port: fallback } : { host: entry.slice(0, -(port.length + 1)), port: Number(port) };
}
function httpUrl() {
    const expected = 'expected an http:// or https:// URL';
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected }).regex(HTTP_URL, { error: expected });
}
function bool() {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY({ error: 'expected true or false' });
}
function integer(min, max, what = 'an integer') {
    const expected = `expected ${what} between ${min} and ${max}`;
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .int */ .Whr({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}
function port() {
    return integer(1, 65535, 'a port number');
}
/** Duration string in the file (greater than zero), milliseconds after parsing. */
function durationValue() {
    return (zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: durationDescription })
        .regex(DURATION_RE, { error: durationDescription })
        // only judge the value when the format is right (one message per problem)
        .refine((s) => !DURATION_RE.test(s) || ((0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(s) ?? 0) > 0, {
        error: 'expected a duration greater than zero',
    })
        // the JSON schema's form of the refine: not every part zero
        .meta({ not: { pattern: ZERO_DURATION } })
        .transform((s) => (0,_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9)(s)));
}
/** A duration with a default: `fallback` is the input-side default. */
function duration(fallback) {
    return durationValue().prefault(fallback);
}
/** A duration that may be zero (a pause), milliseconds after parsing. */
function durationOrZero(fallback) {
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: durationDescription })
        .regex(DURATION_RE, { error: durationDescription })
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
    return zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP({ error: expected }).superRefine((value, ctx) => {
        const problem = (0,_transport_modes_js__WEBPACK_IMPORTED_MODULE_2__/* .umaskProblem */ .NH)(value);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    });
}
//# sourceMappingURL=fields.js.map

/***/ }),

/***/ 4543:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CJ: () => (/* binding */ batchSize),
/* harmony export */   PP: () => (/* binding */ hostsOf),
/* harmony export */   un: () => (/* binding */ planBatches),
/* harmony export */   vy: () => (/* binding */ hostLabel)
/* harmony export */ });
/* harmony import */ var _fields_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(56631);
/**
 * The hosts a target runs on: `host` (one) or `hosts` (several, each `user@host[:port]`), the
 * primary first (it takes the backup and runs the tasks), and the rolling batches over them.
 */

/** The target's hosts in rollout order: the primary (default: the first listed) first, then the others as listed. */
function hostsOf(target) {
    if (!target.hosts)
        return target.host ? [{ host: target.host, port: target.port }] : [];
    const all = target.hosts.map((entry) => ({ entry, ...(0,_fields_js__WEBPACK_IMPORTED_MODULE_0__/* .splitHostPort */ .cC)(entry, target.port) }));
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
const RESERVED_RULE_NAMES = ['compose', 'build-context', 'bind-mount', 'env_file', 'task-paths', 'unknown-from', 'app-code'];
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

/***/ 89814:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $z: () => (/* binding */ readLockScript),
/* harmony export */   SU: () => (/* binding */ heartbeatScript),
/* harmony export */   ZR: () => (/* binding */ parseLockRead),
/* harmony export */   dg: () => (/* binding */ releaseScript),
/* harmony export */   iy: () => (/* binding */ breakLockScript),
/* harmony export */   mq: () => (/* binding */ acquireScript),
/* harmony export */   pF: () => (/* binding */ LOCK_MISS)
/* harmony export */ });
/* harmony import */ var _transport_quote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(53803);
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
 * Creates the lock dir and writes info.json from stdin; a failed write removes the dir again (exit 4).
 * `then`: run once the lock is taken, in the same round trip (reads that need the lock; it exits 0).
 */
function acquireScript(dir, then) {
    const take = `mkdir -p "$(dirname ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)})" || exit 4; mkdir ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null || exit ${LOCK_MISS}; cat > ${info(dir)} || { rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)}; exit 4; }`;
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
/**
 * Breaks the lock `expected` (info.json's text as read) only if it is still that lock and its
 * heartbeat is still at least `silentSeconds` old, by renaming it away (one winner among concurrent
 * breakers) and deleting it. Exit LOCK_MISS when the lock changed, beat again or is gone.
 */
function breakLockScript(dir, stale, expected, silentSeconds) {
    // $(...) drops trailing newlines and NUL bytes: normalize the expected text the same way
    const text = expected.replace(/\0/g, '').replace(/\n+$/, '');
    return [
        `[ "$(cat ${info(dir)} 2>/dev/null)" = ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(text)} ] || exit ${LOCK_MISS}`,
        `beat=$(stat -c %Y ${info(dir)} 2>/dev/null || stat -c %Y ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} 2>/dev/null) || exit ${LOCK_MISS}`,
        'now=$(date +%s)',
        `[ "$((now - beat))" -ge ${Math.max(0, Math.floor(silentSeconds))} ] || exit ${LOCK_MISS}`,
        `mv ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(dir)} ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(stale)} 2>/dev/null || exit ${LOCK_MISS}`,
        `rm -rf ${(0,_transport_quote_js__WEBPACK_IMPORTED_MODULE_0__/* .shellQuote */ .Z)(stale)}`,
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

/***/ 28371:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   JK: () => (/* binding */ lockDir),
/* harmony export */   Sr: () => (/* binding */ heartbeatIntervalMs),
/* harmony export */   mF: () => (/* binding */ readLock),
/* harmony export */   x_: () => (/* binding */ releaseLock)
/* harmony export */ });
/* unused harmony exports LockHeldError, describeHolder, judgeLock */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(89814);
/* harmony import */ var _core_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(99166);



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
    return `run ${info.runId} by ${info.actor} (${info.command} ${(0,_core_text_js__WEBPACK_IMPORTED_MODULE_2__/* .shortSha */ .F)(info.sha)}${started}${beat}${info.runUrl ? `, ${info.runUrl}` : ''})`;
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
/**
 * Breaks `held` atomically: only if its info.json and heartbeat are still what was judged (one
 * winner among concurrent breakers). Returns false when it changed or another run broke it first.
 */
async function breakLock(exec, dir, held, silentSeconds) {
    const stale = `${dir}.stale.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex')}`;
    const r = await exec.sh((0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .breakLockScript */ .iy)(dir, stale, held.raw, silentSeconds), { allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return false;
    if (r.code !== 0)
        throw new Error(`cannot break the stale deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return true;
}
/** One round trip: create the lock dir and write its info (then run `then`). Its stdout once taken, else false. */
async function tryMkdir(exec, dir, info, then) {
    const r = await exec.sh((0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .acquireScript */ .mq)(dir, then), { stdin: JSON.stringify(info), allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return false;
    if (r.code !== 0)
        throw new Error(`cannot create the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return r.stdout;
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
            if (await breakLock(exec, dir, held, verdict.silentSeconds)) {
                opts.onBroken?.(`broke the deploy lock of a dead holder: ${describeHolder(held)}; ${verdict.why}`);
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
/** Releases the lock only if this run holds it, in one round trip. Returns whether it was released. */
async function releaseLock(exec, deployPath, runId) {
    const dir = lockDir(deployPath);
    const r = await exec.sh((0,_lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseScript */ .dg)(dir, runId), { allowFailure: true });
    if (r.code === _lock_scripts_js__WEBPACK_IMPORTED_MODULE_1__/* .LOCK_MISS */ .pF)
        return false;
    if (r.code !== 0)
        throw new Error(`cannot release the deploy lock ${dir}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return true;
}
//# sourceMappingURL=lock.js.map

/***/ }),

/***/ 71014:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  w8: () => (/* binding */ connectAhead),
  m6: () => (/* binding */ connectTo),
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
var errors = __webpack_require__(38066);
// EXTERNAL MODULE: ./lib/session/report.js
var report = __webpack_require__(15750);
// EXTERNAL MODULE: ./lib/session/lock.js
var lock = __webpack_require__(28371);
// EXTERNAL MODULE: ./lib/session/lock-scripts.js
var lock_scripts = __webpack_require__(89814);
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
var duration = __webpack_require__(52274);
// EXTERNAL MODULE: ./lib/core/interrupt.js
var interrupt = __webpack_require__(52322);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(53803);
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
var config_hosts = __webpack_require__(4543);
;// CONCATENATED MODULE: ./lib/session/session.js









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
    const { connectHost } = await Promise.all(/* import() */[__webpack_require__.e(823), __webpack_require__.e(970)]).then(__webpack_require__.bind(__webpack_require__, 88970));
    const { privateKey, knownHosts, fingerprint } = settings.ssh;
    const trace = settings.trace ? (line) => reporter.info(line) : undefined;
    return connectHost({ host, port, privateKey: privateKey, knownHosts, fingerprint, umask: target.umask, trace });
}
/** Opens the verified SSH connection to the target (refuses without key or host key anchor). */
async function openSession(settings, config, reporter, report) {
    const { name, target } = requireTarget(settings, config);
    report.target = name;
    requireSshKey(settings);
    const hosts = [];
    const connect = async () => {
        for (const address of (0,config_hosts/* hostsOf */.PP)(target)) {
            hosts.push(await connectTo(settings, target, address, reporter));
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
 * order (undefined should their output not parse: the caller then reads itself).
 */
async function withLock(s, sha, fn, reads) {
    const beatMs = (0,lock/* heartbeatIntervalMs */.Sr)(s.target.lock_ttl);
    const info = {
        runId: s.settings.run.id,
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
    s.reporter.persist('lock', JSON.stringify({ target: s.targetName, runId: info.runId }));
    s.heartbeat = startHeartbeat(s.conn.exec, s.target.path, info.runId, beatMs, (m) => warn(s, m));
    const unregister = (0,interrupt/* onInterrupt */.nA)(() => (0,lock/* releaseLock */.x_)(s.conn.exec, s.target.path, s.settings.run.id));
    try {
        return await fn(sent);
    }
    finally {
        unregister();
        await s.heartbeat.stop();
        s.heartbeat = undefined;
        s.reporter.persist('lock', '');
        await (0,lock/* releaseLock */.x_)(s.conn.exec, s.target.path, s.settings.run.id).catch((e) => warn(s, lockLeftMessage(s, e.message.split('\n')[0])));
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
    await Promise.all(/* import() */[__webpack_require__.e(823), __webpack_require__.e(970)]).then(__webpack_require__.bind(__webpack_require__, 88970));
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

/***/ 53803:
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

//# sourceMappingURL=717.index.js.map