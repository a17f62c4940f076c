import { decodeQuads, type WireQuads } from '../rdf/wire.js';
import type { DocumentFormat } from '../formats.js';
import type { CslItem } from '../render/citations.js';
import { frameOf, referenceMemo, type Frame, type FrameData } from '../render/writers.js';
import { fileNameOf, OutputFolder, putWithEncodings, type WrittenFile } from './output-folder.js';
import { documentResource } from './representations.js';

/**
 * One document of `lodfolio build`, made and written: its triples arrive on
 * the wire (rdf/wire.ts) with its formats and citation, and every variant is
 * made by the same `documentResource` the server uses, then written with its
 * encodings. Run in a render thread (render-worker.ts), or on the main
 * thread for a small site.
 */

/** What every job of one export shares. */
export interface RenderSetup {
  dir: string;
  previous?: string;
  lastModified: number;
  basePath: string;
  frame: FrameData;
}

export interface RenderJob {
  id: number;
  doc: { url: string; path: string; root: string | undefined; entities: string[]; quads: WireQuads };
  formats: readonly DocumentFormat[];
  citation?: CslItem;
}

export type RenderReply = { id: number; files: WrittenFile[] } | { id: number; error: string };

export class DocumentWriter {
  private readonly folder: OutputFolder;
  private readonly frame: Frame;

  constructor(private readonly setup: RenderSetup) {
    this.folder = new OutputFolder(setup.dir, setup.previous, new Date(setup.lastModified));
    this.frame = frameOf(setup.frame);
  }

  write(job: RenderJob): WrittenFile[] {
    const doc = { ...job.doc, quads: decodeQuads(job.doc.quads) };
    // A memo per document: its page and its .STYLE.txt share a reference; no other document does.
    const spec = documentResource(doc, job.formats, { ...this.frame, reference: referenceMemo() }, job.citation);
    const files: WrittenFile[] = [];
    for (const v of spec.variants) {
      if (v.aliasOf !== undefined) continue;
      files.push(...putWithEncodings(this.folder, fileNameOf(v.location, this.setup.basePath), v.render(), v.compress));
    }
    return files;
  }
}
