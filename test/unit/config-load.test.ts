import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError, UserErrors } from '../../src/core/errors.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { preview } from '../../src/config/issues.js';
import type { PlannerConfig } from '../../src/plan/types.js';

const FULL = `# yaml-language-server: $schema=../deploy/schema/deploy.schema.json
version: 1
compose:
  directory: docker
  files: [docker-compose.yml, docker-compose.prod.yml]
  project: observations
  command: docker-compose
rules:
  - name: templates
    paths: ["**/templates/**"]
    build: [web]
  - name: dockerfile
    paths: ["docker/Dockerfile"]
    build: all
    no_cache: true
  - name: static
    paths: ["**/static/**"]
    build: [web]
    tasks: [collectstatic]
    restart: [nginx]
    recreate: [worker]
  - name: docs
    paths: ["**/*.md", "docs/**"]
    ignore: true
tasks:
  migrate: {service: web, command: "python manage.py migrate --noinput", paths: ["**/migrations/*.py"]}
  collectstatic: {service: web, command: "python manage.py collectstatic --noinput"}
targets:
  production:
    strategy: compose
    host: deploy@example.com
    port: 2222
    path: /opt/app
    layout: in-place
    keep_releases: 3
    shared: [.env, media/, logs/]
    exclude: [.git/, node_modules/]
    lock_ttl: 1h30m
    backup:
      engine: mariadb
      service: db
      database: app
      user: app
      password_env: DB_PASSWORD
      host: 127.0.0.1
      port: 3306
      keep: 4
    health:
      url: http://127.0.0.1:8000/health
      expect_status: 200
      expect_body: "ok"
      timeout: 90s
      services: false
  shared-host:
    strategy: passenger
    host: u@[2001:db8::1]
    path: /home/u/app
    backup: {engine: sqlite, path: db/app.sqlite3}
    app_root: backend
    venv: /home/u/virtualenv/app
    restart: passenger-config
    frontend: {build: "npm ci && npm run build", dist: frontend/dist, public_html: /home/u/public_html, paths: ["frontend/**"], protect: [".htaccess"]}
`;

