/**
 * The release a plan over several hosts starts from: the one they all run, or, when they disagree,
 * the oldest (by deploy time; a host with nothing deployed makes it a first deploy). Never a guess.
 */
import { shortSha } from '../core/text.js';
import { currentRelease, type DeployState, type ReleaseRecord } from './state-model.js';

export interface HostState {
  host: string;
  state: DeployState;
}

export interface PlanBase {
  /** the release to plan from; null: nothing deployed (a first deploy) */
  deployed: ReleaseRecord | null;
  /** set when the hosts disagree: what each runs and what the plan starts from */
  disagreement?: string;
}

export function planBase(hosts: HostState[]): PlanBase {
  const live = hosts.map((h) => ({ host: h.host, release: currentRelease(h.state) }));
  const ids = new Set(live.map((l) => l.release?.id ?? ''));
  if (ids.size <= 1) return { deployed: live[0]?.release ?? null };
  const each = live.map((l) => `${l.host} runs ${l.release ? shortSha(l.release.id) : 'nothing'}`).join(', ');
  const empty = live.find((l) => !l.release);
  if (empty) return { deployed: null, disagreement: `the hosts disagree on the deployed release (${each}): planning a first deploy` };
  const oldest = live.map((l) => l.release!).reduce((a, b) => (b.at < a.at ? b : a));
  return {
    deployed: oldest,
    disagreement: `the hosts disagree on the deployed release (${each}): planning from the oldest, ${shortSha(oldest.id)} (deployed ${oldest.at})`,
  };
}
