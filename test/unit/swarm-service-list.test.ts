import { describe, expect, it } from 'vitest';
import { stackStatusArgs } from '../../src/apply/swarm-status-scripts.js';
import { formatServiceRows, serviceRows } from '../../src/apply/swarm-service-list.js';

const REF = (sv: string, tag: string) => `reg:5000/app/${sv}:release-${tag}`;

describe('status: the stack services', () => {
  it('lists them with `docker service ls` of the stack', () => {
    expect(stackStatusArgs('app').join(' ')).toBe(
      'docker service ls --filter label=com.docker.stack.namespace=app --format {{.Name}} {{.Mode}} {{.Replicas}} {{.Image}}',
    );
  });

  it('reads tasks running/desired, image, the live release tag and a paused update; flags what is off', () => {
    const out = [
      `app_web replicated 1/2 (max 1 per node) ${REF('web', 'bbb')}`,
      `app_worker replicated 1/1 ${REF('worker', 'aaa')}`,
      'app_agent global 0/0 busybox:1',
      `other_web replicated 1/1 ${REF('web', 'bbb')}`,
      '',
    ].join('\n');
    const refs = { web: REF('web', 'bbb'), worker: REF('worker', 'bbb') };
    const rows = serviceRows(out, 'app', refs, [{ name: 'app_web', state: 'paused' }]);
    expect(rows).toEqual([
      { name: 'app_agent', mode: 'global', running: 0, desired: 0, image: 'busybox:1' },
      {
        name: 'app_web',
        mode: 'replicated',
        running: 1,
        desired: 2,
        image: REF('web', 'bbb'),
        release: REF('web', 'bbb'),
        paused: 'paused',
      },
      { name: 'app_worker', mode: 'replicated', running: 1, desired: 1, image: REF('worker', 'aaa'), release: REF('worker', 'bbb') },
    ]);
    const text = formatServiceRows(rows);
    expect(text).toContain(`| app_web | replicated | 1/2 | ${REF('web', 'bbb')} | yes |`);
    expect(text).toContain(`| app_worker | replicated | 1/1 | ${REF('worker', 'aaa')} | NO |`);
    expect(text).toContain('| app_agent | global | 0/0 | busybox:1 | - |');
    expect(text).toContain('WARNING: app_web: 1 of 2 tasks running; swarm update paused');
    expect(text).toContain(`WARNING: app_worker: runs ${REF('worker', 'aaa')}, the live release has ${REF('worker', 'bbb')}`);
    expect(formatServiceRows([])).toEqual(['', 'swarm: the stack has no service on the swarm']);
  });
});
