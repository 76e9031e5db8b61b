import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { APP_SERVICES, COMPOSE_YML, composeModel, CONFIG, decision, NOTHING, planFor } from './plan-fixture.js';

const COMPOSE = ['M docker/docker-compose.yml'];
const edit = (from: string, to: string) => composeModel(COMPOSE_YML.replace(from, to));

describe('planDeploy: a changed compose file is decided by the compose diff alone', () => {
  it.each([
    [
      'command change → recreate only that service',
      edit('celery -A observations_nids beat', 'celery -A observations_nids beat -l info'),
      { recreate: ['celery_beat'] },
    ],
    ['image change → recreate', edit('postgres:16', 'postgres:17'), { recreate: ['db'] }],
    ['nginx bind mount change → recreate nginx', edit('./nginx/nginx.conf:', './nginx/prod.conf:'), { recreate: ['nginx'] }],
    [
      'change in the x-app anchor (merge key) → every service using it',
      edit('depends_on: [db, redis]', 'depends_on: [db]'),
      { recreate: APP_SERVICES },
    ],
    [
      'build change in the anchor → build every app service',
      edit('dockerfile: docker/Dockerfile', 'dockerfile: docker/Dockerfile.prod'),
      { build: APP_SERVICES },
    ],
    [
      'new image service → recreate (create)',
      edit('  redis:\n', '  mailhog:\n    image: mailhog/mailhog\n  redis:\n'),
      { recreate: ['mailhog'] },
    ],
    ['new buildable service → build', edit('  redis:\n', '  celery_flower2:\n    <<: *app\n  redis:\n'), { build: ['celery_flower2'] }],
    ['removed service → remove', edit('  redis:\n    image: redis:7\n', ''), { remove: ['redis'] }],
    ['comment-only change → nothing, and not unmatched', edit('services:', '# edited\nservices:'), {}],
  ])('%s', (_name, composeTo, expected) => {
    expect(decision(planFor(COMPOSE, { composeTo }))).toEqual({ ...NOTHING, ...expected });
  });

  it('the compose file is inside the build context ("..") but does not trigger a build', () => {
    expect(decision(planFor(COMPOSE))).toEqual(NOTHING);
  });

  it('no rule applies to a compose file, even one matching it', () => {
    const config = { ...CONFIG, rules: [{ name: 'yml', paths: ['**/*.yml'], restart: 'all' as const }] };
    expect(decision(planFor(COMPOSE, { config }))).toEqual(NOTHING);
  });

  it('reasons use rule "compose" with the changed compose files', () => {
    const plan = planFor([...COMPOSE, 'M x.py'], { composeTo: edit('postgres:16', 'postgres:17') });
    expect(plan.reasons).toContainEqual({ service: 'db', action: 'recreate', rule: 'compose', files: ['docker/docker-compose.yml'] });
  });

  it('compose files did not exist at from → every service is new', () => {
    const plan = planFor(['A docker/docker-compose.yml'], { composeFrom: null });
    expect(decision(plan)).toEqual({ ...NOTHING, build: APP_SERVICES, recreate: ['db', 'nginx', 'redis'] });
  });

  it('an override file counts as a compose file too, and extends are resolved before diffing', () => {
    const config = { ...CONFIG, compose: { directory: 'docker', files: ['docker-compose.yml', 'docker-compose.prod.yml'] } };
    const prod = (workers: number) => `services:\n  celery_worker:\n    extends: celery_beat\n    command: celery worker -c ${workers}\n`;
    const model = (workers: number) =>
      parseComposeModel(
        [
          { path: 'docker/docker-compose.yml', content: COMPOSE_YML },
          { path: 'docker/docker-compose.prod.yml', content: prod(workers) },
        ],
        'docker',
      );
    const plan = planFor(['M docker/docker-compose.prod.yml'], { config, composeFrom: model(2), composeTo: model(4) });
    expect(decision(plan)).toEqual({ ...NOTHING, recreate: ['celery_worker'] });
  });
});
