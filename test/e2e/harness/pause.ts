/**
 * Drives the CLI's fault hook (src/core/fault-point.ts): start a run that stops at a phase, do
 * something to the world (cut the link, kill it, fill the disk), then let it go on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnCli, type CliProcess } from './cli.js';

export interface PausedRun extends CliProcess {
  /** the pause file the run waits on */
  file: string;
  /** resolves once the run reached the phase (rejects if it exited before) */
  reached: Promise<void>;
  /** deletes the pause file: the run goes on */
  resume(): Promise<void>;
}

let counter = 0;

/** Starts `args` paused at `phase` (lower case: lock, plan, backup, upload, build, switch, apply, ...). */
export function pausedRun(args: string[], env: Record<string, string>, phase: string, dir: string, timeoutMs = 300_000): PausedRun {
  const file = join(dir, `pause-${process.pid}-${++counter}`);
  const proc = spawnCli(args, { ...env, GITOPS_DEPLOY_PAUSE_AT: phase, GITOPS_DEPLOY_PAUSE_FILE: file });
  let exited = false;
  void proc.done.then(() => (exited = true));
  const reached = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!(existsSync(file) && readFileSync(file, 'utf8').trim())) {
      if (exited) {
        const r = await proc.done;
        throw new Error(`the run exited (code ${r.code}) before reaching ${phase}:\n${r.stderr.slice(-2000)}`);
      }
      if (Date.now() > deadline) throw new Error(`the run did not reach ${phase} within ${timeoutMs} ms:\n${proc.stderr().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { ...proc, file, reached, resume: () => rm(file, { force: true }) };
}
