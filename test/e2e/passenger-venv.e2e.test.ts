/**
 * The virtualenv of a passenger target on real components (sshd, rsync, a real venv made by
 * /usr/bin/python3, pip installing local wheels offline): the deploy's pip step changes the one
 * venv every release uses before the switch, so when a later step fails, the release that keeps
 * serving must find its own requirements there again; a venv that cannot run must not stay so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './harness/cli.js';
import { passengerApp } from './harness/light-passenger.js';
import { PASSENGER_FIXTURE, pythonVenvAvailable } from './harness/passenger-hosts.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + rsync + python3-venv', sshdAvailable() && pythonVenvAvailable());

const TARGET = `    venv: pyenv
    python: /usr/bin/python3
    pip_args: [--no-index, --find-links, wheels]
`;

/** Writes wheels/libx-<version>-py3-none-any.whl (the fixture's tool) into the repository. */
function wheel(repoDir: string, version: string): void {
  execFileSync('/usr/bin/python3', [join(PASSENGER_FIXTURE, 'tools', 'make_wheel.py'), join(repoDir, 'wheels'), 'libx', version]);
}

/** What the venv's libx says: "from-wheel-<version>". */
function libx(path: string): string {
  return execFileSync(join(path, 'pyenv', 'bin', 'python'), ['-c', 'import libx; print(libx.VALUE)'], { encoding: 'utf8' }).trim();
}

