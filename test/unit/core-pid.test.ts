/** isAlive: a running process (any user), not one that exited, even while it waits to be reaped. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/core/pid.js';

const state = (pid: number): string => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return 'gone';
  }
};

describe('isAlive', () => {
  it('this process and pid 1 run; a pid no process has does not', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(1)).toBe(true);
    expect(isAlive(2 ** 22 + 1)).toBe(false);
  });

  // an orphan that exited is a zombie until PID 1 reaps it (every ~2 s on these machines, never in a
  // container whose PID 1 does not reap): it holds nothing, and the agent's stop() waited for it
  it.runIf(process.platform === 'linux')('a process that exited but is not reaped yet (a zombie) is not alive', async () => {
    // `sleep 30` never waits for its child: the `sleep 1` that ends after the exec stays a zombie
    // as long as it runs (one ending before the exec was reaped by sh)
    const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = await new Promise<number>((r) => parent.stdout!.once('data', (c: Buffer) => r(Number(c.toString().trim()))));
      for (let i = 0; i < 500 && state(zombie) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(state(zombie)).toBe('Z');
      expect(isAlive(zombie)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
