import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import { usedPrefixes } from '../rdf/prefixes.js';
import { sortQuads } from '../rdf/quads.js';

/**
 * Turtle with the prefixes it uses. With `base`, IRIs under the site are
 * written relative to an explicit `@base`, so the text reads the same
 * whatever URL it was fetched from (`x` or `x.ttl`).
 */
export function toTurtle(quads: Iterable<Quad>, base?: string): string {
  const sorted = sortQuads(quads);
  return write(sorted, { prefixes: usedPrefixes(sorted), baseIRI: base, writeBase: base !== undefined });
}

export function toNTriples(quads: Iterable<Quad>): string {
  return write(sortQuads(quads), { format: 'N-Triples' });
}

/** Sorted input gives stable output, so ETags and diffs only change with the data. */
function write(sorted: Quad[], options: ConstructorParameters<typeof Writer>[0]): string {
  const writer = new Writer(options);
  writer.addQuads(sorted);
  let result = '';
  writer.end((error, output) => {
    if (error) throw error;
    result = output;
  });
  return result;
}
