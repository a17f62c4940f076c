import type { Quad } from '@rdfjs/types';
import type { Request, RequestHandler, Response } from 'express';
import { documentFormats, formats } from '../formats.js';
import { answer, send } from '../http/answer.js';
import { allowedMethods, allowedRequestHeaders, preflight, queryCors } from '../http/cors.js';
import type { Words } from '../labels.js';
import { memoize, negotiate } from '../http/negotiate.js';
import type { Profile } from '../pipeline.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { usedPrefixes } from '../rdf/prefixes.js';
import { schema } from '../rdf/vocabulary.js';
import { siteNameOf } from '../render/names.js';
import { examples, renderPage } from '../render/sparql-page.js';

/**
 * The site's `/sparql` when the data lives in a SPARQL store elsewhere
 * (`serve --sparql-endpoint URL`): a browser asking for the page gets the
 * site's own query page, whose form and examples ask the store; every
 * query, and an RDF client asking for the service description, is sent on
 * with `307 Temporary Redirect` to the store's endpoint, the query string
 * kept (307, unlike 302, keeps the method and body of a POST).
 *
 * A redirect rather than a proxy: the store is public anyway (the VoID
 * description and a static build name it, and a static host has no proxy
 * to offer), so a proxy would only add a second hop, a second copy of each
 * result through this server, and limits that could not stop a query the
 * store is already running. The store's own limits (Virtuoso's
 * ResultSetMaxRows and MaxQueryExecutionTime, Fuseki's timeouts) are the
 * ones that hold. The cost: a client must follow redirects, and for a POST
 * follow a 307 with its body (curl -L, browsers' fetch, Jena and rdflib do;
 * Python's urllib does not, so SPARQLWrapper should use GET, its default).
 */

export interface StoreRedirectOptions {
  /** The store's SPARQL endpoint: where queries go. */
  endpoint: string;
  profile: Profile;
  /** The site's stylesheet path, for the page. */
  stylesheet?: string;
  /** The words of the site's language, for the page. */
  words: Words;
}

const ALLOW = allowedMethods.queries;
/** A browser (HTML preferred, or no Accept at all) gets the page; an RDF client the store's own description. */
const documentTypes = documentFormats.map((f) => formats[f].mediaType);
const chooseHtml = memoize((accept) => negotiate(accept, documentTypes) === formats.html.mediaType);

export function createStoreRedirect(options: StoreRedirectOptions): RequestHandler {
  const { endpoint } = options;
  const page = answer(200, formats.html.contentType, Buffer.from(storePage(options)),
    ['Cache-Control', 'public, max-age=300', 'Vary', 'Accept', ...queryCors]);
  const notAllowed = answer(405, 'text/plain; charset=utf-8', Buffer.from(`405 Method Not Allowed: the SPARQL endpoint answers ${ALLOW}\n`),
    ['Allow', ALLOW, ...queryCors]);

  return (req: Request, res: Response) => {
    const search = searchOf(req.originalUrl);
    // Only the endpoint's own path: /sparql/x is not an endpoint.
    if (req.path !== '/') return send(req, res, answer(404, 'text/plain; charset=utf-8', Buffer.from('404 Not Found\n'), queryCors));
    if (req.method === 'OPTIONS') return preflight(req, res, ALLOW, allowedRequestHeaders.queries, queryCors);
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return send(req, res, notAllowed);
    if (req.method !== 'POST' && !new URLSearchParams(search).has('query') && chooseHtml(req.headers.accept)) return send(req, res, page);
    const location = redirectTarget(endpoint, search);
    send(req, res, answer(307, 'text/plain; charset=utf-8', Buffer.from(`307 Temporary Redirect: this site's SPARQL endpoint is ${location}\n`),
      ['Location', location, 'Vary', 'Accept', ...queryCors]));
  };
}

/** The store's endpoint with the request's query string (after the endpoint's own, where it has one). */
export function redirectTarget(endpoint: string, search: string): string {
  if (!search) return endpoint;
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${search}`;
}

/** The site's query page, asking the store: the same prefixes and examples as the embedded endpoint's. */
function storePage(options: StoreRedirectOptions): string {
  const { profile, endpoint, words } = options;
  const quads = [...profile.graph] as Quad[];
  const g = new Graph(quads);
  return renderPage({
    path: endpoint,
    base: profile.base,
    title: siteNameOf(g, profile.base, words),
    triples: quads.length,
    prefixes: usedPrefixes(quads),
    examples: examples(profile.base, g.node(namedNode(profile.base), schema('mainEntity'))?.value ?? profile.base, words),
    stylesheet: options.stylesheet,
    words,
  });
}

function searchOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? '' : url.slice(q + 1);
}
