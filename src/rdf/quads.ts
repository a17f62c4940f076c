import type { Quad, Term } from '@rdfjs/types';
import rdf from './factory.js';
import { termKey } from './graph.js';

/**
 * Putting quads in order, and the operations every output shares: one sort
 * (stable output, so ETags and diffs change only with the data), one
 * blank-node relabelling, one duplicate filter.
 */

/** Subjects in order (named before blank), each subject's triples together. */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  // Field by field rather than by a key string per quad: the same order, without a million
  // transient strings for the whole graph at 1M triples.
  return [...quads].sort((a, b) => {
    const blank = Number(a.subject.termType === 'BlankNode') - Number(b.subject.termType === 'BlankNode');
    return blank || compareStrings(a.subject.value, b.subject.value) || compareStrings(a.predicate.value, b.predicate.value) ||
      compareStrings(a.object.value, b.object.value);
  });
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The identity of a quad's triple: equal keys, equal triples (literal datatype and language included). */
export function quadKey(q: Quad): string {
  const o = q.object;
  const object = o.termType === 'Literal' ? `"${o.value}"@${o.language}^${o.datatype.value}` : termKey(o);
  return `${termKey(q.subject)} ${q.predicate.value} ${object}`;
}

/** The quads without repeated triples, in their first order. */
export function dedupeQuads(quads: Iterable<Quad>): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const key = quadKey(q);
    if (!seen.has(key)) { seen.add(key); out.push(q); }
  }
  return out;
}

/**
 * Blank node labels are local to a document: renumbered in order of first
 * appearance, so they are short, valid everywhere (rdf:nodeID needs an XML
 * name) and do not leak the numbering of the whole graph.
 */
export function relabelBlankNodes(quads: readonly Quad[]): Quad[] {
  const labels = new Map<string, Quad['subject']>();
  const relabel = <T extends Term>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let b = labels.get(t.value);
    if (!b) { b = rdf.blankNode(`b${labels.size}`); labels.set(t.value, b); }
    return b as unknown as T;
  };
  return quads.map((q) => (q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode'
    ? q : rdf.quad(relabel(q.subject), q.predicate, relabel(q.object))));
}
