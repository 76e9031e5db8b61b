import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell, formatPlanMarkdown, formatPlanTable } from '../../src/plan/format.js';
import { escapeMermaidLabel } from '../../src/plan/format-mermaid.js';
import { planFor, ROOT_DOCKERIGNORE } from './plan-fixture.js';

const busy = () =>
  planFor(
    [
      'M a/views.py',
      'M b/views.py',
      'M c/views.py',
      'M d/views.py',
      'M a/static/x.css',
      'M docker/Dockerfile',
      'M .env',
      'M logs/x.log',
      'M docs/a.md',
      'A a/migrations/0002.py',
    ],
    {
      dockerignores: { '.dockerignore': ROOT_DOCKERIGNORE, 'docker/.dockerignore': '' },
    },
  );

describe('formatPlanTable', () => {
  it('aligns services, actions and reasons, then tasks, ignored, unmatched, warnings', () => {
    const text = formatPlanTable(busy());
    const lines = text.split('\n');
    expect(lines[0]).toBe('Plan aaaaaaaaaaaa..bbbbbbbbbbbb: 10 changed files');
    expect(lines).toContain('SERVICE        ACTION            BECAUSE');
    expect(text).toContain(
      'web            build (no cache)  dockerfile: docker/Dockerfile; python: a/migrations/0002.py, a/views.py, b/views.py +2 more; static: a/static/x.css',
    );
    expect(text).toContain('db             recreate          env_file: .env');
    expect(text).toContain('nginx          restart           static: a/static/x.css');
    expect(text).toMatch(/TASK\s+BECAUSE\nmigrate\s+task-paths: a\/migrations\/0002\.py\ncollectstatic\s+static: a\/static\/x\.css/);
    expect(text).toContain('Ignored: 1 file');
    expect(text).toContain('Unmatched files, no effect (1):\n  logs/x.log');
    expect(text).toContain('Warnings:\n  ! docker/.dockerignore is not read');
  });

  it('says so when there is nothing to deploy, and caps the unmatched list', () => {
    const files = Array.from({ length: 12 }, (_, i) => `M logs/${String(i).padStart(2, '0')}.log`);
    const text = formatPlanTable(planFor([...files, 'M docs/x.md'], { dockerignores: { '.dockerignore': 'logs/\n' } }));
    expect(text).toContain('Nothing to deploy: 13 changed files (1 ignored, 12 unmatched), no service or task affected.');
    expect(text).toContain('  logs/09.log\n  +2 more');
    expect(text).not.toContain('SERVICE');
  });

  it('a plan without from is a first deploy: says why, and lists everything it does', () => {
    const text = formatPlanTable(planFor([], { from: null, composeFrom: null, fromUnknownReason: 'nothing is deployed on prod yet' }));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Plan (unknown)..bbbbbbbbbbbb: planned as a first deploy');
    expect(lines[1]).toBe('First deploy: nothing is deployed on prod yet.');
    expect(lines[2]).toBe(
      'A first deploy builds 4 services (celery_beat, celery_worker, flower, web), starts 3 more (db, nginx, redis), runs 2 tasks (migrate, collectstatic).',
    );
    expect(text).toMatch(/^web\s+build\s+first deploy$/m);
    expect(text).toMatch(/^redis\s+recreate\s+first deploy$/m);
    expect(text).toMatch(/^migrate\s+first deploy$/m);
    expect(text).not.toContain('Nothing to deploy');
    expect(text).not.toContain('0 changed files');
  });

  it('one changed file is singular', () => {
    expect(formatPlanTable(planFor(['M app/views.py'])).split('\n')[0]).toBe('Plan aaaaaaaaaaaa..bbbbbbbbbbbb: 1 changed file');
  });
});

describe('formatPlanMarkdown', () => {
  it('renders a table, counts and a mermaid graph files → rules → services', () => {
    const md = formatPlanMarkdown(busy());
    expect(md).toContain('| Service / task | Action | Because |');
    expect(md).toContain('| web | build (no cache) |');
    expect(md).toContain('| celery\\_beat | build (no cache) |');
    expect(md).toContain('10 changed files · 4 build · 1 recreate · 1 restart · 0 remove · 2 tasks · 1 ignored · 1 unmatched');
    expect(md).toContain('```mermaid\ngraph LR\n');
    expect(md).toMatch(/f\d+\["a\/views\.py"\]/);
    expect(md).toMatch(/r\d+ -->\|build\| s\d+/);
  });

  it('caps file nodes at 30 and groups the rest', () => {
    const files = Array.from({ length: 45 }, (_, i) => `M app/m${String(i).padStart(2, '0')}.py`);
    const md = formatPlanMarkdown(planFor(files));
    expect(md.match(/ f\d+\["/g)).toHaveLength(30);
    expect(md).toContain('["+15 files"]');
  });

  it('escapes file names in the table and the graph', () => {
    const md = formatPlanMarkdown(planFor(['M app/we"ird] |name`(x).py']));
    expect(md).toContain('we"ird\\] \\|name\\`(x).py');
    expect(md).toContain('["app/we#quot;ird#93; #124;name#96;#40;x#41;.py"]');
  });

  it('first deploy: says so and lists what it does; one changed file is singular', () => {
    const md = formatPlanMarkdown(planFor([], { from: null, composeFrom: null, fromUnknownReason: 'nothing is deployed on prod yet' }));
    expect(md).toContain('**First deploy: nothing is deployed on prod yet.**');
    expect(md).toContain('| migrate | task | first deploy |');
    expect(md).toContain('first deploy · 4 build · 3 recreate · 0 restart · 0 remove · 2 tasks');
    expect(formatPlanMarkdown(planFor(['M docker/Dockerfile']))).toContain('1 changed file · 4 build');
  });

  it('empty plan', () => {
    expect(formatPlanMarkdown(planFor([]))).toContain('Nothing to deploy: 0 changed files');
  });
});

describe('escaping', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['*x_y*', '\\*x\\_y\\*'],
    ['<script>', '\\<script\\>'],
    ['line\nbreak', 'line break'],
  ])('markdown %j', (input, expected) => {
    expect(escapeMarkdownCell(input)).toBe(expected);
  });

  it.each([
    ['"q"', '#quot;q#quot;'],
    ['a[b](c){d}', 'a#91;b#93;#40;c#41;#123;d#125;'],
    ['x;y#z', 'x#59;y#35;z'],
  ])('mermaid %j', (input, expected) => {
    expect(escapeMermaidLabel(input)).toBe(expected);
  });
});
