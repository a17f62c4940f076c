import { createHash, type Hash } from 'node:crypto';
import { type BigIntStats, closeSync, constants, fstatSync, futimesSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { formats } from '../formats.js';
import { brotliOptions, gzipOptions, worthCompressing, type ResourceSpec } from './representations.js';
import { removeTree } from './site-builds.js';

/**
 * The folder an export writes into, one file at a time, from the main
 * thread or a render thread alike. A file whose bytes are those the previous
 * export had at the same name keeps that file's modification time (web
 * servers send it as Last-Modified); new and changed files are dated with
 * the data.
 *
 * The folder is empty, or it is the spare (site-builds.ts: the build before
 * the previous one), updated in place: a file of it that is the very file
 * the previous export recorded stays where it is, and any other file it has
 * at a name being written is removed first, never written into (the spare
 * shares its unchanged files with the site, which would change under its
 * readers). What the export does not write there, site-builds.ts removes.
 */
export class OutputFolder {
  private readonly folders = new Set<string>();
  /** The root of the export being replaced, as the file system names it (no link on the way). */
  private readonly previous: string | undefined;
  /** Its folders found to be real folders (no link on their way), each checked once. */
  private readonly realFolders = new Set<string>();
  /** Where `previousDigest` reads a file's bytes. */
  private readonly scratch = Buffer.allocUnsafe(64 * 1024);

  /**
   * `previous`: the root of the export being replaced, when there is one
   * (compared file by file); `stamps`: its files' stamps as its build left
   * them (build-record.ts keeps them beside the build), by name; `inPlace`: whether `dir` is the spare, not an empty folder.
   */
  constructor(readonly dir: string, previous: string | undefined, private readonly lastModified: Date, private readonly stamps: ReadonlyMap<string, FileStamp> = new Map(), private readonly inPlace = false) {
    this.previous = previous && realpathSync.native(previous);
  }

  /**
   * Writes a file (the previous export's, linked, when its bytes are the same); says what it wrote and whether its bytes are new or changed.
   * `dated`: the date of new bytes, when it is not the data's (a memento's is its version's).
   */
  put(name: string, bytes: Bytes, dated = this.lastModified): WrittenFile {
    const digest = fileDigest(bytes);
    const length = lengthOf(bytes);
    const before = this.previousFile(name);
    if (before && sameBytes(before.file, before.info, bytes, length)) {
      if (this.hasHere(name, stampOf(before.info), length)) return [name, length, digest, ...stampOf(before.info), false];
      // Read once and found the same: taken as it is (its inode and date with it), else written anew with its date.
      try {
        linkSync(before.file, this.fresh(name));
        return [name, length, digest, ...stampOf(before.info), false];
      } catch {
        return [name, length, digest, ...this.create(name, bytes, before.info.mtime), false];
      }
    }
    return [name, length, digest, ...this.create(name, bytes, dated), true];
  }

  /**
   * Writes a file dated with the data, whatever the previous export had at
   * its name: the export's own records (its manifest, its build record).
   */
  putDated(name: string, text: string): void {
    this.create(name, text, this.lastModified);
  }

  /** Writes a new file dated `date`; says where its bytes are (`FileStamp`), from one `fstat` of the open file once dated. */
  private create(name: string, bytes: Bytes | string, date: Date): FileStamp {
    const file = this.fresh(name);
    // Dated through the open file: one path lookup per file, not two (a million at 1M triples).
    // A new file, never one already here: that may be a link to the previous export's (see reuse).
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`two resources want the file ${name}; rename one of them`);
      throw error;
    }
    try {
      // A file's parts one after the other: each write goes on where the last ended.
      for (const part of typeof bytes === 'string' ? [bytes] : partsOf(bytes)) writeFileSync(fd, part);
      futimesSync(fd, date, date);
      return stampOf(fstatSync(fd, { bigint: true }));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Takes files as they are from the previous export: hard links, so no
   * byte is copied and each keeps its date; says what it took (each file's
   * stamp as it is now). A file whose inode and modification time are its
   * stamp (`stamps`) and whose size is the one recorded is taken on one
   * `lstat`, unread: writing a file changes its time, and a copy or a
   * restore its inode. Any other plain file of
   * the recorded size is read and taken when its bytes are the recorded
   * digest (a site copied elsewhere: slower, never wrong). All or none: when
   * one is not the plain file recorded (gone, a link or in a linked folder,
   * another size, other bytes than its digest: edited since, or damaged) or
   * cannot be linked (a file system without links), those linked are
   * removed and undefined says the files must be made. The previous export
   * is never written to: `put` only ever creates new files here (the
   * staging folder starts empty, and `put` refuses a name already there;
   * over the spare, what is there is removed first).
   *
   * Over the spare, a file there whose inode, modification time and size
   * are the previous export's stamp of it is that very file (a hard link to
   * it): it stays, on that one `lstat`, neither linked nor read. Any other
   * entry at its name is removed and the file taken as above.
   */
  reuse(files: readonly RecordedFile[]): StampedFile[] | undefined {
    const linked: string[] = [];
    try {
      const taken = files.map(([name, size, digest]): StampedFile => {
        const recorded = this.stamps.get(name);
        if (recorded && this.hasHere(name, recorded, size)) return [name, size, digest, ...recorded];
        const source = this.previousPath(name);
        const info = source === undefined ? undefined : lstatSync(source, { bigint: true, throwIfNoEntry: false });
        if (!info?.isFile() || info.size !== BigInt(size)) throw new Error(`${name} is not the file recorded`);
        let stamp = stampOf(info);
        if (!sameStamp(stamp, recorded)) {
          const read = this.previousDigest(source!, size);
          if (read?.[0] !== digest) throw new Error(`${name} is not the file recorded`);
          stamp = read[1];
        }
        const file = this.fresh(name);
        linkSync(source!, file);
        linked.push(file);
        return [name, size, digest, ...stamp];
      });
      return taken;
    } catch {
      for (const file of linked) unlinkSync(file);
      return undefined;
    }
  }

  /**
   * The previous export's file of that name, when it is a plain file inside
   * it: never one reached through a link (a folder of the site replaced by a
   * link to elsewhere would have the build take files from outside the site).
   */
  private previousFile(name: string): { file: string; info: BigIntStats } | undefined {
    const file = this.previousPath(name);
    try {
      const info = file === undefined ? undefined : lstatSync(file, { bigint: true });
      return info?.isFile() ? { file: file!, info } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Where the previous export would have a file of that name, when its folder is a real folder inside it. */
  private previousPath(name: string): string | undefined {
    if (!this.previous) return undefined;
    const file = path.join(this.previous, name);
    const folder = path.dirname(file);
    if (!this.realFolders.has(folder)) {
      try {
        if (realpathSync.native(folder) !== folder) return undefined;
      } catch {
        return undefined;
      }
      this.realFolders.add(folder);
    }
    return file;
  }

  /**
   * The digest (`fileDigest`) of a previous file and its stamp, when it is
   * a plain file of `size` bytes (not a link, not a pipe: opened without
   * following a link nor waiting for a writer). One open, one stat, and
   * reads into one buffer of 64 KiB kept for the next file; a dump of
   * hundreds of megabytes is hashed as it is read.
   */
  private previousDigest(file: string, size: number): [digest: string, stamp: FileStamp] | undefined {
    let fd: number;
    try {
      fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch {
      return undefined;
    }
    try {
      const info = fstatSync(fd, { bigint: true });
      if (!info.isFile() || info.size !== BigInt(size)) return undefined;
      const hash = createHash('sha256');
      for (let read = 0; read < size;) {
        const n = readSync(fd, this.scratch, 0, Math.min(this.scratch.length, size - read), read);
        if (n === 0) return undefined;
        hash.update(this.scratch.subarray(0, n));
        read += n;
      }
      return [digestOf(hash), stampOf(info)];
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Over the spare: whether the file at `name` is the very file of the
   * previous export stamped `stamp` (a hard link to it: its inode and
   * modification time, and `size`), which then stays where it is, on one `lstat`.
   */
  private hasHere(name: string, stamp: FileStamp, size: number): boolean {
    if (!this.inPlace) return false;
    const here = lstatSync(this.pathFor(name), { bigint: true, throwIfNoEntry: false });
    return here !== undefined && here.isFile() && here.size === BigInt(size) && sameStamp(stampOf(here), stamp);
  }

  /** A file's path here, its folder made: over the spare, a real folder (a file or a link in the way is removed). */
  private pathFor(name: string): string {
    const file = path.join(this.dir, name);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      if (this.inPlace) realFolder(this.dir, folder); else mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    return file;
  }

  /** A file's path here with nothing at it: over the spare, what was there is removed. */
  private fresh(name: string): string {
    const file = this.pathFor(name);
    if (this.inPlace) removeTree(file);
    return file;
  }
}

/** A file as the build record keeps it: its name under the export's root, its size and its digest (`fileDigest`). */
export type RecordedFile = [name: string, size: number, digest: string];

/** A file as this build has it: as recorded, and its stamp. */
export type StampedFile = [...file: RecordedFile, ...stamp: FileStamp];

/**
 * What tells, without reading a file, that its bytes are those recorded:
 * its inode number and its modification time in nanoseconds, as decimal
 * strings (nothing rounded). Not its ctime: a hard link changes that.
 */
export type FileStamp = [ino: string, mtime: string];

function stampOf(info: BigIntStats): FileStamp {
  return [info.ino.toString(), info.mtimeNs.toString()];
}

function sameStamp(a: FileStamp, b: FileStamp | undefined): boolean {
  return a[0] === b?.[0] && a[1] === b[1];
}

/** Makes `folder`, under `root`, a real folder at each step: what else is in the way (a file, a link) is removed. */
function realFolder(root: string, folder: string): void {
  let at = root;
  for (const segment of path.relative(root, folder).split(path.sep)) {
    if (segment === '') continue;
    at = path.join(at, segment);
    if (lstatSync(at, { throwIfNoEntry: false })?.isDirectory()) continue;
    rmSync(at, { force: true });
    try {
      mkdirSync(at);
    } catch (error) {
      // Made meanwhile by another render thread.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A written file, as recorded, and whether its bytes are new or changed. */
export type WrittenFile = [...file: StampedFile, changed: boolean];

/**
 * A file's bytes, whole or as its parts in order (a dump made of parts:
 * publish/dump-parts.ts), which are never joined into one buffer.
 */
export type Bytes = Uint8Array | readonly Uint8Array[];

/** The parts of a file's bytes. */
function partsOf(bytes: Bytes): readonly Uint8Array[] {
  return Array.isArray(bytes) ? bytes : [bytes as Uint8Array];
}

function lengthOf(bytes: Bytes): number {
  return partsOf(bytes).reduce((sum, part) => sum + part.length, 0);
}

/** What the build record keeps of a file's bytes: the first 128 bits of their SHA-256. */
export function fileDigest(bytes: Bytes): string {
  const hash = createHash('sha256');
  for (const part of partsOf(bytes)) hash.update(part);
  return digestOf(hash);
}

function digestOf(hash: Hash): string {
  return hash.digest('base64url').slice(0, 22);
}

/**
 * A resource's variants, each made and written with its encodings (an
 * alias shares its original's bytes and has no file of its own; without
 * `precompress`, no encodings), one at a time: a dump's bytes are let go
 * before the next is made.
 */
export function writeVariants(folder: OutputFolder, spec: ResourceSpec, basePath: string, precompress: boolean): WrittenFile[] {
  const render = spec.renderer();
  const files: WrittenFile[] = [];
  for (const [i, v] of spec.variants.entries()) {
    if (v.aliasOf === undefined) {
      const bytes = render(i);
      files.push(...putWithEncodings(folder, fileNameOf(v.location, basePath), bytes, v.compress && precompress && worthPrecompressing(v.mediaType, bytes.length)));
    }
  }
  return files;
}

/**
 * Below this, a file that is not a page gets no precompressed copies: a web
 * server compresses it as it sends it (docs/building.md, "Which files get
 * compressed copies", has the measurements).
 */
export const MIN_PRECOMPRESSED_BYTES = 16 * 1024;

/**
 * Whether a build writes a file's .gz and .br copies: a cache for the web
 * server, kept where it pays. Every page of 1 KiB or more (people load them,
 * and audits such as Lighthouse's check their compression), and any other file of
 * MIN_PRECOMPRESSED_BYTES or more (the listings' and homepage's RDF, the
 * dumps); not a work's small RDF and citations, which a server compresses
 * on the fly in less time than the build took to write two files.
 */
export function worthPrecompressing(mediaType: string, length: number): boolean {
  return mediaType === formats.html.mediaType ? worthCompressing(length) : length >= MIN_PRECOMPRESSED_BYTES;
}

/**
 * A variant's bytes, and beside them their gzip and brotli encodings where
 * those are smaller (as the server sends them), compressed here, synchronously:
 * for a render thread, whose one job this is.
 */
function putWithEncodings(folder: OutputFolder, name: string, bytes: Buffer, compress: boolean): WrittenFile[] {
  const files: WrittenFile[] = [folder.put(name, bytes)];
  if (!compress) return files;
  const gzipped = gzipSync(bytes, gzipOptions);
  if (gzipped.length < bytes.length) files.push(folder.put(`${name}.gz`, gzipped));
  const br = brotliCompressSync(bytes, brotliOptions(bytes.length));
  if (br.length < bytes.length) files.push(folder.put(`${name}.br`, br));
  return files;
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

/** Whether a previous file (`info`: its `lstat`) holds these bytes. */
function sameBytes(file: string, info: BigIntStats, bytes: Bytes, length: number): boolean {
  if (info.size !== BigInt(length)) return false;
  try {
    const there = readFileSync(file);
    let at = 0;
    for (const part of partsOf(bytes)) {
      if (Buffer.compare(part, there.subarray(at, at + part.length)) !== 0) return false;
      at += part.length;
    }
    return at === there.length;
  } catch {
    return false;
  }
}
