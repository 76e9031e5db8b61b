import { composeLogsArgs, DEFAULT_LOG_LINES, withoutEraseLine } from '../apply/compose-logs.js';
import { composeInvocation, detectHostCompose } from '../apply/compose-target.js';
import type { Config, PassengerTarget, SwarmTarget } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import type { Reporter } from '../core/reporter.js';
import type { Settings } from '../core/settings.js';
import type { RunReport } from '../session/report.js';
import { phase, withSession, type Session } from '../session/session.js';
import { passengerLogsScript } from '../strategies/passenger/logs-script.js';
import { passengerPaths } from '../strategies/passenger/paths.js';
import { swarmLogs } from '../strategies/swarm/logs.js';
import { layoutOf } from '../sync/layout.js';

export type LogsRunReport = RunReport & { logs?: string };

async function composeLogs(s: Session): Promise<string> {
  const o = s.settings.logs ?? {};
  const tree = s.target.layout === 'releases' ? layoutOf(s.target.path).current : s.target.path;
  const inv = composeInvocation(s.config, tree, await detectHostCompose(s.conn.exec, s.config, s.target.path));
  const r = await s.conn.exec.run(composeLogsArgs(inv, o), { allowFailure: true });
  if (r.code !== 0)
    throw new UserError(`compose logs failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n')}`);
  return withoutEraseLine(r.stdout + r.stderr);
}

/** Swarm: `docker service logs` on the manager of the stack's services (or `--service`). */
function stackLogs(s: Session): Promise<string> {
  const o = s.settings.logs ?? {};
  return swarmLogs(s.conn.exec, (s.target as SwarmTarget).stack, { ...o, tail: o.tail ?? DEFAULT_LOG_LINES });
}

async function passengerLogs(s: Session): Promise<string> {
  if (s.settings.logs?.service) throw new UserError('--service: a passenger target has no services');
  if (s.settings.logs?.since) throw new UserError('--since: not available for passenger targets (their logs are plain files; use --tail)');
  const target = s.target as PassengerTarget;
  const r = await s.conn.exec.sh(
    passengerLogsScript(passengerPaths(target).liveAppRoot, target.path, s.settings.logs?.tail ?? DEFAULT_LOG_LINES),
    {
      allowFailure: true,
    },
  );
  if (r.code !== 0) throw new UserError(r.stderr.trim() || `reading the error log failed (exit ${r.code})`);
  return r.stdout;
}

/** `logs`: the app's logs on the target (docker compose logs; docker service logs of the stack; the Passenger/Apache error log tail). */
export async function logsCommand(settings: Settings, config: Config, reporter: Reporter, report: RunReport): Promise<void> {
  await withSession(settings, config, reporter, report, async (s) => {
    const text = await phase(s, 'Logs', () =>
      s.target.strategy === 'compose' ? composeLogs(s) : s.target.strategy === 'swarm' ? stackLogs(s) : passengerLogs(s),
    );
    (report as LogsRunReport).logs = text;
    report.notes.push(text.replace(/\n$/, ''));
  });
}
