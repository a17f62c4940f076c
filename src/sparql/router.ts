import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ResponseRecord } from '../http/app.js';
import { memoize, negotiate } from '../http/negotiate.js';
import { capRows } from './analyse.js';
import { descriptionFormats, graphFormats, solutionFormats, type ResultFormat } from './formats.js';
import { renderPage, type PageContext, type PageView, type SolutionsJson } from './page.js';
import { EngineError, PoolBusyError, QuerySyntaxError, QueryTimeoutError, type QueryPool } from './pool.js';
import { checkQuery, maxBodyBytes, ProtocolError, readQueryRequest, type ProtocolLimits } from './protocol.js';
import { preflight } from '../http/cors.js';

/**
 * The endpoint over HTTP: an Express router to mount at the endpoint's path.
 * GET, HEAD and POST run queries (or, with no query, describe the service);
 * OPTIONS answers CORS preflights; anything else is 405. Every failure is
 * an answer with a status and a message, never a thrown 500 on bad input.
 */

/** What the router serves from; replaced as a whole when the data is reloaded. */
export interface EndpointState {
  /** The service description, by media type. */
  description: Map<string, Buffer>;
  page: PageContext;
  /** The HTML page with an empty query box, prebuilt. */
  emptyPage: Buffer;
}

export interface SparqlRouterOptions {
  pool: QueryPool;
  /** The endpoint's absolute URL: the base IRI of queries. */
  endpoint: string;
  state: () => EndpointState;
  limits: ProtocolLimits & { maxRows: number };
  /** Called once per response: the server's access log, as for the rest of the site. */
  onResponse?: (record: ResponseRecord) => void;
  /** Told about queries stopped at the time limit and engine failures, with the query. */
  log?: (message: string) => void;
}

const ALLOW = 'GET, HEAD, POST, OPTIONS';
const CORS = [
  'Access-Control-Allow-Origin', '*',
  'Access-Control-Expose-Headers', 'Retry-After, X-SPARQL-MaxRows, Vary',
  'X-Content-Type-Options', 'nosniff',
];
/** As the site's documents: the data changes only on a reload. */
const RESULT_CACHE = 'public, max-age=300';

const chooser = (formats: readonly ResultFormat[]) => {
  const types = formats.map((f) => f.mediaType);
  return memoize((accept) => {
    const chosen = negotiate(accept, types);
    return chosen === undefined ? undefined : formats[types.indexOf(chosen)];
  });
};
const chooseSolutions = chooser(solutionFormats);
const chooseGraph = chooser(graphFormats);
const chooseDescription = chooser(descriptionFormats);
const chooseError = memoize((accept) => negotiate(accept, ['text/plain', 'text/html']) ?? 'text/plain');

export function createSparqlRouter(options: SparqlRouterOptions): Router {
  const { pool, endpoint, state, limits, onResponse } = options;
  const log = options.log ?? (() => {});
  const router = express.Router();
  // The access log: one record per response, timed from when the request came in.
  if (onResponse) router.use((req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const sent = (res.locals as { sent?: { bytes: number; contentType: string } }).sent;
      onResponse({ method: req.method, url: req.originalUrl, status: res.statusCode, bytes: sent?.bytes ?? 0, contentType: sent?.contentType, started });
    });
    next();
  });
  const readBody = express.raw({ type: () => true, limit: maxBodyBytes(limits) });

  const handle = async (req: Request, res: Response) => {
    let query: string | undefined;
    try {
      const search = searchOf(req.originalUrl);
      const request = readQueryRequest({
        method: req.method === 'HEAD' ? 'GET' : req.method,
        search,
        contentType: req.headers['content-type'],
        body: Buffer.isBuffer(req.body) ? req.body : undefined,
      }, limits);
      query = request.query;
      if (query === undefined) return describe(req, res, state());

      const shape = checkQuery(query);
      const graph = shape.form === 'CONSTRUCT' || shape.form === 'DESCRIBE';
      const format = (graph ? chooseGraph : chooseSolutions)(req.headers.accept);
      if (!format) return notAcceptable(req, res, graph ? graphFormats : solutionFormats);

      const capped = capRows(query, shape, limits.maxRows);
      const result = await pool.run({
        query: capped.text,
        original: capped.capped ? query : undefined,
        format: format.engineFormat,
        baseIri: endpoint,
        defaultGraphs: request.defaultGraphs,
        namedGraphs: request.namedGraphs,
        // Only SELECT results are counted: a graph's triples are not its solutions.
        cap: capped.capped && shape.form === 'SELECT' ? limits.maxRows : undefined,
      });
      const headers = [
        'Cache-Control', req.method === 'POST' ? 'no-store' : RESULT_CACHE,
        'Vary', 'Accept',
        ...(result.capReached ? ['X-SPARQL-MaxRows', String(limits.maxRows)] : []),
        ...CORS,
      ];
      if (format.mediaType === 'text/html') {
        const view: PageView = { query, capReached: result.capReached };
        if (graph) view.graph = result.body.toString('utf8');
        else view.solutions = JSON.parse(result.body.toString('utf8')) as SolutionsJson;
        return send(req, res, 200, format.contentType, Buffer.from(renderPage(state().page, view)), headers);
      }
      send(req, res, 200, format.contentType, result.body, headers);
    } catch (error) {
      fail(req, res, error, query);
    }
  };

  const fail = (req: Request, res: Response, error: unknown, query?: string) => {
    const { status, message, headers } = describeError(error, limits.maxQueryBytes);
    if (error instanceof QueryTimeoutError || (status >= 500 && !(error instanceof PoolBusyError))) {
      log(`sparql: ${message}${query ? `: ${JSON.stringify(query.length > 300 ? `${query.slice(0, 300)}…` : query)}` : ''}`);
    }
    if (res.headersSent) { res.destroy(); return; }
    const common = ['Cache-Control', 'no-store', 'Vary', 'Accept', ...headers, ...CORS];
    if (chooseError(req.headers.accept) === 'text/html') {
      const page = renderPage(state().page, { query, error: { status, message } });
      return send(req, res, status, 'text/html; charset=utf-8', Buffer.from(page), common);
    }
    send(req, res, status, 'text/plain; charset=utf-8', Buffer.from(`${status} ${reason(status)}: ${message}\n`), common);
  };

  router.options('/', (req, res) => preflight(req, res, ALLOW, 'Accept, Content-Type', CORS));
  router.post('/', readBody, handle);
  router.get('/', handle); // HEAD too
  router.all('/', (req, res) => fail(req, res, new ProtocolError(405, `the SPARQL endpoint answers ${ALLOW}, not ${req.method.slice(0, 20)}`)));
  // Errors from reading the body (too large, bad encoding) and anything unforeseen.
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => fail(req, res, error));
  return router;
}

