/**
 * A script that must run on the host before an Apply's first command (a deploy's switch of
 * `current`): sent in that command's round trip, in front of it, instead of a round trip of its
 * own. Each part's failure is reported as if it had run alone.
 */
import { shellJoin } from '../transport/quote.js';
import { CommandError, type ExecResult, type Executor } from '../transport/types.js';

/** The line `firstThenScript` prints on stdout when its first part fails: `gd-first-failed <exit code>`. */
export const FIRST_FAILED = 'gd-first-failed';

/** `first`, then `rest` only when it succeeded; a failed `first` prints FIRST_FAILED and exits with its code. */
export function firstThenScript(first: string, rest: string): string {
  return `{\n${first}\n} || { gd_rc=$?; echo "${FIRST_FAILED} $gd_rc"; exit $gd_rc; }\n${rest}`;
}

/** The first part's exit code when `firstThenScript` stopped at it (its stdout), else undefined. */
export function firstFailedCode(stdout: string): number | undefined {
  const m = new RegExp(`^${FIRST_FAILED} (\\d+)$`, 'm').exec(stdout);
  return m ? Number(m[1]) : undefined;
}

/**
 * Held until the first command that can carry it takes it; `flush` sends it alone when none did.
 * `failed`: it ran and failed (nothing after it ran: the undo knows no container was touched).
 */
export class FirstScript {
  failed = false;
  private taken?: string;

  constructor(private script?: string) {}

  /** The script, once: later calls get undefined. */
  take(): string | undefined {
    const script = this.script;
    this.script = undefined;
    this.taken = script;
    return script;
  }

  /** Runs it alone, unless taken already. */
  async flush(exec: Executor): Promise<void> {
    const script = this.take();
    if (script === undefined) return;
    try {
      await exec.sh(script);
    } catch (e) {
      this.failed = true;
      throw e;
    }
  }

  /** Throws its failure, as its own run would have, when the `firstThenScript` that carried it stopped there. */
  check(r: { code: number; stdout: string; stderr: string }): void {
    const code = firstFailedCode(r.stdout);
    if (code === undefined || this.taken === undefined) return;
    this.failed = true;
    throw new CommandError(this.taken, { code, stdout: '', stderr: r.stderr });
  }
}

/** `argv`, after the pending first script when there is one, in one round trip; each failure thrown as if run alone. */
export async function runAfterFirst(exec: Executor, argv: string[], first?: FirstScript): Promise<void> {
  if (first === undefined) {
    await exec.run(argv);
    return;
  }
  const r = await shAfterFirst(exec, shellJoin(argv), first);
  if (r.code !== 0) throw new CommandError(argv, r);
}

/**
 * `script` (its failure allowed), after the pending first script when there is one, in one round
 * trip; a failed first script is thrown as if run alone (`script` did not run).
 */
export async function shAfterFirst(exec: Executor, script: string, first?: FirstScript): Promise<ExecResult> {
  const head = first?.take();
  const r = await exec.sh(head === undefined ? script : firstThenScript(head, script), { allowFailure: true });
  if (head !== undefined) first!.check(r);
  return r;
}
