import type { Quad, Term } from '@rdfjs/types';
import rdf from '../rdf/factory.js';
import type { Words } from '../labels.js';
import { type Graph, namedNode as node, type Node, termKey } from '../rdf/graph.js';
import { datePredicates, labelPredicates, RDF_TYPE, schema, xsd } from '../rdf/vocabulary.js';
import { listingUrl } from './layout.js';
import type { SiteSettings } from './settings.js';

/**
 * Listings: the long collections of a profile as documents of their own
 * (all publications by year, all people), paged when long, so that the
 * homepage can show the most recent entries of a section and link to the
 * rest. Which collections get one is a setting (site/settings.ts), data
 * only; what a listing holds and how the homepage is cut follow one rule
 * for all.
 */
export interface ListingSpec {
  /**
   * Its URL under the base (`publications` → `{base}publications/`), and
   * the homepage section it completes; what it is called (its page's
   * schema:name) is the word `listing-{slug}`.
   */
  slug: string;
  /**
   * Its members: the subjects that link to the profile's person by any of
   * these predicates (the works they authored or edited), or every named
   * node of this type but the person.
   */
  members: { linkingTo: readonly string[] } | { type: string };
  /** Newest first (by the first date a member has), or by name. */
  order: 'newest' | 'name';
  /** How many the homepage keeps (the most recent); the rest only the listing shows. Absent: the homepage keeps all. */
  onHome?: number;
  /** `full`: each member's own triples, so its entry reads as on the homepage; `summary`: its type, name and dates. */
  detail: 'full' | 'summary';
}

/** One listing, computed: its members in order, what the homepage keeps of them, its pages. */
export interface Listing {
  spec: ListingSpec;
  /** What it is called, in the site's language. */
  title: string;
  pageSize: number;
  /** Every member, in the listing's order. */
  members: Term[];
  /** The members the homepage leaves to the listing (beyond `onHome`, but the works it names as selected). */
  hidden: Term[];
  /** The URL of each page, first page first. */
  pages: string[];
}

/** The listings a graph calls for: those with members, for a profile page with a main entity. */
export function listingsOf(index: Graph, base: string, { collections, pageSize }: SiteSettings['listings'], words: Words): Listing[] {
  const person = index.node(node(base), schema('mainEntity'));
  if (!person) return [];
  const result: Listing[] = [];
  // The works the profile page highlights (al-folio's selected: true) stay on it, however old: its Selected section shows them.
  const selected = new Set(index.values(node(base), schema('significantLink')).map(termKey));
  for (const spec of collections) {
    const found = 'linkingTo' in spec.members
      ? spec.members.linkingTo.flatMap((p) => index.subjects(p, person))
      : index.ofType(spec.members.type).filter((n) => termKey(n) !== termKey(person));
    const members = sortedMembers(uniqueNamed(found), spec.order, index, words);
    if (members.length === 0) continue;
    const pageCount = Math.ceil(members.length / pageSize);
    result.push({
      spec, title: words.text(`listing-${spec.slug}`), pageSize, members,
      hidden: spec.onHome === undefined ? [] : members.slice(spec.onHome).filter((m) => !selected.has(termKey(m))),
      pages: Array.from({ length: pageCount }, (_, i) => listingUrl(base, spec.slug, i + 1)),
    });
  }
  return result;
}

/** What a node is called wherever the site names it (render/names.ts `nameOf`, in the site's language). */
export type Naming = (index: Graph, node: Node) => string;

/** The members on page `page` (from 1) of a listing. */
export function listingItems({ members, pageSize }: Listing, page: number): Term[] {
  return members.slice((page - 1) * pageSize, page * pageSize);
}

/**
 * The triples page `page` (from 1) of a listing says of itself: a
 * schema:CollectionPage whose main entity is a schema:ItemList of
 * ListItems, each with its position in the whole listing, its item and its
 * name (what the site calls the item: a search engine reads a ListItem by
 * its own name); the page's number as its schema:position, the first page
 * (or, for the first, the profile page) as what it is part of, and the
 * previous and next pages as related links, with their numbers. The items'
 * own descriptions (`describe` in site/documents.ts) follow them on the
 * page. Each ListItem is a blank node of its own across the whole site
 * (`{slug}-{page}-{i}`), so that every page's triples can stand together
 * in the dataset.
 */
