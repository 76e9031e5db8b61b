/**
 * Planner benchmark: the compiled planner (globs and .dockerignore compiled once per plan) against a
 * naive baseline with the same semantics that recompiles every glob for every check
 * (`picomatch.isMatch`) and re-parses the .dockerignore for every file.
 */
import { posix } from 'node:path';
import dockerignore from '@balena/dockerignore';
import picomatch from 'picomatch';
import { diffComposeModels } from '../src/compose/diff.js';
import { changedPaths } from '../src/plan/changes.js';
import { PlanCollector } from '../src/plan/collector.js';
import { effectiveDockerignore, pathInContext } from '../src/plan/dockerignore.js';
import { globOptions } from '../src/plan/globs.js';
import { planDeploy } from '../src/plan/planner.js';
import type { ChangedFile, Plan, PlanInput } from '../src/plan/types.js';
import { planInput } from '../test/unit/plan-fixture.js';

const SIZES = [1_000, 10_000, 100_000];
const RUNS = 5;
const WARM_UPS = 2;

/** Deterministic pseudo-random numbers (LCG), so every run plans the same repository. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** A repo-like file list: Python, templates, static, docs, migrations, mounted/unmatched files, deep paths. */
export function generateChanges(count: number): ChangedFile[] {
  const next = random(count);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const apps = ['observations', 'taxonomy', 'accounts', 'geo', 'reports', 'api'];
  const shapes: ((i: number, app: string) => string)[] = [
    (i, app) => `${app}/views_${i}.py`,
    (i, app) => `${app}/services/sub_${i % 7}/module_${i}.py`,
    (i, app) => `${app}/templates/${app}/page_${i}.html`,
    (i, app) => `${app}/static/${app}/css/style_${i}.css`,
    (i, app) => `${app}/static/${app}/js/app_${i}.js`,
    (i, app) => `${app}/migrations/${String(i).padStart(4, '0')}_auto.py`,
    (i) => `docs/guide/section_${i % 13}/page_${i}.md`,
    (i) => `media/uploads/2024/${i % 12}/photo_${i}.jpg`,
    (i) => `logs/app_${i}.log`,
    (i) => `scripts/tools/tool_${i}.sh`,
    (i) => `data/fixtures/a/b/c/d/e/f/g/fixture_${i}.json`,
    (i) => `locale/fr/LC_MESSAGES/django_${i}.po`,
  ];
  const changes: ChangedFile[] = [];
  for (let i = 0; i < count; i++) {
    const path = pick(shapes)(i, pick(apps));
    const roll = next();
    if (roll < 0.05) changes.push({ status: 'R', path, oldPath: `old/${path}` });
    else changes.push({ status: roll < 0.1 ? 'D' : roll < 0.3 ? 'A' : 'M', path });
  }
  return changes;
}

const anyMatch = (file: string, patterns: readonly string[]): boolean => patterns.some((p) => picomatch.isMatch(file, p, globOptions(p)));

