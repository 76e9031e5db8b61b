/**
 * `backup` on its own (the scheduled job, no compose files at hand) against a compose service whose
 * running container's image is another database than backup.engine: refused with exit 2 and the
 * same reason deploy's plan gives, before any dump runs. Real sshd, real docker engine.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { buildBusyboxBaseImage, docker, dockerAvailable, FIXTURE_BASE_IMAGE, removeProject } from './harness/docker.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + docker engine', sshdAvailable() && (await dockerAvailable()));
const id = randomBytes(4).toString('hex');
const PROJECT = `gdfhengine${id}`;
const IMAGE = `gdfh${id}/mariadb:11`;

describe.runIf(ready)('backup command: backup.engine against the image the service runs', { timeout: 180_000 }, () => {
  let sshd: SshdHandle;
  let tmp = '';

  const backup = async (engine: string) => {
    const file = join(tmp, `${engine}.yml`);
    await writeFile(
      file,
      `version: 1\ncompose: {project: ${PROJECT}}\ntargets:\n  production:\n    strategy: compose\n    host: root@127.0.0.1\n` +
        `    port: ${sshd.port}\n    path: ${join(tmp, 'app')}\n    backup: {engine: ${engine}, service: db, database: app, user: app}\n`,
    );
    return runCli(['backup', '--config', file, '--target', 'production'], {
      GITOPS_SSH_KEY: sshd.clientKey,
      GITOPS_KNOWN_HOSTS: sshd.knownHosts,
      GITOPS_DB_PASSWORD: 'pw',
    });
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    await docker(['tag', FIXTURE_BASE_IMAGE, IMAGE]);
    tmp = await makeTempDir('gitops-e2e-engine-image');
    await mkdir(join(tmp, 'app'));
    // what compose v2 leaves running for service "db" of the project (its labels), on the mariadb image
    await docker([
      'run',
      '-d',
      '--network',
      'none',
      '--label',
      `com.docker.compose.project=${PROJECT}`,
      '--label',
      'com.docker.compose.service=db',
      '--label',
      'com.docker.compose.oneoff=False',
      IMAGE,
      'sleep',
      '3600',
    ]);
    sshd = await startSshd();
  }, 120_000);

  afterAll(async () => {
    await removeProject(PROJECT);
    await docker(['rmi', IMAGE], true);
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('engine postgres, the db service runs mariadb: exit 2 naming the fix, no dump run, nothing written', async () => {
    const r = await backup('postgres');
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(
      `targets.production.backup.engine: "postgres", but compose service "db" runs image ${IMAGE}, a mariadb/mysql database (set engine: mariadb (or mysql)); nothing was backed up`,
    );
    expect(r.stderr).not.toContain('pg_dump');
    const backups = join(tmp, 'app', 'backups');
    expect(existsSync(backups) ? readdirSync(backups) : []).toEqual([]);
  });

  it('engine mariadb (the right one): the check lets it through to the dump (which this stand-in image cannot run)', async () => {
    const r = await backup('mariadb');
    expect(r.stderr).not.toContain('backup.engine:');
    expect(r.code).toBe(1);
  });
});
