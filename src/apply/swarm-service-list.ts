/** Pure: the stack's services as `status` shows them — tasks running of desired, image tag, and how they compare with the live release. */
import type { PausedService } from './swarm-paused.js';
import type { ImageRecord } from '../record/state-model.js';

export interface SwarmServiceRow {
  /** the swarm name (`<stack>_<service>`) */
  name: string;
  mode: string;
  running: number;
  desired: number;
  /** the spec's image (tag, no digest) */
  image: string;
  /** the live release's reference of this service; undefined when the release built none for it */
  release?: string;
  /** the swarm update was left paused (paused, rollback_paused) */
  paused?: string;
}

/** Reads `stackStatusArgs` output, with the live release's references (by service, without the `<stack>_` prefix) and the paused ones. */
export function serviceRows(
  out: string,
  stack: string,
  refs: Readonly<Record<string, string>>,
  paused: readonly PausedService[],
): SwarmServiceRow[] {
  // `1/2 (max 1 per node)`: the replicas column may carry a note in parentheses
  const LINE = /^(\S+) (\S+) (\d+)\/(\d+)(?: \([^)]*\))? (\S+)$/;
  return out
    .split('\n')
    .flatMap((l) => {
      const m = LINE.exec(l.trim());
      return m && m[1]!.startsWith(`${stack}_`) ? [m] : [];
    })
    .map(([, name, mode, running, desired, image]) => {
      const release = refs[name!.slice(stack.length + 1)];
      const pause = paused.find((p) => p.name === name)?.state;
      return {
        name: name!,
        mode: mode!,
        running: Number(running),
        desired: Number(desired),
        image: image!,
        ...(release ? { release } : {}),
        ...(pause ? { paused: pause } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What is off with a row: fewer tasks running than desired, an image that is not the live release's, a paused update. */
export function rowProblems(r: SwarmServiceRow): string[] {
  return [
    ...(r.running < r.desired ? [`${r.running} of ${r.desired} tasks running`] : []),
    ...(r.release && r.image !== r.release ? [`runs ${r.image}, the live release has ${r.release}`] : []),
    ...(r.paused ? [`swarm update ${r.paused}`] : []),
  ];
}

/** The rows as a markdown table, then one warning line per service that is off. */
export function formatServiceRows(rows: readonly SwarmServiceRow[]): string[] {
  if (rows.length === 0) return ['', 'swarm: the stack has no service on the swarm'];
  const lines = ['', '| service | mode | tasks | image | live release |', '|---|---|---:|---|---|'];
  for (const r of rows) {
    const live = !r.release ? '-' : r.image === r.release ? 'yes' : 'NO';
    lines.push(`| ${r.name} | ${r.mode} | ${r.running}/${r.desired} | ${r.image} | ${live} |`);
  }
  for (const r of rows) {
    const problems = rowProblems(r);
    if (problems.length > 0) lines.push(`WARNING: ${r.name}: ${problems.join('; ')}`);
  }
  return lines;
}

/** A release's references as its record keeps them. */
export const refsOf = (images?: Readonly<Record<string, ImageRecord>>): Record<string, string> =>
  Object.fromEntries(Object.entries(images ?? {}).flatMap(([sv, im]) => (im.ref ? [[sv, im.ref]] : [])));
