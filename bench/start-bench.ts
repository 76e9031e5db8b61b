/**
 * CLI cold start, as shipped (`bin/gitops-deploy.js` → the ncc bundle in dist/): `--help`, and
 * `plan --from --to` on a small repo (the compose fixture, two commits, a template change). Beside
 * them: the tsc output with every command module preloaded (`--import`, how the CLI started before
 * the commands and ssh2 were loaded only when used) and bare `node -e ''`. Interleaved, medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppRepo } from '../test/e2e/harness/app-repo.js';
import { repoRoot } from '../test/e2e/harness/cli.js';
import { median, s } from './stats.js';

const RUNS = 7;

function timed(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - start;
}

/** A small repo: the compose fixture at its root, and a second commit that changes one template. */
async function smallRepo(dir: string): Promise<string[]> {
  const repo = await createAppRepo(join(repoRoot(), 'test/fixtures/compose-app'), join(dir, 'repo'));
  await repo.commit('template', { 'app/templates/index.html': '<p>v2</p>\n' });
  const config = join(dir, 'deploy.yml');
  const example = await readFile(join(repoRoot(), 'deploy/examples/fixture.yml'), 'utf8');
  await writeFile(config, example.replace('directory: test/fixtures/compose-app/docker', 'directory: docker'));
  return ['plan', '--repo', repo.dir, '--config', config, '--from', 'HEAD~1', '--to', 'HEAD'];
}

export async function benchStart(): Promise<string> {
  const bin = join(repoRoot(), 'bin/gitops-deploy.js');
  const lib = join(repoRoot(), 'lib', 'cli.js');
  const preload = ['commands/remote-commands.js', 'commands/plan-command.js'].map((m) => join(dirname(lib), m));
  if (preload.some((m) => !existsSync(m))) return '## CLI cold start\n\nSkipped: lib/ is not compiled (npx tsc -p tsconfig.build.json).\n';
  const dir = await mkdtemp(join(tmpdir(), 'gd-start-'));
  try {
    const plan = await smallRepo(dir);
    const eager = preload.flatMap((m) => ['--import', pathToFileURL(m).href]);
    const ways: Record<string, string[]> = {
      '`gitops-deploy --help` (dist/, as shipped)': [bin, '--help'],
      '`gitops-deploy plan --from HEAD~1 --to HEAD`, small repo (dist/)': [bin, ...plan],
      '`plan` on the same repo, every command module preloaded (lib/, how it started before)': [...eager, lib, ...plan],
      "bare `node -e ''`": ['-e', ''],
    };
    const ms: Record<string, number[]> = {};
    for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(ways)) (ms[name] ??= []).push(timed(args));
    return [
      '## CLI cold start',
      '',
      `Median of ${RUNS} interleaved runs. Target: ≤ 0.35 s for \`--help\` and for \`plan\` on a small repo.`,
      '',
      '| way | median |',
      '|---|---:|',
      ...Object.entries(ms).map(([name, xs]) => `| ${name} | ${s(median(xs))} |`),
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
