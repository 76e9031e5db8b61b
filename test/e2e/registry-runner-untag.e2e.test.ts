/**
 * `build: {on: runner}` on real components (the harness sshd, compose v1 on the real engine,
 * Debian's docker-registry with htpasswd auth): a self-hosted runner's docker must not keep the
 * `<registry>/<repository>/<service>:release-<sha12>` tag of every deploy it pushed (its disk would
 * grow with each one). The run is paused when its Pull phase starts: the runner has pushed, no
 * host has pulled yet. The runner's engine is the host's here, so that is the moment to look.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './harness/cli.js';
import { imageIdOfTag } from './harness/docker.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.runIf(ready)('the runner after a push', () => {
  const app = registryApp({ tmpPrefix: 'gitops-e2e-reg-untag', projectPrefix: 'gdreguntag', on: 'runner', health: '30s' });

  it(
    'keeps no release tag once it pushed (the registry has it; the host pulls it and runs it)',
    async () => {
      const sha = app.repo.head();
      const ref = `${app.reg.addr}/${app.project}/web:release-${sha.slice(0, 12)}`;
      const pause = join(app.tmp, 'pause');
      const run = spawnCli(app.args('deploy'), { ...app.env(), GITOPS_DEPLOY_PAUSE_AT: 'pull', GITOPS_DEPLOY_PAUSE_FILE: pause });
      for (let i = 0; i < 2400 && !existsSync(pause) && run.child.exitCode === null; i++) await sleep(100);
      expect(existsSync(pause), run.stderr()).toBe(true);
      const atPull = { registry: await app.reg.tags(`${app.project}/web`), runner: await imageIdOfTag(ref) };
      await rm(pause);
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(atPull.registry).toEqual([`release-${sha.slice(0, 12)}`]);
      expect(atPull.runner).toBeNull();
      // the host pulled it (same engine here): the release runs the pushed image
      expect(await imageIdOfTag(ref)).not.toBeNull();
    },
    LONG,
  );
});
