/** connectAhead: the session the command's withSession takes, or closes it when none did. */
import { describe, expect, it } from 'vitest';
import { connectAhead, withSession } from '../../src/session/session.js';
import { fakeSession } from './helpers/fake-session.js';

describe('connectAhead', () => {
  it('withSession with the same settings takes the session opened ahead, with its failure; the closer then has nothing to close', async () => {
    const s = fakeSession('/srv/app');
    const settings = { ...s.settings, ssh: { ...s.settings.ssh, privateKey: undefined } };
    const close = await connectAhead(settings, s.config, s.reporter, s.report);
    let ran = false;
    const taken = withSession(settings, s.config, s.reporter, s.report, async () => void (ran = true));
    await expect(taken).rejects.toThrow('an SSH private key is required');
    expect(ran).toBe(false);
    await expect(close()).resolves.toBeUndefined();
  });

  it('the closer of a session nobody took waits for its opening (here: refused) and never throws', async () => {
    const s = fakeSession('/srv/app');
    const settings = { ...s.settings, ssh: { ...s.settings.ssh, privateKey: undefined } };
    const close = await connectAhead(settings, s.config, s.reporter, s.report);
    await expect(close()).resolves.toBeUndefined();
    // closed: a later withSession opens its own
    await expect(withSession(settings, s.config, s.reporter, s.report, async () => undefined)).rejects.toThrow(
      'an SSH private key is required',
    );
  });
});
