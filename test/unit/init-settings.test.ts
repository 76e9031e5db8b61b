import { describe, expect, it } from 'vitest';
import { databaseUrl, envLines, projectPath, settingsFacts } from '../../src/commands/init-settings.js';
import { healthFromSettings, mediaShared, settingsBackup } from '../../src/commands/init-settings-propose.js';

describe('projectPath: MEDIA_ROOT / STATIC_ROOT as written in settings.py', () => {
  it.each<[string, string | undefined]>([
    [`BASE_DIR / 'media'`, 'media'],
    [`BASE_DIR / "public" / "media"`, 'public/media'],
    [`os.path.join(BASE_DIR, 'staticfiles')`, 'staticfiles'],
    [`os.path.join(BASE_DIR, "public", "media/")`, 'public/media'],
    [`env('MEDIA_ROOT', default=str(BASE_DIR / 'media'))`, 'media'],
    [`os.environ.get('MEDIA_ROOT', os.path.join(BASE_DIR, 'uploads'))`, 'uploads'],
    [`os.environ.get('MEDIA_ROOT', '/var/www/media/')`, '/var/www/media'],
    [`'/srv/static'`, '/srv/static'],
    [`env('MEDIA_ROOT')`, undefined],
    [`os.environ['STATIC_ROOT']`, undefined],
    [`'media'`, undefined],
  ])('%s → %s', (expr, path) => {
    expect(projectPath(expr)).toBe(path);
  });
});

describe('databaseUrl: engine, database and user, never the password', () => {
  it.each<[string, ReturnType<typeof databaseUrl>]>([
    ['postgres://shop:S3cr3t@db:5432/shop', { engine: 'postgres', database: 'shop', user: 'shop' }],
    ['postgresql+asyncpg://med:motdepasse@postgres:5432/med', { engine: 'postgres', database: 'med', user: 'med' }],
    ['mysql+pymysql://alpe_user:SECRET_PASSWORD@localhost/alpe_bourse', { engine: 'mysql', database: 'alpe_bourse', user: 'alpe_user' }],
    ['mysql://${DB_USER}:${DB_PASSWORD}@db:3306/${DB_NAME}', { engine: 'mysql', database: undefined, user: undefined }],
    ['sqlite+aiosqlite:///./data/app.db', { engine: 'sqlite' }],
    ['not a url', {}],
  ])('%s', (url, facts) => {
    expect(databaseUrl(url)).toEqual(facts);
  });
});

const SPLIT_SETTINGS = `import environ
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
SECRET_KEY = env('SECRET_KEY', default='django-insecure-abc')
ALLOWED_HOSTS = ['nids.example.org']
DATABASES = {
    'default': env.db('DATABASE_URL', default='sqlite:///db.sqlite3'),
}
STATIC_ROOT = BASE_DIR / 'staticfiles'
MEDIA_ROOT = env(
    'MEDIA_ROOT',
    default=str(BASE_DIR / 'media'),
)
`;

const CLASSIC = `import os
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "project-manager.local"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(BASE_DIR, "data", "db.sqlite3"),
    }
}
MEDIA_ROOT = os.path.join(BASE_DIR, "media")  # uploads
`;

const ENVIRON_GET = `DATABASES = {
    'default': {
        'ENGINE': os.environ.get('DB_ENGINE', 'django.db.backends.mysql'),
        'NAME': os.environ.get('DB_NAME'),
        'PASSWORD': os.environ.get('DB_PASSWORD'),
    }
}
`;

