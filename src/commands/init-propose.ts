/**
 * The config `init` proposes for a repository (pure: facts in, config object out), following the
 * seed deployments: templates → web; Python → web and the Celery services built like it; a
 * Dockerfile → the services built from it, without cache; static files → web, collectstatic and a
 * restart of nginx; a compose edit → the changed services (the planner does that without a rule).
 * A passenger_wsgi.py and no compose file → a Passenger target.
 */
import { sqliteBackup } from './init-sqlite.js';
import { djangoHealthHints } from './init-health.js';
import { healthFromSettings, mediaShared, settingsBackup } from './init-settings-propose.js';
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { UserError } from '../core/errors.js';
import { shellQuote } from '../transport/quote.js';
import { INIT_PLACEHOLDER_HOST } from '../transport/ssh-options.js';
import type { ComposeFacts, RepoFacts, ServiceFacts } from './init-scan.js';

export type Yaml = Record<string, unknown>;

export interface Proposal {
  config: Yaml;
  /** what the user still has to fill in or decide (printed, and written as comments) */
  todo: string[];
}

const WEB_NAMES = ['web', 'backend', 'api', 'app', 'django', 'server'];
const CELERY = /celery|worker|beat/;
const FRONTEND = /front|ui|client|spa/;
const DOCS_RULE = { name: 'docs', paths: ['**/*.md', 'docs/**', '.github/**'], ignore: true };

/** A compose project name from the directory name. */
export function projectName(dirName: string): string {
  const n = dirName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return n || 'app';
}

const has = (files: string[], glob: string): boolean => {
  const match = picomatch(glob, { dot: true });
  return files.some((f) => match(f));
};
const sameBuild = (a: ServiceFacts, b: ServiceFacts): boolean =>
  !!a.build && !!b.build && a.build.context === b.build.context && a.build.dockerfile === b.build.dockerfile;

/** The web service and the Celery services built from the same image (the seed's "Python → web, celery_worker, celery_beat"). */
function pythonGroup(services: ServiceFacts[]): { web?: ServiceFacts; group: string[] } {
  const built = services.filter((s) => s.build);
  const web =
    WEB_NAMES.map((n) => built.find((s) => s.name === n)).find(Boolean) ??
    built.find((s) => !FRONTEND.test(s.name) && !CELERY.test(s.name));
  if (!web) return { group: [] };
  const celery = built.filter((s) => s !== web && CELERY.test(s.name) && sameBuild(s, web));
  return { web, group: [web.name, ...celery.map((s) => s.name)] };
}

function dockerfileRules(services: ServiceFacts[]): Yaml[] {
  const byFile = new Map<string, string[]>();
  for (const s of services) if (s.build) byFile.set(s.build.dockerfile, [...(byFile.get(s.build.dockerfile) ?? []), s.name]);
  return [...byFile].map(([file, names], i) => ({
    name: byFile.size === 1 ? 'dockerfile' : `dockerfile-${i + 1}`,
    paths: [file],
    build: names,
    no_cache: true,
  }));
}

function frontendRule(services: ServiceFacts[], files: string[], web?: ServiceFacts): Yaml | undefined {
  const front = services.find((s) => s.build && s !== web && FRONTEND.test(s.name));
  const dir = files.map((f) => posix.dirname(f)).find((d, i) => posix.basename(files[i]!) === 'package.json' && d !== '.');
  if (!front || !dir) return undefined;
  return { name: 'frontend', paths: [`${dir}/**`], build: [front.name] };
}

function composeRules(c: ComposeFacts, files: string[], django: boolean): Yaml[] {
  const { web, group } = pythonGroup(c.services);
  const nginx = c.services.find((s) => /nginx/.test(s.name) || /nginx/.test(s.image ?? ''));
  const python = web && has(files, '**/*.py');
  const rules: Yaml[] = [DOCS_RULE, ...dockerfileRules(c.services)];
  if (python && django && has(files, '**/static/**'))
    rules.push({
      name: 'static',
      paths: ['**/static/**'],
      build: [web.name],
      tasks: ['collectstatic'],
      ...(nginx ? { restart: [nginx.name] } : {}),
    });
  if (python && has(files, '**/templates/**')) rules.push({ name: 'templates', paths: ['**/templates/**'], build: [web.name] });
  const front = frontendRule(c.services, files, web);
  if (front) rules.push(front);
  if (python) rules.push({ name: 'python', paths: ['**/*.py', '**/requirements*.txt'], build: group });
  return rules;
}

function djangoTasks(service: string | undefined): Yaml {
  const on = service ? { service } : {};
  return {
    migrate: { ...on, command: 'python manage.py migrate --noinput', paths: ['**/migrations/*.py'] },
    collectstatic: { ...on, command: 'python manage.py collectstatic --noinput' },
  };
}

const DB_IMAGES: [RegExp, string][] = [
  [/mariadb/, 'mariadb'],
  [/mysql/, 'mysql'],
  [/postgres/, 'postgres'],
];

