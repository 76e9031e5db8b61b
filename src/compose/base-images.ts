import { dockerfileImages } from './dockerfile-from.js';
import { builtImageKeys, imageKey } from './image-name.js';
import { isRemoteContext } from './paths.js';
import type { ComposeModel, ComposeService } from './types.js';
import { isPlainMap } from './values.js';

/** The inline Dockerfile of a service (`build.dockerfile_inline`), if it has one. */
function inlineDockerfile(service: ComposeService): string | undefined {
  const build = service.definition.build;
  return isPlainMap(build) && typeof build.dockerfile_inline === 'string' ? build.dockerfile_inline : undefined;
}

/** The images of `build.additional_contexts` entries `docker-image://<image>`. */
function contextImages(build: unknown): string[] {
  const contexts = isPlainMap(build) ? build.additional_contexts : undefined;
  if (!isPlainMap(contexts)) return [];
  const prefix = 'docker-image://';
  return Object.values(contexts).flatMap((v) => (typeof v === 'string' && v.startsWith(prefix) ? [v.slice(prefix.length)] : []));
}

/** Repo-relative Dockerfiles the built services of `model` read from the repository (not inline, not remote). */
export function dockerfilePaths(model: ComposeModel): string[] {
  const paths = Object.values(model.services).flatMap((s) =>
    s.build && inlineDockerfile(s) === undefined && !isRemoteContext(s.build.context) ? [s.build.dockerfile] : [],
  );
  return [...new Set(paths)].sort();
}

/**
 * The model with, for each built service, the services whose image (`build` + `image:`) its
 * Dockerfile builds on (`FROM`, `COPY --from`, `RUN --mount=from=`, see dockerfile-from.ts; ARGs
 * from its `build.args`) or an `additional_contexts` entry `docker-image://<image>` names, added to `build.fromServices`: a new image of one needs a new build of the
 * other, after it (an unnamed image by the name compose gives it: builtImageKeys). `dockerfiles`:
 * repo-relative path → content (a missing one names nothing).
 */
export function linkBaseImages(model: ComposeModel, dockerfiles: Readonly<Record<string, string>>, project?: string): ComposeModel {
  const builders = new Map<string, string[]>();
  for (const s of Object.values(model.services)) {
    for (const key of s.build ? builtImageKeys(s, project) : []) builders.set(key, [...(builders.get(key) ?? []), s.name]);
  }
  if (builders.size === 0) return model;
  const services: ComposeModel['services'] = {};
  for (const [name, s] of Object.entries(model.services)) {
    const text = s.build ? (inlineDockerfile(s) ?? dockerfiles[s.build.dockerfile]) : undefined;
    const args = isPlainMap(s.definition.build) && isPlainMap(s.definition.build.args) ? s.definition.build.args : {};
    const images = [...(text === undefined ? [] : dockerfileImages(text, args)), ...contextImages(s.definition.build)];
    const bases = images.flatMap((image) => builders.get(imageKey(image) ?? '') ?? []);
    const from = [...new Set([...(s.build?.fromServices ?? []), ...bases.filter((b) => b !== name)])].sort();
    services[name] = s.build && from.length > 0 ? { ...s, build: { ...s.build, fromServices: from } } : s;
  }
  return { ...model, services };
}
