import type { Quad, Term } from '@rdfjs/types';
import rdf from './factory.js';

/**
 * Quads as they cross to a worker thread: each distinct term once, as a
 * string, and the triples as indexes into them. Structured cloning of term
 * objects would copy every repeat and lose their classes; N-Triples would
 * have to be parsed again. Default graph only, as the site's documents are.
 */
export interface WireQuads {
  terms: string[];
  /** Subject, predicate, object: three indexes per quad. */
  triples: Uint32Array;
}

/** A term's wire form: its kind, then what distinguishes it (a literal's language and datatype first). */
export function encodeTerm(term: Term): string {
  switch (term.termType) {
    case 'NamedNode': return `I${term.value}`;
    case 'BlankNode': return `B${term.value}`;
    case 'Literal': return `L${term.language}\u0001${term.datatype.value}\u0001${term.value}`;
    default: throw new Error(`a document's quads cannot hold a ${term.termType}`);
  }
}

export function encodeQuads(quads: readonly Quad[]): WireQuads {
  // By identity first: the slice's terms are the graph's objects, so most repeats cost one Map lookup.
  const byObject = new Map<Term, number>();
  const byKey = new Map<string, number>();
  const terms: string[] = [];
  const index = (term: Term): number => {
    let i = byObject.get(term);
    if (i !== undefined) return i;
    const key = encodeTerm(term);
    i = byKey.get(key);
    if (i === undefined) { i = terms.length; terms.push(key); byKey.set(key, i); }
    byObject.set(term, i);
    return i;
  };
  const triples = new Uint32Array(quads.length * 3);
  quads.forEach((q, n) => {
    triples[n * 3] = index(q.subject);
    triples[n * 3 + 1] = index(q.predicate);
    triples[n * 3 + 2] = index(q.object);
  });
  return { terms, triples };
}

/** The quads again, as terms of rdf-ext's factory; each term made once, as it was sent. */
export function decodeQuads({ terms, triples }: WireQuads): Quad[] {
  const made = terms.map(decodeTerm);
  const quads: Quad[] = new Array(triples.length / 3);
  for (let n = 0; n < quads.length; n++) {
    quads[n] = rdf.quad(made[triples[n * 3]] as Quad['subject'], made[triples[n * 3 + 1]] as Quad['predicate'], made[triples[n * 3 + 2]] as Quad['object']);
  }
  return quads;
}

function decodeTerm(key: string): Term {
  const rest = key.slice(1);
  if (key[0] === 'I') return rdf.namedNode(rest);
  if (key[0] === 'B') return rdf.blankNode(rest);
  const a = rest.indexOf('\u0001');
  const b = rest.indexOf('\u0001', a + 1);
  const language = rest.slice(0, a);
  return rdf.literal(rest.slice(b + 1), language || rdf.namedNode(rest.slice(a + 1, b)));
}
