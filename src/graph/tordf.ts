import jsonld from 'jsonld';
import type { Literal, NamedNode, Quad, Term } from '@rdfjs/types';
import rdf from 'rdf-ext';
import { rdf as rdfNs, xsd } from '../rdf/vocabulary.js';
import { ABSOLUTE_IRI, compactIri, LANGUAGE_TAG, processContext, scoped, UnsupportedJsonLd, type ActiveContext, type Keyword, type TermDefinition } from './context.js';

/**
 * The resolved data, read through the JSON-LD context, as RDF. The context is
 * the whole mapping from data keys to vocabulary; nothing here knows a type.
 *
 * The data is converted directly, driven by the context (context.ts): the
 * steps of JSON-LD's expansion, node map and RDF conversion that the context
 * uses, in jsonld.js's order, so that even the blank node labels are the ones
 * jsonld.js gives (test/graph/tordf.test.ts compares them). It is several
 * times faster than jsonld.js (README, Performance), which stays the
 * fallback for any data or context feature the direct path does not handle.
 */
export class JsonLdReader {
  /** The context, processed; or why the direct conversion cannot read it. */
  private readonly active: ActiveContext | UnsupportedJsonLd;
  /** How many conversions jsonld.js did, for lack of support here (the tests expect none for the project's data). */
  fallbacks = 0;

  constructor(private readonly context: object) {
    try {
      this.active = processContext(context);
    } catch (error) {
      if (!(error instanceof UnsupportedJsonLd)) throw error;
      this.active = error;
    }
  }

  async toQuads(data: Record<string, unknown>): Promise<Quad[]> {
    try {
      return this.direct(data);
    } catch (error) {
      if (!(error instanceof UnsupportedJsonLd)) throw error;
    }
    this.fallbacks++;
    return toQuadsWithJsonLd(data, this.context);
  }

  /** The direct conversion alone: the quads, or UnsupportedJsonLd for anything it does not handle. */
  direct(data: unknown): Quad[] {
    if (this.active instanceof UnsupportedJsonLd) throw this.active;
    if (!isMap(data)) throw new UnsupportedJsonLd('a document that is not one object');
    return convert(data, this.active);
  }
}

// --- expansion: the data as JSON-LD's expanded form, reduced to what the RDF needs ---

interface NodeObject {
  id?: string;
  types: string[];
  included: NodeObject[];
  /** Expanded property IRI → values, in the order jsonld.js expands them. */
  properties: Map<string, Value[]>;
  /** Reverse properties: expanded property IRI → the IRIs of the nodes that have it, with this node as its value. */
  reverse?: Map<string, string[]>;
}

type Value = { node: NodeObject } | { literal: Literal } | { list: Value[] };

function expandNode(active: ActiveContext, element: Record<string, unknown>, property: TermDefinition | null | undefined): NodeObject {
  const keys = Object.keys(element).sort();
  let context = active;
  // A type-scoped context stays with its node (except for a bare reference).
  if (context.previous && !(keys.length === 1 && definitionOf(context, keys[0])?.keyword === '@id')) context = context.previous;
  if (property?.scoped) context = scoped(context, property.scoped, true);
  const typeScoped = context;
  for (const key of keys) {
    if (definitionOf(context, key)?.keyword !== '@type') continue;
    const value = element[key];
    const types = Array.isArray(value) ? (value.length > 1 ? [...value].sort() : value) : [value];
    for (const type of types) {
      const local = typeof type === 'string' ? typeScoped.terms.get(type)?.scoped : undefined;
      if (local) context = scoped(context, local, false);
    }
  }

  const node: NodeObject = { types: [], included: [], properties: new Map() };
  for (const key of keys) {
    const value = element[key];
    const definition = definitionOf(context, key);
    if (definition === undefined) {
      if (key.includes(':')) throw new UnsupportedJsonLd(`the key "${key}"`);
      continue; // no term, no @vocab: jsonld.js drops the key
    }
    if (definition === null) continue;
    if (definition.keyword === '@id') {
      if (typeof value !== 'string') throw new UnsupportedJsonLd('an id that is not a string');
      if (node.id !== undefined) throw new UnsupportedJsonLd('two ids for one node');
      node.id = documentIri(context, value);
      continue;
    }
    if (definition.keyword === '@type') {
      for (const type of Array.isArray(value) ? value : [value]) {
        if (typeof type !== 'string') throw new UnsupportedJsonLd('a type that is not a string');
        node.types.push(vocabularyIri(typeScoped, type));
      }
      continue;
    }
    if (definition.keyword === '@included') {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!isMap(item)) throw new UnsupportedJsonLd('an included value that is not an object');
        node.included.push(expandNode(context, item, definition));
      }
      continue;
    }
    if (definition.iri.startsWith('_:')) throw new UnsupportedJsonLd(`a blank node as a property: "${key}"`);
    if (value === null) continue;
    if (definition.reverse) {
      const subjects = expandItems(context, key, definition, value, false).map((v) => {
        if (!('node' in v) || v.node.id === undefined || v.node.id.startsWith('_:')) throw new UnsupportedJsonLd('a reverse value that is not a reference');
        return v.node.id;
      });
      node.reverse ??= new Map();
      node.reverse.set(definition.iri, [...(node.reverse.get(definition.iri) ?? []), ...subjects]);
      continue;
    }
    const values = definition.list ? [{ list: expandItems(context, key, definition, value, true) }]
      : definition.languageMap && isMap(value) ? expandLanguageMap(value)
        : expandItems(context, key, definition, value, false);
    if (values.length === 0 && !definition.list) continue;
    const existing = node.properties.get(definition.iri);
    if (existing) existing.push(...values); else node.properties.set(definition.iri, values);
  }
  return node;
}

