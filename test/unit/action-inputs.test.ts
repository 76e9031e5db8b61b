/** readInputs, the only reader of Action inputs, with INPUT_* variables as the runner sets them. */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readInputs } from '../../src/entry/action/inputs.js';
import { UserError } from '../../src/core/errors.js';
import { thrownMessage } from './helpers/errors.js';

const set: string[] = [];
function inputs(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) {
    const name = `INPUT_${k.toUpperCase()}`;
    process.env[name] = v;
    set.push(name);
  }
}
afterEach(() => {
  for (const name of set.splice(0)) delete process.env[name];
});

type Refusal = [string, Record<string, string>, string];
/** `input` given to command `got`, which ignores it: refused, naming the commands it is for. */
const notFor = (input: string, value: string, got: string, forCommands: string): Refusal => [
  `${input} on ${got}`,
  { command: got, [input]: value },
  `input ${input}: only for command ${forCommands} (got command ${got})`,
];

describe('readInputs', () => {
  it.each<[string, Record<string, string>, string]>([
    ['default config inside working-directory', { 'working-directory': 'app' }, join('app', '.github', 'deploy.yml')],
    [
      'relative config inside working-directory',
      { 'working-directory': 'app', config: 'deploy/prod.yml' },
      join('app', 'deploy', 'prod.yml'),
    ],
    ['absolute config as it is', { 'working-directory': 'app', config: '/etc/deploy.yml' }, '/etc/deploy.yml'],
    ['no working-directory: the workspace', {}, join('.github', 'deploy.yml')],
  ])('%s', (_name, values, configPath) => {
    inputs({ command: 'plan', ...values });
    expect(readInputs().configPath).toBe(configPath);
  });

  it.each([
    ['', 0],
    ['90', 90_000],
    ['1.5', 1500],
  ])('lock-wait %j is %i ms', (value, ms) => {
    inputs({ command: 'deploy', 'lock-wait': value });
    expect(readInputs().lockWaitMs).toBe(ms);
  });

  it.each(['db-password', 'registry-password'])('%s: kept as given, leading and trailing spaces included', (name) => {
    inputs({ command: 'deploy', [name]: '  pw with spaces\t ' });
    const s = readInputs();
    expect(name === 'db-password' ? s.dbPassword : s.registryPassword).toBe('  pw with spaces\t ');
  });

  it.each([
    ['a final newline', ' pw \n', ' pw '],
    ['a final CRLF', ' pw \r\n', ' pw '],
    ['empty: not given', '', undefined],
  ])('db-password with %s', (_what, value, want) => {
    inputs({ command: 'deploy', 'db-password': value });
    expect(readInputs().dbPassword).toBe(want);
  });

  it.each(['db-password', 'registry-password'])('%s of whitespace only is refused, not taken as not given', (name) => {
    inputs({ command: 'deploy', [name]: '  \t ' });
    expect(thrownMessage(() => readInputs(), UserError)).toBe(`input ${name}: only whitespace (is the secret it names set?)`);
  });

  it('registry-password: read, and masked before anything else is read', () => {
    inputs({ command: 'deploy', 'registry-password': 'r3g-pw' });
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      expect(readInputs().registryPassword).toBe('r3g-pw');
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('::add-mask::r3g-pw');
  });

  it('a multi-line ssh-private-key: each of its lines masked too (the runner masks a log line, not the whole key)', () => {
    const lines = [
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAE',
      'QyNTUxOQAAACCJ63X+hSU8ZkwY5uni',
      '-----END OPENSSH PRIVATE KEY-----',
    ];
    inputs({ command: 'deploy', 'ssh-private-key': `${lines.join('\r\n')}\r\n` });
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      readInputs();
    } finally {
      spy.mockRestore();
    }
    const masked = written
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'));
    for (const line of lines) expect(masked).toContain(`::add-mask::${line}`);
  });

  it('inputs of a command at their defaults are fine on any other command', () => {
    inputs({ command: 'deploy', drill: 'false', 'upload-artifact': 'false', 'restore-db': 'false', backup: '', confirm: '' });
    expect(readInputs()).toMatchObject({ drill: false, uploadArtifact: false, restoreDb: false });
    inputs({ command: 'status', 'dry-run': 'false', 'force-unlock': 'false', 'lock-wait': '0', from: '', to: '' });
    expect(readInputs()).toMatchObject({ dryRun: false, forceUnlock: false, lockWaitMs: 0 });
  });

  it('rollback: `to` names the release to go back to', () => {
    inputs({ command: 'rollback', to: 'abc123' });
    expect(readInputs()).toMatchObject({ rollbackTo: 'abc123', to: 'HEAD' });
  });

  it('comment: true for plan with a token', () => {
    inputs({ command: 'plan', comment: 'true', 'github-token': 'ghs_x' });
    process.env.GITHUB_REPOSITORY = 'acme/shop';
    try {
      expect(readInputs()).toMatchObject({ comment: true, github: { token: 'ghs_x', repository: 'acme/shop' } });
    } finally {
      delete process.env.GITHUB_REPOSITORY;
    }
  });

  it.each<Refusal>([
    [
      'comment without a token',
      { command: 'plan', comment: 'true' },
      'input comment: needs github-token (github.token, with permissions pull-requests: write)',
    ],
    [
      'comment on deploy',
      { command: 'deploy', comment: 'true', 'github-token': 'ghs_x' },
      'input comment: only for command plan (got command deploy)',
    ],
    // an input of another command would be ignored silently (the CLI refuses such a flag too)
    notFor('drill', 'true', 'deploy', 'backup or restore'),
    notFor('upload-artifact', 'true', 'deploy', 'backup'),
    notFor('artifact-retention-days', '7', 'restore', 'backup'),
    notFor('restore-db', 'true', 'deploy', 'rollback'),
    notFor('backup', 'x.sql.gz', 'rollback', 'restore'),
    notFor('confirm', 'prod', 'backup', 'restore'),
    // the CLI refuses these flags on those commands too: the Action ignored them silently
    notFor('from', 'abc123', 'rollback', 'plan or deploy'),
    notFor('to', 'db.sql.gz', 'restore', 'plan, deploy or rollback'),
    notFor('dry-run', 'true', 'status', 'deploy, rollback, backup or restore'),
    notFor('lock-wait', '600', 'doctor', 'deploy, rollback, backup or restore'),
    // without a token no deployment is recorded: the environment inputs were ignored silently
    [
      'environment-url without a token',
      { command: 'deploy', 'environment-url': 'https://shop.example' },
      "input environment-url: names the GitHub deployment the action records with github-token, none given (a job's own `environment:` takes its name and url there)",
    ],
    [
      'environment on backup',
      { command: 'backup', environment: 'production', 'github-token': 'ghs_x' },
      'input environment: only for command deploy or rollback (got command backup)',
    ],
    // decimal seconds only, as the CLI's --lock-wait: Number() read "0x10" as 16 s
    ...['0x10', '1e3', '-1', 'soon'].map((v): Refusal => [
      `lock-wait ${JSON.stringify(v)}`,
      { command: 'deploy', 'lock-wait': v },
      `input lock-wait: expected a number of seconds, got ${JSON.stringify(v)}`,
    ]),
  ])('%s is refused', (_name, values, message) => {
    inputs(values);
    expect(thrownMessage(() => readInputs(), UserError)).toBe(message);
  });
});
