import type { DatasetCore, Literal, Quad, Term } from '@rdfjs/types';
import { labelPredicates, rdf, RDF_TYPE, schema } from './vocabulary.js';

/**
 * The one index over a set of quads, and the questions every layer asks of
 * it: what a node says, what points at it, its types, its label. The
 * pipeline builds the profile's graph into it (the alignment adds to it, the
 * SHACL engine reads it as an RDF/JS DatasetCore), and slicing the site into
 * documents, every writer and every page read quads through it, so there is
 * one `match`, one term key and one notion of "a role" or "a label".
 */

/** A node of the graph: an IRI or a blank node. */
export type Node = Term & { termType: 'NamedNode' | 'BlankNode' };

/** A string that identifies a term among subjects and objects: `<iri`, `_:label`, `"value`. */
export function termKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.termType === 'NamedNode' ? `<${term.value}` : `"${term.value}`;
}

export function isNode(term: Term | undefined): term is Node {
  return term !== undefined && (term.termType === 'NamedNode' || term.termType === 'BlankNode');
}

export function isLiteral(term: Term | undefined): term is Literal {
  return term !== undefined && term.termType === 'Literal';
}

/** A named node that needs no factory: enough to look things up with. */
export function namedNode(iri: string): Node {
  return { termType: 'NamedNode', value: iri, equals: (o?: Term | null) => !!o && o.termType === 'NamedNode' && o.value === iri } as Node;
}

export function blankNode(label: string): Node {
  return { termType: 'BlankNode', value: label, equals: (o?: Term | null) => !!o && o.termType === 'BlankNode' && o.value === label } as Node;
}

/** The term a `termKey` names (subjects and objects that are nodes). */
export function nodeOfKey(key: string): Node {
  return key.startsWith('_:') ? blankNode(key.slice(2)) : namedNode(key.slice(1));
}

/**
 * A node with at least this many quads about it (or pointing at it) gets an
 * index by predicate on its first lookup by predicate. Most nodes say a
 * dozen things, and a scan is cheapest; a few say thousands (a scholar's
 * foaf:made of every work, the schema:author pointing back), and scanning
 * them for every work that names them made building and slicing grow with
 * the square of the profile.
 */
const INDEXED_FROM = 32;

/**
 * The indexes' own key of a term: an IRI as it is (none starts with `_:` or
 * a quote), so the lookups that run in the millions build no string for it.
 */
function indexKey(term: Term): string {
  return term.termType === 'NamedNode' ? term.value : term.termType === 'BlankNode' ? `_:${term.value}` : `"${term.value}`;
}

/**
 * Each triple once, in the order first added; default graph only (the
 * profile has no named graphs). Indexed by subject and by the object when
 * it is a node (literals are not looked up by value: at a million triples
 * their keys would outweigh the index), each node with many quads also by
 * predicate (INDEXED_FROM), and by predicate alone when first asked so.
 * `match` answers with another Graph over the matching quads, indexed only
 * if it is itself asked something: the SHACL engine matches hundreds of
 * thousands of times and mostly just reads the answer. Measured against
 * rdf-ext's dataset and N3's Store in bench/pipeline.ts (see the README).
 */
export class Graph implements DatasetCore<Quad, Quad> {
  private held: Quad[] = [];
  private indexes?: Indexes;

  constructor(quads: Iterable<Quad> = []) {
    for (const q of quads) this.add(q);
  }

  /**
   * A graph over quads known to hold each triple once (a match's answer, a
   * sorted copy of a graph), taken as they are and indexed when first asked.
   */
  static distinct(quads: Quad[]): Graph {
    const graph = new Graph();
    graph.held = quads;
    return graph;
  }

  // --- RDF/JS DatasetCore ---

  get size(): number {
    return this.held.length;
  }

  /** The quads, in the order they were added. */
  get quads(): readonly Quad[] {
    return this.held;
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.held[Symbol.iterator]();
  }

  add(quad: Quad): this {
    if (this.has(quad)) return this;
    this.held.push(quad);
    insert(this.indexed(), quad);
    return this;
  }

  delete(quad: Quad): this {
    if (!this.has(quad)) return this;
    this.held = this.held.filter((q) => !sameTriple(q, quad));
    this.indexes = undefined;
    return this;
  }

