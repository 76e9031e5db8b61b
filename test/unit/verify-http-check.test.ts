import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { judgeResponse, parseProbe, waitForHttp, type HttpExpectation } from '../../src/verify/http-check.js';
import type { Executor } from '../../src/transport/types.js';
import type { Session } from '../../src/session/session.js';
import { healthCheck } from '../../src/commands/doctor-checks.js';
import { local } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

/**
 * Runs scripts with stdout on a pipe, as OpenSSH's sshd does. Node's child stdio (LocalExecutor)
 * is a socket pair, where the probe's `curl -o /dev/stdout` cannot open its output (see the
 * it.fails test below).
 */
const pipedLocal: Executor = {
  name: 'local, stdout piped',
  run: (argv, opts) => local.run(argv, opts),
  sh: (script, opts) => local.sh(`{\n${script}\n} | cat`, opts),
  close: async () => undefined,
};

describe('parseProbe', () => {
  it.each<[string, string, { status: number; body: string }]>([
    ['body then status', 'hello\nworld\n200', { status: 200, body: 'hello\nworld' }],
    ['empty body', '\n204', { status: 204, body: '' }],
    ['curl without an answer prints 000', '\n000', { status: 0, body: '' }],
    ['nothing at all', '', { status: 0, body: '' }],
    ['no newline: status only', '503', { status: 503, body: '' }],
    ['garbage status', 'body\nnot-a-number', { status: 0, body: 'body' }],
    ['status with CR/spaces', 'ok\n 200 \r', { status: 200, body: 'ok' }],
  ])('%s', (_name, stdout, parsed) => {
    expect(parseProbe(stdout)).toEqual(parsed);
  });
});

const URL_ = 'http://127.0.0.1:8000/health';
const want = (w: Partial<HttpExpectation> = {}): HttpExpectation => ({ url: URL_, timeoutMs: 1000, ...w });

describe('judgeResponse', () => {
  it.each<[string, { status: number; body: string }, Partial<HttpExpectation>, string | null]>([
    ['200 ok by default', { status: 200, body: '' }, {}, null],
    ['204 ok by default (any 2xx)', { status: 204, body: '' }, {}, null],
    ['299 ok by default', { status: 299, body: '' }, {}, null],
    ['301 fails by default', { status: 301, body: '' }, {}, `HTTP 301 from ${URL_}`],
    ['503 fails', { status: 503, body: 'down' }, {}, `HTTP 503 from ${URL_}`],
    ['no answer (status 0)', { status: 0, body: '' }, {}, `HTTP no answer from ${URL_}`],
    ['expect_status matches exactly', { status: 401, body: '' }, { status: 401 }, null],
    ['expect_status rejects other 2xx', { status: 200, body: '' }, { status: 204 }, `HTTP 200 from ${URL_}`],
    ['body regex matches', { status: 200, body: '{"status": "ok"}' }, { body: '"status":\\s*"ok"' }, null],
    [
      'body regex mismatch quotes the body',
      { status: 200, body: 'maintenance' },
      { body: '^ok$' },
      `body of ${URL_} does not match /^ok$/: maintenance`,
    ],
    ['status is checked before the body', { status: 500, body: 'ok' }, { body: 'ok' }, `HTTP 500 from ${URL_}`],
  ])('%s', (_name, res, w, problem) => {
    expect(judgeResponse(res, want(w))).toBe(problem);
  });

  it('quotes at most 200 characters of a mismatching body', () => {
    const problem = judgeResponse({ status: 200, body: 'x'.repeat(1000) }, want({ body: 'ok' }));
    expect(problem?.endsWith(`: ${'x'.repeat(200)}`)).toBe(true);
  });
});

describe('the probe on a host without curl, python3 or wget', () => {
  it('fails naming the missing tools, not as a bare "no answer"', async () => {
    const bare: Executor = {
      name: 'bare',
      run: (argv, opts) => local.run(argv, opts),
      close: async () => undefined,
      sh: (script, opts) => local.run(['/bin/sh', '-c', `PATH=/nonexistent\n${script}`], opts),
    };
    await expect(waitForHttp(bare, { url: 'http://127.0.0.1:9/', timeoutMs: 0 }, 10)).rejects.toThrow(
      /no answer from http:\/\/127\.0\.0\.1:9\/: the health check needs curl, python3 or wget on the host: none is installed$/,
    );
  });
});

