import { rebasePath } from './paths.js';
import { isPlainMap, type PlainMap } from './values.js';

/**
 * Rewrites the relative paths of a (normalized) service definition read from a file in `fromDir`
 * so they mean the same relative to `toDir`: build context and local additional contexts, env_file
 * entries and bind-mount sources. Used for `extends: {file: ...}` across directories.
 */
export function rebaseDefinition(def: PlainMap, fromDir: string, toDir: string): PlainMap {
  if (fromDir === toDir) return def;
  const move = (p: string): string => rebasePath(p, fromDir, toDir);
  const out: PlainMap = { ...def };
  if (isPlainMap(out.build)) {
    const context = typeof out.build.context === 'string' ? out.build.context : '.';
    const extra = out.build.additional_contexts;
    out.build = {
      ...out.build,
      context: move(context),
      ...(isPlainMap(extra) ? { additional_contexts: rebaseContexts(extra, move) } : {}),
    };
  }
  if (Array.isArray(out.env_file)) out.env_file = out.env_file.map((e) => rebaseEnvFile(e, move));
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map((v) => rebaseVolume(v, move));
  return out;
}

/** Local `additional_contexts` (a mapping once normalized) move; images, URLs and `service:` do not. */
function rebaseContexts(contexts: PlainMap, move: (p: string) => string): PlainMap {
  const local = (v: unknown): v is string => typeof v === 'string' && v !== '' && !v.includes('://') && !v.startsWith('service:');
  return Object.fromEntries(Object.entries(contexts).map(([k, v]) => [k, local(v) ? move(v) : v]));
}

function rebaseEnvFile(entry: unknown, move: (p: string) => string): unknown {
  if (typeof entry === 'string') return move(entry);
  if (isPlainMap(entry) && typeof entry.path === 'string') return { ...entry, path: move(entry.path) };
  return entry;
}

function rebaseVolume(volume: unknown, move: (p: string) => string): unknown {
  if (typeof volume === 'string') {
    const [source, ...rest] = volume.split(':');
    if (rest.length === 0 || !source?.startsWith('.')) return volume;
    // a short-syntax source must stay a path ("./sub/conf"): "sub/conf" would be a named volume
    const moved = move(source);
    return [moved.startsWith('.') || moved.startsWith('/') ? moved : `./${moved}`, ...rest].join(':');
  }
  if (isPlainMap(volume) && volume.type === 'bind' && typeof volume.source === 'string') {
    return { ...volume, source: move(volume.source) };
  }
  return volume;
}
