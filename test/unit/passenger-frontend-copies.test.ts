/** Per-release frontend copies, with the real sh and rsync on hostile temp paths. */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { PassengerTarget } from '../../src/config/schema.js';
import type { Reporter } from '../../src/core/reporter.js';
import {
  dropFrontends,
  frontendSourceDiffScript,
  frontendSourceScript,
  keepFrontend,
} from '../../src/strategies/passenger/frontend-copies.js';
import { publicHtmlKeep, restoreScript } from '../../src/strategies/passenger/host-sync.js';
import { passengerPaths } from '../../src/strategies/passenger/paths.js';
import { changedBeyondTimes } from '../../src/strategies/passenger/frontend-tasks.js';
import { parseItemized } from '../../src/sync/run-rsync.js';
import { local, useHostileTempDir } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const tmp = useHostileTempDir('gd-frontend-copies');
const logs: string[] = [];
const reporter = { info: (m: string) => logs.push(m) } as unknown as Reporter;

function setup() {
  const root = tmp();
  const target = {
    strategy: 'passenger',
    host: 'u@h',
    path: join(root, 'app'),
    frontend: { build: 'b', dist: 'dist', public_html: join(root, 'public html'), protect: ['.htaccess'] },
  };
  const t = parseConfig(JSON.stringify({ version: 1, targets: { p: target } }), 'deploy.yml').targets.p as PassengerTarget;
  return { paths: passengerPaths(t), pub: t.frontend!.public_html, t };
}

describe('frontend copies', () => {
  it.runIf(withTools('the frontend copy synced by rsync', 'rsync'))(
    'a copy is hard-linked and keeps its content when public_html is synced with a new build',
    async () => {
      const { paths, pub } = setup();
      await mkdir(join(pub, 'assets'), { recursive: true });
      await writeFile(join(pub, 'index.html'), 'v5');
      await writeFile(join(pub, 'assets', 'app.js'), 'js5');
      await keepFrontend(local, paths, pub, 'a'.repeat(40), reporter);
      const copy = paths.frontendOf('a'.repeat(40));
      expect(copy).toBe(join(tmp(), 'app', '.deploy', 'frontend', 'a'.repeat(40)));
      expect((await stat(join(copy, 'index.html'))).ino).toBe((await stat(join(pub, 'index.html'))).ino);
      // the next build lands in public_html the way the deploy syncs it (rsync: new file, rename)
      const dist = join(tmp(), 'dist');
      await mkdir(dist);
      await writeFile(join(dist, 'index.html'), 'v8');
      await local.sh(restoreScript(dist, pub, { protect: ['.htaccess'] }));
      expect(await readFile(join(pub, 'index.html'), 'utf8')).toBe('v8');
      expect(existsSync(join(pub, 'assets'))).toBe(false);
      expect(await readFile(join(copy, 'index.html'), 'utf8')).toBe('v5');
      // a rollback puts it back, .htaccess untouched
      await writeFile(join(pub, '.htaccess'), 'keep');
      await local.sh(restoreScript(copy, pub, { protect: ['.htaccess'] }));
      expect(await readFile(join(pub, 'index.html'), 'utf8')).toBe('v5');
      expect(await readFile(join(pub, 'assets', 'app.js'), 'utf8')).toBe('js5');
      expect(await readFile(join(pub, '.htaccess'), 'utf8')).toBe('keep');
    },
  );

  it('frontendSourceScript: the copy first, then the snapshot (only when given), else nothing', async () => {
    const { paths } = setup();
    const copy = paths.frontendOf('b'.repeat(40));
    const snapshot = paths.publicHtmlSnapshot;
    const run = async (s?: string) => (await local.sh(frontendSourceScript(copy, s))).stdout.trim();
    expect(await run(snapshot)).toBe('');
    await mkdir(snapshot, { recursive: true });
    expect(await run(snapshot)).toBe('snapshot');
    expect(await run()).toBe('');
    await mkdir(copy, { recursive: true });
    expect(await run(snapshot)).toBe('copy');
  });

  it.runIf(withTools('frontendSourceDiffScript', 'rsync'))(
    'frontendSourceDiffScript: the source line, then what a restore from it would change in public_html; nothing without a source',
    async () => {
      const { paths, pub, t } = setup();
      const copy = paths.frontendOf('b'.repeat(40));
      const snapshot = paths.publicHtmlSnapshot;
      const run = async (s?: string) => (await local.sh(frontendSourceDiffScript(copy, pub, publicHtmlKeep(t), s))).stdout;
      await mkdir(join(pub, 'static'), { recursive: true });
      await writeFile(join(pub, 'static', 'app.css'), 'css v2');
      await writeFile(join(pub, '.htaccess'), 'protected');
      expect(await run(snapshot)).toBe('\n');
      await mkdir(join(snapshot, 'static'), { recursive: true });
      await writeFile(join(snapshot, 'static', 'app.css'), 'css v1');
      expect((await run(snapshot)).split('\n')[0]).toBe('snapshot');
      expect(await run(snapshot)).toContain('static/app.css');
      await mkdir(join(copy, 'static'), { recursive: true });
      await writeFile(join(copy, 'static', 'app.css'), 'css v2');
      const [source, ...dry] = (await run(snapshot)).split('\n');
      expect(source).toBe('copy');
      // the same bytes: at most a time-only line (the two files' mtimes differ when the second ticks between them)
      const beyondTimes = parseItemized(dry.join('\n')).filter((i) => changedBeyondTimes([i]));
      expect(beyondTimes).toEqual([]);
      expect(dry.join('\n')).not.toContain('.htaccess');
    },
  );

  it('dropFrontends deletes exactly the copies of the pruned releases', async () => {
    const { paths } = setup();
    for (const c of ['a', 'b', 'c']) await mkdir(join(paths.frontendOf(c.repeat(40)), 'x'), { recursive: true });
    await dropFrontends(local, paths, ['a'.repeat(40), 'c'.repeat(40)]);
    await dropFrontends(local, paths, []);
    expect(existsSync(paths.frontendOf('a'.repeat(40)))).toBe(false);
    expect(existsSync(paths.frontendOf('b'.repeat(40)))).toBe(true);
    expect(existsSync(paths.frontendOf('c'.repeat(40)))).toBe(false);
  });
});
