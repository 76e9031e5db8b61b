/**
 * The compose-app fixture deployed with `build:` on real components, for the registry e2e tests:
 * the harness sshd, the real engine, Debian's docker-registry with htpasswd auth for user `ci`. The
 * hooks of the calling describe set up a temp dir, the busybox base image, sshd + registry, a unique
 * compose project, the app repo, the host's shared/.env and shared/media, and (unless told) the
 * deploy config of one target `vps`; afterAll removes the project, stops both daemons, removes the
 * images tagged for the registry and the temp dir.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { createAppRepo, type AppRepo } from './app-repo.js';
import { runCli, type CliRun } from './cli.js';
import { buildBusyboxBaseImage, docker, dockerAvailable, removeProject, uniqueProject } from './docker.js';
import { composeTarget, FIXTURE_RULES, fixtureHeader } from './fixture-config.js';
import { registryAvailable, startRegistry, type RegistryHandle } from './registry.js';
import { gate } from './require.js';
import { sshdAvailable, startSshd, type SshdHandle } from './sshd.js';
import { makeTempDir, removeTree } from './tmp.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/compose-app', import.meta.url));
/** the hooks' and the tests' timeout */
export const LONG = 300_000;

/** The gate of a registry e2e file; `compose`: the compose it needs, e.g. 'docker-compose v1'. */
export async function registryAppReady(compose: string): Promise<boolean> {
  return gate(
    `sshd + docker engine + ${compose} + docker-registry + htpasswd`,
    sshdAvailable() && (await dockerAvailable()) && registryAvailable(),
  );
}

export type BuildOn = 'runner' | 'host';

export interface RegistryAppOptions {
  /** the temp dir's prefix and the compose project's */
  tmpPrefix: string;
  projectPrefix: string;
  /** more files in the repo's first commit */
  files?: Record<string, string>;
  /** compose.command (default docker-compose) and compose.files (default [docker-compose.yml]) */
  command?: string;
  composeFiles?: string[];
  /** the config written in beforeAll: build.on, and the health line's timeout (none: no health line); no `on`: no config */
  on?: BuildOn;
  health?: string;
  /** more set-up in the temp dir, before the daemons start (e.g. an extra image) */
  prepare?: (tmp: string) => Promise<void>;
  /** more clean-up, before the temp dir goes (e.g. the extra images) */
  cleanup?: () => Promise<void>;
}

export interface RegistryApp {
  /** the registry password of user ci: in GITOPS_REGISTRY_PASSWORD only */
  password: string;
  sshd: SshdHandle;
  reg: RegistryHandle;
  tmp: string;
  repo: AppRepo;
  project: string;
  /** the target's deploy path */
  hostPath: string;
  /** the deploy config's path */
  config: string;
  /** GITOPS_SSH_KEY, GITOPS_KNOWN_HOSTS, GITOPS_REGISTRY_PASSWORD */
  env(): Record<string, string>;
  /** `<command...> --repo R --config C --target vps --json` */
  args(...args: string[]): string[];
  /** runs the CLI with args() and env() */
  cli(...args: string[]): Promise<CliRun>;
  /** writes the config: target vps with `build: {on, registry, username: ci}`, the health line unless `health` is undefined; `edit` rewrites the target */
  writeConfig(on: BuildOn, health?: string, edit?: (target: string) => string): Promise<void>;
}

export function registryApp(o: RegistryAppOptions): RegistryApp {
  const app = { password: `reg-${Math.random().toString(36).slice(2)}-pw`, tmp: '', project: '', hostPath: '', config: '' } as RegistryApp;
  app.env = () => ({ GITOPS_SSH_KEY: app.sshd.clientKey, GITOPS_KNOWN_HOSTS: app.sshd.knownHosts, GITOPS_REGISTRY_PASSWORD: app.password });
  app.args = (...args) => [...args, '--repo', app.repo.dir, '--config', app.config, '--target', 'vps', '--json'];
  app.cli = (...args) => runCli(app.args(...args), app.env());
  app.writeConfig = (on, health, edit = (t) => t) => {
    const build = `build: {on: ${on}, registry: "${app.reg.addr}", username: ci}`;
    const extra = health === undefined ? [build] : [build, `health: {services: true, timeout: ${health}}`];
    const target = edit(composeTarget('vps', app.sshd.port, app.hostPath, extra));
    return writeFile(app.config, `${fixtureHeader(app.project, o.command, o.composeFiles)}${FIXTURE_RULES}targets:\n${target}`);
  };

  beforeAll(async () => {
    await buildBusyboxBaseImage();
    app.tmp = await makeTempDir(o.tmpPrefix);
    await mkdir(join(app.tmp, 'registry'));
    await o.prepare?.(app.tmp);
    [app.sshd, app.reg] = await Promise.all([startSshd(), startRegistry(join(app.tmp, 'registry'), 'ci', app.password)]);
    app.project = uniqueProject(o.projectPrefix);
    app.hostPath = join(app.tmp, 'host');
    app.config = join(app.tmp, 'deploy.yml');
    app.repo = await createAppRepo(FIXTURE, join(app.tmp, 'repo'), o.files);
    await mkdir(join(app.hostPath, 'shared', 'media'), { recursive: true });
    await writeFile(join(app.hostPath, 'shared', '.env'), 'SECRET_KEY=x\n');
    if (o.on) await app.writeConfig(o.on, o.health);
  }, LONG);

  afterAll(async () => {
    if (app.project) await removeProject(app.project);
    await app.reg?.stop();
    await app.sshd?.stop();
    if (app.reg) {
      const images = await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${app.reg.addr}/*/*`], true);
      for (const image of images.stdout.split('\n').filter(Boolean)) await docker(['rmi', image], true);
    }
    await o.cleanup?.();
    if (app.tmp) await removeTree(app.tmp);
  });
  return app;
}

/**
 * Deploys the app's head (release A), commits a Dockerfile change (the fixture's rules rebuild every
 * app service from it) and deploys that (release B); both must succeed. Returns A's sha and B's run.
 */
export async function deployTwoReleases(app: RegistryApp): Promise<{ a: string; b: CliRun }> {
  const a = app.repo.head();
  const first = await app.cli('deploy');
  if (first.code !== 0) throw new Error(`deploy of A failed: ${first.stderr}`);
  const dockerfile = await readFile(join(app.repo.dir, 'docker', 'Dockerfile'), 'utf8');
  await app.repo.commit('dockerfile', { 'docker/Dockerfile': `${dockerfile}# B\n` });
  const b = await app.cli('deploy');
  if (b.code !== 0) throw new Error(`deploy of B failed: ${b.stderr}`);
  return { a, b };
}
