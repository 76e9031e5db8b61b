/**
 * `build:` on real components (issue #10, "Build once, ship the image"): a real sshd on loopback,
 * compose v1 on the real engine, Debian's docker-registry with htpasswd auth. `on: runner`: the
 * runner builds and pushes, the host only pulls (its report has a Pull phase and no Build); `on:
 * host`: a template change is built once on the host over SSH and only web is pushed; `rollback`
 * pulls the retained tag; the password never shows in `ps` or any output; a stopped registry fails
 * the run before any container changes. The tests of the describe run in order on one deployed site.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './harness/cli.js';
import { containerIds, docker, imageIdOf, imageIdOfTag } from './harness/docker.js';
import { LONG, registryApp, registryAppReady } from './harness/registry-app.js';

const ready = await registryAppReady('docker-compose v1');
const phases = (r: CliRun): string[] => r.json.phases.map((p: { name: string }) => p.name);
const short = (sha: string): string => `release-${sha.slice(0, 12)}`;

/** Samples every process's argv every 100 ms while `fn` runs; returns the lines that showed `needle`. */
async function psSampled<T>(needle: string, fn: () => Promise<T>): Promise<{ value: T; leaks: string[]; samples: number }> {
  const leaks: string[] = [];
  let samples = 0;
  let on = true;
  const loop = (async () => {
    while (on) {
      const out = await new Promise<string>((resolve) => execFile('ps', ['-eww', '-o', 'args='], (_e, stdout) => resolve(stdout ?? '')));
      samples++;
      leaks.push(...out.split('\n').filter((l) => l.includes(needle)));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    return { value: await fn(), leaks, samples };
  } finally {
    on = false;
    await loop;
  }
}

describe.runIf(ready)('build once on the runner, hosts pull from a real registry', () => {
  const app = registryApp({ tmpPrefix: 'gitops-e2e-registry', projectPrefix: 'gdreg', on: 'runner', health: '30s' });
  const PASSWORD = app.password;
  const outputs: string[] = [];
  const shas = { A: '', B: '' };
  const cli = async (...args: string[]): Promise<CliRun> => {
    const { value, leaks, samples } = await psSampled(PASSWORD, () => runCli(app.args(...args), app.env()));
    expect(samples).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
    outputs.push(value.stdout, value.stderr);
    return value;
  };
  const ref = (service: string, sha: string) => `${app.reg.addr}/${app.project}/${service}:${short(sha)}`;
  const state = async () => JSON.parse(await readFile(join(app.hostPath, '.deploy', 'state.json'), 'utf8'));

  it(
    'first deploy: built and pushed on the runner, the host pulls every built service (no Build phase), the pulled image runs',
    async () => {
      shas.A = app.repo.head();
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(phases(r)).toContain('Publish');
      expect(phases(r)).toContain('Pull');
      expect(phases(r)).not.toContain('Build');
      expect(phases(r).indexOf('Publish')).toBeLessThan(phases(r).indexOf('Upload'));
      expect(r.stderr).toContain('build once on the runner: celery_beat celery_worker flower web');
      expect(await app.reg.tags(`${app.project}/web`)).toEqual([short(shas.A)]);
      expect(await app.reg.tags(`${app.project}/celery_worker`)).toEqual([short(shas.A)]);
      const web = (await containerIds(app.project)).web!;
      expect(await imageIdOf(web)).toBe(await imageIdOfTag(ref('web', shas.A)));
      const release = (await state()).releases[0];
      expect(release.images.web).toMatchObject({ ref: ref('web', shas.A), id: await imageIdOf(web) });
    },
    LONG,
  );

  it(
    'on: host, a template change: only web is built (once, on the host over SSH), pushed and pulled; the other services keep their recorded reference',
    async () => {
      await app.writeConfig('host', '30s');
      shas.B = await app.repo.commit('template', { 'app/templates/index.html': '<h1>B</h1>\n' });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toEqual(['web']);
      expect(phases(r)).not.toContain('Build');
      expect(r.stderr).toMatch(/build once on root@127\.0\.0\.1\S*: web\n/);
      expect(r.stderr).toContain(`push ${ref('web', shas.B)}\n`);
      expect(r.stderr).toContain(`pull ${ref('web', shas.B)}\n`);
      expect(await app.reg.tags(`${app.project}/web`)).toEqual([short(shas.A), short(shas.B)].sort());
      expect(await app.reg.tags(`${app.project}/celery_worker`)).toEqual([short(shas.A)]);
      const images = (await state()).releases[0].images;
      expect(images.web.ref).toBe(ref('web', shas.B));
      expect(images.celery_worker.ref).toBe(ref('celery_worker', shas.A));
    },
    LONG,
  );

  it(
    "rollback pulls A's retained tag (gone from the host first), builds nothing, and web runs A's pushed image",
    async () => {
      const pushedA = await imageIdOfTag(ref('web', shas.A));
      await docker(['rmi', ref('web', shas.A)]);
      const r = await cli('rollback');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ result: 'success', release: shas.A });
      expect(phases(r)).not.toContain('Build');
      expect(r.stderr).toContain(`pull ${ref('web', shas.A)}`);
      expect(await imageIdOfTag(ref('web', shas.A))).toBe(pushedA);
      expect(await imageIdOf((await containerIds(app.project)).web!)).toBe(pushedA);
    },
    LONG,
  );

  it(
    'a stopped registry fails the next deploy before any container or `current` changes, naming the registry',
    async () => {
      await app.reg.stop();
      const before = await containerIds(app.project);
      const link = readlinkSync(join(app.hostPath, 'current'));
      await app.repo.commit('template C', { 'app/templates/index.html': '<h1>C</h1>\n' });
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`registry ${app.reg.addr}: docker login failed`);
      expect(phases(r)).not.toContain('Upload');
      expect(await containerIds(app.project)).toEqual(before);
      expect(readlinkSync(join(app.hostPath, 'current'))).toBe(link);
    },
    LONG,
  );

  it('the password is in no output, no state and no audit line', async () => {
    const files = await Promise.all(['state.json', 'audit.log'].map((f) => readFile(join(app.hostPath, '.deploy', f), 'utf8')));
    expect([...outputs, ...files].filter((text) => text.includes(PASSWORD))).toEqual([]);
    expect(outputs.length).toBe(8);
  });
});
