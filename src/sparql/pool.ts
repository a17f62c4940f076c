import os from 'node:os';
import { formatSeconds } from '../render/sparql-page.js';
import { threadEntry } from '../worker-entry.js';
import { WorkerPool, type JobLost, type PoolSlot } from '../worker-pool.js';
import type { QueryTask } from './engine.js';
import type { LoadData, LoadReply, QueryReply, WorkerReply, WorkerRequest } from './worker.js';

/**
 * A few worker threads, each with its own Oxigraph store, that run queries
 * off the main event loop. Oxigraph evaluates synchronously: on the main
 * thread one slow query would stall every page request. Here it stalls one
 * worker, until the time limit terminates that worker (V8 can stop a thread
 * even inside WebAssembly) and a fresh one, loaded with the current data,
 * takes its place.
 *
 * With two workers or more, the first is kept for queries the analysis
 * calls cheap (analyse.ts `cheap`: an ASK, a small LIMIT): however many slow
 * queries hold the others, a cheap one finds a worker at once. It takes no
 * other query, even when idle, so that it is free when one comes.
 *
 * Admission is a bounded queue: a query no worker takes at once waits, in
 * order, until one frees, with at most `queueLength` others waiting; one more
 * is turned away at once with PoolBusyError, which says when to try again
 * (`retryAfterSeconds`: the waiting queries' time limits shared among the
 * workers that take them). No request hangs, however busy the pool: each
 * query ahead of a waiting one ends within the time limit. A waiting query
 * whose client has gone (its signal aborted) leaves the queue.
 */

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism, at most 8). */
  size?: number;
  /** Time limit of one query, from when a worker starts it (default 5000 ms). */
  timeoutMs?: number;
  /** Queries waiting for a worker, at most (default: 8 per worker). */
  queueLength?: number;
}

export interface PoolResult {
  body: Buffer;
  /** Whether the result reached the row cap the task asked about. */
  capReached?: boolean;
}

export interface LoadReport {
  triples: number;
  /** Time the slowest worker took to load the data into its store. */
  engineMs: number;
  /** The N-Triples' size in bytes: what the pool keeps, once, for all its workers. */
  bytes: number;
  /**
   * Each worker's WebAssembly memory once it had loaded the data, in bytes
   * (its store; undefined where it could not be seen). Every worker holds a
   * whole copy, so the endpoint's memory is about their sum.
   */
  workerMemory: Array<number | undefined>;
}

/** The queue is full: try again in `retryAfterSeconds`. */
export class PoolBusyError extends Error {
  constructor(readonly retryAfterSeconds: number, queueLength: number) {
    super(`${queueLength} ${queueLength === 1 ? 'query is' : 'queries are'} already waiting for a worker; try again in ${retryAfterSeconds} s`);
  }
}
/** The query's client went away while it waited; it never ran. */
export class QueryAbandonedError extends Error {}
/** The query ran past the time limit and its worker was stopped. */
export class QueryTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the query ran longer than ${formatSeconds(timeoutMs)}, this endpoint's limit, and was stopped`);
  }
}
/** The query was the client's fault: a syntax error, an unsupported feature. */
export class QuerySyntaxError extends Error {}
/** The engine failed or cannot start; nothing the client did. */
export class EngineError extends Error {}

interface Job {
  task: QueryTask;
  /** It may take the worker kept for cheap queries. */
  cheap: boolean;
  resolve: (result: PoolResult) => void;
  reject: (error: Error) => void;
}

type Slot = PoolSlot<WorkerRequest>;

interface PendingLoad {
  data: LoadData;
  bytes: number;
  /** The workers that have not loaded it yet (a replacement stands in for a stopped one). */
  remaining: Set<Slot>;
  triples: number;
  engineMs: number;
  resolve: (report: LoadReport) => void;
  reject: (error: Error) => void;
}

/** The longest Retry-After the pool gives, in seconds, however long its queue and time limit. */
export const MAX_RETRY_AFTER_S = 120;

/** A worker that dies before its first load this many times in a row means the engine cannot start. */
const MAX_START_FAILURES = 3;

/**
 * Queries sent to one worker at once. With a second one already in its port,
 * a worker goes from one query to the next without waiting for the main
 * thread to hand it over (which, on a loaded machine, costs a scheduling
 * round trip per query). Only busy workers get a second: an idle one is
 * always preferred.
 */
const PIPELINE = 2;

/**
 * The workers themselves (starting them, sending jobs, the time limit,
 * replacing one) are the shared pool's (worker-pool.ts); admission, the
 * queue, and which worker takes a query are decided here.
 */
