import { shortSha } from '../core/text.js';
import type { Plan } from '../plan/types.js';
import { faultPoint } from '../core/fault-point.js';

export interface PhaseRecord {
  name: string;
  ms: number;
  status: 'ok' | 'failed' | 'skipped';
  detail?: string;
}

export interface BackupRecord {
  file: string;
  size: number;
  sha256: string;
}

/** Everything a run produced; written once as the job summary, outputs and CLI footer. */
/** A GitHub deployment as the Action outputs it. */
export interface DeploymentRef {
  id: number;
  environment: string;
  /** the environment URL recorded on it (the environment-url input) */
  url?: string;
}

export interface RunReport {
  command: string;
  target?: string;
  plan?: Plan;
  phases: PhaseRecord[];
  backup?: BackupRecord;
  release?: string;
  previousRelease?: string;
  result: 'success' | 'failure' | 'rolled-back' | 'dry-run';
  error?: string;
  warnings: string[];
  /** free-form extra lines (status tables, retention decisions) */
  notes: string[];
  /** the GitHub deployment this run recorded (deploy, rollback with a token) */
  deployment?: DeploymentRef;
  /** logs collected when a start or a health check failed (shown in the job summary) */
  diagnostics?: { title: string; text: string }[];
  /** SSH connections this run opened (ssh2 sessions and OpenSSH ControlMasters for rsync) */
  connections?: { ssh2: number; masters: number };
  /** a target with several hosts: what happened on each, in rollout order */
  hosts?: HostRecord[];
  /** a target with several hosts: the batches as they ran */
  rollout?: BatchRecord[];
}

/** One host of a rolling deploy. */
export interface HostRecord {
  host: string;
  /** the release live on it before the run */
  previous?: string;
  result: 'deployed' | 'rolled-back' | 'reverted' | 'untouched' | 'failed' | 'unchanged';
  phases: PhaseRecord[];
  detail?: string;
}

/** One batch of a rolling deploy: its hosts, when it started, how long it took. */
export interface BatchRecord {
  hosts: string[];
  at: string;
  ms: number;
}

const short = (id?: string): string => (id ? shortSha(id) : 'none');
const phaseList = (phases: PhaseRecord[]): string =>
  phases.map((p) => `${p.name}${p.status === 'ok' ? '' : ` (${p.status})`} ${(p.ms / 1000).toFixed(1)}s`).join(', ') || '-';

/** The per-host table and the rollout timeline (markdown pipes: readable in a terminal and in the job summary). */
export function formatRollout(hosts: HostRecord[], batches: BatchRecord[]): string[] {
  const lines = ['', '| host | previous release | result | phases |', '|---|---|---|---|'];
  for (const h of hosts)
    lines.push(
      `| ${h.host} | ${short(h.previous)} | ${h.result}${h.detail ? `: ${h.detail.split('\n')[0]}` : ''} | ${phaseList(h.phases)} |`,
    );
  lines.push('', 'Rollout:');
  batches.forEach((b, i) => lines.push(`- batch ${i + 1} at ${b.at}: ${b.hosts.join(', ')} (${(b.ms / 1000).toFixed(1)} s)`));
  return lines;
}

export function newReport(command: string, target?: string): RunReport {
  return { command, target, phases: [], result: 'success', warnings: [], notes: [] };
}

/** Runs a phase, recording its duration and outcome in the report. */
export async function timed<T>(report: RunReport, name: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    await faultPoint(name);
    const value = await fn();
    report.phases.push({ name, ms: Math.round(performance.now() - start), status: 'ok' });
    return value;
  } catch (e) {
    report.phases.push({ name, ms: Math.round(performance.now() - start), status: 'failed', detail: (e as Error).message });
    throw e;
  }
}
