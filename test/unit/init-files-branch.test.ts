import { describe, expect, it } from 'vitest';
import { onBranch } from '../../src/commands/init-files.js';

const WORKFLOW = 'on:\n  push:\n    branches: [main]\n  workflow_dispatch: {}\n# branches: [main] in a comment stays\n';

describe('onBranch: the workflows init copies trigger on the repository branch', () => {
  it.each<[string | undefined, string]>([
    [undefined, '[main]'],
    ['main', '[main]'],
    ['master', '[master]'],
    ['release/v2', '[release/v2]'],
    ['a,b', '["a,b"]'],
  ])('%j → branches: %s', (branch, want) => {
    expect(onBranch(WORKFLOW, branch)).toBe(
      `on:\n  push:\n    branches: ${want}\n  workflow_dispatch: {}\n# branches: [main] in a comment stays\n`,
    );
  });
});
