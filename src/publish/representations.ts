import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Graph, namedNode } from '../rdf/graph.js';
import { citationStyles, citationWriters, cslItem, type CslItem } from '../render/citations.js';
import { toAtom } from '../render/atom.js';
import { toHtml, type HtmlLink } from '../render/html.js';
import { contextDocument, toFramedJsonLd } from '../render/jsonld.js';
import { toRdfXml } from '../render/rdfxml.js';
import { titleOf } from '../render/names.js';
import { toSchemaIsland } from '../render/schema-island.js';
import { toNTriples, toTurtle, turtleForScript } from '../render/turtle.js';
import type { Site, SiteDocument } from '../site/index.js';
import { citationFormats, pathOf, rdfFormats, referenceFormat, siteUrls, variantUrl, type FormatName } from '../site/layout.js';
import type { StaticFile } from './assets.js';

/**
 * Every response body the site can send, made once at startup: for each
 * document and format the bytes, their gzip and brotli encodings, and strong
 * ETags. A request then only chooses among them.
 */

export type Coding = 'identity' | 'gzip' | 'br';

export interface Variant {
  /** What negotiation matches on: `text/turtle`. */
  mediaType: string;
  /** The Content-Type header: `text/turtle; charset=utf-8`. */
  contentType: string;
  /** Path of the URL that names this variant alone (Content-Location), e.g. `/people/x.ttl`. */
  location: string;
  /** Encoded bodies; gzip and br only where they are smaller. */
  bodies: { identity: Buffer } & Partial<Record<'gzip' | 'br', Buffer>>;
  /** Strong ETags, one per encoding: the bytes differ, so the tags do. */
  etags: { identity: string } & Partial<Record<'gzip' | 'br', string>>;
  /** When its bytes last changed: the data's date, or, after a rebuild, the earlier date if its bytes are the same. */
  lastModified: Date;
}

export interface Resource {
  /** The path a request names it by. */
  path: string;
  /** Server's order of preference; the first is sent when the client has none. */
  variants: Variant[];
  /** False for files that have one form only (CSS, sitemap): no Vary: Accept, no 406. */
  negotiable: boolean;
  cacheControl: string;
}

/** What a request path leads to: a resource, and for suffix URLs the one variant it names. */
export interface Route {
  resource: Resource;
  variant?: Variant;
}

export interface Representations {
  routes: Map<string, Route>;
  lastModified: Date;
  /** Paths of the site-wide resources, for links in error pages. */
  home: string;
}

/** Header values: text types say their charset; JSON and N-Triples are UTF-8 by definition and take none. */
const contentTypes: Record<string, string> = {
  'text/html': 'text/html; charset=utf-8',
  'application/xhtml+xml': 'application/xhtml+xml; charset=utf-8',
  'text/turtle': 'text/turtle; charset=utf-8',
  'application/ld+json': 'application/ld+json',
  'application/json': 'application/json',
  'application/n-triples': 'application/n-triples',
  'application/rdf+xml': 'application/rdf+xml; charset=utf-8',
  'text/plain': 'text/plain; charset=utf-8',
};

const DOCUMENT_CACHE = 'public, max-age=300';
const ASSET_CACHE = 'public, max-age=3600';

export interface BuildOptions {
  publicFiles?: readonly StaticFile[];
  /** The representations of the previous data version: a resource whose bytes did not change keeps its Last-Modified. */
  previous?: Representations;
}

/**
 * Compression is synchronous on purpose: zlib's asynchronous calls, on the
 * thread pool, cost far more than they hide for a thousand small bodies
 * (measured: 415 ms against 140 ms for the whole build).
 */
