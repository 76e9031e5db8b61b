/**
 * A rolling deploy over three hosts on recording executors: one plan (from the oldest release when
 * the hosts disagree), batches in order, the primary alone takes the backup and runs the tasks, and
 * a failure stops the rollout and puts the hosts already switched back.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rollOut } from '../../src/pipeline/rolling.js';
import type { DeployState } from '../../src/record/state-model.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import { hostsOf } from './helpers/rolling-hosts.js';
import { writtenTo, type SharedLogExecutor } from './helpers/fake-host.js';
import { A, B, composeCase, release, stateOf } from './helpers/pipeline-runs.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

/** The plan is computed by the test case; the mock records the revision the rollout planned from, and the other live ones it covers. */
const planned = vi.hoisted(() => ({ value: undefined as unknown, from: [] as (string | null | undefined)[], others: [] as string[][] }));
vi.mock('../../src/pipeline/plan.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/pipeline/plan.js')>()),
  computePlan: async (_s: unknown, _c: unknown, _r: unknown, _rep: unknown, deployed?: string | null) => {
    planned.from.push(deployed);
    return planned.value;
  },
  coverLiveReleases: async (_s: unknown, _c: unknown, _r: unknown, _rep: unknown, p: unknown, others: string[]) => {
    planned.others.push([...others]);
    return p;
  },
}));

const C = 'c'.repeat(40);
const images = { web: { name: 'app_web', id: 'sha256:old-web' } };

function threeHosts(states: DeployState[], rolling = { batch: 1 as number | string, pause: 0 }) {
  const c = composeCase(states[0]!);
  planned.value = c.planned;
  return { ...hostsOf(c, states, rolling), warnings: c.warnings };
}

const firstIndex = (all: string[], entry: string): number => all.indexOf(entry);

beforeEach(() => {
  planned.from = [];
  planned.others = [];
});

