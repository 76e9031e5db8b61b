/** Which remote file `password_env` is read from: `password_env_file`, else the documented default rule. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import { envFileFor } from '../../src/backup/database.js';
import { thrownMessage } from './helpers/errors.js';

function target(backup: string, extra = '') {
  const yaml = `version: 1\ncompose: {project: p}\ntargets:\n  t:\n    strategy: compose\n    host: u@h\n    path: /srv/app\n    shared: [backend/.env, .env]\n${extra}    backup: ${backup}\n`;
  return parseConfig(yaml, 'deploy.yml').targets.t!;
}
const mariadb = (more = '') => `{engine: mariadb, database: app, password_env: DB_PASSWORD${more}}`;

describe('password_env_file', () => {
  it('relative to the deploy path', () => {
    expect(envFileFor(target(mariadb(', password_env_file: shared/.env')))).toBe('/srv/app/shared/.env');
    expect(envFileFor(target(mariadb(', password_env_file: ./config/db.env')))).toBe('/srv/app/config/db.env');
  });

  it('or absolute', () => {
    expect(envFileFor(target(mariadb(', password_env_file: /home/u/.db.env')))).toBe('/home/u/.db.env');
  });

  it('default: the first shared entry named .env, where it lives on the host (releases, in-place)', () => {
    expect(envFileFor(target(mariadb()))).toBe('/srv/app/shared/backend/.env');
    expect(envFileFor(target(mariadb(), '    layout: in-place\n'))).toBe('/srv/app/backend/.env');
  });

  it('default without a shared .env: no file', () => {
    const yaml = `version: 1\ncompose: {project: p}\ntargets:\n  t:\n    strategy: compose\n    host: u@h\n    path: /srv/app\n    shared: [media/]\n    backup: ${mariadb()}\n`;
    expect(envFileFor(parseConfig(yaml, 'deploy.yml').targets.t!)).toBeUndefined();
  });

  it('needs password_env, and is refused for sqlite', () => {
    expect(thrownMessage(() => target('{engine: postgres, database: app, password_env_file: shared/.env}'), UserError)).toContain(
      'targets.t.backup.password_env_file: password_env_file needs password_env',
    );
    expect(thrownMessage(() => target('{engine: sqlite, path: db.sqlite3, password_env_file: shared/.env}'), UserError)).toContain(
      'password_env_file: not allowed with engine: sqlite',
    );
  });

  it('refuses a path with ..', () => {
    expect(thrownMessage(() => target(mariadb(', password_env_file: ../other/.env')), UserError)).toContain('password_env_file');
  });
});
