import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync, type BrotliOptions } from 'node:zlib';
import { dumpFormats, formats, formatsOf, isCompressible, type DocumentFormat } from '../formats.js';
import type { Words } from '../labels.js';
import { namedNode } from '../rdf/graph.js';
import { citationWriters, cslItem, entryIdOf, type CslItem } from '../render/citations.js';
import { toAtom } from '../render/atom.js';
import { siteNav, toCvHtml, type HtmlLink } from '../render/html.js';
import { linksetWriters, type TypedLink } from '../render/linkset.js';
import { contextDocument } from '../render/jsonld.js';
import { documentVariants, frameOf, imagesNamed, writeVariant, type DocumentVariant, type Frame, type FrameData, type ImageSizes } from '../render/writers.js';
import type { Site, SiteDocument } from '../site/index.js';
import type { SiteRun } from '../site/memory.js';
import { pathOf, variantUrl } from '../site/layout.js';
import type { StaticFile } from './assets.js';
import { ByteCache, DEFAULT_CACHE_BYTES } from './cache.js';
import { signpostsOf } from './signposting.js';
import { JRD_MEDIA_TYPE, webfingerOf } from './webfinger.js';
import type { ImageSize } from '../source/images.js';

/**
 * Every response the site can send. At start-up only what negotiation needs
 * is made (each resource's path, media types and variant URLs): cheap, and
 * linear in the number of documents. The bytes of a variant (one format of
 * a resource, with its gzip and brotli encodings and strong ETags) are made
 * the first time that variant is asked for, and kept in a cache bounded by
 * bytes; or written once by `lodfolio build` (publish/export.ts) and read
 * back by publish/site-files.ts. A reader's page of a work never waits for
 * the work's references in styles no one asked for.
 */

export type Coding = 'identity' | 'gzip' | 'br';

/** A body in memory, or a large file on disk that is streamed rather than held. */
export type Body = Buffer | { file: string; size: number };

export function sizeOf(body: Body): number {
  return Buffer.isBuffer(body) ? body.length : body.size;
}

/** A variant before its bytes: what negotiation, the Link header and a 406 need. */
export interface VariantHead {
  /** What negotiation matches on: its format's media type, or an alias of it (formats.ts). */
  mediaType: string;
  /** The Content-Type header, with the charset where the type takes one. */
  contentType: string;
  /** Path of the URL that names this variant alone (Content-Location), e.g. `/people/x.ttl`. */
  location: string;
}

export interface Variant extends VariantHead {
  /** Encoded bodies; gzip and br only where they are smaller. */
  bodies: { identity: Body } & Partial<Record<'gzip' | 'br', Body>>;
  /** Strong ETags, one per encoding: the bytes differ, so the tags do. */
  etags: { identity: string } & Partial<Record<'gzip' | 'br', string>>;
  /** When its bytes last changed: the data's date, or, after a rebuild, the earlier date if its bytes are the same. */
  lastModified: Date;
}

export interface Resource {
  /** The path a request names it by. */
  path: string;
  /** Server's order of preference; the first is sent when the client has none. */
  variants: readonly VariantHead[];
  /** The bytes of variant `i`: made (or read) the first time they are asked for, then kept while the cache holds them. */
  variant(i: number): Variant;
  /** False for files that have one form only (CSS, sitemap): no Vary: Accept, no 406. */
  negotiable: boolean;
  cacheControl: string;
  /** A document's typed links (publish/signposting.ts), sent with each of its variants. */
  links?: readonly TypedLink[];
  /** A built memento's version (Memento, RFC 7089): sent as `Memento-Datetime` with each of its variants. */
  mementoDatetime?: Date;
}

/** A resource whose variants are all made: read from a build, or made outside the cache. */
export interface MadeResource extends Resource {
  variants: Variant[];
}

/** What a request path leads to: a resource, and for suffix URLs the index of the one variant it names. */
export interface Route {
  resource: Resource;
  variant?: number;
}

/** Where the app finds what a path leads to: the representations of a profile, or a site `lodfolio build` wrote. */
export interface RouteSource {
  /** The resource at a path (its bytes made when a variant is asked for); undefined when there is none. */
  route(path: string): Route | undefined;
  /** Whether there is a resource at a path, without making it. */
  has(path: string): boolean;
  /** Path of the homepage, for links in error pages. */
  home: string;
  /** The words of the site's language, for error pages. */
  words: Words;
  /** What error pages show of the site, as its pages do: its name, its stylesheet and its header links. */
  frame?: Partial<Pick<FrameData, 'siteName' | 'stylesheet' | 'nav'>>;
}

