import { describe, expect, it } from 'vitest';
import { recheckCarried, startServices, type ApplyContext, type Carry } from '../../src/apply/apply-plan.js';
import type { ComposeInvocation } from '../../src/apply/compose-command.js';
import {
  readinessOf,
  removeContainersArgs,
  replaceStartFirst,
  scaleUpArgs,
  StartFirstFailed,
  stopContainersArgs,
} from '../../src/apply/start-first.js';
import { composeDurationSeconds, stopGraceSecondsOf } from '../../src/compose/stop-grace.js';
import type { ExecResult, Executor } from '../../src/transport/types.js';
import { silentReporter } from './helpers/silent-reporter.js';
import type { Plan } from '../../src/plan/types.js';
import type { ReleaseRecord } from '../../src/record/state-model.js';
import { revertCompose } from '../../src/strategies/compose/revert.js';
import { declaredReplicas } from '../../src/compose/replicas.js';
import type { ComposeService } from '../../src/compose/types.js';
import { layoutOf } from '../../src/sync/layout.js';
import { planOf } from './helpers/plans.js';

const v2: ComposeInvocation = {
  command: ['docker', 'compose'],
  project: 'app',
  files: ['/srv/current/docker-compose.yml'],
  projectDir: '/srv/current',
};
const v1: ComposeInvocation = { ...v2, command: ['docker-compose'] };
const base = ['-p', 'app', '--project-directory', '/srv/current', '-f', '/srv/current/docker-compose.yml'];

describe('start-first command builders', () => {
  it.each<[string, ComposeInvocation, string[]]>([
    ['v2', v2, ['docker', 'compose']],
    ['v1', v1, ['docker-compose']],
  ])('scale up (%s): --no-recreate --scale web=2, no build, no deps', (_n, inv, cmd) => {
    expect(scaleUpArgs(inv, 'web', 2)).toEqual([
      ...cmd,
      ...base,
      'up',
      '-d',
      '--no-deps',
      '--no-build',
      '--no-recreate',
      '--scale',
      'web=2',
      'web',
    ]);
  });

  it('refuses a service name that is not one', () => {
    expect(() => scaleUpArgs(v2, '-web', 2)).toThrow(/invalid service name/);
  });

  it.each<[string[], number, string[]]>([
    [['a1'], 10, ['docker', 'stop', '-t', '10', 'a1']],
    [['a1', 'b2'], 1.2, ['docker', 'stop', '-t', '2', 'a1', 'b2']],
    [['a1'], -3, ['docker', 'stop', '-t', '0', 'a1']],
  ])('stop %j with grace %s', (ids, grace, argv) => {
    expect(stopContainersArgs(ids, grace)).toEqual(argv);
  });

  it('rm, forced or not', () => {
    expect(removeContainersArgs(['a1'])).toEqual(['docker', 'rm', 'a1']);
    expect(removeContainersArgs(['a1', 'b2'], true)).toEqual(['docker', 'rm', '-f', 'a1', 'b2']);
  });

  it.each<[string, string, string]>([
    ['running', 'healthy', 'ready'],
    ['running', 'none', 'ready'],
    ['running', 'starting', 'waiting'],
    ['created', 'none', 'waiting'],
    ['restarting', 'none', 'waiting'],
    ['running', 'unhealthy', 'failed'],
    ['exited', 'none', 'failed'],
    ['dead', 'none', 'failed'],
  ])('readiness of %s/%s: %s', (status, health, readiness) => {
    expect(readinessOf({ status, health })).toBe(readiness);
  });

  it('a container Docker restarted has crashed: failed, whatever its state now', () => {
    expect(readinessOf({ status: 'running', health: 'none', restarts: 1 })).toBe('failed');
    expect(readinessOf({ status: 'restarting', health: 'none', restarts: 2 })).toBe('failed');
    expect(readinessOf({ status: 'running', health: 'none', restarts: 0 })).toBe('ready');
  });

  it.each<[unknown, number]>([
    [undefined, 10],
    ['30s', 30],
    ['1m30s', 90],
    ['1.5s', 1.5],
    ['500ms', 0.5],
    ['oops', 10],
    [12, 10],
  ])('stop_grace_period %j: %s s', (period, seconds) => {
    const service = { name: 'w', definition: period === undefined ? {} : { stop_grace_period: period }, bindMounts: [], envFiles: [] };
    expect(stopGraceSecondsOf(service)).toBe(seconds);
  });

  it('compose durations', () => {
    expect(composeDurationSeconds('1h2m3s')).toBe(3723);
    expect(composeDurationSeconds('10')).toBeUndefined();
  });
});

