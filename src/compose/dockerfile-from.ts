/**
 * The images a Dockerfile builds on (pure): `FROM <image>`, `COPY|ADD --from=<image>` and
 * `RUN --mount=...,from=<image>`, never a stage of the file itself (by name or index) nor `scratch`.
 * Reads the parser directives (`# escape=`; `# syntax=` is a comment here), line continuations
 * (comment and empty lines inside one are skipped) and the ARGs declared before the first FROM:
 * their defaults, overridden by `args` (compose's `build.args`; a null value is unset), expand
 * `$VAR`/`${VAR}`/`${VAR:-default}` in the image names. Heredocs are not read.
 */
import { interpolate } from './interpolate.js';

/** The logical instructions of a Dockerfile: continuations joined, comments dropped. */
export function dockerfileInstructions(text: string): string[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  for (; i < lines.length; i++) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]!);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape') escape = directive[2]!;
  }
  const out: string[] = [];
  let current: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && current !== undefined)) continue;
    const continued = trimmed.endsWith(escape);
    const part = continued ? trimmed.slice(0, -escape.length) : trimmed;
    current = current === undefined ? part : `${current} ${part}`;
    if (!continued) {
      if (current.trim() !== '') out.push(current.trim());
      current = undefined;
    }
  }
  if (current !== undefined && current.trim() !== '') out.push(current.trim());
  return out;
}

/** `NAME[=value]` words of an ARG line, quotes removed. */
function argDeclarations(rest: string): [string, string | undefined][] {
  const words = rest.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) return [word, undefined];
    return [word.slice(0, eq), word.slice(eq + 1).replace(/^"(.*)"$|^'(.*)'$/, '$1$2')];
  });
}

/** The value of an `--name=value` flag among `words`. */
function flag(words: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return words.find((w) => w.toLowerCase().startsWith(prefix))?.slice(prefix.length);
}

/** The `from=` of each `--mount=` flag of a RUN. */
function mountSources(words: string[]): string[] {
  return words.flatMap((w) => {
    if (!w.toLowerCase().startsWith('--mount=')) return [];
    const from = w
      .slice('--mount='.length)
      .split(',')
      .find((o) => o.toLowerCase().startsWith('from='));
    return from === undefined ? [] : [from.slice('from='.length)];
  });
}

export function dockerfileImages(text: string, args: Readonly<Record<string, unknown>> = {}): string[] {
  const vars: Record<string, string> = {};
  const stages: string[] = [];
  const images = new Set<string>();
  const expand = (word: string): string => interpolate(word, vars, new Set());
  const use = (ref: string | undefined): void => {
    if (ref === undefined) return;
    const image = expand(ref);
    const stage = image.toLowerCase();
    if (image === '' || stage === 'scratch' || stages.includes(stage) || /^\d+$/.test(image)) return;
    images.add(image);
  };
  for (const instruction of dockerfileInstructions(text)) {
    const [keyword = '', ...words] = instruction.split(/\s+/);
    const rest = instruction.slice(keyword.length).trim();
    switch (keyword.toUpperCase()) {
      case 'ARG':
        if (stages.length > 0) break; // only the ARGs before the first FROM reach a FROM
        for (const [name, value] of argDeclarations(rest)) {
          const given = args[name];
          if (typeof given === 'string' || typeof given === 'number') vars[name] = String(given);
          else if (value !== undefined) vars[name] = expand(value);
        }
        break;
      case 'FROM': {
        const plain = words.filter((w) => !w.startsWith('--'));
        use(plain[0]);
        stages.push(plain[1]?.toLowerCase() === 'as' && plain[2] ? plain[2].toLowerCase() : String(stages.length));
        break;
      }
      case 'COPY':
      case 'ADD':
        use(flag(words, 'from'));
        break;
      case 'RUN':
        for (const source of mountSources(words)) use(source);
        break;
    }
  }
  return [...images].sort();
}
