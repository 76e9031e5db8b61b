/** Runs a restore drill: scratch database → restore the backup into it → smoke query → drop it. */
import { randomBytes } from 'node:crypto';
import type { Executor } from '../transport/types.js';
import { planDrill, judgeSmoke, type DrillPlan } from './drill.js';
import { BackupError } from './errors.js';
import { restoreBackup } from './restore.js';
import type { BackupContext, BackupSpec } from './types.js';
import { tail } from '../core/text.js';

export interface DrillResult {
  file: string;
  scratch: string;
  query: string;
  /** first value the smoke query printed */
  value: string;
  durationMs: number;
}

async function step(exec: Executor, plan: DrillPlan, script: string, what: string): Promise<string> {
  const r = await exec.sh(script, { stdin: plan.stdin, allowFailure: true });
  if (r.code !== 0) {
    const reason = /^GD_FAIL (.*)$/m.exec(r.stdout)?.[1] ?? `${what} exited with status ${r.code}`;
    throw new BackupError(`restore drill: ${reason}`, tail(r.stderr));
  }
  return r.stdout;
}

/**
 * Restores `file` (absolute remote path) into a fresh scratch database and runs the smoke query;
 * throws BackupError when anything fails or the query's value is not a number above 0. The scratch
 * database is always dropped.
 */
export async function runDrill(
  exec: Executor,
  spec: BackupSpec,
  ctx: BackupContext,
  file: string,
  opts: { query?: string } = {},
): Promise<DrillResult> {
  const plan = planDrill(spec, ctx, { query: opts.query, suffix: randomBytes(4).toString('hex') });
  const started = Date.now();
  try {
    await step(exec, plan, plan.drop, 'cleanup');
    if (plan.create) await step(exec, plan, plan.create, 'create');
    await restoreBackup(exec, spec, ctx, file, { database: plan.scratch });
    const smoke = judgeSmoke(await step(exec, plan, plan.query, 'smoke query'));
    if (!smoke.ok) {
      throw new BackupError(
        `restore drill: the smoke query returned ${JSON.stringify(smoke.value)}, expected a number above 0 (${plan.smokeQuery})`,
      );
    }
    return { file, scratch: plan.scratch, query: plan.smokeQuery, value: smoke.value, durationMs: Date.now() - started };
  } finally {
    await step(exec, plan, plan.drop, 'drop').catch(() => undefined);
  }
}
