/** `logs` on a swarm target: `docker service logs` of each service of the stack (or the one asked for), on a recording manager. */
import { describe, expect, it } from 'vitest';
import { swarmLogs } from '../../src/strategies/swarm/logs.js';
import { RecordingExecutor } from './helpers/fake-host.js';

const manager = (services: string) =>
  new RecordingExecutor([
    { kind: 'services', match: /^docker service ls --filter label=com\.docker\.stack\.namespace=app /, stdout: services },
    { kind: 'logs $1', match: /^docker service logs --no-trunc --tail \d+ (?:--since \S+ )?(\S+)$/, stdout: 'line\n' },
  ]);

describe('swarm logs', () => {
  it('every service of the stack, in the order swarm lists them, with the tail and since given', async () => {
    const exec = manager('app_web\napp_worker\n');
    expect(await swarmLogs(exec, 'app', { tail: 20, since: '5m' })).toBe('line\nline\n');
    expect(exec.log).toEqual(['services', 'logs app_web', 'logs app_worker']);
    expect(exec.commands[1]!.cmd).toBe('docker service logs --no-trunc --tail 20 --since 5m app_web');
  });

  it('--service: that service only', async () => {
    const exec = manager('app_web\n');
    await swarmLogs(exec, 'app', { tail: 200, service: 'worker' });
    expect(exec.log).toEqual(['logs app_worker']);
  });

  it('a stack with no service, or a failing `docker service logs`, is a clear error', async () => {
    await expect(swarmLogs(manager(''), 'app', { tail: 1 })).rejects.toThrow(
      'logs: stack app has no service on the swarm (not deployed yet?)',
    );
    const exec = manager('app_web\n');
    exec.failAt = 'logs app_web';
    await expect(swarmLogs(exec, 'app', { tail: 1 })).rejects.toThrow(/^docker service logs app_web failed \(exit 1\): injected failure/);
  });
});
