import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli, USAGE } from '../../src/cli/args.js';
import { UserError } from '../../src/core/errors.js';
import type { Settings } from '../../src/core/settings.js';
import { thrownMessage } from './helpers/errors.js';

const refusal = (argv: string[], env: NodeJS.ProcessEnv = {}): string => thrownMessage(() => parseCli(argv, env), UserError);
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}): Settings => {
  const s = parseCli(argv, env);
  if (!s) throw new Error('help');
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
    ['config default lives under --repo', ['deploy', '--repo', '/src/my app'], { repo: '/src/my app', configPath: '/src/my app/.github/deploy.yml' }],
    ['--config wins over the default', ['deploy', '--repo', 'r', '--config', 'c.yml'], { repo: 'r', configPath: 'c.yml' }],
    ['revisions and target', ['plan', '--from', 'v1', '--to', 'main', '--target', 'prod'], { from: 'v1', to: 'main', target: 'prod' }],
    ['booleans', ['deploy', '--json', '--dry-run', '--force-unlock'], { json: true, dryRun: true, forceUnlock: true }],
    ['rollback options', ['rollback', '--rollback-to', 'abc123', '--restore-db'], { command: 'rollback', rollbackTo: 'abc123', restoreDb: true }],
    ['restore options', ['restore', '--backup', 'b.sql.gz', '--confirm', 'prod'], { command: 'restore', backupName: 'b.sql.gz', confirm: 'prod' }],
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
    });
    expect(s.ssh).toEqual({ privateKey: '-----BEGIN KEY-----', knownHosts: 'host ssh-ed25519 AAAA', fingerprint: 'SHA256:abc' });
    expect(s.dbPassword).toBe('p@ss');
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
      const s = parse(['deploy', '--ssh-key', join(dir, 'id key'), '--known-hosts', join(dir, 'known')], { GITOPS_SSH_KEY: 'ENV', GITOPS_KNOWN_HOSTS: 'ENV' });
      expect(s.ssh).toMatchObject({ privateKey: 'FILE KEY', knownHosts: 'FILE HOSTS' });
    });

    it.each(['--ssh-key', '--known-hosts'])('an unreadable %s file is a UserError naming it', (flag) => {
      expect(refusal(['deploy', flag, join(dir, 'missing')])).toBe(`${flag}: cannot read ${join(dir, 'missing')}`);
    });
  });

  it.each([['abc'], ['-1'], ['Infinity'], ['NaN']])('bad --lock-wait %j is a UserError', (value) => {
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

  it.each([[['--help']], [['-h']], [['deploy', '--help']], [[]]])('%j → null (print the usage)', (argv) => {
    expect(parseCli(argv, {})).toBeNull();
  });

  it('the usage lists every command and the secret variables', () => {
    for (const word of ['plan', 'deploy', 'rollback', 'backup', 'restore', 'status', 'GITOPS_SSH_KEY', 'GITOPS_DB_PASSWORD', '--lock-wait']) {
      expect(USAGE).toContain(word);
    }
  });
});
