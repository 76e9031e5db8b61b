import { describe, expect, it } from 'vitest';
import { judgeSmoke, planDrill, scratchDatabaseName } from '../../src/backup/drill.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';

const ctx: BackupContext = {
  deployPath: '/srv/app',
  target: 'prod',
  sha: 'abcdef012345',
  now: new Date('2024-01-01T00:00:00Z'),
  password: "s3cr'et",
};

describe('restore drill planning', () => {
  it('names the scratch database after the real one, plain identifier characters, <= 63', () => {
    expect(scratchDatabaseName('app', 'ab12cd34')).toBe('app_gd_drill_ab12cd34');
    expect(scratchDatabaseName('my-app.db`x', 'ab12cd34')).toBe('my_app_db_x_gd_drill_ab12cd34');
    expect(scratchDatabaseName('x'.repeat(80), 'ab12cd34').length).toBe(63);
  });

  it('mariadb: creates, queries and drops the scratch database; the password travels on stdin only', () => {
    const spec: BackupSpec = { engine: 'mariadb', database: 'app', user: 'u', host: '127.0.0.1', keep: 3 };
    const p = planDrill(spec, ctx, { suffix: 'ab12cd34' });
    expect(p.scratch).toBe('app_gd_drill_ab12cd34');
    expect(p.create).toContain("mysql -u u -h 127.0.0.1 -e 'CREATE DATABASE `app_gd_drill_ab12cd34`'");
    expect(p.query).toContain(
      "mysql -N -B -u u -h 127.0.0.1 -e 'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()' app_gd_drill_ab12cd34",
    );
    expect(p.drop).toContain('DROP DATABASE IF EXISTS `app_gd_drill_ab12cd34`');
    expect(p.stdin).toBe("s3cr'et\n");
    for (const script of [p.create, p.query, p.drop]) expect(script).not.toContain('s3cr');
    expect(p.query).toContain('MYSQL_PWD');
  });

  it('postgres: CREATE/DROP DATABASE from the real database, the query in the scratch one', () => {
    const spec: BackupSpec = { engine: 'postgres', database: 'app', user: 'u', keep: 3 };
    const p = planDrill(spec, ctx, { suffix: 'ab12cd34', query: 'SELECT count(*) FROM users' });
    expect(p.create).toContain(`psql -X -w -q -v ON_ERROR_STOP=1 -U u -d app -c 'CREATE DATABASE "app_gd_drill_ab12cd34"'`);
    expect(p.query).toContain(`-A -t -U u -d app_gd_drill_ab12cd34 -c 'SELECT count(*) FROM users'`);
    expect(p.smokeQuery).toBe('SELECT count(*) FROM users');
  });

  it('sqlite: a scratch file next to the backups, created empty and private (umask 077) first, removed afterwards', () => {
    const spec: BackupSpec = { engine: 'sqlite', path: 'shared/db.sqlite3', keep: 3 };
    const p = planDrill(spec, { ...ctx, password: undefined }, { suffix: 'ab12cd34' });
    expect(p.scratch).toBe('/srv/app/backups/.gd-drill-ab12cd34.sqlite3');
    expect(p.create).toContain(`sh -c 'umask 077 && : > "$1"' gd-drill-create /srv/app/backups/.gd-drill-ab12cd34.sqlite3 || gd_fail`);
    expect(p.drop).toContain('rm -f -- /srv/app/backups/.gd-drill-ab12cd34.sqlite3');
    expect(p.stdin).toBeUndefined();
  });

  it('compose service: the steps run through `exec -T` in the service', () => {
    const spec: BackupSpec = { engine: 'mariadb', service: 'db', database: 'app', keep: 3 };
    const compose = { command: ['docker', 'compose'], projectDir: '/srv/app/current', files: ['docker-compose.yml'], project: 'app' };
    const p = planDrill(spec, { ...ctx, compose }, { suffix: 'ab12cd34' });
    expect(p.query).toContain('docker compose -p app -f docker-compose.yml exec -T -e MYSQL_PWD db mysql');
  });

  it('refuses a multi-line query', () => {
    expect(() => planDrill({ engine: 'sqlite', path: 'x', keep: 1 }, ctx, { suffix: 'a', query: 'SELECT 1;\nDROP TABLE x' })).toThrow(
      /single line/,
    );
  });

  it.each([
    ['GD_VALUE 12\n', true, '12'],
    ['GD_VALUE 0\n', false, '0'],
    ['GD_VALUE \n', false, ''],
    ['GD_VALUE abc\n', false, 'abc'],
    ['noise\nGD_VALUE 3\t4\n', true, '3'],
  ])('judges %j', (out, ok, value) => expect(judgeSmoke(out)).toEqual({ ok, value }));
});
