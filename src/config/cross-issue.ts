/** What the cross-key checks (cross-refs.ts, target-checks.ts) report, and the guard they read raw input with. */

export interface CrossIssue {
  path: (string | number)[];
  message: string;
}

/** A YAML mapping (not null, not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