/** The variables the official images create their database, user and password from, by engine. */
const DB_ENV: Record<string, { database: string[]; user: string[]; password: string[] }> = {
  mariadb: {
    database: ['MARIADB_DATABASE', 'MYSQL_DATABASE'],
    user: ['MARIADB_USER', 'MYSQL_USER'],
    password: ['MARIADB_PASSWORD', 'MYSQL_PASSWORD'],
  },
  mysql: { database: ['MYSQL_DATABASE'], user: ['MYSQL_USER'], password: ['MYSQL_PASSWORD'] },
  // the postgres image names the database after POSTGRES_USER when POSTGRES_DB is unset
  postgres: { database: ['POSTGRES_DB', 'POSTGRES_USER'], user: ['POSTGRES_USER'], password: ['POSTGRES_PASSWORD'] },
};

const firstOf = (env: Record<string, string>, names: string[]) => names.map((n) => env[n]).find((v) => v !== undefined);

/** The database and user the compose file gives the database service (literal values, `${VAR:-default}` defaults), else the project's name. */
export function databaseOf(engine: string, env: Record<string, string> = {}, project: string): { database: string; user: string } {
  // `${DB_NAME:-shop}`: compose's value when the variable is unset; any other `$` value is unknown here
  const value = (v: string) => (v.includes('$') ? /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^$}]+)\}$/.exec(v)?.[1] : v);
  const literal = Object.fromEntries(Object.entries(env).flatMap(([k, v]) => (value(v) === undefined ? [] : [[k, value(v)!]])));
  const names = DB_ENV[engine]!;
  return { database: firstOf(literal, names.database) ?? project, user: firstOf(literal, names.user) ?? project };
}

/**
 * The `password_env` of the proposed backup, and where the backup will read it. With a shared `.env`
 * the backup reads the variable from that file on the host, not from the container
 * (docs/config.md#backup): the image's own variable when the service reads that file, the variable
 * compose interpolates into it (`MYSQL_PASSWORD: ${DB_PASSWORD}`) when that file is compose's `.env`.
 */
export function passwordOf(s: ServiceFacts, engine: string, directory: string, shared: string[]): { name: string; where: string } {
  const names = DB_ENV[engine]!.password;
  const envFile = shared.find((e) => posix.basename(e) === '.env');
  if (!envFile) return { name: names[0]!, where: `${names[0]} of the ${s.name} container` };
  const onHost = `<path>/shared/${envFile}`;
  if (s.envFiles.includes(envFile)) return { name: names[0]!, where: `${names[0]} in ${onHost}` };
  const written = names.find((n) => s.environment?.[n] !== undefined);
  const ref = written && /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(s.environment![written]!)?.[1];
  if (ref && envFile === posix.join(directory, '.env'))
    return { name: ref, where: `${ref} in ${onHost} (compose passes it to ${s.name} as ${written})` };
  return {
    name: names[0]!,
    where: `${names[0]} in ${onHost}, which the ${s.name} service does not read: add the database password to it, or set password_env_file`,
  };
}

function composeBackup(c: ComposeFacts, project: string, shared: string[], todo: string[]): Yaml | undefined {
  for (const s of c.services) {
    const match = DB_IMAGES.find(([re]) => re.test(s.image ?? ''));
    if (!match) continue;
    const { database, user } = databaseOf(match[1], s.environment, project);
    const password = passwordOf(s, match[1], c.directory, shared);
    todo.push(`check targets.production.backup (database "${database}" and user "${user}", password: ${password.where})`);
    return { engine: match[1], service: s.name, database, user, password_env: password.name, keep: 10 };
  }
  return undefined;
}

/** Files the host keeps across deploys: the env files, and bind-mounted directories the repository does not hold. */
function sharedPaths(c: ComposeFacts, files: string[], fileBinds: string[] = []): string[] {
  const inRepo = (p: string) => files.some((f) => f === p || f.startsWith(`${p}/`));
  const env = c.services.flatMap((s) => s.envFiles);
  const data = c.services
    .flatMap((s) => s.binds)
    .filter((b) => b && !inRepo(b) && !env.includes(b))
    .map((b) => (fileBinds.includes(b) ? b : `${b}/`));
  const all = [...new Set([...env, ...data])];
  return all.filter((p) => !all.some((q) => q !== p && q.endsWith('/') && p.startsWith(q)));
}

const TARGET_BASE = (path: string): Yaml => ({
  host: `deploy@${INIT_PLACEHOLDER_HOST}`,
  port: 22,
  path,
  layout: 'releases',
  keep_releases: 5,
});

