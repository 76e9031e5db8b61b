/**
 * Does the pre-deploy backup run? The database is probed first (one round trip, where it lives). It
 * is backed up whenever it exists, first deploy or not; a first deploy with no database yet skips
 * with the reason; a target with a live release whose database is gone, or a probe that cannot
 * tell, stops the deploy before anything changes.
 */
import { parseProbe, planProbe, type ProbeResult } from './probe.js';
import { BackupError } from './errors.js';
import type { BackupContext, BackupSpec } from './types.js';
import type { ReleaseRecord } from '../record/state-model.js';
import type { Executor } from '../transport/types.js';
import { shortSha, tail } from '../core/text.js';

export type BackupDecision = { action: 'backup'; container?: string } | { action: 'skip'; reason: string };

/** What the probe means for the deploy (pure); throws a BackupError when the deploy must stop. */
export function decideBackup(probe: ProbeResult, live: ReleaseRecord | undefined, target: string, stderr = ''): BackupDecision {
  if (probe.state === 'present') return probe.container ? { action: 'backup', container: probe.container } : { action: 'backup' };
  const unchanged = 'the deploy stopped before changing anything';
  if (probe.state === 'unknown') {
    throw new BackupError(`cannot tell whether the database of target ${target} exists: ${probe.reason}; ${unchanged}`, stderr);
  }
  if (live) {
    throw new BackupError(
      `the database of target ${target} is gone: ${probe.reason}, although release ${shortSha(live.id)} is live and was deployed with it; ${unchanged}. Restore it first (command: restore), or check backup.path / backup.database`,
    );
  }
  return { action: 'skip', reason: `no database to back up yet (first deploy): ${probe.reason}` };
}

/** Runs the probe of the spec's database on `exec`. */
export async function probeDatabase(
  exec: Executor,
  spec: BackupSpec,
  ctx: BackupContext,
): Promise<{ result: ProbeResult; stderr: string }> {
  const plan = planProbe(spec, ctx);
  const r = await exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true });
  return { result: parseProbe(r.stdout, `the probe exited with status ${r.code}`), stderr: tail(r.stderr, 10) };
}
