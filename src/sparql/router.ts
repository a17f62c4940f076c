import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { formats, type FormatName } from '../formats.js';
import { answer, ErrorAnswers, HttpError, plainError, send } from '../http/answer.js';
import { notModified } from '../http/conditional.js';
import { allowedMethods, allowedRequestHeaders, corsHeaders, preflight } from '../http/cors.js';
import { logSent } from '../http/log.js';
import { memoize, negotiate } from '../http/negotiate.js';
import { renderPage, type PageContext, type PageView, type SolutionsJson } from '../render/sparql-page.js';
import { capRows, normaliseQuery } from './analyse.js';
import { cacheKey, etagOf, type CachedAnswer, type ResultCache } from './cache.js';
import { descriptionFormats, graphFormats, solutionFormats, type ResultFormat } from './formats.js';
import { EngineError, PoolBusyError, QueryAbandonedError, QuerySyntaxError, QueryTimeoutError, type QueryPool } from './pool.js';
import { checkQuery, maxBodyBytes, readQueryRequest, type ProtocolLimits } from './protocol.js';

/**
 * The endpoint over HTTP: an Express router to mount at the endpoint's path.
 * GET, HEAD and POST run queries (or, with no query, describe the service);
 * OPTIONS answers CORS preflights; anything else is 405. Every failure is
 * an answer with a status and a message, never a thrown 500 on bad input.
 */

/** What the router serves from; replaced as a whole when the data is reloaded. */
export interface EndpointState {
  /** The service description, by format. */
  description: Map<FormatName, Buffer>;
  page: PageContext;
  /** The HTML page with an empty query box, prebuilt. */
  emptyPage: Buffer;
  /** The data version: part of every ETag. */
  version: string;
  /** Answers computed from this version. */
  cache: ResultCache;
}

export interface SparqlRouterOptions {
  pool: QueryPool;
  /** The endpoint's absolute URL: the base IRI of queries. */
  endpoint: string;
  state: () => EndpointState;
  limits: ProtocolLimits & { maxRows: number };
  /** Told about queries stopped at the time limit and engine failures, with the query. */
  log?: (message: string) => void;
}

const ALLOW = allowedMethods.queries;
/**
 * The query answers' CORS headers: those of http/cors.ts, with the ETag
 * readable by scripts and If-None-Match allowed in a preflight's fallback
 * list, as answers now have validators.
 */
const CORS = corsHeaders(['ETag', 'Retry-After', 'X-SPARQL-MaxRows', 'Vary']);
const REQUEST_HEADERS = `${allowedRequestHeaders.queries}, If-None-Match`;
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

