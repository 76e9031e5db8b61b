/**
 * Which compose the host runs: the configured `compose.command`, or, when it is unset, `docker
 * compose` (v2) if `docker compose version` works, else `docker-compose` (v1). One round trip;
 * the version it reports goes into the invocation (and from there into the state).
 */
import { posix } from 'node:path';
import { UserError } from '../core/errors.js';
import { shellJoin, shellQuote } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';

export type ComposeCommand = 'docker compose' | 'docker-compose';

export interface DetectedCompose {
  /** ["docker", "compose"] or ["docker-compose"] */
  command: string[];
  /** what `<command> version --short` printed, e.g. "2.26.1" or "1.29.2" */
  version: string;
}

/** Probed in this order when the config leaves `compose.command` unset. */
export const COMPOSE_CANDIDATES: readonly ComposeCommand[] = ['docker compose', 'docker-compose'];

const VERSION = /^v?(\d+\.\d+[0-9A-Za-z.+~-]*)$/;
/** What gd_v2 takes for a version (a case pattern; the parser's VERSION decides). */
const VERSION_GLOB = '[0-9]*.*|v[0-9]*.*';

/**
 * Where the docker CLI looks for its `docker-compose` plugin, in its order (after the config
 * directory's own; a config naming extra directories takes the slow probe, see v2ProbeScript).
 * Each entry goes into the script inside double quotes: the first expands DOCKER_CONFIG / HOME.
 */
