import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync, constants as fs } from 'node:fs';
import path from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { formats, type GraphFormat } from '../formats.js';
import { sameTriple, termKey } from '../rdf/graph.js';
import { quadKey } from '../rdf/quads.js';
import { DumpQuads, type DumpWriter } from '../render/dump.js';
import { dumpWriters } from '../render/writers.js';
import { fileNameOf, worthPrecompressing, type FileStamp, type OutputFolder, type WrittenFile } from './output-folder.js';
import { gzipOptions, type ResourceSpec } from './representations.js';

/**
 * The dumps written by parts. Each dump's subjects (in its format's order:
 * render/dump.ts) are cut into parts where a subject's IRI hashes to some
 * bits zero (with a minimum and a maximum size), so a cut depends on the
 * subject it follows alone and does not move when another subject changes.
 * A part is known by the digest of its quads and its dump's head; a build
 * records where each part's bytes are in the dump it wrote and in its .gz,
 * beside the build (`ID.parts`, never in the site), and the next build reads
 * the parts it would make again from those files rather than write and
 * compress them again. The text is byte for byte the writer's whole text.
 *
 * The .gz is one gzip member whose deflate stream is flushed (Z_FULL_FLUSH,
 * which also forgets the window) at every cut, so that a part's compressed
 * bytes do not depend on what came before it; its CRC-32 is taken over the
 * parts in order.
 *
 * A dump gets no .br. Brotli has no such flush, so a .br would be
 * compressed whole in every build: at 10,000 papers 3.2-3.6 s of CPU for
 * the four dumps, to send a download fetched rarely 14-20% fewer bytes than
 * its .gz, which the web server configurations and `serve --site` send to a
 * client that takes br too (docs/building.md, "Which files get compressed
 * copies"; bench/README.md has the figures).
 */

/** Where a build left one dump's parts: the files' stamps (as it wrote them), and each part's digest and bytes. */
interface DumpRecord {
  stamp: FileStamp;
  /** The .gz's stamp, when the build wrote one. */
  gzip?: FileStamp;
  parts: [digest: string, offset: number, length: number, gzipOffset: number, gzipLength: number][];
}

/** A dump file's name → its record. */
type PartsIndex = Record<string, DumpRecord>;

/**
 * Where parts are cut: after a subject whose IRI's hash has `mask`'s bits
 * zero (one subject in 256), once the part holds `min` triples; and at
 * `max` triples whatever the subject. At 10,000 papers (453k triples), a
 * dump of about 120 parts.
 */
export const PART_SIZES = { mask: 255, min: 1024, max: 32768 };

/** A gzip member's header: deflate, no name, no time, unknown operating system (RFC 1952). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
/** An empty final block (fixed Huffman codes, just the end-of-block code): ends the deflate stream. */
const DEFLATE_END = Buffer.from([3, 0]);
/** A part's compressed bytes in a build that writes no .gz. */
const NONE = Buffer.alloc(0);

export class DumpParts {
  private readonly previous: PartsIndex;
  private readonly index: PartsIndex = {};
  /** How many parts this build digested and how many it wrote (made their text): the others were taken as they were. */
  readonly counts = { digested: 0, written: 0 };
  /** What this build's dumps are made of, for the memory once the build is published (`published`). */
  private readonly made = new Map<string, RememberedDump>();

  /**
   * `previousDir`: the build being replaced, and `previousIndex`: where it left its dumps' parts;
   * `memory`: under a resident build, what it remembers of the dumps it wrote last.
   */
  constructor(private readonly previousDir: string | undefined, previousIndex: string | undefined, private readonly sizes = PART_SIZES, private readonly memory?: DumpMemory) {
    this.previous = previousDir && previousIndex ? readIndex(previousIndex) : {};
  }

  /** The build was published: the memory is of its dumps now. */
  published(): void {
    this.memory?.keep(this.made);
  }

  /** The dataset's dumps (a resource of `mainThread` variants: formats.ts's dumps), each with its .gz where it pays. */
  write(folder: OutputFolder, spec: ResourceSpec, basePath: string, precompress: boolean, base: string): WrittenFile[] {
    return this.writePlanned(folder, this.plan(spec, basePath, base), precompress);
  }

