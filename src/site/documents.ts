import type { Quad, Quad_Object, Term } from '@rdfjs/types';
import rdf from 'rdf-ext';
import { foaf, rdf as rdfNs, rdfs, schema } from '../graph/namespaces.js';
import { sortQuads } from '../formats/turtle.js';

/**
 * One web document: what dereferencing an IRI minted under the base returns.
 * Hash IRIs share the document of their IRI without the fragment
 * (`{base}people/x#id` → `{base}people/x`), so the ProfilePage `{base}` and
 * the person `{base}#me` are described together at `/`.
 */
export interface SiteDocument {
  /** Absolute document URL: an entity IRI without its fragment. */
  url: string;
  /** The URL's path, as requests carry it (`/`, `/people/x`). */
  path: string;
  /**
   * The node the JSON-LD tree starts from: the document itself if it is a
   * subject, else its entity. None for the whole-dataset dump, which is flat.
   */
  root: string | undefined;
  /** The IRIs this document describes (its named subjects), root first. */
  entities: string[];
  /** Its triples, sorted, blank nodes relabelled b0, b1, … in order of appearance. */
  quads: Quad[];
  /** A human title, from the root's label (or, for a page, its main entity's). */
  title: string;
}

const TYPE = rdfNs('type');

/**
 * Properties that name a thing. A document carries these (and rdf:type) for
 * each entity it links to, so that it reads on its own: a link shows a label
 * and a kind without fetching another document.
 */
export const labelPredicates: readonly string[] = [
  schema('name'), foaf('name'), rdfs('label'), schema('headline'), foaf('accountName'),
];

/** Where each quad lives, by subject, for the slicing below. */
export class QuadIndex {
  private readonly bySubject = new Map<string, Quad[]>();

  constructor(quads: Iterable<Quad>) {
    for (const q of quads) {
      const key = termKey(q.subject);
      const list = this.bySubject.get(key);
      if (list) list.push(q); else this.bySubject.set(key, [q]);
    }
  }

  about(term: Term): Quad[] {
    return this.bySubject.get(termKey(term)) ?? [];
  }

  /** Named subjects, in sorted order. */
  namedSubjects(): string[] {
    return [...this.bySubject.keys()].filter((k) => k.startsWith('<')).map((k) => k.slice(1)).sort();
  }
}

function termKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : `<${term.value}`;
}

/** The document URL of an IRI under the base, or undefined for an IRI outside it. */
export function documentUrlOf(iri: string, base: string): string | undefined {
  if (!iri.startsWith(base)) return undefined;
  const hash = iri.indexOf('#');
  return hash === -1 ? iri : iri.slice(0, hash);
}

/**
 * Every document the graph calls for: one per document URL that some named
 * subject under the base lives at. Pure: the same graph gives the same
 * documents, byte for byte once serialised.
 */
export function buildDocuments(quads: Iterable<Quad>, base: string): SiteDocument[] {
  const index = new QuadIndex(quads);
  const groups = new Map<string, string[]>();
  for (const subject of index.namedSubjects()) {
    const url = documentUrlOf(subject, base);
    if (url === undefined) continue;
    const group = groups.get(url);
    if (group) group.push(subject); else groups.set(url, [subject]);
  }
  const basePath = new URL(base).pathname;
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([url, subjects]) => {
      // The page itself, when it is described, frames the rest (a ProfilePage
      // and its mainEntity); otherwise the first entity does.
      const root = subjects.includes(url) ? url : subjects[0];
      const entities = [root, ...subjects.filter((s) => s !== root)];
      const slice = relabelBlankNodes(sortQuads(sliceFor(entities, index)));
      return { url, path: basePath + url.slice(base.length), root, entities, quads: slice, title: titleOf(root, slice) };
    });
}

/**
 * The triples a document holds: its entities' own triples, the blank nodes
 * they own (roles, addresses, course instances; followed to any depth), and
 * rdf:type and labels of every other node they link to.
 */
export function sliceFor(entities: readonly string[], index: QuadIndex): Quad[] {
  const own = new Set(entities);
  const slice: Quad[] = [];
  const seenBlank = new Set<string>();
  const linked = new Map<string, Quad_Object>();
  const visit = (subject: Term) => {
    for (const q of index.about(subject)) {
      slice.push(q);
      const o = q.object;
      if (o.termType === 'BlankNode') {
        if (!seenBlank.has(o.value)) { seenBlank.add(o.value); visit(o); }
      } else if (o.termType === 'NamedNode' && q.predicate.value !== TYPE && !own.has(o.value)) {
        linked.set(o.value, o);
      }
    }
  };
  for (const iri of entities) visit(rdf.namedNode(iri));
  for (const node of linked.values()) {
    for (const q of index.about(node)) {
      if (q.predicate.value === TYPE || labelPredicates.includes(q.predicate.value)) slice.push(q);
    }
  }
  return dedupe(slice);
}

function dedupe(quads: Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${termKey(q.subject)} ${q.predicate.value} ${q.object.termType} ${q.object.value} ${q.object.termType === 'Literal' ? `${q.object.language}^${q.object.datatype.value}` : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Blank node labels are local to a document: renumbered in order of first
 * appearance, so they are short, valid everywhere (rdf:nodeID needs an XML
 * name) and do not leak the numbering of the whole graph.
 */
export function relabelBlankNodes(quads: Quad[]): Quad[] {
  const labels = new Map<string, Quad['subject']>();
  const relabel = <T extends Term>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let b = labels.get(t.value);
    if (!b) { b = rdf.blankNode(`b${labels.size}`); labels.set(t.value, b); }
    return b as unknown as T;
  };
  return quads.map((q) => rdf.quad(relabel(q.subject), q.predicate, relabel(q.object)));
}

/** The first label of a node among `quads`, by the order of `labelPredicates`. */
export function labelOf(iri: string, quads: readonly Quad[]): string | undefined {
  for (const p of labelPredicates) {
    const q = quads.find((x) => x.subject.termType === 'NamedNode' && x.subject.value === iri && x.predicate.value === p);
    if (q) return q.object.value;
  }
  return undefined;
}

export function titleOf(root: string, quads: readonly Quad[]): string {
  const own = labelOf(root, quads);
  if (own) return own;
  const main = quads.find((q) => q.subject.value === root && q.predicate.value === schema('mainEntity'));
  const mainLabel = main ? labelOf(main.object.value, quads) : undefined;
  if (mainLabel) return mainLabel;
  // Unnamed things (an award, a news item) are known by what they say.
  for (const p of [schema('award'), schema('text'), schema('description')]) {
    const q = quads.find((x) => x.subject.value === root && x.predicate.value === p && x.object.termType === 'Literal');
    if (q) return shorten(q.object.value, 80);
  }
  // Named by nothing: the last segment of its IRI reads better than the IRI.
  const url = new URL(root);
  const segment = url.pathname.split('/').filter(Boolean).pop();
  return segment ? safeDecode(segment) : url.host;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