  has(quad: Quad): boolean {
    if (!inDefaultGraph(quad.graph)) return false;
    const { subject, predicate: { value: predicate }, object } = quad;
    const indexes = this.indexed();
    const key = indexKey(subject);
    const about = indexes.bySubject.get(key);
    if (!about) return false;
    let run = about.length < INDEXED_FROM ? about : byPredicate(about, predicate, key, indexes.bySubjectPredicate);
    if (isNode(object)) {
      // The shorter of the two runs: a class has many instances, a person many works, but rarely both at once.
      const objectKey = indexKey(object);
      const pointing = indexes.byObject.get(objectKey);
      if (!pointing) return false;
      if (pointing.length < run.length) run = pointing;
      else if (pointing.length >= INDEXED_FROM) {
        const some = byPredicate(pointing, predicate, objectKey, indexes.byObjectPredicate);
        if (some.length < run.length) run = some;
      }
    }
    for (const q of run) if (q.predicate.value === predicate && sameTerm(q.subject, subject) && sameTerm(q.object, object)) return true;
    return false;
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): Graph {
    if (graph && !inDefaultGraph(graph)) return Graph.distinct([]);
    let run: readonly Quad[];
    if (subject) run = predicate ? this.said(subject, predicate.value) : this.about(subject);
    else if (object && isNode(object)) run = predicate ? this.pointing(object, predicate.value) : this.incoming(object);
    else if (predicate) run = predicateIndex(this.indexed(), this.held).get(predicate.value) ?? [];
    else run = this.held;
    const found: Quad[] = [];
    for (const q of run) {
      if (subject && !sameTerm(q.subject, subject)) continue;
      if (predicate && q.predicate.value !== predicate.value) continue;
      if (object && !sameTerm(q.object, object)) continue;
      found.push(q);
    }
    return Graph.distinct(found);
  }

  // --- what a node says and what points at it ---

  /** Everything said about a node, in the order of the quads. */
  about(node: Term): Quad[] {
    return this.indexed().bySubject.get(indexKey(node)) ?? [];
  }

  /** Whether the graph says anything about a node. */
  describes(node: Term): boolean {
    return this.indexed().bySubject.has(indexKey(node));
  }

  /** The links pointing at a node, optionally by one property. */
  incoming(node: Term, predicate?: string): Quad[] {
    if (predicate === undefined) return this.indexed().byObject.get(indexKey(node)) ?? [];
    // A copy: callers may sort or filter what they get, as they may a filtered array.
    return [...this.pointing(node, predicate)];
  }

  /** Keys of every subject, in order of first appearance. */
  subjectKeys(): string[] {
    return [...this.indexed().bySubject.keys()].map((k) => (k.startsWith('_:') ? k : `<${k}`));
  }

  /** IRIs of the named subjects, sorted. */
  namedSubjects(): string[] {
    return [...this.indexed().bySubject.keys()].filter((k) => !k.startsWith('_:')).sort();
  }

  /** The values of one property of a node. */
  values(node: Term, predicate: string): Term[] {
    return this.said(node, predicate).map((q) => q.object);
  }

  /** The node-valued values (IRIs and blank nodes), in graph order. */
  nodes(node: Term, predicate: string): Node[] {
    return this.values(node, predicate).filter(isNode);
  }

  node(node: Term, predicate: string): Node | undefined {
    return this.nodes(node, predicate)[0];
  }

  literals(node: Term, predicate: string): Literal[] {
    return this.values(node, predicate).filter(isLiteral);
  }

  literal(node: Term, predicate: string): Literal | undefined {
    return this.literals(node, predicate)[0];
  }

  text(node: Term, predicate: string): string | undefined {
    return this.literal(node, predicate)?.value;
  }

  /** The nodes that point at `node` by `predicate`. */
  subjects(predicate: string, node: Term): Node[] {
    return this.incoming(node, predicate).map((q) => q.subject).filter(isNode);
  }

  types(node: Term): string[] {
    return this.values(node, RDF_TYPE).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
  }

  is(node: Term, type: string): boolean {
    return this.types(node).includes(type);
  }

  /** Every node of a type, in IRI order. */
  ofType(type: string): Node[] {
    return this.subjects(RDF_TYPE, namedNode(type)).sort((a, b) => compare(a.value, b.value));
  }

  /** The node's label: its first literal among `labelPredicates`. */
  label(node: Term): string | undefined {
    for (const p of labelPredicates) {
      const l = this.literal(node, p);
      if (l) return l.value;
    }
    return undefined;
  }

  /**
   * The value a role stands for. A role wraps the value of the property
   * that links to it (`X p [a Role; p Y]`): Y, or the node itself when it
   * is not a role.
   */
  through(node: Node, predicate: string): Node {
    return (this.isRole(node) ? this.node(node, predicate) : undefined) ?? node;
  }

