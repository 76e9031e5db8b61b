import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCliText, parseCli, USAGE } from '../../src/entry/cli/args.js';
import { commandUsage } from '../../src/entry/cli/options.js';
import { UserError } from '../../src/core/errors.js';
import type { Settings } from '../../src/core/settings.js';
import { thrownMessage } from './helpers/errors.js';

const refusal = (argv: string[], env: NodeJS.ProcessEnv = {}): string => thrownMessage(() => parseCli(argv, env), UserError);
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}): Settings => {
  const s = parseCli(argv, env);
  if (isCliText(s)) throw new Error(`printed instead of running: ${s.text}`);
  return s;
};

describe('parseCli', () => {
  it('defaults', () => {
    const s = parse(['plan']);
    expect(s).toMatchObject({
      command: 'plan',
      repo: '.',
      configPath: join('.', '.github', 'deploy.yml'),
      to: 'HEAD',
      json: false,
      dryRun: false,
      forceUnlock: false,
      lockWaitMs: 0,
      restoreDb: false,
      drill: false,
      ssh: { privateKey: undefined, knownHosts: undefined, fingerprint: undefined },
      dbPassword: undefined,
    });
    expect(s.target).toBeUndefined();
    expect(s.from).toBeUndefined();
    expect(s.run.id).toMatch(/^local-\d+$/);
  });

  it.each<[string, string[], Partial<Settings>]>([
    [
      'config default lives under --repo',
      ['deploy', '--repo', '/src/my app'],
      { repo: '/src/my app', configPath: '/src/my app/.github/deploy.yml' },
    ],
    [
      'a relative --config is inside --repo',
      ['deploy', '--repo', 'app', '--config', '.github/deploy.yml'],
      { repo: 'app', configPath: join('app', '.github', 'deploy.yml') },
    ],
    [
      'an absolute --config is used as it is',
      ['deploy', '--repo', 'app', '--config', '/etc/deploy.yml'],
      { repo: 'app', configPath: '/etc/deploy.yml' },
    ],
    ['revisions and target', ['plan', '--from', 'v1', '--to', 'main', '--target', 'prod'], { from: 'v1', to: 'main', target: 'prod' }],
    ['booleans', ['deploy', '--json', '--dry-run', '--force-unlock'], { json: true, dryRun: true, forceUnlock: true }],
    [
      'rollback --to names the release',
      ['rollback', '--to', 'abc123', '--restore-db'],
      { command: 'rollback', rollbackTo: 'abc123', to: 'HEAD', restoreDb: true },
    ],
    ['rollback --rollback-to is an alias of --to', ['rollback', '--rollback-to', 'abc123'], { command: 'rollback', rollbackTo: 'abc123' }],
    ['rollback: both spellings agreeing', ['rollback', '--to', 'v2', '--rollback-to', 'v2'], { rollbackTo: 'v2' }],
    ['rollback without --to', ['rollback'], { rollbackTo: undefined }],
    [
      'restore options',
      ['restore', '--backup', 'b.sql.gz', '--confirm', 'prod'],
      { command: 'restore', backupName: 'b.sql.gz', confirm: 'prod' },
    ],
    ['backup drill', ['backup', '--drill'], { command: 'backup', drill: true }],
    ['--lock-wait seconds → ms', ['deploy', '--lock-wait', '90'], { lockWaitMs: 90_000 }],
    ['--lock-wait fractional seconds', ['deploy', '--lock-wait=1.5'], { lockWaitMs: 1500 }],
    ['--lock-wait 0', ['deploy', '--lock-wait', '0'], { lockWaitMs: 0 }],
    ['flags before the command', ['--json', 'status'], { command: 'status', json: true }],
  ])('%s', (_name, argv, expected) => {
    expect(parse(argv)).toMatchObject(expected);
  });

  it('secrets come from the environment', () => {
    const s = parse(['deploy', '--host-fingerprint', 'SHA256:abc'], {
      GITOPS_SSH_KEY: '-----BEGIN KEY-----',
      GITOPS_KNOWN_HOSTS: 'host ssh-ed25519 AAAA',
      GITOPS_DB_PASSWORD: 'p@ss',
      GITOPS_REGISTRY_PASSWORD: 'r3g',
    });
    expect(s.ssh).toEqual({ privateKey: '-----BEGIN KEY-----', knownHosts: 'host ssh-ed25519 AAAA', fingerprint: 'SHA256:abc' });
    expect(s.dbPassword).toBe('p@ss');
    expect(s.registryPassword).toBe('r3g');
  });

  describe('key files', () => {
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'gitops-cli-'));
      await writeFile(join(dir, 'id key'), 'FILE KEY');
      await writeFile(join(dir, 'known'), 'FILE HOSTS');
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('--ssh-key / --known-hosts files win over the environment', () => {
      const s = parse(['deploy', '--ssh-key', join(dir, 'id key'), '--known-hosts', join(dir, 'known')], {
        GITOPS_SSH_KEY: 'ENV',
        GITOPS_KNOWN_HOSTS: 'ENV',
      });
      expect(s.ssh).toMatchObject({ privateKey: 'FILE KEY', knownHosts: 'FILE HOSTS' });
    });

    it.each(['--ssh-key', '--known-hosts'])('an unreadable %s file is a UserError naming it', (flag) => {
      expect(refusal(['deploy', flag, join(dir, 'missing')])).toBe(`${flag}: cannot read ${join(dir, 'missing')}`);
    });
  });

  it.each([['abc'], ['-1'], ['Infinity'], ['NaN'], ['0x10'], [' 5']])('bad --lock-wait %j is a UserError', (value) => {
    expect(refusal(['deploy', `--lock-wait=${value}`])).toBe(`--lock-wait: expected a number of seconds, got ${JSON.stringify(value)}`);
  });

  it.each<[string, string[], RegExp]>([
    ['unknown command', ['launch'], /^unknown command "launch"/],
    ['unknown flag', ['deploy', '--frobnicate'], /--frobnicate/],
    ['unknown short flag', ['deploy', '-x'], /-x/],
    ['missing option value', ['deploy', '--target'], /--target/],
    ['value for a boolean flag', ['deploy', '--json=yes'], /--json/],
  ])('%s → UserError with the usage', (_name, argv, message) => {
    const msg = refusal(argv);
    expect(msg).toMatch(message);
    expect(msg.endsWith(USAGE)).toBe(true);
  });

  it('an extra positional argument is refused', () => {
    expect(refusal(['deploy', 'prod'])).toBe('unexpected argument "prod"');
  });

  it.each([[['--help']], [['-h']]])('%j → the general usage, exit 0', (argv) => {
    expect(parseCli(argv, {})).toEqual({ text: USAGE, exitCode: 0 });
  });

  it('a bare call prints the usage and exits 2', () => {
    expect(parseCli([], {})).toEqual({ text: USAGE, exitCode: 2 });
  });

  it.each([['--version'], ['-V']])('%s prints the package version', (flag) => {
    expect(parseCli([flag], {})).toEqual({ text: 'gitops-deploy 0.1.0', exitCode: 0 });
  });

  it('<command> --help is specific to the command: its options only', () => {
    const help = (c: string) => {
      const r = parseCli([c, '--help'], {});
      if (!isCliText(r)) throw new Error('ran');
      expect(r.exitCode).toBe(0);
      return r.text;
    };
    expect(help('rollback')).toBe(commandUsage('rollback'));
    expect(help('rollback')).toMatch(/gitops-deploy rollback/);
    expect(help('rollback')).toContain('--restore-db');
    expect(help('rollback')).toContain('--to');
    expect(help('rollback')).not.toContain('--drill');
    expect(help('status')).not.toContain('--dry-run');
    expect(help('status')).not.toContain('--from');
    expect(help('restore')).toContain('--confirm');
    expect(help('plan')).not.toContain('--confirm');
    expect(new Set(['plan', 'deploy', 'rollback', 'backup', 'restore', 'status'].map(help)).size).toBe(6);
  });

  it.each<[string, string[], string]>([
    ['--drill on deploy', ['deploy', '--drill'], '--drill: not an option of deploy'],
    ['--confirm on rollback', ['rollback', '--confirm', 'prod'], '--confirm: not an option of rollback'],
    ['--from on status', ['status', '--from', 'HEAD'], '--from: not an option of status'],
    [
      '--to and --rollback-to disagree',
      ['rollback', '--to', 'a', '--rollback-to', 'b'],
      '--to "a" and --rollback-to "b" disagree (they are the same option)',
    ],
    // an empty value used to mean the default: --from '' planned a first deploy, --service '' every service
    ['an empty --from', ['deploy', '--from', ''], '--from: empty value (leave the option out for its default)'],
    ['an empty --service', ['logs', '--service='], '--service: empty value (leave the option out for its default)'],
    ['an empty --lock-wait', ['deploy', '--lock-wait='], '--lock-wait: empty value (leave the option out for its default)'],
    // the last one used to win silently
    ['--to twice, different values', ['deploy', '--to', 'v1', '--to', 'v2'], '--to given twice ("v1", "v2"): give it once'],
    [
      '--target twice',
      ['plan', '--target=staging', '--target', 'production'],
      '--target given twice ("staging", "production"): give it once',
    ],
    // was a plain Error from the compose argv builder (exit 1), after connecting
    [
      'a --service compose cannot take',
      ['logs', '--service', 'a;b'],
      '--service: expected a compose service name matching ^[a-zA-Z0-9][a-zA-Z0-9_.-]*$, got "a;b"',
    ],
  ])('%s is refused', (_n, argv, message) => {
    expect(refusal(argv).split('\n')[0]).toBe(message);
  });

  it('the usage lists every command and the secret variables', () => {
    for (const word of [
      'plan',
      'deploy',
      'rollback',
      'backup',
      'restore',
      'status',
      'GITOPS_SSH_KEY',
      'GITOPS_DB_PASSWORD',
      'GITOPS_REGISTRY_PASSWORD',
      '--version',
      '<command> --help',
    ]) {
      expect(USAGE).toContain(word);
    }
  });
});