export function createSparqlRouter(options: SparqlRouterOptions): Router {
  const { pool, endpoint, state, limits } = options;
  const log = options.log ?? (() => {});
  const router = express.Router();
  const readBody = express.raw({ type: () => true, limit: maxBodyBytes(limits) });
  // A browser that sent the form gets the page back with the error in it; everyone else plain text.
  const errors = new ErrorAnswers<string | undefined>([plainError, {
    mediaType: formats.html.mediaType, contentType: formats.html.contentType,
    body: (e, query) => renderPage(state().page, { query, error: { status: e.status, message: e.message } }),
  }], CORS);

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

      // Why no query is evaluated on this thread, however small it looks.
      // What it could win is measured by bench/sparql.ts: a new query each
      // time, on one core, against Oxigraph called on the main thread (which
      // is what answering here would be), the endpoint reached 0.87 and 1.43
      // of its rate in two runs on a busy machine (2 workers on 2 cores: 0.51
      // and 0.44); a repeated query, answered from the cache below without
      // any worker, 2.0 and 1.6 (1.5 and 1.15). So on one core the hand-off
      // costs at most a fraction of the rate of distinct tiny queries, and
      // repeated ones already skip it. Against that: Oxigraph evaluates synchronously and
      // cannot be interrupted on the thread that runs it, and a query's cost
      // cannot be read from its text (five triple patterns, test/sparql's
      // RUNAWAY, never finish on a few hundred triples; so may a property
      // path or an ORDER BY over a join). A query misjudged as tiny would
      // stall every page and every other query with no time limit able to
      // stop it. Isolation is the endpoint's promise; the fraction is not
      // worth breaking it.
      const current = state();
      const html = format.page;
      const shown = query;
      // GET and POST, and queries laid out differently, share an answer; the
      // HTML page shows the query as written, so it is kept under the text itself.
      const key = cacheKey({ format: format.mediaType, query: html ? query : normaliseQuery(query), defaultGraphs: request.defaultGraphs, namedGraphs: request.namedGraphs });
      const cached = await current.cache.answer(key, async (abandoned): Promise<CachedAnswer> => {
        const capped = capRows(shown, shape, limits.maxRows);
        const result = await pool.run({
          query: capped.text,
          original: capped.capped ? shown : undefined,
          format: format.engineFormat,
          baseIri: endpoint,
          defaultGraphs: request.defaultGraphs,
          namedGraphs: request.namedGraphs,
          // Only SELECT results are counted: a graph's triples are not its solutions.
          cap: capped.capped && shape.form === 'SELECT' ? limits.maxRows : undefined,
          ownDataset: shape.dataset,
        }, shape.cheap, abandoned);
        let body = result.body;
        if (html) {
          const view: PageView = { query: shown, capReached: result.capReached };
          if (graph) view.graph = result.body.toString('utf8');
          else view.solutions = JSON.parse(result.body.toString('utf8')) as SolutionsJson;
          body = Buffer.from(renderPage(current.page, view));
        }
        return {
          body, contentType: format.contentType, etag: etagOf(current.version, format.contentType, body),
          headers: result.capReached ? ['X-SPARQL-MaxRows', String(limits.maxRows)] : [],
        };
      }, gone(res));
      const headers = [
        'ETag', cached.etag,
        'Cache-Control', req.method === 'POST' ? 'no-store' : RESULT_CACHE,
        'Vary', 'Accept',
        ...cached.headers,
        ...CORS,
      ];
      // Only GET and HEAD are answered 304: for other methods RFC 9110 has a
      // matching If-None-Match mean 412, which no SPARQL client expects.
      if (req.method !== 'POST' && notModified(req.headers, { etags: [cached.etag] })) {
        res.writeHead(304, headers);
        res.end();
        return logSent(res, 304, 0, cached.contentType);
      }
      send(req, res, answer(200, cached.contentType, cached.body, headers));
    } catch (error) {
      fail(req, res, error, query);
    }
  };

  const fail = (req: Request, res: Response, error: unknown, query?: string) => {
    // No one is left to answer; the access log says so (499: nginx's "client closed request").
    if (error instanceof QueryAbandonedError) { logSent(res, 499, 0); res.destroy(); return; }
    const failure = asHttpError(error, limits.maxQueryBytes);
    if (error instanceof QueryTimeoutError || (failure.status >= 500 && !(error instanceof PoolBusyError))) {
      log(`sparql: ${failure.message}${query ? `: ${JSON.stringify(query.length > 300 ? `${query.slice(0, 300)}…` : query)}` : ''}`);
    }
    if (res.headersSent) { res.destroy(); return; }
    send(req, res, errors.answer(failure, req.headers.accept, query));
  };

  router.options('/', (req, res) => preflight(req, res, ALLOW, REQUEST_HEADERS, CORS));
  router.post('/', readBody, handle);
  router.get('/', handle); // HEAD too
  router.all('/', (req, res) => fail(req, res, new HttpError(405, `the SPARQL endpoint answers ${ALLOW}, not ${req.method.slice(0, 20)}`, ['Allow', ALLOW])));
  // Errors from reading the body (too large, bad encoding) and anything unforeseen.
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => fail(req, res, error));
  return router;
}

function describe(req: Request, res: Response, state: EndpointState): void {
  const format = chooseDescription(req.headers.accept);
  if (!format) return notAcceptable(req, res, descriptionFormats);
  const body = format.page ? state.emptyPage : state.description.get(format.format)!;
  send(req, res, answer(200, format.contentType, body, ['Cache-Control', RESULT_CACHE, 'Vary', 'Accept', ...CORS]));
}

/** 406, listing what the answer is available as, in plain text: the client reads none of the formats. */
function notAcceptable(req: Request, res: Response, formats: readonly ResultFormat[]): void {
  const types = [...new Set(formats.map((f) => f.mediaType))];
  const error = new HttpError(406, `this answer is available as\n${types.map((t) => `  ${t}`).join('\n')}`);
  send(req, res, plainErrors.answer(error, undefined, undefined));
}

const plainErrors = new ErrorAnswers<undefined>([], CORS);

/** Anything a request can fail with, as the HttpError it is answered with. */
function asHttpError(error: unknown, maxQueryBytes: number): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof QuerySyntaxError) return new HttpError(400, `the query was rejected: ${error.message}`);
  if (error instanceof PoolBusyError) return new HttpError(503, error.message, ['Retry-After', String(error.retryAfterSeconds)]);
  if (error instanceof QueryTimeoutError) return new HttpError(503, error.message);
  if (error instanceof EngineError) return new HttpError(500, error.message);
  // body-parser's errors carry an HTTP status and a type.
  const status = (error as { status?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (type === 'entity.too.large') {
      return new HttpError(413, `the request body is too large; this endpoint takes queries of at most ${maxQueryBytes} bytes`);
    }
    if (type === 'encoding.unsupported') return new HttpError(415, 'the request body is in a content coding this endpoint does not read');
    return new HttpError(status, 'the request body could not be read');
  }
  return new HttpError(500, 'the endpoint failed unexpectedly');
}

/** Aborts when the client closes the connection before its answer is sent. */
function gone(res: Response): AbortSignal {
  const left = new AbortController();
  res.once('close', () => { if (!res.writableFinished) left.abort(); });
  return left.signal;
}

function searchOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}
