import { UserError } from '../core/errors.js';
import type { ExecResult, Executor } from '../transport/types.js';
import { readRemote, readRemoteScript, writeRemoteAtomic } from '../transport/remote-files.js';
import { parseState, type DeployState } from './state-model.js';
import type { ImagesExpect } from './state-check.js';
import type { Session } from '../session/session.js';
import { buildRepository } from '../config/build.js';

export const statePath = (deployPath: string): string => `${deployPath}/.deploy/state.json`;

/** Script (pure) of the state read: what loadState takes as `sent` when it went in another round trip. */
export function stateReadScript(deployPath: string): string {
  return readRemoteScript(statePath(deployPath));
}

export async function loadState(
  exec: Executor,
  deployPath: string,
  target: string,
  sent?: ExecResult,
  expect: ImagesExpect = {},
): Promise<DeployState> {
  const text = await readRemote(exec, statePath(deployPath), sent);
  try {
    return parseState(text, target, expect);
  } catch (e) {
    // moved aside, the next deploy would be a first deploy: it keeps the release directories, but rollback forgets them
    throw new UserError(
      `${statePath(deployPath)} is corrupt (${(e as Error).message}) (state.json corrupt or edited by hand?); fix it by hand or restore a copy (without it the next deploy is a first deploy: the releases it records are forgotten); nothing was changed`,
    );
  }
}

/** What the images a target's state records must be: with `build:`, references under `<registry>/<repository>/`. */
export function imagesExpect(s: Pick<Session, 'config' | 'target'>): ImagesExpect {
  const build = 'build' in s.target ? s.target.build : undefined;
  const repository = build ? buildRepository(build, s.config.compose.project) : undefined;
  return build && repository ? { refPrefix: `${build.registry}/${repository}/` } : {};
}

/** The state of a session's host (its target's images checked, imagesExpect). */
export const loadHostState = (h: Pick<Session, 'config' | 'target' | 'conn' | 'targetName'>, sent?: ExecResult): Promise<DeployState> =>
  loadState(h.conn.exec, h.target.path, h.targetName, sent, imagesExpect(h));

/** The text of state.json. */
export const stateText = (state: DeployState): string => `${JSON.stringify(state, null, 2)}\n`;

export async function saveState(exec: Executor, deployPath: string, state: DeployState): Promise<void> {
  await writeRemoteAtomic(exec, statePath(deployPath), stateText(state));
}
