import { describe, expect, it } from 'vitest';
import { summaryMarkdown } from '../../src/entry/action/summary.js';
import { newReport, type RunReport } from '../../src/session/report.js';
import { planOf } from './helpers/plans.js';

const report = (r: Partial<RunReport> = {}): RunReport => ({ ...newReport('deploy', 'prod'), ...r });
const lines = (r: Partial<RunReport>): string[] => summaryMarkdown(report(r)).split('\n');

describe('summaryMarkdown', () => {
  it.each<[string, Partial<RunReport>, string]>([
    ['success', {}, '## ✅ gitops-deploy deploy → prod: success'],
    ['failure', { result: 'failure' }, '## ❌ gitops-deploy deploy → prod: failure'],
    ['rolled back', { result: 'rolled-back' }, '## ❌ gitops-deploy deploy → prod: rolled-back'],
    ['dry run', { result: 'dry-run' }, '## 📝 gitops-deploy deploy → prod: dry-run'],
    ['no target', { target: undefined, command: 'plan' }, '## ✅ gitops-deploy plan: success'],
  ])('heading: %s', (_name, r, heading) => {
    expect(lines(r)[0]).toBe(heading);
  });

  it('logs collected on a failed health check: one open details block each, fenced, title escaped', () => {
    const md = summaryMarkdown(
      report({ result: 'rolled-back', diagnostics: [{ title: 'compose logs --tail 100 <web>', text: 'web-1  | boom\n```x' }] }),
    );
    expect(md.split('\n').slice(1)).toEqual([
      '',
      '<details open><summary>compose logs --tail 100 &lt;web&gt;</summary>',
      '',
      '```',
      'web-1  | boom',
      "'''x",
      '```',
      '',
      '</details>',
    ]);
  });

  it('a bare success is only the heading', () => {
    expect(summaryMarkdown(report())).toBe('## ✅ gitops-deploy deploy → prod: success');
  });

  it('phases table: one row per phase, in order, seconds with two decimals', () => {
    const out = lines({
      phases: [
        { name: 'Lock', ms: 12, status: 'ok' },
        { name: 'Build', ms: 61_234, status: 'failed', detail: 'exit 1' },
        { name: 'Health', ms: 0, status: 'skipped' },
      ],
    });
    const at = out.indexOf('| phase | status | duration |');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at, at + 5)).toEqual([
      '| phase | status | duration |',
      '|---|---|---:|',
      '| Lock | ok | 0.01 s |',
      '| Build | failed | 61.23 s |',
      '| Health | skipped | 0.00 s |',
    ]);
  });

  it.each<[string, Partial<RunReport>, string]>([
    [
      'backup line',
      { backup: { file: '/srv/app/backups/db-1.sql.gz', size: 2048, sha256: 'ab'.repeat(32) } },
      `Backup \`/srv/app/backups/db-1.sql.gz\`: 2.0 KiB, sha256 \`${'ab'.repeat(32)}\``,
    ],
    ['release with previous', { release: 'r2', previousRelease: 'r1' }, 'Release `r2` (previous `r1`)'],
    ['first release', { release: 'r1' }, 'Release `r1`'],
  ])('%s', (_name, r, line) => {
    expect(lines(r)).toContain(line);
  });

  it('no phases, no table; no warnings, no warnings section', () => {
    const md = summaryMarkdown(report({ release: 'r1' }));
    expect(md).not.toContain('| phase |');
    expect(md).not.toContain('### Warnings');
  });

  it('the error is a fenced block right after the heading', () => {
    expect(lines({ result: 'failure', error: 'health check failed:\nweb is unhealthy', release: 'r1' })).toEqual([
      '## ❌ gitops-deploy deploy → prod: failure',
      '',
      '```',
      'health check failed:',
      'web is unhealthy',
      '```',
      '',
      'Release `r1`',
    ]);
  });

  it('an error holding a fence (a failed task printed markdown) stays inside its block', () => {
    const error = 'task docs failed (exit 1):\n```\n# Heading\n![x](https://example.com/x.png)';
    expect(lines({ result: 'failure', error })).toEqual([
      '## ❌ gitops-deploy deploy → prod: failure',
      '',
      '```',
      'task docs failed (exit 1):',
      "'''",
      '# Heading',
      '![x](https://example.com/x.png)',
      '```',
    ]);
  });

  it('warnings are a list under their own heading, notes follow verbatim', () => {
    const out = lines({ warnings: ['lock was stale', 'retention failed'], notes: ['note one', '| a | b |'] });
    expect(out.slice(-7)).toEqual(['', '### Warnings', '- lock was stale', '- retention failed', '', 'note one', '| a | b |']);
  });

  it('sections come in order: error, release, backup, phases, plan, warnings', () => {
    const md = summaryMarkdown(
      report({
        result: 'failure',
        error: 'E',
        release: 'r9',
        backup: { file: 'f', size: 1, sha256: 's' },
        phases: [{ name: 'Up', ms: 1000, status: 'ok' }],
        plan: planOf({ from: 'a'.repeat(40), to: 'b'.repeat(40), build: ['web'], changedFiles: ['app.py'] }),
        warnings: ['W'],
      }),
    );
    const order = [
      '```',
      'Release `r9`',
      'Backup `f`',
      '| phase |',
      `### Deploy plan \`${'a'.repeat(12)}..${'b'.repeat(12)}\``,
      '### Warnings',
    ].map((s) => md.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });
});
