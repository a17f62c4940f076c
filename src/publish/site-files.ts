import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { FALLBACK_LANGUAGE, loadLabels, withWords, Words } from '../labels.js';
import { ByteCache, DEFAULT_CACHE_BYTES } from './cache.js';
import { fileNameOf, MANIFEST, type SiteManifest } from './export.js';
import { mementoLinks } from './mementos.js';
import { aliasesOf, documentFormats, formats, isCompressible } from '../formats.js';
import {
  addEncodings, alias, DOCUMENT_CACHE, documentResource, etagOf, materialiseResource, resourceBytes, sizeOf, type Body, type MadeResource, type Route, type RouteSource, type Variant,
} from './representations.js';
import { relabelBlankNodes, sortQuads } from '../rdf/quads.js';
import { frameOf } from '../render/writers.js';
import { pathOf, SiteUrls, variantUrl } from '../site/layout.js';
import { sparqlEndpointQuad } from '../site/void.js';

/**
 * A site `lodfolio build` wrote, served as it lies on disk: `lodfolio serve
 * --site SITE`. Start-up reads the manifest only (one small JSON file, read
 * and parsed in milliseconds at any size), so the first answer does not wait
 * for the data. A resource's files are read when it is first asked for and
 * kept in a cache bounded by bytes; files larger than `streamAbove` are never
 * held but streamed from disk, with an ETag from their size and date (as
 * nginx makes them) instead of a hash of bytes not read.
 *
 * Only paths the manifest names are ever turned into file names, so no
 * request can reach a file outside the site (`..`, `%2e%2e`, `%2f` find
 * nothing), and a file reached through a symbolic link (a folder of the site
 * replaced by a link to elsewhere) is not served.
 *
 * SITE is a link to its current build (site-builds.ts): when a new build
 * takes its place, the next request opens the new build's manifest and is
 * answered from it alone, never a mix of the two builds (requests in flight
 * finish from the old).
 */

export interface SiteFiles extends RouteSource {
  dir: string;
  manifest: SiteManifest;
  base: string;
  lastModified: Date;
}

export interface SiteFilesOptions {
  cacheBytes?: number;
  /** Files larger than this are streamed, not held (default 8 MiB). */
  streamAbove?: number;
  /** Told when SITE names another build from now on (and what went wrong when it could not be opened). */
  onSwitch?: (outcome: { site: SiteFiles } | { error: Error }) => void;
  /**
   * The SPARQL endpoint served beside the files: the VoID description states it
   * (void:sparqlEndpoint), rendered again from the built description's triples in
   * the formats it was built in, as `lodfolio serve` states the endpoint it answers at.
   */
  sparqlEndpoint?: string;
  /** The build SITE named when its manifest was read already (`readCurrentBuild`): not read a second time. */
  opened?: { root: string; manifest: SiteManifest };
}

/** The manifest `lodfolio build` wrote beside a site: what serving it and configuring a web server for it read. */
export async function readManifest(dir: string): Promise<SiteManifest> {
  return manifestIn(dir);
}

/**
 * The build SITE names now (its real folder) and its manifest, read once: for `openSite` to start from
 * (`opened`), where reading it again would cost as much (a site of 11,709 papers has a manifest of 40 MB).
 */
export function readCurrentBuild(dir: string): { root: string; manifest: SiteManifest } {
  let root: string;
  // (No such folder: the manifest's own error says what to do.)
  try { root = realpathSync.native(dir); } catch { root = dir; }
  return { root, manifest: manifestIn(root) };
}

function manifestIn(dir: string): SiteManifest {
  const manifestFile = path.join(dir, MANIFEST);
  let manifest: SiteManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SiteManifest;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `it has no ${MANIFEST}` : (error as Error).message;
    throw new Error(`${dir} is not a site lodfolio built (${reason}); build one with: lodfolio build DIR --out ${dir}`);
  }
  if (manifest['lodfolio-site'] !== 1) throw new Error(`${manifestFile}: a manifest of version ${manifest['lodfolio-site']}, which this lodfolio does not read`);
  return manifest;
}