/** A host with containers: `docker ps` lists them by service, inspect reports their state, up --scale adds one. */
class FakeDocker implements Executor {
  readonly name = 'fake';
  readonly log: string[] = [];
  containers: { id: string; service: string; status: string; health: string; restarts?: number }[] = [];
  /** state of the next container `up --scale` creates (after it is created) */
  newState: { status: string; health: string; restarts?: number } = { status: 'running', health: 'healthy' };
  /** what each wait prints on stdout (a recording wait's SEEN lines) */
  waitStdout = '';
  private next = 1;

  async run(argv: string[]): Promise<ExecResult> {
    const cmd = argv.join(' ');
    this.log.push(cmd.replace(/^docker compose -p app --project-directory \/srv\/current -f \S+ /, 'compose '));
    if (argv[0] === 'docker' && argv[1] === 'ps') {
      const service = /com\.docker\.compose\.service=(\S+)/.exec(cmd)![1];
      return ok(
        this.containers
          .filter((c) => c.service === service)
          .map((c) => `${c.id}\n`)
          .join(''),
      );
    }
    const scale = / --scale (\w+)=(\d+) /.exec(cmd);
    if (scale) {
      const service = scale[1]!;
      while (this.containers.filter((c) => c.service === service).length < Number(scale[2]))
        this.containers.push({ id: `new${this.next++}`, service, ...this.newState });
    }
    if (argv[0] === 'docker' && argv[1] === 'rm') this.containers = this.containers.filter((c) => !argv.includes(c.id));
    return ok('');
  }

  async sh(script: string): Promise<ExecResult> {
    // an up and its wait in one script (upThenWaitScript): the up as run, then the wait
    const merged = /^gd_up=\$\((.*) 2>&1\) \|\| .*\n([\s\S]*)$/.exec(script);
    if (merged) {
      await this.run(merged[1]!.split(' '));
      return this.sh(merged[2]!);
    }
    const counts = /^# restart-counts: (.+)/.exec(script);
    if (counts) {
      this.log.push(`counts ${counts[1]}`);
      return ok(this.waitStdout);
    }
    const wait = /^# wait-started: (.+)/.exec(script);
    if (wait) {
      this.log.push(`wait ${wait[1]}`);
      return ok(script.includes('echo "gd-seen') ? this.waitStdout : '');
    }
    this.log.push('inspect');
    const ps = this.containers.map((c) => `ps ${c.id} ${c.service}`);
    const inspect = this.containers.map(
      (c) =>
        `inspect ${c.id} img sha256:x ${c.restarts ?? 0} - ${JSON.stringify({ Status: c.status, Health: c.health === 'none' ? undefined : { Status: c.health } })}`,
    );
    return ok([...ps, ...inspect].join('\n'));
  }

  async close(): Promise<void> {}
}
const ok = (stdout: string): ExecResult => ({ code: 0, stdout, stderr: '' });

const ctxOf = (exec: FakeDocker) => ({ exec, reporter: silentReporter, timeoutMs: 200, stopGraceSeconds: 7, pollMs: 10 });

