import type { Quad } from '@rdfjs/types';
import { defaultWords, type Words } from '../labels.js';
import type { Profile } from '../pipeline.js';
import { Graph } from '../rdf/graph.js';
import { relabelBlankNodes } from '../rdf/quads.js';
import { buildDocuments, type DocumentOptions, listingTriples, type SiteDocument } from './documents.js';
import { listingsOf, type Naming } from './listings.js';
import { newsOf } from './news.js';
import { documentFormats, formats, type DocumentFormat } from '../formats.js';
import { pathOf, SiteUrls } from './layout.js';
import type { SiteRun } from './memory.js';
import { defaultSettings, type SiteSettings } from './settings.js';
import { buildRobots, buildSitemap } from './sitemap.js';
import { buildVoid, mergedCounts, voidCounts, type VoidCounts } from './void.js';

export type { SiteDocument } from './documents.js';

/** Everything the site publishes, as data; representations are made from this. */
export interface Site {
  base: string;
  /** Where everything of the site lives. */
  urls: SiteUrls;
  /** What the profile is called (the scholar's name): titles of the dataset and its description. */
  name: string;
  /** The whole profile, indexed once: the documents are sliced from it, the feed and the citations read it. */
  graph: Graph;
  /** One per document URL the graph mints and one per page of each listing (site/listings.ts), sorted by URL; the profile page first. */
  documents: SiteDocument[];
  /** The whole dataset, for the dumps: every triple any document serves (`datasetOf`). */
  dataset: SiteDocument;
  /** The VoID description (`/.well-known/void`). */
  void: SiteDocument;
  sitemap: { url: string; body: string };
  /** The Atom feed of the profile's news, where it has news. */
  feed?: { url: string };
  robots: { url: string; body: string };
  /** The SPARQL endpoint, when one is served beside the documents. */
  sparqlEndpoint?: string;
  /** The formats every document is made in, and the dataset in those that are dumps. */
  formats: readonly DocumentFormat[];
  lastModified: Date;
  settings: SiteSettings;
  /** The words of the site's language. */
  words: Words;
}

export interface SiteOptions {
  /** What the profile is called; the renderer's naming decides it (render/names.ts siteNameOf). */
  name: string;
  /** When the data last changed: Last-Modified, sitemap lastmod, VoID dcterms:modified. */
  lastModified: Date;
  /** The SPARQL endpoint's URL, once there is one: listed in the VoID description. */
  sparqlEndpoint?: string;
  /** What the site's owner chose (default: `defaultSettings`). */
  settings?: SiteSettings;
  /** The words of the settings' language (default: the project's English). */
  words?: Words;
  /** What a node is called (render/names.ts `nameOf`): the listings' entries are named so. */
  nameOf: Naming;
  /** The formats to make (default: every page and graph format); VoID lists the dumps among them. */
  formats?: readonly DocumentFormat[];
  /** Under `build --watch`: what the last build published left, and what changed since (site/memory.ts). */
  memory?: SiteRun;
}

/**
 * The whole dataset, as the dumps, the SPARQL endpoint and a store hold it:
 * the profile's graph and what the listing pages say of themselves
 * (`listingTriples`), so that every triple a document serves is in it.
 */
export function datasetOf(profile: Profile, options: Omit<DocumentOptions, 'graph'>): Quad[] {
  return [...profile.graph.quads, ...listingTriples(profile.graph, profile.base, options)];
}

/** The site of a profile: a pure function of the graph, its base, a date, the settings and the words. */
export function buildSite(profile: Profile, options: SiteOptions): Site {
  const { base } = profile;
  const { settings = defaultSettings, words = defaultWords(), nameOf } = options;
  const urls = new SiteUrls(base);
  const { graph } = profile;
  // The listings once, for the documents and for the dataset.
  const listings = listingsOf(graph, base, settings.listings, words);
  const documents = buildDocuments(graph.quads, base, { graph, settings, words, nameOf, listings, memory: options.memory });
  // The dataset: the graph and what the listing pages say (`datasetOf`).
  const listed = listingTriples(graph, base, { settings, words, nameOf, listings, memory: options.memory });
  const all = [...graph.quads, ...listed];
  const title = options.name;
  const made = options.formats ?? documentFormats;
  const dumps = made.map((name) => formats[name]).filter((f) => f.dump).map((format) => ({ url: urls.dump(format), format }));
  // What VoID counts of the graph, taken from the last build where no subject came or went and none changed its predicates or classes.
  const { memory } = options;
  const kept = memory?.countsUnchanged(graph) ? memory.aggregate<VoidCounts>('void') : undefined;
  const counted = kept ?? voidCounts(graph.quads, base);
  memory?.keep('void', counted);
  const voidQuads = relabelBlankNodes(buildVoid({
    quads: all, base, url: urls.void, documents, dumps, title, lastModified: options.lastModified,
    sparqlEndpoint: options.sparqlEndpoint, words, counts: mergedCounts([counted, voidCounts(listed, base)]),
  }));
  const datasetQuads = relabelBlankNodes(all);
  const datasetNode = `${urls.void}#dataset`;
  const hasNews = newsOf(all, base).length > 0;
  return {
    base,
    urls,
    name: title,
    graph,
    documents,
    dataset: {
      url: urls.dataset, path: pathOf(urls.dataset), root: undefined, entities: [],
      slice: () => datasetQuads,
    },
    void: {
      // Like the profile page, the description frames what it describes.
      url: urls.void, path: pathOf(urls.void), root: urls.void, entities: [urls.void, datasetNode],
      slice: () => voidQuads,
    },
    sitemap: {
      url: urls.sitemap,
      body: buildSitemap([...documents, { url: urls.void }, ...(hasNews ? [{ url: urls.feed }] : [])]
        .map((d) => ({ url: d.url, lastModified: options.lastModified }))),
    },
    feed: hasNews ? { url: urls.feed } : undefined,
    robots: { url: urls.robots, body: buildRobots(urls.sitemap) },
    sparqlEndpoint: options.sparqlEndpoint,
    formats: made,
    lastModified: options.lastModified,
    settings,
    words,
  };
}
