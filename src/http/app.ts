import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { escape } from '../formats/html.js';
import { preflight } from './cors.js';
import { memoize, negotiate, negotiateEncoding } from './negotiate.js';
import type { Coding, Representations, Resource, Variant } from './representations.js';

/**
 * The Express app: thin routes over the prebuilt representations. A request
 * is a Map lookup for its path, a (memoised) negotiation, a precomputed
 * header list and a write of prebuilt bytes. Nothing is read from disk and
 * nothing is serialised here.
 */

export interface ResponseRecord {
  method: string;
  url: string;
  status: number;
  /** Body bytes sent (0 for HEAD and 304). */
  bytes: number;
  contentType?: string;
  /** performance.now() when the app got the request. */
  started: number;
}

export interface AppOptions {
  /** Called once per response the app writes: the server's access log. */
  onResponse?: (record: ResponseRecord) => void;
  /** Services with their own routes (the SPARQL endpoint), tried before the documents. */
  mounts?: ReadonlyArray<{ path: string; router: RequestHandler }>;
}

const ALLOW = 'GET, HEAD, OPTIONS';
const EXPOSE = 'ETag, Link, Content-Location, Vary';
const CORS = ['Access-Control-Allow-Origin', '*', 'Access-Control-Expose-Headers', EXPOSE, 'X-Content-Type-Options', 'nosniff'];

/** Header lists for one variant, precomputed for each way it can be sent. */
interface Prepared {
  ok: Record<Coding, string[]>;
  notModified: Record<Coding, string[]>;
}

export function createApp(representations: Representations, options: AppOptions = {}): Express {
  const { routes, lastModified, home } = representations;
  const onResponse = options.onResponse ?? (() => {});
  const lastModifiedHttp = lastModified.toUTCString();
  const lastModifiedSeconds = Math.floor(lastModified.getTime() / 1000) * 1000;

  // One memoised negotiator per list of media types: all documents share one.
  const negotiators = new Map<string, (accept: string | undefined) => number>();
  const negotiatorFor = (resource: Resource) => {
    const types = resource.variants.map((v) => v.mediaType);
    const key = types.join(',');
    let n = negotiators.get(key);
    if (!n) {
      n = memoize((accept) => {
        const chosen = negotiate(accept, types);
        return chosen === undefined ? -1 : types.indexOf(chosen);
      });
      negotiators.set(key, n);
    }
    return n;
  };
  // Everything a path needs, in one object: a request costs one Map lookup to find it.
  const entries = new Map<string, Entry>();
  const refusals = new Map<Resource, Prebuilt>(); // one 406 per resource, whichever of its URLs is asked
  for (const [path, route] of routes) {
    const negotiated = route.variant === undefined && route.resource.negotiable;
    const variants = route.variant ? [route.variant] : route.resource.variants;
    entries.set(path, {
      resource: route.resource,
      variants,
      prepared: variants.map((v) => prepare(route.resource, v, negotiated, lastModifiedHttp)),
      choose: negotiated ? negotiatorFor(route.resource) : undefined,
      notAcceptable: refusals.get(route.resource) ?? refusals.set(route.resource, notAcceptableFor(route.resource)).get(route.resource)!,
    });
  }
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
  const errorFor = prebuildErrors(home);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  for (const { path, router } of options.mounts ?? []) app.use(path, router);

  app.use((req: Request, res: Response) => {
    const started = performance.now();
    const method = req.method;
    const path = req.path;
    const entry = entries.get(path);
    // (A closure per request only off the common path.)
    const finisher = (): Finish => (status, bytes, contentType) =>
      onResponse({ method, url: req.originalUrl, status, bytes, contentType, started });

    if (method !== 'GET' && method !== 'HEAD') {
      if (method === 'OPTIONS' && (entry || req.url === '*')) {
        preflight(req, res, ALLOW, 'Accept, Accept-Encoding, If-None-Match, If-Modified-Since', CORS);
        return finisher()(204, 0);
      }
      if (method === 'OPTIONS') return send(req, res, errorFor(404, req.headers.accept), finisher());
      return send(req, res, errorFor(405, req.headers.accept), finisher());
    }
    if (!entry) return send(req, res, errorFor(404, req.headers.accept), finisher());

    const index = entry.choose ? entry.choose(req.headers.accept) : 0;
    if (index < 0) return send(req, res, entry.notAcceptable, finisher());
    const variant = entry.variants[index];
    const headers = entry.prepared[index];
    const codings = codingsFor(req.headers['accept-encoding']);
    let coding = codings[0];
    for (let i = 1; variant.bodies[coding] === undefined; i++) coding = codings[i];

    const ifNoneMatch = req.headers['if-none-match'];
    const notModified = ifNoneMatch !== undefined
      ? etagMatches(ifNoneMatch, variant)
      : req.headers['if-modified-since'] !== undefined && notModifiedSince(req.headers['if-modified-since'], lastModifiedSeconds);
    if (notModified) {
      res.writeHead(304, headers.notModified[coding]);
      res.end();
      onResponse({ method, url: req.originalUrl, status: 304, bytes: 0, contentType: variant.contentType, started });
      return;
    }
    const body = variant.bodies[coding]!;
    res.writeHead(200, headers.ok[coding]);
    if (method === 'HEAD') res.end(); else res.end(body);
    onResponse({ method, url: req.originalUrl, status: 200, bytes: method === 'HEAD' ? 0 : body.length, contentType: variant.contentType, started });
  });

  // Nothing above throws on any input; this is the net under that claim.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const started = performance.now();
    if (res.headersSent) { res.destroy(); return; }
    const body = 'Internal Server Error\n';
    res.writeHead(500, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length), 'Cache-Control', 'no-store', ...CORS]);
    res.end(req.method === 'HEAD' ? undefined : body);
    onResponse({ method: req.method, url: req.originalUrl, status: 500, bytes: body.length, started });
    process.emitWarning(`lodfolio: 500 on ${req.method} ${req.originalUrl.slice(0, 200)}: ${(error as Error)?.stack ?? error}`);
  });
  return app;
}

