/**
 * The Action's post step after a main step killed while it held the deploy lock (a cancelled job
 * whose main step did not get to its own cleanup): run the way the runner runs them, the main step
 * (lib/main.js) SIGKILLed in its Upload phase, then the post step (lib/post.js) with the state the
 * main step saved (GITHUB_STATE → STATE_*). The post step releases the lock over a verified SSH
 * connection and removes the main step's run directory; it never fails the job.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { mainPausedAt, runEntry, stateEnv, stepFiles } from './harness/action-entry.js';
import { dockerAvailable, removeProject, uniqueProject } from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('sshd + docker engine', sshdAvailable() && (await dockerAvailable()));

describe.runIf(ready)("the Action's post step after a killed main step", () => {
  let sshd: SshdHandle;
  let tmp = '';
  let repo: AppRepo;
  let hostPath = '';
  const project = uniqueProject('gdpost');
  /** the Action's inputs of a deploy to vps, in run `runId` */
  const inputs = (runId: string): Record<string, string> => ({
    INPUT_COMMAND: 'deploy',
    INPUT_TARGET: 'vps',
    'INPUT_SSH-PRIVATE-KEY': sshd.clientKey,
    'INPUT_KNOWN-HOSTS': sshd.knownHosts,
    GITHUB_RUN_ID: runId,
    GITHUB_REPOSITORY: 'owner/app',
  });

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gd-action-post');
    hostPath = join(tmp, 'host', 'app');
    const config = `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${composeTarget('vps', sshd.port, hostPath)}`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
  });

  afterAll(async () => {
    await removeProject(project);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('releases the deploy lock the main step held and removes its run directory', async () => {
    const files = await stepFiles(tmp);
    const main = await mainPausedAt('upload', repo.dir, inputs('4242'), files);
    expect(existsSync(files.pause), main.out()).toBe(true);
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(true);
    main.child.kill('SIGKILL');
    await main.done;

    const state = stateEnv(await readFile(files.state, 'utf8'));
    expect(JSON.parse(state.STATE_lock!)).toEqual({
      target: 'vps',
      locks: [{ host: 0, runId: expect.stringMatching(/^4242\.[0-9a-f]{8}$/) }],
    });
    const keyDir = state.STATE_keyDir!;
    expect(existsSync(keyDir)).toBe(true);
    const post = runEntry('lib/post.js', repo.dir, { ...inputs('4242'), ...state });
    expect(await post.done, post.out()).toBe(0);
    expect(post.out()).toContain('released the deploy lock of vps');
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
    expect(existsSync(keyDir)).toBe(false);
  }, 300_000);

  it('a cancelled main step (SIGINT): releases the lock, then writes the result output and the job summary once', async () => {
    const files = await stepFiles(tmp, '-int');
    const main = await mainPausedAt('upload', repo.dir, inputs('4243'), files);
    expect(existsSync(files.pause), main.out()).toBe(true);
    // the runner cancels a step with SIGINT (SIGTERM 7.5 s later)
    main.child.kill('SIGINT');
    expect(await main.done, main.out()).toBe(130);
    expect(existsSync(join(hostPath, '.deploy', 'lock'))).toBe(false);
    const summary = await readFile(files.summary, 'utf8');
    expect(summary.match(/## .*gitops-deploy deploy → vps: failure/g), summary).toHaveLength(1);
    expect(summary).toContain('SIGINT');
    expect(await readFile(files.out, 'utf8')).toMatch(/^result<<(\S+)\nfailure\n\1$/m);
    // released by the main step: nothing left for the post step
    expect(stateEnv(await readFile(files.state, 'utf8')).STATE_lock).toBe('');
  }, 300_000);
});
