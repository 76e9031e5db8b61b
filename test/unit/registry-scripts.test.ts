/**
 * The registry scripts of `build:` on literals, through `sh -n` / `dash -n`, and run by dash against a
 * fake `docker` that records its argv and stdin: the password only on login's stdin, the logout
 * always (also when a pull fails), a failed login named by its exit code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  inSessionScript,
  LOGIN_FAILED,
  loginRefused,
  loginArgs,
  logoutArgs,
  pullArgs,
  pullScript,
  pushArgs,
  pushScript,
  registryRef,
  tagArgs,
} from '../../src/apply/registry-scripts.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const access = { registry: '127.0.0.1:5000/team', repository: 'app', username: 'deployer' };
const pairs = [
  { name: 'app-web', ref: registryRef(access, 'web', SHA) },
  { name: 'app-worker', ref: registryRef(access, 'worker', SHA) },
];

describe('registry argv builders', () => {
  it('references and argv', () => {
    expect(registryRef(access, 'web', SHA)).toBe('127.0.0.1:5000/team/app/web:release-0123456789ab');
    expect(loginArgs(access)).toEqual(['docker', 'login', '127.0.0.1:5000', '--username', 'deployer', '--password-stdin']);
    expect(logoutArgs(access)).toEqual(['docker', 'logout', '127.0.0.1:5000']);
    expect(pushArgs('r/a/w:t')).toEqual(['docker', 'push', 'r/a/w:t']);
    expect(pullArgs('r/a/w:t')).toEqual(['docker', 'pull', 'r/a/w:t']);
    expect(tagArgs('x', 'y')).toEqual(['docker', 'tag', 'x', 'y']);
  });
});

describe('registry scripts', () => {
  it('pull: private DOCKER_CONFIG, logout trap, login on stdin, pull and name each image', () => {
    expect(pullScript(access, pairs)).toBe(
      [
        'set -e',
        'gd_dc=${DOCKER_CONFIG:-$HOME/.docker}',
        'DOCKER_CONFIG=$(mktemp -d)',
        'export DOCKER_CONFIG',
        `trap 'docker logout 127.0.0.1:5000 >/dev/null 2>&1; rm -rf "$DOCKER_CONFIG"' EXIT`,
        "trap 'exit 129' HUP",
        "trap 'exit 130' INT",
        "trap 'exit 143' TERM",
        '[ ! -d "$gd_dc/cli-plugins" ] || ln -s "$gd_dc/cli-plugins" "$DOCKER_CONFIG/cli-plugins"',
        `docker login 127.0.0.1:5000 --username deployer --password-stdin >/dev/null || { echo 'docker login to 127.0.0.1:5000/team failed' >&2; exit 97; }`,
        'docker pull 127.0.0.1:5000/team/app/web:release-0123456789ab >/dev/null',
        'docker tag 127.0.0.1:5000/team/app/web:release-0123456789ab app-web',
        'docker pull 127.0.0.1:5000/team/app/worker:release-0123456789ab >/dev/null',
        'docker tag 127.0.0.1:5000/team/app/worker:release-0123456789ab app-worker',
        '',
      ].join('\n'),
    );
  });

  it('push: tag then push each; no login line without a user', () => {
    const script = pushScript({ registry: 'reg:5000', repository: 'app' }, pairs.slice(0, 1));
    expect(script).not.toContain('docker login');
    expect(script.split('\n').slice(9)).toEqual([
      'docker tag app-web 127.0.0.1:5000/team/app/web:release-0123456789ab',
      'docker push 127.0.0.1:5000/team/app/web:release-0123456789ab',
      '',
    ]);
  });

  it('push from the runner: the references are removed once all are pushed (none to remove: no line)', () => {
    expect(pushScript(access, pairs, true).split('\n').slice(10)).toEqual([
      'docker tag app-web 127.0.0.1:5000/team/app/web:release-0123456789ab',
      'docker push 127.0.0.1:5000/team/app/web:release-0123456789ab',
      'docker tag app-worker 127.0.0.1:5000/team/app/worker:release-0123456789ab',
      'docker push 127.0.0.1:5000/team/app/worker:release-0123456789ab',
      'docker image rm 127.0.0.1:5000/team/app/web:release-0123456789ab 127.0.0.1:5000/team/app/worker:release-0123456789ab >/dev/null',
      '',
    ]);
    expect(pushScript(access, [], true)).not.toContain('image rm');
  });

  it.each(['sh', 'dash'])('%s -n accepts every script', (shell) => {
    for (const script of [pullScript(access, pairs), pushScript(access, pairs), pushScript({ ...access, username: undefined }, [])])
      execFileSync(shell, ['-n', '-c', script]);
  });
});

describe('registry scripts run by dash against a fake docker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'registry-scripts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'log');
  // records argv, stdin of login, and fails `pull` / `login` when asked to
  writeFileSync(
    join(dir, 'docker'),
    `#!/bin/sh\necho "argv: $*" >> "${log}"\ncase "$1" in login) echo "stdin: $(cat)" >> "${log}"; [ -z "$FAIL_LOGIN" ] || exit 1;; pull) [ -z "$FAIL_PULL" ] || exit 1;; esac\nexit 0\n`,
  );
  chmodSync(join(dir, 'docker'), 0o755);
  const run = (script: string, env: Record<string, string> = {}) => {
    rmSync(log, { force: true });
    const r = spawnSync('dash', ['-c', script], { input: 's3cret\n', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, ...env } });
    return { code: r.status, lines: readFileSync(log, 'utf8').trim().split('\n') };
  };

  it('success: login with the password on stdin, pulls, tags, then logout', () => {
    const r = run(pullScript(access, pairs));
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe('argv: login 127.0.0.1:5000 --username deployer --password-stdin');
    expect(r.lines[1]).toBe('stdin: s3cret');
    expect(r.lines.at(-1)).toBe('argv: logout 127.0.0.1:5000');
    expect(r.lines.filter((l) => l.startsWith('argv:') && l.includes('s3cret'))).toEqual([]);
  });

  it('a failed pull stops the script non-zero, and the logout still runs', () => {
    const r = run(pullScript(access, pairs), { FAIL_PULL: '1' });
    expect(r.code).not.toBe(0);
    expect(r.lines.filter((l) => l.startsWith('argv: pull'))).toHaveLength(1);
    expect(r.lines.at(-1)).toBe('argv: logout 127.0.0.1:5000');
  });

  it('a command in a session (a build): logged in first, its own exit code, no set -e, logged out last', () => {
    const ok = run(inSessionScript(access, 'docker build x; docker tag a b'));
    expect(ok.code).toBe(0);
    expect(ok.lines.filter((l) => l.startsWith('argv:'))).toEqual([
      'argv: login 127.0.0.1:5000 --username deployer --password-stdin',
      'argv: build x',
      'argv: tag a b',
      'argv: logout 127.0.0.1:5000',
    ]);
    const failed = run(inSessionScript(access, 'false; docker build x; exit 3'));
    expect(failed.code).toBe(3);
    expect(failed.lines.at(-1)).toBe('argv: logout 127.0.0.1:5000');
  });

  it('a failed login exits with LOGIN_FAILED before any pull, and logs out', () => {
    const r = run(pullScript(access, pairs), { FAIL_LOGIN: '1' });
    expect(r.code).toBe(LOGIN_FAILED);
    expect(r.lines.some((l) => l.startsWith('argv: pull'))).toBe(false);
    expect(r.lines.at(-1)).toBe('argv: logout 127.0.0.1:5000');
  });
});

describe('loginRefused: a registry that answered no, not one that is down', () => {
  it.each([
    'Error response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized',
    'Error response from daemon: Get "https://r.example.com/v2/": unauthorized: incorrect username or password',
    'Error response from daemon: Get "http://r:5000/v2/": unauthorized: authentication required',
  ])('refused: %s', (out) => expect(loginRefused(out)).toBe(true));

  it.each([
    'Error response from daemon: Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused',
    'Error response from daemon: Get "https://r.example.com/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    'Error response from daemon: Get "http://r:5000/v2/": dial tcp: lookup r on 127.0.0.53:53: no such host',
  ])('not refused (down, unreachable): %s', (out) => expect(loginRefused(out)).toBe(false));
});