interface Entry {
  resource: Resource;
  /** The resource's variants, or the one a suffix URL names. */
  variants: Variant[];
  prepared: Prepared[];
  /** Index into variants for an Accept header (-1: none acceptable); absent when not negotiated. */
  choose?: (accept: string | undefined) => number;
  notAcceptable: Prebuilt;
}

function prepare(resource: Resource, v: Variant, negotiated: boolean, lastModified: string): Prepared {
  const compressible = v.bodies.gzip !== undefined || v.bodies.br !== undefined;
  const vary = [negotiated ? 'Accept' : '', compressible ? 'Accept-Encoding' : ''].filter(Boolean).join(', ');
  // The other formats, each at its own URL (aliases share a URL and are left out).
  const seen = new Set([v.location]);
  const links = resource.variants.filter((o) => !seen.has(o.location) && !!seen.add(o.location)).map(alternateLink);
  const common = [
    'Cache-Control', resource.cacheControl,
    'Last-Modified', lastModified,
    ...(vary ? ['Vary', vary] : []),
    ...(negotiated ? ['Content-Location', v.location] : []),
    ...(links.length > 0 ? ['Link', links.join(', ')] : []),
    ...CORS,
  ];
  const ok = {} as Record<Coding, string[]>;
  const notModified = {} as Record<Coding, string[]>;
  for (const coding of ['identity', 'gzip', 'br'] as const) {
    const body = v.bodies[coding];
    if (!body) continue;
    const etag = v.etags[coding]!;
    const encoding = coding === 'identity' ? [] : ['Content-Encoding', coding];
    ok[coding] = ['Content-Type', v.contentType, 'Content-Length', String(body.length), 'ETag', etag, ...encoding, ...common];
    notModified[coding] = ['ETag', etag, ...common];
  }
  return { ok, notModified };
}

/**
 * `rel=alternate` as a token, not a quoted string: both are RFC 8288, but
 * pyld 2.0.x's document loader crashes on a response with more than one
 * quoted `rel="alternate"` (it groups them into a list, then calls .get on
 * it), and its parser files unquoted values under no rel at all.
 */
function alternateLink(v: Variant): string {
  return `<${v.location}>; rel=alternate; type="${v.mediaType}"`;
}

