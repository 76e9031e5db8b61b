/**
 * Passenger deploy benchmark on the real harness (sshd on loopback, rsync, Apache + mod_passenger,
 * virtualenv + pip offline, SQLite): a code-only deploy with gitops-deploy vs the seed's manual
 * update sequence (alpe-bourse-deployment.md §3.6 "Mise à jour") run by a plain script, which
 * always backs up, builds the frontend, rsyncs, runs pip and the migrations, and touches
 * restart.txt. Both run interleaved in the same process, median of RUNS each.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shellQuote as q } from '../src/transport/quote.js';
import { apacheAvailable, startApache, type ApacheServer } from '../test/e2e/harness/apache.js';
import { createAppRepo, type AppRepo } from '../test/e2e/harness/app-repo.js';
import { runCli } from '../test/e2e/harness/cli.js';
import { freePort } from '../test/e2e/harness/ports.js';
import { sshdAvailable, startSshd, type SshdHandle } from '../test/e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';
import { median, s as seconds } from './stats.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/passenger-app', import.meta.url));
const RUNS = 3;
const PIP_ARGS = ['--no-index', '--find-links', 'wheels'];
/** requirements.txt sizes measured: the fixture's one dependency, and a real app's order of magnitude */
const DEPENDENCIES = [1, 30];

function config(port: number, path: string, publicHtml: string, healthUrl: string): string {
  return `version: 1
tasks:
  migrate: {command: "python migrate.py storage/app.sqlite3", paths: ["backend/migrations/**"]}
targets:
  bench:
    strategy: passenger
    host: root@127.0.0.1
    port: ${port}
    path: ${path}
    app_root: backend
    shared: [backend/.env, backend/storage/]
    python: /usr/bin/python3
    pip_args: [${PIP_ARGS.join(', ')}]
    backup: {engine: sqlite, path: shared/backend/storage/app.sqlite3, keep: 3}
    health: {url: "${healthUrl}", expect_body: "^version=", timeout: 30s}
    frontend: {build: "cd frontend && node build.js", dist: frontend/dist, public_html: ${publicHtml}, paths: ["frontend/**"], protect: [.htaccess]}
`;
}

interface Env {
  sshd: SshdHandle;
  repo: AppRepo;
  /** the manual sequence's host tree (the seed's layout: ~/backend, ~/public_html, ~/backup) */
  home: string;
  cliEnv: Record<string, string>;
}