export function buildRepresentations(site: Site, options: BuildOptions = {}): Representations {
  const basePath = pathOf(site.base);
  const routes = new Map<string, Route>();
  const add = (path: string, route: Route) => {
    if (routes.has(path)) throw new Error(`two resources want the URL path ${path}; rename one of them`);
    routes.set(path, route);
  };
  const publish = (resource: Resource) => {
    const before = options.previous?.routes.get(resource.path)?.resource;
    for (const v of resource.variants) {
      const same = before?.variants.find((b) => b.mediaType === v.mediaType && b.etags.identity === v.etags.identity);
      v.lastModified = same ? same.lastModified : site.lastModified;
    }
    add(resource.path, { resource });
    // Suffix URLs name one representation and need no Accept. Aliases share
    // their original's URL, which names the original.
    for (const v of resource.variants) {
      if (v.location === resource.path || routes.get(v.location)?.resource === resource) continue;
      add(v.location, { resource, variant: v });
    }
  };

  const stylesheet = options.publicFiles?.some((f) => f.urlPath === 'style.css') ? `${basePath}style.css` : undefined;
  const siteLinks: HtmlLink[] = [
    { href: basePath, label: 'Home' },
    ...(['turtle', 'ntriples', 'jsonld', 'rdfxml'] as const).map((f) => ({
      href: pathOf(variantUrl(site.dataset.url, rdfFormats[f].suffix)), label: `Whole dataset (${rdfFormats[f].label})`, type: rdfFormats[f].mediaType,
    })),
    { href: site.void.path, label: 'VoID description' },
    ...(site.sparqlEndpoint ? [{ href: pathOf(site.sparqlEndpoint), label: 'SPARQL endpoint' }] : []),
  ];

  // The whole profile, read once: the feed's news and every work's citation come from it.
  const whole = new Graph(site.dataset.quads);
  const citations = new Map<string, CslItem>();
  for (const doc of site.documents) {
    const item = doc.root ? cslItem(whole, namedNode(doc.root), entryIdOf(doc.url)) : undefined;
    if (item) citations.set(doc.url, item);
  }
  const urls = siteUrls(site.base);
  const bibliography: HtmlLink[] = citations.size === 0 ? [] : [
    { href: pathOf(`${urls.bibliography}.${citationFormats.bibtex.suffix}`), label: 'BibTeX', type: citationFormats.bibtex.mediaType },
    { href: pathOf(`${urls.bibliography}.${citationFormats.csl.suffix}`), label: 'CSL-JSON', type: citationFormats.csl.mediaType },
  ];
  // The profile's name names the site on every page (its header's link home); every page points feed readers at the news.
  const feeds: HtmlLink[] = site.feed ? [{ href: pathOf(site.feed.url), label: `${site.name}: news`, type: 'application/atom+xml' }] : [];
  const frame: Frame = { base: site.base, siteLinks, stylesheet, siteName: site.name, feeds, bibliography };
  for (const doc of [...site.documents, site.void]) {
    publish(documentResource(doc, ['html', 'turtle', 'jsonld', 'ntriples', 'rdfxml'], frame, citations.get(doc.url)));
  }
  if (citations.size > 0) {
    const all = [...citations.values()];
    publish(fixedResource(bibliography[0].href, citationFormats.bibtex.contentType, Buffer.from(citationWriters.bibtex(all)), DOCUMENT_CACHE));
    publish(fixedResource(bibliography[1].href, citationFormats.csl.contentType, Buffer.from(citationWriters.csl(all)), DOCUMENT_CACHE));
  }
  const dataset = documentResource(site.dataset, ['turtle', 'jsonld', 'ntriples', 'rdfxml'], frame);
  publish(dataset);
  // Compressed dumps as files of their own, for static hosts and download tools.
  const zipped = new Set<string>();
  for (const v of dataset.variants) {
    if (!v.bodies.gzip || zipped.has(v.location)) continue; // aliases share their original's URL
    zipped.add(v.location);
    publish(fixedResource(`${v.location}.gz`, 'application/gzip', v.bodies.gzip, DOCUMENT_CACHE, false));
  }

  publish(fixedResource(pathOf(site.contextUrl), 'application/ld+json', json(contextDocument()), DOCUMENT_CACHE));
  publish(fixedResource(pathOf(site.sitemap.url), 'application/xml; charset=utf-8', Buffer.from(site.sitemap.body), DOCUMENT_CACHE));
  if (site.feed) {
    const atom = toAtom({ graph: whole, base: site.base, feedUrl: site.feed.url });
    publish(fixedResource(pathOf(site.feed.url), 'application/atom+xml; charset=utf-8', Buffer.from(atom), DOCUMENT_CACHE));
  }
  publish(fixedResource(pathOf(site.robots.url), 'text/plain; charset=utf-8', Buffer.from(site.robots.body), DOCUMENT_CACHE));
  for (const file of options.publicFiles ?? []) {
    publish(fixedResource(`${basePath}${file.urlPath}`, file.mediaType, file.bytes, ASSET_CACHE, isCompressible(file.mediaType)));
  }
  return { routes, lastModified: site.lastModified, home: basePath };
}

/** What every page of the site shares: its base, footer links, stylesheet, name, feeds and the bibliography's files. */
interface Frame {
  base: string;
  siteLinks: HtmlLink[];
  stylesheet: string | undefined;
  siteName: string;
  feeds: HtmlLink[];
  bibliography: HtmlLink[];
}

/** A work's entry id, the last segment of its document's URL: its BibTeX key and CSL id. */
function entryIdOf(url: string): string {
  return decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)) || 'profile';
}

/**
 * One RDF document in each format, plus aliases that reuse the bytes under
 * another name: `application/xhtml+xml` (HTML), `application/json`
 * (JSON-LD), `text/plain` (N-Triples); for a work, its citation formats too.
 */
