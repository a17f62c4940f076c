import type { Request, RequestHandler, Response } from 'express';
import { JRD_MEDIA_TYPE, webfingerResources, type Jrd } from '../publish/webfinger.js';
import type { RouteSource } from '../publish/representations.js';
import { answer, ErrorAnswers, HttpError, plainError, send } from './answer.js';
import { allowedMethods, allowedRequestHeaders, corsHeaders, preflight } from './cors.js';

/**
 * `/.well-known/webfinger` (RFC 7033), at the host's root: the site's
 * descriptor (publish/webfinger.ts, read from the site as a file) for a
 * `resource` it describes; 400 when the query names none, 404 for one it
 * does not know. Any origin may read it (§5).
 */

const CORS = corsHeaders([]);
const ALLOW = allowedMethods.documents;
const errors = new ErrorAnswers<undefined>([{ mediaType: 'application/json', contentType: 'application/json', body: (e) => `${JSON.stringify({ error: { status: e.status, title: e.reason, detail: e.message } })}\n` }, plainError], CORS);

/** The descriptor the site publishes at `path`, answered by resource. */
export function webfingerRouter(source: RouteSource, path: string): RequestHandler {
  // The descriptor and what it answers for, read again only when the site's bytes change.
  const read = new WeakMap<Buffer, { resources: Set<string>; body: Buffer }>();
  const current = () => {
    const body = source.route(path)?.resource.variant(0).bodies.identity;
    if (!Buffer.isBuffer(body)) return undefined;
    let known = read.get(body);
    if (!known) { known = { resources: webfingerResources(JSON.parse(body.toString('utf8')) as Jrd), body }; read.set(body, known); }
    return known;
  };
  return (req: Request, res: Response) => {
    const accept = req.headers.accept;
    if (req.path !== '/') return send(req, res, errors.answer(new HttpError(404, 'WebFinger is asked at /.well-known/webfinger'), accept, undefined));
    if (req.method === 'OPTIONS') return preflight(req, res, ALLOW, allowedRequestHeaders.documents, CORS);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(req, res, errors.answer(new HttpError(405, `WebFinger answers ${ALLOW}`, ['Allow', ALLOW]), accept, undefined));
    }
    const resource = req.query.resource;
    if (typeof resource !== 'string' || resource === '') {
      return send(req, res, errors.answer(new HttpError(400, 'give the resource to look up: ?resource=URI (once)'), accept, undefined));
    }
    const known = current();
    if (!known || !known.resources.has(resource)) {
      return send(req, res, errors.answer(new HttpError(404, `nothing is known here about ${resource.slice(0, 200)}`), accept, undefined));
    }
    send(req, res, answer(200, JRD_MEDIA_TYPE, known.body, ['Cache-Control', 'public, max-age=300', ...CORS]));
  };
}
