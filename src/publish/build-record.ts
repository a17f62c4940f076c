import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { ontologyDir, projectRoot, stylesDir } from '../config.js';
import { encodeQuads, type WireQuads } from '../rdf/wire.js';
import { variantUrl } from '../site/layout.js';
import { imagesNamed, type ImageSizes } from '../render/writers.js';
import { type FileStamp, fileNameOf, type OutputFolder, type RecordedFile, type StampedFile } from './output-folder.js';
import type { RenderSetup } from './render-job.js';
import type { DocumentSource } from './representations.js';

/**
 * What the previous `lodfolio build` made of each document, so that the next
 * one reuses what has not changed instead of making it again: formatted
 * references, five serialisations and two compressions a work cost
 * milliseconds each, and at 1M triples most of a build is made of them.
 *
 * A document's files are a function of its source (its triples, its
 * formats, its citation), of the frame every page shares, and of
 * the renderer: this code, the packages it runs on, Node's compressors. A
 * digest of the source is recorded per document and a fingerprint of the rest
 * for the whole record; a document whose digest is unchanged under the same
 * fingerprint has the same bytes, and its files are taken from the previous
 * export as they are (hard links: no bytes copied, dates kept).
 *
 * All of that bookkeeping is here, behind `IncrementalBuild`; the export
 * (export.ts) asks it for a document's previous files, tells it the files
 * each document has, and has it write the record at the end.
 *
 * Each file's stamp (output-folder.ts's `FileStamp`: where it is on this
 * disk) is kept beside the build, not in the site (site-builds.ts names the
 * file), so that the site is the same bytes for the same data: stamps differ
 * from one build to the next. They are trusted only with the record they
 * were written with; without them (a site copied elsewhere, migrated from a
 * real folder, built by an older version) every file taken is read back.
 */

export const BUILD_RECORD = '.lodfolio-build.json';

export interface BuildRecord {
  'lodfolio-build': 2;
  /** The renderer and frame every digest below was made under. */
  renderer: string;
  /** Request path of each document rendered from a job → its digest and files. */
  documents: Record<string, DocumentRecord>;
  /** The mementos of the profile's past versions, when it is kept in git (publish/mementos.ts). */
  mementos?: MementoRecord;
}

/**
 * The past versions a build wrote mementos of, in the history's order: the
 * history only grows, so the next build takes these versions' files as they
 * are and builds the new versions alone (a rewritten history, another base,
 * other formats or another renderer: every version again).
 */
export interface MementoRecord {
  /** What every memento was made under: the code, the base and the formats chosen (each version has its own frame). */
  renderer: string;
  versions: VersionRecord[];
  /** Each document of the newest valid version → the digest of its memento's bytes: what the next version is compared with. */
  latest: Record<string, string>;
}

export interface VersionRecord {
  commit: string;
  /** When it came to be (ISO 8601): its mementos' datetime. */
  date: string;
  valid: boolean;
  /** Each document whose bytes changed in it → its memento's files, as names under the site's root with their sizes and digests. */
  documents: Record<string, RecordedFile[]>;
}

export interface DocumentRecord {
  digest: string;
  /** Each file as its suffix after the document's stem (`html`, `html.gz`, `apa.txt`), its size and its digest (`fileDigest`). */
  files: Array<[suffix: string, size: number, digest: string]>;
}

/** A record as written, and its files' stamps: what a resident build keeps of it for the next. */
export interface WrittenRecord {
  record: BuildRecord;
  stamps: ReadonlyMap<string, FileStamp>;
}

/** A build's stamps file: the digest of its record (`recordDigest`), and each file of that record → its stamp. */
interface BuildStamps {
  record: string;
  files: Record<string, FileStamp>;
}

/** One build's record: what the previous build made, and what this one makes. */
export class IncrementalBuild {
  private readonly made = new Map<string, DocumentRecord>();
  private mementos: MementoRecord | undefined;
  /** The stamp of each file of this build's record. */
  private readonly stamps = new Map<string, FileStamp>();

