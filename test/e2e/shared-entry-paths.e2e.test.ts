/**
 * `shared` entries (and passenger's frontend.protect) become literal rsync protect rules, links in
 * each release and paths under <path>/shared: an entry that names no plain path (".", "a/./b",
 * "media/.", "a//b", a space around it) is bad input. With the real CLI against a real sshd: exit 2
 * with the config location, before anything on the host changes.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a shared entry that is not a plain relative path: exit 2, nothing changed', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-shared-paths');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it.each([
    ['"."', 'shared'],
    ['"./"', 'shared'],
    ['"a/./b"', 'shared'],
    ['"media/."', 'shared'],
    ['"conf//.env"', 'shared'],
    ['" .env"', 'shared'],
    ['"."', 'protect'],
  ])('%s in %s', async (entry, key) => {
    const name = `${key}-${readdirSync(tmp).length}`;
    const extra =
      key === 'shared'
        ? `    shared: [${entry}]\n`
        : `    frontend: {build: "mkdir -p dist && echo x > dist/index.html", dist: dist, public_html: ${join(tmp, name, 'www')}, protect: [${entry}]}\n`;
    const { repoDir, path, repo } = await passengerApp(join(tmp, name), sshd.port, 'releases', extra);
    repo.commit('v1');
    const r = await runCli(['deploy', '--repo', repoDir], env);
    expect(r.code, r.stderr).toBe(2);
    const field = key === 'shared' ? 'targets\\.t\\.shared\\[0\\]' : 'targets\\.t\\.frontend\\.protect\\[0\\]';
    expect(r.stderr).toMatch(new RegExp(`deploy\\.yml:\\d+:\\d+ ${field}: expected a relative path of plain names`));
    expect(r.stderr).not.toMatch(/invalid protected path|\n\s+at /);
    expect(readdirSync(path)).toEqual(['venv']);
    expect(existsSync(join(tmp, name, 'www'))).toBe(false);
  });
});
