/**
 * The pre-deploy database probe: its script on literals, then run through dash for every engine
 * and location against stub clients and a stub `docker` (real files for sqlite), and the decision
 * it leads to (backup, skip with a reason, or stop the deploy).
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbe, planProbe, type ProbeResult } from '../../src/backup/probe.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import { BackupError } from '../../src/backup/errors.js';
import { decideBackup } from '../../src/backup/backup-step.js';
import type { ReleaseRecord } from '../../src/record/state-model.js';
import { thrownMessage } from './helpers/errors.js';
import { HOSTILE_NAME, local } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const compose = { command: ['docker', 'compose'], projectDir: '/srv/app/current', files: ['docker-compose.yml'], project: 'app' };
const ctx: BackupContext = { deployPath: '/srv/app', target: 'prod', sha: 'abcdef012345', now: new Date(0), compose, password: "s3cr'et" };
const CID = 'a'.repeat(64);

describe('probe script (literals)', () => {
  it('sqlite on the host: one test of the file under the deploy path, no password', () => {
    const p = planProbe({ engine: 'sqlite', path: 'shared/db.sqlite3', keep: 1 }, ctx);
    expect(p.script).toContain(
      `sh -c 'if [ -s "$1" ]; then exit 0; elif [ -e "$1" ]; then exit 10; else exit 11; fi' gd-probe /srv/app/shared/db.sqlite3 </dev/null`,
    );
    expect(p.script).not.toContain('docker');
    expect(p.stdin).toBeUndefined();
  });

  it('mariadb in a compose service: the running container by compose labels, then docker exec with -e MYSQL_PWD', () => {
    const p = planProbe({ engine: 'mariadb', service: 'db', database: 'app', user: 'u', keep: 1 }, ctx);
    expect(p.script).toContain(
      'docker ps -aq --no-trunc --filter label=com.docker.compose.project=app --filter label=com.docker.compose.service=db --filter label=com.docker.compose.oneoff=False --filter status=running',
    );
    expect(p.script).toContain(`docker exec -i -e MYSQL_PWD "$gd_cid" mysql -N -B -u u -e 'SELECT 1' app 2>&1 >/dev/null </dev/null`);
    expect(p.script).toContain(`mysql -N -B -u u -e 'SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '\\''app'\\'''`);
    expect(p.stdin).toBe("s3cr'et\n");
    expect(p.script).not.toContain('s3cr');
  });

  it('postgres: connects to the database, else counts it in pg_database from the postgres database (quotes doubled)', () => {
    const p = planProbe({ engine: 'postgres', database: "o'app", user: 'u', host: '127.0.0.1', keep: 1 }, { ...ctx, password: undefined });
    expect(p.script).toContain("psql -X -w -q -A -t -v ON_ERROR_STOP=1 -U u -h 127.0.0.1 -d 'o'\\''app' -c 'SELECT 1'");
    // SQL 'o''app', shell-quoted
    expect(p.script).toContain(`-d postgres -c 'SELECT count(*) FROM pg_database WHERE datname = '\\''o'\\'''\\''app'\\''' </dev/null )`);
  });

  it.each([
    ['GD_DB present\n', { state: 'present' }],
    [`GD_CONTAINER ${CID}\nGD_DB present\n`, { state: 'present', container: CID }],
    ['GD_DB absent sqlite database /x does not exist\n', { state: 'absent', reason: 'sqlite database /x does not exist' }],
    ['noise\nGD_DB unknown docker ps failed\n', { state: 'unknown', reason: 'docker ps failed' }],
    ['', { state: 'unknown', reason: 'fallback' }],
  ])('parses %j', (out, want) => expect(parseProbe(out, 'fallback')).toEqual(want));
});

const live: ReleaseRecord = { id: 'b'.repeat(40), sha: 'b'.repeat(40), at: '', result: 'success', actor: 'a' };

describe('decideBackup', () => {
  it('present: backup (in the container the probe found)', () => {
    expect(decideBackup({ state: 'present' }, undefined, 't')).toEqual({ action: 'backup' });
    expect(decideBackup({ state: 'present', container: CID }, live, 't')).toEqual({ action: 'backup', container: CID });
  });

  it('absent on a first deploy: skip, with the reason', () => {
    expect(decideBackup({ state: 'absent', reason: 'sqlite database /x does not exist' }, undefined, 't')).toEqual({
      action: 'skip',
      reason: 'no database to back up yet (first deploy): sqlite database /x does not exist',
    });
  });

  it('absent while a release is live: the deploy stops, saying nothing changed', () => {
    const msg = thrownMessage(() => decideBackup({ state: 'absent', reason: 'sqlite database /x does not exist' }, live, 't'), BackupError);
    expect(msg).toContain('the database of target t is gone: sqlite database /x does not exist, although release bbbbbbbbbbbb is live');
    expect(msg).toContain('the deploy stopped before changing anything');
  });

  it.each([undefined, live])("unknown stops the deploy, with the tool's stderr (live: %s)", (l) => {
    const probe: ProbeResult = { state: 'unknown', reason: 'docker ps failed' };
    const msg = thrownMessage(() => decideBackup(probe, l, 't', 'permission denied on docker.sock'), BackupError);
    expect(msg).toBe(
      'backup failed: cannot tell whether the database of target t exists: docker ps failed; the deploy stopped before changing anything\npermission denied on docker.sock',
    );
  });
});

/** `docker` stand-in: `ps` lists $STUB_RUNNING (running) / $STUB_STOPPED (only with no status filter); `exec` runs the command here. */
const FAKE_DOCKER = `#!/bin/sh
if [ "$1" = ps ]; then
  case "$*" in *status=running*) printf '%s' "\${STUB_RUNNING:-}" ;; *) printf '%s' "\${STUB_RUNNING:-}\${STUB_STOPPED:-}" ;; esac
  exit "\${STUB_PS_RC:-0}"
fi
[ "$1" = exec ] && [ "$2" = -i ] || exit 99
shift 2
while [ "$1" = -e ]; do shift 2; done
[ "$1" = "\${STUB_RUNNING:-}" ] || { echo "No such container: $1" >&2; exit 125; }
shift
exec "$@"
`;
/** mysql / psql stand-in: connecting succeeds when $STUB_CONNECT=ok; the count prints $STUB_COUNT (error: exit 1). Logs the password it got. */
const FAKE_CLIENT = `#!/bin/sh
[ -n "\${STUB_NOT_THERE:-}" ] && { echo "OCI runtime exec failed: exec: \\"$0\\": executable file not found in \\$PATH: unknown"; exit 126; }
printf '%s\\n' "pw=\${MYSQL_PWD:-\${PGPASSWORD:-unset}}" >> "$STUB_LOG"
case "$*" in
  *"SELECT 1"*) [ "\${STUB_CONNECT:-}" = ok ] && { echo 1; exit 0; }; echo "ERROR 1049 (42000): Unknown database" >&2; exit 1 ;;
  *) [ "\${STUB_COUNT:-}" = error ] && { echo "ERROR 2002 (HY000): Can't connect to server" >&2; exit 1; }; echo "\${STUB_COUNT:-0}" ;;
esac
`;

