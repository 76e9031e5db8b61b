/**
 * One frontend build per deploy, however many hosts it rolls over: the first host that needs it
 * builds it (in its own "Frontend build" phase), the other hosts sync the same files, so every host
 * behind the load balancer serves the same bundle (a build need not be reproducible: hashed asset
 * names, build stamps) and the build runs once. The strategy's `publish` opens the slot of a plan;
 * what it returns drops the build when the whole run has ended.
 */
import type { Planned } from '../types.js';
import type { BuiltFrontend } from './frontend.js';

const slots = new WeakMap<Planned, { built?: Promise<BuiltFrontend> }>();

/** Opens the build slot of `planned`; the returned function closes it and removes the build (if any was made). */
export function openFrontendSlot(planned: Planned): () => Promise<void> {
  const slot: { built?: Promise<BuiltFrontend> } = {};
  slots.set(planned, slot);
  return async () => {
    slots.delete(planned);
    const built = await slot.built?.catch(() => undefined);
    await built?.cleanup();
  };
}

export interface FrontendOnce {
  built: Promise<BuiltFrontend>;
  /** an earlier host of this run made it */
  reused: boolean;
  /** the caller removes it when done (no slot open: a run outside publish) */
  owned: boolean;
}

/** The frontend of `planned`: `make` runs for the first host that asks (synchronously claimed, so hosts of one batch share it). */
export function frontendOnce(planned: Planned, make: () => Promise<BuiltFrontend>): FrontendOnce {
  const slot = slots.get(planned);
  if (!slot) return { built: make(), reused: false, owned: true };
  if (slot.built) return { built: slot.built, reused: true, owned: false };
  slot.built = make();
  return { built: slot.built, reused: false, owned: false };
}
