// First: it has to see Oxigraph's WebAssembly being instantiated (./wasm-memory.ts).
import { wasmMemoryBytes } from './wasm-memory.js';
import { Engine, QueryError, type QueryTask } from './engine.js';
import { takeJobs } from '../worker-pool.js';

/**
 * A query worker's thread: one Engine, driven by jobs from the pool
 * (./pool.ts). Jobs are handled in order, so a query sent after a load
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
  | ({ type: 'load' } & LoadData)
  | { type: 'query'; task: QueryTask };

/** `memory`: the WebAssembly memory the engine holds (./wasm-memory.ts), in bytes, when known. */
export type LoadReply =
  | { type: 'loaded'; triples: number; ms: number; memory?: number }
  | Crashed;

export type QueryReply =
  /** The body as UTF-8 bytes, transferred rather than copied to the main thread. */
  | { type: 'result'; body: ArrayBuffer; length: number; capReached?: boolean; memory?: number }
  /** The query's own fault: a 400 for the client. */
  | { type: 'query-error'; message: string }
  | Crashed;

/** The engine's fault, or a trap that leaves it unusable: the pool replaces this worker. */
type Crashed = { type: 'crashed'; message: string };

/** A load is answered with a LoadReply, a query with a QueryReply. */
export type WorkerReply = LoadReply | QueryReply;

const engine = new Engine();
const encoder = new TextEncoder();

takeJobs<WorkerRequest, WorkerReply>((message) => {
  try {
    if (message.type === 'load') {
      const started = performance.now();
      const data = typeof message.ntriples === 'string' ? message.ntriples : new Uint8Array(message.ntriples);
      const triples = engine.load(data, message.graphName);
      return { type: 'loaded', triples, ms: performance.now() - started, memory: wasmMemoryBytes() };
    }
    const output = engine.run(message.task);
    const bytes = encoder.encode(output.body);
    return { type: 'result', body: bytes.buffer as ArrayBuffer, length: bytes.byteLength, capReached: output.capReached, memory: wasmMemoryBytes() };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return error instanceof QueryError ? { type: 'query-error', message: text } : { type: 'crashed', message: text };
  }
}, (reply) => (reply.type === 'result' ? [reply.body] : []));
