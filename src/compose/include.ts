/** Top-level `include` (compose 2.20+): the services of other compose files, added to the model. */
import { UserError } from '../core/errors.js';
import { parseComposeServices, type FileSources, type ServiceMap } from './document.js';
import { MissingComposeFile, resolveExtends, type ComposeFileReader } from './extends.js';
import type { Variables } from './interpolate.js';
import { composeDotEnvPath, parseDotEnv } from './dotenv.js';
import { rebasePath } from './paths.js';
import type { IncludeRef } from './include-refs.js';
import { rebaseDefinition } from './rebase.js';
import { untagged, type PlainMap } from './values.js';

export interface IncludeContext {
  directory: string;
  extraFiles: Record<string, string>;
  vars: Variables;
  unresolved: Set<string>;
  fileSources: FileSources;
  readFile: ComposeFileReader;
  /** the included files read (added to) */
  read: Set<string>;
  /** the env files read for their interpolation (added to) */
  envRead: Set<string>;
}

/**
 * The variables an included file is interpolated with: those of its env files (includeRefs'
 * `envFiles`; a missing one is empty, as compose skips an absent `.env`), under the project's own
 * (compose: the project's `.env` wins). A MissingComposeFile (optional) for one `extraFiles` lacks.
 */
function includeVars(ref: IncludeRef, ctx: IncludeContext): Variables {
  const vars: Record<string, string> = {};
  // the project's own `.env` (an included file in the compose directory): its variables are ctx.vars
  for (const path of ref.envFiles.filter((p) => p !== composeDotEnvPath(ctx.directory))) {
    const content = ctx.extraFiles[path];
    if (content === undefined)
      throw new MissingComposeFile(`${ref.from}: includes "${ref.path}" with the variables of "${path}"`, path, true);
    ctx.envRead.add(path);
    Object.assign(vars, parseDotEnv(content, ctx.unresolved));
  }
  return { ...vars, ...ctx.vars };
}

/**
 * The services of the included files (nested includes too), `extends` resolved in each file and
 * every relative path rebased onto `directory`; their configs/secrets files join `fileSources`.
 * `origin` names the file of each service. Interpolated with includeVars. A MissingComposeFile for a
 * file `extraFiles` lacks.
 */
export function includedServices(refs: IncludeRef[], ctx: IncludeContext): { services: ServiceMap; origin: Record<string, string> } {
  const services: ServiceMap = {};
  const origin: Record<string, string> = {};
  const queue = [...refs];
  for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) {
    if (ctx.read.has(ref.path)) continue;
    const content = ctx.extraFiles[ref.path];
    if (content === undefined)
      throw new MissingComposeFile(`${ref.from}: includes "${ref.path}", whose content was not provided`, ref.path);
    ctx.read.add(ref.path);
    const local: FileSources = new Map();
    const nested: IncludeRef[] = [];
    const own = parseComposeServices(ref.path, content, includeVars(ref, ctx), ctx.unresolved, local, nested);
    queue.push(...nested);
    for (const [key, source] of local)
      if (!ctx.fileSources.has(key))
        ctx.fileSources.set(key, 'file' in source ? { file: rebasePath(source.file, ref.projectDir, ctx.directory) } : source);
    const resolved = resolveExtends(own, ref.path, ref.projectDir, ctx.readFile);
    for (const [name, def] of Object.entries(resolved)) {
      if (Object.hasOwn(services, name)) throw conflict(name, ref.path, origin[name] ?? '');
      services[name] = rebaseDefinition(untagged(def) as PlainMap, ref.projectDir, ctx.directory);
      origin[name] = ref.path;
    }
  }
  return { services, origin };
}

/** Compose refuses a service defined twice across includes ("conflicts with imported resource"). */
export function conflict(name: string, included: string, by: string): UserError {
  return new UserError(`${by}: service "${name}" is also defined in ${included}, which ${by} includes (compose refuses this)`, {
    file: by,
  });
}
