import { hostLabel, hostsOf } from '../config/hosts.js';
import { listBackups, type BackupInfo } from '../backup/inventory.js';
import { backupsDir } from '../backup/naming.js';
import type { Config } from '../config/schema.js';
import type { RunReport } from '../session/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { humanBytes } from '../core/units.js';
import { readLock as readHeldLock, type LockInfo } from '../session/lock.js';
import { currentRelease, type ComposeRecord, type CurrentSince, type ReleaseRecord } from '../record/state-model.js';
import { composeGeneration } from '../apply/compose-naming.js';
import { loadHostState } from '../record/state-store.js';
import { danglingCurrentScript, layoutOf } from '../sync/layout.js';
import { describeDamage, inspectHost } from '../sync/in-progress.js';
import { phase, type Session, withSession } from '../session/session.js';
import { shortSha } from '../core/text.js';
import type { SwarmTarget } from '../config/schema.js';
import { formatServiceRows, type SwarmServiceRow } from '../apply/swarm-service-list.js';
import { swarmServiceRows } from '../apply/swarm-service-status.js';

/** What `status` reports (the `status` key of the --json report). */
export interface TargetStatus {
  target: string;
  host: string;
  path: string;
  /** release id recorded as current in the state file */
  current?: string;
  /** what the `current` symlink points to (releases layout) */
  currentLink?: string;
  /** when the current release became current (again, after a rollback) */
  currentSince?: CurrentSince;
  /** the compose (command and version) the host ran for the current release, as its deploy recorded it */
  compose?: ComposeRecord;
  /** `current` is a link to a directory that does not exist (the live release's files are gone) */
  currentMissing?: boolean;
  /** what an interrupted deploy left half done (the next deploy repairs it first) */
  interrupted?: string;
  /** newest first, with their result */
  releases: Pick<ReleaseRecord, 'id' | 'sha' | 'at' | 'result' | 'actor' | 'runUrl' | 'error'>[];
  /** the lock holder, with seconds since it took the lock and since its last heartbeat */
  lock: (LockInfo & { ageSeconds: number; silentSeconds: number }) | null;
  /** this target's backups, newest first (at most 10) */
  backups: BackupInfo[];
  backupCount: number;
  /** strategy swarm: the stack's services (tasks running of desired, image, the live release's tag) */
  swarm?: SwarmServiceRow[];
}

export type StatusRunReport = RunReport & { status?: TargetStatus };

async function readLock(s: Session): Promise<TargetStatus['lock']> {
  const held = await readHeldLock(s.conn.exec, s.target.path);
  if (!held) return null;
  const silentSeconds = Math.round(held.silentMs / 1000);
  if (!held.info)
    return { runId: 'unknown', sha: '', actor: 'unknown', command: 'unknown', time: '', ageSeconds: silentSeconds, silentSeconds };
  return { ...held.info, ageSeconds: Number.isNaN(held.ageMs) ? silentSeconds : Math.round(held.ageMs / 1000), silentSeconds };
}

/** What one host says (state, link, lock, backups). */
export async function gather(s: Session): Promise<TargetStatus> {
  const state = await loadHostState(s);
  const releases = s.target.layout === 'releases';
  const host = await inspectHost(s.conn.exec, layoutOf(s.target.path));
  const link = releases ? host.link : '';
  const dangling = releases && (await s.conn.exec.sh(danglingCurrentScript(layoutOf(s.target.path)))).stdout.trim() === 'dangling';
  const backups = await listBackups(s.conn.exec, backupsDir(s.target.path), s.targetName);
  const swarm =
    s.target.strategy === 'swarm'
      ? await swarmServiceRows(s.conn.exec, (s.target as SwarmTarget).stack, currentRelease(state)?.images)
      : undefined;
  return {
    target: s.targetName,
    host: hostsOf(s.target).map(hostLabel).join(', '),
    path: s.target.path,
    current: state.current,
    currentSince: state.currentSince,
    currentLink: link || undefined,
    ...(dangling ? { currentMissing: true } : {}),
    compose: currentRelease(state)?.compose,
    interrupted: describeDamage(host, currentRelease(state), releases),
    releases: state.releases.map(({ id, sha, at, result, actor, runUrl, error }) => ({
      id,
      sha,
      at,
      result,
      actor,
      runUrl,
      error: error?.split('\n')[0],
    })),
    lock: await readLock(s),
    backups: backups.slice(0, 10),
    backupCount: backups.length,
    ...(swarm ? { swarm } : {}),
  };
}

