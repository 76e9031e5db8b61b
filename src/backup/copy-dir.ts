/** The runner's directory of an off-site backup copy (offsite-copy.ts), and its removal (also by the Action's post step). */
import { rm } from 'node:fs/promises';
import path from 'node:path';

/** The prefix of a copy's directory: only such a directory is ever removed. */
export const COPY_DIR_PREFIX = 'gitops-backup-';

/** Removes a copy's directory (nothing else: the name must be one offsiteCopy makes); never throws. */
export async function removeCopyDir(dir: string): Promise<void> {
  if (path.basename(dir).startsWith(COPY_DIR_PREFIX)) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}
