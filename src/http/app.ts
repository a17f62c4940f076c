import { createReadStream } from 'node:fs';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { linkHeader } from '../render/linkset.js';
import { sizeOf, type Coding, type Resource, type RouteSource, type Variant, type VariantHead } from '../publish/representations.js';
import { documentErrorFormats, ErrorAnswers, HttpError, send, type Answer } from './answer.js';
import { notModified, type Validators } from './conditional.js';
import { allowedMethods, allowedRequestHeaders, documentCors, preflight } from './cors.js';
import { logSent } from './log.js';
import { memoize, negotiate, negotiateEncoding } from './negotiate.js';

/**
 * The Express app: thin routes over the representations a `RouteSource`
 * makes (in memory from the profile, or from a site `lodfolio build` wrote).
 * A request is a lookup for its path, a (memoised) negotiation, the chosen
 * variant's bytes (made once, by the source), a header list made once per
 * made variant and a write. Nothing is serialised here; only bodies too
 * large to hold are streamed from disk.
 */

export interface AppOptions {
  /** Services with their own routes (the SPARQL endpoint), tried before the documents. */
  mounts?: ReadonlyArray<{ path: string; router: RequestHandler }>;
}

const ALLOW = allowedMethods.documents;
const CORS = documentCors;

/** Header lists for one variant, precomputed for each way it can be sent. */
interface Prepared {
  ok: Record<Coding, string[]>;
  notModified: Record<Coding, string[]>;
  /** Every tag of the variant (If-None-Match may name the one of any coding) and its Last-Modified. */
  validators: Validators;
}

export function createApp(source: RouteSource, options: AppOptions = {}): Express {
  const { home, words } = source;

  // One memoised negotiator per list of media types: all documents share one.
  const negotiators = new Map<string, (accept: string | undefined) => number>();
  // (Found by a resource's list of variants, which stays the same object: no key to make per request.)
  const byVariants = new WeakMap<readonly VariantHead[], (accept: string | undefined) => number>();
  const negotiatorFor = (resource: Resource) => {
    let n = byVariants.get(resource.variants);
    if (n) return n;
    const types = resource.variants.map((v) => v.mediaType);
    const key = types.join(',');
    n = negotiators.get(key);
    if (!n) {
      n = memoize((accept) => {
        const chosen = negotiate(accept, types);
        return chosen === undefined ? -1 : types.indexOf(chosen);
      });
      negotiators.set(key, n);
    }
    byVariants.set(resource.variants, n);
    return n;
  };
  // The header lists of each made variant, as it is sent negotiated (at its resource's path) or at its own URL:
  // kept as long as the source keeps the variant's bytes.
  const prepared = new WeakMap<Variant, Partial<Record<'negotiated' | 'named', Prepared>>>();
  const preparedFor = (resource: Resource, v: Variant, negotiated: boolean): Prepared => {
    let both = prepared.get(v);
    if (!both) { both = {}; prepared.set(v, both); }
    const way = negotiated ? 'negotiated' : 'named';
    return both[way] ??= prepare(resource, v, negotiated);
  };
  // Codings the client takes, best first: the first one a variant has is sent.
  const codingsFor = memoize((header) => {
    const order: Coding[] = [];
    let rest: Array<'br' | 'gzip'> = ['br', 'gzip'];
    for (;;) {
      const best = negotiateEncoding(header, rest);
      if (best === 'identity') break;
      order.push(best);
      rest = rest.filter((c) => c !== best);
    }
    order.push('identity');
    return order;
  });
  const errors = new ErrorAnswers(documentErrorFormats(home, words, source.frame), CORS);
  const notFound = errors.prebuilt(new HttpError(404, words.text('error-not-found')), undefined);
  const notAllowed = errors.prebuilt(new HttpError(405, words.text('error-not-allowed', { methods: ALLOW }), ['Allow', ALLOW]), undefined);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  for (const { path, router } of options.mounts ?? []) app.use(path, router);

  app.use((req: Request, res: Response) => {
    const method = req.method;
    const path = req.path.includes('%') ? decodeUnreserved(req.path) : req.path;
    const route = source.route(path);
    // `/~ada` names the folder `/~ada/`: say so, as a static server does for a directory.
    if (!route && (method === 'GET' || method === 'HEAD') && !path.endsWith('/') && source.has(`${path}/`)) {
      const query = req.originalUrl.indexOf('?');
      res.writeHead(301, ['Location', `${path}/${query === -1 ? '' : req.originalUrl.slice(query)}`, 'Content-Length', '0', ...CORS]);
      res.end();
      return logSent(res, 301, 0);
    }

    if (method !== 'GET' && method !== 'HEAD') {
      if (method === 'OPTIONS' && (route || req.url === '*')) return preflight(req, res, ALLOW, allowedRequestHeaders.documents, CORS);
      return send(req, res, (method === 'OPTIONS' ? notFound : notAllowed)(req.headers.accept));
    }
    if (!route) return send(req, res, notFound(req.headers.accept));

    const { resource } = route;
    const negotiated = route.variant === undefined && resource.negotiable;
    const index = negotiated ? negotiatorFor(resource)(req.headers.accept) : route.variant ?? 0;
    if (index < 0) return send(req, res, notAcceptableFor(resource));
    const variant = resource.variant(index);
    const headers = preparedFor(resource, variant, negotiated);
    const codings = codingsFor(req.headers['accept-encoding']);
    let coding = codings[0];
    for (let i = 1; variant.bodies[coding] === undefined; i++) coding = codings[i];

    if (notModified(req.headers, headers.validators)) {
      res.writeHead(304, headers.notModified[coding]);
      res.end();
      return logSent(res, 304, 0, variant.contentType);
    }
    const body = variant.bodies[coding]!;
    res.writeHead(200, headers.ok[coding]);
    if (method === 'HEAD') res.end();
    else if (Buffer.isBuffer(body)) res.end(body);
    else stream(body.file, res);
    logSent(res, 200, method === 'HEAD' ? 0 : sizeOf(body), variant.contentType);
  });

  // Nothing above throws on any input; this is the net under that claim.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) { res.destroy(); return; }
    send(req, res, errors.answer(new HttpError(500, 'the server failed unexpectedly'), req.headers.accept, undefined));
    process.emitWarning(`lodfolio: 500 on ${req.method} ${req.originalUrl.slice(0, 200)}: ${(error as Error)?.stack ?? error}`);
  });
  return app;
}

