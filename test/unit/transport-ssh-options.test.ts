import { describe, expect, it } from 'vitest';
import { buildSshOptions, displayRemote, parseUserHost, sshDestination } from '../../src/transport/ssh-options.js';

describe('buildSshOptions', () => {
  const base = {
    keyPath: '/tmp/gitops-ssh-a/id_key',
    port: 2222,
    knownHostsPath: '/tmp/gitops-ssh-a/known_hosts',
    controlDir: '/tmp/gitops-ssh-a',
  };

  it('builds strict, keepalive, ControlMaster options in argv form', () => {
    expect(buildSshOptions(base)).toEqual([
      '-i',
      '/tmp/gitops-ssh-a/id_key',
      '-p',
      '2222',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      'UserKnownHostsFile=/tmp/gitops-ssh-a/known_hosts',
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'UpdateHostKeys=no',
      '-o',
      'ServerAliveInterval=5',
      '-o',
      'ServerAliveCountMax=2',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'ControlMaster=auto',
      '-o',
      'ControlPath=/tmp/gitops-ssh-a/cm-%C',
      '-o',
      'ControlPersist=60',
    ]);
    expect(buildSshOptions({ ...base, controlPersist: 5 })).toContain('ControlPersist=5');
  });

  it('rejects paths ssh would split or misread, and bad ports', () => {
    expect(() => buildSshOptions({ ...base, knownHostsPath: '/tmp/a b/known_hosts' })).toThrow(/without whitespace/);
    expect(() => buildSshOptions({ ...base, keyPath: 'relative/key' })).toThrow(/absolute/);
    expect(() => buildSshOptions({ ...base, controlDir: '/tmp/x\ny' })).toThrow();
    expect(() => buildSshOptions({ ...base, port: 0 })).toThrow(/port/);
    expect(() => buildSshOptions({ ...base, port: 70000 })).toThrow(/port/);
  });
});

describe('parseUserHost / sshDestination', () => {
  it.each([
    ['deploy@example.com', 22, { user: 'deploy', host: 'example.com', port: 22 }, 'deploy@example.com:22'],
    ['root@127.0.0.1', 2222, { user: 'root', host: '127.0.0.1', port: 2222 }, 'root@127.0.0.1:2222'],
    ['me@[::1]', 22, { user: 'me', host: '::1', port: 22 }, 'me@[::1]:22'],
    ['me@fe80::1%eth0', 22, { user: 'me', host: 'fe80::1%eth0', port: 22 }, 'me@[fe80::1%eth0]:22'],
  ])('%s', (target, port, remote, display) => {
    expect(parseUserHost(target, port)).toEqual(remote);
    expect(displayRemote(remote)).toBe(display);
    expect(sshDestination(remote)).toBe(`${remote.user}@${remote.host}`);
  });

  it.each([
    'example.com',
    '@example.com',
    'deploy@-oProxyCommand=touch /tmp/x',
    '-oProxyCommand=x@host',
    'deploy@host\nevil',
    'deploy@ho st',
    'de ploy@host',
    'deploy@host\0',
    'deploy@',
    "o'k@host",
  ])('rejects %j', (target) => {
    expect(() => parseUserHost(target, 22)).toThrow();
  });
});
