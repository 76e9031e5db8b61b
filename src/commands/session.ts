import type { Config, Target } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { timed, type RunReport } from '../core/report.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { acquireLock, releaseLock } from '../deploy/lock.js';
import { onInterrupt } from '../core/interrupt.js';
import { connectHost, type HostConnection } from '../transport/connect.js';

/** What every host command shares: settings, target, the one SSH connection, the report. */
export interface Session {
  settings: Settings;
  config: Config;
  targetName: string;
  target: Target;
  reporter: Reporter;
  report: RunReport;
  conn: HostConnection;
}

/** Runs a phase in a log group and records its duration in the report. */
export function phase<T>(s: Pick<Session, 'reporter' | 'report'>, name: string, fn: () => Promise<T>): Promise<T> {
  return s.reporter.group(name, () => timed(s.report, name, fn));
}

export function requireTarget(settings: Settings, config: Config): { name: string; target: Target } {
  const names = Object.keys(config.targets);
  const name = settings.target ?? (names.length === 1 ? names[0] : undefined);
  if (!name) throw new UserError(`${settings.command} needs --target (targets: ${names.join(', ') || 'none defined in the config'})`);
  const target = config.targets[name];
  if (!target) throw new UserError(`unknown target ${JSON.stringify(name)} (targets: ${names.join(', ')})`);
  return { name, target };
}

/** Opens the verified SSH connection to the target (refuses without key or host key anchor). */
export async function openSession(
  settings: Settings,
  config: Config,
  reporter: Reporter,
  report: RunReport,
): Promise<Session> {
  const { name, target } = requireTarget(settings, config);
  report.target = name;
  if (!settings.ssh.privateKey) throw new UserError('an SSH private key is required (input ssh-private-key, or --ssh-key / GITOPS_SSH_KEY)');
  const conn = await phase({ reporter, report }, 'Connect', () =>
    connectHost({
      host: target.host,
      port: target.port,
      privateKey: settings.ssh.privateKey!,
      knownHosts: settings.ssh.knownHosts,
      fingerprint: settings.ssh.fingerprint,
      umask: target.umask,
    }),
  );
  reporter.persist('keyDir', conn.keyDir);
  return { settings, config, targetName: name, target, reporter, report, conn };
}

/** Runs `fn` under the deploy lock; the lock is released on success and on failure. */
export async function withLock<T>(s: Session, sha: string, fn: () => Promise<T>): Promise<T> {
  const info = {
    runId: s.settings.run.id,
    sha,
    actor: s.settings.run.actor,
    command: s.settings.command,
    time: new Date().toISOString(),
    runUrl: s.settings.run.url,
  };
  await phase(s, 'Lock', () =>
    acquireLock(s.conn.exec, s.target.path, info, {
      ttlMs: s.target.lock_ttl,
      waitMs: s.settings.lockWaitMs,
      forceUnlock: s.settings.forceUnlock,
    }),
  );
  s.reporter.persist('lock', JSON.stringify({ target: s.targetName, runId: info.runId }));
  const unregister = onInterrupt(() => releaseLock(s.conn.exec, s.target.path, s.settings.run.id));
  try {
    return await fn();
  } finally {
    unregister();
    s.reporter.persist('lock', '');
    await releaseLock(s.conn.exec, s.target.path, s.settings.run.id).catch((e: Error) => s.reporter.warning(`could not release the deploy lock: ${e.message}`));
  }
}
