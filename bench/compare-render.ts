/** Markdown of the deploy comparison: one table per fixture, the phase split, the verdicts. */
import type { BenchFixture } from './compare-fixtures.js';
import type { PollResult } from './http-poller.js';
import { median, s } from './stats.js';

export interface Sample {
  ms: number;
  bytes: number;
  restarted: number;
  poll?: PollResult;
  phases?: { name: string; ms: number }[];
  /** every remote command of the run (`--trace`), in order */
  commands?: { label: string; ms: number }[];
}

/** The `--trace` lines of a CLI run's stderr: `trace <host>: <ms> ms exit <code> <label>`. */
export function tracedCommands(stderr: string): { label: string; ms: number }[] {
  const out: { label: string; ms: number }[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^trace [^ ]+: +(\d+) ms (?:exit \d+|error ) (.*)$/.exec(line.trim());
    if (m) out.push({ ms: Number(m[1]), label: m[2]! });
  }
  return out;
}

/** The slowest remote commands of a way (median over its runs), as a markdown table. */
export function slowestCommands(xs: Sample[], top = 8): string[] {
  const byLabel: Record<string, number[]> = {};
  for (const x of xs) {
    const perRun: Record<string, number> = {};
    for (const c of x.commands ?? []) perRun[c.label] = (perRun[c.label] ?? 0) + c.ms;
    for (const [label, ms] of Object.entries(perRun)) (byLabel[label] ??= []).push(ms);
  }
  const rows = Object.entries(byLabel)
    .map(([label, ms]) => ({ label, ms: median(ms) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
  if (rows.length === 0) return [];
  const cell = (label: string) => `\`${label.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
  return ['| remote command (first line) | median per run |', '|---|---:|', ...rows.map((r) => `| ${cell(r.label)} | ${s(r.ms)} |`)];
}

/** `<change>/<way>` → samples, in round order */
export type Samples = Record<string, Sample[]>;

const WAYS: Record<string, string> = {
  limit: 'limit (by hand on the host)',
  naive: 'naive (rsync + `up -d --build`)',
  on: 'gitops-deploy, backup on',
  off: 'gitops-deploy, backup off',
  'start-first': 'gitops-deploy, backup off, web `rollout: start-first`',
};

const kb = (bytes: number): string => (bytes ? `${(bytes / 1024).toFixed(1)} KiB` : '0 (no SSH)');
const med = (xs: Sample[] | undefined, pick: (x: Sample) => number): number => median((xs ?? []).map(pick));

function failed(xs: Sample[]): string {
  if (!xs[0]?.poll) return 'n/a (no network)';
  const fails = xs.map((x) => x.poll!.failed);
  const total = xs.map((x) => x.poll!.total);
  return `${median(fails)} of ${median(total)} (max ${Math.max(...fails)})`;
}

function rows(change: string, samples: Samples): string[] {
  const limit = med(samples[`${change}/limit`], (x) => x.ms);
  return Object.keys(WAYS)
    .filter((way) => samples[`${change}/${way}`])
    .map((way) => {
      const xs = samples[`${change}/${way}`]!;
      const ms = med(xs, (x) => x.ms);
      const way_ =
        change === 'rollback' && way === 'off'
          ? '`gitops-deploy rollback`'
          : change === 'rollback' && way === 'naive'
            ? 'naive (revert commit, rsync + `up -d --build`)'
            : WAYS[way];
      return `| ${change} | ${way_} | ${s(ms)} | ${(ms / limit).toFixed(2)}× | ${med(xs, (x) => x.restarted)} | ${failed(xs)} | ${kb(med(xs, (x) => x.bytes))} |`;
    });
}

/**
 * Median of each phase of gitops-deploy runs, plus the overhead (all but Build and Apply) and the
 * time outside every phase (Node's start, loading the code, opening SSH before Connect, the exit).
 */
export function phaseSplit(xs: Sample[]): {
  table: string[];
  overhead: number;
  overheadNoHealth: number;
  outside: number;
  /** median of Build + Apply (the work the limit also does) */
  work: number;
} {
  const phases: Record<string, number[]> = {};
  for (const x of xs) for (const p of x.phases ?? []) (phases[p.name] ??= []).push(p.ms);
  const sum = (x: Sample, keep: (name: string) => boolean): number =>
    (x.phases ?? []).filter((p) => keep(p.name)).reduce((a, p) => a + p.ms, 0);
  const overheads = xs.map((x) => x.ms - sum(x, (n) => n === 'Build' || n === 'Apply'));
  const verify = (x: Sample): number => x.phases?.find((p) => p.name === 'Verify')?.ms ?? 0;
  const names = Object.keys(phases);
  return {
    table: [
      `| ${names.join(' | ')} |`,
      `|${names.map(() => '---:').join('|')}|`,
      `| ${names.map((n) => s(median(phases[n]!))).join(' | ')} |`,
    ],
    overhead: median(overheads),
    overheadNoHealth: median(xs.map((x, i) => overheads[i]! - verify(x))),
    outside: median(xs.map((x) => x.ms - sum(x, () => true))),
    work: median(xs.map((x) => sum(x, (n) => n === 'Build' || n === 'Apply'))),
  };
}

/** One target's line: "met", or "not met: why" (`why` is computed from the same run's figures). */
export function verdict(ok: boolean, what: string, figure: string, why = ''): string {
  if (figure.includes('NaN')) return `- ${what}: **not measured** (this run has no samples for it)`;
  return `- ${what}: ${figure} — **${ok ? 'met' : why ? `not met: ${why}` : 'not met'}**`;
}

/**
 * Why a "≤ k× the limit" target is not met, from the run's own phases: how long Build + Apply took
 * against the limit (the same work by hand), and how the rest of the run compares with what the
 * target leaves for it ((k − 1) × the limit).
 */
export function limitWhy(xs: Sample[], limit: number, k: number): string {
  const split = phaseSplit(xs);
  const work = ['Build', 'Apply'].filter((n) => xs.some((x) => x.phases?.some((p) => p.name === n))).join(' + ');
  return (
    `${work} took ${s(split.work)} (${(split.work / limit).toFixed(2)}× the limit's ${s(limit)}), ` +
    `and the rest of the run ${s(split.overhead)} (${s(split.outside)} of it before and after every phase: ` +
    `Node's start, loading the code, the SSH handshake, the exit) against the ${s((k - 1) * limit)} that ${k}× leaves`
  );
}

/** #9's target: no failed request through the proxy while web is replaced start-first. */
function startFirstVerdict(samples: Samples): string {
  const xs = samples['template/start-first'] ?? [];
  if (!xs[0]?.poll) return verdict(false, 'template change, web start-first: 0 failed requests', 'NaN');
  const worst = Math.max(...xs.map((x) => x.poll!.failed));
  return verdict(
    worst === 0,
    'template change, web start-first: 0 failed requests in every round',
    `max ${worst} (stop-first: ${failed(samples['template/off'] ?? [])})`,
    `${worst} requests failed in one round while web was replaced`,
  );
}

function verdicts(fx: BenchFixture, samples: Samples): string[] {
  const m = (key: string): number => med(samples[key], (x) => x.ms);
  if (fx.name === 'realapp') {
    const off = m('template/off');
    return [
      verdict(
        off <= 1.3 * m('template/limit'),
        'template change, backup off ≤ 1.3× the limit',
        `${(off / m('template/limit')).toFixed(2)}×`,
        limitWhy(samples['template/off'] ?? [], m('template/limit'), 1.3),
      ),
      verdict(
        off <= 0.6 * m('template/naive'),
        'template change, backup off ≤ 0.6× naive',
        `${(off / m('template/naive')).toFixed(2)}×`,
        `${s(off)} against ${s(m('template/naive'))} for the naive way`,
      ),
      `- the backup's own cost (template change, on − off): ${s(m('template/on') - off)}`,
      startFirstVerdict(samples),
      verdict(
        m('rollback/off') <= 1.2 * m('rollback/limit'),
        'rollback ≤ 1.2× the limit',
        `${(m('rollback/off') / m('rollback/limit')).toFixed(2)}×`,
        limitWhy(samples['rollback/off'] ?? [], m('rollback/limit'), 1.2),
      ),
    ];
  }
  const split = phaseSplit(samples['template/off'] ?? []);
  return [
    verdict(
      split.overhead <= 1000,
      'overhead (all but Build and Apply), template change, backup off ≤ 1.0 s',
      s(split.overhead),
      `${s(split.outside)} of it before and after every phase, ${s(split.overhead - split.outside)} in the phases other than Build and Apply`,
    ),
  ];
}

export function renderComparison(fx: BenchFixture, runs: number, samples: Samples): string {
  const lines = [
    `### ${fx.name}`,
    '',
    `${fx.description}. ${runs} interleaved rounds (limit, naive, on, off, and on the real app start-first, in each round), medians.`,
    '',
    '| change | way | wall time | × limit | containers restarted | failed requests during the run | sent over SSH |',
    '|---|---|---:|---:|---:|---|---:|',
    ...['template', 'python', 'rollback'].flatMap((c) => rows(c, samples)),
    '',
  ];
  for (const key of ['template/on', 'template/off', 'python/off']) {
    if (!samples[key]?.length) continue;
    const split = phaseSplit(samples[key]);
    lines.push(
      `gitops-deploy phases, ${key.replace('/', ' change, backup ')} (median); overhead (wall − Build − Apply) ${s(split.overhead)}, of which not health waiting ${s(split.overheadNoHealth)}:`,
      '',
      ...split.table,
      '',
    );
  }
  const slowest = slowestCommands(samples['template/off'] ?? []);
  if (slowest.length > 0) lines.push('Slowest remote commands of a template deploy, backup off (`--trace`):', '', ...slowest, '');
  if (samples['rollback/off']?.length) {
    const rb = phaseSplit(samples['rollback/off']);
    lines.push(`Rollback phases (median); overhead ${s(rb.overhead)}:`, '', ...rb.table, '');
  }
  lines.push('Targets:', '', ...verdicts(fx, samples), '');
  return lines.join('\n');
}
