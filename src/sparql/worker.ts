import { parentPort } from 'node:worker_threads';
// First: it has to see Oxigraph's WebAssembly being instantiated (./wasm-memory.ts).
import { wasmMemoryBytes } from './wasm-memory.js';
import { Engine, QueryError, type QueryTask } from './engine.js';

/**
 * A query worker's thread: one Engine, driven by messages from the pool
 * (./pool.ts). Messages are handled in order, so a query sent after a load
 * runs on the new data.
 */

/**
 * The data to load: N-Triples as UTF-8 in memory shared by every worker
 * (sent to each without a copy, and kept by the pool for the workers that
 * replace stopped ones), or as a string.
 */
export interface LoadData {
  ntriples: SharedArrayBuffer | string;
  graphName: string;
}

export type WorkerRequest =
  | ({ type: 'load'; id: number } & LoadData)
  | { type: 'query'; id: number; task: QueryTask };

export type WorkerReply =
  /** `memory`: the WebAssembly memory the engine holds (./wasm-memory.ts), in bytes, when known. */
  | { type: 'loaded'; id: number; triples: number; ms: number; memory?: number }
  /** The body as UTF-8 bytes, transferred rather than copied to the main thread. */
  | { type: 'result'; id: number; body: ArrayBuffer; length: number; capReached?: boolean; memory?: number }
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
      const data = typeof message.ntriples === 'string' ? message.ntriples : new Uint8Array(message.ntriples);
      const triples = engine.load(data, message.graphName);
      reply({ type: 'loaded', id: message.id, triples, ms: performance.now() - started, memory: wasmMemoryBytes() });
    } else {
      const output = engine.run(message.task);
      const bytes = encoder.encode(output.body);
      const buffer = bytes.buffer as ArrayBuffer;
      reply({ type: 'result', id: message.id, body: buffer, length: bytes.byteLength, capReached: output.capReached, memory: wasmMemoryBytes() }, [buffer]);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    reply(error instanceof QueryError ? { type: 'query-error', id: message.id, message: text } : { type: 'crashed', id: message.id, message: text });
  }
});
