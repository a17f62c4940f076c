import type { Quad, Term } from '@rdfjs/types';
import rdf from 'rdf-ext';
import { foaf, prefixes, rdf as rdfNs, rdfs, schema } from '../graph/namespaces.js';
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
  /**
   * Its triples, sorted, except that the root's `schema:mainEntity` comes
   * first: the JSON-LD frames a node where it is first reached, so the main
   * entity (and what it reaches) is nested right under the page. Blank nodes
   * relabelled b0, b1, … in order of appearance.
   */
  quads: Quad[];
  /** A human title, from the root's label (or, for a page, its main entity's). */
  title: string;
}

const TYPE = rdfNs('type');

/**
 * Properties that name a thing. A document carries these (and rdf:type) for
 * each entity it links to, so that it reads on its own: a link shows a label
 * and a kind without fetching another document. Only literal values count:
 * `schema:award` names an award (its text), but on a person it is a link.
 */
export const labelPredicates: readonly string[] = [
  schema('name'), foaf('name'), rdfs('label'), schema('headline'), foaf('accountName'), schema('award'), `${prefixes.dcterms}title`,
];

/**
 * When a linked thing happened, carried with its label so that a link can
 * say it ("News, Jan 2023", "Best Paper Award, Oct 2015") and lists of links
 * can be put in order.
 */
export const datePredicates: readonly string[] = [
  schema('datePublished'), schema('dateCreated'), schema('startDate'), schema('endDate'),
];

/** What a linked thing with no label is known by: what it says (a news item). */
export const textPredicates: readonly string[] = [schema('text')];

/** Every predicate a document may carry about a node it only links to (or is linked from). */
export const summaryPredicates: readonly string[] = [TYPE, ...labelPredicates, ...datePredicates, ...textPredicates];

/** Where each quad lives, by subject and by object, for the slicing below. */
export class QuadIndex {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly byObject = new Map<string, Quad[]>();

  constructor(quads: Iterable<Quad>) {
    for (const q of quads) {
      push(this.bySubject, termKey(q.subject), q);
      if (q.object.termType === 'NamedNode' || q.object.termType === 'BlankNode') push(this.byObject, termKey(q.object), q);
    }
  }

  about(term: Term): Quad[] {
    return this.bySubject.get(termKey(term)) ?? [];
  }

  /** The triples whose object is `term`: the links pointing at it. */
  pointingAt(term: Term): Quad[] {
    return this.byObject.get(termKey(term)) ?? [];
  }

  /** Named subjects, in sorted order. */
  namedSubjects(): string[] {
    return [...this.bySubject.keys()].filter((k) => k.startsWith('<')).map((k) => k.slice(1)).sort();
  }
}

function push(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q); else map.set(key, [q]);
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
 *
 * The document at the base itself (the ProfilePage `{base}` and the person
 * `{base}#me`) is the homepage, which shows every section of the profile:
 * it holds the whole graph, every triple. Every other document holds its
 * slice (see `sliceFor`).
 */
export function buildDocuments(quads: Iterable<Quad>, base: string): SiteDocument[] {
  const all = [...quads];
  const index = new QuadIndex(all);
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
      const held = url === base ? dedupe(all) : sliceFor(entities, index);
      const slice = relabelBlankNodes(mainEntityFirst(sortQuads(held), root));
      return { url, path: basePath + url.slice(base.length), root, entities, quads: slice, title: titleOf(root, slice) };
    });
}

/** The root's schema:mainEntity triples first, the rest in their order. */
function mainEntityFirst(quads: Quad[], root: string): Quad[] {
  const first = (q: Quad) => q.subject.termType === 'NamedNode' && q.subject.value === root && q.predicate.value === MAIN_ENTITY;
  return [...quads.filter(first), ...quads.filter((q) => !first(q))];
}

const MAIN_ENTITY = schema('mainEntity');

