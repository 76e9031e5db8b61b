import { describe, expect, it } from 'vitest';
import { APP_SERVICES, COMPOSE_YML, CONFIG, composeModel, decision, NOTHING, planFor } from './plan-fixture.js';

/**
 * One row per line of the seed's "Quand reconstruire les images Docker ?" table (and of its
 * "no rebuild needed" list), then the cases around it. Columns: changes, overrides of the default
 * plan input, expected decision (fields not given are empty).
 */
const flowerCommandChanged = composeModel(COMPOSE_YML.replace('flower --port=5555', 'flower --port=5555 --url-prefix=flower'));

const docsFirst = { ...CONFIG, rules: [...CONFIG.rules.slice(4), ...CONFIG.rules.slice(0, 4)] };
const composeTask = { ...CONFIG, tasks: { ...CONFIG.tasks, compose_check: { service: 'web', command: 'true', paths: ['docker/*.yml'] } } };

type Row = [string, string[], Parameters<typeof planFor>[1], Partial<typeof NOTHING>];

const SEED_ROWS: Row[] = [
  ['Templates HTML → build web', ['M observations/templates/observations/list.html'], {}, { build: ['web'] }],
  [
    'Python code → build web, celery_worker, celery_beat',
    ['M observations/views.py'],
    {},
    { build: ['celery_beat', 'celery_worker', 'web'] },
  ],
  [
    'docker-compose.yml → only the modified services',
    ['M docker/docker-compose.yml'],
    { composeTo: flowerCommandChanged },
    { recreate: ['flower'] },
  ],
  ['Dockerfile → every image, --no-cache', ['M docker/Dockerfile'], {}, { build: APP_SERVICES, noCache: APP_SERVICES }],
  [
    'static files → build web, collectstatic, restart nginx',
    ['M observations/static/css/app.css'],
    {},
    { build: ['web'], restart: ['nginx'], tasks: ['collectstatic'] },
  ],
  [
    '.env → recreate every service reading it, no build',
    ['M .env'],
    {},
    { recreate: ['celery_beat', 'celery_worker', 'db', 'flower', 'web'] },
  ],
  ['mounted volume (media/) → restart, no build', ['A media/photos/1.jpg'], {}, { restart: ['web'] }],
  ['mounted config file → restart nginx only', ['M docker/nginx/nginx.conf'], {}, { restart: ['nginx'] }],
];

