/** One frontend build per deploy: the hosts of a rollout share the build of their plan, removed once when the run ends. */
import { describe, expect, it } from 'vitest';
import { frontendOnce, openFrontendSlot } from '../../src/strategies/passenger/frontend-once.js';
import type { BuiltFrontend } from '../../src/strategies/passenger/frontend.js';
import type { Planned } from '../../src/strategies/types.js';

function builds() {
  const log: string[] = [];
  let n = 0;
  const make =
    (fail = false) =>
    async (): Promise<BuiltFrontend> => {
      const id = ++n;
      log.push(`build ${id}`);
      if (fail) throw new Error('frontend build failed');
      return { dir: `/tmp/export-${id}`, dist: `/tmp/export-${id}/dist`, cleanup: async () => void log.push(`cleanup ${id}`) };
    };
  return { log, make };
}

const plan = (): Planned => ({ to: 'b'.repeat(40) }) as unknown as Planned;

describe('frontendOnce', () => {
  it('without an open slot (a run outside publish) each call builds, and the caller owns what it built', async () => {
    const b = builds();
    const planned = plan();
    const one = frontendOnce(planned, b.make());
    const two = frontendOnce(planned, b.make());
    expect([one.owned, one.reused, two.owned, two.reused]).toEqual([true, false, true, false]);
    expect((await one.built).dist).not.toBe((await two.built).dist);
    expect(b.log).toEqual(['build 1', 'build 2']);
  });

  it('with the slot open, the first host builds and the others (even at the same time) get the same build; closing removes it once', async () => {
    const b = builds();
    const planned = plan();
    const close = openFrontendSlot(planned);
    const [h1, h2, h3] = [frontendOnce(planned, b.make()), frontendOnce(planned, b.make()), frontendOnce(planned, b.make())];
    expect([h1.reused, h2.reused, h3.reused]).toEqual([false, true, true]);
    expect([h1.owned, h2.owned, h3.owned]).toEqual([false, false, false]);
    expect(await h2.built).toBe(await h1.built);
    expect(b.log).toEqual(['build 1']);
    await close();
    expect(b.log).toEqual(['build 1', 'cleanup 1']);
    // closed: the next run of this plan builds again, on its own
    expect(frontendOnce(planned, b.make()).owned).toBe(true);
  });

  it('another plan (another deploy) has its own build', async () => {
    const b = builds();
    const [p1, p2] = [plan(), plan()];
    const [c1, c2] = [openFrontendSlot(p1), openFrontendSlot(p2)];
    expect((await frontendOnce(p1, b.make()).built).dist).toBe('/tmp/export-1/dist');
    expect((await frontendOnce(p2, b.make()).built).dist).toBe('/tmp/export-2/dist');
    await c1();
    await c2();
    expect(b.log).toEqual(['build 1', 'build 2', 'cleanup 1', 'cleanup 2']);
  });

  it('a failed build is not retried by the next host, and closing after it does not throw', async () => {
    const b = builds();
    const planned = plan();
    const close = openFrontendSlot(planned);
    await expect(frontendOnce(planned, b.make(true)).built).rejects.toThrow('frontend build failed');
    await expect(frontendOnce(planned, b.make()).built).rejects.toThrow('frontend build failed');
    await close();
    expect(b.log).toEqual(['build 1']);
  });

  it('closing a slot where nothing was built does nothing', async () => {
    const b = builds();
    await openFrontendSlot(plan())();
    expect(b.log).toEqual([]);
  });
});
