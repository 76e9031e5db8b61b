/** Where a run reports progress: the Action (core.*) or the CLI (stderr). */
export interface Location {
  file: string;
  line?: number;
  column?: number;
}

/** What the Action's post step cleans up: the deploy locks held, the run directories, the off-site backup copy's directory. */
export type PersistKey = 'lock' | 'keyDir' | 'backupCopy';

export interface Reporter {
  /** runs one pipeline phase, timed and grouped in the log */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  info(message: string): void;
  /** detail a reader may want (the plan table): in the Action log always, in the CLI with --verbose */
  detail?(message: string): void;
  warning(message: string, location?: Location): void;
  error(message: string, location?: Location): void;
  /** marks a value as secret so it is masked in logs */
  secret(value: string): void;
  /** keeps a value for the Action's post step (cleanup after a cancelled run); no-op in the CLI */
  persist(key: PersistKey, value: string): void;
}
