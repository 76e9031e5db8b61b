/**
 * CLI cold start: `gitops-deploy --help` as shipped (command modules loaded only when a command
 * runs) vs the same CLI with the command modules preloaded (`--import commands/execute.js`, how it
 * started before they were loaded lazily) vs bare `node -e ''`, interleaved, medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../test/e2e/harness/cli.js';
import { median, s } from './stats.js';

const RUNS = 7;

function timed(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - start;
}

export async function benchStart(): Promise<string> {
  const execute = join(dirname(CLI), 'commands', 'execute.js');
  if (!existsSync(execute)) return '## CLI cold start\n\nSkipped: lib/ is not compiled (npx tsc -p tsconfig.build.json).\n';
  const ways: Record<string, string[]> = {
    '`gitops-deploy --help` (lazy command modules)': [CLI, '--help'],
    '`--help` with the command modules preloaded (before)': ['--import', pathToFileURL(execute).href, CLI, '--help'],
    "bare `node -e ''`": ['-e', ''],
  };
  const ms: Record<string, number[]> = {};
  for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(ways)) (ms[name] ??= []).push(timed(args));
  return [
    '## CLI cold start',
    '',
    `Median of ${RUNS} interleaved runs (${CLI.endsWith('lib/cli.js') ? 'lib/, the tsc output' : 'dist/, the bundle'}).`,
    '',
    '| way | median |',
    '|---|---:|',
    ...Object.entries(ms).map(([name, xs]) => `| ${name} | ${s(median(xs))} |`),
    '',
  ].join('\n');
}