describe('replaceStartFirst', () => {
  it('new container beside the old one, ready: the old one is stopped (grace) and removed by id', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    expect(await replaceStartFirst(ctxOf(exec), v2, 'web')).toBe(true);
    expect(exec.log).toEqual([
      'inspect',
      'compose up -d --no-deps --no-build --no-recreate --scale web=2 web',
      expect.stringMatching(/^docker ps -aq .*service=web/),
      'inspect',
      'docker stop -t 7 old1',
      'docker rm old1',
    ]);
    expect(exec.containers.map((c) => c.id)).toEqual(['new1']);
  });

  // a proxy caching DNS (nginx `resolver valid=2s`) may still hold only the old address: it keeps serving
  it.each<[string, number, number[], number[]]>([
    ['ready at once: the old one serves the whole overlap', 3000, [1000, 1000], [3000]],
    ['ready after 1.2 s: it serves the 1.8 s left', 3000, [1000, 2200], [1800]],
    ['ready after the overlap: stopped at once', 3000, [1000, 4500], []],
    ['overlap 0 s: stopped at once', 0, [1000, 1000], []],
  ])('overlap, %s', async (_n, overlapMs, clock, slept) => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    const pauses: number[] = [];
    const order: string[] = [];
    const ticks = [...clock];
    const ctx = {
      ...ctxOf(exec),
      overlapMs,
      now: () => ticks.shift() ?? 9999,
      sleep: async (ms: number) => void (pauses.push(ms), order.push(`sleep ${ms}`)),
      reporter: { ...silentReporter, info: (m: string) => void order.push(m) },
    };
    expect(await replaceStartFirst(ctx, v2, 'web')).toBe(true);
    expect(pauses).toEqual(slept);
    const last = exec.log.slice(-2);
    expect(last).toEqual(['docker stop -t 7 old1', 'docker rm old1']);
    const said = order.find((m) => m.includes('is ready'))!;
    expect(said).toBe(
      slept.length
        ? `start-first web: new1 is ready; the old container serves ${(slept[0]! / 1000).toFixed(1)} s more (overlap: a proxy's DNS cache may still send requests there), then is stopped and removed`
        : 'start-first web: new1 is ready; stopping and removing the old container',
    );
    if (slept.length) expect(order.indexOf(`sleep ${slept[0]}`)).toBe(order.indexOf(said) + 1);
  });

  it.each<[string, { status: string; health: string; restarts?: number }, string]>([
    ['crashed and restarted', { status: 'running', health: 'none', restarts: 2 }, 'it crashed and Docker restarted it 2 times'],
    ['exited', { status: 'exited', health: 'none' }, 'it is exited'],
    ['turned unhealthy', { status: 'running', health: 'unhealthy' }, 'it is unhealthy'],
    ['restarting', { status: 'restarting', health: 'none' }, 'it is restarting/none'],
  ])('new container ready, then %s during the overlap: it is removed, the old one is never stopped', async (_n, late, said) => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'none' }];
    exec.newState = { status: 'running', health: 'none' };
    const sleep = async () =>
      void Object.assign(
        exec.containers.find((c) => c.id === 'new1')!,
        late,
      );
    const err = await replaceStartFirst({ ...ctxOf(exec), overlapMs: 3000, sleep }, v2, 'web').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartFirstFailed);
    expect((err as Error).message).toBe(
      `start-first web: the new container failed (during the overlap, ${said}); it was removed, the old one still serves`,
    );
    expect(exec.log.slice(-2)).toEqual(['inspect', 'docker rm -f new1']);
    expect(exec.log.filter((l) => l.includes('old1'))).toEqual([]);
    expect(exec.containers.map((c) => c.id)).toEqual(['old1']);
  });

  it('still ready after the overlap: the old one is stopped and removed', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'none' }];
    exec.newState = { status: 'running', health: 'none' };
    expect(await replaceStartFirst({ ...ctxOf(exec), overlapMs: 3000, sleep: async () => {} }, v2, 'web')).toBe(true);
    expect(exec.log.slice(-3)).toEqual(['inspect', 'docker stop -t 7 old1', 'docker rm old1']);
    expect(exec.containers.map((c) => c.id)).toEqual(['new1']);
  });

  it('a service running 2 containers gets 2 new ones, and keeps 2', async () => {
    const exec = new FakeDocker();
    exec.containers = ['old1', 'old2'].map((id) => ({ id, service: 'web', status: 'running', health: 'healthy' }));
    expect(await replaceStartFirst(ctxOf(exec), v2, 'web')).toBe(true);
    expect(exec.log).toContain('compose up -d --no-deps --no-build --no-recreate --scale web=4 web');
    expect(exec.log.slice(-2)).toEqual(['docker stop -t 7 old1 old2', 'docker rm old1 old2']);
    expect(exec.containers.map((c) => c.id)).toEqual(['new1', 'new2']);
  });

  it('a service that declares 2 replicas but runs 1: 2 new ones beside it (--scale web=3), then 2 run', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    expect(await replaceStartFirst({ ...ctxOf(exec), replicas: 2 }, v2, 'web')).toBe(true);
    expect(exec.log).toContain('compose up -d --no-deps --no-build --no-recreate --scale web=3 web');
    expect(exec.containers.map((c) => c.id)).toEqual(['new1', 'new2']);
  });

  it('a service running 2 containers whose new ones fail: both new ones removed, both old ones kept', async () => {
    const exec = new FakeDocker();
    exec.containers = ['old1', 'old2'].map((id) => ({ id, service: 'web', status: 'running', health: 'healthy' }));
    exec.newState = { status: 'exited', health: 'none' };
    await expect(replaceStartFirst(ctxOf(exec), v2, 'web')).rejects.toBeInstanceOf(StartFirstFailed);
    expect(exec.log).toContain('docker rm -f new1 new2');
    expect(exec.containers.map((c) => c.id)).toEqual(['old1', 'old2']);
  });

  it.each<[string, { status: string; health: string }, RegExp]>([
    ['unhealthy', { status: 'running', health: 'unhealthy' }, /it is unhealthy/],
    ['exited', { status: 'exited', health: 'none' }, /it is exited/],
    ['never healthy', { status: 'running', health: 'starting' }, /not healthy after 0 s/],
  ])('new container %s: it is removed, the old one is left running, StartFirstFailed', async (_n, state, message) => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    exec.newState = state;
    const err = await replaceStartFirst(ctxOf(exec), v2, 'web').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartFirstFailed);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain('the old one still serves');
    expect(exec.log).toContain('docker rm -f new1');
    expect(exec.log.filter((l) => l.includes('old1'))).toEqual([]);
    expect(exec.containers.map((c) => c.id)).toEqual(['old1']);
  });

  it.each<[string, { id: string; service: string; status: string; health: string }[]]>([
    ['no container', []],
    ['a stopped one', [{ id: 'old1', service: 'web', status: 'exited', health: 'none' }]],
  ])('%s: false, nothing run (the caller runs a plain up)', async (_n, containers) => {
    const exec = new FakeDocker();
    exec.containers = containers;
    expect(await replaceStartFirst(ctxOf(exec), v2, 'web')).toBe(false);
    expect(exec.log).toEqual(['inspect']);
  });
});

