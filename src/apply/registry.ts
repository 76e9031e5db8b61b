/** Runs the registry scripts of `build:` on an executor (the builder's or a host's), the password on stdin only. */
import type { ComposeTarget, Config } from '../config/schema.js';
import { UserError } from '../core/errors.js';
import { buildRepository } from '../config/build.js';
import { tail } from '../core/text.js';
import type { ExecOptions, Executor } from '../transport/types.js';
import { shellJoin } from '../transport/quote.js';
import {
  inSessionScript,
  LOGIN_FAILED,
  loginRefused,
  pullScript,
  pushScript,
  registryScript,
  type ImagePair,
  type RegistryAccess,
} from './registry-scripts.js';

/** The registry of a target with `build:`, and the secret that logs in to it. */
export interface RegistryContext extends RegistryAccess {
  password?: string;
}

/** The target's registry (undefined without `build:`); a user without a password, or a password without a user, is refused. */
export function registryOf(
  config: Config,
  target: Pick<ComposeTarget, 'build'>,
  password: string | undefined,
): RegistryContext | undefined {
  const build = target.build;
  if (!build) return undefined;
  if (build.username && !password)
    throw new UserError(
      `build.username is set: give the registry password as the secret GITOPS_REGISTRY_PASSWORD (CLI) or the input registry-password (Action)`,
    );
  if (password && !build.username) throw new UserError('a registry password is given but build.username is not set');
  const repository = buildRepository(build, config.compose.project);
  if (!repository) throw new UserError('build: set build.repository or compose.project');
  return { registry: build.registry, repository, username: build.username, password };
}

async function runScript(exec: Executor, reg: RegistryContext, script: string, what: string): Promise<void> {
  const r = await exec.sh(script, { allowFailure: true, ...(reg.password ? { stdin: `${reg.password}\n` } : {}) });
  if (r.code === 0) return;
  const detail = tail(r.stderr || r.stdout, 10);
  if (r.code === LOGIN_FAILED && loginRefused(detail))
    throw new UserError(
      `registry ${reg.registry}: docker login failed on ${exec.name}: the registry refused user ${JSON.stringify(reg.username)} (wrong build.username, or a wrong password in the secret GITOPS_REGISTRY_PASSWORD / the input registry-password)\n${detail}`,
    );
  if (r.code === LOGIN_FAILED)
    throw new Error(`registry ${reg.registry}: docker login failed on ${exec.name} (is it up, are the credentials right?)\n${detail}`);
  throw new Error(`registry ${reg.registry}: ${what} failed on ${exec.name} (exit ${r.code})\n${detail}`);
}

/** Tags the built images with their references and pushes them (`untag`: then removes the references, pushScript). */
export const pushImages = (exec: Executor, reg: RegistryContext, pairs: readonly ImagePair[], untag = false): Promise<void> =>
  runScript(exec, reg, pushScript(reg, pairs, untag), `push of ${pairs.map((p) => p.ref).join(', ')}`);

/** Pulls the references and names them as compose expects. */
export const pullImages = (exec: Executor, reg: RegistryContext, pairs: readonly ImagePair[]): Promise<void> =>
  runScript(exec, reg, pullScript(reg, pairs), `pull of ${pairs.map((p) => p.ref).join(', ')}`);

/**
 * `exec` with each command run in a registry session (inSessionScript: a private DOCKER_CONFIG,
 * logged in, logged out on exit), for the build on the builder: a Dockerfile `FROM` a private image
 * of the same registry pulls it with the login. Without a user (an open registry), `exec` itself.
 */
export function inRegistrySession(exec: Executor, reg: RegistryContext): Executor {
  if (!reg.username) return exec;
  const stdin = reg.password ? `${reg.password}\n` : undefined;
  const sh = (command: string, opts: ExecOptions = {}) => exec.sh(inSessionScript(reg, command), { ...opts, stdin });
  return { name: exec.name, run: (argv, opts) => sh(shellJoin(argv), opts), sh, close: () => exec.close() };
}

/** Logs in and out (a pre-flight check before the build: a registry that is down fails before anything changes). */
export const checkLogin = (exec: Executor, reg: RegistryContext): Promise<void> => runScript(exec, reg, pushScript(reg, []), 'login');

/** Runs script lines in a registry session (private DOCKER_CONFIG, login when there is a user, logout on exit). */
export const runInRegistrySession = (exec: Executor, reg: RegistryContext, lines: readonly string[], what: string): Promise<void> =>
  runScript(exec, reg, registryScript(reg, lines), what);
