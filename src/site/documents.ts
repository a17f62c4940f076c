import type { Quad, Term } from '@rdfjs/types';
import { defaultWords, type Words } from '../labels.js';
import { Graph, namedNode, termKey } from '../rdf/graph.js';
import { dedupeQuads, relabelBlankNodes, sortQuads } from '../rdf/quads.js';
import { datePredicates, labelPredicates, RDF_TYPE, schema, textPredicates } from '../rdf/vocabulary.js';
import { FILES_FOLDER } from '../source/files.js';
import { pathOf } from './layout.js';
import { type Listing, listingItems, listingLinkQuads, listingPageQuads, listingsOf, type Naming } from './listings.js';
import type { SiteRun } from './memory.js';
import { defaultSettings, type SiteSettings } from './settings.js';

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
   *
   * Sliced from the graph at each call, and held by nothing else: the
   * caller keeps them while it renders and lets them go after, so a site of
   * 40,000 documents never holds 40,000 slices at once. (The dataset and
   * its description hold theirs: `slice` gives them as they are. The
   * homepage's is kept once made: every page's header asks it which
   * sections show, publish/representations.ts, before the homepage is
   * written.)
   *
   * With `reads`, a document whose slice is read from the graph alone
   * (`tracked`) adds to it what it read.
   */
  slice(reads?: SliceReads): Quad[];
  /**
   * Its slice reads the profile's graph only through `about` and `incoming`
   * (an entity's document: `sliceFor`), and says what it read. The others
   * (the homepage, the listing pages, the dataset) read the whole graph.
   */
  tracked?: true;
}

/**
 * What a slice read of the graph, as term keys (rdf/graph.ts `termKey`):
 * the nodes whose own triples it read, and those whose incoming links it
 * read. A slice is a function of those reads: if no triple about the first
 * and none pointing at the second changed, neither did the slice (a
 * resident build takes it as unchanged without slicing: publish/build-memory.ts).
 */
export interface SliceReads {
  about: Set<string>;
  incoming: Set<string>;
}

/** Every predicate a document may carry about a node it only links to (or is linked from). */
/** A linked node's short name (a venue's, which a work's entry shows as its badge wherever the work is listed). */
const SHORT_NAME = schema('alternateName');
const SHORT_NAMES = [SHORT_NAME];
/** A linked node's language (a work's, whose title a page then marks with it where it is not the page's). */
const IN_LANGUAGE = [schema('inLanguage')];

export const summaryPredicates: readonly string[] = [RDF_TYPE, ...labelPredicates, SHORT_NAME, ...IN_LANGUAGE, ...datePredicates, ...textPredicates];

/** The document URL of an IRI under the base, or undefined for an IRI outside it or a file of the profile's (`{base}files/…`, served as it is). */
export function documentUrlOf(iri: string, base: string): string | undefined {
  if (!iri.startsWith(base) || iri.startsWith(`${base}${FILES_FOLDER}/`)) return undefined;
  const hash = iri.indexOf('#');
  return hash === -1 ? iri : iri.slice(0, hash);
}

/**
 * Every document the graph calls for: one per document URL that some named
 * subject under the base lives at, and the pages of the listings
 * (site/listings.ts). Pure: the same graph gives the same documents, byte
 * for byte once serialised.
 *
 * The document at the base itself (the ProfilePage `{base}` and the person
 * `{base}#me`) is the homepage: it holds what the homepage shows (see
 * `homeSlice`) and links to the listings. Every other entity's document
 * holds its slice (see `sliceFor`). The settings say which listings there
 * are; the words, what they are called; `nameOf`, what their entries are
 * called.
 */