function expandItems(context: ActiveContext, key: string, definition: TermDefinition, value: unknown, inList: boolean): Value[] {
  // A value is read with the property's own scoped context, if any.
  const valueContext = definition.scoped ? scoped(context, definition.scoped, true) : context;
  const own = definition.scoped ? definitionOf(valueContext, key) ?? definition : definition;
  const out: Value[] = [];
  for (const item of Array.isArray(value) ? value : [value]) {
    if (item === null || item === undefined) continue;
    if (Array.isArray(item)) throw new UnsupportedJsonLd('a list of lists');
    if (isMap(item) && Object.hasOwn(item, '@value')) {
      const literal = expandValueObject(valueContext, item);
      if (literal) out.push({ literal });
    } else if (isMap(item)) out.push({ node: expandNode(context, item, definition) });
    else out.push(expandScalar(valueContext, own, item));
  }
  if (inList && out.some((v) => 'list' in v)) throw new UnsupportedJsonLd('a list in a list');
  return out;
}

/** A string, number or boolean: a reference if the term says `@id`, else a literal, typed or in the term's (or the context's) language. */
function expandScalar(context: ActiveContext, definition: TermDefinition, value: unknown): Value {
  if (definition.type === '@id' && typeof value === 'string') return { node: { id: documentIri(context, value), types: [], included: [], properties: new Map() } };
  const datatype = definition.type && definition.type !== '@id' ? definition.type : undefined;
  const language = datatype === undefined && typeof value === 'string' ? (definition.language === undefined ? context.language : definition.language) : undefined;
  return { literal: language ? rdf.literal(value as string, language) : literalOf(value, datatype) };
}

/** `{"@value": …}` with a `@language` or a `@type`: the literal, or none for a null value. */
function expandValueObject(context: ActiveContext, item: Record<string, unknown>): Literal | undefined {
  for (const key of Object.keys(item)) if (key !== '@value' && key !== '@language' && key !== '@type') throw new UnsupportedJsonLd(`${key} in a value`);
  const value = item['@value'];
  const language = item['@language'] ?? undefined;
  if (language !== undefined && Object.hasOwn(item, '@type')) throw new UnsupportedJsonLd('a value with both @language and @type');
  if (language !== undefined && (typeof language !== 'string' || !LANGUAGE_TAG.test(language))) throw new UnsupportedJsonLd(`the language ${JSON.stringify(language)}`);
  let datatype: string | undefined;
  if (Object.hasOwn(item, '@type')) {
    const type = item['@type'];
    if (typeof type !== 'string') throw new UnsupportedJsonLd('a value type that is not a string');
    datatype = vocabularyIri(context, type);
    if (datatype.startsWith('_:')) throw new UnsupportedJsonLd('a blank node as a datatype');
  }
  if (value === null) return undefined; // jsonld.js drops it
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new UnsupportedJsonLd('a @value that is not a string, number or boolean');
  if (language === undefined) return literalOf(value, datatype);
  if (typeof value !== 'string') throw new UnsupportedJsonLd('a language on a value that is not a string');
  return rdf.literal(value, (language as string).toLowerCase());
}

