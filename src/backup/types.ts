/** Contract types of the pre-deploy database backup. Plain data: validated by the config layer. */
import type { KeepSetting, RetentionDecision } from './policy.js';
import type { ProtectedBackup } from './retention.js';

export type BackupEngine = 'mariadb' | 'mysql' | 'postgres' | 'sqlite';

/** The `backup:` section of the config (validated elsewhere; this mirrors its shape). */
export interface BackupSpec {
  engine: BackupEngine;
  /** run the dump inside this compose service (`exec -T`) instead of on the host */
  service?: string;
  database?: string;
  user?: string;
  /** NAME of the variable holding the password (in ctx.envFile, or in the container for compose mode) */
  password_env?: string;
  host?: string;
  port?: number;
  /** sqlite: the database file (relative paths are relative to deployPath on the host) */
  path?: string;
  /** verified backups of this target to keep: the newest N, or a policy (see policy.ts) */
  keep: KeepSetting;
}

export interface ComposeContext {
  /** ["docker","compose"] or ["docker-compose"] */
  command: string[];
  /** absolute remote directory the compose command runs in */
  projectDir: string;
  /** compose files, as given to -f (relative to projectDir or absolute) */
  files: string[];
  project: string;
}

export interface BackupContext {
  /** absolute remote deploy path; backups go to <deployPath>/backups */
  deployPath: string;
  target: string;
  /** the commit being deployed (its first 12 characters name the backup) */
  sha: string;
  now: Date;
  /** required when spec.service is set (unless `container` is) */
  compose?: ComposeContext;
  /** id of the running container of spec.service: the tools run in it with `docker exec` (no compose file needed) */
  container?: string;
  /** secret from the runner; sent on stdin, never in argv or script text */
  password?: string;
  /** remote env file to read spec.password_env from (password_env_file, e.g. <deployPath>/shared/.env) */
  envFile?: string;
  /** backups retention must not delete (e.g. the one about to be restored, those a rollback needs) */
  protect?: ProtectedBackup[];
}

export interface RetentionResult {
  /** file names (in <deployPath>/backups) of this target's backups that stay */
  kept: string[];
  /** file names that were deleted (their sidecars were deleted with them) */
  deleted: string[];
  /** each considered backup with the reasons it was kept or deleted */
  decisions?: RetentionDecision[];
}

export interface BackupResult {
  /** absolute remote path of the verified backup */
  file: string;
  size: number;
  sha256: string;
  engine: BackupEngine;
  durationMs: number;
  /** what retention did after the backup; `error` when pruning failed (the backup itself is fine) */
  retention: RetentionResult & { error?: string };
}

/** The sidecar `<file>.json` written next to every verified backup. */
export interface BackupSidecar {
  engine: BackupEngine;
  database: string;
  sha256: string;
  size: number;
  createdAt: string;
  sha: string;
  target: string;
  verified: true;
}
