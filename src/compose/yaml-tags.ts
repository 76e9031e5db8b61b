import { isNode, Scalar, visit, type Document, type visitor } from 'yaml';
import { Tagged } from './values.js';

const TAGS: Record<string, Tagged['tag']> = { '!reset': 'reset', '!override': 'override' };

/**
 * Replaces, in place, every node of `doc` tagged `!reset` or `!override` (compose 2.24+; `yaml`
 * alone would read them as untagged values, a scalar as a string) by a scalar whose value is a
 * Tagged (values.ts) holding the node's value; tags inside one are replaced first. A tag in an
 * anchored node is dropped: compose applies it where the anchor is written (an `x-` extension, say),
 * never where an alias or a `<<` merge key repeats it.
 */
export function readComposeTags(doc: Document): void {
  const replace: visitor = {
    Node(_key, node, path) {
      const tag = node.tag === undefined ? undefined : TAGS[node.tag];
      if (tag === undefined) return undefined;
      node.tag = undefined;
      // under an anchor, the tag applies where the anchor is, which compose reads as plain values
      if (node.anchor || path.some((p) => isNode(p) && p.anchor)) return undefined;
      visit(node, replace);
      const value = tag === 'reset' ? null : isNode(node) ? node.toJS(doc, { maxAliasCount: 1000 }) : node;
      const scalar = new Scalar(new Tagged(tag, value));
      if (node.anchor) scalar.anchor = node.anchor;
      return scalar;
    },
  };
  visit(doc, replace);
}
