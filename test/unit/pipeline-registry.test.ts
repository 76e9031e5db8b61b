/**
 * `build:` through the pipeline on recording executors: the planned services are built once (on the
 * primary or the runner) and pushed before any host changes, every host pulls instead of building,
 * a registry that is down fails before anything is touched, the password only travels on stdin, and
 * the undo / `rollback` pull the retained tag instead of building.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rollOut } from '../../src/pipeline/rolling.js';
import type { DeployState, ReleaseRecord } from '../../src/record/state-model.js';
import { composeRollback } from '../../src/rollback/compose.js';
import { localExecutor } from '../../src/transport/local-executor.js';
import { composeStrategy } from '../../src/strategies/compose/strategy.js';
import { writtenTo, type RecordingExecutor } from './helpers/fake-host.js';
import { A, B, composeCase, release, rollbackCase, runCase, stateOf } from './helpers/pipeline-runs.js';
import { hostsOf } from './helpers/rolling-hosts.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));
vi.mock('../../src/transport/local-executor.js', async () => ({
  localExecutor: new (await import('./helpers/fake-host.js')).RecordingExecutor(),
}));
vi.mock('../../src/sync/export-tree.js', () => ({ exportTree: async () => ({ dir: '/tmp/tree', cleanup: async () => undefined }) }));
const planned = vi.hoisted(() => ({ value: undefined as unknown }));
vi.mock('../../src/pipeline/plan.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/pipeline/plan.js')>()),
  computePlan: async () => planned.value,
}));

const PASSWORD = 'pa55-word';
const REF_A = '127.0.0.1:5000/app/web:release-aaaaaaaaaaaa';
const REF_B = '127.0.0.1:5000/app/web:release-bbbbbbbbbbbb';
const runner = localExecutor as unknown as RecordingExecutor;

function withBuild<T extends { s: { target: object; settings: object } }>(c: T, on: 'host' | 'runner'): T {
  c.s.target = { ...c.s.target, build: { on, registry: '127.0.0.1:5000', username: 'ci' } };
  c.s.settings = { ...c.s.settings, registryPassword: PASSWORD };
  return c;
}

function rollout(on: 'host' | 'runner', states: DeployState[]) {
  const c = withBuild(composeCase(states[0]!), on);
  planned.value = c.planned;
  return hostsOf(c, states);
}

const previous = (): ReleaseRecord => release(A, { images: { web: { name: 'app_web', id: 'sha256:a-web', ref: REF_A } } });
/** every recorded command that received the password, and every command that shows it */
function passwordUses(execs: RecordingExecutor[]) {
  const commands = execs.flatMap((e) => e.commands);
  return {
    stdin: commands.filter((c) => c.stdin?.includes(PASSWORD)).map((c) => c.cmd.split('\n')[0]),
    shown: commands.filter((c) => c.cmd.includes(PASSWORD)),
  };
}

beforeEach(() => {
  runner.log.length = 0;
  runner.commands.length = 0;
});

