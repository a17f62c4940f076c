import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ontologyDir, projectRoot, stylesDir } from '../config.js';
import type { DocumentJob, RenderSetup } from './render-job.js';

/**
 * What the previous `lodfolio build` made of each document, so that the next
 * one reuses what has not changed instead of making it again: formatted
 * references, five serialisations and two compressions a work cost
 * milliseconds each, and at 1M triples most of a build is made of them.
 *
 * A document's files are a function of its render job (its triples on the
 * wire, its formats, its citation), of the frame every page shares, and of
 * the renderer: this code, the packages it runs on, Node's compressors. A
 * digest of the job is recorded per document and a fingerprint of the rest
 * for the whole record; a document whose digest is unchanged under the same
 * fingerprint has the same bytes, and its files are taken from the previous
 * export as they are (hard links: no bytes copied, dates kept).
 */

export const BUILD_RECORD = '.lodfolio-build.json';

export interface BuildRecord {
  'lodfolio-build': 1;
  /** The renderer and frame every digest below was made under. */
  renderer: string;
  /** Request path of each document rendered from a job → its digest and files. */
  documents: Record<string, DocumentRecord>;
}

export interface DocumentRecord {
  digest: string;
  /** Each file as its suffix after the document's stem (`html`, `html.gz`, `apa.txt`) and its size. */
  files: Array<[suffix: string, size: number]>;
}

/** The digest of what a document's files are made from. */
export function jobDigest(job: DocumentJob): string {
  const { doc, formats, citation } = job;
  const hash = createHash('sha256')
    .update(JSON.stringify([doc.url, doc.path, doc.root ?? null, doc.entities, formats, citation ?? null]))
    .update('\0');
  for (const term of doc.quads.terms) hash.update(term).update('\0');
  hash.update(Buffer.from(doc.quads.triples.buffer, doc.quads.triples.byteOffset, doc.quads.triples.byteLength));
  return hash.digest('base64url');
}

/** The fingerprint of everything but the job that a document's bytes depend on. */
export function rendererFingerprint(setup: Pick<RenderSetup, 'basePath' | 'frame'>): string {
  return createHash('sha256')
    .update(codeFingerprint())
    .update(JSON.stringify([setup.basePath, setup.frame]))
    .digest('base64url');
}

/** The previous build's documents, when its record is readable and was made by the same renderer and frame. */
export function readBuildRecord(dir: string, renderer: string): BuildRecord['documents'] | undefined {
  try {
    const record = JSON.parse(readFileSync(path.join(dir, BUILD_RECORD), 'utf8')) as Partial<BuildRecord>;
    if (record['lodfolio-build'] !== 1 || record.renderer !== renderer || typeof record.documents !== 'object' || record.documents === null) return undefined;
    return record.documents;
  } catch {
    // None, or not one this version can read: every document is made again.
    return undefined;
  }
}

let code: string | undefined;

/**
 * This code (whether compiled or run from source), the ontology and the
 * citation styles it reads, the packages installed beside it (npm's record
 * of the installed tree), and Node's own version and compressors. Read once
 * per process: a couple of megabytes.
 */
function codeFingerprint(): string {
  if (code !== undefined) return code;
  const hash = createHash('sha256').update(JSON.stringify([process.version, process.versions.zlib, process.versions.brotli]));
  const codeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const dir of [codeDir, ontologyDir, stylesDir]) hashTree(hash, dir);
  hashFile(hash, path.join(projectRoot, 'package.json'));
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    hashFile(hash, path.join(dir, 'node_modules', '.package-lock.json'));
    if (path.dirname(dir) === dir) break;
  }
  code = hash.digest('base64url');
  return code;
}

function hashTree(hash: Hash, dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) hashTree(hash, file); else hashFile(hash, file);
  }
}

function hashFile(hash: Hash, file: string): void {
  if (!existsSync(file)) return;
  hash.update(path.relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
}