export const DOCKER_PLUGIN_DIRS: readonly string[] = [
  '${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins',
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

/**
 * POSIX sh function `gd_v2` printing what `docker compose version --short` would: the plugin the
 * docker CLI would pick (the first `docker-compose` in `dirs`) run directly, which skips the CLI's
 * start and its metadata call of the plugin (about two thirds of the probe's time). Any doubt (no
 * `docker`, a config with cliPluginsExtraDirs, the plugin not executable, failing or printing no
 * version) takes `docker compose version --short` itself. `dirs` are trusted literals. With
 * `cache` (a file path), the plugin's version is kept there and reused while the plugin is the
 * same file (see pluginCacheScript, and its `makeDir`).
 */
export function v2ProbeScript(dirs: readonly string[] = DOCKER_PLUGIN_DIRS, cache?: string, makeDir = false): string {
  const run = cache ? 'gd_plugin "$d/docker-compose"' : '"$d/docker-compose" version --short 2>/dev/null';
  return [
    ...(cache ? [pluginCacheScript(cache, makeDir)] : []),
    'gd_v2() {',
    '  command -v docker >/dev/null 2>&1 || return 1',
    '  if ! grep -qs cliPluginsExtraDirs "${DOCKER_CONFIG:-$HOME/.docker}/config.json"; then',
    `    for d in ${dirs.map((d) => `"${d}"`).join(' ')}; do`,
    '      [ -e "$d/docker-compose" ] || continue',
    `      if [ -x "$d/docker-compose" ] && gd_p=$(${run}); then`,
    `        case $gd_p in ${VERSION_GLOB}) printf '%s\\n' "$gd_p"; return 0 ;; esac`,
    '      fi',
    '      break',
    '    done',
    '  fi',
    '  docker compose version --short 2>/dev/null',
    '}',
  ].join('\n');
}

/** The version cache of the compose plugin, in the target's .deploy directory. */
export const composeCachePath = (deployPath: string): string => `${deployPath}/.deploy/compose-version`;

/**
 * POSIX sh function `gd_plugin <plugin>` printing the plugin's `version --short` (failing as it
 * does), with a cache in the file `cache` (two lines: key, version). The key is the plugin's path,
 * size, device, inode and mtime (`stat -L`: a link's target): an upgrade replaces the file, so a
 * changed key runs the plugin again, and a version it prints (one line that gd_v2 would take) is
 * stored, atomically (temp file, mv). Only a file of a megabyte or more gets a key (the plugin is
 * a Go binary; a small wrapper script's version could change while it does not), and none where
 * `stat -c` does not work. Where the cache cannot be written (no .deploy yet, not writable),
 * nothing is kept and nothing fails. `makeDir`: the cache's directory is created first (`mkdir -p`,
 * as the lock does): for the probe a run sends just before taking its lock, which on a first deploy
 * may answer before the lock's round trip has created .deploy.
 */
export function pluginCacheScript(cache: string, makeDir = false): string {
  const c = shellQuote(cache);
  const tmp = `${c}.$$`;
  const mk = makeDir ? `mkdir -p ${shellQuote(posix.dirname(cache))} && ` : '';
  return [
    'gd_plugin() {',
    '  gd_k=',
    '  gd_s=$(stat -L -c \'%s %d %i %Y\' "$1" 2>/dev/null) || gd_s=',
    '  case $gd_s in [1-9][0-9][0-9][0-9][0-9][0-9][0-9]*\' \'*) gd_k="$1 $gd_s" ;; esac',
    `  if [ -n "$gd_k" ] && [ -f ${c} ] && [ -r ${c} ]; then`,
    `    { read -r gd_c; read -r gd_v; } 2>/dev/null < ${c}`,
    '    if [ "$gd_c" = "$gd_k" ]; then printf \'%s\\n\' "$gd_v"; return 0; fi',
    '  fi',
    '  gd_v=$("$1" version --short 2>/dev/null) || return 1',
    '  if [ -n "$gd_k" ]; then',
    // the pattern's quoted newline: a version of several lines is not kept
    "    case $gd_v in *'",
    `'*) ;; ${VERSION_GLOB}) { ${mk}printf '%s\\n%s\\n' "$gd_k" "$gd_v" > ${tmp} && mv -f ${tmp} ${c}; } 2>/dev/null || rm -f ${tmp} 2>/dev/null ;; esac`,
    '  fi',
    '  printf \'%s\\n\' "$gd_v"',
    '}',
  ].join('\n');
}

/**
 * POSIX sh printing `<command>\t<version>` for the first candidate whose `version --short` works,
 * or `none` (exit 0 either way: the parser turns `none` into the error). `docker compose` is
 * probed through gd_v2 (v2ProbeScript, from `pluginDirs`, with `cache` and `makeDir`).
 */
export function composeDetectScript(
  candidates: readonly ComposeCommand[] = COMPOSE_CANDIDATES,
  pluginDirs: readonly string[] = DOCKER_PLUGIN_DIRS,
  cache?: string,
  makeDir = false,
): string {
  const probes = candidates.map((c, i) => {
    const head = i === 0 ? 'if' : 'elif';
    const probe = c === 'docker compose' ? 'gd_v2' : `${shellJoin([...c.split(' '), 'version', '--short'])} 2>/dev/null`;
    return `${head} v=$(${probe}); then printf '%s\\t%s\\n' ${shellJoin([c])} "$v"`;
  });
  const fn = candidates.includes('docker compose') ? [v2ProbeScript(pluginDirs, cache, makeDir)] : [];
  return [...fn, ...probes, 'else echo none', 'fi'].join('\n');
}

const NO_COMPOSE =
  'no compose on the host: neither "docker compose" (v2 plugin) nor "docker-compose" (v1) runs ' +
  '(install one, or set compose.command in the config)';

function noCompose(candidates: readonly ComposeCommand[]): UserError {
  if (candidates.length === 1) {
    return new UserError(`compose.command "${candidates[0]}" does not run on the host ("${candidates[0]} version" failed)`);
  }
  return new UserError(NO_COMPOSE);
}

/** The script's output → command and version; `none` (or garbage) → a UserError naming the candidates. */
export function parseComposeDetect(stdout: string, candidates: readonly ComposeCommand[] = COMPOSE_CANDIDATES): DetectedCompose {
  const line = stdout.trim().split('\n').pop() ?? '';
  const [command = '', raw = ''] = line.split('\t');
  const version = VERSION.exec(raw.trim())?.[1];
  if (!candidates.includes(command as ComposeCommand) || !version) throw noCompose(candidates);
  return { command: command.split(' '), version };
}

/** What is probed: only `configured` when set, else the candidates in order. */
export const composeCandidates = (configured?: ComposeCommand): readonly ComposeCommand[] =>
  configured ? [configured] : COMPOSE_CANDIDATES;

/** Probes the host: only `configured` when set, else the candidates in order. */
export async function detectCompose(exec: Executor, configured?: ComposeCommand): Promise<DetectedCompose> {
  const candidates = composeCandidates(configured);
  const r = await exec.sh(composeDetectScript(candidates));
  return parseComposeDetect(r.stdout, candidates);
}

/** $0 of the auto-detecting command (shows in `ps` and in error messages). */
const AUTO_NAME = 'gitops-deploy-compose';

/**
 * argv prefix for an invocation built without a probe (compose.command unset): the host picks
 * `docker compose` when `docker compose version` works, else `docker-compose`, at each call.
 */
export function autoComposeCommand(): string[] {
  const [v2, v1] = COMPOSE_CANDIDATES.map((c) => c.split(' ')) as [string[], string[]];
  const script =
    `if ${shellJoin([...v2, 'version'])} >/dev/null 2>&1; then exec ${shellJoin(v2)} "$@"; ` +
    `elif command -v ${shellJoin(v1)} >/dev/null 2>&1; then exec ${shellJoin(v1)} "$@"; ` +
    `else echo ${shellQuote(`${AUTO_NAME}: ${NO_COMPOSE}`)} >&2; exit 127; fi`;
  return ['sh', '-c', script, AUTO_NAME];
}

export function isAutoComposeCommand(command: readonly string[]): boolean {
  return command[0] === 'sh' && command[3] === AUTO_NAME;
}

/** The concrete command behind an invocation's: probes the host only for the auto-detecting one. */
export async function concreteComposeCommand(exec: Executor, command: readonly string[]): Promise<string[]> {
  return isAutoComposeCommand(command) ? (await detectCompose(exec)).command : [...command];
}
