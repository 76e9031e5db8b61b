/**
 * Issue #14: which file `password_env` is read from, against a real MariaDB with password auth,
 * through the CLI over a real sshd. `shared: [backend/.env, .env]` with the right password only in
 * `<path>/shared/.env`: `password_env_file: shared/.env` reads that one; without it, the documented
 * default (the first shared entry named .env: `<path>/shared/backend/.env`) is read, and fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { createMariadbDb, dropMariadbDb, ensureMariadb, mariadbQuery } from './harness/databases.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + MariaDB', sshdAvailable() && (await ensureMariadb()));
const id = randomBytes(4).toString('hex');
const DB = `gd_pwfile_${id}`;
const PASSWORD = `right "pw" $x ${id}`;

describe.runIf(ready)('backup.password_env_file (real MariaDB password auth)', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let hostPath = '';
  let env: Record<string, string> = {};
  const backup = (target: string) => runCli(['backup', '--config', join(tmp, 'deploy.yml'), '--target', target, '--json'], env);

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-pwfile');
    hostPath = join(tmp, 'host', 'app');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    await createMariadbDb(DB, DB, PASSWORD);
    await mariadbQuery(DB, "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20)); INSERT INTO notes VALUES (1, 'kept-by-backup');");
    await mkdir(join(hostPath, 'shared', 'backend'), { recursive: true });
    await writeFile(join(hostPath, 'shared', 'backend', '.env'), 'DJANGO_SECRET=x\nDB_PASSWORD=wrong-password\n');
    await writeFile(join(hostPath, 'shared', '.env'), `DB_PASSWORD='${PASSWORD}'\n`);
    const target = (name: string, extra: string) =>
      `  ${name}:\n    strategy: compose\n    host: root@127.0.0.1\n    port: ${sshd.port}\n    path: ${hostPath}\n    shared: [backend/.env, .env]\n` +
      `    backup: {engine: mariadb, database: ${DB}, user: ${DB}, host: 127.0.0.1, password_env: DB_PASSWORD${extra}}\n`;
    await writeFile(
      join(tmp, 'deploy.yml'),
      `version: 1\ncompose: {project: gdpwfile${id}}\ntargets:\n${target('explicit', ', password_env_file: shared/.env')}${target('default', '')}`,
    );
  });

  afterAll(async () => {
    await dropMariadbDb(DB, DB).catch(() => undefined);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('password_env_file: shared/.env → the password of <path>/shared/.env; the dump holds the rows', async () => {
    const r = await backup('explicit');
    expect(r.code, r.stderr).toBe(0);
    const dump = gunzipSync(await readFile(r.json.backup.file)).toString();
    expect(dump).toMatch(/INSERT INTO `notes` VALUES\s*\(1,'kept-by-backup'\);/);
    expect(r.stderr + r.stdout).not.toContain(PASSWORD);
  }, 240_000);

  it('without it, the documented default reads <path>/shared/backend/.env (the first shared .env) and the login fails', async () => {
    const r = await backup('default');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Access denied for user/);
    expect(r.stderr).not.toContain('wrong-password');
  }, 240_000);
});
