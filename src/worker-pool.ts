import { parentPort, Worker } from 'node:worker_threads';
import type { ThreadEntry } from './worker-entry.js';

/**
 * Worker threads that take jobs and answer them: the one way work leaves
 * the main thread (the SPARQL endpoint's query workers, sparql/pool.ts; the
 * export's render threads, publish/render-threads.ts). The pool starts the
 * workers, sends each job and settles it with the worker's reply, stops a
 * worker whose job runs past its time limit, and puts a fresh worker in a
 * stopped one's place when asked. Which worker gets a job, how many may
 * wait, and what to do when a worker is gone are its owner's to say (a
 * subclass: `send`, `replace`, `ended`).
 *
 * A worker takes its jobs one at a time, in the order they were sent
 * (`takeJobs`): its first unanswered job is the one it is running, and a
 * job's time limit counts from when the worker starts it. A worker is held
 * (keeps the process alive) only while it has jobs.
 */

/** Why a job got no reply. */
export type LostReason =
  /** It ran past its time limit, and its worker was stopped. */
  | 'time-limit'
  /** Its worker stopped while running it (it crashed, exited, or was replaced). */
  | 'stopped'
  /** It was waiting in a worker that stopped: it never started, and may be sent again. */
  | 'not-started'
  /** The pool was closed. */
  | 'closed';

export class JobLost extends Error {
  constructor(message: string, readonly reason: LostReason) {
    super(message);
  }
}

/** A worker of the pool, as its owner sees it. */
export interface PoolSlot<Request> {
  /** Jobs sent and not answered, in the order the worker takes them: the first is running. */
  readonly jobs: ReadonlyArray<{ readonly request: Request }>;
}

interface Job<Request, Reply> {
  id: number;
  request: Request;
  timeoutMs?: number;
  resolve: (reply: Reply) => void;
  reject: (error: JobLost) => void;
}

interface Slot<Request, Reply> extends PoolSlot<Request> {
  worker: Worker;
  jobs: Array<Job<Request, Reply>>;
  /** Stopped, or ended on its own: it answers nothing more. */
  gone: boolean;
  /** The time limit of the job running now. */
  timer?: NodeJS.Timeout;
}

/** A job as it crosses to a worker, and its reply as it comes back. */
interface Envelope<T> {
  id: number;
  body: T;
}

export interface WorkerOptions {
  /** Given to every worker as `workerData`. */
  workerData?: unknown;
  /** Each worker's JavaScript heap, at most. */
  heapMb: number;
}

export class WorkerPool<Request, Reply> {
  protected readonly slots: Array<Slot<Request, Reply>> = [];
  protected closed = false;
  private nextId = 1;

  constructor(private readonly entry: ThreadEntry, size: number, private readonly options: WorkerOptions) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Stops every worker; jobs unanswered are lost ('closed'). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closed = new JobLost('the pool was closed', 'closed');
    await Promise.all(this.slots.map((slot) => this.stop(slot, closed, closed)));
  }

  /**
   * Sends a job to a worker; resolves with its reply, or rejects with
   * JobLost. With a time limit, a job still running that long after the
   * worker started it is lost ('time-limit'), the worker stopped, and the
   * owner told (`ended`).
   */
  protected send(slot: PoolSlot<Request>, request: Request, timeoutMs?: number): Promise<Reply> {
    const own = slot as Slot<Request, Reply>;
    if (own.gone) return Promise.reject(new JobLost('the worker has stopped', 'not-started'));
    return new Promise<Reply>((resolve, reject) => {
      const job: Job<Request, Reply> = { id: this.nextId++, request, timeoutMs, resolve, reject };
      own.jobs.push(job);
      if (own.jobs.length === 1) this.startClock(own);
      own.worker.ref();
      own.worker.postMessage({ id: job.id, body: request } satisfies Envelope<Request>);
    });
  }

  /**
   * Stops a worker (mid-job if need be: that job is lost, 'stopped'; those
   * waiting behind it are lost, 'not-started') and starts a fresh one in its
   * place, which it returns.
   */
  protected replace(slot: PoolSlot<Request>): PoolSlot<Request> {
    const own = slot as Slot<Request, Reply>;
    void this.stop(own, new JobLost('the worker was replaced', 'stopped'), new JobLost('the worker was replaced', 'not-started'));
    const fresh = this.spawn();
    this.slots[this.slots.indexOf(own)] = fresh;
    return fresh;
  }

  /**
   * Told when a worker stops without being asked to: it crashed, exited,
   * or ran past a job's time limit. Its jobs are lost already (`error` is
   * the running one's). It stays in its place, gone, unless replaced.
   */
  protected ended(_slot: PoolSlot<Request>, _error: JobLost): void {}

  private spawn(): Slot<Request, Reply> {
    const worker = new Worker(this.entry.filename, {
      eval: this.entry.eval,
      workerData: this.options.workerData,
      // Not the process's flags (the default): some are not for workers (--input-type), and none are needed.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
    });
    // Held only while it has jobs (see send and the replies): an idle worker does not keep the process alive.
    worker.unref();
    const slot: Slot<Request, Reply> = { worker, jobs: [], gone: false };
    worker.on('message', ({ id, body }: Envelope<Reply>) => {
      const head = slot.jobs[0];
      if (slot.gone || head?.id !== id) return;
      slot.jobs.shift();
      clearTimeout(slot.timer);
      // The next job, already in the worker's port, starts now.
      this.startClock(slot);
      if (slot.jobs.length === 0) worker.unref();
      head.resolve(body);
    });
    worker.on('error', (error: unknown) => this.lose(slot, new JobLost(error instanceof Error ? error.message : String(error), 'stopped')));
    worker.on('exit', (code) => this.lose(slot, new JobLost(`the worker exited with code ${code}`, 'stopped')));
    return slot;
  }

  /** The time limit of the job the worker runs now, if it has one. */
  private startClock(slot: Slot<Request, Reply>): void {
    const head = slot.jobs[0];
    if (head?.timeoutMs === undefined) return;
    slot.timer = setTimeout(() => this.lose(slot, new JobLost(`the job ran longer than ${head.timeoutMs} ms`, 'time-limit')), head.timeoutMs);
  }

  /** A worker stopped without being asked: its jobs are lost, and the owner told. */
  private lose(slot: Slot<Request, Reply>, error: JobLost): void {
    if (slot.gone || this.closed) return;
    void this.stop(slot, error, new JobLost(error.message, 'not-started'));
    this.ended(slot, error);
  }

  /** Terminates a worker: its running job is lost with `running`, those waiting with `waiting`. */
  private stop(slot: Slot<Request, Reply>, running: JobLost, waiting: JobLost): Promise<number> {
    slot.gone = true;
    clearTimeout(slot.timer);
    const [first, ...rest] = slot.jobs.splice(0);
    first?.reject(running);
    for (const job of rest) job.reject(waiting);
    return slot.worker.terminate();
  }
}

/**
 * In a worker thread of a pool: answers each job as it comes, in order,
 * with what `answer` returns; `transfer` names the buffers of a reply that
 * move to the main thread rather than being copied.
 */
export function takeJobs<Request, Reply>(answer: (request: Request) => Reply, transfer: (reply: Reply) => ArrayBuffer[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error('a worker of a pool runs as a worker thread');
  port.on('message', ({ id, body }: Envelope<Request>) => {
    const reply = answer(body);
    port.postMessage({ id, body: reply } satisfies Envelope<Reply>, transfer(reply));
  });
}
