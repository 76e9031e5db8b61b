/**
 * The wait after `up -d` (wait-started.ts): its text on literals, then the script run by dash
 * against a stub `docker` whose `inspect` answers one canned round after another.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWaitStarted, waitStartedScript } from '../../src/apply/wait-started.js';
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

  it('the dry-run line', () => {
    expect(describeWaitStarted(['web', 'worker'], 59.2)).toBe(
      '  (then until web, worker run and are healthy: docker inspect every 0.1 s, up to 60 s)',
    );
  });
});

describe('waitStartedScript run by dash (stub docker)', () => {
  const local = new LocalExecutor();
  let dir: string;

  // `docker ps` prints $DIR/ps-<service> (absent: no container); `docker inspect` prints round N
  // from $DIR/round-N (the last one again once they run out) and counts the rounds in $DIR/rounds
  const STUB = `#!/bin/sh
d=$STUB_DIR
case "$1" in
  ps) for a; do case "$a" in label=com.docker.compose.service=*) s=\${a#*service=} ;; esac; done
      [ ! -f "$d/ps-$s" ] || cat "$d/ps-$s" ;;
  inspect) [ ! -f "$d/inspect-fails" ] || { echo 'Error: No such object: c1' >&2; exit 1; }
      n=$(( $(cat "$d/rounds" 2>/dev/null || echo 0) + 1 )); echo $n > "$d/rounds"
      f="$d/round-$n"; [ -f "$f" ] || f=$(ls "$d"/round-* | sort -V | tail -n 1); cat "$f" ;;
esac
`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wait-started-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(name: string, files: Record<string, string>, services = ['web'], timeout = 30) {
    const d = join(dir, name);
    await writeFile(join(dir, '.keep'), '');
    await local.run(['mkdir', '-p', join(d, 'bin')]);
    await writeFile(join(d, 'bin', 'docker'), STUB);
    await chmod(join(d, 'bin', 'docker'), 0o755);
    for (const [f, text] of Object.entries(files)) await writeFile(join(d, f), text);
    const started = Date.now();
    const r = await local.run(['dash', '-c', waitStartedScript('app', services, timeout)], {
      env: { PATH: `${join(d, 'bin')}:${process.env.PATH}`, STUB_DIR: d },
      allowFailure: true,
    });
    const rounds = Number((await local.run(['cat', join(d, 'rounds')], { allowFailure: true })).stdout.trim() || 0);
    return { ...r, rounds, ms: Date.now() - started };
  }

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
      'the first failing container is named',
      'web /app-web-1 running starting 0\nweb /app-web-2 running unhealthy 0\nweb /app-web-3 exited none 1\n',
      'health check failed: app-web-2 is unhealthy',
    ],
  ])('%s: fails on the first round', async (name, round, message) => {
    const r = await run(`fail-${name.replace(/\W+/g, '-')}`, { 'ps-web': 'c1\n', 'round-1': round });
    expect(r).toMatchObject({ code: 1, stderr: `${message}\n`, rounds: 1 });
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
});