function proposeCompose(facts: RepoFacts, c: ComposeFacts, todo: string[]): Yaml {
  const project = projectName(facts.name);
  const django = has(facts.files, '**/manage.py');
  const { web } = pythonGroup(c.services);
  const shared = sharedPaths(c, facts.files, facts.fileBinds);
  const backup = composeBackup(c, project, shared, todo) ?? (django ? undefined : sqliteBackup(c.services, shared, todo));
  const settings = facts.django?.settings;
  if (settings?.engine && settings.engine.engine !== 'sqlite' && !backup)
    todo.push(
      `the settings use ${settings.engine.engine} (${settings.engine.from}) and no compose service runs it: add targets.production.backup {engine: ${settings.engine.engine}, host: ..., database: ..., user: ..., password_env: ...} to dump it from the host`,
    );
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

const under = (appRoot: string, glob: string): string => (appRoot === '.' ? glob : `${appRoot}/${glob}`);
const isDjango = (files: string[], appRoot: string): boolean => has(files, under(appRoot, 'manage.py'));

/**
 * Django on Passenger: STATIC_ROOT (served by Apache, or by whitenoise) is filled by collectstatic on
 * the host, never by git. A release directory starts without it, and new static files can come from
 * any change (an app, a requirement), so it runs with every deploy that uploads (a docs-only one
 * deploys nothing); a later, narrower rule would never match after it.
 */
const COLLECTSTATIC_RULE = { name: 'collectstatic', paths: ['**'], tasks: ['collectstatic'] };

function passengerTasks(files: string[], appRoot: string): Yaml | undefined {
  if (isDjango(files, appRoot))
    return {
      migrate: { command: 'python manage.py migrate --noinput', paths: [under(appRoot, '**/migrations/*.py')] },
      collectstatic: { command: 'python manage.py collectstatic --noinput' },
    };
  if (has(files, under(appRoot, 'alembic.ini')))
    return { migrate: { command: 'alembic upgrade head', paths: [under(appRoot, '**/alembic/**')] } };
  return undefined;
}

function passengerFrontend(files: string[], appRoot: string): Yaml | undefined {
  const pkg = files.find((f) => posix.basename(f) === 'package.json' && posix.dirname(f) !== appRoot && f.split('/').length <= 3);
  if (!pkg) return undefined;
  const dir = posix.dirname(pkg);
  const cd = dir === '.' ? '' : `cd ${shellQuote(dir)} && `;
  return {
    build: `${cd}npm ci && npm run build`,
    dist: posix.join(dir, 'dist'),
    public_html: '/home/deploy/public_html',
    paths: [dir === '.' ? 'src/**' : `${dir}/**`],
    protect: ['.htaccess', '.well-known/'],
  };
}

/** What a Passenger target takes from the Django settings: shared media and SQLite file, backup, health Host. */
function passengerSettings(facts: RepoFacts, project: string, todo: string[]): { shared: string[]; backup?: Yaml; health?: Yaml } {
  if (!facts.django) return { shared: [] };
  const { projectDir, settings } = facts.django;
  const media = mediaShared(settings, projectDir, facts.files, todo);
  const db = settingsBackup(settings, projectDir, project, todo);
  const shared = [...(media ? [media] : []), ...(db?.shared ? [db.shared] : [])];
  return { shared, backup: db?.backup, health: healthFromSettings(settings) };
}

function proposePassenger(facts: RepoFacts, wsgi: string, todo: string[]): Yaml {
  const project = projectName(facts.name);
  const appRoot = posix.dirname(wsgi);
  const tasks = passengerTasks(facts.files, appRoot);
  const frontend = passengerFrontend(facts.files, appRoot);
  todo.push('set targets.production.venv to the virtualenv of the app on the host (cPanel "Setup Python App" shows it)');
  if (frontend) todo.push('set targets.production.frontend.public_html to the document root of the site');
  const fromSettings = passengerSettings(facts, project, todo);
  if (!fromSettings.backup) todo.push('add targets.production.backup when the app has a database (engine mysql/mariadb/postgres/sqlite)');
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
export function proposeConfig(facts: RepoFacts): Proposal {
  const todo = ['set targets.production.host (user@host) and path (the deploy directory on the host)'];
  const wsgi = facts.files.filter((f) => posix.basename(f) === 'passenger_wsgi.py').sort((a, b) => a.length - b.length)[0];
  if (facts.compose) {
    todo.push('set targets.production.health.url (an URL the host itself can reach, e.g. http://127.0.0.1:8000/health/)');
    todo.push(...djangoHealthHints(facts.compose.services));
    return { config: proposeCompose(facts, facts.compose, todo), todo };
  }
  if (wsgi) {
    todo.push(
      "set targets.production.health.url (the site's address as the host reaches it, e.g. https://www.example.org/): without it, a release whose app does not start stays live",
    );
    return { config: proposePassenger(facts, wsgi, todo), todo };
  }
  throw new UserError(
    'init: found no compose file (docker-compose.yml, compose.yaml, ...) and no passenger_wsgi.py in the repository: nothing to propose (see docs/config.md to write the config by hand)',
  );
}
