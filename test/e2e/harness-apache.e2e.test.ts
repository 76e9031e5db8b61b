/**
 * Proves the Apache + Passenger harness: a symlinked release dir served through Passenger,
 * a release switch picked up after tmp/restart.txt, SQLite value via SetEnv, public_html alias.
 */
import { cp, mkdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalExecutor } from '../unit/helpers/local-executor.js';
import { apacheAvailable, startApache, type ApacheServer } from './harness/apache.js';
import { gate } from './harness/require.js';
import { makeTempDir, removeTree } from './harness/tmp.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/passenger-app', import.meta.url));
const available = gate('apache2 + mod_passenger', apacheAvailable());
const local = new LocalExecutor();

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: await res.text() };
}

/** Copies the fixture to releases/<n> with the given VERSION. */
async function makeRelease(base: string, n: number, version: string): Promise<string> {
  const rel = path.join(base, 'releases', String(n));
  await cp(FIXTURE, rel, { recursive: true });
  await writeFile(path.join(rel, 'backend', 'VERSION'), `${version}\n`);
  await mkdir(path.join(rel, 'backend', 'tmp'), { recursive: true });
  return rel;
}

/** Atomic symlink switch: current.tmp → releases/<n>, then rename over current. */
async function switchCurrent(base: string, n: number): Promise<void> {
  const tmp = path.join(base, 'current.tmp');
  await rm(tmp, { force: true });
  await symlink(path.join('releases', String(n)), tmp);
  await rename(tmp, path.join(base, 'current'));
}

/** Touches restart.txt with an mtime strictly newer (whole seconds) than any previous one. */
async function touchRestart(appRoot: string): Promise<void> {
  const file = path.join(appRoot, 'tmp', 'restart.txt');
  const prev = await stat(file)
    .then((s) => Math.floor(s.mtimeMs / 1000))
    .catch(() => 0);
  const next = Math.max(prev + 1, Math.floor(Date.now() / 1000) + 1);
  await writeFile(file, '');
  await utimes(file, next, next);
}

describe.runIf(available)('apache + passenger harness with the passenger-app fixture', () => {
  let dir = '';
  let server: ApacheServer | undefined;

  beforeAll(async () => {
    dir = await makeTempDir('gitops-harness-apache');
    await makeRelease(dir, 1, '1.0.0');
    await makeRelease(dir, 2, '2.0.0');
    await switchCurrent(dir, 1);
    const db = path.join(dir, 'shared', 'app.sqlite3');
    await mkdir(path.dirname(db), { recursive: true, mode: 0o755 });
    const sql = await readFile(path.join(FIXTURE, 'backend/migrations/0001.sql'), 'utf8');
    await local.run(['sqlite3', db], { stdin: sql });
    const publicHtml = path.join(dir, 'public_html');
    await local.run(['node', 'build.js'], { cwd: path.join(dir, 'current', 'frontend') });
    await cp(path.join(dir, 'current', 'frontend', 'dist'), publicHtml, { recursive: true });
    server = await startApache({
      appRoot: path.join(dir, 'current', 'backend'),
      dir,
      documentRoot: path.join(dir, 'current', 'backend', 'public'),
      publicHtml,
      env: { APP_DB: db },
    });
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) await removeTree(dir);
  });

  it('serves release 1 through the symlinked app root, with the SQLite value', async () => {
    expect(await get(`${server!.url}/`)).toEqual({ status: 200, body: 'version=1.0.0 value=initial\n' });
  });

  it('serves public_html at the static-site alias and the DocumentRoot statically', async () => {
    const res = await get(`${server!.staticSiteUrl}/index.html`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('frontend-build-ok');
    expect(await get(`${server!.url}/robots.txt`)).toEqual({ status: 200, body: 'User-agent: *\nDisallow:\n' });
  });

  it('keeps serving release 1 after the switch until restart.txt is touched, then serves 2', async () => {
    await switchCurrent(dir, 2);
    expect((await get(`${server!.url}/`)).body).toBe('version=1.0.0 value=initial\n');
    await touchRestart(path.join(dir, 'current', 'backend'));
    expect(await get(`${server!.url}/`)).toEqual({ status: 200, body: 'version=2.0.0 value=initial\n' });
  });

  it('answers 500 while a FAIL file exists in the app root', async () => {
    const fail = path.join(dir, 'current', 'backend', 'FAIL');
    await writeFile(fail, '');
    expect((await get(`${server!.url}/`)).status).toBe(500);
    await rm(fail);
    expect((await get(`${server!.url}/`)).status).toBe(200);
  });
});
