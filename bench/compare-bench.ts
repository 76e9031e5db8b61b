/**
 * Deploy comparison on real components (sshd on loopback behind a byte-counting relay, rsync,
 * Docker engine, compose v2), for the busybox and the real-app fixture: limit, naive and
 * gitops-deploy (backup on / off) for a template and a Python change, and the three ways back for
 * a rollback; interleaved rounds, medians. Columns: wall time, ratio to the limit, containers
 * restarted, failed HTTP requests during the run, bytes sent over SSH.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAppRepo } from '../test/e2e/harness/app-repo.js';
import { removeProject, uniqueProject } from '../test/e2e/harness/docker.js';
import { freePort } from '../test/e2e/harness/ports.js';
import { composeV2 } from '../test/e2e/harness/realapp.js';
import { startSshd, sshdAvailable, type SshdHandle } from '../test/e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';
import { busybox, realapp, writeHostFiles, type BenchFixture, type Change } from './compare-fixtures.js';
import { renderComparison, tracedCommands, type Sample, type Samples } from './compare-render.js';
import {
  cli,
  limitRollback,
  limitUp,
  naiveUp,
  started,
  webImage,
  withStartFirst,
  writeFiles,
  type BenchContext,
  type Stack,
} from './compare-ways.js';
import { startPoller } from './http-poller.js';
import { LocalExecutor } from '../test/unit/helpers/local-executor.js';
import { startSshMeter, type SshMeter } from './ssh-meter.js';
import { median, s as seconds } from './stats.js';

/**
 * BENCH_RUNS (default 3) rounds; BENCH_FIXTURES=busybox,realapp to run only some fixtures;
 * BENCH_LOG=file appends every sample as a JSON line as soon as it is measured; BENCH_CHANGES=template
 * (or python, rollback, comma-separated) to measure only some changes.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHANGES = process.env.BENCH_CHANGES?.split(',');
const measures = (change: string): boolean => !CHANGES || CHANGES.includes(change);

function logged(fx: string, key: string, sample: Sample): Sample {
  if (process.env.BENCH_LOG)
    appendFileSync(process.env.BENCH_LOG, `${JSON.stringify({ fx, key, at: new Date().toISOString(), ...sample })}\n`);
  return sample;
}

async function measured(ctx: BenchContext, meter: SshMeter, stack: Stack, fn: () => Promise<unknown>): Promise<Sample> {
  const before = await started(stack.project);
  const poller = ctx.fx.url ? startPoller(ctx.fx.url(stack.appPort)) : undefined;
  meter.reset();
  const start = performance.now();
  const out = await fn();
  const ms = performance.now() - start;
  const bytes = meter.sent();
  const poll = await poller?.stop();
  const after = await started(stack.project);
  const run = out as { json?: { phases?: { name: string; ms: number }[] }; stderr?: string } | undefined;
  const commands = run?.stderr === undefined ? undefined : tracedCommands(run.stderr);
  return { ms, bytes, restarted: [...after].filter((c) => !before.has(c)).length, poll, phases: run?.json?.phases, commands };
}

async function deployRounds(ctx: BenchContext, meter: SshMeter, kind: Change, into: Samples): Promise<void> {
  for (let i = 0; i < RUNS; i++) {
    const tag = (way: string): Record<string, string> => ctx.fx.change(kind, `bench ${kind} ${way} ${i}`);
    const push = (way: string, sample: Sample): number =>
      (into[`${kind}/${way}`] ??= []).push(logged(ctx.fx.name, `${kind}/${way}`, sample));
    push('limit', await measured(ctx, meter, ctx.limit, () => limitUp(ctx, ctx.fx.services[kind], tag('limit'))));
    await ctx.repo.commit(`naive ${i}`, tag('naive'));
    push('naive', await measured(ctx, meter, ctx.naive, () => naiveUp(ctx)));
    for (const target of ['on', 'off']) {
      await ctx.repo.commit(`${target} ${i}`, tag(target));
      push(target, await measured(ctx, meter, ctx.ours, () => cli(ctx, 'deploy', '--target', target)));
    }
    // the same deploy with web replaced start-first, where a poller can see the difference
    if (kind !== 'template' || !ctx.fx.url) continue;
    // the config outside the repo: .github/ is in web's build context, a change there would rebuild more
    const config = join(ctx.repo.dir, '..', 'start-first.yml');
    await writeFile(config, withStartFirst(ctx.config));
    await ctx.repo.commit(`start-first ${i}`, tag('start-first'));
    push('start-first', await measured(ctx, meter, ctx.ours, () => cli(ctx, 'deploy', '--target', 'off', '--config', config)));
  }
}

/** Each way: B (a template change) deployed untimed on top of A, then the timed way back to A. */
async function rollbackRounds(ctx: BenchContext, meter: SshMeter, into: Samples): Promise<void> {
  const a = await webImage(ctx.limit.project);
  const original = ctx.fx.change('template', 'A');
  for (let i = 0; i < RUNS; i++) {
    const b = ctx.fx.change('template', `B ${i}`);
    const push = (way: string, sample: Sample): number =>
      (into[`rollback/${way}`] ??= []).push(logged(ctx.fx.name, `rollback/${way}`, sample));
    await limitUp(ctx, ['web'], b);
    push('limit', await measured(ctx, meter, ctx.limit, () => limitRollback(ctx, a)));
    await writeFiles(ctx.limit.dir, original);
    await ctx.repo.commit(`B naive ${i}`, b);
    await naiveUp(ctx);
    await ctx.repo.commit(`revert naive ${i}`, original);
    push('naive', await measured(ctx, meter, ctx.naive, () => naiveUp(ctx)));
    await ctx.repo.commit(`B ours ${i}`, b);
    await cli(ctx, 'deploy', '--target', 'off');
    push('off', await measured(ctx, meter, ctx.ours, () => cli(ctx, 'rollback', '--target', 'off')));
    await ctx.repo.commit(`revert ours ${i}`, original);
    await cli(ctx, 'deploy', '--target', 'off');
  }
}

