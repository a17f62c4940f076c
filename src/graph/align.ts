import type { DatasetCore, NamedNode, Quad, Term } from '@rdfjs/types';
import rdf from '../rdf/factory.js';
import { Graph } from '../rdf/graph.js';
import { owl, rdf as rdfNs, rdfs, schema } from '../rdf/vocabulary.js';

/**
 * The schema.org ↔ FOAF alignment (ontology/alignment.ttl) read as rules:
 * sub/equivalent classes add types, sub/equivalent properties add the FOAF
 * triple beside the schema.org one, inverses add the reverse triple, and a
 * property's rdfs:domain types its subject; `align:unlessRoleHas` keeps a
 * property from being read through a role that has the named property (a
 * member role with an end date gives no foaf:member).
 */
export interface Alignment {
  superClasses: Map<string, Set<string>>;
  superProperties: Map<string, Set<string>>;
  inverses: Map<string, Set<string>>;
  domains: Map<string, Set<string>>;
  /** Property → the properties whose presence on a role stops it being read through that role. */
  unlessRoleHas: Map<string, Set<string>>;
}

/** The alignment's own rule (ontology/alignment.ttl): `p align:unlessRoleHas q`. */
const UNLESS_ROLE_HAS = 'urn:lodfolio:alignment#unlessRoleHas';

export function readAlignment(quads: Iterable<Quad>): Alignment {
  const alignment: Alignment = { superClasses: new Map(), superProperties: new Map(), inverses: new Map(), domains: new Map(), unlessRoleHas: new Map() };
  const add = (map: Map<string, Set<string>>, from: string, to: string) => {
    if (!map.has(from)) map.set(from, new Set());
    map.get(from)!.add(to);
  };
  for (const { subject: s, predicate: p, object: o } of quads) {
    if (s.termType !== 'NamedNode' || o.termType !== 'NamedNode') continue;
    switch (p.value) {
      case rdfs('subClassOf'): add(alignment.superClasses, s.value, o.value); break;
      case owl('equivalentClass'): add(alignment.superClasses, s.value, o.value); add(alignment.superClasses, o.value, s.value); break;
      case rdfs('subPropertyOf'): add(alignment.superProperties, s.value, o.value); break;
      case owl('equivalentProperty'): add(alignment.superProperties, s.value, o.value); add(alignment.superProperties, o.value, s.value); break;
      case owl('inverseOf'): add(alignment.inverses, s.value, o.value); add(alignment.inverses, o.value, s.value); break;
      case rdfs('domain'): add(alignment.domains, s.value, o.value); break;
      case UNLESS_ROLE_HAS: add(alignment.unlessRoleHas, s.value, o.value); break;
    }
  }
  return alignment;
}

/**
 * Adds to `graph` everything the alignment implies, until nothing new follows.
 *
 * schema.org's Role pattern (`group member [a Role; member person]`) is read
 * through: the FOAF triple links the real ends (`group foaf:member person`),
 * since FOAF has no roles, and the role node itself gets no FOAF triple; a
 * role with a property the alignment says stops it (`unlessRoleHas`) gives
 * none at all. Returns the triples it added.
 */