describe.runIf(ready)('the virtualenv of a passenger target', () => {
  let sshd: SshdHandle;
  let tmp = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-venv-revert');
    env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  // the revert said "aborted before the switch: v1 keeps serving" (or restored the in-place code),
  // and v1 ran on libx 2.0: its next process (a restart, Passenger spawning one) imported it
  it.each(['releases', 'in-place'] as const)(
    '%s: pip upgraded a pinned requirement, a task failed: the revert reinstalls the serving release requirements',
    async (layout) => {
      const root = join(tmp, layout);
      await mkdir(root, { recursive: true });
      const { repoDir, path, repo } = await passengerApp(root, sshd.port, layout, TARGET);
      const config = readFileSync(join(repoDir, '.github', 'deploy.yml'), 'utf8');
      await writeFile(join(repoDir, '.github', 'deploy.yml'), `tasks:\n  check: {command: "sh check.sh", paths: [check.sh]}\n${config}`);
      wheel(repoDir, '1.0');
      wheel(repoDir, '2.0');
      await writeFile(join(repoDir, 'requirements.txt'), 'libx==1.0\n');
      await writeFile(join(repoDir, 'check.sh'), 'exit 0\n');
      repo.commit('v1');
      const deploy = () => runCli(['deploy', '--repo', repoDir, '--json'], env);
      const first = await deploy();
      expect(first.code, first.stderr).toBe(0);
      expect(libx(path)).toBe('from-wheel-1.0');

      await writeFile(join(repoDir, 'requirements.txt'), 'libx==2.0\n');
      await writeFile(join(repoDir, 'check.sh'), 'echo "migration failed" >&2; exit 3\n');
      repo.commit('v2: libx 2.0 and a failing task');
      const failed = await deploy();
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toMatch(/task check failed/);
      expect(libx(path), 'the venv holds what the serving release (v1) requires').toBe('from-wheel-1.0');
      expect(failed.stderr).toMatch(/requirements of [0-9a-f]{12} reinstalled/);
    },
  );

  // requirements.txt only said `-r base.txt`: the planner watched requirements.txt alone, so a deploy
  // that changed base.txt (or a wheel of --find-links) ran no pip and the new code ran on the old
  // packages; a rollback across such a change kept the newer ones
  it('releases: a change in a file pip reads through requirements.txt (-r base.txt) reinstalls, on a deploy and on a rollback', async () => {
    const root = join(tmp, 'included');
    await mkdir(root, { recursive: true });
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', TARGET);
    wheel(repoDir, '1.0');
    wheel(repoDir, '2.0');
    await writeFile(join(repoDir, 'requirements.txt'), '-r requirements/base.txt\n');
    await mkdir(join(repoDir, 'requirements'));
    await writeFile(join(repoDir, 'requirements', 'base.txt'), 'libx==1.0\n');
    const v1 = repo.commit('v1');
    const cli = (...args: string[]) => runCli([...args, '--repo', repoDir, '--json'], env);
    const first = await cli('deploy');
    expect(first.code, first.stderr).toBe(0);
    expect(libx(path)).toBe('from-wheel-1.0');

    await writeFile(join(repoDir, 'requirements', 'base.txt'), 'libx==2.0\n');
    const v2 = repo.commit('v2: libx 2.0 in the included file');
    const second = await cli('deploy');
    expect(second.code, second.stderr).toBe(0);
    expect(libx(path), 'the deploy of v2 installed what v2 requires').toBe('from-wheel-2.0');
    expect(second.stderr).toContain('pip-install: runs (requirements/base.txt changed (read by pip');

    // a rollback whose pip fails (v1's wheel damaged on the host): v2 keeps serving on its own requirements
    const kept = join(path, 'releases', v1, 'wheels', 'libx-1.0-py3-none-any.whl');
    const wheelBytes = readFileSync(kept);
    await rm(kept);
    await writeFile(kept, 'not a zip\n');
    const failed = await cli('rollback');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(new RegExp(`requirements of ${v2.slice(0, 12)} reinstalled`));
    expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v2}`);
    expect(libx(path)).toBe('from-wheel-2.0');

    await rm(kept);
    await writeFile(kept, wheelBytes);
    const back = await cli('rollback');
    expect(back.code, back.stderr).toBe(0);
    expect(readlinkSync(join(path, 'current'))).toBe(`releases/${v1}`);
    expect(libx(path), 'the rollback to v1 reinstalled what v1 requires').toBe('from-wheel-1.0');
  });

  // Debian/Ubuntu without python3-venv: `python3 -m venv` makes <venv>/bin/python, then fails on
  // ensurepip. The deploy failed and said so; after `apt install python3-venv` every next deploy took
  // that venv as present and failed with "No module named pip" until someone removed it by hand
  it('a venv creation that fails half way leaves no venv behind: the next deploy creates it', async () => {
    const root = join(tmp, 'no-ensurepip');
    await mkdir(root, { recursive: true });
    const noEnsurepip = join(root, 'python3-without-venv');
    await writeFile(
      noEnsurepip,
      `#!/bin/sh\n# what Debian's python3 does without python3-venv: the venv is made, pip is not\n/usr/bin/python3 -m venv --without-pip "$3" || exit $?\necho 'The virtual environment was not created successfully because ensurepip is not available.' >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    const target = (python: string) => TARGET.replace('/usr/bin/python3', python);
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', target(noEnsurepip));
    wheel(repoDir, '1.0');
    await writeFile(join(repoDir, 'requirements.txt'), 'libx==1.0\n');
    repo.commit('v1');
    const deploy = () => runCli(['deploy', '--repo', repoDir, '--json'], env);
    const failed = await deploy();
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/ensurepip is not available/);

    // the admin installs python3-venv (here: the real interpreter)
    const config = join(repoDir, '.github', 'deploy.yml');
    await writeFile(config, readFileSync(config, 'utf8').replace(noEnsurepip, '/usr/bin/python3'));
    repo.commit('python3-venv installed');
    const again = await deploy();
    expect(again.code, again.stderr).toBe(0);
    expect(libx(path)).toBe('from-wheel-1.0');
  });

  // the host's Python was upgraded and the old interpreter removed: the venv's bin/python3 dangles.
  // The deploy saw "the virtualenv is missing", ran `python3 -m venv` on it, which fails on the
  // dangling link ([Errno 2]), and so did every deploy after it: the site stayed down
  it('a virtualenv whose interpreter is gone is made again (--clear), and the deploy installs the requirements', async () => {
    const root = join(tmp, 'python-gone');
    await mkdir(root, { recursive: true });
    const { repoDir, path, repo } = await passengerApp(root, sshd.port, 'releases', TARGET);
    wheel(repoDir, '1.0');
    await writeFile(join(repoDir, 'requirements.txt'), 'libx==1.0\n');
    repo.commit('v1');
    const deploy = () => runCli(['deploy', '--repo', repoDir, '--json'], env);
    const first = await deploy();
    expect(first.code, first.stderr).toBe(0);
    await rm(join(path, 'pyenv', 'bin', 'python3'));
    await symlink('/usr/bin/python3.0-removed-by-the-host', join(path, 'pyenv', 'bin', 'python3'));
    await writeFile(join(repoDir, 'app.py'), 'x = 2\n');
    repo.commit('v2: code only');
    const again = await deploy();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/the virtualenv is missing/);
    expect(libx(path)).toBe('from-wheel-1.0');
  });
});
