import { describe, expect, it } from 'vitest';
import { buildRsyncArgs, protectPattern, remoteSpec, rshCommand, rshQuote, type RsyncArgsOptions } from '../../src/sync/rsync.js';

const remote = { user: 'deploy', host: 'example.com', port: 2222 };
const sshArgs = ['-i', '/tmp/gitops-ssh-x/id_key', '-p', '2222', '-o', 'ControlPath=/tmp/gitops-ssh-x/cm-%C'];
const base: RsyncArgsOptions = { source: '/work/build', dest: '/srv/app/releases/2', remote, sshArgs };
const RSH = 'ssh -i /tmp/gitops-ssh-x/id_key -p 2222 -o ControlPath=/tmp/gitops-ssh-x/cm-%C';

describe('buildRsyncArgs', () => {
  it('minimal: -rlpt, secluded args, stats, one -e string, -- before paths, trailing slash added', () => {
    expect(buildRsyncArgs(base)).toEqual([
      '-rlpt',
      '-s',
      '--stats',
      '-e',
      RSH,
      '--',
      '/work/build/',
      'deploy@example.com:/srv/app/releases/2',
    ]);
  });

  it.each<[string, Partial<RsyncArgsOptions>, string[]]>([
    ['delete', { delete: true }, ['--delete']],
    ['checksum', { checksum: true }, ['--checksum']],
    ['times: false keeps -rlp only (link-dest must not compare mtimes)', { times: false }, ['-rlp', '-s']],
    ['dry run', { dryRun: true }, ['--dry-run']],
    ['itemize', { itemize: true }, ['--itemize-changes']],
    ['link-dest', { linkDest: '/srv/app/releases/1' }, ['--link-dest=/srv/app/releases/1']],
    ['link-dest with space', { linkDest: '/srv/my app/r 1' }, ['--link-dest=/srv/my app/r 1']],
    [
      'excludes verbatim; a directory-only one also protects a link of that name on the receiver',
      { excludes: ['.git/', '*.pyc', '/node_modules', '/uploads/', 'cache/***'] },
      [
        '--exclude=.git/',
        '--filter=P .git',
        '--exclude=*.pyc',
        '--exclude=/node_modules',
        '--exclude=/uploads/',
        '--filter=P /uploads',
        '--exclude=cache/***',
      ],
    ],
    [
      'backup dir: what --delete removes or an update replaces is moved there (empty suffix)',
      { delete: true, backupDir: '/srv/app/.deploy/trash/abc' },
      ['--delete', '--backup', '--backup-dir=/srv/app/.deploy/trash/abc'],
    ],
    [
      'protect: P filter + exclude, anchored',
      { protect: ['.env', 'media/', './shared/uploads', '/abs/x'] },
      [
        '--filter=P /.env',
        '--exclude=/.env',
        '--filter=P /media/',
        '--exclude=/media/',
        '--filter=P /shared/uploads',
        '--exclude=/shared/uploads',
        '--filter=P /abs/x',
        '--exclude=/abs/x',
      ],
    ],
    [
      'protect with wildcard chars is literal',
      { protect: ['weird[1]*.txt'] },
      ['--filter=P /weird\\[1]\\*.txt', '--exclude=/weird\\[1]\\*.txt'],
    ],
  ])('%s', (_name, extra, expected) => {
    const args = buildRsyncArgs({ ...base, ...extra });
    const at = args.indexOf(expected[0] ?? '');
    expect(at).toBeGreaterThan(-1);
    expect(args.slice(at, at + expected.length)).toEqual(expected);
    expect(args.slice(-3)).toEqual(['--', '/work/build/', 'deploy@example.com:/srv/app/releases/2']);
  });

  it('puts protect rules before user excludes (first match wins)', () => {
    const args = buildRsyncArgs({ ...base, protect: ['.env'], excludes: ['*'] });
    expect(args.indexOf('--filter=P /.env')).toBeLessThan(args.indexOf('--exclude=*'));
  });

  it('IPv6 hosts are bracketed in the remote spec', () => {
    const args = buildRsyncArgs({ ...base, remote: { user: 'root', host: '::1', port: 22 } });
    expect(args.at(-1)).toBe('root@[::1]:/srv/app/releases/2');
    expect(remoteSpec({ user: 'u', host: '10.0.0.1', port: 22 }, '/a b')).toBe('u@10.0.0.1:/a b');
  });

  it.each<[string, Partial<RsyncArgsOptions>]>([
    ['host starting with -', { remote: { ...remote, host: '-oProxyCommand=sh' } }],
    ['user starting with -', { remote: { ...remote, user: '-l' } }],
    ['newline in host', { remote: { ...remote, host: 'a\nb' } }],
    ['NUL in user', { remote: { ...remote, user: 'a\0' } }],
    ['relative dest', { dest: 'srv/app' }],
    ['newline in dest', { dest: '/srv/a\nb' }],
    ['relative source (could be read as host:path or option)', { source: '-rf/' }],
    ['source with NUL', { source: '/a\0/' }],
    ['relative link-dest', { linkDest: '../prev' }],
    ['newline in exclude', { excludes: ['a\nb'] }],
    ['relative backup dir', { backupDir: '.deploy/trash/abc' }],
    ['empty exclude', { excludes: [''] }],
    ['protect ..', { protect: ['../etc'] }],
    ['protect empty', { protect: [''] }],
    ['protect newline', { protect: ['.env\n- /'] }],
    ['ssh arg newline', { sshArgs: ['-o', 'A=b\nc'] }],
    ['bad port', { remote: { ...remote, port: -1 } }],
  ])('rejects hostile input: %s', (_name, extra) => {
    expect(() => buildRsyncArgs({ ...base, ...extra })).toThrow();
  });
});

describe('rsh quoting for rsync -e', () => {
  it('quotes only when needed, doubling single quotes (rsync has no backslash escapes)', () => {
    expect(rshQuote('/tmp/k')).toBe('/tmp/k');
    expect(rshQuote('a b')).toBe("'a b'");
    expect(rshQuote("it's")).toBe("'it''s'");
    expect(rshQuote('')).toBe("''");
    expect(rshQuote('a\\b')).toBe("'a\\b'");
    expect(rshCommand(['-p', '22', '-o', 'X=a b'])).toBe("ssh -p 22 -o 'X=a b'");
    expect(protectPattern('media/')).toBe('/media/');
  });
});