  /**
   * The dataset's dumps cut into parts and each part digested, before
   * anything is written: its `digest` says what their files hold (each
   * dump's name, head, parts and tail in order), so that a build can tell
   * the dumps unchanged from the parts it makes anyway, without digesting
   * the whole dataset once more (at 10,000 papers about a second of a
   * rebuild: bench/README.md).
   */
  plan(spec: ResourceSpec, basePath: string, base: string): DumpPlan {
    const source = spec.source!;
    // One for the four writers: Turtle and N-Triples take the same sorted subjects from it.
    const dataset = new DumpQuads(source.doc.slice());
    const runs: RunDigests = new Map();
    const dumps: PlannedDump[] = [];
    const whole = createHash('sha256');
    for (const [i, v] of spec.variants.entries()) {
      if (v.aliasOf !== undefined) continue;
      const name = fileNameOf(v.location, basePath);
      const format = source.formats[i] as GraphFormat;
      const writer = dumpWriters[format](dataset, { base });
      const context = createHash('sha256').update(writer.head).digest('base64url');
      const before = this.memory?.parts(name, context);
      const made: RememberedDump = { context, parts: new Map() };
      const parts = cut(writer.subjects, this.sizes).map((part, j): PlannedPart => {
        const first = j === 0;
        const known = before?.get(termKey(part[0][0].subject));
        const same = known !== undefined && known.first === first && sameSubjects(known.subjects, part) ? known : undefined;
        const remembered: RememberedPart = same
          ? { ...same, subjects: part }
          : { subjects: part, first, digest: (this.counts.digested++, partDigest(context, part, first, runs)) };
        made.parts.set(termKey(part[0][0].subject), remembered);
        return [part, remembered.digest, remembered];
      });
      this.made.set(name, made);
      const tail = createHash('sha256').update(writer.tail).digest('base64url');
      whole.update(`${JSON.stringify([name, formats[format].mediaType, v.compress, context, tail])}\n`);
      for (const [, digest] of parts) whole.update(`${digest}\n`);
      dumps.push({ name, writer, parts, compress: v.compress, mediaType: formats[format].mediaType });
    }
    return { digest: whole.digest('base64url'), dumps };
  }

  /** The dumps `plan` cut (with `precompress` each with its .gz where it pays). */
  writePlanned(folder: OutputFolder, plan: DumpPlan, precompress: boolean): WrittenFile[] {
    return plan.dumps.flatMap((dump) => this.writeDump(folder, dump, dump.compress && precompress));
  }

  /** Saves the index of the dumps this build wrote, and of those it took whole from the previous build (`written`: every file of the build). */
  save(file: string, written: ReadonlySet<string>): void {
    const kept = Object.entries(this.previous).filter(([name]) => written.has(name) && !(name in this.index));
    writeFileSync(file, JSON.stringify({ ...Object.fromEntries(kept), ...this.index }));
  }

  /** A dump, and with `compress` its .gz where it pays (output-folder.ts's `worthPrecompressing`). */
  private writeDump(folder: OutputFolder, { name, writer, parts: planned, mediaType }: PlannedDump, compress: boolean): WrittenFile[] {
    const old = this.previousParts(name);
    try {
      const head = Buffer.from(writer.head);
      const texts: Buffer[] = [head];
      const packed: Buffer[] = [GZIP_HEADER, compress ? deflate(head) : NONE];
      const parts: DumpRecord['parts'] = [];
      let offset = head.length;
      let gzipOffset = GZIP_HEADER.length + packed[1].length;
      for (const [i, [part, digest, remembered]] of planned.entries()) {
        const known = old?.parts.get(digest);
        const text = remembered.text ?? (known && old!.read('text', known[1], known[2])) ?? (this.counts.written++, Buffer.from(writer.write(part, i === 0)));
        const gzip = compress ? remembered.gzip ?? (known && old!.read('gzip', known[3], known[4])) ?? deflate(text) : NONE;
        remembered.text = text;
        if (compress) remembered.gzip = gzip;
        parts.push([digest, offset, text.length, gzipOffset, gzip.length]);
        texts.push(text);
        packed.push(gzip);
        offset += text.length;
        gzipOffset += gzip.length;
      }
      const tail = Buffer.from(writer.tail);
      texts.push(tail);
      // Written by its parts, never joined: at 10,000 papers a dump is tens of megabytes, copied once more for nothing.
      const length = offset + tail.length;
      const written = [folder.put(name, texts)];
      const record: DumpRecord = { stamp: stampOfWritten(written[0]), parts };
      if (compress && worthPrecompressing(mediaType, length)) {
        const gzipped = [...packed, deflate(tail), DEFLATE_END, gzipTrailer(texts, length)];
        if (gzipped.reduce((sum, part) => sum + part.length, 0) < length) {
          written.push(folder.put(`${name}.gz`, gzipped));
          record.gzip = stampOfWritten(written[1]);
        }
      }
      this.index[name] = record;
      return written;
    } finally {
      old?.close();
    }
  }

