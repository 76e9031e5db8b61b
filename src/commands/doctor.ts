import { hostLabel, hostsOf, type HostAddress } from '../config/hosts.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import { currentRelease } from '../record/state-model.js';
import { loadHostState, statePath } from '../record/state-store.js';
import type { RunReport } from '../session/report.js';
import { hostSessions, requireTarget, withSession, type Session } from '../session/session.js';
import { displayHost, HostKeyVerificationError, keyscanCommand } from '../transport/host-keys.js';
import { parseUserHost } from '../transport/ssh-options.js';
import {
  backupCheck,
  composeCheck,
  diskCheck,
  dockerCheck,
  healthCheck,
  lockCheck,
  passengerChecks,
  rsyncCheck,
  sharedFilesCheck,
  swarmManagerCheck,
  writeCheck,
  type DoctorCheck,
} from './doctor-checks.js';
import { releaseWritesCheck } from './doctor-release-writes.js';

export type DoctorRunReport = RunReport & { doctor?: DoctorCheck[] };

/** One line per check: `ok   name  detail`, or `FAIL name  detail` and its fix under it (the host first when the target has several). */
export function formatChecks(checks: DoctorCheck[]): string[] {
  return checks.flatMap((c) => [
    `${{ ok: 'ok  ', warn: 'warn', fail: 'FAIL' }[c.status]}  ${c.check.padEnd(13)} ${c.host ? `${c.host}: ` : ''}${c.detail}`,
    ...(c.fix && c.status !== 'ok' ? [`      ${''.padEnd(13)} fix: ${c.fix}`] : []),
  ]);
}

/** The checks of one host (a deploy runs its host-level phases on every host): docker, compose, disk, rsync, state, files. */
async function hostChecks(s: Session): Promise<{ checks: DoctorCheck[]; deployed: boolean }> {
  const checks: DoctorCheck[] = [];
  if (s.target.strategy === 'compose') checks.push(await dockerCheck(s), await composeCheck(s));
  if (s.target.strategy === 'swarm') checks.push(await dockerCheck(s), await swarmManagerCheck(s));
  checks.push(await writeCheck(s), await diskCheck(s), await rsyncCheck(s));
  // a held lock (a line only then): a stale one makes every deploy refuse, a live one fail fast
  const lock = await lockCheck(s);
  if (lock) checks.push(lock);
  // a state.json the next deploy refuses (corrupt, empty, a release id that is not a sha) fails here too
  const state = await loadHostState(s).catch((e: Error) => {
    checks.push({
      check: 'state',
      status: 'fail',
      detail: e.message,
      fix: `restore ${statePath(s.target.path)} from a copy, or repair it by hand`,
    });
    return undefined;
  });
  const deployed = !!(state && currentRelease(state));
  const writes = await releaseWritesCheck(s, state ? currentRelease(state) : undefined);
  if (writes) checks.push(writes);
  if (s.target.strategy === 'passenger') checks.push(...(await passengerChecks(s, deployed)));
  checks.push(...(await sharedFilesCheck(s)));
  return { checks, deployed };
}

/** Every check of `s`'s hosts, each host's named when there are several; the backup on the primary. */
async function runChecks(s: Session): Promise<DoctorCheck[]> {
  const via = s.settings.ssh.knownHosts ? 'known-hosts' : 'host-fingerprint';
  const labels = hostsOf(s.target).map(hostLabel);
  const named = (host: number, checks: DoctorCheck[]): DoctorCheck[] =>
    labels.length > 1 ? checks.map((c) => ({ ...c, host: labels[host] })) : checks;
  const sessions = hostSessions(s);
  const perHost = await Promise.all(sessions.map(hostChecks));
  // the health URL is fetched from each host, as each host's verify does (without one: a single warning)
  const health = s.target.health.url
    ? await Promise.all(sessions.map((h, i) => healthCheck(h, perHost[i]!.deployed)))
    : [await healthCheck(s, perHost[0]!.deployed)];
  return [
    { check: 'host key', status: 'ok', detail: `${labels.join(', ')} verified against ${via}` },
    ...perHost.flatMap((h, i) => named(i, h.checks)),
    await backupCheck(s),
    ...(health.length > 1 ? health.flatMap((c, i) => named(i, [c])) : health),
  ];
}

/**
 * The host a connect error is about: its messages name it as `host:port` (host-keys, connect); the
 * first host when none is named. With several hosts, the fix must point at the one that failed.
 */
export function hostNamedIn(hosts: HostAddress[], message: string): HostAddress {
  const named = (a: HostAddress): boolean => {
    try {
      const r = parseUserHost(a.host, a.port);
      return message
        .split(displayHost(r.host, r.port))
        .slice(1)
        .some((after) => !/^[0-9]/.test(after));
    } catch {
      return false; // not an address a connect error names
    }
  };
  return hosts.find(named) ?? hosts[0]!;
}

/** The fix of a host key that failed verification on `a` (user@host, IPv6 maybe bracketed). */
export const hostKeyFix = (a: HostAddress): string =>
  `run ${keyscanCommand(a.host.slice(a.host.lastIndexOf('@') + 1), a.port)}, compare its fingerprint (ssh-keygen -lf) with the host's own out of band, then update known-hosts (docs/prepare-server.md)`;

/** The connection failed: the host key (or the login) is the failing check, on the host it failed on. */
function connectFailure(settings: Settings, config: Config, e: Error): DoctorCheck {
  const { target } = requireTarget(settings, config);
  const hosts = hostsOf(target);
  const failed = hostNamedIn(hosts, e.message);
  const on = hosts.length > 1 ? { host: hostLabel(failed) } : {};
  if (e instanceof HostKeyVerificationError)
    return {
      check: 'host key',
      status: 'fail',
      detail: e.message,
      fix: hostKeyFix(failed),
      ...on,
    };
  return {
    check: 'ssh',
    status: 'fail',
    detail: e.message.split('\n')[0]!,
    fix: `check host, port and that the key's .pub is in ~/.ssh/authorized_keys of ${failed.host.split('@')[0]}`,
    ...on,
  };
}

/** `doctor`: connects (host key verified) and checks everything a deploy needs; fails when a check fails. */
export async function doctorCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  const r = report as DoctorRunReport;
  let connected = false;
  try {
    await withSession(settings, config, reporter, report, async (s) => {
      connected = true;
      r.doctor = await s.reporter.group('Checks', () => runChecks(s));
    });
  } catch (e) {
    if (connected || !(e instanceof Error) || e instanceof UserError) throw e;
    r.doctor = [connectFailure(settings, config, e)];
  }
  report.notes.push(...formatChecks(r.doctor ?? []));
  const failed = (r.doctor ?? []).filter((c) => c.status === 'fail');
  if (failed.length > 0)
    throw new Error(`doctor: ${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.check).join(', ')}`);
}
