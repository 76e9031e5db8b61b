/** Map a key path (as in zod issues) to a line:column in the YAML source. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

type Segment = PropertyKey;

function start(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

function keyMatches(key: unknown, segment: Segment): boolean {
  return isScalar(key) && String(key.value) === String(segment);
}

function isEmptyValue(node: unknown): boolean {
  return node == null || (isScalar(node) && node.value === null && !node.source);
}

/**
 * Offset of the node at `path`: the value node (or, with `key`, the key of the last segment).
 * When the path does not exist, the deepest existing key (or list item) on the way.
 */
function offsetOf(doc: Document, path: readonly Segment[], key: boolean): number {
  let node: unknown = doc.contents;
  let anchor = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as Segment;
    const last = i === path.length - 1;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyMatches(p.key, segment));
      if (!pair) return anchor;
      anchor = start(pair.key) ?? anchor;
      if (last && key) return anchor;
      node = pair.value;
      if (isEmptyValue(node)) return anchor;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item == null) return anchor;
      node = item;
      anchor = start(item) ?? anchor;
    } else {
      return anchor;
    }
  }
  return start(node) ?? anchor;
}

export function locate(doc: Document, lineCounter: LineCounter, path: readonly Segment[], key = false): Position {
  const { line, col } = lineCounter.linePos(offsetOf(doc, path, key));
  return { line, column: col };
}
