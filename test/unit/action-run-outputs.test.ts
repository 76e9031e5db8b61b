/**
 * The Action's entry with @actions/core writing where the runner reads (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY as temp files, inputs as INPUT_* variables): the summary's heading on
 * refused inputs, the plan output within GitHub's limit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setOutputs } from '../../src/entry/action/outputs.js';
import { PLAN_OUTPUT_MAX_CHARS, planOutput } from '../../src/entry/action/plan-output.js';
import { runAction } from '../../src/entry/action/run.js';
import { newReport } from '../../src/session/report.js';
import { planOf } from './helpers/plans.js';

const ENV = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'RUNNER_TEMP', 'INPUT_COMMAND', 'INPUT_TARGET', 'INPUT_LOCK-WAIT'];
let dir = '';
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gd-action-out-'));
  for (const name of ENV) saved[name] = process.env[name];
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  process.env.GITHUB_OUTPUT = join(dir, 'output');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  process.env.RUNNER_TEMP = dir;
});
afterEach(() => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

/** The outputs core wrote (`name<<delimiter\nvalue\ndelimiter`). */
function outputs(): Record<string, string> {
  const text = readFileSync(join(dir, 'output'), 'utf8');
  const found: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) found[m[1]!] = m[3]!;
  return found;
}

describe('runAction with refused inputs', () => {
  it('the summary heading names the command and target given, not "run"; the run fails', async () => {
    Object.assign(process.env, { INPUT_COMMAND: 'rollback', INPUT_TARGET: 'prod', 'INPUT_LOCK-WAIT': 'soon' });
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const before = signals.map((s) => process.listeners(s));
    try {
      await runAction();
    } finally {
      signals.forEach((s, i) => process.listeners(s).forEach((l) => before[i]!.includes(l) || process.off(s, l)));
    }
    expect(readFileSync(join(dir, 'summary'), 'utf8').split('\n')[0]).toBe('## ❌ gitops-deploy rollback → prod: failure');
    expect(outputs().result).toBe('failure');
    expect(process.exitCode).toBe(1);
  });
});

describe('the plan output', () => {
  const big = planOf({
    changedFiles: Array.from({ length: 100_000 }, (_, i) => `src/app/module${i}/file.py`),
    reasons: [{ service: 'web', action: 'restart', rule: 'code', files: Array.from({ length: 100_000 }, (_, i) => `f${i}`) }],
    restart: ['web'],
  });

  it('planOutput on literals: whole when it fits; else valid JSON with the lists cut and a marker', () => {
    const files = Array.from({ length: 100 }, (_, i) => `f${i}`);
    const plan = planOf({ changedFiles: files, unmatched: ['u1', 'u2'] });
    const whole = JSON.stringify(plan);
    expect(planOutput(plan)).toEqual({ json: whole, truncated: false });
    expect(planOutput(plan, undefined, whole.length)).toEqual({ json: whole, truncated: false });
    const cut = planOutput(plan, '/tmp/p.json', whole.length - 200);
    expect(cut.truncated).toBe(true);
    expect(cut.json.length).toBeLessThanOrEqual(whole.length - 200);
    const parsed = JSON.parse(cut.json);
    expect(parsed.truncated).toEqual({
      chars: whole.length,
      kept: parsed.truncated.kept,
      changedFiles: 100,
      unmatched: 2,
      file: '/tmp/p.json',
    });
    expect(parsed.truncated.kept).toBeGreaterThan(10);
    expect(parsed.truncated.kept).toBeLessThan(100);
    expect(parsed.changedFiles).toEqual(files.slice(0, parsed.truncated.kept));
    expect(parsed.unmatched).toEqual(['u1', 'u2']);
    expect(JSON.parse(planOutput(plan, undefined, 100).json)).toEqual({
      truncated: { chars: whole.length, kept: 0, changedFiles: 100, unmatched: 2 },
    });
  });

  it('100,000 changed files: the output stays under the cap (valid JSON, marked), the whole plan in plan-file, a note in the summary', () => {
    const report = { ...newReport('plan', 'prod'), plan: big };
    setOutputs(report);
    const out = outputs();
    expect(out.plan!.length).toBeLessThanOrEqual(PLAN_OUTPUT_MAX_CHARS);
    const parsed = JSON.parse(out.plan!);
    expect(parsed.truncated).toMatchObject({ changedFiles: 100_000, file: out['plan-file'] });
    expect(parsed.changedFiles.length).toBe(parsed.truncated.kept);
    expect(parsed.truncated.kept).toBeGreaterThan(1000);
    expect(parsed.restart).toEqual(['web']);
    expect(JSON.parse(readFileSync(out['plan-file']!, 'utf8'))).toEqual(big);
    expect(report.notes.join('\n')).toContain(out['plan-file']);
  });
});
