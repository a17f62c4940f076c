import { createHash } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type LabelTable, loadLabels, ownWords } from '../labels.js';
import type { TypedLink } from '../render/linkset.js';
import { imagesNamed, type FrameData } from '../render/writers.js';
import { formats } from '../formats.js';
import { encodeQuads } from '../rdf/wire.js';
import { SiteUrls, variantUrl } from '../site/layout.js';
import type { Graph } from '../rdf/graph.js';
import { BUILD_RECORD, dumpsDigest, IncrementalBuild, sourceDigest, sourceKey, wireDigest, type WrittenRecord } from './build-record.js';
import { RememberedRun, type BuildMemory } from './build-memory.js';
import { DumpParts, PART_SIZES, type DumpMemory } from './dump-parts.js';
import { mementosOf, timemapOf, writeMementos, type MementoOptions } from './mementos.js';
import { fileNameOf, OutputFolder, writeVariants } from './output-folder.js';
import { linksetsOf, type RenderSetup } from './render-job.js';
import { defaultRenderThreads, RenderThreads } from './render-threads.js';
import { SiteBuild } from './site-builds.js';
import { DOCUMENT_CACHE, type DocumentSource, type Representations, type ResourceSpec } from './representations.js';

/**
 * `lodfolio build`: every representation of the site written as files, so
 * that any web server, static host or CDN can serve it (and `lodfolio serve
 * --site` can, with negotiation). The layout is the URL layout: a document's
 * variants are its suffix URLs (`people/x.html`, `people/x.ttl`, …; a folder
 * document's `index.html`, `index.ttl`, …), each page and each large file beside its `.gz`
 * and `.br` (output-folder.ts's `worthPrecompressing`), fixed files at their path, and a manifest (`.lodfolio-site.json`)
 * saying which document has which variants.
 *
 * Deterministic: the same data gives the same bytes and the same manifest.
 * Atomic: written into a folder that is not the site (an empty one, or the
 * spare: the build the site replaced, updated in place), then made the site
 * in one step (site-builds.ts: the site is a link to its current build); a failure or
 * an interruption leaves the previous site as it was. A file whose bytes did not
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
  /**
   * Request path of each document → its typed links (FAIR Signposting: publish/signposting.ts), to be sent
   * with each of its variants as a Link header (render/linkset.ts `linkHeader`), as `lodfolio serve` sends them.
   * Absent from a site built before documents had them.
   */
  links?: Record<string, readonly TypedLink[]>;
  /**
   * Memento (RFC 7089), for a profile kept in git (publish/mementos.ts): each document with mementos → their
   * datetimes (HTTP dates), oldest first. A memento is `{base}.memento/{YYYYMMDDhhmmss}/{path}`, its variants
   * at its `suffixes` where the version had them; its TimeMap, `{base}.timemap/{path}.link`, is among `files`.
   * Absent when the build wrote none.
   */
  mementos?: { suffixes: string[]; documents: Record<string, string[]> };
  /** Request path of each file served as it is → its Content-Type. */
  files: Record<string, string>;
  /** Request paths (documents and files) with their own Cache-Control, where it is not the documents'. */
  cacheControl: Record<string, string>;
  /** The SPARQL endpoint the site names, when it was built to point at one. */
  sparqlEndpoint?: string;
  /** The language of the site's words: what serving it says in error pages and on the SPARQL page (absent: English). */
  language?: string;
  /**
   * What rendering a page of the site takes, but its words (ontology/labels.ttl): serving it with an
   * endpoint renders the VoID description again, stating the endpoint (publish/site-files.ts). Absent
   * from a site built before.
   */
  frame?: Omit<FrameData, 'labels'>;
  /** The profile's own words (its labels.ttl) where they are not the built-in ones: absent where it has none. */
  labels?: LabelTable;
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
  /**
   * Files made from the finished manifest, the names written and what each document's files were made from
   * (build-record.ts `madeFrom`) (a web server's per-folder configuration), written with the rest.
   */
  serverFiles?: (manifest: SiteManifest, written: ReadonlySet<string>, madeFrom: ReadonlyMap<string, string>) => readonly ExtraFile[];
  /** Told after each resource is written: for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** How many threads render documents (default: one per core; none, the main thread, for a small site). */
  threads?: number;
  /** Whether each compressible file gets .gz and .br copies beside it, and each dump a .gz download (default: yes). */
  precompress?: boolean;
  /** The profile's past versions to write mementos of (a profile kept in git), and in which formats. */
  mementos?: MementoOptions;
  /**
   * Under a resident build (`build --watch`): what it remembers of the build it
   * published last (build-memory.ts), the profile's graph the documents are sliced from, and what it
   * remembers of the dumps it wrote (dump-parts.ts).
   */
  resident?: { memory: BuildMemory; graph: Graph; dumps?: DumpMemory };
}

