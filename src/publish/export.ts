import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { variantUrl } from '../site/layout.js';
import { BUILD_RECORD, readBuildRecord, recordedFiles, rendererFingerprint, sourceDigest, type BuildRecord, type DocumentRecord } from './build-record.js';
import { fileNameOf, OutputFolder, putWithEncodings, type WrittenFile } from './output-folder.js';
import type { RenderSetup } from './render-job.js';
import { defaultRenderThreads, RenderThreads } from './render-threads.js';
import { DOCUMENT_CACHE, type Representations, type ResourceSpec } from './representations.js';

/**
 * `lodfolio build`: every representation of the site written as files, so
 * that any web server, static host or CDN can serve it (and `lodfolio serve
 * --site` can, with negotiation). The layout is the URL layout: a document's
 * variants are its suffix URLs (`people/x.html`, `people/x.ttl`, …; a folder
 * document's `index.html`, `index.ttl`, …), each compressible file of 1 KiB or more beside its
 * `.gz` and `.br`, fixed files at their path, and a manifest (`.lodfolio-site.json`)
 * saying which document has which variants.
 *
 * Deterministic: the same data gives the same bytes and the same manifest.
 * Atomic: written into a fresh folder beside the target, then swapped in;
 * a failure leaves the previous site as it was. A file whose bytes did not
 * change keeps the modification time it had (web servers send it as
 * Last-Modified); new and changed files are dated with the data.
 */

export { fileNameOf } from './output-folder.js';

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
  /** The language of the site's words: what serving it says in error pages and on the SPARQL page (absent: English). */
  language?: string;
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
  /** How many threads render documents (default: one per core; none, the main thread, for a small site). */
  threads?: number;
}

export interface ExportSummary {
  files: number;
  bytes: number;
  /** Files whose bytes changed (or are new) since the previous export at the same place. */
  changed: number;
  documents: number;
  /** Documents whose files were taken from the previous export, their sources unchanged. */
  reused: number;
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
    removeTree(staging);
    throw error;
  }
}

