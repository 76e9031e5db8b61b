/** Database steps shared by rollback, backup and restore: the backup context, safety backup + restore. */
import path from 'node:path';
import { checkBackup, restoreBackup } from './restore.js';
import { runBackup } from './run-backup.js';
import type { ProtectedBackup } from './retention.js';
import type { BackupContext, BackupResult, BackupSpec, ComposeContext, RetentionResult } from './types.js';
import { phase, type Session } from '../session/session.js';
import type { Target } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { composeInvocation } from '../apply/compose-target.js';
import { layoutOf } from '../sync/layout.js';
import { refuseSwarmRestore, swarmBackup, swarmDbService } from './swarm-backup.js';
import { probeDatabase } from './decide-backup.js';
import { BackupError } from './errors.js';
import { engineMismatch } from './naming.js';
import { engineCommands } from './engines/index.js';

/** The target's backup config as the backup engines' spec; a UserError when it has none. */
export function requireBackupSpec(s: Session, why: string): BackupSpec & { drill_query?: string } {
  const spec = s.target.backup;
  if (!spec) throw new UserError(`${why} needs a backup configured on target ${s.targetName} (targets.${s.targetName}.backup)`);
  return spec as BackupSpec & { drill_query?: string };
}

/**
 * Remote env file the backup password (`password_env`) is read from: `password_env_file` (relative
 * to the deploy path, or absolute), else the first `shared` entry named `.env` where it lives on the
 * host (releases: <path>/shared/<entry>, in-place: <path>/<entry>), else none.
 */
export function envFileFor(target: Target): string | undefined {
  // a swarm service's dump runs on the node of its task: the password is the runner's, or in the task's environment
  if (swarmDbService({ target })) return undefined;
  const file = target.backup && 'password_env_file' in target.backup ? target.backup.password_env_file : undefined;
  if (file) return path.posix.resolve(target.path, file);
  const entry = target.shared.find((p) => p.replace(/\/$/, '').split('/').pop() === '.env');
  if (!entry) return undefined;
  return target.layout === 'releases' ? `${target.path}/shared/${entry}` : `${target.path}/${entry}`;
}

/** Names backups taken while nothing is deployed yet. */
export const NO_RELEASE_SHA = '000000000000';

/** Compose context for backups that run inside a compose service (from `current`, or the in-place root). */
export function dbComposeContext(s: Session): ComposeContext | undefined {
  const t = s.target;
  if (t.strategy !== 'compose' || !t.backup || !('service' in t.backup) || !t.backup.service) return undefined;
  const layout = layoutOf(t.path);
  return composeInvocation(s.config, t.layout === 'releases' ? layout.current : layout.root);
}

/** Where and how this run's backups are taken; `sha` names the file (the release the data belongs to). */
export function backupContext(s: Session, sha: string, compose?: ComposeContext, protect?: ProtectedBackup[]): BackupContext {
  return {
    deployPath: s.target.path,
    target: s.targetName,
    sha,
    now: new Date(),
    compose,
    password: s.settings.dbPassword,
    envFile: envFileFor(s.target),
    protect,
  };
}

/** Takes a verified backup (recorded in the report) and logs what retention did. */
export async function takeBackup(s: Session, name: string, ctx: BackupContext): Promise<BackupResult> {
  const spec = requireBackupSpec(s, name);
  const result = await phase(s, name, () => (swarmDbService(s) ? swarmBackup(s, spec, ctx) : runBackup(s.conn.exec, spec, ctx)));
  reportBackup(s, result);
  return result;
}

/** Records a backup in the report and logs it with what retention did. */
export function reportBackup(s: Session, result: BackupResult): void {
  s.report.backup = { file: result.file, size: result.size, sha256: result.sha256 };
  s.reporter.info(`backup ${result.file}: ${result.size} bytes, sha256 ${result.sha256}`);
  if (result.retention.deleted.length > 0) s.reporter.info(`retention deleted: ${result.retention.deleted.join(', ')}`);
  if (result.retention.error) s.reporter.warning(`backup retention failed: ${result.retention.error}`);
  const kept = keptForRollback(result.retention);
  if (kept) {
    s.reporter.info(kept);
    s.report.notes.push(kept);
  }
}

/** The summary line naming the backups only a protection kept (the rules alone would have deleted them). */
export function keptForRollback(retention: RetentionResult): string | undefined {
  const saved = (retention.decisions ?? []).filter((d) => d.protectedFor !== undefined);
  if (saved.length === 0) return undefined;
  return `backups kept for rollback and restore (the retention rules alone would delete them): ${saved.map((d) => `${d.name} (${d.protectedFor})`).join(', ')}`;
}

/** The backup a restore loads, and the sha256 state.json recorded for it (a rollback's pre-deploy backup). */
export interface Restoring {
  file: string;
  sha256?: string;
}

/** What the safety backup found: its backup, or none because there was no database (`absent`: why). */
type Safety = { taken: BackupResult; absent?: undefined } | { taken?: undefined; absent: string };

/**
 * The safety backup before restoring `file`, in the 'Safety backup' phase. First `file` is checked
 * (gzip CRC, sha256 against its sidecar): a damaged one stops the restore before the safety
 * backup's retention could delete a good backup. None when the probe finds no database (a SQLite
 * file that is gone, a dropped database: nothing to save, and its dump would fail the restore that
 * brings it back); a database that is there, or cannot be told, is backed up (a failure stops the restore).
 */
