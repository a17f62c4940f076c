import { parentPort } from 'node:worker_threads';
import { Engine, QueryError, type QueryTask } from './engine.js';

/**
 * A query worker's thread: one Engine, driven by messages from the pool
 * (./pool.ts). Messages are handled in order, so a query sent after a load
 * runs on the new data.
 */

export type WorkerRequest =
  | { type: 'load'; id: number; ntriples: string; graphName: string }
  | { type: 'query'; id: number; task: QueryTask };

export type WorkerReply =
  | { type: 'loaded'; id: number; triples: number; ms: number }
  /** The body as UTF-8 bytes, transferred rather than copied to the main thread. */
  | { type: 'result'; id: number; body: ArrayBuffer; length: number; capReached?: boolean }
  /** The query's own fault: a 400 for the client. */
  | { type: 'query-error'; id: number; message: string }
  /** The engine's fault, or a trap that leaves it unusable: the pool replaces this worker. */
  | { type: 'crashed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('src/sparql/worker.ts runs as a worker thread of the query pool');

const engine = new Engine();
const encoder = new TextEncoder();

port.on('message', (message: WorkerRequest) => {
  const reply = (r: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(r, transfer);
  try {
    if (message.type === 'load') {
      const started = performance.now();
      const triples = engine.load(message.ntriples, message.graphName);
      reply({ type: 'loaded', id: message.id, triples, ms: performance.now() - started });
    } else {
      const output = engine.run(message.task);
      const bytes = encoder.encode(output.body);
      const buffer = bytes.buffer as ArrayBuffer;
      reply({ type: 'result', id: message.id, body: buffer, length: bytes.byteLength, capReached: output.capReached }, [buffer]);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    reply(error instanceof QueryError ? { type: 'query-error', id: message.id, message: text } : { type: 'crashed', id: message.id, message: text });
  }
});
