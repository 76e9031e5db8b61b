/**
 * `gitops-deploy init` on skeletons of the five seed deployments (test/fixtures/init/*: only the
 * files that matter), through the real CLI: each writes a config and the workflows, and the real
 * `plan` accepts the config, as a first deploy and for a change the seed's rules decide.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAppRepo } from '../e2e/harness/app-repo.js';
import { runCli } from '../e2e/harness/cli.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/init/', import.meta.url));
const WORKFLOWS = ['backup.yml', 'deploy.yml', 'plan.yml', 'rollback.yml'];

type Decision = { build?: string[]; tasks?: string[]; restart?: string[] };
interface Seed {
  name: string;
  strategy: 'compose' | 'passenger';
  /** a change and what the plan must decide for it */
  change?: [Record<string, string>, Decision];
}

const SEEDS: Seed[] = [
  {
    name: 'observations',
    strategy: 'compose',
    change: [{ 'observations/templates/observations/list.html': '<p>2</p>' }, { build: ['web'] }],
  },
  {
    name: 'dhis2-sync',
    strategy: 'compose',
    change: [{ 'dhis2sync/settings.py': 'x = 2\n' }, { build: ['celery_beat', 'celery_worker', 'web'] }],
  },
  { name: 'cochin', strategy: 'compose', change: [{ 'frontend/src/main.tsx': 'export const a = 1\n' }, { build: ['frontend'] }] },
  { name: 'alpe-bourse', strategy: 'passenger' },
  { name: 'myelectricaldata', strategy: 'compose', change: [{ 'apps/api/src/main.py': 'x = 2\n' }, { build: ['backend'] }] },
];

