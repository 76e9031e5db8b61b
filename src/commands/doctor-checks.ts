/**
 * `doctor`'s checks over the open session: each runs one script (or reuses the helper a deploy
 * uses), and turns its verdict into a line with a fix. Nothing on the host is changed.
 */
import { detectHostCompose } from '../apply/compose-target.js';
import { composeGeneration } from '../apply/compose-naming.js';
import { backupContext, dbComposeContext, envFileFor, NO_RELEASE_SHA } from '../backup/database.js';
import { probeDatabase } from '../backup/decide-backup.js';
import { probeSwarmDb, swarmDbService } from '../backup/swarm-backup.js';
import type { BackupSpec } from '../backup/types.js';
import { backupsDir } from '../backup/naming.js';
import { hostsOf } from '../config/hosts.js';
import type { PassengerTarget, Target } from '../config/schema.js';
import { humanBytes } from '../core/units.js';
import type { Session } from '../session/session.js';
import { venvExists } from '../strategies/passenger/host-steps.js';
import { passengerPaths, PASSENGER_STARTUP_FILE } from '../strategies/passenger/paths.js';
import { describeHolder, judgeLock, lockDir, readLock } from '../session/lock.js';
import {
  apacheUserScript,
  dockerAccessScript,
  freeDiskScript,
  restartFileCheckScript,
  rsyncCheckScript,
  sharedFilesScript,
  swarmManagerScript,
  writeAccessScript,
  type DiskPlace,
} from '../verify/host-checks.js';
import {
  healthExpectation,
  httpProbeScript,
  judgeResponse,
  NO_HTTP_CLIENT,
  parseProbe as parseHttp,
  statusHint,
  zoneIdWarning,
} from '../verify/http-check.js';
import { shellQuote as q } from '../transport/quote.js';

export interface DoctorCheck {
  check: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
  /** the host it was checked on (set when the target has several hosts) */
  host?: string;
}

/** Below this the deploy (images, a release copy, a backup) is likely to run out of space. */
export const MIN_FREE_BYTES = 1024 ** 3;

const ok = (check: string, detail: string): DoctorCheck => ({ check, status: 'ok', detail });
const warn = (check: string, detail: string, fix?: string): DoctorCheck => ({ check, status: 'warn', detail, ...(fix ? { fix } : {}) });
const fail = (check: string, detail: string, fix: string): DoctorCheck => ({ check, status: 'fail', detail, fix });
const userOf = (t: Target): string => hostsOf(t)[0]!.host.split('@')[0]!;
const verdict = (stdout: string): [string, string] => {
  const line = stdout.trim().split('\n')[0] ?? '';
  const i = line.indexOf(' ');
  return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
};

async function sh(s: Session, script: string): Promise<string> {
  return (await s.conn.exec.sh(script, { allowFailure: true })).stdout;
}

export async function dockerCheck(s: Session): Promise<DoctorCheck> {
  const [v, detail] = verdict(await sh(s, dockerAccessScript()));
  if (v === 'ok') return ok('docker', `engine ${detail}, usable by ${userOf(s.target)}`);
  if (v === 'missing')
    return fail('docker', 'docker is not installed (not on PATH)', 'install Docker Engine on the host (docs/prepare-server.md)');
  const denied = /permission denied/i.test(detail);
  return fail(
    'docker',
    detail || 'docker info failed',
    denied
      ? `let ${userOf(s.target)} use docker: sudo usermod -aG docker ${userOf(s.target)} (then open a new SSH session)`
      : 'start the docker daemon (sudo systemctl start docker) and check `docker info` as the deploy user',
  );
}

/** A swarm target's host must be a manager: the deploy reads and deploys the stack there. */
export async function swarmManagerCheck(s: Session): Promise<DoctorCheck> {
  const [v, state] = verdict(await sh(s, swarmManagerScript()));
  if (v === 'ok') return ok('swarm', 'this engine is a swarm manager');
  return fail(
    'swarm',
    `this engine is not a swarm manager (swarm: ${state || 'unknown'}): docker stack deploy and docker service run only on a manager`,
    'set host to a manager node of the swarm (docker node ls there lists the nodes), or create the swarm on this host: docker swarm init',
  );
}

export async function composeCheck(s: Session): Promise<DoctorCheck> {
  try {
    const c = await detectHostCompose(s.conn.exec, s.config);
    return ok('compose', `${c.command.join(' ')} ${c.version} (${composeGeneration(c.command)})`);
  } catch (e) {
    return fail('compose', (e as Error).message, 'install the compose v2 plugin (docker-compose-plugin) or docker-compose v1');
  }
}

