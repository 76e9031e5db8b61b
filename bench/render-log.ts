/**
 * Renders the comparison tables from a BENCH_LOG file (one JSON sample a line), e.g. of a run
 * that was stopped before its end: `node .tmp/bench-out/bench/render-log.js FILE`.
 */
import { readFileSync } from 'node:fs';
import { busybox, realapp } from './compare-fixtures.js';
import { renderComparison, type Sample, type Samples } from './compare-render.js';

const byFixture: Record<string, Samples> = {};
for (const line of readFileSync(process.argv[2]!, 'utf8').split('\n').filter(Boolean)) {
  const { fx, key, ...sample } = JSON.parse(line) as Sample & { fx: string; key: string };
  ((byFixture[fx] ??= {})[key] ??= []).push(sample);
}
for (const fx of [realapp, busybox].filter((f) => byFixture[f.name])) {
  const samples = byFixture[fx.name]!;
  const rounds = Math.max(...Object.values(samples).map((xs) => xs.length));
  process.stdout.write(`${renderComparison(fx, rounds, samples)}\n`);
}