/** If-None-Match uses weak comparison (RFC 9110 §13.1.2): any tag of this variant, in any encoding. */
function etagMatches(header: string, v: Variant): boolean {
  if (header.trim() === '*') return true;
  const tags = Object.values(v.etags);
  for (const raw of header.split(',')) {
    const tag = raw.trim().replace(/^W\//, '');
    if (tags.includes(tag)) return true;
  }
  return false;
}

function notModifiedSince(header: string, lastModified: number): boolean {
  const since = Date.parse(header);
  return Number.isFinite(since) && lastModified <= since;
}

type Finish = (status: number, bytes: number, contentType?: string) => void;

interface ErrorPage { contentType: string; body: (status: number, title: string, detail: string) => string }

const reasons: Record<number, [string, string]> = {
  404: ['Not Found', 'There is no document at this address.'],
  405: ['Method Not Allowed', `This site only answers ${ALLOW}.`],
};

/** Error bodies in each format a client may ask for; RDF ones are empty graphs with a comment. */
function errorPages(home: string): Map<string, ErrorPage> {
  const html: ErrorPage = {
    contentType: 'text/html; charset=utf-8',
    body: (status, title, detail) => '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n' +
      `<head><meta charset="utf-8"/><title>${status} ${escape(title)}</title></head>\n` +
      `<body><main><h1>${escape(title)}</h1><p>${escape(detail)}</p><p><a href="${escape(home)}">Go to the profile</a></p></main></body>\n</html>\n`,
  };
  const comment = (status: number, title: string, detail: string) => `# ${status} ${title}: ${detail}\n`;
  const json = (status: number, title: string, detail: string) => `${JSON.stringify({ error: { status, title, detail } }, null, 2)}\n`;
  return new Map<string, ErrorPage>([
    ['text/html', html],
    ['text/turtle', { contentType: 'text/turtle; charset=utf-8', body: comment }],
    ['application/ld+json', { contentType: 'application/ld+json', body: json }],
    ['application/n-triples', { contentType: 'application/n-triples', body: comment }],
    ['application/rdf+xml', {
      contentType: 'application/rdf+xml; charset=utf-8',
      body: (status, title, detail) => `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${status} ${title}: ${detail} -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n`,
    }],
    ['application/xhtml+xml', { ...html, contentType: 'application/xhtml+xml; charset=utf-8' }],
    ['application/json', { contentType: 'application/json', body: json }],
    ['text/plain', { contentType: 'text/plain; charset=utf-8', body: (status, title, detail) => `${status} ${title}: ${detail}\n` }],
  ]);
}

/** A finished error answer: bytes and headers, sent as they are. */
interface Prebuilt { status: number; body: Buffer; headers: string[]; contentType: string }

/**
 * The 404 and 405 answers in every format, built once with the app: a
 * request only negotiates which one to send.
 */
function prebuildErrors(home: string): (status: 404 | 405, accept: string | undefined) => Prebuilt {
  const pages = errorPages(home);
  const types = [...pages.keys()];
  const choose = memoize((accept) => negotiate(accept, types) ?? 'text/plain');
  const built = new Map<string, Prebuilt>();
  for (const status of [404, 405] as const) {
    const [title, detail] = reasons[status];
    for (const [type, page] of pages) {
      const body = Buffer.from(page.body(status, title, detail));
      built.set(`${status} ${type}`, { status, body, contentType: page.contentType, headers: [
        'Content-Type', page.contentType, 'Content-Length', String(body.length), 'Cache-Control', 'no-store', 'Vary', 'Accept',
        ...(status === 405 ? ['Allow', ALLOW] : []), ...CORS] });
    }
  }
  return (status, accept) => built.get(`${status} ${choose(accept)}`)!;
}

function send(req: Request, res: Response, answer: Prebuilt, finish: Finish): void {
  res.writeHead(answer.status, answer.headers);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
  finish(answer.status, req.method === 'HEAD' ? 0 : answer.body.length, answer.contentType);
}

/** 406, listing what the resource is available as, and where (RFC 9110 §15.5.7); built once per resource. */
function notAcceptableFor(resource: Resource): Prebuilt {
  const seen = new Set<string>();
  const lines = resource.variants.filter((v) => !seen.has(v.mediaType) && !!seen.add(v.mediaType)).map((v) => `  ${v.mediaType}  ${v.location}`);
  const body = Buffer.from(`406 Not Acceptable: this document is available as\n${lines.join('\n')}\n`);
  const links = [...new Set(resource.variants.map((v) => v.location))]
    .map((location) => alternateLink(resource.variants.find((v) => v.location === location)!));
  const contentType = 'text/plain; charset=utf-8';
  return { status: 406, body, contentType, headers: ['Content-Type', contentType, 'Content-Length', String(body.length), 'Cache-Control', 'no-store',
    'Vary', 'Accept', 'Link', links.join(', '), ...CORS] };
}
