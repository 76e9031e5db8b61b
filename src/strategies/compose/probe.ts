/**
 * What a compose deploy reads from the host before its plan, alongside the state read: which
 * compose the host runs (compose-detect.ts, read once per connection and started before the lock)
 * and the in-progress record with the release `current` points to (in-progress.ts, under the lock).
 * Each part is parsed where it was parsed before (prepare, the repair step), so errors stay where
 * they were.
 */
import { hostComposeOutput } from '../../apply/compose-target.js';
import type { Session } from '../../session/session.js';
import { inspectHostScript } from '../../sync/in-progress.js';
import { layoutOf } from '../../sync/layout.js';

/** The raw outputs of the two reads: `detect` for parseHostCompose, `inspect` for parseInspection. */
export type ComposeProbe = {
  detect: string;
  inspect: string;
};

/** Both reads at once (the connection runs them side by side); the compose probe may have been started already. */
export async function composeProbe(s: Session): Promise<ComposeProbe> {
  const { exec } = s.conn;
  const [detect, inspect] = await Promise.all([
    hostComposeOutput(exec, s.config),
    exec.sh(inspectHostScript(layoutOf(s.target.path))).then((r) => r.stdout),
  ]);
  return { detect, inspect };
}

/** Starts the read of the host's compose: it only reads, so a deploy sends it before taking the lock. */
export function warmUpCompose(s: Session): void {
  void hostComposeOutput(s.conn.exec, s.config);
}
