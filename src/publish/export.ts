import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip as gzipCallback } from 'node:zlib';
import { variantUrl } from '../site/layout.js';
import { brotliOptions, DOCUMENT_CACHE, gzipOptions, type Representations, type ResourceSpec } from './representations.js';

const gzip = promisify(gzipCallback);
const brotli = promisify(brotliCompress);

/**
 * `lodfolio build`: every representation of the site written as files, so
 * that any web server, static host or CDN can serve it (and `lodfolio serve
 * --site` can, with negotiation). The layout is the URL layout: a document's
 * variants are its suffix URLs (`people/x.html`, `people/x.ttl`, …; a folder
 * document's `index.html`, `index.ttl`, …), each compressible file beside its
 * `.gz` and `.br`, fixed files at their path, and a manifest (`.lodfolio-site.json`)
 * saying which document has which variants.
 *
 * Deterministic: the same data gives the same bytes and the same manifest.
 * Atomic: written into a fresh folder beside the target, then swapped in;
 * a failure leaves the previous site as it was. A file whose bytes did not
 * change keeps the modification time it had (web servers send it as
 * Last-Modified); new and changed files are dated with the data.
 */

export const MANIFEST = '.lodfolio-site.json';

export interface SiteManifest {
  'lodfolio-site': 1;
  base: string;
  lastModified: string;
  /** Suffix → the media type negotiation matches and the Content-Type sent. */
  types: Record<string, { mediaType: string; contentType: string }>;
  /** Request path of each negotiable document → its suffixes, the server's preference first. */
  documents: Record<string, string[]>;
  /** Request path of each file served as it is → its Content-Type. */
  files: Record<string, string>;
  /** Request paths (documents and files) with their own Cache-Control, where it is not the documents'. */
  cacheControl: Record<string, string>;
  /** The SPARQL endpoint the site names, when it was built to point at one. */
  sparqlEndpoint?: string;
}

/** A file beside the representations: the error pages. */
export interface ExtraFile {
  /** Path under the export's root: `404.html`. */
  name: string;
  bytes: Buffer;
}

export interface ExportOptions {
  base: string;
  /** The SPARQL endpoint the site's pages and VoID name, if any: recorded in the manifest. */
  sparqlEndpoint?: string;
  extraFiles?: readonly ExtraFile[];
  /** Told after each resource is written: for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface ExportSummary {
  files: number;
  bytes: number;
  /** Files whose bytes changed (or are new) since the previous export at the same place. */
  changed: number;
  documents: number;
}


