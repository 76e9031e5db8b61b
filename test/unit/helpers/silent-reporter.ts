import type { Reporter } from '../../../src/core/reporter.js';

/** A Reporter that prints nothing (groups still run their body). */
export const silentReporter: Reporter = {
  group: (_n, fn) => fn(),
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  secret: () => undefined,
  persist: () => undefined,
};