export interface ExportSummary {
  files: number;
  bytes: number;
  /** Files whose bytes changed (or are new) since the previous export at the same place. */
  changed: number;
  documents: number;
  /** Documents whose files were taken from the previous export, their sources unchanged. */
  reused: number;
  /** Documents sliced from the graph and digested (a resident build knows the others unchanged without: build-memory.ts). */
  sliced: number;
  /** Mementos of documents (each in the formats chosen), and the valid past versions they are of. */
  mementos: number;
  versions: number;
}


export async function writeSite(representations: Representations, out: string, options: ExportOptions): Promise<ExportSummary> {
  const target = path.resolve(out);
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  await checkReplaceable(target);
  const build = await SiteBuild.begin(target);
  try {
    // No comparison with a previous export that is not there.
    const previous = build.previous && await exists(path.join(build.previous, MANIFEST)) ? build.previous : undefined;
    const remembered = options.resident?.memory.start(previous, options.resident.graph);
    const run = new ExportRun(representations, build, previous, options, remembered);
    const summary = await run.run();
    await build.publish();
    remembered?.published(build.dir, run.record!);
    run.published();
    return summary;
  } catch (error) {
    build.discard();
    throw error;
  }
}

/** One export into its build's folder: what it has written so far, and the steps that write it. */
class ExportRun {
  private readonly basePath: string;
  private readonly setup: RenderSetup;
  private readonly manifest: SiteManifest;
  private readonly folder: OutputFolder;
  /** What the previous build made of each document (one whose source is unchanged is taken from it), and what this one makes. */
  private readonly incremental: IncrementalBuild;
  /** The previous build's dumps by parts, and this one's (dump-parts.ts). */
  private readonly dumps: DumpParts;
  /**
   * Name → digest of what the main thread wrote there (null: a render thread wrote it): enough to
   * tell a harmless repeat from a clash, without holding every byte of the site until the end.
   */
  private readonly written = new Map<string, string | null>();
  private readonly summary: ExportSummary = { files: 0, bytes: 0, changed: 0, documents: 0, reused: 0, sliced: 0, mementos: 0, versions: 0 };
  /** Documents being rendered: their writes overlap with the slicing of the next, a bounded number at a time. */
  private readonly pending = new Set<Promise<void>>();
  /** The first failure among them: it stops the export at its next step (none is left unobserved). */
  private failure: { error: unknown } | undefined;
  /** Resources written (or taken from the previous build), for the progress bar. */
  private done = 0;
  /** The record written, once it is. */
  record: WrittenRecord | undefined;

