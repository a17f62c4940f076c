import { takeJobs } from '../worker-pool.js';
import { DocumentWriter, type RenderJob, type RenderReply } from './render-job.js';

/** A render thread of `lodfolio build` (see render-threads.ts): documents in, files written, their names out. */

/** The writer of the export under way: each export's first job here brings its setup. */
let writer: DocumentWriter | undefined;

takeJobs<RenderJob, RenderReply>((job) => {
  try {
    if (job.setup) writer = new DocumentWriter(job.setup);
    if (!writer) throw new Error('a render job came before its export\'s setup');
    return { files: writer.write(job) };
  } catch (error) {
    return { error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
});
