import type { Express, RequestHandler } from 'express';
import { baseFor, ontologyDir, publicDir as defaultPublicDir, type Config } from './config.js';
import { answer, HttpError, send } from './http/answer.js';
import { createApp } from './http/app.js';
import { webfingerRouter } from './http/webfinger.js';
import { EventStreams } from './http/events.js';
import { builtTimeGate, mementoRouter } from './http/memento.js';
import { gitBookkeeping, revisionsOf } from './history.js';
import { PastVersions } from './publish/versions.js';
import { queryCors } from './http/cors.js';
import { listen, type Listening } from './http/listen.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { watchFolders } from './watch.js';
import { formats } from './formats.js';
import { formatIssue, InvalidProfileError } from './issues.js';
import type { Words } from './labels.js';
import { lastModifiedOf, ProfileBuilder, type Profile } from './pipeline.js';
import { publishProfile } from './publish/profile-site.js';
import { fileNameOf } from './publish/export.js';
import { compileCitationStyles } from './render/citations.js';
import { openSite, readCurrentBuild, type SiteFiles, type SiteFilesOptions } from './publish/site-files.js';
import type { Representations, RouteSource } from './publish/representations.js';
import type { Site } from './site/index.js';
import { pathOf, SiteUrls } from './site/layout.js';
import { createSparqlService, type SparqlOptions, type SparqlService } from './sparql/index.js';
import { createStoreRedirect } from './store/redirect.js';

/**
 * The whole server, wired in one place: the profile is built from its
 * folder, sliced into a site, every representation is made, and the
 * Express app answers from them, with the SPARQL endpoint mounted beside.
 * The CLI (`serve`), the tests and the benchmarks all build it here.
 *
 *   const server = await createServer({ dataDir, base });   // everything built, nothing listening
 *   await server.startSparql();                              // until then /sparql answers 503
 *   http.createServer(server.app) ... ; await server.close();
 *
 * `serve(config)` does the same behind a listening socket, as `lodfolio serve` runs it.
 */

export interface ServerOptions {
  dataDir: string;
  base: string;
  /** When the data last changed (Last-Modified, VoID); default: the newest file of the data and the ontology. */
  lastModified?: Date;
  /** Static assets (default: the project's public/). */
  publicDir?: string;
  /** The SPARQL endpoint's limits, or false for none (documents only). */
  sparql?: false | Pick<SparqlOptions, 'timeoutMs' | 'queueLength' | 'maxRows' | 'maxQueryBytes' | 'workers' | 'cacheBytes'>;
  /**
   * The endpoint of a SPARQL store holding the data (`lodfolio push`), used
   * instead of the embedded one: VoID and the pages name it, and `/sparql`
   * shows the query page asking it and redirects queries to it (store/redirect.ts).
   */
  sparqlEndpoint?: string;
  /** Problems worth a line on stderr (skipped assets, stopped queries). */
  warn?: (message: string) => void;
  /** How many bytes of rendered documents to keep in memory (default 64 MiB). */
  cacheBytes?: number;
  /** A builder to reuse (its compiled schema and shapes); default: one for the project's ontology. */
  builder?: ProfileBuilder;
  /**
   * The server this one replaces, after a change to the data: documents
   * whose bytes are the same keep their Last-Modified, and its SPARQL
   * endpoint (workers and all) passes to this server with the new data.
   */
  previous?: LodfolioServer;
  /** Under `serve --watch`: the stream that tells open pages of each new version; every page listens to it. */
  events?: EventStreams;
}

export interface LodfolioServer {
  /** The request handler: documents, and /sparql once started. */
  app: Express;
  profile: Profile;
  site: Site;
  representations: Representations;
  /** The endpoint's URL, where there is one. */
  sparqlEndpoint: string | undefined;
  /** The endpoint, once `startSparql` has resolved. */
  sparql: SparqlService | undefined;
  /** Starts the query workers (after the documents, so the two do not compete for the CPU at start-up). */
  startSparql(): Promise<SparqlService | undefined>;
  /** Stops the query workers (unless a successor has taken them over). */
  close(): Promise<void>;
  /** Hands the running endpoint to the server that replaces this one; this one then closes nothing. */
  handOver(): SparqlService | undefined;
}

