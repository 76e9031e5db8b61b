/** The frontend step: built on the runner from the deployed commit, its dist synced to public_html. */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { PassengerTarget } from '../../config/schema.js';
import type { Reporter } from '../../core/reporter.js';
import { withoutSecrets } from '../../core/secret-env.js';
import { exportTree, type ExportedTree } from '../../sync/export-tree.js';
import { buildRsyncArgs } from '../../sync/rsync.js';
import { runRsync, type RsyncStats } from '../../sync/run-rsync.js';
import type { HostConnection } from '../../transport/connect.js';
import { shellQuote as q } from '../../transport/quote.js';
import { runStreamed } from '../../transport/line-stream.js';
import type { ExecOptions, ExecResult } from '../../transport/types.js';
import { tail } from '../../core/text.js';

type Frontend = NonNullable<PassengerTarget['frontend']>;

export interface BuiltFrontend extends ExportedTree {
  /** absolute local directory to upload */
  dist: string;
}

/**
 * The build's environment: `env` without the Action inputs (every INPUT_*, among them the SSH key,
 * the database password and the GitHub token) and the deploy's other secrets.
 */
export const buildEnvironment = withoutSecrets;

/** `sh -c <command>` in `cwd` with exactly `env` (not merged into process.env), output collected. */
function runBuild(
  command: string,
  cwd: string,
  env: Record<string, string>,
  hooks: Pick<ExecOptions, 'onStdout' | 'onStderr'>,
): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => (hooks.onStdout ? hooks.onStdout(c) : out.push(c)));
    child.stderr.on('data', (c: Buffer) => {
      err.push(c);
      hooks.onStderr?.(c);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/**
 * Runs `build` (through sh) in a fresh export of `sha`, so the upload is exactly what that commit
 * builds, whatever the working tree holds, with the runner's environment minus the deploy's
 * secrets (buildEnvironment). Fails when the build fails or writes no `dist`.
 */
export async function buildFrontend(repo: string, sha: string, fe: Frontend, reporter: Reporter): Promise<BuiltFrontend> {
  const tree = await exportTree(repo, sha);
  try {
    reporter.info(`frontend build: ${fe.build}`);
    const env = buildEnvironment(process.env);
    const r = await runStreamed(
      (hooks) => runBuild(fe.build, tree.dir, env, hooks),
      (l) => reporter.info(l),
      '[frontend] ',
    );
    if (r.code !== 0) throw new Error(`frontend build failed (exit ${r.code}): ${fe.build}\n${tail(r.stdout + r.stderr, 20)}`);
    const dist = join(tree.dir, fe.dist);
    if (
      !(await stat(dist).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      throw new Error(`frontend build wrote no ${fe.dist}/ directory`);
    return { ...tree, dist };
  } catch (e) {
    await tree.cleanup();
    throw e;
  }
}

/**
 * The rsync of dist/ → public_html with --delete (protected paths kept). `dryRun`: only itemized,
 * nothing changed; `removedTo`: what it deletes or replaces is moved there (absolute, on the host).
 */
export function frontendRsyncArgs(
  conn: Pick<HostConnection, 'remote' | 'sshArgs'>,
  dist: string,
  fe: Frontend,
  chmod: string,
  o: { dryRun?: boolean; removedTo?: string } = {},
): string[] {
  const common = {
    source: dist,
    dest: fe.public_html,
    remote: conn.remote,
    sshArgs: conn.sshArgs,
    delete: true,
    chmod,
    protect: fe.protect,
  };
  // --checksum as the sync itself: a rebuilt file of the same content is kept (and only its attributes set)
  if (o.dryRun) return buildRsyncArgs({ ...common, checksum: true, dryRun: true, itemize: true });
  return buildRsyncArgs({ ...common, checksum: true, backupDir: o.removedTo });
}

/**
 * rsync dist/ → public_html with --delete: stale assets go, protected files (.htaccess) stay; modes
 * after `chmod`; `removedTo`: what it deletes or replaces is kept there.
 */
export async function uploadFrontend(
  conn: HostConnection,
  dist: string,
  fe: Frontend,
  chmod: string,
  reporter: Reporter,
  removedTo?: string,
): Promise<RsyncStats> {
  // the parent of `removedTo` made first: else rsync's two processes may race to make it (sync/trash.ts pickTrashScript)
  const dirs = [fe.public_html, ...(removedTo ? [posix.dirname(removedTo)] : [])];
  await conn.exec.sh(`mkdir -p ${dirs.map(q).join(' ')}`);
  const args = frontendRsyncArgs(conn, dist, fe, chmod, { removedTo });
  const { stats } = await runRsync(args, { ensureMaster: () => conn.ensureMaster() });
  reporter.info(`public_html: ${stats.filesTransferred} files sent, ${stats.deletedFiles} deleted, ${fe.protect.length} protected`);
  return stats;
}
