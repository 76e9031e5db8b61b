/**
 * Runner: the backup of a database that runs as a swarm stack service (`backup.service` on a swarm
 * target). The manager finds the service's running task; the probe and the dump run with `docker
 * exec` in its container, over SSH to the node that runs it (the session's own connection when that
 * is the manager). On another node the usual backup script (stream → gzip → hash → verify) writes
 * into a private staging directory there; the verified file is then streamed node → runner →
 * manager into <path>/backups, accepted only with the same sha256, with its sidecar; retention runs
 * on the manager; the staging directory is always removed.
 */
import path from 'node:path';
import { serviceName } from '../apply/swarm-names.js';
import type { SwarmTarget } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { tail } from '../core/text.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { connectTo, type Session } from '../session/session.js';
import type { HostConnection } from '../transport/connect.js';
import { decideBackup, probeDatabase, type BackupDecision } from './decide-backup.js';
import { BackupError } from './errors.js';
import { backupsDir } from './naming.js';
import { buildReceiveScript } from './pipeline.js';
import { planBackup, type BackupPlan } from './plan.js';
import type { ProbeResult } from './probe.js';
import { relayFile } from './relay.js';
import { parseBackupOutput, retain, runBackup, runScript } from './run-backup.js';
import {
  locateTaskScript,
  nodeAddress,
  parseTaskLocation,
  removeStagingScript,
  stagingDirScript,
  type DbTask,
  type TaskLocation,
} from './swarm-task.js';
import type { BackupContext, BackupResult, BackupSpec } from './types.js';

/** How the node is reached (replaceable in tests). */
export interface NodeAccess {
  connect: (s: Session, t: DbTask) => Promise<HostConnection>;
  relay: typeof relayFile;
}

const sshToNode = (s: Session, t: DbTask): Promise<HostConnection> => {
  const target = s.target as SwarmTarget;
  return connectTo(s.settings, target, nodeAddress(target.nodes, t, target.port, s.targetName), s.reporter);
};
const DEFAULT_ACCESS: NodeAccess = { connect: sshToNode, relay: relayFile };

/** `<stack>_<service>` when the target's database runs as a swarm stack service, else undefined. */
export function swarmDbService(s: Pick<Session, 'target'>): string | undefined {
  const t = s.target;
  if (t.strategy !== 'swarm') return undefined;
  const service = t.backup?.service as string | undefined;
  return service ? serviceName(t.stack, service) : undefined;
}

/** A restore (or drill) into a swarm service's database is refused with a clear message: not built yet. */
export function refuseSwarmRestore(s: Pick<Session, 'target' | 'targetName'>, what: string): void {
  const service = swarmDbService(s);
  if (service)
    throw new UserError(
      `${what} into the database of swarm service ${service} is not supported yet (targets.${s.targetName}.backup.service): the backups are in ${s.target.path}/backups on the manager; load one by hand with docker exec on the node that runs ${service}`,
    );
}

/** Finds the running task of `service` from the manager. */
export async function locateDbTask(s: Session, service: string): Promise<TaskLocation> {
  const r = await s.conn.exec.sh(locateTaskScript(service), { allowFailure: true });
  return parseTaskLocation(service, r.stdout, `locating the task of ${service} exited with status ${r.code}: ${tail(r.stderr, 3)}`);
}

/** Runs `fn` with the connection to the task's node (opened for it and closed after, unless it is the manager). */
async function onNode<T>(s: Session, t: DbTask, access: NodeAccess, fn: (node: HostConnection) => Promise<T>): Promise<T> {
  const where = t.onManager ? 'the manager' : `node ${t.hostname} (${t.node})`;
  const node = t.onManager ? s.conn : await access.connect(s, t);
  const line = `database of ${t.service}: task ${t.task} on ${where}, docker exec in container ${t.container.slice(0, 12)} over SSH to ${node.exec.name}`;
  s.reporter.info(line);
  s.report.notes.push(line);
  try {
    return await fn(node);
  } finally {
    if (node !== s.conn) await node.cleanup().catch((e: Error) => s.reporter.warning(`ssh cleanup of node ${t.hostname}: ${e.message}`));
  }
}

