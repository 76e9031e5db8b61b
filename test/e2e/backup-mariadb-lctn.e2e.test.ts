/**
 * MariaDB with lower_case_table_names=1 (a server of the test's own: the setting is fixed at start):
 * names are case-insensitive, grants are stored in lower case. Real MariaDB 10.11; the backup is the
 * one `backup` and every deploy run (runBackup).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { mariadbInstanceAvailable, startMariadbInstance, type MariadbInstance } from './harness/mariadb-instance.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const exec = new LocalExecutor();

describe.runIf(gate('mariadb (own instance)', mariadbInstanceAvailable()))('backup e2e: MariaDB with lower_case_table_names=1', () => {
  let server: MariadbInstance | undefined;
  let root = '';

  beforeAll(async () => {
    root = await makeTempDir('gd-backup-lctn');
    server = await startMariadbInstance(['--lower-case-table-names=1']);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (root) await removeTree(root);
  }, 60_000);

  // the routine check matched SHOW GRANTS case-sensitively: the server stores a grant on `My_App`.* as
  // `my_app`, so a role's routine privileges on the database named `My_App` in the config did not
  // count and every backup failed "the backup user cannot see the routines"
  it('a role routine grant on the database counts when the config names it in another case', async () => {
    const s = server!;
    const who = [`'bk'@'127.0.0.1'`, `'bk'@'localhost'`];
    await s.query(
      undefined,
      `CREATE DATABASE My_App; CREATE TABLE My_App.t (id INT); CREATE ROLE r;
      GRANT EXECUTE, CREATE ROUTINE, ALTER ROUTINE ON \`My_App\`.* TO r;
      ${who.map((u) => `CREATE USER ${u} IDENTIFIED BY 'pw'; GRANT SELECT, LOCK TABLES, SHOW VIEW, TRIGGER, EVENT ON \`My_App\`.* TO ${u}; GRANT r TO ${u}; SET DEFAULT ROLE r FOR ${u};`).join('\n')}`,
    );
    expect(await s.query(undefined, 'SHOW GRANTS FOR r')).toContain('ON `my_app`.* TO `r`');
    await exec.run(['mysql', '-u', 'bk', '-h', '127.0.0.1', '-P', String(s.port), 'My_App'], {
      stdin: 'CREATE PROCEDURE p_own() SELECT 2',
      env: { MYSQL_PWD: 'pw' },
    });
    const spec: BackupSpec = { engine: 'mariadb', database: 'My_App', user: 'bk', host: '127.0.0.1', port: s.port, keep: 5 };
    const ctx: BackupContext = {
      deployPath: await mkdtemp(path.join(root, 'deploy-')),
      target: 'web',
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      now: new Date('2024-05-06T07:08:09.123Z'),
      password: 'pw',
    };
    const result = await runBackup(exec, spec, ctx);
    expect(execFileSync('gzip', ['-dc', result.file]).toString()).toContain('PROCEDURE `p_own`');
  });
});
