/** The Action's `lock` state: every lock the run holds, one per host, until each is released. */
import { describe, expect, it } from 'vitest';
import type { Reporter } from '../../src/core/reporter.js';
import { noteHeldLock, parseHeldLocks } from '../../src/session/held-locks.js';

function recorder(): { reporter: Reporter; saved: string[] } {
  const saved: string[] = [];
  const reporter = { persist: (key: string, value: string) => void saved.push(`${key}=${value}`) } as unknown as Reporter;
  return { reporter, saved };
}

describe('held locks', () => {
  it('saves every lock held (two hosts), then each release, then nothing', () => {
    const { reporter, saved } = recorder();
    const a = { host: 0, runId: 'r.aa' };
    const b = { host: 1, runId: 'r.bb' };
    noteHeldLock(reporter, 'prod', a, true);
    noteHeldLock(reporter, 'prod', b, true);
    noteHeldLock(reporter, 'prod', b, false);
    noteHeldLock(reporter, 'prod', a, false);
    expect(saved).toEqual([
      'lock={"target":"prod","locks":[{"host":0,"runId":"r.aa"}]}',
      'lock={"target":"prod","locks":[{"host":0,"runId":"r.aa"},{"host":1,"runId":"r.bb"}]}',
      'lock={"target":"prod","locks":[{"host":0,"runId":"r.aa"}]}',
      'lock=',
    ]);
    expect(parseHeldLocks(saved[1]!.slice('lock='.length))).toEqual({ target: 'prod', locks: [a, b] });
  });

  it.each(['', 'not json', '{"target":"prod","runId":"r.aa"}', '{"target":"prod","locks":[{"host":"x","runId":"r"}]}'])(
    'a state that is not a list of held locks reads as none: %j',
    (text) => expect(parseHeldLocks(text)).toBeUndefined(),
  );
});
