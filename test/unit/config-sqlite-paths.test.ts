import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { sqliteProtectedPaths } from '../../src/config/sqlite-paths.js';

/** The target `t` of a config holding `lines` (a compose project is set for compose targets). */
const target = (lines: string) =>
  parseConfig(`version: 1\ncompose: {project: app}\ntargets:\n  t:\n    host: u@example.com\n    path: /srv/app\n${lines}`, 'deploy.yml')
    .targets.t!;

const FILES = ['data/db.sqlite3', 'data/db.sqlite3-wal', 'data/db.sqlite3-shm', 'data/db.sqlite3-journal'];

describe('sqliteProtectedPaths', () => {
  it('in-place, a relative database path: the file and its -wal, -shm, -journal siblings, relative to path', () => {
    const t = target('    strategy: passenger\n    layout: in-place\n    backup: {engine: sqlite, path: ./data//db.sqlite3}\n');
    expect(sqliteProtectedPaths(t)).toEqual(FILES);
  });

  it('in-place, an absolute path inside the deploy path (compose target on the host)', () => {
    const t = target('    strategy: compose\n    layout: in-place\n    backup: {engine: sqlite, path: /srv/app/data/db.sqlite3}\n');
    expect(sqliteProtectedPaths(t)).toEqual(FILES);
  });

  it('nothing when the database is outside the deployed tree, in a container, not sqlite, or layout releases', () => {
    const cases = [
      '    strategy: passenger\n    layout: in-place\n    backup: {engine: sqlite, path: /srv/data/db.sqlite3}\n',
      '    strategy: passenger\n    layout: in-place\n    backup: {engine: sqlite, path: /srv/app-data/db.sqlite3}\n',
      '    strategy: compose\n    layout: in-place\n    backup: {engine: sqlite, service: web, path: data/db.sqlite3}\n',
      '    strategy: passenger\n    layout: in-place\n    backup: {engine: mariadb, database: app}\n',
      '    strategy: passenger\n    layout: in-place\n',
      '    strategy: passenger\n    backup: {engine: sqlite, path: data/db.sqlite3}\n',
    ];
    for (const lines of cases) expect(sqliteProtectedPaths(target(lines)), lines).toEqual([]);
  });
});