async function stack(tmp: string, prefix: string, name: string): Promise<Stack> {
  return { project: uniqueProject(`${prefix}${name}`), dir: join(tmp, 'host', name), appPort: await freePort() };
}

/** A: every stack up once from the same tree (ours by gitops-deploy, the others by hand + migrations). */
async function firstUp(ctx: BenchContext): Promise<void> {
  await ctx.repo.commit('A', ctx.fx.change('template', 'A'));
  for (const st of [ctx.limit, ctx.naive]) await writeHostFiles(ctx.fx, st.dir, st.appPort);
  await writeHostFiles(ctx.fx, join(ctx.ours.dir, 'shared'), ctx.ours.appPort);
  spawnSync('sqlite3', [join(ctx.ours.dir, 'shared', 'db.sqlite3'), 'create table t(x); insert into t values (1);']);
  const copy = spawnSync('rsync', ['-a', '--exclude=.git', `${ctx.repo.dir}/`, `${ctx.limit.dir}/`]);
  if (copy.status !== 0) throw new Error(`copy to the limit stack failed: ${copy.stderr}`);
  await composeV2(ctx.limit.dir, ctx.limit.project, ['up', '-d', '--build']);
  await ctx.fx.waitReady(ctx.limit.project, ctx.limit.appPort);
  await ctx.fx.afterFirstUp(ctx.limit.dir, ctx.limit.project);
  await naiveUp(ctx);
  await ctx.fx.afterFirstUp(ctx.naive.dir, ctx.naive.project);
  await cli(ctx, 'deploy', '--target', 'off');
  await ctx.fx.waitReady(ctx.ours.project, ctx.ours.appPort);
}

async function context(fx: BenchFixture, sshd: SshdHandle, meter: SshMeter, tmp: string): Promise<BenchContext> {
  const prefix = `gdb${fx.name.slice(0, 4)}`;
  const [limit, naive, ours] = [await stack(tmp, prefix, 'limit'), await stack(tmp, prefix, 'naive'), await stack(tmp, prefix, 'ours')];
  const keyFile = join(sshd.dir, 'bench_key');
  const knownHosts = meter.knownHosts(sshd.knownHosts, sshd.port);
  await writeFile(keyFile, sshd.clientKey, { mode: 0o600 });
  await writeFile(join(sshd.dir, 'bench_known_hosts'), knownHosts);
  const ssh = ['ssh', '-i', keyFile, '-p', String(meter.port), '-o', `UserKnownHostsFile=${join(sshd.dir, 'bench_known_hosts')}`];
  const config = await fx.config(ours.project, meter.port, ours.dir);
  const repo = await createAppRepo(fx.source, join(tmp, 'repo'), { '.github/deploy.yml': config });
  const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: knownHosts };
  return { fx, repo, env, ssh: [...ssh, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes'], limit, naive, ours, config };
}

const local = new LocalExecutor();

/** What one remote command costs on this host: every round trip pays the login shell's start-up (and its rc files). */
async function roundTripLine(ctx: BenchContext): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await local.run([...ctx.ssh, 'root@127.0.0.1', 'true']); // async: the byte meter relays in this process
    ms.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const rc = spawnSync('bash', ['-c', '. /root/.bashrc'], { stdio: 'ignore' }).status === 0 ? seconds(performance.now() - t0) : 'none';
  return `One remote command (\`ssh root@127.0.0.1 true\`, a new connection, median of 5): ${seconds(median(ms))}. Every SSH round trip of a deploy pays the login shell's start-up. The bench's sshd sets \`SHLVL=1\`, so bash skips this machine's \`/root/.bashrc\` (pyenv init), which would add ${rc} to every round trip: it belongs to this machine, not to the servers the bench stands for.`;
}

async function benchFixture(fx: BenchFixture): Promise<string> {
  const why = sshdAvailable() ? await fx.unavailable() : 'sshd is not available';
  if (why) return `### ${fx.name}\n\nSkipped: ${why}.\n`;
  const sshd = await startSshd();
  const meter = await startSshMeter(sshd.port);
  const tmp = await makeTempDir(`gitops-bench-${fx.name}`);
  let ctx: BenchContext | undefined;
  try {
    ctx = await context(fx, sshd, meter, tmp);
    await firstUp(ctx);
    const samples: Samples = {};
    for (const kind of (['template', 'python'] as const).filter(measures)) await deployRounds(ctx, meter, kind, samples);
    if (measures('rollback')) await rollbackRounds(ctx, meter, samples);
    return `${renderComparison(fx, RUNS, samples)}\n${await roundTripLine(ctx)}\n`;
  } finally {
    for (const st of ctx ? [ctx.limit, ctx.naive, ctx.ours] : []) await removeProject(st.project);
    await meter.close();
    await sshd.stop();
    await removeTree(tmp);
  }
}

export async function benchCompare(): Promise<string> {
  const parts = ['## Deploy and rollback (compose): limit vs naive vs gitops-deploy', ''];
  const only = process.env.BENCH_FIXTURES?.split(',');
  for (const fx of [realapp, busybox].filter((f) => !only || only.includes(f.name))) parts.push(await benchFixture(fx));
  return parts.join('\n');
}
