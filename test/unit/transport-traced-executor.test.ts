import { describe, expect, it } from 'vitest';
import { TracedExecutor, traceLabel, traceLine } from '../../src/transport/traced-executor.js';
import type { ExecResult, Executor } from '../../src/transport/types.js';

describe('traceLabel', () => {
  it.each([
    [['docker', 'compose', 'ps'], 'docker compose ps'],
    ['\n  set -eu\nmkdir -p x\n', 'set -eu'],
    ['', ''],
    [['x'.repeat(200)], `${'x'.repeat(119)}…`],
  ])('%j → %j', (command, label) => expect(traceLabel(command)).toBe(label));
});

describe('traceLine', () => {
  it('pads the duration and names the exit code', () => {
    expect(traceLine('root@h:22', 12.4, 0, 'true')).toBe('trace root@h:22:     12 ms exit 0 true');
    expect(traceLine('h', 1500, 'error', 'sh')).toBe('trace h:   1500 ms error  sh');
  });
});

describe('TracedExecutor', () => {
  const inner = (code: number): Executor => ({
    name: 'h',
    run: async (): Promise<ExecResult> => ({ code, stdout: 'out', stderr: '' }),
    sh: async (): Promise<ExecResult> => {
      throw new Error('lost');
    },
    close: async () => undefined,
  });

  it('reports each command once, with the time the clock saw, and passes the result through', async () => {
    const lines: string[] = [];
    let t = 0;
    const exec = new TracedExecutor(
      inner(3),
      (l) => lines.push(l),
      () => (t += 250),
    );
    const r = await exec.run(['docker', 'ps'], { stdin: 'secret' });
    expect(r).toEqual({ code: 3, stdout: 'out', stderr: '' });
    expect(lines).toEqual(['trace h:    250 ms exit 3 docker ps']);
    expect(lines.join()).not.toContain('secret');
  });

  it('reports a command that threw, and rethrows', async () => {
    const lines: string[] = [];
    const exec = new TracedExecutor(
      inner(0),
      (l) => lines.push(l),
      () => 0,
    );
    await expect(exec.sh('echo hi')).rejects.toThrow('lost');
    expect(lines).toEqual(['trace h:      0 ms error  echo hi']);
  });
});
