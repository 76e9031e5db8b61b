/**
 * A git submodule in the deployed commit: the upload is `git archive` of the commit, which leaves
 * the submodule out (an empty directory, none of its files) whatever the runner's checkout holds. On real
 * components (git, sshd, rsync, the real CLI): the plan and the deploy say so in a warning, the
 * deploy still succeeds, and a later deploy that moves the submodule (the diff upload) too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { gitIn, passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a git submodule is not uploaded, and the plan says so', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-submodule');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('plan and deploy warn naming it; the host has the commit without it; a submodule bump deploys', async () => {
    const subDir = join(tmp, 'theme');
    await mkdir(subDir);
    const sub = gitIn(subDir);
    sub.git('init', '-q', '-b', 'main');
    await writeFile(join(subDir, 'theme.css'), 'body {}\n');
    sub.commit('theme v1');
    const { repoDir, path, repo } = await passengerApp(join(tmp, 'app'), sshd.port, 'releases', '', 5);
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', subDir, 'vendor/theme');
    const v1 = repo.commit('v1: vendor/theme is a submodule');
    expect(readdirSync(join(repoDir, 'vendor', 'theme'))).toContain('theme.css');
    const planned = await runCli(['plan', '--repo', repoDir, '--json'], env);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.json.warnings).toEqual([
      expect.stringMatching(/^a git submodule: vendor\/theme\. A deploy uploads none of its files \(the upload is git archive/),
    ]);
    const r1 = await runCli(['deploy', '--repo', repoDir, '--json'], env);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toContain('a git submodule: vendor/theme.');
    expect(r1.json.warnings.join('\n')).toContain('a git submodule: vendor/theme.');
    expect(readFileSync(join(path, 'releases', v1, 'passenger_wsgi.py'), 'utf8')).toBe('application = None\n');
    // git archive writes the submodule as an empty directory
    expect(readdirSync(join(path, 'releases', v1, 'vendor', 'theme'))).toEqual([]);
    // the submodule moves, one app file changes: the diff upload runs and the release is complete
    await writeFile(join(subDir, 'theme.css'), 'body { color: red }\n');
    sub.commit('theme v2');
    repo.git('-C', join(repoDir, 'vendor', 'theme'), 'pull', '-q', 'origin', 'main');
    await writeFile(join(repoDir, 'filler-0.txt'), 'changed\n');
    const v2 = repo.commit('v2: theme bumped');
    const r2 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toContain('upload: 2 changed paths');
    expect(readFileSync(join(path, 'releases', v2, 'filler-0.txt'), 'utf8')).toBe('changed\n');
    expect(readdirSync(join(path, 'releases', v2, 'vendor', 'theme'))).toEqual([]);
  });
});