export class QueryPool extends WorkerPool<WorkerRequest, WorkerReply> {
  readonly size: number;
  readonly timeoutMs: number;
  readonly queueLength: number;
  private readonly queue: Job[] = [];
  /** The data every worker has: what a replacement worker loads. */
  private data?: LoadData;
  private readonly loads = new Set<PendingLoad>();
  /** Workers that have loaded data, and may take queries. */
  private readonly ready = new WeakSet<Slot>();
  /** Each worker's WebAssembly memory, as it last said, in bytes. */
  private readonly memory = new WeakMap<Slot, number>();
  private startFailures = 0;
  private broken?: Error;
  /** Workers replaced after a timeout or a crash, since the pool started. */
  restarts = 0;

  constructor(options: PoolOptions = {}) {
    const size = positive(options.size, Math.min(8, os.availableParallelism()), 'size');
    const timeoutMs = positive(options.timeoutMs, 5000, 'timeoutMs');
    const queueLength = positive(options.queueLength, size * 8, 'queueLength');
    // The JavaScript heap only: Oxigraph's own memory is WebAssembly's, bounded by the time limit.
    super(workerEntry(), size, { heapMb: 512 });
    this.size = size;
    this.timeoutMs = timeoutMs;
    this.queueLength = queueLength;
  }

  /** Queries now running in a worker. */
  get running(): number {
    return this.slots.filter((s) => queriesIn(s) > 0).length;
  }

