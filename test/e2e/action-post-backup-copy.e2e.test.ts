/**
 * The off-site copy of `backup` with `upload-artifact: true` (the Action), on real components (a
 * real sshd, sqlite3 on the host, lib/main.js and lib/post.js run the way the runner runs them):
 * the main step downloads the backup (the whole database, 0600) into RUNNER_TEMP before uploading
 * it. A main step cancelled (SIGINT) or killed (SIGKILL) while it uploads must not leave that copy
 * behind on a self-hosted runner's disk: the interrupt removes it, else the post step does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainPausedAt, runEntry, stateEnv, stepFiles } from './harness/action-entry.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate, onPath } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + sqlite3', sshdAvailable() && onPath('sqlite3'));

describe.runIf(ready)("the runner's copy of a backup after a cancelled or killed main step", () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repoDir = '';
  let runnerTemp = '';
  const inputs = (runId: string): Record<string, string> => ({
    INPUT_COMMAND: 'backup',
    INPUT_TARGET: 't',
    'INPUT_UPLOAD-ARTIFACT': 'true',
    'INPUT_SSH-PRIVATE-KEY': sshd.clientKey,
    'INPUT_KNOWN-HOSTS': sshd.knownHosts,
    GITHUB_RUN_ID: runId,
    GITHUB_REPOSITORY: 'owner/app',
    RUNNER_TEMP: runnerTemp,
  });
  const copies = (): string[] => readdirSync(runnerTemp).filter((n) => n.startsWith('gitops-backup-'));

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gd-action-backup-copy');
    runnerTemp = join(tmp, 'runner-temp');
    await mkdir(runnerTemp);
    const app = await passengerApp(join(tmp, 'app'), sshd.port, 'releases', '    backup: {engine: sqlite, path: data.sqlite3}\n');
    repoDir = app.repoDir;
    execFileSync('sqlite3', [join(app.path, 'data.sqlite3'), "create table secret(v text); insert into secret values ('pii');"]);
    app.repo.commit('v1');
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('killed (SIGKILL) at the upload: the post step removes the copy', async () => {
    const files = await stepFiles(tmp, '-kill');
    const main = await mainPausedAt('upload artifact', repoDir, inputs('5151'), files);
    expect(existsSync(files.pause), main.out()).toBe(true);
    const [dir] = copies();
    expect(readdirSync(join(runnerTemp, dir!))).toHaveLength(1);
    main.child.kill('SIGKILL');
    await main.done;
    const post = runEntry('lib/post.js', repoDir, { ...inputs('5151'), ...stateEnv(await readFile(files.state, 'utf8')) });
    expect(await post.done, post.out()).toBe(0);
    expect(copies()).toEqual([]);
  }, 300_000);

  it('cancelled (SIGINT) at the upload: the main step removes the copy itself', async () => {
    const files = await stepFiles(tmp, '-int');
    const before = copies();
    const main = await mainPausedAt('upload artifact', repoDir, inputs('5152'), files);
    expect(existsSync(files.pause), main.out()).toBe(true);
    expect(copies()).toHaveLength(before.length + 1);
    main.child.kill('SIGINT');
    expect(await main.done, main.out()).toBe(130);
    expect(copies()).toEqual(before);
  }, 300_000);
});
