/**
 * `strategy: swarm` through the pipeline on a recording executor that plays a swarm manager: the
 * first deploy is one stack deploy, a template change updates the planned service only, a failed
 * update names the service and swarm's rollback (and `docker service rollback` runs only where swarm
 * did not roll back itself), `rollback` updates only the services whose tag differs; a target
 * without `build:` is refused.
 */
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import type { Plan } from '../../src/plan/types.js';
import type { DeployState } from '../../src/record/state-model.js';
import { swarmRollback } from '../../src/rollback/swarm.js';
import { swarmStrategy } from '../../src/strategies/swarm/strategy.js';
import type { Planned } from '../../src/strategies/types.js';
import type { ExecOptions } from '../../src/transport/types.js';
import { KINDS, RecordingExecutor } from './helpers/fake-host.js';
import { A, B, base, release, rollbackCase, runCase, session, stateOf, type Case } from './helpers/pipeline-runs.js';
import { planOf, serviceOf } from './helpers/plans.js';

vi.mock('../../src/sync/upload.js', async (importOriginal) => (await import('./helpers/pipeline-runs.js')).fakeUpload(importOriginal));

const REF_A = '10.0.0.1:5000/app/web:release-aaaaaaaaaaaa';
const REF_B = '10.0.0.1:5000/app/web:release-bbbbbbbbbbbb';
const SWARM = `version: 1
compose: {project: app}
targets:
  prod: {strategy: swarm, host: deploy@m, path: /srv/app, stack: app, build: {on: runner, registry: "10.0.0.1:5000"}}
`;

const TASKS = `tasks:
  migrate: {service: web, command: ./manage.py migrate}
`;
/** web's spec as the manager reports it: its environment holds a secret */
const SPEC = {
  TaskTemplate: { ContainerSpec: { Image: REF_A, Env: ['DATABASE_URL=postgres://u:s3cret@db/app'] }, Networks: [{ Target: 'net1' }] },
};

const TASK_AT =
  'GD_TASK tsk1aaaaaaaaaaaaaaaaaaaaa m4nagerxxxxxxxxxxxxxxxxxx 0123456789abcdef0123 m4nagerxxxxxxxxxxxxxxxxxx 10.0.0.1 manager1';
