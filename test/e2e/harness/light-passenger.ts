/**
 * A passenger app without a web server (no health URL, restart by touch) and a stand-in virtualenv:
 * fast e2e runs of what lands on the host over a real sshd + rsync.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A repository in `dir`: `files` written (a Buffer key path is used as raw bytes), committed. */
export function gitIn(dir: string) {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
      encoding: 'utf8',
    });
  return {
    git,
    commit(message: string): string {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

/**
 * A repo at <root>/repo with a passenger target "t" of layout `layout` at <root>/host (its venv a
 * stand-in), `extra` appended to the target, `fillers` small files beside the app; committed.
 */
export async function passengerApp(root: string, port: number, layout: 'releases' | 'in-place', extra: string, fillers = 0) {
  const repoDir = join(root, 'repo');
  const path = join(root, 'host');
  await mkdir(join(repoDir, '.github'), { recursive: true });
  await mkdir(join(path, 'venv', 'bin'), { recursive: true });
  await writeFile(join(path, 'venv', 'bin', 'python'), '#!/bin/sh\nexit 0\n');
  await chmod(join(path, 'venv', 'bin', 'python'), 0o755);
  await writeFile(
    join(repoDir, '.github', 'deploy.yml'),
    `version: 1
targets:
  t:
    strategy: passenger
    host: root@127.0.0.1
    port: ${port}
    path: ${path}
    layout: ${layout}
${extra}`,
  );
  await writeFile(join(repoDir, 'passenger_wsgi.py'), 'application = None\n');
  await writeFile(join(repoDir, 'requirements.txt'), '');
  for (let i = 0; i < fillers; i++) await writeFile(join(repoDir, `filler-${i}.txt`), `${i}\n`);
  const repo = gitIn(repoDir);
  repo.git('init', '-q', '-b', 'main');
  return { repoDir, path, repo };
}
