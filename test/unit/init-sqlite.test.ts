/** init's SQLite database of a non-Django compose service: where the URL puts the file, and what is proposed. */
import { describe, expect, it } from 'vitest';
import { dockerfileWorkdir, sqliteBackup, sqliteFileOf, SQLITE_URL } from '../../src/commands/init-sqlite.js';

describe('sqliteFileOf / dockerfileWorkdir / SQLITE_URL', () => {
  it('a relative URL resolves against the working directory, an absolute one (four slashes) does not', () => {
    expect(sqliteFileOf('sqlite+aiosqlite:///./data/x.db', '/app')).toBe('/app/data/x.db');
    expect(sqliteFileOf('sqlite:///x.db')).toBe('/x.db');
    expect(sqliteFileOf('sqlite:////var/lib/app/x.db', '/app')).toBe('/var/lib/app/x.db');
  });

  it("the last stage's WORKDIR, relative ones joined; unknown with a variable", () => {
    expect(dockerfileWorkdir('FROM python:3.12\nWORKDIR /app\nWORKDIR src\n')).toBe('/app/src');
    expect(dockerfileWorkdir('FROM node AS b\nWORKDIR /build\nFROM python\nCOPY . .\n')).toBe('/');
    expect(dockerfileWorkdir('FROM python\nWORKDIR $HOME/app\n')).toBeUndefined();
  });

  it('finds the URL in a line of code, not :memory:', () => {
    expect(SQLITE_URL.exec('url: str = "sqlite+aiosqlite:///./data/my.db"')?.[0]).toBe('sqlite+aiosqlite:///./data/my.db');
    expect(SQLITE_URL.exec('"sqlite:///:memory:"')).toBeNull();
  });
});

describe('sqliteBackup', () => {
  const service = (mounts: { source: string; target: string }[]) => ({
    name: 'backend',
    mounts,
    workdir: '/app',
    sqlite: [{ url: 'sqlite:///./data/my.db', from: 'DATABASE_URL in apps/api/.env.docker' }],
  });

  it('on a shared bind mount: the backup of its host path', () => {
    const todo: string[] = [];
    const backup = sqliteBackup([service([{ source: 'apps/api/data', target: '/app/data' }])], ['apps/api/data/'], todo);
    expect(backup).toEqual({ engine: 'sqlite', path: 'shared/apps/api/data/my.db', keep: 10 });
    expect(todo).toEqual([
      'check targets.production.backup: the backend service keeps its SQLite database /app/data/my.db (DATABASE_URL in apps/api/.env.docker), on the host at <path>/shared/apps/api/data/my.db',
    ]);
  });

  it('on no bind mount, or on one the repository holds: no backup, and a todo saying why', () => {
    const todo: string[] = [];
    expect(sqliteBackup([service([])], [], todo)).toBeUndefined();
    expect(sqliteBackup([service([{ source: 'data', target: '/app/data' }])], [], todo)).toBeUndefined();
    expect(todo[0]).toContain('inside its container, on no bind mount: it is lost when the container is recreated');
    expect(todo[1]).toContain('in data/my.db, which the repository holds (not shared)');
  });
});
