/** Runs the backup before any service is touched: one remote script, then retention. */
import type { ExecResult, Executor } from '../transport/types.js';
import { BackupError } from './errors.js';
import { planBackup, type BackupPlan } from './plan.js';
import { applyRetention } from './apply-retention.js';
import type { BackupContext, BackupResult, BackupSpec } from './types.js';
import { tail } from '../core/text.js';
import path from 'node:path';

/**
 * Reads `GD_RESULT <size> <sha256> <name>` or turns the failure into a BackupError. The name the
 * script stored the file under must be one `plan` allowed (its name or a spare one).
 */
export function parseBackupOutput(
  res: ExecResult,
  plan: Pick<BackupPlan, 'name' | 'spare'>,
): { size: number; sha256: string; name: string } {
  const ok = /^GD_RESULT (\d+) ([0-9a-f]{64}) (\S+)$/m.exec(res.stdout);
  if (res.code === 0 && ok) {
    const name = ok[3] ?? '';
    if (name !== plan.name && !plan.spare.includes(name))
      throw new BackupError(`the backup script stored an unexpected file name: ${JSON.stringify(name)}`);
    return { size: Number(ok[1]), sha256: ok[2] ?? '', name };
  }
  const failed = /^GD_FAIL (.*)$/m.exec(res.stdout);
  const reason = failed?.[1] ?? `the backup script exited with status ${res.code}`;
  throw new BackupError(reason, tail(res.stderr));
}

/** Runs the backup script on `exec` (where the database is reached). */
export async function runScript(exec: Executor, plan: Pick<BackupPlan, 'script' | 'stdin'>): Promise<ExecResult> {
  try {
    return await exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true });
  } catch (err) {
    throw new BackupError(`could not run the backup on ${exec.name}: ${(err as Error).message}`);
  }
}

/** Retention of this target's backups in `plan.dir` (where the new `plan.name` stays); a failure is only reported. */
export async function retain(
  exec: Executor,
  plan: Pick<BackupPlan, 'dir' | 'name'>,
  spec: BackupSpec,
  ctx: BackupContext,
): Promise<BackupResult['retention']> {
  try {
    return await applyRetention(exec, plan.dir, spec.keep, {
      target: ctx.target,
      now: ctx.now,
      newest: plan.name,
      protect: [{ name: plan.name, why: 'the backup just taken' }, ...(ctx.protect ?? [])],
    });
  } catch (err) {
    return { kept: [plan.name], deleted: [], error: (err as Error).message };
  }
}

/**
 * Dumps, compresses, verifies and hashes the database into `<deployPath>/backups/<name>` with its
 * sidecar, then prunes this target's older verified backups down to spec.keep. Throws BackupError
 * (nothing left behind) when the dump fails, is empty or does not verify; a failing prune is only
 * reported in `retention.error`.
 */
export async function runBackup(exec: Executor, spec: BackupSpec, ctx: BackupContext): Promise<BackupResult> {
  const plan = planBackup(spec, ctx);
  const started = Date.now();
  const { size, sha256, name } = parseBackupOutput(await runScript(exec, plan), plan);
  const durationMs = Date.now() - started;
  const retention = await retain(exec, { dir: plan.dir, name }, spec, ctx);
  return { file: path.posix.join(plan.dir, name), size, sha256, engine: spec.engine, durationMs, retention };
}
