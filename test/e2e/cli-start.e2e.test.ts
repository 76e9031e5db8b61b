/**
 * `--help` answers without loading the command modules (ssh2 among them): they are imported only
 * when a command runs. ssh2 is CommonJS, so once loaded it shows in the require cache.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from './harness/cli.js';

function loadedAfter(args: string[]): { ssh2: boolean; out: string } {
  const main = pathToFileURL(join(dirname(CLI), 'entry', 'cli', 'main.js')).href;
  const script = [
    `import { createRequire } from 'node:module';`,
    `const { cliMain } = await import(${JSON.stringify(main)});`,
    `const write = process.stdout.write.bind(process.stdout); let out = '';`,
    `process.stdout.write = (c) => ((out += c), true);`,
    `await cliMain(${JSON.stringify(args)});`,
    `const cache = Object.keys(createRequire(import.meta.url).cache);`,
    `write(JSON.stringify({ ssh2: cache.some((k) => k.includes('/node_modules/ssh2/')), out }));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { ssh2: boolean; out: string };
}

describe('CLI cold start', () => {
  it('--help prints the usage without loading ssh2', () => {
    const r = loadedAfter(['--help']);
    expect(r.out).toContain('gitops-deploy');
    expect(r.ssh2).toBe(false);
  });

  it('a command that runs loads them (the check above can see ssh2)', () => {
    const r = loadedAfter(['plan', '--repo', '/nonexistent-gitops-repo', '--target', 'x']);
    expect(r.ssh2).toBe(true);
  });
});