export function buildDocuments(quads: Iterable<Quad>, base: string, options: DocumentOptions): SiteDocument[] {
  const { settings = defaultSettings, words = defaultWords(), nameOf } = options;
  const index = options.graph ?? new Graph([...quads]);
  const all = quads === index.quads ? index.quads : [...quads];
  const groups = new Map<string, string[]>();
  for (const subject of index.namedSubjects()) {
    const url = documentUrlOf(subject, base);
    if (url === undefined) continue;
    const group = groups.get(url);
    if (group) group.push(subject); else groups.set(url, [subject]);
  }
  const listings = options.listings ?? listingsOf(index, base, settings.listings, words);
  const basePath = pathOf(base);
  const document = (url: string, root: string, entities: string[], held: (reads?: SliceReads) => Quad[], tracked: boolean): SiteDocument => ({
    url, path: basePath + url.slice(base.length), root, entities,
    slice: (reads) => relabelBlankNodes(mainEntityFirst(sortQuads(held(reads)), root)),
    ...(tracked ? { tracked } : {}),
  });
  const entityDocuments = [...groups.entries()].map(([url, subjects]) => {
    // The page itself, when it is described, frames the rest (a ProfilePage
    // and its mainEntity); otherwise the first entity does.
    const root = subjects.includes(url) ? url : subjects[0];
    const entities = [root, ...subjects.filter((s) => s !== root)];
    if (url !== base) return document(url, root, entities, (reads) => sliceFor(entities, index, { reads }), true);
    // (The graph's own quads are distinct: none to drop.)
    const distinct = all === index.quads;
    const held = () => [
      ...homeSlice(all, index, entities, listings.flatMap((l) => l.hidden), { distinct, memory: options.memory }),
      ...listings.flatMap((l) => listingLinkQuads(l, base, words)),
    ];
    const home = document(url, root, entities, held, false);
    let kept: Quad[] | undefined;
    return { ...home, slice: () => [...(kept ??= home.slice())] };
  });
  const listingDocuments = listings.flatMap((listing) => listing.pages.map((url, i) => {
    if (groups.has(url)) throw new Error(`the listing page ${url} has the URL of an entity's document; rename the entity`);
    return document(url, url, [url, `${url}#list`], () => [
      ...pageQuadsOf(listing, i + 1, base, index, words, nameOf, options.memory),
      ...describe(listingItems(listing, i + 1), index, listing.spec.detail === 'full'),
    ], false);
  }));
  return [...entityDocuments, ...listingDocuments].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

export interface DocumentOptions {
  /** The quads indexed, where the caller has them so. */
  graph?: Graph;
  settings?: SiteSettings;
  words?: Words;
  nameOf: Naming;
  /** The graph's listings (`listingsOf`), where the caller has them computed. */
  listings?: Listing[];
  /** Under `build --watch`: what the last build published left (site/memory.ts). */
  memory?: SiteRun;
}

/**
 * What the documents say beyond the profile's graph: each listing page's
 * own triples (its list and entries) and the homepage's links to the
 * listings, every ListItem a blank node of its own. With the graph, the
 * whole dataset: every triple any document serves.
 */
export function listingTriples(index: Graph, base: string, { settings = defaultSettings, words = defaultWords(), nameOf, listings, memory }: DocumentOptions): Quad[] {
  const of = (listing: Listing) => [
    ...listingLinkQuads(listing, base, words),
    ...listing.pages.flatMap((_, i) => pageQuadsOf(listing, i + 1, base, index, words, nameOf, memory)),
  ];
  return dedupeQuads((listings ?? listingsOf(index, base, settings.listings, words)).flatMap(of));
}

/**
 * A listing page's own triples (`listingPageQuads`): under `build --watch`,
 * those of the last build when the page lists the same members of a
 * listing as long, and none of their names changed (site/memory.ts).
 */
function pageQuadsOf(listing: Listing, page: number, base: string, index: Graph, words: Words, nameOf: Naming, memory: SiteRun | undefined): Quad[] {
  const make = (graph: Graph) => listingPageQuads(listing, page, base, graph, words, nameOf);
  if (!memory) return make(index);
  const items = listingItems(listing, page).map(termKey).join(' ');
  return memory.piece(`listing ${listing.pages[page - 1]} ${listing.members.length} ${listing.pages.length} ${items}`, index, make);
}

/**
 * What the homepage holds: the whole graph but what it leaves to the
 * listings. One rule, no per-type code:
 *
 * 1. The hidden members of the listings (the publications past the most
 *    recent ones) are dropped, and with them every node that only they
 *    point at, followed as far as it goes (a paper's event, then the
 *    event's series; a co-author of those papers only). A node nothing
 *    points at stays (a course, a piece of code: sections ask for them by
 *    type); so does a node anything kept points at.
 * 2. The triples kept are those of the nodes kept, and of the blank nodes
 *    a kept node owns, but none that links to a dropped node: the FOAF
 *    alignment has every author say `foaf:made` of each work, and a
 *    summary of each work those name would bring the whole list back. (A
 *    news item about an older paper says so on its own page.)
 *
 * So the homepage grows with what it shows, not with the profile.
 *
 * What is dropped follows from the links between nodes alone: a rebuild
 * whose edit changed none (and the same hidden members) takes it, and the
 * blank nodes' owners, from the last build (`memory`). With `distinct`,
 * `all` holds each triple once already.
 */
export function homeSlice(all: readonly Quad[], index: Graph, entities: readonly string[], hidden: readonly Term[],
  { distinct = false, memory }: { distinct?: boolean; memory?: SiteRun } = {}): Quad[] {
  const unique = distinct ? (quads: Quad[]) => quads : dedupeQuads;
  if (hidden.length === 0) return unique([...all]);
  const own = new Set(entities);
  const shape = JSON.stringify([entities, hidden.map(termKey).sort()]);
  const kept = memory?.aggregate<HomeCut>('home');
  const owners = new Map<string, string[]>();
  const cut: HomeCut = kept?.shape === shape && memory!.linksUnchanged(index) ? kept : { shape, dropped: dropOf(index, own, hidden, owners), owners };
  memory?.keep('home', cut);
  const { dropped } = cut;
  const namedOwners = ownersOf(index, cut.owners);
  return unique(all.filter((q) => {
    if (q.object.termType === 'NamedNode' && dropped.has(q.object.value)) return false;
    const from = namedOwners(q.subject);
    return from.length === 0 || from.some((o) => !dropped.has(o));
  }));
}

/** What the homepage leaves out, and what it found of the named nodes owning the blank nodes (`homeSlice`). */
interface HomeCut {
  /** Its entities and the hidden members it was cut for. */
  shape: string;
  dropped: Set<string>;
  owners: Map<string, string[]>;
}

/** The named nodes a subject stands for: itself, or the named nodes owning a blank node (found once each, in `owners`). */
function ownersOf(index: Graph, owners: Map<string, string[]>): (t: Term) => string[] {
  return (t) => {
    if (t.termType === 'NamedNode') return [t.value];
    let found = owners.get(t.value);
    if (!found) {
      const tops = outermostBlank(t, (b) => index.incoming(b));
      found = [...new Set(tops.flatMap((top) => index.incoming(top).filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value)))];
      owners.set(t.value, found);
    }
    return found;
  };
}

