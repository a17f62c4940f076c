import { HttpError } from '../http/answer.js';
import { analyseQuery, MAX_NESTING, type QueryShape } from './analyse.js';

/**
 * The SPARQL 1.1 Protocol's query operation (https://www.w3.org/TR/sparql11-protocol/#query-operation),
 * read from a request: by GET with `?query=`, by POST of a form, or by POST
 * of the query itself; with the dataset from `default-graph-uri` and
 * `named-graph-uri`. Everything wrong with a request becomes an
 * HttpError with its status and a message for the person who wrote it;
 * nothing here throws anything else.
 */

export interface QueryRequest {
  /** Undefined when the request carries no query: it asks about the service. */
  query?: string;
  /** The protocol's dataset; undefined when not given (the query's own FROM applies). */
  defaultGraphs?: string[];
  namedGraphs?: string[];
}

export interface RequestInput {
  method: string;
  /** The request URL's query string, without `?`. */
  search: string;
  contentType?: string;
  /** The request body, for POST. */
  body?: Buffer;
}

export interface ProtocolLimits {
  /** The longest query accepted, in UTF-8 bytes. */
  maxQueryBytes: number;
  /** The graphs this endpoint holds, by name: the only ones default-graph-uri and named-graph-uri may name. */
  graphNames: readonly string[];
}

const FORM = 'application/x-www-form-urlencoded';
const QUERY = 'application/sparql-query';
const UPDATE = 'application/sparql-update';

export function readQueryRequest(input: RequestInput, limits: ProtocolLimits): QueryRequest {
  const url = new URLSearchParams(input.search);
  let params = url;
  let query: string | undefined;
  if (input.method === 'POST') {
    const { type, charset } = parseContentType(input.contentType);
    if (type === UPDATE) throw readOnly();
    if (type !== FORM && type !== QUERY) {
      throw new HttpError(415, `a query is POSTed as ${FORM} (with a query parameter) or as ${QUERY} (the query itself)` +
        `${type ? `, not as ${type}` : '; the request has no Content-Type'}`);
    }
    if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new HttpError(415, `the request body must be UTF-8, not ${charset}`);
    const text = decode(input.body ?? Buffer.alloc(0));
    if (type === QUERY) {
      if (url.has('query')) throw new HttpError(400, `the query is the body of an ${QUERY} request; do not give another in the URL`);
      query = text;
    } else {
      // The protocol puts every parameter in the body; the URL's are read too, as some clients put the dataset there.
      const form = new URLSearchParams(text);
      if (form.has('query') && url.has('query')) throw new HttpError(400, 'give the query once, in the body or in the URL');
      params = new URLSearchParams([...form, ...url]);
    }
  }
  if (params.has('update')) throw readOnly();
  if (query === undefined) {
    const queries = params.getAll('query');
    if (queries.length > 1) throw new HttpError(400, `give one query parameter, not ${queries.length}`);
    query = queries[0];
  }
  const defaultGraphs = graphs(params, 'default-graph-uri', limits.graphNames);
  const namedGraphs = graphs(params, 'named-graph-uri', limits.graphNames);
  if (query === undefined) {
    // Only a GET may ask about the service; a POST is always meant to run a query.
    if (input.method === 'POST' || defaultGraphs || namedGraphs) throw new HttpError(400, 'the request has no query parameter');
    return {};
  }
  const bytes = Buffer.byteLength(query, 'utf8');
  if (bytes > limits.maxQueryBytes) {
    // 414 where the query is in the URL: the client should POST it instead.
    throw new HttpError(input.method === 'POST' ? 413 : 414,
      `the query is ${bytes} bytes long; this endpoint takes queries of at most ${limits.maxQueryBytes} bytes`);
  }
  if (query.trim() === '') throw new HttpError(400, 'the query is empty');
  return { query, defaultGraphs, namedGraphs };
}

/**
 * The query's shape, once it is known to be one this endpoint runs: updates,
 * SERVICE and queries nested deeper than `MAX_NESTING` are refused here, with a message, before any worker sees them.
 */
export function checkQuery(query: string): QueryShape {
  const shape = analyseQuery(query);
  if (shape.update) throw readOnly(shape.update);
  if (shape.service) {
    throw new HttpError(400, 'SERVICE is not supported: this endpoint answers from its own data and sends no requests to other endpoints');
  }
  if (shape.nesting > MAX_NESTING) {
    throw new HttpError(400, `the query nests ${shape.nesting} deep (groups, sub-queries, brackets); this endpoint takes queries nested at most ${MAX_NESTING} deep`);
  }
  return shape;
}

/** The largest request body worth reading: a query of the maximum size, percent-encoded, with its parameters. */
export function maxBodyBytes(limits: Pick<ProtocolLimits, 'maxQueryBytes'>): number {
  return limits.maxQueryBytes * 3 + 16 * 1024;
}

function readOnly(keyword?: string): HttpError {
  return new HttpError(403, `this endpoint is read-only: SPARQL Update${keyword ? ` (${keyword})` : ''} is not accepted`);
}

function parseContentType(header: string | undefined): { type?: string; charset?: string } {
  if (!header) return {};
  const [type, ...parameters] = header.split(';').map((p) => p.trim().toLowerCase());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  return { type: type || undefined, charset };
}

function decode(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, 'the request body is not valid UTF-8');
  }
}

function graphs(params: URLSearchParams, name: string, known: readonly string[]): string[] | undefined {
  const values = params.getAll(name);
  if (values.length === 0) return undefined;
  for (const value of values) {
    if (!isAbsoluteIri(value)) throw new HttpError(400, `${name} must be an absolute IRI (got ${JSON.stringify(value.slice(0, 200))})`);
    if (!known.includes(value)) {
      throw new HttpError(400, `there is no graph <${value.slice(0, 500)}> here (${name}): this endpoint holds ` +
        `${known.map((g) => `<${g}>`).join(', ')} and never fetches graphs from elsewhere`);
    }
  }
  return [...new Set(values)];
}

function isAbsoluteIri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(value);
}
