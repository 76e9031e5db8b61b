import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** A pass-through stream that hashes (sha256) and counts what goes through it. */
export function hashTap(): { tap: Transform; sha256(): string; size(): number } {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { tap, sha256: () => hash.digest('hex'), size: () => size };
}
