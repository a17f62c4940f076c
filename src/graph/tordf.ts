import type jsonld from 'jsonld';
import type { Literal, NamedNode, Quad, Term } from '@rdfjs/types';
import rdf from '../rdf/factory.js';
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

  /**
   * As `toQuads`, for a document converted again and again (build --watch):
   * the top-level entries whose data is unchanged since the last conversion
   * with `kept` taken from it, with what `kept.derive` says follows from
   * them (`derived`: undefined where some entry alone cannot tell, or the
   * document was converted whole). The same quads, labels included.
   */
  async toQuadsKeeping(data: Record<string, unknown>, kept: KeptEntries): Promise<{ quads: Quad[]; derived: Quad[] | undefined }> {
    if (!(this.active instanceof UnsupportedJsonLd)) {
      try {
        const result = convertKeeping(data, this.active, kept);
        if (result) { kept.keep(); return result; }
      } catch (error) {
        if (!(error instanceof UnsupportedJsonLd)) throw error;
      }
    }
    return { quads: await this.toQuads(data), derived: undefined };
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
  /** A kept entry's node, standing for it (`KeptEntries`). */
  entry?: Entry;
}

type Value = { node: NodeObject } | { literal: Literal } | { list: Value[] };

/** `kept`: the document's top-level entries, read through it (the root's own call alone). */
function expandNode(active: ActiveContext, element: Record<string, unknown>, property: TermDefinition | null | undefined, kept?: KeptEntries): NodeObject {
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
        node.included.push(kept ? kept.read(key, context, definition, item) : expandNode(context, item, definition));
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
        : expandItems(context, key, definition, value, false, kept);
    if (values.length === 0 && !definition.list) continue;
    const existing = node.properties.get(definition.iri);
    if (existing) existing.push(...values); else node.properties.set(definition.iri, values);
  }
  return node;
}

function expandItems(context: ActiveContext, key: string, definition: TermDefinition, value: unknown, inList: boolean, kept?: KeptEntries): Value[] {
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
    } else if (isMap(item)) out.push({ node: kept ? kept.read(key, context, definition, item) : expandNode(context, item, definition) });
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

/** A list the node map met, written after it (jsonld.js numbers the cells of all lists after every node). */
interface ListRecord {
  subject: string;
  predicate: string;
  /** Literals, and the names of nodes. */
  items: Array<Term | string>;
  order: number;
  /** A kept entry's list: how many cells it has, and the first one's number once `writeLists` has placed it. */
  kept?: { length: number; start: number };
}

/**
 * The node map: every node's quads, blank nodes labelled _:b0, _:b1, … as
 * they are met, the lists left for `writeLists`. A kept entry's node
 * (`KeptEntries`) is not visited: its labels are counted, its lists placed.
 */
class NodeMap {
  readonly quads: Quad[] = [];
  readonly lists: ListRecord[] = [];
  /** The kept entries met, each with where its labels start and its lists. */
  readonly kept: Array<{ entry: Entry; offset: number; lists: ListRecord[] }> = [];
  counter = 0;
  /** Whether the data named a blank node itself (a label the whole document shares). */
  namedBlank = false;
  private readonly blankLabels = new Map<string, string>();

  /** `derive`: what follows from a kept entry's quads alone (`KeptEntries`). */
  constructor(private readonly derive?: Derive) {}

  fresh(): string {
    return `_:b${this.counter++}`;
  }

  label(id: string | undefined): string {
    if (id === undefined) return this.fresh();
    if (!id.startsWith('_:')) return id;
    this.namedBlank = true;
    let l = this.blankLabels.get(id);
    if (!l) { l = this.fresh(); this.blankLabels.set(id, l); }
    return l;
  }

