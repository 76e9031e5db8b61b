import { hostLabel, hostsOf } from '../../config/hosts.js';
import * as core from '@actions/core';
import { loadConfig } from '../../config/load.js';
import { releaseLock } from '../../session/lock.js';
import { connectHost } from '../../transport/connect.js';
import { removeRunDir, sweepStaleRunDirs } from '../../transport/run-dir.js';
import { readInputs } from './inputs.js';

/** Releases a lock left by a cancelled run (only if this run still holds it). */
async function releaseLeftLock(saved: string): Promise<void> {
  const { target: name, runId } = JSON.parse(saved) as { target: string; runId: string };
  const settings = readInputs();
  const config = await loadConfig(settings.configPath);
  const target = config.targets[name];
  if (!target || !settings.ssh.privateKey) return;
  for (const { host, port } of hostsOf(target)) {
    const { privateKey, knownHosts, fingerprint } = settings.ssh;
    const conn = await connectHost({ host, port, privateKey, knownHosts, fingerprint });
    try {
      if (await releaseLock(conn.exec, target.path, runId))
        core.info(`released the deploy lock of ${name} on ${hostLabel({ host, port })} left by the cancelled run`);
    } finally {
      await conn.cleanup();
    }
  }
}

/** The Action's post step: cleanup after a cancelled or crashed main step. Never fails the job. */
export async function runPost(): Promise<void> {
  try {
    const lock = core.getState('lock');
    if (lock) await releaseLeftLock(lock);
  } catch (e) {
    core.warning(`post: could not release the deploy lock: ${(e as Error).message}`);
  }
  // The main step's ssh dir holds no private key (it never touches the disk), but its agent and
  // ControlMaster may outlive a killed main step (bounded: see the README's security section).
  // one dir per host, a line each
  for (const keyDir of core.getState('keyDir').split('\n').filter(Boolean)) await removeRunDir(keyDir).catch(() => undefined);
  await sweepStaleRunDirs().catch(() => undefined);
}
