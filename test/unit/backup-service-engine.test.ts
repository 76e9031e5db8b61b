import { describe, expect, it } from 'vitest';
import { checkServiceEngine, serviceImageScript } from '../../src/backup/service-engine.js';
import type { Executor } from '../../src/transport/types.js';

const answering = (stdout: string, code = 0): Executor & { scripts: string[] } => {
  const scripts: string[] = [];
  return {
    name: 'fake',
    scripts,
    run: async () => ({ code, stdout, stderr: '' }),
    sh: async (script) => (scripts.push(script), { code, stdout, stderr: '' }),
    close: async () => undefined,
  };
};
const compose = { command: ['docker', 'compose'], projectDir: '/srv/app/current', files: ['docker-compose.yml'], project: 'shop' };

describe('backup: backup.engine against the running service image', () => {
  it('reads the image of the first running container of the service', () => {
    expect(serviceImageScript('shop', 'db')).toBe(
      'for c in $(docker ps -aq --no-trunc --filter label=com.docker.compose.project=shop --filter label=com.docker.compose.service=db --filter label=com.docker.compose.oneoff=False --filter status=running); do docker inspect --format \'{{.Config.Image}}\' "$c"; break; done',
    );
  });

  it('refuses postgres against a mariadb image, naming the fix', async () => {
    await expect(
      checkServiceEngine(answering('mariadb:11\n'), { engine: 'postgres', service: 'db' }, compose, 'production'),
    ).rejects.toThrow(
      'targets.production.backup.engine: "postgres", but compose service "db" runs image mariadb:11, a mariadb/mysql database (set engine: mariadb (or mysql)); nothing was backed up',
    );
  });

  it.each([
    ['the right engine', 'mariadb', 'mariadb:11\n', 0],
    ['an image that names no database', 'postgres', 'registry.example/acme/db:3\n', 0],
    ['no running container (the probe says so later)', 'postgres', '', 0],
    ['docker failing', 'postgres', 'mariadb:11\n', 1],
  ])('lets through %s', async (_n, engine, stdout, code) => {
    await expect(
      checkServiceEngine(answering(stdout, code), { engine: engine as 'postgres', service: 'db' }, compose, 'p'),
    ).resolves.toBeUndefined();
  });

  it('runs nothing for a database on the host (no service)', async () => {
    const exec = answering('mariadb:11\n');
    await checkServiceEngine(exec, { engine: 'postgres' }, compose, 'p');
    expect(exec.scripts).toEqual([]);
  });
});
