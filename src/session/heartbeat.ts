/**
 * The lock holder's heartbeat: every few seconds, one cheap round trip over the run's existing
 * connection touches the lock (heartbeatScript). A lock whose heartbeat stops is a dead holder's.
 * When the lock turns out not to be this run's any more (broken by another run after this one was
 * silent too long), the heartbeat stops and reports it: the run must not change anything further.
 */
import type { Executor } from '../transport/types.js';
import { heartbeatScript, LOCK_MISS } from './lock-scripts.js';
import { lockDir } from './lock.js';

export interface Heartbeat {
  /** why this run no longer holds the lock, once it found out; undefined while it does */
  lost(): string | undefined;
  /** stops beating (waits for a beat in flight) */
  stop(): Promise<void>;
}

export function startHeartbeat(
  exec: Executor,
  deployPath: string,
  runId: string,
  intervalMs: number,
  onLost: (message: string) => void,
): Heartbeat {
  const script = heartbeatScript(lockDir(deployPath), runId);
  let inFlight: Promise<void> | undefined;
  let lost: string | undefined;
  const beat = async (): Promise<void> => {
    // a failed round trip (lost connection) is left to the run's own commands to report
    const r = await exec.sh(script, { allowFailure: true }).catch(() => undefined);
    if (r?.code !== LOCK_MISS || lost) return;
    lost = `this run (${runId}) no longer holds the deploy lock of ${deployPath}: another run broke it while this one was silent`;
    clearInterval(timer);
    onLost(lost);
  };
  const timer = setInterval(() => {
    inFlight ??= beat().finally(() => (inFlight = undefined));
  }, intervalMs);
  timer.unref();
  return {
    lost: () => lost,
    stop: async () => {
      clearInterval(timer);
      await inFlight;
    },
  };
}
