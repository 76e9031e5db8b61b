import { posix } from 'node:path';
import type { ComposeService, FileObject } from './types.js';
import { isRemoteContext, normalizePath, toRepoPath } from './paths.js';
import { isPlainMap, type PlainMap } from './values.js';
import type { FileSources } from './document.js';

/**
 * Builds the planner's view of one merged, normalized service (paths made repo-relative).
 * `fileSources` (document.ts): the top-level configs/secrets with a `file:`, which compose
 * bind-mounts into the services that reference them, so they count as bind mounts.
 */
export function toComposeService(
  name: string,
  definition: PlainMap,
  directory: string,
  fileSources: FileSources = new Map(),
): ComposeService {
  const referenced = [...referencedFiles(definition, 'configs', fileSources), ...referencedFiles(definition, 'secrets', fileSources)];
  const service: ComposeService = {
    name,
    definition,
    bindMounts: bindMountSources([...(Array.isArray(definition.volumes) ? definition.volumes : []), ...referenced], directory),
    envFiles: envFiles(definition.env_file, directory),
  };
  const configFiles = bindMountSources(referenced, directory);
  if (configFiles.length > 0) service.configFiles = configFiles;
  const objects = fileObjects(definition, fileSources, directory);
  if (objects.length > 0) service.fileObjects = objects;
  const inline = referencedInline(definition, fileSources);
  if (Object.keys(inline).length > 0) service.inlineSources = inline;
  const build = buildSection(definition.build, directory);
  if (build) service.build = build;
  return service;
}

/**
 * `build.context` (default ".") relative to the compose directory; `build.dockerfile` (default
 * "Dockerfile") relative to the context unless absolute. A remote context (URL) is kept as written.
 */
function buildSection(build: unknown, directory: string): ComposeService['build'] {
  if (!isPlainMap(build)) return undefined;
  const rawContext = typeof build.context === 'string' && build.context !== '' ? build.context : '.';
  const rawDockerfile = typeof build.dockerfile === 'string' && build.dockerfile !== '' ? build.dockerfile : 'Dockerfile';
  // a remote context never matches a repo path: keep it, and its Dockerfile, as written
  if (isRemoteContext(rawContext)) return { context: rawContext, dockerfile: `${rawContext}/${rawDockerfile}` };
  const context = toRepoPath(directory, rawContext);
  const dockerfile = posix.isAbsolute(rawDockerfile) ? rawDockerfile : normalizePath(posix.join(context, rawDockerfile));
  const extra = localContexts(build.additional_contexts, directory);
  const from = isPlainMap(build.additional_contexts) ? serviceContexts(build.additional_contexts) : [];
  return {
    context,
    dockerfile,
    ...(extra.length > 0 ? { additionalContexts: extra } : {}),
    ...(from.length > 0 ? { fromServices: from } : {}),
  };
}

/** The services named by `service:<name>` additional contexts. */
function serviceContexts(contexts: PlainMap): string[] {
  const names = Object.values(contexts).flatMap((v) =>
    typeof v === 'string' && v.startsWith('service:') ? [v.slice('service:'.length)] : [],
  );
  return [...new Set(names)].sort();
}

/** The local directories of `additional_contexts` (a mapping once normalized), relative to the compose directory like `context`. */
function localContexts(contexts: unknown, directory: string): string[] {
  if (!isPlainMap(contexts)) return [];
  const dirs = Object.values(contexts).filter(
    (v): v is string => typeof v === 'string' && v !== '' && !isRemoteContext(v) && !v.startsWith('service:'),
  );
  return [...new Set(dirs.map((v) => toRepoPath(directory, v)))].sort();
}

/** The names of the configs (secrets) the service references (`[name]` or `[{source: name}]`). */
function referencedNames(definition: PlainMap, kind: 'configs' | 'secrets'): string[] {
  const refs = definition[kind];
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((ref) => {
    const name = typeof ref === 'string' ? ref : isPlainMap(ref) && typeof ref.source === 'string' ? ref.source : undefined;
    return name === undefined ? [] : [name];
  });
}

/** The `file:` of each config/secret the service references, as long-syntax bind mounts. */
function referencedFiles(definition: PlainMap, kind: 'configs' | 'secrets', fileSources: FileSources): PlainMap[] {
  return referencedNames(definition, kind).flatMap((name) => {
    const source = fileSources.get(`${kind}.${name}`);
    return source !== undefined && 'file' in source ? [{ type: 'bind', source: source.file }] : [];
  });
}

/** Each config/secret with a `file:` the service references: its key, repo-relative file and `name:` (swarm's name for it). */
function fileObjects(definition: PlainMap, fileSources: FileSources, directory: string): FileObject[] {
  return (['configs', 'secrets'] as const).flatMap((kind) =>
    [...new Set(referencedNames(definition, kind))].flatMap((key) => {
      const source = fileSources.get(`${kind}.${key}`);
      if (source === undefined || !('file' in source)) return [];
      return [{ kind, key, file: toRepoPath(directory, source.file), ...(source.name !== undefined ? { name: source.name } : {}) }];
    }),
  );
}

/** "configs.<name>" → the inline source (content, environment value) of each config/secret the service references. */
function referencedInline(definition: PlainMap, fileSources: FileSources): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of ['configs', 'secrets'] as const) {
    for (const name of referencedNames(definition, kind)) {
      const source = fileSources.get(`${kind}.${name}`);
      if (source !== undefined && 'inline' in source) out[`${kind}.${name}`] = source.inline;
    }
  }
  return out;
}

/** Host sources of bind mounts: short syntax "src:dst[:mode]" whose src starts with ".", "/" or "~" (else a named volume), long syntax `{type: bind, source}`. */
function bindMountSources(volumes: unknown, directory: string): string[] {
  if (!Array.isArray(volumes)) return [];
  const sources = new Set<string>();
  for (const volume of volumes) {
    const source = bindSource(volume);
    if (source !== undefined) sources.add(toRepoPath(directory, source));
  }
  return [...sources].sort();
}

function bindSource(volume: unknown): string | undefined {
  if (isPlainMap(volume)) {
    return volume.type === 'bind' && typeof volume.source === 'string' ? volume.source : undefined;
  }
  if (typeof volume !== 'string') return undefined;
  const parts = volume.split(':');
  const source = parts[0] ?? '';
  const isPath = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  return parts.length >= 2 && isPath ? source : undefined;
}

/** `env_file` (normalized to a list): strings or `{path, required?}`. */
function envFiles(envFile: unknown, directory: string): string[] {
  if (!Array.isArray(envFile)) return [];
  const files = new Set<string>();
  for (const entry of envFile) {
    const path = typeof entry === 'string' ? entry : isPlainMap(entry) && typeof entry.path === 'string' ? entry.path : undefined;
    if (path !== undefined) files.add(toRepoPath(directory, path));
  }
  return [...files].sort();
}
