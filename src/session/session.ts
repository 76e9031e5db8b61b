import { randomBytes } from 'node:crypto';
import type { Config, Target } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { timed, type RunReport } from './report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { acquireLock, heartbeatIntervalMs, releaseLock, releaseLockScript, type LockInfo } from './lock.js';
import { startHeartbeat, type Heartbeat } from './heartbeat.js';
import { formatDuration } from '../config/duration.js';
import { onInterrupt } from '../core/interrupt.js';
import type { HostConnection } from '../transport/connect.js';
import { batchScript, parseBatch } from '../transport/batch-script.js';
import type { ExecResult } from '../transport/types.js';
import { hostsOf, type HostAddress } from '../config/hosts.js';
import { startEarly, takeEarly } from './early-connect.js';
import { noteHeldLock } from './held-locks.js';

/** What every host command shares: settings, target, the SSH connections to the target's hosts, the report. */
export interface Session {
  settings: Settings;
  config: Config;
  targetName: string;
  target: Target;
  reporter: Reporter;
  report: RunReport;
  /** one connection per host of the target, in order */
  hosts: HostConnection[];
  /** the host this session works on (the first; the pipeline runs its host-level phases on each, see hostSessions) */
  conn: HostConnection;
  /** the deploy lock's heartbeat while this run holds the lock */
  heartbeat?: Heartbeat;
  /** the lock's release, handed to the run's last script (withLock's `handOff`) */
  unlock?: LockHandoff;
}

/** The deploy lock's release as a script for the last round trip of a run; `released` once its output said so. */
export interface LockHandoff {
  script: string;
  released: boolean;
}

/**
 * The lock's release for the run's last script (undefined unless withLock handed it off), the
 * heartbeat stopped first (it must not touch a released lock). Only once the state is written; if
 * the script does not say it released the lock, withLock releases it as ever.
 */
export async function handOffUnlock(s: Pick<Session, 'unlock' | 'heartbeat'>): Promise<LockHandoff | undefined> {
  if (!s.unlock) return undefined;
  await s.heartbeat?.stop();
  return s.unlock;
}

/**
 * Runs a phase in a log group and records its duration in the report. A run that lost its deploy
 * lock (another run broke it) starts no further phase.
 */
export function phase<T>(s: Pick<Session, 'reporter' | 'report' | 'heartbeat'>, name: string, fn: () => Promise<T>): Promise<T> {
  const lost = s.heartbeat?.lost();
  if (lost) return Promise.reject(new Error(`${lost}; stopped before ${name}`));
  return s.reporter.group(name, () => timed(s.report, name, fn));
}

export function requireTarget(settings: Settings, config: Config): { name: string; target: Target } {
  const names = Object.keys(config.targets);
  const name = settings.target ?? (names.length === 1 ? names[0] : undefined);
  if (!name)
    throw new UserError(
      `${settings.command} needs a target (input target, --target; targets: ${names.join(', ') || 'none defined in the config'})`,
    );
  const target = config.targets[name];
  if (!target) throw new UserError(`unknown target ${JSON.stringify(name)} (targets: ${names.join(', ')})`);
  return { name, target };
}

/** Refuses a run without an SSH private key. */
export function requireSshKey(settings: Settings): void {
  if (!settings.ssh.privateKey)
    throw new UserError('an SSH private key is required (input ssh-private-key, or --ssh-key / GITOPS_SSH_KEY)');
}

/** The verified SSH connection to one host of the target (requireSshKey first). */
export async function connectTo(
  settings: Settings,
  target: Pick<Target, 'umask'>,
  { host, port }: HostAddress,
  reporter: Reporter,
): Promise<HostConnection> {
  // ssh2 is loaded only by a run that connects: `plan --from --to` and `--help` never pay for it
  const { connectHost } = await import('../transport/connect.js');
  const { privateKey, knownHosts, fingerprint } = settings.ssh;
  const trace = settings.trace ? (line: string) => reporter.info(line) : undefined;
  return connectHost({ host, port, privateKey: privateKey!, knownHosts, fingerprint, umask: target.umask, trace });
}