export async function createServer(options: ServerOptions): Promise<LodfolioServer> {
  const { dataDir, base } = options;
  const warn = options.warn ?? (() => {});
  const builder = options.builder ?? await ProfileBuilder.create();
  const profile = await builder.build(dataDir, base);
  const urls = new SiteUrls(base);
  const sparqlEndpoint = options.sparqlEndpoint ?? (options.sparql === false ? undefined : urls.sparql);
  const { site, representations } = await publishProfile(profile, {
    lastModified: options.lastModified ?? await lastModifiedOf([dataDir, ontologyDir]),
    sparqlEndpoint, publicDir: options.publicDir ?? defaultPublicDir, warn,
    previous: options.previous?.representations, cacheBytes: options.cacheBytes,
    liveEvents: options.events ? pathOf(urls.liveEvents) : undefined,
  });

  let sparql: SparqlService | undefined;
  // Taken over from the server this one replaces: loaded with the new data by startSparql. The
  // closures below read no `options`, which names the previous server: holding it would keep
  // every old version alive, each through the next.
  const inherited = options.previous?.handOver();
  const { sparql: limits, sparqlEndpoint: store } = options;
  const embedded = sparqlEndpoint !== undefined && limits !== false && !store;
  let starting: Promise<SparqlService | undefined> | undefined;
  let closed = false;
  let handedOver = false;
  const { stylesheet } = representations.frame;
  const mounts = [
    ...(store
      ? [{ path: pathOf(urls.sparql), router: createStoreRedirect({ endpoint: store, profile, stylesheet, words: representations.words }) }]
      : sparqlEndpoint ? [{ path: pathOf(sparqlEndpoint), router: sparqlGate(() => sparql) }] : []),
    webfingerMount(urls, representations),
    ...(options.events ? [{ path: pathOf(urls.liveEvents), router: options.events.handler }] : []),
  ];
  // A profile kept in git has its past versions served as mementos; one that is not is served without.
  const revisions = await revisionsOf(dataDir);
  if (revisions && revisions.length > 0) {
    const versions = new PastVersions(revisions, { dataDir, base, builder, publicDir: options.publicDir ?? defaultPublicDir, warn });
    mounts.push({ path: '/', router: mementoRouter(urls, representations, versions) });
  }
  const app = createApp(representations, { mounts });

  const server: LodfolioServer = {
    app, profile, site, representations, sparqlEndpoint,
    get sparql() { return sparql; },
    startSparql() {
      if (!embedded) return Promise.resolve(undefined);
      if (inherited) {
        starting ??= inherited.reload(profile, representations.words).then(() => { sparql = inherited; return inherited; });
        return starting;
      }
      starting ??= (async () => {
        const service = await createSparqlService({ ...limits, profile, endpoint: sparqlEndpoint!, log: warn, stylesheet, words: representations.words });
        // Closed while the workers were starting: stop them again.
        if (closed) { await service.close(); return undefined; }
        sparql = service;
        return service;
      })();
      return starting;
    },
    async close() {
      closed = true;
      await starting?.catch(() => undefined);
      if (!handedOver) await sparql?.close();
    },
    handOver() {
      // The old app keeps answering /sparql with it until the new app takes over; only closing it passes on.
      handedOver = true;
      return sparql;
    },
  };
  return server;
}

/**
 * The endpoint's route before its workers are ready: 503 with Retry-After,
 * for the moment they take to start; then the endpoint itself.
 */
function sparqlGate(service: () => SparqlService | undefined): RequestHandler {
  const startingUp = new HttpError(503, 'the SPARQL endpoint is starting; retry in a second', ['Retry-After', '1']);
  const body = Buffer.from(`503 ${startingUp.reason}: ${startingUp.message}\n`);
  const reply = answer(503, 'text/plain; charset=utf-8', body, ['Cache-Control', 'no-store', ...startingUp.headers, ...queryCors]);
  return (req, res, next) => {
    const ready = service();
    if (ready) return ready.router(req, res, next);
    send(req, res, reply);
  };
}

export interface Serving {
  /** The server answering now (after a rebuild under `watch`, the newest). */
  server: LodfolioServer;
  listening: Listening;
  /** The base IRIs are minted under (follows the port bound when the port was 0 and no base was given). */
  base: string;
  /** Resolves once the server has stopped (`stop`, or a failed start). */
  closed: Promise<void>;
  /** Finishes the requests in flight, then stops listening and stops the workers. */
  stop(): Promise<void>;
}

/**
 * `lodfolio serve`: listens first (a taken port fails before a second is
 * spent building, and with port 0 the base can name the port bound), serves
 * the documents as soon as they are built, then starts the SPARQL workers.
 */
export interface ServeOptions extends Omit<ServerOptions, 'dataDir' | 'base' | 'previous' | 'events'> {
  /** Where the access log goes (stdout by default). */
  write?: (text: string) => void;
  /**
   * Rebuild when the data or the ontology changes (`lodfolio serve --watch`); told how each rebuild went.
   * The pages then listen to an event stream, and reload when a new version is published (http/events.ts).
   */
  watch?: (outcome: Rebuilt) => void;
}

