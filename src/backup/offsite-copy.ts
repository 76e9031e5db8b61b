/** Off-site copy of a backup: download to the runner (streamed, checked), upload as a workflow artifact. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { uploadArtifact, type UploadedArtifact } from '../github/artifact.js';
import { downloadFile } from './download.js';
import { phase, type Session } from '../session/session.js';
import { onInterrupt } from '../core/interrupt.js';
import { COPY_DIR_PREFIX, removeCopyDir } from './copy-dir.js';

/**
 * `backup.file` on the host (its hold, see hold.ts), uploaded under `name` (default: the file's).
 * The runner's copy (the database, 0600) is removed when the copy ends, when the run is interrupted
 * (SIGINT/SIGTERM), and by the Action's post step when the main step was killed outright.
 */
export async function offsiteCopy(s: Session, backup: { file: string; sha256: string; name?: string }): Promise<UploadedArtifact> {
  const dir = await mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), COPY_DIR_PREFIX));
  s.reporter.persist('backupCopy', dir);
  const forget = onInterrupt(() => removeCopyDir(dir));
  try {
    const local = path.join(dir, backup.name ?? path.posix.basename(backup.file));
    const got = await phase(s, 'Download backup', () => downloadFile(s.conn, backup.file, local, backup.sha256));
    s.reporter.info(`downloaded ${got.size} bytes, sha256 ${got.sha256} (matches the host's)`);
    const uploaded = await phase(s, 'Upload artifact', () => uploadArtifact(local, { retentionDays: s.settings.artifactRetentionDays }));
    const line = `off-site copy: artifact ${uploaded.name}${uploaded.id ? ` (id ${uploaded.id})` : ''}, ${got.size} bytes${s.settings.artifactRetentionDays ? `, kept ${s.settings.artifactRetentionDays} days` : ''}`;
    s.reporter.info(line);
    s.report.notes.push(line);
    return uploaded;
  } finally {
    await removeCopyDir(dir);
    forget();
    s.reporter.persist('backupCopy', '');
  }
}
