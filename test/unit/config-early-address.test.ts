/** earlyAddress: the first host and umask from raw config text, only when plainly valid. */
import { describe, expect, it } from 'vitest';
import { earlyAddress } from '../../src/config/early-address.js';

const cfg = (target: string, name = 'prod'): string => `version: 1\ntargets:\n  ${name}:\n    path: /srv/app\n${target}`;

describe('earlyAddress', () => {
  it.each<[string, string, string | undefined, unknown]>([
    [
      'host, defaults',
      cfg('    host: deploy@example.com\n'),
      undefined,
      { address: { host: 'deploy@example.com', port: 22 }, umask: '022' },
    ],
    [
      'host, port, umask',
      cfg('    host: root@127.0.0.1\n    port: 2222\n    umask: "027"\n'),
      'prod',
      { address: { host: 'root@127.0.0.1', port: 2222 }, umask: '027' },
    ],
    [
      'IPv6 literal',
      cfg('    host: deploy@[2001:db8::1]\n'),
      undefined,
      { address: { host: 'deploy@[2001:db8::1]', port: 22 }, umask: '022' },
    ],
    [
      'hosts: the first',
      cfg('    hosts: [a@h1:2200, a@h2]\n    port: 2222\n'),
      undefined,
      { address: { host: 'a@h1', port: 2200 }, umask: '022' },
    ],
    [
      'hosts: the primary',
      cfg('    hosts: [a@h1, a@h2]\n    primary: a@h2\n    port: 2222\n'),
      undefined,
      { address: { host: 'a@h2', port: 2222 }, umask: '022' },
    ],
    [
      'named target among several',
      `${cfg('    host: a@one\n', 'one')}  two:\n    host: a@two\n`,
      'two',
      { address: { host: 'a@two', port: 22 }, umask: '022' },
    ],
    ['several targets, none named', `${cfg('    host: a@one\n', 'one')}  two:\n    host: a@two\n`, undefined, undefined],
    ['unknown target', cfg('    host: a@h\n'), 'staging', undefined],
    ['prototype key as target', cfg('    host: a@h\n'), 'constructor', undefined],
    ['no user', cfg('    host: example.com\n'), undefined, undefined],
    ['option-like host', cfg('    host: -oProxyCommand=x@h\n'), undefined, undefined],
    ['host with a space', cfg('    host: "a@h; rm -rf /"\n'), undefined, undefined],
    ['bracketed host that is no IP address', cfg('    host: "a@[1::2::3]"\n'), undefined, undefined],
    ['hosts entry bracketing no IP address', cfg('    hosts: ["a@[::1]", "a@[:]:2222"]\n'), undefined, undefined],
    ['host not a string', cfg('    host: [a@h]\n'), undefined, undefined],
    ['port 0', cfg('    host: a@h\n    port: 0\n'), undefined, undefined],
    ['port 65536', cfg('    host: a@h\n    port: 65536\n'), undefined, undefined],
    ['port as a string', cfg('    host: a@h\n    port: "22"\n'), undefined, undefined],
    ['port not an integer', cfg('    host: a@h\n    port: 22.5\n'), undefined, undefined],
    ['hosts entry port out of range', cfg('    hosts: [a@h1:70000]\n'), undefined, undefined],
    ['hosts empty', cfg('    hosts: []\n'), undefined, undefined],
    ['host and hosts', cfg('    host: a@h\n    hosts: [a@h1]\n'), undefined, undefined],
    ['neither host nor hosts', cfg(''), undefined, undefined],
    ['primary not in hosts', cfg('    hosts: [a@h1]\n    primary: a@h9\n'), undefined, undefined],
    ['umask unquoted (a number)', cfg('    host: a@h\n    umask: 022\n'), undefined, undefined],
    ['umask group-writable', cfg('    host: a@h\n    umask: "002"\n'), undefined, undefined],
    ['invalid YAML', 'targets:\n  prod: {host: a@h\n', undefined, undefined],
    ['duplicate key', cfg('    host: a@h\n    host: a@i\n'), undefined, undefined],
    ['targets not a mapping', 'targets: [a]\n', undefined, undefined],
    ['empty text', '', undefined, undefined],
    [
      'a YAML merge key',
      'x-base: &base {host: a@h, port: 2200}\ntargets:\n  prod:\n    <<: *base\n',
      undefined,
      { address: { host: 'a@h', port: 2200 }, umask: '022' },
    ],
  ])('%s', (_what, text, target, expected) => {
    expect(earlyAddress(text, target)).toEqual(expected);
  });

  it('a billion-laughs alias bomb is refused, not expanded', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    expect(earlyAddress(`${bomb}\ntargets: {prod: {host: a@h}}\n`, undefined)).toBeUndefined();
  });
});
