/** The deploy state kept on the host in <path>/.deploy/state.json (pure model and transitions). */
import { stateProblems, type ImagesExpect } from './state-check.js';

export type ReleaseResult = 'success' | 'failed' | 'rolled-back';

export interface ImageRecord {
  /** image reference compose uses for the service (e.g. app_web or app-web) */
  name: string;
  /** immutable image id (sha256:...) */
  id: string;
  /** `build:` targets: the registry reference this image was pushed as (rollbacks pull it) */
  ref?: string;
}

/** A swarm secret as a successful run left it: swarm's ID for it, the sha256 of the content it holds. */
export interface SecretRecord {
  id: string;
  sha256: string;
}

export interface ReleaseRecord {
  id: string;
  sha: string;
  at: string;
  result: ReleaseResult;
  actor: string;
  runUrl?: string;
  previous?: string;
  /** backup taken just before this release was deployed */
  backup?: { file: string; sha256: string; size: number };
  /** images of buildable services running in this release, for rollbacks without rebuild */
  images?: Record<string, ImageRecord>;
  /**
   * swarm targets: each secret the release's services use, by swarm name: the ID swarm holds it
   * under and the sha256 of its file (swarm never shows a secret's content; a later run compares it)
   */
  secrets?: Record<string, SecretRecord>;
  /** the compose the host ran for this release (compose targets): command and `version --short` */
  compose?: ComposeRecord;
  error?: string;
}

export interface ComposeRecord {
  /** "docker compose" or "docker-compose" */
  command: string;
  /** e.g. "2.26.1" */
  version: string;
}

export interface DeployState {
  version: 1;
  target: string;
  /** release id that `current` points to */
  current?: string;
  /** when `current` last became that release, and how (a rollback makes an old release current again) */
  currentSince?: CurrentSince;
  /** newest first */
  releases: ReleaseRecord[];
}

export interface CurrentSince {
  at: string;
  via: 'deploy' | 'rollback';
}

export function emptyState(target: string): DeployState {
  return { version: 1, target, releases: [] };
}

export function currentRelease(state: DeployState): ReleaseRecord | undefined {
  return state.releases.find((r) => r.id === state.current);
}

/** Records a release outcome (replacing an older record of the same id) and moves `current` on success. */
export function recordRelease(state: DeployState, release: ReleaseRecord): DeployState {
  const releases = [release, ...state.releases.filter((r) => r.id !== release.id)];
  if (release.result !== 'success') return { ...state, releases };
  return { ...state, current: release.id, currentSince: { at: release.at, via: 'deploy' }, releases };
}

/**
 * Parses state.json text defensively: a corrupt file is an error, never silently reset. `null`: there
 * is no state.json (nothing deployed yet); an empty one is an error (a truncated file is not a
 * first deploy). Release ids and shas must be commit shas before any of them names a path, and
 * recorded images the target's (`expect`) before any of them is pulled or tagged.
 */
export function parseState(text: string | null, target: string, expect: ImagesExpect = {}): DeployState {
  if (text === null) return emptyState(target);
  if (text.trim() === '') throw new Error('state.json is empty (truncated?)');
  const data = JSON.parse(text) as DeployState;
  if (typeof data !== 'object' || data === null || data.version !== 1 || !Array.isArray(data.releases))
    throw new Error('state.json: unsupported format');
  const problems = stateProblems(data, expect);
  if (problems.length > 0) throw new Error(`state.json: ${problems.join('; ')}`);
  return data;
}

/**
 * A release went live successfully: it was deployed and passed its checks ("success"), including
 * one that was later rolled back from ("rolled-back"). A failed deploy never counts, even one that
 * was reverted after a failed health check.
 */
export const wentLive = (r: ReleaseRecord): boolean => r.result === 'success' || r.result === 'rolled-back';

/** Releases a rollback may go to, newest first: they went live and are not the current one. */
export function rollbackChoices(state: DeployState): ReleaseRecord[] {
  return state.releases.filter((r) => wentLive(r) && r.id !== state.current);
}

/** The release `rollback previous` goes to: the recorded predecessor when valid, else the newest valid older one. */
export function predecessorOf(state: DeployState, current: ReleaseRecord): ReleaseRecord | undefined {
  const choices = rollbackChoices(state);
  return choices.find((r) => r.id === current.previous) ?? choices.find((r) => Date.parse(r.at) < Date.parse(current.at));
}

/**
 * The release whose pre-deploy backup holds the data of `target` as seen from `current`: walking
 * `previous` links from `current`, the one deployed right after `target` (undefined when `target`
 * is not an earlier release of `current`).
 */
export function releaseAfter(state: DeployState, current: ReleaseRecord, target: ReleaseRecord): ReleaseRecord | undefined {
  const byId = new Map(state.releases.map((r) => [r.id, r]));
  const seen = new Set<string>();
  let r: ReleaseRecord | undefined = current;
  while (r && r.previous !== target.id && !seen.has(r.id)) {
    seen.add(r.id);
    r = r.previous ? byId.get(r.previous) : undefined;
  }
  return r?.previous === target.id ? r : undefined;
}