/** The naive baseline: same decisions, nothing compiled ahead. */
export function naivePlan(input: PlanInput): Plan {
  const { config, composeTo } = input;
  const collector = new PlanCollector();
  const files = changedPaths(input.changes);
  const composeFiles = config.compose.files.map((f) => posix.normalize(posix.join(config.compose.directory, f)));
  const services = Object.values(composeTo.services);
  for (const file of files) {
    const rule = config.rules.find((r) => anyMatch(file, r.paths));
    if (composeFiles.includes(file)) {
      const diff = diffComposeModels(input.composeFrom, composeTo);
      for (const [action, names] of [
        ['build', diff.build],
        ['recreate', diff.recreate],
        ['remove', diff.remove],
      ] as const) {
        for (const s of names) collector.service(action, s, 'compose', file);
      }
    } else if (rule?.ignore) {
      collector.ignore(rule.name, file);
    } else if (rule) {
      const all = (list: string[] | 'all' | undefined, buildOnly: boolean) =>
        list === 'all' ? services.filter((s) => !buildOnly || s.build).map((s) => s.name) : (list ?? []);
      for (const s of all(rule.build, true)) {
        collector.service('build', s, rule.name, file);
        if (rule.no_cache) collector.markNoCache(s);
      }
      for (const s of all(rule.recreate, false)) collector.service('recreate', s, rule.name, file);
      for (const s of all(rule.restart, false)) collector.service('restart', s, rule.name, file);
      for (const t of rule.tasks ?? []) collector.task(t, rule.name, file);
    } else {
      let matched = false;
      for (const s of services) {
        const ignoreFile = s.build ? effectiveDockerignore(s.build, input.dockerignores) : undefined;
        const inContext = s.build ? pathInContext(file, s.build.context) : undefined;
        const excluded = (rel: string) =>
          ignoreFile !== undefined &&
          dockerignore
            .default()
            .add(input.dockerignores[ignoreFile] ?? '')
            .ignores(rel);
        const hits: [string, 'build' | 'restart' | 'recreate', string][] = [];
        if (s.build && (s.build.dockerfile === file || (inContext !== undefined && !excluded(inContext))))
          hits.push([s.name, 'build', 'build-context']);
        if (s.bindMounts.some((m) => m === '.' || file === m || file.startsWith(`${m}/`))) hits.push([s.name, 'restart', 'bind-mount']);
        if (s.envFiles.includes(file)) hits.push([s.name, 'recreate', 'env_file']);
        for (const [name, action, why] of hits) collector.service(action, name, why, file);
        matched ||= hits.length > 0;
      }
      if (!matched) collector.unmatchedFile(file);
    }
    for (const [name, task] of Object.entries(config.tasks)) if (anyMatch(file, task.paths ?? [])) collector.task(name, 'task-paths', file);
  }
  return collector.finish({ from: input.from, to: input.to, changedFiles: files }, Object.keys(config.tasks), []);
}

function medianMs(fn: () => unknown, runs: number): number {
  // warm up the JIT: at least WARM_UPS runs and 300 ms
  const warmUntil = performance.now() + 300;
  for (let i = 0; i < WARM_UPS || performance.now() < warmUntil; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const sameDecision = (a: Plan, b: Plan): boolean => JSON.stringify({ ...a, warnings: [] }) === JSON.stringify({ ...b, warnings: [] });

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0));

/** Runs the benchmark; returns the BENCHMARKS.md section. */
export async function benchPlanner(): Promise<string> {
  const rows: string[] = [];
  for (const size of SIZES) {
    const input: PlanInput = { ...planInput([]), changes: generateChanges(size) };
    const compiled = planDeploy(input);
    const naive = naivePlan(input);
    if (!sameDecision(compiled, naive)) throw new Error(`planner and naive baseline disagree for ${size} files`);
    const fast = medianMs(() => planDeploy(input), RUNS);
    const slow = medianMs(() => naivePlan(input), RUNS);
    const outcome = `${compiled.build.length}/${compiled.recreate.length}/${compiled.restart.length}/${compiled.tasks.length}, ${compiled.unmatched.length} unmatched`;
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${compiled.changedFiles.length.toLocaleString('en-US')} | ${fmt(fast)} | ${fmt(slow)} | ${(slow / fast).toFixed(0)}× | ${outcome} |`,
    );
  }
  return [
    '## Planner (`planDeploy`)',
    '',
    `Median of ${RUNS} runs after ≥ ${WARM_UPS} warm-up runs (≥ 300 ms), same process, same input. Generated repo-like changes: Python modules, templates,`,
    'static files, docs, migrations, media/logs/scripts (bind-mounted or dockerignored), deep data paths; 5 % renames',
    '(old and new path both count). Compose model, rules and root .dockerignore of the Django/Celery test fixture.',
    'The naive baseline makes the same decisions (checked: identical plans) but calls `picomatch.isMatch` for every',
    'pattern check and re-parses the .dockerignore for every file.',
    '',
    '| changes | paths | compiled planner (ms) | naive baseline (ms) | speed-up | build/recreate/restart/tasks |',
    '|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n');
}