describe.runIf(withTools('the HTTP probe against a local server', 'curl|wget'))(
  'waitForHttp against a real local server (probe run by sh)',
  () => {
    let server: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      server = undefined;
    });

    /** Serves the given [status, body] answers in turn (the last one forever); returns its URL and a hit counter. */
    async function serve(...answers: [number, string][]): Promise<{ url: string; hits: () => number }> {
      let hits = 0;
      server = createServer((_req, res) => {
        const [status, body] = answers[Math.min(hits++, answers.length - 1)]!;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health?a=1&b=2`, hits: () => hits };
    }

    it('succeeds once the server answers 200 after two 503s', async () => {
      const s = await serve([503, 'starting'], [503, 'starting'], [200, 'ok']);
      await waitForHttp(local, { url: s.url, timeoutMs: 4000 }, 30);
      expect(s.hits()).toBe(3);
    });

    it('checks the body once the status is right (stdout on a pipe, as over ssh)', async () => {
      const s = await serve([503, 'starting'], [200, 'warming up'], [200, 'ok']);
      await waitForHttp(pipedLocal, { url: s.url, timeoutMs: 4000, body: '^ok$' }, 30);
      expect(s.hits()).toBe(3);
    });

    // BUG (latent): httpProbeScript runs `curl -o /dev/stdout`; when the probe's stdout is a socket
    // (Node child_process stdio, i.e. LocalExecutor) opening /dev/stdout fails with ENXIO, curl prints
    // "(23) Failure writing output to destination" and the body is always empty, so expect_body can
    // never match. Plain `curl -sS -m 5 -w '\n%{http_code}' URL` (body to stdout by default) works on
    // pipes and sockets alike. Over OpenSSH (stdout is a pipe) it works.
    it('checks the body through LocalExecutor too (stdout is a socket)', async () => {
      const s = await serve([200, 'ok']);
      await waitForHttp(local, { url: s.url, timeoutMs: 300, body: '^ok$' }, 30);
    });

    it('honours expect_status', async () => {
      const s = await serve([200, 'not yet'], [418, 'teapot']);
      await waitForHttp(local, { url: s.url, timeoutMs: 4000, status: 418 }, 30);
      expect(s.hits()).toBe(2);
    });

    it.each<[string, [number, string][], Partial<HttpExpectation>, RegExp]>([
      ['always 503', [[503, 'down']], {}, /health URL check failed after \d+ s: HTTP 503 from http:\/\/127\.0\.0\.1:\d+\/health\?a=1&b=2$/],
      ['body never matches', [[200, 'maintenance']], { body: 'ready' }, /does not match \/ready\/: maintenance$/],
      [
        '503 then a wrong body: the last reason is reported',
        [
          [503, 'x'],
          [200, 'maintenance'],
        ],
        { body: 'ready' },
        /does not match \/ready\/: maintenance$/,
      ],
    ])('times out with the last reason: %s', async (_name, answers, w, message) => {
      const s = await serve(...answers);
      const started = Date.now();
      // 1.5 s leaves room for several probes on a loaded 2-core machine (each probe spawns a shell)
      await expect(waitForHttp(pipedLocal, { url: s.url, timeoutMs: 1500, ...w }, 30)).rejects.toThrow(message);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(s.hits()).toBeGreaterThan(1);
    });

    it('no server at all: times out as "no answer" with the probe error', async () => {
      const s = await serve([200, 'ok']);
      const url = s.url;
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
      await expect(waitForHttp(local, { url, timeoutMs: 200 }, 30)).rejects.toThrow(
        /HTTP no answer from http:\/\/127\.0\.0\.1:\d+\/health\?a=1&b=2: \S/,
      );
    });
  },
);

describe('doctor: the health check on a host without curl, python3 or wget', () => {
  it('fails naming the missing tools, even before the first deploy', async () => {
    const bare: Executor = {
      name: 'bare',
      run: (argv, opts) => local.run(argv, opts),
      close: async () => undefined,
      sh: (script, opts) => local.run(['/bin/sh', '-c', `PATH=/nonexistent\n${script}`], opts),
    };
    const session = { target: { health: { url: 'http://127.0.0.1:9/', timeout: 1000 } }, conn: { exec: bare } } as unknown as Session;
    const check = await healthCheck(session, false);
    expect(check).toMatchObject({
      check: 'health',
      status: 'fail',
      detail: expect.stringContaining('needs curl, python3 or wget on the host'),
    });
  });
});

describe('doctor: health.url with an IPv6 zone id', () => {
  /** A host whose probe answers 200 "ok" (whichever client it has). */
  const answering: Executor = {
    name: 'answering',
    run: async () => ({ code: 0, stdout: 'ok\n200', stderr: '' }),
    sh: async () => ({ code: 0, stdout: 'ok\n200', stderr: '' }),
    close: async () => undefined,
  };
  const doctor = (url: string) =>
    healthCheck({ target: { health: { url, timeout: 1000 } }, conn: { exec: answering } } as unknown as Session, true);

  it('written "%25eth0" (RFC 6874): a warning that BusyBox wget refuses it, and the spelling all probes take', async () => {
    expect(await doctor('http://[fe80::1%25eth0]:8000/')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('BusyBox wget does not ("bad address")'),
      fix: expect.stringContaining('http://[fe80::1%eth0]:8000/'),
    });
  });

  it('written "%eth0": ok, as every probe takes it', async () => {
    expect(await doctor('http://[fe80::1%eth0]:8000/')).toMatchObject({ status: 'ok' });
  });
});
