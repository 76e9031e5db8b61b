/** The lock's script text, on literals, parsed by sh and dash, and the lock read parser. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  acquireScript,
  breakLockScript,
  heartbeatScript,
  parseLockRead,
  readLockScript,
  releaseScript,
} from '../../src/session/lock-scripts.js';

const DIR = "/srv/it's app/.deploy/lock";

const scripts: [string, string][] = [
  ['acquire', acquireScript(DIR)],
  ['acquire then', acquireScript(DIR, 'echo read')],
  ['read', readLockScript(DIR)],
  ['break', breakLockScript(DIR, `${DIR}.stale.0011`, '{"runId":"r $(x)\'"}\n', 120)],
  ['heartbeat', heartbeatScript(DIR, 'run "7" $HOME')],
  ['release', releaseScript(DIR, 'run-1')],
];

describe('lock scripts', () => {
  it('acquire: the info read whole (ending in }) before mkdir takes the lock; a failed info write removes it again', () => {
    const L = `'/srv/it'\\''s app/.deploy/lock`;
    expect(acquireScript(DIR)).toBe(
      [
        `mkdir -p "$(dirname ${L}')" || exit 4`,
        `t=${L}.info.'$$`,
        `cat > "$t" && [ "$(tail -c 1 "$t")" = '}' ] || { rm -f "$t"; exit 4; }`,
        `mkdir ${L}' 2>/dev/null || { rm -f "$t"; exit 3; }`,
        `cat "$t" > ${L}/info.json' || { rm -rf ${L}' "$t"; exit 4; }`,
        'rm -f "$t"',
      ].join('; '),
    );
  });

  it('acquire with reads: they run after the info write, only once the lock is taken', () => {
    expect(acquireScript(DIR, 'cat state.json')).toBe(`${acquireScript(DIR)}\ncat state.json`);
  });

  it("read: host time, heartbeat (info.json mtime, else the dir's), then info.json", () => {
    expect(readLockScript('/d/lock')).toBe(
      [
        'cd /d/lock 2>/dev/null || exit 3',
        'now=$(date +%s)',
        'beat=$(stat -c %Y info.json 2>/dev/null || stat -c %Y . 2>/dev/null) || exit 3',
        'raw=$(cat info.json 2>/dev/null)',
        '[ "$(stat -c %i . 2>/dev/null)" = "$(stat -c %i /d/lock 2>/dev/null)" ] || exit 3',
        'printf \'%s\\n%s\\n%s\' "$now" "$beat" "$raw"',
      ].join('\n'),
    );
  });

  it("break: from inside the dead lock, same info, heartbeat still old enough on the host clock, one claim (a dead breaker's taken over), then rename away", () => {
    expect(breakLockScript('/d/lock', '/d/lock.stale.ab', '{"a":1}\n\n', 120.9)).toBe(
      [
        'cd /d/lock 2>/dev/null || exit 3',
        `[ "$(cat info.json 2>/dev/null)" = '{"a":1}' ] || exit 3`,
        'beat=$(stat -c %Y info.json 2>/dev/null || stat -c %Y . 2>/dev/null) || exit 3',
        'now=$(date +%s)',
        '[ "$((now - beat))" -ge 120 ] || exit 3',
        'mkdir .breaking 2>/dev/null || {',
        '  [ -d .breaking ] || exit 3',
        '  c=.breaking; while [ -d "$c/t" ]; do c="$c/t"; done',
        '  claimed=$(stat -c %Y "$c" 2>/dev/null) || exit 5',
        '  [ "$((now - claimed))" -ge 120 ] || exit 5',
        '  mkdir "$c/t" 2>/dev/null || exit 5',
        '}',
        '[ "$(stat -c %i . 2>/dev/null)" = "$(stat -c %i /d/lock 2>/dev/null)" ] || exit 3',
        'mv /d/lock /d/lock.stale.ab 2>/dev/null || exit 3',
        'for i in 1 2 3 4 5; do rm -rf /d/lock.stale.ab 2>/dev/null && break; done; :',
      ].join('\n'),
    );
  });

  it("heartbeat: touches info.json only when it is this run's, from inside the dir", () => {
    expect(heartbeatScript('/d/lock', 'run-1')).toBe(
      `cd /d/lock 2>/dev/null && [ -f info.json ] && grep -qF -e '"runId":"run-1"' info.json || exit 3; touch -c info.json`,
    );
  });

  it("release: removes the dir only when info.json is this run's", () => {
    expect(releaseScript('/d/lock', 'run-1')).toBe(
      `[ -f /d/lock/info.json ] && grep -qF -e '"runId":"run-1"' /d/lock/info.json || exit 3; rm -rf /d/lock`,
    );
  });

  it.each(scripts.flatMap(([name, text]) => ['sh', 'dash'].map((shell) => [name, shell, text] as const)))(
    '%s parses with %s -n',
    (_name, shell, text) => {
      const r = spawnSync(shell, ['-n', '-c', text], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    },
  );

  it('break script arithmetic runs in dash (a "$((" that is meant)', () => {
    const r = spawnSync(
      'dash',
      ['-c', 'beat=$(date +%s); beat=$((beat - 30)); now=$(date +%s); [ "$((now - beat))" -ge 20 ] && echo old'],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('old');
  });

  it('parseLockRead splits host time, heartbeat and raw info (kept byte for byte)', () => {
    expect(parseLockRead('1700000100\n1700000000\n{"runId":"a"}\n')).toEqual({
      hostNow: 1700000100,
      beat: 1700000000,
      raw: '{"runId":"a"}\n',
    });
    expect(parseLockRead('5\n4\n')).toEqual({ hostNow: 5, beat: 4, raw: '' });
    expect(() => parseLockRead('garbage')).toThrow(/unexpected lock read output/);
  });
});
