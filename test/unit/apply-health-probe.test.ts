/** The probe of a service's own compose healthcheck (health-probe.ts), on literals. */
import { describe, expect, it } from 'vitest';
import { healthProbeOf, healthProbesOf } from '../../src/apply/health-probe.js';
import type { ComposeService } from '../../src/compose/types.js';

const service = (name: string, healthcheck?: unknown): ComposeService => ({
  name,
  definition: healthcheck === undefined ? { image: 'x' } : { image: 'x', healthcheck },
  bindMounts: [],
  envFiles: [],
});

describe('healthProbeOf', () => {
  // test: what the container carries (compose turns a string into ["CMD-SHELL", it]); argv: what docker exec runs
  it.each<[string, unknown, string[]]>([
    [
      'CMD: the arguments as they are',
      { test: ['CMD', 'curl', '-f', 'http://localhost/health'] },
      ['curl', '-f', 'http://localhost/health'],
    ],
    [
      'CMD-SHELL: through /bin/sh -c',
      { test: ['CMD-SHELL', 'curl -f localhost || exit 1'] },
      ['/bin/sh', '-c', 'curl -f localhost || exit 1'],
    ],
    [
      'CMD-SHELL in parts: joined by spaces, as Docker does',
      { test: ['CMD-SHELL', 'test', '-e', '/ok'] },
      ['/bin/sh', '-c', 'test -e /ok'],
    ],
    ['a plain string: through /bin/sh -c', { test: 'pg_isready -U "$$USER"' }, ['/bin/sh', '-c', 'pg_isready -U "$$USER"']],
    ['hostile arguments kept verbatim', { test: ['CMD', 'sh', '-c', "echo $(x) 'q'\nnext"] }, ['sh', '-c', "echo $(x) 'q'\nnext"]],
  ])('%s', (_name, hc, argv) => {
    const test =
      typeof (hc as { test: unknown }).test === 'string' ? ['CMD-SHELL', (hc as { test: string }).test] : (hc as { test: string[] }).test;
    expect(healthProbeOf(service('web', hc))).toEqual({ test, argv, timeoutSeconds: 5 });
  });

  it.each<[string, unknown]>([
    ['no healthcheck', undefined],
    ['only timings: the test is the image HEALTHCHECK, left to Docker', { interval: '2s', retries: 3 }],
    ['NONE', { test: ['NONE'] }],
    ['disable: true', { test: ['CMD', 'true'], disable: true }],
    ['an empty list', { test: [] }],
    ['CMD without a command', { test: ['CMD'] }],
    ['an empty string', { test: '  ' }],
    ['an unknown kind', { test: ['RUN', 'true'] }],
    ['a part that is not a string', { test: ['CMD', 'sleep', 1] }],
    ['not a map', 'true'],
  ])('no probe: %s', (_name, hc) => {
    expect(healthProbeOf(service('web', hc))).toBeUndefined();
  });

  it('its timeout: the healthcheck timeout in whole seconds (at least 1), at most 5; Docker default 30 → 5', () => {
    const timeout = (t: unknown) => healthProbeOf(service('web', { test: ['CMD', 'true'], timeout: t }))?.timeoutSeconds;
    expect(timeout('2s')).toBe(2);
    expect(timeout('1500ms')).toBe(2);
    expect(timeout('100ms')).toBe(1);
    expect(timeout('10s')).toBe(5);
    expect(timeout('1m')).toBe(5);
    expect(timeout(undefined)).toBe(5);
    expect(timeout('soon')).toBe(5);
  });

  it('healthProbesOf: only the named services that have one', () => {
    const services = {
      web: service('web', { test: ['CMD', 'true'], timeout: '3s' }),
      db: service('db', { interval: '1s' }),
      worker: service('worker', { test: ['CMD', 'false'] }),
    };
    expect(healthProbesOf(services, ['web', 'db', 'gone'])).toEqual({ web: { test: ['CMD', 'true'], argv: ['true'], timeoutSeconds: 3 } });
  });
});