describe('settingsFacts', () => {
  it('a settings package read by django-environ, its DATABASE_URL in .env.example', () => {
    const facts = settingsFacts(
      [{ path: 'config/settings/base.py', text: SPLIT_SETTINGS }],
      [
        {
          path: '.env.example',
          text: '# copy to .env\nSECRET_KEY=change-me\nDATABASE_URL=postgres://nids:S3cr3t@db:5432/nids\nDB_PASSWORD=S3cr3t\n',
        },
      ],
    );
    expect(facts).toEqual({
      engine: { engine: 'postgres', from: '.env.example (DATABASE_URL)' },
      url: { database: 'nids', user: 'nids' },
      passwordEnv: 'DB_PASSWORD',
      staticRoot: 'staticfiles',
      mediaRoot: 'media',
      allowedHosts: ['nids.example.org'],
    });
    expect(JSON.stringify(facts)).not.toContain('S3cr3t');
  });

  it('without an env example, the default DATABASE_URL of the settings names the engine', () => {
    expect(settingsFacts([{ path: 'app/settings.py', text: SPLIT_SETTINGS }], []).engine).toEqual({
      engine: 'sqlite',
      from: 'app/settings.py (the default DATABASE_URL)',
    });
  });

  it('DATABASES ENGINE and a SQLite NAME under BASE_DIR', () => {
    const facts = settingsFacts([{ path: 'app/settings.py', text: CLASSIC }], []);
    expect(facts).toMatchObject({
      engine: { engine: 'sqlite', from: 'app/settings.py (DATABASES ENGINE)' },
      sqliteName: 'data/db.sqlite3',
      mediaRoot: 'media',
      allowedHosts: ['localhost', '127.0.0.1', 'project-manager.local'],
    });
  });

  it('ENGINE as the default of os.environ.get', () => {
    expect(settingsFacts([{ path: 's/settings.py', text: ENVIRON_GET }], []).engine?.engine).toBe('mysql');
  });

  it('ALLOWED_HOSTS from an env example when the settings read it from the environment', () => {
    const settings = `ALLOWED_HOSTS = env.list('ALLOWED_HOSTS')\n`;
    expect(
      settingsFacts([{ path: 'a/settings.py', text: settings }], [{ path: '.env.sample', text: 'ALLOWED_HOSTS=shop.example.com\n' }])
        .allowedHosts,
    ).toEqual(['shop.example.com']);
  });

  it('envLines drops comments, export and quotes', () => {
    expect(envLines(`# x\nexport A="1"\nB='two words'\n  C = 3 \nnot a line\n`)).toEqual({ A: '1', B: 'two words', C: '3' });
  });
});

describe('what the settings propose', () => {
  it.each<[string[], unknown]>([
    [['shop.example.com'], { headers: { Host: 'shop.example.com' } }],
    [['.example.org'], { headers: { Host: 'example.org' } }],
    [['a.example.org', 'b.example.org'], undefined],
    [['localhost'], undefined],
    [['*'], undefined],
  ])('ALLOWED_HOSTS %j → health %j', (hosts, health) => {
    expect(healthFromSettings({ allowedHosts: hosts })).toEqual(health);
  });

  it('MEDIA_ROOT inside the project is shared; an absolute one or one holding committed files is a todo', () => {
    const todo: string[] = [];
    expect(mediaShared({ mediaRoot: 'media' }, 'backend', ['backend/manage.py'], todo)).toBe('backend/media/');
    expect(mediaShared({ mediaRoot: '/var/www/media' }, '.', [], todo)).toBeUndefined();
    expect(mediaShared({ mediaRoot: 'media' }, '.', ['media/logo.png'], todo)).toBeUndefined();
    expect(todo).toEqual([
      expect.stringContaining('MEDIA_ROOT is /var/www/media'),
      expect.stringContaining('MEDIA_ROOT (media/) holds committed files'),
    ]);
  });

  it('a SQL engine gives a host-mode backup; SQLite a shared file and its backup', () => {
    const todo: string[] = [];
    const pg = settingsBackup(
      { engine: { engine: 'postgres', from: 'x' }, url: { database: 'nids', user: 'nids' }, passwordEnv: 'DB_PASSWORD' },
      '.',
      'app',
      todo,
    );
    expect(pg).toEqual({ backup: { engine: 'postgres', database: 'nids', user: 'nids', password_env: 'DB_PASSWORD', keep: 10 } });
    const lite = settingsBackup({ engine: { engine: 'sqlite', from: 'x' }, sqliteName: 'data/db.sqlite3' }, 'backend', 'app', todo);
    expect(lite).toEqual({
      backup: { engine: 'sqlite', path: 'shared/backend/data/db.sqlite3', keep: 10 },
      shared: 'backend/data/db.sqlite3',
    });
    expect(settingsBackup({}, '.', 'app', todo)).toBeUndefined();
  });
});
