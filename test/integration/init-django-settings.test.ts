/**
 * `init` on Django apps whose settings say where uploads go, which database they use and which host
 * they answer for (a settings package read by django-environ, a committed .env.example): the
 * proposed config shares MEDIA_ROOT, backs the database up and sends the Host header, and no secret
 * of the example (or of the uncommitted .env) is printed or written.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../e2e/harness/cli.js';
import { makeTempDir, removeTree } from '../e2e/harness/tmp.js';
import { parseConfig } from '../../src/config/load.js';

let tmp = '';
beforeAll(async () => {
  tmp = await makeTempDir('gitops-init-django-settings');
});
afterAll(async () => {
  if (tmp) await removeTree(tmp);
});

const SETTINGS = `import environ
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
SECRET_KEY = env('SECRET_KEY')
ALLOWED_HOSTS = ['nids.example.org']
DATABASES = {'default': env.db('DATABASE_URL')}
STATIC_ROOT = BASE_DIR / 'staticfiles'
MEDIA_ROOT = BASE_DIR / 'media'
`;

async function repoWith(name: string, files: Record<string, string>): Promise<string> {
  const repo = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  execFileSync('git', ['init', '-q', repo]);
  return repo;
}

describe('init reads the Django settings and .env.example', () => {
  it('Passenger: media shared, a postgres backup from DATABASE_URL, the Host header; no secret printed', async () => {
    const repo = await repoWith('nids', {
      'passenger_wsgi.py': 'from nids.wsgi import application\n',
      'manage.py': '#!/usr/bin/env python\n',
      'requirements.txt': 'django\ndjango-environ\n',
      'nids/settings/__init__.py': 'from .base import *\n',
      'nids/settings/base.py': SETTINGS,
      '.env.example':
        'SECRET_KEY=Ex4mple-Key!\nDATABASE_URL=postgres://nids:Ex4mplePassw0rd@localhost:5432/nids\nDB_PASSWORD=Ex4mplePassw0rd\n',
      '.env': 'SECRET_KEY=R3al-Key!\nDB_PASSWORD=R3alPassw0rd\n',
      '.gitignore': '.env\n',
    });
    const r = await runCli(['init', '--repo', repo]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(join(repo, '.github/deploy.yml'), 'utf8');
    for (const secret of ['Ex4mple', 'R3al']) expect(r.stdout + r.stderr + text).not.toContain(secret);
    const target = parseConfig(text, 'deploy.yml').targets.production as Record<string, unknown>;
    expect(target.shared).toEqual(['.env', 'media/']);
    expect(target.backup).toMatchObject({ engine: 'postgres', database: 'nids', user: 'nids', password_env: 'DB_PASSWORD' });
    expect(target.health).toMatchObject({ headers: { Host: 'nids.example.org' } });
    expect(r.stdout).toContain('check targets.production.backup (postgres, from .env.example (DATABASE_URL)');
    expect(r.stdout).not.toContain('add targets.production.backup when the app has a database');
  });

  it('Passenger with SQLite: the database file is shared and backed up', async () => {
    const repo = await repoWith('cochin', {
      'backend/passenger_wsgi.py': 'from app.wsgi import application\n',
      'backend/manage.py': '',
      'backend/app/settings.py': `import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nDATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.sqlite3",\n        "NAME": os.path.join(BASE_DIR, "db.sqlite3"),\n    }\n}\nMEDIA_ROOT = os.path.join(BASE_DIR, "media")\n`,
    });
    const r = await runCli(['init', '--repo', repo]);
    expect(r.code, r.stderr).toBe(0);
    const target = parseConfig(await readFile(join(repo, '.github/deploy.yml'), 'utf8'), 'deploy.yml').targets.production as Record<
      string,
      unknown
    >;
    expect(target.shared).toEqual(['backend/.env', 'backend/media/', 'backend/db.sqlite3']);
    expect(target.backup).toMatchObject({ engine: 'sqlite', path: 'shared/backend/db.sqlite3' });
    expect((target.health as Record<string, unknown> | undefined)?.headers).toBeUndefined();
    expect(r.stdout).toContain('before the first deploy, put the SQLite database at <path>/shared/backend/db.sqlite3');
  });

  it('compose: the Host header from settings, and a todo for a database no service runs', async () => {
    const repo = await repoWith('shop', {
      'docker-compose.yml': 'services:\n  web:\n    build: .\n    env_file: .env\n',
      Dockerfile: 'FROM python:3.12\n',
      'manage.py': '',
      'shop/settings.py': SETTINGS,
      '.env.example': 'DATABASE_URL=mysql://shop:Ex4mplePassw0rd@db.internal/shop\n',
    });
    const r = await runCli(['init', '--repo', repo]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(join(repo, '.github/deploy.yml'), 'utf8');
    expect(r.stdout + text).not.toContain('Ex4mple');
    const target = parseConfig(text, 'deploy.yml').targets.production as Record<string, unknown>;
    expect(target.health).toMatchObject({ headers: { Host: 'nids.example.org' } });
    expect(r.stdout).toContain('the settings use mysql (.env.example (DATABASE_URL)) and no compose service runs it');
  });
});