  /** The previous build's parts of a dump, read from its files when they are still those it recorded. */
  private previousParts(name: string): PreviousDump | undefined {
    const record = this.previous[name];
    if (!this.previousDir || !Array.isArray(record?.parts) || !Array.isArray(record.stamp)) return undefined;
    const text = openRecorded(path.join(this.previousDir, name), record.stamp);
    if (text === undefined) return undefined;
    const gzip = Array.isArray(record.gzip) ? openRecorded(path.join(this.previousDir, `${name}.gz`), record.gzip) : undefined;
    const fds = { text, gzip };
    return {
      parts: new Map(record.parts.map((p) => [p[0], p])),
      read(file, offset, length) {
        const fd = fds[file];
        if (fd === undefined) return undefined;
        const bytes = Buffer.allocUnsafe(length);
        try {
          return readSync(fd, bytes, 0, length, offset) === length ? bytes : undefined;
        } catch {
          // Unreadable: the part is made again.
          return undefined;
        }
      },
      close() {
        closeSync(text);
        if (gzip !== undefined) closeSync(gzip);
      },
    };
  }
}

/** A part of a dump: its subjects, the digest of what its text is made from (`partDigest`), and what the memory keeps of it. */
type PlannedPart = [part: Quad[][], digest: string, remembered: RememberedPart];

/**
 * What a resident build (`build --watch`) remembers of the dumps it
 * published last, so that a rebuild neither digests nor reads back the
 * parts whose subjects did not change: each part's subjects (arrays of the
 * quads the writer wrote them from), the digest of its text and, once
 * written, its text and its compressed bytes. Each of these is a function
 * of the part's triples, its dump's head and whether it comes first, and
 * of nothing on disk: a part of a rebuild is told the same by its first
 * subject, the same head, and the same triples in the same order (by the
 * very quads, most of them: a rebuild's graph holds the quads of the
 * entries it kept; else triple by triple, language and datatype
 * included, as `partDigest` takes them). At 10,000 papers the bytes are
 * 143 MB of text and 9 MB of .gz, outside the heap (bench/README.md): a
 * rebuild reads no part back from the previous build's files.
 *
 * Kept only from a published build: one that fails leaves it as it was.
 */
export class DumpMemory {
  private kept = new Map<string, RememberedDump>();

  /** A dump's parts as the last published build made them, by their first subject's key, when its head was `context`. */
  parts(name: string, context: string): ReadonlyMap<string, RememberedPart> | undefined {
    const dump = this.kept.get(name);
    return dump?.context === context ? dump.parts : undefined;
  }

  /** What a published build's dumps were made of (`DumpParts.published`). */
  keep(dumps: Map<string, RememberedDump>): void {
    this.kept = dumps;
  }
}

/** A dump as the memory keeps it: the digest of its head, and its parts by their first subject's key. */
interface RememberedDump {
  context: string;
  parts: Map<string, RememberedPart>;
}

/** A part as the memory keeps it: its subjects, whether it comes first, its digest, and its bytes once written. */
interface RememberedPart {
  subjects: readonly (readonly Quad[])[];
  first: boolean;
  digest: string;
  text?: Buffer;
  /** Its deflate blocks, when its dump was written with a .gz. */
  gzip?: Buffer;
}

/** Whether two parts hold the same triples in the same order: the very quads, or quads of the same terms. */
function sameSubjects(a: readonly (readonly Quad[])[], b: readonly (readonly Quad[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j] && !sameTriple(x[j], y[j])) return false;
  }
  return true;
}

/** One dump of a `DumpPlan`: its file's name, its writer, its parts in order. */
interface PlannedDump {
  name: string;
  writer: DumpWriter;
  parts: PlannedPart[];
  /** Whether the variant takes a .gz (with the build's `precompress`). */
  compress: boolean;
  mediaType: string;
}

/** The dataset's dumps, cut and digested (`DumpParts.plan`), to be written (`DumpParts.writePlanned`). */
export interface DumpPlan {
  /** What the dumps' files are made from: each dump's name, type, head, parts' digests and tail. */
  digest: string;
  dumps: PlannedDump[];
}

interface PreviousDump {
  parts: Map<string, DumpRecord['parts'][number]>;
  read(file: 'text' | 'gzip', offset: number, length: number): Buffer | undefined;
  close(): void;
}

