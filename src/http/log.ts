import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the access log records of each response the server writes. */
export interface ResponseRecord {
  method: string;
  url: string;
  status: number;
  /** Body bytes sent (0 for HEAD and 304). */
  bytes: number;
  contentType?: string;
  /** performance.now() when the request came in. */
  started: number;
}

/**
 * The one way a response is logged: a request is given its log when it
 * comes in (`logResponse`: http/listen.ts does it for every request the
 * server takes), and whatever answers it says what it sent (`logSent`:
 * http/answer.ts `send` does, and so does any handler that writes a
 * response itself). Nothing passes a log down to the handlers.
 */
const logs = new WeakMap<ServerResponse, { log: (record: ResponseRecord) => void; method: string; url: string; started: number }>();

/** The response to `req` is to be recorded in `log`, timed from now. */
export function logResponse(req: IncomingMessage, res: ServerResponse, log: (record: ResponseRecord) => void): void {
  logs.set(res, { log, method: req.method ?? '', url: req.url ?? '', started: performance.now() });
}

/** A response was written: its record goes to its request's log, once (and nowhere when it has none). */
export function logSent(res: ServerResponse, status: number, bytes: number, contentType?: string): void {
  const entry = logs.get(res);
  if (!entry) return;
  logs.delete(res);
  entry.log({ method: entry.method, url: entry.url, status, bytes, contentType, started: entry.started });
}

/**
 * Log lines are gathered and written once per event-loop turn: one write
 * call per burst instead of one per request, which matters under load.
 */
export class AccessLog {
  private lines: string[] = [];
  private scheduled = false;

  constructor(private readonly write: (text: string) => void) {}

  line(text: string): void {
    this.lines.push(`${text}\n`);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.write(text);
  }

  private stampMs = 0;
  private stamp = '';

  /** `2026-01-02T03:04:05.678Z GET /people/x 200 text/html 1234B 0.21ms` */
  response(r: ResponseRecord): void {
    const ms = (performance.now() - r.started).toFixed(2);
    const semicolon = r.contentType ? r.contentType.indexOf(';') : -1;
    const type = r.contentType ? (semicolon === -1 ? r.contentType : r.contentType.slice(0, semicolon)) : '-';
    this.line(`${this.now()} ${r.method} ${printable(r.url)} ${r.status} ${type} ${r.bytes}B ${ms}ms`);
  }

  /** The time, formatted at most once per millisecond: under load many lines share it. */
  private now(): string {
    const t = Date.now();
    if (t !== this.stampMs) { this.stampMs = t; this.stamp = new Date(t).toISOString(); }
    return this.stamp;
  }
}

const UNPRINTABLE = /[\u0000-\u001F\u007F]/;

/** A URL as it can go in a log line: no control characters, no 10 KB lines. */
export function printable(text: string, max = 200): string {
  if (text.length <= max && !UNPRINTABLE.test(text)) return text;
  const clean = text.replace(/[\u0000-\u001F\u007F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max)}…(${clean.length} chars)` : clean;
}