export async function writeSite(representations: Representations, out: string, options: ExportOptions): Promise<ExportSummary> {
  const target = path.resolve(out);
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  await checkReplaceable(target);
  const staging = path.join(parent, `.${path.basename(target)}.building-${randomBytes(4).toString('hex')}`);
  try {
    const summary = await writeInto(representations, staging, target, options);
    await swapIn(staging, target);
    return summary;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function writeInto(representations: Representations, dir: string, previous: string, options: ExportOptions): Promise<ExportSummary> {
  const basePath = new URL(options.base).pathname;
  const manifest: SiteManifest = {
    'lodfolio-site': 1, base: options.base, lastModified: representations.lastModified.toUTCString(),
    types: {}, documents: {}, files: {}, cacheControl: {},
    ...(options.sparqlEndpoint ? { sparqlEndpoint: options.sparqlEndpoint } : {}),
  };
  // Name → digest of what was written there: enough to tell a harmless repeat from a clash,
  // without holding every byte of the site until the end.
  const written = new Map<string, string>();
  // One mkdir per folder, not per file; and no comparison with a previous export that is not there.
  const folders = new Map<string, Promise<unknown>>();
  const hasPrevious = await exists(path.join(previous, MANIFEST));
  const summary: ExportSummary = { files: 0, bytes: 0, changed: 0, documents: 0 };
  const pending = new Set<Promise<void>>();

  const put = async (name: string, bytes: Buffer, lastModified: Date) => {
    const digest = createHash('sha256').update(bytes).digest('base64');
    const before = written.get(name);
    if (before !== undefined) {
      // The dumps' .gz downloads are the same bytes as the dumps' gzip encoding.
      if (before === digest) return;
      throw new Error(`two resources want the file ${name}; rename one of them`);
    }
    written.set(name, digest);
    const file = path.join(dir, name);
    const folder = path.dirname(file);
    let made = folders.get(folder);
    if (!made) { made = mkdir(folder, { recursive: true }); folders.set(folder, made); }
    await made;
    await writeFile(file, bytes);
    const date = (hasPrevious ? await unchangedDate(path.join(previous, name), bytes) : undefined) ?? lastModified;
    if (date === lastModified) summary.changed++;
    await utimes(file, date, date);
    summary.files++;
    summary.bytes += bytes.length;
  };
  // Writes overlap with the rendering of the next resource, a bounded number at a time.
  const schedule = async (write: Promise<void>) => {
    const tracked = write.finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (pending.size >= 64) await Promise.race(pending);
  };

  // Rendering runs here, compression on libuv's thread pool: on a machine
  // with two cores, both are busy, and the next resource renders while the
  // last one's bodies are compressed and written.
  const total = representations.resources.length;
  let done = 0;
  for (const spec of representations.resources) {
    const own = spec.variants.filter((v) => v.aliasOf === undefined);
    if (spec.negotiable) {
      summary.documents++;
      manifest.documents[spec.path] = own.map((v) => {
        const suffix = suffixOf(spec, v.location);
        manifest.types[suffix] ??= { mediaType: v.mediaType, contentType: v.contentType };
        return suffix;
      });
    } else {
      manifest.files[spec.path] = own[0].contentType;
    }
    if (spec.cacheControl !== DOCUMENT_CACHE) manifest.cacheControl[spec.path] = spec.cacheControl;
    const date = representations.lastModified;
    for (const v of own) {
      const name = fileNameOf(v.location, basePath);
      const bytes = v.render();
      await schedule(put(name, bytes, date));
      if (!v.compress) continue;
      // Only encodings smaller than the bytes, as the server sends them.
      await schedule(gzip(bytes, gzipOptions).then((z) => (z.length < bytes.length ? put(`${name}.gz`, z, date) : undefined)));
      await schedule(brotli(bytes, brotliOptions(bytes.length)).then((z) => (z.length < bytes.length ? put(`${name}.br`, z, date) : undefined)));
    }
    options.onProgress?.(++done, total);
  }
  for (const extra of options.extraFiles ?? []) await schedule(put(extra.name, extra.bytes, representations.lastModified));
  await Promise.all(pending);
  await writeFile(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  await utimes(path.join(dir, MANIFEST), representations.lastModified, representations.lastModified);
  return summary;
}

/** The suffix naming a variant of a document: `ttl`, `apa.txt`; for a folder document `/x/` its `index.ttl` is `ttl`. */
function suffixOf(spec: ResourceSpec, location: string): string {
  const stem = variantUrl(spec.path, '');
  if (!location.startsWith(stem)) throw new Error(`the variant ${location} of ${spec.path} is not at a suffix URL`);
  return location.slice(stem.length);
}

/**
 * Where a URL path's file goes in the export, whose root is the base: the
 * path below the base, percent-decoded, as web servers map URLs to files.
 * What lies outside the base (robots.txt at the origin) goes to the root.
 */
export function fileNameOf(location: string, basePath: string): string {
  const below = location.startsWith(basePath) ? location.slice(basePath.length) : location.slice(1);
  const name = below.split('/').map((segment) => decodeURIComponent(segment)).join('/');
  if (name === '' || name.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`the URL path ${location} does not name a file`);
  }
  return name;
}

async function exists(file: string): Promise<boolean> {
  try { await stat(file); return true; } catch { return false; }
}

/** The previous export's date for a file whose bytes are the same, else undefined. */
async function unchangedDate(file: string, bytes: Buffer): Promise<Date | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size !== bytes.length) return undefined;
    return (await readFile(file)).equals(bytes) ? info.mtime : undefined;
  } catch {
    return undefined;
  }
}

/** Only a site this command wrote is replaced: never a folder of someone's other files. */
async function checkReplaceable(target: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(target)).isDirectory()) throw new Error(`${target} exists and is not a folder`);
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    throw new Error(`${target} is not empty and is not a site lodfolio built (it has no ${MANIFEST}); choose a new or empty folder`);
  }
}

/**
 * The new folder takes the target's name. Two renames: between them (a few
 * microseconds) the name is briefly absent, never half-written; the old
 * folder is removed only after the new one is in place.
 */
async function swapIn(staging: string, target: string): Promise<void> {
  let old: string | undefined;
  try {
    await stat(target);
    old = `${path.join(path.dirname(target), `.${path.basename(target)}.old-${randomBytes(4).toString('hex')}`)}`;
    await rename(target, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rename(staging, target);
  if (old) await rm(old, { recursive: true, force: true });
}