  visit(node: NodeObject, name: string): void {
    if (node.entry) { this.place(node.entry); return; }
    const subject = termOf(name);
    for (const included of node.included) this.visit(included, this.label(included.id));
    for (const t of node.types) this.quads.push(rdf.quad(subject, TYPE, termOf(this.label(t))));
    for (const iri of [...node.properties.keys()].sort()) {
      const predicate = named(iri);
      for (const value of node.properties.get(iri)!) {
        if ('literal' in value) this.quads.push(rdf.quad(subject, predicate, value.literal));
        else if ('node' in value) {
          const object = this.label(value.node.id);
          this.quads.push(rdf.quad(subject, predicate, termOf(object)));
          this.visit(value.node, object);
        } else {
          const items = value.list.map((item) => {
            if ('literal' in item) return item.literal;
            if (!('node' in item)) throw new UnsupportedJsonLd('a list in a list');
            const object = this.label(item.node.id);
            this.visit(item.node, object);
            return object;
          });
          this.lists.push({ subject: name, predicate: iri, items, order: this.lists.length });
        }
      }
    }
    for (const [iri, subjects] of node.reverse ?? []) for (const s of subjects) this.quads.push(rdf.quad(named(s), named(iri), subject));
  }

  /** A kept entry where a visit would be: its blank nodes counted, its lists among the others under their labels here. */
  private place(entry: Entry): void {
    const alone = entry.alone ??= aloneOf(entry, this.derive!);
    const offset = this.counter;
    const lists = alone.lists.map(({ subject, predicate, length }, i) => ({ subject: shifted(subject, offset), predicate, items: [], order: this.lists.length + i, kept: { length, start: -1 } }));
    this.lists.push(...lists);
    this.kept.push({ entry, offset, lists });
    this.counter += alone.blanks;
  }
}

/** The lists' quads, in the order of their subjects' names, their cells numbered on from the node map's count; a kept entry's lists only numbered. */
function writeLists(map: NodeMap): void {
  map.lists.sort((a, b) => compare(a.subject, b.subject) || compare(a.predicate, b.predicate) || a.order - b.order);
  const first = named(rdfNs('first'));
  const rest = named(rdfNs('rest'));
  const nil = named(rdfNs('nil'));
  for (const { subject, predicate, items, kept } of map.lists) {
    if (kept) { kept.start = map.counter; map.counter += kept.length; continue; }
    let head: Quad['object'] = nil;
    if (items.length > 0) {
      const cells = items.map(() => rdf.blankNode(map.fresh().slice(2)));
      head = cells[0];
      items.forEach((item, i) => {
        map.quads.push(rdf.quad(cells[i], first, typeof item === 'string' ? termOf(item) : item as Quad['object']));
        map.quads.push(rdf.quad(cells[i], rest, cells[i + 1] ?? nil));
      });
    }
    map.quads.push(rdf.quad(termOf(subject), named(predicate), head));
  }
}

function convert(data: Record<string, unknown>, active: ActiveContext): Quad[] {
  const map = new NodeMap();
  const root = expandNode(active, data, undefined);
  map.visit(root, map.label(root.id));
  writeLists(map);
  return checked(map.quads);
}

function checked(quads: Quad[]): Quad[] {
  for (const q of quads) if (q.predicate.termType === 'NamedNode' && !ABSOLUTE_IRI.test(q.predicate.value)) throw new UnsupportedJsonLd('a relative property');
  return quads;
}

const TYPE = named(rdfNs('type'));

function termOf(name: string): Quad['subject'] {
  return name.startsWith('_:') ? rdf.blankNode(name.slice(2)) : named(name);
}

/** A node's name with its blank node label moved on by `by`. */
function shifted(name: string, by: number): string {
  return name.startsWith('_:b') ? `_:b${Number(name.slice(3)) + by}` : name;
}

// --- the entries kept from one conversion to the next ---

/**
 * A named node of the document's top level (a work, a person, a news item,
 * the profile's person) and its whole subtree, as the last conversion read
 * it: its expansion until its quads are made, then its quads alone.
 */
interface Entry {
  context: ActiveContext;
  definition: TermDefinition;
  name: string;
  node?: NodeObject;
  alone?: Alone;
  /** Its quads and what follows from them as the last conversion labelled them (`at`: where its labels went). */
  placed?: { at: string; quads: Quad[]; derived: Quad[] | undefined };
}

