import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { formatSeconds } from '../render/sparql-page.js';
import { threadEntry } from '../worker-entry.js';
import type { QueryTask } from './engine.js';
import type { LoadData, WorkerReply, WorkerRequest } from './worker.js';

/**
 * A few worker threads, each with its own Oxigraph store, that run queries
 * off the main event loop. Oxigraph evaluates synchronously: on the main
 * thread one slow query would stall every page request. Here it stalls one
 * worker, until the time limit terminates that worker (V8 can stop a thread
 * even inside WebAssembly) and a fresh one, loaded with the current data,
 * takes its place.
 *
 * Admission is bounded: at most `maxConcurrent` queries running or waiting;
 * beyond that `run` fails at once with PoolBusyError (a 503 with Retry-After).
 * A query also waits for a worker no longer than twice the time limit (time
 * for a running query to be stopped and its worker replaced): no request
 * hangs, however busy the pool.
 */

export interface PoolOptions {
  /** Worker threads (default: the machine's available parallelism, at most 8). */
  size?: number;
  /** Time limit of one query, from when a worker starts it (default 5000 ms). */
  timeoutMs?: number;
  /** Queries running or waiting for a worker, at most (default: 8 per worker, at least 32). */
  maxConcurrent?: number;
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

/** Too many queries at once: try again shortly. */
export class PoolBusyError extends Error {}
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
  resolve: (result: PoolResult) => void;
  reject: (error: Error) => void;
  /** When it must have reached a worker (performance.now()); set when first queued. */
  deadline?: number;
  /** Fails the job at its deadline if it is still in the queue. */
  wait?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  /** Has loaded data and may take queries. */
  ready: boolean;
  /** Queries sent to the worker, in its order: the first is running, the others wait in its port. */
  jobs: Array<{ id: number; job: Job }>;
  /** The running query's time limit. */
  timer?: NodeJS.Timeout;
  /** Terminated on purpose: its exit is not a crash. */
  retired: boolean;
  /** Its WebAssembly memory, as it last said, in bytes. */
  memory?: number;
}

interface PendingLoad {
  data: LoadData;
  bytes: number;
  remaining: Set<Slot>;
  triples: number;
  engineMs: number;
  resolve: (report: LoadReport) => void;
  reject: (error: Error) => void;
}

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

