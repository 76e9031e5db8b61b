/** Requests a URL every `stepMs` while a deploy runs; counts the answers that are not 200. */
export interface PollResult {
  total: number;
  failed: number;
}

export interface Poller {
  stop(): Promise<PollResult>;
}

export function startPoller(url: string, stepMs = 100): Poller {
  const result: PollResult = { total: 0, failed: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      result.total++;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status !== 200) result.failed++;
      } catch {
        result.failed++;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, stepMs - (Date.now() - started))));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return result;
    },
  };
}
