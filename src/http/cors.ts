import type { IncomingMessage, ServerResponse } from 'node:http';

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
}
