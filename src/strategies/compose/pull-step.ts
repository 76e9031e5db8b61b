/** `build:` on a host: the planned services' images are pulled (never built), and the release records where each came from. */
import { pullImages } from '../../apply/registry.js';
import { registryRef } from '../../apply/registry-scripts.js';
import type { ImageRecord } from '../../record/state-model.js';
import { imagePairs } from '../publish.js';
import type { ComposeRun } from './run.js';

/** Pulls `release-<sha12>` of each planned service and names it as compose expects (then `up --no-build`). */
export async function pullPlanned(d: ComposeRun): Promise<void> {
  const reg = d.apply.registry!;
  const pairs = imagePairs(reg, d.apply.model, d.inv, d.plan.build, d.sha);
  if (pairs.length === 0) return;
  d.s.reporter.info(`pull ${pairs.map((p) => p.ref).join(' ')}`);
  await pullImages(d.s.conn.exec, reg, pairs);
}

/** Each image's registry reference: this release's tag for the services it built, else the previous release's (unchanged image). */
export function withRefs(d: ComposeRun, images: Record<string, ImageRecord>): Record<string, ImageRecord> {
  const reg = d.apply.registry!;
  const refOf = (sv: string): string | undefined =>
    d.plan.build.includes(sv) ? registryRef(reg, sv, d.sha) : d.previous?.images?.[sv]?.ref;
  return Object.fromEntries(Object.entries(images).map(([sv, image]) => [sv, { ...image, ...(refOf(sv) ? { ref: refOf(sv) } : {}) }]));
}

/** Dry-run lines of `build:`: where the build runs, what is pushed, and that hosts pull. */
export function describePull(d: ComposeRun): string[] {
  const reg = d.apply.registry;
  if (!reg || d.plan.build.length === 0) return [];
  const where = d.target.build?.on === 'host' ? 'once on the primary' : 'once on the runner';
  const refs = d.plan.build.map((sv) => registryRef(reg, sv, d.sha)).join(' ');
  return [
    `  (build: the build above runs ${where}, pushed as ${refs}; each host pulls them instead: docker login --password-stdin, docker pull, docker logout)`,
  ];
}
