import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { encodeQuads } from '../rdf/wire.js';
import { threadEntry } from '../worker-entry.js';
import type { WrittenFile } from './output-folder.js';
import type { DocumentSource } from './representations.js';
import { DocumentWriter, type RenderJob, type RenderReply, type RenderSetup } from './render-job.js';

/**
 * The export's render threads: the main thread slices each document and
 * hands its triples over (rdf/wire.ts); a thread renders every format,
 * compresses and writes. Rendering is most of a build (formatted references
 * alone are milliseconds per work), and a thread per core turns a build
 * bound by one core into one bound by all of them.
 */

/**
 * One render thread per core the process may use; none for a small site,
 * whose documents are rendered on the main thread in less time than a
 * thread takes to start (about a second, measured on the demo's 98 documents).
 */
export function defaultRenderThreads(documents: number): number {
  return documents < 500 ? 0 : Math.max(1, os.availableParallelism());
}

interface Slot {
  worker: Worker;
  /** Jobs sent and not answered, by id. */
  jobs: Map<number, { resolve: (files: WrittenFile[]) => void; reject: (error: Error) => void }>;
}

export class RenderThreads {
  private readonly slots: Slot[];
  /** With no threads, the main thread renders. */
  private readonly inline: DocumentWriter | undefined;
  private nextId = 1;
  private failure: Error | undefined;

  constructor(size: number, setup: RenderSetup) {
    this.inline = size === 0 ? new DocumentWriter(setup) : undefined;
    const entry = threadEntry(new URL('./render-worker.js', import.meta.url));
    this.slots = Array.from({ length: size }, () => {
      const worker = new Worker(entry.filename, {
        eval: entry.eval, workerData: setup, execArgv: [],
        // A document is rendered and let go: a thread's heap holds one at a time (and its term cache).
        resourceLimits: { maxOldGenerationSizeMb: 768 },
      });
      const slot: Slot = { worker, jobs: new Map() };
      worker.on('message', (reply: RenderReply) => {
        const job = slot.jobs.get(reply.id);
        if (!job) return;
        slot.jobs.delete(reply.id);
        if ('error' in reply) job.reject(new Error(reply.error)); else job.resolve(reply.files);
      });
      const ended = (error: Error) => {
        this.failure ??= error;
        for (const job of slot.jobs.values()) job.reject(error);
        slot.jobs.clear();
      };
      worker.on('error', (error: unknown) => ended(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => ended(new Error(`a render thread stopped (exit code ${code})`)));
      return slot;
    });
  }

  /** Renders and writes a document on the least busy thread; resolves with the files written. */
  render({ doc, formats, citation }: DocumentSource): Promise<WrittenFile[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // On the wire in both cases, so that a small site is made exactly as a large one.
    const job: RenderJob = {
      id, formats, citation,
      doc: { url: doc.url, path: doc.path, root: doc.root, entities: doc.entities, quads: encodeQuads(doc.quads) },
    };
    const inline = this.inline;
    if (inline) {
      // A task of its own, as a thread's message is: timers (the progress bar) run between
      // documents, and a document's slice, held by a WeakRef, is let go after it.
      return new Promise((resolve, reject) => setImmediate(() => {
        try { resolve(inline.write(job)); } catch (error) { reject(error); }
      }));
    }
    const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { resolve, reject });
      slot.worker.postMessage(job);
    });
  }

  /** Stops every thread; after it resolves, none writes again. */
  async close(): Promise<void> {
    for (const slot of this.slots) slot.worker.removeAllListeners('exit');
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
