import type { Quad, Term } from '@rdfjs/types';
import { Graph, nodeOfKey, termKey as keyOf } from '../rdf/graph.js';
import { bibo, prefixes, RDF_TYPE, xsd } from '../rdf/vocabulary.js';
import { MAX_NESTING } from './jsonld.js';
import { shorten } from './names.js';

/**
 * The schema.org island: what a page embeds as JSON-LD for
 * search engines, a projection of the document's graph (the full graph, FOAF
 * and BIBO included, is in the page's Turtle block and every RDF view).
 *
 * The rule:
 *
 * - schema.org only: the triples whose predicate is a schema.org property,
 *   and `rdf:type` triples naming a schema.org class; nothing else (no FOAF,
 *   no BIBO, no `rdf:List` cells);
 * - one `@type` per object where the types are one line of schema.org's
 *   hierarchy: the most specific (`EmployeeRole`, not also
 *   `OrganizationRole` and `Role`, which schema.org entails from it);
 * - `@context` is `"https://schema.org"`, whose context expands to the
 *   `http://schema.org/` namespace the graph uses, so terms are bare;
 * - dates (`xsd:date`, `gYear`, `gYearMonth`, `dateTime`) are plain ISO 8601
 *   strings, numbers JSON numbers, other typed literals their lexical form;
 *   language-tagged text keeps its `@language`;
 * - IRIs are absolute: plain strings under terms the schema.org context reads
 *   as IRIs (`url`, `sameAs`, `image`, …), `{"@id": …}` elsewhere;
 * - one tree from the root: a node is written in full where it is first
 *   reached (blank nodes are only ever reached from their owner) and by
 *   `{"@id": …}` everywhere after; past `MAX_NESTING` levels it is
 *   referenced by `{"@id": …}` and written as a further top-level object,
 *   so the island's indented bytes stay proportional to its triples; what the root does not reach follows as
 *   further top-level objects (a JSON array), typed nodes first, never under
 *   `@reverse`; a root with no
 *   schema.org type is written where a typed node reaches it;
 * - `author` (and `editor`) lists its people in `bibo:authorList`
 *   (`bibo:editorList`) order where the graph has one;
 * - one addition, for Google's Article feature: an Article (a
 *   ScholarlyArticle, a Report) written in full has a `headline`, its name
 *   cut to 110 characters at a word where longer (a ListItem needs no
 *   name made up: the graph states one, site/listings.ts);
 * - and, with a `trail`, for Google's breadcrumb feature: on every page but
 *   the homepage, a BreadcrumbList from the homepage to the page.
 *
 * So the island's triples are exactly the document's schema.org triples, up
 * to the lexical form of dates and numbers, the superclass types schema.org
 * entails, the headlines and the breadcrumb; the tests check that for every page with jsonld.js,
 * the schema.org context and the schema.org vocabulary.
 */
