/** Runs the real CLI (compiled by `npm test`'s tsc step into lib/) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file also runs compiled from .tmp/bench-out/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** lib/cli.js (tsc output) by default; GITOPS_E2E_CLI=dist runs the committed ncc bundle instead. */
export const CLI = join(repoRoot(), process.env.GITOPS_E2E_CLI === 'dist' ? 'dist/cli/index.js' : 'lib/cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when --json was passed and it parses */
  json?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

export interface CliOptions {
  /** run the CLI as the leader of its own process group (to kill the whole group) */
  detached?: boolean;
  /** working directory (default: the test's) */
  cwd?: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, opts: CliOptions = {}): Promise<CliRun> {
  return spawnCli(args, env, opts).done;
}

export interface CliProcess {
  child: ChildProcess;
  /** resolves when the process has exited (killed too) */
  done: Promise<CliRun>;
  /** stderr so far */
  stderr(): string;
}

/** Starts the CLI without waiting for it (fault tests pause, kill or race it). */
export function spawnCli(args: string[], env: Record<string, string> = {}, opts: CliOptions = {}): CliProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsc -p tsconfig.build.json\` (npm test does it)`);
  const start = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached,
    cwd: opts.cwd,
  });
  let stderr = '';
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json;
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
      }
      resolve({ code: code ?? 1, stdout, stderr, json, ms: performance.now() - start });
    });
  });
  return { child, done, stderr: () => stderr };
}

/** runCli, logging the command, its exit code and how long it took (on a loaded machine: where the time went). */
export async function runCliTimed(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const r = await runCli(args, env);
  console.log(
    `${args.slice(0, 1).join(' ')} ${args
      .slice(1)
      .filter((a) => a.startsWith('--') && !['--repo', '--target', '--json'].includes(a))
      .join(' ')}: rc ${r.code} in ${Math.round(r.ms)} ms`,
  );
  return r;
}