describe('parseConfig: valid', () => {
  it('parses a full config and applies defaults', () => {
    const config = parseConfig(FULL, 'deploy.yml');
    expect(config.compose).toEqual({
      directory: 'docker',
      files: ['docker-compose.yml', 'docker-compose.prod.yml'],
      project: 'observations',
      command: 'docker-compose',
      services: {},
    });
    expect(config.rules.map((r) => r.name)).toEqual(['templates', 'dockerfile', 'static', 'docs']);
    expect(config.rules[1]).toEqual({ name: 'dockerfile', paths: ['docker/Dockerfile'], build: 'all', no_cache: true });
    expect(Object.keys(config.tasks)).toEqual(['migrate', 'collectstatic']);
    expect(config.targets.production).toEqual({
      strategy: 'compose',
      host: 'deploy@example.com',
      port: 2222,
      path: '/opt/app',
      layout: 'in-place',
      keep_releases: 3,
      shared: ['.env', 'media/', 'logs/'],
      exclude: ['.git/', 'node_modules/'],
      umask: '022',
      rolling: { batch: 1, pause: 0 },
      lock_ttl: 5_400_000,
      backup: {
        engine: 'mariadb',
        service: 'db',
        database: 'app',
        user: 'app',
        password_env: 'DB_PASSWORD',
        host: '127.0.0.1',
        port: 3306,
        keep: 4,
      },
      health: {
        url: 'http://127.0.0.1:8000/health',
        expect_status: 200,
        expect_body: 'ok',
        timeout: 90_000,
        services: false,
        probe: true,
        stable_for: 3000,
      },
    });
    expect(config.targets['shared-host']).toEqual({
      strategy: 'passenger',
      host: 'u@[2001:db8::1]',
      port: 22,
      path: '/home/u/app',
      layout: 'releases',
      keep_releases: 5,
      shared: [],
      exclude: [],
      umask: '022',
      lock_ttl: 120_000,
      rolling: { batch: 1, pause: 0 },
      backup: { engine: 'sqlite', path: 'db/app.sqlite3', keep: 10 },
      health: { timeout: 60_000 },
      app_root: 'backend',
      venv: '/home/u/virtualenv/app',
      requirements: 'requirements.txt',
      restart: 'passenger-config',
      frontend: {
        build: 'npm ci && npm run build',
        dist: 'frontend/dist',
        public_html: '/home/u/public_html',
        paths: ['frontend/**'],
        protect: ['.htaccess'],
      },
    });
    // the validated Config is the planner's config as it is (compile-time check)
    const planner: PlannerConfig = config;
    expect(planner.tasks.migrate?.paths).toEqual(['**/migrations/*.py']);
  });

  it('fills every default for a minimal config (compose.command stays unset: detected on the host)', () => {
    expect(parseConfig('version: 1\n', 'deploy.yml')).toEqual({
      version: 1,
      compose: { directory: '.', files: ['docker-compose.yml'], services: {} },
      rules: [],
      tasks: {},
      targets: {},
    });
  });

  it('fills compose target defaults (health waits for services)', () => {
    const config = parseConfig(
      'version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: compose, host: a@b.example, path: /srv}\n',
      'deploy.yml',
    );
    expect(config.targets.prod).toMatchObject({ port: 22, layout: 'releases', health: { services: true, probe: true, timeout: 60_000 } });
  });

  it.each<[string, unknown]>([
    ['{within: 30d}', { within: 2_592_000_000 }],
    ['{daily: 7, within: 1d12h}', { daily: 7, within: 129_600_000 }],
    ['5', 5],
  ])('backup keep %s (within is a duration in ms; the default stays 10)', (keep, parsed) => {
    const target = (k: string) =>
      `version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: compose, host: a@b.example, path: /srv, backup: {engine: sqlite, path: db.sqlite3${k}}}\n`;
    expect(parseConfig(target(`, keep: ${keep}`), 'deploy.yml').targets.prod?.backup?.keep).toEqual(parsed);
    expect(parseConfig(target(''), 'deploy.yml').targets.prod?.backup?.keep).toBe(10);
  });

  it('accepts YAML merge keys and top-level x- keys for anchors', () => {
    const text = `version: 1
compose: {project: app}
x-target: &target {strategy: compose, host: a@b.example}
targets:
  prod: {<<: *target, path: /srv/prod}
  stage: {<<: *target, path: /srv/stage, port: 2222}
`;
    const config = parseConfig(text, 'deploy.yml');
    expect(Object.keys(config)).not.toContain('x-target');
    expect(config.targets.stage).toMatchObject({ host: 'a@b.example', path: '/srv/stage', port: 2222 });
    expect(config.targets.prod).toMatchObject({ host: 'a@b.example', path: '/srv/prod', port: 22 });
  });
});

/** The first message of the UserErrors thrown for `text`, or every message. */
function errorsOf(text: string, file = 'deploy.yml'): UserError[] {
  try {
    parseConfig(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UserErrors);
    return (error as UserErrors).errors;
  }
  throw new Error('expected parseConfig to throw');
}

const BASE = 'version: 1\ncompose: {project: app}\n';

