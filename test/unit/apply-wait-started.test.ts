/**
 * The wait after `up -d` (wait-started.ts): its text on literals, then the script run by dash
 * against a stub `docker` whose `inspect` answers one canned round after another.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeWaitStarted,
  PROBE_LOOP,
  PROBE_TRIES,
  noteSeen,
  restartCountsScript,
  seenOf,
  type Seen,
  type StableWindow,
  upFailedCode,
  upThenWaitScript,
  waitStartedScript,
} from '../../src/apply/wait-started.js';
import type { HealthProbe } from '../../src/apply/health-probe.js';
import { LocalExecutor } from './helpers/local-executor.js';

describe('waitStartedScript: the text', () => {
  const script = waitStartedScript('app', ['web', 'worker'], 59.2);

  it('lists each service once by its compose labels (one-off runs excluded), then inspects those ids', () => {
    const lists = script.split('\n').filter((l) => l.includes('docker ps'));
    expect(lists).toEqual([
      'found=$(docker ps -aq --no-trunc --filter label=com.docker.compose.project=app --filter label=com.docker.compose.service=web --filter label=com.docker.compose.oneoff=False) || exit 1',
      'found=$(docker ps -aq --no-trunc --filter label=com.docker.compose.project=app --filter label=com.docker.compose.service=worker --filter label=com.docker.compose.oneoff=False) || exit 1',
    ]);
    expect(script).toContain(`docker inspect --format '{{index .Config.Labels "com.docker.compose.service"}} {{.Name}} `);
    expect(script).toContain('$ids) || exit 1');
  });

  it('polls every 0.1 s (1 s where sleep takes whole seconds only), for the timeout in whole seconds, plus one', () => {
    expect(script).toContain('deadline=$(( $(date +%s) + 61 ))');
    expect(script).toContain('sleep 0.1 2>/dev/null || sleep 1');
    expect(waitStartedScript('app', ['web'], 0)).toContain('+ 2 ))');
  });

  it('quotes the project; refuses a service name that is not one', () => {
    expect(waitStartedScript("my app's", ['web'], 5)).toContain(`--filter 'label=com.docker.compose.project=my app'\\''s'`);
    expect(() => waitStartedScript('app', ['web; rm -rf /'], 5)).toThrow();
  });

  it('without probes: no probe function, starting only waits', () => {
    expect(script).not.toContain('docker exec');
    expect(script).not.toContain('ready');
    expect(script.split('\n')[0]).toBe('# wait-started: web worker');
  });

  it('with a probe: one bounded docker exec per probed service that retries the check inside, its argv quoted, when the container carries the same test; only starting containers are probed', () => {
    const argv = ['sh', '-c', "echo $(x) 'q'"];
    const probed = waitStartedScript('app', ['web', 'worker'], 60, { web: { test: ['CMD', ...argv], argv, timeoutSeconds: 3 } });
    expect(probed.split('\n')[0]).toBe('# wait-started: web worker (probing web)');
    expect(probed).toContain(
      `    web) [ "$3" = '["CMD","sh","-c","echo $(x) '\\''q'\\''"]' ] && gd_probe "$2" 3 sh -c 'echo $(x) '\\''q'\\''' ;;`,
    );
    // the check retried in the container by one exec; a container without sh: the check alone
    expect(probed).toContain(
      `    *) timeout -k 1 "$pt" docker exec "$pc" sh -c 'n=0; until "$@"; do n=$((n+1)); [ "$n" -lt 20 ] && sleep 0.05 2>/dev/null || exit 1; done' sh "$@"`,
    );
    expect(probed).toContain('  timeout -k 1 "$pt" docker exec "$pc" "$@"');
    expect(probed).toContain('      running/starting) ready "$svc" "$name" "$check" || waiting=');
    expect(probed).not.toContain('worker)');
  });

  it('the dry-run line', () => {
    expect(describeWaitStarted(['web', 'worker'], 59.2)).toBe(
      '  (then until web, worker run and are healthy: docker inspect every 0.1 s, up to 60 s)',
    );
    expect(describeWaitStarted(['web', 'worker'], 59.2, true)).toBe(
      '  (then until web, worker run and are healthy: docker inspect every 0.1 s, and while Docker says starting their compose healthcheck, tried every 0.05 s in the container by docker exec, up to 60 s)',
    );
  });

  it('the dry-run line for one service is singular', () => {
    expect(describeWaitStarted(['backend'], 30)).toBe('  (then until backend runs and is healthy: docker inspect every 0.1 s, up to 30 s)');
    expect(describeWaitStarted(['backend'], 30, true)).toBe(
      '  (then until backend runs and is healthy: docker inspect every 0.1 s, and while Docker says starting its compose healthcheck, tried every 0.05 s in the container by docker exec, up to 30 s)',
    );
  });
});

describe('upThenWaitScript: the text', () => {
  it('the up first, its output kept aside, then the wait', () => {
    const script = upThenWaitScript(['docker', 'compose', '-p', "my app's", 'up', '-d', 'web'], '# wait-started: web\nexit 0');
    expect(script).toBe(
      `gd_up=$(docker compose -p 'my app'\\''s' up -d web 2>&1) || { gd_rc=$?; [ -z "$gd_up" ] || printf '%s\\n' "$gd_up" >&2; echo "gd-up-failed $gd_rc"; exit $gd_rc; }\n# wait-started: web\nexit 0`,
    );
  });

  it('upFailedCode reads the line of a failed up only', () => {
    expect(upFailedCode('gd-up-failed 17\n')).toBe(17);
    expect(upFailedCode('')).toBeUndefined();
    expect(upFailedCode('x gd-up-failed 1\n')).toBeUndefined();
  });
});

/** the up run first by upThenWaitScript, against the stub */
const UP = ['docker', 'compose', '-p', 'app', 'up', '-d', '--no-deps', 'web'];