describe('rollOut over three hosts', () => {
  it('batches of 1 in order: each host is done before the next starts; tasks on the primary only; one row per host', async () => {
    const state = stateOf(release(A, { images }));
    const t = threeHosts([state, state, state]);
    await rollOut(t.s, t.hosts, composeStrategy, B);
    expect(planned.from).toEqual([A]);
    for (const [i, exec] of t.execs.entries()) {
      // `current` switched in the first up's round trip
      expect(exec.log).toContain('switch b + up web worker');
      expect(exec.log.includes('exec web'), `tasks on h${i + 1}`).toBe(i === 0);
    }
    // h1 has recorded its release before h2 uploads, h2 before h3
    const done = (h: string): number => t.all.lastIndexOf(`${h}:record`);
    expect(done('h1')).toBeLessThan(firstIndex(t.all, 'h2:in-progress:write + upload b'));
    expect(done('h2')).toBeLessThan(firstIndex(t.all, 'h3:in-progress:write + upload b'));
    expect(t.s.report.rollout!.map((b) => b.hosts)).toEqual([['deploy@h1'], ['deploy@h2'], ['deploy@h3']]);
    expect(t.s.report.hosts!.map((h) => [h.host, h.previous, h.result])).toEqual([
      ['deploy@h1', A, 'deployed'],
      ['deploy@h2', A, 'deployed'],
      ['deploy@h3', A, 'deployed'],
    ]);
    expect(t.s.report.notes.join('\n')).toContain('| deploy@h2 | aaaaaaaaaaaa | deployed |');
  });

  it('batch 2: the primary alone first, then h2 with it in the first batch, h3 in the second', async () => {
    const state = stateOf(release(A, { images }));
    const t = threeHosts([state, state, state], { batch: 2, pause: 0 });
    await rollOut(t.s, t.hosts, composeStrategy, B);
    expect(t.s.report.rollout!.map((b) => b.hosts)).toEqual([['deploy@h1', 'deploy@h2'], ['deploy@h3']]);
    expect(t.all).toContain('h2:record');
    expect(t.all.lastIndexOf('h1:record')).toBeLessThan(firstIndex(t.all, 'h2:in-progress:write + upload b'));
    expect(t.all.lastIndexOf('h2:record')).toBeLessThan(firstIndex(t.all, 'h3:in-progress:write + upload b'));
  });

  it('the pause runs between two batches, not before the first', async () => {
    const state = stateOf(release(A, { images }));
    const t = threeHosts([state, state], { batch: 1, pause: 300 });
    t.s.target = { ...t.s.target, hosts: ['deploy@h1', 'deploy@h2'] };
    await rollOut(t.s, t.hosts.slice(0, 2), composeStrategy, B);
    const [first, second] = t.s.report.rollout!;
    const gap = Date.parse(second!.at) - (Date.parse(first!.at) + first!.ms);
    expect(gap).toBeGreaterThanOrEqual(290);
  });

  it('a health failure on h2 stops the rollout: h1 goes back to a, h3 is untouched, the run fails', async () => {
    const state = stateOf(release(A, { images }));
    const t = threeHosts([state, state, state]);
    t.execs[1]!.failAt = 'health';
    await expect(rollOut(t.s, t.hosts, composeStrategy, B)).rejects.toThrow('health URL check failed');
    const [h1, h2, h3] = t.execs;
    // h1 was live on b, then switched back to a with its services on their previous images
    expect(h1!.log.indexOf('switch b + up web worker')).toBeGreaterThan(-1);
    expect(h1!.log.indexOf('switch a + tag app_web')).toBeGreaterThan(h1!.log.indexOf('switch b + up web worker'));
    expect(h1!.log.slice(h1!.log.indexOf('switch a + tag app_web'))).toContain('up web worker');
    expect(firstIndex(t.all, 'h1:switch a + tag app_web')).toBeGreaterThan(firstIndex(t.all, 'h2:health'));
    // h1's state records the rollback: a current, b rolled back
    const h1States = writtenTo(h1!.commands, 'state.json.tmp') as DeployState[];
    expect(h1States.at(-1)!.current).toBe(A);
    // h2 reverted itself (the single-host undo), h3 only had its state read
    expect(h2!.log).toContain('switch a + tag app_web');
    expect(h3!.log).toEqual(['state:read']);
    expect(t.s.report.hosts!.map((h) => h.result)).toEqual(['reverted', 'failed', 'untouched']);
    expect(t.s.report.rollout!.map((b) => b.hosts)).toEqual([['deploy@h1'], ['deploy@h2']]);
    expect(t.s.report.result).toBe('rolled-back');
  });

  it("h1's state cannot be read back after its revert (its link drops): h2 still goes back, the run fails with h3's error, h1's row says so", async () => {
    const state = stateOf(release(A, { images }));
    const t = threeHosts([state, state, state]);
    const [h1, h2, h3] = t.execs as [SharedLogExecutor, SharedLogExecutor, SharedLogExecutor];
    h3.failAt = 'health';
    // once h1 has gone back (switch a), its next command fails: the link dropped
    const sh = h1.sh.bind(h1);
    h1.sh = async (script, opts) => {
      if (h1.log.includes('switch a + tag app_web')) h1.failAt = 'state:read';
      return sh(script, opts);
    };
    await expect(rollOut(t.s, t.hosts, composeStrategy, B)).rejects.toThrow('health URL check failed');
    expect(h2.log.indexOf('switch b + up web worker')).toBeGreaterThan(-1);
    expect(h2.log.indexOf('switch a + tag app_web')).toBeGreaterThan(h2.log.indexOf('switch b + up web worker'));
    expect(t.s.report.hosts!.map((h) => h.result)).toEqual(['deployed', 'reverted', 'failed']);
    expect(t.s.report.hosts![0]!.detail).toContain('its state could not record it');
    expect(t.s.report.result).toBe('failure');
  });

  it('publish runs once before the first host; what it returns runs once after the last host, and after the revert of a failed rollout', async () => {
    const state = stateOf(release(A, { images }));
    for (const failAt of [undefined, 'health']) {
      const t = threeHosts([state, state, state]);
      if (failAt) t.execs[1]!.failAt = failAt;
      const strategy = {
        ...composeStrategy,
        publish: async () => {
          t.all.push('publish');
          return async () => void t.all.push('published: done');
        },
      };
      const run = rollOut(t.s, t.hosts, strategy, B);
      await (failAt ? expect(run).rejects.toThrow('health URL check failed') : run);
      expect(t.all.filter((l) => l.startsWith('publish'))).toEqual(['publish', 'published: done']);
      expect(t.all.indexOf('publish')).toBeLessThan(firstIndex(t.all, 'h1:in-progress:write + upload b'));
      expect(t.all.at(-1), String(failAt)).toBe('published: done');
      if (failAt) expect(firstIndex(t.all, 'h1:switch a + tag app_web')).toBeGreaterThan(0);
    }
  });

  it("the log heads each host's part with its name, and the revert of a host already switched", async () => {
    const state = stateOf(release(A, { images }));
    const t = threeHosts([state, state, state]);
    t.execs[1]!.failAt = 'health';
    const info: string[] = [];
    t.s.reporter.info = (m) => void info.push(m);
    await expect(rollOut(t.s, t.hosts, composeStrategy, B)).rejects.toThrow('health URL check failed');
    expect(info.filter((l) => l.startsWith('── '))).toEqual([
      '── host 1 of 3: deploy@h1 (primary)',
      '── host 2 of 3: deploy@h2',
      '── host 1 of 3: deploy@h1: back to the release it had (another host failed)',
    ]);
  });

  it('hosts that disagree: the plan starts from the oldest release, covers the other live one, and the log says so', async () => {
    const older = release(A, { images, at: '2026-01-01T00:00:00.000Z' });
    const newer = release(C, { images, at: '2026-02-01T00:00:00.000Z' });
    const t = threeHosts([stateOf(newer, older), stateOf(older), stateOf(newer, older)]);
    await rollOut(t.s, t.hosts, composeStrategy, B);
    expect(planned.from).toEqual([A]);
    expect(planned.others).toEqual([[C]]);
    expect(t.warnings.join('\n')).toContain(
      'the hosts disagree on the deployed release (deploy@h1 runs cccccccccccc, deploy@h2 runs aaaaaaaaaaaa, deploy@h3 runs cccccccccccc): planning from the oldest, aaaaaaaaaaaa',
    );
    expect(t.s.report.hosts!.map((h) => h.previous)).toEqual([C, A, C]);
  });

  it('a host with nothing deployed makes the plan a first deploy, covering the release the other hosts run', async () => {
    const t = threeHosts([stateOf(release(A, { images })), stateOf(), stateOf(release(A, { images }))]);
    await rollOut(t.s, t.hosts, composeStrategy, B);
    expect(planned.from).toEqual([null]);
    expect(planned.others).toEqual([[A]]);
    expect(t.warnings.join('\n')).toContain('deploy@h2 runs nothing, deploy@h3 runs aaaaaaaaaaaa): planning a first deploy');
  });
});
