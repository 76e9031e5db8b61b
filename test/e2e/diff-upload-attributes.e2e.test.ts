/**
 * The diff upload sends only the paths `git diff` lists, but `git archive` (what the full upload
 * sends) converts files after their `.gitattributes` (eol, ident, filters): a commit that changes a
 * .gitattributes changes files whose blobs did not change. On real git + sshd + rsync (passenger,
 * releases layout): the release equals `git archive` of its commit, whichever upload ran.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());

describe.runIf(ready)('a .gitattributes change reaches the files it converts', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-diff-attributes');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('eol=crlf and ident added for unchanged files: the new release has them converted, as git archive writes them', async () => {
    const { repoDir, path, repo } = await passengerApp(join(tmp, 'app'), sshd.port, 'releases', '', 30);
    const archived = (sha: string, file: string): string =>
      execFileSync('sh', ['-c', `git -C "$0" archive "$1" -- "$2" | tar -xOf -`, repoDir, sha, file], { encoding: 'utf8' });
    await writeFile(join(repoDir, 'run.bat'), 'echo hi\necho there\n');
    await writeFile(join(repoDir, 'version.txt'), 'v $Id$\n');
    repo.commit('v1');
    const r1 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r1.code, r1.stderr).toBe(0);
    await writeFile(join(repoDir, '.gitattributes'), '*.bat text eol=crlf\nversion.txt ident\n');
    await writeFile(join(repoDir, 'filler-0.txt'), 'changed\n');
    const v2 = repo.commit('v2: .gitattributes converts run.bat and version.txt');
    const r2 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r2.code, r2.stderr).toBe(0);
    expect(archived(v2, 'run.bat')).toBe('echo hi\r\necho there\r\n');
    expect(archived(v2, 'version.txt')).toMatch(/^v \$Id: [0-9a-f]{40} \$\n$/);
    const release = join(path, 'releases', v2);
    expect(readFileSync(join(release, 'run.bat'), 'utf8')).toBe(archived(v2, 'run.bat'));
    expect(readFileSync(join(release, 'version.txt'), 'utf8')).toBe(archived(v2, 'version.txt'));
    expect(readFileSync(join(release, 'filler-0.txt'), 'utf8')).toBe('changed\n');
    expect(r2.stderr).toContain('upload: full (a .gitattributes changed');
  });
});
