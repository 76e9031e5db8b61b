/**
 * The early connection (connectEarly → openSession's Connect, execute): taken when the validated
 * target names the same address and umask, else closed and connected anew; an invalid config closes
 * it and reports the config's errors; its failure counts only when taken. connectHost is stubbed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectOptions, HostConnection } from '../../src/transport/connect.js';

const opened: { opts: ConnectOptions; conn: HostConnection }[] = [];
vi.mock('../../src/transport/connect.js', () => ({
  connectHost: async (opts: ConnectOptions): Promise<HostConnection> => {
    await new Promise((r) => setTimeout(r, 5));
    if (opts.host.startsWith('fail@')) throw new Error(`ssh connection to ${opts.host} failed: refused`);
    const conn = { keyDir: `/tmp/key-${opts.host}`, cleanup: vi.fn(async () => undefined) } as unknown as HostConnection;
    opened.push({ opts, conn });
    return conn;
  },
}));

const { connectEarly, openSession } = await import('../../src/session/session.js');
const { closeEarly } = await import('../../src/session/early-connect.js');
const { execute } = await import('../../src/commands/execute.js');
const { parseConfig } = await import('../../src/config/load.js');
const { runInterruptCleanups } = await import('../../src/core/interrupt.js');
const { defaultSettings } = await import('../../src/core/settings.js');
const { newReport } = await import('../../src/session/report.js');
const { fakeSession } = await import('./helpers/fake-session.js');

const dir = mkdtempSync(join(tmpdir(), 'early-connect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const yaml = (target: string): string =>
  `version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: compose, path: /srv/app, ${target}}\n`;

function run(raw: string) {
  const configPath = join(dir, `deploy-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(configPath, raw);
  const settings = defaultSettings({ command: 'deploy', configPath, ssh: { privateKey: 'KEY', knownHosts: 'KH' } });
  const { reporter, warnings } = fakeSession('/srv/app');
  const persisted: string[] = [];
  reporter.persist = (key, value) => void persisted.push(`${key}=${value}`);
  return { settings, reporter, warnings, persisted, report: newReport('deploy', 'prod') };
}

describe('the early connection', () => {
  beforeEach(async () => {
    await closeEarly();
    opened.length = 0;
  });

  it('the validated target names the same address and umask: Connect takes it, no second connect', async () => {
    const r = run(yaml('host: root@h1, port: 2222, umask: "027"'));
    await connectEarly(r.settings, r.reporter);
    const config = parseConfig(yaml('host: root@h1, port: 2222, umask: "027"'), 'deploy.yml');
    const session = await openSession(r.settings, config, r.reporter, r.report);
    expect(opened.map((o) => [o.opts.host, o.opts.port, o.opts.umask, o.opts.privateKey, o.opts.knownHosts])).toEqual([
      ['root@h1', 2222, '027', 'KEY', 'KH'],
    ]);
    expect(session.conn).toBe(opened[0]!.conn);
    expect(opened[0]!.conn.cleanup).not.toHaveBeenCalled();
    expect(r.persisted).toEqual(['keyDir=/tmp/key-root@h1', 'keyDir=/tmp/key-root@h1']);
    expect(r.report.phases.map((p) => p.name)).toEqual(['Connect']);
  });

  it.each([
    ['another host', 'host: root@h2, port: 2222, umask: "027"', ['root@h2', 2222, '027']],
    ['another port', 'host: root@h1, port: 22, umask: "027"', ['root@h1', 22, '027']],
    ['another umask', 'host: root@h1, port: 2222', ['root@h1', 2222, '022']],
  ])('%s once validated: the early one is closed and Connect connects anew', async (_what, validated, second) => {
    const r = run(yaml('host: root@h1, port: 2222, umask: "027"'));
    await connectEarly(r.settings, r.reporter);
    const session = await openSession(r.settings, parseConfig(yaml(validated), 'deploy.yml'), r.reporter, r.report);
    expect(opened.map((o) => [o.opts.host, o.opts.port, o.opts.umask])).toEqual([['root@h1', 2222, '027'], second]);
    expect(opened[0]!.conn.cleanup).toHaveBeenCalledOnce();
    expect(session.conn).toBe(opened[1]!.conn);
    expect(r.warnings).toEqual([]);
  });

  it('other settings (another run) do not take it', async () => {
    const r = run(yaml('host: root@h1'));
    await connectEarly(r.settings, r.reporter);
    await openSession({ ...r.settings }, parseConfig(yaml('host: root@h1'), 'deploy.yml'), r.reporter, r.report);
    expect(opened).toHaveLength(2);
    expect(opened[0]!.conn.cleanup).toHaveBeenCalledOnce();
  });

  it('its failure is Connect’s when taken, with the same message', async () => {
    const r = run(yaml('host: fail@h1'));
    await connectEarly(r.settings, r.reporter);
    const taken = openSession(r.settings, parseConfig(yaml('host: fail@h1'), 'deploy.yml'), r.reporter, r.report);
    await expect(taken).rejects.toThrow('ssh connection to fail@h1 failed: refused');
    expect(r.report.phases.map((p) => p.name)).toEqual(['Connect']);
  });

  it('its failure is nobody’s when the validated target names another host', async () => {
    const r = run(yaml('host: fail@h1'));
    await connectEarly(r.settings, r.reporter);
    const session = await openSession(r.settings, parseConfig(yaml('host: root@h2'), 'deploy.yml'), r.reporter, r.report);
    expect(session.conn).toBe(opened[0]!.conn);
    expect(opened.map((o) => o.opts.host)).toEqual(['root@h2']);
    expect(r.warnings).toEqual([]);
  });

  it('an invalid config: its errors are reported (not the connection), the early one closed first', async () => {
    const r = run(yaml('host: root@h1, bogus: 1'));
    await expect(execute(r.settings, r.reporter, r.report)).rejects.toThrow(/bogus/);
    expect(opened.map((o) => o.opts.host)).toEqual(['root@h1']);
    expect(opened[0]!.conn.cleanup).toHaveBeenCalledOnce();
    expect(r.warnings).toEqual([]);
  });

  it('an invalid config whose early connect fails: only the config errors', async () => {
    const r = run(yaml('host: fail@h1, bogus: 1'));
    await expect(execute(r.settings, r.reporter, r.report)).rejects.toThrow(/bogus/);
    expect(r.warnings).toEqual([]);
  });

  it('interrupted before it is taken, it is closed', async () => {
    const r = run(yaml('host: root@h1'));
    await connectEarly(r.settings, r.reporter);
    await runInterruptCleanups();
    expect(opened[0]!.conn.cleanup).toHaveBeenCalledOnce();
    // gone: Connect connects anew
    await openSession(r.settings, parseConfig(yaml('host: root@h1'), 'deploy.yml'), r.reporter, r.report);
    expect(opened).toHaveLength(2);
  });

  it('a config that is not plainly valid starts nothing', async () => {
    const r = run(yaml('host: "root@h1; x"'));
    await connectEarly(r.settings, r.reporter);
    await closeEarly();
    expect(opened).toEqual([]);
  });
});
