import { createHash } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import type { Router } from 'express';
import { Parser } from 'n3';
import { formats } from '../formats.js';
import { defaultWords, type Words } from '../labels.js';
import type { Profile } from '../pipeline.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { prefixes, schema } from '../rdf/vocabulary.js';
import { siteNameOf } from '../render/names.js';
import { examples, renderPage, type PageContext } from '../render/sparql-page.js';
import { toNTriples } from '../render/turtle.js';
import { pathOf, SiteUrls } from '../site/layout.js';
import { describeInFormats, serviceDescription } from './description.js';
import { DEFAULT_CACHE_BYTES } from '../publish/cache.js';
import { profileDataset } from '../publish/profile-site.js';
import { ResultCache } from './cache.js';
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
 *
 * The data is a built profile, or the N-Triples of one (a static export's
 * `dataset.nt`, read from disk) with the base it was published under:
 *
 *   await createSparqlService({ data: { ntriples: await readFile(file), base } });
 */

/** What the endpoint serves: a profile, or its N-Triples (with the base its IRIs are under). */
export type SparqlData =
  | { profile: Profile }
  | {
    ntriples: Uint8Array | string;
    base: string;
    /** Names this data for ETags: the same text must have the same version (default: a hash of the text). */
    version?: string;
  };

export interface SparqlOptions {
  /** The data (or give `data`). */
  profile?: Profile;
  data?: SparqlData;
  /** The endpoint's URL (default `{base}sparql`); the VoID description should name the same. */
  endpoint?: string;
  /** Time limit of one query (default 5000 ms). */
  timeoutMs?: number;
  /** Queries waiting for a worker, at most (default 8 per worker); one more is answered 503 at once, with Retry-After. */
  queueLength?: number;
  /** Rows a SELECT result may have (default 10000). */
  maxRows?: number;
  /** Longest query text, in UTF-8 bytes (default 65536). */
  maxQueryBytes?: number;
  /** Worker threads (default: available parallelism, at most 8). */
  workers?: number;
  /**
   * Bytes of answers kept for the current data version (default 64 MiB;
   * 0 keeps none). Least recently used go first; an answer over an eighth
   * of this is never kept.
   */
  cacheBytes?: number;
  /** The site's stylesheet URL, for the HTML page. */
  stylesheet?: string;
  /** The words of the site's language, for the HTML page (default: English). */
  words?: Words;
  /** Told about queries stopped at the time limit and engine failures (e.g. a line on stderr). */
  log?: (message: string) => void;
}

/** What loading one version of the data cost, and what it holds. */
export interface ServiceLoad extends LoadReport {
  /** The version answers' ETags are made from. */
  version: string;
  /** The whole load: serialising (from a profile), hashing, every worker's store. */
  ms: number;
}

export interface SparqlService {
  router: Router;
  endpoint: string;
  pool: QueryPool;
  /** What loading the current data cost, with each worker's memory then. */
  lastLoad: ServiceLoad;
  /** Each worker's WebAssembly memory now (it grows with the queries it has run), in bytes. */
  readonly workerMemory: Array<number | undefined>;
  /** The answers kept for the current version. */
  readonly cache: ResultCache;
  /**
   * Puts a new version of the data behind the endpoint (and of the site's
   * words, where they are given); resolves once every worker has it.
   * Empties the cache.
   */
  reload(data: Profile | SparqlData, words?: Words): Promise<ServiceLoad>;
  close(): Promise<void>;
}

export const DEFAULTS = { timeoutMs: 5000, maxRows: 10_000, maxQueryBytes: 64 * 1024, cacheBytes: DEFAULT_CACHE_BYTES } as const;

