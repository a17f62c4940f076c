import type { Literal, Quad, Term } from '@rdfjs/types';
import { labelPredicates, rdf, RDF_TYPE, schema } from './vocabulary.js';

/**
 * The one index over a set of quads, and the questions every layer asks of
 * it: what a node says, what points at it, its types, its label. Slicing the
 * site into documents, every writer and every page read quads through this,
 * so there is one term key and one notion of "a role" or "a label".
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

export class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();
  /** Per-predicate indexes of the nodes that say much (INDEXED_FROM), made on first use. */
  private readonly bySubjectPredicate = new Map<string, Map<string, Quad[]>>();
  private readonly byObjectPredicate = new Map<string, Map<string, Quad[]>>();

  constructor(readonly quads: readonly Quad[]) {
    for (const q of quads) {
      push(this.bySubject, termKey(q.subject), q);
      if (q.object.termType !== 'Literal') push(this.byObject, termKey(q.object), q);
    }
  }

  /** Everything said about a node, in the order of the quads. */
  about(node: Term): Quad[] {
    return this.bySubject.get(termKey(node)) ?? [];
  }

  /** Whether the graph says anything about a node. */
  has(node: Term): boolean {
    return this.bySubject.has(termKey(node));
  }

  /** The links pointing at a node, optionally by one property. */
  incoming(node: Term, predicate?: string): Quad[] {
    const key = termKey(node);
    const all = this.byObject.get(key) ?? [];
    return predicate === undefined ? all : byPredicate(all, predicate, key, this.byObjectPredicate);
  }

  /** Keys of every subject, in order of first appearance. */
  subjectKeys(): IterableIterator<string> {
    return this.bySubject.keys();
  }

  /** IRIs of the named subjects, sorted. */
  namedSubjects(): string[] {
    return [...this.bySubject.keys()].filter((k) => k.startsWith('<')).map((k) => k.slice(1)).sort();
  }

  /** The values of one property of a node. */
  values(node: Term, predicate: string): Term[] {
    const key = termKey(node);
    return byPredicate(this.bySubject.get(key) ?? [], predicate, key, this.bySubjectPredicate).map((q) => q.object);
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
    for (let cell: Term | undefined = head; cell && cell.value !== rdf('nil') && !seen.has(termKey(cell));) {
      seen.add(termKey(cell));
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
}

/** The quads of `all` (a node's, under `key`) with one predicate, in order; from an index when there are many. */
function byPredicate(all: Quad[], predicate: string, key: string, indexes: Map<string, Map<string, Quad[]>>): Quad[] {
  if (all.length < INDEXED_FROM) return all.filter((q) => q.predicate.value === predicate);
  let index = indexes.get(key);
  if (!index) {
    index = new Map();
    for (const q of all) push(index, q.predicate.value, q);
    indexes.set(key, index);
  }
  // A copy: callers may sort or filter what they get, as they may a filtered array.
  return [...(index.get(predicate) ?? [])];
}

function push(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q); else map.set(key, [q]);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