const SWARM_KINDS = [
  { kind: 'db-locate', match: /^set -u\ngd_verdict\(\) \{[^\n]*\}\ngd_ls=/, stdout: `${TASK_AT}\nGD_DB present\n` },
  { kind: 'db-probe', match: /^set -u\ngd_verdict[\s\S]*\ngd_cid=/, stdout: 'GD_DB present\n' },
  { kind: 'db-backup', match: /printf 'GD_RESULT/, stdout: `GD_RESULT 42 ${'c'.repeat(64)} NAME\n` },
  { kind: 'stack-deploy', match: /docker stack deploy / },
  // serviceLookScript: the tasks, the nodes and the down nodes' tasks in one round trip
  { kind: 'look $1', match: /^docker service ps --filter desired-state=running [^\n]* (\S+)\ngd_nodes=/ },
  { kind: 'job-create $1', match: /docker service create [\s\S]*--name (\S+)/ },
  { kind: 'spec $1', match: /^docker service inspect --format \{\{json \.Spec\}\} (\S+)$/ },
  { kind: 'job-state $1', match: /^docker service ps --no-trunc .* (\S+)$/ },
  { kind: 'job-logs $1', match: /^docker service logs .* (\S+)$/ },
  { kind: 'job-rm $1', match: /^docker service rm (\S+)$/ },
  { kind: 'env-file', match: /^umask 077\nd=\$\(mktemp -d\)/, stdout: '/tmp/tmp.X/task.env' },
  { kind: 'env-file-rm', match: /^rm -rf \/tmp\/tmp\.X$/ },
  { kind: 'update $1', match: /docker service update --detach (?:--with-registry-auth )?--image \S+ (\S+)/ },
  { kind: 'swarm-rollback $1', match: /docker service rollback --detach (\S+)/ },
  { kind: 'services', match: /^docker service ls / },
  { kind: 'status $1', match: /^docker service inspect .* (\S+)$/ },
  { kind: 'tasks $1', match: /^docker service ps .* (\S+)$/ },
];

/** A manager: services with their spec image and UpdateStatus; tasks always run the spec image. */
class FakeManager extends RecordingExecutor {
  readonly images: Record<string, string> = {};
  readonly updates: Record<string, string> = {};
  /** what swarm does when this service's update fails: roll it back by itself, or pause */
  failing?: { service: string; then: 'rollback_completed' | 'paused' };
  /** the task job's single task: how it ends */
  job = { state: 'Complete 1 second ago', error: '', logs: 'migrated 3\n' };
  /** the next `service update` script changes this many services, then fails (the next line's error) */
  updatesBeforeFailure?: number;
  /** each service's spec version: every change of its spec raises it */
  readonly versions: Record<string, number> = {};
  /** each service's previous spec image (what `docker service rollback` goes back to) */
  readonly before: Record<string, string> = {};
  constructor() {
    super([...SWARM_KINDS, ...KINDS]);
  }
  override async run(argv: string[], opts?: ExecOptions) {
    const r = await super.run(argv, opts);
    const name = argv.at(-1)!;
    if (argv[2] === 'ls') {
      const withImage = argv.at(-1)!.includes('{{.Image}}');
      return {
        ...r,
        stdout: Object.entries(this.images)
          .map(([n, image]) => (withImage ? `${n} ${image}` : n))
          .join('\n'),
      };
    }
    if (r.code !== 0) return r;
    if (argv[2] === 'inspect' && argv[4] === '{{json .Spec}}') return { ...r, stdout: JSON.stringify(SPEC) };
    if (argv[2] === 'inspect' && argv[4] === '{{.Version.Index}}') return { ...r, stdout: `${this.versions[name] ?? 1}\n` };
    if (argv[2] === 'ps' && argv[3] === '--no-trunc') return { ...r, stdout: `${this.job.state}|${this.job.error}\n` };
    if (argv[2] === 'logs') return { ...r, stdout: this.job.logs };
    if (argv[2] === 'inspect') return { ...r, stdout: `${this.images[name]} ${this.updates[name] ?? 'null'}\n` };
    if (argv[2] === 'ps') return { ...r, stdout: `${this.images[name]} Running 1 second ago\n` };
    return r;
  }
  override async sh(script: string, opts?: ExecOptions) {
    const r = await super.sh(script, opts);
    const look = /^docker service ps [^\n]* (\S+)\ngd_nodes=/.exec(script)?.[1];
    if (look) return { ...r, stdout: `${this.images[look]} Running 1 second ago\nGD_NODE m4nager Ready Active manager1\n` };
    // the backup script stores the file under its planned name: N=<name>
    if (r.stdout.startsWith('GD_RESULT')) return { ...r, stdout: r.stdout.replace('NAME', /^N='?([^'\n]+)'?$/m.exec(script)![1]!) };
    const override = script.match(/printf '%s' '([^']*)' > /)?.[1];
    if (override) {
      const services = (parse(override) as { services: Record<string, { image: string }> }).services;
      for (const [sv, { image }] of Object.entries(services)) this.images[`app_${sv}`] = image;
      this.images.app_worker ??= 'worker:1';
    }
    let left = this.updatesBeforeFailure ?? Infinity;
    for (const [line, image, name] of script.matchAll(/--image (\S+) (\S+)|update --detach --force (\S+)/g)) {
      if (left-- === 0) {
        this.updatesBeforeFailure = undefined;
        return { ...r, code: 1, stderr: 'Error response from daemon: rpc error: code = Unknown desc = update out of sequence' };
      }
      if (image) this.update(name!, image);
      else this.bump(line.split(' ').at(-1)!);
    }
    for (const [, name] of script.matchAll(/service rollback --detach (\S+)/g)) this.roll(name!, 'rollback_completed');
    return r;
  }
  private bump(name: string): void {
    this.versions[name] = (this.versions[name] ?? 1) + 1;
  }
  private update(name: string, image: string): void {
    this.bump(name);
    this.before[name] = this.images[name]!;
    this.images[name] = image;
    this.updates[name] = JSON.stringify({ State: 'completed' });
    if (this.failing?.service !== name) return;
    if (this.failing.then === 'paused') this.updates[name] = JSON.stringify({ State: 'paused', Message: 'update paused due to failure' });
    else this.roll(name, 'rollback_completed');
  }
  private roll(name: string, state: string): void {
    this.bump(name);
    this.images[name] = this.before[name]!;
    this.updates[name] = JSON.stringify({ State: state, Message: 'rollback completed' });
  }
}

