/**
 * The check of a backup before a restore (restore.ts checkScript), run by the real `sh` (dash on
 * Debian) with real gzip and sha256sum: the sha256 of the sidecar is compared however the sidecar
 * is spaced, and a sidecar with no sha256 to compare stops the restore.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkScript } from '../../src/backup/restore.js';
import { LocalExecutor } from './helpers/local-executor.js';

const exec = new LocalExecutor();

describe('checkScript on disk: the sidecar sha256 is always compared', () => {
  let dir = '';
  let file = '';
  const bytes = gzipSync(Buffer.from('CREATE TABLE t (id int);\n-- Dump completed\n'));
  const sum = createHash('sha256').update(bytes).digest('hex');
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gd-check-'));
    file = path.join(dir, 'web-20250101T000000Z-abcdef123456.sql.gz');
    await writeFile(file, bytes);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const check = async (sidecar: unknown) => {
    await writeFile(`${file}.json`, typeof sidecar === 'string' ? sidecar : JSON.stringify(sidecar, null, 2));
    return exec.run(['sh', '-c', checkScript(file)], { allowFailure: true });
  };

  it('our compact sidecar: passes when the sha256 matches, refuses when not', async () => {
    expect((await check(`{"engine":"mariadb","sha256":"${sum}","size":${bytes.length},"verified":true}`)).stdout).toBe('GD_CHECKED\n');
    expect((await check(`{"engine":"mariadb","sha256":"${'0'.repeat(64)}","verified":true}`)).stdout).toMatch(
      /GD_FAIL sha256 does not match/,
    );
  });

  it('a spaced (pretty-printed) sidecar is compared too', async () => {
    expect((await check({ sha256: sum, verified: true })).stdout).toBe('GD_CHECKED\n');
    const wrong = await check({ sha256: 'f'.repeat(64), verified: true });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/GD_FAIL sha256 does not match/);
  });

  it('a verified sidecar without a sha256 stops the restore: the file cannot be checked', async () => {
    const r = await check({ engine: 'mariadb', verified: true });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/GD_FAIL the sidecar has no sha256/);
  });

  it("a rollback's backup without its sidecar is checked against the sha256 state.json recorded", async () => {
    const run = (recorded: string) => exec.run(['sh', '-c', checkScript(file, recorded)], { allowFailure: true });
    expect((await run(sum)).stdout).toBe('GD_CHECKED\n');
    const other = await run('e'.repeat(64));
    expect(other.code).not.toBe(0);
    expect(other.stdout).toMatch(/GD_FAIL sha256 does not match the one recorded in state.json/);
  });

  it('the recorded sha256 is compared even when the sidecar agrees with a replaced file', async () => {
    const r = await check({ sha256: sum, verified: true }).then(() =>
      exec.run(['sh', '-c', checkScript(file, '0'.repeat(64))], { allowFailure: true }),
    );
    expect(r.stdout).toMatch(/GD_FAIL sha256 does not match the one recorded in state.json/);
  });
});
