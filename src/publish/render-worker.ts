import { workerData } from 'node:worker_threads';
import { takeJobs } from '../worker-pool.js';
import { DocumentWriter, type RenderJob, type RenderReply, type RenderSetup } from './render-job.js';

/** A render thread of `lodfolio build` (see render-threads.ts): documents in, files written, their names out. */

const writer = new DocumentWriter(workerData as RenderSetup);

takeJobs<RenderJob, RenderReply>((job) => {
  try {
    return { files: writer.write(job) };
  } catch (error) {
    return { error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
});
