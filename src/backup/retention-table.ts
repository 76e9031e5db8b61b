/** The retention decisions as a table for the job summary and the CLI (pure). */
import { describePolicy, type KeepSetting } from './policy.js';
import type { RetentionResult } from './types.js';

export function retentionTable(keep: KeepSetting, result: RetentionResult & { error?: string }): string[] {
  const lines = [`Retention (keep: ${describePolicy(keep)}): ${result.kept.length} kept, ${result.deleted.length} deleted`];
  if (result.error) lines.push(`retention FAILED: ${result.error}`);
  const decisions = result.decisions ?? [];
  if (decisions.length === 0) return lines;
  lines.push('', '| backup | decision | reasons |', '|---|---|---|');
  for (const d of decisions) lines.push(`| ${d.name} | ${d.keep ? 'kept' : 'deleted'} | ${d.reasons.join('; ')} |`);
  lines.push('');
  return lines;
}
