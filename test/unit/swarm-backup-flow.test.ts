/**
 * The backup through a swarm stack service's task, run for real on this machine's shell: a stub
 * `docker` plays the manager (service, task, node) and the node's engine (`docker exec` runs the
 * command here); the node is reached through a fake connection, the relay pipes the staged file into
 * the receive script locally. An SQLite database is the "container's": the backup lands in the
 * manager's backups dir with its sidecar, the staging dir is gone, the log names the node.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupError } from '../../src/backup/errors.js';
import { probeSwarmDb, refuseSwarmRestore, swarmBackup, swarmBackupStep, type NodeAccess } from '../../src/backup/swarm-backup.js';
import type { BackupContext, BackupSpec } from '../../src/backup/types.js';
import type { HostConnection } from '../../src/transport/connect.js';
import type { ExecOptions, ExecResult, Executor } from '../../src/transport/types.js';
import { UserError } from '../../src/core/errors.js';
import type { ReleaseRecord } from '../../src/record/state-model.js';
import { fakeSession } from './helpers/fake-session.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const NODE = 'n0de2wrk2xxxxxxxxxxxxxxxx';
const SHA = 'a'.repeat(40);

/** The stub: the manager's answers, and `docker exec -i [-e NAME]... <cid> argv...` run here. */
const STUB = `#!/bin/sh
case "$1 $2" in
  "service ls") printf '%s\\n' $GD_SERVICES ;;
  "service ps") echo "tsk1aaaaaaaaaaaaaaaaaaaaa Running 5 seconds ago" ;;
  "inspect --format") echo "${NODE} 0123456789abcdef0123456789abcdef" ;;
  "node inspect") echo "10.0.0.12 worker2" ;;
  "info --format") echo "$GD_SELF" ;;
  exec\\ *) shift; while [ "$1" = -i ] || [ "$1" = -e ]; do [ "$1" = -e ] && shift; shift; done; shift; exec "$@" ;;
  *) echo "unexpected: $*" >&2; exit 1 ;;
esac
`;

/** This machine's shell with the stub first on PATH. */
class StubExecutor implements Executor {
  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
  ) {}
  run(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return local.run(argv, { ...opts, env: { ...this.env, ...opts.env } });
  }
  sh(script: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return this.run(['sh', '-c', script], opts);
  }
  async close(): Promise<void> {}
}

/** `cat file | sh -c script` here, hashed, optionally with one byte changed on the way. */
function localRelay(corrupt = false): NodeAccess['relay'] {
  return async (_from, file, _to, script) => {
    const data = await readFile(file);
    if (corrupt) data[data.length - 1] = data[data.length - 1]! ^ 1;
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number>((resolve) => {
      child.on('close', (c) => resolve(c ?? 1));
      child.stdin.end(data);
    });
    return {
      result: { code, stdout, stderr },
      sent: { code: 0, stderr: '' },
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  };
}

function setup(dir: string, o: { self?: string; services?: string; nodes?: Record<string, string>; corrupt?: boolean } = {}) {
  const env = {
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
    GD_SERVICES: o.services ?? 'app_web app_db',
    GD_SELF: o.self ?? 'm4nagerxxxxxxxxxxxxxxxxxx',
    TMPDIR: join(dir, 'node-tmp'),
  };
  const spec: BackupSpec = { engine: 'sqlite', service: 'db', path: join(dir, 'data', 'app.sqlite3'), keep: 3 };
  const deployPath = join(dir, 'srv');
  const s = fakeSession(
    deployPath,
    { strategy: 'swarm', stack: 'app', nodes: o.nodes ?? { worker2: 'deploy@10.0.0.12' }, backup: spec } as never,
    new StubExecutor('deploy@manager:22', env),
  );
  const connected: string[] = [];
  const access: NodeAccess = {
    connect: async (_s, t) => {
      connected.push(t.hostname);
      return {
        exec: new StubExecutor('deploy@10.0.0.12:22', env),
        cleanup: async () => void connected.push('closed'),
      } as unknown as HostConnection;
    },
    relay: localRelay(o.corrupt),
  };
  const ctx: BackupContext = { deployPath, target: 'prod', sha: SHA, now: new Date('2026-12-05T10:00:00Z') };
  return { s, spec, ctx, access, connected, backups: join(deployPath, 'backups'), staging: env.TMPDIR };
}

async function prepare(dir: string): Promise<void> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  await writeFile(join(dir, 'bin', 'docker'), STUB);
  await chmod(join(dir, 'bin', 'docker'), 0o755);
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, 'node-tmp'));
  execFileSync('sqlite3', [join(dir, 'data', 'app.sqlite3'), "CREATE TABLE t(v TEXT); INSERT INTO t VALUES ('row-from-the-node');"]);
}

