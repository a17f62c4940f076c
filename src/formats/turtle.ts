import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import { prefixes } from '../graph/namespaces.js';

/**
 * Turtle with the prefixes it uses. With `base`, IRIs under the site are
 * written relative to an explicit `@base`, so the text reads the same
 * whatever URL it was fetched from (`x` or `x.ttl`).
 */
export function toTurtle(quads: Iterable<Quad>, base?: string): string {
  return write(quads, { prefixes: { ...usedPrefixes(quads) }, baseIRI: base, writeBase: base !== undefined });
}

export function toNTriples(quads: Iterable<Quad>): string {
  return write(quads, { format: 'N-Triples' });
}

function write(quads: Iterable<Quad>, options: ConstructorParameters<typeof Writer>[0]): string {
  const writer = new Writer(options);
  // Sorted output is stable across builds, so ETags and diffs only change with the data.
  writer.addQuads(sortQuads(quads));
  let result = '';
  writer.end((error, output) => {
    if (error) throw error;
    result = output;
  });
  return result;
}

function usedPrefixes(quads: Iterable<Quad>): Record<string, string> {
  const used: Record<string, string> = {};
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.object.termType === 'Literal' ? q.object.datatype : q.object]) {
      for (const [p, ns] of Object.entries(prefixes)) if (t.termType === 'NamedNode' && t.value.startsWith(ns)) used[p] = ns;
    }
  }
  return used;
}

/** Subjects in order (named before blank), each subject's triples together. */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  const key = (q: Quad) => `${q.subject.termType === 'BlankNode' ? '1' : '0'}${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.value}`;
  return [...quads].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
