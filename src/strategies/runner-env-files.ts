/**
 * A build on the runner runs compose in a fresh export of the commit, where the env files the hosts
 * keep in shared/ (never committed: `.env` with the secrets) are absent, and compose refuses to load
 * a project whose env_file is missing ("env file … not found"), even for a service it does not
 * build. A build reads no env_file, so each absent one gets an empty stand-in inside the export;
 * the secrets stay on the hosts.
 */
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { ComposeModel } from '../plan/types.js';

/** The env_file entries (repo paths) of every service that `exists` says are absent, each once, sorted; paths outside the tree are left alone. */
export function absentEnvFiles(model: ComposeModel, exists: (repoPath: string) => boolean): string[] {
  const inside = (p: string): boolean => !p.startsWith('/') && p !== '..' && !p.startsWith('../');
  const all = Object.values(model.services).flatMap((s) => s.envFiles);
  return [...new Set(all)].filter((p) => inside(p) && !exists(p)).sort();
}

/** Whether a directory above repo path `p` in `dir` is a symbolic link (the commit's): a stand-in would land where it points. */
function linkAbove(dir: string, p: string): boolean {
  for (let d = posix.dirname(p); d !== '.' && d !== '/'; d = posix.dirname(d)) {
    try {
      if (lstatSync(join(dir, d)).isSymbolicLink()) return true;
    } catch {
      // missing: created below
    }
  }
  return false;
}

/**
 * Writes an empty stand-in for each absent env file in the exported tree `dir`; returns their repo
 * paths. A committed link to the host's file (dangling here) is replaced in the export; nothing is
 * written through a committed link to a directory (compose then names the file it lacks).
 */
export async function standInEnvFiles(dir: string, model: ComposeModel): Promise<string[]> {
  const absent = absentEnvFiles(model, (p) => existsSync(join(dir, p))).filter((p) => !linkAbove(dir, p));
  for (const p of absent) {
    await mkdir(dirname(join(dir, p)), { recursive: true });
    await rm(join(dir, p), { force: true });
    await writeFile(join(dir, p), '', { flag: 'wx' });
  }
  return absent;
}
