import { builtImageKeys, imageKey } from '../compose/image-name.js';
import type { ComposeModel } from './types.js';

export interface ImageUser {
  /** a service without `build` that runs the image */
  service: string;
  /** the built service whose image it runs */
  builder: string;
  image: string;
}

/**
 * The services without a build section whose `image:` is the image a built service produces
 * (`build:` + `image: app` on one, `image: app` on the other): `up` of the built service alone
 * leaves them on the old image, so they must be recreated too. An unnamed built image counts by the
 * name compose gives it (`project`: builtImageKeys).
 */
export function imageUsers(model: ComposeModel, built: Iterable<string>, project?: string): ImageUser[] {
  const builders = new Map<string, string>();
  for (const name of built) {
    const service = model.services[name];
    for (const key of service ? builtImageKeys(service, project) : []) if (!builders.has(key)) builders.set(key, name);
  }
  if (builders.size === 0) return [];
  return Object.values(model.services).flatMap((s) => {
    const key = s.build ? undefined : imageKey(s.definition.image);
    const builder = key === undefined ? undefined : builders.get(key);
    return builder === undefined ? [] : [{ service: s.name, builder, image: String(s.definition.image) }];
  });
}

/**
 * The services built on the image of a built one (`additional_contexts: {x: "service:base"}`, or a
 * Dockerfile `FROM` its image: `build.fromServices`, see compose/base-images.ts), and
 * transitively on theirs: their image changes with it. `builder` is the built service it uses.
 */
export function imageDependents(model: ComposeModel, built: Iterable<string>): { service: string; builder: string }[] {
  const done = new Set(built);
  const out: { service: string; builder: string }[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const s of Object.values(model.services)) {
      const builder = s.build?.fromServices?.find((name) => done.has(name));
      if (builder === undefined || done.has(s.name)) continue;
      done.add(s.name);
      out.push({ service: s.name, builder });
      grew = true;
    }
  }
  return out;
}
