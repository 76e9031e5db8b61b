import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 787;
export const ids = [787];
export const modules = {

/***/ 77787:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  initCommand: () => (/* binding */ initCommand)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(38066);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ../main/node_modules/yaml/dist/index.js
var dist = __webpack_require__(43439);
;// CONCATENATED MODULE: ./lib/commands/init-files.js
/**
 * The files `init` writes: the config as YAML text (with what is left to fill in as comments), and
 * the workflows copied from deploy/workflows; plus the secrets and variables those workflows read.
 */




const SCHEMA_URL = 'https://raw.githubusercontent.com/your-org/gitops-deploy/main/deploy/schema/deploy.schema.json';
/** The config file text: a schema hint, the TODO list as comments, then the config. */
function configText(p) {
    const header = [
        `# yaml-language-server: $schema=${SCHEMA_URL}`,
        '#',
        '# Written by `gitops-deploy init`. Reference: docs/config.md. Still to do:',
        ...p.todo.map((t) => `#   - ${t}`),
        '',
    ];
    return `${header.join('\n')}${(0,dist/* stringify */.As)(p.config, { lineWidth: 0 })}`;
}
/** deploy/workflows of this package: next to lib/ and dist/ (two levels up), or src/ when run from source. */
function workflowsDir() {
    return ['../../deploy/workflows/', '../../../deploy/workflows/']
        .map((p) => (0,external_node_url_.fileURLToPath)(new URL(p, import.meta.url)))
        .find((d) => (0,external_node_fs_.existsSync)(d));
}
/** The workflows to copy, as .github/workflows/<name>. */
async function workflowFiles() {
    const dir = workflowsDir();
    if (!dir)
        throw new Error('init: deploy/workflows not found next to the gitops-deploy installation');
    const names = (await (0,promises_.readdir)(dir)).filter((n) => n.endsWith('.yml')).sort();
    return Promise.all(names.map(async (n) => ({ path: `.github/workflows/${n}`, text: await (0,promises_.readFile)(`${dir}${n}`, 'utf8') })));
}
const WHAT = {
    DEPLOY_SSH_KEY: 'the private key of the deploy user (ssh-keygen -t ed25519; its .pub goes into ~/.ssh/authorized_keys on the host)',
    DEPLOY_KNOWN_HOSTS: 'the `ssh-keyscan -p PORT HOST` line of the host, its fingerprint checked out of band (docs/prepare-server.md)',
    DB_PASSWORD: 'only when the backup has no password_env on the host',
};
/** `secrets.X` and `vars.X` the workflows read (GITHUB_TOKEN excluded), each once, in order. */
function workflowInputs(texts) {
    const find = (kind) => {
        const re = new RegExp(`\\$\\{\\{\\s*${kind}\\.([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}`, 'g');
        return [...new Set(texts.flatMap((t) => [...t.matchAll(re)].map((m) => m[1])))].filter((n) => n !== 'GITHUB_TOKEN');
    };
    return { secrets: find('secrets'), variables: find('vars') };
}
/** The lines telling the user what to set in GitHub. */
function inputsLines(inputs) {
    const line = (kind, n) => `  ${kind} ${n}${WHAT[n] ? `: ${WHAT[n]}` : ''}`;
    return [
        'Set in GitHub (Settings → Secrets and variables → Actions, or in the environment "production"):',
        ...inputs.secrets.map((n) => line('secret  ', n)),
        ...inputs.variables.map((n) => line('variable', n)),
    ];
}
//# sourceMappingURL=init-files.js.map
// EXTERNAL MODULE: ../main/node_modules/picomatch/index.js
var picomatch = __webpack_require__(6310);
;// CONCATENATED MODULE: ./lib/commands/init-propose.js
/**
 * The config `init` proposes for a repository (pure: facts in, config object out), following the
 * seed deployments: templates → web; Python → web and the Celery services built like it; a
 * Dockerfile → the services built from it, without cache; static files → web, collectstatic and a
 * restart of nginx; a compose edit → the changed services (the planner does that without a rule).
 * A passenger_wsgi.py and no compose file → a Passenger target.
 */



const WEB_NAMES = ['web', 'backend', 'api', 'app', 'django', 'server'];
const CELERY = /celery|worker|beat/;
const FRONTEND = /front|ui|client|spa/;
const DOCS_RULE = { name: 'docs', paths: ['**/*.md', 'docs/**', '.github/**'], ignore: true };
/** A compose project name from the directory name. */
function projectName(dirName) {
    const n = dirName
        .toLowerCase()
        .replace(/[^a-z0-9_-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '');
    return n || 'app';
}
const has = (files, glob) => {
    const match = picomatch(glob, { dot: true });
    return files.some((f) => match(f));
};
const sameBuild = (a, b) => !!a.build && !!b.build && a.build.context === b.build.context && a.build.dockerfile === b.build.dockerfile;
/** The web service and the Celery services built from the same image (the seed's "Python → web, celery_worker, celery_beat"). */
function pythonGroup(services) {
    const built = services.filter((s) => s.build);
    const web = WEB_NAMES.map((n) => built.find((s) => s.name === n)).find(Boolean) ??
        built.find((s) => !FRONTEND.test(s.name) && !CELERY.test(s.name));
    if (!web)
        return { group: [] };
    const celery = built.filter((s) => s !== web && CELERY.test(s.name) && sameBuild(s, web));
    return { web, group: [web.name, ...celery.map((s) => s.name)] };
}
function dockerfileRules(services) {
    const byFile = new Map();
    for (const s of services)
        if (s.build)
            byFile.set(s.build.dockerfile, [...(byFile.get(s.build.dockerfile) ?? []), s.name]);
    return [...byFile].map(([file, names], i) => ({
        name: byFile.size === 1 ? 'dockerfile' : `dockerfile-${i + 1}`,
        paths: [file],
        build: names,
        no_cache: true,
    }));
}
function frontendRule(services, files, web) {
    const front = services.find((s) => s.build && s !== web && FRONTEND.test(s.name));
    const dir = files.map((f) => external_node_path_.posix.dirname(f)).find((d, i) => external_node_path_.posix.basename(files[i]) === 'package.json' && d !== '.');
    if (!front || !dir)
        return undefined;
    return { name: 'frontend', paths: [`${dir}/**`], build: [front.name] };
}
function composeRules(c, files, django) {
    const { web, group } = pythonGroup(c.services);
    const nginx = c.services.find((s) => /nginx/.test(s.name) || /nginx/.test(s.image ?? ''));
    const python = web && has(files, '**/*.py');
    const rules = [DOCS_RULE, ...dockerfileRules(c.services)];
    if (python && django && has(files, '**/static/**'))
        rules.push({
            name: 'static',
            paths: ['**/static/**'],
            build: [web.name],
            tasks: ['collectstatic'],
            ...(nginx ? { restart: [nginx.name] } : {}),
        });
    if (python && has(files, '**/templates/**'))
        rules.push({ name: 'templates', paths: ['**/templates/**'], build: [web.name] });
    const front = frontendRule(c.services, files, web);
    if (front)
        rules.push(front);
    if (python)
        rules.push({ name: 'python', paths: ['**/*.py', '**/requirements*.txt'], build: group });
    return rules;
}
function djangoTasks(service) {
    const on = service ? { service } : {};
    return {
        migrate: { ...on, command: 'python manage.py migrate --noinput', paths: ['**/migrations/*.py'] },
        collectstatic: { ...on, command: 'python manage.py collectstatic --noinput' },
    };
}
const DB_IMAGES = [
    [/mariadb/, 'mariadb', 'MARIADB_PASSWORD'],
    [/mysql/, 'mysql', 'MYSQL_PASSWORD'],
    [/postgres/, 'postgres', 'POSTGRES_PASSWORD'],
];
function composeBackup(c, project, todo) {
    for (const s of c.services) {
        const match = DB_IMAGES.find(([re]) => re.test(s.image ?? ''));
        if (!match)
            continue;
        todo.push(`check targets.production.backup (database and user "${project}", password in ${match[2]} of the ${s.name} container)`);
        return { engine: match[1], service: s.name, database: project, user: project, password_env: match[2], keep: 10 };
    }
    return undefined;
}
/** Files the host keeps across deploys: the env files, and bind-mounted directories the repository does not hold. */
function sharedPaths(c, files) {
    const inRepo = (p) => files.some((f) => f === p || f.startsWith(`${p}/`));
    const env = c.services.flatMap((s) => s.envFiles);
    const data = c.services
        .flatMap((s) => s.binds)
        .filter((b) => b && !inRepo(b) && !env.includes(b))
        .map((b) => `${b}/`);
    const all = [...new Set([...env, ...data])];
    return all.filter((p) => !all.some((q) => q !== p && q.endsWith('/') && p.startsWith(q)));
}
const TARGET_BASE = (path) => ({
    host: 'deploy@your-server.example.org',
    port: 22,
    path,
    layout: 'releases',
    keep_releases: 5,
});
function proposeCompose(facts, c, todo) {
    const project = projectName(facts.name);
    const django = has(facts.files, '**/manage.py');
    const { web } = pythonGroup(c.services);
    const backup = composeBackup(c, project, todo);
    if (c.services.some((s) => /sqlite|\bdb\b/.test(s.binds.join(' '))) && !backup)
        todo.push('a bind-mounted database directory was found: add targets.production.backup {engine: sqlite, path: ...} for its file');
    return {
        version: 1,
        compose: { directory: c.directory, files: c.files, project },
        rules: composeRules(c, facts.files, django),
        ...(django && web ? { tasks: djangoTasks(web.name) } : {}),
        targets: {
            production: {
                strategy: 'compose',
                ...TARGET_BASE(`/srv/${project}`),
                shared: sharedPaths(c, facts.files),
                lock_ttl: '30m',
                ...(backup ? { backup } : {}),
            },
        },
    };
}
function passengerTasks(files, appRoot) {
    const under = (glob) => (appRoot === '.' ? glob : `${appRoot}/${glob}`);
    if (has(files, under('manage.py')))
        return { migrate: { command: 'python manage.py migrate --noinput', paths: [under('**/migrations/*.py')] } };
    if (has(files, under('alembic.ini')))
        return { migrate: { command: 'alembic upgrade head', paths: [under('**/alembic/**')] } };
    return undefined;
}
function passengerFrontend(files, appRoot) {
    const pkg = files.find((f) => external_node_path_.posix.basename(f) === 'package.json' && external_node_path_.posix.dirname(f) !== appRoot && f.split('/').length <= 3);
    if (!pkg)
        return undefined;
    const dir = external_node_path_.posix.dirname(pkg);
    const cd = dir === '.' ? '' : `cd ${dir} && `;
    return {
        build: `${cd}npm ci && npm run build`,
        dist: external_node_path_.posix.join(dir, 'dist'),
        public_html: '/home/deploy/public_html',
        paths: [dir === '.' ? 'src/**' : `${dir}/**`],
        protect: ['.htaccess', '.well-known/'],
    };
}
function proposePassenger(facts, wsgi, todo) {
    const project = projectName(facts.name);
    const appRoot = external_node_path_.posix.dirname(wsgi);
    const tasks = passengerTasks(facts.files, appRoot);
    const frontend = passengerFrontend(facts.files, appRoot);
    todo.push('set targets.production.venv to the virtualenv of the app on the host (cPanel "Setup Python App" shows it)');
    if (frontend)
        todo.push('set targets.production.frontend.public_html to the document root of the site');
    todo.push('add targets.production.backup when the app has a database (engine mysql/mariadb/postgres/sqlite)');
    return {
        version: 1,
        rules: [DOCS_RULE],
        ...(tasks ? { tasks } : {}),
        targets: {
            production: {
                strategy: 'passenger',
                ...TARGET_BASE(`/home/deploy/apps/${project}`),
                shared: [appRoot === '.' ? '.env' : `${appRoot}/.env`],
                lock_ttl: '20m',
                app_root: appRoot,
                venv: 'venv',
                requirements: 'requirements.txt',
                restart: 'touch',
                ...(frontend ? { frontend } : {}),
            },
        },
    };
}
/** The config proposed for the repository, and what is left to the user. */
function proposeConfig(facts) {
    const todo = ['set targets.production.host (user@host) and path (the deploy directory on the host)'];
    const wsgi = facts.files.filter((f) => external_node_path_.posix.basename(f) === 'passenger_wsgi.py').sort((a, b) => a.length - b.length)[0];
    if (facts.compose) {
        todo.push('set targets.production.health.url (an URL the host itself can reach, e.g. http://127.0.0.1:8000/health/)');
        return { config: proposeCompose(facts, facts.compose, todo), todo };
    }
    if (wsgi)
        return { config: proposePassenger(facts, wsgi, todo), todo };
    throw new errors/* UserError */.yo('init: found no compose file (docker-compose.yml, compose.yaml, ...) and no passenger_wsgi.py in the repository: nothing to propose (see docs/config.md to write the config by hand)');
}
//# sourceMappingURL=init-propose.js.map
// EXTERNAL MODULE: ./lib/compose/document.js + 1 modules
var compose_document = __webpack_require__(7319);
;// CONCATENATED MODULE: ./lib/commands/init-scan.js
/**
 * What `init` reads from the repository it runs in: its files (a bounded walk, no git needed) and
 * its compose files (services, build contexts, env files, bind mounts), as plain facts for the pure
 * proposal in init-propose.ts.
 */





const SKIP = new Set(['.git', 'node_modules', 'venv', '.venv', '__pycache__', 'dist', 'build', '.tox', '.mypy_cache']);
const MAX_DEPTH = 6;
const MAX_FILES = 50_000;
async function walk(root, rel, depth, out) {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES)
        return;
    const entries = await (0,promises_.readdir)((0,external_node_path_.join)(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const path = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory() && !SKIP.has(e.name))
            await walk(root, path, depth + 1, out);
        else if (e.isFile())
            out.push(path);
    }
}
/** `docker-compose.yml`, `compose.yaml`, `docker-compose.prod.yml`...: the base one, then a production override. */
const COMPOSE_NAME = /^(docker-)?compose(\.([A-Za-z0-9_-]+))?\.ya?ml$/;
const PROD_OVERRIDE = /^(prod|production)$/;
/** The compose files init proposes: the shallowest base file, plus its production override next to it. */
function pickComposeFiles(files) {
    const bases = files.filter((f) => COMPOSE_NAME.exec(external_node_path_.posix.basename(f)) && !COMPOSE_NAME.exec(external_node_path_.posix.basename(f))[3]);
    const base = bases.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
    if (!base)
        return undefined;
    const directory = external_node_path_.posix.dirname(base);
    const override = files.find((f) => {
        const m = COMPOSE_NAME.exec(external_node_path_.posix.basename(f));
        return external_node_path_.posix.dirname(f) === directory && m?.[3] !== undefined && PROD_OVERRIDE.test(m[3]);
    });
    return { directory, files: [external_node_path_.posix.basename(base), ...(override ? [external_node_path_.posix.basename(override)] : [])] };
}
const asList = (v) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
/** a compose-relative path → repo-relative ('' for the repo root) */
const fromCompose = (dir, p) => external_node_path_.posix.normalize(external_node_path_.posix.join(dir, p)).replace(/^\.$/, '').replace(/\/$/, '');
function buildOf(dir, raw) {
    if (raw === undefined || raw === null)
        return undefined;
    const b = typeof raw === 'string' ? { context: raw } : raw;
    const context = fromCompose(dir, typeof b.context === 'string' ? b.context : '.');
    const dockerfile = typeof b.dockerfile === 'string' ? b.dockerfile : 'Dockerfile';
    return { context, dockerfile: external_node_path_.posix.join(context, dockerfile) };
}
function bindSources(dir, volumes) {
    return asList(volumes)
        .map((v) => (typeof v === 'string' ? v.split(':')[0] : v?.type === 'bind' ? v.source : undefined))
        .filter((s) => typeof s === 'string' && s.startsWith('.'))
        .map((s) => fromCompose(dir, s));
}
function serviceFacts(dir, name, raw) {
    const envFiles = asList(raw.env_file)
        .map((e) => (typeof e === 'string' ? e : e?.path))
        .filter((e) => typeof e === 'string')
        .map((e) => fromCompose(dir, e));
    return {
        name,
        ...(typeof raw.image === 'string' ? { image: raw.image } : {}),
        ...(raw.build !== undefined ? { build: buildOf(dir, raw.build) } : {}),
        envFiles,
        binds: bindSources(dir, raw.volumes),
    };
}
async function readCompose(root, picked) {
    const services = new Map();
    for (const file of picked.files) {
        const path = external_node_path_.posix.join(picked.directory, file);
        let doc;
        try {
            doc = ((0,dist/* parse */.qg)(await (0,promises_.readFile)((0,external_node_path_.join)(root, path), 'utf8')) ?? {});
        }
        catch (e) {
            throw new errors/* UserError */.yo(`init: cannot read ${path}: ${e.message.split('\n')[0]}`);
        }
        for (const [name, raw] of Object.entries((doc.services ?? {}))) {
            const problem = (0,compose_document/* serviceNameProblem */.A)(name);
            if (problem)
                throw new errors/* UserError */.yo(`init: ${path}: ${problem}`);
            const facts = serviceFacts(picked.directory === '.' ? '' : picked.directory, name, raw ?? {});
            const had = services.get(name);
            services.set(name, had ? { ...had, ...facts, build: facts.build ?? had.build, image: facts.image ?? had.image } : facts);
        }
    }
    return { ...picked, services: [...services.values()] };
}
/** Reads the facts of the repository at `repo`. */
async function scanRepo(repo) {
    const root = (0,external_node_path_.resolve)(repo);
    const files = [];
    await walk(root, '', 0, files);
    const picked = pickComposeFiles(files);
    return { name: (0,external_node_path_.basename)(root), files, ...(picked ? { compose: await readCompose(root, picked) } : {}) };
}
//# sourceMappingURL=init-scan.js.map
;// CONCATENATED MODULE: ./lib/commands/init.js







/** Refuses to overwrite: every file that exists is named (all or nothing). */
function refuseExisting(repo, files, force) {
    const existing = files.filter((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(repo, f.path))).map((f) => f.path);
    if (existing.length > 0 && !force)
        throw new errors/* UserError */.yo(`init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (--force overwrites them)`);
}
/**
 * `init` (local, no SSH): writes .github/deploy.yml proposed from the repository, and the
 * deploy/rollback/backup/plan workflows; prints the secrets and variables to set.
 */
async function initCommand(settings, reporter, report) {
    if (!(await (0,promises_.stat)(settings.repo).then((st) => st.isDirectory(), () => false)))
        throw new errors/* UserError */.yo(`init: ${settings.repo} is not a directory (--repo: the repository to scan)`);
    const facts = await reporter.group('Scan', () => scanRepo(settings.repo));
    const proposal = proposeConfig(facts);
    const workflows = await workflowFiles();
    const files = [{ path: (0,external_node_path_.relative)(settings.repo, settings.configPath), text: configText(proposal) }, ...workflows];
    refuseExisting(settings.repo, files, settings.force ?? false);
    for (const f of files) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)((0,external_node_path_.join)(settings.repo, f.path)), { recursive: true });
        await (0,promises_.writeFile)((0,external_node_path_.join)(settings.repo, f.path), f.text);
    }
    report.notes.push(...files.map((f) => `wrote ${f.path}`), '', ...inputsLines(workflowInputs(workflows.map((w) => w.text))), '', `Then edit ${files[0].path}:`, ...proposal.todo.map((t) => `  - ${t}`), 'Prepare the server (deploy user, <path>/shared/.env, host key): docs/prepare-server.md; check it with `gitops-deploy doctor`.');
}
//# sourceMappingURL=init.js.map

