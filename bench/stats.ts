/** Small helpers shared by the benchmark sections. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
export const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
