/** The submodules of the deployed commit (pure): named in one warning, since a deploy uploads none of their files. */
import { describe, expect, it } from 'vitest';
import { submoduleWarnings } from '../../src/plan/submodule-warnings.js';

describe('submoduleWarnings', () => {
  it('none without submodules; one warning naming one, or the first five of many', () => {
    expect(submoduleWarnings([])).toEqual([]);
    expect(submoduleWarnings(['vendor/theme'])).toEqual([
      'a git submodule: vendor/theme. A deploy uploads none of its files (the upload is git archive of the commit, which ' +
        'leaves submodules out): commit the files the app needs instead, or fetch them on the host in a task',
    ]);
    const [w] = submoduleWarnings(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(w).toMatch(/^7 git submodules: a, b, c, d, e \(\+2 more\)\. A deploy uploads none of their files/);
  });
});