export async function createSparqlService(options: SparqlOptions): Promise<SparqlService> {
  const first = dataOf(options);
  const base = baseOf(first);
  const urls = new SiteUrls(base);
  const endpoint = options.endpoint ?? urls.sparql;
  const cacheBytes = options.cacheBytes ?? DEFAULTS.cacheBytes;
  const maxRows = options.maxRows ?? DEFAULTS.maxRows;
  const maxQueryBytes = options.maxQueryBytes ?? DEFAULTS.maxQueryBytes;
  // Checked before any worker starts.
  new ResultCache(cacheBytes);
  const pool = new QueryPool({ size: options.workers, timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs, queueLength: options.queueLength });
  // The named graph is the dataset dump's URL: the same triples, downloadable there.
  const graphName = urls.dataset;
  const page = { stylesheet: options.stylesheet, limits: { timeoutMs: pool.timeoutMs, maxRows, maxQueryBytes }, words: options.words ?? defaultWords() };

  let state: EndpointState;
  const load = async (data: SparqlData): Promise<ServiceLoad> => {
    if (baseOf(data) !== base) throw new Error(`the SPARQL endpoint serves ${base}, not ${baseOf(data)}`);
    const started = performance.now();
    const quads = 'profile' in data ? profileDataset(data.profile) : undefined;
    const text = 'profile' in data ? Buffer.from(toNTriples(quads!)) : data.ntriples;
    const version = ('version' in data ? data.version : undefined) ?? versionOf(text);
    // Answers computed while the workers change data may be of either version: none are kept meanwhile.
    state?.cache.freeze();
    let report: LoadReport;
    try {
      report = await pool.load(text, graphName);
    } catch (error) {
      // Refused data leaves every worker with the version it had.
      state?.cache.thaw();
      throw error;
    }
    const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    // The workers have the new data now: a page with the host for a title is better than the old version's answers.
    const about = quads ?? await pageQuads(pool, base, endpoint).catch(() => []);
    state = endpointState(about, usedNamespaces(bytes), urls, endpoint, report.triples, version, new ResultCache(cacheBytes), page);
    return { ...report, version, ms: performance.now() - started };
  };

  let lastLoad: ServiceLoad;
  try {
    lastLoad = await load(first);
  } catch (error) {
    await pool.close();
    throw error;
  }
  const router = createSparqlRouter({
    pool, endpoint, state: () => state, limits: { maxRows, maxQueryBytes, graphNames: [graphName] },
    log: options.log,
  });
  const service: SparqlService = {
    router,
    endpoint,
    pool,
    lastLoad,
    get workerMemory() { return pool.workerMemory; },
    get cache() { return state.cache; },
    async reload(data, words) {
      if (words) page.words = words;
      service.lastLoad = await load(isProfile(data) ? { profile: data } : data);
      return service.lastLoad;
    },
    close: () => pool.close(),
  };
  return service;
}

/**
 * One line on what the endpoint holds, for the log when it is ready:
 * `SPARQL: 1000000 triples (101.0 MB of N-Triples) in 2 workers, loaded in 6.1 s; worker memory 388 MB + 388 MB`.
 */
export function describeLoad(load: ServiceLoad, memory: Array<number | undefined> = load.workerMemory): string {
  const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
  const workers = memory.length;
  const seconds = load.ms < 1000 ? `${Math.round(load.ms)} ms` : `${(load.ms / 1000).toFixed(1)} s`;
  const known = memory.every((m) => m !== undefined);
  return `SPARQL: ${load.triples} triples (${mb(load.bytes)} of N-Triples) in ${workers} worker${workers === 1 ? '' : 's'}, loaded in ${seconds}; ` +
    `worker memory ${known ? memory.map((m) => mb(m!)).join(' + ') : 'unknown'}`;
}

function dataOf(options: SparqlOptions): SparqlData {
  if (options.data && options.profile) throw new Error('give the SPARQL service its data once: as profile or as data, not both');
  const data = options.data ?? (options.profile ? { profile: options.profile } : undefined);
  if (!data) throw new Error('the SPARQL service needs data: a profile, or N-Triples with their base');
  return data;
}

function isProfile(data: Profile | SparqlData): data is Profile {
  return 'graph' in data && 'base' in data && !('ntriples' in data);
}

function baseOf(data: SparqlData): string {
  return 'profile' in data ? data.profile.base : data.base;
}

function versionOf(text: Uint8Array | string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** The prefixes (of the site's table) whose namespaces the N-Triples use: each IRI is written `<...>` in them. */
function usedNamespaces(ntriples: Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(prefixes).filter(([, ns]) => ntriples.includes(`<${ns}`)));
}

/**
 * What the page needs from data that came as N-Triples: the triples of the
 * page at the base and of its main entity (its title, the examples'
 * scholar), asked of a worker rather than parsing the whole text here.
 */
async function pageQuads(pool: QueryPool, base: string, endpoint: string): Promise<Quad[]> {
  const query = `CONSTRUCT { ?s ?p ?o } WHERE { { BIND (<${base}> AS ?s) ?s ?p ?o } UNION { <${base}> <${schema('mainEntity')}> ?s . ?s ?p ?o } }`;
  const result = await pool.run({ query, format: formats.ntriples.engine, baseIri: endpoint });
  return new Parser({ format: formats.ntriples.mediaType }).parse(result.body.toString('utf8')) as Quad[];
}

function endpointState(quads: Quad[], used: Record<string, string>, urls: SiteUrls, endpoint: string, triples: number,
  version: string, cache: ResultCache, page: Pick<PageContext, 'stylesheet' | 'limits' | 'words'>): EndpointState {
  const { base } = urls;
  const g = new Graph(quads);
  const description = serviceDescription({ endpoint, graphName: urls.dataset, voidDataset: `${urls.void}#dataset`, voidUrl: urls.void, triples });
  const context: PageContext = {
    ...page,
    path: pathOf(endpoint),
    base,
    title: siteNameOf(g, base, page.words),
    triples,
    prefixes: used,
    examples: examples(base, g.node(namedNode(base), schema('mainEntity'))?.value ?? base, page.words),
  };
  // The page with an empty query box is the same for every visit: rendered once per data version.
  return { description: describeInFormats(description, endpoint), page: context, emptyPage: Buffer.from(renderPage(context)), version, cache };
}
