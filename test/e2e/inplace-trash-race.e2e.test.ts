/**
 * The first in-place sync that both deletes a file (rsync's generator moves it into the trash) and
 * replaces one (the receiver moves the old copy there) while <path>/.deploy/trash does not exist
 * yet: both processes create the trash directory at once, and rsync's make_path() fails in the one
 * that finds it made meanwhile ("make_backup(<file>) failed: File exists", exit 23, when the
 * generator loses; exit 11 when the receiver does). The race is forced, every time, by a shim in the
 * real sshd's sessions (harness/mkdir-race.ts); the deploy must succeed in one sync and keep every
 * removed and replaced file in the trash.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { buildMkdirRaceShim, mkdirRaceAvailable, mkdirRaceSetEnv, raceRan, type RaceLoser } from './harness/mkdir-race.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + gcc', sshdAvailable() && mkdirRaceAvailable());
const LONG = 180_000;

describe.runIf(ready)('in place: the first sync that moves files into the trash from both rsync processes', () => {
  let tmp = '';
  let shim = '';

  beforeAll(async () => {
    tmp = await makeTempDir('gitops-e2e-trash-race');
    shim = await buildMkdirRaceShim(tmp);
  });

  afterAll(async () => {
    if (tmp) await removeTree(tmp);
  });

  it.each<RaceLoser>(['generator', 'receiver'])(
    'the %s would lose the race for .deploy/trash: the deploy succeeds in one sync, the deleted and the replaced files kept in the trash',
    async (loser) => {
      const markers = join(tmp, loser, 'markers');
      await mkdir(markers, { recursive: true });
      const sshd = await startSshd({ extra: [mkdirRaceSetEnv(shim, markers, loser)] });
      try {
        const { repoDir, path, repo } = await passengerApp(join(tmp, loser), sshd.port, 'in-place', '');
        const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
        const deploy = () => runCli(['deploy', '--repo', repoDir, '--json'], env);
        await mkdir(join(repoDir, 'pkg'));
        await writeFile(join(repoDir, 'app.py'), 'V = 1\n');
        await writeFile(join(repoDir, 'pkg', '__init__.py'), '');
        const v1 = repo.commit('v1');
        const r1 = await deploy();
        expect(r1.code, r1.stderr).toBe(0);
        // what an editable pip install leaves in the tree: not in the commit, so the next sync removes it
        await mkdir(join(path, 'pkg', 'pkg.egg-info'));
        await writeFile(join(path, 'pkg', 'pkg.egg-info', 'top_level.txt'), 'pkg\n');
        await writeFile(join(repoDir, 'app.py'), 'V = 2\n');
        const v2 = repo.commit('v2');
        const r2 = await deploy();
        expect(r2.stderr).not.toMatch(/make_backup|could not move a file into the trash/);
        expect(r2.code, r2.stderr).toBe(0);
        expect(readFileSync(join(path, 'app.py'), 'utf8')).toBe('V = 2\n');
        expect(existsSync(join(path, 'pkg', 'pkg.egg-info'))).toBe(false);
        const trash = join(path, '.deploy', 'trash', v2);
        expect(readFileSync(join(trash, 'pkg', 'pkg.egg-info', 'top_level.txt'), 'utf8')).toBe('pkg\n');
        expect(readFileSync(join(trash, 'app.py'), 'utf8')).toBe('V = 1\n');
        expect(readFileSync(join(trash, 'REVISION'), 'utf8')).toBe(`${v1}\n`);
        // the trash's parent was there before rsync ran: neither process had to create it
        expect(raceRan(markers)).toBe(false);
      } finally {
        await sshd.stop();
      }
    },
    LONG,
  );
});