  /**
   * `previous`: the build's previous site, when there is one to compare with;
   * `remembered`: under a resident build, what it remembers of it.
   */
  constructor(
    private readonly representations: Representations, private readonly build: SiteBuild, previous: string | undefined,
    private readonly options: ExportOptions, private readonly remembered?: RememberedRun,
  ) {
    const dir = build.dir;
    this.basePath = new URL(options.base).pathname;
    const lastModified = representations.lastModified;
    this.manifest = {
      'lodfolio-site': 1, base: options.base, lastModified: lastModified.toUTCString(),
      types: {}, documents: {}, files: {}, cacheControl: {},
      ...(options.sparqlEndpoint ? { sparqlEndpoint: options.sparqlEndpoint } : {}),
      language: representations.frame.settings.language,
      ...ownLabels(representations.frame.labels),
      frame: withoutLabels(representations.frame),
    };
    this.setup = { dir, previous, lastModified: lastModified.getTime(), basePath: this.basePath, frame: representations.frame, precompress: options.precompress ?? true, inPlace: build.inPlace };
    this.incremental = IncrementalBuild.start(this.setup, previous, build.previousStamps, remembered?.record);
    this.folder = new OutputFolder(dir, previous, lastModified, this.incremental.previousStamps, build.inPlace);
    this.dumps = new DumpParts(previous, build.previousParts, PART_SIZES, options.resident?.dumps);
  }

  /** The build is the site now: what a resident build remembers of its dumps is of this one's. */
  published(): void {
    this.dumps.published();
  }

  async run(): Promise<ExportSummary> {
    const resources = this.representations.resources;
    const downloads: ResourceSpec[] = [];
    const onMainThread: ResourceSpec[] = [];
    const size = this.options.threads ?? defaultRenderThreads(resources.length);
    // A resident build's threads serve its next export too, unless this one fails.
    const threads = this.remembered?.threads(size, this.setup) ?? new RenderThreads(size, this.setup);
    let rendered = false;
    try {
      for (const spec of resources) {
        if (spec.gzipOf && !this.setup.precompress) { this.progressed(); continue; }
        this.list(spec);
        if (spec.withDocument) {
          // Written with its document (render-job.ts), and taken from the previous build with it.
          this.progressed();
        } else if (spec.gzipOf) {
          // The same bytes as the gzip encoding written beside the variant: written by then, unless gzip did not help.
          downloads.push(spec);
          this.progressed();
        } else if (spec.source && !spec.mainThread) {
          const rendering = this.startDocument(threads, spec, spec.source);
          if (rendering) await this.schedule(rendering);
        } else {
          onMainThread.push(spec);
        }
      }
      await Promise.all(this.pending);
      this.rethrow();
      rendered = true;
    } finally {
      if (!this.remembered || !rendered) await threads.close();
    }
    // The rest (the dumps above all: at 1M triples, hundreds of MB each) once the threads have
    // gone, so that their memory and the dumps' are not needed at once.
    for (const spec of onMainThread) this.writeOnMainThread(spec);
    for (const extra of this.options.extraFiles ?? []) this.put(extra.name, extra.bytes);
    for (const spec of downloads) {
      const name = fileNameOf(spec.path, this.basePath);
      if (!this.written.has(name)) this.put(name, spec.renderer()(0));
    }
    if (this.options.mementos) await this.writeMementos(this.options.mementos);
    for (const extra of this.options.serverFiles?.(this.manifest, new Set(this.written.keys()), this.incremental.madeFrom()) ?? []) this.put(extra.name, extra.bytes);
    this.folder.putDated(MANIFEST, `${JSON.stringify(this.manifest, null, 1)}\n`);
    this.dumps.save(this.build.parts, new Set(this.written.keys()));
    // In the site's order, whatever order the threads finished in: the same data, the same bytes.
    this.record = this.incremental.write(this.folder, resources.map((spec) => spec.path), this.build.stamps);
    await this.build.prune(new Set([...this.written.keys(), MANIFEST, BUILD_RECORD]));
    return this.summary;
  }

