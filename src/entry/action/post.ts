import { hostLabel, hostsOf } from '../../config/hosts.js';
import * as core from '@actions/core';
import { loadConfig } from '../../config/load.js';
import { parseHeldLocks } from '../../session/held-locks.js';
import { releaseLock } from '../../session/lock.js';
import { connectHost } from '../../transport/connect.js';
import { removeRunDir, sweepStaleRunDirs } from '../../transport/run-dir.js';
import { readInputs } from './inputs.js';
import { removeCopyDir } from '../../backup/copy-dir.js';

/** Releases the locks left by a cancelled run on each host (only those this run still holds); one host's failure is its own warning. */
async function releaseLeftLocks(saved: string): Promise<void> {
  const left = parseHeldLocks(saved);
  if (!left) return;
  const settings = readInputs();
  const config = await loadConfig(settings.configPath);
  const target = config.targets[left.target];
  if (!target || !settings.ssh.privateKey) return;
  const { privateKey, knownHosts, fingerprint } = settings.ssh;
  const addresses = hostsOf(target);
  for (const { host: index, runId } of left.locks) {
    const address = addresses[index];
    if (!address) continue;
    const where = hostLabel(address);
    try {
      const conn = await connectHost({ ...address, privateKey, knownHosts, fingerprint });
      try {
        if (await releaseLock(conn.exec, target.path, runId))
          core.info(`released the deploy lock of ${left.target} on ${where} left by the cancelled run`);
      } finally {
        await conn.cleanup();
      }
    } catch (e) {
      core.warning(`post: could not release the deploy lock on ${where}: ${(e as Error).message}`);
    }
  }
}

/** The Action's post step: cleanup after a cancelled or crashed main step. Never fails the job. */
export async function runPost(): Promise<void> {
  try {
    const lock = core.getState('lock');
    if (lock) await releaseLeftLocks(lock);
  } catch (e) {
    core.warning(`post: could not release the deploy lock: ${(e as Error).message}`);
  }
  // The main step's ssh dir holds no private key (it never touches the disk), but its agent and
  // ControlMaster may outlive a killed main step (bounded: see the README's security section).
  // one dir per host, a line each
  for (const keyDir of core.getState('keyDir').split('\n').filter(Boolean)) await removeRunDir(keyDir).catch(() => undefined);
  // the off-site copy of a backup (the database, on the runner's disk) of a main step killed before it removed it
  const copy = core.getState('backupCopy');
  if (copy) await removeCopyDir(copy);
  await sweepStaleRunDirs().catch(() => undefined);
}
