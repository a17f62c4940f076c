import type { IncomingHttpHeaders } from 'node:http';
import fresh from 'fresh';

/**
 * Conditional requests (RFC 9110 §13), for every answer the server sends:
 * whether the client's copy is still current, so that a 304 will do. The
 * matching is the `fresh` package's, as Express's own `req.fresh` does it:
 * If-None-Match first, by weak comparison (`W/"x"` matches `"x"`, `*`
 * anything), else If-Modified-Since against Last-Modified; a request that
 * says `Cache-Control: no-cache` gets the whole answer.
 */

/** What an answer is validated by: its entity tags (a representation may have one per content coding) and its Last-Modified. */
export interface Validators {
  etags: readonly string[];
  /** An HTTP date, as the Last-Modified header carries it. */
  lastModified?: string;
}

/** Whether the request's preconditions say the client already has this answer (only for GET and HEAD). */
export function notModified(request: IncomingHttpHeaders, { etags, lastModified }: Validators): boolean {
  for (const etag of etags) if (fresh(request, { etag, 'last-modified': lastModified })) return true;
  return false;
}