/** How a rebuild under `watch` went: published, or refused with the problems (the last good version stays). */
export type Rebuilt = { published: true; documents: number; triples: number; ms: number } | { published: false; error: unknown; ms: number };

/**
 * How far a server's heap may grow past what was live after its last full
 * collection before it collects again, in percent. V8's own factor (up to
 * 4 where memory is plentiful) let the 702-triple demo's server, about 130
 * MB live, pass 400 MB of RSS under load; at 20% the heap stays sized to
 * what the server holds, whatever the data, with no limit to guess (a
 * `--max-old-space-size` set too low would end the server with "heap out of
 * memory", and node reads that flag only at start). V8 reads this factor at
 * every collection, so setting it in a running process takes effect.
 */
export const HEAP_GROWING_PERCENT = 20;

/** Bounds the heap's growth as HEAP_GROWING_PERCENT says, for the rest of the process (a long-running server's). */
export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export async function serve(config: Config, options: ServeOptions = {}): Promise<Serving> {
  const events = options.watch ? new EventStreams() : undefined;
  // Watched from the start: a save made while the first version is built is built next, once it is served.
  let serving: Serving | undefined;
  let missed = false;
  let rebuilding: Promise<void> | undefined;
  const republish = (): Promise<void> => {
    if (!serving) { missed = true; return Promise.resolve(); }
    const current = serving;
    rebuilding = Promise.resolve(rebuilding).then(() => rebuild(current, config.dataDir, { ...options, events }, options.watch!));
    return rebuilding;
  };
  const watcher = options.watch ? watchFolders([config.dataDir, ontologyDir], republish, { ignore: gitBookkeeping(config.dataDir) }) : undefined;
  let listening: Listening;
  try {
    listening = await listen({ port: config.port, host: config.host, write: options.write });
  } catch (error) {
    watcher?.close();
    throw error;
  }
  const base = baseFor(config, listening.port);
  let server: LodfolioServer | undefined;
  try {
    server = await createServer({ ...options, dataDir: config.dataDir, base, events });
    // Every style, before the first request, not during it: a work's first request would wait for its styles'
    // compilation (about 0.5 s of CPU for the three, 9 MB of heap: render/citations.ts).
    compileCitationStyles(server.representations.citationStyles, server.representations.frame.settings.language);
    // And the homepage, where most visits begin, and a work's page: making them also loads what any page needs
    // the first time (the language's month and region names from Intl, the Markdown and HTML writers, the CSL
    // engine's first real reference), 1 to 2 s of CPU that the first reader would otherwise wait for.
    const { representations } = server;
    const work = representations.resources.find((spec) => spec.source?.citation !== undefined);
    for (const path of [representations.home, ...(work ? [work.path] : [])]) representations.route(path)?.resource.variant(0);
    listening.ready(server.app);
    // (A stop that came while building has already closed the socket: no workers to start.)
    if (!listening.stopping) await server.startSparql();
  } catch (error) {
    watcher?.close();
    await listening.close();
    await server?.close();
    throw error;
  }
  const started: Serving = {
    server, listening, base,
    closed: listening.closed.then(async () => { watcher?.close(); await rebuilding; await started.server.close(); }),
    // The event streams never end by themselves: ended first, they hold no stop.
    stop: async () => { events?.close(); await listening.close(); await started.closed; },
  };
  serving = started;
  if (missed) void republish();
  return started;
}

/**
 * One rebuild under `watch`: the whole new version is built beside the one
 * being served, and only if it is valid does it replace it, in one step
 * (the next request is answered by the new app; requests in flight finish
 * on the old one). Invalid data is reported and never published.
 */
async function rebuild(serving: Serving, dataDir: string, options: ServeOptions & { events?: EventStreams }, report: (outcome: Rebuilt) => void): Promise<void> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  if (serving.listening.stopping) return;
  let next: LodfolioServer;
  try {
    // A fresh builder: the ontology may be what changed.
    next = await createServer({ ...options, dataDir, base: serving.base, builder: await ProfileBuilder.create(), previous: serving.server });
  } catch (error) {
    report({ published: false, error, ms: ms() });
    options.events?.refused(refusalOf(error, serving.server.representations.words));
    return;
  }
  await next.startSparql();
  serving.listening.ready(next.app);
  serving.server = next;
  options.events?.published();
  report({ published: true, documents: next.site.documents.length, triples: next.profile.graph.size, ms: ms() });
}

/** What an open page shows of a refused version: its problems located as the terminal gives them, in the site's words. */
function refusalOf(error: unknown, words: Words): { heading: string; problems: string[] } {
  const problems = error instanceof InvalidProfileError ? error.issues.map(formatIssue) : [(error as Error)?.message ?? String(error)];
  return { heading: words.text('live-refused', {}, problems.length), problems };
}

