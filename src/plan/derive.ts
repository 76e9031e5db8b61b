import {
  compileDockerignore,
  contextDockerignorePath,
  dockerfileDockerignorePath,
  effectiveDockerignore,
  pathInContext,
  type IgnorePredicate,
} from './dockerignore.js';
import type { Action, ComposeModel } from './types.js';
import { resolveSymlinks } from './symlinks.js';

export interface Derived {
  service: string;
  action: Extract<Action, 'build' | 'recreate' | 'restart'>;
  rule: 'build-context' | 'bind-mount' | 'env_file';
}

/** Services sharing one build context and one effective .dockerignore. */
interface ContextGroup {
  context: string;
  excluded: IgnorePredicate | null;
  services: string[];
}

function push<K>(map: Map<K, string[]>, key: K, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function contextGroups(model: ComposeModel, dockerignores: Record<string, string>): ContextGroup[] {
  const groups = new Map<string, ContextGroup>();
  const compiled = new Map<string, IgnorePredicate>();
  for (const service of Object.values(model.services)) {
    if (!service.build) continue;
    const ignoreFile = effectiveDockerignore(service.build, dockerignores);
    const key = `${service.build.context}\0${ignoreFile ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      let excluded: IgnorePredicate | null = null;
      if (ignoreFile !== undefined) {
        excluded = compiled.get(ignoreFile) ?? compileDockerignore(dockerignores[ignoreFile] ?? '', ignoreFile);
        compiled.set(ignoreFile, excluded);
      }
      group = { context: service.build.context, excluded, services: [] };
      groups.set(key, group);
    }
    group.services.push(service.name);
  }
  return [...groups.values()];
}

/** True when `file` is `dir` or inside it ("." contains every repo path). */
function isUnder(file: string, dir: string): boolean {
  if (dir === '.') return !file.startsWith('../');
  return file.startsWith(dir) && (file.length === dir.length || file[dir.length] === '/');
}

/**
 * Compiles, once per plan, what a file means from the compose model alone (step 3 of the planner):
 * - a service's Dockerfile, or one of the two ignore files Docker may read for it
 *   (`<dockerfile>.dockerignore`, `<context>/.dockerignore`: a change or deletion changes what the
 *   context holds, even when the file excludes itself), or a file in its build context not
 *   excluded by the effective .dockerignore, or a file under one of its local
 *   `additional_contexts` → build every service of that context ("build-context");
 * - a file under (or equal to) a bind-mount host source → restart ("bind-mount");
 * - a service's env_file → recreate ("env_file");
 * a bind-mount source or env_file through a symlink (`symlinks`) counts as its target too.
 * Every bullet that holds applies. Returns [] when the file means nothing.
 */
export function createDeriver(
  model: ComposeModel,
  dockerignores: Record<string, string>,
  symlinks: Readonly<Record<string, string>> = {},
): (file: string) => Derived[] {
  // a source through a symlink is also the file or directory it resolves to on the host
  const withTarget = (path: string): string[] => {
    const target = resolveSymlinks(path, symlinks);
    return target === undefined || target === path ? [path] : [path, target];
  };
  const buildFiles = new Map<string, string[]>();
  const extraContexts = new Map<string, string[]>();
  const mounts = new Map<string, string[]>();
  const envFiles = new Map<string, string[]>();
  for (const service of Object.values(model.services)) {
    if (service.build) {
      push(buildFiles, service.build.dockerfile, service.name);
      push(buildFiles, dockerfileDockerignorePath(service.build.dockerfile), service.name);
      push(buildFiles, contextDockerignorePath(service.build.context), service.name);
      for (const dir of service.build.additionalContexts ?? []) push(extraContexts, dir, service.name);
    }
    for (const source of service.bindMounts.flatMap(withTarget)) push(mounts, source, service.name);
    for (const envFile of service.envFiles.flatMap(withTarget)) push(envFiles, envFile, service.name);
  }
  const groups = contextGroups(model, dockerignores);

  return (file) => {
    const out: Derived[] = [];
    // duplicates (a Dockerfile inside its own context, nested mounts) are harmless: the collector dedupes
    for (const service of buildFiles.get(file) ?? []) out.push({ service, action: 'build', rule: 'build-context' });
    for (const group of groups) {
      const inContext = pathInContext(file, group.context);
      if (inContext === undefined || group.excluded?.(inContext)) continue;
      for (const service of group.services) out.push({ service, action: 'build', rule: 'build-context' });
    }
    for (const [dir, services] of extraContexts) {
      if (isUnder(file, dir)) for (const service of services) out.push({ service, action: 'build', rule: 'build-context' });
    }
    for (const [source, services] of mounts) {
      if (isUnder(file, source)) for (const service of services) out.push({ service, action: 'restart', rule: 'bind-mount' });
    }
    for (const service of envFiles.get(file) ?? []) out.push({ service, action: 'recreate', rule: 'env_file' });
    return out;
  };
}
