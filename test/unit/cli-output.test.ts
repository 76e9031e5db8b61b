/** --verbose / --quiet and colour (NO_COLOR, FORCE_COLOR, the TTY) of the CLI's progress. */
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../src/entry/cli/args.js';
import { colourEnabled, paint } from '../../src/entry/cli/colour.js';
import { CliReporter } from '../../src/entry/cli/reporter.js';
import type { Settings } from '../../src/core/settings.js';
import { UserError } from '../../src/core/errors.js';
import { thrownMessage } from './helpers/errors.js';

describe('colourEnabled', () => {
  it.each<[string, NodeJS.ProcessEnv, boolean, boolean]>([
    ['a terminal', {}, true, true],
    ['a pipe', {}, false, false],
    ['NO_COLOR on a terminal', { NO_COLOR: '1' }, true, false],
    ['empty NO_COLOR is unset', { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR on a pipe', { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, true, true],
    ['NO_COLOR wins over FORCE_COLOR', { NO_COLOR: 'x', FORCE_COLOR: '1' }, true, false],
    ['TERM=dumb', { TERM: 'dumb' }, true, false],
  ])('%s', (_n, env, tty, expected) => expect(colourEnabled(env, tty)).toBe(expected));

  it('paints with ANSI SGR only when on', () => {
    expect(paint(true, 'red', 'x')).toBe('\u001b[31mx\u001b[0m');
    expect(paint(false, 'red', 'x')).toBe('x');
  });
});

function run(verbosity: 'quiet' | 'normal' | 'verbose', colour = false): string {
  let out = '';
  const r = new CliReporter((s) => (out += s));
  r.configure({ verbosity, colour });
  void r.group('Plan', async () => {
    r.info('build web');
    r.detail('| service | action |');
    r.warning('careful');
  });
  return out;
}

describe('CliReporter verbosity', () => {
  it('normal: phases and info, no details', () => {
    expect(run('normal')).toMatch(/^▶ Plan\n {2}build web\nwarning: careful\n/);
    expect(run('normal')).not.toContain('| service');
  });
  it('verbose: details too', () => expect(run('verbose')).toContain('  | service | action |\n'));
  it('quiet: warnings only', () => expect(run('quiet')).toBe('warning: careful\n'));
  it('colour: a warning in yellow', () => expect(run('quiet', true)).toBe('\u001b[33mwarning: careful\u001b[0m\n'));
});

describe('--verbose / --quiet', () => {
  const parse = (...argv: string[]) => parseCli(['plan', ...argv], {}) as Settings;
  it.each([
    [[], 'normal'],
    [['--verbose'], 'verbose'],
    [['-v'], 'verbose'],
    [['--quiet'], 'quiet'],
    [['-q'], 'quiet'],
  ])('%j → %s', (argv, verbosity) => expect(parse(...argv).verbosity).toBe(verbosity));
  it('both: a clear error', () => expect(thrownMessage(() => parse('-v', '-q'), UserError)).toBe('--verbose and --quiet: choose one'));
});
