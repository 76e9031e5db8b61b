/**
 * A compose env_file the deploy cannot provide: not in the deployed commit (a gitignored .env) and
 * not a `shared` entry of the target. The release then lacks it and compose fails ("env file not
 * found") after the upload; the usual first-deploy surprise of a user who expected their local
 * .env to be uploaded.
 */
import type { ComposeModel } from './types.js';

export interface EnvFileTarget {
  name: string;
  shared: readonly string[];
  layout?: string;
}

const optional = (definition: Record<string, unknown>): boolean =>
  Array.isArray(definition.env_file) &&
  definition.env_file.some((e) => typeof e === 'object' && e !== null && (e as { required?: unknown }).required === false);

/** One warning per env file the release will lack, naming the services that read it and the fix. */
export function unsharedEnvFileWarnings(model: ComposeModel, tracked: readonly string[], target: EnvFileTarget): string[] {
  if (target.layout === 'in-place') return [];
  const provided = (f: string) => tracked.includes(f) || target.shared.some((e) => e === f || (e.endsWith('/') && f.startsWith(e)));
  const readers = new Map<string, string[]>();
  for (const s of Object.values(model.services)) {
    if (optional(s.definition)) continue;
    for (const f of s.envFiles)
      if (!f.startsWith('/') && !f.startsWith('../') && !provided(f)) readers.set(f, [...(readers.get(f) ?? []), s.name]);
  }
  return [...readers].map(
    ([f, services]) =>
      `env_file ${f} (${services.map((s) => `"${s}"`).join(', ')}) is neither in the commit nor in targets.${target.name}.shared: ` +
      `a deploy never uploads it and compose fails with "env file not found"; add "${f}" to shared and create <path>/shared/${f} on the host`,
  );
}
