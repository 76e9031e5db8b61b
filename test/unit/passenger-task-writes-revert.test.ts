/**
 * The undo of a passenger deploy whose user tasks failed before anything else changed the host
 * (releases layout, no pip, no frontend sync this run), while public_html was snapshotted for them
 * (mark `publicHtmlTasks`): public_html comes back from the snapshot only when the restore's dry
 * run shows a change, and the app, which never ran the new code, is not restarted.
 */
import { describe, expect, it } from 'vitest';
import type { PassengerTarget } from '../../src/config/schema.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { revertPassenger } from '../../src/strategies/passenger/revert.js';
import { changedBeyondTimes } from '../../src/strategies/passenger/frontend-tasks.js';
import { parseItemized } from '../../src/sync/run-rsync.js';
import type { PassengerDeploy } from '../../src/strategies/passenger/deploy-context.js';
import { Progress, type Milestone } from '../../src/strategies/types.js';
import { A, B, release, session } from './helpers/pipeline-runs.js';

const YAML = `version: 1
targets:
  prod:
    strategy: passenger
    host: deploy@h
    path: /home/u/app
    venv: /home/u/venv
    health: {url: 'https://example.test/'}
    frontend: {build: "sh build.sh", dist: dist, public_html: /home/u/public_html, protect: [media/]}
`;

/** A run of B over A that reached `marks`; the dry run of the public_html restore prints `dry`. */
async function revert(marks: Milestone[], dry: string) {
  const f = session(YAML);
  const scripts: string[] = [];
  const exec = {
    sh: async (script: string) => {
      scripts.push(script);
      return { code: 0, stdout: script.includes('--dry-run') ? dry : '', stderr: '' };
    },
  };
  (f.s.conn as unknown as { exec: typeof exec }).exec = exec;
  const target = f.s.target as PassengerTarget;
  const progress = new Progress();
  for (const m of marks) progress.reach(m);
  const d = { s: f.s, target, paths: passengerPaths(target), progress, previous: release(A), sha: B } as unknown as PassengerDeploy;
  return { outcome: await revertPassenger(d), scripts };
}

const restores = (scripts: string[]) => scripts.filter((s) => s.includes('public_html.previous/') && !s.includes('--dry-run'));
const restarts = (scripts: string[]) => scripts.filter((s) => s.includes('restart.txt'));

describe('revert of a deploy whose tasks may have written public_html', () => {
  it('a task changed public_html: restored from the snapshot, no restart, still "aborted before the switch"', async () => {
    const { outcome, scripts } = await revert(['upload', 'tasks', 'publicHtmlTasks'], '>f.st...... static/app.css\n');
    expect(outcome).toEqual({
      rolledBack: false,
      description: 'aborted before the switch: aaaaaaaaaaaa keeps serving; public_html restored (the tasks had changed it)',
    });
    expect(restores(scripts)).toHaveLength(1);
    expect(restarts(scripts)).toEqual([]);
  });

  it('public_html unchanged (or only times): nothing restored, nothing restarted', async () => {
    const { outcome, scripts } = await revert(['upload', 'tasks', 'publicHtmlTasks'], '.f..t...... index.html\n');
    expect(outcome).toEqual({ rolledBack: false, description: 'aborted before the switch: aaaaaaaaaaaa keeps serving' });
    expect(scripts).toHaveLength(1);
    expect(restarts(scripts)).toEqual([]);
  });

  it('the frontend step ran too: public_html restored and the app restarted as before', async () => {
    const { outcome, scripts } = await revert(['upload', 'frontend', 'tasks', 'publicHtmlTasks'], '');
    expect(outcome.description).toBe('reverted to aaaaaaaaaaaa: public_html restored, app restarted');
    expect(restores(scripts)).toHaveLength(1);
  });
});

describe('changedBeyondTimes', () => {
  it.each([
    ['>f.st...... a.css', true],
    ['>f+++++++++ gone.css', true],
    ['*deleting   new.css', true],
    ['.f...p..... mode.css', true],
    ['.f..t...... touched.css', false],
    ['.d..t...... static/', false],
    ['', false],
  ])('%j → %s', (line, changed) => {
    expect(changedBeyondTimes(parseItemized(line))).toBe(changed);
  });
});