  private constructor(
    private readonly renderer: string,
    private readonly previous: Partial<BuildRecord> | undefined,
    /** The stamp of each file of the previous build's record, as far as they are known (the output folder checks them). */
    readonly previousStamps: ReadonlyMap<string, FileStamp>,
    private readonly setup: Pick<RenderSetup, 'basePath' | 'frame' | 'precompress'>,
    /** Whether the previous record is the one this process wrote (a resident build's memory), not one read from disk. */
    private readonly own = false,
  ) {}

  /**
   * The record of a build under these settings; `previous`: the site it
   * replaces, whose record it may trust, and `previousStamps`: where that
   * build's stamps are.
   */
  static start(setup: Pick<RenderSetup, 'basePath' | 'frame' | 'precompress'>, previous: string | undefined, previousStamps: string | undefined, remembered?: WrittenRecord): IncrementalBuild {
    const [record, stamps] = remembered ? [remembered.record, remembered.stamps] : previous === undefined ? [] : readBuildRecord(previous, previousStamps);
    return new IncrementalBuild(rendererFingerprint(setup), record, stamps ?? new Map(), setup, remembered !== undefined);
  }

  private get before(): BuildRecord['documents'] | undefined {
    const documents = this.previous?.documents;
    return this.previous?.renderer === this.renderer && typeof documents === 'object' && documents !== null ? documents : undefined;
  }

  private get basePath(): string {
    return this.setup.basePath;
  }

  /** What mementos in `formats` are made under (`MementoRecord.renderer`). */
  mementoRenderer(formats: unknown): string {
    return createHash('sha256').update(codeFingerprint()).update(JSON.stringify([this.setup.frame.base, formats])).digest('base64url');
  }

  /** The previous build's mementos, when they were made under `renderer` (their entries are the caller's to check). */
  previousMementos(renderer: string): MementoRecord | undefined {
    const record = this.previous?.mementos as Partial<MementoRecord> | undefined;
    return record?.renderer === renderer ? record as MementoRecord : undefined;
  }

  /** The mementos this build has, and every file of them with its stamp, for the next. */
  recordMementos(record: MementoRecord, files: readonly StampedFile[]): void {
    this.mementos = record;
    for (const [name, , , ino, mtime] of files) this.stamps.set(name, [ino, mtime]);
  }

  /**
   * The files the previous build made of a document, as names under the
   * site's root with their sizes and digests, when they are what this build would make:
   * its entry has this digest and names each of its variants' files
   * (`suffixes`), and only those and their `.gz` and `.br`. Anything else
   * (a hand-edited or damaged record) is as if there were no entry.
   */
  previousFiles(documentPath: string, digest: string, suffixes: readonly string[]): RecordedFile[] | undefined {
    return this.before && recordedFiles(this.before[documentPath], digest, this.stemOf(documentPath), suffixes);
  }

  /**
   * Under a resident build, the files of a document as the record this
   * process wrote has them, when that entry has this digest: no check of
   * the entry (`previousFiles` checks a record read from disk, which anyone
   * could have edited), since the digest says what its files are made
   * from, its formats and typed links among them. The caller takes the
   * files (the output folder checks them on disk) and then `carry`s the entry.
   */
  rememberedFiles(documentPath: string, digest: string): RecordedFile[] | undefined {
    const entry = this.own ? this.before?.[documentPath] : undefined;
    if (entry?.digest !== digest) return undefined;
    const stem = this.stemOf(documentPath);
    return entry.files.map(([suffix, size, fileDigest]) => [stem + suffix, size, fileDigest]);
  }

  /** A document's entry of the previous record (`rememberedFiles`), the very object, as this build's, its files taken as they were with their stamps now. */
  carry(documentPath: string, files: readonly StampedFile[]): void {
    this.made.set(documentPath, this.before![documentPath]);
    for (const [name, , , ino, mtime] of files) this.stamps.set(name, [ino, mtime]);
  }

  /** What each document's files were made from, this build's renderer and the document's digest, as one string: the same string, the same files. */
  madeFrom(): Map<string, string> {
    return new Map([...this.made].map(([documentPath, { digest }]) => [documentPath, `${this.renderer} ${digest}`]));
  }

