/** Human units for sizes shown to people (JSON keeps raw numbers). */

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
