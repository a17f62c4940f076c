import { decodeQuads, type WireQuads } from '../rdf/wire.js';
import type { DocumentFormat } from '../formats.js';
import type { CslItem } from '../render/citations.js';
import type { TypedLink } from '../render/linkset.js';
import { frameOf, referenceMemo, type Frame, type FrameData, type ImageSizes } from '../render/writers.js';
import { OutputFolder, writeVariants, type WrittenFile } from './output-folder.js';
import { documentResource, linksetResources, type ResourceSpec } from './representations.js';

/**
 * One document of `lodfolio build`, made and written: its triples arrive on
 * the wire (rdf/wire.ts) with its formats and citation, and every variant is
 * made by the same `documentResource` the server uses, then written with its
 * encodings, and so are its linksets (from the links it carries). Run in a
 * render thread (render-worker.ts), or on the main thread for a small site.
 */

/** What every job of one export shares. */
export interface RenderSetup {
  dir: string;
  previous?: string;
  lastModified: number;
  basePath: string;
  frame: FrameData;
  /** Whether each file gets its .gz and .br copies beside it. */
  precompress: boolean;
  /** Whether `dir` is the spare, updated in place (output-folder.ts), not an empty folder. */
  inPlace: boolean;
}

export interface RenderJob {
  /** The export's setup, with a thread's first job of each export (a resident build's threads serve export after export). */
  setup?: RenderSetup;
  doc: { url: string; path: string; root: string | undefined; entities: string[]; quads: WireQuads };
  formats: readonly DocumentFormat[];
  citation?: CslItem;
  links?: readonly TypedLink[];
  /** The sizes of the images its triples name (render/writers.ts `imagesNamed`). */
  images: ImageSizes;
}

export type RenderReply = { files: WrittenFile[] } | { error: string };

export class DocumentWriter {
  private readonly folder: OutputFolder;
  private readonly frame: Frame;

  constructor(private readonly setup: RenderSetup) {
    this.folder = new OutputFolder(setup.dir, setup.previous, new Date(setup.lastModified), undefined, setup.inPlace);
    this.frame = frameOf(setup.frame);
  }

  write(job: RenderJob): WrittenFile[] {
    const quads = decodeQuads(job.doc.quads);
    const doc = { ...job.doc, slice: () => quads };
    // A memo per document: its page and its .STYLE.txt share a reference; no other document does.
    const resources = [documentResource(doc, job.formats, { ...this.frame, reference: referenceMemo(this.frame.settings.language) }, job.images, job.citation, job.links), ...linksetsOf(job)];
    return resources.flatMap((resource) => writeVariants(this.folder, resource, this.setup.basePath, this.setup.precompress));
  }
}

/** The linksets written with a document: its own resources, when it has typed links (as the site publishes them). */
export function linksetsOf({ doc, links }: { doc: { url: string }; links?: readonly TypedLink[] }): ResourceSpec[] {
  return links ? linksetResources(doc.url, links) : [];
}
