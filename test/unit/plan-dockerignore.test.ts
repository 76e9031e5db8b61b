import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { APP_SERVICES, decision, NOTHING, planFor, ROOT_DOCKERIGNORE } from './plan-fixture.js';

describe('planDeploy: build contexts and .dockerignore', () => {
  it.each([
    [
      'root .dockerignore excludes docker/nginx: the nginx conf only restarts nginx',
      { '.dockerignore': ROOT_DOCKERIGNORE },
      'M docker/nginx/nginx.conf',
      { restart: ['nginx'] },
    ],
    [
      'without that exclusion it is in the context too: build + restart',
      { '.dockerignore': '.git\n' },
      'M docker/nginx/nginx.conf',
      { build: APP_SERVICES, restart: ['nginx'] },
    ],
    ['no .dockerignore at all: everything in the context builds', {}, 'M logs/app.log', { build: APP_SERVICES }],
    ['excluded file → no build, unmatched', { '.dockerignore': ROOT_DOCKERIGNORE }, 'M logs/app.log', { unmatched: ['logs/app.log'] }],
    [
      'Dockerfile.dockerignore wins over the context .dockerignore',
      { '.dockerignore': ROOT_DOCKERIGNORE, 'docker/Dockerfile.dockerignore': 'logs/\n' },
      'M scripts/x.sh',
      { build: APP_SERVICES },
    ],
    [
      '… and its own exclusions apply',
      { '.dockerignore': '', 'docker/Dockerfile.dockerignore': 'scripts/\n' },
      'M scripts/x.sh',
      { unmatched: ['scripts/x.sh'] },
    ],
    [
      'a ! exception re-includes a file',
      { '.dockerignore': 'scripts/\n!scripts/entrypoint.sh\n' },
      'M scripts/entrypoint.sh',
      { build: APP_SERVICES },
    ],
    ['a misplaced docker/.dockerignore is not applied', { 'docker/.dockerignore': 'logs/\n' }, 'M logs/app.log', { build: APP_SERVICES }],
  ])('%s', (_name, dockerignores, file, expected) => {
    expect(decision(planFor([file], { dockerignores }))).toEqual({ ...NOTHING, ...expected });
  });

  it('the Dockerfile itself builds even when the .dockerignore excludes it', () => {
    const config = { compose: { directory: 'docker', files: ['docker-compose.yml'] }, rules: [], tasks: {} };
    const plan = planFor(['M docker/Dockerfile'], { config, dockerignores: { '.dockerignore': 'docker/\n' } });
    expect(decision(plan)).toEqual({ ...NOTHING, build: APP_SERVICES });
    expect(plan.reasons.every((r) => r.rule === 'build-context')).toBe(true);
  });
});

describe('planDeploy: a .dockerignore line the matcher cannot compile', () => {
  it.each([
    ['an unclosed [', 'logs/\n[\n', '.dockerignore:2: cannot read the pattern "["'],
    ['a reversed range', '[z-a]\n', '.dockerignore:1: cannot read the pattern "[z-a]"'],
    ['an unclosed (', 'node_modules\n\n(\n', '.dockerignore:3: cannot read the pattern "("'],
  ])(
    '%s: a UserError naming the file, the line and the pattern (was a bare "Invalid regular expression", exit 1)',
    (_name, text, message) => {
      const plan = () => planFor(['M scripts/x.sh'], { dockerignores: { '.dockerignore': text } });
      expect(plan).toThrow(UserError);
      expect(plan).toThrow(message);
    },
  );
});