/***/ }),

/***/ 7319:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ parseComposeServices),
  A: () => (/* binding */ serviceNameProblem)
});

// EXTERNAL MODULE: ../main/node_modules/yaml/dist/index.js
var dist = __webpack_require__(43439);
// EXTERNAL MODULE: ./lib/core/errors.js
var errors = __webpack_require__(38066);
// EXTERNAL MODULE: ./lib/core/text.js
var core_text = __webpack_require__(99166);
// EXTERNAL MODULE: ./lib/compose/values.js
var values = __webpack_require__(87990);
;// CONCATENATED MODULE: ./lib/compose/normalize.js

/** Keys whose list form ("KEY=value" / "KEY") is equivalent to a mapping. */
const KEY_VALUE_KEYS = ['environment', 'labels', 'annotations'];
const BUILD_KEY_VALUE_KEYS = ['args', 'labels'];
/**
 * Rewrites the equivalent short forms of a service definition into one canonical form, so that
 * merging and diffing see `build: ..` and `build: {context: ..}` (or `environment: [A=1]` and
 * `environment: {A: "1"}`) as the same thing:
 * - `build: <string>` → `build: {context: <string>}`
 * - `env_file: <string>` → `env_file: [<string>]`
 * - list-form `environment`, `labels`, `annotations`, `build.args`, `build.labels` → mappings
 *   ("KEY=value" → KEY: "value", "KEY" → KEY: null)
 */
