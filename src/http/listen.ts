import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answer, send } from './answer.js';
import { AccessLog, logResponse } from './log.js';

/**
 * The HTTP server around the app: listening, limits on slow or oversized
 * requests, and a graceful stop (in-flight requests finish, idle
 * keep-alive connections close). Until a handler is ready, requests get 503.
 */

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface ListenOptions {
  port: number;
  host: string;
  /** Where log lines go (stdout by default). */
  write?: (text: string) => void;
  /** How long shutdown waits for in-flight requests before closing their connections. */
  shutdownGraceMs?: number;
}

export interface Listening {
  server: http.Server;
  /** The port actually bound (differs from the option when it was 0). */
  port: number;
  /** Serve with this handler from now on; until then requests get 503. */
  ready(handler: Handler): void;
  /** Stops accepting connections and resolves once every request has been answered. */
  close(): Promise<void>;
  /** Resolves when the server has stopped, by close() or a signal. */
  closed: Promise<void>;
  /** True once close() has been called. */
  readonly stopping: boolean;
  /** Where every response is logged (http/log.ts `logResponse`), and the lines of requests Node could not parse. */
  log: AccessLog;
}

const starting = answer(503, 'text/plain; charset=utf-8', Buffer.from('503 Service Unavailable: starting\n'), ['Retry-After', '1', 'Cache-Control', 'no-store']);

export async function listen(options: ListenOptions): Promise<Listening> {
  const write = options.write ?? ((text: string) => { process.stdout.write(text); });
  const log = new AccessLog(write);
  let handler: Handler | undefined;
  let closing: Promise<void> | undefined;
  const server = http.createServer({
    // Slow or stuck clients cannot hold connections for long.
    headersTimeout: 10_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    // Node's default 16 KB header limit stays: larger gets a 431 from Node itself.
  }, (req, res) => {
    // During shutdown a response closes its connection rather than keeping it alive.
    if (closing) res.shouldKeepAlive = false;
    logResponse(req, res, (record) => log.response(record));
    if (handler) return handler(req, res);
    send(req, res, starting);
  });
  // Requests Node cannot parse (oversized headers, bad syntax) get a clean 4xx, and a log line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A client that hung up is not an error to answer or to log.
    if (error.code === 'ECONNRESET') { socket.destroy(); return; }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    log.line(`${new Date().toISOString()} - - ${status} (${error.code ?? 'client error'})`);
    if (socket.writable && !(socket as { _httpMessage?: unknown })._httpMessage) {
      const reason = http.STATUS_CODES[status];
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${reason!.length + 1}\r\nConnection: close\r\n\r\n${reason}\n`);
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve(); });
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve; });
  // Every open connection: on close, those with no request in flight go at once.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  /**
   * Closes every connection with no request in flight: kept alive after an
   * answer, or opened and never used (a browser's preconnect, a client that
   * has not finished its headers). Node's closeIdleConnections() leaves the
   * last two open until the grace ends: one of them held a stop for 10 s.
   */
  const closeIdle = () => {
    for (const socket of sockets) if (!(socket as { _httpMessage?: unknown })._httpMessage) socket.destroy();
  };
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const sweep = setInterval(closeIdle, 50);
      const force = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(force);
        log.flush();
        resolve();
        resolveClosed();
      });
      // Idle connections close now; busy ones as soon as their response is
      // done (the sweep), not after the keep-alive timeout.
      closeIdle();
    });
    return closing;
  };

  return {
    server,
    port: (server.address() as AddressInfo).port,
    ready: (h) => { handler = h; },
    close,
    closed,
    get stopping() { return closing !== undefined; },
    log,
  };
}
