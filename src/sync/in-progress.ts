/**
 * The record of a compose deploy that is changing the host: <path>/.deploy/in-progress.json,
 * written before the upload and removed once the release is recorded (in the record's round trip)
 * or the failed deploy was reverted. A run killed or cut off in between leaves it behind, and the next run repairs
 * what it left half done (repair.ts) before changing anything.
 */
import type { Plan } from '../plan/types.js';
import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';
import type { UploadFirst } from './upload-first.js';
import { atomicWriteScript, tempNextTo } from '../transport/remote-files.js';
import type { Layout } from './layout.js';
import { readCurrentScript } from './layout.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { shortSha } from '../core/text.js';

export interface InProgress {
  runId: string;
  /** the release being deployed */
  release: string;
  /** the release live when it started (state.json's current) */
  previous?: string;
  at: string;
  /** what the deploy's plan touches */
  build: string[];
  recreate: string[];
  restart: string[];
  remove: string[];
  /** services of the previous release's compose model (services only in `release` are removed on repair) */
  previousServices: string[];
}

export const inProgressPath = (deployPath: string): string => `${deployPath}/.deploy/in-progress.json`;

export function inProgressRecord(
  runId: string,
  release: string,
  previous: string | undefined,
  plan: Plan,
  previousServices: string[],
  at = new Date(),
): InProgress {
  const { build, recreate, restart, remove } = plan;
  return { runId, release, previous, at: at.toISOString(), build, recreate, restart, remove, previousServices };
}

/**
 * Script (pure): the in-progress record written atomically, its JSON in the script itself (the
 * upload's round trip it rides in has stdin of its own). The record holds no secret: a run id,
 * commits and service names.
 */
export function writeInProgressScript(deployPath: string, tmp: string, rec: InProgress): string {
  return atomicWriteScript(inProgressPath(deployPath), tmp, 'exit 1', `printf '%s\\n' ${q(JSON.stringify(rec))}`);
}

/** The record's write as the upload's `first` (upload-first.ts): written before anything the upload changes. */
export function inProgressWrite(deployPath: string, rec: InProgress): UploadFirst {
  const script = writeInProgressScript(deployPath, tempNextTo(inProgressPath(deployPath)), rec);
  return { script, what: `could not write the in-progress record ${inProgressPath(deployPath)}` };
}

/** Script (pure): removes the in-progress record (clearInProgress's command). */
export const clearInProgressScript = (deployPath: string): string => `rm -f ${q(inProgressPath(deployPath))}`;

export async function clearInProgress(exec: Executor, deployPath: string): Promise<void> {
  await exec.sh(clearInProgressScript(deployPath));
}

const SEPARATOR = '--- current ---';

/** One round trip: the in-progress record (if any), a separator line, then the release `current` points to. */
export function inspectHostScript(layout: Layout): string {
  return [`cat ${q(inProgressPath(layout.root))} 2>/dev/null`, `echo; echo ${q(SEPARATOR)}`, readCurrentScript(layout)].join('\n');
}

export interface HostInspection {
  /** null when none, or when it cannot be parsed (then `unreadable` holds its text) */
  inProgress: InProgress | null;
  unreadable?: string;
  /** release id `current` points to ('' without one) */
  link: string;
}

const LISTS = ['build', 'recreate', 'restart', 'remove', 'previousServices'] as const;
const isNames = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * A record the repair can trust: a release and every service list (a list missing, e.g.
 * previousServices, would make the repair take the live release's services for added ones and
 * remove them).
 */
function isInProgress(rec: InProgress): boolean {
  return typeof rec === 'object' && rec !== null && typeof rec.release === 'string' && LISTS.every((k) => isNames(rec[k]));
}

export function parseInspection(stdout: string): HostInspection {
  const at = stdout.lastIndexOf(`\n${SEPARATOR}\n`);
  if (at < 0) throw new Error(`unexpected host inspection output: ${JSON.stringify(stdout.slice(0, 80))}`);
  const text = stdout.slice(0, at).trim();
  const link = stdout.slice(at + SEPARATOR.length + 2).trim();
  if (!text) return { inProgress: null, link };
  try {
    const rec = JSON.parse(text) as InProgress;
    if (!isInProgress(rec)) throw new Error('not an in-progress record');
    return { inProgress: rec, link };
  } catch {
    return { inProgress: null, unreadable: text.slice(0, 200), link };
  }
}

export async function inspectHost(exec: Executor, layout: Layout): Promise<HostInspection> {
  return parseInspection((await exec.sh(inspectHostScript(layout))).stdout);
}

/** What needs repair, as one sentence (undefined: nothing). Pure. */
export function describeDamage(found: HostInspection, live: ReleaseRecord | undefined, releases: boolean): string | undefined {
  const rec = found.inProgress;
  const linkOff = releases && live !== undefined && found.link !== live.id;
  if (!rec && !linkOff && !found.unreadable) return undefined;
  const parts: string[] = [];
  if (rec)
    parts.push(
      `run ${rec.runId} (deploy of ${shortSha(rec.release)}${rec.previous ? ` over ${shortSha(rec.previous)}` : ''}, started ${rec.at}) did not finish`,
    );
  if (found.unreadable) parts.push('an unreadable in-progress record was left behind');
  if (linkOff)
    parts.push(
      `\`current\` points to ${found.link ? shortSha(found.link) : 'nothing'} while state.json records ${shortSha(live!.id)} as live`,
    );
  return parts.join('; ');
}
