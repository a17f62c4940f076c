import type { Quad } from '@rdfjs/types';
import type { Router } from 'express';
import type { ResponseRecord } from '../http/log.js';
import type { Profile } from '../pipeline.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { usedPrefixes } from '../rdf/prefixes.js';
import { schema } from '../rdf/vocabulary.js';
import { siteNameOf } from '../render/names.js';
import { examples, renderPage, type PageContext } from '../render/sparql-page.js';
import { toNTriples } from '../render/turtle.js';
import { pathOf, siteUrls } from '../site/layout.js';
import { describeInFormats, serviceDescription } from './description.js';
import { QueryPool, type LoadReport } from './pool.js';
import { createSparqlRouter, type EndpointState } from './router.js';

/**
 * The SPARQL endpoint as one piece for the server: a router to mount at the
 * endpoint's path, `reload` for new data, `close` to stop the workers.
 *
 *   const sparql = await createSparqlService({ profile });
 *   app.use(pathOf(sparql.endpoint), sparql.router);   // before the site's catch-all
 *   ...on new data: await sparql.reload(newProfile);
 *   ...on shutdown: await sparql.close();
 */

export interface SparqlOptions {
  profile: Profile;
  /** The endpoint's URL (default `{base}sparql`); the VoID description should name the same. */
  endpoint?: string;
  /** Time limit of one query (default 5000 ms). */
  timeoutMs?: number;
  /** Queries running or waiting at once (default 32, or 8 per worker where that is more); beyond it, 503 with Retry-After. */
  maxConcurrent?: number;
  /** Rows a SELECT result may have (default 10000). */
  maxRows?: number;
  /** Longest query text, in UTF-8 bytes (default 65536). */
  maxQueryBytes?: number;
  /** Worker threads (default: available parallelism, at most 8). */
  workers?: number;
  /** The site's stylesheet URL, for the HTML page. */
  stylesheet?: string;
  /** Called once per response (the server's access log: `(r) => running.log.response(r)`). */
  onResponse?: (record: ResponseRecord) => void;
  /** Told about queries stopped at the time limit and engine failures (e.g. a line on stderr). */
  log?: (message: string) => void;
}

export interface SparqlService {
  router: Router;
  endpoint: string;
  pool: QueryPool;
  /** What loading the current data cost. */
  lastLoad: LoadReport;
  /** Puts a new version of the data behind the endpoint; resolves once every worker has it. */
  reload(profile: Profile): Promise<LoadReport>;
  close(): Promise<void>;
}

export const DEFAULTS = { timeoutMs: 5000, maxRows: 10_000, maxQueryBytes: 64 * 1024 } as const;

export async function createSparqlService(options: SparqlOptions): Promise<SparqlService> {
  const endpoint = options.endpoint ?? `${options.profile.base}sparql`;
  const pool = new QueryPool({ size: options.workers, timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs, maxConcurrent: options.maxConcurrent });
  const maxRows = options.maxRows ?? DEFAULTS.maxRows;
  const maxQueryBytes = options.maxQueryBytes ?? DEFAULTS.maxQueryBytes;
  // The named graph is the dataset dump's URL: the same triples, downloadable there.
  const graphName = siteUrls(options.profile.base).dataset;

  let state: EndpointState;
  const load = async (profile: Profile): Promise<LoadReport> => {
    if (profile.base !== options.profile.base) throw new Error(`the SPARQL endpoint serves ${options.profile.base}, not ${profile.base}`);
    const quads = [...profile.graph] as Quad[];
    const report = await pool.load(toNTriples(quads), graphName);
    state = endpointState(quads, profile.base, endpoint, report.triples, {
      stylesheet: options.stylesheet, limits: { timeoutMs: pool.timeoutMs, maxRows, maxQueryBytes },
    });
    return report;
  };

  let lastLoad: LoadReport;
  try {
    lastLoad = await load(options.profile);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const router = createSparqlRouter({
    pool, endpoint, state: () => state, limits: { maxRows, maxQueryBytes, graphNames: [graphName] },
    onResponse: options.onResponse, log: options.log,
  });
  const service: SparqlService = {
    router,
    endpoint,
    pool,
    lastLoad,
    async reload(profile) {
      service.lastLoad = await load(profile);
      return service.lastLoad;
    },
    close: () => pool.close(),
  };
  return service;
}

function endpointState(quads: Quad[], base: string, endpoint: string, triples: number,
  page: Pick<PageContext, 'stylesheet' | 'limits'>): EndpointState {
  const urls = siteUrls(base);
  const g = new Graph(quads);
  const description = serviceDescription({ endpoint, graphName: urls.dataset, voidDataset: `${urls.void}#dataset`, voidUrl: urls.void, triples });
  const context: PageContext = {
    ...page,
    path: pathOf(endpoint),
    base,
    title: siteNameOf(g, base),
    triples,
    prefixes: usedPrefixes(quads),
    examples: examples(base, g.node(namedNode(base), schema('mainEntity'))?.value ?? base),
  };
  // The page with an empty query box is the same for every visit: rendered once per data version.
  return { description: describeInFormats(description, endpoint), page: context, emptyPage: Buffer.from(renderPage(context)) };
}