export async function openSite(dir: string, options: SiteFilesOptions = {}): Promise<SiteFiles> {
  let root = options.opened?.root ?? realpathSync.native(dir);
  let current = openBuild(dir, root, options, options.opened?.manifest);
  /** The build SITE names now: one path lookup per request (the link's), a manifest read when it has changed. */
  const now = (): SiteFiles => {
    let real: string;
    try { real = realpathSync.native(dir); } catch { return current; }
    if (real === root) return current;
    root = real;
    try {
      const next = openBuild(dir, real, options);
      if (next.base !== current.base) throw new Error(`the new build at ${dir} is for ${next.base}, not ${current.base}: restart to serve it`);
      current = next;
      options.onSwitch?.({ site: next });
    } catch (error) {
      options.onSwitch?.({ error: error as Error });
    }
    return current;
  };
  return {
    dir, base: current.base, home: current.home,
    get manifest() { return now().manifest; },
    get lastModified() { return now().lastModified; },
    get words() { return now().words; },
    get frame() { return now().frame; },
    has: (requestPath) => now().has(requestPath),
    route: (requestPath) => now().route(requestPath),
  };
}

/** One build of the site, at its real folder `root`. */
function openBuild(dir: string, root: string, options: SiteFilesOptions, manifest = manifestIn(root)): SiteFiles {
  const basePath = new URL(manifest.base).pathname;
  const streamAbove = options.streamAbove ?? 8 * 1024 * 1024;
  // Every path a request can name, made once: a request is a lookup. (The build refuses two
  // resources at one URL, so no path can name two things.)
  const paths = new Map<string, { resource: string; location?: string }>();
  for (const p of Object.keys(manifest.files)) paths.set(p, { resource: p });
  for (const [p, suffixList] of Object.entries(manifest.documents)) {
    paths.set(p, { resource: p });
    for (const suffix of suffixList) paths.set(variantUrl(p, suffix), { resource: p, location: variantUrl(p, suffix) });
  }
  const urls = new SiteUrls(manifest.base);
  /** Each built memento (publish/mementos.ts), by its path: its original and its version's date. */
  const mementos = new Map<string, { original: string; date: Date }>();
  for (const [original, dates] of Object.entries(manifest.mementos?.documents ?? {})) {
    for (const date of dates.map((d) => new Date(d))) {
      const at = urls.memento(original, date);
      mementos.set(at, { original, date });
      paths.set(at, { resource: at });
      for (const suffix of manifest.mementos!.suffixes) paths.set(urls.memento(variantUrl(original, suffix), date), { resource: at, location: urls.memento(variantUrl(original, suffix), date) });
    }
  }

  const read = (location: string, mediaType: string): { bodies: Variant['bodies']; etags: Variant['etags']; lastModified: Date } | undefined => {
    const file = path.join(root, fileNameOf(location, basePath));
    let info;
    // A plain file of this build, reached through no link.
    try { info = lstatSync(file); } catch { return undefined; }
    if (!info.isFile() || realpathSync.native(file) !== file) return undefined;
    const big = info.size > streamAbove;
    const load = (name: string, size?: number): Body | undefined => {
      try {
        const stats = lstatSync(name);
        if (!stats.isFile()) return undefined;
        return big ? { file: name, size: size ?? stats.size } : readFileSync(name);
      } catch { return undefined; }
    };
    const identity = load(file, info.size)!;
    const tag = Buffer.isBuffer(identity) ? etagOf(mediaType, identity) : `${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}`;
    const bodies: Variant['bodies'] = { identity };
    const etags: Variant['etags'] = { identity: `"${tag}"` };
    const gzip = load(`${file}.gz`);
    const br = load(`${file}.br`);
    if (gzip && sizeOf(gzip) < sizeOf(identity)) { bodies.gzip = gzip; etags.gzip = `"${tag}-gz"`; }
    if (br && sizeOf(br) < sizeOf(identity)) { bodies.br = br; etags.br = `"${tag}-br"`; }
    // A file the build wrote no copies of (a work's RDF and citations) is compressed here, as `serve`
    // compresses its bodies, and kept so in the cache.
    if (!gzip && !br && Buffer.isBuffer(identity) && isCompressible(mediaType)) addEncodings({ bodies, etags }, identity, tag);
    return { bodies, etags, lastModified: new Date(Math.floor(info.mtimeMs / 1000) * 1000) };
  };

  const voidUrl = urls.void;
  /** The VoID description with the endpoint: its built triples (from its N-Triples or Turtle) and one more. */
  const voidStating = (endpoint: string): MadeResource | undefined => {
    const resourcePath = pathOf(voidUrl);
    const suffixList = manifest.documents[resourcePath] ?? [];
    const names = documentFormats.filter((name) => suffixList.includes(formats[name].suffix));
    const readable = [formats.ntriples, formats.turtle].find((f) => suffixList.includes(f.suffix));
    if (!manifest.frame || !readable || names.length !== suffixList.length) return undefined;
    const built = new Parser({ baseIRI: voidUrl, format: readable.mediaType })
      .parse(readFileSync(path.join(root, fileNameOf(variantUrl(resourcePath, readable.suffix), basePath)), 'utf8'));
    const quads = relabelBlankNodes(sortQuads([...built, sparqlEndpointQuad(voidUrl, endpoint)]));
    const doc = { url: voidUrl, path: resourcePath, root: voidUrl, entities: [voidUrl, `${voidUrl}#dataset`], slice: () => quads };
    const frame = frameOf({ ...manifest.frame, labels: withWords(loadLabels(), manifest.labels ?? {}) });
    return materialiseResource(documentResource(doc, names, frame, {}, undefined, manifest.links?.[resourcePath]), new Map(), new Date(manifest.lastModified));
  };

  const make = (resourcePath: string): MadeResource | undefined => {
    if (options.sparqlEndpoint && resourcePath === pathOf(voidUrl)) {
      const stated = voidStating(options.sparqlEndpoint);
      if (stated) return stated;
    }
    const cacheControl = manifest.cacheControl[resourcePath] ?? DOCUMENT_CACHE;
    const fixed = manifest.files[resourcePath];
    if (fixed !== undefined) {
      const mediaType = fixed.split(';')[0];
      const made = read(resourcePath, mediaType);
      if (!made) return undefined;
      const variants = [{ mediaType, contentType: fixed, location: resourcePath, ...made }];
      return { path: resourcePath, negotiable: false, cacheControl, variants, variant: (i) => variants[i] };
    }
    const memento = mementos.get(resourcePath);
    const suffixList = memento ? manifest.mementos!.suffixes : manifest.documents[resourcePath];
    if (!suffixList) return undefined;
    const variants: Variant[] = [];
    for (const suffix of suffixList) {
      const type = manifest.types[suffix];
      // (A memento has the variants its version had.)
      const location = memento ? urls.memento(variantUrl(memento.original, suffix), memento.date) : variantUrl(resourcePath, suffix);
      const made = type && read(location, type.mediaType);
      if (made) variants.push({ mediaType: type.mediaType, contentType: type.contentType, location, ...made });
    }
    if (variants.length === 0) return undefined;
    const all = [...variants, ...variants.flatMap((v) => aliasesOf(v.mediaType).map((a) => alias(v, a)))];
    if (memento) {
      return { path: resourcePath, negotiable: true, cacheControl, variants: all, variant: (i) => all[i], links: mementoLinks(urls, memento.original, false), mementoDatetime: memento.date };
    }
    const links = manifest.links?.[resourcePath];
    return { path: resourcePath, negotiable: true, cacheControl, variants: all, variant: (i) => all[i], ...(links ? { links } : {}) };
  };

  const cache = new ByteCache<string, MadeResource>(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
  return {
    dir, manifest, base: manifest.base, lastModified: new Date(manifest.lastModified), home: basePath,
    words: new Words(withWords(loadLabels(), manifest.labels ?? {}), manifest.language ?? FALLBACK_LANGUAGE),
    frame: manifest.frame,
    has: (requestPath) => paths.has(requestPath),
    route(requestPath: string): Route | undefined {
      const found = paths.get(requestPath);
      if (!found) return undefined;
      let resource = cache.get(found.resource);
      if (!resource) {
        resource = make(found.resource);
        if (!resource) return undefined;
        cache.set(found.resource, resource, resourceBytes(resource));
      }
      if (!found.location) return { resource };
      // A suffix URL names its one file: when that file is missing, there is nothing there (not another format).
      const variant = resource.variants.findIndex((v) => v.location === found.location);
      return variant < 0 ? undefined : { resource, variant };
    },
  };
}
