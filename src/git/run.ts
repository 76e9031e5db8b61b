import { spawn } from 'node:child_process';
import { withoutSecrets } from '../core/secret-env.js';

/** Runs one git command in a work tree: its standard output, as text. */
export interface Git {
  raw(args: string[]): Promise<string>;
}

/** Runs `git <args>` in `dir` (no shell, nothing on stdin, without the deploy's secrets in its environment): its standard output. A non-zero exit rejects with git's standard error. */
export function runGit(dir: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: withoutSecrets() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
  });
}

/** One Git per directory: what it read once (once.ts) serves every caller that opens the same repository. */
const gits = new Map<string, Git>();

/**
 * The git of the work tree at `dir` (an absolute path): each command its own process, started at
 * once (loading no library: the plan's cold start); the same object for the same directory.
 */
export function gitAt(dir: string): Git {
  let git = gits.get(dir);
  if (!git) gits.set(dir, (git = { raw: async (args) => (await runGit(dir, args)).toString('utf8') }));
  return git;
}
