/**
 * `status` of a target with several hosts: every host read at the same time over its own verified
 * connection, one row per host (an unreachable host is a row that says so, and so is a host that
 * answered but whose state.json could not be read), and the drift between them flagged. The run
 * fails (exit 1) when the hosts drift or one is unreachable or unreadable, after printing.
 */
import { hostLabel, hostsOf, type HostAddress } from '../config/hosts.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { onInterrupt } from '../core/interrupt.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { shortSha } from '../core/text.js';
import { hostDrift, type Drift } from '../record/host-drift.js';
import { newReport, type RunReport } from '../session/report.js';
import { connectTo, phase, requireSshKey, requireTarget, type Session } from '../session/session.js';
import type { HostConnection } from '../transport/connect.js';
import { gather, missingText, statusCommand, type TargetStatus } from './status.js';

/** One host's row: its status, or why it could not be reached, or why its files could not be read. */
export interface HostStatus {
  host: string;
  status?: TargetStatus;
  unreachable?: string;
  /** the host answered, but what status reads there is wrong (a corrupt state.json) */
  unreadable?: string;
}

/** What `status` reports for several hosts (the `status` key of the --json report). */
export interface HostsStatus {
  target: string;
  path: string;
  hosts: HostStatus[];
  drift: Drift;
}

type Base = Omit<Session, 'hosts' | 'conn' | 'report'>;

/**
 * Connects to one host, reads its status, closes; a failure makes the row say why (`badInput`: the
 * user's input was wrong, exit 2): unreachable when the connection failed, or when it broke off
 * during the reads; unreadable when the host answered and what it holds is wrong (a UserError).
 */
async function statusOn(base: Base, address: HostAddress, opened: HostConnection[]): Promise<HostStatus & { badInput?: boolean }> {
  const host = hostLabel(address);
  let conn: HostConnection | undefined;
  try {
    conn = await connectTo(base.settings, base.target, address, base.reporter);
    opened.push(conn);
    base.reporter.persist('keyDir', opened.map((c) => c.keyDir).join('\n'));
    const status = await gather({ ...base, hosts: [conn], conn, report: newReport('status', base.targetName) });
    return { host, status: { ...status, host } };
  } catch (e) {
    const why = (e as Error).message.split('\n')[0]!;
    const bad = e instanceof UserError ? { badInput: true } : {};
    return conn && e instanceof UserError ? { host, unreadable: why, ...bad } : { host, unreachable: why, ...bad };
  } finally {
    await conn?.cleanup().catch((e: Error) => base.reporter.warning(`ssh cleanup: ${e.message}`));
  }
}

const cell = (text: string | undefined): string => (text ?? '-').replace(/\|/g, '/');

/** One table row per host: release, since when, compose, lock, what is wrong. */
export function formatHostsStatus(st: HostsStatus): string[] {
  const lines = [`Target ${st.target} (${st.hosts.length} hosts, ${st.path})`, ...st.drift.messages];
  lines.push('', '| host | release | deployed | compose | lock | note |', '|---|---|---|---|---|---|');
  for (const { host, status: s, unreachable, unreadable } of st.hosts) {
    if (!s) {
      lines.push(
        `| ${host} | ${unreachable === undefined ? 'UNREADABLE' : 'UNREACHABLE'} | - | - | - | ${cell(unreachable ?? unreadable)} |`,
      );
      continue;
    }
    const cur = s.releases.find((r) => r.id === s.current);
    const since = s.currentSince?.via === 'rollback' ? `${cur?.at ?? '-'} (current again since ${s.currentSince.at})` : cur?.at;
    const lock = s.lock ? `held by ${s.lock.runId} (${s.lock.command})` : 'free';
    const notes = [...(s.interrupted ? [`interrupted deploy: ${s.interrupted}`] : []), ...(s.currentMissing ? [missingText(s)] : [])];
    const note = notes.length > 0 ? notes.join('; ') : undefined;
    lines.push(
      `| ${host} | ${s.current ? shortSha(s.current) : 'nothing'} | ${cell(since)} | ${cell(s.compose && `${s.compose.command} ${s.compose.version}`)} | ${cell(lock)} | ${cell(note)} |`,
    );
  }
  return lines;
}

/** `status` over every host of the target; throws (after the report is filled) on drift or an unreachable host. */
export async function hostsStatusCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  const { name, target } = requireTarget(settings, config);
  report.target = name;
  requireSshKey(settings);
  const base: Base = { settings, config, targetName: name, target, reporter };
  const opened: HostConnection[] = [];
  const unregister = onInterrupt(() => Promise.all(opened.map((c) => c.cleanup())));
  const rows = await phase({ reporter, report }, 'Status', () =>
    Promise.all(hostsOf(target).map((a) => statusOn(base, a, opened))),
  ).finally(unregister);
  const hosts: HostStatus[] = rows.map(({ badInput: _, ...row }) => row);
  const drift = hostDrift(
    hosts.map((h) => ({ host: h.host, release: h.status?.current, unreachable: h.unreachable, unreadable: h.unreadable })),
  );
  const status: HostsStatus = { target: name, path: target.path, hosts, drift };
  (report as RunReport & { status?: HostsStatus }).status = status;
  report.release = drift.drifted ? undefined : hosts.find((h) => h.status)?.status?.current;
  report.notes.push(...formatHostsStatus(status));
  for (const m of drift.messages) reporter.warning(m);
  // a key, known-hosts or state.json that is wrong is bad input (exit 2), as with one host
  const Failure = rows.some((r) => r.badInput) ? UserError : Error;
  if (drift.messages.length > 0) throw new Failure(`status of ${name}: ${drift.messages.join(' ')}`);
}

/** `status`: every host of a target with several (above), the one host otherwise (status.ts). */
export function targetStatusCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  const several = hostsOf(requireTarget(settings, config).target).length > 1;
  return (several ? hostsStatusCommand : statusCommand)(settings, config, reporter, report);
}
