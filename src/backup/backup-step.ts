/**
 * The pre-deploy backup: the database is probed first (one round trip). It is backed up whenever
 * it exists, first deploy or not; a first deploy with no database yet skips with the reason; a
 * target with a live release whose database is gone, or a probe that cannot tell, stops the deploy
 * before anything changes.
 */
import type { ProtectedBackup } from './retention.js';
import { parseProbe, planProbe, type ProbeResult } from './probe.js';
import { BackupError } from './errors.js';
import { runBackup } from './run-backup.js';
import type { BackupContext, BackupResult, BackupSpec, ComposeContext } from './types.js';
import { phase, type Session } from '../session/session.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { backupContext, reportBackup, requireBackupSpec } from './database.js';
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

async function probe(s: Session, spec: BackupSpec, ctx: BackupContext): Promise<{ result: ProbeResult; stderr: string }> {
  const plan = planProbe(spec, ctx);
  const r = await s.conn.exec.sh(plan.script, { stdin: plan.stdin, allowFailure: true });
  return { result: parseProbe(r.stdout, `the probe exited with status ${r.code}`), stderr: tail(r.stderr, 10) };
}

/**
 * Takes the verified pre-deploy backup when the target has one and its database exists (the
 * deploy aborts if it fails). `live`: the release serving now; `compose`: the target's project
 * (the database's compose service is found by its labels).
 */
export async function backupStep(
  s: Session,
  sha: string,
  live: ReleaseRecord | undefined,
  compose?: ComposeContext,
  protect?: ProtectedBackup[],
): Promise<BackupResult | undefined> {
  if (!s.target.backup) {
    s.reporter.info('no backup configured for this target');
    return undefined;
  }
  const spec = requireBackupSpec(s, 'Backup');
  const ctx = backupContext(s, sha, compose, protect);
  const result = await phase(s, 'Backup', async () => {
    const probed = await probe(s, spec, ctx);
    const decision = decideBackup(probed.result, live, s.targetName, probed.stderr);
    if (decision.action === 'skip') return decision;
    return runBackup(s.conn.exec, spec, decision.container ? { ...ctx, container: decision.container } : ctx);
  });
  if ('file' in result) {
    reportBackup(s, result);
    return result;
  }
  s.reporter.info(`backup skipped: ${result.reason}`);
  s.report.notes.push(`backup skipped: ${result.reason}`);
  return undefined;
}
