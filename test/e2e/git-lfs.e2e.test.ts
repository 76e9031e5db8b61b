/**
 * Git LFS files deployed over the real sshd + rsync (passenger, both layouts): the host gets their
 * content from the runner's local LFS store (no LFS server here: the objects are only in the
 * repository's .git/lfs), also where git-lfs is not set up; a commit whose LFS object is not there
 * is refused with exit 2 before anything changes on the host.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import {
  dropLfsObject,
  forgetLfsFilter,
  lfsTrack,
  lfsTrackInAttributesFile,
  lfsOid,
  lfsTrackLocally,
  NO_LFS_CONFIG,
  writeV1Manifest,
} from './harness/lfs.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate, onPath } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + git-lfs', sshdAvailable() && onPath('git-lfs'));

/** Every entry below `dir` with its type, mode, size, mtime of files, link target and content hash: what "untouched" compares. */
function hostListing(dir: string): string {
  return execFileSync(
    'sh',
    [
      '-c',
      `cd "$0" && find . -printf '%y %m %s %l %p\\n' -type f -printf '%T@ %p\\n' | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort`,
      dir,
    ],
    { encoding: 'utf8' },
  );
}

describe.runIf(ready)('Git LFS files reach the host as their content', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-lfs');
    // the runner of a checkout where git-lfs is not set up (no system/global filter config)
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, ...NO_LFS_CONFIG };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  /**
   * A passenger app whose `static/*.bin` are in Git LFS (`track`: how they are tracked), with
   * `static/logo.bin` = `content`, committed.
   */
  async function lfsApp(name: string, layout: 'releases' | 'in-place', content: string, track = lfsTrack, extra = '') {
    const app = await passengerApp(join(tmp, name), sshd.port, layout, extra, 5);
    track(app.repoDir, 'static/*.bin');
    await mkdir(join(app.repoDir, 'static'), { recursive: true });
    await writeFile(join(app.repoDir, 'static', 'logo.bin'), content);
    const sha = app.repo.commit('v1');
    forgetLfsFilter(app.repoDir);
    return { ...app, sha };
  }

  it('releases layout: the first deploy and the next one (the LFS file changed) leave its content, not its pointer', async () => {
    const v1 = randomBytes(4000).toString('base64');
    const { repoDir, path, repo, sha } = await lfsApp('releases', 'releases', v1);
    const r1 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r1.code, r1.stderr).toBe(0);
    expect(readFileSync(join(path, 'current', 'static', 'logo.bin'), 'utf8')).toBe(v1);

    const v2 = `${v1}-v2`;
    lfsTrack(repoDir, 'static/*.bin');
    await writeFile(join(repoDir, 'static', 'logo.bin'), v2);
    await writeFile(join(repoDir, 'filler-0.txt'), 'changed\n');
    const sha2 = repo.commit('v2');
    forgetLfsFilter(repoDir);
    expect(repo.git('diff', '--name-only', 'HEAD~1', 'HEAD').split('\n').filter(Boolean).sort()).toEqual([
      'filler-0.txt',
      'static/logo.bin',
    ]);
    const r2 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readFileSync(join(path, 'releases', sha2, 'static', 'logo.bin'), 'utf8')).toBe(v2);
    // the diff upload from v1 (uploaded with its LFS content): the changed LFS file sent with its content
    expect(r2.stderr).toMatch(new RegExp(`upload: 2 changed paths of \\d+ \\(diff from ${sha.slice(0, 12)}\\)`));
    expect(readFileSync(join(path, 'current', 'filler-0.txt'), 'utf8')).toBe('changed\n');

    // v3 changes another file only: the unchanged LFS file is hard-linked from v2, with its content
    await writeFile(join(repoDir, 'filler-1.txt'), 'changed too\n');
    const sha3 = repo.commit('v3');
    const r3 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r3.code, r3.stderr).toBe(0);
    expect(r3.stderr).toMatch(/upload: 1 changed path of \d+ \(diff from /);
    expect(readFileSync(join(path, 'releases', sha3, 'static', 'logo.bin'), 'utf8')).toBe(v2);
    expect(statSync(join(path, 'releases', sha3, 'static', 'logo.bin')).ino).toBe(
      statSync(join(path, 'releases', sha2, 'static', 'logo.bin')).ino,
    );
  });

  it('a release uploaded before its LFS content was recorded (manifest v1, a pointer in it): the next upload is full, the content lands', async () => {
    const v1 = randomBytes(4000).toString('base64');
    const { repoDir, path, repo, sha } = await lfsApp('before', 'releases', v1);
    expect((await runCli(['deploy', '--repo', repoDir], env)).code).toBe(0);
    // what an upload before LFS content was sent left: the pointer, and a v1 manifest that matches it
    const release = join(path, 'releases', sha);
    await writeFile(join(release, 'static', 'logo.bin'), repo.git('cat-file', '-p', `${sha}:static/logo.bin`));
    await writeV1Manifest(repoDir, path, sha);
    await writeFile(join(repoDir, 'filler-0.txt'), 'changed\n');
    const sha2 = repo.commit('v2');
    const r2 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/upload: full \(the previous release directory changed since its upload, or the upload rules did\)/);
    expect(readFileSync(join(path, 'releases', sha2, 'static', 'logo.bin'), 'utf8')).toBe(v1);
  });

  it('in-place layout: the LFS file has its content', async () => {
    const v1 = randomBytes(3000).toString('base64');
    const { repoDir, path } = await lfsApp('inplace', 'in-place', v1);
    const r = await runCli(['deploy', '--repo', repoDir], env);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(path, 'static', 'logo.bin'), 'utf8')).toBe(v1);
  });

  it('the LFS object not in the local store (a checkout without lfs: true): exit 2 naming the file, the host untouched', async () => {
    const v1 = randomBytes(3000).toString('base64');
    const { repoDir, path, repo } = await lfsApp('missing', 'releases', v1);
    const r1 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stderr).toContain('▶ Upload');
    const before = hostListing(path);

    lfsTrack(repoDir, 'static/*.bin');
    await writeFile(join(repoDir, 'static', 'logo.bin'), `${v1}-v2`);
    const sha2 = repo.commit('v2');
    forgetLfsFilter(repoDir);
    dropLfsObject(repoDir, sha2, 'static/logo.bin');
    const r2 = await runCli(['deploy', '--repo', repoDir], env);
    expect(r2.code, r2.stderr).toBe(2);
    expect(r2.stderr).toMatch(
      /Git LFS: 1 file of [0-9a-f]{12} is an LFS pointer whose content is not in the local LFS store: static\/logo\.bin\./,
    );
    expect(r2.stderr).toContain('`lfs: true`');
    expect(r2.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // refused in the plan, before the upload (the export refuses it too)
    expect(r2.stderr).toContain('▶ Plan');
    expect(r2.stderr).not.toContain('▶ Upload');
    expect(hostListing(path)).toBe(before);
  });

  it.each([
    ['tracked in .git/info/attributes only (no committed .gitattributes)', 'info-attributes', lfsTrackLocally],
    [
      "tracked in git's core.attributesFile only (outside the repository)",
      'attributes-file',
      (dir: string, pattern: string) => lfsTrackInAttributesFile(dir, join(dir, '..', 'user-attributes'), pattern),
    ],
    [
      'objects in a custom lfs.storage directory',
      'lfs-storage',
      (dir: string, pattern: string) => {
        // relative: inside the git directory, as git-lfs reads it (here <root>/lfs-store, beside the work tree)
        execFileSync('git', ['-C', dir, 'config', 'lfs.storage', '../../lfs-store']);
        lfsTrack(dir, pattern);
      },
    ],
  ])('%s: the host gets the content', async (_name, dir, track) => {
    const v1 = randomBytes(3000).toString('base64');
    const { repoDir, path } = await lfsApp(dir, 'releases', v1, track);
    // committed as its pointer (git-lfs cleaned it on `git add`): lfsOid throws on any other blob
    expect(lfsOid(repoDir, 'HEAD', 'static/logo.bin')).toMatch(/^[0-9a-f]{64}$/);
    const r = await runCli(['deploy', '--repo', repoDir], env);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(path, 'current', 'static', 'logo.bin'), 'utf8')).toBe(v1);
  });
  /**
   * A checkout made with `git lfs pull --exclude=<path>`: the LFS files the upload never sends
   * (`exclude:`, a shared path) have no object in the local store, the others have theirs.
   */
  it.each([
    ['releases', 'an `exclude:` directory', 'static/raw/huge.bin', '    exclude: ["static/raw/"]'],
    ['in-place', 'a shared path', 'static/raw/huge.bin', '    shared: [static/raw/]'],
  ] as const)(
    '%s layout: an LFS file in %s needs no object (never sent): the deploy runs, the host never gets it',
    async (layout, _what, skipped, extra) => {
      const v1 = randomBytes(3000).toString('base64');
      const { repoDir, path, repo, sha } = await lfsApp(`left-out-${layout}`, layout, v1, lfsTrack, extra);
      lfsTrack(repoDir, 'static/*.bin', 'static/raw/*.bin');
      await mkdir(join(repoDir, 'static', 'raw'), { recursive: true });
      await writeFile(join(repoDir, skipped), randomBytes(3000).toString('base64'));
      const sha2 = repo.commit('with a large file the host never gets');
      forgetLfsFilter(repoDir);
      dropLfsObject(repoDir, sha2, skipped);
      expect(repo.git('ls-tree', '-r', '--name-only', sha2)).toContain(skipped);
      const r = await runCli(['deploy', '--repo', repoDir], env);
      expect(r.code, r.stderr).toBe(0);
      const root = layout === 'releases' ? join(path, 'current') : path;
      expect(readFileSync(join(root, 'REVISION'), 'utf8').trim()).toBe(sha2);
      expect(readFileSync(join(root, 'static', 'logo.bin'), 'utf8')).toBe(v1);
      expect(existsSync(join(root, skipped))).toBe(false);
      expect(sha2).not.toBe(sha);
    },
  );
});
