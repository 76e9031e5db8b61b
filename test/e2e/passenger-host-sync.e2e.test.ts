/**
 * The passenger host-side snapshot and restore builders run for real with the local sh and rsync
 * (the rest of the passenger scripts are unit-tested in test/unit/passenger-scripts.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import {
  codeRestoreScript,
  codeSnapshotScript,
  hostSyncArgs,
  restoreScript,
  snapshotScript,
} from '../../src/strategies/passenger/host-sync.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { syncRules } from '../../src/sync/protection.js';
import { shellJoin } from '../../src/transport/quote.js';
import { gate } from './harness/require.js';

const hasRsync = spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status === 0;
const sh = (script: string): string => execFileSync('sh', ['-c', script], { encoding: 'utf8' });

describe.runIf(gate('rsync', hasRsync, 'install rsync'))('passenger host-side sync with a real rsync', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "passenger scripts 'q' "));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('host-side snapshot and restore', () => {
    it('snapshot hard-links the tree; restore brings the old code back, keeping protected and excluded paths', async () => {
      const root = join(dir, 'root');
      const snap = join(dir, '.deploy', 'snapshots', 'v1');
      await mkdir(join(root, 'storage'), { recursive: true });
      await mkdir(join(root, 'tmp'), { recursive: true });
      await writeFile(join(root, 'app.py'), 'v1');
      await writeFile(join(root, '.env'), 'SECRET=1');
      await writeFile(join(root, 'storage', 'upload.bin'), 'user data');
      sh(snapshotScript(root, snap, ['/tmp/', '/.env', '/storage/']));
      expect((await stat(join(snap, 'app.py'))).ino).toBe((await stat(join(root, 'app.py'))).ino);
      await expect(stat(join(snap, 'storage'))).rejects.toThrow();
      // the deploy replaces files (new inodes), adds one, and the app writes protected/excluded paths
      await rm(join(root, 'app.py'));
      await writeFile(join(root, 'app.py'), 'v2');
      await writeFile(join(root, 'new.py'), 'v2 only');
      await writeFile(join(root, 'tmp', 'restart.txt'), '');
      await writeFile(join(root, 'storage', 'later.bin'), 'more data');
      sh(restoreScript(snap, root, { protect: ['.env', 'storage/'], excludes: ['/tmp/'] }));
      expect(await readFile(join(root, 'app.py'), 'utf8')).toBe('v1');
      await expect(stat(join(root, 'new.py'))).rejects.toThrow();
      expect(await readFile(join(root, '.env'), 'utf8')).toBe('SECRET=1');
      expect(await readFile(join(root, 'storage', 'later.bin'), 'utf8')).toBe('more data');
      expect(await readFile(join(root, 'tmp', 'restart.txt'), 'utf8')).toBe('');
    });
  });

  describe('in-place code snapshot and restore of a passenger target (what the deploy, its revert and the rollback run)', () => {
    const inPlaceTarget = (root: string): PassengerTarget => {
      const yaml = `version: 1\ntargets:\n  t:\n    strategy: passenger\n    host: u@example.com\n    path: ${JSON.stringify(root)}\n    layout: in-place\n    shared: [.env]\n    exclude: [uploads/]\n    backup: {engine: sqlite, path: db.sqlite3}\n`;
      return parseConfig(yaml, 'deploy.yml').targets.t as PassengerTarget;
    };
    const read = (...parts: string[]): Promise<string> => readFile(join(...parts), 'utf8');

    it('excluded paths and the sqlite database survive the upload, and a rollback to the snapshot deletes none of them', async () => {
      const root = join(dir, 'app');
      const target = inPlaceTarget(root);
      const paths = passengerPaths(target);
      await mkdir(join(root, 'uploads'), { recursive: true });
      for (const [file, text] of Object.entries({
        'app.py': 'v1',
        '.env': 'SECRET=1',
        'uploads/early.jpg': 'e',
        'db.sqlite3': 'rows v1',
        'db.sqlite3-wal': 'wal',
      })) {
        await writeFile(join(root, file), text);
      }
      sh(codeSnapshotScript(target, 'v1'));
      // the upload of v2: rsync --delete with the same protect and exclude lists as uploadRelease
      const v2 = join(dir, 'export v2');
      await mkdir(v2);
      await writeFile(join(v2, 'app.py'), 'v2');
      await writeFile(join(v2, 'new.py'), 'v2 only');
      sh(shellJoin(hostSyncArgs({ src: v2, dest: root, delete: true, checksum: true, ...syncRules(target) })));
      expect(await read(root, 'app.py')).toBe('v2');
      expect(await read(root, 'db.sqlite3')).toBe('rows v1');
      expect(await read(root, 'db.sqlite3-wal')).toBe('wal');
      expect(await read(root, 'uploads', 'early.jpg')).toBe('e');
      // v2 runs: users upload, the database changes
      await writeFile(join(root, 'uploads', 'late.jpg'), 'l');
      await writeFile(join(root, 'db.sqlite3'), 'rows v2');
      await writeFile(join(root, 'db.sqlite3-journal'), 'journal');
      sh(codeRestoreScript(target, 'v1'));
      expect(await read(root, 'app.py')).toBe('v1');
      await expect(stat(join(root, 'new.py'))).rejects.toThrow();
      expect(await read(root, 'uploads', 'late.jpg')).toBe('l');
      expect(await read(root, 'uploads', 'early.jpg')).toBe('e');
      expect(await read(root, 'db.sqlite3')).toBe('rows v2');
      expect(await read(root, 'db.sqlite3-journal')).toBe('journal');
      expect(await read(root, '.env')).toBe('SECRET=1');
      // the snapshot holds the code only
      await expect(stat(join(paths.snapshotOf('v1'), 'uploads'))).rejects.toThrow();
      await expect(stat(join(paths.snapshotOf('v1'), 'db.sqlite3'))).rejects.toThrow();
    });
  });
});