/** A representation before its bytes exist: what negotiation needs (its resource's `renderer` makes the bytes). */
export interface VariantSpec extends VariantHead {
  compress: boolean;
  /** An alias (the same bytes under another media type) names the variant it shares them with. */
  aliasOf?: number;
}

export interface ResourceSpec {
  path: string;
  variants: VariantSpec[];
  negotiable: boolean;
  cacheControl: string;
  links?: readonly TypedLink[];
  /**
   * Gets what the variants are made from (a document slices its triples
   * here: site/documents.ts) and gives back what makes the bytes of a
   * variant, by its index (called when a variant is first asked for, or
   * when the resource is written out). The caller holds it while it makes
   * the variants it wants, and lets it go after.
   */
  renderer: () => (variant: number) => Buffer;
  /** What a document's variants are made from, so that they can be made elsewhere (the export's render threads). */
  source?: DocumentSource;
  /**
   * Made where it is asked for, never shipped to a render thread: the
   * dataset, which is the whole graph (the main thread holds it already).
   */
  mainThread?: true;
  /** The location of the variant whose gzip encoding this resource's bytes are (the dumps' downloads). */
  gzipOf?: string;
  /** The path of the document this resource is made with (its linksets): the export writes them together. */
  withDocument?: string;
}

/** A document, its formats and its citation: with the site's frame, all that its variants are made from. */
export interface DocumentSource {
  doc: SiteDocument;
  formats: readonly DocumentFormat[];
  citation?: CslItem;
  /** Its typed links, which its page and its linksets carry. */
  links?: readonly TypedLink[];
  /** The sizes of the site's images (or of those it names at least): its page gives those of the ones it names (`imagesNamed`). */
  images: ImageSizes;
}

export interface Representations extends RouteSource {
  /** Every resource of the site, in a stable order: what a request can reach and what the export writes. */
  resources: ResourceSpec[];
  /** Path (a resource's own, or a suffix URL) → the resource and, for a suffix URL, the index of its variant. */
  paths: Map<string, { spec: ResourceSpec; variant?: number }>;
  lastModified: Date;
  /** The ETag and date of every variant made so far, handed to the next data version (see `previous`). */
  ledger: Ledger;
  /** What every page shares, as data: with a resource's `source`, enough to make it again. */
  frame: FrameData;
  /** The citation styles works are formatted in, the default first; none when the site cites no work. */
  citationStyles: readonly string[];
}

/** (location, media type) → the strong ETag of its bytes and the date they first appeared. */
export type Ledger = Map<string, { etag: string; lastModified: Date }>;

/** Cache-Control of documents (and of the files the site makes beside them). */
export const DOCUMENT_CACHE = 'public, max-age=300';
const ASSET_CACHE = 'public, max-age=3600';

export interface BuildOptions {
  publicFiles?: readonly StaticFile[];
  /** The size of each image the site serves, by its URL: the pages give their width and height. */
  images?: Record<string, ImageSize>;
  /** The representations of the previous data version: a resource whose bytes did not change keeps its Last-Modified. */
  previous?: Representations;
  /** How many bytes of made resources to keep (default 64 MiB); the least recently used go first. */
  cacheBytes?: number;
  /** Under `serve --watch`: the path of the event stream its pages listen to, to reload on a new version (and no resource is cached unchecked). */
  liveEvents?: string;
  /** Under `build --watch`: the pieces of the last build published that the graph's changes left as they were (site/memory.ts). */
  memory?: SiteRun;
}


/**
 * The site's resources, their bytes made on demand. Compression is
 * synchronous on purpose: zlib's asynchronous calls, on the thread pool,
 * cost far more than they hide for small bodies (measured: 415 ms against
 * 140 ms for all of the demo's).
 */
