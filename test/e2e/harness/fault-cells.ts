/** The fault matrix of #13: phases × faults, and the table the README publishes (pure). */

export const PHASES = ['connect', 'lock', 'plan', 'backup', 'upload', 'build', 'switch', 'apply', 'tasks', 'verify', 'record'] as const;
export type Phase = (typeof PHASES)[number];
export type Fault = 'cut' | 'kill' | 'disk' | 'dockerd';

export interface Cell {
  phase: Phase;
  fault: Fault;
}

/** Link cut and SIGKILL at every phase; full disk during backup and upload; dockerd stopped during build and apply. */
export function matrixCells(): Cell[] {
  const cells: Cell[] = [];
  for (const phase of PHASES) {
    cells.push({ phase, fault: 'cut' }, { phase, fault: 'kill' });
    if (phase === 'backup' || phase === 'upload') cells.push({ phase, fault: 'disk' });
    if (phase === 'build' || phase === 'apply') cells.push({ phase, fault: 'dockerd' });
  }
  return cells;
}

/**
 * FAULT_MATRIX_CELLS="upload:cut,apply:kill" narrows the matrix (development); empty = all.
 * FAULT_MATRIX_SHARD="2/3" keeps every third cell from the second on, so that parallel CI jobs
 * together run every cell (each job a third of the time).
 */
/**
 * The cells the default test run (CI) goes through: one per kind of fault, at the riskiest phases.
 * A cell costs a faulted deploy plus a converging full re-deploy (~150 s on an idle 2-core VM), so
 * the 26 cells take over an hour: FAULT_MATRIX_CELLS=all runs them (with FAULT_MATRIX_SHARD=i/n to
 * split them over machines); the README's table comes from such a run.
 */
export const CI_CELLS = ['switch:cut', 'backup:disk', 'apply:dockerd'];

/** FAULT_MATRIX_CELLS="upload:cut,apply:kill" picks cells, "all" every cell; unset: CI_CELLS. */
export function selectedCells(filter = process.env.FAULT_MATRIX_CELLS ?? '', shard = process.env.FAULT_MATRIX_SHARD ?? ''): Cell[] {
  const wanted = filter
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const all = matrixCells();
  const names = wanted.length === 0 ? CI_CELLS : wanted;
  const chosen = names.includes('all') ? all : all.filter((c) => names.includes(`${c.phase}:${c.fault}`));
  if (!shard) return chosen;
  const m = /^(\d+)\/(\d+)$/.exec(shard.trim());
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!(n >= 1 && i >= 1 && i <= n)) throw new Error(`FAULT_MATRIX_SHARD: expected i/n with 1 <= i <= n, got ${JSON.stringify(shard)}`);
  return chosen.filter((_, k) => k % n === i - 1);
}

export interface CellOutcome extends Cell {
  /** exit code of the faulted run (null: killed) */
  code: number | null;
  /** seconds from the fault to the faulted run's exit */
  failSeconds: number;
  /** what the lock was after the fault */
  lock: 'released' | 'left, broken by the next run' | 'none taken';
  /** what was live after the fault, before the next run */
  live: 'old release, coherent' | 'half done, reported by status, repaired by the next run';
  dataIntact: boolean;
  converged: boolean;
  /** seconds the converging re-run took */
  rerunSeconds: number;
  note?: string;
}

export const FAULT_LABEL: Record<Fault, string> = {
  cut: 'link cut',
  kill: 'runner SIGKILL',
  disk: 'disk full',
  dockerd: 'dockerd stopped',
};

/** The README table: one row per cell. */
export function matrixTable(rows: CellOutcome[]): string {
  const lines = [
    '| phase | fault | faulted run | fails in | lock afterwards | live afterwards | data | re-run |',
    '|---|---|---|---:|---|---|---|---|',
  ];
  for (const r of rows) {
    const exit = r.code === null ? 'killed' : `exit ${r.code}`;
    const fails = r.fault === 'kill' ? '—' : `${r.failSeconds.toFixed(0)} s`;
    lines.push(
      `| ${r.phase} | ${FAULT_LABEL[r.fault]} | ${exit} | ${fails} | ${r.lock} | ${r.live} | ${r.dataIntact ? 'intact' : 'LOST'} | ${r.converged ? 'converges' : `DOES NOT CONVERGE${r.note ? `: ${r.note}` : ''}`} |`,
    );
  }
  return lines.join('\n');
}