describe('waitStartedScript run by dash (stub docker)', () => {
  const local = new LocalExecutor();
  let dir: string;

  // `docker ps` prints $DIR/ps-<service> (absent: no container); `docker inspect` prints round N
  // from $DIR/round-N (the last one again once they run out) and counts the rounds in $DIR/rounds;
  // `docker exec` appends its arguments, each in [], to $DIR/exec-log, sleeps 3 s while $DIR/exec-hangs
  // exists, and passes from call number $DIR/exec-passes-at on (never without it); output on stdout
  // and stderr that the wait must swallow
  // `docker compose ... up`: logs that it ran to $DIR/up-log, prints compose's progress on stderr,
  // exits 3 with an error when $DIR/up-fails exists
  const STUB = `#!/bin/sh
d=$STUB_DIR
case "$1" in
  compose) echo up >> "$d/up-log"; echo ' Container app-web-1  Recreated' >&2
      [ ! -f "$d/up-fails" ] || { echo 'Error response from daemon: no such image' >&2; exit 3; } ;;
  ps) for a; do case "$a" in label=com.docker.compose.service=*) s=\${a#*service=} ;; esac; done
      [ ! -f "$d/ps-$s" ] || cat "$d/ps-$s" ;;
  inspect) [ ! -f "$d/inspect-fails" ] || { echo 'Error: No such object: c1' >&2; exit 1; }
      n=$(( $(cat "$d/rounds" 2>/dev/null || echo 0) + 1 )); echo $n > "$d/rounds"
      f="$d/round-$n"; [ -f "$f" ] || f=$(ls "$d"/round-* | sort -V | tail -n 1); cat "$f" ;;
  exec) shift; printf '[%s]' "$@" >> "$d/exec-log"; echo >> "$d/exec-log"
      [ "$2" != sh ] || [ ! -f "$d/no-sh" ] || { echo 'OCI runtime exec failed: exec: "sh": executable file not found' >&2; exit 126; }
      echo probe-out; echo probe-err >&2
      [ ! -f "$d/exec-hangs" ] || sleep 3
      n=$(( $(cat "$d/execs" 2>/dev/null || echo 0) + 1 )); echo $n > "$d/execs"
      [ -f "$d/exec-passes-at" ] && [ "$n" -ge "$(cat "$d/exec-passes-at")" ] ;;
esac
`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wait-started-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(
    name: string,
    files: Record<string, string>,
    services = ['web'],
    timeout = 30,
    probes: Record<string, HealthProbe> = {},
    stableSeconds = 0,
    window: StableWindow = {},
  ) {
    const d = join(dir, name);
    await writeFile(join(dir, '.keep'), '');
    await local.run(['mkdir', '-p', join(d, 'bin')]);
    await writeFile(join(d, 'bin', 'docker'), STUB);
    await chmod(join(d, 'bin', 'docker'), 0o755);
    for (const [f, text] of Object.entries(files)) await writeFile(join(d, f), text);
    const started = Date.now();
    const wait =
      files['restart-counts'] === undefined
        ? waitStartedScript('app', services, timeout, probes, stableSeconds, undefined, window)
        : restartCountsScript('app', services);
    const r = await local.run(['dash', '-c', files['up-first'] === undefined ? wait : upThenWaitScript(UP, wait)], {
      env: { PATH: `${join(d, 'bin')}:${process.env.PATH}`, STUB_DIR: d },
      allowFailure: true,
    });
    const rounds = Number((await local.run(['cat', join(d, 'rounds')], { allowFailure: true })).stdout.trim() || 0);
    const execs = (await local.run(['cat', join(d, 'exec-log')], { allowFailure: true })).stdout;
    const ups = (await local.run(['cat', join(d, 'up-log')], { allowFailure: true })).stdout.split('\n').filter(Boolean).length;
    return { ...r, rounds, execs, ups, ms: Date.now() - started };
  }

  describe('upThenWaitScript: the up and its wait in one round trip', () => {
    it('the up succeeds: its progress is dropped, then the wait runs as on its own', async () => {
      const r = await run('up-ok', {
        'up-first': '',
        'ps-web': 'c1\n',
        'round-1': 'web /app-web-1 running starting 0\n',
        'round-2': 'web /app-web-1 running healthy 0\n',
      });
      expect(r).toMatchObject({ code: 0, stdout: '', stderr: '', ups: 1, rounds: 2 });
      expect(upFailedCode(r.stdout)).toBeUndefined();
    });

    it('the up fails: its exit code and its output, no wait (nothing listed or inspected)', async () => {
      const r = await run('up-fails', { 'up-first': '', 'up-fails': '', 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 running none 0\n' });
      expect(r).toMatchObject({ code: 3, stdout: 'gd-up-failed 3\n', ups: 1, rounds: 0 });
      expect(r.stderr).toBe(' Container app-web-1  Recreated\nError response from daemon: no such image\n');
      expect(upFailedCode(r.stdout)).toBe(3);
    });

    it("the wait fails after a good up: only the wait's message on stderr, no up-failed line", async () => {
      const r = await run('up-ok-wait-fails', { 'up-first': '', 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 exited none 2\n' });
      expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'health check failed: app-web-1 is exited (exit code 2)\n', ups: 1 });
      expect(upFailedCode(r.stdout)).toBeUndefined();
    });
  });

  it.each<[string, Record<string, string>, number]>([
    [
      'healthy on the third round',
      {
        'round-1': 'web /app-web-1 running starting 0\n',
        'round-2': 'web /app-web-1 running starting 0\n',
        'round-3': 'web /app-web-1 running healthy 0\n',
      },
      3,
    ],
    [
      'created, then running without a healthcheck',
      { 'round-1': 'web /app-web-1 created none 0\n', 'round-2': 'web /app-web-1 running none 0\n' },
      2,
    ],
    [
      'restarting waits, then running',
      { 'round-1': 'web /app-web-1 restarting none 1\n', 'round-2': 'web /app-web-1 running none 0\n' },
      2,
    ],
  ])('%s: exit 0 after %#', async (name, rounds, expected) => {
    const r = await run(`ok-${rounds['round-1']!.split(' ')[2]}-${expected}`, { 'ps-web': 'c1\n', ...rounds });
    expect(r).toMatchObject({ code: 0, stderr: '', rounds: expected });
  });

  it('waits for every container of every service, and names the waiting ones', async () => {
    const both = 'web /app-web-1 running healthy 0\nweb /app-web-2 running starting 0\nworker /app-worker-1 running none 0\n';
    const r = await run(
      'two',
      { 'ps-web': 'c1\nc2\n', 'ps-worker': 'c3\n', 'round-1': both, 'round-2': both.replace('starting', 'healthy') },
      ['web', 'worker'],
    );
    expect(r).toMatchObject({ code: 0, rounds: 2 });
  });

  it.each<[string, string, string]>([
    ['unhealthy', 'web /app-web-1 running unhealthy 0\n', 'health check failed: app-web-1 is unhealthy'],
    ['exited', 'web /app-web-1 exited none 3\n', 'health check failed: app-web-1 is exited (exit code 3)'],
    ['dead', 'web /app-web-1 dead none 137\n', 'health check failed: app-web-1 is dead (exit code 137)'],
    ['exited with a stale healthy status', 'web /app-web-1 exited healthy 1\n', 'health check failed: app-web-1 is exited (exit code 1)'],
    [
      'restarting after a crash, which Docker reports as unhealthy',
      'web /app-web-1 restarting unhealthy 3 2 unless-stopped\n',
      'health check failed: app-web-1 crashed: Docker restarted it 2 time(s) (last exit code 3; it is restarting, which Docker reports as unhealthy)',
    ],
    [
      'the first failing container is named',
      'web /app-web-1 running starting 0\nweb /app-web-2 running unhealthy 0\nweb /app-web-3 exited none 1\n',
      'health check failed: app-web-2 is unhealthy',
    ],
  ])('%s: fails on the first round', async (name, round, message) => {
    const r = await run(`fail-${name.replace(/\W+/g, '-')}`, { 'ps-web': 'c1\n', 'round-1': round });
    expect(r).toMatchObject({ code: 1, stderr: `${message}\n`, rounds: 1 });
  });

  it('restartCountsScript: one inspect, no wait; a SEEN line for each container running (healthy, with a healthcheck), the rest left out', async () => {
    const round =
      'web /app-web-1 running healthy 0 1\nweb /app-web-2 running starting 0 0\nworker /app-worker-1 running none 0 3\nworker /app-worker-2 restarting none 1 4\n';
    const r = await run('counts', { 'restart-counts': '', 'ps-web': 'c1\nc2\n', 'ps-worker': 'c3\nc4\n', 'round-1': round }, [
      'web',
      'worker',
    ]);
    expect(r).toMatchObject({ code: 0, stderr: '', rounds: 1 });
    expect(seenOf(r.stdout)).toEqual([
      { name: 'app-web-1', since: expect.any(Number), restarts: 1, health: true },
      { name: 'app-worker-1', since: expect.any(Number), restarts: 3 },
    ]);
  });

  it('a service without a container fails before any inspect', async () => {
    const r = await run('missing', { 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 running none 0\n' }, ['web', 'worker']);
    expect(r).toMatchObject({ code: 1, stderr: 'service worker has no container after up\n', rounds: 0 });
  });

  it('a container gone between the list and the inspect: docker says so, exit non-zero', async () => {
    const r = await run('gone', { 'ps-web': 'c1\n', 'inspect-fails': '' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe('Error: No such object: c1\n');
  });

  it('still starting at the timeout: says what it waited for, after about the timeout', async () => {
    const r = await run('timeout', { 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 running starting 0\n' }, ['web'], 1);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('health check timed out after 1 s: app-web-1 running/starting\n');
    // `date +%s` has whole seconds: never before the timeout, at most 1 s after, polling about every 0.1 s
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.ms).toBeLessThan(4000);
    expect(r.rounds).toBeGreaterThan(3);
  });

  describe('health.stable_for: a container without a healthcheck must run that long without a restart', () => {
    it('running without a restart: started once it has run more than the window (whole seconds), not before', async () => {
      const r = await run('stable-ok', { 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 running none 0 0\n' }, ['web'], 30, {}, 1);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.ms).toBeGreaterThanOrEqual(1000);
      expect(r.ms).toBeLessThan(4000);
      expect(r.rounds).toBeGreaterThan(3);
    });

    it('restarted by its restart policy during the window: fails, saying it crashed', async () => {
      const r = await run(
        'stable-crash',
        {
          'ps-web': 'c1\n',
          'round-1': 'web /app-web-1 running none 0 0\n',
          'round-2': 'web /app-web-1 restarting none 3 1\n',
          'round-3': 'web /app-web-1 running none 0 1\n',
        },
        ['web'],
        30,
        {},
        3,
      );
      // caught as soon as the count changed, while Docker still says restarting
      expect(r).toMatchObject({ code: 1, rounds: 2 });
      expect(r.stderr).toBe(
        'health check failed: app-web-1 crashed: Docker restarted it 1 time(s) before it had run 3 s (it has no healthcheck; health.stable_for)\n',
      );
    });

    it('a healthy container with a healthcheck is not held by the window; another without one is, each container on its own', async () => {
      const round = 'web /app-web-1 running healthy 0 0\nworker /app-worker-1 running none 0 0\nworker /app-worker-2 running none 0 5\n';
      const r = await run('stable-two', { 'ps-web': 'c1\n', 'ps-worker': 'c2\nc3\n', 'round-1': round }, ['web', 'worker'], 30, {}, 1);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.ms).toBeGreaterThanOrEqual(1000);
    });

    it('a recording wait of 0 s: at once, printing when it first saw each container without a healthcheck, or healthy with one (seenOf)', async () => {
      const round = 'web /app-web-1 running healthy 0 0\nworker /app-worker-1 running none 0 2\n';
      const files = { 'ps-web': 'c1\n', 'ps-worker': 'c2\n', 'round-1': round };
      const r = await run('stable-record', files, ['web', 'worker'], 30, {}, 0, { record: true });
      expect(r).toMatchObject({ code: 0, stderr: '', rounds: 1 });
      const seen = seenOf(r.stdout);
      expect(seen).toEqual([
        { name: 'app-web-1', since: expect.any(Number), restarts: 0, health: true },
        { name: 'app-worker-1', since: expect.any(Number), restarts: 2 },
      ]);
      expect(Math.abs(seen[0]!.since - Date.now() / 1000)).toBeLessThan(60);
    });

    /** web's one container, seen by an earlier wait `ago` s before (with `record`'s restarts and flags), judged in one round (`line`) by a 3 s window. */
    const webSeen = (name: string, ago: number, record: Omit<Seen, 'name' | 'since'>, line: string) =>
      run(name, { 'ps-web': 'c1\n', 'round-1': line }, ['web'], 30, {}, 3, {
        seen: [{ name: 'app-web-1', since: Math.floor(Date.now() / 1000) - ago, ...record }],
      });

    it('the window started by an earlier wait (seen): a container seen long enough ago is started at the first round', async () => {
      const r = await webSeen('stable-seen', 10, { restarts: 2 }, 'web /app-web-1 running none 0 2\n');
      expect(r).toMatchObject({ code: 0, stderr: '', rounds: 1 });
    });

    it('restarted since an earlier wait saw it: fails at the first round, saying it crashed', async () => {
      const r = await webSeen('stable-seen-crash', 0, { restarts: 0 }, 'web /app-web-1 running none 0 2\n');
      expect(r).toMatchObject({ code: 1, rounds: 1 });
      expect(r.stderr).toBe(
        'health check failed: app-web-1 crashed: Docker restarted it 2 time(s) before it had run 3 s (it has no healthcheck; health.stable_for)\n',
      );
    });

    it('restarted after its window was served (carried from the part before the tasks): says so, not "before it had run"', async () => {
      const r = await webSeen('stable-served-crash', 10, { restarts: 0, served: true }, 'web /app-web-1 running none 0 1\n');
      expect(r).toMatchObject({ code: 1, rounds: 1 });
      expect(r.stderr).toBe(
        'health check failed: app-web-1 crashed: Docker restarted it 1 time(s) after it had run 3 s without one (its stable window, served before the tasks; it has no healthcheck; health.stable_for)\n',
      );
    });

    it('restarted since an earlier wait saw it once, longer ago than the window: says when, as seen (at most T s), not "before it had run"', async () => {
      const r = await webSeen('stable-seen-late', 30, { restarts: 0 }, 'web /app-web-1 running none 0 1\n');
      expect(r).toMatchObject({ code: 1, rounds: 1 });
      expect(r.stderr).toMatch(
        /^health check failed: app-web-1 crashed: Docker restarted it 1 time\(s\) at most 3\d s after a wait first saw it running \(it has no healthcheck; health\.stable_for\)\n$/,
      );
    });

    it('restarted since an earlier wait saw it, which last saw it 2 s later (carried `last`): between 2 s and T s', async () => {
      const since = Math.floor(Date.now() / 1000) - 30;
      const r = await run('stable-seen-last', { 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 running none 0 1\n' }, ['web'], 30, {}, 3, {
        seen: [{ name: 'app-web-1', since, restarts: 0, last: since + 2 }],
      });
      expect(r).toMatchObject({ code: 1, rounds: 1 });
      expect(r.stderr).toMatch(
        /^health check failed: app-web-1 crashed: Docker restarted it 1 time\(s\) between 2 s and 3\d s after a wait first saw it running \(it has no healthcheck; health\.stable_for\)\n$/,
      );
    });

    it('a recording wait that passed prints when it last saw each container it knows (noteSeen keeps it)', async () => {
      const since = Math.floor(Date.now() / 1000) - 30;
      const files = {
        'ps-web': 'c1\n',
        'ps-worker': 'c2\n',
        'round-1': 'web /app-web-1 running none 0 0\nworker /app-worker-1 running healthy 0 0\n',
      };
      const seen: Seen[] = [{ name: 'app-web-1', since, restarts: 0 }];
      const r = await run('stable-lasts', files, ['web', 'worker'], 30, {}, 0, { record: true, seen });
      expect(r).toMatchObject({ code: 0, stderr: '', rounds: 1 });
      noteSeen(seen, r.stdout);
      expect(seen).toEqual([
        { name: 'app-web-1', since, restarts: 0, last: expect.any(Number) },
        { name: 'app-worker-1', since: expect.any(Number), restarts: 0, health: true, last: seen[1]!.since },
      ]);
      expect(seen[0]!.last).toBeGreaterThanOrEqual(since + 30);
    });

    it('restarted after it had run its window in this wait, another still waiting: says so', async () => {
      const seen = [{ name: 'app-web-1', since: Math.floor(Date.now() / 1000) - 30, restarts: 0 }];
      const files = {
        'ps-web': 'c1\n',
        'ps-worker': 'c2\n',
        'round-1': 'web /app-web-1 running none 0 0\nworker /app-worker-1 running starting 0 0\n',
        'round-2': 'web /app-web-1 running none 0 1\nworker /app-worker-1 running starting 0 0\n',
      };
      const r = await run('stable-after-window', files, ['web', 'worker'], 30, {}, 3, { seen });
      expect(r).toMatchObject({ code: 1, rounds: 2 });
      expect(r.stderr).toBe(
        'health check failed: app-web-1 crashed: Docker restarted it 1 time(s) after it had run 3 s without one (its stable window; it has no healthcheck; health.stable_for)\n',
      );
    });

    it('a container with a healthcheck, seen healthy by an earlier wait, restarted and healthy again: fails, saying it crashed', async () => {
      const r = await webSeen('stable-hc-crash', 10, { restarts: 0, served: true, health: true }, 'web /app-web-1 running healthy 0 1\n');
      expect(r).toMatchObject({ code: 1, rounds: 1 });
      expect(r.stderr).toBe(
        'health check failed: app-web-1 crashed: Docker restarted it 1 time(s) after a wait had seen it running and healthy, before the tasks (it has a healthcheck, which passes again after a restart; health.stable_for)\n',
      );
    });

    it('a container with a healthcheck seen healthy, its restart count unchanged: started at the first round', async () => {
      const r = await webSeen('stable-hc-same', 0, { restarts: 2, health: true }, 'web /app-web-1 running healthy 0 2\n');
      expect(r).toMatchObject({ code: 0, stderr: '', rounds: 1 });
    });

    it('the window of 0 s: at once (the first round)', async () => {
      const r = await run('stable-zero', { 'ps-web': 'c1\n', 'round-1': 'web /app-web-1 running none 0 0\n' }, ['web'], 30, {}, 0);
      expect(r).toMatchObject({ code: 0, rounds: 1 });
    });
  });

  describe('a one-shot service (a migrate job) that exited 0 with no restart policy or on-failure has finished', () => {
    it.each<[string, string, number, string]>([
      ['restart no, exit 0', 'no', 0, ''],
      ['restart on-failure, exit 0', 'on-failure', 0, ''],
      ['no restart policy (-), exit 0', '-', 0, ''],
      ['restart no, exit 1', 'no', 1, 'health check failed: app-migrate-1 is exited (exit code 1)\n'],
      ['restart unless-stopped, exit 0', 'unless-stopped', 0, 'health check failed: app-migrate-1 is exited (exit code 0)\n'],
      ['restart always, exit 0', 'always', 0, 'health check failed: app-migrate-1 is exited (exit code 0)\n'],
    ])('%s', async (name, policy, code, stderr) => {
      const round = `migrate /app-migrate-1 exited none ${code} 0 ${policy}\n`;
      const r = await run(`oneshot-${policy}-${code}`, { 'ps-migrate': 'c1\n', 'round-1': round }, ['migrate'], 30, {}, 3);
      expect(r).toMatchObject({ code: stderr ? 1 : 0, stderr, rounds: 1 });
    });
  });

  describe('the probe while Docker says starting', () => {
    const probeOf = (argv: string[], timeoutSeconds = 2): HealthProbe => ({ test: ['CMD', ...argv], argv, timeoutSeconds });
    const WEB = probeOf(['check', '--fast']);
    /** `docker exec` of the check, retried in the container (PROBE_LOOP), as the stub logs it */
    const LOOPED = (container: string, args = '[check][--fast]') => `[${container}][sh][-c][${PROBE_LOOP}][sh]${args}\n`;
    /** the container's own test as docker inspect prints it (its JSON) */
    const CHECK = '["CMD","check","--fast"]';
    const starting = `web /app-web-1 running starting 0 0 unless-stopped ${CHECK}\n`;

    it('ready the first time the probe passes, while Docker still says starting; its output swallowed', async () => {
      const r = await run('probe-passes', { 'ps-web': 'c1\n', 'round-1': starting, 'exec-passes-at': '3' }, ['web'], 30, { web: WEB });
      expect(r).toMatchObject({ code: 0, stdout: '', stderr: '', rounds: 3 });
      expect(r.execs).toBe(LOOPED('app-web-1').repeat(3));
    });

    it('a failing probe keeps waiting; Docker saying unhealthy still fails at once', async () => {
      const files = {
        'ps-web': 'c1\n',
        'round-1': starting,
        'round-2': starting,
        'round-3': `web /app-web-1 running unhealthy 0 0 unless-stopped ${CHECK}\n`,
      };
      const r = await run('probe-fails', files, ['web'], 30, { web: WEB });
      expect(r).toMatchObject({ code: 1, stderr: 'health check failed: app-web-1 is unhealthy\n', rounds: 3 });
      expect(r.execs).toBe(LOOPED('app-web-1').repeat(2));
    });

    it("Docker's healthy still counts; created, exited and unhealthy containers are never probed", async () => {
      const healthy = {
        'round-1': `web /app-web-1 created starting 0 0 ${CHECK}\n`,
        'round-2': `web /app-web-1 running healthy 0 0 unless-stopped ${CHECK}\n`,
      };
      const ok = await run('probe-docker-healthy', { 'ps-web': 'c1\n', ...healthy, 'exec-passes-at': '1' }, ['web'], 30, { web: WEB });
      expect(ok).toMatchObject({ code: 0, rounds: 2, execs: '' });
      const exited = { 'round-1': `web /app-web-1 exited starting 2 0 ${CHECK}\n`, 'exec-passes-at': '1' };
      const r = await run('probe-exited', { 'ps-web': 'c1\n', ...exited }, ['web'], 30, { web: WEB });
      expect(r).toMatchObject({ code: 1, stderr: 'health check failed: app-web-1 is exited (exit code 2)\n', execs: '' });
    });

    it("a container whose test is not the compose model's (a compose file edited on the host) is left to Docker", async () => {
      const edited = 'web /app-web-1 running starting 0 0 unless-stopped ["CMD","false"]\n';
      const files = {
        'ps-web': 'c1\n',
        'round-1': edited,
        'round-2': edited,
        'round-3': 'web /app-web-1 running unhealthy 0 0 unless-stopped ["CMD","false"]\n',
      };
      const r = await run('probe-edited', { ...files, 'exec-passes-at': '1' }, ['web'], 30, { web: WEB });
      expect(r).toMatchObject({ code: 1, stderr: 'health check failed: app-web-1 is unhealthy\n', rounds: 3, execs: '' });
    });

    it('only services with a probe are probed (an image-only healthcheck waits for Docker); a passed container is not probed again', async () => {
      const web = `web /app-web-1 running starting 0 0 unless-stopped ${CHECK}\nweb /app-web-2 running starting 0 0 unless-stopped ${CHECK}\n`;
      const worker = (health: string) => `worker /app-worker-1 running ${health} 0 0 ["CMD-SHELL","from the image"]\n`;
      const files = { 'ps-web': 'c1\nc2\n', 'ps-worker': 'c3\n', 'exec-passes-at': '1' };
      const rounds = { 'round-1': web + worker('starting'), 'round-2': web + worker('starting'), 'round-3': web + worker('healthy') };
      const r = await run('probe-mixed', { ...files, ...rounds }, ['web', 'worker'], 30, { web: WEB });
      expect(r).toMatchObject({ code: 0, stderr: '', rounds: 3 });
      expect(r.execs).toBe(LOOPED('app-web-1') + LOOPED('app-web-2'));
    });

    it('hostile arguments reach docker exec unchanged', async () => {
      const argv = ['sh', '-c', 'echo "$(x)" `y` $HOME \\ <&>', "it's", 'two\nlines', '', '; rm -rf /'];
      const line = `web /app-web-1 running starting 0 0 unless-stopped ${JSON.stringify(['CMD', ...argv])}\n`;
      const r = await run('probe-quoting', { 'ps-web': 'c1\n', 'round-1': line, 'exec-passes-at': '1' }, ['web'], 30, {
        web: probeOf(argv),
      });
      expect(r).toMatchObject({ code: 0, rounds: 1 });
      expect(r.execs).toBe(LOOPED('app-web-1', argv.map((a) => `[${a}]`).join('')));
    });

    it('a hanging probe is cut at its timeout and Docker decides', async () => {
      const files = {
        'round-1': starting,
        'round-2': `web /app-web-1 running healthy 0 0 unless-stopped ${CHECK}\n`,
        'exec-hangs': '',
        'exec-passes-at': '1',
      };
      const r = await run('probe-hangs', { 'ps-web': 'c1\n', ...files }, ['web'], 30, { web: probeOf(['check', '--fast'], 1) });
      expect(r).toMatchObject({ code: 0, rounds: 2 });
      expect(r.ms).toBeGreaterThanOrEqual(1000);
      expect(r.ms).toBeLessThan(2900);
    });

    it('still starting at the timeout with a failing probe: the same message', async () => {
      const r = await run('probe-timeout', { 'ps-web': 'c1\n', 'round-1': starting }, ['web'], 1, { web: WEB });
      expect(r).toMatchObject({ code: 1, stderr: 'health check timed out after 1 s: app-web-1 running/starting\n' });
      expect(r.execs.split('\n').length).toBeGreaterThan(3);
    });

    it('a container without sh (exec exits 126): the check by itself, then and in its later rounds', async () => {
      const files = { 'round-1': starting, 'round-2': starting, 'no-sh': '', 'exec-passes-at': '2' };
      const r = await run('probe-no-sh', { 'ps-web': 'c1\n', ...files }, ['web'], 30, { web: WEB });
      expect(r).toMatchObject({ code: 0, stderr: '', rounds: 2 });
      expect(r.execs).toBe(LOOPED('app-web-1') + '[app-web-1][check][--fast]\n'.repeat(2));
    });
  });
});

describe('PROBE_LOOP run by dash: the check retried in the container', () => {
  const local = new LocalExecutor();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'probe-loop-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The loop around a check that counts its tries in `file` and passes from try `passAt` on (never: 0). */
  async function loop(file: string, passAt: number) {
    const check = `n=$(( $(cat "$1" 2>/dev/null || echo 0) + 1 )); echo $n > "$1"; [ ${passAt} -gt 0 ] && [ $n -ge ${passAt} ]`;
    const started = Date.now();
    const r = await local.run(['dash', '-c', PROBE_LOOP, 'sh', 'sh', '-c', check, 'check', join(dir, file)], { allowFailure: true });
    const tries = Number((await local.run(['cat', join(dir, file)])).stdout.trim());
    return { code: r.code, tries, ms: Date.now() - started };
  }

  it('exit 0 at the first try that passes', async () => {
    expect(await loop('third', 3)).toMatchObject({ code: 0, tries: 3 });
    expect(await loop('first', 1)).toMatchObject({ code: 0, tries: 1 });
  });

  it(`a check that never passes: exit 1 after ${PROBE_TRIES} tries, 0.05 s apart`, async () => {
    const r = await loop('never', 0);
    expect(r).toMatchObject({ code: 1, tries: PROBE_TRIES });
    expect(r.ms).toBeGreaterThanOrEqual((PROBE_TRIES - 1) * 50);
    expect(r.ms).toBeLessThan(5000);
  });
});
