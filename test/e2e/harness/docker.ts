/**
 * Docker helpers for e2e tests: a FROM-scratch busybox base image (no registry is reachable),
 * docker-compose v1 invocation, and inspection/cleanup of one compose project's containers.
 * Everything is addressed by compose project label or container ID, never by name globbing.
 */
import { spawn } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalExecutor } from '../../unit/helpers/local-executor.js';
import type { ExecResult, Executor } from '../../../src/transport/types.js';
import { makeTempDir, removeTree } from './tmp.js';

const local = new LocalExecutor();

/** Tag the compose-app fixture's Dockerfile uses by default (build arg BASE). */
export const FIXTURE_BASE_IMAGE = 'gitops-fixture-base:latest';

const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

/** Runs `docker ARGS`; throws CommandError on failure unless allowFailure. */
export function docker(args: string[], allowFailure = false): Promise<ExecResult> {
  return local.run(['docker', ...args], { allowFailure });
}

/** True when the engine answers `docker info` and `docker-compose version` runs. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    const info = await local.run(['docker', 'info', '--format', '{{.ServerVersion}}'], { allowFailure: true });
    if (info.code !== 0 || !info.stdout.trim()) return false;
    const compose = await local.run(['docker-compose', 'version', '--short'], { allowFailure: true });
    return compose.code === 0;
  } catch {
    return false; // ENOENT: a binary is missing
  }
}

/**
 * Builds (once per tag) an image FROM scratch holding /bin/busybox (copied from the host's
 * busybox-static) with applet symlinks (/bin/sh, sleep, cat, md5sum, ...), /tmp and /etc.
 * Returns the tag.
 */
export async function buildBusyboxBaseImage(tag: string = FIXTURE_BASE_IMAGE): Promise<string> {
  const existing = await docker(['image', 'inspect', '--format', '{{.Id}}', tag], true);
  if (existing.code === 0) return tag;
  const ctx = await makeTempDir('gitops-busybox-base');
  try {
    await copyFile('/bin/busybox', path.join(ctx, 'busybox'));
    await writeFile(
      path.join(ctx, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
        'RUN ["/bin/busybox", "mkdir", "-p", "/tmp", "/etc", "/app", "/usr/bin", "/sbin", "/usr/sbin"]',
        'RUN ["/bin/busybox", "chmod", "1777", "/tmp"]',
        'ENV PATH=/bin:/sbin:/usr/bin:/usr/sbin',
        'CMD ["sh"]',
        '',
      ].join('\n'),
    );
    // --network none: dockerd runs with --bridge=none, so RUN steps cannot use the default bridge.
    await local.run(['docker', 'build', '-q', '--network', 'none', '-t', tag, ctx], {
      env: { DOCKER_BUILDKIT: '0' },
    });
  } finally {
    await removeTree(ctx);
  }
  return tag;
}

/** Compose v1 lowercases project names and drops everything but [a-z0-9_-]; do the same. */
export function normalizeProject(name: string): string {
  return name.toLowerCase().replace(/[^-_a-z0-9]/g, '');
}

/** A project name unique to this process and moment, e.g. `gdtest_web_k3x9_1234`. */
export function uniqueProject(prefix: string): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return normalizeProject(`${prefix}_${process.pid}_${Date.now().toString(36)}_${rand}`);
}

/**
 * Runs `docker-compose -p PROJECT -f FILE ARGS` in cwd (relative FILE resolved from cwd).
 * `env` extends process.env (e.g. FIXTURE_BASE_IMAGE). Throws CommandError on failure
 * unless allowFailure.
 */
export function compose(
  opts: { cwd: string; project: string; file: string; env?: Record<string, string>; allowFailure?: boolean },
  args: string[],
): Promise<ExecResult> {
  return local.run(['docker-compose', '-p', opts.project, '-f', opts.file, ...args], {
    cwd: opts.cwd,
    env: opts.env,
    allowFailure: opts.allowFailure,
  });
}

export interface ProjectContainer {
  id: string;
  service: string;
  name: string;
  /** docker's State, e.g. running, exited, created */
  state: string;
}

/** All containers (any state) labelled with the compose project. */
export async function projectContainers(project: string): Promise<ProjectContainer[]> {
  const fmt = `{{.ID}}\t{{.Label "${SERVICE_LABEL}"}}\t{{.Names}}\t{{.State}}`;
  const res = await docker(['ps', '-a', '--no-trunc', '--filter', `label=${PROJECT_LABEL}=${normalizeProject(project)}`, '--format', fmt]);
  return res.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const [id = '', service = '', name = '', state = ''] = line.split('\t');
      return { id, service, name, state };
    });
}

/** service → full container ID for one compose project (the first one if a service is scaled). */
export async function containerIds(project: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const c of await projectContainers(project)) {
    if (c.service && !(c.service in out)) out[c.service] = c.id;
  }
  return out;
}

/** The image ID (sha256:...) a container was created from. */
export async function imageIdOf(container: string): Promise<string> {
  return (await docker(['inspect', '--format', '{{.Image}}', container])).stdout.trim();
}

