/**
 * What `init` reads for a compose service's SQLite database (init-sqlite.ts decides): the SQLite
 * URLs it is given (its compose `environment`, its env files as they are in the work tree, even
 * gitignored, and their committed examples next to them, else a default in the code of its build
 * context) and its Dockerfile's WORKDIR. Of an env file only a value that is a SQLite URL is kept.
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { envLines } from './init-settings.js';
import { dockerfileWorkdir, SQLITE_URL, type SqliteUrl } from './init-sqlite.js';

/** What this file reads and adds to a compose service (init-scan.ts ServiceFacts). */
interface Service {
  build?: { context: string; dockerfile: string };
  envFiles: string[];
  environment?: Record<string, string>;
  sqlite?: SqliteUrl[];
  workdir?: string;
}

const ENV_EXAMPLE = /^\.?env[^/]*\.(example|sample|dist|template)$/;
const CODE = /\.(py|toml|ini|cfg|ya?ml|json|js|ts|rb|php)$/;
const MAX_CODE_FILES = 200;
const MAX_TEXT = 256 * 1024;

const read = (root: string, path: string): Promise<string> =>
  readFile(join(root, path), 'utf8').then(
    (t) => t.slice(0, MAX_TEXT),
    () => '',
  );

/** `KEY=sqlite:///...` entries of an env text, as found in `path`. */
const fromEnv = (env: Record<string, string>, where: string): SqliteUrl[] =>
  Object.entries(env).flatMap(([k, v]) => {
    const url = SQLITE_URL.exec(v)?.[0];
    return url ? [{ url, from: `${k} in ${where}` }] : [];
  });

async function envFileUrls(root: string, s: Service, files: string[]): Promise<SqliteUrl[]> {
  const examples = s.envFiles.flatMap((e) =>
    files.filter((f) => posix.dirname(f) === posix.dirname(e) && ENV_EXAMPLE.test(posix.basename(f))),
  );
  const paths = [...new Set([...s.envFiles, ...examples])];
  const texts = await Promise.all(paths.map((p) => read(root, p)));
  return paths.flatMap((p, i) => fromEnv(envLines(texts[i]!), p));
}

async function codeUrls(root: string, context: string, files: string[]): Promise<SqliteUrl[]> {
  const inContext = files.filter((f) => (context === '' || f.startsWith(`${context}/`)) && CODE.test(f)).slice(0, MAX_CODE_FILES);
  const texts = await Promise.all(inContext.map((f) => read(root, f)));
  return inContext.flatMap((f, i) => {
    const url = SQLITE_URL.exec(texts[i]!)?.[0];
    return url ? [{ url, from: `the default in ${f}` }] : [];
  });
}

async function serviceSqlite<S extends Service>(root: string, s: S, files: string[]): Promise<S> {
  const compose = fromEnv(s.environment ?? {}, `the compose environment`);
  const env = await envFileUrls(root, s, files);
  const code = s.build ? await codeUrls(root, s.build.context, files) : [];
  const sqlite = [...compose, ...env, ...code];
  if (sqlite.length === 0) return s;
  const workdir = s.workdir ?? (s.build ? dockerfileWorkdir(await read(root, s.build.dockerfile)) : undefined);
  return { ...s, sqlite, ...(workdir ? { workdir } : {}) };
}

/** The compose facts with each service's SQLite URLs and working directory added. */
export async function withSqliteFacts<C extends { services: Service[] }>(root: string, compose: C, files: string[]): Promise<C> {
  return { ...compose, services: await Promise.all(compose.services.map((s) => serviceSqlite(root, s, files))) };
}