function swarmCase(state: DeployState, planPatch: Partial<Plan> = {}, yaml = SWARM): Case & { mgr: FakeManager } {
  const mgr = new FakeManager();
  const f = session(yaml, mgr);
  const plan = planOf({ from: A, to: B, build: ['web'], ...planPatch });
  const model = { services: { web: { ...serviceOf('web'), build: { context: '.' } }, worker: serviceOf('worker') } };
  const planned = { plan, to: B, input: { composeTo: model, composeFrom: model, changes: [] } } as unknown as Planned;
  return { ...f, base: base(f, state, plan), planned, mgr };
}

const swarmLog = (log: string[]) => log.filter((k) => /^(stack-deploy|update|swarm-rollback|upload|switch|state:write|record)/.test(k));
const deployedA = () => stateOf(release(A, { images: { web: { name: REF_A, id: REF_A, ref: REF_A } } }));
const live = <C extends { mgr: FakeManager }>(c: C): C => {
  Object.assign(c.mgr.images, { app_web: REF_A, app_worker: 'worker:1' });
  return c;
};

describe('swarm deploy', () => {
  it('first deploy: one stack deploy with the images override, then the release records the tags', async () => {
    const c = swarmCase(stateOf(), { from: null });
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(swarmLog(c.mgr.log)).toEqual(['upload b', 'switch b', 'stack-deploy', 'record']);
    const deploy = c.mgr.commands.find((x) => x.cmd.includes('stack deploy'))!.cmd;
    expect(deploy).toContain(`cd /srv/app/releases/${B}\n`);
    expect(deploy).toContain('docker stack deploy -c docker-compose.yml -c .gitops-deploy-images.yml app');
    expect(c.mgr.images).toEqual({ app_web: REF_B, app_worker: 'worker:1' });
    expect(r.saved.at(-1).releases[0].images).toEqual({ web: { name: REF_B, id: REF_B, ref: REF_B } });
    expect(r.phases).toEqual(['Upload', 'Apply', 'Verify', 'Record']);
  });

  it('a template change: `service update --image` of web only, no stack deploy', async () => {
    const c = live(swarmCase(deployedA()));
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(swarmLog(c.mgr.log)).toEqual(['upload b', 'switch b', 'update app_web', 'record']);
    expect(c.mgr.images).toEqual({ app_web: REF_B, app_worker: 'worker:1' });
  });

  it('a changed compose definition goes through stack deploy again', async () => {
    const c = live(swarmCase(deployedA(), { recreate: ['worker'] }));
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(swarmLog(c.mgr.log)).toEqual(['upload b', 'switch b', 'stack-deploy', 'record']);
  });

  it('swarm rolls web back: the run fails naming web and the rollback; no second rollback; current back on a', async () => {
    const c = live(swarmCase(deployedA()));
    c.mgr.failing = { service: 'app_web', then: 'rollback_completed' };
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBe('swarm did not converge: app_web: swarm update rollback_completed (rollback completed)');
    expect(swarmLog(c.mgr.log)).toEqual(['upload b', 'switch b', 'update app_web', 'switch a', 'state:write']);
    expect(r.s.report.notes.join('\n')).toContain('swarm had rolled back app_web itself');
    expect(r.saved.at(-1).releases[0]).toMatchObject({ id: B, result: 'failed' });
    expect(c.mgr.images.app_web).toBe(REF_A);
  });

  it('a paused update: the revert runs `docker service rollback` of web', async () => {
    const c = live(swarmCase(deployedA()));
    c.mgr.failing = { service: 'app_web', then: 'paused' };
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toContain('app_web: swarm update paused (update paused due to failure)');
    expect(swarmLog(c.mgr.log)).toEqual(['upload b', 'switch b', 'update app_web', 'switch a', 'swarm-rollback app_web', 'state:write']);
    expect(c.mgr.images.app_web).toBe(REF_A);
  });
});