export function buildRepresentations(site: Site, options: BuildOptions = {}): Representations {
  const basePath = pathOf(site.base);
  const resources: ResourceSpec[] = [];
  const paths = new Map<string, { spec: ResourceSpec; variant?: number }>();
  const add = (path: string, target: { spec: ResourceSpec; variant?: number }) => {
    if (paths.has(path)) throw new Error(`two resources want the URL path ${path}; rename one of them`);
    paths.set(path, target);
  };
  const publish = (spec: ResourceSpec) => {
    // Under `serve --watch` every answer is checked again before it is used (a 304 while it is the same):
    // a page the reader goes back to is the newest version, not one a browser kept for minutes.
    if (options.liveEvents !== undefined) spec.cacheControl = 'no-cache';
    resources.push(spec);
    add(spec.path, { spec });
    // Suffix URLs name one representation and need no Accept. Aliases share
    // their original's URL, which names the original.
    spec.variants.forEach((v, i) => {
      if (v.aliasOf !== undefined || v.location === spec.path) return;
      add(v.location, { spec, variant: i });
    });
  };

  const { urls } = site;
  const dumps = dumpFormats.filter((f) => site.formats.includes(f.name));
  const stylesheet = options.publicFiles?.some((f) => `${basePath}${f.urlPath}` === pathOf(urls.stylesheet)) ? pathOf(urls.stylesheet) : undefined;
  const { words } = site;
  const siteLinks: HtmlLink[] = [
    { href: basePath, label: words.text('home') },
    ...dumps.map((f) => ({ href: pathOf(urls.dump(f)), label: words.text('whole-dataset', { format: f.label }), type: f.mediaType })),
    { href: site.void.path, label: words.text('void-description') },
    ...(site.sparqlEndpoint ? [{ href: site.sparqlEndpoint.startsWith(site.base) ? pathOf(site.sparqlEndpoint) : site.sparqlEndpoint, label: words.text('sparql-endpoint') }] : []),
  ];

  // The whole profile: the feed's news and every work's citation come from it.
  const whole = site.graph;
  // Each piece made of one document's part of the graph: taken from the last build where nothing it read changed.
  const piece = <T>(key: string, make: (graph: typeof whole) => T): T => (options.memory ? options.memory.piece(key, whole, make) : make(whole));
  const citations = new Map<string, CslItem>();
  for (const doc of site.documents) {
    const { root } = doc;
    const item = root ? piece(`citation ${doc.url} ${root}`, (graph) => cslItem(graph, namedNode(root), entryIdOf(doc.url), words)) : undefined;
    if (item) citations.set(doc.url, item);
  }
  const bibliographyFormats = citations.size === 0 ? [] : formatsOf('citation').filter((f) => f.bibliography);
  const bibliography: HtmlLink[] = bibliographyFormats.map((f) => ({ href: pathOf(urls.bibliographyIn(f)), label: f.label, type: f.mediaType }));
  // The profile's name names the site on every page (its header's link home); every page points feed readers at the news.
  const feeds: HtmlLink[] = site.feed ? [{ href: pathOf(site.feed.url), label: words.text('feed-title', { site: site.name }), type: 'application/atom+xml' }] : [];
  // Every page's header links to the homepage's sections that show, asked of its document.
  const home = site.documents.find((d) => d.url === site.base);
  const nav = home ? siteNav({ ...home, quads: home.slice() }, site.base, site.settings, words) : [];
  const frameData: FrameData = {
    base: site.base, siteLinks, stylesheet, siteName: site.name, feeds, bibliography, settings: site.settings, labels: words.table, nav,
    // (Only when set: a built site's record keeps its frame.)
    ...(options.liveEvents === undefined ? {} : { liveEvents: options.liveEvents }),
  };
  const frame = frameOf(frameData);
  const images = options.images ?? {};
  for (const doc of [...site.documents, site.void]) {
    const citation = citations.get(doc.url);
    const path = pathOf(doc.url);
    const links = piece(`links ${doc.url} ${doc.root} ${citation !== undefined}`,
      (graph) => signpostsOf(graph, doc, documentVariants(path, site.formats, citation === undefined ? undefined : frame.styles), site.base));
    publish(documentResource(doc, site.formats, frame, images, citation, links));
    for (const linkset of linksetResources(doc.url, links)) publish(linkset);
  }
  const all = () => [...citations.values()];
  for (const f of bibliographyFormats) {
    publish(fixedResource(pathOf(urls.bibliographyIn(f)), f.contentType, () => Buffer.from(citationWriters[f.name](all())), DOCUMENT_CACHE));
  }
  // The dumps, in the formats made that are dumps (a site of pages alone has none).
  if (dumps.length > 0) {
    const dataset: ResourceSpec = { ...documentResource(site.dataset, dumps.map((f) => f.name), frame, {}), mainThread: true };
    publish(dataset);
    // Compressed dumps as files of their own, for static hosts and download tools: the same
    // bytes as the dump's gzip encoding (which the export writes at the same name).
    for (const [i, v] of dataset.variants.entries()) {
      if (v.aliasOf !== undefined) continue;
      publish({ ...fixedResource(`${v.location}.gz`, 'application/gzip', () => gzip(dataset.renderer()(i)), DOCUMENT_CACHE, false), gzipOf: v.location });
    }
  }

  // The printable CV, from the whole profile: a page of its own, without data variants (its data is the homepage's).
  publish(fixedResource(pathOf(urls.cv), formats.html.contentType, () => Buffer.from(toCvHtml(whole, {
    url: urls.cv, entities: [], jsonld: [], base: site.base, alternates: [], siteLinks, stylesheet,
    siteName: site.name, feeds, words, theme: site.settings.theme, footer: site.settings.footer, cvPdf: site.settings.cvPdf, images: options.images, nav,
    liveEvents: options.liveEvents,
  })), DOCUMENT_CACHE));
  publish(fixedResource(pathOf(urls.context), formats.jsonld.contentType, () => json(contextDocument()), DOCUMENT_CACHE));
  publish(fixedResource(pathOf(site.sitemap.url), 'application/xml; charset=utf-8', () => Buffer.from(site.sitemap.body), DOCUMENT_CACHE));
  if (site.feed) {
    const feedUrl = site.feed.url;
    publish(fixedResource(pathOf(feedUrl), 'application/atom+xml; charset=utf-8',
      () => Buffer.from(toAtom({ graph: whole, base: site.base, feedUrl, words })), DOCUMENT_CACHE));
  }
  publish(fixedResource(pathOf(site.robots.url), 'text/plain; charset=utf-8', () => Buffer.from(site.robots.body), DOCUMENT_CACHE));
  const jrd = webfingerOf(site);
  if (jrd) publish(fixedResource(pathOf(urls.webfinger), JRD_MEDIA_TYPE, () => json(jrd), DOCUMENT_CACHE));
  for (const file of options.publicFiles ?? []) {
    publish(fixedResource(`${basePath}${file.urlPath}`, file.mediaType, () => file.bytes, ASSET_CACHE, isCompressible(file.mediaType)));
  }

  // Unchanged bytes keep their date across data versions: the ledger passes from version to version.
  const ledger: Ledger = options.previous?.ledger ?? new Map();
  // Made variants, by their spec; an alias is kept as its own entry and counted with its bodies, although they
  // are its original's, so that what the cache holds never exceeds its bound whichever of the two it lets go first.
  // Each entry counts what it holds besides its bodies too: its ETags, and the header lists the app keeps for it.
  const cache = new ByteCache<VariantSpec, Variant>(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  const made = (spec: ResourceSpec, i: number): Variant => {
    const v = spec.variants[i];
    let bytes = cache.get(v);
    if (!bytes) {
      bytes = v.aliasOf === undefined
        ? dated(variant(v.mediaType, v.location, spec.renderer()(i), v.contentType, v.compress), ledger, site.lastModified)
        : alias(made(spec, v.aliasOf), v);
      cache.set(v, bytes, variantBytes(bytes) + VARIANT_OVERHEAD_BYTES);
    }
    return bytes;
  };
  // A resource as requests see it, made once per resource asked for (its bytes stay in the cache above).
  const served = new WeakMap<ResourceSpec, Resource>();
  return {
    resources, paths, ledger, frame: frameData, citationStyles: citations.size === 0 ? [] : frame.styles, lastModified: site.lastModified, home: basePath, words: frame.words,
    has: (path) => paths.has(path),
    route(path) {
      const target = paths.get(path);
      if (!target) return undefined;
      const { spec } = target;
      let resource = served.get(spec);
      if (!resource) { resource = { ...headOf(spec), variant: (i) => made(spec, i) }; served.set(spec, resource); }
      return { resource, variant: target.variant };
    },
  };
}

/** A resource as a request sees it, before any of its bytes. */
function headOf(spec: ResourceSpec): Omit<Resource, 'variant'> {
  return { path: spec.path, variants: spec.variants, negotiable: spec.negotiable, cacheControl: spec.cacheControl, ...(spec.links ? { links: spec.links } : {}) };
}

/** A made variant, dated from the ledger when its bytes are the ones the ledger knows, else `lastModified` (and so recorded). */
function dated(made: Variant, ledger: Ledger, lastModified: Date): Variant {
  const key = `${made.location}\0${made.mediaType}`;
  const known = ledger.get(key);
  if (known && known.etag === made.etags.identity) {
    made.lastModified = known.lastModified;
  } else {
    made.lastModified = lastModified;
    ledger.set(key, { etag: made.etags.identity, lastModified });
  }
  return made;
}

/** Every variant of a resource made at once, from one rendering (a resource made outside the cache). */
export function materialiseResource(spec: ResourceSpec, ledger: Ledger, lastModified: Date): MadeResource {
  const variants: Variant[] = [];
  const render = spec.renderer();
  for (const [i, v] of spec.variants.entries()) {
    variants.push(v.aliasOf === undefined
      ? dated(variant(v.mediaType, v.location, render(i), v.contentType, v.compress), ledger, lastModified)
      : alias(variants[v.aliasOf], v));
  }
  return { ...headOf(spec), variants, variant: (i) => variants[i] };
}

/** What a cached variant holds besides its bodies (its ETags, the app's header lists with the document's links), roughly. */
const VARIANT_OVERHEAD_BYTES = 4096;

/** The bytes a made variant holds in memory. */
export function variantBytes(v: Variant): number {
  let total = 0;
  for (const body of Object.values(v.bodies)) if (Buffer.isBuffer(body)) total += body.length;
  return total;
}

/** What a made resource holds in memory (aliases share their original's bodies). */
export function resourceBytes(resource: MadeResource): number {
  const seen = new Set<Body>();
  let total = 0;
  for (const v of resource.variants) {
    for (const body of Object.values(v.bodies)) {
      if (body === undefined || seen.has(body)) continue;
      seen.add(body);
      if (Buffer.isBuffer(body)) total += body.length;
    }
  }
  return total;
}

/**
 * One document in each of its formats (for a work, its citation formats
 * too), plus the aliases that reuse the bytes under another name:
 * `application/xhtml+xml` (HTML), `application/json` (JSON-LD), `text/plain`
 * (N-Triples), as formats.ts lists them.
 */
export function documentResource(doc: SiteDocument, names: readonly DocumentFormat[], frame: Frame, images: ImageSizes, citation?: CslItem, links?: readonly TypedLink[]): ResourceSpec {
  const path = pathOf(doc.url);
  const list = variantFormats(names, citation === undefined ? undefined : frame.styles).map((format) => ({ format, location: variantUrl(path, format.suffix) }));
  const variants: VariantSpec[] = list.map(({ format, location }) => ({ mediaType: format.mediaType, contentType: format.contentType, location, compress: format.compressed }));
  const aliases: VariantSpec[] = list.flatMap(({ format }, i) => format.aliases.map((a) => ({ ...variants[i], mediaType: a.mediaType, contentType: a.contentType, aliasOf: i })));
  const all = [...variants, ...aliases];
  // One slice for all the variants made with it.
  const renderer = () => {
    const quads = doc.slice();
    const writing = { doc: { url: doc.url, root: doc.root, entities: doc.entities, quads }, images: imagesNamed(quads, images), formats: names, citation, links, frame };
    return (i: number) => Buffer.from(writeVariant(list[all[i].aliasOf ?? i].format, writing));
  };
  return {
    path, variants: all, negotiable: true, cacheControl: DOCUMENT_CACHE, renderer,
    source: { doc, formats: names, citation, images, ...(links ? { links } : {}) }, ...(links ? { links } : {}),
  };
}

/** The formats of a document's variants (render/writers.ts `documentVariants`), made once for the formats and styles of a site. */
function variantFormats(names: readonly DocumentFormat[], styles: readonly string[] | undefined): Array<DocumentVariant['format']> {
  let byStyles = madeFormats.get(names);
  if (!byStyles) { byStyles = new Map(); madeFormats.set(names, byStyles); }
  // (By the styles' names: a site's are read again at each build.)
  const key = styles === undefined ? '' : ` ${styles.join(' ')}`;
  let made = byStyles.get(key);
  if (!made) { made = documentVariants('/', names, styles).map((v) => v.format); byStyles.set(key, made); }
  return made;
}

const madeFormats = new WeakMap<readonly DocumentFormat[], Map<string, Array<DocumentVariant['format']>>>();

/**
 * A document's linksets: resources of their own (RFC 9264), which the
 * document names with rel=linkset, made from its URL and typed links alone;
 * the export writes them with the document, where its other files are made.
 */
export function linksetResources(url: string, links: readonly TypedLink[]): ResourceSpec[] {
  const path = pathOf(url);
  return formatsOf('linkset').map((f) => ({
    ...fixedResource(variantUrl(path, f.suffix), f.contentType, () => Buffer.from(linksetWriters[f.name](url, links)), DOCUMENT_CACHE, f.compressed),
    withDocument: path,
  }));
}

function fixedResource(path: string, contentType: string, render: () => Buffer, cacheControl: string, compress = true): ResourceSpec {
  return { path, variants: [{ mediaType: contentType.split(';')[0], contentType, location: path, compress }], negotiable: false, cacheControl, renderer: () => render };
}

/** The bytes, with the gzip and brotli encodings that are smaller than they are. */
export function variant(mediaType: string, location: string, identity: Buffer, contentType: string, compress = true): Variant {
  const tag = etagOf(mediaType, identity);
  // (Dated when published: see `publish`.)
  const v: Variant = { mediaType, contentType, location, bodies: { identity }, etags: { identity: `"${tag}"` }, lastModified: new Date(0) };
  if (compress) addEncodings(v, identity, tag);
  return v;
}

/**
 * Adds a body's gzip and brotli encodings, each where it is smaller, with
 * their ETags from the body's tag: for a body of 1 KiB or more (`serve`'s
 * bodies, and `serve --site`'s files that have no copies beside them).
 */
export function addEncodings(v: Pick<Variant, 'bodies' | 'etags'>, identity: Buffer, tag: string): void {
  if (!worthCompressing(identity.length)) return;
  const gzipped = gzip(identity);
  const br = brotliCompressSync(identity, brotliOptions(identity.length));
  if (gzipped.length < identity.length) { v.bodies.gzip = gzipped; v.etags.gzip = `"${tag}-gz"`; }
  if (br.length < identity.length) { v.bodies.br = br; v.etags.br = `"${tag}-br"`; }
}

/** The same bytes under another media type: its own ETags, as the representation differs in its type; its original's date. */
export function alias(v: Variant, { mediaType, contentType }: { mediaType: string; contentType: string }): Variant {
  // From the original's tag, so that an alias of a file streamed from disk needs no second read.
  const tag = etagOf(mediaType, Buffer.from(v.etags.identity));
  const etags: Variant['etags'] = { identity: `"${tag}"` };
  if (v.bodies.gzip) etags.gzip = `"${tag}-gz"`;
  if (v.bodies.br) etags.br = `"${tag}-br"`;
  return { mediaType, contentType, location: v.location, bodies: v.bodies, etags, lastModified: v.lastModified };
}

function gzip(bytes: Buffer): Buffer {
  return gzipSync(bytes, gzipOptions);
}

/**
 * Bodies under 1 KiB are sent as they are: compressed or not, they fit in a
 * packet or two, as web servers and CDNs judge it too (nginx's
 * gzip_min_length, Cloudflare's minimum); and an export at 1M triples wrote
 * 248,568 of its 1,016,094 files as .gz and .br of such bodies (a work's
 * .bib, .ris and formatted references), for a few hundred bytes each.
 */
export const MIN_COMPRESSED_BYTES = 1024;

export function worthCompressing(length: number): boolean {
  return length >= MIN_COMPRESSED_BYTES;
}

/**
 * The same settings wherever bodies are compressed (here, and the export's
 * files), so the bytes agree. Level 6, zlib's default: level 9 took twice
 * as long for 2.4% fewer bytes (measured on 1,500 generated documents, 47 MB).
 */
export const gzipOptions = { level: 6 } as const;

/**
 * Brotli quality 5: smaller than gzip -9 already (8.9% of the bytes against 9.5%, as fast as gzip -6); 11 would save ~10% more
 * at ~50 times the cost. A window no larger than the body gives the same
 * output with less to set up.
 */
export function brotliOptions(length: number): BrotliOptions {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_LGWIN]: Math.min(24, Math.max(10, Math.ceil(Math.log2(length + 1)))),
      [constants.BROTLI_PARAM_SIZE_HINT]: length,
    },
  };
}

/** A strong validator from the bytes (and the type they are sent as). */
export function etagOf(mediaType: string, bytes: Buffer): string {
  return createHash('sha256').update(mediaType).update('\0').update(bytes).digest('base64url').slice(0, 27);
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

