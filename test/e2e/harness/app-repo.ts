/** A real git repository built from a fixture, with helpers to commit changes (no git mocks). */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface AppRepo {
  dir: string;
  git(...args: string[]): string;
  /** writes files (null deletes), commits, returns the new sha */
  commit(message: string, files: Record<string, string | null>): Promise<string>;
  head(): string;
}

export async function createAppRepo(fixture: string, dir: string, extra: Record<string, string> = {}): Promise<AppRepo> {
  await cp(fixture, dir, { recursive: true });
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      encoding: 'utf8',
    });
  git('init', '-q', '-b', 'main');
  const repo: AppRepo = {
    dir,
    git,
    head: () => git('rev-parse', 'HEAD').trim(),
    async commit(message, files) {
      for (const [path, content] of Object.entries(files)) {
        const abs = join(dir, path);
        if (content === null) await rm(abs, { force: true, recursive: true });
        else {
          await mkdir(dirname(abs), { recursive: true });
          await writeFile(abs, content);
        }
      }
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return repo.head();
    },
  };
  await repo.commit('initial', extra);
  return repo;
}