export function applyAlignment(graph: DatasetCore, alignment: Alignment): Quad[] {
  const type = rdf.namedNode(rdfNs('type'));
  const role = new RoleTest(graph, alignment);
  const named = new Map<string, NamedNode>();
  const iri = (value: string) => {
    let term = named.get(value);
    if (!term) { term = rdf.namedNode(value); named.set(value, term); }
    return term;
  };
  const all: Quad[] = [];
  let pending = [...graph];
  while (pending.length > 0) {
    const added: Quad[] = [];
    const assert = (s: Quad['subject'], p: string, o: Term) => {
      const q = rdf.quad(s, iri(p), o as Quad['object']);
      const size = graph.size;
      if (graph.add(q).size === size) return; // already there
      added.push(q);
      if (p === type.value) role.forget(s);
    };
    for (const { subject: s, predicate: p, object: o } of pending) {
      if (p.equals(type)) {
        for (const c of alignment.superClasses.get(o.value) ?? []) assert(s, rdfNs('type'), iri(c));
        continue;
      }
      if (role.is(s)) continue;
      // A domain types the subject whatever the role says: a group whose memberships ended is still a group.
      for (const c of alignment.domains.get(p.value) ?? []) assert(s, rdfNs('type'), iri(c));
      if (role.is(o) && [...alignment.unlessRoleHas.get(p.value) ?? []].some((stop) => graph.match(o as Quad['subject'], iri(stop), null).size > 0)) continue;
      const ends = role.is(o) ? [...graph.match(o as Quad['subject'], p, null)].map((q) => q.object) : [];
      const targets = ends.length > 0 ? ends : [o];
      for (const q of alignment.superProperties.get(p.value) ?? []) for (const t of targets) assert(s, q, t);
      for (const inv of alignment.inverses.get(p.value) ?? []) {
        for (const t of targets) if (t.termType !== 'Literal') assert(t as Quad['subject'], inv, s);
      }
    }
    pending = added;
    for (const q of added) all.push(q);
  }
  return all;
}

/**
 * What the alignment adds to a part of a graph (an entry's quads,
 * graph/tordf.ts `KeptEntries`), read alone: what it adds for them within
 * the whole graph, whose additions are those of its parts together, when
 * every rule reads the one triple it follows from and, of a role, only the
 * role's own triples. That holds while the part's blank nodes are its own,
 * no other part names its named roles (`own`: it would be read through
 * them), and no added type makes a node a role (which triples it stops
 * would then depend on the order they are met in): else undefined.
 */
export function alignmentOfPart(quads: readonly Quad[], alignment: Alignment): { added: Quad[]; own: string[] } | undefined {
  const roleTyped = (q: Quad) => q.predicate.value === rdfNs('type') && isRoleClass(q.object.value, alignment);
  const roles = new Set(quads.filter(roleTyped).map((q) => q.subject));
  const added = applyAlignment(new Graph(quads), alignment);
  if (added.some((q) => roleTyped(q) && !roles.has(q.subject))) return undefined;
  return { added, own: [...roles].filter((node) => node.termType === 'NamedNode').map((node) => node.value) };
}

/**
 * Whether a node is typed schema:Role, directly or through the alignment's
 * subclasses; remembered per node (the scholar is asked about once for each
 * of their works) until the node gains a type.
 */
class RoleTest {
  private readonly known = new Map<string, boolean>();
  private readonly type = rdf.namedNode(rdfNs('type'));

  constructor(private readonly graph: DatasetCore, private readonly alignment: Alignment) {}

  is(node: Term): boolean {
    if (node.termType === 'Literal') return false;
    const key = `${node.termType === 'BlankNode' ? '_:' : ''}${node.value}`;
    let answer = this.known.get(key);
    if (answer === undefined) { answer = this.find(node); this.known.set(key, answer); }
    return answer;
  }

  forget(node: Term): void {
    this.known.delete(`${node.termType === 'BlankNode' ? '_:' : ''}${node.value}`);
  }

  private find(node: Term): boolean {
    return [...this.graph.match(node as Quad['subject'], this.type, null)].some((q) => isRoleClass(q.object.value, this.alignment));
  }
}

/** Whether a class is schema:Role or, through the alignment, one of its subclasses. */
function isRoleClass(type: string, alignment: Alignment): boolean {
  const seen = new Set<string>();
  const queue = [type];
  while (queue.length > 0) {
    const t = queue.pop()!;
    if (t === schema('Role')) return true;
    if (seen.has(t)) continue;
    seen.add(t);
    queue.push(...(alignment.superClasses.get(t) ?? []));
  }
  return false;
}
