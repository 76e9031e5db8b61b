/**
 * The password plumbing through a REAL `docker-compose exec -T` (compose v1 on these machines):
 * `-e MYSQL_PWD` without a value must hand the script's exported variable to the container, and
 * password_env must be able to name the container's own variable. The "database" is a fake
 * mysqldump in a FROM-scratch busybox image that prints the MYSQL_PWD it received.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup } from '../../src/backup/run-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const exec = new LocalExecutor();
const works = (argv: string[]) =>
  exec.run(argv, { allowFailure: true }).then(
    (r) => r.code === 0,
    () => false,
  );
const available = existsSync('/bin/busybox') && (await works(['docker', 'info'])) && (await works(['docker-compose', 'version']));
const id = randomBytes(4).toString('hex');
const PROJECT = `gdbk${id}`;
const RUNNER_PW = `runner "pw" 'x' ${id}`;
const CONTAINER_PW = `container-pw-${id}`;

const FAKE_MYSQLDUMP = `#!/bin/sh
echo "-- args: $*"
echo "-- MYSQL_PWD=\${MYSQL_PWD-<unset>}"
echo "-- Dump completed"
`;

describe.runIf(gate('docker + docker-compose', available))('backup e2e: real docker-compose exec -T', () => {
  let dir: string;
  const compose = () => ({ command: ['docker-compose'], projectDir: dir, files: ['compose.yml'], project: PROJECT });
  const ctx = async (extra: Partial<BackupContext> = {}): Promise<BackupContext> => ({
    deployPath: await mkdtemp(path.join(dir, 'deploy-')),
    target: 'web',
    sha: 'abcdefabcdefabcdef',
    now: new Date(),
    compose: compose(),
    ...extra,
  });
  const spec: BackupSpec = { engine: 'mariadb', service: 'db', database: 'app', keep: 2 };
  const dumped = async (file: string) => gunzipSync(await readFile(file)).toString();

  beforeAll(async () => {
    dir = await makeTempDir('gd-backup-docker');
    await copyFile('/bin/busybox', path.join(dir, 'busybox'));
    await writeFile(path.join(dir, 'mysqldump'), FAKE_MYSQLDUMP);
    await chmod(path.join(dir, 'mysqldump'), 0o755);
    await writeFile(
      path.join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nCOPY busybox /bin/sh\nCOPY mysqldump /bin/mysqldump\nCMD ["/bin/busybox", "sleep", "3600"]\n',
    );
    await writeFile(
      path.join(dir, 'compose.yml'),
      `version: "2.4"\nservices:\n  db:\n    build: .\n    image: ${PROJECT}-db:test\n    network_mode: none\n    environment:\n      MARIADB_ROOT_PASSWORD: ${CONTAINER_PW}\n`,
    );
    await exec.run(['docker-compose', '-p', PROJECT, '-f', 'compose.yml', 'up', '-d', '--build'], { cwd: dir });
  }, 180_000);

  afterAll(async () => {
    if (!dir) return;
    await exec.run(['docker-compose', '-p', PROJECT, '-f', 'compose.yml', 'down', '-v', '--rmi', 'all', '-t', '1'], {
      cwd: dir,
      allowFailure: true,
    });
    await removeTree(dir);
  }, 120_000);

  it('forwards the runner password with -e MYSQL_PWD (no value in argv)', async () => {
    const result = await runBackup(exec, spec, await ctx({ password: RUNNER_PW }));
    const text = await dumped(result.file);
    expect(text).toContain(`-- MYSQL_PWD=${RUNNER_PW}\n`);
    expect(text).toContain('-- args: --single-transaction --quick --routines --triggers --events --no-tablespaces app');
  });

  it("uses the container's own variable when password_env names it", async () => {
    const result = await runBackup(exec, { ...spec, password_env: 'MARIADB_ROOT_PASSWORD' }, await ctx());
    expect(await dumped(result.file)).toContain(`-- MYSQL_PWD=${CONTAINER_PW}\n`);
  });

  it('without any password source the container gets no MYSQL_PWD', async () => {
    const result = await runBackup(exec, spec, await ctx());
    expect(await dumped(result.file)).toContain('-- MYSQL_PWD=<unset>\n');
  });
});
