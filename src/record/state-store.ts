import { UserError } from '../core/errors.js';
import type { ExecResult, Executor } from '../transport/types.js';
import { readRemote, readRemoteScript, writeRemoteAtomic } from '../transport/remote-files.js';
import { parseState, type DeployState } from './state-model.js';

export const statePath = (deployPath: string): string => `${deployPath}/.deploy/state.json`;

/** Script (pure) of the state read: what loadState takes as `sent` when it went in another round trip. */
export function stateReadScript(deployPath: string): string {
  return readRemoteScript(statePath(deployPath));
}

export async function loadState(exec: Executor, deployPath: string, target: string, sent?: ExecResult): Promise<DeployState> {
  const text = await readRemote(exec, statePath(deployPath), sent);
  try {
    return parseState(text, target);
  } catch (e) {
    // moved aside, the next deploy would be a first deploy: it keeps the release directories, but rollback forgets them
    throw new UserError(
      `${statePath(deployPath)} is corrupt (${(e as Error).message}); fix it by hand or restore a copy (without it the next deploy is a first deploy: the releases it records are forgotten); nothing was changed`,
    );
  }
}

/** The text of state.json. */
export const stateText = (state: DeployState): string => `${JSON.stringify(state, null, 2)}\n`;

export async function saveState(exec: Executor, deployPath: string, state: DeployState): Promise<void> {
  await writeRemoteAtomic(exec, statePath(deployPath), stateText(state));
}
