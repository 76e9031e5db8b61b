/**
 * A real image registry for the `build:` e2e tests: Debian's `docker-registry` (distribution 2.8)
 * on 127.0.0.1:<free port> (docker treats loopback registries as insecure, so plain HTTP works),
 * storage in a temp dir, htpasswd (bcrypt) auth for one user. Stopped by its PID.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listensOn, onFreePort, PortTaken } from './ports.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

export function registryAvailable(): boolean {
  return spawnSync(REGISTRY_BIN, ['--version']).status === 0 && spawnSync('htpasswd', ['-h']).error === undefined;
}

export interface RegistryHandle {
  /** 127.0.0.1:PORT */
  addr: string;
  pid: number;
  user: string;
  password: string;
  /** the tags of a repository (GET /v2/<repo>/tags/list), [] when it has none */
  tags(repository: string): Promise<string[]>;
  /** deletes the manifest a tag points at (the tag goes with it; the registry runs with delete enabled) */
  deleteTag(repository: string, tag: string): Promise<void>;
  stop(): Promise<void>;
}

function configYaml(dir: string, addr: string): string {
  return [
    'version: 0.1',
    'log: {level: warn}',
    `storage: {filesystem: {rootdirectory: ${join(dir, 'data')}}, delete: {enabled: true}}`,
    `http: {addr: "${addr}"}`,
    `auth: {htpasswd: {realm: gitops-e2e, path: ${join(dir, 'htpasswd')}}}`,
    '',
  ].join('\n');
}

/** `dir`: an empty temp dir for its config, htpasswd file, storage and log; `host`: the address it listens on (default loopback). */
export async function startRegistry(dir: string, user: string, password: string, host = '127.0.0.1'): Promise<RegistryHandle> {
  // -i: the password from stdin, not argv
  execFileSync('htpasswd', ['-iBc', join(dir, 'htpasswd'), user], { input: password, stdio: ['pipe', 'ignore', 'pipe'] });
  return onFreePort((port) => startRegistryOn(dir, `${host}:${port}`, user, password));
}

/**
 * Starts the registry on `addr` (HOST:PORT) and waits until the registry itself listens there (not
 * only a connect, which may reach another process that took the port); PortTaken when it could not bind.
 */
export async function startRegistryOn(dir: string, addr: string, user: string, password: string): Promise<RegistryHandle> {
  const port = Number(addr.split(':')[1]);
  await writeFile(join(dir, 'config.yml'), configYaml(dir, addr));
  const logPath = join(dir, 'registry.log');
  const log = openSync(logPath, 'w');
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await listensOn(child.pid!, port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      const text = await readFile(logPath, 'utf8').catch(() => '');
      if (/address already in use/i.test(text)) throw new PortTaken(port, `docker-registry: ${text.trim().split('\n').pop()}`);
      throw new Error(`docker-registry did not listen on ${addr} (see ${logPath}):\n${text.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return registryHandle(addr, child, exited, user, password);
}

function registryHandle(addr: string, child: ChildProcess, exited: Promise<void>, user: string, password: string): RegistryHandle {
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return {
    addr,
    pid: child.pid!,
    user,
    password,
    async tags(repository) {
      const r = await fetch(`http://${addr}/v2/${repository}/tags/list`, { headers: { Authorization: auth } });
      if (r.status === 404) return [];
      if (!r.ok) throw new Error(`GET tags of ${repository}: HTTP ${r.status}`);
      const body = (await r.json()) as { tags: string[] | null };
      return (body.tags ?? []).sort();
    },
    async deleteTag(repository, tag) {
      const accept = 'application/vnd.docker.distribution.manifest.v2+json';
      const head = await fetch(`http://${addr}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { Authorization: auth, Accept: accept },
      });
      const digest = head.headers.get('docker-content-digest');
      if (!head.ok || !digest) throw new Error(`HEAD manifest ${repository}:${tag}: HTTP ${head.status}`);
      const r = await fetch(`http://${addr}/v2/${repository}/manifests/${digest}`, { method: 'DELETE', headers: { Authorization: auth } });
      if (r.status !== 202) throw new Error(`DELETE manifest ${repository}@${digest}: HTTP ${r.status}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
  };
}