/** A `@language` container's map: a literal in each language for each string, in the order of the sorted tags (`@none`: no language). */
function expandLanguageMap(map: Record<string, unknown>): Value[] {
  const out: Value[] = [];
  for (const tag of Object.keys(map).sort()) {
    if (tag !== '@none' && !LANGUAGE_TAG.test(tag)) throw new UnsupportedJsonLd(`the language "${tag}"`);
    const entry = map[tag];
    for (const text of Array.isArray(entry) ? entry : [entry]) {
      if (text === null) continue;
      if (typeof text !== 'string') throw new UnsupportedJsonLd('a language map value that is not a string');
      out.push({ literal: tag === '@none' ? literalOf(text, undefined) : rdf.literal(text, tag.toLowerCase()) });
    }
  }
  return out;
}

/** The keywords the data may use by name, as the context's aliases of them are read. */
const KEYWORDS = new Map<string, TermDefinition>((['@id', '@type', '@included'] as Keyword[]).map((k) => [k, { iri: k, keyword: k, list: false, prefix: false }]));

function definitionOf(context: ActiveContext, key: string): TermDefinition | null | undefined {
  if (key.startsWith('@')) {
    const keyword = KEYWORDS.get(key);
    if (!keyword) throw new UnsupportedJsonLd(`the keyword ${key} in the data`);
    return keyword;
  }
  const definition = context.terms.get(key);
  if (definition !== undefined) return definition;
  const iri = compactIri(key, context.terms) ?? (context.vocab !== undefined && !key.includes(':') ? context.vocab + key : undefined);
  return iri === undefined ? undefined : { iri, list: false, prefix: false };
}

/** An id or a reference: absolute, or a compact IRI; anything relative is for jsonld.js. */
function documentIri(context: ActiveContext, value: string): string {
  const iri = value.includes(':') ? compactIri(value, context.terms) : undefined;
  if (iri === undefined || !ABSOLUTE_IRI.test(iri)) throw new UnsupportedJsonLd(`the relative IRI "${value}"`);
  return iri;
}

