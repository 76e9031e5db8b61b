/**
 * `init` on a non-Django compose app whose database is SQLite (MyElectricalData, /work/shared/seeds:
 * a FastAPI backend reading DATABASE_URL=sqlite+aiosqlite:///./data/myelectricaldata.db from a
 * gitignored apps/api/.env.docker, its data directory bind-mounted ./apps/api/data:/app/data). The
 * database file is found from what init sees (the URL in the env file or the code, the Dockerfile's
 * WORKDIR, the bind mount) and its backup proposed; where it cannot be, init says why.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAppRepo } from '../e2e/harness/app-repo.js';
import { runCli } from '../e2e/harness/cli.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/init/myelectricaldata', import.meta.url));
const URL_LINE = 'DATABASE_URL=sqlite+aiosqlite:///./data/myelectricaldata.db';

const compose = (volumes: string) =>
  `services:\n  backend:\n    build: ./apps/api\n    env_file: ./apps/api/.env.docker\n    volumes: [${volumes}]\n` +
  '  frontend:\n    build: ./apps/web\n  caddy:\n    image: caddy:2\n    volumes: ["./Caddyfile:/etc/caddy/Caddyfile:ro"]\n';

const APP = {
  '.gitignore': 'apps/api/.env.docker\napps/api/data/\n',
  'apps/api/Dockerfile': 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "src/main.py"]\n',
  'docker-compose.yml': compose('"./apps/api/data:/app/data"'),
};

let tmp = '';
beforeAll(async () => {
  tmp = await makeTempDir('gitops-init-sqlite');
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

async function init(name: string, files: Record<string, string>, envDocker?: string) {
  const repo = await createAppRepo(FIXTURE, join(tmp, name), { ...APP, ...files });
  if (envDocker !== undefined) await writeFile(join(repo.dir, 'apps/api/.env.docker'), envDocker);
  const r = await runCli(['init', '--repo', repo.dir]);
  expect(r.code, r.stderr).toBe(0);
  const text = readFileSync(join(repo.dir, '.github/deploy.yml'), 'utf8');
  return { r, text, target: parse(text).targets.production };
}

describe('init: the SQLite database of a non-Django compose app', () => {
  it('DATABASE_URL in the gitignored env file, relative to WORKDIR, on the bind mount: its backup is proposed', async () => {
    const { r, text, target } = await init('env-file', {}, `SECRET_KEY=s3cr3t-value\n${URL_LINE}\n`);
    expect(target.backup).toEqual({ engine: 'sqlite', path: 'shared/apps/api/data/myelectricaldata.db', keep: 10 });
    expect(target.shared).toContain('apps/api/data/');
    expect(r.stdout).toContain('apps/api/.env.docker');
    expect(r.stdout + text).not.toContain('s3cr3t-value');
  });

  it('no env file on this machine (a fresh clone): the default URL in the code gives the same backup', async () => {
    const code = {
      'apps/api/src/config.py': 'class Settings:\n    DATABASE_URL: str = "sqlite+aiosqlite:///./data/myelectricaldata.db"\n',
    };
    const { target } = await init('code-default', code);
    expect(target.backup).toEqual({ engine: 'sqlite', path: 'shared/apps/api/data/myelectricaldata.db', keep: 10 });
  });

  it('the file is not on a bind mount: no backup, and init says why', async () => {
    const { r, target } = await init('in-container', { 'docker-compose.yml': compose('') }, `${URL_LINE}\n`);
    expect(target.backup).toBeUndefined();
    expect(r.stdout).toContain(
      'the backend service keeps its SQLite database /app/data/myelectricaldata.db (DATABASE_URL in apps/api/.env.docker) inside its container',
    );
  });
});