/** The staged file streamed to the manager's backups directory; resolves with what the manager stored. */
async function copyToManager(s: Session, node: HostConnection, plan: BackupPlan, sha256: string, ctx: BackupContext, access: NodeAccess) {
  const names = { name: plan.name, spare: plan.spare };
  const script = buildReceiveScript({ dir: backupsDir(ctx.deployPath), ...names, sha256, sidecarFormat: plan.sidecarFormat });
  const r = await access.relay(node, plan.file, s.conn, script);
  if (r.sent.code !== 0)
    throw new BackupError(`copying the dump from ${node.exec.name} to the manager failed (ssh exit ${r.sent.code})`, r.sent.stderr);
  const stored = parseBackupOutput(r.result, names);
  if (stored.sha256 !== sha256 || r.sha256 !== sha256)
    throw new BackupError(`the copy on the manager (sha256 ${stored.sha256}) is not the verified dump (${sha256})`);
  return stored;
}

/** The backup script on the node, into a private staging directory, then the copy to the manager, then retention there. */
async function stagedBackup(
  s: Session,
  node: HostConnection,
  spec: BackupSpec,
  ctx: BackupContext,
  access: NodeAccess,
): Promise<BackupResult> {
  const started = Date.now();
  const staging = (await node.exec.sh(stagingDirScript())).stdout.trim();
  const removeStaging = removeStagingScript(staging);
  const plan = planBackup(spec, ctx, staging);
  let stored: { size: number; sha256: string; name: string };
  try {
    const staged = parseBackupOutput(await runScript(node.exec, plan), plan);
    stored = await copyToManager(s, node, plan, staged.sha256, ctx, access);
  } finally {
    await node.exec.sh(removeStaging, { allowFailure: true }).catch(() => undefined);
  }
  const dir = backupsDir(ctx.deployPath);
  const retention = await retain(s.conn.exec, { dir, name: stored.name }, spec, ctx);
  const file = path.posix.join(dir, stored.name);
  return { file, size: stored.size, sha256: stored.sha256, engine: spec.engine, durationMs: Date.now() - started, retention };
}

const backupAt = (s: Session, node: HostConnection, t: DbTask, spec: BackupSpec, ctx: BackupContext, access: NodeAccess) =>
  t.onManager ? runBackup(s.conn.exec, spec, ctx) : stagedBackup(s, node, spec, ctx, access);

/** The pre-deploy backup: the task located, the database probed in it, then backed up (or skipped, see decideBackup). */
export async function swarmBackupStep(
  s: Session,
  spec: BackupSpec,
  ctx: BackupContext,
  live: ReleaseRecord | undefined,
  given: Partial<NodeAccess> = {},
): Promise<BackupResult | Extract<BackupDecision, { action: 'skip' }>> {
  const access = { ...DEFAULT_ACCESS, ...given };
  const found = await locateDbTask(s, swarmDbService(s)!);
  if (found.state !== 'present') return decideBackup(found, live, s.targetName) as Extract<BackupDecision, { action: 'skip' }>;
  return onNode(s, found, access, async (node) => {
    const at = { ...ctx, container: found.container };
    const probed = await probeDatabase(node.exec, spec, at);
    const decision = decideBackup(probed.result, live, s.targetName, probed.stderr);
    if (decision.action === 'skip') return decision;
    return backupAt(s, node, found, spec, at, access);
  });
}

/** `backup` (and any backup outside a deploy): the task located, the database backed up in it. */
export async function swarmBackup(
  s: Session,
  spec: BackupSpec,
  ctx: BackupContext,
  given: Partial<NodeAccess> = {},
): Promise<BackupResult> {
  const access = { ...DEFAULT_ACCESS, ...given };
  const found = await locateDbTask(s, swarmDbService(s)!);
  if (found.state !== 'present') throw new BackupError(`cannot back up the database of target ${s.targetName}: ${found.reason}`);
  return onNode(s, found, access, (node) => backupAt(s, node, found, spec, { ...ctx, container: found.container }, access));
}

/** doctor: the probe in the task's container, on its node. */
export async function probeSwarmDb(
  s: Session,
  spec: BackupSpec,
  ctx: BackupContext,
  given: Partial<NodeAccess> = {},
): Promise<{ result: ProbeResult; stderr: string }> {
  const access = { ...DEFAULT_ACCESS, ...given };
  const found = await locateDbTask(s, swarmDbService(s)!);
  if (found.state !== 'present') return { result: found, stderr: '' };
  return onNode(s, found, access, (node) => probeDatabase(node.exec, spec, { ...ctx, container: found.container }));
}
