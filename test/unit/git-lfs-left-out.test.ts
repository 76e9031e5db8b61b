/**
 * The Plan's Git LFS check on a real repository made with git-lfs, one object missing from the
 * local store (a checkout with `git lfs pull --exclude=static/raw`): a file the target's upload never
 * sends needs no object, unless the runner builds from the whole tree (a frontend build, images
 * built on the runner), where the pointer would end up in the build.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Settings } from '../../src/core/settings.js';
import { refuseMissingLfs } from '../../src/pipeline/plan.js';
import type { Planned } from '../../src/strategies/types.js';
import { dropLfsObject, forgetLfsFilter, lfsTrack } from '../e2e/harness/lfs.js';
import { hostileTempDir, initRepo, type TempRepo } from './helpers/local-host.js';
import { withTools } from './helpers/tools.js';

const ready = withTools('Git LFS repositories', 'git-lfs');

/** The target "t" of a config whose target lines are `lines` (passenger, releases layout unless they say otherwise). */
function target(lines: string) {
  const text = `version: 1\ncompose:\n  project: app\ntargets:\n  t:\n    host: deploy@web1\n    path: /srv/app\n${lines}`;
  return parseConfig(text, 'deploy.yml').targets['t']!;
}

const PASSENGER = '    strategy: passenger\n';

describe.runIf(ready)('the LFS check leaves out what the upload never sends', () => {
  let repo: TempRepo;
  let sha = '';
  const check = (lines: string) =>
    refuseMissingLfs({ repo: repo.dir } as Settings, { to: sha } as Planned, target(lines)).then(
      () => 'ok',
      (e: Error) => e.message,
    );

  beforeAll(async () => {
    repo = await initRepo(await hostileTempDir('gitops-lfs-left-out'));
    lfsTrack(repo.dir, '*.bin');
    sha = await repo.commit({ 'static/logo.bin': 'logo'.repeat(300), 'static/raw/huge.bin': 'huge'.repeat(300) });
    forgetLfsFilter(repo.dir);
    dropLfsObject(repo.dir, sha, 'static/raw/huge.bin');
  });
  afterAll(async () => {
    if (repo) await rm(dirname(repo.dir), { recursive: true, force: true });
  });

  it('nothing leaves it out: refused, naming the file', async () => {
    expect(await check(PASSENGER)).toMatch(/is an LFS pointer whose content is not in the local LFS store: static\/raw\/huge\.bin\./);
  });

  it('excluded, or a shared path: no object needed', async () => {
    expect(await check(`${PASSENGER}    exclude: ["static/raw/"]\n`)).toBe('ok');
    expect(await check(`${PASSENGER}    exclude: ["*.bin"]\n`)).toBe('ok');
    expect(await check(`${PASSENGER}    shared: [static/raw/huge.bin]\n`)).toBe('ok');
    expect(await check(`    strategy: compose\n    exclude: ["static/raw/"]\n`)).toBe('ok');
  });

  it('a pattern that leaves out another file only: refused', async () => {
    expect(await check(`${PASSENGER}    exclude: ["static/logo.bin"]\n`)).toMatch(/static\/raw\/huge\.bin\./);
  });

  it('the runner builds from the whole tree (frontend, images built on the runner): refused although excluded', async () => {
    const frontend = `    frontend:\n      build: "true"\n      dist: dist\n      public_html: /var/www/html\n`;
    expect(await check(`${PASSENGER}    exclude: ["static/raw/"]\n${frontend}`)).toMatch(/static\/raw\/huge\.bin\./);
    const build = `    build:\n      on: runner\n      registry: registry.example.com:5000\n`;
    expect(await check(`    strategy: compose\n    exclude: ["static/raw/"]\n${build}`)).toMatch(/static\/raw\/huge\.bin\./);
  });
});
