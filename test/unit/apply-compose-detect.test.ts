import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autoComposeCommand,
  composeDetectScript,
  concreteComposeCommand,
  DOCKER_PLUGIN_DIRS,
  v2ProbeScript,
  detectCompose,
  isAutoComposeCommand,
  parseComposeDetect,
} from '../../src/apply/compose-detect.js';
import { buildServices } from '../../src/apply/apply-plan.js';
import { composeInvocation } from '../../src/apply/compose-target.js';
import { sideBySideScript } from '../../src/transport/side-by-side.js';
import { describeDryRun } from '../../src/strategies/compose/dry-run.js';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import type { Executor, ExecResult } from '../../src/transport/types.js';
import { thrownMessage, rejectionMessage } from './helpers/errors.js';
import { planOf, serviceOf } from './helpers/plans.js';

const NEITHER = 'neither "docker compose" (v2 plugin) nor "docker-compose" (v1) runs';

describe('composeDetectScript', () => {
  it('probes v2 (through gd_v2) then v1 with `version --short`, printing command<TAB>version or none', () => {
    expect(composeDetectScript()).toBe(
      [
        v2ProbeScript(),
        "if v=$(gd_v2); then printf '%s\\t%s\\n' 'docker compose' \"$v\"",
        'elif v=$(docker-compose version --short 2>/dev/null); then printf \'%s\\t%s\\n\' docker-compose "$v"',
        'else echo none',
        'fi',
      ].join('\n'),
    );
  });

  it("gd_v2 runs the first plugin found in the docker CLI's directories, else `docker compose version --short`", () => {
    expect(v2ProbeScript(['/p/one', '/p/two'])).toBe(
      [
        'gd_v2() {',
        '  command -v docker >/dev/null 2>&1 || return 1',
        '  if ! grep -qs cliPluginsExtraDirs "${DOCKER_CONFIG:-$HOME/.docker}/config.json"; then',
        '    for d in "/p/one" "/p/two"; do',
        '      [ -e "$d/docker-compose" ] || continue',
        '      if [ -x "$d/docker-compose" ] && gd_p=$("$d/docker-compose" version --short 2>/dev/null); then',
        '        case $gd_p in [0-9]*.*|v[0-9]*.*) printf \'%s\\n\' "$gd_p"; return 0 ;; esac',
        '      fi',
        '      break',
        '    done',
        '  fi',
        '  docker compose version --short 2>/dev/null',
        '}',
      ].join('\n'),
    );
    expect(DOCKER_PLUGIN_DIRS).toEqual([
      '${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins',
      '/usr/local/lib/docker/cli-plugins',
      '/usr/local/libexec/docker/cli-plugins',
      '/usr/lib/docker/cli-plugins',
      '/usr/libexec/docker/cli-plugins',
    ]);
  });

  it('probes only the configured command when one is given', () => {
    expect(composeDetectScript(['docker-compose'])).toBe(
      'if v=$(docker-compose version --short 2>/dev/null); then printf \'%s\\t%s\\n\' docker-compose "$v"\nelse echo none\nfi',
    );
  });

  it.each(['sh', 'dash'])('is valid POSIX sh (%s -n)', (shell) => {
    for (const script of [composeDetectScript(), composeDetectScript(['docker compose']), autoComposeCommand()[2]!]) {
      expect(() => execFileSync(shell, ['-n', '-c', script])).not.toThrow();
    }
  });
});

describe('parseComposeDetect', () => {
  it.each<[string, string, string[], string]>([
    ['v2 plugin', 'docker compose\t2.26.1-4\n', ['docker', 'compose'], '2.26.1-4'],
    ['v2 with a leading v', 'docker compose\tv2.29.7', ['docker', 'compose'], '2.29.7'],
    ['v1 binary', 'docker-compose\t1.29.2\n', ['docker-compose'], '1.29.2'],
    ['noise before the answer', 'motd line\ndocker-compose\t1.29.2', ['docker-compose'], '1.29.2'],
  ])('%s', (_label, stdout, command, version) => {
    expect(parseComposeDetect(stdout)).toEqual({ command, version });
  });

  it.each([
    ['none found', 'none\n'],
    ['empty output', ''],
    ['a command that is not a candidate', 'podman-compose\t1.0.6'],
    ['no version', 'docker compose\t'],
    ['a version that is not one', 'docker compose\tunknown'],
  ])('%s → a UserError naming both commands', (_label, stdout) => {
    expect(thrownMessage(() => parseComposeDetect(stdout), UserError)).toContain(NEITHER);
  });

  it('a configured command that does not run is named alone', () => {
    const msg = thrownMessage(() => parseComposeDetect('none', ['docker-compose']), UserError);
    expect(msg).toBe('compose.command "docker-compose" does not run on the host ("docker-compose version" failed)');
  });

  it('refuses an answer for a command it did not probe', () => {
    expect(() => parseComposeDetect('docker compose\t2.26.1', ['docker-compose'])).toThrow(UserError);
  });
});