describe('swarm: an update script that fails part-way', () => {
  /** web gets a new tag, worker a restart; worker's previous spec is an older release's */
  const twoServices = () => {
    const c = live(swarmCase(deployedA(), { restart: ['worker'] }));
    c.mgr.before.app_worker = 'worker:0';
    return c;
  };
  const rollbacks = (c: { mgr: FakeManager }) =>
    c.mgr.commands.flatMap((x) => [...x.cmd.matchAll(/service rollback --detach (\S+)/g)].map((m) => m[1]));

  it("web updated, worker's restart failed: only web is rolled back; worker keeps its spec", async () => {
    const c = twoServices();
    c.mgr.updatesBeforeFailure = 1;
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toContain('service update failed');
    expect(rollbacks(c)).toEqual(['app_web']);
    expect(c.mgr.images).toEqual({ app_web: REF_A, app_worker: 'worker:1' });
    expect(r.s.report.notes.join('\n')).toContain('app_web back (docker service rollback)');
    expect(r.s.report.notes.join('\n')).not.toContain('app_worker');
  });

  it('no service changed (the first line failed): nothing is rolled back, the services keep their specs', async () => {
    const c = twoServices();
    c.mgr.updatesBeforeFailure = 0;
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toContain('service update failed');
    expect(rollbacks(c)).toEqual([]);
    expect(c.mgr.images).toEqual({ app_web: REF_A, app_worker: 'worker:1' });
    expect(r.s.report.notes.join('\n')).toContain('nothing went live');
  });
});

describe('swarm: a service left on another image by an interrupted run', () => {
  const REF_X = '10.0.0.1:5000/app/web:release-cccccccccccc';

  it('web runs a tag the state never recorded live (link cut after its update): a deploy that plans worker only puts web back on its tag', async () => {
    const c = live(swarmCase(deployedA(), { build: [], restart: ['worker'] }));
    c.mgr.images.app_web = `${REF_X}@sha256:${'e'.repeat(64)}`;
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(c.mgr.images.app_web).toBe(REF_A);
    expect(r.s.report.warnings.join('\n') + r.warnings.join('\n')).toContain(`web runs ${REF_X}`);
  });

  it('web on its recorded tag (a digest appended by swarm): nothing more is updated', async () => {
    const c = live(swarmCase(deployedA(), { build: [], restart: ['worker'] }));
    c.mgr.images.app_web = `${REF_A}@sha256:${'e'.repeat(64)}`;
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(swarmLog(c.mgr.log)).not.toContain('update app_web');
  });
});

describe('swarm backup through the db service', () => {
  const WITH_DB = SWARM.replace(
    'build: {on: runner, registry: "10.0.0.1:5000"}}',
    'build: {on: runner, registry: "10.0.0.1:5000"}, backup: {engine: mariadb, service: db, database: app, user: app}}',
  );

  it('the pre-deploy backup: the task located from the manager, probed and dumped in its container with docker exec, before the upload', async () => {
    expect(WITH_DB).not.toBe(SWARM);
    const c = live(swarmCase(deployedA(), {}, WITH_DB));
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    const order = c.mgr.log.filter((k) => /^(db-|upload|update|record)/.test(k));
    expect(order).toEqual(['db-locate', 'db-probe', 'db-backup', 'upload b', 'update app_web', 'record']);
    const locate = c.mgr.commands.find((x) => x.cmd.includes('gd_ls='))!.cmd;
    expect(locate).toContain("docker service ps --no-trunc --filter desired-state=running --format '{{.ID}} {{.CurrentState}}' app_db");
    const dump = c.mgr.commands.find((x) => x.cmd.includes("printf 'GD_RESULT"))!.cmd;
    expect(dump).toContain('docker exec -i 0123456789abcdef0123 mysqldump --single-transaction');
    expect(r.s.report.notes.join('\n')).toContain(
      'database of app_db: task tsk1aaaaaaaaaaaaaaaaaaaaa on the manager, docker exec in container 0123456789ab over SSH to fake',
    );
    expect(r.s.report.backup).toMatchObject({ size: 42, sha256: 'c'.repeat(64) });
  });

  it('the db service not on the swarm while a release is live: the deploy stops before the upload', async () => {
    const c = live(swarmCase(deployedA(), {}, WITH_DB));
    c.mgr.stdout['db-locate'] = 'GD_DB absent swarm service app_db does not exist\n';
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toMatch(/the database of target prod is gone: swarm service app_db does not exist/);
    expect(c.mgr.log.filter((k) => /^(db-|upload|update)/.test(k))).toEqual(['db-locate']);
  });
});

