import { describe, expect, it } from 'vitest';
import { runStreamed, streamLines } from '../../src/transport/line-stream.js';

describe('streamLines', () => {
  it('emits whole lines as they complete, across chunk borders, prefixed; finish flushes the rest', () => {
    const seen: string[] = [];
    const s = streamLines((l) => seen.push(l), '[web] ', 2);
    s.options.onStdout!(Buffer.from('Step 1/3 : FROM x\nStep 2'));
    expect(seen).toEqual(['[web] Step 1/3 : FROM x']);
    s.options.onStdout!(Buffer.from('/3 : RUN y\r\n'));
    s.options.onStderr!(Buffer.from('warn: z'));
    expect(seen).toEqual(['[web] Step 1/3 : FROM x', '[web] Step 2/3 : RUN y']);
    expect(s.finish()).toBe('Step 2/3 : RUN y\nwarn: z');
    expect(seen).toHaveLength(3);
  });

  it('runStreamed still returns the output it streamed', async () => {
    const seen: string[] = [];
    const r = await runStreamed(
      async (hooks) => {
        hooks.onStdout!(Buffer.from('a\nb\n'));
        hooks.onStderr!(Buffer.from('e\n'));
        return { code: 3, stdout: '', stderr: 'e\n' };
      },
      (l) => seen.push(l),
      '> ',
    );
    expect(seen).toEqual(['> a', '> b', '> e']);
    expect(r).toEqual({ code: 3, stdout: 'a\nb\n', stderr: 'e\n' });
  });
});
