// `npm test`'s runner: the unit project (files in parallel), then the e2e files in two lanes side
// by side, then the e2e files that must run alone (test/e2e/lanes.ts says which and why). Every
// step runs even when one before failed; the exit status is non-zero when any failed.
// Arguments (`npm test -- test/unit/x.test.ts`) skip the lanes: they go to one `vitest run`.
// Each e2e step also writes the seconds its files took to .tmp/e2e-durations.json: copy it to
// test/e2e/durations.json to balance the lanes again.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const VITEST = 'node_modules/vitest/vitest.mjs';
const OUT = '.tmp';

function run(label, args, env = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, 'run', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => console.log(label ? `[${label}] ${line}` : line));
    }
    child.on('close', (code, signal) => {
      resolve({ label: label || 'vitest', code: code ?? 1, signal, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function lane(name) {
  const json = `${OUT}/e2e-lane-${name}.json`;
  const args = ['--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`];
  return run(`e2e ${name}`, args, { GITOPS_E2E_LANE: name });
}

// seconds per file stem from the json reports the lanes wrote
function durations(names) {
  const seconds = {};
  for (const name of names) {
    const file = `${OUT}/e2e-lane-${name}.json`;
    if (!existsSync(file)) continue;
    for (const r of JSON.parse(readFileSync(file, 'utf8')).testResults ?? []) {
      const stem = r.name.replace(/^.*\//, '').replace(/\.e2e\.test\.ts$/, '');
      seconds[stem] = Math.round((r.endTime - r.startTime) / 1000);
    }
  }
  return Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b)));
}

async function main() {
  const extra = process.argv.slice(2);
  if (extra.length > 0) process.exit((await run('', extra)).code);
  mkdirSync(OUT, { recursive: true });
  const results = [await run('unit', ['--project', 'unit', '--fileParallelism', '--maxWorkers', '2'])];
  results.push(...(await Promise.all([lane('1'), lane('2')])));
  results.push(await lane('alone'));
  writeFileSync(`${OUT}/e2e-durations.json`, `${JSON.stringify(durations(['1', '2', 'alone']), null, 2)}\n`);
  console.log('\nsteps (wall seconds):');
  for (const r of results) {
    const status = r.code === 0 ? 'passed' : `FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`;
    console.log(`  ${r.label.padEnd(10)} ${r.seconds.toFixed(0).padStart(6)} s  ${status}`);
  }
  process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
}

await main();
