import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Creates a fresh directory under os.tmpdir() and makes it 0755: mkdtemp's 0700 would stop
 * www-data / Passenger's app user (and sshd's StrictModes-less users) from traversing it.
 */
export async function makeTempDir(prefix: string): Promise<string> {
  const safe = prefix.replace(/[^A-Za-z0-9._-]/g, '-');
  const dir = await mkdtemp(path.join(os.tmpdir(), `${safe}-`));
  await chmod(dir, 0o755);
  return dir;
}

/** Removes a tree (files, dirs, symlinks — never following them); a missing path is fine. */
export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
