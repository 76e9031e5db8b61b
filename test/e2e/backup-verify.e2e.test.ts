/**
 * Failure paths of the real pipeline with stand-in dump tools (first on PATH): a dump that exits 0
 * but is empty, cut short, or not an archive must fail verification with BackupError and leave
 * nothing in backups/ — the deploy then stops before any service is touched.
 */
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import type { ExecOptions, Executor } from '../../src/transport/types.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const local = new LocalExecutor();
const available = await local.run(['pg_restore', '--version'], { allowFailure: true }).then(
  (r) => r.code === 0,
  () => false,
);

/** The local executor with `bin` first on PATH. */
function withPath(bin: string): Executor {
  const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };
  return {
    name: 'local+fakes',
    run: (argv: string[], opts: ExecOptions = {}) => local.run(argv, { ...opts, env: { ...opts.env, ...env } }),
    sh: (script: string, opts: ExecOptions = {}) => local.sh(script, { ...opts, env: { ...opts.env, ...env } }),
    close: async () => undefined,
  };
}

describe.runIf(gate('pg_restore', available))('backup e2e: verification failures', () => {
  let root: string;
  let n = 0;
  const COMPLETE_DUMP = 'echo "CREATE TABLE t (id int);"; echo "-- Dump completed on 2026-12-05"';
  const cases: { name: string; spec: BackupSpec; tool: string; body: string; reason: RegExp; tools?: Record<string, string> }[] = [
    {
      name: 'an empty mysqldump',
      spec: { engine: 'mariadb', database: 'app', keep: 1 },
      tool: 'mysqldump',
      body: 'exit 0',
      reason: /the dump is empty/,
    },
    {
      name: 'a mysqldump cut short (no "-- Dump completed")',
      spec: { engine: 'mariadb', database: 'app', keep: 1 },
      tool: 'mysqldump',
      body: 'echo "CREATE TABLE t (id int);"',
      reason: /dump is incomplete/,
    },
    {
      name: 'a mysqldump that dies midway',
      spec: { engine: 'mysql', database: 'app', keep: 1 },
      tool: 'mysqldump',
      body: 'echo "INSERT ..."; echo "mysqldump: Error 2013: Lost connection" >&2; exit 2',
      reason: /dump exited with status 2/,
    },
    {
      name: 'a pg_dump that is not a custom-format archive',
      spec: { engine: 'postgres', database: 'app', keep: 1 },
      tool: 'pg_dump',
      body: 'echo "-- plain SQL, not -Fc"',
      reason: /pg_restore cannot read the archive to its end: the archive is cut short, or not a custom-format archive/,
    },
    {
      name: 'a dump that cannot be written (tee fails: disk full)',
      spec: { engine: 'mariadb', database: 'app', keep: 1 },
      tool: 'tee',
      // the tee writing the file (`tee -- "$T"`); the one handing the plain dump to the verifier is the real one
      body: '[ "$1" = -- ] || exec /usr/bin/tee "$@"; cat > /dev/null; echo "tee: write error: No space left on device" >&2; exit 1',
      tools: { mysqldump: COMPLETE_DUMP },
      reason: /cannot write the dump \(tee exited with status 1: disk full\?\)/,
    },
    {
      name: 'a compressed file written short on disk (tee reports success, the streams are intact)',
      spec: { engine: 'mariadb', database: 'app', keep: 1 },
      tool: 'tee',
      // the tee writing the file drops its last 100 bytes there, passes the whole stream on (to sha256sum)
      body: `[ "$1" = -- ] || exec /usr/bin/tee "$@"; t=$(mktemp); cat > "$t"; cat "$t"; head -c -100 "$t" > "$2"; rm -f "$t"`,
      tools: { mysqldump: `seq 1 20000; ${COMPLETE_DUMP}` },
      reason: /the compressed dump is corrupt: its gzip trailer does not give the dump's length/,
    },
  ];

  beforeAll(async () => {
    root = await makeTempDir('gd-backup-verify');
  });
  afterAll(async () => {
    if (root) await removeTree(root);
  });

  it.each(cases)('$name → BackupError, nothing left behind', async ({ spec, tool, body, reason, tools }) => {
    const bin = path.join(root, `bin-${n}`);
    const deployPath = path.join(root, `deploy-${n++}`);
    await mkdir(bin);
    for (const [name, text] of Object.entries({ ...tools, [tool]: body })) {
      await writeFile(path.join(bin, name), `#!/bin/sh\n${text}\n`);
      await chmod(path.join(bin, name), 0o755);
    }
    const ctx = { deployPath, target: 'web', sha: 'abcdef0123456', now: new Date() };
    const err = await runBackup(withPath(bin), spec, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as BackupError).reason).toMatch(reason);
    expect(await readdir(path.join(deployPath, 'backups'))).toEqual([]);
  });
});
