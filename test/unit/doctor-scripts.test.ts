/** doctor's host-check scripts and the logs builders, run for real with dash on temporary trees. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeLogsArgs } from '../../src/apply/compose-logs.js';
import { formatChecks, hostKeyFix, hostNamedIn } from '../../src/commands/doctor.js';
import { parseFreeDisk } from '../../src/commands/doctor-checks.js';
import { shellQuote } from '../../src/transport/quote.js';
import { passengerLogsScript } from '../../src/strategies/passenger/logs-script.js';
import {
  freeDiskScript,
  restartFileCheckScript,
  sharedFilesScript,
  swarmManagerScript,
  writeAccessScript,
} from '../../src/verify/host-checks.js';

const dir = mkdtempSync(join(tmpdir(), "gd doctor '$x "));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dash = (script: string): { out: string; code: number } => {
  try {
    return { out: execFileSync('dash', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), code: 0 };
  } catch (e) {
    const err = e as { stdout: string; status: number };
    return { out: err.stdout, code: err.status };
  }
};

describe('doctor host-check scripts (dash)', () => {
  it('writeAccessScript: an existing writable path → ok exists, leaving no file; a missing one → ok missing <ancestor>', () => {
    mkdirSync(join(dir, 'app'));
    expect(dash(writeAccessScript(join(dir, 'app'))).out).toBe('ok exists\n');
    expect(execFileSync('ls', ['-A', join(dir, 'app')], { encoding: 'utf8' })).toBe('');
    expect(dash(writeAccessScript(join(dir, 'new', 'deep'))).out).toBe(`ok missing ${dir}\n`);
  });

  it('writeAccessScript: a file in the way → fail with its ls -ld', () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(dash(writeAccessScript(join(dir, 'file'))).out).toMatch(/^fail -rw/);
  });

  it('freeDiskScript prints the KiB available and the file system of the nearest existing directory of each place', () => {
    const out = dash(
      freeDiskScript(
        [
          ['deploy', join(dir, 'not', 'there')],
          ['backups', join(dir, 'not', 'there', 'backups')],
        ],
        false,
      ),
    ).out;
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ok \d+ \S+ deploy /);
    expect(lines[0]!.endsWith(` deploy ${join(dir, 'not', 'there')}`)).toBe(true); // measured at its nearest existing directory
    expect(lines[1]!.split(' ')[2]).toBe(lines[0]!.split(' ')[2]); // the same file system
  });

  it('freeDiskScript with the docker root: the DockerRootDir docker info names gets its line', () => {
    mkdirSync(join(dir, 'stub-bin'), { recursive: true });
    writeFileSync(join(dir, 'stub-bin', 'docker'), '#!/bin/sh\n[ "$1 $3" = \'info {{.DockerRootDir}}\' ] && echo /proc\n', { mode: 0o755 });
    const script = freeDiskScript([['deploy', dir]], true);
    const lines = dash(`PATH=${shellQuote(join(dir, 'stub-bin'))}:$PATH\n${script}`)
      .out.trim()
      .split('\n');
    expect(lines.map((l) => l.split(' ')[3])).toEqual(['deploy', 'docker']);
    expect(lines[1]).toMatch(/^ok \d+ \S+ docker \/proc$/);
    expect(
      dash(freeDiskScript([['deploy', dir]], false))
        .out.trim()
        .split('\n'),
    ).toHaveLength(1);
  });

  it('sharedFilesScript: one line per file, ok when any of its places holds it', () => {
    writeFileSync(join(dir, 'app', '.env'), 'A=1\n');
    const out = dash(sharedFilesScript([[join(dir, 'shared', '.env'), join(dir, 'app', '.env')], [join(dir, 'shared', 'x.env')]])).out;
    expect(out).toBe(`ok ${join(dir, 'shared', '.env')}\nmissing ${join(dir, 'shared', 'x.env')}\n`);
  });

  it('restartFileCheckScript: absent app → ok absent; its writable tmp/ → ok', () => {
    expect(dash(restartFileCheckScript(join(dir, 'none', 'tmp', 'restart.txt'))).out).toBe('ok absent\n');
    mkdirSync(join(dir, 'app', 'tmp'));
    expect(dash(restartFileCheckScript(join(dir, 'app', 'tmp', 'restart.txt'))).out).toBe('ok\n');
  });

  it('swarmManagerScript: ok for a manager, fail with the node state otherwise (a docker stub on PATH)', () => {
    const bin = join(dir, 'swarmbin');
    mkdirSync(bin);
    const stub = (answer: string) => {
      writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho '${answer}'\n`);
      chmodSync(join(bin, 'docker'), 0o755);
      return dash(`PATH=${shellQuote(bin)}:$PATH\n${swarmManagerScript()}`).out;
    };
    expect(stub('true active')).toBe('ok\n');
    expect(stub('false active')).toBe('fail active\n');
    expect(stub('false inactive')).toBe('fail inactive\n');
  });

  it('formatChecks: one line per check, the fix under a failure', () => {
    const lines = formatChecks([
      { check: 'rsync', status: 'ok', detail: 'rsync version 3.2.7' },
      { check: 'docker', status: 'fail', detail: 'permission denied', fix: 'sudo usermod -aG docker deploy' },
    ]);
    expect(lines).toEqual([
      'ok    rsync         rsync version 3.2.7',
      'FAIL  docker        permission denied',
      '                    fix: sudo usermod -aG docker deploy',
    ]);
  });
});

describe('logs builders', () => {
  const inv = {
    command: ['docker', 'compose'],
    project: 'app',
    files: ['/srv/a b/current/docker-compose.yml'],
    projectDir: '/srv/a b/current',
  };

  it('composeLogsArgs: project, files, tail, since and one service, as argv', () => {
    expect(composeLogsArgs(inv, { service: 'web', since: '10m', tail: 50 })).toEqual([
      'docker',
      'compose',
      '-p',
      'app',
      '--project-directory',
      '/srv/a b/current',
      '-f',
      '/srv/a b/current/docker-compose.yml',
      'logs',
      '--no-color',
      '--tail',
      '50',
      '--since',
      '10m',
      '--',
      'web',
    ]);
    expect(composeLogsArgs(inv, {}).slice(-3)).toEqual(['--no-color', '--tail', '200']);
  });

  it('composeLogsArgs refuses a bad service name and --since with docker-compose v1', () => {
    expect(() => composeLogsArgs(inv, { service: '-x' })).toThrow(/invalid service name/);
    expect(() => composeLogsArgs({ ...inv, command: ['docker-compose'] }, { since: '10m' })).toThrow(/--since needs compose v2/);
  });

  it('passengerLogsScript: the tail of each readable log with its name; none → exit 3 naming the places', () => {
    mkdirSync(join(dir, 'pa', 'logs'), { recursive: true });
    writeFileSync(join(dir, 'pa', 'logs', 'error.log'), 'one\ntwo\nthree\n');
    expect(
      dash(passengerLogsScript(join(dir, 'pa'), join(dir, 'nowhere'), 2)).out.startsWith(
        `==> ${join(dir, 'pa', 'logs', 'error.log')} <==\ntwo\nthree\n`,
      ),
    ).toBe(true);
    const none = dash(`HOME=${JSON.stringify(join(dir, 'nohome'))}; ${passengerLogsScript(join(dir, 'empty'), join(dir, 'nowhere'), 2)}`);
    expect(none.code === 3 || none.out.includes('/var/log')).toBe(true);
  });

  it('hostNamedIn: the host a connect error names (a port that only starts like another is not it), else the first', () => {
    const hosts = [
      { host: 'deploy@web1.example.com', port: 22 },
      { host: 'deploy@web1.example.com', port: 2298 },
      { host: 'deploy@[2001:db8::1]', port: 22 },
    ];
    expect(hostNamedIn(hosts, 'host key for web1.example.com:2298 does not match known-hosts')).toBe(hosts[1]);
    expect(hostNamedIn(hosts, 'ssh connection to deploy@web1.example.com:22 failed: timeout')).toBe(hosts[0]);
    expect(hostNamedIn(hosts, 'host key for [2001:db8::1]:22 does not match host-fingerprint')).toBe(hosts[2]);
    expect(hostNamedIn(hosts, 'host key was not verified')).toBe(hosts[0]);
  });

  it('hostKeyFix: the ssh-keyscan command names the host as ssh-keyscan takes it (an IPv6 literal without brackets)', () => {
    expect(hostKeyFix({ host: 'deploy@web1.example.com', port: 22 })).toMatch(/^run ssh-keyscan -p 22 web1\.example\.com, compare/);
    expect(hostKeyFix({ host: 'deploy@[2001:db8::1]', port: 2222 })).toMatch(/^run ssh-keyscan -p 2222 2001:db8::1, compare/);
  });
});

describe('parseFreeDisk: each file system once, in the order of the places', () => {
  it('the backups directory on the deploy path file system is not repeated; another one and the docker root are', () => {
    const out =
      'ok 5000000 a1 deploy /srv/app\nok 5000000 a1 backups /srv/app/backups\nok 100 b2 docker /var/lib/docker\n' +
      'ok 7 c3 backups /srv/my backups\ngarbage\n';
    expect(parseFreeDisk(out)).toEqual([
      { place: 'deploy', path: '/srv/app', bytes: 5000000 * 1024 },
      { place: 'docker', path: '/var/lib/docker', bytes: 100 * 1024 },
      { place: 'backups', path: '/srv/my backups', bytes: 7 * 1024 },
    ]);
  });
});
