/** The swarm strategy's pure builders and readers, on literals: docker argv, the stack deploy lines (valid sh), convergence, the action. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  imagesOverride,
  serviceForceArgs,
  serviceImageArgs,
  serviceRollbackArgs,
  serviceStatusArgs,
  serviceTasksArgs,
  serviceVersionArgs,
  stackDeployArgs,
  stackDeployLines,
} from '../../src/strategies/swarm/commands.js';
import { stackServicesArgs } from '../../src/apply/swarm-status-scripts.js';
import { decideSwarm, differingRefs, redefinedBuilt, releaseRefs, remountedServices } from '../../src/strategies/swarm/decide.js';
import { refsOf } from '../../src/apply/swarm-service-list.js';
import { parseComposeModel } from '../../src/compose/model.js';
import { judgeService, parseServiceStatus } from '../../src/strategies/swarm/status.js';
import { planOf } from './helpers/plans.js';

const REG = { registry: '10.0.0.1:5000', repository: 'app' };
const SHA = 'b'.repeat(40);
const REF_A = '10.0.0.1:5000/app/web:release-aaaaaaaaaaaa';
const REF_B = '10.0.0.1:5000/app/web:release-bbbbbbbbbbbb';

describe('swarm command builders', () => {
  it.each([
    [stackDeployArgs(['docker-compose.yml'], 'app', { auth: false, prune: false }), 'docker stack deploy -c docker-compose.yml app'],
    [
      stackDeployArgs(['a.yml', 'b.yml'], 'app', { auth: true, prune: true }),
      'docker stack deploy -c a.yml -c b.yml --prune --with-registry-auth app',
    ],
    [serviceImageArgs('app_web', REF_B, false), `docker service update --detach --image ${REF_B} app_web`],
    [serviceImageArgs('app_web', REF_B, true), `docker service update --detach --with-registry-auth --image ${REF_B} app_web`],
    [serviceForceArgs('app_worker'), 'docker service update --detach --force app_worker'],
    [serviceRollbackArgs('app_web'), 'docker service rollback --detach app_web'],
    [
      serviceStatusArgs('app_web'),
      'docker service inspect --format {{.Spec.TaskTemplate.ContainerSpec.Image}} {{if .Spec.Mode.Replicated}}{{.Spec.Mode.Replicated.Replicas}}{{else if .Spec.Mode.Global}}global{{else}}-{{end}} {{json .UpdateStatus}} app_web',
    ],
    [serviceVersionArgs('app_web'), 'docker service inspect --format {{.Version.Index}} app_web'],
    [
      serviceTasksArgs('app_web'),
      'docker service ps --filter desired-state=running --no-trunc --format {{.Image}} {{.CurrentState}}|{{.Error}} app_web',
    ],
    [stackServicesArgs('app'), 'docker service ls --filter label=com.docker.stack.namespace=app --format {{.Name}} {{.Image}}'],
  ])('%j', (argv, text) => expect(argv.join(' ')).toBe(text));

  it('the images override pins each built service (sorted), as compose YAML', () => {
    expect(parse(imagesOverride({ worker: 'r/w:1', web: REF_B }))).toEqual({
      version: '3.8',
      services: { web: { image: REF_B }, worker: { image: 'r/w:1' } },
    });
  });

  it('stack deploy lines: cd, the override written, the deploy with it last; valid sh and dash that writes the file', () => {
    const lines = stackDeployLines("/srv/it's/current", ['docker-compose.yml'], 'app', { web: REF_B }, { auth: false, prune: false });
    expect(lines[0]).toBe("cd '/srv/it'\\''s/current'");
    expect(lines[2]).toBe('docker stack deploy -c docker-compose.yml -c .gitops-deploy-images.yml app');
    const script = lines.join('\n');
    for (const shell of ['sh', 'dash']) execFileSync(shell, ['-n'], { input: script });
    const written = execFileSync('dash', [
      '-c',
      `d=$(mktemp -d) && cd "$d" && ${lines[1]} && cat .gitops-deploy-images.yml; s=$?; rm -rf "$d"; exit $s`,
    ]).toString();
    expect(parse(written)).toEqual({ version: '3.8', services: { web: { image: REF_B } } });
  });
});

describe('convergence of a service', () => {
  const updating = JSON.stringify({ State: 'updating', Message: 'update in progress' });
  const rolledBack = JSON.stringify({ State: 'rollback_completed', Message: 'rollback completed' });
  const paused = JSON.stringify({ State: 'paused', Message: 'update paused due to failure or early termination of task x' });
  const st = (update: string, image = `${REF_B}@sha256:${'f'.repeat(64)}`) => ({ image, update });
  it.each([
    [
      'new service, its tasks running on the spec image',
      st('null'),
      'null',
      `${REF_B} Running 3 seconds ago\n${REF_B} Running 2 seconds ago\n`,
      'done',
    ],
    ['a task still on the old image', st('null'), 'null', `${REF_B} Running 3 seconds ago\n${REF_A} Running 1 hour ago\n`, 'waiting'],
    ['a task starting (healthcheck not passed)', st('null'), 'null', `${REF_B} Starting 1 second ago\n`, 'waiting'],
    ['no task yet', st('null'), 'null', '', 'waiting'],
    ['no task yet, 2 replicas wanted', { ...st('null'), replicas: 2 }, 'null', '', 'waiting'],
    ['scaled to zero (deploy.replicas: 0): no task to wait for', { ...st('null'), replicas: 0 }, 'null', '', 'done'],
    ['updating', st(updating), 'null', `${REF_B} Running 3 seconds ago\n`, 'waiting'],
    ['swarm rolled back', st(rolledBack, REF_A), 'null', `${REF_A} Running 3 seconds ago\n`, 'failed'],
    ['paused', st(paused), 'null', `${REF_B} Running 3 seconds ago\n`, 'failed'],
    [
      "an older rollback, unchanged since before this run: not this run's",
      st(rolledBack),
      rolledBack,
      `${REF_B} Running 1 second ago\n`,
      'done',
    ],
  ])('%s', (_what, status, before, tasks, state) => {
    expect(judgeService('app_web', status, before, tasks).state).toBe(state);
  });

  it("a task that stays pending: the wait says swarm's error", () => {
    const tasks = `${REF_B} Pending 20 seconds ago|"no suitable node (scheduling constraints not satisfied on 3 nodes)"\n${REF_B} Running 1 second ago|""\n`;
    expect(judgeService('app_web', st('null'), 'null', tasks)).toEqual({
      state: 'waiting',
      why: `app_web: 1/2 tasks running ${REF_B} (no suitable node (scheduling constraints not satisfied on 3 nodes))`,
    });
    expect(judgeService('app_web', st('null'), 'null', `${REF_B} Running 1 second ago|""\n`).state).toBe('done');
  });

  it("an update under way with a pending task: the wait says swarm's error (a drained node)", () => {
    const tasks = `${REF_B} Pending 5 seconds ago|"no suitable node (1 node not available for new tasks)"\n`;
    expect(judgeService('app_web', st(updating), 'null', tasks)).toEqual({
      state: 'waiting',
      why: 'app_web: updating (no suitable node (1 node not available for new tasks))',
    });
  });

  it('a global service with no task: waiting, flagged as placed on no node', () => {
    expect(judgeService('app_agent', { ...st('null'), global: true }, 'null', '')).toMatchObject({ state: 'waiting', noNode: true });
    expect(judgeService('app_agent', { ...st('null'), global: true }, 'null', `${REF_B} Running 1 second ago|""\n`).state).toBe('done');
    expect(judgeService('app_web', st('null'), 'null', '')).not.toHaveProperty('noNode');
  });

  it("a failure names the service, the state and swarm's message; rollback states say swarm rolled back", () => {
    const c = judgeService('app_web', st(rolledBack, REF_A), 'null', '');
    expect(c).toEqual({ state: 'failed', why: 'app_web: swarm update rollback_completed (rollback completed)', rolledBack: true });
    expect(judgeService('app_web', st(paused), 'null', '')).toMatchObject({ state: 'failed', rolledBack: false });
  });

  it("the revert's watch: swarm's rollback is the way back, not a failure", () => {
    const started = JSON.stringify({ State: 'rollback_started' });
    expect(judgeService('app_web', st(started, REF_A), 'null', `${REF_A} Running`, { rollingBack: true }).state).toBe('waiting');
    expect(judgeService('app_web', st(rolledBack, REF_A), 'null', `${REF_A} Running`, { rollingBack: true }).state).toBe('done');
    // swarm's own rollback, already started when the watch began: one task of two listed is not the end
    expect(judgeService('app_web', st(started, REF_A), started, `${REF_A} Running`, { rollingBack: true }).state).toBe('waiting');
  });

  it('parses `<image> <replicas> <json>` (`-`: not a replicated service)', () => {
    expect(parseServiceStatus(`${REF_B} 0 {"State":"completed","Message":"update completed"}\n`)).toEqual({
      image: REF_B,
      update: '{"State":"completed","Message":"update completed"}',
      replicas: 0,
    });
    expect(parseServiceStatus(`${REF_B} 2 null\n`)).toEqual({ image: REF_B, update: 'null', replicas: 2 });
    expect(parseServiceStatus(`${REF_B} - null\n`)).toEqual({ image: REF_B, update: 'null' });
    expect(parseServiceStatus(`${REF_B} global null\n`)).toEqual({ image: REF_B, update: 'null', global: true });
  });

  it('parses `<image> <json>`', () => {
    expect(parseServiceStatus(`${REF_B} {"State":"completed"}\n`)).toEqual({ image: REF_B, update: '{"State":"completed"}' });
    expect(parseServiceStatus(`${REF_B} null\n`)).toEqual({ image: REF_B, update: 'null' });
  });
});

describe('what a swarm run does', () => {
  const all = ['db', 'web', 'worker'];
  it.each([
    [
      'first deploy',
      planOf({ build: ['web'] }),
      [],
      { kind: 'stack', reason: 'first deploy: stack app has no service yet', services: all, prune: false },
    ],
    ['template change: only web', planOf({ build: ['web'] }), all, { kind: 'update', images: ['web'], restart: [] }],
    [
      'restart: a forced update',
      planOf({ build: ['web'], restart: ['web', 'worker'] }),
      all,
      { kind: 'update', images: ['web'], restart: ['worker'] },
    ],
    [
      'compose definition changed',
      planOf({ build: ['web'], recreate: ['db'] }),
      all,
      { kind: 'stack', reason: 'the compose definition changed', services: ['db', 'web'], prune: false },
    ],
    [
      'a service removed: --prune',
      planOf({ remove: ['worker'] }),
      all,
      { kind: 'stack', reason: 'the compose definition changed', services: ['worker'], prune: true },
    ],
    [
      'a service new in this release, only built (no recreate in the plan): a stack deploy creates it',
      planOf({ build: ['db', 'web'] }),
      ['web', 'worker'],
      { kind: 'stack', reason: 'not on the swarm yet: db', services: ['db', 'web'], prune: false },
    ],
  ])('%s', (_what, plan, existing, action) => expect(decideSwarm(plan, 'app', existing, all)).toEqual(action));

  it('a built service whose definition changed beyond build/image: a stack deploy (an image update would drop the change)', () => {
    const model = (web: string) =>
      parseComposeModel(
        [{ path: 'docker-compose.yml', content: `services:\n  web:\n    build: ./web\n${web}  worker:\n    image: w\n` }],
        '.',
      );
    const from = model('');
    expect(redefinedBuilt(from, model('    environment: {A: "1"}\n'), ['web'])).toEqual(['web']);
    expect(redefinedBuilt(from, model('    image: other\n'), ['web'])).toEqual([]);
    expect(redefinedBuilt(from, model(''), ['web'])).toEqual([]);
    expect(redefinedBuilt(null, model(''), ['web'])).toEqual([]);
    expect(decideSwarm(planOf({ build: ['web'] }), 'app', all, all, ['web'])).toEqual({
      kind: 'stack',
      reason: 'the compose definition changed',
      services: ['web'],
      prune: false,
    });
  });

  it('a rebuilt or restarted service that bind-mounts files of the release (any, when tasks run): a stack deploy (`service update` keeps the old release’s mounts)', () => {
    const model = parseComposeModel(
      [
        {
          path: 'deploy/docker-compose.yml',
          content: `services:
  web:
    image: w
    volumes: ["./conf/nginx.conf:/etc/nginx.conf:ro", "media:/media"]
  worker:
    image: w
    volumes: ["/var/log:/logs", "../../outside:/o", "~/x:/x"]
    configs: [page]
  named:
    image: w
    volumes: ["data:/data"]
  long:
    image: w
    volumes: [{type: bind, source: ./static, target: /static}]
configs:
  page: {file: ./page.txt}
`,
        },
      ],
      'deploy',
    );
    const plan = (p: Partial<Record<'build' | 'restart' | 'tasks', string[]>>) => ({ build: [], restart: [], tasks: [], ...p });
    expect(remountedServices(model, plan({ restart: ['web', 'worker', 'named', 'gone'], build: ['long'] }))).toEqual(['long', 'web']);
    expect(remountedServices(model, plan({ restart: ['worker'], build: ['named'] }))).toEqual([]);
    // a task writes the new release: every service mounting it moves there, planned or not
    expect(remountedServices(model, plan({ build: ['worker'], tasks: ['migrate'] }))).toEqual(['long', 'web']);
    expect(decideSwarm(planOf({ restart: ['web', 'worker'] }), 'app', all, all, [], ['web'])).toEqual({
      kind: 'stack',
      reason: 'services that bind-mount the release move to the new one: web',
      services: ['web'],
      prune: false,
    });
    expect(decideSwarm(planOf({ restart: ['worker'] }), 'app', all, all, [], [])).toEqual({
      kind: 'update',
      images: [],
      restart: ['worker'],
    });
  });

  it("refs: built now → this release's tag; else the tag the previous release ran", () => {
    const previous = {
      web: { name: REF_A, id: REF_A, ref: REF_A },
      worker: { name: 'w', id: 'w', ref: '10.0.0.1:5000/app/worker:release-aaaaaaaaaaaa' },
    };
    expect(releaseRefs(REG, SHA, ['web', 'worker'], ['web'], previous)).toEqual({
      web: REF_B,
      worker: '10.0.0.1:5000/app/worker:release-aaaaaaaaaaaa',
    });
    expect(releaseRefs(REG, SHA, ['web'], [], undefined)).toEqual({ web: REF_B });
    expect(differingRefs(refsOf(previous), { web: REF_B, worker: previous.worker.ref })).toEqual(['web']);
  });
});