describe('swarm tasks', () => {
  const JOB = 'app_task_migrate_bbbbbbbb';
  const taskCase = (state: DeployState, planPatch: Partial<Plan> = {}) =>
    swarmCase(state, { tasks: ['migrate'], ...planPatch }, SWARM + TASKS);
  const taskLog = (log: string[]) => log.filter((k) => /^(stack-deploy|update|swarm-rollback|switch|job-|spec|env-file|record)/.test(k));
  const JOB_STEPS = [
    'spec app_web',
    'env-file',
    `job-create ${JOB}`,
    'env-file-rm',
    `job-state ${JOB}`,
    `job-logs ${JOB}`,
    `job-rm ${JOB}`,
  ];

  it("a task that completes: one job from the new image with web's network, env through stdin only, removed; then web is updated", async () => {
    const c = live(taskCase(deployedA()));
    const info: string[] = [];
    c.s.reporter = { ...c.s.reporter, info: (m: string) => void info.push(m) };
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(taskLog(c.mgr.log)).toEqual(['switch b', ...JOB_STEPS, 'update app_web', 'record']);
    expect(r.phases).toEqual(['Upload', 'Tasks', 'Apply', 'Verify', 'Record']);
    const create = c.mgr.commands.find((x) => x.cmd.includes('docker service create'))!.cmd;
    expect(create).toContain(
      `--name ${JOB} --label gitops-deploy.task=1 --env-file /tmp/tmp.X/task.env --network net1 ${REF_B} sh -c './manage.py migrate'`,
    );
    expect(create).toContain(`docker service rm ${JOB} >/dev/null 2>&1 || true\ndocker service create `);
    expect(c.mgr.commands.filter((x) => x.cmd.includes('s3cret'))).toEqual([]);
    expect(c.mgr.commands.find((x) => x.cmd.startsWith('umask 077'))!.stdin).toBe('DATABASE_URL=postgres://u:s3cret@db/app\n');
    expect(info).toContain('[migrate] migrated 3');
    expect(c.mgr.images.app_web).toBe(REF_B);
    expect(r.saved.at(-1).releases[0]).toMatchObject({ id: B, result: 'success' });
  });

  it('a task that fails: the run fails naming it, its logs in the message, the job removed, no service updated, current back on a', async () => {
    const c = live(taskCase(deployedA()));
    c.mgr.job = { state: 'Failed 1 second ago', error: 'task: non-zero exit (1)', logs: 'relation "x" does not exist\n' };
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBe('task migrate failed (task: non-zero exit (1)):\nrelation "x" does not exist');
    expect(taskLog(c.mgr.log)).toEqual(['switch b', ...JOB_STEPS, 'switch a']);
    expect(c.mgr.log.filter((k) => k.startsWith('update') || k === 'stack-deploy')).toEqual([]);
    expect(c.mgr.images).toEqual({ app_web: REF_A, app_worker: 'worker:1' });
    expect(r.s.report.notes.join('\n')).toContain('nothing went live: the services still run aaaaaaaaaaaa');
    expect(r.saved.at(-1).releases[0]).toMatchObject({ id: B, result: 'failed' });
  });

  it('a job that cannot be created is still removed, and the env file too', async () => {
    const c = live(taskCase(deployedA()));
    c.mgr.failAt = `job-create ${JOB}`;
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toContain('injected failure');
    expect(taskLog(c.mgr.log)).toEqual([
      'switch b',
      'spec app_web',
      'env-file',
      `job-create ${JOB}`,
      'env-file-rm',
      `job-rm ${JOB}`,
      'switch a',
    ]);
  });

  it('first deploy: the stack deploy creates web first, then the task runs (from its spec), then the watch', async () => {
    const c = taskCase(stateOf(), { from: null });
    const r = await runCase(swarmStrategy, c);
    expect(r.error).toBeUndefined();
    expect(taskLog(c.mgr.log)).toEqual(['switch b', 'stack-deploy', ...JOB_STEPS, 'record']);
    expect(r.phases).toEqual(['Upload', 'Apply', 'Tasks', 'Verify', 'Record']);
  });

  it('the dry run names the job and the image, before the services change', async () => {
    const c = live(taskCase(deployedA()));
    const lines = swarmStrategy.describe(await swarmStrategy.prepare(c.base, c.planned)).join('\n');
    expect(lines).toContain('tasks, each once as a swarm job (replicated-job), before the services change:');
    expect(lines).toContain(`migrate: ./manage.py migrate (job ${JOB} from ${REF_B})`);
  });
});

