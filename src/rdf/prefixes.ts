import type { Quad } from '@rdfjs/types';
import { prefixes, RDF_TYPE } from './vocabulary.js';

/**
 * IRIs as prefixed names, and which prefixes a graph needs: the one
 * compactor behind Turtle's prefixes, JSON-LD's terms, SHACL messages and
 * the SPARQL page.
 */

export type PrefixTable = Readonly<Record<string, string>>;

/** `http://schema.org/name` → `schema:name`, by the first matching namespace of `table`; undefined when none does. */
export function prefixedName(iri: string, table: PrefixTable = prefixes): string | undefined {
  for (const [prefix, ns] of Object.entries(table)) {
    if (iri.length > ns.length && iri.startsWith(ns)) {
      const local = iri.slice(ns.length);
      // `prefix://…` would read as an absolute IRI.
      if (!local.startsWith('//')) return `${prefix}:${local}`;
    }
  }
  return undefined;
}

/** A prefixed name where there is one, else the IRI itself: for messages. */
export function compactIri(iri: string, table: PrefixTable = prefixes): string {
  return prefixedName(iri, table) ?? iri;
}

/** The entries of `table` whose namespaces some IRI of the quads is in (any position, datatypes too). */
export function usedPrefixes(quads: Iterable<Quad>, table: PrefixTable = prefixes): Record<string, string> {
  const namespaces = Object.entries(table);
  const used = new Set<string>();
  // Each IRI tried once: predicates and datatypes repeat on almost every line, a subject on its every line.
  const seen = new Set<string>();
  const note = (iri: string) => {
    if (seen.has(iri)) return;
    seen.add(iri);
    for (const [prefix, ns] of namespaces) if (iri.startsWith(ns)) used.add(prefix);
  };
  for (const q of quads) {
    if (q.subject.termType === 'NamedNode') note(q.subject.value);
    note(q.predicate.value);
    if (q.object.termType === 'NamedNode') note(q.object.value);
    else if (q.object.termType === 'Literal') note(q.object.datatype.value);
  }
  return Object.fromEntries(namespaces.filter(([prefix]) => used.has(prefix)));
}

/**
 * Vocabularies the data speaks: namespaces of its properties and classes
 * (rdf:type itself is the RDF model, not a vocabulary of the data). An IRI
 * outside the known namespaces counts by its IRI up to the last `/` or `#`.
 */
export function vocabulariesOf(quads: Iterable<Quad>): string[] {
  const known = Object.values(prefixes) as string[];
  const used = new Set<string>();
  const note = (iri: string) => {
    const ns = known.find((n) => iri.startsWith(n)) ?? iri.replace(/[^/#]*$/, '');
    if (ns !== prefixes.rdf) used.add(ns);
  };
  for (const q of quads) {
    note(q.predicate.value);
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') note(q.object.value);
  }
  return [...used].sort();
}
