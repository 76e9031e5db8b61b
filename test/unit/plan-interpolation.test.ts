/**
 * Issue #9: the compose model is interpolated with the compose `.env` (docker/.env: the project
 * directory is compose.directory) at both revisions, so a changed value builds or recreates the
 * services that use it, and the `.env` is no longer "unmatched".
 */
import { describe, expect, it } from 'vitest';
import { parseComposeModel } from '../../src/compose/model.js';
import { ignoredFiles } from '../../src/plan/explain.js';
import { CONFIG, decision, NOTHING, planFor } from './plan-fixture.js';

const YML = `
services:
  front:
    build:
      context: ../front
      args:
        VITE_API_URL: \${VITE_API_URL:-http://localhost}
  web:
    image: app:\${TAG}
    environment:
      DEBUG: \${DEBUG-0}
    env_file: ../backend.env
  worker:
    image: app:\${TAG}
    command: celery worker --concurrency \${WORKERS:?set WORKERS}
  redis:
    image: redis:7
`;

const model = (dotEnv: string, yml = YML) => parseComposeModel([{ path: 'docker/docker-compose.yml', content: yml }], 'docker', {}, dotEnv);
const BASE = 'TAG=1\nWORKERS=2\n';
const DOT_ENV = ['M docker/.env'];

type Row = [string, string, string, Partial<typeof NOTHING>];

describe('planDeploy: a change to the compose .env', () => {
  it.each<Row>([
    ['a value used in build.args → build that service', BASE, `${BASE}VITE_API_URL=https://api.example.org\n`, { build: ['front'] }],
    ['a value used in image → recreate the services using it', BASE, 'TAG=2\nWORKERS=2\n', { recreate: ['web', 'worker'] }],
    ['unset → empty counts for ${VAR-default}', BASE, `${BASE}DEBUG=\n`, { recreate: ['web'] }],
    ['unset → empty does not count for ${VAR:-default}', BASE, `${BASE}VITE_API_URL=\n`, {}],
    ['a value no service uses → nothing, and not unmatched', BASE, `${BASE}UNUSED=1\n`, {}],
    ['a comment → nothing', BASE, `# note\n${BASE}`, {}],
    ['${VAR?err} missing at from, set at to → recreate', 'TAG=1\n', BASE, { recreate: ['worker'] }],
    ['${VAR?err} missing at both → unchanged', 'TAG=1\n', 'TAG=1\nUNUSED=1\n', {}],
    ['the .env removed: TAG empty, WORKERS unresolved → recreate both', BASE, '', { recreate: ['web', 'worker'] }],
  ])('%s', (_name, from, to, expected) => {
    const plan = planFor(DOT_ENV, { composeFrom: model(from), composeTo: model(to) });
    expect(decision(plan)).toEqual({ ...NOTHING, ...expected });
  });

  it('the reason is rule "compose" with the .env; an unused change is counted as ignored', () => {
    const used = planFor(DOT_ENV, { composeFrom: model(BASE), composeTo: model('TAG=2\nWORKERS=2\n') });
    expect(used.reasons).toContainEqual({ service: 'web', action: 'recreate', rule: 'compose', files: ['docker/.env'] });
    expect(ignoredFiles(used)).toEqual([]);
    const unused = planFor(DOT_ENV, { composeFrom: model(BASE), composeTo: model(`${BASE}UNUSED=1\n`) });
    expect(unused.reasons).toEqual([{ action: 'ignore', rule: 'compose', files: ['docker/.env'] }]);
    expect(ignoredFiles(unused)).toEqual(['docker/.env']);
  });

  it('a rule matching the .env applies too', () => {
    const config = { ...CONFIG, rules: [{ name: 'env', paths: ['docker/.env'], restart: ['redis'] }] };
    const plan = planFor(DOT_ENV, { config, composeFrom: model(BASE), composeTo: model('TAG=2\nWORKERS=2\n') });
    expect(decision(plan)).toEqual({ ...NOTHING, recreate: ['web', 'worker'], restart: ['redis'] });
  });

  it('a .env elsewhere than the compose directory is not the compose .env', () => {
    const plan = planFor(['M other/.env'], { composeFrom: model(BASE), composeTo: model('TAG=2\nWORKERS=2\n') });
    expect(decision(plan)).toEqual({ ...NOTHING, build: [], unmatched: ['other/.env'] });
  });

  it('an env_file change recreates the services reading it', () => {
    expect(decision(planFor(['M backend.env'], { composeFrom: model(BASE), composeTo: model(BASE) }))).toEqual({
      ...NOTHING,
      recreate: ['web'],
    });
  });

  it('a compose file edit of an unresolved expression still counts (raw text compared), with a warning', () => {
    const edited = YML.replace('set WORKERS', 'WORKERS is required');
    const plan = planFor(['M docker/docker-compose.yml'], { composeFrom: model('TAG=1\n'), composeTo: model('TAG=1\n', edited) });
    expect(decision(plan)).toEqual({ ...NOTHING, recreate: ['worker'] });
    expect(plan.warnings).toContain(
      'compose interpolation: ${WORKERS:?WORKERS is required} not resolved from docker/.env; planned on the text as written ' +
        '(a change to it still counts), the host environment must provide the value',
    );
  });

  it('interpolation runs per file before the merge, and on the files named by extends', () => {
    const base = 'services:\n  base:\n    image: app:${TAG}\n';
    const over = 'services:\n  web:\n    extends: {file: base.yml, service: base}\n    environment: {MODE: "${MODE:-prod}"}\n';
    const m = parseComposeModel([{ path: 'docker/over.yml', content: over }], 'docker', { 'docker/base.yml': base }, 'TAG=7');
    expect(m.services.web?.definition).toMatchObject({ image: 'app:7', environment: { MODE: 'prod' } });
  });
});