/** `lodfolio serve --site SITE`: a site `lodfolio build` wrote, served from disk. */
export interface SiteServing {
  listening: Listening;
  site: SiteFiles;
  /** The endpoint over the site's dump, once loaded (none when the site names a store elsewhere). */
  sparql: SparqlService | undefined;
  /** Resolves when the endpoint is loaded (or there is none). */
  sparqlReady: Promise<SparqlService | undefined>;
  closed: Promise<void>;
  stop(): Promise<void>;
}

export interface SiteServeOptions {
  write?: (text: string) => void;
  warn?: (message: string) => void;
  cacheBytes?: number;
  /** The endpoint's limits, or false for none. */
  sparql?: ServerOptions['sparql'];
}

/**
 * Serves a built site: start-up reads its manifest and nothing else, so the
 * first answer comes as soon as the socket listens, whatever the size of the
 * site. The IRIs are the ones the site was built for (its manifest's base).
 * `{base}sparql` answers queries over the site's own dump once it is loaded
 * (503 with Retry-After until then), unless the site was built to point at
 * a store elsewhere.
 */
export async function serveSite(config: Pick<Config, 'port' | 'host'>, siteDir: string, options: SiteServeOptions = {}): Promise<SiteServing> {
  const warn = options.warn ?? (() => {});
  // A new build of the site: its documents from the next request on, and its dump into the endpoint.
  const onSwitch: SiteFilesOptions['onSwitch'] = (outcome) => {
    if ('error' in outcome) { warn(`a new build of ${siteDir} could not be opened (${outcome.error.message}); still serving the one before`); return; }
    warn(`serving the new build of ${siteDir} (of ${outcome.site.lastModified.toUTCString()})`);
    if (sparql && dump) {
      sparql.reload({ ntriples: readFileSync(dump), base: urls.base })
        .catch((error: Error) => warn(`the SPARQL endpoint could not load the new build's dump (${error.message}); it answers from the one before`));
    }
  };
  // Read once: openSite starts from it (a large site's manifest is tens of MB).
  const opened = readCurrentBuild(siteDir);
  const { manifest } = opened;
  const urls = new SiteUrls(manifest.base);
  const endpoint = urls.sparql;
  const ntriples = formats.ntriples;
  const dump = manifest.documents[pathOf(urls.dataset)]?.includes(ntriples.suffix)
    ? path.join(siteDir, fileNameOf(pathOf(urls.dump(ntriples)), urls.basePath)) : undefined;
  const external = manifest.sparqlEndpoint !== undefined && !manifest.sparqlEndpoint.startsWith(urls.base);
  const withSparql = options.sparql !== false && dump !== undefined && !external;
  // The endpoint mounted is stated in the VoID description, as serve states its own.
  const site = await openSite(siteDir, { cacheBytes: options.cacheBytes, onSwitch, opened, ...(withSparql ? { sparqlEndpoint: endpoint } : {}) });
  const listening = await listen({ port: config.port, host: config.host, write: options.write });
  let sparql: SparqlService | undefined;
  // A build with mementos: its documents are TimeGates, from the mementos' dates.
  const mounts = [...(withSparql ? [{ path: pathOf(endpoint), router: sparqlGate(() => sparql) }] : []), webfingerMount(urls, site), { path: '/', router: builtTimeGate(site) }];
  listening.ready(createApp(site, { mounts }));
  const stylesheet = site.manifest.files[pathOf(urls.stylesheet)] ? pathOf(urls.stylesheet) : undefined;
  const sparqlReady = withSparql ? (async () => {
    const service = await createSparqlService({
      ...(options.sparql || {}), data: { ntriples: await readFile(dump!), base: urls.base }, endpoint, log: warn, stylesheet, words: site.words,
    });
    if (listening.stopping) { await service.close(); return undefined; }
    sparql = service;
    return service;
  })() : Promise.resolve(undefined);
  const serving: SiteServing = {
    listening, site, sparqlReady,
    get sparql() { return sparql; },
    closed: listening.closed.then(async () => { await sparqlReady.catch(() => undefined); await sparql?.close(); }),
    stop: async () => { await listening.close(); await serving.closed; },
  };
  return serving;
}

/** WebFinger at the origin's root, answered from the descriptor the site publishes as a file. */
function webfingerMount(urls: SiteUrls, source: RouteSource): { path: string; router: RequestHandler } {
  return { path: pathOf(urls.webfingerQuery), router: webfingerRouter(source, pathOf(urls.webfinger)) };
}
