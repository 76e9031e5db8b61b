/** The swarm task job's pure builders and readers, on literals: job argv, the spec it copies, the env file, the job's state; the logs argv. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serviceLogsArgs } from '../../src/strategies/swarm/commands.js';
import { tasksBeforeApply } from '../../src/strategies/swarm/decide.js';
import {
  envFileScript,
  envFileText,
  jobCreateArgs,
  jobLogsArgs,
  jobName,
  jobRemoveArgs,
  jobStateArgs,
  judgeJob,
  newReleaseSource,
  parseJobSpec,
  removeEnvFileScript,
  serviceSpecArgs,
} from '../../src/strategies/swarm/task-commands.js';

const REF_B = '10.0.0.1:5000/app/web:release-bbbbbbbbbbbb';
const SPEC = JSON.stringify({
  Name: 'app_web',
  TaskTemplate: {
    ContainerSpec: {
      Image: 'x@sha256:1',
      Env: ['DATABASE_URL=postgres://u:s3cret@db/app', 'EMPTY='],
      Mounts: [
        { Type: 'volume', Source: 'app_media', Target: '/media' },
        { Type: 'bind', Source: '/srv/a,b', Target: '/conf', ReadOnly: true },
      ],
      Dir: '/app',
      User: '1000',
    },
    Networks: [{ Target: 'n1abc', Aliases: ['web'] }, { Target: 'n2def' }],
    Placement: { Constraints: ['node.role==worker'] },
  },
});
const FULL = parseJobSpec(SPEC);
const BARE = { env: [], networks: [], mounts: [], constraints: [] };

describe('swarm task job builders', () => {
  it.each([
    [serviceSpecArgs('app_web'), 'docker service inspect --format {{json .Spec}} app_web'],
    [
      jobStateArgs('app_task_migrate_bbbbbbbb'),
      'docker service ps --no-trunc --format {{.CurrentState}}|{{.Error}} app_task_migrate_bbbbbbbb',
    ],
    [jobLogsArgs('j'), 'docker service logs --raw --no-trunc j'],
    [jobRemoveArgs('j'), 'docker service rm j'],
    [serviceLogsArgs('app_web', { tail: 200 }), 'docker service logs --no-trunc --tail 200 app_web'],
    [serviceLogsArgs('app_web', { tail: 5, since: '10m' }), 'docker service logs --no-trunc --tail 5 --since 10m app_web'],
    [
      jobCreateArgs('j', REF_B, './manage.py migrate', BARE, { envFile: '/tmp/x/task.env', auth: false }),
      `docker service create --detach --quiet --mode replicated-job --restart-condition none --name j --label gitops-deploy.task=1 --env-file /tmp/x/task.env ${REF_B} sh -c ./manage.py migrate`,
    ],
    [
      jobCreateArgs('j', REF_B, 'true', FULL, { envFile: '/tmp/x/task.env', auth: true }),
      'docker service create --detach --quiet --mode replicated-job --restart-condition none --name j --label gitops-deploy.task=1 ' +
        '--env-file /tmp/x/task.env --network n1abc --network n2def --mount type=volume,source=app_media,target=/media ' +
        '--mount type=bind,"source=/srv/a,b",target=/conf,readonly --constraint node.role==worker --workdir /app --user 1000 ' +
        `--with-registry-auth ${REF_B} sh -c true`,
    ],
  ])('%j', (argv, text) => expect(argv.join(' ')).toBe(text));

  it('the job name: <stack>_task_<task>_<sha8>', () => expect(jobName('app', 'migrate', 'b'.repeat(40))).toBe('app_task_migrate_bbbbbbbb'));

  it('a spec without networks, mounts or env reads as empty; the old place of networks is read too', () => {
    expect(parseJobSpec('{"TaskTemplate":{"ContainerSpec":{"Image":"x"}}}')).toEqual(BARE);
    expect(parseJobSpec('{"TaskTemplate":{},"Networks":[{"Target":"old"}]}').networks).toEqual(['old']);
  });

  it('the environment never reaches argv: it goes in the env file text', () => {
    const argv = jobCreateArgs('j', REF_B, 'true', FULL, { envFile: '/tmp/x/task.env', auth: false });
    expect(argv.join(' ')).not.toContain('s3cret');
    expect(envFileText(FULL.env, 'migrate')).toBe('DATABASE_URL=postgres://u:s3cret@db/app\nEMPTY=\n');
    expect(envFileText([], 'migrate')).toBe('');
  });

  it('a value with a line break is refused, naming the variable and not its value', () => {
    expect(() => envFileText(['KEY=-----BEGIN\nsecret'], 'migrate')).toThrow(
      /^task migrate: environment KEY holds a line break, which an env file cannot carry$/,
    );
  });

  it('the env file script writes stdin to a 0600 file in a fresh temp dir and prints its path; the removal drops the dir', () => {
    const path = execFileSync('dash', ['-c', envFileScript()], { input: 'A=1\n' }).toString();
    expect(path).toMatch(/\/task\.env$/);
    expect(execFileSync('stat', ['-c', '%a', path]).toString().trim()).toBe('600');
    expect(execFileSync('cat', [path]).toString()).toBe('A=1\n');
    execFileSync('dash', ['-c', removeEnvFileScript(path)]);
    expect(() => execFileSync('test', ['-e', path.replace(/\/task\.env$/, '')])).toThrow();
    expect(removeEnvFileScript("/tmp/it's/task.env")).toBe("rm -rf '/tmp/it'\\''s'");
  });

  it.each([
    ['', { state: 'running', why: 'no task scheduled yet' }],
    ['Preparing 1 second ago|\n', { state: 'running', why: 'Preparing 1 second ago' }],
    ['Running 2 seconds ago|\n', { state: 'running', why: 'Running 2 seconds ago' }],
    ['Complete 1 second ago|\n', { state: 'complete' }],
    ['Failed 1 second ago|task: non-zero exit (3)\n', { state: 'failed', why: 'task: non-zero exit (3)' }],
    ['Rejected 3 seconds ago|No such image: r/w:1\n', { state: 'failed', why: 'rejected: No such image: r/w:1' }],
    ['Failed 1 second ago|\n', { state: 'failed', why: 'failed' }],
  ])('job state %j', (out, want) => expect(judgeJob(out)).toEqual(want));

  it.each([
    [['migrate'], ['web', 'worker'], true],
    [['migrate', 'seed'], ['web'], false],
    [['migrate'], [], false],
    [[], [], true],
  ])('tasks %j with %j on the swarm: before the apply %s', (tasks, existing, want) =>
    expect(tasksBeforeApply(tasks, { migrate: { service: 'web' }, seed: { service: 'worker' } }, existing)).toBe(want),
  );
});

describe("a task job's bind mounts into the live release are the new release's", () => {
  const NEW = '/srv/app/releases/bbbb';
  const r = { root: '/srv/app', dir: NEW };
  it.each([
    ['a directory of the live release', '/srv/app/releases/aaaa/data', `${NEW}/data`],
    ['a file deep in it', '/srv/app/releases/aaaa/conf/x.ini', `${NEW}/conf/x.ini`],
    ['the release directory itself', '/srv/app/releases/aaaa', NEW],
    ['the new release already', `${NEW}/data`, `${NEW}/data`],
    ['through current', '/srv/app/current/data', `${NEW}/data`],
    ['current itself', '/srv/app/current', NEW],
    ['shared/ (not a release)', '/srv/app/shared/media', '/srv/app/shared/media'],
    ['another directory', '/var/lib/data', '/var/lib/data'],
    ['a sibling whose name only starts alike', '/srv/app/currently/x', '/srv/app/currently/x'],
    ['releases/ itself', '/srv/app/releases/', '/srv/app/releases/'],
    ['a dot-dot id', '/srv/app/releases/../x', '/srv/app/releases/../x'],
  ])('%s', (_what, source, expected) => {
    expect(newReleaseSource(source, r)).toBe(expected);
    expect(newReleaseSource(source, { ...r, root: '/srv/app/' })).toBe(expected);
  });

  it('parseJobSpec moves bind sources only, and only when given the release', () => {
    const spec = JSON.stringify({
      TaskTemplate: {
        ContainerSpec: {
          Mounts: [
            { Type: 'bind', Source: '/srv/app/releases/aaaa/data', Target: '/data' },
            { Type: 'volume', Source: 'releases', Target: '/v' },
          ],
        },
      },
    });
    expect(parseJobSpec(spec, r).mounts).toEqual([`type=bind,source=${NEW}/data,target=/data`, 'type=volume,source=releases,target=/v']);
    expect(parseJobSpec(spec).mounts[0]).toBe('type=bind,source=/srv/app/releases/aaaa/data,target=/data');
  });
});
