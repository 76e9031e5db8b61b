import { describe, expect, it } from 'vitest';
import { matrixCells, selectedCells } from '../e2e/harness/fault-cells.js';

const names = (cells: { phase: string; fault: string }[]) => cells.map((c) => `${c.phase}:${c.fault}`);

describe('fault matrix cells', () => {
  it('cut and kill at every phase, disk at backup and upload, dockerd at build and apply: 26 cells', () => {
    const all = names(matrixCells());
    expect(all).toHaveLength(26);
    expect(all.filter((c) => c.endsWith(':disk'))).toEqual(['backup:disk', 'upload:disk']);
    expect(all.filter((c) => c.endsWith(':dockerd'))).toEqual(['build:dockerd', 'apply:dockerd']);
  });

  it('FAULT_MATRIX_CELLS narrows to the cells named', () => {
    expect(names(selectedCells('upload:cut, apply:kill', ''))).toEqual(['upload:cut', 'apply:kill']);
  });

  it('the shards of FAULT_MATRIX_SHARD together are every cell, once', () => {
    const shards = [1, 2, 3].map((i) => names(selectedCells('all', `${i}/3`)));
    expect(shards.map((s) => s.length)).toEqual([9, 9, 8]);
    expect(shards.flat().sort()).toEqual(names(matrixCells()).sort());
  });

  it('unset: the CI cells, one per kind of fault; "all": every cell', () => {
    expect(names(selectedCells('', ''))).toEqual(['backup:disk', 'switch:cut', 'apply:dockerd']);
    expect(names(selectedCells('all', ''))).toEqual(names(matrixCells()));
  });

  it('a malformed shard is refused', () => {
    for (const bad of ['0/3', '4/3', '1/0', 'x']) expect(() => selectedCells('', bad)).toThrow(/FAULT_MATRIX_SHARD/);
  });
});
