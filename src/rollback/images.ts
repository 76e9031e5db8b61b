/** Puts the rollback target's images back: retag the retained image ids, rebuild only what is gone. */
import { buildServices, type ApplyContext } from '../apply/apply-plan.js';
import type { ComposeInvocation } from '../apply/compose-command.js';
import { phase, type Session } from '../session/session.js';
import { bringBackImages } from '../apply/retained-images.js';
import type { FirstScript } from '../apply/first-script.js';
import { UserError } from '../core/errors.js';
import type { Plan } from '../plan/types.js';
import type { ReleaseRecord } from '../record/state-model.js';
import { shortSha } from '../core/text.js';

/**
 * Points each service's image name back at the image id recorded for the target release (kept by
 * its `release-<sha>` tag). Services whose image is gone (or was never recorded) are rebuilt from
 * the release's files, with a warning. Returns the rebuilt services. `first` (the switch of
 * `current`) runs in the retag's round trip, in front of it.
 */
export async function restoreOrRebuild(
  s: Session,
  apply: ApplyContext,
  to: ReleaseRecord,
  services: readonly string[],
  build: { inv: ComposeInvocation; plan: Plan },
  first?: FirstScript,
): Promise<string[]> {
  const images = to.images ?? {};
  const recorded = services.filter((sv) => images[sv]);
  const unrecorded = services.filter((sv) => !images[sv]);
  const gone = await phase(s, 'Images', () => bringBackImages(apply, images, recorded, first));
  const missing = [...gone, ...unrecorded].sort();
  if (recorded.length > gone.length)
    s.reporter.info(`images of ${shortSha(to.id)} reused: ${recorded.filter((sv) => !gone.includes(sv)).join(', ')}`);
  if (missing.length === 0) return [];
  const why = `image of ${missing.join(', ')} for ${shortSha(to.id)} is no longer on the host`;
  // `build:` targets never build on a host
  if (apply.registry) throw new UserError(`${why} nor in the registry ${apply.registry.registry}: deploy that revision again instead`);
  s.reporter.warning(`${why}: rebuilding from that release's files`);
  s.report.warnings.push(`${why}: rebuilt from the release's files`);
  await phase(s, 'Build', () => buildServices(apply, build.inv, { ...build.plan, build: missing, noCache: [] }));
  return missing;
}
