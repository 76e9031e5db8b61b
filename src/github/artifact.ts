/** Uploads a file as a workflow artifact (@actions/artifact, streamed; loaded only when used). */
import path from 'node:path';
import { UserError } from '../core/errors.js';

export interface UploadedArtifact {
  name: string;
  id?: number;
  size?: number;
}

/** Artifact names may not hold " : < > | * ? \ / or control characters. */
export function artifactName(fileName: string): string {
  return fileName.replace(/[":<>|*?\\/\u0000-\u001f]/g, '_');
}

/** Uploads `file` alone (already compressed: stored, not re-zipped) for `retentionDays` days. */
export async function uploadArtifact(file: string, opts: { name?: string; retentionDays?: number } = {}): Promise<UploadedArtifact> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    throw new UserError('upload-artifact needs the GitHub Actions runtime (run the Action in a workflow; the CLI cannot upload artifacts)');
  }
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const name = opts.name ?? artifactName(path.basename(file));
  const res = await new DefaultArtifactClient().uploadArtifact(name, [file], path.dirname(file), {
    retentionDays: opts.retentionDays,
    compressionLevel: 0,
  });
  return { name, id: res.id, size: res.size };
}
