/** Shared fixture of the planner tests: a Django/Celery stack shaped like the seed project. */
import { parseComposeModel } from '../../src/compose/model.js';
import { planDeploy } from '../../src/plan/planner.js';
import type { ChangedFile, ComposeModel, Plan, PlanInput, PlannerConfig } from '../../src/plan/types.js';

export const COMPOSE_PATH = 'docker/docker-compose.yml';

export const COMPOSE_YML = `
x-app: &app
  build:
    context: ..
    dockerfile: docker/Dockerfile
  env_file: ../.env
  depends_on: [db, redis]

services:
  web:
    <<: *app
    command: gunicorn observations_nids.wsgi --bind 0.0.0.0:8000
    volumes:
      - ../media:/app/media
      - static_volume:/app/staticfiles
  celery_worker:
    <<: *app
    command: celery -A observations_nids worker
  celery_beat:
    <<: *app
    command: celery -A observations_nids beat
  flower:
    <<: *app
    command: celery -A observations_nids flower --port=5555
  nginx:
    image: nginx:1.27
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/conf.d/default.conf:ro
      - static_volume:/app/staticfiles:ro
    depends_on: [web]
  db:
    image: postgres:16
    env_file: ../.env
    volumes:
      - pg_data:/var/lib/postgresql/data
  redis:
    image: redis:7

volumes:
  static_volume:
  pg_data:
`;

export const ROOT_DOCKERIGNORE = `# what the image does not need
.git
.env
media/
logs/
docs/
docker/nginx
scripts/
*.md
`;

export const CONFIG: PlannerConfig = {
  compose: { directory: 'docker', files: ['docker-compose.yml'] },
  rules: [
    { name: 'templates', paths: ['**/*.html'], build: ['web'] },
    { name: 'python', paths: ['**/*.py', 'requirements*.txt'], build: ['web', 'celery_worker', 'celery_beat'] },
    { name: 'dockerfile', paths: ['docker/Dockerfile'], build: 'all', no_cache: true },
    { name: 'static', paths: ['**/static/**'], build: ['web'], restart: ['nginx'], tasks: ['collectstatic'] },
    { name: 'docs', paths: ['docs/**', '*.md'], ignore: true },
  ],
  tasks: {
    migrate: { service: 'web', command: 'python manage.py migrate --noinput', paths: ['**/migrations/*.py'] },
    collectstatic: { service: 'web', command: 'python manage.py collectstatic --noinput' },
  },
};

export const APP_SERVICES = ['celery_beat', 'celery_worker', 'flower', 'web'];

export function composeModel(yaml = COMPOSE_YML): ComposeModel {
  return parseComposeModel([{ path: COMPOSE_PATH, content: yaml }], 'docker');
}

/** "M path", "A path", "D path", "R old -> new", "C old -> new". */
export function change(spec: string): ChangedFile {
  const status = spec.slice(0, 1) as ChangedFile['status'];
  const rest = spec.slice(2);
  if (status === 'R' || status === 'C') {
    const [oldPath, path] = rest.split(' -> ');
    return { status, path: path ?? '', oldPath };
  }
  return { status, path: rest };
}

const BASE_MODEL = composeModel();

export function planInput(changes: string[], overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    from: 'a'.repeat(40),
    to: 'b'.repeat(40),
    changes: changes.map(change),
    config: CONFIG,
    composeFrom: BASE_MODEL,
    composeTo: BASE_MODEL,
    dockerignores: { '.dockerignore': ROOT_DOCKERIGNORE },
    ...overrides,
  };
}

export function planFor(changes: string[], overrides: Partial<PlanInput> = {}): Plan {
  return planDeploy(planInput(changes, overrides));
}

export type Decision = Pick<Plan, 'build' | 'noCache' | 'recreate' | 'restart' | 'remove' | 'tasks' | 'unmatched'>;

/** The decision part of a plan (what tables compare). */
export function decision(plan: Plan): Decision {
  const { build, noCache, recreate, restart, remove, tasks, unmatched } = plan;
  return { build, noCache, recreate, restart, remove, tasks, unmatched };
}

export const NOTHING: Decision = { build: [], noCache: [], recreate: [], restart: [], remove: [], tasks: [], unmatched: [] };
