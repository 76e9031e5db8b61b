/**
 * Top-level configs/secrets a service uses whose value lives in the compose file or the `.env`
 * (`content:`, `environment:`), and the other cross-file cases of the planner (table tests on
 * the pure planner, docker/build-push-action style): under-planning is the worse bug.
 */
import { describe, expect, it } from 'vitest';
import { linkBaseImages } from '../../src/compose/base-images.js';
import { parseComposeModel } from '../../src/compose/model.js';
import { forcedRecreates } from '../../src/plan/force-recreate.js';
import type { Plan, PlannerConfig } from '../../src/plan/types.js';
import { decision, NOTHING, planFor, type Decision } from './plan-fixture.js';

const CONFIG: PlannerConfig = { compose: { directory: 'docker', files: ['compose.yml'] }, rules: [], tasks: {} };
const model = (yaml: string, extra: Record<string, string> = {}, dotEnv = '') =>
  parseComposeModel([{ path: 'docker/compose.yml', content: yaml }], 'docker', extra, dotEnv);

const CONFIGS = (conf: string, secret: string) => `
services:
  web:
    image: nginx
    configs: [{source: conf, target: /etc/app.conf}]
    secrets: [token]
  worker:
    image: redis
    configs: [other]
configs:
  conf:
    content: "${conf}"
  other:
    content: "unchanged"
secrets:
  token:
    environment: TOKEN
`;

interface Row {
  name: string;
  changes: string[];
  from: ReturnType<typeof model>;
  to: ReturnType<typeof model>;
  want: Decision;
  forced: string[];
}

const ROWS: Row[] = [
  {
    name: 'configs content edited: the service using it is recreated (forced), not the others',
    changes: ['M docker/compose.yml'],
    from: model(CONFIGS('v1', '')),
    to: model(CONFIGS('v2', '')),
    want: { ...NOTHING, recreate: ['web'] },
    forced: ['web'],
  },
  {
    name: 'a secret from an environment variable the .env changes: recreated (forced)',
    changes: ['M docker/.env'],
    from: model(CONFIGS('v1', ''), {}, 'TOKEN=a\n'),
    to: model(CONFIGS('v1', ''), {}, 'TOKEN=b\n'),
    want: { ...NOTHING, recreate: ['web'] },
    forced: ['web'],
  },
  {
    name: 'a configs content no service uses: nothing',
    changes: ['M docker/compose.yml'],
    from: model(`${CONFIGS('v1', '')}  unused:\n    content: "a"\n`),
    to: model(`${CONFIGS('v1', '')}  unused:\n    content: "b"\n`),
    want: NOTHING,
    forced: [],
  },
  {
    name: 'content edited with a definition change too: recreated, not forced (compose sees it)',
    changes: ['M docker/compose.yml'],
    from: model(CONFIGS('v1', '')),
    to: model(CONFIGS('v2', '').replace('image: nginx', 'image: nginx:2')),
    want: { ...NOTHING, recreate: ['web'] },
    forced: [],
  },
];

describe('inline configs and secrets (content:, environment:)', () => {
  it.each(ROWS)('$name', ({ changes, from, to, want, forced }) => {
    const plan: Plan = planFor(changes, { config: CONFIG, composeFrom: from, composeTo: to, dockerignores: {} });
    expect(decision(plan)).toEqual(want);
    expect(forcedRecreates(plan)).toEqual(forced);
  });

  it('a start-first service is not forced (its new container is created anyway)', () => {
    const config = { ...CONFIG, compose: { ...CONFIG.compose, services: { web: { rollout: 'start-first' as const } } } };
    const plan = planFor(['M docker/compose.yml'], {
      config,
      composeFrom: model(CONFIGS('v1', '')),
      composeTo: model(CONFIGS('v2', '')),
      dockerignores: {},
    });
    expect(plan.startFirst).toEqual(['web']);
    expect(forcedRecreates(plan)).toEqual([]);
  });

  it('an inline config of an included file counts too', () => {
    const main = 'include: [../other/compose.yml]\nservices: {}\n';
    const other = (v: string) => `services:\n  app:\n    image: nginx\n    configs: [c]\nconfigs:\n  c:\n    content: "${v}"\n`;
    const plan = planFor(['M other/compose.yml'], {
      config: CONFIG,
      composeFrom: model(main, { 'other/compose.yml': other('1'), 'other/.env': '' }),
      composeTo: model(main, { 'other/compose.yml': other('2'), 'other/.env': '' }),
      dockerignores: {},
    });
    expect(decision(plan)).toEqual({ ...NOTHING, recreate: ['app'] });
    expect(forcedRecreates(plan)).toEqual(['app']);
  });

  it("a config rule's recreate is forced (compose sees no change), an env_file's is not (compose compares its values)", () => {
    const yaml =
      'services:\n  nginx:\n    image: nginx\n    volumes: [./nginx.conf:/etc/nginx.conf:ro]\n  web:\n    image: app\n    env_file: web.env\n';
    const config: PlannerConfig = { ...CONFIG, rules: [{ name: 'nginx-conf', paths: ['docker/nginx.conf'], recreate: ['nginx'] }] };
    const m = model(yaml);
    const plan = planFor(['M docker/nginx.conf', 'M docker/web.env'], { config, composeFrom: m, composeTo: m, dockerignores: {} });
    expect(decision(plan)).toEqual({ ...NOTHING, recreate: ['nginx', 'web'] });
    expect(forcedRecreates(plan)).toEqual(['nginx']);
  });
});

describe('an unnamed built image (no image:) other services use', () => {
  const yaml = 'services:\n  base:\n    build: ../base\n  web:\n    build: ../web\n  runner:\n    image: shop-base\n';
  const project: PlannerConfig = { ...CONFIG, compose: { ...CONFIG.compose, project: 'shop' } };

  it('a change to its context builds it, the service FROM it, and recreates the one running it', () => {
    const m = linkBaseImages(model(yaml), { 'web/Dockerfile': 'FROM shop-base\n' }, 'shop');
    const plan = planFor(['M base/requirements.txt'], { config: project, composeFrom: m, composeTo: m, dockerignores: {} });
    expect(decision(plan)).toEqual({ ...NOTHING, build: ['base', 'web'], recreate: ['runner'] });
  });
});
