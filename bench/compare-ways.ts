/**
 * The ways a change reaches a running stack, each on its own compose project and host directory:
 * limit (on the host by hand: build the affected services, `up -d --no-deps` them, wait until web
 * answers), naive (rsync the tree over ssh, `docker compose up -d --build`, wait) and gitops-deploy
 * (the CLI, target `on` with its backup or `off` without).
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { AppRepo } from '../test/e2e/harness/app-repo.js';
import { runCli, type CliRun } from '../test/e2e/harness/cli.js';
import { docker } from '../test/e2e/harness/docker.js';
import { composeV2 } from '../test/e2e/harness/realapp.js';
import { LocalExecutor } from '../test/unit/helpers/local-executor.js';
import type { BenchFixture } from './compare-fixtures.js';

const local = new LocalExecutor();

export interface Stack {
  project: string;
  dir: string;
  appPort: number;
}

export interface BenchContext {
  fx: BenchFixture;
  repo: AppRepo;
  /** env of the CLI (key, known_hosts through the meter) */
  env: Record<string, string>;
  /** `ssh ...` argv prefix (through the meter) for the naive way */
  ssh: string[];
  limit: Stack;
  naive: Stack;
  ours: Stack;
  /** the repo's .github/deploy.yml as written at the start */
  config: string;
}

/** The config with `compose.services.web.rollout: start-first`. */
export function withStartFirst(config: string): string {
  const doc = parse(config) as { compose?: { services?: Record<string, Record<string, unknown>> } };
  const compose = (doc.compose ??= {});
  const services = (compose.services ??= {});
  services.web = { ...services.web, rollout: 'start-first' };
  return stringify(doc);
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
}

/** The limit: the change is already on the host; build the services, start them, wait for web. */
export async function limitUp(ctx: BenchContext, services: string[], files: Record<string, string>): Promise<void> {
  await writeFiles(ctx.limit.dir, files);
  await composeV2(ctx.limit.dir, ctx.limit.project, ['build', ...services]);
  await composeV2(ctx.limit.dir, ctx.limit.project, ['up', '-d', '--no-deps', ...services]);
  await ctx.fx.waitReady(ctx.limit.project, ctx.limit.appPort);
}

/** The naive way: rsync the whole tree, then `up -d --build` over ssh, then wait for web. */
export async function naiveUp(ctx: BenchContext): Promise<void> {
  const { dir, project } = ctx.naive;
  const excludes = ['--exclude=.git', ...Object.keys(ctx.fx.hostFiles(0)).map((f) => `--exclude=/${f}`)];
  // async: the SSH byte meter relays in this process, a sync spawn would block it
  await local.run(['rsync', '-az', '--delete', ...excludes, '-e', ctx.ssh.join(' '), `${ctx.repo.dir}/`, `root@127.0.0.1:${dir}/`]);
  await local.run([...ctx.ssh, 'root@127.0.0.1', `cd ${dir}/docker && docker compose -p ${project} up -d --build`]);
  await ctx.fx.waitReady(project, ctx.naive.appPort);
}

export async function cli(ctx: BenchContext, ...args: string[]): Promise<CliRun> {
  const r = await runCli([...args, '--repo', ctx.repo.dir, '--json', '--trace'], ctx.env);
  if (r.code !== 0) throw new Error(`gitops-deploy ${args.join(' ')} failed: ${r.stderr}`);
  if (process.env.BENCH_DUMP) await appendFile(process.env.BENCH_DUMP, `\n=== ${args.join(' ')}\n${r.stderr}`);
  return r;
}

/** `name startedAt` of every running container of a project. */
export async function started(project: string): Promise<Set<string>> {
  const ids = (await docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`])).stdout.split('\n').filter(Boolean);
  if (!ids.length) return new Set();
  const r = await docker(['inspect', '--format', '{{.Name}} {{.State.StartedAt}}', ...ids]);
  return new Set(r.stdout.split('\n').filter(Boolean));
}

/** Image the web service of the limit stack runs, and the name compose gives it. */
export async function webImage(project: string): Promise<{ id: string; name: string }> {
  const id = (
    await docker([
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      'label=com.docker.compose.service=web',
    ])
  ).stdout.trim();
  const r = await docker(['inspect', '--format', '{{.Image}} {{.Config.Image}}', id]);
  const [image, name] = r.stdout.trim().split(' ');
  return { id: image!, name: name! };
}

/** The limit of a rollback: retag the retained image of A, recreate web, wait. */
export async function limitRollback(ctx: BenchContext, a: { id: string; name: string }): Promise<void> {
  await docker(['tag', a.id, a.name]);
  await composeV2(ctx.limit.dir, ctx.limit.project, ['up', '-d', '--no-deps', '--force-recreate', 'web']);
  await ctx.fx.waitReady(ctx.limit.project, ctx.limit.appPort);
}