export async function writeCheck(s: Session): Promise<DoctorCheck> {
  const [v, detail] = verdict(await sh(s, writeAccessScript(s.target.path)));
  if (v === 'ok')
    return ok(
      'write access',
      detail.startsWith('missing') ? `${s.target.path} does not exist yet; ${detail.slice(8)} is writable` : s.target.path,
    );
  return fail(
    'write access',
    `${userOf(s.target)} cannot write ${s.target.path}: ${detail}`,
    `sudo mkdir -p ${q(s.target.path)} && sudo chown ${q(userOf(s.target))}: ${q(s.target.path)}`,
  );
}

/** The free-disk lines of distinct file systems (the first place of each), in the script's order. */
export function parseFreeDisk(stdout: string): { place: DiskPlace; path: string; bytes: number }[] {
  const seen = new Set<string>();
  return stdout.split('\n').flatMap((line) => {
    const m = /^ok (\d+) (\S+) (deploy|backups|docker) (.+)$/.exec(line);
    if (!m || seen.has(m[2]!)) return [];
    seen.add(m[2]!);
    return [{ place: m[3] as DiskPlace, path: m[4]!, bytes: Number(m[1]) * 1024 }];
  });
}

/** Free space where deploys write: the deploy path, the backups directory and the docker root, each file system once. */
export async function diskCheck(s: Session): Promise<DoctorCheck> {
  const path = s.target.path;
  const script = freeDiskScript(
    [
      ['deploy', path],
      ['backups', backupsDir(path)],
    ],
    s.target.strategy !== 'passenger',
  );
  const places = parseFreeDisk(await sh(s, script));
  if (places.length === 0) return warn('free disk', 'df gave no answer');
  const detail = places.map((p) => `${humanBytes(p.bytes)} free under ${p.path}${p.place === 'docker' ? ' (docker root)' : ''}`).join('; ');
  if (places.some((p) => p.bytes < MIN_FREE_BYTES))
    return fail('free disk', detail, 'free space (docker image prune, old backups) or grow the disk');
  return ok('free disk', detail);
}

export async function rsyncCheck(s: Session): Promise<DoctorCheck> {
  const [v, detail] = verdict(await sh(s, rsyncCheckScript()));
  if (v === 'ok') return ok('rsync', detail);
  return fail(
    'rsync',
    `rsync is not on the PATH of ${userOf(s.target)} (PATH=${detail})`,
    'install rsync on the host (apt-get install rsync)',
  );
}

/**
 * The deploy lock, as the next deploy would judge it (judgeLock, without force-unlock); null when
 * it is free. A stale lock without heartbeat makes every deploy refuse until it is broken.
 */
export async function lockCheck(s: Session): Promise<DoctorCheck | null> {
  const dir = lockDir(s.target.path);
  const held = await readLock(s.conn.exec, s.target.path).catch((e: Error) => e);
  if (held instanceof Error) return fail('lock', held.message, `check the owner and mode of ${dir}`);
  if (!held) return null;
  const verdict = judgeLock(held, s.target.lock_ttl, false);
  if (verdict.kind === 'refuse')
    return fail(
      'lock',
      verdict.message,
      `make sure that run is over, then deploy with --force-unlock (force-unlock: true in the workflow), or remove ${dir}`,
    );
  if (verdict.kind === 'break') return ok('lock', `left by a dead run (${describeHolder(held)}): the next deploy breaks it`);
  return warn(
    'lock',
    `held by ${describeHolder(held)}: a deploy now fails fast`,
    'wait for that run to finish (or deploy with --lock-wait)',
  );
}

/** The places a shared file may be: <path>/shared/<entry>, and in place also <path>/<entry>. */
function sharedFilePlaces(t: Target): string[][] {
  const files = t.shared
    .filter((e) => !e.endsWith('/'))
    .map((e) => [`${t.path}/shared/${e}`, ...(t.layout === 'in-place' ? [`${t.path}/${e}`] : [])]);
  const env = envFileFor(t);
  return env && !files.some((p) => p.includes(env)) ? [...files, [env]] : files;
}

export async function sharedFilesCheck(s: Session): Promise<DoctorCheck[]> {
  const places = sharedFilePlaces(s.target);
  if (places.length === 0) return [];
  const lines = (await sh(s, sharedFilesScript(places))).trim().split('\n');
  return places.map((p, i) => {
    const [v] = verdict(lines[i] ?? '');
    if (v === 'ok') return ok('shared file', p[0]!);
    return fail(
      'shared file',
      `${p[0]} is missing (env_file / password_env read it; a deploy never creates it)`,
      `create it before the first deploy: mkdir -p ${p[0]!.replace(/\/[^/]*$/, '')} && install -m 600 /dev/null ${p[0]} ; then fill in its values`,
    );
  });
}

