/** The one target of a rollback over several hosts (pure), and where each host keeps it. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import { fleetRollbackTarget, prunedRefusal, retainedDirOf } from '../../src/rollback/fleet.js';
import { A, B, release, stateOf } from './helpers/pipeline-runs.js';

const C = 'c'.repeat(40);
const live = () => stateOf(release(B, { previous: A }), release(A));

describe('fleetRollbackTarget', () => {
  it('previous: resolved on the primary, the same release on every host', () => {
    const { current, target } = fleetRollbackTarget([
      { host: 'h1', state: live() },
      { host: 'h2', state: live() },
    ]);
    expect([current.id, target.id]).toEqual([B, A]);
  });

  it('refuses hosts that run different releases, naming what each runs', () => {
    const other = stateOf(release(C, { previous: B }), release(B, { previous: A }), release(A));
    const call = () =>
      fleetRollbackTarget([
        { host: 'h1', state: live() },
        { host: 'h2', state: other },
      ]);
    expect(call).toThrow(UserError);
    expect(call).toThrow('the hosts disagree on the live release (h1 runs bbbbbbbbbbbb, h2 runs cccccccccccc)');
    // the fix names the release and the command that puts every host on it
    expect(call).toThrow(
      `To put every host on aaaaaaaaaaaa, the release this rollback would go back to, deploy it: gitops-deploy deploy --to ${A}`,
    );
  });

  it('refuses when a host never had the target live (absent or failed there)', () => {
    const failedOnH2 = stateOf(release(B, { previous: A }), release(A, { result: 'failed' }));
    const absentOnH3 = stateOf(release(B));
    const call = () =>
      fleetRollbackTarget([
        { host: 'h1', state: live() },
        { host: 'h2', state: failedOnH2 },
        { host: 'h3', state: absentOnH3 },
      ]);
    expect(call).toThrow('aaaaaaaaaaaa never went live on h2, h3');
  });

  it('an unknown release is refused by the primary with the valid choices', () => {
    expect(() => fleetRollbackTarget([{ host: 'h1', state: live() }], 'deadbeef')).toThrow('unknown release "deadbeef"');
  });
});

describe('retainedDirOf / prunedRefusal', () => {
  const config = parseConfig(
    `version: 1
compose: {project: app}
targets:
  rel: {strategy: compose, hosts: [a@h1, a@h2], path: /srv/app, health: {url: 'http://127.0.0.1/'}}
  inplace: {strategy: compose, host: a@h1, layout: in-place, path: /srv/app, health: {url: 'http://127.0.0.1/'}}
  pax: {strategy: passenger, host: a@h1, layout: in-place, path: /home/u/app, health: {url: 'https://x.test/'}}
`,
    'deploy.yml',
  );
  it('releases: the release directory; passenger in place: its snapshot; compose in place: none (synced from git)', () => {
    expect(retainedDirOf(config.targets.rel!, A)).toBe(`/srv/app/releases/${A}`);
    expect(retainedDirOf(config.targets.inplace!, A)).toBeUndefined();
    expect(retainedDirOf(config.targets.pax!, A)).toMatch(new RegExp(`snapshots/${A}$`));
  });

  it('the refusal names each host and directory and says nothing changed', () => {
    const e = prunedRefusal(release(A), [{ host: 'h3', dir: `/srv/app/releases/${A}` }]);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain(`aaaaaaaaaaaa is no longer kept on h3 (/srv/app/releases/${A})`);
    expect(e.message).toContain('nothing was changed');
  });
});
