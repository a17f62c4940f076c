import type { RequestHandler, Response } from 'express';
import { answer, HttpError, send } from './answer.js';

/**
 * Server-Sent Events (text/event-stream) to the pages open in browsers:
 * `lodfolio serve --watch` tells them of each version it publishes or
 * refuses. A stream is all that is held of a reader: a tab closed lets its
 * stream go, at most `limit` are open at once (past that, 503), and `close`
 * ends them all, so that a stopping server waits for none.
 *
 * Each stream opens with the number of the version served (`version`), and
 * the last refusal when there is one (a page opened or reloaded while the
 * data is invalid shows the problems too), until the next version is
 * published: a page that stopped listening while out of sight (a browser
 * keeps only six connections to a server) knows, when it listens again,
 * whether it missed a version.
 */
export class EventStreams {
  private readonly streams = new Set<Response>();
  private refusal: string | undefined;
  private closed = false;
  /** The versions published since the server started. */
  private version = 0;

  constructor(private readonly limit = 32) {}

  /** How many streams are open. */
  get size(): number {
    return this.streams.size;
  }

  /** The route of the stream (mounted at its path; anything below it is not found). */
  readonly handler: RequestHandler = (req, res, next) => {
    if (req.path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    if (this.closed || this.streams.size >= this.limit) return send(req, res, full);
    res.writeHead(200, ['Content-Type', 'text/event-stream; charset=utf-8', 'Cache-Control', 'no-store', 'X-Accel-Buffering', 'no']);
    if (req.method === 'HEAD') { res.end(); return; }
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    // The headers now, so that the reader's EventSource is open before anything happens.
    res.write(event('version', { version: this.version }) + (this.refusal ?? ''));
  };

  /** A new version is published: every page reloads. */
  published(): void {
    this.refusal = undefined;
    this.broadcast(event('published', { version: ++this.version }));
  }

  /** A version was refused: every page shows why (the last good version stays). */
  refused(data: { heading: string; problems: string[] }): void {
    this.refusal = event('refused', data);
    this.broadcast(this.refusal);
  }

  /** Ends every stream; new ones are refused from now on. */
  close(): void {
    this.closed = true;
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  private broadcast(text: string): void {
    for (const res of this.streams) res.write(text);
  }
}

/** One event: its data is JSON on one line (JSON.stringify escapes every line break). */
function event(name: string, data: object): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

const busy = new HttpError(503, 'too many pages are listening for new versions; reload this one later', ['Retry-After', '5']);
const full = answer(503, 'text/plain; charset=utf-8', Buffer.from(`503 ${busy.reason}: ${busy.message}\n`), ['Cache-Control', 'no-store', ...busy.headers]);
