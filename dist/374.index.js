import { fileURLToPath as __gdFileURLToPath } from 'node:url';
import { dirname as __gdDirname } from 'node:path';
const __filename = __gdFileURLToPath(import.meta.url);
const __dirname = __gdDirname(__filename);
export const id = 374;
export const ids = [374];
export const modules = {

/***/ 92374:
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
var errors = __webpack_require__(3828);
// EXTERNAL MODULE: ./lib/git/run.js
var run = __webpack_require__(82893);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
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
/** A workflow's `branches: [main]` (the push and pull-request triggers) set to the repository's branch. */
function onBranch(text, branch) {
    if (!branch || branch === 'main')
        return text;
    const name = /^[A-Za-z0-9._/-]+$/.test(branch) ? branch : JSON.stringify(branch);
    return text.replace(/^(\s*branches: )\[main\]$/gm, `$1[${name}]`);
}
/**
 * A workflow's target choice (`options: [production, staging]`, the templates' example) narrowed to
 * the targets the written config has: a choice of a target it lacks fails with "unknown target".
 */
function onTargets(text, targets) {
    return text.replace(/^(\s*options: )\[production, staging\]$/gm, `$1[${targets.map((t) => JSON.stringify(t)).join(', ')}]`);
}
/** The workflows to copy, as .github/workflows/<name>, triggered by `branch` (default main), offering `targets`. */
async function workflowFiles(branch, targets) {
    const dir = workflowsDir();
    if (!dir)
        throw new Error('init: deploy/workflows not found next to the gitops-deploy installation');
    const names = (await (0,promises_.readdir)(dir)).filter((n) => n.endsWith('.yml')).sort();
    return Promise.all(names.map(async (n) => ({
        path: `.github/workflows/${n}`,
        text: onTargets(onBranch(await (0,promises_.readFile)(`${dir}${n}`, 'utf8'), branch), targets),
    })));
}
/** What the copied workflows need before they can run: the action they use is a placeholder. */
const WORKFLOW_TODO = 'Then edit .github/workflows/*.yml: replace `your-org/gitops-deploy@v1` with the gitops-deploy action pinned to the full commit sha you reviewed (a workflow naming your-org fails before its first step).';
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
/** What DB_PASSWORD is for when the proposed config backs up no database that takes a password (none, or SQLite). */
const NO_DB_PASSWORD = 'not needed now (the proposed config backs up no database server); only for a `backup:` you add whose password is not in password_env on the host';
/** The proposed targets (pure): each one's `backup` and `shared`, as far as they are there. */
function proposedTargets(config) {
    const targets = config.targets;
    return targets && typeof targets === 'object' ? Object.values(targets) : [];
}
/** Whether a proposed target backs up a database server (a password may be needed; SQLite takes none). */
const backsUpServer = (config) => proposedTargets(config).some((t) => t.backup !== undefined && t.backup.engine !== 'sqlite');
/**
 * The lines telling the user what to set in GitHub; `config`: the proposed one (DB_PASSWORD is said
 * to be unneeded when it backs up no database server).
 */
function inputsLines(inputs, config = {}) {
    const what = backsUpServer(config) ? WHAT : { ...WHAT, DB_PASSWORD: NO_DB_PASSWORD };
    const line = (kind, n) => `  ${kind} ${n}${what[n] ? `: ${what[n]}` : ''}`;
    return [
        'Set in GitHub (Settings → Secrets and variables → Actions, or in the environment "production"):',
        ...inputs.secrets.map((n) => line('secret  ', n)),
        ...inputs.variables.map((n) => line('variable', n)),
    ];
}
/**
 * The last step (pure): prepare the server, naming the files and directories the proposed `shared`
 * entries need under <path>/shared/ (not always a `.env`: e.g. apps/api/.env.docker).
 */
function prepareServerLine(config) {
    const shared = [...new Set(proposedTargets(config).flatMap((t) => (Array.isArray(t.shared) ? t.shared.map(String) : [])))];
    const files = shared.length > 0 ? `, ${shared.map((p) => `<path>/shared/${p}`).join(' ')}` : '';
    return `Prepare the server (deploy user${files}, host key): docs/prepare-server.md; check it with \`gitops-deploy doctor\`.`;
}
//# sourceMappingURL=init-files.js.map
;// CONCATENATED MODULE: ./lib/commands/init-sqlite.js
/**
 * The SQLite database of a compose service that no settings file names (a non-Django app: FastAPI,
 * Flask, Node): a `sqlite:///...` URL the service is given (its compose environment, its env files,
 * else a default in its code), resolved in its container (relative to its working directory, as
 * SQLAlchemy does) and mapped through its bind mounts to a path the host keeps (`shared`). Pure:
 * facts in, the backup section (or a todo line saying why there is none) out.
 */

/** A SQLite URL in text: `sqlite:///rel.db`, `sqlite+aiosqlite:////abs/x.db` (no `:memory:`). */
const SQLITE_URL = /sqlite(?:\+[a-z0-9]+)?:\/\/\/(?!:memory:)[^\s"'`?#]+/i;
/** The file a SQLite URL names inside the container: absolute (`////abs`) or relative to `workdir`. */
function sqliteFileOf(url, workdir = '/') {
    const rest = /^[^:]+:\/\/\/(.+)$/.exec(url)?.[1];
    return rest ? external_node_path_.posix.resolve(workdir, rest) : undefined;
}
/** The last WORKDIR of a Dockerfile's last stage (`/` after each FROM); undefined when it uses a variable. */
function dockerfileWorkdir(text) {
    let dir = '/';
    for (const line of text.split('\n')) {
        const m = /^\s*(FROM|WORKDIR)\s+(\S+)/i.exec(line);
        if (!m)
            continue;
        if (m[1].toUpperCase() === 'FROM')
            dir = '/';
        else
            dir = dir === undefined || m[2].includes('$') ? undefined : external_node_path_.posix.resolve(dir, m[2]);
    }
    return dir;
}
const inShared = (shared, path) => shared.some((p) => p === path || (p.endsWith('/') && path.startsWith(p)));
/** The host path of `file` through the service's bind mounts (repo-relative), when one covers it. */
function hostPathOf(s, file) {
    const mount = (s.mounts ?? []).find((m) => file === m.target || file.startsWith(`${m.target.replace(/\/$/, '')}/`));
    return mount ? external_node_path_.posix.join(mount.source, external_node_path_.posix.relative(mount.target, file)) : undefined;
}
function serviceSqlite(s, shared, todo) {
    const found = s.sqlite?.[0];
    const file = found && sqliteFileOf(found.url, s.workdir);
    if (!found || !file)
        return undefined;
    const host = hostPathOf(s, file);
    const where = `the ${s.name} service keeps its SQLite database ${file} (${found.from})`;
    if (!host) {
        todo.push(`${where} inside its container, on no bind mount: it is lost when the container is recreated, and init proposes no backup for it; ` +
            `bind-mount its directory (./data:${external_node_path_.posix.dirname(file)}), then add targets.production.backup {engine: sqlite, path: shared/<that directory>/${external_node_path_.posix.basename(file)}}`);
        return undefined;
    }
    if (!inShared(shared, host)) {
        todo.push(`${where} in ${host}, which the repository holds (not shared): each release would start from the committed file; init proposes no backup for it`);
        return undefined;
    }
    todo.push(`check targets.production.backup: ${where}, on the host at <path>/shared/${host}`);
    return { engine: 'sqlite', path: `shared/${host}`, keep: 10 };
}
/** The backup of the first service's SQLite database that the host keeps; todo lines for those it cannot back up. */
function sqliteBackup(services, shared, todo) {
    for (const s of services) {
        const backup = serviceSqlite(s, shared, todo);
        if (backup)
            return backup;
    }
    return undefined;
}
//# sourceMappingURL=init-sqlite.js.map
;// CONCATENATED MODULE: ./lib/commands/init-health.js
const LOCAL = new Set(['*', '127.0.0.1', 'localhost', '.localhost', '[::1]']);
/** ALLOWED_HOSTS as Django apps read it from the environment: a CSV or a JSON list; undefined when not literal. */
function allowedHostsOf(value) {
    const v = value.trim().replace(/^(['"])(.*)\1$/, '$2');
    if (!v || v.includes('$'))
        return undefined;
    if (v.startsWith('[')) {
        try {
            const list = JSON.parse(v);
            return Array.isArray(list) ? list.map(String) : undefined;
        }
        catch {
            return undefined;
        }
    }
    return v
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean);
}
/** The todo lines for the health check, one per problem found in any service's environment. */
function djangoHealthHints(services) {
    const hints = [];
    for (const s of services) {
        const env = s.environment ?? {};
        const hosts = env['ALLOWED_HOSTS'] === undefined ? undefined : allowedHostsOf(env['ALLOWED_HOSTS']);
        if (hosts?.length && !hosts.some((h) => LOCAL.has(h))) {
            const host = hosts[0].replace(/^\./, '');
            hints.push(`service ${s.name}: ALLOWED_HOSTS does not list 127.0.0.1, so Django answers 400 to the health check from the host: add targets.production.health.headers: {Host: ${host}}`);
        }
        if (/^['"]?(true|1|yes|on)['"]?$/i.test(env['SECURE_SSL_REDIRECT']?.trim() ?? '')) {
            hints.push(`service ${s.name}: SECURE_SSL_REDIRECT is on, so Django answers 301 to http:// (redirects are not followed): set targets.production.health.expect_status: 301, ` +
                'or check a path listed in SECURE_REDIRECT_EXEMPT, or add X-Forwarded-Proto: https to health.headers when SECURE_PROXY_SSL_HEADER trusts it');
        }
    }
    return hints;
}
//# sourceMappingURL=init-health.js.map
;// CONCATENATED MODULE: ./lib/commands/init-settings-propose.js
/**
 * What the Django settings (init-settings.ts) change in the proposed config: MEDIA_ROOT inside the
 * project becomes a shared directory (uploads survive a release), the database engine gives the
 * backup section (a SQLite file is shared and backed up), and an ALLOWED_HOSTS of one name gives
 * the health check its Host header. Pure: facts in, additions out.
 */

const init_settings_propose_LOCAL = new Set(['*', '127.0.0.1', 'localhost', '.localhost', '[::1]']);
/** Repo-relative path of a project-relative one ('' project dir: the repo root). */
const inProject = (projectDir, p) => external_node_path_.posix.join(projectDir === '.' ? '' : projectDir, p);
/** `health.headers` when ALLOWED_HOSTS lists exactly one name that is not local. */
function healthFromSettings(s) {
    const hosts = s.allowedHosts ?? [];
    if (hosts.length !== 1 || init_settings_propose_LOCAL.has(hosts[0]) || hosts[0].includes('$'))
        return undefined;
    return { headers: { Host: hosts[0].replace(/^\./, '') } };
}
/** The shared directory for MEDIA_ROOT (uploads), when it lies inside the project; a todo when it does not. */
function mediaShared(s, projectDir, files, todo) {
    if (!s.mediaRoot)
        return undefined;
    if (s.mediaRoot.startsWith('/')) {
        todo.push(`MEDIA_ROOT is ${s.mediaRoot}, outside the deploy: make sure it exists on the host and is backed up`);
        return undefined;
    }
    const dir = inProject(projectDir, s.mediaRoot);
    if (files.some((f) => f.startsWith(`${dir}/`)))
        todo.push(`MEDIA_ROOT (${dir}/) holds committed files: move them out, then list ${dir}/ in shared so uploads survive a release`);
    else
        return `${dir}/`;
    return undefined;
}
/** The backup of a database the settings name (a host-mode dump, or the shared SQLite file), with its todo line. */
function settingsBackup(s, projectDir, project, todo) {
    const engine = s.engine;
    if (!engine)
        return undefined;
    if (engine.engine === 'sqlite') {
        if (!s.sqliteName)
            return undefined;
        const file = inProject(projectDir, s.sqliteName);
        todo.push(`before the first deploy, put the SQLite database at <path>/shared/${file} on the host (from ${engine.from}; a shared file is never uploaded; doctor checks it)`);
        return { backup: { engine: 'sqlite', path: `shared/${file}`, keep: 10 }, shared: file };
    }
    const database = s.url?.database ?? project;
    const user = s.url?.user ?? project;
    const password = s.passwordEnv ? { password_env: s.passwordEnv } : {};
    todo.push(`check targets.production.backup (${engine.engine}, from ${engine.from}: database "${database}", user "${user}"${s.passwordEnv ? `, password in ${s.passwordEnv} of the shared .env` : ', set password_env to the variable holding the password'})`);
    return { backup: { engine: engine.engine, database, user, ...password, keep: 10 } };
}
//# sourceMappingURL=init-settings-propose.js.map
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(14006);
// EXTERNAL MODULE: ./lib/transport/quote.js
var quote = __webpack_require__(41917);
// EXTERNAL MODULE: ./lib/transport/ssh-options.js
var ssh_options = __webpack_require__(59028);
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
    [/mariadb/, 'mariadb'],
    [/mysql/, 'mysql'],
    [/postgres/, 'postgres'],
];
/** The variables the official images create their database, user and password from, by engine. */
const DB_ENV = {
    mariadb: {
        database: ['MARIADB_DATABASE', 'MYSQL_DATABASE'],
        user: ['MARIADB_USER', 'MYSQL_USER'],
        password: ['MARIADB_PASSWORD', 'MYSQL_PASSWORD'],
    },
    mysql: { database: ['MYSQL_DATABASE'], user: ['MYSQL_USER'], password: ['MYSQL_PASSWORD'] },
    // the postgres image names the database after POSTGRES_USER when POSTGRES_DB is unset
    postgres: { database: ['POSTGRES_DB', 'POSTGRES_USER'], user: ['POSTGRES_USER'], password: ['POSTGRES_PASSWORD'] },
};
const firstOf = (env, names) => names.map((n) => env[n]).find((v) => v !== undefined);
/** The database and user the compose file gives the database service (literal values, `${VAR:-default}` defaults), else the project's name. */
function databaseOf(engine, env = {}, project) {
    // `${DB_NAME:-shop}`: compose's value when the variable is unset; any other `$` value is unknown here
    const value = (v) => (v.includes('$') ? /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^$}]+)\}$/.exec(v)?.[1] : v);
    const literal = Object.fromEntries(Object.entries(env).flatMap(([k, v]) => (value(v) === undefined ? [] : [[k, value(v)]])));
    const names = DB_ENV[engine];
    return { database: firstOf(literal, names.database) ?? project, user: firstOf(literal, names.user) ?? project };
}
/**
 * The `password_env` of the proposed backup, and where the backup will read it. With a shared `.env`
 * the backup reads the variable from that file on the host, not from the container
 * (docs/config.md#backup): the image's own variable when the service reads that file, the variable
 * compose interpolates into it (`MYSQL_PASSWORD: ${DB_PASSWORD}`) when that file is compose's `.env`.
 */
