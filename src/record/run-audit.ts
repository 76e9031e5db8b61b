/** One audit line per run (rollback, backup, restore): who, where, which run, then the run's facts. */
import type { Session } from '../session/session.js';
import { appendAudit, type AuditEntry } from './audit.js';

export type AuditFacts = Omit<AuditEntry, 'time' | 'command' | 'target' | 'actor' | 'runUrl'> & Record<string, unknown>;

/** The audit line of this run: who, where, which run, then the facts. */
export function auditEntry(s: Pick<Session, 'settings' | 'targetName'>, facts: AuditFacts): AuditEntry {
  return {
    time: new Date().toISOString(),
    command: s.settings.command,
    target: s.targetName,
    actor: s.settings.run.actor,
    runUrl: s.settings.run.url,
    ...facts,
  };
}

export function auditRun(s: Session, facts: AuditFacts): Promise<void> {
  return appendAudit(s.conn.exec, s.target.path, auditEntry(s, facts));
}

/** The backup this run took (for the audit line), if any. */
export function reportedBackup(s: Session): { file: string; sha256: string } | undefined {
  const b = s.report.backup;
  return b ? { file: b.file, sha256: b.sha256 } : undefined;
}
