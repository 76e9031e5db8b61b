/**
 * `build:` on real components (the harness sshd, compose v1 on the real engine, Debian's
 * docker-registry with htpasswd auth): state.json's `releases[].images` name what a rollback pulls
 * and runs. A record edited by hand (or corrupted) to name an image of another repository must stop
 * the rollback with exit 2 before anything runs: no pull, the containers, `current` and the state
 * as they were.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerIds } from './harness/docker.js';
import { deployTwoReleases, LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');

describe.runIf(ready)('a rollback to a release whose recorded image is not one this target pushes', () => {
  const app = registryApp({ tmpPrefix: 'gitops-e2e-reg-state', projectPrefix: 'gdregstate', on: 'runner', health: '30s' });
  const cli = app.cli;
  const statePath = (): string => join(app.hostPath, '.deploy', 'state.json');

  it(
    'is refused with exit 2 (state.json corrupt or edited by hand?), nothing pulled, nothing changed',
    async () => {
      const { a } = await deployTwoReleases(app);

      const state = JSON.parse(await readFile(statePath(), 'utf8'));
      const evil = `${app.reg.addr}/evil/web:release-${a.slice(0, 12)}`;
      state.releases.find((r: { sha: string }) => r.sha === a).images.web.ref = evil;
      const text = `${JSON.stringify(state, null, 2)}\n`;
      await writeFile(statePath(), text);
      const before = { containers: await containerIds(app.project), link: readlinkSync(join(app.hostPath, 'current')) };

      const r = await cli('rollback');
      expect(r.stderr).not.toContain(`pull ${evil}`);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('state.json corrupt or edited by hand?');
      expect(r.stderr).toContain(
        `images["web"].ref "${evil}" is not an image this target pushes (${app.reg.addr}/${app.project}/web:release-<sha12>)`,
      );
      expect(await containerIds(app.project)).toEqual(before.containers);
      expect(readlinkSync(join(app.hostPath, 'current'))).toBe(before.link);
      expect(await readFile(statePath(), 'utf8')).toBe(text);
    },
    LONG,
  );
});
