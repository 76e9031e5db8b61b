/**
 * Deploy benchmark on the real harness (sshd on loopback, Docker engine, docker-compose v1):
 * a template-only deploy with gitops-deploy vs the naive way the seeds do it by hand
 * (rsync everything, `docker-compose build` of every service, `up -d`), in the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppRepo, type AppRepo } from '../test/e2e/harness/app-repo.js';
import { runCli } from '../test/e2e/harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, removeProject, uniqueProject } from '../test/e2e/harness/docker.js';
import { startSshd, sshdAvailable, type SshdHandle } from '../test/e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/compose-app', import.meta.url));
const RUNS = 3;

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
export const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function config(project: string, port: number, path: string): string {
  return `version: 1
compose: {directory: docker, files: [docker-compose.yml], project: ${project}, command: docker-compose}
rules:
  - {name: templates, paths: ["**/templates/**"], build: [web]}
  - {name: docs, paths: ["**/*.md"], ignore: true}
targets:
  bench: {strategy: compose, host: root@127.0.0.1, port: ${port}, path: ${path}, shared: [.env, media/], backup: {engine: sqlite, path: shared/db.sqlite3, keep: 3}, health: {timeout: 30s}}
`;
}

/** The naive way: one rsync of the whole tree, then a full build and up over ssh (2 connections). */
function naiveDeploy(sshd: SshdHandle, repo: AppRepo, dir: string, project: string): number {
  const ssh = [
    'ssh',
    '-i',
    join(sshd.dir, 'client_key'),
    '-p',
    String(sshd.port),
    '-o',
    `UserKnownHostsFile=${join(sshd.dir, 'known_hosts')}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
  ];
  const start = performance.now();
  const rsync = spawnSync('rsync', ['-az', '--delete', '--exclude=.git', '-e', ssh.join(' '), `${repo.dir}/`, `root@127.0.0.1:${dir}/`]);
  if (rsync.status !== 0) throw new Error(`naive rsync failed: ${rsync.stderr}`);
  const remote = `cd ${dir}/docker && docker-compose -p ${project} build && docker-compose -p ${project} up -d`;
  const r = spawnSync(ssh[0]!, [...ssh.slice(1), 'root@127.0.0.1', remote]);
  if (r.status !== 0) throw new Error(`naive build/up failed: ${r.stderr}`);
  return performance.now() - start;
}

interface Measured {
  ours: number[];
  naive: number[];
  phases: Record<string, number[]>;
  connections: string;
}

async function measure(
  sshd: SshdHandle,
  repo: AppRepo,
  env: Record<string, string>,
  naiveDir: string,
  naiveProject: string,
): Promise<Measured> {
  const m: Measured = { ours: [], naive: [], phases: {}, connections: '' };
  for (let i = 0; i < RUNS; i++) {
    await repo.commit(`bench template ${i}`, { 'app/templates/index.html': `<h1>bench ${i}</h1>\n` });
    const r = await runCli(['deploy', '--repo', repo.dir, '--target', 'bench', '--json'], env);
    if (r.code !== 0) throw new Error(`deploy failed: ${r.stderr}`);
    m.ours.push(r.ms);
    for (const p of r.json.phases as { name: string; ms: number }[]) (m.phases[p.name] ??= []).push(p.ms);
    m.connections = `${r.json.connections.ssh2} ssh2 session + ${r.json.connections.masters} ControlMaster (shared by every rsync)`;
    m.naive.push(naiveDeploy(sshd, repo, naiveDir, naiveProject));
  }
  return m;
}

export async function benchDeploy(): Promise<string> {
  if (!sshdAvailable() || !(await dockerAvailable()))
    return '## Deploy (compose)\n\nSkipped: sshd or the Docker engine is not available (run test/e2e/setup.sh as root).\n';
  await buildBusyboxBaseImage();
  const sshd = await startSshd();
  const tmp = await makeTempDir('gitops-bench-deploy');
  const project = uniqueProject('gdbench');
  const naiveProject = uniqueProject('gdnaive');
  try {
    const path = join(tmp, 'host', 'app');
    const repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config(project, sshd.port, path) });
    await mkdir(join(path, 'shared', 'media'), { recursive: true });
    spawnSync('sqlite3', [join(path, 'shared', 'db.sqlite3'), 'create table t(x); insert into t values (1);']);
    await writeFile(join(sshd.dir, 'client_key'), sshd.clientKey, { mode: 0o600 });
    await writeFile(join(sshd.dir, 'known_hosts'), sshd.knownHosts);
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const first = await runCli(['deploy', '--repo', repo.dir, '--target', 'bench', '--json'], env);
    if (first.code !== 0) throw new Error(`first deploy failed: ${first.stderr}`);
    const naiveDir = join(tmp, 'host', 'naive');
    naiveDeploy(sshd, repo, naiveDir, naiveProject);
    const m = await measure(sshd, repo, env, naiveDir, naiveProject);
    return render(m);
  } finally {
    await removeProject(project);
    await removeProject(naiveProject);
    await sshd.stop();
    await removeTree(tmp);
  }
}

function render(m: Measured): string {
  const lines = [
    '## Deploy (compose): template-only change',
    '',
    `Real harness: sshd on 127.0.0.1, rsync, Docker engine with docker-compose v1, the Django/Celery-shaped fixture (6 services, 4 built from one Dockerfile). Median of ${RUNS} runs each, interleaved in the same run.`,
    '',
    '| way | median wall time | what it does |',
    '|---|---:|---|',
    `| gitops-deploy | ${s(median(m.ours))} | lock, plan, SQLite backup (verified), release upload with --link-dest, build web only, up -d --no-deps web, healthcheck, record |`,
    `| naive (seed's manual sequence) | ${s(median(m.naive))} | rsync the tree, \`docker-compose build\` (all 4 images), \`up -d\` (recreates all 4 app containers), no backup, no health check |`,
    '',
    'Split of the gitops-deploy run by phase (median):',
    '',
    '| phase | median |',
    '|---|---:|',
    ...Object.entries(m.phases).map(([name, xs]) => `| ${name} | ${s(median(xs))} |`),
    '',
    `SSH connections per gitops-deploy run: ${m.connections}. The naive sequence opens one per command (2 here: rsync, then build+up).`,
    '',
  ];
  return lines.join('\n');
}
