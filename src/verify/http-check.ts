import { shellQuote as q } from '../transport/quote.js';
import type { Executor } from '../transport/types.js';

export interface HttpExpectation {
  url: string;
  status?: number;
  body?: string;
  /** Request headers (`health.headers`), e.g. Host for a Django app whose ALLOWED_HOSTS lacks 127.0.0.1. */
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
}

/** The expectation a target's `health` section describes. */
export function healthExpectation(h: {
  url?: string;
  expect_status?: number;
  expect_body?: string;
  headers?: Readonly<Record<string, string>>;
  timeout: number;
}): HttpExpectation {
  return { url: h.url ?? '', status: h.expect_status, body: h.expect_body, headers: h.headers, timeoutMs: h.timeout };
}

const PYTHON_PROBE = `import sys,urllib.request as r,urllib.error as e
class N(r.HTTPRedirectHandler):
  def redirect_request(self,*a): return None
q=r.Request(sys.argv[1],headers=dict(zip(sys.argv[2::2],sys.argv[3::2])))
try:
  x=r.build_opener(N).open(q,timeout=5); b=x.read(); c=x.status
except e.HTTPError as h:
  b=h.read(); c=h.code
sys.stdout.write(b.decode("utf-8","replace")+"\\n"+str(c))`;

/** What the probe says on stderr on a host with none of curl, python3, wget. */
export const NO_HTTP_CLIENT = 'the health check needs curl, python3 or wget on the host: none is installed';

/**
 * One request from the host with curl, python3 or wget, whichever exists; prints body then status.
 * curl gets -g (--globoff): it would take `{a,b}` or `[1-2]` in a URL as a pattern and request each.
 * None follows a redirect (the 3xx is the answer). BusyBox wget cannot be told not to follow one
 * (and Debian's has no -T: it crashes on it), so its status is the first `-S` status line, the
 * answer of the URL itself; when it followed a redirect, the body it saved is another page's and
 * is not printed. With none of the three, it says so on stderr.
 */
export function httpProbeScript(url: string, headers: Readonly<Record<string, string>> = {}): string {
  const u = q(url);
  const pairs = Object.entries(headers);
  const h = pairs.map(([k, v]) => ` -H ${q(`${k}: ${v}`)}`).join('');
  const w = pairs.map(([k, v]) => ` --header=${q(`${k}: ${v}`)}`).join('');
  const py = pairs.map(([k, v]) => ` ${q(k)} ${q(v)}`).join('');
  return [
    `if command -v curl >/dev/null 2>&1; then curl -sS -g -m 5${h} -w '\\n%{http_code}' ${u};`,
    `elif command -v python3 >/dev/null 2>&1; then python3 -c ${q(PYTHON_PROBE)} ${u}${py};`,
    `elif ! command -v wget >/dev/null 2>&1; then echo ${q(NO_HTTP_CLIENT)} >&2; exit 127;`,
    `elif wget --help 2>&1 | grep -q max-redirect; then t=$(mktemp) || exit 1`,
    `  c=$(wget -S -q -T 5 --max-redirect=0${w} -O "$t" ${u} 2>&1 | awk '$1 ~ /^HTTP\\// {c=$2} END {print c}')`,
    `  cat "$t"; rm -f "$t"; printf '\\n%s' "\${c:-0}";`,
    `else t=$(mktemp) || exit 1; s=; command -v timeout >/dev/null 2>&1 && s='timeout 5'`,
    `  c=$($s wget -S${w} -O "$t" ${u} 2>&1 | awk '$1 ~ /^HTTP\\// {n++; if (n == 1) c=$2} END {print c, n+0}')`,
    `  [ "\${c#* }" = 1 ] && cat "$t"; rm -f "$t"; c=\${c% *}; printf '\\n%s' "\${c:-0}"; fi`,
  ].join('\n');
}

const PERCENT_25_ZONE = /^(https?:\/\/[^/?#]*\[[0-9A-Fa-f:.]+%)25([^\]]+\])/;

/**
 * health.url with its IPv6 zone id written as RFC 6874's "%25eth0": curl and python3 take it,
 * BusyBox wget (the probe on a host with neither) refuses it ("bad address"), while all three take
 * a bare "%eth0". The warning and the URL to write instead; undefined for any other URL.
 */
export function zoneIdWarning(url: string): { detail: string; fix: string } | undefined {
  if (!PERCENT_25_ZONE.test(url)) return undefined;
  return {
    detail: `health.url writes its IPv6 zone id as "%25<interface>": curl and python3 take it, BusyBox wget does not ("bad address"), and Verify probes with it on a host without curl and python3`,
    fix: `write it after a bare "%", which curl, python3 and BusyBox wget all take: ${url.replace(PERCENT_25_ZONE, '$1$2')}`,
  };
}

/** What to change when the app answers but not as expected: Django's usual first-hour answers. */
export function statusHint(status: number): string {
  if (status === 400)
    return ' (Django answers 400 to a Host header not in ALLOWED_HOSTS: set health.headers: {Host: <a name in ALLOWED_HOSTS>})';
  if (status >= 300 && status < 400)
    return ' (redirects are not followed: set health.expect_status to this status, or use a path exempt from the redirect, e.g. SECURE_REDIRECT_EXEMPT)';
  return '';
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
    const r = await exec.sh(httpProbeScript(want.url, want.headers), { allowFailure: true });
    const res = parseProbe(r.stdout);
    const problem = judgeResponse(res, want);
    if (!problem) return;
    if (problem === `HTTP no answer from ${want.url}` && r.stderr) last = `${problem}: ${r.stderr.trim().split('\n').pop()}`;
    else last = problem.startsWith('HTTP ') ? problem + statusHint(res.status) : problem;
    if (Date.now() >= deadline) throw new Error(`health URL check failed after ${Math.round(want.timeoutMs / 1000)} s: ${last}`);
    await new Promise((res) => setTimeout(res, pollMs));
  }
}