/**
 * An entry's quads as a document of its own would have them: its node
 * map's blank nodes _:b0 … _:b(blanks-1), then its lists' cells, list by
 * list in the lists' order (`start`, `length`); and what `derive` says
 * follows from them alone.
 */
interface Alone {
  quads: Quad[];
  derived: ReturnType<Derive>;
  blanks: number;
  lists: Array<{ subject: string; predicate: string; start: number; length: number }>;
}

/** Thrown where an entry's quads are not its own: the document is converted whole. */
class NotAlone extends Error {}

/**
 * What follows from an entry's quads alone (`added`), provided no other
 * part of the document names the named nodes `own` lists; undefined where
 * the entry alone cannot tell.
 */
export type Derive = (quads: Quad[]) => { added: Quad[]; own: string[] } | undefined;

function aloneOf(entry: Entry, derive: Derive): Alone {
  const map = new NodeMap(derive);
  map.visit(entry.node!, entry.name);
  if (map.namedBlank) throw new NotAlone();
  const blanks = map.counter;
  writeLists(map);
  // writeLists sorted map.lists in place: the cells were numbered in that order.
  let start = blanks;
  const lists = map.lists.map(({ subject, predicate, items }) => {
    const at = start;
    start += items.length;
    return { subject, predicate, start: at, length: items.length };
  });
  entry.node = undefined;
  const quads = checked(map.quads);
  return { quads, derived: derive(quads), blanks, lists };
}

/**
 * What a resident build keeps of its last conversion
 * (`JsonLdReader.toQuadsKeeping`): each named node of the document's top
 * level (an item of a top-level list, a field's object) with its subtree,
 * by its data as read (its JSON, when it is JSON's values alone), with the
 * context and the term it was read under. Read again with the
 * same data, an entry is not expanded or visited again: its quads, made
 * once as a document of its own, have their blank node labels moved to
 * where the whole document's numbering puts them (`placed`; the same
 * quads when nothing before them changed). The node map numbers blank
 * nodes in the order it meets them, depth first, so an entry's labels are
 * its own moved on by the count before it; the lists' cells come after
 * every node, list by list in the order of their subjects' names, so each
 * of its lists' cells moves to where that order places the list. What
 * `derive` says follows from an entry's quads alone is kept with them.
 */
export class KeptEntries {
  private last = new Map<string, Entry[]>();
  private next = new Map<string, Entry[]>();

  constructor(readonly derive: Derive) {}

  /** The top-level `item` of the field `key`, expanded: as last time when its data is the same, then a node standing for the entry. */
  read(key: string, context: ActiveContext, definition: TermDefinition, item: Record<string, unknown>): NodeObject {
    const json = jsonOf(item);
    if (json === undefined) return expandNode(context, item, definition);
    const data = `${key}\n${json}`;
    const known = this.last.get(data);
    const at = known?.findIndex((e) => e.context === context && e.definition === definition) ?? -1;
    let entry = at >= 0 ? known!.splice(at, 1)[0] : undefined;
    if (!entry) {
      const node = expandNode(context, item, definition);
      if (node.id === undefined || node.id.startsWith('_:')) return node;
      entry = { context, definition, name: node.id, node };
    }
    const same = this.next.get(data);
    if (same) same.push(entry); else this.next.set(data, [entry]);
    return { id: entry.name, types: [], included: [], properties: new Map(), entry };
  }

  /** The conversion done: what it read is what the next one can take. */
  keep(): void {
    this.last = this.next;
    this.next = new Map();
  }

  /** A conversion starts, or is given up: what it read so far is forgotten, the next one takes what is left of the last. */
  drop(): void {
    this.next = new Map();
  }
}

/** A value's JSON, when that says all of it: undefined where it holds more than JSON's values (undefined, an infinite number, a Date). */
function jsonOf(value: unknown): string | undefined {
  return plainJson(value) ? JSON.stringify(value) : undefined;
}

function plainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string': case 'boolean': return true;
    case 'number': return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!plainJson(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!plainJson((value as Record<string, unknown>)[key])) return false;
      return true;
    default: return false;
  }
}