/** The seed's deploy-update.sh on the harness: one ssh connection per step, steps timed. */
function manualScript(e: Env, ts: string): string {
  const { home, repo } = e;
  const ssh = `ssh -i ${q(join(e.sshd.dir, 'client_key'))} -p ${e.sshd.port} -o UserKnownHostsFile=${q(join(e.sshd.dir, 'known_hosts'))} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
  const remote = (cmd: string): string => `$SSH root@127.0.0.1 ${q(cmd)}`;
  const backend = `${home}/backend`;
  const venv = `cd ${q(backend)} && . venv/bin/activate`;
  const step = (name: string): string => `echo "step ${name} $(date +%s%N)"`;
  return [
    'set -eu',
    `SSH=${q(ssh)}`,
    step('backup'),
    remote(
      `mkdir -p ${q(`${home}/backup`)} && sqlite3 ${q(`${backend}/storage/app.sqlite3`)} ${q(`.backup ${home}/backup/db_${ts}.sqlite3`)} && tar -czf ${q(`${home}/backup/backend_${ts}.tar.gz`)} -C ${q(home)} --exclude=venv --exclude=storage backend`,
    ),
    step('frontend build'),
    `(cd ${q(`${repo.dir}/frontend`)} && node build.js >/dev/null)`,
    step('rsync backend'),
    `rsync -az --exclude venv --exclude __pycache__ --exclude .env -e "$SSH" ${q(`${repo.dir}/backend/`)} ${q(`root@127.0.0.1:${backend}/`)}`,
    step('rsync frontend'),
    `rsync -az --delete -e "$SSH" ${q(`${repo.dir}/frontend/dist/`)} ${q(`root@127.0.0.1:${home}/public_html/`)}`,
    step('pip install'),
    remote(`${venv} && pip install -q --disable-pip-version-check -r requirements.txt --upgrade ${PIP_ARGS.join(' ')}`),
    step('migrate'),
    remote(`${venv} && python migrate.py storage/app.sqlite3 >/dev/null`),
    step('touch restart.txt'),
    remote(`mkdir -p ${q(`${backend}/tmp`)} && touch ${q(`${backend}/tmp/restart.txt`)}`),
    step('end'),
  ].join('\n');
}

interface ManualRun {
  ms: number;
  steps: Record<string, number>;
}

/** The seed's `TIMESTAMP=$(date +%Y%m%d_%H%M%S)`, made unique per run. */
const stamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace('T', '_').replace(/\..*/, '');

function runManual(e: Env): ManualRun {
  const script = manualScript(e, stamp());
  const start = performance.now();
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`manual sequence failed: ${r.stderr}`);
  const marks = [...r.stdout.matchAll(/^step (.+) (\d+)$/gm)].map((m) => ({ name: m[1]!, ns: Number(m[2]) }));
  const steps: Record<string, number> = {};
  marks.slice(0, -1).forEach((m, i) => (steps[m.name] = (marks[i + 1]!.ns - m.ns) / 1e6));
  return { ms, steps };
}

/** Lays out the seed's host tree and runs its first deploy (venv, pip, migrations) once, untimed. */
async function setUpManual(e: Env): Promise<void> {
  await mkdir(join(e.home, 'backend', 'storage'), { recursive: true });
  await writeFile(join(e.home, 'backend', '.env'), 'SECRET_KEY=bench\n');
  spawnSync('sqlite3', [join(e.home, 'backend', 'storage', 'app.sqlite3'), 'create table if not exists legacy(x);']);
  const venv = spawnSync('/usr/bin/python3', ['-m', 'venv', join(e.home, 'backend', 'venv')]);
  if (venv.status !== 0) throw new Error(`python3 -m venv failed: ${venv.stderr}`);
  runManual(e);
}

interface Measured {
  /** requirements.txt size of this scenario */
  deps: number;
  ours: number[];
  manual: number[];
  /** ours: wall time outside the timed phases (node start, config, git, lock release, ssh teardown) */
  phases: Record<string, number[]>;
  steps: Record<string, number[]>;
}

async function measure(e: Env, deps: number): Promise<Measured> {
  const m: Measured = { deps, ours: [], manual: [], phases: {}, steps: {} };
  for (let i = 0; i < RUNS; i++) {
    await e.repo.commit(`bench code change ${deps}/${i}`, { 'backend/VERSION': `bench-${deps}-${i}\n` });
    const r = await runCli(['deploy', '--repo', e.repo.dir, '--target', 'bench', '--json'], e.cliEnv);
    if (r.code !== 0) throw new Error(`deploy failed: ${r.stderr}`);
    m.ours.push(r.ms);
    const phases = r.json.phases as { name: string; ms: number }[];
    for (const p of phases) (m.phases[p.name] ??= []).push(p.ms);
    (m.phases['(outside phases)'] ??= []).push(r.ms - phases.reduce((sum, p) => sum + p.ms, 0));
    const manual = runManual(e);
    m.manual.push(manual.ms);
    for (const [name, ms] of Object.entries(manual.steps)) (m.steps[name] ??= []).push(ms);
  }
  return m;
}

/** Commits `count` local wheels as the requirements, then brings both hosts up to date (untimed). */
async function setRequirements(e: Env, count: number): Promise<void> {
  const names = Array.from({ length: count }, (_, i) => `bench_dep_${String(i).padStart(2, '0')}`);
  for (const name of names) {
    const r = spawnSync('/usr/bin/python3', ['tools/make_wheel.py', 'backend/wheels', name, '1.0'], { cwd: e.repo.dir });
    if (r.status !== 0) throw new Error(`make_wheel failed: ${r.stderr}`);
  }
  await e.repo.commit(`${count} dependencies`, { 'backend/requirements.txt': names.map((n) => `${n.replace(/_/g, '-')}==1.0\n`).join('') });
  const r = await runCli(['deploy', '--repo', e.repo.dir, '--target', 'bench', '--json'], e.cliEnv);
  if (r.code !== 0) throw new Error(`deploy failed: ${r.stderr}`);
  runManual(e);
}

async function startHarness(tmp: string, sshd: SshdHandle): Promise<{ env: Env; apache: ApacheServer }> {
  const path = join(tmp, 'host', 'app');
  const publicHtml = join(tmp, 'host', 'public_html');
  const db = join(path, 'shared', 'backend', 'storage', 'app.sqlite3');
  const apacheDir = join(tmp, 'apache');
  await mkdir(apacheDir, { recursive: true, mode: 0o755 });
  await mkdir(join(path, 'shared', 'backend', 'storage'), { recursive: true });
  spawnSync('sqlite3', [db, 'create table if not exists legacy(x);']);
  const apache = await startApache({
    appRoot: join(path, 'current', 'backend'),
    port: await freePort(),
    dir: apacheDir,
    publicHtml,
    env: { APP_DB: db },
  });
  const repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), {
    '.github/deploy.yml': config(sshd.port, path, publicHtml, `${apache.url}/`),
  });
  await writeFile(join(sshd.dir, 'client_key'), sshd.clientKey, { mode: 0o600 });
  await writeFile(join(sshd.dir, 'known_hosts'), sshd.knownHosts);
  const cliEnv = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  return { env: { sshd, repo, home: join(tmp, 'manual'), cliEnv }, apache };
}

export async function benchPassenger(): Promise<string> {
  if (!sshdAvailable() || !apacheAvailable())
    return '## Deploy (passenger)\n\nSkipped: sshd or Apache + mod_passenger is not available (run test/e2e/setup.sh as root).\n';
  const sshd = await startSshd();
  const tmp = await makeTempDir('gitops-bench-passenger');
  let apache: ApacheServer | undefined;
  try {
    const h = await startHarness(tmp, sshd);
    apache = h.apache;
    const first = await runCli(['deploy', '--repo', h.env.repo.dir, '--target', 'bench', '--json'], h.env.cliEnv);
    if (first.code !== 0) throw new Error(`first deploy failed: ${first.stderr}`);
    await setUpManual(h.env);
    const results: Measured[] = [];
    for (const deps of DEPENDENCIES) {
      await setRequirements(h.env, deps);
      results.push(await measure(h.env, deps));
    }
    return render(results);
  } finally {
    await apache?.stop();
    await sshd.stop();
    await removeTree(tmp);
  }
}

function render(results: Measured[]): string {
  const split = (xs: Record<string, number[]>): string[] => Object.entries(xs).map(([name, v]) => `| ${name} | ${seconds(median(v))} |`);
  const rows = results.map(
    (m) => `| ${m.deps} | ${seconds(median(m.ours))} | ${seconds(median(m.manual))} | ${seconds(median(m.steps['pip install'] ?? []))} |`,
  );
  const first = results[0]!;
  return [
    '## Deploy (passenger): code-only change',
    '',
    `Real harness: sshd on 127.0.0.1, rsync, Apache 2.4 + mod_passenger 6.0.17 serving the passenger-app fixture (WSGI), a virtualenv, pip offline from local wheels (\`--no-index --find-links wheels\`), SQLite. The change is one backend file; median of ${RUNS} runs each, interleaved in the same run, for a requirements.txt of 1 and of 30 packages.`,
    '',
    '- **gitops-deploy**: lock, plan from the deployed revision, SQLite backup (verified), new release with --link-dest, pip / migrations / frontend skipped (unchanged since the deployed revision), atomic switch + restart.txt touch, health check through Apache, state + audit.',
    '- **seed\'s manual sequence** (§3.6 "Mise à jour" as a plain script): sqlite backup + tar of backend/, frontend build, rsync backend, rsync dist --delete, `pip install -r requirements.txt --upgrade`, migrations, touch restart.txt; one ssh connection per step, no health check, no rollback.',
    '',
    '| requirements | gitops-deploy | manual sequence | of which pip install |',
    '|---:|---:|---:|---:|',
    ...rows,
    '',
    `gitops-deploy by phase (median, ${first.deps} requirement):`,
    '',
    '| phase | median |',
    '|---|---:|',
    ...split(first.phases),
    '',
    `Manual sequence by step (median, ${first.deps} requirement):`,
    '',
    '| step | median |',
    '|---|---:|',
    ...split(first.steps),
    '',
    'Here the frontend build is `node build.js` (no `npm ci`, no bundler) and pip resolves local wheels only: both are the floor of what the manual sequence pays on every deploy.',
    '',
  ].join('\n');
}
