/** A Session on this machine's shell (LocalExecutor) with a recording reporter, for lock/repair tests. */
import type { Session } from '../../../src/session/session.js';
import type { Config, Target } from '../../../src/config/schema.js';
import { newReport } from '../../../src/session/report.js';
import type { Reporter } from '../../../src/core/reporter.js';
import { defaultSettings } from '../../../src/core/settings.js';
import type { HostConnection } from '../../../src/transport/connect.js';
import type { Executor } from '../../../src/transport/types.js';
import { local } from './local-host.js';

export interface FakeSession extends Session {
  warnings: string[];
  infos: string[];
}

export function fakeSession(path: string, target: Partial<Target> = {}, exec: Executor = local): FakeSession {
  const warnings: string[] = [];
  const infos: string[] = [];
  const reporter: Reporter = {
    group: (_name, fn) => fn(),
    info: (m) => void infos.push(m),
    warning: (m) => void warnings.push(m),
    error: () => undefined,
    secret: () => undefined,
    persist: () => undefined,
  };
  const full = {
    strategy: 'compose',
    host: 'root@127.0.0.1',
    port: 22,
    path,
    layout: 'releases',
    keep_releases: 5,
    shared: [],
    exclude: [],
    lock_ttl: 120_000,
    health: {},
    ...target,
  } as unknown as Target;
  const conn = { exec } as unknown as HostConnection;
  return {
    settings: defaultSettings({ command: 'deploy', run: { id: 'run-1', actor: 'alice' } }),
    config: { version: 1, targets: { prod: full } } as unknown as Config,
    targetName: 'prod',
    target: full,
    reporter,
    report: newReport('deploy', 'prod'),
    conn,
    hosts: [conn],
    warnings,
    infos,
  };
}
