import type { Quad } from '@rdfjs/types';
import { schema } from '../rdf/vocabulary.js';

/**
 * The profile's news: the parts of the profile page that have a date (the
 * undated ones are announcements). The feed lists them, and there is a
 * feed only when there are some.
 */
export function newsOf(quads: readonly Quad[], base: string): string[] {
  const parts = new Set<string>();
  for (const q of quads) {
    if (q.subject.value === base && q.predicate.value === schema('hasPart') && q.object.termType === 'NamedNode') parts.add(q.object.value);
  }
  const dated = new Set<string>();
  for (const q of quads) if (q.predicate.value === schema('datePublished') && parts.has(q.subject.value)) dated.add(q.subject.value);
  return [...dated].sort();
}
