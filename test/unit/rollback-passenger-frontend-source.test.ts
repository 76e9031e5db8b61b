/**
 * The passenger rollback's Plan round trip for public_html: the dry run of a restore from the
 * target's frontend copy (rsync --checksum, which reads every file of both trees) only when the
 * frontend files are the same in both releases; when they differ the copy is restored anyway.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { passengerRollback } from '../../src/rollback/passenger.js';
import { A, B, base, release, rollbackCase, session, stateOf, type Case } from './helpers/pipeline-runs.js';
import { planOf } from './helpers/plans.js';

const YAML = `version: 1
targets:
  prod:
    strategy: passenger
    host: deploy@h
    path: /home/u/app
    app_root: backend
    venv: /home/u/venv
    health: {url: 'https://example.test/'}
    frontend: {build: "sh build.sh", dist: dist, public_html: /home/u/public_html, paths: ["frontend/**"]}
`;

function frontendCase(state: Parameters<typeof base>[1], planPatch: Partial<Plan> = {}): Case {
  const f = session(YAML);
  const plan = planOf({ from: A, to: B, upload: ['app'], tasks: [], ...planPatch } as Partial<Plan>);
  return { ...f, base: base(f, state, plan), planned: { plan, to: B, input: {} } as unknown as Case['planned'] };
}

/** The script of the Plan round trip that looks for the target's frontend copy. */
async function sourceScript(planPatch: Partial<Plan>): Promise<string> {
  const c = rollbackCase(frontendCase, stateOf(release(B, { previous: A }), release(A)), planPatch);
  await passengerRollback.prepare(c.base, c.planned);
  const found = c.exec.commands.filter((x) => x.cmd.includes('/home/u/app/.deploy/frontend/'));
  expect(found).toHaveLength(1);
  return found[0]!.cmd;
}

describe('passenger rollback: the dry run of public_html against the target frontend copy', () => {
  it('frontend files the same in both releases: looks for the copy and dry-runs the restore in one round trip', async () => {
    const script = await sourceScript({});
    expect(script).toContain('echo copy');
    expect(script).toMatch(/rsync .*--checksum --dry-run .*\/home\/u\/public_html\//);
  });

  it('frontend files differ: only looks for the copy (public_html is restored from it whatever a dry run shows)', async () => {
    const reasons = [{ task: 'frontend', action: 'task', rule: 'r', files: ['frontend/src/index.html'] }];
    const script = await sourceScript({ tasks: ['frontend'], reasons } as Partial<Plan>);
    expect(script).toContain('echo copy');
    expect(script).not.toContain('rsync');
  });
});
