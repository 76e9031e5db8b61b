import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';

export interface HttpExpectation {
  url: string;
  status?: number;
  body?: string;
  timeoutMs: number;
}

/** One request from the host with curl, wget or python3, whichever exists; prints status then body. */
export function httpProbeScript(url: string): string {
  const u = q(url);
  return [
    `if command -v curl >/dev/null 2>&1; then curl -sS -m 5 -w '\\n%{http_code}' ${u};`,
    `elif command -v python3 >/dev/null 2>&1; then python3 -c 'import sys,urllib.request as r,urllib.error as e
try:
  x=r.urlopen(sys.argv[1],timeout=5); b=x.read(); c=x.status
except e.HTTPError as h:
  b=h.read(); c=h.code
sys.stdout.write(b.decode("utf-8","replace")+"\\n"+str(c))' ${u};`,
    `else wget -q -T 5 -O - ${u} && printf '\\n200'; fi`,
  ].join('\n');
}

/** Splits the probe's output: last line is the status code. */
export function parseProbe(stdout: string): { status: number; body: string } {
  const i = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(i + 1).trim()) || 0, body: i >= 0 ? stdout.slice(0, i) : '' };
}

export function judgeResponse(res: { status: number; body: string }, want: HttpExpectation): string | null {
  const okStatus = want.status !== undefined ? res.status === want.status : res.status >= 200 && res.status < 300;
  if (!okStatus) return `HTTP ${res.status || 'no answer'} from ${want.url}`;
  if (want.body !== undefined && !new RegExp(want.body).test(res.body))
    return `body of ${want.url} does not match /${want.body}/: ${res.body.slice(0, 200)}`;
  return null;
}

/** Polls the URL from the host until it answers as expected or the timeout passes. */
export async function waitForHttp(exec: Executor, want: HttpExpectation, pollMs = 500): Promise<void> {
  const deadline = Date.now() + want.timeoutMs;
  let last = 'no request made';
  for (;;) {
    const r = await exec.sh(httpProbeScript(want.url), { allowFailure: true });
    const problem = judgeResponse(parseProbe(r.stdout), want);
    if (!problem) return;
    last = problem === `HTTP no answer from ${want.url}` && r.stderr ? `${problem}: ${r.stderr.trim().split('\n').pop()}` : problem;
    if (Date.now() >= deadline) throw new Error(`health URL check failed after ${Math.round(want.timeoutMs / 1000)} s: ${last}`);
    await new Promise((res) => setTimeout(res, pollMs));
  }
}