function prepare(resource: Resource, v: Variant, negotiated: boolean): Prepared {
  const lastModified = v.lastModified.toUTCString();
  const compressible = v.bodies.gzip !== undefined || v.bodies.br !== undefined;
  const vary = [negotiated ? 'Accept' : '', compressible ? 'Accept-Encoding' : ''].filter(Boolean).join(', ');
  // The document's typed links (Signposting), then the other formats, each at its own URL (aliases share a URL and are left out).
  const seen = new Set([v.location]);
  const alternates = resource.variants.filter((o) => !seen.has(o.location) && !!seen.add(o.location));
  const links = [...(resource.links?.length ? [linkHeader(resource.links)] : []), ...alternates.map(alternateLink)];
  const common = [
    'Cache-Control', resource.cacheControl,
    'Last-Modified', lastModified,
    ...(vary ? ['Vary', vary] : []),
    ...(negotiated ? ['Content-Location', v.location] : []),
    ...(links.length > 0 ? ['Link', links.join(', ')] : []),
    ...(resource.mementoDatetime ? ['Memento-Datetime', resource.mementoDatetime.toUTCString()] : []),
    ...CORS,
  ];
  const ok = {} as Record<Coding, string[]>;
  const unchanged = {} as Record<Coding, string[]>;
  for (const coding of ['identity', 'gzip', 'br'] as const) {
    const body = v.bodies[coding];
    if (!body) continue;
    const etag = v.etags[coding]!;
    const encoding = coding === 'identity' ? [] : ['Content-Encoding', coding];
    ok[coding] = ['Content-Type', v.contentType, 'Content-Length', String(sizeOf(body)), 'ETag', etag, ...encoding, ...common];
    unchanged[coding] = ['ETag', etag, ...common];
  }
  return { ok, notModified: unchanged, validators: { etags: Object.values(v.etags), lastModified } };
}

/**
 * `rel=alternate` as a token, not a quoted string: both are RFC 8288, but
 * pyld 2.0.x's document loader crashes on a response with more than one
 * quoted `rel="alternate"` (it groups them into a list, then calls .get on
 * it), and its parser files unquoted values under no rel at all.
 */
function alternateLink(v: VariantHead): string {
  return `<${v.location}>; rel=alternate; type="${v.mediaType}"`;
}

/** A large file, sent as it is read; a read error (the site replaced under it) ends the response short. */
function stream(file: string, res: Response): void {
  const reading = createReadStream(file);
  reading.on('error', () => res.destroy());
  res.on('close', () => reading.destroy());
  reading.pipe(res);
}

/**
 * `%7E` and `~` are the same URL (RFC 3986 §6.2.2.2: percent-encoded
 * unreserved characters are normalised by decoding). Only those: `%2F` is
 * not `/`, and stays undecoded, so it matches nothing.
 */
function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : escape.toUpperCase();
  });
}

/** 406, listing what the resource is available as, and where (RFC 9110 §15.5.7): rare enough to be made when sent. */
function notAcceptableFor(resource: Resource): Answer {
  const seen = new Set<string>();
  const lines = resource.variants.filter((v) => !seen.has(v.mediaType) && !!seen.add(v.mediaType)).map((v) => `  ${v.mediaType}  ${v.location}`);
  const links = [...new Set(resource.variants.map((v) => v.location))]
    .map((location) => alternateLink(resource.variants.find((v) => v.location === location)!));
  // In plain text: the client reads none of the document's formats.
  return notAcceptableErrors.answer(new HttpError(406, `this document is available as\n${lines.join('\n')}`, ['Link', links.join(', ')]), undefined, undefined);
}

const notAcceptableErrors = new ErrorAnswers<undefined>([], CORS);
