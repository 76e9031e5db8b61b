/**
 * public_html is the document root of a shared host: besides the frontend build it holds what the
 * site's owner and the app put there (Django's MEDIA_ROOT at public_html/media, a verification
 * file). On real components (sshd, rsync, the CLI; the frontend built on the runner), the frontend
 * sync (rsync --delete) may remove the stale files of the frontend it deployed before; a file no
 * deploy put there stops the deploy, and without an earlier frontend to tell, it is kept aside.
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

describe.runIf(ready)('the frontend sync into public_html', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-public-html');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  // it deleted public_html/media/ (the app's uploads), and the next deploy's snapshot of public_html
  // replaced the only copy: the uploads were gone for good
  it('the first sync keeps what it removes (warned); later ones refuse (exit 2, nothing changed) a file no deploy put there; a rollback keeps it aside', async () => {
    const root = join(tmp, 'site');
    const www = join(root, 'public_html');
    await mkdir(join(www, 'media'), { recursive: true });
    await mkdir(join(www, 'assets'), { recursive: true });
    await writeFile(join(www, '.htaccess'), 'rules');
    await writeFile(join(www, 'media', 'upload.jpg'), 'a user upload');
    await writeFile(join(www, 'assets', 'old-0.js'), 'the bundle deployed by hand');
    const frontend = (protect: string) => `    frontend: {build: "sh build.sh", dist: dist, public_html: ${www}, protect: [${protect}]}\n`;
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', frontend('.htaccess'));
    const config = join(repoDir, '.github', 'deploy.yml');
    await writeFile(join(repoDir, 'build.sh'), 'mkdir -p dist/assets && echo v1 > dist/index.html && echo a > dist/assets/a-1.js\n');
    const v1 = repo.commit('v1');
    const deploy = () => runCli(['deploy', '--repo', repoDir, '--json'], env);

    // public_html as deployed by hand: nothing tells the old bundle from the uploads, both are kept aside
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
    const removed = join(path, '.deploy', 'public_html-removed', v1);
    expect(first.stderr).toContain(`moved to ${removed}`);
    expect(first.stderr).toMatch(/media\/upload\.jpg/);
    expect(readFileSync(join(removed, 'media', 'upload.jpg'), 'utf8')).toBe('a user upload');
    expect(readFileSync(join(removed, 'assets', 'old-0.js'), 'utf8')).toBe('the bundle deployed by hand');
    expect(readFileSync(join(www, 'index.html'), 'utf8')).toBe('v1\n');
    expect(existsSync(join(www, 'assets', 'old-0.js'))).toBe(false);

    // the app stores an upload after that deploy; the next build drops a-1.js (this tool's own stale asset)
    await mkdir(join(www, 'media'), { recursive: true });
    await writeFile(join(www, 'media', 'new.jpg'), 'uploaded since');
    await writeFile(join(repoDir, 'build.sh'), 'mkdir -p dist/assets && echo v2 > dist/index.html && echo b > dist/assets/b-2.js\n');
    repo.commit('v2');
    const refused = await deploy();
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/would delete files no deploy put there .*: media\/new\.jpg\. .*frontend\.protect/);
    expect(refused.stderr).not.toContain('a-1.js');
    expect(readFileSync(join(www, 'media', 'new.jpg'), 'utf8')).toBe('uploaded since');
    expect(readFileSync(join(www, 'index.html'), 'utf8')).toBe('v1\n');

    // the owner protects the uploads: the deploy goes through, keeps them, and removes a-1.js
    await writeFile(config, readFileSync(config, 'utf8').replace(frontend('.htaccess'), frontend('.htaccess, media/')));
    repo.commit('v2 with media protected');
    const second = await deploy();
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(join(www, 'index.html'), 'utf8')).toBe('v2\n');
    expect(existsSync(join(www, 'assets', 'a-1.js'))).toBe(false);
    expect(existsSync(join(www, 'assets', 'b-2.js'))).toBe(true);
    expect(readFileSync(join(www, 'media', 'new.jpg'), 'utf8')).toBe('uploaded since');

    // a rollback puts v1's frontend back: it deleted a file put there since, and dropped its only copy
    await writeFile(join(www, 'google123.html'), 'site verification');
    const back = await runCli(['rollback', '--repo', repoDir, '--json'], env);
    expect(back.code, back.stderr).toBe(0);
    expect(readFileSync(join(www, 'index.html'), 'utf8')).toBe('v1\n');
    expect(existsSync(join(www, 'google123.html'))).toBe(false);
    const aside = join(path, '.deploy', 'trash', `public_html-${v1}`);
    expect(back.stderr).toContain(aside);
    expect(readFileSync(join(aside, 'google123.html'), 'utf8')).toBe('site verification');
    expect(readFileSync(join(www, 'media', 'new.jpg'), 'utf8')).toBe('uploaded since');
  });
});
