/** Spawn rsync (argument array, no shell) and parse its itemized changes and --stats. */
import { spawn } from 'node:child_process';
import { CommandError, type ExecResult } from '../transport/types.js';
import { withoutSecrets } from '../core/secret-env.js';

export interface RsyncStats {
  /** "Number of regular files transferred" (older rsync: "Number of files transferred") */
  filesTransferred: number;
  totalBytesSent: number;
  totalBytesReceived: number;
  /** "Number of files" (all entries: files, dirs, links) */
  totalFiles: number;
  /** "Number of deleted files" (0 when rsync does not print it) */
  deletedFiles: number;
}

export interface ItemizedChange {
  /** the %i field, e.g. `<f+++++++++`, `cd+++++++++`, `*deleting` */
  flags: string;
  path: string;
}

export interface RsyncRunResult extends ExecResult {
  itemized: ItemizedChange[];
  stats: RsyncStats;
}

export interface RunRsyncOptions {
  /** e.g. HostConnection.ensureMaster: runs before spawning so every rsync reuses one master */
  ensureMaster?: () => Promise<void>;
  /** called with each stdout line as it arrives */
  onLine?: (line: string) => void;
  /** resolve instead of throwing on a non-zero exit */
  allowFailure?: boolean;
  /** rsync binary (default "rsync") */
  rsyncPath?: string;
}

function statNumber(text: string, re: RegExp): number {
  const m = re.exec(text);
  // rsync prints 1,234,567 (separator depends on locale); no -h is passed, so no K/M suffixes.
  return m?.[1] ? Number(m[1].replace(/[^0-9]/g, '')) : 0;
}

export function parseRsyncStats(text: string): RsyncStats {
  return {
    filesTransferred: statNumber(text, /^Number of (?:regular )?files transferred: ([\d,.']+)/m),
    totalBytesSent: statNumber(text, /^Total bytes sent: ([\d,.']+)/m),
    totalBytesReceived: statNumber(text, /^Total bytes received: ([\d,.']+)/m),
    totalFiles: statNumber(text, /^Number of files: ([\d,.']+)/m),
    deletedFiles: statNumber(text, /^Number of deleted files: ([\d,.']+)/m),
  };
}

const ITEM = /^([<>ch.*][a-zA-Z.+?]{8,10}|\*deleting) +(.+)$/;

/** Parse `--itemize-changes` lines (other output lines are ignored). */
export function parseItemized(text: string): ItemizedChange[] {
  const items: ItemizedChange[] = [];
  for (const line of text.split('\n')) {
    const m = ITEM.exec(line);
    if (m?.[1] && m[2]) items.push({ flags: m[1], path: m[2] });
  }
  return items;
}

export async function runRsync(args: string[], opts: RunRsyncOptions = {}): Promise<RsyncRunResult> {
  await opts.ensureMaster?.();
  const rsync = opts.rsyncPath ?? 'rsync';
  const result = await new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(rsync, args, { stdio: ['ignore', 'pipe', 'pipe'], env: withoutSecrets() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let partial = '';
    child.stdout.on('data', (c: Buffer) => {
      out.push(c);
      if (!opts.onLine) return;
      const lines = (partial + c.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach((l) => opts.onLine?.(l));
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (partial) opts.onLine?.(partial);
      resolve({ code: code ?? 255, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
  if (result.code !== 0 && !opts.allowFailure) throw new CommandError([rsync, ...args], result);
  return { ...result, itemized: parseItemized(result.stdout), stats: parseRsyncStats(result.stdout) };
}
