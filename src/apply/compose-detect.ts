/**
 * Which compose the host runs: the configured `compose.command`, or, when it is unset, `docker
 * compose` (v2) if `docker compose version` works, else `docker-compose` (v1). One round trip;
 * the version it reports goes into the invocation (and from there into the state).
 */
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

/**
 * POSIX sh printing `<command>\t<version>` for the first candidate whose `version --short` works,
 * or `none` (exit 0 either way: the parser turns `none` into the error).
 */
export function composeDetectScript(candidates: readonly ComposeCommand[] = COMPOSE_CANDIDATES): string {
  const probes = candidates.map((c, i) => {
    const head = i === 0 ? 'if' : 'elif';
    return `${head} v=$(${shellJoin([...c.split(' '), 'version', '--short'])} 2>/dev/null); then printf '%s\\t%s\\n' ${shellJoin([c])} "$v"`;
  });
  return [...probes, 'else echo none', 'fi'].join('\n');
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
