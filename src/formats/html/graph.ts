import type { Literal, Quad, Term } from '@rdfjs/types';
import { prefixes } from '../../graph/namespaces.js';
import { labelPredicates } from '../../site/documents.js';

/**
 * Reading a document's quads: the one helper the page code uses to ask what
 * the graph says. No per-type classes: the pages ask for types and
 * predicates, and render what they find.
 */

export const RDF_TYPE = `${prefixes.rdf}type`;
export const s = (local: string): string => `${prefixes.schema}${local}`;
export const foafTerm = (local: string): string => `${prefixes.foaf}${local}`;

/** A node of the graph: an IRI or a blank node. */
export type Node = Term & { termType: 'NamedNode' | 'BlankNode' };

export function keyOf(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.termType === 'NamedNode' ? `<${term.value}` : `"${term.value}`;
}

export function isNode(term: Term | undefined): term is Node {
  return term !== undefined && (term.termType === 'NamedNode' || term.termType === 'BlankNode');
}

export function isLiteral(term: Term | undefined): term is Literal {
  return term !== undefined && term.termType === 'Literal';
}

export function namedNode(iri: string): Node {
  return { termType: 'NamedNode', value: iri, equals: (o?: Term | null) => !!o && o.termType === 'NamedNode' && o.value === iri } as Node;
}

export class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();

  constructor(readonly quads: readonly Quad[]) {
    for (const q of quads) {
      add(this.bySubject, keyOf(q.subject), q);
      add(this.byObject, keyOf(q.object), q);
    }
  }

  /** Everything said about a node. */
  about(node: Term): Quad[] {
    return this.bySubject.get(keyOf(node)) ?? [];
  }

  has(node: Term): boolean {
    return this.bySubject.has(keyOf(node));
  }

  /** The values of one property of a node. */
  values(node: Term, predicate: string): Term[] {
    return this.about(node).filter((q) => q.predicate.value === predicate).map((q) => q.object);
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

  /** The links pointing at a node, optionally by one property. */
  incoming(node: Term, predicate?: string): Quad[] {
    const all = this.byObject.get(keyOf(node)) ?? [];
    return predicate === undefined ? all : all.filter((q) => q.predicate.value === predicate);
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
    return this.incoming(namedNode(type), RDF_TYPE).map((q) => q.subject).filter(isNode)
      .sort((a, b) => compare(a.value, b.value));
  }

  /** The node's name: the first literal among `labelPredicates`. */
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

  /** A schema:Role (or one of its subclasses, as the alignment types them). */
  isRole(node: Term): boolean {
    return this.is(node, s('Role'));
  }
}

function add(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q); else map.set(key, [q]);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