/**
 * The triples a document holds, so that its page reads on its own and shows
 * where its entities are mentioned. One generic rule, no per-type code:
 *
 * 1. Its entities' own triples, and the blank nodes they own (roles,
 *    addresses, course instances), followed to any depth.
 * 2. Its incoming links: every triple `X p E` pointing at one of its
 *    entities E. When X is a named node, that triple. When X is a blank node
 *    (a role: `group schema:member _:r . _:r schema:member E`), the named
 *    node that owns it, through any chain of blank nodes (`course
 *    hasCourseInstance _:i . _:i contributor _:r . _:r contributor E`): the
 *    owner's triple to the outermost blank node and that blank node's own
 *    triples with everything it owns, as in 1.
 * 3. A summary of every other named node mentioned by 1 and 2 (what its
 *    entities link to, the X and owners linking to them, what included blank
 *    nodes link to): its rdf:type, its labels, its dates, and for a node with
 *    no label its text (`summaryPredicates`); literal values only.
 */
export function sliceFor(entities: readonly string[], index: QuadIndex): Quad[] {
  const own = new Set(entities);
  const slice: Quad[] = [];
  const seenBlank = new Set<string>();
  const linked = new Map<string, Term>();
  const mention = (t: Term) => {
    if (t.termType === 'NamedNode' && !own.has(t.value)) linked.set(t.value, t);
  };
  const visit = (subject: Term) => {
    for (const q of index.about(subject)) {
      slice.push(q);
      const o = q.object;
      if (o.termType === 'BlankNode') {
        if (!seenBlank.has(o.value)) { seenBlank.add(o.value); visit(o); }
      } else if (q.predicate.value !== TYPE) {
        mention(o);
      }
    }
  };
  for (const iri of entities) visit(rdf.namedNode(iri));

  // Incoming links, through blank nodes up to the named node that owns them.
  for (const iri of entities) {
    for (const q of index.pointingAt(rdf.namedNode(iri))) {
      const x = q.subject;
      if (x.termType === 'NamedNode') {
        if (own.has(x.value)) continue; // already said by 1
        slice.push(q);
        mention(x);
        continue;
      }
      for (const top of outermostBlank(x, index)) {
        for (const link of index.pointingAt(top)) {
          if (link.subject.termType !== 'NamedNode') continue;
          slice.push(link);
          mention(link.subject);
        }
        if (!seenBlank.has(top.value)) { seenBlank.add(top.value); visit(top); }
      }
    }
  }

  for (const node of linked.values()) slice.push(...summaryOf(node, index));
  return dedupe(slice);
}

/**
 * The blank nodes that own `blank` from the top: followed up through links
 * from other blank nodes until a named node owns them, or nothing does.
 */
function outermostBlank(blank: Term, index: QuadIndex): Term[] {
  const tops = new Map<string, Term>();
  const seen = new Set<string>();
  const climb = (b: Term) => {
    if (seen.has(b.value)) return;
    seen.add(b.value);
    const owners = index.pointingAt(b);
    if (owners.length === 0 || owners.some((q) => q.subject.termType === 'NamedNode')) tops.set(b.value, b);
    for (const q of owners) if (q.subject.termType === 'BlankNode') climb(q.subject);
  };
  climb(blank);
  return [...tops.values()];
}

/** A linked node's rdf:type, labels and dates; its text only when it has no label. */
function summaryOf(node: Term, index: QuadIndex): Quad[] {
  const about = index.about(node);
  const literal = (q: Quad, predicates: readonly string[]) => q.object.termType === 'Literal' && predicates.includes(q.predicate.value);
  const labelled = about.some((q) => literal(q, labelPredicates));
  return about.filter((q) => q.predicate.value === TYPE
    || literal(q, labelPredicates) || literal(q, datePredicates) || (!labelled && literal(q, textPredicates)));
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
    const q = quads.find((x) => x.subject.termType === 'NamedNode' && x.subject.value === iri && x.predicate.value === p && x.object.termType === 'Literal');
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
  // An untitled work is known by its kind and what it is about: "Untitled scholarly article about Blueprint".
  const about = quads.find((q) => q.subject.value === root && q.predicate.value === schema('about') && q.object.termType === 'NamedNode');
  const aboutLabel = about ? labelOf(about.object.value, quads) : undefined;
  const type = quads.filter((q) => q.subject.value === root && q.predicate.value === TYPE && q.object.value.startsWith(prefixes.schema))
    .map((q) => q.object.value.slice(prefixes.schema.length)).sort()[0];
  if (aboutLabel) return `Untitled ${type ? `${type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ` : ''}about ${aboutLabel}`;
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
