/** The CLI flags of init, doctor and logs: parsed into settings, or refused with a clear message. */
import { describe, expect, it } from 'vitest';
import { isCliText, parseCli } from '../../src/entry/cli/args.js';
import { UserError } from '../../src/core/errors.js';
import type { Settings } from '../../src/core/settings.js';

const parse = (argv: string[]): Settings => {
  const s = parseCli(argv, {});
  if (isCliText(s)) throw new Error('unexpected text');
  return s;
};

describe('init / doctor / logs flags', () => {
  it('logs: --service, --since and --tail reach the settings', () => {
    expect(parse(['logs', '--target', 'prod', '--service', 'web', '--since', '10m', '--tail', '50']).logs).toEqual({
      service: 'web',
      since: '10m',
      tail: 50,
    });
    expect(parse(['logs']).logs).toEqual({ service: undefined, since: undefined, tail: undefined });
  });

  it.each([
    [['logs', '--tail', '10x'], /--tail: expected a number of lines, got "10x"/],
    [['logs', '--since', '10m; rm -rf /'], /--since: expected a duration/],
    [['init', '--target', 'prod'], /--target: not an option of init/],
    [['init', '--ssh-key', 'k'], /--ssh-key: not an option of init/],
    [['doctor', '--force'], /--force: not an option of doctor/],
    [['deploy', '--tail', '5'], /--tail: not an option of deploy/],
  ])('%j is refused', (argv, message) => {
    expect(() => parse(argv)).toThrow(UserError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('init --force; doctor takes the SSH flags', () => {
    expect(parse(['init', '--force']).force).toBe(true);
    expect(parse(['doctor', '--target', 'prod', '--host-fingerprint', 'SHA256:x']).ssh.fingerprint).toBe('SHA256:x');
  });

  it('each command has its own --help', () => {
    for (const c of ['init', 'doctor', 'logs']) {
      const t = parseCli([c, '--help'], {});
      expect(isCliText(t) && t.text).toMatch(new RegExp(`^Usage: gitops-deploy ${c} \\[options\\]`));
    }
  });
});
