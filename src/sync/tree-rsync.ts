/** The rsync of an exported tree to a target: the full upload (and every fallback of the diff upload). */
import type { Target } from '../config/schema.js';
import type { HostConnection } from '../transport/connect.js';
import { rsyncChmod } from '../transport/modes.js';
import { syncRules } from './protection.js';
import { buildRsyncArgs, type RsyncArgsOptions } from './rsync.js';
import { runRsync, type RsyncRunResult } from './run-rsync.js';

/** What only one kind of upload sets (link-dest, --delete, --checksum; in place the trash, the itemized changes, the dry run, a staged copy). */
export type UploadMode = Pick<RsyncArgsOptions, 'linkDest' | 'copyDest' | 'delete' | 'checksum' | 'backupDir' | 'itemize' | 'dryRun'>;

/**
 * rsync of `source` into `dest` on the target's host through the run's master: compressed, modes
 * from the target's umask, what syncRules protects left alone, times not kept (git archive stamps
 * every file with the commit time).
 */
export async function rsyncTree(
  conn: HostConnection,
  target: Target,
  source: string,
  dest: string,
  mode: UploadMode,
): Promise<RsyncRunResult> {
  const rules = syncRules(target);
  const args = buildRsyncArgs({
    source,
    dest,
    remote: conn.remote,
    sshArgs: conn.sshArgs,
    ...mode,
    times: false,
    compress: true,
    chmod: rsyncChmod(target.umask),
    protect: rules.protect,
    excludes: rules.excludes,
  });
  return runRsync(args, { ensureMaster: () => conn.ensureMaster() });
}