/** The hidden members, and every node that only they point at, followed as far as it goes (`homeSlice`, 1). */
function dropOf(index: Graph, own: ReadonlySet<string>, hidden: readonly Term[], owners: Map<string, string[]>): Set<string> {
  const dropped = new Set(hidden.filter((t) => t.termType === 'NamedNode').map((t) => t.value));
  const namedOwners = ownersOf(index, owners);
  const onlyFromDropped = (q: Quad) => {
    const from = namedOwners(q.subject);
    return from.length > 0 && from.every((o) => dropped.has(o));
  };
  const subjects = index.namedSubjects().filter((s) => !own.has(s));
  for (let changed = true; changed;) {
    changed = false;
    for (const iri of subjects) {
      if (dropped.has(iri)) continue;
      const incoming = index.incoming(namedNode(iri));
      if (incoming.length > 0 && incoming.every(onlyFromDropped)) {
        dropped.add(iri);
        changed = true;
      }
    }
  }
  return dropped;
}

/**
 * What a listing says of its items: with `full`, each item's own triples
 * and the blank nodes it owns, followed to any depth (its author list, its
 * identifiers); else its summary. Then a summary of every other named node
 * those mention, as `sliceFor` gives one.
 */
export function describe(items: readonly Term[], index: Graph, full: boolean): Quad[] {
  if (!full) return distinctOf(items.flatMap((item) => summaryOf(item, index)));
  return sliceFor(items.map((i) => i.value), index, { incoming: false });
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
 *    nodes link to): its rdf:type, its labels, short name and language, its dates, and for a node with
 *    no label its text (`summaryPredicates`); literal values only.
 */
