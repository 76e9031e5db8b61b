/** A backup that failed or could not be verified: the deploy must stop before touching any service. */
export class BackupError extends Error {
  constructor(
    /** short reason, e.g. "dump exited with status 2" */
    readonly reason: string,
    /** last lines of the tool's stderr (may be empty) */
    readonly stderr = '',
  ) {
    super(stderr.trim() ? `backup failed: ${reason}\n${stderr.trim()}` : `backup failed: ${reason}`);
    this.name = 'BackupError';
  }
}
