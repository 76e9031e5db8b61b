import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { UserErrors } from '../../src/core/errors.js';
import { formatPlanTable } from '../../src/plan/format.js';
import { checkConfigAgainstCompose } from '../../src/plan/planner.js';
import { fixedHostPort, rolloutIssues } from '../../src/plan/rollout.js';
import type { PlannerConfig } from '../../src/plan/types.js';
import { describeDryRun } from '../../src/strategies/compose/dry-run.js';
import { composeModel, COMPOSE_YML, CONFIG, planFor } from './plan-fixture.js';

const messagesOf = (text: string): string[] => {
  try {
    parseConfig(text, 'deploy.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors);
    return (e as UserErrors).errors.map((x) => x.message);
  }
  return [];
};
const withServices = (services: string) => `version: 1\ncompose:\n  project: app\n  services:\n${services}`;

describe('compose.services in the config file', () => {
  it('default rollout is stop-first; start-first is kept', () => {
    const config = parseConfig(withServices('    web: {rollout: start-first}\n    worker: {}\n'), 'deploy.yml');
    expect(config.compose.services).toEqual({
      web: { rollout: 'start-first', overlap: 3000 },
      worker: { rollout: 'stop-first', overlap: 3000 },
    });
    expect(parseConfig('version: 1\n', 'deploy.yml').compose.services).toEqual({});
  });

  it.each<[string, number | string]>([
    ['overlap: 0s', 0],
    ['overlap: 5s', 5000],
    ['overlap: 1m30s', 90_000],
    ['overlap: 5', 'compose.services.web.overlap: expected a duration like "90s"'],
    ['overlap: -1s', 'compose.services.web.overlap: expected a duration like "90s"'],
  ])('start-first %s', (option, expected) => {
    const yaml = withServices(`    web: {rollout: start-first, ${option}}\n`);
    if (typeof expected === 'number') expect(parseConfig(yaml, 'deploy.yml').compose.services.web?.overlap).toBe(expected);
    else expect(messagesOf(yaml)[0]).toContain(expected);
  });

  it.each<[string, string]>([
    ['celery_beat', 'its name reads as a Celery beat'],
    ['beat', 'its name reads as a Celery beat'],
    ['celery-beat', 'its name reads as a Celery beat'],
    ['celerybeat', 'its name reads as a Celery beat'],
  ])('start-first on %s is refused', (service, why) => {
    const [message] = messagesOf(withServices(`    ${service}: {rollout: start-first}\n`));
    expect(message).toContain(`compose.services.${service}.rollout: start-first is refused for "${service}": ${why}`);
    expect(message).toContain('two beats would run every scheduled task twice');
  });

  it('start-first on a service marked singleton is refused', () => {
    expect(messagesOf(withServices('    scheduler: {rollout: start-first, singleton: true}\n'))[0]).toContain(
      'start-first is refused for "scheduler": it is marked singleton: true',
    );
  });

  it.each(['heartbeat', 'beatrice', 'web'])('start-first on %s is accepted', (service) => {
    expect(messagesOf(withServices(`    ${service}: {rollout: start-first}\n`))).toEqual([]);
  });

  it('a wrong rollout value names the choices', () => {
    expect(messagesOf(withServices('    web: {rollout: blue-green}\n'))[0]).toContain('expected "stop-first" or "start-first"');
  });
});

describe('start-first against the compose model', () => {
  const config = (services: NonNullable<PlannerConfig['compose']['services']>): PlannerConfig => ({
    ...CONFIG,
    compose: { ...CONFIG.compose, services },
  });
  const model = (web: string) =>
    composeModel(COMPOSE_YML.replace('    command: gunicorn observations_nids.wsgi --bind 0.0.0.0:8000\n', web));

  it.each<[unknown, string | undefined]>([
    [8000, undefined],
    ['8000', undefined],
    ['8000:80', '8000'],
    ['127.0.0.1:8000:80', '8000'],
    ['127.0.0.1::80', undefined],
    ['[::1]:8080:80/tcp', '8080'],
    ['8000-8001:80', '8000-8001'],
    [{ target: 80, published: 8080 }, '8080'],
    [{ target: 80 }, undefined],
  ])('fixed host port of %j: %s', (entry, port) => {
    expect(fixedHostPort(entry)).toBe(port);
  });

  it('a web without a fixed port passes; the plain config has no start-first service', () => {
    expect(rolloutIssues(config({ web: { rollout: 'start-first' } }), composeModel())).toEqual([]);
    expect(checkConfigAgainstCompose(CONFIG, composeModel())).toEqual([]);
  });

  it('a fixed host port is refused, saying two containers cannot bind it', () => {
    const errors = checkConfigAgainstCompose(config({ web: { rollout: 'start-first' } }), model('    ports: ["127.0.0.1:8000:8000"]\n'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^compose.services.web.rollout: start-first is refused for "web": it publishes the fixed host port 8000, which the old and the new container cannot both bind/,
      ),
    ]);
  });

  it('network_mode: host is refused, saying the new container could not bind the port the old one listens on', () => {
    const errors = checkConfigAgainstCompose(config({ web: { rollout: 'start-first' } }), model('    network_mode: host\n'));
    expect(errors).toEqual([
      'compose.services.web.rollout: start-first is refused for "web": it sets network_mode: host, so the old and the new container would share the host\'s ports and the new one could not bind the port the old one listens on (put it on a compose network behind a proxy)',
    ]);
    // the other network modes keep start-first
    for (const mode of ['none', 'bridge', 'container:other'])
      expect(checkConfigAgainstCompose(config({ web: { rollout: 'start-first' } }), model(`    network_mode: "${mode}"\n`))).toEqual([]);
  });

  it('a container_name is refused, saying Docker cannot run two containers under one name', () => {
    const errors = checkConfigAgainstCompose(config({ web: { rollout: 'start-first' } }), model('    container_name: app-web\n'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^compose.services.web.rollout: start-first is refused for "web": it sets container_name: app-web, and Docker cannot run the old and the new container under one name/,
      ),
    ]);
  });

  it('a service whose network another service joins (network_mode: service:web) is refused, naming it', () => {
    const joined = composeModel(COMPOSE_YML.replace('  nginx:\n', '  nginx:\n    network_mode: service:web\n'));
    expect(joined.services.nginx?.definition.network_mode).toBe('service:web');
    expect(checkConfigAgainstCompose(config({ web: { rollout: 'start-first' } }), joined)).toEqual([
      'compose.services.web.rollout: start-first is refused for "web": nginx joins its network (network_mode: service:web) and would lose it when the old container is removed',
    ]);
  });

  it('a service whose command runs celery beat is refused (whatever its name)', () => {
    const errors = rolloutIssues(
      config({ scheduler: { rollout: 'start-first' } }),
      composeModel(COMPOSE_YML.replace('  celery_beat:', '  scheduler:')),
    );
    expect(errors).toEqual([expect.stringContaining('start-first is refused for "scheduler": its command runs a Celery beat')]);
  });

  it('a worker with an embedded beat (-B) is refused; a plain worker is not', () => {
    const embedded = composeModel(COMPOSE_YML.replace('celery -A observations_nids worker', 'celery -A observations_nids worker -B'));
    expect(rolloutIssues(config({ celery_worker: { rollout: 'start-first' } }), embedded)).toHaveLength(1);
    expect(rolloutIssues(config({ celery_worker: { rollout: 'start-first' } }), composeModel())).toEqual([]);
  });

  it('an unknown service is an error', () => {
    expect(rolloutIssues(config({ api: { rollout: 'start-first' } }), composeModel())).toEqual([
      expect.stringContaining('compose.services.api.rollout: unknown service "api"'),
    ]);
  });

  it('the plan lists the replaced start-first services; the table and the dry-run say so', () => {
    const cfg = config({ web: { rollout: 'start-first' }, flower: { rollout: 'start-first' } });
    const plan = planFor(['M app/templates/index.html'], { config: cfg });
    expect(plan.build).toEqual(['web']);
    expect(plan.startFirst).toEqual(['web']);
    expect(formatPlanTable(plan)).toContain('Start-first: web (the new container starts beside the old one');
    const inv = { command: ['docker', 'compose'], project: 'app', files: ['/s/c.yml'], projectDir: '/s' };
    expect(describeDryRun(plan, inv, {}).join('\n')).toContain(
      'docker compose -p app --project-directory /s -f /s/c.yml up -d --no-deps --no-build --no-recreate --scale web=2 web',
    );
    expect(planFor(['M app/templates/index.html']).startFirst).toBeUndefined();
  });
});

describe('stop grace period in the plan', () => {
  const withGrace = composeModel(
    COMPOSE_YML.replace(
      '    command: celery -A observations_nids worker\n',
      '    command: celery -A observations_nids worker\n    stop_grace_period: 1m30s\n',
    ),
  );

  it('a replaced service with stop_grace_period: the plan carries its seconds and the table says so', () => {
    const plan = planFor(['M app/models.py'], { composeTo: withGrace, composeFrom: withGrace });
    expect(plan.build).toEqual(['celery_beat', 'celery_worker', 'web']);
    expect(plan.stopGrace).toEqual({ celery_worker: 90 });
    expect(formatPlanTable(plan)).toContain(
      "Stop grace period (SIGTERM, then this long to finish before SIGKILL): celery_worker 90s; other services 10s (Docker's default)",
    );
  });

  it('no stopped service sets one: no key', () => {
    expect(planFor(['M app/templates/index.html'], { composeTo: withGrace, composeFrom: withGrace }).stopGrace).toBeUndefined();
    expect(planFor(['M app/models.py']).stopGrace).toBeUndefined();
  });
});
