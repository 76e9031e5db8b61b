/**
 * The deploy's switch of `current` rides in front of the Apply's first command (first-script.ts):
 * the real shell runs the rest only after the first part succeeded, and each part's failure is
 * reported as if it had run alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FirstScript, firstFailedCode, firstThenScript, runAfterFirst } from '../../src/apply/first-script.js';
import { CommandError } from '../../src/transport/types.js';
import { RecordingExecutor } from './helpers/fake-host.js';

const dash = (script: string) => spawnSync('dash', ['-c', script], { encoding: 'utf8' });

describe('firstThenScript', () => {
  it('runs the rest after a first part that succeeded, in one script', () => {
    expect(execFileSync('dash', ['-c', firstThenScript('echo one', 'echo two')], { encoding: 'utf8' })).toBe('one\ntwo\n');
  });

  it('a failed first part: its code and the marker, the rest never runs', () => {
    const r = dash(firstThenScript("echo nope >&2; (exit 3) && echo 'after'", 'echo rest'));
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('gd-first-failed 3\n');
    expect(r.stderr).toBe('nope\n');
    expect(firstFailedCode(r.stdout)).toBe(3);
  });

  it("the rest's failure is its own code, without the marker", () => {
    const r = dash(firstThenScript('true', 'exit 5'));
    expect(r.status).toBe(5);
    expect(firstFailedCode(r.stdout)).toBeUndefined();
  });
});

describe('runAfterFirst', () => {
  const up = ['docker', 'compose', '-p', 'app', 'up', '-d', '--no-deps', '--no-build', 'web'];
  const first = () => new FirstScript("ln -sfn 'releases/b1' '/srv/app/.current.tmp' && mv -Tf '/srv/app/.current.tmp' '/srv/app/current'");

  it('one round trip for the first script and the command; taken once', async () => {
    const exec = new RecordingExecutor();
    const pending = first();
    await runAfterFirst(exec, up, pending);
    await runAfterFirst(exec, up, pending);
    await pending.flush(exec);
    expect(exec.log).toEqual(['switch b + up web', 'up web']);
  });

  it("a failed first part is thrown as that script's failure, the command not run", async () => {
    const exec = new RecordingExecutor();
    exec.failAt = 'switch b';
    const pending = first();
    const e = await runAfterFirst(exec, up, pending).catch((x: unknown) => x);
    expect(pending.failed).toBe(true);
    expect(e).toBeInstanceOf(CommandError);
    expect((e as CommandError).argv).toMatch(/^ln -sfn /);
    expect(exec.log).toEqual(['switch b']);
  });

  it("a failed command is thrown as the command's own failure", async () => {
    const exec = new RecordingExecutor();
    exec.failAt = 'up web';
    const pending = first();
    const e = await runAfterFirst(exec, up, pending).catch((x: unknown) => x);
    expect((e as CommandError).argv).toEqual(up);
    expect(pending.failed).toBe(false);
  });

  it('nothing took it: flush sends it alone', async () => {
    const exec = new RecordingExecutor();
    await first().flush(exec);
    expect(exec.log).toEqual(['switch b']);
  });
});
