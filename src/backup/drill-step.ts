/** The restore drill as a phase of a run: restore into a scratch database, smoke query, drop. */
import path from 'node:path';
import { runDrill, type DrillResult } from './run-drill.js';
import type { ComposeContext } from './types.js';
import { phase, type Session } from '../session/session.js';
import { backupContext, requireBackupSpec } from './database.js';
import { refuseSwarmRestore } from './swarm-backup.js';

/** Drills `file` (absolute remote path; `name`: the backup's, when `file` is its hold); throws (failing the run) when the drill does not pass. */
export async function drillStep(
  s: Session,
  file: string,
  sha: string,
  compose?: ComposeContext,
  name = path.posix.basename(file),
): Promise<DrillResult> {
  const spec = requireBackupSpec(s, 'the restore drill');
  refuseSwarmRestore(s, 'the restore drill');
  const result = await phase(s, 'Restore drill', () =>
    runDrill(s.conn.exec, spec, backupContext(s, sha, compose), file, { query: spec.drill_query }).catch((e: Error) => {
      throw new Error(`restore drill FAILED for ${name}: ${e.message.replace(/^backup failed: /, '')}`);
    }),
  );
  const line = `restore drill passed: ${name} restored into scratch ${result.scratch} in ${(result.durationMs / 1000).toFixed(1)} s; smoke query returned ${result.value} (${result.query}); scratch dropped`;
  s.reporter.info(line);
  s.report.notes.push(line);
  return result;
}