export class QueryPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly maxConcurrent: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** The data every worker has: what a replacement worker loads. */
  private data?: LoadData;
  private nextId = 1;
  private readonly loads = new Map<number, PendingLoad>();
  private startFailures = 0;
  private broken?: Error;
  private closed = false;
  /** Workers replaced after a timeout or a crash, since the pool started. */
  restarts = 0;

  constructor(options: PoolOptions = {}) {
    this.size = positive(options.size, Math.min(8, os.availableParallelism()), 'size');
    this.timeoutMs = positive(options.timeoutMs, 5000, 'timeoutMs');
    this.maxConcurrent = positive(options.maxConcurrent, Math.max(32, this.size * 8), 'maxConcurrent');
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Queries now running in a worker. */
  get running(): number {
    return this.slots.filter((s) => s.jobs.length > 0).length;
  }

  /** Queries waiting: for a worker, or in a busy worker's port. */
  get waiting(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + Math.max(0, s.jobs.length - 1), 0);
  }

  /** Each worker's WebAssembly memory as it last reported it, in bytes (undefined where not known). */
  get workerMemory(): Array<number | undefined> {
    return this.slots.map((s) => s.memory);
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
    const id = this.nextId++;
    return new Promise<LoadReport>((resolve, reject) => {
      const pending: PendingLoad = { data, bytes: shared.byteLength, remaining: new Set(this.slots), triples: 0, engineMs: 0, resolve, reject };
      this.loads.set(id, pending);
      for (const slot of this.slots) this.post(slot, { type: 'load', id, ...data });
    });
  }

  run(task: QueryTask): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new EngineError('the query pool is closed'));
    if (this.broken) return Promise.reject(this.broken);
    if (this.running + this.waiting >= this.maxConcurrent) {
      return Promise.reject(new PoolBusyError(`${this.maxConcurrent} queries are already running or waiting; try again shortly`));
    }
    return new Promise<PoolResult>((resolve, reject) => {
      this.enqueue({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; waiting and running queries fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new EngineError('the query pool was closed');
    for (const job of this.queue.splice(0)) { clearTimeout(job.wait); job.reject(error); }
    for (const load of this.loads.values()) load.reject(error);
    this.loads.clear();
    await Promise.all(this.slots.map((slot) => {
      slot.retired = true;
      clearTimeout(slot.timer);
      for (const { job } of slot.jobs.splice(0)) job.reject(error);
      return slot.worker.terminate();
    }));
  }

  /**
   * Puts a job in the queue, or back at its front when a stopped worker
   * gives it back, until its deadline: twice the time limit after it was
   * first queued, for all its waiting together.
   */
  private enqueue(job: Job, front = false): void {
    const now = performance.now();
    job.deadline ??= now + 2 * this.timeoutMs;
    const turnAway = () => job.reject(new PoolBusyError(`no query worker was free for ${formatSeconds(2 * this.timeoutMs)}; try again shortly`));
    if (job.deadline <= now) return turnAway();
    if (front) this.queue.unshift(job); else this.queue.push(job);
    clearTimeout(job.wait);
    job.wait = setTimeout(() => {
      const index = this.queue.indexOf(job);
      if (index < 0) return;
      this.queue.splice(index, 1);
      turnAway();
    }, job.deadline - now);
  }

  private dispatch(): void {
    // Idle workers first, then a second query for each busy one.
    for (let depth = 1; depth <= PIPELINE; depth++) {
      for (const slot of this.slots) {
        if (this.queue.length === 0) return;
        if (!slot.ready || slot.retired || slot.jobs.length >= depth) continue;
        const job = this.queue.shift()!;
        clearTimeout(job.wait);
        const id = this.nextId++;
        slot.jobs.push({ id, job });
        if (slot.jobs.length === 1) this.startClock(slot);
        this.post(slot, { type: 'query', id, task: job.task });
      }
    }
  }

  /** The time limit of the query the worker runs now. */
  private startClock(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.timeout(slot), this.timeoutMs);
  }

  private spawn(): Slot {
    const entry = workerEntry();
    const worker = new Worker(entry.filename, {
      eval: entry.eval,
      // Not the process's flags (the default): some are not for workers (--input-type), and none are needed.
      execArgv: [],
      // The JavaScript heap only: Oxigraph's own memory is WebAssembly's, bounded by the time limit.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const slot: Slot = { worker, ready: false, jobs: [], retired: false };
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (error: unknown) => this.workerEnded(slot, error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => this.workerEnded(slot, new Error(`the worker exited with code ${code}`)));
    // A replacement starts with the current data.
    if (this.data) this.post(slot, { type: 'load', id: 0, ...this.data });
    return slot;
  }

  private post(slot: Slot, message: WorkerRequest): void {
    // Held while it has work; idle workers must not keep the process alive (see idle()).
    slot.worker.ref();
    slot.worker.postMessage(message);
  }

  private idle(slot: Slot): void {
    if (slot.jobs.length > 0 || slot.retired) return;
    for (const pending of this.loads.values()) if (pending.remaining.has(slot)) return;
    slot.worker.unref();
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (slot.retired) return;
    this.handle(slot, reply);
    this.idle(slot);
    this.dispatch();
  }

  private handle(slot: Slot, reply: WorkerReply): void {
    if ('memory' in reply && reply.memory !== undefined) slot.memory = reply.memory;
    if (reply.type === 'loaded') {
      this.startFailures = 0;
      slot.ready = true;
      const pending = this.loads.get(reply.id);
      if (pending && pending.remaining.delete(slot)) {
        pending.triples = reply.triples;
        pending.engineMs = Math.max(pending.engineMs, reply.ms);
        if (pending.remaining.size === 0) {
          this.loads.delete(reply.id);
          this.data = pending.data;
          pending.resolve({ triples: pending.triples, engineMs: pending.engineMs, bytes: pending.bytes, workerMemory: this.workerMemory });
        }
      }
      return;
    }
    const head = slot.jobs[0];
    if (reply.type === 'crashed' && reply.id !== head?.id) {
      // A load failed: that is the data's fault, and every worker will say the same.
      const pending = this.loads.get(reply.id);
      if (pending) { this.loads.delete(reply.id); pending.reject(new EngineError(reply.message)); }
      return;
    }
    if (!head || reply.id !== head.id) return;
    slot.jobs.shift();
    clearTimeout(slot.timer);
    // The next query in the worker's port starts now.
    if (slot.jobs.length > 0) this.startClock(slot);
    const { job } = head;
    if (reply.type === 'result') job.resolve({ body: Buffer.from(reply.body, 0, reply.length), capReached: reply.capReached });
    else if (reply.type === 'query-error') job.reject(new QuerySyntaxError(reply.message));
    else {
      job.reject(new EngineError(`the query engine failed: ${reply.message}`));
      this.replace(slot);
    }
  }

  private timeout(slot: Slot): void {
    const head = slot.jobs.shift();
    if (!head || slot.retired) return;
    head.job.reject(new QueryTimeoutError(this.timeoutMs));
    this.replace(slot);
    // Queries queued behind the runaway go back to the queue: an idle worker may take them now.
    this.dispatch();
  }

  /**
   * Retires a worker (terminating it mid-query if need be) and starts a
   * fresh one in its place. Queries that were waiting in its port never
   * started: they go back to the front of the queue.
   */
  private replace(slot: Slot): void {
    slot.retired = true;
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    for (const { job } of slot.jobs.splice(0).reverse()) this.enqueue(job, true);
    if (this.closed) return;
    this.restarts++;
    const fresh = this.spawn();
    this.slots[this.slots.indexOf(slot)] = fresh;
    // A load still waiting for the old worker now waits for the new one instead.
    for (const [id, pending] of this.loads) {
      if (!pending.remaining.delete(slot)) continue;
      pending.remaining.add(fresh);
      this.post(fresh, { type: 'load', id, ...pending.data });
    }
  }

  private workerEnded(slot: Slot, error: Error): void {
    if (slot.retired || this.closed) return;
    if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
      // Replacing it again would only fail again, in a loop.
      this.broken = new EngineError(`the query engine cannot start: ${error.message}`);
      slot.retired = true;
      for (const job of this.queue.splice(0)) { clearTimeout(job.wait); job.reject(this.broken); }
      for (const load of this.loads.values()) load.reject(this.broken);
      this.loads.clear();
      return;
    }
    const head = slot.jobs.shift();
    head?.job.reject(new EngineError(`the query engine stopped: ${error.message}`));
    this.replace(slot);
    this.dispatch();
  }
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


