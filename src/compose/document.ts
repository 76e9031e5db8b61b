import { parseDocument } from 'yaml';
import { UserError } from '../core/errors.js';
import { NAME_PATTERN } from '../core/text.js';
import { isPlainMap, type PlainMap } from './values.js';
import { normalizeService } from './normalize.js';
import { interpolateTree, type Variables } from './interpolate.js';
import { parseInclude, type IncludeRef } from './include-refs.js';
import { readComposeTags } from './yaml-tags.js';

/** The services of one compose file, each normalized (see normalize.ts). */
export type ServiceMap = Record<string, PlainMap>;

/**
 * Parses one compose file: YAML 1.2 with `<<` merge keys; anchors/aliases resolve natively; the
 * `!reset`/`!override` tags are kept as Tagged values for the merges (yaml-tags.ts). The
 * services' values are interpolated with `vars` (interpolate.ts), per file before any merge as
 * compose does; what cannot be resolved stays raw and is added to `unresolved`. With `fileSources`,
 * the top-level `configs`/`secrets` that have a `file:` are added to it (a later file wins, as in a
 * merge); with `includes`, the entries of a top-level `include` (include.ts) are added to it.
 * Throws a UserError naming the file (and line) for invalid YAML, a malformed `services` section,
 * or an `include` where none is expected.
 */
export function parseComposeServices(
  path: string,
  content: string,
  vars: Variables = {},
  unresolved = new Set<string>(),
  fileSources?: FileSources,
  includes?: IncludeRef[],
): ServiceMap {
  const doc = parseDocument(content, { merge: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new UserError(`${path}: invalid YAML: ${error.message}`, { file: path, line });
  }
  readComposeTags(doc);
  const root: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (root === null || root === undefined) return {};
  if (!isPlainMap(root)) throw new UserError(`${path}: a compose file must be a mapping at the top level`, { file: path });
  if (root.include !== undefined) {
    if (!includes) throw includeUnsupported(path);
    includes.push(...parseInclude(path, interpolateTree(root.include, vars, unresolved)));
  }
  if (fileSources)
    collectFileSources(interpolateTree({ configs: root.configs, secrets: root.secrets }, vars, unresolved), vars, fileSources);
  const services = interpolateTree(root.services, vars, unresolved);
  if (services === undefined || services === null) return {};
  if (!isPlainMap(services)) throw new UserError(`${path}: "services" must be a mapping of service names to definitions`, { file: path });
  const out: ServiceMap = {};
  for (const [name, def] of Object.entries(services)) {
    checkServiceName(path, name);
    if (!isPlainMap(def)) {
      throw new UserError(`${path}: service "${name}" must be a mapping, got ${describe(def)}`, { file: path });
    }
    out[name] = normalizeService(def);
  }
  return out;
}

/**
 * Why a compose service name cannot be deployed, or undefined: a deploy passes service names to
 * compose as arguments (build, up, restart), so a name compose accepts but a deploy could not pass
 * (leading "-" or ".", a space) is refused while planning, before the host is touched.
 */
export function serviceNameProblem(name: string): string | undefined {
  if (NAME_PATTERN.test(name)) return undefined;
  return `service name ${JSON.stringify(name)} cannot be deployed (expected a name matching ${NAME_PATTERN.source})`;
}

/**
 * What a top-level config/secret gives a service: a `file:` as written (relative to the project
 * directory) with its `name:` when set (the name swarm gives the object), or what compose copies into the container when it creates it (`content:`, or the
 * value of the `environment:` variable it names), which compose's config hash leaves out.
 */
export type TopLevelSource = { file: string; name?: string } | { inline: unknown };

/** "configs.<name>" / "secrets.<name>" → its source. */
export type FileSources = Map<string, TopLevelSource>;

function collectFileSources(top: unknown, vars: Variables, out: FileSources): void {
  if (!isPlainMap(top)) return;
  for (const kind of ['configs', 'secrets'] as const) {
    const section = top[kind];
    if (!isPlainMap(section)) continue;
    for (const [name, def] of Object.entries(section)) {
      if (!isPlainMap(def)) continue;
      if (typeof def.file === 'string' && def.file !== '')
        out.set(`${kind}.${name}`, { file: def.file, ...(typeof def.name === 'string' && def.name !== '' ? { name: def.name } : {}) });
      else if (def.content !== undefined) out.set(`${kind}.${name}`, { inline: { content: def.content } });
      else if (typeof def.environment === 'string')
        out.set(`${kind}.${name}`, { inline: { environment: Object.hasOwn(vars, def.environment) ? vars[def.environment] : null } });
    }
  }
}

function includeUnsupported(path: string): UserError {
  return new UserError(`${path}: "include" is not supported in a file read for "extends"`, { file: path });
}

function checkServiceName(path: string, name: string): void {
  const problem = serviceNameProblem(name);
  if (problem) throw new UserError(`${path}: ${problem}`, { file: path });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  return `a ${typeof value}`;
}
