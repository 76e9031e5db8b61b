/**
 * Transfer benchmark (#11): a 1-file change in a 10,000-file tree. Bytes sent over SSH (counted by
 * the relay in front of sshd, protocol overhead included) by a whole gitops-deploy run, next to the
 * full tree sent once (`rsync -az` into an empty directory: the bytes a from-scratch copy costs) and
 * to the naive incremental way (`rsync -az --delete` of the tree onto the host's copy). Bytes do not
 * depend on the machine's load, so one run of each is the figure.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAppRepo, type AppRepo } from '../test/e2e/harness/app-repo.js';
import { runCli } from '../test/e2e/harness/cli.js';
import { removeProject, uniqueProject } from '../test/e2e/harness/docker.js';
import { sshdAvailable, startSshd, type SshdHandle } from '../test/e2e/harness/sshd.js';
import { makeTempDir, removeTree } from '../test/e2e/harness/tmp.js';
import { LocalExecutor } from '../test/unit/helpers/local-executor.js';
import { busybox } from './compare-fixtures.js';
import { startSshMeter, type SshMeter } from './ssh-meter.js';

const FILES = 10_000;
/** bytes of random text per file (base64: as incompressible as real assets) */
const FILE_SIZE = 3_000;
const local = new LocalExecutor();

interface Ctx {
  repo: AppRepo;
  meter: SshMeter;
  env: Record<string, string>;
  ssh: string;
  tmp: string;
}

function treeFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    files[`app/static/assets/d${i % 100}/f${i}.txt`] = randomBytes((FILE_SIZE * 3) / 4).toString('base64');
  }
  return files;
}

async function metered(meter: SshMeter, fn: () => Promise<unknown>): Promise<number> {
  meter.reset();
  await fn();
  return meter.sent();
}

async function deploy(ctx: Ctx): Promise<void> {
  const r = await runCli(['deploy', '--target', 'off', '--repo', ctx.repo.dir, '--json'], ctx.env);
  if (r.code !== 0) throw new Error(`gitops-deploy deploy failed: ${r.stderr}`);
}

async function rsyncTo(ctx: Ctx, dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  await local.run(['rsync', '-az', '--delete', '--exclude=.git', '-e', ctx.ssh, `${ctx.repo.dir}/`, `root@127.0.0.1:${dest}/`]);
}

async function context(sshd: SshdHandle, meter: SshMeter, tmp: string, project: string): Promise<Ctx> {
  const keyFile = join(sshd.dir, 'transfer_key');
  const knownHosts = meter.knownHosts(sshd.knownHosts, sshd.port);
  await writeFile(keyFile, sshd.clientKey, { mode: 0o600 });
  await writeFile(join(sshd.dir, 'transfer_known_hosts'), knownHosts);
  const opts = `-o UserKnownHostsFile=${join(sshd.dir, 'transfer_known_hosts')} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
  const repo = await createAppRepo(busybox.source, join(tmp, 'repo'), {
    '.github/deploy.yml': await busybox.config(project, meter.port, join(tmp, 'host', 'ours')),
  });
  const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: knownHosts };
  return { repo, meter, env, ssh: `ssh -i ${keyFile} -p ${meter.port} ${opts}`, tmp };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

async function measure(ctx: Ctx): Promise<string> {
  await ctx.repo.commit('10k files', treeFiles());
  const full = await metered(ctx.meter, () => rsyncTo(ctx, join(ctx.tmp, 'host', 'naive')));
  const first = await metered(ctx.meter, () => deploy(ctx));
  await ctx.repo.commit('one template', busybox.change('template', 'transfer'));
  const naive = await metered(ctx.meter, () => rsyncTo(ctx, join(ctx.tmp, 'host', 'naive')));
  const ours = await metered(ctx.meter, () => deploy(ctx));
  const pct = (b: number): string => `${((100 * b) / full).toFixed(2)} %`;
  const verdict = ours < full / 100 ? 'met' : `not met: ${pct(ours)} of the full tree`;
  return [
    `${FILES.toLocaleString('en')} files of ${FILE_SIZE} bytes of random text (plus the busybox fixture), one template file changed.`,
    '',
    '| way | bytes sent over SSH | share of the full tree |',
    '|---|---:|---:|',
    `| full tree, \`rsync -az\` into an empty directory | ${kb(full)} | 100 % |`,
    `| gitops-deploy, first deploy (whole run) | ${kb(first)} | ${pct(first)} |`,
    `| naive: \`rsync -az --delete\` of the changed tree onto the host's copy | ${kb(naive)} | ${pct(naive)} |`,
    `| **gitops-deploy, the 1-file change (whole run: upload, compose, state, audit)** | **${kb(ours)}** | **${pct(ours)}** |`,
    '',
    `Target (< 1 % of the full tree's bytes): **${verdict}**.`,
    '',
  ].join('\n');
}

export async function benchTransfer(): Promise<string> {
  const head = '## Transfer: a 1-file change in a 10k-file tree\n';
  const why = sshdAvailable() ? await busybox.unavailable() : 'sshd is not available';
  if (why) return `${head}\nSkipped: ${why}.\n`;
  const sshd = await startSshd();
  const meter = await startSshMeter(sshd.port);
  const tmp = await makeTempDir('gitops-bench-transfer');
  const project = uniqueProject('gdbtransfer');
  try {
    return `${head}\n${await measure(await context(sshd, meter, tmp, project))}`;
  } finally {
    await removeProject(project);
    await meter.close();
    await sshd.stop();
    await removeTree(tmp);
  }
}
