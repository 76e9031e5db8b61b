import type { ComposeModel } from './types.js';
import { parseComposeServices, type FileSources, type ServiceMap } from './document.js';
import { resolveExtends } from './extends.js';
import { conflict, includedServices } from './include.js';
import type { IncludeRef } from './include-refs.js';
import { mergeDefinitions } from './merge.js';
import { normalizePath } from './paths.js';
import { toComposeService } from './service.js';
import { parseDotEnv } from './dotenv.js';
import { resolvePassThrough } from './pass-through.js';
import { activeProfiles, byProfile } from './profiles.js';
import { untagged } from './values.js';

export interface ComposeFile {
  /** repo-relative POSIX path */
  path: string;
  content: string;
}

/**
 * Parses and merges compose files like `docker compose -f a -f b` (see merge.ts for the merge
 * rules), resolves `extends` and makes every path repo-relative. Pure: `extraFiles` (repo-relative
 * path → content) supplies the files named by `extends: {file: ...}` that are not among `files`.
 * Values are interpolated with the variables of `dotEnv` (the text of the project's `.env`, see
 * dotenv.ts; never this process's environment), also the `environment`/`build.args` entries
 * written without a value (pass-through.ts); expressions left
 * unresolved are listed in `model.unresolved`, the `extraFiles` read in `model.otherFiles`, the
 * services of profiles the `.env` does not enable (left out, see profiles.ts) in `model.inactive`. Throws a
 * UserError with the file name for invalid input (a MissingComposeFile when `extraFiles` lacks one).
 */
export function parseComposeModel(
  files: ComposeFile[],
  directory: string,
  extraFiles: Record<string, string> = {},
  dotEnv = '',
): ComposeModel {
  const dir = normalizePath(directory);
  const unresolved = new Set<string>();
  const vars = parseDotEnv(dotEnv, unresolved);
  const perFile = new Map<string, ServiceMap>();
  const fileSources: FileSources = new Map();
  let merged: ServiceMap = {};
  const includes: IncludeRef[] = [];
  for (const file of files) {
    const services = parseComposeServices(file.path, file.content, vars, unresolved, fileSources, includes);
    perFile.set(normalizePath(file.path), services);
    merged = mergeServiceMaps(merged, services);
  }
  const extended = new Set<string>();
  const readFile = (path: string): ServiceMap | undefined => {
    const known = perFile.get(path);
    if (known) return known;
    const content = extraFiles[path];
    if (content === undefined) return undefined;
    extended.add(path);
    return parseComposeServices(path, content, vars, unresolved);
  };
  const label = files.map((f) => f.path).join(' + ') || 'compose model';
  const envRead = new Set<string>();
  const context = { directory: dir, extraFiles, vars, unresolved, fileSources, readFile, read: extended, envRead };
  const included = includedServices(includes, context);
  for (const [name, def] of Object.entries(included.services)) {
    if (Object.hasOwn(merged, name)) throw conflict(name, included.origin[name] ?? '', label);
    merged[name] = def;
  }
  // every merge done: what is left of the `!reset`/`!override` tags is dropped
  const untaggedServices = untagged(resolveExtends(merged, label, dir, readFile)) as ServiceMap;
  const { enabled: resolved, inactive } = byProfile(untaggedServices, activeProfiles(vars));
  const model: ComposeModel = { services: {} };
  for (const name of Object.keys(resolved).sort()) {
    model.services[name] = toComposeService(name, resolvePassThrough(resolved[name] ?? {}, vars), dir, fileSources);
  }
  if (unresolved.size > 0) model.unresolved = [...unresolved].sort();
  if (extended.size > 0) model.otherFiles = [...extended].sort();
  if (envRead.size > 0) model.includeEnvFiles = [...envRead].sort();
  if (inactive.length > 0) model.inactive = inactive.sort();
  return model;
}

function mergeServiceMaps(base: ServiceMap, override: ServiceMap): ServiceMap {
  const out: ServiceMap = { ...base };
  for (const [name, def] of Object.entries(override)) {
    const previous = out[name];
    out[name] = previous ? mergeDefinitions(previous, def) : def;
  }
  return out;
}