function passwordOf(s, engine, directory, shared) {
    const names = DB_ENV[engine].password;
    const envFile = shared.find((e) => external_node_path_.posix.basename(e) === '.env');
    if (!envFile)
        return { name: names[0], where: `${names[0]} of the ${s.name} container` };
    const onHost = `<path>/shared/${envFile}`;
    if (s.envFiles.includes(envFile))
        return { name: names[0], where: `${names[0]} in ${onHost}` };
    const written = names.find((n) => s.environment?.[n] !== undefined);
    const ref = written && /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(s.environment[written])?.[1];
    if (ref && envFile === external_node_path_.posix.join(directory, '.env'))
        return { name: ref, where: `${ref} in ${onHost} (compose passes it to ${s.name} as ${written})` };
    return {
        name: names[0],
        where: `${names[0]} in ${onHost}, which the ${s.name} service does not read: add the database password to it, or set password_env_file`,
    };
}
function composeBackup(c, project, shared, todo) {
    for (const s of c.services) {
        const match = DB_IMAGES.find(([re]) => re.test(s.image ?? ''));
        if (!match)
            continue;
        const { database, user } = databaseOf(match[1], s.environment, project);
        const password = passwordOf(s, match[1], c.directory, shared);
        todo.push(`check targets.production.backup (database "${database}" and user "${user}", password: ${password.where})`);
        return { engine: match[1], service: s.name, database, user, password_env: password.name, keep: 10 };
    }
    return undefined;
}
/** Files the host keeps across deploys: the env files, and bind-mounted directories the repository does not hold. */
function sharedPaths(c, files, fileBinds = []) {
    const inRepo = (p) => files.some((f) => f === p || f.startsWith(`${p}/`));
    const env = c.services.flatMap((s) => s.envFiles);
    const data = c.services
        .flatMap((s) => s.binds)
        .filter((b) => b && !inRepo(b) && !env.includes(b))
        .map((b) => (fileBinds.includes(b) ? b : `${b}/`));
    const all = [...new Set([...env, ...data])];
    return all.filter((p) => !all.some((q) => q !== p && q.endsWith('/') && p.startsWith(q)));
}
const TARGET_BASE = (path) => ({
    host: `deploy@${ssh_options/* INIT_PLACEHOLDER_HOST */.Mj}`,
    port: 22,
    path,
    layout: 'releases',
    keep_releases: 5,
});
function proposeCompose(facts, c, todo) {
    const project = projectName(facts.name);
    const django = has(facts.files, '**/manage.py');
    const { web } = pythonGroup(c.services);
    const shared = sharedPaths(c, facts.files, facts.fileBinds);
    const backup = composeBackup(c, project, shared, todo) ?? (django ? undefined : sqliteBackup(c.services, shared, todo));
    const settings = facts.django?.settings;
    if (settings?.engine && settings.engine.engine !== 'sqlite' && !backup)
        todo.push(`the settings use ${settings.engine.engine} (${settings.engine.from}) and no compose service runs it: add targets.production.backup {engine: ${settings.engine.engine}, host: ..., database: ..., user: ..., password_env: ...} to dump it from the host`);
    const health = settings ? healthFromSettings(settings) : undefined;
    if (c.services.some((s) => /sqlite|\bdb\b/.test(s.binds.join(' '))) && !backup)
        todo.push('a bind-mounted database directory was found: add targets.production.backup {engine: sqlite, path: ...} for its file');
    for (const f of facts.fileBinds ?? [])
        todo.push(`before the first deploy, copy ${f} to <path>/shared/${f} on the host (a shared file is never uploaded; doctor checks it)`);
    return {
        version: 1,
        compose: { directory: c.directory, files: c.files, project },
        rules: composeRules(c, facts.files, django),
        ...(django && web ? { tasks: djangoTasks(web.name) } : {}),
        targets: {
            production: {
                strategy: 'compose',
                ...TARGET_BASE(`/srv/${project}`),
                shared,
                lock_ttl: '30m',
                ...(backup ? { backup } : {}),
                ...(health ? { health } : {}),
            },
        },
    };
}
const under = (appRoot, glob) => (appRoot === '.' ? glob : `${appRoot}/${glob}`);
const isDjango = (files, appRoot) => has(files, under(appRoot, 'manage.py'));
/**
 * Django on Passenger: STATIC_ROOT (served by Apache, or by whitenoise) is filled by collectstatic on
 * the host, never by git. A release directory starts without it, and new static files can come from
 * any change (an app, a requirement), so it runs with every deploy that uploads (a docs-only one
 * deploys nothing); a later, narrower rule would never match after it.
 */
