import { parentPort, workerData } from 'node:worker_threads';
import { DocumentWriter, type RenderJob, type RenderReply, type RenderSetup } from './render-job.js';

/** A render thread of `lodfolio build` (see render-threads.ts): documents in, files written, their names out. */

const writer = new DocumentWriter(workerData as RenderSetup);

parentPort!.on('message', (job: RenderJob) => {
  let reply: RenderReply;
  try {
    reply = { id: job.id, files: writer.write(job) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
