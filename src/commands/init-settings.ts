/**
 * What `init` learns from a Django app's settings (settings.py, a settings/ package) and its
 * committed env example (.env.example, .env.sample), read as text, never run: the database engine
 * (DATABASES ENGINE, or the scheme of a DATABASE_URL), MEDIA_ROOT and STATIC_ROOT relative to the
 * project (BASE_DIR / 'media', os.path.join(BASE_DIR, 'media'), env('MEDIA_ROOT', default=...)),
 * and ALLOWED_HOSTS. Values of other settings (passwords, keys) are never kept.
 */
export type DbEngine = 'postgres' | 'mysql' | 'sqlite';

export interface SettingsFacts {
  engine?: { engine: DbEngine; from: string };
  /** the database name and user of an example DATABASE_URL (never its password) */
  url?: { database?: string; user?: string };
  /** the name of a password variable the env example lists (DB_PASSWORD...) */
  passwordEnv?: string;
  /** relative to the project directory (where manage.py is), or absolute */
  mediaRoot?: string;
  staticRoot?: string;
  /** SQLite NAME relative to the project directory */
  sqliteName?: string;
  allowedHosts?: string[];
}

export interface TextFile {
  path: string;
  text: string;
}

const BACKENDS: [RegExp, DbEngine][] = [
  [/postgres|postgis|pgsql/, 'postgres'],
  [/mysql|mariadb/, 'mysql'],
  [/sqlite/, 'sqlite'],
];
const engineOf = (name: string): DbEngine | undefined => BACKENDS.find(([re]) => re.test(name.toLowerCase()))?.[1];

/** `postgres://u:p@h/db` → its engine, database and user (the password is dropped). */
export function databaseUrl(url: string): { engine?: DbEngine; database?: string; user?: string } {
  const m = /^([a-z0-9+]+):\/\/(?:([^:@/\s]*)(?::[^@/\s]*)?@)?[^/\s]*\/?([^?\s#]*)/i.exec(url.trim());
  if (!m) return {};
  const literal = (v?: string) => (v && /^[A-Za-z0-9_.-]+$/.test(v) ? v : undefined);
  const engine = engineOf(m[1]!);
  if (engine === 'sqlite') return { engine };
  return { engine, database: literal(m[3]), user: literal(m[2]) };
}

/** `KEY=value` lines of an env file (comments, `export ` and quotes dropped). */
export function envLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** The first string literal of a Python expression as a project path: BASE_DIR / 'a' / 'b', os.path.join(BASE_DIR, 'a', 'b'), '/abs'. */
export function projectPath(expr: string): string | undefined {
  const parts = [...expr.matchAll(/['"]([^'"\n]*)['"]/g)].map((m) => m[1]!);
  const inner = /default\s*=\s*(.*)$/s.exec(expr)?.[1];
  if (inner) return projectPath(inner);
  if (/BASE_DIR|__file__|PROJECT_ROOT|ROOT_DIR/.test(expr)) {
    const rel = parts.filter((p) => p && !/^[A-Z_]+$/.test(p)).join('/');
    return rel.replace(/^\/+|\/+$/g, '') || undefined;
  }
  const last = parts[parts.length - 1];
  return last?.startsWith('/') ? last.replace(/\/+$/, '') || undefined : undefined;
}

/** The right-hand side of `NAME = ...` (to the end of the line, or of its brackets). */
function assignment(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}\\s*=\\s*(.+)$`, 'm').exec(text);
  if (!m) return undefined;
  let expr = m[1]!;
  let rest = text.slice(m.index + m[0].length);
  while ((expr.match(/[([{]/g)?.length ?? 0) > (expr.match(/[)\]}]/g)?.length ?? 0) && rest) {
    const next = rest.indexOf('\n', 1);
    expr += rest.slice(0, next < 0 ? undefined : next);
    rest = next < 0 ? '' : rest.slice(next);
  }
  return expr.replace(/#.*$/gm, '');
}

function settingsEngine(text: string, path: string): SettingsFacts['engine'] {
  const backend = /['"]ENGINE['"]\s*:\s*[^\n]*?['"]django\.db\.backends\.(\w+)/.exec(text)?.[1];
  const byBackend = backend ? engineOf(backend) : undefined;
  if (byBackend) return { engine: byBackend, from: `${path} (DATABASES ENGINE)` };
  const url = /(?:db_url|\.db|config|parse)\([^)]*?default\s*=\s*['"]([a-z0-9+]+:\/\/[^'"]*)['"]/i.exec(text)?.[1];
  const byUrl = url ? databaseUrl(url).engine : undefined;
  return byUrl ? { engine: byUrl, from: `${path} (the default DATABASE_URL)` } : undefined;
}

function allowedHosts(expr: string | undefined): string[] | undefined {
  if (!expr || !/^\s*\[/.test(expr)) return undefined;
  const list = /^\s*\[([^\]]*)\]\s*$/.exec(expr)?.[1];
  if (list === undefined) return undefined;
  return [...list.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The facts of the settings files, then of the env examples (an example's DATABASE_URL names the engine when the settings read it). */
export function settingsFacts(settings: readonly TextFile[], envExamples: readonly TextFile[]): SettingsFacts {
  const facts: SettingsFacts = {};
  for (const f of settings) {
    facts.engine ??= settingsEngine(f.text, f.path);
    const sqlite = /['"]NAME['"]\s*:\s*(.*BASE_DIR.*sqlite.*)$/m.exec(f.text)?.[1];
    if (sqlite) facts.sqliteName ??= projectPath(sqlite.replace(/,\s*$/, ''));
    facts.mediaRoot ??= projectPath(assignment(f.text, 'MEDIA_ROOT') ?? '');
    facts.staticRoot ??= projectPath(assignment(f.text, 'STATIC_ROOT') ?? '');
    facts.allowedHosts ??= allowedHosts(assignment(f.text, 'ALLOWED_HOSTS'));
  }
  for (const f of envExamples) {
    const env = envLines(f.text);
    const url = env.DATABASE_URL ? databaseUrl(env.DATABASE_URL) : {};
    if (url.engine && (!facts.engine || facts.engine.from.includes('default DATABASE_URL')))
      facts.engine = { engine: url.engine, from: `${f.path} (DATABASE_URL)` };
    if (url.database || url.user) facts.url ??= { database: url.database, user: url.user };
    facts.passwordEnv ??= Object.keys(env).find((k) => /^(DB|DATABASE|POSTGRES|MYSQL|MARIADB)_?PASS(WORD)?$/.test(k));
    if (!facts.allowedHosts && env.ALLOWED_HOSTS && !env.ALLOWED_HOSTS.includes('$'))
      facts.allowedHosts = env.ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean);
  }
  return facts;
}