  /**
   * The past versions' mementos, their TimeMaps, and the manifest's word of
   * them: its `mementos`, each TimeMap among its files, and a `timemap`
   * link in each original's links.
   */
  private async writeMementos(options: MementoOptions): Promise<void> {
    const urls = new SiteUrls(this.options.base);
    const renderer = this.incremental.mementoRenderer(options.formats);
    const { record, files, changed } = await writeMementos(this.folder, urls, options, renderer, this.incremental.previousMementos(renderer));
    this.incremental.recordMementos(record, files);
    for (const [name, size] of files) this.count(name, size, false, null);
    this.summary.changed += changed;
    this.summary.versions = record.versions.filter((v) => v.valid).length;
    this.summary.mementos = record.versions.reduce((n, v) => n + Object.keys(v.documents).length, 0);
    const dated = Object.entries(mementosOf(record));
    if (dated.length === 0) return;
    const suffixes = new Set<string>();
    for (const v of record.versions) {
      for (const [documentPath, files] of Object.entries(v.documents)) {
        const stem = fileNameOf(urls.memento(variantUrl(documentPath, ''), new Date(v.date)), this.basePath);
        for (const [name] of files) suffixes.add(name.slice(stem.length));
      }
    }
    this.manifest.mementos = { suffixes: [...suffixes], documents: Object.fromEntries(dated.map(([p, dates]) => [p, dates.map((d) => d.toUTCString())])) };
    for (const [documentPath, dates] of dated) {
      const timemap = urls.timemap(documentPath);
      this.manifest.files[timemap] = formats.timemap.contentType;
      this.put(fileNameOf(timemap, this.basePath), timemapOf(urls, documentPath, dates, false));
      const links = this.manifest.links?.[documentPath];
      if (links) this.manifest.links![documentPath] = [...links, { rel: 'timemap', href: new URL(timemap, urls.base).href, type: formats.timemap.mediaType }];
    }
  }

  /** A resource's entry in the manifest: a document's suffixes (and their types), a file's type, its Cache-Control. */
  private list(spec: ResourceSpec): void {
    const own = spec.variants.filter((v) => v.aliasOf === undefined);
    if (spec.negotiable) {
      this.summary.documents++;
      this.manifest.documents[spec.path] = own.map((v) => {
        const suffix = suffixOf(spec, v.location);
        this.manifest.types[suffix] ??= { mediaType: v.mediaType, contentType: v.contentType };
        return suffix;
      });
      if (spec.links) (this.manifest.links ??= {})[spec.path] = spec.links;
    } else {
      this.manifest.files[spec.path] = own[0].contentType;
    }
    if (spec.cacheControl !== DOCUMENT_CACHE) this.manifest.cacheControl[spec.path] = spec.cacheControl;
  }

  /**
   * A document's files: taken from the previous build when its source is
   * unchanged, else made by a render thread (the promise). Its slice lives
   * for this call only: sliced, put in its wire form (which is digested), sent, let go.
   * Under a resident build, a document the memory knows unchanged is not sliced.
   */
  private startDocument(threads: RenderThreads, spec: ResourceSpec, source: DocumentSource): Promise<void> | undefined {
    const key = sourceKey(source);
    const known = this.remembered?.unchanged(spec.path, key, source.images);
    if (known !== undefined && this.reuse(spec, known, true)) {
      this.remembered!.carry(spec.path);
      return undefined;
    }
    const reads = this.remembered && source.doc.tracked ? RememberedRun.reads() : undefined;
    const sliced = source.doc.slice(reads);
    const quads = encodeQuads(sliced);
    const images = imagesNamed(sliced, source.images);
    const digest = wireDigest(key, images, quads);
    this.summary.sliced++;
    if (reads) this.remembered!.sliced(spec.path, key, digest, reads, images);
    if (this.reuse(spec, digest)) return undefined;
    return threads.render(source, { quads, images }).then((files) => {
      for (const [name, size, , , , changed] of files) this.count(name, size, changed, null);
      this.incremental.record(spec.path, digest, files);
      this.progressed();
    });
  }

