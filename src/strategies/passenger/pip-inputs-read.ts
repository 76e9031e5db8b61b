/**
 * The changed files pip reads besides the requirements file, read from git at both commits of a
 * plan (pip-inputs.ts): what it includes (followed to any depth) and the local find-links
 * directories. Runner-side only; nothing on the host.
 */
import { posix } from 'node:path';
import type { PassengerTarget } from '../../config/schema.js';
import { readBlobs } from '../../git/blobs.js';
import type { Plan } from '../../plan/types.js';
import { changedInputs, pipArgsFindLinks, repoPath, requirementRefs } from './pip-inputs.js';
import { requirementsPath } from './tasks.js';

const defined = (p: string | undefined): p is string => p !== undefined;

/** Every file or directory pip may read, at either commit (the requirements file itself left out). */
async function pipInputs(repo: string, shas: string[], target: PassengerTarget): Promise<string[]> {
  const root = requirementsPath(target);
  const inputs = new Set(
    pipArgsFindLinks(target.pip_args ?? [])
      .map((n) => repoPath(target.app_root, n))
      .filter(defined),
  );
  const seen = new Set([root]);
  for (let level = [root]; level.length > 0;) {
    const texts = await readBlobs(
      repo,
      level.flatMap((path) => shas.map((sha) => ({ sha, path }))),
    );
    const next: string[] = [];
    texts.forEach((text, i) => {
      const dir = posix.dirname(level[Math.floor(i / shas.length)]!);
      const refs = requirementRefs(text ?? '');
      for (const p of refs.includes.map((n) => repoPath(dir, n)).filter(defined)) {
        inputs.add(p);
        if (!seen.has(p)) next.push(p);
        seen.add(p);
      }
      // pip reads a relative find-links of a requirements file from its directory, else from the working directory
      for (const base of [dir, target.app_root])
        refs.findLinks
          .map((n) => repoPath(base, n))
          .filter(defined)
          .forEach((p) => inputs.add(p));
    });
    level = next;
  }
  inputs.delete(root);
  return [...inputs];
}

/** The plan's changed files that pip reads besides the requirements file (none on a first deploy). */
export async function changedPipInputs(repo: string, plan: Plan, target: PassengerTarget): Promise<string[]> {
  if (plan.from === null || plan.changedFiles.length === 0) return [];
  return changedInputs(plan.changedFiles, await pipInputs(repo, [plan.from, plan.to], target));
}
