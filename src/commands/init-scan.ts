/**
 * What `init` reads from the repository it runs in: its files (those git would commit; a bounded walk outside git) and
 * its compose files (services, build contexts, env files, bind mounts), as plain facts for the pure
 * proposal in init-propose.ts.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { parse } from 'yaml';
import { UserError } from '../core/errors.js';
import { serviceNameProblem } from '../compose/document.js';
import { runGit } from '../git/run.js';
import { settingsFacts, type SettingsFacts, type TextFile } from './init-settings.js';
import { withSqliteFacts } from './init-sqlite-scan.js';
import type { BindMount, SqliteUrl } from './init-sqlite.js';

export interface ServiceFacts {
  name: string;
  image?: string;
  /** repo-relative build context and Dockerfile, when the service is built */
  build?: { context: string; dockerfile: string };
  /** repo-relative env files */
  envFiles: string[];
  /** repo-relative sources of bind mounts */
  binds: string[];
  /** the bind mounts: repo-relative source, path in the container */
  mounts?: BindMount[];
  /** SQLite URLs the service is given (compose environment, env files, else its code), most specific first */
  sqlite?: SqliteUrl[];
  /** the working directory of its process (compose working_dir, else the Dockerfile's WORKDIR); undefined when unknown */
  workdir?: string;
  /** the `environment` entries as written in the compose file (`${VAR}` not interpolated): e.g. POSTGRES_DB */
  environment?: Record<string, string>;
}

export interface ComposeFacts {
  directory: string;
  files: string[];
  services: ServiceFacts[];
}

export interface RepoFacts {
  /** directory name of the repository (the project name is derived from it) */
  name: string;
  /** every file, repo-relative, POSIX separators (bounded walk) */
  files: string[];
  compose?: ComposeFacts;
  /** bind sources outside the repository's files that are regular files in the work tree (not directories) */
  fileBinds?: string[];
  /** a Django project: the directory of its manage.py, and what its settings and env example say */
  django?: { projectDir: string; settings: SettingsFacts };
}

const SKIP = new Set(['.git', 'node_modules', 'venv', '.venv', '__pycache__', 'dist', 'build', '.tox', '.mypy_cache']);
const MAX_DEPTH = 6;
const MAX_FILES = 50_000;

async function walk(root: string, rel: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  const entries = await readdir(join(root, rel), { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory() && !SKIP.has(e.name)) await walk(root, path, depth + 1, out);
    else if (e.isFile()) out.push(path);
  }
}

/** `docker-compose.yml`, `compose.yaml`, `docker-compose.prod.yml`...: the base one, then a production override. */
const COMPOSE_NAME = /^(docker-)?compose(\.([A-Za-z0-9_-]+))?\.ya?ml$/;
const PROD_OVERRIDE = /^(prod|production)$/;

/** The compose files init proposes: the shallowest base file, plus its production override next to it. */
export function pickComposeFiles(files: string[]): { directory: string; files: string[] } | undefined {
  const bases = files.filter((f) => COMPOSE_NAME.exec(posix.basename(f)) && !COMPOSE_NAME.exec(posix.basename(f))![3]);
  const base = bases.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))[0];
  if (!base) return undefined;
  const directory = posix.dirname(base);
  const override = files.find((f) => {
    const m = COMPOSE_NAME.exec(posix.basename(f));
    return posix.dirname(f) === directory && m?.[3] !== undefined && PROD_OVERRIDE.test(m[3]);
  });
  return { directory, files: [posix.basename(base), ...(override ? [posix.basename(override)] : [])] };
}

type Raw = Record<string, unknown>;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
/** a compose-relative path → repo-relative ('' for the repo root) */
const fromCompose = (dir: string, p: string): string => posix.normalize(posix.join(dir, p)).replace(/^\.$/, '').replace(/\/$/, '');

function buildOf(dir: string, raw: unknown): ServiceFacts['build'] {
  if (raw === undefined || raw === null) return undefined;
  const b: Raw = typeof raw === 'string' ? { context: raw } : (raw as Raw);
  const context = fromCompose(dir, typeof b.context === 'string' ? b.context : '.');
  const dockerfile = typeof b.dockerfile === 'string' ? b.dockerfile : 'Dockerfile';
  return { context, dockerfile: posix.join(context, dockerfile) };
}

function bindMounts(dir: string, volumes: unknown): BindMount[] {
  return asList(volumes)
    .map((v) => (typeof v === 'string' ? v.split(':') : (v as Raw)?.type === 'bind' ? [(v as Raw).source, (v as Raw).target] : []))
    .filter((m): m is [string, ...unknown[]] => typeof m[0] === 'string' && m[0].startsWith('.'))
    .map(([source, target]) => ({ source: fromCompose(dir, source), target: typeof target === 'string' ? target : '' }));
}

