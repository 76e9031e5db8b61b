import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shellJoin } from '../../src/transport/quote.js';

describe('shellJoin round trip through a real sh', () => {
  const marker = `/tmp/quote-pwned-${randomBytes(6).toString('hex')}`;
  const hostile = [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `; touch ${marker}`,
    `| touch ${marker}`,
    `&& touch ${marker} &`,
    "it's",
    `"double" 'single' '\\''`,
    'two  spaces',
    ' leading and trailing ',
    'new\nline',
    'tab\there',
    'ünïcødé ✓ 日本',
    '$HOME ${PATH} $1 $@ *',
    '\\backslash\\n',
    '-n',
    '',
    '~root',
    'a=b',
    '!history',
    '#comment',
  ];

  it('passes every argument through unchanged and executes nothing', () => {
    // the same shape a remote login shell sees: one command line string
    const line = shellJoin(['printf', '%s\\0', ...hostile]);
    const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    expect(existsSync(marker)).toBe(false);
  });

  it('also survives the nested form sh -c <quoted script> "$@"', () => {
    const line = shellJoin(['sh', '-c', 'printf %s\\\\n "$@"', 'sh', ...hostile.filter((h) => !h.includes('\n'))]);
    const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      hostile
        .filter((h) => !h.includes('\n'))
        .map((h) => `${h}\n`)
        .join(''),
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses NUL bytes', () => {
    expect(() => shellJoin(['a\0b'])).toThrow(/NUL/);
  });
});
