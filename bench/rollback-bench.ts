/**
 * Rollback benchmark on the real harness (sshd on loopback, Docker engine, docker-compose v1):
 * going back to the previous release with `gitops-deploy rollback` (retained images, no build)
 * vs the other way back, a redeploy of the previous content (a revert commit: plan, upload, build
 * web, up), from the same state and in the same run.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppRepo, type AppRepo } from '../test/e2e/harness/app-repo.js';
import { runCli, type CliRun } from '../test/e2e/harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, removeProject, uniqueProject } from '../test/e2e/harness/docker.js';
import { startSshd, sshdAvailable } from '../test/e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';
import { median, s } from './deploy-bench.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/compose-app', import.meta.url));
const RUNS = 3;

function config(project: string, port: number, path: string): string {
  return `version: 1
compose: {directory: docker, files: [docker-compose.yml], project: ${project}, command: docker-compose}
rules:
  - {name: templates, paths: ["**/templates/**"], build: [web]}
targets:
  bench: {strategy: compose, host: root@127.0.0.1, port: ${port}, path: ${path}, shared: [.env, media/], health: {timeout: 30s}}
`;
}

interface Measured {
  rollback: number[];
  redeploy: number[];
  rollbackPhases: Record<string, number[]>;
  redeployPhases: Record<string, number[]>;
}

function record(into: Record<string, number[]>, r: CliRun): void {
  for (const p of r.json.phases as { name: string; ms: number }[]) (into[p.name] ??= []).push(p.ms);
}

async function run(repo: AppRepo, env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const r = await runCli([...args, '--repo', repo.dir, '--target', 'bench', '--json'], env);
  if (r.code !== 0) throw new Error(`${args[0]} failed: ${r.stderr}`);
  return r;
}

/** Each round starts with release A running and B (a template change) deployed on top of it. */
async function measure(repo: AppRepo, env: Record<string, string>): Promise<Measured> {
  const m: Measured = { rollback: [], redeploy: [], rollbackPhases: {}, redeployPhases: {} };
  for (let i = 0; i < RUNS; i++) {
    const before = await repo.commit(`B${i}`, { 'app/templates/index.html': `<h1>B${i}</h1>\n` });
    await run(repo, env, 'deploy');
    const rb = await run(repo, env, 'rollback');
    if (rb.json.phases.some((p: { name: string }) => p.name === 'Build')) throw new Error('the rollback built an image');
    m.rollback.push(rb.ms);
    record(m.rollbackPhases, rb);
    await run(repo, env, 'deploy', '--to', before); // B again: the same starting state for the other way back
    await repo.commit(`revert B${i}`, { 'app/templates/index.html': '<h1>A</h1>\n' });
    const redeploy = await run(repo, env, 'deploy');
    m.redeploy.push(redeploy.ms);
    record(m.redeployPhases, redeploy);
  }
  return m;
}

export async function benchRollback(): Promise<string> {
  if (!sshdAvailable() || !(await dockerAvailable()))
    return '## Rollback (compose)\n\nSkipped: sshd or the Docker engine is not available (run test/e2e/setup.sh as root).\n';
  await buildBusyboxBaseImage();
  const sshd = await startSshd();
  const tmp = await makeTempDir('gitops-bench-rollback');
  const project = uniqueProject('gdbenchrb');
  try {
    const path = join(tmp, 'host', 'app');
    const repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), {
      '.github/deploy.yml': config(project, sshd.port, path),
      'app/templates/index.html': '<h1>A</h1>\n',
    });
    await mkdir(join(path, 'shared', 'media'), { recursive: true });
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await run(repo, env, 'deploy');
    return render(await measure(repo, env));
  } finally {
    await removeProject(project);
    await sshd.stop();
    await removeTree(tmp);
  }
}

function phaseTable(phases: Record<string, number[]>): string[] {
  return ['| phase | median |', '|---|---:|', ...Object.entries(phases).map(([name, xs]) => `| ${name} | ${s(median(xs))} |`)];
}

function render(m: Measured): string {
  return [
    '## Rollback (compose): back to the previous release',
    '',
    `Same harness as above. From the same state (A running, B = a template change deployed on top), median of ${RUNS} rounds, interleaved in the same run; wall time of the CLI process.`,
    '',
    '| way back to A | median wall time | what it does |',
    '|---|---:|---|',
    `| \`gitops-deploy rollback\` | ${s(median(m.rollback))} | lock, reverse plan (B → A: web only), retag A's retained image, \`up -d --no-deps --force-recreate web\`, healthcheck, record; no upload, no build |`,
    `| redeploy with rebuild (revert commit) | ${s(median(m.redeploy))} | lock, plan, release upload, \`build web\`, up, healthcheck, record |`,
    '',
    'Rollback by phase (median):',
    '',
    ...phaseTable(m.rollbackPhases),
    '',
    'Redeploy by phase (median):',
    '',
    ...phaseTable(m.redeployPhases),
    '',
  ].join('\n');
}
