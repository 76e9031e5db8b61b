/**
 * Guards the project's shape rules: the layers of src/ (no upward import, no import cycle), no
 * function over 60 lines, a tiny Action entry, one module reading Action inputs, one place failing
 * the step, and the pipeline visible as folders.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './helpers/import-graph.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The layers of src/, top to bottom. A file may import from its own folder and from the folders
 * below its own, never from one above (src/main.ts, cli.ts and post.ts are the top, `.`).
 */
const LAYERS = [
  '.', // main.ts, cli.ts, post.ts: the bundles' entries
  'entry', // action/ and cli/: settings in, report out (finish.ts shared)
  'commands', // one file per command, execute.ts dispatches; deploy.ts runs the pipeline with the target's strategy
  'pipeline', // the runner: lock → plan → backup → upload → build → switch → apply → tasks → verify → record, the undo, the record (deploys and rollbacks)
  'rollback', // the rollback variant of each strategy (a retained release as the source), choosing the release, restore-db
  'strategies', // the Strategy seam (types.ts, index.ts registry) and what is specific to compose / passenger
  'backup', // phase helpers: database backups, restore, drill, off-site copy
  'sync', // upload (rsync), release layout, pruning, the in-progress marker and what it says about the host
  'verify', // health checks
  'apply', // compose build/up/tasks, images
  'github', // GitHub Deployments, artifacts
  'record', // state.json, audit log
  'session', // connection, lock, phases of a run, the run report
  'git', // reading the repository
  'plan', // the pure planner
  'compose', // the compose model
  'config', // the config file
  'transport', // SSH, quoting, remote files, file modes
  'core', // errors, settings, reporter interface
];

const layerOf = (rel: string): string => (rel.includes('/') ? rel.split('/')[0]! : '.');
/** Folders whose sub-folders are independent of each other (entry/action vs entry/cli, one strategy vs another). */
const SIBLINGS_APART = ['entry', 'strategies'];

function upwardImports(graph: Map<string, string[]>): string[] {
  const rank = (rel: string): number => LAYERS.indexOf(layerOf(rel));
  return [...graph].flatMap(([from, imports]) => imports.filter((to) => rank(to) < rank(from)).map((to) => `${from} -> ${to}`));
}

function siblingImports(graph: Map<string, string[]>): string[] {
  const sub = (rel: string): string | undefined => {
    const parts = rel.split('/');
    return SIBLINGS_APART.includes(parts[0]!) && parts.length > 2 ? `${parts[0]}/${parts[1]}` : undefined;
  };
  return [...graph].flatMap(([from, imports]) =>
    imports.filter((to) => sub(from) && sub(to) && sub(from) !== sub(to)).map((to) => `${from} -> ${to}`),
  );
}

const files = sourceFiles(SRC).map((path) => ({ path, rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));

function longFunctions(path: string, text: string, max: number): string[] {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > max) found.push(`${relative(SRC, path)}:${start + 1} (${end - start + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('layers', () => {
  const graph = importGraph();

  it('every folder of src/ has its place in LAYERS', () => {
    const folders = [...new Set([...graph.keys()].map(layerOf))];
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('no file imports from a layer above its own', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('entry/action and entry/cli, and one strategy and another, do not import each other', () => {
    expect(siblingImports(graph)).toEqual([]);
  });

  it('no import cycle in src/ (strongly connected components of the import graph)', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('the checks see violations (a planted upward import and cycle)', () => {
    const planted = new Map(graph);
    planted.set('core/errors.ts', ['session/session.ts']);
    planted.set('session/session.ts', [...(graph.get('session/session.ts') ?? []), 'core/errors.ts']);
    expect(upwardImports(planted)).toContain('core/errors.ts -> session/session.ts');
    expect(importCycles(planted).some((c) => c.includes('core/errors.ts') && c.includes('session/session.ts'))).toBe(true);
  });
});

describe('code shape', () => {
  it('no function is longer than 60 lines', () => {
    expect(files.flatMap((f) => longFunctions(f.path, f.text, 60))).toEqual([]);
  });

  it('src/main.ts stays tiny (≤ 50 lines)', () => {
    expect(readFileSync(join(SRC, 'main.ts'), 'utf8').split('\n').length).toBeLessThanOrEqual(50);
  });

  it('only src/entry/action/inputs.ts reads Action inputs', () => {
    const readers = files.filter((f) => /core\.get(Boolean|Multiline)?Input\(/.test(f.text)).map((f) => f.rel);
    expect(readers).toEqual(['entry/action/inputs.ts']);
  });

  it('one place calls core.setFailed', () => {
    expect(files.filter((f) => f.text.includes('core.setFailed(')).map((f) => f.rel)).toEqual(['entry/action/run.ts']);
  });

  it('the pipeline plan → backup → sync → apply → verify → record is visible as folders', () => {
    for (const dir of ['plan', 'backup', 'sync', 'apply', 'verify', 'record', 'session', 'pipeline', 'entry'])
      expect(existsSync(join(SRC, dir)), dir).toBe(true);
  });

  it('the planner is pure: no I/O imports in src/plan or src/compose', () => {
    const io = /from '(node:)?(fs|fs\/promises|child_process|net|http|https)'|@actions\/|simple-git|node-ssh/;
    const impure = files.filter((f) => /^(plan|compose)\//.test(f.rel) && io.test(f.text)).map((f) => f.rel);
    expect(impure).toEqual([]);
  });
});
