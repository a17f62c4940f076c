import os from 'node:os';
import { encodeQuads, type WireQuads } from '../rdf/wire.js';
import { threadEntry } from '../worker-entry.js';
import { WorkerPool, type JobLost, type PoolSlot } from '../worker-pool.js';
import type { WrittenFile } from './output-folder.js';
import type { DocumentSource } from './representations.js';
import { imagesNamed, type ImageSizes } from '../render/writers.js';
import { DocumentWriter, type RenderJob, type RenderReply, type RenderSetup } from './render-job.js';

/**
 * The export's render threads: the main thread slices each document and
 * hands its triples over (rdf/wire.ts); a thread renders every format,
 * compresses and writes. Rendering is most of a build (formatted references
 * alone are milliseconds per work), and a thread per core turns a build
 * bound by one core into one bound by all of them. The threads are a pool
 * of the shared kind (worker-pool.ts); one that stops fails its documents
 * and every later one: a build is not half made.
 */

/**
 * One render thread per core the process may use; none for a small site,
 * whose documents are rendered on the main thread in less time than a
 * thread takes to start (about a second, measured on the demo's 98 documents).
 */
export function defaultRenderThreads(documents: number): number {
  return documents < 500 ? 0 : Math.max(1, os.availableParallelism());
}

export class RenderThreads extends WorkerPool<RenderJob, RenderReply> {
  /** With no threads, the main thread renders. */
  private inline: DocumentWriter | undefined;
  private failure: Error | undefined;
  private setup!: RenderSetup;
  /** The threads told this export's setup (with their first job of it). */
  private told = new WeakSet<PoolSlot<RenderJob>>();

  constructor(readonly size: number, setup: RenderSetup) {
    // A document is rendered and let go: a thread's heap holds one at a time (and its term cache).
    super(threadEntry(new URL('./render-worker.js', import.meta.url)), size, { heapMb: 768 });
    this.begin(setup);
  }

  /**
   * Starts an export with threads that may have served one before (a
   * resident build keeps them, their modules loaded and their citation
   * styles compiled): its jobs are written with `setup`.
   */
  begin(setup: RenderSetup): void {
    this.setup = setup;
    this.told = new WeakSet();
    this.inline = this.size === 0 ? new DocumentWriter(setup) : undefined;
  }

  /** Whether every thread is still there to take jobs (one that stopped fails the export, and the threads with it). */
  get whole(): boolean {
    return this.failure === undefined && !this.closed;
  }

  /**
   * Renders and writes a document on the least busy thread; resolves with
   * the files written. `sliced`: its triples in their wire form and the
   * sizes of the images they name, when the caller has them already.
   */
  render(source: DocumentSource, sliced: { quads: WireQuads; images: ImageSizes } = wireSlice(source)): Promise<WrittenFile[]> {
    if (this.failure) return Promise.reject(this.failure);
    const { doc, formats, citation, links } = source;
    const { quads, images } = sliced;
    // On the wire in both cases, so that a small site is made exactly as a large one.
    const job: RenderJob = { formats, citation, links, images, doc: { url: doc.url, path: doc.path, root: doc.root, entities: doc.entities, quads } };
    if (this.inline) {
      try { return Promise.resolve(this.inline.write(job)); } catch (error) { return Promise.reject(error); }
    }
    const slot = this.slots.reduce((a, b) => (b.jobs.length < a.jobs.length ? b : a));
    if (!this.told.has(slot)) {
      this.told.add(slot);
      job.setup = this.setup;
    }
    return this.send(slot, job).then((reply) => {
      if ('error' in reply) throw new Error(reply.error);
      return reply.files;
    }, (error: JobLost) => { throw this.failure ?? error; });
  }

  protected override ended(_slot: PoolSlot<RenderJob>, error: JobLost): void {
    this.failure ??= new Error(`a render thread stopped: ${error.message}`);
  }
}

/** A document's slice as a render thread is sent it: its triples on the wire, and the sizes of the images they name. */
function wireSlice(source: DocumentSource): { quads: WireQuads; images: ImageSizes } {
  const quads = source.doc.slice();
  return { quads: encodeQuads(quads), images: imagesNamed(quads, source.images) };
}
