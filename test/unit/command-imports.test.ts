/**
 * The backup, restore and status commands open a session and work on the database and the state;
 * they must not load the deploy or rollback flows (#8: `backup` used to pull in ~120 files).
 */
import { describe, expect, it } from 'vitest';
import { importGraph, reachable } from './helpers/import-graph.js';

const graph = importGraph();

/** Files of the deploy/rollback flows: what these commands must not load. */
const FLOW = /^(commands\/deploy(-compose|-passenger)?\.ts|commands\/rollback\.ts|rollback\/|pipeline\/|strategies\/)/;

describe('what the host commands load', () => {
  it.each(['commands/backup.ts', 'commands/restore.ts', 'commands/status.ts'])('%s loads no deploy or rollback flow', (command) => {
    expect(graph.has(command)).toBe(true);
    const loaded = [...reachable(graph, command)];
    expect(loaded).toContain('session/session.ts');
    expect(loaded.filter((f) => FLOW.test(f))).toEqual([]);
  });

  it('the flows are what the deploy command loads (the check above can fail)', () => {
    const loaded = [...reachable(graph, 'commands/deploy.ts')];
    expect(loaded.filter((f) => FLOW.test(f)).length).toBeGreaterThan(0);
  });
});
