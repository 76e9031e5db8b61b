/**
 * The first frontend sync into a public_html deployed by hand moves what it removes into
 * <path>/.deploy/public_html-removed/<release> (rsync --backup-dir). When it both deletes a file
 * (rsync's generator moves it) and replaces one (the receiver moves the old copy), and
 * .deploy/public_html-removed does not exist yet, both processes create it at once, and rsync's
 * make_path() fails in the one that finds it made meanwhile (exit 23 or 11). The race is forced
 * every time by a shim in the real sshd's sessions (harness/mkdir-race.ts), as for the in-place
 * trash (inplace-trash-race.e2e.test.ts); the deploy must succeed and keep both files aside.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { buildMkdirRaceShim, mkdirRaceAvailable, mkdirRaceSetEnvAt, raceRan, type RaceLoser } from './harness/mkdir-race.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + gcc', sshdAvailable() && mkdirRaceAvailable());
const LONG = 180_000;

describe.runIf(ready)('passenger: the first frontend sync that moves files aside from both rsync processes', () => {
  let tmp = '';
  let shim = '';

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-public-html-race');
    shim = await buildMkdirRaceShim(tmp);
  });

  afterAll(async () => {
    if (tmp) await removeTree(tmp);
  });

  it.each<RaceLoser>(['generator', 'receiver'])(
    'the %s would lose the race for .deploy/public_html-removed: the deploy succeeds, the deleted and the replaced files kept aside',
    async (loser) => {
      const markers = join(tmp, loser, 'markers');
      await mkdir(markers, { recursive: true });
      const sshd = await startSshd({ extra: [mkdirRaceSetEnvAt(shim, markers, loser, 'public_html-removed')] });
      try {
        const root = join(tmp, loser);
        const www = join(root, 'public_html');
        // public_html as deployed by hand: a page the build replaces, a bundle it no longer has
        await mkdir(join(www, 'assets'), { recursive: true });
        await writeFile(join(www, 'index.html'), 'by hand\n');
        await writeFile(join(www, 'assets', 'old-0.js'), 'the bundle deployed by hand');
        const fe = `    frontend: {build: "sh build.sh", dist: dist, public_html: ${www}, protect: [.htaccess]}\n`;
        const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', fe);
        await writeFile(join(repoDir, 'build.sh'), 'mkdir -p dist/assets && echo v1 > dist/index.html && echo a > dist/assets/a-1.js\n');
        const v1 = repo.commit('v1');
        const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
        const r = await runCli(['deploy', '--repo', repoDir, '--json'], env);
        expect(r.stderr).not.toMatch(/make_backup|File exists/);
        expect(r.code, r.stderr).toBe(0);
        expect(readFileSync(join(www, 'index.html'), 'utf8')).toBe('v1\n');
        expect(existsSync(join(www, 'assets', 'old-0.js'))).toBe(false);
        const removed = join(path, '.deploy', 'public_html-removed', v1);
        expect(readFileSync(join(removed, 'index.html'), 'utf8')).toBe('by hand\n');
        expect(readFileSync(join(removed, 'assets', 'old-0.js'), 'utf8')).toBe('the bundle deployed by hand');
        // the parent was there before rsync ran: neither process had to create it
        expect(raceRan(markers)).toBe(false);
      } finally {
        await sshd.stop();
      }
    },
    LONG,
  );
});
