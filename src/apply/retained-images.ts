/** Puts recorded images back under their names: pulled from the registry when they were pushed (`build:`), else retagged by id. */
import { restoreImages } from './images.js';
import type { ApplyContext } from './apply-plan.js';
import type { ImageRecord } from '../record/state-model.js';
import { pullImages } from './registry.js';
import type { FirstScript } from './first-script.js';

/**
 * With a registry, the services whose recorded image has a reference are pulled (their retained
 * tag) and named as compose expects; if the pull fails, the image id still on the host is used
 * (with a warning). Returns the services whose image could not be brought back. `first`: sent in
 * front of the retag's round trip (restoreImages). `replaced` (an undo's): gets the ids the retagged
 * names pointed at before (restoreImages).
 */
export async function bringBackImages(
  ctx: ApplyContext,
  images: Record<string, ImageRecord>,
  services: readonly string[],
  first?: FirstScript,
  replaced?: string[],
): Promise<string[]> {
  const pushed = ctx.registry ? services.filter((sv) => images[sv]?.ref) : [];
  let pulled: string[] = [];
  if (pushed.length > 0) {
    const pairs = pushed.map((sv) => ({ name: images[sv]!.name, ref: images[sv]!.ref! }));
    ctx.reporter.info(`pull ${pairs.map((p) => p.ref).join(' ')}`);
    pulled = await pullImages(ctx.exec, ctx.registry!, pairs).then(
      () => pushed,
      (e: Error) => (ctx.reporter.warning(`${e.message}\nusing the image ids still on the host`), []),
    );
  }
  return restoreImages(
    ctx.exec,
    images,
    services.filter((sv) => !pulled.includes(sv)),
    first,
    replaced,
  );
}