describe.runIf(withTools('the swarm backup flow (a real sqlite database)', 'sqlite3'))('backup through the task of a swarm service', () => {
  const tmp = useHostileTempDir('gd-swarm-backup');

  it('on a worker: dumped and verified there, copied to the manager with its sidecar, staging removed, the node named', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access, connected, backups, staging } = setup(tmp());
    const r = await swarmBackup(s, spec, ctx, access);
    expect(r.file).toBe(join(backups, 'prod-20261205T100000Z-aaaaaaaaaaaa.sqlite3.gz'));
    const stored = await readFile(r.file);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(r.sha256);
    expect(r.size).toBe(stored.length);
    const sidecar = JSON.parse(await readFile(`${r.file}.json`, 'utf8'));
    expect(sidecar).toMatchObject({ engine: 'sqlite', sha256: r.sha256, size: r.size, verified: true, target: 'prod' });
    await writeFile(join(tmp(), 'restored.sqlite3'), execFileSync('gzip', ['-dc', r.file]));
    expect(execFileSync('sqlite3', [join(tmp(), 'restored.sqlite3'), 'SELECT v FROM t'], { encoding: 'utf8' }).trim()).toBe(
      'row-from-the-node',
    );
    expect((await readdir(backups)).sort()).toEqual([`${r.file.split('/').pop()}`, `${r.file.split('/').pop()}.json`]);
    expect(await readdir(staging)).toEqual([]);
    expect(connected).toEqual(['worker2', 'closed']);
    expect(s.infos.join('\n')).toContain(
      `database of app_db: task tsk1aaaaaaaaaaaaaaaaaaaaa on node worker2 (${NODE}), docker exec in container 0123456789ab over SSH to deploy@10.0.0.12:22`,
    );
  });

  it('on the manager: the run’s own connection, no node connection, the backup as today', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access, connected, backups } = setup(tmp(), { self: NODE, nodes: {} });
    const r = await swarmBackup(s, spec, ctx, access);
    expect(dirname(r.file)).toBe(backups);
    expect(connected).toEqual([]);
    expect(s.infos.join('\n')).toContain('on the manager, docker exec in container 0123456789ab over SSH to deploy@manager:22');
  });

  it('a copy that differs from the verified dump is refused: nothing in the backups dir, staging removed', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access, backups, staging } = setup(tmp(), { corrupt: true });
    const err = await swarmBackup(s, spec, ctx, access).catch((e: Error) => e);
    expect(err).toBeInstanceOf(BackupError);
    expect((err as Error).message).toMatch(/the copy's sha256 [0-9a-f]{64} differs from the verified dump's/);
    expect(await readdir(backups)).toEqual([]);
    expect(await readdir(staging)).toEqual([]);
  });

  it('a worker without an SSH address: a UserError naming the node, before any dump', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access, connected } = setup(tmp(), { nodes: { worker1: 'deploy@10.0.0.11' } });
    const run = swarmBackup(s, spec, ctx, { relay: access.relay });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/runs on node worker2 .* targets\.prod\.nodes has no SSH address for it/);
    expect(connected).toEqual([]);
  });

  it('pre-deploy: the service not on the swarm yet skips on a first deploy and stops a deploy with a live release', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access } = setup(tmp(), { services: 'app_web' });
    expect(await swarmBackupStep(s, spec, ctx, undefined, access)).toEqual({
      action: 'skip',
      reason: 'no database to back up yet (first deploy): swarm service app_db does not exist',
    });
    const live = { id: 'b'.repeat(40) } as ReleaseRecord;
    await expect(swarmBackupStep(s, spec, ctx, live, access)).rejects.toThrow(
      /the database of target prod is gone: swarm service app_db does not exist/,
    );
  });

  it('pre-deploy: probed in the task on its node, then backed up', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access, connected } = setup(tmp());
    const r = await swarmBackupStep(s, spec, ctx, { id: 'b'.repeat(40) } as ReleaseRecord, access);
    expect(r).toMatchObject({ engine: 'sqlite', file: expect.stringMatching(/prod-20261205T100000Z-aaaaaaaaaaaa\.sqlite3\.gz$/) });
    expect(connected).toEqual(['worker2', 'closed']);
  });

  it('doctor: the probe runs in the task on its node; restore and drill refuse a swarm service clearly', async () => {
    await prepare(tmp());
    const { s, spec, ctx, access, connected } = setup(tmp());
    expect((await probeSwarmDb(s, spec, ctx, access)).result).toEqual({ state: 'present' });
    expect(connected).toEqual(['worker2', 'closed']);
    expect(() => refuseSwarmRestore(s, 'restoring a backup')).toThrow(UserError);
    expect(() => refuseSwarmRestore(s, 'the restore drill')).toThrow(
      /the restore drill into the database of swarm service app_db is not supported yet/,
    );
    const hostMode = { ...s, target: { ...s.target, backup: { engine: 'sqlite', path: 'db.sqlite3', keep: 3 } } } as typeof s;
    expect(() => refuseSwarmRestore(hostMode, 'restoring a backup')).not.toThrow();
  });
});
