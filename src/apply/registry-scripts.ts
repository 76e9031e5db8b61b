/**
 * Pure builders of the registry side of `build:`: image references, and the sh scripts that push
 * (on the builder) or pull (on each host). A script logs in with `docker login --password-stdin`
 * (the password is the script's stdin, never argv), works in a throw-away DOCKER_CONFIG, and logs
 * out in an EXIT trap, whatever happened.
 */
import { shortSha } from '../core/text.js';
import { shellJoin, shellQuote } from '../transport/quote.js';

/** Where the images go: `build.registry`, the repository (default: the compose project), the user if any. */
export interface RegistryAccess {
  registry: string;
  repository: string;
  username?: string;
}

/** A local image name (compose's) and its registry reference. */
export interface ImagePair {
  name: string;
  ref: string;
}

/** Exit code of a script whose `docker login` failed (the caller names the registry). */
export const LOGIN_FAILED = 97;

/**
 * Whether a failed `docker login`'s output says the registry answered and refused the credentials
 * (HTTP 401/403), rather than being unreachable: a wrong user or password is bad input (exit 2).
 */
export const loginRefused = (output: string): boolean =>
  /\b(401|403)\b|unauthorized|incorrect username or password|authentication required|access denied/i.test(output);

/** `<registry>/<repository>/<service>:release-<sha12>` */
export function registryRef(access: Pick<RegistryAccess, 'registry' | 'repository'>, service: string, sha: string): string {
  return `${access.registry}/${access.repository}/${service}:release-${shortSha(sha)}`;
}

/** The registry host (login/logout take it without the /prefix). */
export const registryHost = (registry: string): string => registry.split('/')[0]!;

export function loginArgs(access: RegistryAccess): string[] {
  return ['docker', 'login', registryHost(access.registry), '--username', access.username ?? '', '--password-stdin'];
}

export const logoutArgs = (access: RegistryAccess): string[] => ['docker', 'logout', registryHost(access.registry)];
export const pushArgs = (ref: string): string[] => ['docker', 'push', ref];
export const pullArgs = (ref: string): string[] => ['docker', 'pull', ref];
export const tagArgs = (from: string, to: string): string[] => ['docker', 'tag', from, to];

/**
 * A private DOCKER_CONFIG, the logout (and its removal) on EXIT, then the login when there is a
 * user. A signal (Ctrl-C reaches the whole process group, a cancelled job gets TERM, a dropped
 * terminal HUP) exits through the EXIT trap too: sh runs no EXIT trap when a signal kills it, and
 * the login (base64 user:password in config.json) would stay behind.
 */
function session(access: RegistryAccess): string[] {
  const cleanup = `${shellJoin(logoutArgs(access))} >/dev/null 2>&1; rm -rf "$DOCKER_CONFIG"`;
  const login = access.username
    ? [
        `${shellJoin(loginArgs(access))} >/dev/null || { echo ${shellQuote(`docker login to ${access.registry} failed`)} >&2; exit ${LOGIN_FAILED}; }`,
      ]
    : [];
  const signals = ["trap 'exit 129' HUP", "trap 'exit 130' INT", "trap 'exit 143' TERM"];
  // the docker CLI's plugins (compose v2, buildx) may live in the user's config dir: the builds need them
  const plugins = '[ ! -d "$gd_dc/cli-plugins" ] || ln -s "$gd_dc/cli-plugins" "$DOCKER_CONFIG/cli-plugins"';
  return [
    'set -e',
    'gd_dc=${DOCKER_CONFIG:-$HOME/.docker}',
    'DOCKER_CONFIG=$(mktemp -d)',
    'export DOCKER_CONFIG',
    `trap ${shellQuote(cleanup)} EXIT`,
    ...signals,
    plugins,
    ...login,
  ];
}

/**
 * On the builder: tag each built image with its reference and push it. `untag` (a runner, which
 * no release runs from): the references are removed once all are pushed, so the runner's docker
 * does not keep a `release-<sha12>` tag (and its image) of every deploy; the image stays under
 * compose's name until the next build takes it.
 */
export function pushScript(access: RegistryAccess, pairs: readonly ImagePair[], untag = false): string {
  const lines = pairs.flatMap((p) => [shellJoin(tagArgs(p.name, p.ref)), shellJoin(pushArgs(p.ref))]);
  const untagLines = untag && pairs.length > 0 ? [`${shellJoin(['docker', 'image', 'rm', ...pairs.map((p) => p.ref)])} >/dev/null`] : [];
  return registryScript(access, [...lines, ...untagLines]);
}

/**
 * A command (argv) or script run in a registry session, with its own exit code and without set -e
 * (a build on the builder: a Dockerfile `FROM` an image of the same private registry needs the login).
 */
export const inSessionScript = (access: RegistryAccess, command: string): string => registryScript(access, ['set +e', command, 'exit $?']);

/** Script lines run after the registry session is set up (set -e; the logout runs on exit). */
export const registryScript = (access: RegistryAccess, lines: readonly string[]): string => [...session(access), ...lines, ''].join('\n');

/** On a host: pull each reference and give it the name compose expects (`up --no-build` then uses it). */
export function pullScript(access: RegistryAccess, pairs: readonly ImagePair[]): string {
  const lines = pairs.flatMap((p) => [`${shellJoin(pullArgs(p.ref))} >/dev/null`, shellJoin(tagArgs(p.ref, p.name))]);
  return registryScript(access, lines);
}