  /** A resource made here, as a render thread makes a document: one way to write a variant and its encodings. */
  private writeOnMainThread(spec: ResourceSpec): void {
    // The dumps are known by their parts' digests, which writing them by parts takes anyway; the others by their slice.
    const plan = spec.mainThread ? this.dumps.plan(spec, this.basePath, this.options.base) : undefined;
    const digest = spec.source && (plan ? dumpsDigest(spec.source, plan.digest) : sourceDigest(spec.source, spec.source.doc.slice()));
    if (digest && this.reuse(spec, digest)) return;
    const files = plan
      ? this.dumps.writePlanned(this.folder, plan, this.setup.precompress)
      : writeVariants(this.folder, spec, this.basePath, this.setup.precompress);
    for (const [name, size, , , , changed] of files) this.count(name, size, changed, null);
    if (digest) this.incremental.record(spec.path, digest, files);
    this.progressed();
  }

  /**
   * Takes a document's files from the previous build when they are what this one would make; says whether it did.
   * `remembered`: a resident build's memory knows the document unchanged, and its entry is in the record the process wrote.
   */
  private reuse(spec: ResourceSpec, digest: string, remembered = false): boolean {
    const recorded = remembered
      ? this.incremental.rememberedFiles(spec.path, digest)
      // A document's own files and its linksets' (render-job.ts writes them together).
      : this.incremental.previousFiles(spec.path, digest, [...this.manifest.documents[spec.path], ...(spec.source ? linksetsOf(spec.source).map((linkset) => suffixOf(spec, linkset.path)) : [])]);
    const files = recorded && this.folder.reuse(recorded);
    if (!files) return false;
    for (const [name, size] of files) this.count(name, size, false, null);
    if (remembered) this.incremental.carry(spec.path, files); else this.incremental.record(spec.path, digest, files);
    this.summary.reused++;
    this.progressed();
    return true;
  }

  /** Waits, when enough documents are being rendered, for one to be done; then fails if any has. */
  private async schedule(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work.catch((error: unknown) => { this.failure ??= { error }; }).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    if (this.pending.size >= 64) await Promise.race(this.pending);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }

  /** A file the main thread writes (an error page, a download), unless the same bytes are there already. */
  private put(name: string, bytes: Buffer): void {
    const digest = createHash('sha256').update(bytes).digest('base64');
    if (this.written.get(name) === digest) return;
    this.count(name, bytes.length, false, digest);
    const [, , , , , changed] = this.folder.put(name, bytes);
    if (changed) this.summary.changed++;
  }

  /** Counts a file written; two resources wanting one name fail the export, unless the main thread wrote the same bytes twice. */
  private count(name: string, size: number, changed: boolean, digest: string | null): void {
    const before = this.written.get(name);
    if (before !== undefined) {
      if (before !== null && before === digest) return;
      throw new Error(`two resources want the file ${name}; rename one of them`);
    }
    this.written.set(name, digest);
    this.summary.files++;
    this.summary.bytes += size;
    if (changed) this.summary.changed++;
  }

  private progressed(): void {
    this.options.onProgress?.(++this.done, this.representations.resources.length);
  }
}

/** The suffix naming a variant of a document: `ttl`, `apa.txt`; for a folder document `/x/` its `index.ttl` is `ttl`. */
function suffixOf(spec: ResourceSpec, location: string): string {
  const stem = variantUrl(spec.path, '');
  if (!location.startsWith(stem)) throw new Error(`the variant ${location} of ${spec.path} is not at a suffix URL`);
  return location.slice(stem.length);
}

/** The profile's own words (its labels.ttl), which serving the site takes over the built-in ones; nothing where it has none. */
function ownLabels(table: LabelTable): { labels?: LabelTable } {
  const own = ownWords(table, loadLabels());
  return Object.keys(own).length > 0 ? { labels: own } : {};
}

function withoutLabels({ labels: _, ...frame }: FrameData): Omit<FrameData, 'labels'> {
  return frame;
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