/** `environment:` as a map or a `KEY=value` list, its values as written (numbers and booleans as text). */
export function environmentOf(raw: unknown): Record<string, string> {
  const pairs: [string, unknown][] = Array.isArray(raw)
    ? raw
        .filter((e): e is string => typeof e === 'string' && e.includes('='))
        .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])
    : raw && typeof raw === 'object'
      ? Object.entries(raw as Raw)
      : [];
  const values = pairs
    .map(([k, v]) => [k, typeof v === 'number' || typeof v === 'boolean' ? String(v) : v] as const)
    .filter((e): e is readonly [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return Object.fromEntries(values);
}

function serviceFacts(dir: string, name: string, raw: Raw): ServiceFacts {
  const envFiles = asList(raw.env_file)
    .map((e) => (typeof e === 'string' ? e : (e as Raw)?.path))
    .filter((e): e is string => typeof e === 'string')
    .map((e) => fromCompose(dir, e));
  return {
    name,
    ...(typeof raw.image === 'string' ? { image: raw.image } : {}),
    ...(raw.build !== undefined ? { build: buildOf(dir, raw.build) } : {}),
    envFiles,
    binds: bindMounts(dir, raw.volumes).map((m) => m.source),
    mounts: bindMounts(dir, raw.volumes).filter((m) => m.target.startsWith('/')),
    environment: environmentOf(raw.environment),
    ...(typeof raw.working_dir === 'string' ? { workdir: raw.working_dir } : {}),
  };
}

async function readCompose(root: string, picked: { directory: string; files: string[] }): Promise<ComposeFacts> {
  const services = new Map<string, ServiceFacts>();
  for (const file of picked.files) {
    const path = posix.join(picked.directory, file);
    let doc: Raw;
    try {
      doc = (parse(await readFile(join(root, path), 'utf8')) ?? {}) as Raw;
    } catch (e) {
      throw new UserError(`init: cannot read ${path}: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const [name, raw] of Object.entries((doc.services ?? {}) as Record<string, Raw>)) {
      const problem = serviceNameProblem(name);
      if (problem) throw new UserError(`init: ${path}: ${problem}`);
      const facts = serviceFacts(picked.directory === '.' ? '' : picked.directory, name, raw ?? {});
      const had = services.get(name);
      const environment = { ...had?.environment, ...facts.environment };
      services.set(name, had ? { ...had, ...facts, build: facts.build ?? had.build, image: facts.image ?? had.image, environment } : facts);
    }
  }
  return { ...picked, services: [...services.values()] };
}

/**
 * The files a commit of the work tree holds: tracked, plus untracked ones not ignored (a repository
 * not committed yet). Ignored files (local data, a secret override, .env) are not the repository's:
 * a deploy never ships them. Undefined outside a git work tree.
 */
async function gitFiles(root: string): Promise<string[] | undefined> {
  const out = await runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']).catch(() => undefined);
  if (!out) return undefined;
  const skipped = (f: string) => f.split('/').some((part) => SKIP.has(part));
  return [...new Set(out.toString('utf8').split('\0'))].filter((f) => f && !skipped(f)).slice(0, MAX_FILES);
}

/** Bind sources git does not hold that are files in the work tree (a local SQLite db, a config): shared as files. */
async function localFileBinds(root: string, compose: ComposeFacts, files: string[]): Promise<string[]> {
  const outside = [...new Set(compose.services.flatMap((s) => s.binds))].filter((b) => b && !files.includes(b));
  const isFile = await Promise.all(
    outside.map((b) =>
      stat(join(root, b)).then(
        (st) => st.isFile(),
        () => false,
      ),
    ),
  );
  return outside.filter((_, i) => isFile[i]);
}

const SETTINGS = /(^|\/)settings(\.py|\/[A-Za-z0-9_]+\.py)$/;
const ENV_EXAMPLE = /(^|\/)\.?env\.(example|sample|dist|template)$/;
const MAX_TEXT = 256 * 1024;

/** The repository's text files matching `re` (the first 20; each read up to MAX_TEXT characters). */
async function readTexts(root: string, files: string[], re: RegExp): Promise<TextFile[]> {
  const picked = files.filter((f) => re.test(f) && !/(^|\/)(tests?|site-packages)\//.test(f)).slice(0, 20);
  const texts = await Promise.all(picked.map((f) => readFile(join(root, f), 'utf8').catch(() => '')));
  return picked.map((path, i) => ({ path, text: texts[i]!.slice(0, MAX_TEXT) }));
}

/** The Django facts: where manage.py is (the shallowest), and its settings read as text (never run). */
async function djangoFacts(root: string, files: string[]): Promise<RepoFacts['django']> {
  const manage = files.filter((f) => posix.basename(f) === 'manage.py').sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!manage) return undefined;
  const settings = settingsFacts(await readTexts(root, files, SETTINGS), await readTexts(root, files, ENV_EXAMPLE));
  return { projectDir: posix.dirname(manage), settings };
}

/** Reads the facts of the repository at `repo` (its git files; every file, walked, outside git). */
export async function scanRepo(repo: string): Promise<RepoFacts> {
  const root = resolve(repo);
  const files = (await gitFiles(root)) ?? [];
  if (files.length === 0) await walk(root, '', 0, files);
  const django = await djangoFacts(root, files);
  const picked = pickComposeFiles(files);
  if (!picked) return { name: basename(root), files, ...(django ? { django } : {}) };
  const compose = await withSqliteFacts(root, await readCompose(root, picked), files);
  return { name: basename(root), files, compose, fileBinds: await localFileBinds(root, compose, files), ...(django ? { django } : {}) };
}
