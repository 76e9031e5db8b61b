/**
 * The Action's entries (lib/main.js, lib/post.js) run the way the runner runs them: INPUT_* and
 * GITHUB_* variables, GITHUB_STATE handed from the main step to the post step as STATE_*.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export interface Entry {
  child: ChildProcess;
  /** stdout and stderr so far */
  out(): string;
  /** the exit code (null when killed by a signal) */
  done: Promise<number | null>;
}

/** Starts an Action entry (lib/main.js, lib/post.js) in the app repository with `env` added. */
export function runEntry(script: string, cwd: string, env: Record<string, string>): Entry {
  const child = spawn(process.execPath, [join(repoRoot(), script)], { cwd, env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, out: () => out, done };
}

/** GITHUB_STATE (`name<<delimiter` entries, the last one of a name wins) as the runner hands it to the post step. */
export function stateEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) env[`STATE_${m[1]}`] = m[3]!;
  return env;
}

/** The main step's GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE files (created empty) and its pause file, in `dir`. */
export interface StepFiles {
  out: string;
  summary: string;
  state: string;
  pause: string;
}

export async function stepFiles(dir: string, suffix = ''): Promise<StepFiles> {
  const files = {
    out: join(dir, `out${suffix}`),
    summary: join(dir, `summary${suffix}`),
    state: join(dir, `state${suffix}`),
    pause: join(dir, `pause${suffix}`),
  };
  for (const f of [files.out, files.summary, files.state]) await writeFile(f, '');
  return files;
}

/** Starts lib/main.js with `inputs` and the step files, paused at phase `at`; returns once it paused (or exited, or 2 minutes passed). */
export async function mainPausedAt(at: string, cwd: string, inputs: Record<string, string>, files: StepFiles): Promise<Entry> {
  const main = runEntry('lib/main.js', cwd, {
    ...inputs,
    GITHUB_OUTPUT: files.out,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITOPS_DEPLOY_PAUSE_AT: at,
    GITOPS_DEPLOY_PAUSE_FILE: files.pause,
  });
  for (let i = 0; i < 1200 && !existsSync(files.pause) && main.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
  return main;
}