describe('swarm dry run', () => {
  it('a stack deploy that removes worker (--prune) says that Verify waits for its tasks to stop, up to health.timeout', async () => {
    const c = live(swarmCase(deployedA(), { remove: ['worker'] }));
    c.base.s.target.health.timeout = 45_000;
    const lines = swarmStrategy.describe(await swarmStrategy.prepare(c.base, c.planned));
    const deploy = lines.findIndex((l) => l.includes('docker stack deploy -c docker-compose.yml -c .gitops-deploy-images.yml --prune app'));
    expect(deploy).toBeGreaterThan(0);
    expect(lines.slice(deploy + 1)).toContain(
      "  then Verify waits until the tasks of app_worker (removed by --prune) have stopped on their nodes (their stop_grace_period; each task's state read every 1 s, up to 45 s), before it watches the changed services converge",
    );
  });

  it('a deploy that removes nothing has no such line', async () => {
    const c = live(swarmCase(deployedA(), { recreate: ['worker'] }));
    const lines = swarmStrategy.describe(await swarmStrategy.prepare(c.base, c.planned));
    expect(lines.join('\n')).toContain('docker stack deploy');
    expect(lines.join('\n')).not.toContain('removed by --prune');
  });
});

describe('swarm rollback', () => {
  it('updates only the services whose tag differs to the retained tag; no upload, no stack deploy', async () => {
    const state = stateOf(release(B, { images: { web: { name: REF_B, id: REF_B, ref: REF_B } } }), ...deployedA().releases);
    const c = rollbackCase(swarmCase, state, { build: ['web'] }) as ReturnType<typeof swarmCase>;
    Object.assign(c.mgr.images, { app_web: REF_B, app_worker: 'worker:1' });
    const r = await runCase(swarmRollback, c);
    expect(r.error).toBeUndefined();
    expect(swarmLog(c.mgr.log)).toEqual(['switch a', 'update app_web', 'record']);
    expect(c.mgr.images.app_web).toBe(REF_A);
    expect(r.saved.at(-1).current).toBe(A);
  });
});

describe('swarm rollback without recorded tags', () => {
  it('is refused before anything changes, naming the service', async () => {
    const state = stateOf(release(B, { images: { web: { name: REF_B, id: REF_B, ref: REF_B } } }), release(A));
    const c = rollbackCase(swarmCase, state, { build: ['web'] }) as ReturnType<typeof swarmCase>;
    await expect(swarmRollback.prepare(c.base, c.planned)).rejects.toThrow(
      'release aaaaaaaaaaaa recorded no registry tag for web: a swarm rollback never builds',
    );
    expect(swarmLog(c.mgr.log)).toEqual([]);
  });
});

describe('swarm config', () => {
  it('a swarm target without build: is refused, saying why', () => {
    const yaml = SWARM.replace(', build: {on: runner, registry: "10.0.0.1:5000"}', '');
    expect(() => parseConfig(yaml, 'deploy.yml')).toThrow(/strategy "swarm" needs `build:` with a registry \(swarm nodes pull/);
  });
});