/** The document's quads and what follows from them, its entries kept in `kept`; undefined where an entry's quads are not its own. */
function convertKeeping(data: Record<string, unknown>, active: ActiveContext, kept: KeptEntries): { quads: Quad[]; derived: Quad[] | undefined } | undefined {
  kept.drop();
  const map = new NodeMap(kept.derive);
  const root = expandNode(active, data, undefined, kept);
  try {
    map.visit(root, map.label(root.id));
  } catch (error) {
    if (error instanceof NotAlone) return undefined;
    throw error;
  }
  writeLists(map);
  const own = kept.derive(checked(map.quads));
  const parts = [{ quads: map.quads, derived: own?.added, own: own?.own }];
  for (const { entry, offset, lists } of map.kept) {
    const at = `${offset} ${lists.map((l) => l.kept!.start).join(' ')}`;
    if (entry.placed?.at !== at) entry.placed = { at, ...relabelled(entry.alone!, offset, lists.map((l) => l.kept!.start)) };
    parts.push({ ...entry.placed, own: entry.alone!.derived?.own });
  }
  const quads = new Array<Quad>(parts.reduce((n, part) => n + part.quads.length, 0));
  let n = 0;
  for (const part of parts) for (const q of part.quads) quads[n++] = q;
  return { quads, derived: derivedOf(parts, kept.derive) };
}

/**
 * What follows from the parts together: what follows from each alone; the
 * parts that name a node another part owns, with the owners, taken
 * together; undefined where that cannot tell.
 */
function derivedOf(parts: Array<{ quads: Quad[]; derived: Quad[] | undefined; own: string[] | undefined }>, derive: Derive): Quad[] | undefined {
  const owners = new Map<string, number>();
  for (const [i, { derived, own }] of parts.entries()) {
    if (!derived || !own) return undefined;
    for (const name of own) {
      if (owners.has(name)) return undefined;
      owners.set(name, i);
    }
  }
  const foreign = (i: number, term: Term) => term.termType === 'NamedNode' && (owners.get(term.value) ?? i) !== i;
  const together = new Set<number>();
  if (owners.size > 0) {
    for (const [i, part] of parts.entries()) {
      for (const quads of [part.quads, part.derived!]) {
        for (const q of quads) if (foreign(i, q.subject) || foreign(i, q.object)) together.add(i).add(owners.get(foreign(i, q.subject) ? q.subject.value : q.object.value)!);
      }
    }
  }
  const derived: Quad[] = [];
  for (const [i, part] of parts.entries()) if (!together.has(i)) for (const q of part.derived!) derived.push(q);
  if (together.size === 0) return derived;
  const joint = derive([...together].flatMap((i) => parts[i].quads));
  return joint && [...derived, ...joint.added];
}

/** An entry's quads alone, its node map's labels moved on by `offset`, each of its lists' cells to the list's `starts`. */
function relabelled(alone: Alone, offset: number, starts: number[]): { quads: Quad[]; derived: Quad[] | undefined } {
  const cells: number[] = [];
  alone.lists.forEach((list, i) => { for (let j = 0; j < list.length; j++) cells[list.start - alone.blanks + j] = starts[i] + j; });
  const label = (n: number) => (n < alone.blanks ? n + offset : cells[n - alone.blanks]);
  const term = <T extends Term>(t: T): T => (t.termType === 'BlankNode' ? rdf.blankNode(`b${label(Number(t.value.slice(1)))}`) as unknown as T : t);
  const move = (q: Quad) => (q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode' ? q : rdf.quad(term(q.subject), q.predicate, term(q.object)));
  return { quads: alone.quads.map(move), derived: alone.derived?.added.map(move) };
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
  // No document loader: the context is inline and nothing may be fetched. jsonld.js is loaded here, when first needed: with
  // its HTTP client (undici) it is some 130 modules that a command whose data the direct reading handles never needs.
  const { default: jsonLd } = await import('jsonld');
  const raw = await jsonLd.toRDF(document as jsonld.JsonLdDocument, {
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
