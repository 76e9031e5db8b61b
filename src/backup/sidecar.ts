/** The `<backup>.json` sidecar: written by the remote script with printf once size and sha256 are known. */
import type { BackupEngine } from './types.js';

export interface SidecarFields {
  engine: BackupEngine;
  database: string;
  createdAt: Date;
  sha: string;
  target: string;
}

/** Escapes text for use as a literal inside a printf FORMAT (backslashes and percent signs). */
export function printfLiteral(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

/** printf format of the sidecar JSON: the first %s is the sha256, the second the size. */
export function sidecarPrintfFormat(f: SidecarFields): string {
  const j = JSON.stringify;
  const json =
    `{"engine":${j(f.engine)},"database":${j(f.database)},"sha256":"\u0001","size":\u0002,` +
    `"createdAt":${j(f.createdAt.toISOString())},"sha":${j(f.sha)},"target":${j(f.target)},"verified":true}`;
  return `${printfLiteral(json).replace('\u0001', '%s').replace('\u0002', '%s')}\\n`;
}