describe('startServices with start-first services', () => {
  const plan = (startFirst?: string[]) => planOf({ build: ['web', 'worker'], ...(startFirst ? { startFirst } : {}) });
  const apply = (exec: FakeDocker): ApplyContext => ({ exec, reporter: silentReporter, model: { services: {} }, keptOld: new Set() });

  it('start-first services first, then one plain up of the rest', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'none' }];
    await startServices(apply(exec), v2, plan(['web']), undefined, { timeoutMs: 200 });
    expect(exec.log.filter((l) => l.startsWith('compose') || l.startsWith('docker stop'))).toEqual([
      'compose up -d --no-deps --no-build --no-recreate --scale web=2 web',
      'docker stop -t 10 old1',
      'compose up -d --no-deps --no-build worker',
    ]);
  });

  it('without start-first: one up of both (unchanged behaviour)', async () => {
    const exec = new FakeDocker();
    await startServices(apply(exec), v2, plan());
    expect(exec.log).toEqual(['compose up -d --no-deps --no-build web worker']);
  });

  it('a failed start-first: nothing else is started, the service is recorded as kept on its old container', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'none' }];
    exec.newState = { status: 'exited', health: 'none' };
    const ctx = apply(exec);
    await expect(startServices(ctx, v2, plan(['web']), undefined, { timeoutMs: 200 })).rejects.toThrow(/old one still serves/);
    expect([...ctx.keptOld!]).toEqual(['web']);
    expect(exec.log.some((l) => l.includes('worker'))).toBe(false);
  });
});

