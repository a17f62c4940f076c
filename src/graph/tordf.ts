import jsonld from 'jsonld';
import type { Quad, Term } from '@rdfjs/types';
import rdf from 'rdf-ext';
import { xsd } from '../rdf/vocabulary.js';

interface JsonLdTerm { termType: string; value: string; datatype?: { value: string }; language?: string }
interface JsonLdQuad { subject: JsonLdTerm; predicate: JsonLdTerm; object: JsonLdTerm }

/**
 * The resolved data, read through the JSON-LD context, as RDF. The context is
 * the whole mapping from data keys to vocabulary; nothing here knows a type.
 */
export async function toQuads(data: Record<string, unknown>, context: object): Promise<Quad[]> {
  const document = { '@context': (context as { '@context': unknown })['@context'], ...data };
  // No document loader: the context is inline and nothing may be fetched.
  const raw = await jsonld.toRDF(document as jsonld.JsonLdDocument, {
    documentLoader: async (url: string) => { throw new Error(`refusing to load ${url}`); },
  }) as unknown as JsonLdQuad[];
  return raw.map((q) => rdf.quad(toTerm(q.subject) as Quad['subject'], toTerm(q.predicate) as Quad['predicate'], refineDate(toTerm(q.object)) as Quad['object']));
}

function toTerm(t: JsonLdTerm): Term {
  if (t.termType === 'NamedNode') return rdf.namedNode(t.value);
  if (t.termType === 'BlankNode') return rdf.blankNode(t.value.replace(/^_:/, ''));
  return rdf.literal(t.value, t.language || (t.datatype ? rdf.namedNode(t.datatype.value) : undefined));
}

/**
 * Dates keep the precision they were written with: the context types every
 * date field as xsd:date, and a year or a year-month is narrowed here to
 * xsd:gYear or xsd:gYearMonth.
 */
function refineDate(term: Term): Term {
  if (term.termType !== 'Literal' || term.datatype.value !== xsd('date')) return term;
  if (/^\d{4}$/.test(term.value)) return rdf.literal(term.value, rdf.namedNode(xsd('gYear')));
  if (/^\d{4}-\d{2}$/.test(term.value)) return rdf.literal(term.value, rdf.namedNode(xsd('gYearMonth')));
  return term;
}
