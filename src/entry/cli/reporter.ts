import type { Location, Reporter } from '../../core/reporter.js';
import { secretForms } from '../../core/secret-forms.js';
import type { Verbosity } from '../../core/settings.js';
import { paint, type Colour } from './colour.js';

export interface CliOutput {
  verbosity: Verbosity;
  colour: boolean;
}

/**
 * CLI reporter: progress on stderr (stdout stays clean for --json), phases with durations.
 * --quiet keeps warnings and errors only; --verbose adds the details (the plan table).
 */
export class CliReporter implements Reporter {
  private readonly secrets: string[] = [];
  private output: CliOutput = { verbosity: 'normal', colour: false };

  constructor(private readonly write: (s: string) => void = (s) => process.stderr.write(s)) {}

  /** Set once the flags are read (the reporter exists before, to report bad flags). */
  configure(output: CliOutput): void {
    this.output = output;
  }

  private mask(message: string): string {
    return this.secrets.reduce((m, s) => m.split(s).join('***'), message);
  }

  private say(line: string, colour?: Colour): void {
    this.write(`${colour ? paint(this.output.colour, colour, line) : line}\n`);
  }

  private get quiet(): boolean {
    return this.output.verbosity === 'quiet';
  }

  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const took = () => `(${Math.round(performance.now() - start)} ms)`;
    if (!this.quiet) this.say(`▶ ${name}`);
    try {
      const value = await fn();
      if (!this.quiet) this.say(`✔ ${name} ${took()}`, 'green');
      return value;
    } catch (e) {
      this.say(`✘ ${name} ${took()}`, 'red');
      throw e;
    }
  }

  info(message: string): void {
    if (!this.quiet) this.say(`  ${this.mask(message)}`);
  }

  detail(message: string): void {
    if (this.output.verbosity === 'verbose') this.say(this.mask(message).replace(/^/gm, '  '), 'dim');
  }

  warning(message: string, _location?: Location): void {
    this.say(`warning: ${this.mask(message)}`, 'yellow');
  }

  error(message: string, _location?: Location): void {
    this.say(`error: ${this.mask(message)}`, 'red');
  }

  secret(value: string): void {
    for (const form of secretForms(value)) if (form.length >= 4) this.secrets.push(form);
  }

  persist(): void {}
}