let tmp = '';
beforeAll(async () => {
  tmp = await makeTempDir('gitops-init-seeds');
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

describe.each(SEEDS)('init on the $name seed layout', (seed) => {
  it('writes a config `plan` accepts, the four workflows, and prints the secrets to set', async () => {
    const repo = await createAppRepo(join(FIXTURES, seed.name), join(tmp, seed.name));
    const init = await runCli(['init', '--repo', repo.dir]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('secret   DEPLOY_SSH_KEY');
    expect(init.stdout).toContain('variable DEPLOY_KNOWN_HOSTS');
    // passenger too (it was not asked): without a health URL a release whose app does not start stays live
    expect(init.stdout).toContain('set targets.production.health.url');
    const config = parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8'));
    expect(config.targets.production.strategy).toBe(seed.strategy);
    for (const w of WORKFLOWS) expect(existsSync(join(repo.dir, '.github/workflows', w)), w).toBe(true);
    await repo.commit('gitops-deploy init', {});

    const first = await runCli(['plan', '--repo', repo.dir, '--target', 'production', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.from).toBeNull();
    expect(first.json.fromUnknownReason).toMatch(/deployed revision was not read/);
    if (!seed.change) return;
    const [files, want] = seed.change;
    await repo.commit('a change', files);
    const plan = await runCli(['plan', '--repo', repo.dir, '--from', 'HEAD~1', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.json.build).toEqual(want.build ?? []);
  }, 60_000);

  it('refuses to overwrite what it wrote (exit 2, nothing changed) unless --force', async () => {
    const dir = join(tmp, seed.name);
    const before = readFileSync(join(dir, '.github/deploy.yml'), 'utf8');
    const again = await runCli(['init', '--repo', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/\.github\/deploy\.yml, .*already exist; nothing written \(--force overwrites them\)/);
    expect(readFileSync(join(dir, '.github/deploy.yml'), 'utf8')).toBe(before);
    const forced = await runCli(['init', '--repo', dir, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
  }, 60_000);
});

describe('init on a compose file whose service names a deploy cannot pass to compose', () => {
  it.each([
    ['a leading "-"', '-x'],
    ['a space', 'we b'],
  ])('%s: exit 2 naming the file and the service, nothing written (it used to write a config the loader refuses)', async (_n, name) => {
    const dir = join(tmp, `bad-name-${name.replace(/\W/g, '_')}`);
    await createAppRepo(join(FIXTURES, 'alpe-bourse'), dir, {
      'docker-compose.yml': `services:\n  ${JSON.stringify(name)}:\n    build: .\n`,
    });
    const r = await runCli(['init', '--repo', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: init: docker-compose.yml: service name ${JSON.stringify(name)} cannot be deployed`);
    expect(existsSync(join(dir, '.github/deploy.yml'))).toBe(false);
  });
});

describe('init: the backup names the database and user the compose file creates', () => {
  const backupOf = async (name: string, files: Record<string, string> = {}) => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, name), files);
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    return { stdout: r.stdout, backup: parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8')).targets.production.backup };
  };

  it('dhis2-sync (POSTGRES_DB, POSTGRES_USER): dhis2sync, not the directory name (the second deploy found no such database)', async () => {
    const { stdout, backup } = await backupOf('db-from-compose');
    expect(backup).toMatchObject({ engine: 'postgres', service: 'db', database: 'dhis2sync', user: 'dhis2sync' });
    expect(stdout).toContain('check targets.production.backup (database "dhis2sync" and user "dhis2sync"');
  }, 60_000);

  it('a KEY=value list (MARIADB_DATABASE), and an interpolated value is not taken for the name', async () => {
    const compose =
      'services:\n  db:\n    image: mariadb:11\n    environment: ["MARIADB_DATABASE=shop", "MARIADB_USER=${DB_USER}"]\n  web:\n    build: .\n';
    const { backup } = await backupOf('db-list-env', { 'docker-compose.yml': compose });
    expect(backup).toMatchObject({ engine: 'mariadb', database: 'shop', user: 'db-list-env' });
  }, 60_000);

  it('the password the backup reads from the shared .env: the variable compose interpolates (MARIADB_PASSWORD: ${DB_PASSWORD}), and ${DB_NAME:-shop} is "shop"', async () => {
    const compose =
      'services:\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_DATABASE: ${DB_NAME:-shop}\n      MARIADB_USER: shop\n      MARIADB_PASSWORD: ${DB_PASSWORD}\n' +
      '  web:\n    build: .\n    env_file: .env\n';
    const { stdout, backup } = await backupOf('db-interpolated', { 'docker-compose.yml': compose });
    expect(backup).toMatchObject({ engine: 'mariadb', database: 'shop', user: 'shop', password_env: 'DB_PASSWORD' });
    expect(stdout).toContain('password: DB_PASSWORD in <path>/shared/.env (compose passes it to db as MARIADB_PASSWORD)');
  }, 60_000);

  it('a shared .env the database service does not read: the next step says the backup reads the password there, not from the container', async () => {
    const { stdout } = await backupOf('db-other-env');
    expect(stdout).toContain(
      'password: POSTGRES_PASSWORD in <path>/shared/.env, which the db service does not read: add the database password to it, or set password_env_file',
    );
    expect(stdout).not.toContain('of the db container');
  }, 60_000);
});

describe('init on a --repo that is not a directory', () => {
  it.each([
    ['missing', 'nowhere'],
    ['a file', 'a-file'],
  ])('%s: exit 2 naming it (it said "found no compose file")', async (_n, name) => {
    const path = join(tmp, name);
    if (name === 'a-file') await writeFile(path, 'x\n');
    const r = await runCli(['init', '--repo', path]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`error: init: ${path} is not a directory (--repo: the repository to scan)`);
  });
});

describe('the workflows init writes, on a repository whose branch is not main', () => {
  it('deploy and plan run on the branch the repository is on (pushes to master deployed nothing)', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, 'on-master'));
    repo.git('branch', '-m', 'master');
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    const deploy = parse(readFileSync(join(repo.dir, '.github/workflows/deploy.yml'), 'utf8'));
    expect(deploy.on.push.branches).toEqual(['master']);
    const plan = parse(readFileSync(join(repo.dir, '.github/workflows/plan.yml'), 'utf8'));
    expect(plan.on.pull_request.branches).toEqual(['master']);
  });

  // the templates' example choice [production, staging]: choosing staging failed with "unknown target"
  it('backup and rollback offer the targets the written config has, no other', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, 'targets'));
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    const targets = Object.keys(parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8')).targets);
    for (const name of ['backup.yml', 'rollback.yml']) {
      const w = parse(readFileSync(join(repo.dir, '.github/workflows', name), 'utf8'));
      expect(w.on.workflow_dispatch.inputs.target.options).toEqual(targets);
      expect(targets).toContain(w.on.workflow_dispatch.inputs.target.default);
    }
  });

  it('says to point the workflows at the action itself: `uses: your-org/gitops-deploy@v1` cannot run', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, 'uses-line'));
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, '.github/workflows/deploy.yml'), 'utf8')).toContain('uses: your-org/gitops-deploy@v1');
    expect(r.stdout).toContain(
      'Then edit .github/workflows/*.yml: replace `your-org/gitops-deploy@v1` with the gitops-deploy action pinned to the full commit sha you reviewed',
    );
  });
});

describe('init in the working copy the user runs the app from (gitignored local data next to the tracked files)', () => {
  it('a bind-mounted data directory that exists locally but is gitignored is still shared (it lived in each release: the SQLite db reset on every deploy)', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'cochin'), join(tmp, 'local-data'), { '.gitignore': 'data/\n' });
    for (const [f, text] of [
      ['data/db/db.sqlite3', 'SQLite format 3\n'],
      ['data/media/photo.jpg', 'jpg\n'],
    ] as const)
      await mkdir(dirname(join(repo.dir, f)), { recursive: true }).then(() => writeFile(join(repo.dir, f), text));
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    const config = parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8'));
    expect(config.targets.production.shared).toEqual(['data/db/', 'data/media/']);
  });

  it('a gitignored production override (secrets kept out of git) is not proposed: plan accepts the config', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, 'ignored-override'), {
      '.gitignore': 'docker-compose.prod.yml\n',
    });
    await writeFile(join(repo.dir, 'docker-compose.prod.yml'), 'services:\n  web:\n    environment: {DEBUG: "0"}\n');
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8')).compose.files).toEqual(['docker-compose.yml']);
    await repo.commit('gitops-deploy init', {});
    const plan = await runCli(['plan', '--repo', repo.dir]);
    expect(plan.code, plan.stderr).toBe(0);
  });

  it('a bind-mounted file kept out of git (./db.sqlite3:/app/db.sqlite3) is shared as a file, not as an empty directory', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, 'file-bind'), {
      '.gitignore': 'db.sqlite3\ndata/\n',
      'docker-compose.yml': 'services:\n  web:\n    build: .\n    volumes: ["./db.sqlite3:/app/db.sqlite3", "./data:/app/data"]\n',
    });
    await writeFile(join(repo.dir, 'db.sqlite3'), 'SQLite format 3\n');
    const r = await runCli(['init', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8')).targets.production.shared).toEqual(['db.sqlite3', 'data/']);
    expect(r.stdout).toContain('before the first deploy, copy db.sqlite3 to <path>/shared/db.sqlite3 on the host');
  });
});

describe('plan on a config whose compose env_file the deploy cannot provide (a hand-written config without shared: [.env])', () => {
  it('warns before the deploy trips on it, naming the fix; with shared: [.env] it does not', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'dhis2-sync'), join(tmp, 'env-unshared'), { '.gitignore': '.env\n' });
    await writeFile(join(repo.dir, '.env'), 'SECRET_KEY=local\n');
    const config = (shared: string) =>
      `version: 1\ncompose: {project: envunshared}\ntargets:\n  production:\n    strategy: compose\n    host: deploy@h.example.net\n    path: /srv/app\n    shared: ${shared}\n`;
    await writeFile(join(tmp, 'env-unshared.yml'), config('[]'));
    const r = await runCli(['plan', '--repo', repo.dir, '--config', join(tmp, 'env-unshared.yml'), '--target', 'production']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain(
      'env_file .env ("celery_beat", "celery_worker", "web") is neither in the commit nor in targets.production.shared',
    );
    await writeFile(join(tmp, 'env-unshared.yml'), config('[.env]'));
    const ok = await runCli(['plan', '--repo', repo.dir, '--config', join(tmp, 'env-unshared.yml'), '--target', 'production']);
    expect(ok.stdout + ok.stderr).not.toContain('env_file .env');
  });
});

describe('init on a Django app served by Passenger', () => {
  // it proposed migrate alone: no release ever ran collectstatic, so STATIC_ROOT (Apache's /static/,
  // or whitenoise's manifest) was empty in every release directory: unstyled pages, or 500s
  it('proposes collectstatic, run by every deploy that uploads (not by a docs-only one), as for compose', async () => {
    const repo = await createAppRepo(join(FIXTURES, 'alpe-bourse'), join(tmp, 'django-passenger'), {
      'backend/manage.py': 'import sys\n',
      'backend/shop/views.py': 'x = 1\n',
      'backend/shop/static/shop/site.css': 'body {}\n',
    });
    const init = await runCli(['init', '--repo', repo.dir]);
    expect(init.code, init.stderr).toBe(0);
    const config = parse(readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8'));
    expect(config.targets.production.strategy).toBe('passenger');
    expect(config.tasks.collectstatic.command).toBe('python manage.py collectstatic --noinput');
    await repo.commit('gitops-deploy init', {});
    const first = await runCli(['plan', '--repo', repo.dir, '--target', 'production', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.tasks).toEqual(expect.arrayContaining(['migrate', 'collectstatic']));
    await repo.commit('python only', { 'backend/shop/views.py': 'x = 2\n' });
    const code = await runCli(['plan', '--repo', repo.dir, '--from', 'HEAD~1', '--json']);
    expect(code.code, code.stderr).toBe(0);
    expect(code.json.tasks).toEqual(['collectstatic']);
    await repo.commit('docs only', { 'README.md': '# shop\n' });
    const docs = await runCli(['plan', '--repo', repo.dir, '--from', 'HEAD~1', '--json']);
    expect(docs.code, docs.stderr).toBe(0);
    expect(docs.json.tasks).toEqual([]);
  }, 60_000);
});