function describe(req: Request, res: Response, state: EndpointState): void {
  const format = chooseDescription(req.headers.accept);
  if (!format) return notAcceptable(req, res, descriptionFormats);
  const body = format.mediaType === 'text/html' ? state.emptyPage : state.description.get(format.engineFormat)!;
  send(req, res, 200, format.contentType, body, ['Cache-Control', RESULT_CACHE, 'Vary', 'Accept', ...CORS]);
}

function notAcceptable(req: Request, res: Response, formats: readonly ResultFormat[]): void {
  const types = [...new Set(formats.map((f) => f.mediaType))];
  const body = Buffer.from(`406 Not Acceptable: this answer is available as\n${types.map((t) => `  ${t}`).join('\n')}\n`);
  send(req, res, 406, 'text/plain; charset=utf-8', body, ['Cache-Control', 'no-store', 'Vary', 'Accept', ...CORS]);
}

function send(req: Request, res: Response, status: number, contentType: string, body: Buffer, headers: string[]): void {
  res.writeHead(status, ['Content-Type', contentType, 'Content-Length', String(body.length), ...headers]);
  const head = req.method === 'HEAD';
  res.end(head ? undefined : body);
  // For the access log (headers given to writeHead as a list are not readable back).
  res.locals.sent = { bytes: head ? 0 : body.length, contentType };
}

/** The status, message and extra headers for anything a request can fail with. */
function describeError(error: unknown, maxQueryBytes: number): { status: number; message: string; headers: string[] } {
  if (error instanceof ProtocolError) {
    return { status: error.status, message: error.message, headers: error.status === 405 ? ['Allow', ALLOW] : [] };
  }
  if (error instanceof QuerySyntaxError) return { status: 400, message: `the query was rejected: ${error.message}`, headers: [] };
  if (error instanceof PoolBusyError) return { status: 503, message: error.message, headers: ['Retry-After', '1'] };
  if (error instanceof QueryTimeoutError) return { status: 503, message: error.message, headers: [] };
  if (error instanceof EngineError) return { status: 500, message: error.message, headers: [] };
  // body-parser's errors carry an HTTP status and a type.
  const status = (error as { status?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (type === 'entity.too.large') {
      return { status: 413, message: `the request body is too large; this endpoint takes queries of at most ${maxQueryBytes} bytes`, headers: [] };
    }
    if (type === 'encoding.unsupported') return { status: 415, message: 'the request body is in a content coding this endpoint does not read', headers: [] };
    return { status, message: 'the request body could not be read', headers: [] };
  }
  return { status: 500, message: 'the endpoint failed unexpectedly', headers: [] };
}

function searchOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}

const reasons: Record<number, string> = {
  400: 'Bad Request', 403: 'Forbidden', 405: 'Method Not Allowed', 406: 'Not Acceptable', 413: 'Content Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function reason(status: number): string {
  return reasons[status] ?? 'Error';
}