/** The image ID a tag currently points to, or null when the tag does not exist. */
export async function imageIdOfTag(tag: string): Promise<string | null> {
  const res = await docker(['image', 'inspect', '--format', '{{.Id}}', tag], true);
  return res.code === 0 ? res.stdout.trim() : null;
}

/** stdout followed by stderr of `docker logs CONTAINER`. */
export async function logsOf(container: string): Promise<string> {
  const res = await docker(['logs', container]);
  return res.stdout + res.stderr;
}

export interface LogFollower {
  /** stdout and stderr so far, one `--timestamps` line each */
  text(): string;
  /** resolves when `docker logs -f` has ended (the container stopped) */
  ended: Promise<void>;
  /** ends `docker logs -f` (by its PID) when it still runs */
  stop(): Promise<void>;
}

/** `docker logs -f --timestamps CONTAINER` in the background: the logs of a container a test is about to see replaced. */
export function followLogs(container: string): LogFollower {
  const child = spawn('docker', ['logs', '-f', '--timestamps', container], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr.on('data', (c: Buffer) => (text += c.toString()));
  const ended = new Promise<void>((resolve) => {
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
  return {
    text: () => text,
    ended,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          // it ended in between
        }
      }
      await ended;
    },
  };
}

export interface ContainerState {
  status: string;
  /** healthy | unhealthy | starting, or null without a healthcheck */
  health: string | null;
  startedAt: string;
  restartCount: number;
}

/** State of one container from `docker inspect`. */
export async function containerState(container: string): Promise<ContainerState> {
  const fmt = '{{json .State}}\t{{.RestartCount}}';
  const [json = '{}', restarts = '0'] = (await docker(['inspect', '--format', fmt, container])).stdout.trim().split('\t');
  const st = JSON.parse(json) as { Status?: string; StartedAt?: string; Health?: { Status?: string } };
  return {
    status: st.Status ?? 'unknown',
    health: st.Health?.Status ?? null,
    startedAt: st.StartedAt ?? '',
    restartCount: Number(restarts),
  };
}

/** Polls until the container's health equals `want` (default healthy); returns the last health seen. */
export async function waitForHealth(container: string, want = 'healthy', timeoutMs = 30_000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let health: string | null = null;
  while (Date.now() < deadline) {
    health = (await containerState(container)).health;
    if (health === want) return health;
    await new Promise((r) => setTimeout(r, 250));
  }
  return health;
}

/**
 * Removes what one compose project left behind: its containers (by ID, with anonymous volumes),
 * networks and volumes labelled with the project, the images compose v1/v2 tagged for it
 * (`<project>_<service>` / `<project>-<service>`), then the dangling images labelled with the project
 * (compose v2 labels its builds: a rebuild or a failed deploy's build left untagged). Shared base
 * images are left alone, and so is every image of another project.
 */
export async function removeProject(project: string): Promise<void> {
  const p = normalizeProject(project);
  if (!p) throw new Error('removeProject: empty project name');
  const ids = (await projectContainers(p)).map((c) => c.id);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids], true);
  const label = `label=${PROJECT_LABEL}=${p}`;
  const nets = (await docker(['network', 'ls', '-q', '--filter', label], true)).stdout.split('\n').filter(Boolean);
  if (nets.length) await docker(['network', 'rm', ...nets], true);
  const vols = (await docker(['volume', 'ls', '-q', '--filter', label], true)).stdout.split('\n').filter(Boolean);
  if (vols.length) await docker(['volume', 'rm', '-f', ...vols], true);
  const tags = new Set<string>();
  for (const ref of [`${p}_*`, `${p}-*`]) {
    const res = await docker(['images', '--filter', `reference=${ref}`, '--format', '{{.Repository}}:{{.Tag}}'], true);
    for (const t of res.stdout.split('\n')) if (t.trim() && !t.includes('<none>')) tags.add(t.trim());
  }
  if (tags.size) await docker(['rmi', '-f', ...tags], true);
  const untagged = await danglingProjectImages(p);
  if (untagged.length) await docker(['image', 'rm', ...untagged], true);
}

/** Ids of the dangling images labelled with compose project `project` (compose v2 labels its builds) on the local engine. */
export async function danglingProjectImages(project: string): Promise<string[]> {
  const label = `label=${PROJECT_LABEL}=${normalizeProject(project)}`;
  const dangling = await docker(['image', 'ls', '-q', '--no-trunc', '--filter', 'dangling=true', '--filter', label], true);
  return [...new Set(dangling.stdout.split('\n').filter(Boolean))];
}

/** An executor whose "host" is a fresh container of `image` on the host network per command (e.g. BusyBox: wget as the only HTTP client). */
export function containerHost(image: string): Executor {
  const sh = (script: string): Promise<ExecResult> => docker(['run', '--rm', '--network', 'host', image, 'sh', '-c', script], true);
  return { name: image, run: (argv) => sh(argv.join(' ')), sh, close: async () => undefined };
}