  /** The members of an RDF collection (rdf:first/rdf:rest), in order; a malformed or cyclic list ends where it breaks. */
  list(head: Term): Term[] {
    const items: Term[] = [];
    const seen = new Set<string>();
    for (let cell: Term | undefined = head; cell && cell.value !== rdf('nil') && !seen.has(indexKey(cell));) {
      seen.add(indexKey(cell));
      const first = this.values(cell, rdf('first'))[0];
      if (first === undefined) break;
      items.push(first);
      cell = this.values(cell, rdf('rest'))[0];
    }
    return items;
  }

  /** A schema:Role (or one of its subclasses, as the alignment types them). */
  isRole(node: Term): boolean {
    return this.is(node, schema('Role'));
  }

  private indexed(): Indexes {
    if (!this.indexes) {
      this.indexes = { bySubject: new Map(), byObject: new Map(), bySubjectPredicate: new Map(), byObjectPredicate: new Map() };
      for (const q of this.held) insert(this.indexes, q);
    }
    return this.indexes;
  }

  /** A node's quads with one predicate, in order. */
  private said(node: Term, predicate: string): readonly Quad[] {
    const key = indexKey(node);
    const { bySubject, bySubjectPredicate } = this.indexed();
    return byPredicate(bySubject.get(key) ?? [], predicate, key, bySubjectPredicate);
  }

  /** The quads pointing at a node with one predicate, in order. */
  private pointing(node: Term, predicate: string): readonly Quad[] {
    const key = indexKey(node);
    const { byObject, byObjectPredicate } = this.indexed();
    return byPredicate(byObject.get(key) ?? [], predicate, key, byObjectPredicate);
  }
}

interface Indexes {
  /** Subject key → its quads. */
  bySubject: Map<string, Quad[]>;
  /** Object key → the quads pointing at it (nodes only). */
  byObject: Map<string, Quad[]>;
  /** Per-predicate indexes of the nodes that say much (INDEXED_FROM), made on first use. */
  bySubjectPredicate: Map<string, Map<string, Quad[]>>;
  byObjectPredicate: Map<string, Map<string, Quad[]>>;
  /** Predicate → its quads, made when first asked. */
  byPredicate?: Map<string, Quad[]>;
}

function insert(indexes: Indexes, q: Quad): void {
  const subject = indexKey(q.subject);
  push(indexes.bySubject, subject, q);
  const own = indexes.bySubjectPredicate.get(subject);
  if (own) push(own, q.predicate.value, q);
  if (isNode(q.object)) {
    const object = indexKey(q.object);
    push(indexes.byObject, object, q);
    const pointing = indexes.byObjectPredicate.get(object);
    if (pointing) push(pointing, q.predicate.value, q);
  }
  if (indexes.byPredicate) push(indexes.byPredicate, q.predicate.value, q);
}

function predicateIndex(indexes: Indexes, quads: readonly Quad[]): Map<string, Quad[]> {
  if (!indexes.byPredicate) {
    indexes.byPredicate = new Map();
    for (const q of quads) push(indexes.byPredicate, q.predicate.value, q);
  }
  return indexes.byPredicate;
}

/** The quads of `all` (a node's, under `key`) with one predicate, in order; from the node's own index when it has many. */
function byPredicate(all: Quad[], predicate: string, key: string, indexes: Map<string, Map<string, Quad[]>>): readonly Quad[] {
  if (all.length < INDEXED_FROM) return all.filter((q) => q.predicate.value === predicate);
  let index = indexes.get(key);
  if (!index) {
    index = new Map();
    for (const q of all) push(index, q.predicate.value, q);
    indexes.set(key, index);
  }
  return index.get(predicate) ?? [];
}

function push(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q); else map.set(key, [q]);
}

function inDefaultGraph(graph: Term | null | undefined): boolean {
  return !graph || graph.termType === 'DefaultGraph';
}

/** Term equality, a literal's datatype and language included ("1" and "1"^^xsd:integer differ). */
function sameTerm(a: Term, b: Term): boolean {
  if (a === b) return true;
  if (a.termType !== b.termType || a.value !== b.value) return false;
  return a.termType !== 'Literal' || (a.language === (b as Literal).language && a.datatype.value === (b as Literal).datatype.value);
}

/** Whether two quads state one triple (a literal's language and datatype included). */
export function sameTriple(a: Quad, b: Quad): boolean {
  return sameTerm(a.subject, b.subject) && a.predicate.value === b.predicate.value && sameTerm(a.object, b.object);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
