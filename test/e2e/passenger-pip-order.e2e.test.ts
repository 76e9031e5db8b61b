/**
 * Passenger in place on real Apache + Passenger: the new code must never be live with the old
 * virtualenv. The code used to be synced into the live tree before `pip install`: a Passenger spawn
 * in between (a restart, an idle-spawned process, a crash) ran the new code, which imports a
 * requirement the venv did not have yet (ImportError → 500).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apacheAvailable, startApache, type ApacheServer } from './harness/apache.js';
import { runCli } from './harness/cli.js';
import { gitIn } from './harness/light-passenger.js';
import { PASSENGER_FIXTURE, pythonVenvAvailable } from './harness/passenger-hosts.js';
import { pausedRun } from './harness/pause.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const ready = gate('sshd + apache2/passenger + python3-venv', sshdAvailable() && apacheAvailable() && pythonVenvAvailable());

/** The classic passenger_wsgi.py: re-exec into the venv's python, then import the app's requirements. */
const wsgi = (venv: string, version: string, modules: string[]) => `import os, sys
INTERP = ${JSON.stringify(`${venv}/bin/python`)}
if sys.executable != INTERP:
    os.execl(INTERP, INTERP, *sys.argv)
${modules.map((m) => `import ${m}`).join('\n')}
TEXT = ${JSON.stringify(`${version} `)} + " ".join(m.VALUE for m in (${modules.join(', ')},))

def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [TEXT.encode()]
`;

