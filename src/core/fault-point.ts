/**
 * A test hook for the fault-injection e2e suite: with GITOPS_DEPLOY_PAUSE_AT=<point> and
 * GITOPS_DEPLOY_PAUSE_FILE=<path>, the run writes its pid into <path> when it reaches <point>
 * (a phase name, lower case, or `switch`) and waits until the file is removed. The test then
 * injects its fault (link cut, SIGKILL, full disk, stopped dockerd) at a known moment.
 * Without both variables this is a no-op.
 */
import { access, rename, writeFile } from 'node:fs/promises';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function faultPoint(name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const at = env.GITOPS_DEPLOY_PAUSE_AT;
  const file = env.GITOPS_DEPLOY_PAUSE_FILE;
  if (!at || !file || at.toLowerCase() !== name.toLowerCase()) return;
  // written whole, then renamed: the test never reads an empty file
  await writeFile(`${file}.tmp`, String(process.pid));
  await rename(`${file}.tmp`, file);
  for (;;) {
    try {
      await access(file);
    } catch {
      return;
    }
    await sleep(50);
  }
}
