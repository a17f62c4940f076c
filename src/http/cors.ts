import type { IncomingMessage, ServerResponse } from 'node:http';
import { logSent } from './log.js';

/**
 * Cross-origin access and allowed methods, for the documents and the SPARQL
 * endpoint alike: everything served is public, so any origin may read it.
 */

/** The methods each kind of resource answers: its `Allow` and `Access-Control-Allow-Methods`. */
export const allowedMethods = {
  documents: 'GET, HEAD, OPTIONS',
  queries: 'GET, HEAD, POST, OPTIONS',
} as const;

/** Request headers a preflight allows when the client's list cannot be echoed. */
export const allowedRequestHeaders = {
  documents: 'Accept, Accept-Encoding, If-None-Match, If-Modified-Since',
  queries: 'Accept, Content-Type',
} as const;

/** Headers every response carries: any origin may read it, and these of its headers. */
export function corsHeaders(expose: readonly string[]): string[] {
  return ['Access-Control-Allow-Origin', '*', 'Access-Control-Expose-Headers', expose.join(', '), 'X-Content-Type-Options', 'nosniff'];
}

/** For documents: the validators and the links to other formats. */
export const documentCors = corsHeaders(['ETag', 'Link', 'Content-Location', 'Vary']);
/** For query answers: when to retry, and whether the row cap cut the result. */
export const queryCors = corsHeaders(['Retry-After', 'X-SPARQL-MaxRows', 'Vary']);

const HEADER_LIST = /^[\w!#$%&'*+.^`|~-]+(\s*,\s*[\w!#$%&'*+.^`|~-]+)*$/;

/**
 * Answers a CORS preflight (204). Everything served is public and
 * read-only, so any well-formed list of request headers may come; a
 * malformed or oversized one gets `fallbackHeaders` instead.
 */
export function preflight(req: IncomingMessage, res: ServerResponse, allow: string, fallbackHeaders: string, extra: readonly string[]): void {
  const requested = req.headers['access-control-request-headers']?.trim();
  const allowHeaders = requested && requested.length < 1000 && HEADER_LIST.test(requested) ? requested : fallbackHeaders;
  res.writeHead(204, [
    'Allow', allow,
    'Access-Control-Allow-Methods', allow,
    'Access-Control-Allow-Headers', allowHeaders,
    'Access-Control-Max-Age', '86400',
    'Vary', 'Access-Control-Request-Headers',
    ...extra,
  ]);
  res.end();
  logSent(res, 204, 0);
}