const MORE_ROWS: Row[] = [
  ['requirements.txt at the root (basename glob)', ['M requirements.txt'], {}, { build: ['celery_beat', 'celery_worker', 'web'] }],
  ['requirements-dev.txt deep (basename glob)', ['M backend/requirements-dev.txt'], {}, { build: ['celery_beat', 'celery_worker', 'web'] }],
  ['docs ignored', ['M docs/install.md', 'A docs/img/a.png'], {}, {}],
  ['*.md ignored anywhere', ['M README.md', 'M observations/NOTES.md'], {}, {}],
  [
    'migration → python rule + migrate task by paths',
    ['A observations/migrations/0002_site.py'],
    {},
    { build: ['celery_beat', 'celery_worker', 'web'], tasks: ['migrate'] },
  ],
  ['task paths apply even to an ignored file', ['A docs/migrations/0001_x.py'], { config: docsFirst }, { tasks: ['migrate'] }],
  ['task paths apply even to a compose file', ['M docker/docker-compose.yml'], { config: composeTask }, { tasks: ['compose_check'] }],
  [
    'tasks come out in declaration order',
    ['M a/static/x.js', 'A a/migrations/0003.py'],
    {},
    { build: ['celery_beat', 'celery_worker', 'web'], restart: ['nginx'], tasks: ['migrate', 'collectstatic'] },
  ],
  ['rename: old path counts (template moved to docs)', ['R observations/templates/old.html -> docs/old.md'], {}, { build: ['web'] }],
  [
    'rename: new path counts (doc moved into python)',
    ['R docs/snippet.txt -> observations/snippet.py'],
    {},
    { build: ['celery_beat', 'celery_worker', 'web'] },
  ],
  ['copy: both paths count', ['C observations/a.html -> media/a.html'], {}, { build: ['web'] }],
  ['delete counts', ['D observations/models.py'], {}, { build: ['celery_beat', 'celery_worker', 'web'] }],
  ['file in the build context, not excluded → build all images', ['M docker/entrypoint.sh'], {}, { build: APP_SERVICES }],
  ['file excluded by .dockerignore → unmatched', ['A logs/app.log'], {}, { unmatched: ['logs/app.log'] }],
  ['.git and scripts/ excluded', ['M scripts/release.sh'], {}, { unmatched: ['scripts/release.sh'] }],
  [
    'precedence: build beats recreate beats restart',
    ['M observations/views.py', 'M .env', 'M media/a.jpg', 'M docker/nginx/nginx.conf'],
    {},
    { build: ['celery_beat', 'celery_worker', 'web'], recreate: ['db', 'flower'], restart: ['nginx'] },
  ],
  [
    'precedence: rule restart vs derived build of the same file set',
    ['M a/static/x.js', 'M docker/Dockerfile'],
    {},
    { build: APP_SERVICES, noCache: APP_SERVICES, restart: ['nginx'], tasks: ['collectstatic'] },
  ],
  [
    'noCache only for services built by a no_cache rule',
    ['M docker/Dockerfile', 'M x.py'],
    {},
    { build: APP_SERVICES, noCache: APP_SERVICES },
  ],
  [
    'an unmatched file next to a matched one',
    ['M observations/views.py', 'M logs/x.log'],
    {},
    { build: ['celery_beat', 'celery_worker', 'web'], unmatched: ['logs/x.log'] },
  ],
  ['no changes → nothing', [], {}, {}],
];

describe('planDeploy: seed table', () => {
  it.each(SEED_ROWS)('%s', (_name, changes, overrides, expected) => {
    expect(decision(planFor(changes, overrides))).toEqual({ ...NOTHING, ...expected });
  });
});

describe('planDeploy: around the seed table', () => {
  it.each(MORE_ROWS)('%s', (_name, changes, overrides, expected) => {
    expect(decision(planFor(changes, overrides))).toEqual({ ...NOTHING, ...expected });
  });

  it('reasons name the rule and the contributing files, old and new path of a rename', () => {
    const plan = planFor(['R observations/templates/a.html -> observations/templates/b.html', 'M docs/x.md']);
    expect(plan.changedFiles).toEqual(['docs/x.md', 'observations/templates/a.html', 'observations/templates/b.html']);
    expect(plan.reasons).toEqual([
      { action: 'ignore', rule: 'docs', files: ['docs/x.md'] },
      { service: 'web', action: 'build', rule: 'templates', files: ['observations/templates/a.html', 'observations/templates/b.html'] },
    ]);
  });

  it('a losing reason stays, the service is only in its highest list', () => {
    const plan = planFor(['M .env', 'M x.py']);
    expect(plan.recreate).not.toContain('web');
    expect(plan.reasons).toContainEqual({ service: 'web', action: 'recreate', rule: 'env_file', files: ['.env'] });
  });

  it('the first matching rule decides alone (no derivation for that file)', () => {
    // media/ is bind-mounted in web, but the "static" rule matches first and decides alone
    const plan = planFor(['M media/static/logo.png']);
    expect(decision(plan)).toEqual({ ...NOTHING, build: ['web'], restart: ['nginx'], tasks: ['collectstatic'] });
    expect(plan.reasons.map((r) => r.rule)).not.toContain('bind-mount');
  });

  it('a rule with "all" restarts every service', () => {
    const config = { ...CONFIG, rules: [{ name: 'all', paths: ['x'], restart: 'all' as const }] };
    expect(planFor(['M x'], { config }).restart).toEqual(['celery_beat', 'celery_worker', 'db', 'flower', 'nginx', 'redis', 'web']);
  });
});