  /** What a document was made from (its digest) and the files it has, for the next build. */
  record(documentPath: string, digest: string, files: ReadonlyArray<readonly [...StampedFile, ...unknown[]]>): void {
    const stem = this.stemOf(documentPath);
    this.made.set(documentPath, { digest, files: files.map(([name, size, fileDigest]) => [name.slice(stem.length), size, fileDigest]) });
    for (const [name, , , ino, mtime] of files) this.stamps.set(name, [ino, mtime]);
  }

  /**
   * Writes the record into the new site, its documents in the site's order
   * (`order`), whatever order they were made in, and its files' stamps
   * beside the build (`stampsFile`).
   */
  write(folder: OutputFolder, order: readonly string[], stampsFile: string): WrittenRecord {
    const record: BuildRecord = { 'lodfolio-build': 2, renderer: this.renderer, documents: {}, ...(this.mementos ? { mementos: this.mementos } : {}) };
    for (const documentPath of order) {
      const known = this.made.get(documentPath);
      if (known) record.documents[documentPath] = known;
    }
    const text = JSON.stringify(record);
    folder.putDated(BUILD_RECORD, text);
    const stamps: BuildStamps = { record: recordDigest(text), files: Object.fromEntries(this.stamps) };
    writeFileSync(stampsFile, JSON.stringify(stamps));
    return { record, stamps: this.stamps };
  }

  /** Where a document's files start under the site's root: `people/x.`, or `people/index.` for `/people/`. */
  private stemOf(documentPath: string): string {
    return fileNameOf(variantUrl(documentPath, ''), this.basePath);
  }
}

/**
 * The digest of what a document's files are made from: its URL, entities,
 * formats and citation, the sizes of the images its triples name, and its triples (as the caller sliced them) in
 * their wire form (rdf/wire.ts): the same form the render threads are sent,
 * so that a document rendered costs one encoding, not an encoding and a
 * digest of its own. The wire form is a function of the triples and their
 * order: each term once, as a string, in order of first use, then three
 * indexes per triple.
 */
export function sourceDigest(source: DocumentSource, quads: readonly Quad[]): string {
  return wireDigest(sourceKey(source), imagesNamed(quads, source.images), encodeQuads(quads));
}

/**
 * The dataset's `sourceDigest`, from its dumps' parts (dump-parts.ts `DumpPlan`'s digest) rather than its
 * triples encoded once more: the dumps are all the dataset's files, and their parts are digested anyway.
 */
export function dumpsDigest(source: DocumentSource, partsDigest: string): string {
  return createHash('sha256').update(sourceKey(source)).update(partsDigest).digest('base64url');
}

/** What a document is made from but its triples, as one string. */
export function sourceKey({ doc, formats, citation, links }: DocumentSource): string {
  return JSON.stringify([doc.url, doc.path, doc.root ?? null, doc.entities, formats, citation ?? null, links ?? null]);
}

/** `sourceDigest` of a document's `sourceKey`, the sizes of the images it names and its triples already encoded for the wire. */
export function wireDigest(key: string, images: ImageSizes, { terms, triples }: WireQuads): string {
  return createHash('sha256')
    .update(key)
    .update(JSON.stringify(images))
    // As JSON: self-delimiting, whatever a term holds, and a lone surrogate kept apart from U+FFFD.
    .update(JSON.stringify(terms))
    .update(new Uint8Array(triples.buffer, triples.byteOffset, triples.byteLength))
    .digest('base64url');
}

/** The fingerprint of everything but the job that a document's bytes depend on. */
function rendererFingerprint(setup: Pick<RenderSetup, 'basePath' | 'frame' | 'precompress'>): string {
  return createHash('sha256')
    .update(codeFingerprint())
    .update(JSON.stringify([setup.basePath, setup.frame, setup.precompress]))
    .digest('base64url');
}