/** A type: a term, a compact or absolute IRI, or one relative to the vocabulary mapping. */
function vocabularyIri(context: ActiveContext, value: string): string {
  const definition = context.terms.get(value);
  if (definition && !definition.keyword) return definition.iri;
  if (definition === undefined && context.vocab !== undefined && !value.includes(':') && !value.startsWith('@')) return context.vocab + value;
  return documentIri(context, value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- RDF: the node map's blank node labels, then the triples ---

const terms = new Map<string, NamedNode>();
/**
 * Named nodes are shared: a million triples name the same predicates, classes
 * and entities over and over. The cache is bounded; cleared, it only costs
 * new objects for equal terms.
 */
function named(iri: string): NamedNode {
  let term = terms.get(iri);
  if (!term) {
    if (terms.size > 100_000) terms.clear();
    term = rdf.namedNode(iri);
    terms.set(iri, term);
  }
  return term;
}

// JSON's own types, as jsonld.js writes them (not among the vocabulary's terms: no data field is typed so).
const XSD_DOUBLE = 'http://www.w3.org/2001/XMLSchema#double';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

/**
 * As jsonld.js writes a value: strings as they are, booleans and integers
 * in canonical form, other numbers as xsd:double; dates narrowed to the
 * precision written (the context types every date field as xsd:date, and a
 * year or a year-month is xsd:gYear or xsd:gYearMonth).
 */
function literalOf(value: unknown, datatype: string | undefined): Literal {
  let text: string;
  let type = datatype;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') { text = String(value); type ??= XSD_BOOLEAN; }
  else if (typeof value === 'number') {
    if (String(value).includes('.') || Math.abs(value) >= 1e21 || type === XSD_DOUBLE) {
      text = value.toExponential(15).replace(/(\d)0*e\+?/, '$1E'); type ??= XSD_DOUBLE;
    } else { text = value.toFixed(0); type ??= xsd('integer'); }
  } else throw new UnsupportedJsonLd(`the value ${String(value)}`);
  return rdf.literal(text, named(refineDate(text, type ?? xsd('string'))));
}

function refineDate(text: string, datatype: string): string {
  if (datatype !== xsd('date')) return datatype;
  if (/^\d{4}$/.test(text)) return xsd('gYear');
  if (/^\d{4}-\d{2}$/.test(text)) return xsd('gYearMonth');
  return datatype;
}

function convert(data: Record<string, unknown>, active: ActiveContext): Quad[] {
  const root = expandNode(active, data, undefined);
  const quads: Quad[] = [];
  let counter = 0;
  const fresh = () => `_:b${counter++}`;
  const blankLabels = new Map<string, string>();
  const label = (id: string | undefined) => {
    if (id === undefined) return fresh();
    if (!id.startsWith('_:')) return id;
    let l = blankLabels.get(id);
    if (!l) { l = fresh(); blankLabels.set(id, l); }
    return l;
  };
  const termOf = (name: string): Quad['subject'] => (name.startsWith('_:') ? rdf.blankNode(name.slice(2)) : named(name));
  // Lists are written after the node map, in the order of their subjects' names, as jsonld.js numbers their cells.
  const lists: Array<{ subject: string; predicate: string; items: Array<Term | string>; order: number }> = [];
  const type = named(rdfNs('type'));

  const visit = (node: NodeObject, name: string): void => {
    const subject = termOf(name);
    for (const included of node.included) visit(included, label(included.id));
    for (const t of node.types) quads.push(rdf.quad(subject, type, termOf(label(t))));
    for (const iri of [...node.properties.keys()].sort()) {
      const predicate = named(iri);
      for (const value of node.properties.get(iri)!) {
        if ('literal' in value) quads.push(rdf.quad(subject, predicate, value.literal));
        else if ('node' in value) {
          const object = label(value.node.id);
          quads.push(rdf.quad(subject, predicate, termOf(object)));
          visit(value.node, object);
        } else {
          const items = value.list.map((item) => {
            if ('literal' in item) return item.literal;
            if (!('node' in item)) throw new UnsupportedJsonLd('a list in a list');
            const object = label(item.node.id);
            visit(item.node, object);
            return object;
          });
          lists.push({ subject: name, predicate: iri, items, order: lists.length });
        }
      }
    }
    for (const [iri, subjects] of node.reverse ?? []) for (const s of subjects) quads.push(rdf.quad(named(s), named(iri), subject));
  };
  visit(root, label(root.id));

  lists.sort((a, b) => compare(a.subject, b.subject) || compare(a.predicate, b.predicate) || a.order - b.order);
  const first = named(rdfNs('first'));
  const rest = named(rdfNs('rest'));
  const nil = named(rdfNs('nil'));
  for (const { subject, predicate, items } of lists) {
    let head: Quad['object'] = nil;
    if (items.length > 0) {
      const cells = items.map(() => rdf.blankNode(fresh().slice(2)));
      head = cells[0];
      items.forEach((item, i) => {
        quads.push(rdf.quad(cells[i], first, typeof item === 'string' ? termOf(item) : item as Quad['object']));
        quads.push(rdf.quad(cells[i], rest, cells[i + 1] ?? nil));
      });
    }
    quads.push(rdf.quad(termOf(subject), named(predicate), head));
  }
  for (const q of quads) if (q.predicate.termType === 'NamedNode' && !ABSOLUTE_IRI.test(q.predicate.value)) throw new UnsupportedJsonLd('a relative property');
  return quads;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// --- the reference: jsonld.js ---

interface JsonLdTerm { termType: string; value: string; datatype?: { value: string }; language?: string }
interface JsonLdQuad { subject: JsonLdTerm; predicate: JsonLdTerm; object: JsonLdTerm }

/** The same conversion by jsonld.js: the fallback, and what the tests compare the direct conversion with. */
export async function toQuadsWithJsonLd(data: Record<string, unknown>, context: object): Promise<Quad[]> {
  const document = { '@context': (context as { '@context': unknown })['@context'], ...data };
  // No document loader: the context is inline and nothing may be fetched.
  const raw = await jsonld.toRDF(document as jsonld.JsonLdDocument, {
    documentLoader: async (url: string) => { throw new Error(`refusing to load ${url}`); },
  }) as unknown as JsonLdQuad[];
  return raw.map((q) => rdf.quad(toTerm(q.subject) as Quad['subject'], toTerm(q.predicate) as Quad['predicate'], refineLiteral(toTerm(q.object)) as Quad['object']));
}

function toTerm(t: JsonLdTerm): Term {
  if (t.termType === 'NamedNode') return rdf.namedNode(t.value);
  if (t.termType === 'BlankNode') return rdf.blankNode(t.value.replace(/^_:/, ''));
  return rdf.literal(t.value, t.language || (t.datatype ? rdf.namedNode(t.datatype.value) : undefined));
}

function refineLiteral(term: Term): Term {
  if (term.termType !== 'Literal' || term.datatype.value !== xsd('date')) return term;
  const refined = refineDate(term.value, term.datatype.value);
  return refined === term.datatype.value ? term : rdf.literal(term.value, rdf.namedNode(refined));
}
