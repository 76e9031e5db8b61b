/** A local HTTP server standing in for the GitHub REST API (GITHUB_API_URL) for one test file. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { Reporter } from '../../../src/core/reporter.js';

export function useApiServer(handle: (req: IncomingMessage, res: ServerResponse) => void): void {
  let server: Server;
  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.GITHUB_API_URL;
    await new Promise((r) => server.close(r));
  });
}

/** A reporter that keeps its info and warning lines (clear them with `.length = 0`). */
export function collectingReporter(): { reporter: Reporter; infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  const reporter: Reporter = {
    group: (_n, fn) => fn(),
    info: (m) => void infos.push(m),
    warning: (m) => void warnings.push(m),
    error: () => undefined,
    secret: () => undefined,
    persist: () => undefined,
  };
  return { reporter, infos, warnings };
}
