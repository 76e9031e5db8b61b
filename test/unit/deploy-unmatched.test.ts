/**
 * Issue #9: a deploy names its unmatched files (uploaded, but no service acts on them) in the log
 * and in the job summary, not only `plan` does. Compose plans can have them; a passenger plan never
 * does (every file no ignore rule claims is app code: upload + restart).
 */
import { describe, expect, it, vi } from 'vitest';
import { summaryMarkdown } from '../../src/entry/action/summary.js';
import { runOnHosts } from '../../src/pipeline/run.js';
import { unmatchedNotice } from '../../src/plan/explain.js';
import { currentRelease } from '../../src/record/state-model.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import { passengerStrategy } from '../../src/strategies/passenger/strategy.js';
import { A, composeCase, passengerCase, release, stateOf } from './helpers/pipeline-runs.js';
import { planOf } from './helpers/plans.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const deployed = (st: ReturnType<typeof stateOf>) => ({ previous: currentRelease(st) });
const files = (n: number) => Array.from({ length: n }, (_, i) => `conf/f${String(i).padStart(2, '0')}.env`);

describe('unmatchedNotice', () => {
  it.each<[string, string[], string | undefined]>([
    ['none', [], undefined],
    [
      'one',
      ['docker/.env'],
      '1 changed file matches no rule and nothing in the compose model (unmatched): docker/.env. ' +
        'They are uploaded, but no service is built, recreated or restarted for them; add a rule if one should be.',
    ],
    [
      'twelve: ten named, then the count',
      files(12),
      `12 changed files match no rule and nothing in the compose model (unmatched): ${files(10).join(', ')} +2 more. ` +
        'They are uploaded, but no service is built, recreated or restarted for them; add a rule if one should be.',
    ],
  ])('%s', (_name, unmatched, notice) => {
    expect(unmatchedNotice(planOf({ unmatched }))).toBe(notice);
  });
});

describe('a deploy names its unmatched files in the log and the job summary', () => {
  const images = { web: { name: 'app_web', id: 'sha256:old-web' } };

  it('compose: a warning in the log, in the report, and in the summary (warnings and the unmatched list)', async () => {
    const state = stateOf(release(A, { images }));
    const c = composeCase(state, { changedFiles: ['docker/.env', 'web/app.py'], unmatched: ['docker/.env'] });
    c.s.report.plan = c.planned.plan; // as computePlan leaves it
    await runOnHosts([c.s], composeStrategy, c.planned, deployed, state);
    const notice = unmatchedNotice(c.planned.plan)!;
    expect(c.warnings).toEqual([notice]);
    expect(c.s.report.warnings).toEqual([notice]);
    const md = summaryMarkdown(c.s.report).split('\n');
    expect(md.slice(md.indexOf('### Warnings'))).toEqual(['### Warnings', `- ${notice}`]);
    expect(md).toContain('<details><summary>Unmatched files (1)</summary>');
    expect(md).toContain('- docker/.env');
  });

  it('compose dry run: the same warning, nothing run on the host', async () => {
    const state = stateOf(release(A, { images }));
    const c = composeCase(state, { changedFiles: ['docker/.env'], unmatched: ['docker/.env'], build: [], recreate: [], tasks: [] });
    c.s.settings = { ...c.s.settings, dryRun: true };
    await runOnHosts([c.s], composeStrategy, c.planned, deployed, state);
    expect(c.warnings).toEqual([unmatchedNotice(c.planned.plan)]);
    expect(summaryMarkdown(c.s.report)).toContain('docker/.env');
  });

  it('passenger: no unmatched files, no warning', async () => {
    const state = stateOf(release(A));
    const c = passengerCase(state);
    await runOnHosts([c.s], passengerStrategy, c.planned, deployed, state);
    expect(c.warnings).toEqual([]);
    expect(summaryMarkdown(c.s.report)).not.toContain('unmatched):');
  });
});
