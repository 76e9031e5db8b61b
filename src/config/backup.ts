/** The `backup` section of a target: a database dump taken before each deploy. */
import * as z from 'zod';
import { anyPath, described, durationValue, envName, argument, integer, name, port, text } from './fields.js';

const SQL_ENGINES = ['mariadb', 'mysql', 'postgres'] as const;
export const BACKUP_ENGINES = [...SQL_ENGINES, 'sqlite'] as const;
const engineExpected = `expected one of ${BACKUP_ENGINES.map((e) => `"${e}"`).join(', ')}`;

const policyCount = (what: string) =>
  described(
    integer(0, 1000, `a number of ${what}`).optional(),
    `Keep the newest backup of each of the last N ${what} that have one (UTC calendar).`,
  );

const keepPolicy = () =>
  described(
    z
      .strictObject(
        {
          last: described(integer(0, 1000, 'a number of backups').optional(), 'Keep the newest N backups.'),
          daily: policyCount('days'),
          weekly: policyCount('ISO weeks'),
          monthly: policyCount('months'),
          within: described(
            durationValue().optional(),
            'Keep every backup taken within this duration (e.g. "30d") of the newest one, like restic --keep-within.',
          ),
        },
        { error: 'expected a mapping with last, daily, weekly, monthly or within' },
      )
      .refine((p) => p.within !== undefined || [p.last, p.daily, p.weekly, p.monthly].some((n) => (n ?? 0) > 0), {
        error: 'expected at least one of last, daily, weekly, monthly above 0, or within',
      }),
    'Retention policy like restic forget: calendar buckets (UTC) and/or an age window; a backup is kept when any rule keeps it. The newest verified backup is never deleted.',
  );

const keep = () =>
  described(
    z
      .union([integer(1, 1000, 'a number of backups'), keepPolicy()], {
        error: 'expected a number of backups between 1 and 1000 or a mapping {last, daily, weekly, monthly, within}',
      })
      // the input-side default: .default() is left out of the input JSON schema once a branch transforms (within)
      .prefault(10),
    'Backups kept on the host: the newest N (default 10), or a policy {last, daily, weekly, monthly, within}. Pre-deploy backups paired with the releases kept for rollback are never deleted.',
  );

const drillQuery = () =>
  described(
    text('expected an SQL query').min(1, { error: 'expected an SQL query' }).optional(),
    'Smoke query of the restore drill, run in the scratch database; it passes when its first value is a number above 0. Default: the number of tables.',
  );

/** Where `service` runs the dump: a compose service (`exec -T`), or the running task of a swarm stack service (`docker exec` on its node). */
export type ServiceKind = 'compose' | 'swarm' | undefined;

const SERVICE_TEXT = {
  compose: 'Compose service the dump runs in (via `exec -T`). When omitted the dump runs on the host itself.',
  swarm:
    'Stack service the dump runs in: `docker exec` in its running task (<stack>_<service>), over SSH to the node that runs it (the manager, or a node of `nodes`). When omitted the dump runs on the manager host itself.',
};

const serviceField = (kind: 'compose' | 'swarm') => described(name('service').optional(), SERVICE_TEXT[kind]);

function sqlShape(kind: ServiceKind) {
  return {
    engine: described(z.enum(SQL_ENGINES, { error: engineExpected }), 'Database engine.'),
    ...(kind ? { service: serviceField(kind) } : {}),
    database: described(argument('expected a database name'), 'Database to dump.'),
    user: described(argument('expected a database user').optional(), 'Database user; when omitted the client default applies.'),
    password_env: described(
      envName().optional(),
      'Name of the environment variable (letters, digits and _, not starting with a digit) holding the database password: read from password_env_file on the host (without one, from the service container or the SSH session environment), unless the runner gives the password as a secret. The password never appears in a command line.',
    ),
    password_env_file: described(
      anyPath('an env file path').optional(),
      'Env file on the host that password_env is read from (NAME=value lines, never sourced): relative to the deploy path, or absolute. Default: the first `shared` entry named .env, where it lives on the host (<path>/shared/<entry> with layout releases, <path>/<entry> in place); none when there is no such entry.',
    ),
    host: described(
      argument('expected a database host').optional(),
      'Database host for host-mode dumps (omit for the local socket/default).',
    ),
    port: described(port().optional(), 'Database port for host-mode dumps.'),
    keep: keep(),
    drill_query: drillQuery(),
  };
}

function sqliteShape(kind: ServiceKind) {
  return {
    engine: described(z.literal('sqlite', { error: engineExpected }), 'Database engine.'),
    ...(kind ? { service: serviceField(kind) } : {}),
    path: described(
      anyPath('a database file path'),
      'SQLite database file: relative to the deploy path or absolute; with `service`, as seen inside that container.',
    ),
    keep: keep(),
    drill_query: drillQuery(),
  };
}

function backupSchema(kind: ServiceKind) {
  const strict = { error: 'expected a mapping with an `engine` key' };
  const sql = z.strictObject(sqlShape(kind), strict).refine((b) => b.password_env_file === undefined || b.password_env !== undefined, {
    error: 'password_env_file needs password_env (the name of the variable to read from it)',
    path: ['password_env_file'],
  });
  return described(
    z.discriminatedUnion('engine', [sql, z.strictObject(sqliteShape(kind), strict)], { error: engineExpected }),
    'Database backup taken before every deploy that changes something. Omit to skip backups.',
  );
}

export const composeBackupSchema = backupSchema('compose');
export const passengerBackupSchema = backupSchema(undefined);
export const swarmBackupSchema = backupSchema('swarm');