export function sliceFor(entities: readonly string[], index: Graph, { incoming = true, reads }: { incoming?: boolean; reads?: SliceReads } = {}): Quad[] {
  const about = (t: Term) => { reads?.about.add(termKey(t)); return index.about(t); };
  const pointing = (t: Term) => { reads?.incoming.add(termKey(t)); return index.incoming(t); };
  const own = new Set(entities);
  const slice: Quad[] = [];
  const seenBlank = new Set<string>();
  const linked = new Map<string, Term>();
  const mention = (t: Term) => {
    if (t.termType === 'NamedNode' && !own.has(t.value)) linked.set(t.value, t);
  };
  const visit = (subject: Term) => {
    for (const q of about(subject)) {
      slice.push(q);
      const o = q.object;
      if (o.termType === 'BlankNode') {
        if (!seenBlank.has(o.value)) { seenBlank.add(o.value); visit(o); }
      } else if (q.predicate.value !== RDF_TYPE) {
        mention(o);
      }
    }
  };
  for (const iri of entities) visit(namedNode(iri));

  // Incoming links, through blank nodes up to the named node that owns them.
  for (const iri of incoming ? entities : []) {
    for (const q of pointing(namedNode(iri))) {
      const x = q.subject;
      if (x.termType === 'NamedNode') {
        if (own.has(x.value)) continue; // already said by 1
        slice.push(q);
        mention(x);
        continue;
      }
      for (const top of outermostBlank(x, pointing)) {
        for (const link of pointing(top)) {
          if (link.subject.termType !== 'NamedNode') continue;
          slice.push(link);
          mention(link.subject);
        }
        if (!seenBlank.has(top.value)) { seenBlank.add(top.value); visit(top); }
      }
    }
  }

  for (const node of linked.values()) {
    reads?.about.add(termKey(node));
    slice.push(...summaryOf(node, index));
  }
  return distinctOf(slice);
}

/**
 * Quads of one graph without repeats, in their first order: the graph holds
 * each triple once, as one object, so identity tells them apart (as
 * `dedupeQuads` does, without a key string per quad).
 */
function distinctOf(quads: readonly Quad[]): Quad[] {
  return [...new Set(quads)];
}

/**
 * The blank nodes that own `blank` from the top: followed up through links
 * from other blank nodes until a named node owns them, or nothing does.
 */
function outermostBlank(blank: Term, incoming: (node: Term) => Quad[]): Term[] {
  const tops = new Map<string, Term>();
  const seen = new Set<string>();
  const climb = (b: Term) => {
    if (seen.has(b.value)) return;
    seen.add(b.value);
    const owners = incoming(b);
    if (owners.length === 0 || owners.some((q) => q.subject.termType === 'NamedNode')) tops.set(b.value, b);
    for (const q of owners) if (q.subject.termType === 'BlankNode') climb(q.subject);
  };
  climb(blank);
  return [...tops.values()];
}

/**
 * Summaries of the nodes that say much, per graph: the scholar is named by
 * every work, and summing up their thousands of triples once per work made
 * slicing grow with the square of the profile (14 s of a 1M-triple build).
 */
const bigSummaries = new WeakMap<Graph, Map<string, Quad[]>>();

/** A linked node's rdf:type, labels, short name, language and dates; its text only when it has no label. */
function summaryOf(node: Term, index: Graph): Quad[] {
  const about = index.about(node);
  if (about.length < 64) return summarise(about);
  let known = bigSummaries.get(index);
  if (!known) { known = new Map(); bigSummaries.set(index, known); }
  const key = termKey(node);
  let summary = known.get(key);
  if (!summary) { summary = summarise(about); known.set(key, summary); }
  return summary;
}

function summarise(about: readonly Quad[]): Quad[] {
  const literal = (q: Quad, predicates: readonly string[]) => q.object.termType === 'Literal' && predicates.includes(q.predicate.value);
  const labelled = about.some((q) => literal(q, labelPredicates));
  return about.filter((q) => q.predicate.value === RDF_TYPE
    || literal(q, labelPredicates) || literal(q, SHORT_NAMES) || literal(q, IN_LANGUAGE) || literal(q, datePredicates) || (!labelled && literal(q, textPredicates)));
}
