/**
 * Streaming over a real sshd (#12): a remote command that prints a line per second shows each
 * line in the log while it runs, not when it ends, prefixed, and its output is still returned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHost, type HostConnection } from '../../src/transport/connect.js';
import { runStreamed } from '../../src/transport/line-stream.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';

const enabled = gate('sshd', sshdAvailable());

describe.skipIf(!enabled)('remote output streamed line by line over SSH', () => {
  let sshd: SshdHandle;
  let conn: HostConnection;

  beforeAll(async () => {
    sshd = await startSshd();
    conn = await connectHost({ host: `${sshd.user}@127.0.0.1`, port: sshd.port, privateKey: sshd.clientKey, knownHosts: sshd.knownHosts });
  });

  afterAll(async () => {
    await conn?.cleanup();
    await sshd?.stop();
  });

  it('a command printing a line per second shows each line before it ends', async () => {
    const t0 = Date.now();
    const seen: { line: string; at: number }[] = [];
    const script = 'for i in 1 2 3; do echo "tick $i"; sleep 1; done; echo "to stderr" >&2';
    const r = await runStreamed(
      (hooks) => conn.exec.sh(script, hooks),
      (line) => seen.push({ line, at: Date.now() - t0 }),
      '[task] ',
    );
    const end = Date.now() - t0;
    expect(seen.map((s) => s.line)).toEqual(['[task] tick 1', '[task] tick 2', '[task] tick 3', '[task] to stderr']);
    // tick 1 arrived about 3 s before the command ended (it sleeps 1 s after each line)
    expect(end - seen[0]!.at).toBeGreaterThan(1500);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThan(500);
    expect(r).toMatchObject({ code: 0, stdout: 'tick 1\ntick 2\ntick 3\n', stderr: 'to stderr\n' });
  });
});
