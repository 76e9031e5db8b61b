import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { stackUpdateStatusScript } from '../../src/apply/swarm-status-scripts.js';
import { pausedServices, refusePaused } from '../../src/apply/swarm-paused.js';

describe('swarm services left paused', () => {
  it('the script inspects the update status of the stack services (none: nothing printed)', () => {
    expect(stackUpdateStatusScript('app')).toBe(
      'ids=$(docker service ls -q --filter label=com.docker.stack.namespace=app)\n' +
        '[ -z "$ids" ] || docker service inspect --format \'{{.Spec.Name}} {{json .UpdateStatus}}\' $ids\n',
    );
  });

  it('reads paused and rollback_paused services, nothing else', () => {
    const out = [
      'app_web {"State":"paused","StartedAt":"2026-12-07T03:13:15Z","Message":"update paused due to failure"}',
      'app_worker null',
      'app_db {"State":"completed","Message":"update completed"}',
      'app_api {"State":"rollback_paused"}',
      '',
    ].join('\n');
    expect(pausedServices(out)).toEqual([
      { name: 'app_web', state: 'paused', message: 'update paused due to failure' },
      { name: 'app_api', state: 'rollback_paused' },
    ]);
    expect(pausedServices('')).toEqual([]);
  });

  it('refuses (exit 2) a run that leaves a paused service unchanged, naming it and the way out; a run that updates it goes on', () => {
    const paused = [{ name: 'app_web', state: 'paused', message: 'update paused due to failure' }];
    const refuse = () => refusePaused(paused, ['app_worker'], 'deploy');
    expect(refuse).toThrow(UserError);
    expect(refuse).toThrow('a swarm update was left paused: app_web: swarm update paused (update paused due to failure)');
    expect(refuse).toThrow('`docker service rollback app_web`');
    expect(() => refusePaused(paused, ['app_web'], 'rollback')).not.toThrow();
    expect(() => refusePaused([], [], 'deploy')).not.toThrow();
  });
});