export async function backupCheck(s: Session): Promise<DoctorCheck> {
  const spec = s.target.backup as BackupSpec | undefined;
  if (!spec) return warn('backup', 'no backup configured: deploys take no database backup', 'add targets.<name>.backup (docs/config.md)');
  const ctx = backupContext(s, NO_RELEASE_SHA, dbComposeContext(s));
  const { result: probe, stderr } = swarmDbService(s) ? await probeSwarmDb(s, spec, ctx) : await probeDatabase(s.conn.exec, spec, ctx);
  if (probe.state === 'present') return ok('backup', `${spec.engine}: the database answers with the configured credentials`);
  if (probe.state === 'absent') return warn('backup', `${spec.engine}: ${probe.reason} (fine before the first deploy)`);
  const why = stderr.trim().split('\n').pop() ?? '';
  return fail(
    'backup',
    `${spec.engine}: ${probe.reason}${why ? `: ${why}` : ''}`,
    spec.engine === 'sqlite'
      ? 'check backup.path'
      : `check backup.user/database and the password (${spec.password_env ? `${spec.password_env} in ${envFileFor(s.target) ?? 'the environment'}` : 'db-password / GITOPS_DB_PASSWORD'})`,
  );
}

export async function healthCheck(s: Session, deployed: boolean): Promise<DoctorCheck> {
  const h = s.target.health;
  if (!h.url) return warn('health', 'no health.url: deploys are not checked over HTTP', 'set targets.<name>.health.url');
  const r = await s.conn.exec.sh(httpProbeScript(h.url, h.headers), { allowFailure: true });
  const res = parseHttp(r.stdout);
  const problem = judgeResponse(res, healthExpectation(h));
  const zone = zoneIdWarning(h.url);
  if (!problem)
    return zone
      ? warn('health', `${h.url} answers from the host; but ${zone.detail}`, zone.fix)
      : ok('health', `${h.url} answers from the host`);
  if (r.stderr.includes(NO_HTTP_CLIENT)) return fail('health', NO_HTTP_CLIENT, 'install curl on the host (or python3, or wget)');
  const hint = (problem.startsWith('HTTP ') ? statusHint(res.status) : '') + (zone ? `; ${zone.detail}` : '');
  if (!deployed) return warn('health', `${problem}${hint} (nothing is deployed yet)`, zone?.fix);
  return fail(
    'health',
    problem + hint,
    zone?.fix ?? 'check that the app runs (gitops-deploy logs) and that health.url is reachable from the host itself',
  );
}

/** Passenger starts the app from <live app root>/passenger_wsgi.py: once a release is live, it must be there. */
async function startupFileCheck(s: Session, appRoot: string, deployed: boolean): Promise<DoctorCheck> {
  const file = `${appRoot}/${PASSENGER_STARTUP_FILE}`;
  if (!deployed) return ok(PASSENGER_STARTUP_FILE, `nothing deployed yet: the first deploy uploads ${file}`);
  const [v] = verdict(await sh(s, sharedFilesScript([[file]])));
  if (v === 'ok') return ok(PASSENGER_STARTUP_FILE, file);
  return fail(
    PASSENGER_STARTUP_FILE,
    `${file} is missing: Passenger cannot start the app`,
    `check app_root (the repository directory holding ${PASSENGER_STARTUP_FILE}) and the PassengerAppRoot of the host, then deploy again`,
  );
}

/** The virtualenv, the startup file of the live release, restart.txt and the Apache user. */
export async function passengerChecks(s: Session, deployed: boolean): Promise<DoctorCheck[]> {
  const t = s.target as PassengerTarget;
  const paths = passengerPaths(t);
  const venv = (await venvExists(s.conn.exec, paths.venv))
    ? ok('virtualenv', paths.venv)
    : warn(
        'virtualenv',
        `${paths.venv} has no bin/python: the first deploy creates it with ${t.python ?? 'python3'} -m venv`,
        'or create it in the hosting panel ("Setup Python App") and set venv',
      );
  const [rv, rdetail] = verdict(await sh(s, restartFileCheckScript(paths.restartFileOf(paths.liveAppRoot))));
  const restart =
    rv === 'ok'
      ? ok('restart.txt', rdetail === 'absent' ? 'created by the first deploy' : paths.restartFileOf(paths.liveAppRoot))
      : fail('restart.txt', `not writable: ${rdetail}`, `chown ${userOf(t)} the app's tmp/ directory`);
  const apache = (await sh(s, apacheUserScript())).trim().split('\n');
  const users = apache.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3));
  const server = users.length
    ? ok('apache user', users.join(', '))
    : warn(
        'apache user',
        'no Apache/Passenger process visible to this user',
        'make sure the app files are readable by the user Passenger runs the app as',
      );
  return [venv, await startupFileCheck(s, paths.liveAppRoot, deployed), restart, server];
}