function normalizeService(def) {
    const out = { ...def };
    if (typeof out.build === 'string')
        out.build = { context: out.build };
    if ((0,values/* isPlainMap */.nK)(out.build))
        out.build = normalizeKeyValues(out.build, BUILD_KEY_VALUE_KEYS);
    if (typeof out.env_file === 'string')
        out.env_file = [out.env_file];
    return normalizeKeyValues(out, KEY_VALUE_KEYS);
}
function normalizeKeyValues(map, keys) {
    const out = { ...map };
    for (const key of keys) {
        const value = out[key];
        if (Array.isArray(value))
            out[key] = listToMap(value);
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
var interpolate = __webpack_require__(28373);
;// CONCATENATED MODULE: ./lib/compose/document.js






/**
 * Parses one compose file: YAML 1.2 with `<<` merge keys; anchors/aliases resolve natively. The
 * services' values are interpolated with `vars` (interpolate.ts), per file before any merge as
 * compose does; what cannot be resolved stays raw and is added to `unresolved`. Throws a UserError naming the file (and line) for invalid YAML or a malformed `services` section.
 */
function parseComposeServices(path, content, vars = {}, unresolved = new Set()) {
    const doc = (0,dist/* parseDocument */.Tp)(content, { merge: true, prettyErrors: true });
    const error = doc.errors[0];
    if (error) {
        const line = error.linePos?.[0]?.line;
        throw new errors/* UserError */.yo(`${path}: invalid YAML: ${error.message}`, { file: path, line });
    }
    const root = doc.toJS({ maxAliasCount: 1000 });
    if (root === null || root === undefined)
        return {};
    if (!(0,values/* isPlainMap */.nK)(root))
        throw new errors/* UserError */.yo(`${path}: a compose file must be a mapping at the top level`, { file: path });
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

/***/ 28373:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ interpolate),
/* harmony export */   e: () => (/* binding */ interpolateTree)
/* harmony export */ });
/* harmony import */ var _values_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87990);
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
    if (!(0,_values_js__WEBPACK_IMPORTED_MODULE_0__/* .isPlainMap */ .nK)(value))
        return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, vars, unresolved)]));
}
//# sourceMappingURL=interpolate.js.map

/***/ }),

/***/ 87990:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ deepEqual),
/* harmony export */   dj: () => (/* binding */ canonicalJson),
/* harmony export */   nK: () => (/* binding */ isPlainMap)
/* harmony export */ });
/** Small helpers over plain YAML/JSON values (what `yaml`'s toJS produces). */
function isPlainMap(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/***/ })

};

//# sourceMappingURL=787.index.js.map