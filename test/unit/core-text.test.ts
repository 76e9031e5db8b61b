import { describe, expect, it } from 'vitest';
import { shortSha, tail, thousands } from '../../src/core/text.js';

describe('shortSha', () => {
  it('keeps the first 12 characters of a sha or release id', () => {
    expect(shortSha('0123456789abcdef0123456789abcdef01234567')).toBe('0123456789ab');
    expect(shortSha('abc')).toBe('abc');
  });
});

describe('tail', () => {
  it('keeps the last lines', () => {
    expect(tail('a\nb\nc\nd', 2)).toBe('c\nd');
    expect(tail(Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n'))).toBe(
      Array.from({ length: 20 }, (_, i) => `l${i + 10}`).join('\n'),
    );
  });

  it('drops leading blank lines and trailing whitespace, keeps indentation', () => {
    expect(tail('\n\n  error: x\n  at y\n\n')).toBe('  error: x\n  at y');
    expect(tail('')).toBe('');
    expect(tail('\n \n')).toBe('');
  });
});

describe('thousands', () => {
  it.each<[number, string]>([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [10001, '10,001'],
    [105535, '105,535'],
    [1234567, '1,234,567'],
    [-4321, '-4,321'],
  ])('%d → %s', (n, text) => {
    expect(thousands(n)).toBe(text);
  });

  it("writes integers as toLocaleString('en-US') does", () => {
    for (const n of [1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, 5000, 100000])
      expect(thousands(n)).toBe(n.toLocaleString('en-US'));
  });
});
