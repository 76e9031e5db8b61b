/**
 * A file committed under a `shared` entry (`media/default.png` with `shared: [media/]`, a committed
 * `.env` with `shared: [.env]`) never reaches the host: the entry is a link to <path>/shared. On
 * real components (sshd, rsync, the real CLI), in both passenger layouts: the deploy and the plan
 * name those files in a warning, and the host's shared copies are left exactly as they were.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('committed files under a shared entry (passenger)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-shared-hides');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it.each(['releases', 'in-place'] as const)('layout %s: the deploy and the plan name them; shared/ is untouched', async (layout) => {
    const { repoDir, path, repo } = await passengerApp(join(tmp, layout), sshd.port, layout, '    shared: [media/, .env]\n');
    await mkdir(join(repoDir, 'media'));
    await writeFile(join(repoDir, 'media', 'default.png'), 'committed png');
    await writeFile(join(repoDir, '.env'), 'SECRET_KEY=dev\n');
    repo.commit('v1');
    await mkdir(join(path, 'shared', 'media'), { recursive: true });
    await writeFile(join(path, 'shared', '.env'), 'SECRET_KEY=prod\n');
    const planned = await runCli(['plan', '--repo', repoDir, '--json'], env);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.json.warnings).toEqual([
      expect.stringMatching(/^targets\.t\.shared "media\/" hides a committed file: media\/default\.png\. A deploy never uploads it/),
      expect.stringMatching(/^targets\.t\.shared "\.env" hides a committed file: \.env\. /),
    ]);
    const run = await runCli(['deploy', '--repo', repoDir, '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/shared "media\/" hides a committed file: media\/default\.png/);
    expect(run.json.warnings.join('\n')).toMatch(/shared "\.env" hides a committed file: \.env/);
    const live = layout === 'releases' ? join(path, 'current') : path;
    expect(existsSync(join(live, 'media', 'default.png'))).toBe(false);
    expect(existsSync(join(path, 'shared', 'media', 'default.png'))).toBe(false);
    expect(readFileSync(join(live, '.env'), 'utf8')).toBe('SECRET_KEY=prod\n');
  });
});