/** "deployed <at> by <actor>", or, after a rollback, since when it is current again. */
function currentSinceText(cur: TargetStatus['releases'][number], since: CurrentSince | undefined): string {
  const deployed = `deployed ${cur.at} by ${cur.actor}`;
  return since?.via === 'rollback' ? `current again since ${since.at} by a rollback; first ${deployed}` : deployed;
}

/** What a `current` link to a deleted release means. */
export const missingText = (st: Pick<TargetStatus, 'path' | 'currentLink'>): string =>
  `${st.path}/current points to releases/${st.currentLink ?? ''}, which does not exist: the live release's files are gone`;

/** The status as tables (markdown pipes: readable in a terminal and in the job summary). */
export function formatStatus(st: TargetStatus): string[] {
  const cur = st.releases.find((r) => r.id === st.current);
  const lines = [`Target ${st.target} (${st.host}:${st.path})`];
  lines.push(cur ? `current: ${cur.id} (${currentSinceText(cur, st.currentSince)})` : 'current: nothing deployed');
  if (st.compose) lines.push(`compose: ${st.compose.command} ${st.compose.version} (${composeGeneration(st.compose.command.split(' '))})`);
  if (st.interrupted)
    lines.push(
      `WARNING: an interrupted deploy left the host half done: ${st.interrupted}. The next deploy repairs it before changing anything.`,
    );
  else if (st.currentLink && st.currentLink !== st.current)
    lines.push(`WARNING: the current symlink points to ${st.currentLink}, the state file says ${st.current ?? 'nothing'}`);
  if (st.currentMissing) lines.push(`WARNING: ${missingText(st)}`);
  lines.push(
    st.lock
      ? `lock: HELD by run ${st.lock.runId} (${st.lock.actor}, ${st.lock.command} ${shortSha(st.lock.sha)}, ${st.lock.ageSeconds} s ago); last heartbeat ${st.lock.silentSeconds} s ago`
      : 'lock: free',
  );
  lines.push('', '| release | deployed | by | result |', '|---|---|---|---|');
  for (const r of st.releases)
    lines.push(
      `| ${shortSha(r.id)}${r.id === st.current ? ' (current)' : ''} | ${r.at} | ${r.actor} | ${r.result}${r.error ? `: ${r.error.slice(0, 80)}` : ''} |`,
    );
  lines.push(
    '',
    `backups: ${st.backupCount}${st.backupCount > st.backups.length ? ` (newest ${st.backups.length} shown)` : ''}`,
    '',
    '| backup | size | verified |',
    '|---|---:|---|',
  );
  for (const b of st.backups) lines.push(`| ${b.name} | ${humanBytes(b.size)} | ${b.verified ? 'yes' : 'NO'} |`);
  if (st.swarm) lines.push(...formatServiceRows(st.swarm));
  return lines;
}

/** `status`: current release, previous releases with their result, lock holder, newest backups (one host; several: status-hosts.ts). */
export async function statusCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  await withSession(settings, config, reporter, report, async (s) => {
    const status = await phase(s, 'Status', () => gather(s));
    (report as StatusRunReport).status = status;
    const cur = status.releases.find((r) => r.id === status.current);
    report.release = cur?.id;
    report.previousRelease = status.releases.find((r) => r.id !== status.current && r.result !== 'failed')?.id;
    report.notes.push(...formatStatus(status));
  });
}
