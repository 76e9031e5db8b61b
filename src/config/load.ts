/** Read and validate the deploy config, reporting every problem as file:line:column. */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { UserError, UserErrors } from '../core/errors.js';
import { DEFAULT_CONFIG } from '../core/settings.js';
import { issueProblems, formatPath, type ConfigProblem } from './issues.js';
import { configSchema, type Config } from './schema.js';

const EXTENSION_PREFIX = 'x-';

function located(file: string, line: number, column: number, message: string): UserError {
  return new UserError(`${file}:${line}:${column} ${message}`, { file, line, column });
}

/** "Map keys must be unique at line 2, column 1:\n..." -> "Map keys must be unique". */
function yamlErrorText(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function yamlErrors(doc: Document, lineCounter: LineCounter, file: string): UserError[] {
  return doc.errors.map((error) => {
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return located(file, pos.line, pos.col, `invalid YAML: ${yamlErrorText(error)}`);
  });
}

function toJs(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new UserErrors([located(file, 1, 1, `invalid YAML: ${(error as Error).message}`)]);
  }
}

function problemErrors(problems: ConfigProblem[], file: string): UserError[] {
  const sorted = [...problems].sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  const seen = new Set<string>();
  const errors: UserError[] = [];
  for (const p of sorted) {
    const where = formatPath(p.path);
    const error = located(file, p.position.line, p.position.column, where ? `${where}: ${p.message}` : p.message);
    if (seen.has(error.message)) continue;
    seen.add(error.message);
    errors.push(error);
  }
  return errors;
}

/** Top-level keys starting with "x-" are free for YAML anchors (as in compose files) and dropped. */
export function withoutExtensions(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !key.startsWith(EXTENSION_PREFIX)));
}

/** Validate config text; `fileLabel` prefixes every message. Throws UserErrors listing every problem. */
export function parseConfig(text: string, fileLabel: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new UserErrors(yamlErrors(doc, lineCounter, fileLabel));
  const raw = toJs(doc, fileLabel);
  if (raw === null || raw === undefined) {
    throw new UserErrors([located(fileLabel, 1, 1, 'config file is empty (expected at least `version: 1`)')]);
  }
  const result = configSchema.safeParse(withoutExtensions(raw));
  if (result.success) return result.data;
  const ctx = { doc, lineCounter, raw, schema: configSchema };
  const problems = result.error.issues.flatMap((issue) => issueProblems(issue, ctx));
  throw new UserErrors(problemErrors(problems, fileLabel));
}

/** Read and validate a config file. */
export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(
        `config file not found: ${file} (a relative config path is read inside the work tree, --repo / working-directory; create ${DEFAULT_CONFIG} there or pass --config / the config input; see deploy/examples/)`,
        { file },
      );
    }
    throw new UserError(`cannot read config file ${file}: ${(error as Error).message}`, { file });
  }
  return parseConfig(text, file);
}