async function safetyBackup(s: Session, spec: BackupSpec, ctx: BackupContext, file: Restoring): Promise<Safety> {
  const safety = await phase(s, 'Safety backup', async (): Promise<Safety> => {
    await checkBackup(s.conn.exec, file.file, file.sha256);
    const probed = await probeDatabase(s.conn.exec, spec, ctx);
    return probed.result.state === 'absent' ? { absent: probed.result.reason } : { taken: await runBackup(s.conn.exec, spec, ctx) };
  });
  if (safety.taken) {
    reportBackup(s, safety.taken);
    return safety;
  }
  const line = `no safety backup: ${safety.absent} (nothing to save before the restore)`;
  s.reporter.info(line);
  s.report.notes.push(line);
  return safety;
}

/**
 * A failed restore's error (pure): where the database as it was before is (the safety backup), and
 * that a retry must name the backup: the safety backup is now the newest, the one a restore without
 * a name would pick.
 */
export function restoreFailure(err: Error, target: string, restoring: string, safety?: string, putBack?: string): Error {
  const where =
    putBack ??
    (safety
      ? `if the database was changed, its state before the restore is in the safety backup ${safety} (restore --backup ${safety} --confirm ${target})`
      : 'there was no database before the restore (no safety backup)');
  const retry = `to retry, name the backup: restore --backup ${restoring} --confirm ${target}`;
  const wrapped =
    err instanceof BackupError
      ? new BackupError(`${err.reason}; ${where}; ${retry}`, err.stderr)
      : new Error(`${err.message}; ${where}; ${retry}`);
  return Object.assign(wrapped, { cause: err });
}

/** What a put-back after a restore that failed midway did (pure): `failed` is the put-back's own error. */
export function putBackOutcome(safety: string, target: string, failed?: Error): string {
  if (!failed)
    return `the restore stopped midway (its load is not one transaction): the database was put back from the safety backup ${safety}`;
  return `the restore stopped midway and putting the database back from the safety backup ${safety} failed too (${failed.message}): the database may be partly restored (restore --backup ${safety} --confirm ${target})`;
}

/**
 * Restores `file` into the target's database after a fresh safety backup (which retention may not
 * let push `file` out, nor the `protect` ones). `sha` is the release running now: it names the
 * safety backup. Undefined when there was no database to back up first. `loading` is called with
 * the safety backup just before a load that, failing midway, can leave the database partly
 * replaced (an engine whose restore is not one transaction: MariaDB), so the caller can undo it.
 */
export async function restoreWithSafetyBackup(
  s: Session,
  restoring: Restoring,
  sha: string,
  compose?: ComposeContext,
  protect: ProtectedBackup[] = [],
  loading?: (safety: BackupResult | undefined) => void,
): Promise<BackupResult | undefined> {
  const spec = requireBackupSpec(s, 'restoring the database');
  refuseSwarmRestore(s, 'restoring a backup');
  const { file } = restoring;
  const mismatch = engineMismatch(file, spec.engine);
  if (mismatch) throw new UserError(`restore: ${mismatch}; nothing was changed`);
  const kept = { name: path.posix.basename(file), why: 'being restored' };
  const { taken, absent } = await safetyBackup(s, spec, backupContext(s, sha, compose, [kept, ...protect]), restoring);
  const safetyName = taken && path.posix.basename(taken.file);
  // a server database the probe did not find was dropped: the restore creates it (a SQLite file needs no creating)
  const create = absent !== undefined && spec.engine !== 'sqlite';
  if (engineCommands(spec.engine).partialOnFailure) loading?.(taken);
  const restore = () => restoreBackup(s.conn.exec, spec, backupContext(s, sha, compose), file, { create });
  const restored = await phase(s, 'Restore database', restore).catch((e: Error) => {
    throw restoreFailure(e, s.targetName, path.posix.basename(file), safetyName);
  });
  const how = safetyName ? `safety backup first: ${safetyName}` : `no safety backup: there was no database${create ? '; created it' : ''}`;
  const line = `database ${restored.database} restored from ${path.posix.basename(file)} (${how})`;
  s.reporter.info(line);
  s.report.notes.push(line);
  return taken;
}

/**
 * The `restore` command's restore: restoreWithSafetyBackup, and when a load that can stop midway
 * (MariaDB's) has begun and failed, the database is put back from the safety backup at once (after a
 * safety backup of the partly restored database, as the undo of `rollback --restore-db` does), said
 * in the error and the notes.
 */
export async function restoreOrPutBack(
  s: Session,
  restoring: Restoring,
  sha: string,
  compose?: ComposeContext,
  protect: ProtectedBackup[] = [],
): Promise<BackupResult | undefined> {
  const load: { started?: boolean; safety?: BackupResult } = {};
  try {
    return await restoreWithSafetyBackup(s, restoring, sha, compose, protect, (safety) => Object.assign(load, { started: true, safety }));
  } catch (e) {
    if (!load.started || !load.safety) throw e;
    const safety = path.posix.basename(load.safety.file);
    const restoringName = path.posix.basename(restoring.file);
    const kept = [...protect, { name: restoringName, why: 'its restore failed midway' }];
    const failed = await restoreWithSafetyBackup(s, load.safety, sha, compose, kept).then(
      () => undefined,
      (u: Error) => u,
    );
    const outcome = putBackOutcome(safety, s.targetName, failed);
    s.report.notes.push(
      failed ? `database may be partly restored: putting it back from ${safety} failed` : `database put back from ${safety}`,
    );
    const cause = (e as Error).cause instanceof Error ? ((e as Error).cause as Error) : (e as Error);
    throw restoreFailure(cause, s.targetName, restoringName, safety, outcome);
  }
}
