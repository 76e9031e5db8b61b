/**
 * Whether the CLI colours its progress: never with NO_COLOR set (https://no-color.org), always
 * with FORCE_COLOR set (other than "0"), else only on a terminal. TERM=dumb means no colour.
 */
export function colourEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

const CODES = { green: 32, red: 31, yellow: 33, dim: 2 } as const;
export type Colour = keyof typeof CODES;

/** Paints `text` when `on` (ANSI SGR), else returns it as it is. */
export function paint(on: boolean, colour: Colour, text: string): string {
  return on ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text;
}