export function toSchemaIsland(quads: readonly Quad[], root?: string, trail?: Breadcrumb): JsonObject | JsonObject[] {
  const kept = quads.filter(isSchemaTriple);
  const graph = new Graph(kept);
  const lists = new Graph(quads);
  const written = new Set<string>();
  // Nodes reached past the nesting limit (MAX_NESTING, as in the JSON-LD view): written at the top next.
  const deferred: Term[] = [];
  let depth = 0;

  const nodeObject = (subject: Term): JsonObject => {
    depth++;
    try {
      return writeNode(subject);
    } finally {
      depth--;
    }
  };
  const writeNode = (subject: Term): JsonObject => {
    written.add(keyOf(subject));
    const node: JsonObject = {};
    if (subject.termType === 'NamedNode') node['@id'] = subject.value;
    const types: string[] = [];
    const properties = new Map<string, Term[]>();
    for (const q of graph.about(subject)) {
      if (q.predicate.value === RDF_TYPE) {
        types.push(q.object.value.slice(SCHEMA.length));
        continue;
      }
      const term = q.predicate.value.slice(SCHEMA.length);
      properties.set(term, [...(properties.get(term) ?? []), q.object]);
    }
    const specific = types.filter((t) => !types.some((other) => SUPERCLASSES[other]?.includes(t)));
    if (specific.length > 0) node['@type'] = specific.length === 1 ? specific[0] : specific.sort();
    // The main entity is written in full under its page, whatever else the page reaches first.
    const terms = [...properties.keys()].sort();
    const said: Record<string, unknown> = {};
    for (const term of [...terms.filter((t) => t === 'mainEntity'), ...terms.filter((t) => t !== 'mainEntity')]) {
      const values = ordered(subject, term, properties.get(term)!).map((o) => valueOf(term, o));
      said[term] = values.length === 1 && !ORDERED[term] ? values[0] : values;
    }
    for (const term of terms) node[term] = said[term];
    // Google's Article feature reads `headline` (at most 110 characters); the full title stays in `name`.
    const name = graph.text(subject, `${SCHEMA}name`);
    if (name !== undefined && node.headline === undefined && specific.some((t) => ARTICLE_TYPES.has(t))) node.headline = headlineOf(name);
    // Google reads an author's `url`: a person of the site with none of their own has their page here.
    const home = trail?.home.url;
    if (home && subject.termType === 'NamedNode' && subject.value.startsWith(home) && types.includes('Person') && node.url === undefined) {
      node.url = subject.value.replace(/#.*$/, '');
    }
    return node;
  };

  /** People in the order of the node's BIBO list for this property, where it has one; the rest after. */
  const ordered = (subject: Term, term: string, values: Term[]): Term[] => {
    const listProperty = ORDERED[term];
    if (!listProperty) return values;
    const head = lists.node(subject, listProperty);
    if (!head) return values;
    const order = lists.list(head).map(keyOf);
    const rank = (t: Term) => { const i = order.indexOf(keyOf(t)); return i === -1 ? order.length : i; };
    return [...values].sort((a, b) => rank(a) - rank(b));
  };

  const valueOf = (term: string, o: Term): unknown => {
    if (o.termType === 'Literal') {
      if (o.language) return { '@value': o.value, '@language': o.language };
      const type = o.datatype.value;
      if (NUMBERS.has(type) && Number.isFinite(Number(o.value)) && String(Number(o.value)) === o.value) return Number(o.value);
      // Dates, strings and any other literal: the lexical form.
      return IRI_TERMS.has(term) ? { '@value': o.value } : o.value;
    }
    // Under a term read as a URL, a named node is always the URL itself: what more the graph says of it follows in @graph.
    if (o.termType === 'NamedNode' && IRI_TERMS.has(term)) return o.value;
    if (graph.describes(o) && !written.has(keyOf(o))) {
      // A blank node has no name to be referred to by: it always nests in its owner.
      if (depth < MAX_NESTING || o.termType === 'BlankNode') return nodeObject(o);
      deferred.push(o);
    }
    return { '@id': o.termType === 'BlankNode' ? `_:${o.value}` : o.value };
  };

  // Typed nodes stand at the top, the root first; a node with no schema.org
  // type (an account known only by its URL) is written where it is reached,
  // as search engines skip an untyped top-level object.
  const top: JsonObject[] = [];
  /** A node at the top level, then what it left past the nesting limit, in the order reached. */
  const atTop = (node: Term) => {
    top.push(nodeObject(node));
    for (let next = deferred.shift(); next !== undefined; next = deferred.shift()) {
      if (!written.has(keyOf(next))) top.push(nodeObject(next));
    }
  };
  const typed = (k: string) => graph.types(nodeOfKey(k)).length > 0;
  const rootKey = root === undefined ? undefined : `<${root}`;
  if (rootKey && graph.describes(nodeOfKey(rootKey)) && typed(rootKey)) atTop(nodeOfKey(rootKey));
  const keys = [...graph.subjectKeys()];
  const referenced = new Set(kept.filter((q) => q.object.termType === 'BlankNode').map((q) => keyOf(q.object)));
  const named = keys.filter((k) => k.startsWith('<')).sort();
  for (const k of named) if (!written.has(k) && typed(k)) atTop(nodeOfKey(k));
  for (const k of named) if (!written.has(k)) atTop(nodeOfKey(k));
  for (const k of keys.filter((k) => k.startsWith('_:'))) {
    if (!written.has(k) && !referenced.has(k)) atTop(nodeOfKey(k));
  }
  for (const k of keys.filter((k) => k.startsWith('_:'))) if (!written.has(k)) atTop(nodeOfKey(k));

  // Several top-level nodes as a JSON array of objects, each with its
  // context, rather than one @graph: extractors that read a block's top-level
  // @type (web-auto-extractor's) see every item.
  if (trail && top.length > 0 && trail.url !== trail.home.url) top.push(breadcrumbList(trail));
  const items = top.map((node) => ({ '@context': SCHEMA_CONTEXT, ...node }));
  return items.length === 1 ? items[0] : items;
}

type JsonObject = Record<string, unknown>;

export const SCHEMA_CONTEXT = 'https://schema.org';
const SCHEMA = prefixes.schema;

function isSchemaTriple(q: Quad): boolean {
  if (q.predicate.value === RDF_TYPE) return q.object.termType === 'NamedNode' && q.object.value.startsWith(SCHEMA);
  return q.predicate.value.startsWith(SCHEMA);
}

/**
 * The schema.org classes the graph gives a node beside a subclass of theirs
 * (ontology/alignment.ttl states the same subClassOf), each with every
 * superclass, as schema.org 30.0 defines them; a test checks them against
 * the vocabulary.
 */
export const SUPERCLASSES: Readonly<Record<string, readonly string[] | undefined>> = {
  OrganizationRole: ['Role'],
  EmployeeRole: ['OrganizationRole', 'Role'],
};

/** Where a page sits on the site: home, then the page. */
export interface Breadcrumb {
  home: { url: string; name: string };
  /** The page: its URL and title. */
  url: string;
  name: string;
}

/**
 * Google's breadcrumb feature: a BreadcrumbList from the homepage to the
 * page (the site has no section pages between them), each item with its
 * position, name and URL.
 */
function breadcrumbList(trail: Breadcrumb): JsonObject {
  const steps = [trail.home, { url: trail.url, name: trail.name }];
  return {
    '@type': 'BreadcrumbList',
    itemListElement: steps.map((step, i) => ({ '@type': 'ListItem', item: { '@id': step.url }, name: step.name, position: i + 1 })),
  };
}

/** The schema.org Article types the graph uses (schema.org's Article and its subclasses). */
export const ARTICLE_TYPES: ReadonlySet<string> = new Set(['Article', 'ScholarlyArticle', 'Report']);

/** The longest `headline` Google reads. */
export const HEADLINE_LENGTH = 110;

/** A title as a headline: as it is if short enough, else cut at a word and marked with an ellipsis. */
export function headlineOf(title: string): string {
  return shorten(title, HEADLINE_LENGTH);
}

/** Properties whose values have an order the graph states with a BIBO list. */
const ORDERED: Record<string, string | undefined> = { author: bibo('authorList'), editor: bibo('editorList') };

const NUMBERS = new Set([xsd('integer')]);

/**
 * The terms schema.org's JSON-LD context (release 30.0) declares with
 * `"@type": "@id"`: a plain string under them is an IRI. A test checks this
 * list against the context itself.
 */
export const IRI_TERMS: ReadonlySet<string> = new Set([
  'acquireLicensePage', 'actionableFeedbackPolicy', 'afterMedia', 'archivedAt', 'associatedDisease', 'beforeMedia',
  'benefitsSummaryUrl', 'codeRepository', 'colleague', 'colorSwatch', 'constraintProperty', 'contentUrl',
  'correctionsPolicy', 'discussionUrl', 'diseasePreventionInfo', 'diseaseSpreadStatistics', 'diversityPolicy',
  'diversityStaffingReport', 'documentation', 'downloadUrl', 'duringMedia', 'embedUrl', 'ethicsPolicy', 'gameLocation',
  'gettingTestedInfo', 'hasGS1DigitalLink', 'hasMap', 'hasMolecularFunction', 'healthPlanMarketingUrl', 'image',
  'inCodeSet', 'inDefinedTermSet', 'installUrl', 'isBasedOn', 'isBasedOnUrl', 'isInvolvedInBiologicalProcess',
  'isLocatedInSubcellularLocation', 'isPartOf', 'labelDetails', 'layoutImage', 'license', 'logo', 'mainEntityOfPage',
  'map', 'maps', 'masthead', 'merchantReturnLink', 'missionCoveragePrioritiesPolicy', 'newsUpdatesAndGuidelines',
  'noBylinesPolicy', 'originalMediaLink', 'paymentUrl', 'prescribingInfo', 'productReturnLink',
  'publicTransportClosuresInfo', 'publishingPrinciples', 'quarantineGuidelines', 'relatedLink', 'replyToUrl', 'sameAs',
  'schoolClosuresInfo', 'screenshot', 'sdLicense', 'season', 'serviceUrl', 'shippingSettingsLink', 'significantLink',
  'significantLinks', 'speakable', 'target', 'targetUrl', 'thumbnailUrl', 'tourBookingPage', 'trackingUrl', 'travelBans',
  'unnamedSourcesPolicy', 'url', 'usageInfo', 'verificationFactCheckingPolicy', 'webFeed',
]);