  /** Queries waiting: for a worker, or in a busy worker's port. */
  get waiting(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + Math.max(0, queriesIn(s) - 1), 0);
  }

  /** Each worker's WebAssembly memory as it last reported it, in bytes (undefined where not known). */
  get workerMemory(): Array<number | undefined> {
    return this.slots.map((s) => this.memory.get(s));
  }

  /**
   * Gives every worker the graph, as N-Triples; resolves when all have it.
   * Queries submitted after this call see the new data: each worker handles
   * its messages in order.
   *
   * The text is put once into memory shared with the workers: posting it
   * to each copies nothing (a string would be copied into every worker's
   * heap, and then again into its WebAssembly memory), and a worker that
   * replaces a stopped one loads from the same bytes.
   */
  load(ntriples: string | Uint8Array, graphName: string): Promise<LoadReport> {
    if (this.closed) return Promise.reject(new EngineError('the query pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    const shared = sharedCopy(ntriples);
    const data: LoadData = { ntriples: shared, graphName };
    return new Promise<LoadReport>((resolve, reject) => {
      const pending: PendingLoad = { data, bytes: shared.byteLength, remaining: new Set(this.slots), triples: 0, engineMs: 0, resolve, reject };
      this.loads.add(pending);
      for (const slot of this.slots) this.loadInto(slot, data, pending);
    });
  }

  /**
   * Runs a query, at once or after those waiting before it; `cheap`: the
   * analysis says its answer comes from its first solutions (see the
   * class); `signal`: its client went away (it leaves the queue, if it is
   * still there, with QueryAbandonedError).
   */
  run(task: QueryTask, cheap = false, signal?: AbortSignal): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new EngineError('the query pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<PoolResult>((resolve, reject) => {
      const job: Job = { task, cheap, resolve, reject };
      this.queue.push(job);
      this.dispatch();
      if (this.queue.includes(job) && this.waiting > this.queueLength) {
        this.queue.splice(this.queue.indexOf(job), 1);
        return reject(new PoolBusyError(this.retryAfter(), this.queueLength));
      }
      // (Also for one sent to a worker at once: a stopped worker may give it back to the queue.)
      signal?.addEventListener('abort', () => {
        const index = this.queue.indexOf(job);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(new QueryAbandonedError('the query\'s client went away while it waited'));
      }, { once: true });
    });
  }

  /**
   * When a query turned away may find a place: the queries waiting, each
   * given the whole time limit, shared among the workers that take them
   * (all but the one kept for cheap queries); in whole seconds, at least 1
   * and at most MAX_RETRY_AFTER_S.
   */
  retryAfter(): number {
    const workers = Math.max(1, this.size - 1);
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil((this.waiting * this.timeoutMs) / workers / 1000)));
  }

  /** Stops every worker; waiting and running queries fail. */
  override async close(): Promise<void> {
    if (this.closed) return;
    const error = new EngineError('the query pool was closed');
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const load of this.loads) load.reject(error);
    this.loads.clear();
    await super.close();
  }

  private dispatch(): void {
    const kept = this.slots.length > 1 ? this.slots[0] : undefined;
    // Idle workers first, then a second query for each busy one.
    for (let depth = 1; depth <= PIPELINE; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (!this.ready.has(slot) || queriesIn(slot) >= depth) continue;
        const index = slot === kept ? this.queue.findIndex((job) => job.cheap) : 0;
        if (index < 0) continue;
        const [job] = this.queue.splice(index, 1);
        this.start(slot, job);
      }
    }
  }

  private start(slot: Slot, job: Job): void {
    (this.send(slot, { type: 'query', task: job.task }, this.timeoutMs) as Promise<QueryReply>).then((reply) => {
      this.noteMemory(slot, reply);
      if (reply.type === 'result') job.resolve({ body: Buffer.from(reply.body, 0, reply.length), capReached: reply.capReached });
      else if (reply.type === 'query-error') job.reject(new QuerySyntaxError(reply.message));
      else {
        job.reject(new EngineError(`the query engine failed: ${reply.message}`));
        this.renew(slot);
      }
      this.dispatch();
    }, (error: JobLost) => {
      // One that never started goes back to the front of the queue: an idle worker may take it now.
      if (error.reason === 'not-started') this.queue.unshift(job);
      else if (error.reason === 'time-limit') job.reject(new QueryTimeoutError(this.timeoutMs));
      else if (error.reason === 'closed') job.reject(new EngineError('the query pool was closed'));
      else job.reject(new EngineError(`the query engine stopped: ${error.message}`));
      this.dispatch();
    });
  }

  /** Sends a worker the data; with `pending`, as its part of a load that waits for every worker. */
  private loadInto(slot: Slot, data: LoadData, pending?: PendingLoad): void {
    (this.send(slot, { type: 'load', ...data }) as Promise<LoadReply>).then((reply) => {
      this.noteMemory(slot, reply);
      if (reply.type === 'loaded') {
        this.startFailures = 0;
        this.ready.add(slot);
        if (pending && this.loads.has(pending) && pending.remaining.delete(slot)) {
          pending.triples = reply.triples;
          pending.engineMs = Math.max(pending.engineMs, reply.ms);
          if (pending.remaining.size === 0) {
            this.loads.delete(pending);
            this.data = pending.data;
            pending.resolve({ triples: pending.triples, engineMs: pending.engineMs, bytes: pending.bytes, workerMemory: this.workerMemory });
          }
        }
      } else if (pending && this.loads.delete(pending)) {
        // A load failed: that is the data's fault, and every worker will say the same.
        pending.reject(new EngineError(reply.message));
      }
      this.dispatch();
    // A worker stopped while loading: its replacement takes its part (see renew); or the pool was closed.
    }, () => undefined);
  }

  private noteMemory(slot: Slot, reply: WorkerReply): void {
    if ('memory' in reply && reply.memory !== undefined) this.memory.set(slot, reply.memory);
  }

  /**
   * A worker that ran past the time limit, crashed or exited: a fresh one
   * takes its place, unless workers keep dying before their first load.
   */
  protected override ended(slot: Slot, error: JobLost): void {
    if (!this.ready.has(slot) && ++this.startFailures >= MAX_START_FAILURES) {
      // Replacing it again would only fail again, in a loop.
      this.broken = new EngineError(`the query engine cannot start: ${error.message}`);
      for (const job of this.queue.splice(0)) job.reject(this.broken);
      for (const load of this.loads) load.reject(this.broken);
      this.loads.clear();
      return;
    }
    this.renew(slot);
    this.dispatch();
  }

  /**
   * Starts a fresh worker in a stopped one's place (stopping it mid-query
   * if need be), with the current data and any load still waiting for the
   * old one. Queries that were waiting in its port never started: they go
   * back to the front of the queue.
   */
  private renew(slot: Slot): void {
    // (A reply can be on its way when the pool closes.)
    if (this.closed) return;
    this.restarts++;
    const fresh = this.replace(slot);
    if (this.data) this.loadInto(fresh, this.data);
    for (const pending of this.loads) {
      if (!pending.remaining.delete(slot)) continue;
      pending.remaining.add(fresh);
      this.loadInto(fresh, pending.data, pending);
    }
  }
}

/** Queries sent to a worker and not answered (a load may be among its jobs too). */
function queriesIn(slot: Slot): number {
  return slot.jobs.filter((job) => job.request.type === 'query').length;
}

/** How to start a query worker: `worker.js` where compiled, `worker.ts` under tsx. */
export function workerEntry(): { filename: string | URL; eval: boolean } {
  return threadEntry(new URL('./worker.js', import.meta.url));
}

/** The text as UTF-8 in a SharedArrayBuffer of its own (already shared bytes are taken as they are). */
function sharedCopy(ntriples: string | Uint8Array): SharedArrayBuffer {
  if (typeof ntriples !== 'string' && ntriples.buffer instanceof SharedArrayBuffer &&
    ntriples.byteOffset === 0 && ntriples.byteLength === ntriples.buffer.byteLength) return ntriples.buffer;
  const length = typeof ntriples === 'string' ? Buffer.byteLength(ntriples, 'utf8') : ntriples.byteLength;
  const shared = new SharedArrayBuffer(length);
  const view = Buffer.from(shared);
  if (typeof ntriples === 'string') view.write(ntriples, 'utf8'); else view.set(ntriples);
  return shared;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number (got ${value})`);
  return value;
}


