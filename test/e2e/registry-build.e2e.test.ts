/**
 * `build:` on real components (issue #10, "Build once, ship the image"): a real sshd on loopback,
 * compose v1 on the real engine, Debian's docker-registry with htpasswd auth. `on: runner`: the
 * runner builds and pushes, the host only pulls (its report has a Pull phase and no Build); `on:
 * host`: a template change is built once on the host over SSH and only web is pushed; `rollback`
 * pulls the retained tag; the password never shows in `ps` or any output; a stopped registry fails
 * the run before any container changes. The tests of the describe run in order on one deployed site.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRepo, type AppRepo } from './harness/app-repo.js';
import { runCli, type CliRun } from './harness/cli.js';
import {
  buildBusyboxBaseImage,
  containerIds,
  docker,
  dockerAvailable,
  imageIdOf,
  imageIdOfTag,
  removeProject,
  uniqueProject,
} from './harness/docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './harness/fixture-config.js';
import { registryAvailable, startRegistry, type RegistryHandle } from './harness/registry.js';
import { gate } from './harness/require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './harness/sshd.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/compose-app', import.meta.url));
const ready = gate(
  'sshd + docker engine + docker-compose v1 + docker-registry + htpasswd',
  sshdAvailable() && (await dockerAvailable()) && registryAvailable(),
);
const PASSWORD = `reg-${Math.random().toString(36).slice(2)}-pw`;
const LONG = 300_000;
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
  let sshd: SshdHandle;
  let reg: RegistryHandle;
  let tmp = '';
  let repo: AppRepo;
  let project = '';
  let hostPath = '';
  let config = '';
  const outputs: string[] = [];
  const shas = { A: '', B: '' };
  const cli = async (...args: string[]): Promise<CliRun> => {
    const env = { GITOPS_SSH_KEY: sshd.clientKey, GITOPS_KNOWN_HOSTS: sshd.knownHosts, GITOPS_REGISTRY_PASSWORD: PASSWORD };
    const { value, leaks, samples } = await psSampled(PASSWORD, () =>
      runCli([...args, '--repo', repo.dir, '--config', config, '--target', 'vps', '--json'], env),
    );
    expect(samples).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
    outputs.push(value.stdout, value.stderr);
    return value;
  };
  const ref = (service: string, sha: string) => `${reg.addr}/${project}/${service}:${short(sha)}`;
  const writeConfig = (on: 'runner' | 'host') => {
    const build = `build: {on: ${on}, registry: "${reg.addr}", username: ci}`;
    const target = composeTarget('vps', sshd.port, hostPath, [build, 'health: {services: true, timeout: 30s}']);
    return writeFile(config, `${fixtureHeader(project)}${FIXTURE_RULES}targets:\n${target}`);
  };
  const state = async () => JSON.parse(await readFile(join(hostPath, '.deploy', 'state.json'), 'utf8'));

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    tmp = await makeTempDir('gitops-e2e-registry');
    await mkdir(join(tmp, 'registry'));
    [sshd, reg] = await Promise.all([startSshd(), startRegistry(join(tmp, 'registry'), 'ci', PASSWORD)]);
    project = uniqueProject('gdreg');
    hostPath = join(tmp, 'host');
    config = join(tmp, 'deploy.yml');
    repo = await createAppRepo(FIXTURE, join(tmp, 'repo'));
    await mkdir(join(hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    await writeConfig('runner');
  }, LONG);

  afterAll(async () => {
    if (project) await removeProject(project);
    await reg?.stop();
    await sshd?.stop();
    if (reg) {
      const images = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${reg.addr}/*/*`], true);
      for (const image of images.stdout.split('\n').filter(Boolean)) await docker(['rmi', image], true);
    }
    if (tmp) await removeTree(tmp);
  });

  it(
    'first deploy: built and pushed on the runner, the host pulls every built service (no Build phase), the pulled image runs',
    async () => {
      shas.A = repo.head();
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(phases(r)).toContain('Publish');
      expect(phases(r)).toContain('Pull');
      expect(phases(r)).not.toContain('Build');
      expect(phases(r).indexOf('Publish')).toBeLessThan(phases(r).indexOf('Upload'));
      expect(r.stderr).toContain('build once on the runner: celery_beat celery_worker flower web');
      expect(await reg.tags(`${project}/web`)).toEqual([short(shas.A)]);
      expect(await reg.tags(`${project}/celery_worker`)).toEqual([short(shas.A)]);
      const web = (await containerIds(project)).web!;
      expect(await imageIdOf(web)).toBe(await imageIdOfTag(ref('web', shas.A)));
      const release = (await state()).releases[0];
      expect(release.images.web).toMatchObject({ ref: ref('web', shas.A), id: await imageIdOf(web) });
    },
    LONG,
  );

  it(
    'on: host, a template change: only web is built (once, on the host over SSH), pushed and pulled; the other services keep their recorded reference',
    async () => {
      await writeConfig('host');
      shas.B = await repo.commit('template', { 'app/templates/index.html': '<h1>B</h1>\n' });
      const r = await cli('deploy');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.plan.build).toEqual(['web']);
      expect(phases(r)).not.toContain('Build');
      expect(r.stderr).toMatch(/build once on root@127\.0\.0\.1\S*: web\n/);
      expect(r.stderr).toContain(`push ${ref('web', shas.B)}\n`);
      expect(r.stderr).toContain(`pull ${ref('web', shas.B)}\n`);
      expect(await reg.tags(`${project}/web`)).toEqual([short(shas.A), short(shas.B)].sort());
      expect(await reg.tags(`${project}/celery_worker`)).toEqual([short(shas.A)]);
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
      expect(await imageIdOf((await containerIds(project)).web!)).toBe(pushedA);
    },
    LONG,
  );

  it(
    'a stopped registry fails the next deploy before any container or `current` changes, naming the registry',
    async () => {
      await reg.stop();
      const before = await containerIds(project);
      const link = readlinkSync(join(hostPath, 'current'));
      await repo.commit('template C', { 'app/templates/index.html': '<h1>C</h1>\n' });
      const r = await cli('deploy');
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`registry ${reg.addr}: docker login failed`);
      expect(phases(r)).not.toContain('Upload');
      expect(await containerIds(project)).toEqual(before);
      expect(readlinkSync(join(hostPath, 'current'))).toBe(link);
    },
    LONG,
  );

  it('the password is in no output, no state and no audit line', async () => {
    const files = await Promise.all(['state.json', 'audit.log'].map((f) => readFile(join(hostPath, '.deploy', f), 'utf8')));
    expect([...outputs, ...files].filter((text) => text.includes(PASSWORD))).toEqual([]);
    expect(outputs.length).toBe(8);
  });
});