const COLLECTSTATIC_RULE = { name: 'collectstatic', paths: ['**'], tasks: ['collectstatic'] };
function passengerTasks(files, appRoot) {
    if (isDjango(files, appRoot))
        return {
            migrate: { command: 'python manage.py migrate --noinput', paths: [under(appRoot, '**/migrations/*.py')] },
            collectstatic: { command: 'python manage.py collectstatic --noinput' },
        };
    if (has(files, under(appRoot, 'alembic.ini')))
        return { migrate: { command: 'alembic upgrade head', paths: [under(appRoot, '**/alembic/**')] } };
    return undefined;
}
function passengerFrontend(files, appRoot) {
    const pkg = files.find((f) => external_node_path_.posix.basename(f) === 'package.json' && external_node_path_.posix.dirname(f) !== appRoot && f.split('/').length <= 3);
    if (!pkg)
        return undefined;
    const dir = external_node_path_.posix.dirname(pkg);
    const cd = dir === '.' ? '' : `cd ${(0,quote/* shellQuote */.Z)(dir)} && `;
    return {
        build: `${cd}npm ci && npm run build`,
        dist: external_node_path_.posix.join(dir, 'dist'),
        public_html: '/home/deploy/public_html',
        paths: [dir === '.' ? 'src/**' : `${dir}/**`],
        protect: ['.htaccess', '.well-known/'],
    };
}
/** What a Passenger target takes from the Django settings: shared media and SQLite file, backup, health Host. */
function passengerSettings(facts, project, todo) {
    if (!facts.django)
        return { shared: [] };
    const { projectDir, settings } = facts.django;
    const media = mediaShared(settings, projectDir, facts.files, todo);
    const db = settingsBackup(settings, projectDir, project, todo);
    const shared = [...(media ? [media] : []), ...(db?.shared ? [db.shared] : [])];
    return { shared, backup: db?.backup, health: healthFromSettings(settings) };
}
function proposePassenger(facts, wsgi, todo) {
    const project = projectName(facts.name);
    const appRoot = external_node_path_.posix.dirname(wsgi);
    const tasks = passengerTasks(facts.files, appRoot);
    const frontend = passengerFrontend(facts.files, appRoot);
    todo.push('set targets.production.venv to the virtualenv of the app on the host (cPanel "Setup Python App" shows it)');
    if (frontend)
        todo.push('set targets.production.frontend.public_html to the document root of the site');
    const fromSettings = passengerSettings(facts, project, todo);
    if (!fromSettings.backup)
        todo.push('add targets.production.backup when the app has a database (engine mysql/mariadb/postgres/sqlite)');
    const django = isDjango(facts.files, appRoot);
    if (django)
        todo.push('collectstatic runs with every deploy, before the switch: point Apache (Alias /static/) at STATIC_ROOT of the live release');
    return {
        version: 1,
        rules: django ? [DOCS_RULE, COLLECTSTATIC_RULE] : [DOCS_RULE],
        ...(tasks ? { tasks } : {}),
        targets: {
            production: {
                strategy: 'passenger',
                ...TARGET_BASE(`/home/deploy/apps/${project}`),
                shared: [appRoot === '.' ? '.env' : `${appRoot}/.env`, ...fromSettings.shared],
                lock_ttl: '20m',
                app_root: appRoot,
                venv: 'venv',
                requirements: 'requirements.txt',
                restart: 'touch',
                ...(frontend ? { frontend } : {}),
                ...(fromSettings.backup ? { backup: fromSettings.backup } : {}),
                ...(fromSettings.health ? { health: fromSettings.health } : {}),
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
        todo.push(...djangoHealthHints(facts.compose.services));
        return { config: proposeCompose(facts, facts.compose, todo), todo };
    }
    if (wsgi) {
        todo.push("set targets.production.health.url (the site's address as the host reaches it, e.g. https://www.example.org/): without it, a release whose app does not start stays live");
        return { config: proposePassenger(facts, wsgi, todo), todo };
    }
    throw new errors/* UserError */.yo('init: found no compose file (docker-compose.yml, compose.yaml, ...) and no passenger_wsgi.py in the repository: nothing to propose (see docs/config.md to write the config by hand)');
}
//# sourceMappingURL=init-propose.js.map
// EXTERNAL MODULE: ./lib/compose/document.js + 3 modules
var compose_document = __webpack_require__(76345);
;// CONCATENATED MODULE: ./lib/commands/init-settings.js
const BACKENDS = [
    [/postgres|postgis|pgsql/, 'postgres'],
    [/mysql|mariadb/, 'mysql'],
    [/sqlite/, 'sqlite'],
];
const engineOf = (name) => BACKENDS.find(([re]) => re.test(name.toLowerCase()))?.[1];
/** `postgres://u:p@h/db` → its engine, database and user (the password is dropped). */
function databaseUrl(url) {
    const m = /^([a-z0-9+]+):\/\/(?:([^:@/\s]*)(?::[^@/\s]*)?@)?[^/\s]*\/?([^?\s#]*)/i.exec(url.trim());
    if (!m)
        return {};
    const literal = (v) => (v && /^[A-Za-z0-9_.-]+$/.test(v) ? v : undefined);
    const engine = engineOf(m[1]);
    if (engine === 'sqlite')
        return { engine };
    return { engine, database: literal(m[3]), user: literal(m[2]) };
}
/** `KEY=value` lines of an env file (comments, `export ` and quotes dropped). */
function envLines(text) {
    const out = {};
    for (const line of text.split('\n')) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
        if (m)
            out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
    }
    return out;
}
/** The first string literal of a Python expression as a project path: BASE_DIR / 'a' / 'b', os.path.join(BASE_DIR, 'a', 'b'), '/abs'. */
function projectPath(expr) {
    const parts = [...expr.matchAll(/['"]([^'"\n]*)['"]/g)].map((m) => m[1]);
    const inner = /default\s*=\s*(.*)$/s.exec(expr)?.[1];
    if (inner)
        return projectPath(inner);
    if (/BASE_DIR|__file__|PROJECT_ROOT|ROOT_DIR/.test(expr)) {
        const rel = parts.filter((p) => p && !/^[A-Z_]+$/.test(p)).join('/');
        return rel.replace(/^\/+|\/+$/g, '') || undefined;
    }
    const last = parts[parts.length - 1];
    return last?.startsWith('/') ? last.replace(/\/+$/, '') || undefined : undefined;
}
/** The right-hand side of `NAME = ...` (to the end of the line, or of its brackets). */
function assignment(text, name) {
    const m = new RegExp(`^${name}\\s*=\\s*(.+)$`, 'm').exec(text);
    if (!m)
        return undefined;
    let expr = m[1];
    let rest = text.slice(m.index + m[0].length);
    while ((expr.match(/[([{]/g)?.length ?? 0) > (expr.match(/[)\]}]/g)?.length ?? 0) && rest) {
        const next = rest.indexOf('\n', 1);
        expr += rest.slice(0, next < 0 ? undefined : next);
        rest = next < 0 ? '' : rest.slice(next);
    }
    return expr.replace(/#.*$/gm, '');
}
function settingsEngine(text, path) {
    const backend = /['"]ENGINE['"]\s*:\s*[^\n]*?['"]django\.db\.backends\.(\w+)/.exec(text)?.[1];
    const byBackend = backend ? engineOf(backend) : undefined;
    if (byBackend)
        return { engine: byBackend, from: `${path} (DATABASES ENGINE)` };
    const url = /(?:db_url|\.db|config|parse)\([^)]*?default\s*=\s*['"]([a-z0-9+]+:\/\/[^'"]*)['"]/i.exec(text)?.[1];
    const byUrl = url ? databaseUrl(url).engine : undefined;
    return byUrl ? { engine: byUrl, from: `${path} (the default DATABASE_URL)` } : undefined;
}
function allowedHosts(expr) {
    if (!expr || !/^\s*\[/.test(expr))
        return undefined;
    const list = /^\s*\[([^\]]*)\]\s*$/.exec(expr)?.[1];
    if (list === undefined)
        return undefined;
    return [...list.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);
}
/** The facts of the settings files, then of the env examples (an example's DATABASE_URL names the engine when the settings read it). */
function settingsFacts(settings, envExamples) {
    const facts = {};
    for (const f of settings) {
        facts.engine ??= settingsEngine(f.text, f.path);
        const sqlite = /['"]NAME['"]\s*:\s*(.*BASE_DIR.*sqlite.*)$/m.exec(f.text)?.[1];
        if (sqlite)
            facts.sqliteName ??= projectPath(sqlite.replace(/,\s*$/, ''));
        facts.mediaRoot ??= projectPath(assignment(f.text, 'MEDIA_ROOT') ?? '');
        facts.staticRoot ??= projectPath(assignment(f.text, 'STATIC_ROOT') ?? '');
        facts.allowedHosts ??= allowedHosts(assignment(f.text, 'ALLOWED_HOSTS'));
    }
    for (const f of envExamples) {
        const env = envLines(f.text);
        const url = env.DATABASE_URL ? databaseUrl(env.DATABASE_URL) : {};
        if (url.engine && (!facts.engine || facts.engine.from.includes('default DATABASE_URL')))
            facts.engine = { engine: url.engine, from: `${f.path} (DATABASE_URL)` };
        if (url.database || url.user)
            facts.url ??= { database: url.database, user: url.user };
        facts.passwordEnv ??= Object.keys(env).find((k) => /^(DB|DATABASE|POSTGRES|MYSQL|MARIADB)_?PASS(WORD)?$/.test(k));
        if (!facts.allowedHosts && env.ALLOWED_HOSTS && !env.ALLOWED_HOSTS.includes('$'))
            facts.allowedHosts = env.ALLOWED_HOSTS.split(',')
                .map((h) => h.trim())
                .filter(Boolean);
    }
    return facts;
}
//# sourceMappingURL=init-settings.js.map
;// CONCATENATED MODULE: ./lib/commands/init-sqlite-scan.js
/**
 * What `init` reads for a compose service's SQLite database (init-sqlite.ts decides): the SQLite
 * URLs it is given (its compose `environment`, its env files as they are in the work tree, even
 * gitignored, and their committed examples next to them, else a default in the code of its build
 * context) and its Dockerfile's WORKDIR. Of an env file only a value that is a SQLite URL is kept.
 */




const ENV_EXAMPLE = /^\.?env[^/]*\.(example|sample|dist|template)$/;
const CODE = /\.(py|toml|ini|cfg|ya?ml|json|js|ts|rb|php)$/;
const MAX_CODE_FILES = 200;
const MAX_TEXT = 256 * 1024;
const read = (root, path) => (0,promises_.readFile)((0,external_node_path_.join)(root, path), 'utf8').then((t) => t.slice(0, MAX_TEXT), () => '');
/** `KEY=sqlite:///...` entries of an env text, as found in `path`. */
const fromEnv = (env, where) => Object.entries(env).flatMap(([k, v]) => {
    const url = SQLITE_URL.exec(v)?.[0];
    return url ? [{ url, from: `${k} in ${where}` }] : [];
});
async function envFileUrls(root, s, files) {
    const examples = s.envFiles.flatMap((e) => files.filter((f) => external_node_path_.posix.dirname(f) === external_node_path_.posix.dirname(e) && ENV_EXAMPLE.test(external_node_path_.posix.basename(f))));
    const paths = [...new Set([...s.envFiles, ...examples])];
    const texts = await Promise.all(paths.map((p) => read(root, p)));
    return paths.flatMap((p, i) => fromEnv(envLines(texts[i]), p));
}
async function codeUrls(root, context, files) {
    const inContext = files.filter((f) => (context === '' || f.startsWith(`${context}/`)) && CODE.test(f)).slice(0, MAX_CODE_FILES);
    const texts = await Promise.all(inContext.map((f) => read(root, f)));
    return inContext.flatMap((f, i) => {
        const url = SQLITE_URL.exec(texts[i])?.[0];
        return url ? [{ url, from: `the default in ${f}` }] : [];
    });
}
async function init_sqlite_scan_serviceSqlite(root, s, files) {
    const compose = fromEnv(s.environment ?? {}, `the compose environment`);
    const env = await envFileUrls(root, s, files);
    const code = s.build ? await codeUrls(root, s.build.context, files) : [];
    const sqlite = [...compose, ...env, ...code];
    if (sqlite.length === 0)
        return s;
    const workdir = s.workdir ?? (s.build ? dockerfileWorkdir(await read(root, s.build.dockerfile)) : undefined);
    return { ...s, sqlite, ...(workdir ? { workdir } : {}) };
}
/** The compose facts with each service's SQLite URLs and working directory added. */
async function withSqliteFacts(root, compose, files) {
    return { ...compose, services: await Promise.all(compose.services.map((s) => init_sqlite_scan_serviceSqlite(root, s, files))) };
}
//# sourceMappingURL=init-sqlite-scan.js.map
;// CONCATENATED MODULE: ./lib/commands/init-scan.js
/**
 * What `init` reads from the repository it runs in: its files (those git would commit; a bounded walk outside git) and
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
function bindMounts(dir, volumes) {
    return asList(volumes)
        .map((v) => (typeof v === 'string' ? v.split(':') : v?.type === 'bind' ? [v.source, v.target] : []))
        .filter((m) => typeof m[0] === 'string' && m[0].startsWith('.'))
        .map(([source, target]) => ({ source: fromCompose(dir, source), target: typeof target === 'string' ? target : '' }));
}
/** `environment:` as a map or a `KEY=value` list, its values as written (numbers and booleans as text). */
function environmentOf(raw) {
    const pairs = Array.isArray(raw)
        ? raw
            .filter((e) => typeof e === 'string' && e.includes('='))
            .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])
        : raw && typeof raw === 'object'
            ? Object.entries(raw)
            : [];
    const values = pairs
        .map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v])
        .filter((e) => typeof e[1] === 'string' && e[1] !== '');
    return Object.fromEntries(values);
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
        binds: bindMounts(dir, raw.volumes).map((m) => m.source),
        mounts: bindMounts(dir, raw.volumes).filter((m) => m.target.startsWith('/')),
        environment: environmentOf(raw.environment),
        ...(typeof raw.working_dir === 'string' ? { workdir: raw.working_dir } : {}),
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
            const environment = { ...had?.environment, ...facts.environment };
            services.set(name, had ? { ...had, ...facts, build: facts.build ?? had.build, image: facts.image ?? had.image, environment } : facts);
        }
    }
    return { ...picked, services: [...services.values()] };
}
/**
 * The files a commit of the work tree holds: tracked, plus untracked ones not ignored (a repository
 * not committed yet). Ignored files (local data, a secret override, .env) are not the repository's:
 * a deploy never ships them. Undefined outside a git work tree.
 */