/** An entry of the previous record, checked (see `previousFiles`). */
function recordedFiles(entry: unknown, digest: string, stem: string, suffixes: readonly string[]): RecordedFile[] | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { digest: recorded, files } = entry as Partial<DocumentRecord>;
  if (recorded !== digest || !Array.isArray(files)) return undefined;
  const allowed = new Set(suffixes.flatMap((suffix) => [suffix, `${suffix}.gz`, `${suffix}.br`]));
  const named = new Set<string>();
  for (const file of files as unknown[]) {
    if (!Array.isArray(file) || !allowed.has(file[0] as string) || !Number.isSafeInteger(file[1]) || (file[1] as number) < 0 || typeof file[2] !== 'string') return undefined;
    named.add(file[0] as string);
  }
  if (!suffixes.every((suffix) => named.has(suffix))) return undefined;
  return (files as DocumentRecord['files']).map(([suffix, size, fileDigest]) => [stem + suffix, size, fileDigest]);
}

/**
 * The previous build's record, when it is readable and of this version (its
 * renderers are checked by what reads it), and its files' stamps from
 * `stampsFile` when they were written with this very record (else none:
 * every file taken is read back).
 */
function readBuildRecord(dir: string, stampsFile: string | undefined): [record?: Partial<BuildRecord>, stamps?: Map<string, FileStamp>] {
  let text: string;
  let record: Partial<BuildRecord>;
  try {
    text = readFileSync(path.join(dir, BUILD_RECORD), 'utf8');
    record = JSON.parse(text) as Partial<BuildRecord>;
  } catch {
    // None, or not one this version can read: everything is made again.
    return [];
  }
  if (record?.['lodfolio-build'] !== 2) return [];
  return [record, stampsFile === undefined ? undefined : readStamps(stampsFile, recordDigest(text))];
}

function readStamps(file: string, record: string): Map<string, FileStamp> | undefined {
  try {
    const stamps = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildStamps> | null;
    return stamps?.record === record && typeof stamps.files === 'object' && stamps.files !== null ? new Map(Object.entries(stamps.files)) : undefined;
  } catch {
    // None, or unreadable: every file taken is read back.
    return undefined;
  }
}

/** What binds a build's stamps to its record. */
function recordDigest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

let code: string | undefined;

/**
 * This code (whether compiled or run from source), the packages installed
 * beside it (npm's record of the installed tree), and Node's own version
 * and compressors, read once per process (a couple of megabytes); with the
 * ontology and the citation styles it reads, read at each call (about 400
 * KB), so that a process that stays (`build --watch`) sees them change.
 */
function codeFingerprint(): string {
  if (code === undefined) {
    // Node, V8, zlib, brotli, and ICU with its data (the region names of addresses).
    const hash = createHash('sha256').update(JSON.stringify(process.versions));
    hashTree(hash, path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
    hashFile(hash, path.join(projectRoot, 'package.json'));
    let lockfile = false;
    for (let dir = projectRoot; ; dir = path.dirname(dir)) {
      lockfile = hashFile(hash, path.join(dir, 'node_modules', '.package-lock.json')) || lockfile;
      if (path.dirname(dir) === dir) break;
    }
    // Installed by another package manager (no npm record of the tree): each installed package's manifest.
    if (!lockfile) hashInstalledPackages(hash);
    code = hash.digest('base64url');
  }
  return createHash('sha256').update(code).update(ontologyDigest()).digest('base64url');
}

/** The ontology's and the citation styles' files, hashed: what the pipeline and the pages are made with besides the code. */
export function ontologyDigest(): string {
  const hash = createHash('sha256');
  for (const dir of [ontologyDir, stylesDir]) hashTree(hash, dir);
  return hash.digest('base64url');
}

function hashTree(hash: Hash, dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) hashTree(hash, file); else hashFile(hash, file);
  }
}

/** Says whether the file was there. */
function hashFile(hash: Hash, file: string): boolean {
  if (!existsSync(file)) return false;
  hash.update(path.relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return true;
}

/** The `package.json` of every package in the nearest `node_modules` folders, scoped ones included. */
function hashInstalledPackages(hash: Hash): void {
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (existsSync(modules)) {
      for (const name of readdirSync(modules).sort()) {
        const folder = path.join(modules, name);
        const packages = name.startsWith('@') ? readdirSync(folder).sort().map((n) => path.join(folder, n)) : [folder];
        for (const pkg of packages) hashFile(hash, path.join(pkg, 'package.json'));
      }
    }
    if (path.dirname(dir) === dir) break;
  }
}
