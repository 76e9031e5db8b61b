/**
 * The Action's post step after a main step killed while it held the deploy locks of a target with
 * two hosts (network namespaces, each with its own sshd and a private view of the deploy path).
 * A multi-host deploy takes a lock on every host (each with its own run id) before its Plan phase:
 * the post step must release all of them, not only the one saved last.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainPausedAt, runEntry, stateEnv, stepFiles } from './harness/action-entry.js';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { createNetnsHosts, netnsAvailable, type NetnsNetwork } from './harness/netns-host.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate('root + ip netns + nsenter + sshd', netnsAvailable());

describe.runIf(ready)("the Action's post step after a killed main step, two hosts", () => {
  let net: NetnsNetwork | undefined;
  let tmp = '';
  let repo: AppRepo;
  const lockOn = (i: number): string => join(net!.hosts[i]!.view!, '.deploy', 'lock');

  beforeAll(async () => {
    tmp = await makeTempDir('gd-action-post-hosts');
    const path = join(tmp, 'srv', 'app');
    await mkdir(path, { recursive: true, mode: 0o755 });
    net = await createNetnsHosts(2, { privatePath: path });
    // one deploy key for both hosts
    const key = readFileSync(join(net.hosts[0]!.dir, 'client_ed25519.pub'));
    for (const h of net.hosts) {
      await writeFile(join(h.dir, 'authorized_keys'), key);
      await mkdir(join(h.view!, 'shared', 'media'), { recursive: true });
      await writeFile(join(h.view!, 'shared', '.env'), 'SECRET_KEY=x\n');
    }
    const target = [
      '  prod:',
      '    strategy: compose',
      `    hosts: [${net.hosts.map((h) => h.target).join(', ')}]`,
      `    path: ${path}`,
      '    shared: [.env, media/]',
    ].join('\n');
    const config = `${fixtureHeader('gdposthosts', 'docker compose')}${FIXTURE_RULES}targets:\n${target}\n`;
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'), { '.github/deploy.yml': config });
  }, 300_000);

  afterAll(async () => {
    await net?.teardown();
    if (tmp) await removeTree(tmp);
  });

  it("releases every host's deploy lock the main step held", async () => {
    const hosts = net!.hosts;
    const files = await stepFiles(tmp);
    const inputs = {
      INPUT_COMMAND: 'deploy',
      INPUT_TARGET: 'prod',
      'INPUT_SSH-PRIVATE-KEY': hosts[0]!.clientKey,
      'INPUT_KNOWN-HOSTS': hosts.map((h) => h.knownHosts).join(''),
      GITHUB_RUN_ID: '4343',
      GITHUB_REPOSITORY: 'owner/app',
    };
    // a multi-host deploy takes every host's lock, then plans: paused there, it holds both
    const main = await mainPausedAt('plan', repo.dir, inputs, files);
    expect(existsSync(files.pause), main.out()).toBe(true);
    expect([existsSync(lockOn(0)), existsSync(lockOn(1))]).toEqual([true, true]);
    main.child.kill('SIGKILL');
    await main.done;

    const state = stateEnv(await readFile(files.state, 'utf8'));
    const post = runEntry('lib/post.js', repo.dir, { ...inputs, ...state });
    expect(await post.done, post.out()).toBe(0);
    expect(post.out()).toContain(`released the deploy lock of prod on ${hosts[0]!.target}`);
    expect(post.out()).toContain(`released the deploy lock of prod on ${hosts[1]!.target}`);
    expect([existsSync(lockOn(0)), existsSync(lockOn(1))]).toEqual([false, false]);
  }, 300_000);
});
