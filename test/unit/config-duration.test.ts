import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1m30s250ms', 90_250],
    ['0s', 0],
    ['30d', 2_592_000_000],
    ['1d12h', 129_600_000],
  ])('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'm', '1.5h', '30 m', '30M', '-5s', '1D', '1w', '1h 30m', 's30'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [5_400_000, '1h30m'],
    [1_500, '1s500ms'],
    [60_000, '1m'],
    [0, '0s'],
    [2_592_000_000, '30d'],
    [129_600_000, '1d12h'],
  ])('%d -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
