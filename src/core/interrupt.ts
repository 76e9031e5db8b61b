/**
 * Cleanups that must run when the process is interrupted (Ctrl-C, a cancelled job): release the
 * deploy lock, close the SSH connection, remove the key. Registered around the resources' lifetimes.
 */
const cleanups = new Set<() => Promise<unknown>>();

/** Registers a cleanup; returns the function that unregisters it. */
export function onInterrupt(fn: () => Promise<unknown>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs the registered cleanups, newest first, each bounded in time; never throws. */
export async function runInterruptCleanups(timeoutMs = 10_000): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    await Promise.race([fn().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
  }
}

/**
 * On SIGINT/SIGTERM: run the cleanups, then `finish` (the Action writes its outputs and summary
 * there; bounded in time, never throws), then exit with 128 + signal number.
 */
export function installInterruptHandlers(log: (message: string) => void, finish?: (signal: NodeJS.Signals) => Promise<void>): void {
  const handle = (signal: NodeJS.Signals, code: number) => {
    process.once(signal, () => {
      log(`${signal}: releasing the deploy lock and closing the connection before exiting`);
      void runInterruptCleanups()
        .then(() => finish && Promise.race([finish(signal).catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]))
        .finally(() => process.exit(128 + code));
    });
  };
  handle('SIGINT', 2);
  handle('SIGTERM', 15);
}
