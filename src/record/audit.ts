import type { Executor } from '../transport/types.js';
import { appendRemote } from '../transport/remote-files.js';

export interface AuditEntry {
  time: string;
  command: string;
  target: string;
  actor: string;
  runUrl?: string;
  from?: string | null;
  to?: string;
  services?: Record<string, string[]>;
  backup?: { file: string; sha256: string };
  result: string;
  error?: string;
}

export const auditPath = (deployPath: string): string => `${deployPath}/.deploy/audit.log`;

/** Appends one JSON line per run to <path>/.deploy/audit.log. */
export async function appendAudit(exec: Executor, deployPath: string, entry: AuditEntry): Promise<void> {
  await appendRemote(exec, auditPath(deployPath), JSON.stringify(entry));
}