/** The subjects in parts, cut after a subject whose IRI (or blank node label) hashes to `mask`'s bits zero, within the sizes. */
function cut(subjects: readonly Quad[][], { mask, min, max }: typeof PART_SIZES): Quad[][][] {
  const parts: Quad[][][] = [];
  let part: Quad[][] = [];
  let size = 0;
  for (const own of subjects) {
    part.push(own);
    size += own.length;
    if (size >= max || (size >= min && (fnv1a(own[0].subject.value) & mask) === 0)) {
      parts.push(part);
      part = [];
      size = 0;
    }
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/** FNV-1a, 32 bits, over a string's UTF-16 code units: a cheap hash that depends on the string alone. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The digest of a part's triples by its first quad, with the part: Turtle
 * and N-Triples write the same subjects (render/dump.ts `DumpQuads`: the
 * very same arrays) and cut them alike, so the second of them finds each
 * part's triples digested (at 10,000 papers the digests took 0.9-1.2 s of
 * CPU instead of 1.2-1.5: bench/README.md).
 */
type RunDigests = Map<Quad, { part: readonly Quad[][]; digest: Buffer }>;

/** What a part's text is made from: its dump's head (`context`), whether it comes first, and its triples in order. */
function partDigest(context: string, part: readonly Quad[][], first: boolean, runs: RunDigests): string {
  return createHash('sha256').update(context).update(first ? '1' : '0').update(triplesDigest(part, runs)).digest('base64url').slice(0, 22);
}

/**
 * The digest of a part's triples, in order: the one of the same quads when
 * `runs` has it. N-Triples' subjects are Turtle's very arrays (never changed
 * once made), known the same without a look at their quads; another
 * format's part may hold the same quads in arrays of its own (JSON-LD's and
 * RDF/XML's, for subjects whose triples the dataset holds sorted).
 */
function triplesDigest(part: readonly Quad[][], runs: RunDigests): Buffer {
  const known = runs.get(part[0][0]);
  const same = (own: readonly Quad[], i: number) => own === part[i] || (own.length === part[i].length && own.every((q, j) => q === part[i][j]));
  if (known && known.part.length === part.length && known.part.every(same)) return known.digest;
  const hash = createHash('sha256');
  for (const own of part) {
    for (const q of own) {
      const key = quadKey(q);
      hash.update(`${key.length}:${key}`);
    }
  }
  const digest = hash.digest();
  // The first part digested from a quad stays: another format's part that begins with it (JSON-LD's and
  // RDF/XML's begin with the same quads as many of Turtle's) would leave N-Triples none to share.
  if (!known) runs.set(part[0][0], { part, digest });
  return digest;
}

/** Bytes as a run of deflate blocks that ends on a byte with the window forgotten: parts compressed apart join into one stream. */
function deflate(bytes: Buffer): Buffer {
  return deflateRawSync(bytes, { ...gzipOptions, finishFlush: constants.Z_FULL_FLUSH });
}

/** A gzip member's end: the CRC-32 of the text, taken over its parts in order, and its length modulo 2^32. */
function gzipTrailer(texts: readonly Buffer[], length: number): Buffer {
  const trailer = Buffer.alloc(8);
  // (An empty part is passed over: Node 20's crc32 gave 0 for an empty buffer once the call was optimised.)
  trailer.writeUInt32LE(texts.reduce((crc, text) => (text.length === 0 ? crc : crc32(text, crc)), 0), 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return trailer;
}

function stampOfWritten([, , , ino, mtime]: WrittenFile): FileStamp {
  return [ino, mtime];
}

/** A previous file, open, when it is the plain file of that stamp (not a link; not written to since). */
function openRecorded(file: string, [ino, mtime]: FileStamp): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, fs.O_RDONLY | fs.O_NOFOLLOW | fs.O_NONBLOCK);
  } catch {
    return undefined;
  }
  const info = fstatSync(fd, { bigint: true });
  if (info.isFile() && info.ino.toString() === ino && info.mtimeNs.toString() === mtime) return fd;
  closeSync(fd);
  return undefined;
}

/** A build's index of its dumps' parts; none when it is missing or unreadable (the dumps are then written whole). */
function readIndex(file: string): PartsIndex {
  try {
    const index = JSON.parse(readFileSync(file, 'utf8')) as PartsIndex | null;
    return typeof index === 'object' && index !== null ? index : {};
  } catch {
    return {};
  }
}
