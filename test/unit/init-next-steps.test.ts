/**
 * What `init` tells a new user to do next (pure): a MyElectricalData-like compose app (SQLite in a
 * bind-mounted ./apps/api/data, secrets in apps/api/.env.docker) got "secret DB_PASSWORD: only when
 * the backup has no password_env" with no backup proposed, and "<path>/shared/.env" to prepare
 * although its shared files are apps/api/.env.docker and apps/api/data/.
 */
import { describe, expect, it } from 'vitest';
import { inputsLines, prepareServerLine } from '../../src/commands/init-files.js';

const INPUTS = { secrets: ['DEPLOY_SSH_KEY', 'DB_PASSWORD'], variables: ['DEPLOY_KNOWN_HOSTS'] };
const target = (extra: Record<string, unknown>) => ({ targets: { production: { strategy: 'compose', ...extra } } });
const dbLine = (config: Record<string, unknown>) => inputsLines(INPUTS, config).find((l) => l.includes('DB_PASSWORD'));

describe('init: the secrets to set', () => {
  it('no backup proposed, or a SQLite one: DB_PASSWORD is said to be unneeded now', () => {
    expect(dbLine(target({}))).toBe(
      '  secret   DB_PASSWORD: not needed now (the proposed config backs up no database server); only for a `backup:` you add whose password is not in password_env on the host',
    );
    expect(dbLine(target({ backup: { engine: 'sqlite', path: 'shared/db.sqlite3' } }))).toContain('not needed now');
  });

  it('a database server backed up: when it is needed, as before', () => {
    expect(dbLine(target({ backup: { engine: 'mariadb', database: 'shop', service: 'db' } }))).toBe(
      '  secret   DB_PASSWORD: only when the backup has no password_env on the host',
    );
  });
});

describe('init: preparing the server', () => {
  it('names the proposed shared entries under <path>/shared/, not a `.env` the app may not have', () => {
    expect(prepareServerLine(target({ shared: ['apps/api/.env.docker', 'apps/api/data/'] }))).toBe(
      'Prepare the server (deploy user, <path>/shared/apps/api/.env.docker <path>/shared/apps/api/data/, host key): docs/prepare-server.md; check it with `gitops-deploy doctor`.',
    );
  });

  it('nothing shared: the deploy user and the host key', () => {
    expect(prepareServerLine(target({}))).toBe(
      'Prepare the server (deploy user, host key): docs/prepare-server.md; check it with `gitops-deploy doctor`.',
    );
  });
});
