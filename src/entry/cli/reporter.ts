import type { Location, Reporter } from '../../core/reporter.js';

/** CLI reporter: progress on stderr (stdout stays clean for --json), phases with durations. */
export class CliReporter implements Reporter {
  private readonly secrets: string[] = [];

  constructor(private readonly write: (s: string) => void = (s) => process.stderr.write(s)) {}

  private mask(message: string): string {
    return this.secrets.reduce((m, s) => m.split(s).join('***'), message);
  }

  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    this.write(`▶ ${name}\n`);
    try {
      const value = await fn();
      this.write(`✔ ${name} (${Math.round(performance.now() - start)} ms)\n`);
      return value;
    } catch (e) {
      this.write(`✘ ${name} (${Math.round(performance.now() - start)} ms)\n`);
      throw e;
    }
  }

  info(message: string): void {
    this.write(`  ${this.mask(message)}\n`);
  }

  warning(message: string, _location?: Location): void {
    this.write(`warning: ${this.mask(message)}\n`);
  }

  error(message: string, _location?: Location): void {
    this.write(`error: ${this.mask(message)}\n`);
  }

  secret(value: string): void {
    if (value.length >= 4) this.secrets.push(value);
    for (const line of value.split('\n')) if (line.trim().length >= 8) this.secrets.push(line.trim());
  }

  persist(): void {}
}