async function writeInto(representations: Representations, dir: string, previous: string, options: ExportOptions): Promise<ExportSummary> {
  const basePath = new URL(options.base).pathname;
  const lastModified = representations.lastModified;
  const manifest: SiteManifest = {
    'lodfolio-site': 1, base: options.base, lastModified: lastModified.toUTCString(),
    types: {}, documents: {}, files: {}, cacheControl: {},
    ...(options.sparqlEndpoint ? { sparqlEndpoint: options.sparqlEndpoint } : {}),
    language: representations.frame.settings.language,
  };
  // No comparison with a previous export that is not there.
  const hasPrevious = await exists(path.join(previous, MANIFEST));
  const folder = new OutputFolder(dir, hasPrevious ? previous : undefined, lastModified);
  const setup: RenderSetup = {
    dir, previous: hasPrevious ? previous : undefined, lastModified: lastModified.getTime(), basePath, frame: representations.frame,
  };
  // What the previous build made of each document: one whose job is unchanged is taken from it.
  const renderer = rendererFingerprint(setup);
  const before = hasPrevious ? readBuildRecord(previous, renderer) : undefined;
  const made = new Map<string, DocumentRecord>();
  const threads = new RenderThreads(options.threads ?? defaultRenderThreads(representations.resources.length), setup);
  // Name → digest of what the main thread wrote there (null: a render thread wrote it): enough to
  // tell a harmless repeat from a clash, without holding every byte of the site until the end.
  const written = new Map<string, string | null>();
  const summary: ExportSummary = { files: 0, bytes: 0, changed: 0, documents: 0, reused: 0 };
  const count = ([name, size, changed]: WrittenFile, digest: string | null) => {
    const before = written.get(name);
    if (before !== undefined) {
      if (before !== null && before === digest) return false;
      throw new Error(`two resources want the file ${name}; rename one of them`);
    }
    written.set(name, digest);
    summary.files++;
    summary.bytes += size;
    if (changed) summary.changed++;
    return true;
  };
  const put = (name: string, bytes: Buffer) => {
    const digest = createHash('sha256').update(bytes).digest('base64');
    if (written.get(name) === digest) return;
    count([name, bytes.length, false], digest);
    if (folder.put(name, bytes)) summary.changed++;
  };
  const pending = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  // Writes overlap with the slicing and rendering of the next resources, a bounded number at a time.
  // The first failure stops the loop at its next step (none is left unobserved).
  const schedule = async (work: Promise<void>) => {
    const tracked: Promise<void> = work.catch((error: unknown) => { failure ??= { error }; }).finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (pending.size >= 64) await Promise.race(pending);
    rethrow();
  };
  const rethrow = () => { if (failure) throw failure.error; };

  const total = representations.resources.length;
  let done = 0;
  const progressed = () => options.onProgress?.(++done, total);
  const downloads: ResourceSpec[] = [];
  const onMainThread: ResourceSpec[] = [];
  /** Records what a document was made from and the files it has, for the next build. */
  const remember = (spec: ResourceSpec, digest: string, files: ReadonlyArray<readonly [name: string, size: number, ...unknown[]]>) => {
    const stem = stemOf(spec, basePath);
    made.set(spec.path, { digest, files: files.map(([name, size]) => [name.slice(stem.length), size]) });
  };
  /** Takes a document's files from the previous build when its entry there has this digest; says whether it did. */
  const reused = (spec: ResourceSpec, digest: string): boolean => {
    const files = before && recordedFiles(before[spec.path], digest, stemOf(spec, basePath), manifest.documents[spec.path]);
    if (!files || !folder.reuse(files)) return false;
    for (const [name, size] of files) count([name, size, false], null);
    remember(spec, digest, files);
    summary.reused++;
    progressed();
    return true;
  };
  try {
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
      if (spec.gzipOf) {
        // The same bytes as the gzip encoding written beside the variant: written by then, unless gzip did not help.
        downloads.push(spec);
        progressed();
        continue;
      }
      if (spec.source && !spec.mainThread) {
        const digest = sourceDigest(spec.source);
        if (reused(spec, digest)) {
          // A pause now and then, as a render does: a slice held by a WeakRef is let go only
          // between tasks, and the progress bar is drawn between them.
          if (summary.reused % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        await schedule(threads.render(spec.source).then((files) => {
          for (const file of files) count(file, null);
          remember(spec, digest, files);
          progressed();
        }));
      } else {
        onMainThread.push(spec);
      }
    }
    await Promise.all(pending);
    rethrow();
  } finally {
    await threads.close();
  }
  // The rest (the dumps above all: at 1M triples, hundreds of MB each) once the threads have
  // gone, so that their memory and the dumps' are not needed at once.
  // Written as a render thread writes a document's variants: one way to write a variant and its encodings.
  for (const spec of onMainThread) {
    const digest = spec.source && sourceDigest(spec.source);
    if (digest && reused(spec, digest)) continue;
    const files: WrittenFile[] = [];
    for (const v of spec.variants) {
      if (v.aliasOf === undefined) files.push(...putWithEncodings(folder, fileNameOf(v.location, basePath), v.render(), v.compress));
    }
    for (const file of files) count(file, null);
    if (digest) remember(spec, digest, files);
    progressed();
  }
  for (const extra of options.extraFiles ?? []) put(extra.name, extra.bytes);
  for (const spec of downloads) {
    const name = fileNameOf(spec.path, basePath);
    if (!written.has(name)) put(name, spec.variants[0].render());
  }
  // New files ('wx'), never written through a link into the previous site; dated with the data.
  const writeDated = async (name: string, text: string) => {
    await writeFile(path.join(dir, name), text, { flag: 'wx' });
    await utimes(path.join(dir, name), lastModified, lastModified);
  };
  await writeDated(MANIFEST, `${JSON.stringify(manifest, null, 1)}\n`);
  // In the site's order, whatever order the threads finished in: the same data, the same bytes.
  const record: BuildRecord = { 'lodfolio-build': 1, renderer, documents: {} };
  for (const spec of representations.resources) {
    const known = made.get(spec.path);
    if (known) record.documents[spec.path] = known;
  }
  await writeDated(BUILD_RECORD, JSON.stringify(record));
  return summary;
}

/** Where a document's files start under the export's root: `people/x.`, or `people/index.` for `/people/`. */
function stemOf(spec: ResourceSpec, basePath: string): string {
  return fileNameOf(variantUrl(spec.path, ''), basePath);
}

/** The suffix naming a variant of a document: `ttl`, `apa.txt`; for a folder document `/x/` its `index.ttl` is `ttl`. */
function suffixOf(spec: ResourceSpec, location: string): string {
  const stem = variantUrl(spec.path, '');
  if (!location.startsWith(stem)) throw new Error(`the variant ${location} of ${spec.path} is not at a suffix URL`);
  return location.slice(stem.length);
}

async function exists(file: string): Promise<boolean> {
  try { await stat(file); return true; } catch { return false; }
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
  if (old) removeTree(old);
}

/**
 * A folder and everything in it, one entry at a time. The promise version
 * starts the removal of a folder's every entry at once: removing a site of
 * three quarters of a million files took 1.5 GB that way, 0.4 GB this way
 * (and 8 s rather than 10).
 */
function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