async function gitFiles(root) {
    const out = await (0,run/* runGit */.E)(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).catch(() => undefined);
    if (!out)
        return undefined;
    const skipped = (f) => f.split('/').some((part) => SKIP.has(part));
    return [...new Set(out.toString('utf8').split('\0'))].filter((f) => f && !skipped(f)).slice(0, MAX_FILES);
}
/** Bind sources git does not hold that are files in the work tree (a local SQLite db, a config): shared as files. */
async function localFileBinds(root, compose, files) {
    const outside = [...new Set(compose.services.flatMap((s) => s.binds))].filter((b) => b && !files.includes(b));
    const isFile = await Promise.all(outside.map((b) => (0,promises_.stat)((0,external_node_path_.join)(root, b)).then((st) => st.isFile(), () => false)));
    return outside.filter((_, i) => isFile[i]);
}
const SETTINGS = /(^|\/)settings(\.py|\/[A-Za-z0-9_]+\.py)$/;
const init_scan_ENV_EXAMPLE = /(^|\/)\.?env\.(example|sample|dist|template)$/;
const init_scan_MAX_TEXT = 256 * 1024;
/** The repository's text files matching `re` (the first 20; each read up to MAX_TEXT characters). */
async function readTexts(root, files, re) {
    const picked = files.filter((f) => re.test(f) && !/(^|\/)(tests?|site-packages)\//.test(f)).slice(0, 20);
    const texts = await Promise.all(picked.map((f) => (0,promises_.readFile)((0,external_node_path_.join)(root, f), 'utf8').catch(() => '')));
    return picked.map((path, i) => ({ path, text: texts[i].slice(0, init_scan_MAX_TEXT) }));
}
/** The Django facts: where manage.py is (the shallowest), and its settings read as text (never run). */
async function djangoFacts(root, files) {
    const manage = files.filter((f) => external_node_path_.posix.basename(f) === 'manage.py').sort((a, b) => a.split('/').length - b.split('/').length)[0];
    if (!manage)
        return undefined;
    const settings = settingsFacts(await readTexts(root, files, SETTINGS), await readTexts(root, files, init_scan_ENV_EXAMPLE));
    return { projectDir: external_node_path_.posix.dirname(manage), settings };
}
/** Reads the facts of the repository at `repo` (its git files; every file, walked, outside git). */
async function scanRepo(repo) {
    const root = (0,external_node_path_.resolve)(repo);
    const files = (await gitFiles(root)) ?? [];
    if (files.length === 0)
        await walk(root, '', 0, files);
    const django = await djangoFacts(root, files);
    const picked = pickComposeFiles(files);
    if (!picked)
        return { name: (0,external_node_path_.basename)(root), files, ...(django ? { django } : {}) };
    const compose = await withSqliteFacts(root, await readCompose(root, picked), files);
    return { name: (0,external_node_path_.basename)(root), files, compose, fileBinds: await localFileBinds(root, compose, files), ...(django ? { django } : {}) };
}
//# sourceMappingURL=init-scan.js.map
;// CONCATENATED MODULE: ./lib/commands/init.js








/** Refuses to overwrite: every file that exists is named (all or nothing). */
function refuseExisting(repo, files, force) {
    const existing = files.filter((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(repo, f.path))).map((f) => f.path);
    if (existing.length > 0 && !force)
        throw new errors/* UserError */.yo(`init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing written (--force overwrites them)`);
}
/** The branch the repository is on (the workflows deploy its pushes); none outside git or on a detached HEAD. */
async function currentBranch(repo) {
    const out = await (0,run/* gitAt */.c)(repo)
        .raw(['symbolic-ref', '--quiet', '--short', 'HEAD'])
        .catch(() => '');
    return out.trim() || undefined;
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
    const workflows = await workflowFiles(await currentBranch(settings.repo), Object.keys(proposal.config.targets));
    const files = [{ path: (0,external_node_path_.relative)(settings.repo, settings.configPath), text: configText(proposal) }, ...workflows];
    refuseExisting(settings.repo, files, settings.force ?? false);
    for (const f of files) {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)((0,external_node_path_.join)(settings.repo, f.path)), { recursive: true });
        await (0,promises_.writeFile)((0,external_node_path_.join)(settings.repo, f.path), f.text);
    }
    report.notes.push(...files.map((f) => `wrote ${f.path}`), '', ...inputsLines(workflowInputs(workflows.map((w) => w.text)), proposal.config), '', `Then edit ${files[0].path}:`, ...proposal.todo.map((t) => `  - ${t}`), WORKFLOW_TODO, prepareServerLine(proposal.config));
}
//# sourceMappingURL=init.js.map

/***/ })

};

//# sourceMappingURL=374.index.js.map