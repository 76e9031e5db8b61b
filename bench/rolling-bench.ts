/**
 * Several hosts (#10): the wall time of a rolling template deploy over 3 hosts (batch 1, no pause)
 * next to the same template deploy on one host, measured in the same run. Four network-namespace
 * hosts, each with its own sshd and dockerd (the rolling e2e's harness): hosts 1–3 are the rolling
 * target, host 4 the single-host one, so the two never share a container. Each round commits one
 * template change and deploys it to both, alternating which goes first; medians.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAppRepo, type AppRepo } from '../test/e2e/harness/app-repo.js';
import { runCli } from '../test/e2e/harness/cli.js';
import { buildBusyboxBaseImage, dockerAvailable, FIXTURE_BASE_IMAGE } from '../test/e2e/harness/docker.js';
import { createNetnsHosts, netnsAvailable, type NetnsHost, type NetnsNetwork } from '../test/e2e/harness/netns-host.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';
import { median, s } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const COMPOSE = `services:
  web:
    build: {context: ., network: none}
    network_mode: host
    command: ["busybox", "httpd", "-f", "-p", "127.0.0.1:8080", "-h", "/www"]
`;
const DOCKERFILE = `FROM ${FIXTURE_BASE_IMAGE}\nCOPY templates /www\n`;

const config = (hosts: NetnsHost[], path: string): string => `version: 1
compose: {project: bench, command: docker compose}
rules:
  - {name: templates, paths: ["templates/**"], build: [web]}
targets:
  prod:
    strategy: compose
    ${hosts.length === 1 ? `host: ${hosts[0]!.target}` : `hosts: [${hosts.map((h) => h.target).join(', ')}]\n    rolling: {batch: 1, pause: 0s}`}
    path: ${path}
    health: {url: "http://127.0.0.1:8080/", expect_body: "^version=", services: false, timeout: 30s}
`;

interface Setup {
  net: NetnsNetwork;
  tmp: string;
  repo: AppRepo;
  env: Record<string, string>;
  configs: { rolling: string; single: string };
}

async function setUp(): Promise<Setup> {
  const tmp = await makeTempDir('gd-bench-rolling');
  const path = join(tmp, 'srv', 'app');
  await mkdir(path, { recursive: true, mode: 0o755 });
  await buildBusyboxBaseImage();
  const net = await createNetnsHosts(4, { dockerd: true, images: [FIXTURE_BASE_IMAGE], privatePath: path });
  const key = readFileSync(join(net.hosts[0]!.dir, 'client_ed25519.pub'));
  for (const h of net.hosts) await writeFile(join(h.dir, 'authorized_keys'), key);
  const env = { GITOPS_SSH_KEY: net.hosts[0]!.clientKey, GITOPS_KNOWN_HOSTS: net.hosts.map((h) => h.knownHosts).join('') };
  const configs = { rolling: join(tmp, 'rolling.yml'), single: join(tmp, 'single.yml') };
  await writeFile(configs.rolling, config(net.hosts.slice(0, 3), path));
  await writeFile(configs.single, config(net.hosts.slice(3), path));
  await mkdir(join(tmp, 'fixture'));
  const repo = await createAppRepo(join(tmp, 'fixture'), join(tmp, 'repo'), {
    'docker-compose.yml': COMPOSE,
    Dockerfile: DOCKERFILE,
    'templates/index.html': 'version=0\n',
  });
  return { net, tmp, repo, env, configs };
}

async function deploy(ctx: Setup, config: string): Promise<{ ms: number; batches: number[] }> {
  const start = performance.now();
  const r = await runCli(['deploy', '--repo', ctx.repo.dir, '--config', config, '--target', 'prod', '--json'], ctx.env);
  const ms = performance.now() - start;
  if (r.code !== 0) throw new Error(`deploy (${config}) exited ${r.code}: ${r.stderr.slice(-2000)}`);
  const rollout = (r.json.rollout as { ms: number }[] | undefined) ?? [];
  return { ms, batches: rollout.map((b) => b.ms) };
}

export async function benchRolling(): Promise<string> {
  const head = '## Several hosts: a rolling template deploy over 3 hosts vs one host\n';
  if (!netnsAvailable() || !(await dockerAvailable())) return `${head}\nSkipped: needs root, ip netns, nsenter, sshd and dockerd.\n`;
  const ctx = await setUp();
  try {
    for (const c of [ctx.configs.single, ctx.configs.rolling]) await deploy(ctx, c); // first deploys
    const single: number[] = [];
    const rolling: number[] = [];
    const batches: number[][] = [];
    for (let i = 1; i <= RUNS; i++) {
      await ctx.repo.commit(`template v${i}`, { 'templates/index.html': `version=${i}\n` });
      const order = i % 2 === 0 ? (['rolling', 'single'] as const) : (['single', 'rolling'] as const);
      for (const way of order) {
        const r = await deploy(ctx, ctx.configs[way]);
        (way === 'single' ? single : rolling).push(r.ms);
        if (way === 'rolling') batches.push(r.batches);
      }
    }
    return renderRolling(head, median(single), median(rolling), batches);
  } finally {
    await ctx.net.teardown();
    await removeTree(ctx.tmp);
  }
}

function renderRolling(head: string, single: number, rolling: number, batches: number[][]): string {
  const perBatch = [0, 1, 2].map((i) => median(batches.map((b) => b[i] ?? NaN)));
  return [
    head,
    `Busybox web (one image build and one container per host), each host a network namespace with its own sshd and dockerd; ` +
      `rolling: batch 1, no pause, the primary first. ${RUNS} interleaved rounds, medians. The CLI's start, the plan and the ` +
      'run-level lock are paid once; each host still builds its own image (no registry here).',
    '',
    '| way | wall time | × one host |',
    '|---|---:|---:|',
    `| one host | ${s(single)} | 1.00× |`,
    `| 3 hosts, rolling (batch 1) | ${s(rolling)} | ${(rolling / single).toFixed(2)}× |`,
    `| 3 × one host (three runs one after the other) | ${s(3 * single)} | 3.00× |`,
    '',
    `Batches of the rolling run (median): ${perBatch.map((ms, i) => `host ${i + 1} ${s(ms)}`).join(', ')}.`,
    '',
  ].join('\n');
}
