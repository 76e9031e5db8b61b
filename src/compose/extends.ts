import { posix } from 'node:path';
import { UserError } from '../core/errors.js';
import type { ServiceMap } from './document.js';
import { mergeDefinitions } from './merge.js';
import { toRepoPath } from './paths.js';
import { rebaseDefinition } from './rebase.js';
import { isPlainMap, untagged, type PlainMap } from './values.js';

/** A set of services whose relative paths are relative to `dir`. */
interface Source {
  label: string;
  dir: string;
  services: ServiceMap;
}

/** A file of `extends: {file}` or `include` whose content was not given: the caller may read `path` and parse again. */
export class MissingComposeFile extends UserError {
  constructor(
    message: string,
    readonly path: string,
    /** a file compose reads only when it exists (an include's `.env`): absent, it counts as empty */
    readonly optional = false,
  ) {
    super(message);
  }
}

/** Parsed services of another compose file (repo-relative path), or undefined when unavailable. */
export type ComposeFileReader = (path: string) => ServiceMap | undefined;

/**
 * Resolves every `extends` of the merged services: the extended definition (itself resolved) is
 * merged under the local one with the same rules as `-f` files. `extends: name` and
 * `extends: {service: name}` refer to the merged model; `extends: {file, service}` reads another
 * file through `readFile` (paths relative to the extending file's directory), and its relative
 * paths are rebased. Throws a UserError for unknown services, unreadable files and cycles.
 */
export function resolveExtends(services: ServiceMap, label: string, directory: string, readFile: ComposeFileReader): ServiceMap {
  const main: Source = { label, dir: directory, services };
  const sources = new Map<string, Source>();
  const done = new Map<string, PlainMap>();

  const loadSource = (from: Source, file: string, who: string): Source => {
    const path = toRepoPath(from.dir, file);
    let source = sources.get(path);
    if (!source) {
      const loaded = readFile(path);
      if (!loaded)
        throw new MissingComposeFile(
          `${from.label}: service "${who}" extends a service of "${path}", whose content was not provided`,
          path,
        );
      source = { label: path, dir: posix.dirname(path), services: loaded };
      sources.set(path, source);
    }
    return source;
  };

  const resolve = (source: Source, name: string, stack: string[]): PlainMap => {
    const key = `${source.label}\0${name}`;
    const cached = done.get(key);
    if (cached) return cached;
    if (stack.includes(key))
      throw new UserError(`${source.label}: service "${name}" extends itself (cycle through ${stack.length} services)`);
    const def = source.services[name] as PlainMap;
    if (def.extends === undefined) return def;
    const ref = parseExtends(def.extends, source.label, name);
    const baseSource = ref.file === undefined ? source : loadSource(source, ref.file, name);
    if (!Object.hasOwn(baseSource.services, ref.service)) {
      throw new UserError(`${source.label}: service "${name}" extends "${ref.service}", which is not defined in ${baseSource.label}`);
    }
    const base = rebaseDefinition(untagged(resolve(baseSource, ref.service, [...stack, key])) as PlainMap, baseSource.dir, source.dir);
    const { extends: _ignored, ...local } = def;
    const merged = mergeDefinitions(base, local);
    done.set(key, merged);
    return merged;
  };

  const out: ServiceMap = {};
  for (const name of Object.keys(services)) out[name] = resolve(main, name, []);
  return out;
}

function parseExtends(value: unknown, label: string, name: string): { service: string; file?: string } {
  if (typeof value === 'string') return { service: value };
  if (isPlainMap(value) && typeof value.service === 'string') {
    if (value.file === undefined || value.file === null) return { service: value.service };
    if (typeof value.file === 'string') return { service: value.service, file: value.file };
  }
  throw new UserError(`${label}: service "${name}": "extends" must be a service name or {service, file?}`);
}
