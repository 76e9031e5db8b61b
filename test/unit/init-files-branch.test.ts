import { describe, expect, it } from 'vitest';
import { onBranch, onTargets } from '../../src/commands/init-files.js';

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

describe('onTargets: the target choice of the workflows init copies', () => {
  const CHOICE = 'inputs:\n  target:\n    type: choice\n    options: [production, staging]\n    default: production\n';
  it.each<[string[], string]>([
    [['production'], '[\"production\"]'],
    [['production', 'staging'], '[\"production\", \"staging\"]'],
    [['prod: x'], '[\"prod: x\"]'],
  ])('%j → options: %s', (targets, want) => {
    expect(onTargets(CHOICE, targets)).toBe(CHOICE.replace('[production, staging]', want));
  });
});
