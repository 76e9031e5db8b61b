/** Runs commands where gitops-deploy runs (the runner): no shell for argv, the runner's environment without the deploy's secrets. */
import { spawn } from 'node:child_process';
import { withoutSecrets } from '../core/secret-env.js';
import { CommandError, type ExecOptions, type ExecResult, type Executor } from './types.js';

function spawnLocal(argv: string[], opts: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, env: { ...withoutSecrets(), ...opts.env }, stdio: 'pipe' });
    const [out, err]: [Buffer[], Buffer[]] = [[], []];
    child.stdout.on('data', (c: Buffer) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
    child.stderr.on('data', (c: Buffer) => (opts.onStderr ? opts.onStderr(c) : err.push(c)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

export const localExecutor: Executor = {
  name: 'local',
  async run(argv, opts = {}) {
    const r = await spawnLocal(argv, opts);
    if (r.code !== 0 && !opts.allowFailure) throw new CommandError(argv, r);
    return r;
  },
  async sh(script, opts = {}) {
    const r = await spawnLocal(['sh', '-c', script], opts);
    if (r.code !== 0 && !opts.allowFailure) throw new CommandError(script, r);
    return r;
  },
  close: async () => undefined,
};
