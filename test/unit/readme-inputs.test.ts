/** README's inputs table lists exactly the inputs of action.yml, and every CLI flag. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPTIONS } from '../../src/cli/options.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const action = parse(readFileSync(`${root}action.yml`, 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

/** The first cells of the table under "## Commands and inputs". */
function firstCells(): string[] {
  const section = readme.slice(readme.indexOf('## Commands and inputs'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| input / flag')));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| input') && !l.startsWith('|---'))
    .map((l) => l.split(' | ')[0]!.slice(2));
}

describe('README inputs table', () => {
  it('lists every action.yml input, and no input action.yml lacks', () => {
    const inputs = firstCells()
      .map((cell) => /^`([a-z][\w-]*)`/.exec(cell)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(inputs.sort()).toEqual(Object.keys(action.inputs).sort());
  });

  it('names every CLI flag', () => {
    const flags = Object.keys(OPTIONS).filter((k) => k !== 'help' && k !== 'version');
    const cells = firstCells().join('\n');
    expect(flags.filter((f) => !cells.includes(`\`--${f}`) && !cells.includes(`--${f}\``) && !readme.includes(`\`--${f}\``))).toEqual([]);
    expect(readme).toContain('`gitops-deploy --version`');
  });

  it('lists every output', () => {
    const line = readme.slice(readme.indexOf('Outputs: '), readme.indexOf('\n\n', readme.indexOf('Outputs: ')));
    expect(Object.keys(action.outputs).filter((o) => !line.includes(`\`${o}\``))).toEqual([]);
  });
});
