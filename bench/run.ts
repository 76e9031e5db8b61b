/** Runs every benchmark section and writes BENCHMARKS.md at the repository root. */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBackup } from './backup-bench.js';
import { benchCompare } from './compare-bench.js';
import { benchPassenger } from './passenger-bench.js';
import { benchPlanner } from './plan-bench.js';
import { benchRolling } from './rolling-bench.js';
import { benchStart } from './start-bench.js';
import { benchTransfer } from './transfer-bench.js';

/** Sections in output order; add new benchmarks here. */
const SECTIONS: Record<string, () => Promise<string>> = {
  planner: benchPlanner,
  start: benchStart,
  compare: benchCompare,
  rolling: benchRolling,
  transfer: benchTransfer,
  backup: benchBackup,
  passenger: benchPassenger,
};
/** BENCH_SECTIONS=transfer,passenger runs only those and prints them: BENCHMARKS.md is written by a run of every section. */
const ONLY = process.env.BENCH_SECTIONS?.split(',');

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** A section that fails says so in its place (and the run exits 1): the sections measured before it are still written. */
async function measured(name: string, section: () => Promise<string>): Promise<string> {
  try {
    return await section();
  } catch (e) {
    process.exitCode = 1;
    return `## ${name}\n\nNot measured: this section failed in this run (${(e as Error).message.split('\n')[0]}).\n`;
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const loadAtStart = os.loadavg()[0]!.toFixed(1);
  const sections: string[] = [];
  for (const [name, section] of Object.entries(SECTIONS)) if (!ONLY || ONLY.includes(name)) sections.push(await measured(name, section));
  const header = [
    '# Benchmarks',
    '',
    `Machine: ${cpus[0]?.model ?? 'unknown CPU'} x${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}`,
    `Date: ${new Date().toISOString()}`,
    `CLI measured: ${process.env.GITOPS_E2E_CLI === 'dist' ? 'dist/, the bundle users run (`npm run bench` builds it first)' : 'lib/, the tsc output'}`,
    `Load average (1 min) at start: ${loadAtStart}, at end: ${os.loadavg()[0]!.toFixed(1)} (other work on this machine slows every way alike; compare ratios, not seconds)`,
    '',
  ].join('\n');
  const file = join(repoRoot(), 'BENCHMARKS.md');
  if (!ONLY) writeFileSync(file, `${header}\n${sections.join('\n')}`);
  process.stdout.write(
    `${header}\n${sections.join('\n')}\n${ONLY ? 'BENCH_SECTIONS set: BENCHMARKS.md left as it was' : `written to ${file}`}\n`,
  );
}

await main();
