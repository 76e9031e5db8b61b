/**
 * Passenger with layout in-place, on a real sshd + rsync (no web server, restart by touch): the
 * `shared` store (<path>/shared/.env, shared/media/), a `.env` the tree holds at its root and the
 * uploads an `exclude` keeps (uploads/) survive every kind of run, one row each: deploys, a failed
 * deploy (its undo restores the tree from the snapshot), a rollback, the deploy after it. After
 * each row, the app writes one more upload (media and uploads), which the next rows must keep.
 * (Compose in place: inplace-host-data.e2e.test.ts.)
 */
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync', sshdAvailable());
const LONG = 300_000;

describe.runIf(ready)('passenger in place: shared/, .env and uploads survive deploys, a failed deploy and a rollback', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-inplace-data-passenger');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it(
    'every row keeps them',
    async () => {
      const extra = '    shared: [.env, settings.env, media/]\n    exclude: [uploads/]\n';
      const { repoDir, path, repo } = await passengerApp(join(tmp, 'site'), sshd.port, 'in-place', extra, 3);
      const config = join(repoDir, '.github', 'deploy.yml');
      const tasks = 'tasks:\n  check: {command: "test ! -e fail.txt", paths: [fail.txt, VERSION]}\n';
      await writeFile(config, `${tasks}${readFileSync(config, 'utf8')}`);
      // what the user prepared before the first deploy: shared entries in shared/, and one (.env) the tree holds in place
      await mkdir(join(path, 'shared', 'media'), { recursive: true });
      await writeFile(join(path, 'shared', 'settings.env'), 'SECRET= spaced \n');
      await writeFile(join(path, '.env'), 'DEBUG=0\n');
      const uploads: string[] = [];
      const upload = async (n: number) => {
        await mkdir(join(path, 'uploads'), { recursive: true });
        await writeFile(join(path, 'media', `photo-${n}.jpg`), `photo ${n}`);
        await writeFile(join(path, 'uploads', `file-${n}.bin`), `file ${n}`);
        uploads.push(`${n}`);
      };
      const cli = (...args: string[]) => runCli([...args, '--repo', repoDir, '--json'], env);
      const version =
        (v: string, fail = false) =>
        async () => {
          await writeFile(join(repoDir, 'VERSION'), `${v}\n`);
          if (fail) await writeFile(join(repoDir, 'fail.txt'), 'the task fails\n');
          else await rm(join(repoDir, 'fail.txt'), { force: true });
          repo.commit(v);
          return cli('deploy');
        };
      const rows: { name: string; run: () => ReturnType<typeof cli>; code: number; live: string }[] = [
        { name: 'first deploy', run: version('v1'), code: 0, live: 'v1' },
        { name: 'deploy v2', run: version('v2'), code: 0, live: 'v2' },
        { name: 'failed deploy v3 (undone from the snapshot)', run: version('v3', true), code: 1, live: 'v2' },
        { name: 'rollback to v1', run: () => cli('rollback'), code: 0, live: 'v1' },
        { name: 'deploy v4 after the rollback', run: version('v4'), code: 0, live: 'v4' },
      ];
      for (const [i, row] of rows.entries()) {
        const r = await row.run();
        expect(r.code, `${row.name}: ${r.stderr}`).toBe(row.code);
        const kept = {
          version: readFileSync(join(path, 'VERSION'), 'utf8'),
          sharedEnv: readFileSync(join(path, 'shared', 'settings.env'), 'utf8'),
          envLink: readlinkSync(join(path, 'settings.env')),
          mediaIsLink: lstatSync(join(path, 'media')).isSymbolicLink(),
          treeEnv: readFileSync(join(path, '.env'), 'utf8'),
          media: uploads.map((n) => readFileSync(join(path, 'shared', 'media', `photo-${n}.jpg`), 'utf8')),
          uploads: uploads.map((n) => readFileSync(join(path, 'uploads', `file-${n}.bin`), 'utf8')),
        };
        expect(kept, row.name).toEqual({
          version: `${row.live}\n`,
          sharedEnv: 'SECRET= spaced \n',
          envLink: join(path, 'shared', 'settings.env'),
          mediaIsLink: true,
          treeEnv: 'DEBUG=0\n',
          media: uploads.map((n) => `photo ${n}`),
          uploads: uploads.map((n) => `file ${n}`),
        });
        await upload(i);
      }
    },
    LONG,
  );
});