export function listingPageQuads(listing: Listing, page: number, base: string, index: Graph, words: Words, nameOf: Naming): Quad[] {
  const { spec, title, pageSize, members, pages } = listing;
  const url = pages[page - 1];
  const self = namedNode(url);
  const list = namedNode(`${url}#list`);
  const q = (s: Term, p: string, o: Term) => quad(s, namedNode(p), o);
  const quads: Quad[] = [
    q(self, RDF_TYPE, namedNode(schema('CollectionPage'))),
    q(self, schema('name'), literal(pageName(listing, page, words))),
    q(self, schema('isPartOf'), namedNode(page === 1 ? base : pages[0])),
    q(self, schema('mainEntity'), list),
    q(self, schema('position'), literal(String(page), xsd('integer'))),
    q(list, RDF_TYPE, namedNode(schema('ItemList'))),
    q(list, schema('name'), literal(title)),
    q(list, schema('numberOfItems'), literal(String(members.length), xsd('integer'))),
  ];
  // The previous and next pages, with what a link to each needs to say.
  for (const other of [page - 1, page + 1]) {
    if (other < 1 || other > pages.length) continue;
    const there = namedNode(pages[other - 1]);
    quads.push(q(self, schema('relatedLink'), there), q(there, RDF_TYPE, namedNode(schema('CollectionPage'))),
      q(there, schema('position'), literal(String(other), xsd('integer'))));
  }
  listingItems(listing, page).forEach((item, i) => {
    const entry = blank(`${spec.slug}-${page}-${i}`);
    quads.push(
      q(list, schema('itemListElement'), entry),
      q(entry, RDF_TYPE, namedNode(schema('ListItem'))),
      q(entry, schema('position'), literal(String((page - 1) * pageSize + i + 1), xsd('integer'))),
      q(entry, schema('item'), item),
      q(entry, schema('name'), literal(nameOf(index, item as Node))),
    );
  });
  return quads;
}

/** What page `page` (from 1) of a listing is called: the listing's name, with the page's number where it has several. */
function pageName({ title, pages }: Listing, page: number, words: Words): string {
  return pages.length === 1 ? title : words.text('listing-page-name', { title, page, pages: pages.length });
}

/**
 * What the homepage says of a listing, so it can link to it and say how
 * many it holds: the profile page's related link to the listing's first
 * page, that page's type, name and main entity, and the list's name and
 * size, all as the first page says them (the homepage shows the list's
 * name: the page's may carry its number).
 */
export function listingLinkQuads(listing: Listing, base: string, words: Words): Quad[] {
  const first = namedNode(listing.pages[0]);
  const list = namedNode(`${listing.pages[0]}#list`);
  const q = (s: Term, p: string, o: Term) => quad(s, namedNode(p), o);
  return [
    q(namedNode(base), schema('relatedLink'), first),
    q(first, RDF_TYPE, namedNode(schema('CollectionPage'))),
    q(first, schema('name'), literal(pageName(listing, 1, words))),
    q(first, schema('mainEntity'), list),
    q(list, RDF_TYPE, namedNode(schema('ItemList'))),
    q(list, schema('name'), literal(listing.title)),
    q(list, schema('numberOfItems'), literal(String(listing.members.length), xsd('integer'))),
  ];
}

function uniqueNamed(nodes: readonly Term[]): Term[] {
  const seen = new Map<string, Term>();
  for (const n of nodes) if (n.termType === 'NamedNode') seen.set(n.value, n);
  return [...seen.values()];
}

/** A member's first date, as its lexical form sorts (a dateTime by its day); '' when undated. */
function dateOf(index: Graph, node: Term): string {
  for (const p of datePredicates) {
    const l = index.literal(node, p);
    if (l) return l.datatype?.value === xsd('dateTime') ? l.value.slice(0, 10) : l.value;
  }
  return '';
}

/** What a member is sorted by: its label, else its IRI. */
function sortNameOf(index: Graph, node: Term): string {
  for (const p of labelPredicates) {
    const l = index.literal(node, p);
    if (l) return l.value;
  }
  return node.value;
}

/**
 * Newest first (by `dateOf`), then by name and IRI: the homepage's order of
 * dated lists; or by name (`sortNameOf`, in the language's alphabetical
 * order), then by IRI. Each member's date and name are read once, not at
 * each comparison.
 */
function sortedMembers(members: Term[], order: ListingSpec['order'], index: Graph, words: Words): Term[] {
  const keyed = members.map((node) => ({ node, date: order === 'newest' ? dateOf(index, node) : '', name: sortNameOf(index, node) }));
  const byName = (a: typeof keyed[number], b: typeof keyed[number]) => words.compare(a.name, b.name) || (a.node.value < b.node.value ? -1 : a.node.value > b.node.value ? 1 : 0);
  keyed.sort(order === 'newest' ? (a, b) => b.date.localeCompare(a.date) || byName(a, b) : byName);
  return keyed.map((k) => k.node);
}

const namedNode = (iri: string) => rdf.namedNode(iri);
const blank = (label: string) => rdf.blankNode(label);
const quad = (s: Term, p: Term, o: Term) => rdf.quad(s as Quad['subject'], p as Quad['predicate'], o as Quad['object']);
function literal(value: string, datatype?: string) {
  return datatype ? rdf.literal(value, rdf.namedNode(datatype)) : rdf.literal(value);
}
