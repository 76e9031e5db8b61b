/** A poller through the real app's nginx: counts failed requests while a deploy runs. */

export interface PollResult {
  total: number;
  failed: number;
  /** first and last failure, ms since the poller started */
  window: [number, number] | null;
}

/** GET /health through nginx every `everyMs` until stop() (each request waits at most 5 s). */
export function startPoller(port: number, everyMs = 50): { stop(): Promise<PollResult> } {
  const r: PollResult = { total: 0, failed: 0, window: null };
  const start = Date.now();
  let running = true;
  const inflight: Promise<void>[] = [];
  const one = async (): Promise<void> => {
    const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) })
      .then((res) => res.text().then(() => res.status >= 200 && res.status < 300))
      .catch(() => false);
    r.total++;
    if (!ok) {
      r.failed++;
      const t = Date.now() - start;
      r.window = [r.window?.[0] ?? t, t];
    }
  };
  const loop = (async () => {
    while (running) {
      inflight.push(one());
      await new Promise((res) => setTimeout(res, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(inflight);
      return r;
    },
  };
}
