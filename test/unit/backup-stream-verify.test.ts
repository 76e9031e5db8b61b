/**
 * The backup script's stream (dump → tee → the verifier, wc -c and gzip → tee → file and
 * sha256sum) run by the real `sh` (dash on Debian) with stand-in dump commands: each stage's
 * failure is named, a reader that stops early kills no stage, and nothing is left behind but the
 * dump and its sidecar.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBackupScript } from '../../src/backup/pipeline.js';
import type { EngineVerify } from '../../src/backup/engines/types.js';
import { LocalExecutor } from './helpers/local-executor.js';

const exec = new LocalExecutor();
const TRAILER: EngineVerify = {
  reader: 'tail -c 200',
  readerFailed: 'cannot read the end of the dump',
  check: `grep -q -e '-- Dump completed' "$T.out" || gd_fail "dump is incomplete"`,
};

describe('backup stream: dump, gzip, hash and verify in one pass', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gd-stream-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const run = (dump: string, verify: EngineVerify = TRAILER, spare: string[] = []) =>
    exec.run(
      [
        'sh',
        '-c',
        buildBackupScript({ dir, name: 'b.sql.gz', spare, prologue: '', dump, verify, sidecarFormat: '{"sha256":"%s","size":%s}' }),
      ],
      { allowFailure: true },
    );
  const GOOD = `printf 'new\\n-- Dump completed\\n'`;

  it('a good dump: the file gunzips to the dump, the hash and size are of the file, only it and its sidecar remain', async () => {
    // 3 MB: several pipe buffers, so every stage really streams
    const res = await run(`{ head -c 3000000 /dev/zero | tr '\\0' x; printf '\\n-- Dump completed\\n'; }`);
    expect(res.stdout).toMatch(/^GD_RESULT \d+ [0-9a-f]{64} b\.sql\.gz\n$/);
    const [, size, sum] = res.stdout.trim().split(' ');
    const file = await readFile(path.join(dir, 'b.sql.gz'));
    expect(String(file.length)).toBe(size);
    expect(createHash('sha256').update(file).digest('hex')).toBe(sum);
    expect(gunzipSync(file).toString().endsWith('x\n-- Dump completed\n')).toBe(true);
    expect(JSON.parse(await readFile(path.join(dir, 'b.sql.gz.json'), 'utf8'))).toEqual({ sha256: sum, size: Number(size) });
    expect((await readdir(dir)).sort()).toEqual(['b.sql.gz', 'b.sql.gz.json']);
  });

  it.each<[string, string, EngineVerify, RegExp]>([
    ['the dump fails', `sh -c 'printf part; exit 2'`, TRAILER, /^GD_FAIL dump exited with status 2$/m],
    ['the dump stops before its trailer', `printf 'CREATE TABLE t;\\n'`, TRAILER, /^GD_FAIL dump is incomplete$/m],
    ['the dump is empty', 'true', { ...TRAILER, check: ':' }, /^GD_FAIL the dump is empty$/m],
    [
      'the reader fails',
      `printf 'x\\n-- Dump completed\\n'`,
      { ...TRAILER, reader: 'cat >/dev/null; exit 4' },
      /^GD_FAIL cannot read the end of the dump$/m,
    ],
  ])('%s: named, and nothing is left behind', async (_name, dump, verify, reason) => {
    const res = await run(dump, verify);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toMatch(reason);
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    [
      'docker exec: the client is not in the container (its reason on stdout)',
      `sh -c 'echo "OCI runtime exec failed: exec: \\"pg_dump\\": executable file not found in \\$PATH: unknown"; exit 126'`,
      126,
      'executable file not found',
    ],
    ['sh on the host: no such command (its reason on stderr)', 'gd-no-such-dump-tool --all', 127, 'gd-no-such-dump-tool'],
  ])(
    '%s: the failure says the dump command could not be run and shows why (was: "dump exited with status 126" alone)',
    async (_n, dump, rc, why) => {
      const res = await run(dump);
      expect(res.code).not.toBe(0);
      expect(res.stdout).toMatch(
        new RegExp(
          `^GD_FAIL dump exited with status ${rc}: the dump command could not be run where the database is \\(not installed there\\? check backup\\.engine and backup\\.service\\)$`,
          'm',
        ),
      );
      expect(res.stderr).toContain(why);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  // two backups of one release in one second have one name: the one there is never overwritten
  it('a backup already named so stays as it was: the new one takes the first free spare name', async () => {
    await writeFile(path.join(dir, 'b.sql.gz'), 'old dump');
    await writeFile(path.join(dir, 'b.sql.gz.json'), 'old sidecar');
    await writeFile(path.join(dir, 'c.sql.gz'), 'another old dump');
    const res = await run(GOOD, TRAILER, ['c.sql.gz', 'd.sql.gz', 'e.sql.gz']);
    expect(res.stdout).toMatch(/^GD_RESULT \d+ [0-9a-f]{64} d\.sql\.gz\n$/);
    expect(await readFile(path.join(dir, 'b.sql.gz'), 'utf8')).toBe('old dump');
    expect(await readFile(path.join(dir, 'b.sql.gz.json'), 'utf8')).toBe('old sidecar');
    expect(await readFile(path.join(dir, 'c.sql.gz'), 'utf8')).toBe('another old dump');
    expect(gunzipSync(await readFile(path.join(dir, 'd.sql.gz'))).toString()).toBe('new\n-- Dump completed\n');
    expect((await readdir(dir)).sort()).toEqual(['b.sql.gz', 'b.sql.gz.json', 'c.sql.gz', 'd.sql.gz', 'd.sql.gz.json']);
  });

  it('every name taken: the backup fails, named, and changes nothing', async () => {
    for (const n of ['b.sql.gz', 'c.sql.gz']) await writeFile(path.join(dir, n), `old ${n}`);
    const res = await run(GOOD, TRAILER, ['c.sql.gz']);
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/^GD_FAIL cannot claim a name for the backup: b\.sql\.gz exists already \(not overwritten\)/m);
    expect((await readdir(dir)).sort()).toEqual(['b.sql.gz', 'c.sql.gz']);
    expect(await readFile(path.join(dir, 'b.sql.gz'), 'utf8')).toBe('old b.sql.gz');
  });

  // a tee that reports success but leaves the file on disk short of its last bytes (every other copy intact)
  const SHORT_TEE = `[ "$1" = -- ] || exec /usr/bin/tee "$@"
shift; f=$1; shift; t=$(mktemp)
cat > "$t"
for o in "$@"; do cat "$t" > "$o"; done
cat "$t"; head -c -100 "$t" > "$f"; rm -f "$t"`;

  it('a file written short on disk (the streams intact) fails, named, and nothing is left behind (was: accepted)', async () => {
    const bin = path.join(dir, '.bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'tee'), `#!/bin/sh\n${SHORT_TEE}\n`);
    await chmod(path.join(bin, 'tee'), 0o755);
    const script = buildBackupScript({
      dir: path.join(dir, 'backups'),
      name: 'b.sql.gz',
      prologue: '',
      dump: `{ seq 1 200000; printf '%s\\n' '-- Dump completed'; }`,
      verify: TRAILER,
      sidecarFormat: '{"sha256":"%s","size":%s}',
    });
    const res = await exec.run(['sh', '-c', script], { allowFailure: true, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(res.stdout).toMatch(
      /^GD_FAIL the compressed dump is corrupt: its gzip trailer does not give the dump's length \(cut short\?\)$/m,
    );
    expect(await readdir(path.join(dir, 'backups'))).toEqual([]);
  });

  it('a reader that stops after the first bytes kills no stage (its unread rest is drained)', async () => {
    const verify: EngineVerify = {
      reader: 'head -c 10',
      readerFailed: 'reader failed',
      check: `[ "$(cat "$T.out")" = aaaaaaaaaa ] || gd_fail "bad head"`,
    };
    const res = await run(`{ head -c 2000000 /dev/zero | tr '\\0' a; }`, verify);
    expect(res.stdout).toMatch(/^GD_RESULT /);
  });
});