describe('startServices: forced recreation and what it proves healthy', () => {
  const apply = (exec: FakeDocker): ApplyContext => ({ exec, reporter: silentReporter, model: { services: {} }, keptOld: new Set() });

  it('forced services first with --force-recreate; waited for after each up, all upped are proven', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    const plan = planOf({ build: ['web'], recreate: ['worker'] });
    const proven = await startServices(apply(exec), v2, plan, 30, { timeoutMs: 200 }, ['web']);
    expect(exec.log).toEqual([
      'compose up -d --no-deps --no-build --force-recreate web',
      'wait web',
      'compose up -d --no-deps --no-build worker',
      'wait worker',
    ]);
    expect(proven).toEqual(['web', 'worker']);
  });

  it('a forced service that is start-first (a rollback of it) is replaced start-first, not force-recreated', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    const plan = planOf({ build: ['web', 'beat'], recreate: ['worker'], startFirst: ['web'] });
    const proven = await startServices(apply(exec), v2, plan, 30, { timeoutMs: 200 }, ['web', 'beat']);
    expect(
      exec.log.filter((l) => l.startsWith('compose') || l.startsWith('docker s') || l.startsWith('docker rm') || l.startsWith('wait')),
    ).toEqual([
      'compose up -d --no-deps --no-build --force-recreate beat',
      'wait beat',
      'compose up -d --no-deps --no-build --no-recreate --scale web=2 web',
      'docker stop -t 10 old1',
      'docker rm old1',
      'compose up -d --no-deps --no-build worker',
      'wait worker',
    ]);
    expect(proven).toEqual(['beat', 'web', 'worker']);
  });

  it('a forced start-first service with no running container is force-recreated after the start-first ones', async () => {
    const exec = new FakeDocker();
    const plan = planOf({ build: ['web'], recreate: ['worker'], startFirst: ['web'] });
    const proven = await startServices(apply(exec), v2, plan, 30, { timeoutMs: 200 }, ['web']);
    expect(exec.log.filter((l) => l.startsWith('compose') || l.startsWith('wait'))).toEqual([
      'compose up -d --no-deps --no-build --force-recreate web',
      'wait web',
      'compose up -d --no-deps --no-build worker',
      'wait worker',
    ]);
    expect(proven).toEqual(['web', 'worker']);
  });

  it('without a wait only a start-first replacement is proven (its new container was waited for)', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'old1', service: 'web', status: 'running', health: 'healthy' }];
    const proven = await startServices(apply(exec), v2, planOf({ build: ['web', 'worker'], startFirst: ['web'] }), undefined, {
      timeoutMs: 200,
    });
    expect(proven).toEqual(['web']);
  });

  it('a restart after the waited ups proves nothing (it may disturb them)', async () => {
    const exec = new FakeDocker();
    expect(await startServices(apply(exec), v2, planOf({ build: ['web'], restart: ['nginx'] }), 30)).toEqual([]);
    expect(exec.log).toEqual(['compose up -d --no-deps --no-build web', 'wait web', 'compose restart nginx']);
  });
});

