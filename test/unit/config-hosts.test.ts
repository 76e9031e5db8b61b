/** `hosts:` (several hosts per target), `primary`, `rolling`, and the pure batch planner. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { batchSize, hostsOf, planBatches } from '../../src/config/hosts.js';
import { UserErrors } from '../../src/core/errors.js';

const target = (keys: string): string =>
  `version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: compose, path: /srv/app, health: {url: 'http://127.0.0.1/'}, ${keys}}\n`;

function messages(keys: string): string[] {
  try {
    parseConfig(target(keys), 'deploy.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserErrors);
    return (e as UserErrors).errors.map((x) => x.message);
  }
  throw new Error('expected parseConfig to throw');
}

describe('config: hosts, primary, rolling', () => {
  it('hosts with and without ports; the primary first, then the others as listed; rolling defaults', () => {
    const t = parseConfig(target('hosts: [d@h1, "d@h2:2222", "d@[::1]:2200"], port: 2022, primary: "d@h2:2222"'), 'x').targets.prod!;
    expect(hostsOf(t)).toEqual([
      { host: 'd@h2', port: 2222 },
      { host: 'd@h1', port: 2022 },
      { host: 'd@[::1]', port: 2200 },
    ]);
    expect(t.rolling).toEqual({ batch: 1, pause: 0 });
  });

  it('rolling batch and pause are read', () => {
    const t = parseConfig(target('hosts: [d@h1, d@h2], rolling: {batch: "30%", pause: 10s}'), 'x').targets.prod!;
    expect(t.rolling).toEqual({ batch: '30%', pause: 10_000 });
    expect(hostsOf(t)).toEqual([
      { host: 'd@h1', port: 22 },
      { host: 'd@h2', port: 22 },
    ]);
  });

  it.each([
    ['neither host nor hosts', '', 'a target needs `host` (one host) or `hosts` (a list of hosts)'],
    ['both host and hosts', 'host: d@h1, hosts: [d@h2]', 'give either `host` or `hosts`, not both'],
    ['primary not in hosts', 'hosts: [d@h1, d@h2], primary: d@h3', '"d@h3" is not one of `hosts`'],
    ['primary with host', 'host: d@h1, primary: d@h1', '`primary` needs `hosts`'],
    ['empty hosts', 'hosts: []', 'expected at least one host'],
    ['a bad entry', 'hosts: ["d@h1:99999"]', 'expected a port between 1 and 65535'],
    ['an entry without user', 'hosts: [h1]', 'expected user@host or user@host:port'],
    ['batch 0', 'hosts: [d@h1], rolling: {batch: 0}', 'expected a number of hosts (1 or more) or a percentage'],
    ['batch 0%', 'hosts: [d@h1], rolling: {batch: "0%"}', 'expected a number of hosts (1 or more) or a percentage'],
    ['batch 150%', 'hosts: [d@h1], rolling: {batch: "150%"}', 'expected a number of hosts (1 or more) or a percentage'],
    ['batch text', 'hosts: [d@h1], rolling: {batch: many}', 'expected a number of hosts (1 or more) or a percentage'],
    ['a bad pause', 'hosts: [d@h1], rolling: {pause: soon}', 'expected a duration'],
    ['the same host twice', 'hosts: [d@h1, d@h2, d@h1]', 'hosts[2]: "d@h1" is the same host as hosts[0] "d@h1" (list each host once)'],
    ['the same host with and without its port', 'hosts: [d@h1, "d@h1:22"]', '"d@h1:22" is the same host as hosts[0] "d@h1"'],
    ['the port given as the target port', 'hosts: ["d@h1:2222", d@h1], port: 2222', '"d@h1" is the same host as hosts[0] "d@h1:2222"'],
    ['the host name in another case', 'hosts: [d@web1.example.com, d@WEB1.Example.com]', 'is the same host as hosts[0]'],
    ['an IPv6 address in another spelling', 'hosts: ["d@[2001:db8::1]", "d@[2001:0DB8:0:0::1]:22"]', 'is the same host as hosts[0]'],
    ['::1 written out', 'hosts: ["d@[::1]:2222", "d@[0:0:0:0:0:0:0:1]"], port: 2222', 'is the same host as hosts[0]'],
  ])('%s is refused with a clear message', (_name, keys, message) => {
    expect(messages(keys).join('\n')).toContain(message);
  });

  it.each<[string, string]>([
    [
      'host: "d@[1::2::3]"',
      'targets.prod.host: expected an IP address between the brackets (e.g. deploy@[2001:db8::1]), got "d@[1::2::3]"',
    ],
    ['host: "d@[:]"', 'targets.prod.host: expected an IP address between the brackets'],
    ['host: "d@[12345::1]"', 'targets.prod.host: expected an IP address between the brackets'],
    ['hosts: ["d@[::1]", "d@[1::2::3]:2222"]', 'targets.prod.hosts[1]: expected an IP address between the brackets'],
  ])('a bracketed host that is no IP address (%s) is refused when the config loads', (keys, message) => {
    expect(messages(keys).join('\n')).toContain(message);
  });

  it.each<[string, string]>([
    [
      'host: "d@example.com:2222"',
      'targets.prod.host: expected the port in `port:`, not in `host:` (host: d@example.com, port: 2222; or hosts: ["d@example.com:2222"]), got "d@example.com:2222"',
    ],
    ['host: "d@[::1]:2222"', 'targets.prod.host: expected the port in `port:`, not in `host:` (host: d@[::1], port: 2222;'],
    ['host: "d@example.com:"', 'targets.prod.host: expected the port in `port:`, not in `host:` (host: d@example.com, port: 22;'],
    ['host: "d@[fe80::1%eth0]"', 'targets.prod.host: expected an IPv6 address without a zone id ("%eth0" is not supported'],
    ['host: "d@fe80::1%eth0"', 'targets.prod.host: expected an IPv6 address without a zone id'],
    ['hosts: ["d@[fe80::1%eth0]:22"]', 'targets.prod.hosts[0]: expected an IPv6 address without a zone id'],
    ['host: "d@2001:db8::1"', 'targets.prod.host: expected an IPv6 address in brackets (d@[2001:db8::1]), got "d@2001:db8::1"'],
    ['hosts: ["d@::1"]', 'targets.prod.hosts[0]: expected an IPv6 address in brackets (d@[::1])'],
    [
      'host: "[::1]:2222"',
      'targets.prod.host: expected user@host, with the port in `port:` (host: USER@[::1], port: 2222), got "[::1]:2222"',
    ],
    ['host: "example.com:22"', 'targets.prod.host: expected user@host, with the port in `port:` (host: USER@example.com, port: 22)'],
  ])('a known misspelling of the host (%s) gets its own message, alone', (keys, message) => {
    const all = messages(keys);
    expect(all.join('\n')).toContain(message);
    expect(all).toHaveLength(1);
  });

  it.each(['host: "example.com"', 'host: "d@h:x"', 'host: "d@[::1"', 'hosts: ["d@h:x"]'])(
    "other wrong spellings (%s) keep the pattern's message",
    (keys) => {
      expect(messages(keys).join('\n')).toMatch(/expected user@host (or user@host:port )?\(e\.g\./);
    },
  );

  it('bracketed IPv6 (and IPv4) literals in every spelling getaddrinfo takes are accepted', () => {
    const t = parseConfig(target('hosts: ["d@[::1]", "d@[2001:DB8::1]:2200", "d@[::ffff:10.0.0.1]", "d@[10.0.0.2]"]'), 'x').targets.prod!;
    expect(hostsOf(t).map((h) => h.host)).toEqual(['d@[::1]', 'd@[2001:DB8::1]', 'd@[::ffff:10.0.0.1]', 'd@[10.0.0.2]']);
  });

  it('other users, other ports and other hosts are different hosts', () => {
    const t = parseConfig(target('hosts: [d@h1, e@h1, "d@h1:2222", d@h2]'), 'x').targets.prod!;
    expect(hostsOf(t)).toHaveLength(4);
  });
});

describe('planBatches', () => {
  it.each<[string, number, number | string, number[][]]>([
    ['batch 1', 3, 1, [[0], [1], [2]]],
    ['batch 2', 5, 2, [[0, 1], [2, 3], [4]]],
    ['30% of 3 rounds up to 1', 3, '30%', [[0], [1], [2]]],
    ['30% of 10 is 3', 10, '30%', [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]],
    ['50% of 3 rounds up to 2', 3, '50%', [[0, 1], [2]]],
    ['100%', 3, '100%', [[0, 1, 2]]],
    ['more than the hosts', 2, 5, [[0, 1]]],
    ['one host', 1, '30%', [[0]]],
  ])('%s', (_name, count, batch, expected) => {
    expect(planBatches(count, batch)).toEqual(expected);
  });

  it('refuses a batch of 0 (the config refuses it first)', () => {
    expect(() => batchSize(3, 0)).toThrow('invalid batch 0');
    expect(() => batchSize(3, '0%')).toThrow('invalid batch "0%"');
  });
});

describe('config: health.url', () => {
  const url = (u: string): string =>
    `version: 1\ncompose: {project: app}\ntargets:\n  prod: {strategy: compose, path: /srv/app, host: d@h, health: {url: '${u}'}}\n`;
  const refusal = (u: string): string => {
    try {
      parseConfig(url(u), 'deploy.yml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserErrors);
      return (e as UserErrors).errors.map((x) => x.message).join('\n');
    }
    return 'accepted';
  };

  it.each([
    ['an IPv6 address without brackets', 'http://::1:8000/'],
    ['an unclosed bracket', 'http://[::1:8000/'],
    ['a bracketed address that is no IPv6 address', 'http://[1::2::3]:8000/'],
    ['no host', 'http://:8000/'],
  ])('%s is refused when the config loads (curl could not request it after the switch)', (_name, u) => {
    expect(refusal(u)).toContain(
      `targets.prod.health.url: expected an http:// or https:// URL (an IPv6 address in brackets: http://[::1]:8000/), got "${u}"`,
    );
  });

  it.each([
    ['an empty zone', 'http://[fe80::1%]:8000/'],
    ['a zone with a character no interface name has', 'http://[fe80::1%eth/0]:8000/'],
  ])('%s is refused naming the zone id', (_name, u) => {
    expect(refusal(u)).toContain(
      `targets.prod.health.url: expected an IPv6 zone id after "%" that is an interface name (letters, digits, ".", "_", "~", "-"): http://[fe80::1%eth0]:8000/, got "${u}"`,
    );
  });

  it.each([
    'http://[::1]:8000/',
    'http://[2001:db8::1]/health?x=1',
    'http://[fe80::1%25eth0]:8000/',
    // a zone as the interface name after a bare "%": curl, python3 and BusyBox wget all take it (health-zone-id e2e)
    'http://[fe80::1%eth0]:8000/',
    'https://example.com/',
    'http://127.0.0.1:8000/',
  ])('%s is accepted', (u) => {
    expect(parseConfig(url(u), 'x').targets.prod!.health).toMatchObject({ url: u });
  });
});