const SQLITE = withTools('the sqlite probe run with dash', 'sqlite3');

describe('probe script run through dash (stub docker and clients, real files)', () => {
  let dir = '';
  let log = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `gd-probe-${HOSTILE_NAME}`));
    log = join(dir, 'client.log');
    await mkdir(join(dir, 'bin'));
    for (const [name, text] of [
      ['docker', FAKE_DOCKER],
      ['mysql', FAKE_CLIENT],
      ['psql', FAKE_CLIENT],
    ] as const) {
      await writeFile(join(dir, 'bin', name), text);
      await chmod(join(dir, 'bin', name), 0o755);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function probe(spec: BackupSpec, stub: Record<string, string>, extra: Partial<BackupContext> = {}): Promise<ProbeResult> {
    await writeFile(log, '');
    const plan = planProbe(spec, { ...ctx, deployPath: dir, ...extra });
    const env = { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, STUB_LOG: log, ...stub };
    const r = await local.run(['dash', '-c', plan.script], { env, stdin: plan.stdin, allowFailure: true });
    expect(r.code, r.stderr).toBe(0);
    return parseProbe(r.stdout, `no verdict: ${r.stderr}`);
  }

  it.runIf(SQLITE)('sqlite on the host: missing, empty, then a real database', async () => {
    const spec: BackupSpec = { engine: 'sqlite', path: 'shared/db.sqlite3', keep: 1 };
    const file = join(dir, 'shared', 'db.sqlite3');
    expect(await probe(spec, {})).toEqual({ state: 'absent', reason: `sqlite database ${file} does not exist` });
    await mkdir(join(dir, 'shared'));
    await writeFile(file, '');
    expect(await probe(spec, {})).toEqual({ state: 'absent', reason: `sqlite database ${file} is an empty file` });
    await local.run(['sqlite3', file, 'CREATE TABLE t(x);']);
    expect(await probe(spec, {})).toEqual({ state: 'present' });
  });

  it.runIf(SQLITE)('sqlite in a compose service: checked inside the running container (its own path)', async () => {
    const spec: BackupSpec = { engine: 'sqlite', service: 'web', path: join(dir, 'shared', 'db.sqlite3'), keep: 1 };
    expect(await probe(spec, { STUB_RUNNING: CID })).toEqual({ state: 'present', container: CID });
    const gone: BackupSpec = { ...spec, path: join(dir, 'nope.sqlite3') };
    expect(await probe(gone, { STUB_RUNNING: CID })).toMatchObject({ state: 'absent', reason: expect.stringContaining('does not exist') });
  });

  it.each(['mariadb', 'postgres'] as const)('%s on the host: present, absent, exists-but-unreachable, server down', async (engine) => {
    const spec: BackupSpec = { engine, database: 'app', user: 'u', keep: 1 };
    expect(await probe(spec, { STUB_CONNECT: 'ok' })).toEqual({ state: 'present' });
    expect(await readFile(log, 'utf8')).toBe("pw=s3cr'et\n");
    expect(await probe(spec, { STUB_COUNT: '0' })).toEqual({
      state: 'absent',
      reason: `the ${engine} database app does not exist (or its user cannot see it)`,
    });
    expect(await probe(spec, { STUB_COUNT: '1' })).toEqual({
      state: 'unknown',
      reason: `the ${engine} database app exists but connecting to it failed`,
    });
    expect(await probe(spec, { STUB_COUNT: 'error' })).toEqual({
      state: 'unknown',
      reason: `cannot connect to the ${engine} server to look for the ${engine} database app`,
    });
  });

  it('mariadb in a compose service: running → checked in it; stopped → unknown; no container → absent', async () => {
    const spec: BackupSpec = { engine: 'mariadb', service: 'db', database: 'app', keep: 1 };
    expect(await probe(spec, { STUB_RUNNING: CID, STUB_CONNECT: 'ok' })).toEqual({ state: 'present', container: CID });
    expect(await readFile(log, 'utf8')).toBe("pw=s3cr'et\n");
    expect(await probe(spec, { STUB_RUNNING: CID, STUB_COUNT: '0' })).toMatchObject({ state: 'absent' });
    expect(await probe(spec, { STUB_STOPPED: CID })).toEqual({
      state: 'unknown',
      reason:
        'compose service db of project app has a container that is not running: start it (docker compose -p app up -d db) so that its database can be backed up',
    });
    expect(await probe(spec, {})).toEqual({ state: 'absent', reason: 'compose service db of project app has no container yet' });
    expect(await probe(spec, { STUB_PS_RC: '1' })).toEqual({ state: 'unknown', reason: 'docker ps failed' });
  });

  it.each([
    ['postgres', 'psql'],
    ['mariadb', 'mysql'],
  ] as const)(
    '%s client not in the container (exit 126, docker says why on stdout): said so, not "cannot connect to the server"',
    async (engine, client) => {
      const spec: BackupSpec = { engine, service: 'db', database: 'app', keep: 1 };
      expect(await probe(spec, { STUB_RUNNING: CID, STUB_NOT_THERE: '1' })).toEqual({
        state: 'unknown',
        reason: `${client} could not be run where the database is (exit 126: not installed there? check backup.engine and backup.service)`,
      });
    },
  );

  it("password_env in the container's environment: read there, nothing forwarded", async () => {
    const spec: BackupSpec = { engine: 'mariadb', service: 'db', database: 'app', password_env: 'DB_ROOT_PW', keep: 1 };
    expect(
      await probe(spec, { STUB_RUNNING: CID, STUB_CONNECT: 'ok', DB_ROOT_PW: 'from-container' }, { password: undefined }),
    ).toMatchObject({ state: 'present' });
    expect(await readFile(log, 'utf8')).toBe('pw=from-container\n');
  });

  it('a missing env file makes the verdict unknown, with the reason', async () => {
    const spec: BackupSpec = { engine: 'postgres', database: 'app', password_env: 'PW', keep: 1 };
    const r = await probe(spec, {}, { password: undefined, envFile: join(dir, 'missing.env') });
    expect(r).toEqual({ state: 'unknown', reason: `cannot read env file ${join(dir, 'missing.env')}` });
  });
});
