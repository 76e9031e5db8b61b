import { describe, expect, it } from 'vitest';
import { shortSha, tail } from '../../src/core/text.js';

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