describe('build once, hosts pull', () => {
  it('on: host — the primary logs in, uploads, builds and pushes before any host changes; every host pulls, none builds', async () => {
    const state = stateOf(previous());
    const t = rollout('host', [state, state, state]);
    await rollOut(t.s, t.hosts, composeStrategy, B);
    expect(t.all.slice(0, 8)).toEqual([
      'h1:state:read',
      'h2:state:read',
      'h3:state:read',
      'h1:registry-login',
      'h1:upload b',
      'h1:compose-detect',
      'h1:image-names:read',
      'h1:build web',
    ]);
    // the primary's image names go back once pushed: only its Pull phase changes them
    expect(t.all.slice(8, 10)).toEqual(['h1:registry-push', 'h1:image-names:put-back']);
    expect(t.all.filter((x) => x.endsWith('build web'))).toEqual(['h1:build web']);
    for (const exec of t.execs) {
      const log = exec.log.slice(exec.log.indexOf('inspect-host'));
      expect(log.slice(0, 4)).toEqual(['inspect-host', 'in-progress:write + upload b', 'registry-pull', 'switch b + up web worker']);
    }
    const pull = t.execs[2]!.commands.find((c) => c.cmd.includes('docker pull'))!.cmd;
    expect(pull).toContain(`docker pull ${REF_B} >/dev/null\ndocker tag ${REF_B} app-web\n`);
    expect(t.s.report.hosts!.map((h) => h.phases.map((p) => p.name))[1]).toEqual(['Upload', 'Pull', 'Apply', 'Verify', 'Record']);
    // the login check, the build (logged in: a FROM of the registry's private images), the push, two pulls
    expect(passwordUses(t.execs)).toEqual({ stdin: Array(6).fill('set -e'), shown: [] });
  });

  it('on: runner — the runner builds and pushes; no host builds; the release records the reference', async () => {
    const state = stateOf(previous());
    const t = rollout('runner', [state, state]);
    await rollOut(t.s, t.hosts, composeStrategy, B);
    // the runner's previous build of web (none here: nothing to remove)
    expect(runner.log).toEqual(['registry-login', 'compose-detect', 'image-names:read', 'build web', 'registry-push']);
    expect(runner.commands.find((c) => c.cmd.includes(' build '))!.cmd).toMatch(
      /\ndocker login [^\n]*--password-stdin[\s\S]*--project-directory \/tmp\/tree .* build web\nexit \$\?\n$/,
    );
    expect(t.all.filter((x) => x.includes('build') || x.includes('upload')).length).toBe(2);
    for (const exec of t.execs) expect(exec.log).toContain('registry-pull');
    const saved = writtenTo(t.execs[1]!.commands, 'state.json.tmp');
    expect(saved.at(-1).releases[0].images.web).toEqual({ name: 'app-web', id: 'sha256:new-web', ref: REF_B });
    // each host tagged the image it pulled, right after its `up`
    for (const exec of t.execs)
      expect(exec.commands.find((c) => c.cmd.startsWith('gd_c=$('))!.cmd).toContain('gd_tag web app-web:release-');
    expect(passwordUses([runner, ...t.execs]).shown).toEqual([]);
  });

  it('on: runner — the image web’s name pointed at before the build (the previous build) is removed there once pushed, if dangling', async () => {
    const state = stateOf(previous());
    const t = rollout('runner', [state, state]);
    runner.stdout['image-names:read'] = 'sha256:old-web app-web\n';
    try {
      await rollOut(t.s, t.hosts, composeStrategy, B);
    } finally {
      delete runner.stdout['image-names:read'];
    }
    expect(runner.log).toEqual([
      'registry-login',
      'compose-detect',
      'image-names:read',
      'build web',
      'registry-push',
      'image-names:rm-replaced',
    ]);
    expect(runner.commands.at(-1)!.cmd).toContain(`case ' sha256:old-web ' in`);
    expect(runner.commands.at(-1)!.cmd).not.toContain('--force');
  });

  it('a registry that is down fails the run before any host is touched, with the registry named', async () => {
    const state = stateOf(previous());
    const t = rollout('host', [state, state]);
    t.execs[0]!.failAt = 'registry-login';
    await expect(rollOut(t.s, t.hosts, composeStrategy, B)).rejects.toThrow(/registry 127\.0\.0\.1:5000: /);
    expect(t.all).toEqual(['h1:state:read', 'h2:state:read', 'h1:registry-login']);
  });

  it('nothing to build: nothing pushed, nothing pulled', async () => {
    const state = stateOf(previous());
    const t = rollout('runner', [state]);
    (planned.value as { plan: { build: string[] } }).plan.build = [];
    await rollOut(t.s, t.hosts, composeStrategy, B);
    expect(runner.log).toEqual([]);
    expect(t.all.some((x) => x.includes('registry'))).toBe(false);
  });

  it('a failed health check on h2: h1 is put back on the pulled retained tag of a (no build)', async () => {
    const state = stateOf(previous());
    const t = rollout('runner', [state, state]);
    t.execs[1]!.failAt = 'health';
    await expect(rollOut(t.s, t.hosts, composeStrategy, B)).rejects.toThrow();
    // the pull names the image, so nothing is left to retag: the switch goes alone, after the pull
    const log = t.execs[0]!.log;
    const at = log.lastIndexOf('switch a');
    expect(log.slice(at - 1, at + 2)).toEqual(['registry-pull', 'switch a', 'up web worker']);
    expect(t.execs[0]!.commands.filter((c) => c.cmd.includes('docker pull')).at(-1)!.cmd).toContain(`docker tag ${REF_A} app_web\n`);
    expect(t.execs.flatMap((e) => e.log).filter((k) => k.startsWith('build'))).toEqual([]);
  });
});

describe('dry run', () => {
  it('says where the build runs and that hosts pull', async () => {
    const c = withBuild(composeCase(stateOf(previous())), 'host');
    const lines = composeStrategy.describe(await composeStrategy.prepare(c.base, c.planned));
    expect(lines.at(-1)).toBe(
      `  (build: the build above runs once on the primary, pushed as ${REF_B}; each host pulls them instead: docker login --password-stdin, docker pull, docker logout)`,
    );
  });
});

describe('rollback of a pushed release', () => {
  const rollbackState = () =>
    stateOf(release(B, { previous: A, images: { web: { name: 'app_web', id: 'sha256:b-web', ref: REF_B } } }), previous());
  const rollback = () => withBuild(rollbackCase(composeCase, rollbackState()), 'runner');

  it('pulls the retained tag of a, does not build', async () => {
    const d = await runCase(composeRollback, rollback());
    expect(d.error).toBeUndefined();
    // unprobed (runCase): the host's compose is detected and the host inspected first; the pull names the image,
    // nothing is left to retag: the switch alone
    expect(d.exec.log.slice(0, 5)).toEqual(['compose-detect', 'inspect-host', 'dir-check', 'registry-pull', 'switch a']);
    expect(d.exec.log.some((k) => k.startsWith('build'))).toBe(false);
    expect(d.exec.commands.find((c) => c.cmd.includes('docker pull'))?.stdin).toBe(`${PASSWORD}\n`);
  });

  it('an image neither in the registry nor on the host: the rollback fails and does not build', async () => {
    const c = rollback();
    c.exec.failAt = 'registry-pull';
    c.exec.absent.add('tag app_web');
    const d = await runCase(composeRollback, c);
    expect(d.error).toMatch(/no longer on the host nor in the registry 127\.0\.0\.1:5000/);
    expect(d.exec.log.some((k) => k.startsWith('build'))).toBe(false);
  });
});
