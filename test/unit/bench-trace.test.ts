import { describe, expect, it } from 'vitest';
import { slowestCommands, tracedCommands } from '../../bench/compare-render.js';
import { traceLine } from '../../src/transport/traced-executor.js';

describe('the bench reads --trace lines back', () => {
  it('parses what TracedExecutor prints, and nothing else', () => {
    const stderr = [
      '▶ Record',
      traceLine('root@127.0.0.1:2222', 1840.2, 0, 'docker image rm x:release-abc'),
      traceLine('root@127.0.0.1:2222', 12, 'error', 'set -eu'),
      'trace of nothing',
    ].join('\n');
    expect(tracedCommands(stderr)).toEqual([
      { ms: 1840, label: 'docker image rm x:release-abc' },
      { ms: 12, label: 'set -eu' },
    ]);
  });

  it('ranks labels by their median total per run, and escapes table cells', () => {
    const run = (a: number, b: number) => ({
      ms: 0,
      bytes: 0,
      restarted: 0,
      commands: [
        { label: 'a|b', ms: a },
        { label: 'c', ms: b },
        { label: 'c', ms: b },
      ],
    });
    const table = slowestCommands([run(100, 10), run(300, 500), run(200, 600)]);
    expect(table.slice(2)).toEqual(['| `c` | 1.00 s |', '| `a\\|b` | 0.20 s |']);
  });
});