describe('revertCompose after a failed start-first', () => {
  const previous = { id: 'a'.repeat(40), sha: 'a'.repeat(40), images: {} } as unknown as ReleaseRecord;
  const req = (plan: Plan) => ({ layout: layoutOf('/srv'), releases: false, previous, previousServices: ['web', 'worker'], plan, inv: v2 });
  const plan = { build: ['web', 'worker'], recreate: [], restart: [], remove: [] } as unknown as Plan;

  it.each<[string[], string]>([
    [['web'], 'compose up -d --no-deps --no-build --force-recreate worker'],
    [[], 'compose up -d --no-deps --no-build --force-recreate web worker'],
  ])('kept on the old container: %j → %s', async (kept, up) => {
    const exec = new FakeDocker();
    await revertCompose({ exec, reporter: silentReporter, model: { services: {} }, keptOld: new Set(kept) }, req(plan));
    expect(exec.log).toEqual([up]);
  });

  it('each touched service is recreated and restarted with its stop grace, as the deploy did', async () => {
    const exec = new FakeDocker();
    const graced = { ...plan, restart: ['beat'], stopGrace: { worker: 30, beat: 5 } } as unknown as Plan;
    const r = { ...req(graced), previousServices: ['web', 'worker', 'beat'] };
    await revertCompose({ exec, reporter: silentReporter, model: { services: {} }, keptOld: new Set() }, r);
    expect(exec.log).toEqual([
      'compose up -d --no-deps --no-build --force-recreate web',
      'compose up -d --no-deps --no-build --force-recreate --timeout 30 worker',
      'compose restart --timeout 5 beat',
    ]);
  });

  it('only the kept service touched: no up at all', async () => {
    const exec = new FakeDocker();
    const webOnly = { ...plan, build: ['web'] } as Plan;
    await revertCompose({ exec, reporter: silentReporter, model: { services: {} }, keptOld: new Set(['web']) }, req(webOnly));
    expect(exec.log).toEqual([]);
  });
});

describe('declaredReplicas', () => {
  it.each<[string, Record<string, unknown>, number | undefined]>([
    ['nothing declared', {}, undefined],
    ['scale', { scale: 3 }, 3],
    ['deploy.replicas', { deploy: { replicas: 2 } }, 2],
    ['scale wins over deploy.replicas', { scale: 1, deploy: { replicas: 4 } }, 1],
    ['an interpolated string is not a count', { scale: '${N}' }, undefined],
    ['zero is not a count', { deploy: { replicas: 0 } }, undefined],
  ])('%s', (_n, definition, expected) => {
    expect(declaredReplicas({ definition } as unknown as ComposeService)).toBe(expected);
  });
});

describe('startServices without a stable window (health.stable_for "0s"): the waits after each up still note what they see', () => {
  it('the restart counts the waits saw are carried; after the tasks, recheckCarried hands them to the Verify with no round trip of its own', async () => {
    const exec = new FakeDocker();
    exec.containers = [{ id: 'c1', service: 'web', status: 'running', health: 'healthy' }];
    exec.waitStdout = 'gd-seen app-web-1 100 0 h\n';
    const carry: Carry = { services: [], seen: [] };
    const ctx: ApplyContext = {
      exec,
      reporter: silentReporter,
      model: { services: {} },
      stableSeconds: 0,
      stableTimeoutSeconds: 60,
      carry,
    };
    await startServices(ctx, v2, planOf({ build: ['web'] }), 30);
    expect(carry.seen).toEqual([{ name: 'app-web-1', since: 100, restarts: 0, health: true }]);
    carry.recheck = true;
    const before = exec.log.length;
    expect(await recheckCarried(ctx, v2, 30)).toEqual([{ name: 'app-web-1', since: 100, restarts: 0, health: true }]);
    expect(exec.log.length).toBe(before);
    // handed over once
    expect(await recheckCarried(ctx, v2, 30)).toEqual([]);
  });

  it('no wait after up (compose v1): each up notes the restart counts of its containers in its own round trip, nothing waited for', async () => {
    const exec = new FakeDocker();
    exec.waitStdout = 'gd-seen app-beat-1 100 2\n';
    const carry: Carry = { services: [], seen: [] };
    const ctx: ApplyContext = { exec, reporter: silentReporter, model: { services: {} }, stableSeconds: 0, carry, noteRestarts: true };
    await startServices(ctx, v1, planOf({ build: ['beat'] }));
    expect(exec.log).toEqual([
      'docker-compose -p app --project-directory /srv/current -f /srv/current/docker-compose.yml up -d --no-deps --no-build beat',
      'counts beat',
    ]);
    expect(carry.seen).toEqual([{ name: 'app-beat-1', since: 100, restarts: 2 }]);
  });
});
