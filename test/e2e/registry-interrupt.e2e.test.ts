/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): a Ctrl-C (SIGINT to the CLI's process group, as a terminal
 * sends it) while the runner pushes must not leave the registry credential behind. The push runs in
 * a throw-away DOCKER_CONFIG that `docker login` filled (config.json holds base64 user:password);
 * its removal must run on a signal too, not only on a normal exit.
 */
import { readdir, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from './harness/cli.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The docker config files under `dir` (one level of mktemp -d directories) that hold a login to `addr`. */
async function logins(dir: string, addr: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir).catch(() => [])) {
    const file = join(dir, entry, 'config.json');
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.includes(addr)) found.push(file);
  }
  return found;
}

describe.runIf(ready)('a Ctrl-C while the runner pushes to the registry', () => {
  const app = registryApp({ tmpPrefix: 'gitops-e2e-reg-int', projectPrefix: 'gdregint', on: 'runner' });

  beforeAll(async () => {
    await mkdir(join(app.tmp, 'runner-tmp'));
  });

  it(
    'SIGINT to the process group once the push started: the throw-away DOCKER_CONFIG with the login is removed',
    async () => {
      const runnerTmp = join(app.tmp, 'runner-tmp');
      // TMPDIR: where the runner's `mktemp -d` puts the DOCKER_CONFIG
      const run = spawnCli(app.args('deploy'), { ...app.env(), TMPDIR: runnerTmp }, { detached: true });
      // logged in for the push: the push line is printed and a config.json holds the login
      const deadline = Date.now() + 120_000;
      while (
        Date.now() < deadline &&
        !(run.stderr().includes(`push ${app.reg.addr}/`) && (await logins(runnerTmp, app.reg.addr)).length > 0)
      )
        await sleep(10);
      expect(await logins(runnerTmp, app.reg.addr), run.stderr()).not.toEqual([]);
      process.kill(-run.child.pid!, 'SIGINT');
      const r = await run.done;
      expect(r.code).not.toBe(0);
      // the script's own cleanup may end just after the CLI: wait for it (a few seconds at most)
      for (let i = 0; i < 100 && (await logins(runnerTmp, app.reg.addr)).length > 0; i++) await sleep(100);
      expect(await logins(runnerTmp, app.reg.addr)).toEqual([]);
    },
    LONG,
  );
});