/**
 * Starts connecting to the target's first host as the raw config names it, before the config is
 * loaded and validated (when its values are plainly valid; see early-connect.ts for who takes it).
 * The same verified connect as the session's, its key dir persisted for the Action's post step.
 */
export async function connectEarly(settings: Settings, reporter: Reporter): Promise<void> {
  // ssh2 loads while the file is read and parsed
  const [first] = await Promise.all([
    import('../config/early-address.js').then((m) => m.readEarlyAddress(settings.configPath, settings.target)),
    import('../transport/connect.js'),
  ]);
  if (!first) return;
  startEarly({ settings, ...first }, async () => {
    const conn = await connectTo(settings, first, first.address, reporter);
    reporter.persist('keyDir', conn.keyDir);
    return conn;
  });
}

/** Opens the verified SSH connection to the target (refuses without key or host key anchor). */
export async function openSession(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<Session> {
  const { name, target } = requireTarget(settings, config);
  report.target = name;
  requireSshKey(settings);
  const hosts: HostConnection[] = [];
  const connect = async (): Promise<void> => {
    for (const address of hostsOf(target)) {
      const early = await takeEarly({ settings, address, umask: target.umask });
      hosts.push(early ?? (await connectTo(settings, target, address, reporter)));
      reporter.persist('keyDir', hosts.map((h) => h.keyDir).join('\n'));
    }
  };
  await phase({ reporter, report }, 'Connect', connect).catch(async (e: Error) => {
    await closeAll(hosts, reporter);
    throw e;
  });
  return { settings, config, targetName: name, target, reporter, report, hosts, conn: hosts[0]! };
}

/** The session as seen from each host of the target (the session itself for its own host). */
export function hostSessions(s: Session): Session[] {
  return s.hosts.map((conn) => (conn === s.conn ? s : { ...s, conn }));
}

async function closeAll(hosts: HostConnection[], reporter: Reporter): Promise<void> {
  for (const conn of hosts) await conn.cleanup().catch((e: Error) => reporter.warning(`ssh cleanup: ${e.message}`));
}

/** What a run that could not release its lock tells the user: when and how the lock goes away. */
export function lockLeftMessage(s: Session, why: string): string {
  const beat = heartbeatIntervalMs(s.target.lock_ttl);
  return `could not release the deploy lock of ${s.targetName} (${why}): its heartbeat has stopped, so the next run breaks it once it is ${formatDuration(Math.max(s.target.lock_ttl, 3 * beat))} old (lock_ttl; with lock-wait it waits for that), or at once with force-unlock after ${formatDuration(3 * beat)}`;
}

function warn(s: Session, message: string): void {
  s.reporter.warning(message);
  s.report.warnings.push(message);
}

/**
 * Runs `fn` under the deploy lock, heart-beating while it runs; the lock is released on success and
 * on failure. `sha` is the resolved commit the run works on (recorded in the lock). `reads`: scripts
 * that only read, sent in the lock's own round trip once it is taken; `fn` gets their results in
 * order (undefined should their output not parse: the caller then reads itself). `handOff`: the
 * release may go in the run's last script instead (handOffUnlock; a single-host run, nothing after it).
 */
export async function withLock<T>(
  s: Session,
  sha: string,
  fn: (sent?: ExecResult[]) => Promise<T>,
  reads?: readonly string[],
  opts: { handOff?: boolean } = {},
): Promise<T> {
  const beatMs = heartbeatIntervalMs(s.target.lock_ttl);
  const info: LockInfo = {
    // the run id plus a nonce: the jobs and re-run attempts of one workflow run share GITHUB_RUN_ID,
    // two CLIs in containers may share a pid; the heartbeat and the release must know this run's lock only
    runId: `${s.settings.run.id}.${randomBytes(4).toString('hex')}`,
    sha,
    actor: s.settings.run.actor,
    command: s.settings.command,
    time: new Date().toISOString(),
    runUrl: s.settings.run.url,
    heartbeatSeconds: beatMs / 1000,
  };
  const boundary = `--- gitops-deploy ${randomBytes(12).toString('hex')} ---`;
  const printed = await phase(s, 'Lock', () =>
    acquireLock(s.conn.exec, s.target.path, info, {
      ttlMs: s.target.lock_ttl,
      waitMs: s.settings.lockWaitMs,
      forceUnlock: s.settings.forceUnlock,
      onBroken: (m) => warn(s, m),
      then: reads && batchScript(reads, boundary),
    }),
  );
  const sent = reads && parseBatch(printed, boundary, reads.length);
  const held = { host: s.hosts.indexOf(s.conn), runId: info.runId };
  noteHeldLock(s.reporter, s.targetName, held, true);
  s.heartbeat = startHeartbeat(s.conn.exec, s.target.path, info.runId, beatMs, (m) => warn(s, m));
  const unregister = onInterrupt(async () => {
    await releaseLock(s.conn.exec, s.target.path, info.runId);
    noteHeldLock(s.reporter, s.targetName, held, false);
  });
  if (opts.handOff) s.unlock = { script: releaseLockScript(s.target.path, info.runId), released: false };
  try {
    return await fn(sent);
  } finally {
    unregister();
    await s.heartbeat.stop();
    s.heartbeat = undefined;
    const released = s.unlock?.released;
    s.unlock = undefined;
    // still saved while the release runs: a run killed meanwhile leaves it to the post step
    if (released || (await releaseLockOrWarn(s, info.runId))) noteHeldLock(s.reporter, s.targetName, held, false);
  }
}

/** Releases this run's lock; false (with a warning saying when it goes away) when that failed. */
async function releaseLockOrWarn(s: Session, runId: string): Promise<boolean> {
  try {
    await releaseLock(s.conn.exec, s.target.path, runId);
    return true;
  } catch (e) {
    warn(s, lockLeftMessage(s, (e as Error).message.split('\n')[0]!));
    return false;
  }
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Runs `fn` holding the deploy lock of every host (taken in order, released in reverse). */
export function withLocks<T>(hosts: Session[], sha: string, fn: () => Promise<T>): Promise<T> {
  return hosts.reduceRight<() => Promise<T>>((inner, h) => () => withLock(h, sha, inner), fn)();
}

/** The session connectAhead opened for these settings, not yet taken by withSession. */
let ahead: { settings: Settings; opening: Promise<Session> } | undefined;

/**
 * Starts opening the session now, for the command about to run (its code loading meanwhile):
 * withSession with the same settings takes it. Returns the closer of a session no command took
 * (call it once the command has run: it waits for the connect and closes it). Interrupted before
 * it is taken, it is closed like a session in use.
 */
export async function connectAhead(
  settings: Settings,
  config: Config,
  reporter: Reporter,
  report: RunReport,
): Promise<() => Promise<void>> {
  // ssh2 loads first, alone: the handshake starts sooner than if it loaded alongside the command's code
  await import('../transport/connect.js');
  const opening = openSession(settings, config, reporter, report);
  // its failure is the command's, reported when withSession takes it
  opening.catch(() => undefined);
  const own = { settings, opening };
  ahead = own;
  const close = async (): Promise<void> => {
    if (ahead !== own) return;
    ahead = undefined;
    const s = await opening.catch(() => undefined);
    if (s) await closeAll(s.hosts, reporter);
  };
  const unregister = onInterrupt(close);
  return async () => {
    unregister();
    await close();
  };
}

function takeAhead(settings: Settings): Promise<Session> | undefined {
  if (ahead?.settings !== settings) return undefined;
  const { opening } = ahead;
  ahead = undefined;
  return opening;
}

/** Opens the session (or takes the one connectAhead opened), runs `fn`, always closes the connections and removes the key. */
export async function withSession(
  settings: Settings,
  config: Config,
  reporter: Reporter,
  report: RunReport,
  fn: (s: Session) => Promise<void>,
): Promise<void> {
  const session = await (takeAhead(settings) ?? openSession(settings, config, reporter, report));
  const unregister = onInterrupt(() => Promise.all(session.hosts.map((c) => c.cleanup())));
  try {
    await fn(session);
  } finally {
    unregister();
    const counts = session.hosts.map((c) => c.connections);
    report.connections = { ssh2: sum(counts.map((c) => c.ssh2)), masters: sum(counts.map((c) => c.masters)) };
    await closeAll(session.hosts, reporter);
  }
}
