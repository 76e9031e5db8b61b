/**
 * Guards the project's shape rules: no function over 80 lines, a tiny Action entry, one module
 * reading Action inputs, one place failing the step, and the pipeline visible as folders.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
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

describe('code shape', () => {
  it('no function is longer than 80 lines', () => {
    expect(files.flatMap((f) => longFunctions(f.path, f.text, 80))).toEqual([]);
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
    for (const dir of ['plan', 'backup', 'sync', 'apply', 'verify', 'record']) expect(existsSync(join(SRC, dir)), dir).toBe(true);
  });

  it('the planner is pure: no I/O imports in src/plan or src/compose', () => {
    const io = /from '(node:)?(fs|fs\/promises|child_process|net|http|https)'|@actions\/|simple-git|node-ssh/;
    const impure = files.filter((f) => /^(plan|compose)\//.test(f.rel) && io.test(f.text)).map((f) => f.rel);
    expect(impure).toEqual([]);
  });
});
