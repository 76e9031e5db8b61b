/**
 * Reads of git objects named by their full ids, made once per process: what `ls-tree` or `diff`
 * says of two commits never changes, so the plan's reading serves the upload's too (a deploy asked
 * git the same questions twice before).
 */

const FULL_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

const reads = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * `read()`, once per `owner` (a repository's git), `what` and `ids` when every id is a full object
 * id (a ref or a short id may name another object later: read each time). A failed read is not
 * kept: the next caller asks again and sees its own failure.
 */
export function readOnce<T>(owner: object, what: string, ids: readonly string[], read: () => Promise<T>): Promise<T> {
  if (!ids.every((id) => FULL_ID.test(id))) return read();
  let known = reads.get(owner);
  if (!known) reads.set(owner, (known = new Map()));
  const key = JSON.stringify([what, ...ids]);
  const hit = known.get(key);
  if (hit) return hit as Promise<T>;
  const reading = read();
  known.set(key, reading);
  reading.catch(() => known.delete(key));
  return reading;
}
