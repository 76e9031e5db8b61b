/**
 * `gitops-deploy plan` through the real CLI on real temporary git repositories (no git mocks):
 * the Django/Celery-shaped fixture with docker/docker-compose.yml and `context: ..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from '../e2e/harness/app-repo.js';
import { runCli, spawnCli } from '../e2e/harness/cli.js';
import { FIXTURE_RULES, fixtureHeader } from '../e2e/harness/fixture-config.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const CONFIG = `${fixtureHeader('obs')}${FIXTURE_RULES}`;

let tmp = '';
let repo: AppRepo;
const plan = (...args: string[]) => runCli(['plan', '--repo', repo.dir, '--json', ...args]);

beforeAll(async () => {
  tmp = await makeTempDir('gitops-plan-cli');
  repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': CONFIG });
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

const composeFile = () => readFileSync(join(repo.dir, 'docker/docker-compose.yml'), 'utf8');

type Row = [string, () => Record<string, string | null>, Record<string, unknown>];
const rows: Row[] = [
  ['template → web only', () => ({ 'app/templates/index.html': '<p>2</p>' }), { build: ['web'], recreate: [], restart: [], tasks: [] }],
  ['python → web + celery', () => ({ 'app/views.py': 'x = 2\n' }), { build: ['celery_beat', 'celery_worker', 'web'], tasks: [] }],
  [
    'migration → python build + migrate',
    () => ({ 'app/migrations/0002_more.py': 'ops = []\n' }),
    { build: ['celery_beat', 'celery_worker', 'web'], tasks: ['migrate'] },
  ],
  [
    'static → web + collectstatic + nginx restart',
    () => ({ 'app/static/app.css': 'body{}' }),
    { build: ['web'], restart: ['nginx'], tasks: ['collectstatic'] },
  ],
  [
    'Dockerfile → all, no cache',
    () => ({ 'docker/Dockerfile': 'FROM scratch\n' }),
    { build: ['celery_beat', 'celery_worker', 'flower', 'web'], noCache: ['celery_beat', 'celery_worker', 'flower', 'web'] },
  ],
  ['docs → ignored', () => ({ 'docs/README.md': 'more docs' }), { build: [], recreate: [], restart: [], unmatched: [] }],
  [
    'nginx conf (bind mount, dockerignored) → restart nginx',
    () => ({ 'docker/nginx/nginx.conf': 'server {}' }),
    { build: [], restart: ['nginx'] },
  ],
  [
    'compose command edit → recreate flower only',
    () => ({ 'docker/docker-compose.yml': composeFile().replace('run.sh", "flower"]', 'run.sh", "flower", "--x"]') }),
    { build: [], recreate: ['flower'] },
  ],
  [
    'dockerignored file under no mount → unmatched',
    () => ({ 'docker/nginx/notes.txt': 'x' }),
    { build: [], restart: [], unmatched: ['docker/nginx/notes.txt'] },
  ],
  [
    'compose .env value used in build.args and image (interpolation) → build the app services, recreate nginx and db',
    () => ({ 'docker/.env': 'FIXTURE_BASE_IMAGE=base:2\n' }),
    { build: ['celery_beat', 'celery_worker', 'flower', 'web'], recreate: ['db', 'nginx'], unmatched: [] },
  ],
  [
    // docker/.env lies in the build context (..), so the images still build for it
    'compose .env value no service uses → no recreate, not unmatched',
    () => ({ 'docker/.env': 'FIXTURE_BASE_IMAGE=base:2\nUNUSED=1\n' }),
    { build: ['celery_beat', 'celery_worker', 'flower', 'web'], recreate: [], restart: [], unmatched: [] },
  ],
  [
    'any other file in the build context → every service of that context',
    () => ({ 'docker/scripts/x.sh': 'echo' }),
    { build: ['celery_beat', 'celery_worker', 'flower', 'web'], unmatched: [] },
  ],
];

describe('plan via the CLI on a real git repository', () => {
  it.each(rows)('%s', async (_name, files, expected) => {
    const from = repo.head();
    const to = await repo.commit(_name, files());
    const r = await plan('--from', from, '--to', to);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ from, to, ...expected });
  });

  it('a rename counts as its old and new path; odd file names survive (NUL-separated git output)', async () => {
    const odd = 'app/templates/naïve "quoted"\nname with spaces.html';
    await repo.commit('odd name', { [odd]: '<p>odd</p>' });
    const from = repo.head();
    repo.git('mv', odd, 'docs/moved.md');
    const to = await repo.commit('rename', {});
    const r = await plan('--from', from, '--to', to);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.changedFiles).toEqual(['app/templates/naïve "quoted"\nname with spaces.html', 'docs/moved.md']);
    expect(r.json.build).toEqual(['web']);
  });

  it('same sha on both sides is a valid empty plan', async () => {
    const r = await plan('--from', 'HEAD', '--to', 'HEAD');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ changedFiles: [], build: [], recreate: [], restart: [], remove: [], tasks: [] });
  });

  it('unknown from (no deployed revision): a first deploy, everything built and recreated, every task run, with the reason', async () => {
    const r = await plan('--to', 'HEAD');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.from).toBeNull();
    expect(r.json.fromUnknownReason).toMatch(/no `from` given and the deployed revision was not read/);
    expect(r.json.build).toEqual(['celery_beat', 'celery_worker', 'flower', 'web']);
    expect(r.json.recreate).toEqual(['db', 'nginx']);
    expect(r.json.tasks).toEqual(['migrate', 'collectstatic']);
    expect(r.json.reasons.some((x: { rule: string }) => x.rule === 'unknown-from')).toBe(true);
  });

  it('plan before any deploy, as a table: says it is a first deploy and lists everything it does', async () => {
    const r = await runCli(['plan', '--repo', repo.dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Plan \(unknown\)\.\.[0-9a-f]{12}: planned as a first deploy$/m);
    expect(r.stdout).toContain(
      'A first deploy builds 4 services (celery_beat, celery_worker, flower, web), starts 2 more (db, nginx), runs 2 tasks (migrate, collectstatic).',
    );
    expect(r.stdout).toMatch(/^migrate\s+first deploy$/m);
    expect(r.stdout).not.toMatch(/Nothing to deploy|0 changed files/);
  });

  it('prints a readable table without --json', async () => {
    const r = await runCli(['plan', '--repo', repo.dir, '--from', 'HEAD~3', '--to', 'HEAD']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/web\s+build/);
  });
});

describe('bad input: clear message, exit 2, no stack trace', () => {
  const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

  it('hostile branch name does nothing', async () => {
    const marker = join(tmpdir(), `gitops-pwned-${process.pid}`);
    const r = await plan('--from', `$(touch ${marker})`, '--to', 'HEAD');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/from: unknown revision/);
    expect(existsSync(marker)).toBe(false);
    noStack(r.stderr);
  });

  it.each([
    ['option-like revision', ['--to=--output=/tmp/x'], /to: invalid revision/],
    ['unknown revision', ['--to', 'no-such-branch'], /to: unknown revision "no-such-branch"/],
    ['missing config', ['--config', '/nonexistent/deploy.yml'], /config file not found: \/nonexistent\/deploy.yml/],
  ])('%s', async (_n, args, message) => {
    const r = await plan(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    noStack(r.stderr);
  });

  it('not a git repo', async () => {
    const r = await runCli(['plan', '--repo', tmp, '--config', join(repo.dir, '.github/deploy.yml'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a git repository/);
    noStack(r.stderr);
  });

  it('YAML syntax error with file:line:column', async () => {
    const bad = join(tmp, 'bad.yml');
    await writeFile(bad, 'version: 1\nrules:\n  - name: x\n    paths: [unclosed\n');
    const r = await plan('--config', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yml:\d+:\d+/);
    noStack(r.stderr);
  });

  it('a rule naming a service that does not exist is an error', async () => {
    const bad = join(tmp, 'unknown-service.yml');
    await writeFile(bad, CONFIG.replace('build: [web]}', 'build: [webb]}'));
    const r = await plan('--config', bad, '--from', 'HEAD~1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown service "webb"/);
    noStack(r.stderr);
  });

  it('--repo DIR with a relative --config reads the config inside DIR (not the cwd)', async () => {
    const r = await runCli(['plan', '--repo', repo.dir, '--config', '.github/deploy.yml', '--from', 'HEAD~1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.to).toBe(repo.head());
  });

  it('--json: a failure is still one JSON object on stdout, with the error', async () => {
    const r = await plan('--config', '/nonexistent/deploy.yml');
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ error: expect.stringMatching(/config file not found/), result: 'failure', command: 'plan' });
    const flag = await runCli(['plan', '--json', '--form', 'x']);
    expect(flag.code).toBe(2);
    expect(JSON.parse(flag.stdout)).toMatchObject({ error: expect.stringMatching(/Unknown option '--form'/) });
  });

  it('--json: a bare call and a --json=VALUE are bad input answered in JSON too (exit 2)', async () => {
    for (const args of [['--json'], ['plan', '--json=1']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout), args.join(' ')).toMatchObject({ error: expect.any(String), result: 'failure' });
    }
  });

  it('--json: config problems are listed with their locations', async () => {
    const bad = join(tmp, 'bad-json.yml');
    await writeFile(bad, 'version: 1\nrules:\n  - name: x\n    paths: ["a"]\n    build: 3\n');
    const r = await plan('--config', bad);
    expect(r.code).toBe(2);
    expect(r.json.errors).toEqual([expect.objectContaining({ file: bad, line: 5 })]);
  });

  it('a bare call prints the usage on stderr and exits 2; --version and --help exit 0', async () => {
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: gitops-deploy <command>/);
    expect(bare.stdout).toBe('');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^gitops-deploy \d+\.\d+\.\d+$/);
    const help = await runCli(['status', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gitops-deploy status/);
  });

  it('a compose file missing at the revision: one error naming it, the revision and the files that exist', async () => {
    const bad = join(tmp, 'missing-compose.yml');
    await writeFile(
      bad,
      CONFIG.replace('compose: {directory: docker, files: [docker-compose.yml]', 'compose: {directory: ., files: [compose.yaml]'),
    );
    const r = await plan('--config', bad, '--from', 'HEAD');
    expect(r.code).toBe(2);
    const sha = repo.head().slice(0, 12);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toEqual([
      `error: compose file compose.yaml does not exist at ${sha} (compose.directory: ., compose.files: [compose.yaml]); compose files in that commit: docker/docker-compose.yml`,
    ]);
    expect(r.stderr).not.toMatch(/unknown service/);
    noStack(r.stderr);
  });

  it('a compose service name a deploy cannot pass to compose: refused by the plan (not by build/up after the upload)', async () => {
    const base = repo.head();
    repo.git('checkout', '-q', '-b', 'bad-service-name');
    try {
      const to = await repo.commit('bad service name', { 'docker/docker-compose.yml': `${composeFile()}\n  -x:\n    image: busybox\n` });
      const r = await plan('--from', base, '--to', to);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/error: compose files at [0-9a-f]{12}: docker\/docker-compose\.yml: service name "-x" cannot be deployed/);
      noStack(r.stderr);
    } finally {
      repo.git('checkout', '-q', 'main');
    }
  });

  it('a glob picomatch never returns for (ending with backslashes): a config error, not a plan that hangs deaf to SIGTERM', async () => {
    const bad = join(tmp, 'backslash-glob.yml');
    await writeFile(bad, CONFIG.replace('paths: ["**/templates/**"]', String.raw`paths: ['docs/\\\\']`));
    const run = spawnCli(['plan', '--repo', repo.dir, '--json', '--config', bad, '--from', 'HEAD']);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    const r = await run.done.finally(() => clearTimeout(timer));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/rules\[0\]\.paths\[0\]: expected a glob pattern that does not end with "\\"/);
    noStack(r.stderr);
  });

  it('unknown command and flag', async () => {
    expect((await runCli(['deplyo'])).code).toBe(2);
    const r = await runCli(['plan', '--form', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--form'/);
  });
});