const ERROR_CASES: { name: string; text: string; message: string }[] = [
  {
    name: 'wrong type for a service list',
    text: `${BASE}rules:\n  - name: web\n    paths: [app/**]\n    build: 3\n`,
    message: 'deploy.yml:6:12 rules[0].build: expected a list of service names or "all", got 3',
  },
  {
    name: 'unknown key at top of a section',
    text: 'version: 1\ncompose:\n  projet: app\n',
    message: 'deploy.yml:3:3 compose.projet: unknown key (expected one of: directory, files, project, command, services)',
  },
  {
    name: 'unknown key nested in a rule',
    text: `${BASE}rules:\n  - name: web\n    paths: [app/**]\n    bulid: [web]\n`,
    message: 'deploy.yml:6:5 rules[0].bulid: unknown key (expected one of: name, paths, build, recreate, restart, no_cache, tasks, ignore)',
  },
  {
    name: 'unknown key in a target',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    hots: x\n`,
    message:
      'deploy.yml:8:5 targets.prod.hots: unknown key (expected one of: strategy, host, hosts, primary, rolling, port, path, layout, keep_releases, shared, exclude, umask, lock_ttl, backup, health, build)',
  },
  {
    name: 'bad duration',
    text: `${BASE}targets:\n  prod: {strategy: compose, host: a@b.example, path: /srv, lock_ttl: 30 minutes}\n`,
    message: 'deploy.yml:4:70 targets.prod.lock_ttl: expected a duration like "90s", "30m", "2h" or "1h30m", got "30 minutes"',
  },
  {
    name: 'zero duration',
    text: `${BASE}targets:\n  prod: {strategy: compose, host: a@b.example, path: /srv, health: {timeout: 0s}}\n`,
    message: 'deploy.yml:4:78 targets.prod.health.timeout: expected a duration greater than zero, got "0s"',
  },
  {
    name: 'keep.within that is not a duration',
    text: `${BASE}targets:\n  prod: {strategy: compose, host: a@b.example, path: /srv, backup: {engine: sqlite, path: a.db, keep: {within: 30 days}}}\n`,
    message: 'deploy.yml:4:112 targets.prod.backup.keep.within: expected a duration like "90s", "30m", "2h" or "1h30m", got "30 days"',
  },
  {
    name: 'keep policy with nothing set',
    text: `${BASE}targets:\n  prod: {strategy: compose, host: a@b.example, path: /srv, backup: {engine: sqlite, path: a.db, keep: {daily: 0}}}\n`,
    message:
      'deploy.yml:4:103 targets.prod.backup.keep: expected at least one of last, daily, weekly, monthly above 0, or within, got {"daily":0}',
  },
  {
    name: 'relative deploy path',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: srv/app\n`,
    message: 'deploy.yml:7:11 targets.prod.path: expected an absolute path (starting with "/", no ".." segments, one line), got "srv/app"',
  },
  {
    name: 'hostile deploy path with ..',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: /srv/../etc\n`,
    message:
      'deploy.yml:7:11 targets.prod.path: expected an absolute path (starting with "/", no ".." segments, one line), got "/srv/../etc"',
  },
  {
    name: 'hostile shared path with ..',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    shared: [.env, ../../etc/passwd]\n`,
    message:
      'deploy.yml:8:20 targets.prod.shared[1]: expected a relative path (no leading "/", no ".." segments, one line), got "../../etc/passwd"',
  },
  {
    name: 'shared entry that names no plain path (".", "a/./b", "a//b")',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    shared: [.env, media/.]\n`,
    message:
      'deploy.yml:8:20 targets.prod.shared[1]: expected a relative path of plain names (no leading "/", no ".", ".." or empty segment, no space at either end; a trailing "/" marks a directory), got "media/."',
  },
  {
    name: 'newline in a path',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: "/srv\\nrm -rf /"\n`,
    message:
      'deploy.yml:7:11 targets.prod.path: expected an absolute path (starting with "/", no ".." segments, one line), got "/srv\\nrm -rf /"',
  },
  {
    name: 'shared entry inside another one',
    text: `${BASE}targets:\n  x:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    shared: [media/, media/cache/]\n`,
    message: 'deploy.yml:8:22 targets.x.shared[1]: "media/cache/" is inside "media/" (shared entries must not overlap)',
  },
  {
    name: 'shared entry containing an earlier one',
    text: `${BASE}targets:\n  x:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    shared: [media/cache/, ./media]\n`,
    message: 'deploy.yml:8:28 targets.x.shared[1]: "./media" contains "media/cache/" (shared entries must not overlap)',
  },
  {
    name: 'shared entry repeated',
    text: `${BASE}targets:\n  x:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    shared: [.env, logs/, .env]\n`,
    message: 'deploy.yml:8:27 targets.x.shared[2]: ".env" is the same path as ".env" (shared entries must not overlap)',
  },
  {
    name: 'deploy path is the root',
    text: `${BASE}targets:\n  x:\n    strategy: compose\n    host: a@b.example\n    path: /\n`,
    message: 'deploy.yml:7:11 targets.x.path: expected an absolute path other than "/" (the deploy syncs into it with --delete), got "/"',
  },
  {
    name: 'deploy path is the root, spelled //.',
    text: `${BASE}targets:\n  x:\n    strategy: compose\n    host: a@b.example\n    path: //.\n`,
    message: 'deploy.yml:7:11 targets.x.path: expected an absolute path other than "/" (the deploy syncs into it with --delete), got "//."',
  },
  {
    name: 'public_html is the root',
    text: `version: 1\ntargets:\n  x:\n    strategy: passenger\n    host: a@b.example\n    path: /home/u/app\n    frontend: {build: b, dist: d, public_html: /}\n`,
    message:
      'deploy.yml:7:48 targets.x.frontend.public_html: expected an absolute path other than "/" (the deploy syncs into it with --delete), got "/"',
  },
  {
    name: 'public_html equal to the deploy path',
    text: `version: 1\ntargets:\n  x:\n    strategy: passenger\n    host: a@b.example\n    path: /home/u/app\n    frontend: {build: b, dist: d, public_html: /home/u/app/}\n`,
    message:
      'deploy.yml:7:48 targets.x.frontend.public_html: "/home/u/app/" is the same path as the deploy path "/home/u/app" (public_html must lie outside path: both are synced with --delete)',
  },
  {
    name: 'public_html inside the deploy path',
    text: `version: 1\ntargets:\n  x:\n    strategy: passenger\n    host: a@b.example\n    path: /home/u/app\n    frontend: {build: b, dist: d, public_html: /home/u/app/public}\n`,
    message:
      'deploy.yml:7:48 targets.x.frontend.public_html: "/home/u/app/public" is inside the deploy path "/home/u/app" (public_html must lie outside path: both are synced with --delete)',
  },
  {
    name: 'public_html containing the deploy path',
    text: `version: 1\ntargets:\n  x:\n    strategy: passenger\n    host: a@b.example\n    path: /home/u/public_html/app\n    frontend: {build: b, dist: d, public_html: /home/u/public_html}\n`,
    message:
      'deploy.yml:7:48 targets.x.frontend.public_html: "/home/u/public_html" contains the deploy path "/home/u/public_html/app" (public_html must lie outside path: both are synced with --delete)',
  },
  {
    name: 'password_env that is no shell variable name',
    text: `${BASE}targets:\n  x:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    backup: {engine: postgres, database: app, password_env: DB-PASSWORD}\n`,
    message:
      'deploy.yml:8:61 targets.x.backup.password_env: expected an environment variable name matching ^[A-Za-z_][A-Za-z0-9_]*$ (letters, digits and _, not starting with a digit), got text (11 characters) (not shown: it may be a secret)',
  },
  {
    name: 'host without user',
    text: `${BASE}targets:\n  prod: {strategy: compose, host: example.com, path: /srv}\n`,
    message: 'deploy.yml:4:35 targets.prod.host: expected user@host (e.g. deploy@example.com, deploy@[2001:db8::1]), got "example.com"',
  },
  {
    name: 'rule naming an unknown task',
    text: `${BASE}rules:\n  - {name: m, paths: [x], tasks: [migrat]}\ntasks:\n  migrate: {service: web, command: m}\n`,
    message: 'deploy.yml:4:35 rules[0].tasks[0]: unknown task "migrat" (defined tasks: migrate)',
  },
  {
    name: 'passenger-only key on a compose target',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    app_root: backend\n`,
    message: 'deploy.yml:8:5 targets.prod.app_root: not allowed with strategy: compose (only with strategy: passenger)',
  },
  {
    name: 'sql-only key on a sqlite backup',
    text: `${BASE}targets:\n  prod:\n    strategy: compose\n    host: a@b.example\n    path: /srv\n    backup: {engine: sqlite, path: db.sqlite3, database: x}\n`,
    message:
      'deploy.yml:8:48 targets.prod.backup.database: not allowed with engine: sqlite (only with engine: mariadb or mysql or postgres)',
  },
  {
    name: 'unknown strategy',
    text: `${BASE}targets:\n  prod: {strategy: docker, host: a@b.example, path: /srv}\n`,
    message: 'deploy.yml:4:20 targets.prod.strategy: expected "compose", "passenger" or "swarm", got "docker"',
  },
  {
    name: 'missing strategy points at the target',
    text: `${BASE}targets:\n  prod:\n    host: a@b.example\n`,
    message: 'deploy.yml:4:3 targets.prod.strategy: required key is missing (expected "compose", "passenger" or "swarm")',
  },
  {
    name: 'compose target without compose.project',
    text: 'version: 1\ntargets:\n  prod: {strategy: compose, host: a@b.example, path: /srv}\n',
    message: 'deploy.yml:1:1 compose.project: required key is missing (compose targets need a project name: prod)',
  },
  {
    name: 'bad target name',
    text: `${BASE}targets:\n  "prod env": {strategy: compose, host: a@b.example, path: /srv}\n`,
    message: 'deploy.yml:4:3 targets["prod env"]: expected a target name matching ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$, got "prod env"',
  },
  {
    name: 'ignore combined with actions',
    text: `${BASE}rules:\n  - name: docs\n    paths: [docs/**]\n    ignore: true\n    build: all\n`,
    message: 'deploy.yml:6:13 rules[0].ignore: ignore: true cannot be combined with build',
  },
  {
    name: 'rule without action',
    text: `${BASE}rules:\n  - name: docs\n    paths: [docs/**]\n`,
    message: 'deploy.yml:4:5 rules[0]: a rule needs at least one of build, recreate, restart, tasks, or ignore: true',
  },
  {
    name: 'wrong version',
    text: 'version: "1"\n',
    message: 'deploy.yml:1:10 version: expected 1, got "1"',
  },
  {
    name: 'missing version',
    text: 'rules: []\n',
    message: 'deploy.yml:1:1 version: required key is missing (expected 1)',
  },
  {
    name: 'top level is not a mapping',
    text: '- version: 1\n',
    message:
      'deploy.yml:1:1 expected a mapping (version, compose, rules, tasks, targets), got a list of 1 item; its content is not shown: is this the deploy config?',
  },
  {
    name: 'empty file',
    text: '# nothing yet\n',
    message: 'deploy.yml:1:1 config file is empty (expected at least `version: 1`)',
  },
  {
    name: 'YAML syntax error',
    text: 'version: 1\nrules:\n  - name: a\n    paths: [x\n',
    message: 'deploy.yml:5:1 invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'duplicate YAML key',
    text: 'version: 1\nversion: 1\n',
    message: 'deploy.yml:2:1 invalid YAML: Map keys must be unique',
  },
];

describe('parseConfig: errors', () => {
  it.each(ERROR_CASES)('$name', ({ text, message }) => {
    const errors = errorsOf(text);
    expect(errors.map((e) => e.message)).toEqual([message]);
    const [, line, column] = /^deploy\.yml:(\d+):(\d+) /.exec(message) ?? [];
    expect(errors[0]?.location).toEqual({ file: 'deploy.yml', line: Number(line), column: Number(column) });
  });

  it('reports every problem at once, in file order', () => {
    const text = `version: 1
compose:
  projet: app
rules:
  - name: web
    paths: [app/**]
    build: 3
    tasks: [nope]
targets:
  prod:
    strategy: compose
    host: nobody
    path: relative
    lock_ttl: soon
    venv: venv
`;
    let thrown: unknown;
    try {
      parseConfig(text, '.github/deploy.yml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserErrors);
    const errors = (thrown as UserErrors).errors;
    expect(errors.map((e) => e.message)).toEqual([
      '.github/deploy.yml:2:1 compose.project: required key is missing (compose targets need a project name: prod)',
      '.github/deploy.yml:3:3 compose.projet: unknown key (expected one of: directory, files, project, command, services)',
      '.github/deploy.yml:7:12 rules[0].build: expected a list of service names or "all", got 3',
      '.github/deploy.yml:8:13 rules[0].tasks[0]: unknown task "nope" (no tasks are defined)',
      '.github/deploy.yml:12:11 targets.prod.host: expected user@host (e.g. deploy@example.com, deploy@[2001:db8::1]), got "nobody"',
      '.github/deploy.yml:13:11 targets.prod.path: expected an absolute path (starting with "/", no ".." segments, one line), got "relative"',
      '.github/deploy.yml:14:15 targets.prod.lock_ttl: expected a duration like "90s", "30m", "2h" or "1h30m", got "soon"',
      '.github/deploy.yml:15:5 targets.prod.venv: not allowed with strategy: compose (only with strategy: passenger)',
    ]);
    expect((thrown as UserErrors).message).toBe(errors.map((e) => e.message).join('\n'));
    expect((thrown as UserErrors).location).toEqual({ file: '.github/deploy.yml', line: 2, column: 1 });
    expect(errors.every((e) => e instanceof UserError && e.location?.file === '.github/deploy.yml')).toBe(true);
  });
});

/** A rule whose one glob is `pattern` (single-quoted YAML: backslashes as they are), at line 7, column 9. */
const ruleWithGlob = (pattern: string) => `${BASE}rules:\n  - name: r\n    build: [web]\n    paths:\n      - '${pattern}'\n`;
const target = (extra: string) => `${BASE}targets:\n  prod: {strategy: compose, host: a@b.example, path: /srv, ${extra}}\n`;

describe('parseConfig: values the code using them cannot take are refused, not silently changed', () => {
  it.each<[string, string, string]>([
    [
      // picomatch never returns for such a pattern: the plan (after the deploy lock) hung, deaf to SIGTERM
      'a glob ending with 4 backslashes (docs/ and 4 \\)',
      ruleWithGlob('docs/\\\\\\\\'),
      `deploy.yml:7:9 rules[0].paths[0]: expected a glob pattern that does not end with "\\" (it escapes nothing), got ${preview('docs/\\\\\\\\')}`,
    ],
    [
      'a glob ending with one backslash',
      ruleWithGlob('**/*.py\\'),
      `deploy.yml:7:9 rules[0].paths[0]: expected a glob pattern that does not end with "\\" (it escapes nothing), got ${preview('**/*.py\\')}`,
    ],
    [
      // picomatch throws "Input length: 70000, exceeds maximum allowed length: 65536" (the plan failed, exit 1)
      'a glob longer than picomatch takes',
      ruleWithGlob('a'.repeat(70_000)),
      `deploy.yml:7:9 rules[0].paths[0]: expected a glob pattern of at most 65536 characters, got ${preview('a'.repeat(70_000))}`,
    ],
    [
      // read as undefined: no overlap at all
      'an overlap too long for a timer',
      `version: 1\ncompose: {project: app, services: {web: {rollout: start-first, overlap: 25d}}}\n`,
      'deploy.yml:2:73 compose.services.web.overlap: expected a duration of at most 24d, got "25d"',
    ],
    [
      'an overlap too long for a number of milliseconds',
      `version: 1\ncompose: {project: app, services: {web: {rollout: start-first, overlap: 99999999999999999h}}}\n`,
      'deploy.yml:2:73 compose.services.web.overlap: expected a duration of at most 24d, got "99999999999999999h"',
    ],
    [
      // said "greater than zero"
      'a lock_ttl too long for a number of milliseconds',
      target('lock_ttl: 99999999999999999h'),
      'deploy.yml:4:70 targets.prod.lock_ttl: expected a duration of at most 104249991d, got "99999999999999999h"',
    ],
    // reached mysqldump as an option: database "--result-file=/x" made it write that file
    [
      'a backup database that starts with "-"',
      target('backup: {engine: mariadb, database: --result-file=/x}'),
      'deploy.yml:4:96 targets.prod.backup.database: expected a database name that does not start with "-" (the client would read it as an option), got "--result-file=/x"',
    ],
    [
      'a backup user that starts with "-"',
      target('backup: {engine: postgres, database: app, user: --help}'),
      'deploy.yml:4:108 targets.prod.backup.user: expected a database user that does not start with "-" (the client would read it as an option), got "--help"',
    ],
    [
      'a backup host that starts with "-"',
      target('backup: {engine: mariadb, database: app, host: -x}'),
      'deploy.yml:4:107 targets.prod.backup.host: expected a database host that does not start with "-" (the client would read it as an option), got "-x"',
    ],
  ])('%s', (_name, text, message) => {
    expect(errorsOf(text).map((e) => e.message)).toEqual([message]);
  });

  it('the longest durations still accepted', () => {
    const config = parseConfig(
      `version: 1\ncompose: {project: app, services: {web: {rollout: start-first, overlap: 24d}}}\n${target('lock_ttl: 104249991d').replace(`${BASE}`, '')}`,
      'deploy.yml',
    );
    expect(config.compose.services.web?.overlap).toBe(24 * 86_400_000);
    expect(config.targets.prod?.lock_ttl).toBe(104_249_991 * 86_400_000);
  });
});

describe('loadConfig', () => {
  it('reports a missing file with a hint', async () => {
    const missing = join(tmpdir(), 'gitops-deploy-no-such-dir', 'deploy.yml');
    const error = await loadConfig(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      `config file not found: ${missing} (a relative config path is read inside the work tree, --repo / working-directory; create .github/deploy.yml there or pass --config / the config input; see deploy/examples/)`,
    );
    expect((error as UserError).location).toEqual({ file: missing });
  });

  it('reads a file and labels errors with the path as given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gitops-deploy-config-'));
    try {
      const file = join(dir, 'deploy.yml');
      await writeFile(file, 'version: 1\ncompose: {project: App}\n');
      const error = await loadConfig(file).catch((e: unknown) => e);
      expect((error as UserErrors).errors.map((e) => e.message)).toEqual([
        `${file}:2:20 compose.project: expected a compose project name matching ^[a-z0-9][a-z0-9_-]*$, got "App"`,
      ]);
      await writeFile(file, 'version: 1\n');
      await expect(loadConfig(file)).resolves.toMatchObject({ version: 1, rules: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
