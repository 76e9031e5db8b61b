/** `init` run on a repository, then the edits its next steps ask for (host, port, path of an sshd host), committed. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import type { AppRepo } from './app-repo.js';
import { runCli, type CliRun } from './cli.js';
import type { SshdHandle } from './sshd.js';

/** Runs `init` (its run returned), points targets.production at root@127.0.0.1:<sshd port> and `hostPath`, commits; `target` is the result. */
export async function initForSshd(
  repo: AppRepo,
  sshd: SshdHandle,
  hostPath: string,
): Promise<{ init: CliRun; target: Record<string, unknown> }> {
  const init = await runCli(['init', '--repo', repo.dir]);
  if (init.code !== 0) return { init, target: {} };
  const file = join(repo.dir, '.github', 'deploy.yml');
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.setIn(['targets', 'production', 'host'], 'root@127.0.0.1');
  doc.setIn(['targets', 'production', 'port'], sshd.port);
  doc.setIn(['targets', 'production', 'path'], hostPath);
  await writeFile(file, doc.toString());
  await repo.commit('gitops-deploy config', {});
  return { init, target: parse(await readFile(file, 'utf8')).targets.production };
}
