/**
 * The repair of an interrupted swarm run. A run cut off or killed after its switch (during the apply,
 * the tasks or the verify) cannot revert: `current` stays on a release state.json never recorded as
 * live. Before the next run changes anything, `current` goes back to the live release, loudly, as a
 * compose target's repair does (compose/repair.ts); the services the cut-off run updated are put
 * back by the run itself (run.ts withDrifted, or its stack deploy).
 */
import { shortSha } from '../../core/text.js';
import type { ReleaseRecord } from '../../record/state-model.js';
import { phase, type Session } from '../../session/session.js';
import { readCurrentScript, switchCurrentScript, type Layout } from '../../sync/layout.js';
import { shellQuote as q } from '../../transport/quote.js';

const OFF = '@off ';

/** Script (pure): when `current` does not point at `live`, prints `@off <the release it points at>` and switches it back. */
export function repairLinkScript(layout: Layout, live: string): string {
  return [
    `link=$(${readCurrentScript(layout)})`,
    `[ "$link" = ${q(live)} ] && exit 0`,
    `printf '${OFF}%s\\n' "$link"`,
    switchCurrentScript(layout, live),
  ].join('\n');
}

/** The warning for what repairLinkScript printed (pure); undefined when `current` was right. */
export function repairLinkWarning(stdout: string, live: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(OFF));
  if (line === undefined) return undefined;
  const link = line.slice(OFF.length).trim();
  return `REPAIRED AN INTERRUPTED DEPLOY: \`current\` pointed to ${link ? shortSha(link) : 'nothing'} while state.json records ${shortSha(live)} as live (a run cut off or killed after its switch). current → releases/${shortSha(live)}; the services on the swarm are put back on the releases this run leaves them on.`;
}

/** Puts `current` back on `live` when an interrupted run left it elsewhere (one round trip), with a warning. */
export async function repairLink(s: Session, layout: Layout, live: ReleaseRecord | undefined): Promise<void> {
  if (!live) return;
  const r = await s.conn.exec.sh(repairLinkScript(layout, live.id));
  const warning = repairLinkWarning(r.stdout, live.id);
  if (!warning) return;
  await phase(s, 'Repair', async () => {
    s.reporter.warning(warning);
    s.report.warnings.push(warning);
  });
}
