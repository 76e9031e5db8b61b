/** The deploy state kept on the host in <path>/.deploy/state.json (pure model and transitions). */

export type ReleaseResult = 'success' | 'failed' | 'rolled-back';

export interface ImageRecord {
  /** image reference compose uses for the service (e.g. app_web or app-web) */
  name: string;
  /** immutable image id (sha256:...) */
  id: string;
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
  error?: string;
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

/** Parses state.json text defensively: a corrupt file is an error, never silently reset. */
export function parseState(text: string, target: string): DeployState {
  if (text.trim() === '') return emptyState(target);
  const data = JSON.parse(text) as DeployState;
  if (data.version !== 1 || !Array.isArray(data.releases)) throw new Error('state.json: unsupported format');
  return data;
}

/**
 * Release ids to delete: everything but the `keep` newest successful releases and the current one.
 * Failed releases cannot be rolled back to, so they never use up a place.
 */
export function releasesToPrune(state: DeployState, existing: string[], keep: number): string[] {
  const successful = state.releases.filter((r) => r.result === 'success').map((r) => r.id);
  const keepSet = new Set(successful.filter((id) => existing.includes(id)).slice(0, Math.max(keep, 1)));
  if (state.current) keepSet.add(state.current);
  const order = new Map(state.releases.map((r, i) => [r.id, i]));
  return existing.filter((id) => !keepSet.has(id)).sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
}

/**
 * File names of the pre-deploy backups that the newest `keep` successful releases pair with:
 * restore-db needs them, so backup retention must not delete them.
 */
export function referencedBackups(state: DeployState, keep: number): string[] {
  const files = state.releases
    .filter((r) => r.result === 'success')
    .slice(0, Math.max(keep, 1))
    .flatMap((r) => (r.backup ? [r.backup.file.split('/').pop()!] : []));
  return [...new Set(files)];
}
