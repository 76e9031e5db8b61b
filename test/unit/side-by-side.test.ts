import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sideBySideScript } from '../../src/transport/side-by-side.js';
import { LocalExecutor } from './helpers/local-executor.js';

const local = new LocalExecutor();
const dash = (script: string) => local.run(['sh', '-c', script], { allowFailure: true });

describe('sideBySideScript', () => {
  it('one command is itself', () => {
    expect(sideBySideScript(['docker tag a b'])).toBe('docker tag a b');
  });

  it('several: each in the background, then a wait for each (literal)', () => {
    expect(sideBySideScript(['a', 'b c'])).toBe(
      [
        'gd_rc=0',
        '{ a; } & gd_p0=$!',
        '{ b c; } & gd_p1=$!',
        'wait "$gd_p0" || gd_rc=1',
        'wait "$gd_p1" || gd_rc=1',
        '[ "$gd_rc" = 0 ]',
      ].join('\n'),
    );
  });

  it.each<[string, string[], number]>([
    ['all succeed', ['true', 'true', 'true'], 0],
    ['the first fails', ['exit 4', 'true'], 1],
    ['the last fails', ['true', 'true', 'false'], 1],
  ])('status under dash: %s', async (_name, commands, code) => {
    expect((await dash(sideBySideScript(commands))).code).toBe(code);
  });

  it('they run at the same time: each waits for a file the other writes (one after the other, the first would give up)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gd-side-'));
    try {
      const meet = (mine: string, theirs: string) =>
        `touch ${dir}/${mine}; n=0; while [ ! -f ${dir}/${theirs} ]; do n=$((n+1)); [ $n -lt 100 ] || exit 9; sleep 0.05; done`;
      expect((await dash(sideBySideScript([meet('a', 'b'), meet('b', 'a')]))).code).toBe(0);
      // the same two, one after the other: the first gives up
      expect((await dash(`${meet('c', 'd')} && ${meet('d', 'c')}`)).code).toBe(9);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