function documentResource(doc: SiteDocument, formats: FormatName[], { base, siteLinks, stylesheet, siteName, feeds, bibliography }: Frame, citation?: CslItem): Resource {
  const path = pathOf(doc.url);
  const locationOf = (f: FormatName) => variantUrl(path, rdfFormats[f].suffix);
  const jsonld = toFramedJsonLd(doc.quads, doc.root);
  const alternates = (except: FormatName): HtmlLink[] => formats.filter((f) => f !== except)
    .map((f) => ({ href: locationOf(f), label: rdfFormats[f].label, type: rdfFormats[f].mediaType }));
  const render: Record<FormatName, () => string> = {
    turtle: () => toTurtle(doc.quads, base),
    ntriples: () => toNTriples(doc.quads),
    jsonld: () => `${JSON.stringify(jsonld, null, 2)}\n`,
    rdfxml: () => toRdfXml(doc.quads),
    html: () => toHtml({
      url: doc.url, quads: doc.quads, entities: doc.entities, base,
      jsonld: toSchemaIsland(doc.quads, doc.root, {
        home: { url: base, name: siteName }, url: doc.url, name: titleOf(new Graph(doc.quads), namedNode(doc.root ?? doc.url)),
      }),
      turtle: turtleForScript(doc.quads),
      alternates: alternates('html'), siteLinks, stylesheet, siteName, feeds, bibliography,
      cite: citation ? {
        reference: citationWriters.reference([citation], citationStyles[0]),
        bibtex: citationWriters.bibtex([citation]),
        links: citationVariants.map((c) => ({ href: c.location, label: c.label, type: c.mediaType })),
      } : undefined,
    }),
  };
  // A work's citation, in each format and style, after the RDF formats: a client asks for it by name.
  const citationVariants = citation ? [
    ...(Object.keys(citationFormats) as Array<keyof typeof citationFormats>).map((key) => ({ ...citationFormats[key],
      location: variantUrl(path, citationFormats[key].suffix), body: () => citationWriters[key]([citation]) })),
    ...citationStyles.map((style) => ({ ...referenceFormat(style), location: variantUrl(path, referenceFormat(style).suffix),
      body: () => `${citationWriters.reference([citation], style)}\n` })),
  ] : [];
  const variants: Variant[] = [
    ...formats.map((f) => variant(rdfFormats[f].mediaType, locationOf(f), Buffer.from(render[f]()))),
    ...citationVariants.map((c) => variant(c.mediaType, c.location, Buffer.from(c.body()), c.contentType)),
  ];
  const aliases: Variant[] = [];
  for (const v of variants) {
    if (v.mediaType === 'text/html') aliases.push(alias(v, 'application/xhtml+xml'));
    if (v.mediaType === 'application/ld+json') aliases.push(alias(v, 'application/json'));
    // N-Triples' media type before RDF 1.1, still what rdflib asks for with format="nt".
    if (v.mediaType === 'application/n-triples') aliases.push(alias(v, 'text/plain'));
  }
  return { path, variants: [...variants, ...aliases], negotiable: true, cacheControl: DOCUMENT_CACHE };
}

function fixedResource(path: string, contentType: string, bytes: Buffer, cacheControl: string, compress = true): Resource {
  const v = variant(contentType.split(';')[0], path, bytes, contentType, compress);
  return { path, variants: [v], negotiable: false, cacheControl };
}

/** The bytes, with the gzip and brotli encodings that are smaller than they are. */
function variant(mediaType: string, location: string, identity: Buffer, contentType = contentTypes[mediaType] ?? mediaType, compress = true): Variant {
  const tag = etagOf(mediaType, identity);
  // (Dated when published: see `publish`.)
  const v: Variant = { mediaType, contentType, location, bodies: { identity }, etags: { identity: `"${tag}"` }, lastModified: new Date(0) };
  if (!compress) return v;
  const gzip = gzipSync(identity, { level: 9 });
  // Brotli quality 5: smaller than gzip -9 already; 11 would save ~10% more
  // at ~50 times the cost, too slow for a startup that builds every body.
  // A window no larger than the body gives the same output with less to set up.
  const br = brotliCompressSync(identity, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_LGWIN]: Math.min(24, Math.max(10, Math.ceil(Math.log2(identity.length + 1)))),
      [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
    },
  });
  if (gzip.length < identity.length) { v.bodies.gzip = gzip; v.etags.gzip = `"${tag}-gz"`; }
  if (br.length < identity.length) { v.bodies.br = br; v.etags.br = `"${tag}-br"`; }
  return v;
}

/** The same bytes under another media type: its own ETags, as the representation differs in its type. */
function alias(v: Variant, mediaType: string): Variant {
  const tag = etagOf(mediaType, v.bodies.identity);
  const etags: Variant['etags'] = { identity: `"${tag}"` };
  if (v.bodies.gzip) etags.gzip = `"${tag}-gz"`;
  if (v.bodies.br) etags.br = `"${tag}-br"`;
  return { mediaType, contentType: contentTypes[mediaType] ?? mediaType, location: v.location, bodies: v.bodies, etags, lastModified: v.lastModified };
}

/** A strong validator from the bytes (and the type they are sent as). */
function etagOf(mediaType: string, bytes: Buffer): string {
  return createHash('sha256').update(mediaType).update('\0').update(bytes).digest('base64url').slice(0, 27);
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

function isCompressible(mediaType: string): boolean {
  return /^text\/|\+xml|\/xml|json|javascript|svg/.test(mediaType);
}