describe.runIf(ready)('passenger in place: code and virtualenv', () => {
  let sshd: SshdHandle;
  let apache: ApacheServer | undefined;
  let tmp = '';

  beforeAll(async () => {
    sshd = await startSshd();
    tmp = await makeTempDir('gitops-e2e-pip-order');
  });

  afterAll(async () => {
    await apache?.stop();
    await sshd?.stop();
    if (tmp) await removeTree(tmp);
  });

  it('a Passenger spawn at any point of a deploy that adds a requirement the new code imports gets no 500', async () => {
    const repoDir = join(tmp, 'repo');
    const path = join(tmp, 'host', 'app');
    const venv = join(path, 'pyenv');
    await mkdir(join(repoDir, '.github'), { recursive: true });
    await mkdir(path, { recursive: true, mode: 0o755 });
    // Apache first (on a port free when it binds it): its port goes into the config
    apache = await startApache({ appRoot: path, dir: await dirFor(tmp, 'apache') });
    const { port } = apache;
    await writeFile(
      join(repoDir, '.github', 'deploy.yml'),
      `version: 1
targets:
  t:
    strategy: passenger
    host: root@127.0.0.1
    port: ${sshd.port}
    path: ${path}
    layout: in-place
    venv: pyenv
    python: /usr/bin/python3
    pip_args: [--no-index, --find-links, wheels]
    health: {url: "http://127.0.0.1:${port}/", timeout: 20s}
`,
    );
    const wheel = (name: string) =>
      execFileSync('/usr/bin/python3', [join(PASSENGER_FIXTURE, 'tools', 'make_wheel.py'), join(repoDir, 'wheels'), name, '1.0']);
    const repo = gitIn(repoDir);
    repo.git('init', '-q', '-b', 'main');
    const release = async (version: string, modules: string[]) => {
      for (const m of modules) wheel(m);
      await writeFile(join(repoDir, 'requirements.txt'), modules.map((m) => `${m}==1.0\n`).join(''));
      await writeFile(join(repoDir, 'passenger_wsgi.py'), wsgi(venv, version, modules));
      repo.commit(version);
    };
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const get = async () => {
      const r = await fetch(`http://127.0.0.1:${port}/`);
      return `${r.status} ${r.status === 200 ? await r.text() : ''}`.trim();
    };
    let stamp = Math.floor(Date.now() / 1000) + 10;
    /** what a Passenger spawn serves now: the app restarted (restart.txt strictly newer), then asked */
    const respawned = async () => {
      await mkdir(join(path, 'tmp'), { recursive: true });
      await writeFile(join(path, 'tmp', 'restart.txt'), '');
      stamp += 2;
      await utimes(join(path, 'tmp', 'restart.txt'), stamp, stamp);
      return get();
    };

    await release('v1', ['liba']);
    const first = await runCli(['deploy', '--repo', repoDir], env);
    expect(first.code, first.stderr).toBe(0);
    expect(await get()).toBe('200 v1 from-wheel-1.0');

    // each deploy adds a requirement its code imports, and stops at one of its phases: a spawn there
    // gets the old code with either venv, or the new code with the new venv
    for (const [version, at, modules] of [
      ['v2', 'pip', ['liba', 'libb']],
      ['v3', 'upload', ['liba', 'libb', 'libc']],
    ] as const) {
      await release(version, [...modules]);
      const run = pausedRun(['deploy', '--repo', repoDir], env, at, tmp);
      let seen = '';
      try {
        await run.reached;
        seen = await respawned();
      } finally {
        await run.resume();
      }
      const r = await run.done;
      expect(r.code, r.stderr).toBe(0);
      expect(seen, `a spawn while the deploy of ${version} is at ${at}`).toMatch(/^200 v[1-3] /);
      expect(await respawned()).toBe(`200 ${version} ${modules.map(() => 'from-wheel-1.0').join(' ')}`);
      expect(existsSync(join(path, '.deploy', 'pip-stage')), 'the staged tree is removed').toBe(false);
    }
  });

  // pip in the staged copy would have left the venv's editable install pointing at that copy, removed
  // right after: the app's own package no longer imported
  it('a local editable requirement (-e ./mypkg) is installed from the live tree, with a warning', async () => {
    const root = join(tmp, 'editable');
    const repoDir = join(root, 'repo');
    const path = join(root, 'host', 'app');
    await mkdir(join(repoDir, '.github'), { recursive: true });
    await mkdir(join(repoDir, 'mypkg'), { recursive: true });
    await mkdir(path, { recursive: true, mode: 0o755 });
    await writeFile(
      join(repoDir, '.github', 'deploy.yml'),
      `version: 1\ntargets:\n  t:\n    strategy: passenger\n    host: root@127.0.0.1\n    port: ${sshd.port}\n    path: ${path}\n` +
        `    layout: in-place\n    venv: pyenv\n    python: /usr/bin/python3\n    pip_args: [--no-index]\n`,
    );
    await writeFile(join(repoDir, 'passenger_wsgi.py'), 'application = None\n');
    await writeFile(
      join(repoDir, 'mypkg', 'setup.py'),
      'from setuptools import setup\nsetup(name="mypkg", version="1.0", py_modules=["mypkg"])\n',
    );
    await writeFile(join(repoDir, 'mypkg', 'mypkg.py'), 'VALUE = "one"\n');
    await writeFile(join(repoDir, 'requirements.txt'), '-e ./mypkg\n');
    const repo = gitIn(repoDir);
    repo.git('init', '-q', '-b', 'main');
    repo.commit('v1');
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts };
    const imported = () =>
      execFileSync(join(path, 'pyenv', 'bin', 'python'), ['-c', 'import mypkg; print(mypkg.__file__, mypkg.VALUE)'], {
        encoding: 'utf8',
      }).trim();

    const first = await runCli(['deploy', '--repo', repoDir], env);
    expect(first.code, first.stderr).toBe(0);
    expect(imported()).toBe(`${join(path, 'mypkg', 'mypkg.py')} one`);
    expect(first.stdout + first.stderr).toMatch(/local editable requirements \(-e \.\/mypkg\): pip runs after the code sync/);

    await writeFile(join(repoDir, 'mypkg', 'mypkg.py'), 'VALUE = "two"\n');
    await writeFile(join(repoDir, 'requirements.txt'), '-e ./mypkg\n# touched\n');
    repo.commit('v2');
    const second = await runCli(['deploy', '--repo', repoDir], env);
    expect(second.code, second.stderr).toBe(0);
    expect(imported()).toBe(`${join(path, 'mypkg', 'mypkg.py')} two`);
  });
});

async function dirFor(tmp: string, name: string): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  return dir;
}