/** Fake `docker` / `docker-compose` on a PATH of their own, so the scripts really run under dash. */
describe('the scripts on a host (dash, fake binaries)', () => {
  let bin = '';
  beforeEach(async () => {
    bin = await mkdtemp(join(tmpdir(), 'compose-detect-'));
  });
  afterEach(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  /** docker: `compose ...` works only with v2; docker-compose exists only with v1. Each logs its argv. */
  async function host(opts: { v2: boolean; v1: boolean }): Promise<void> {
    const log = join(bin, 'calls');
    const docker = opts.v2
      ? `#!/bin/sh\necho "docker $*" >> '${log}'\n[ "$1 $2 $3" = "compose version --short" ] && echo 2.26.1-4\nexit 0\n`
      : `#!/bin/sh\necho "docker $*" >> '${log}'\necho "docker: unknown command: docker $1" >&2\nexit 1\n`;
    await writeFile(join(bin, 'docker'), docker);
    await chmod(join(bin, 'docker'), 0o755);
    await symlink('/bin/grep', join(bin, 'grep'));
    if (opts.v1) {
      await writeFile(
        join(bin, 'docker-compose'),
        `#!/bin/sh\necho "docker-compose $*" >> '${log}'\n[ "$1" = version ] && echo 1.29.2\nexit 0\n`,
      );
      await chmod(join(bin, 'docker-compose'), 0o755);
    }
  }
  // only the fakes (and grep): the real docker-compose in /usr/bin must not be found (echo, [, printf are builtins)
  const env = (): NodeJS.ProcessEnv => ({ PATH: bin });
  const calls = (): string[] => readFileSync(join(bin, 'calls'), 'utf8').split('\n').filter(Boolean);
  // the plugin directories of these tests: the host's own (it may have the real plugin) are not searched
  const dirs = (): string[] => [join(bin, 'user-plugins'), join(bin, 'system-plugins')];
  // DOCKER_CONFIG: where gd_v2 reads the docker CLI's config.json
  const runDetect = (): string =>
    execFileSync('/bin/dash', ['-c', composeDetectScript(undefined, dirs())], { env: { ...env(), DOCKER_CONFIG: bin }, encoding: 'utf8' });
  /** A `docker-compose` plugin in plugin directory `at` (0: the user's, 1: a system one) printing `version`. */
  async function plugin(at: 0 | 1, version: string, mode = 0o755): Promise<void> {
    const dir = dirs()[at]!;
    await mkdir(dir, { recursive: true });
    const log = join(bin, 'calls');
    await writeFile(join(dir, 'docker-compose'), `#!/bin/sh\necho "plugin $*" >> '${log}'\necho '${version}'\n`);
    await chmod(join(dir, 'docker-compose'), mode);
  }

  it.each<[string, { v2: boolean; v1: boolean }, string]>([
    ['v2 and v1 → v2', { v2: true, v1: true }, 'docker compose\t2.26.1-4\n'],
    ['v2 only → v2', { v2: true, v1: false }, 'docker compose\t2.26.1-4\n'],
    ['v1 only → v1', { v2: false, v1: true }, 'docker-compose\t1.29.2\n'],
    ['neither → none', { v2: false, v1: false }, 'none\n'],
  ])('detect: %s', async (_label, h, out) => {
    await host(h);
    expect(runDetect()).toBe(out);
  });

  it("the plugin found first is run directly (no docker CLI), a system one after the user's", async () => {
    await host({ v2: true, v1: true });
    await plugin(1, '2.27.0');
    expect(runDetect()).toBe('docker compose\t2.27.0\n');
    expect(calls()).toEqual(['plugin version --short']);
    await plugin(0, 'v2.29.7');
    expect(runDetect()).toBe('docker compose\tv2.29.7\n');
    expect(calls().at(-1)).toBe('plugin version --short');
    expect(calls().some((c) => c.startsWith('docker '))).toBe(false);
  });

  it.each<[string, () => Promise<void>]>([
    ['the first plugin found is not executable', async () => (await plugin(0, '2.27.0', 0o644), plugin(1, '2.28.0'))],
    ['the plugin prints no version', () => plugin(0, 'Docker Compose version')],
    [
      'the docker config names extra plugin directories',
      async () => {
        await plugin(0, '2.27.0');
        await writeFile(join(bin, 'config.json'), '{"cliPluginsExtraDirs": ["/opt/plugins"]}');
      },
    ],
  ])('%s: `docker compose version --short` decides', async (_label, setUp) => {
    await host({ v2: true, v1: true });
    await setUp();
    expect(runDetect()).toBe('docker compose\t2.26.1-4\n');
    expect(calls().at(-1)).toBe('docker compose version --short');
  });

  describe("the plugin's version cache", () => {
    const cacheOf = (): string => join(bin, 'deploy', 'compose-version');
    const runCached = (cache = cacheOf()): string =>
      execFileSync('/bin/dash', ['-c', composeDetectScript(undefined, dirs(), cache)], {
        env: { ...env(), DOCKER_CONFIG: bin },
        encoding: 'utf8',
      });
    /** A plugin of `size` bytes (a script padded with a comment), replaced as an upgrade does: a new file renamed over it. */
    async function bigPlugin(version: string, size = 1 << 20): Promise<void> {
      const dir = dirs()[0]!;
      await mkdir(dir, { recursive: true });
      const head = `#!/bin/sh\necho "plugin $*" >> '${join(bin, 'calls')}'\necho '${version}'\nexit 0\n`;
      await writeFile(join(dir, 'new'), head + '#'.repeat(Math.max(0, size - head.length)));
      await chmod(join(dir, 'new'), 0o755);
      await rename(join(dir, 'new'), join(dir, 'docker-compose'));
    }
    beforeEach(async () => {
      await host({ v2: true, v1: true });
      for (const tool of ['stat', 'mv', 'rm'])
        await symlink(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
      await mkdir(join(bin, 'deploy'));
    });

    it('the first run runs the plugin and keeps its version under its key; the next ones read it', async () => {
      await bigPlugin('2.27.0');
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      const [key, version, ...rest] = readFileSync(cacheOf(), 'utf8').split('\n');
      expect(key).toMatch(new RegExp(`^${join(dirs()[0]!, 'docker-compose')} ${1 << 20} \\d+ \\d+ \\d+$`));
      expect([version, ...rest]).toEqual(['2.27.0', '']);
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      expect(calls()).toEqual(['plugin version --short']);
      expect(readdirSync(join(bin, 'deploy'))).toEqual(['compose-version']);
    });

    it('an upgraded plugin (another file) is run again and its version kept', async () => {
      await bigPlugin('2.27.0');
      runCached();
      await bigPlugin('2.29.7', (1 << 20) + 1);
      expect(runCached()).toBe('docker compose\t2.29.7\n');
      expect(runCached()).toBe('docker compose\t2.29.7\n');
      expect(calls()).toEqual(['plugin version --short', 'plugin version --short']);
      expect(readFileSync(cacheOf(), 'utf8')).toMatch(/\n2\.29\.7\n$/);
    });

    it('a cache with another key, or garbage, is not believed', async () => {
      await bigPlugin('2.27.0');
      await writeFile(cacheOf(), 'some other plugin 1 2 3 4\n9.9.9\n');
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      await writeFile(cacheOf(), '\x00garbage');
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      expect(calls()).toHaveLength(2);
    });

    it('a version of several lines is answered as without a cache, and not kept', async () => {
      await bigPlugin('2.27.0\n2.28.0');
      expect(runCached()).toBe('docker compose\t2.27.0\n2.28.0\n');
      expect(readdirSync(join(bin, 'deploy'))).toEqual([]);
    });

    it('a small plugin (a wrapper script) is run every time and not cached', async () => {
      await bigPlugin('2.27.0', 1000);
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      expect(calls()).toHaveLength(2);
      expect(readdirSync(join(bin, 'deploy'))).toEqual([]);
    });

    it('a failing plugin or one printing no version is not cached: `docker compose version --short` decides, as without a cache', async () => {
      await bigPlugin('Docker Compose version');
      expect(runCached()).toBe('docker compose\t2.26.1-4\n');
      expect(readdirSync(join(bin, 'deploy'))).toEqual([]);
    });

    it('where the cache cannot be written (no such directory, a file in its way) the plugin answers, nothing fails', async () => {
      await bigPlugin('2.27.0');
      await writeFile(join(bin, 'a-file'), '');
      for (const cache of [join(bin, 'missing', 'compose-version'), join(bin, 'a-file', 'compose-version')]) {
        const r = spawnSync('/bin/dash', ['-c', composeDetectScript(undefined, dirs(), cache)], {
          env: { ...env(), DOCKER_CONFIG: bin },
          encoding: 'utf8',
        });
        expect([r.status, r.stdout, r.stderr]).toEqual([0, 'docker compose\t2.27.0\n', '']);
      }
      expect(calls()).toHaveLength(2);
    });

    it('without stat -c (no stat on PATH) the plugin is run every time', async () => {
      await rm(join(bin, 'stat'));
      await bigPlugin('2.27.0');
      runCached();
      expect(runCached()).toBe('docker compose\t2.27.0\n');
      expect(calls()).toHaveLength(2);
      expect(readdirSync(join(bin, 'deploy'))).toEqual([]);
    });
  });

  it('no docker CLI: a plugin alone is not v2', async () => {
    await host({ v2: false, v1: true });
    await rm(join(bin, 'docker'));
    await plugin(0, '2.27.0');
    expect(runDetect()).toBe('docker-compose\t1.29.2\n');
  });

  it.each<[string, { v2: boolean; v1: boolean }, string]>([
    ['v2 present: runs docker compose with the arguments', { v2: true, v1: true }, "docker compose -p app up -d web it's"],
    ['v1 only: runs docker-compose with the arguments', { v2: false, v1: true }, "docker-compose -p app up -d web it's"],
  ])('auto command: %s', async (_label, h, last) => {
    await host(h);
    const [sh, ...rest] = autoComposeCommand();
    expect(sh).toBe('sh');
    execFileSync('/bin/dash', [...rest, '-p', 'app', 'up', '-d', 'web', "it's"], { env: env() });
    expect(calls().at(-1)).toBe(last);
  });

  it('auto command, neither: exit 127 and a message naming both', async () => {
    await host({ v2: false, v1: false });
    const [, ...rest] = autoComposeCommand();
    const r = spawnSync('/bin/dash', [...rest, 'up'], { env: env(), encoding: 'utf8' });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain(NEITHER);
  });
});

/** An executor that answers every `sh` with a fixed stdout and records the scripts and argvs. */
function fakeExec(stdout: string): Executor & { scripts: string[]; argvs: string[][] } {
  const scripts: string[] = [];
  const argvs: string[][] = [];
  const result = (out = ''): Promise<ExecResult> => Promise.resolve({ code: 0, stdout: out, stderr: '' });
  return {
    name: 'fake',
    scripts,
    argvs,
    run: (argv: string[]) => (argvs.push(argv), result()),
    sh: (s: string) => (scripts.push(s), result(stdout)),
    close: () => Promise.resolve(),
  };
}

describe('detectCompose', () => {
  it('one probe of both candidates when nothing is configured', async () => {
    const exec = fakeExec('docker-compose\t1.29.2\n');
    expect(await detectCompose(exec)).toEqual({ command: ['docker-compose'], version: '1.29.2' });
    expect(exec.scripts).toEqual([composeDetectScript()]);
  });

  it('only the configured command when set, and a clear error when it does not run', async () => {
    const exec = fakeExec('none\n');
    const msg = await rejectionMessage(detectCompose(exec, 'docker compose'), UserError);
    expect(msg).toContain('compose.command "docker compose" does not run on the host');
    expect(exec.scripts).toEqual([composeDetectScript(['docker compose'])]);
  });

  it('concreteComposeCommand probes only for the auto command', async () => {
    const exec = fakeExec('docker compose\t2.26.1\n');
    expect(await concreteComposeCommand(exec, ['docker-compose'])).toEqual(['docker-compose']);
    expect(exec.scripts).toHaveLength(0);
    expect(await concreteComposeCommand(exec, autoComposeCommand())).toEqual(['docker', 'compose']);
    expect(exec.scripts).toHaveLength(1);
  });
});

describe('composeInvocation: which command', () => {
  const config = (command?: string) =>
    parseConfig(`version: 1\ncompose: {directory: docker, project: app${command ? `, command: ${command}` : ''}}\n`, 'deploy.yml');

  it('a detected compose gives its command and version', () => {
    const inv = composeInvocation(config(), '/srv/app/current', { command: ['docker', 'compose'], version: '2.26.1' });
    expect(inv).toEqual({
      command: ['docker', 'compose'],
      version: '2.26.1',
      project: 'app',
      files: ['/srv/app/current/docker/docker-compose.yml'],
      projectDir: '/srv/app/current/docker',
    });
  });

  it('a configured command is used as is (no version known without a probe)', () => {
    const inv = composeInvocation(config('docker-compose'), '/srv/app');
    expect(inv.command).toEqual(['docker-compose']);
    expect(inv.version).toBeUndefined();
  });

  it('unset and not probed: the host-side auto command', () => {
    const inv = composeInvocation(config(), '/srv/app');
    expect(isAutoComposeCommand(inv.command)).toBe(true);
    expect(isAutoComposeCommand(['docker', 'compose'])).toBe(false);
    expect(config().compose.command).toBeUndefined();
  });

  it('dry-run shows the auto command as "docker compose" and says how it is chosen', () => {
    const lines = describeDryRun(planOf({ restart: ['nginx'] }), composeInvocation(config(), '/srv/app'), {});
    expect(lines).toEqual([
      'dry-run: nothing was changed on the host; a deploy would run:',
      '  docker compose -p app --project-directory /srv/app/docker -f /srv/app/docker/docker-compose.yml restart nginx',
      '  (compose.command unset: "docker compose" if it runs on the host, else "docker-compose")',
    ]);
  });
});

describe('buildServices with the auto command: image names of the compose that runs', () => {
  const build = { context: '..', dockerfile: 'docker/Dockerfile' };
  const model = { services: { web: serviceOf('web', { build }), celery_worker: serviceOf('celery_worker', { build }) } };
  const reporter = { info: () => undefined } as unknown as Parameters<typeof buildServices>[0]['reporter'];
  const inv = { command: autoComposeCommand(), project: 'My.App', files: ['/srv/c.yml'], projectDir: '/srv' };

  it.each<[string, string, string]>([
    ['v1 host → project_service', 'docker-compose\t1.29.2', 'docker tag myapp_celery_worker myapp_web'],
    ['v2 host → project-service', 'docker compose\t2.26.1', 'docker tag my.app-celery_worker my.app-web'],
  ])('%s', async (_label, probe, tag) => {
    const exec = fakeExec(probe);
    await buildServices({ exec, reporter, model }, inv, planOf({ build: ['celery_worker', 'web'] }));
    // the probe, then the group's tags in one script (one service here: the command itself)
    expect(exec.scripts).toEqual([composeDetectScript(), tag]);
  });

  it('a group of three: both tags in one side-by-side script, one round trip', async () => {
    const exec = fakeExec('docker compose\t2.26.1');
    const three = { services: { ...model.services, celery_beat: serviceOf('celery_beat', { build }) } };
    await buildServices({ exec, reporter, model: three }, inv, planOf({ build: ['celery_beat', 'celery_worker', 'web'] }));
    expect(exec.scripts).toEqual([
      composeDetectScript(),
      sideBySideScript(['docker tag my.app-celery_beat my.app-celery_worker', 'docker tag my.app-celery_beat my.app-web']),
    ]);
    expect(exec.argvs.filter((a) => a[1] === 'tag')).toEqual([]);
  });

  it('no shared image: no probe', async () => {
    const exec = fakeExec('none');
    await buildServices({ exec, reporter, model }, inv, planOf({ build: ['web'] }));
    expect(exec.scripts).toEqual([]);
  });
});
