/**
 * What a compose deploy reads from the host before its plan, in one round trip that runs alongside
 * the state read: which compose the host runs (compose-detect.ts) and the in-progress record with
 * the release `current` points to (in-progress.ts). Pure script text and its splitting; each part
 * is parsed where it was parsed before (prepare, the repair step), so errors stay where they were.
 */
import { hostComposeScript } from '../../apply/compose-target.js';
import type { Config } from '../../config/schema.js';
import { inspectHostScript } from '../../sync/in-progress.js';
import type { Layout } from '../../sync/layout.js';
import { shellQuote as q } from '../../transport/quote.js';

const MARK = '--- host inspection ---';

/** The raw outputs of the two reads: `detect` for parseHostCompose, `inspect` for parseInspection. */
export type ComposeProbe = {
  detect: string;
  inspect: string;
};

/** The compose probe, a separator line, then the host inspection. Both parts exit 0. */
export function composeProbeScript(config: Config, layout: Layout): string {
  return [hostComposeScript(config), `echo ${q(MARK)}`, inspectHostScript(layout)].join('\n');
}

/** Splits the output at the separator line (without it, e.g. a cut connection: an error). */
export function parseComposeProbe(stdout: string): ComposeProbe {
  const text = `\n${stdout}`;
  const at = text.indexOf(`\n${MARK}\n`);
  if (at < 0) throw new Error(`unexpected host probe output: ${JSON.stringify(stdout.slice(0, 80))}`);
  return { detect: text.slice(1, at + 1), inspect: text.slice(at + MARK.length + 2) };
}
