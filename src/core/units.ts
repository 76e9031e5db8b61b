/** Human units for sizes shown to people (JSON keeps raw numbers), and seconds as people type them. */
import { UserError } from './errors.js';

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** 512 → "512 B", 1536 → "1.5 KiB", 3 * 2**20 → "3.0 MiB" (binary units, one decimal). */
export function humanBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${n} B`;
  let value = n;
  let unit = -1;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * A number of seconds as the CLI and the Action take it ("90", "1.5"), in ms; empty or absent is 0.
 * Decimal only: Number() would also read "0x10", " 5" and "1e3".
 */
export function secondsToMs(label: string, value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) throw new UserError(`${label}: expected a number of seconds, got ${JSON.stringify(value)}`);
  return Number(value) * 1000;
}
