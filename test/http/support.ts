import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { projectRoot } from '../../src/config.js';
import type { Profile } from '../../src/pipeline.js';
import type { Representations, RouteSource } from '../../src/publish/representations.js';
import { createServer } from '../../src/server.js';
import type { Site } from '../../src/site/index.js';
import rdf from 'rdf-ext';
import { isomorphic } from 'rdf-isomorphic';
import { commandArgs } from '../support/command.js';
import { defaultBase, sharedBuilder } from '../support/profile.js';

export { defaultBase };

/** A fixed date, so that Last-Modified and the VoID description do not depend on file times. */
export const testLastModified = new Date('2024-05-06T07:08:09Z');

/** The bytes a source serves at a path: the variant of `mediaType`, else the one the URL names, else its first. */
export function servedBytes(source: RouteSource, path: string, mediaType?: string): Buffer | undefined {
  const route = source.route(path);
  if (!route) return undefined;
  const index = mediaType === undefined ? route.variant ?? 0 : route.resource.variants.findIndex((v) => v.mediaType === mediaType);
  const body = index < 0 ? undefined : route.resource.variant(index).bodies.identity;
  return Buffer.isBuffer(body) ? body : undefined;
}

/** The same, as text. */
export function servedText(source: RouteSource, path: string, mediaType?: string): string | undefined {
  return servedBytes(source, path, mediaType)?.toString('utf8');
}

export interface Built {
  profile: Profile;
  site: Site;
  representations: Representations;
  app: http.RequestListener;
}

const builds = new Map<string, Promise<Built>>();

export interface BuildOptions {
  /** The profile folder: a fixture (test/support/fixtures.ts), never `data/`. */
  dataDir: string;
  base?: string;
  lastModified?: Date;
  /** Mount the endpoint (not started: it answers 503), so that the VoID names it, as the real server's does. */
  withSparql?: boolean;
}

/**
 * A profile's server (documents only, nothing listening), built once per
 * folder, base and date for the whole suite by the same `createServer` as
 * `lodfolio serve`.
 */
export function built({ dataDir, base = defaultBase, lastModified = testLastModified, withSparql = false }: BuildOptions): Promise<Built> {
  const key = `${base} ${lastModified.toISOString()} ${withSparql} ${dataDir}`;
  let b = builds.get(key);
  if (!b) {
    b = (async () => {
      const server = await createServer({ dataDir, base, lastModified, sparql: withSparql ? {} : false, builder: await sharedBuilder() });
      return { profile: server.profile, site: server.site, representations: server.representations, app: server.app };
    })();
    builds.set(key, b);
  }
  return b;
}

/** The app on an ephemeral localhost port, for suites that make many requests (one server, keep-alive). */
export async function listening(app: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * Isomorphism up to the case of language tags, which RDF 1.1 makes
 * case-insensitive and parsers lowercase.
 */
export function sameTriples(a: Iterable<Quad>, b: Iterable<Quad>): boolean {
  const norm = (quads: Iterable<Quad>) => [...quads].map((q) => (q.object.termType === 'Literal' && q.object.language
    ? rdf.quad(q.subject, q.predicate, rdf.literal(q.object.value, q.object.language.toLowerCase()))
    : q));
  return isomorphic(norm(a), norm(b));
}

/** Parses served bytes with the parser for their media type: n3, jsonld.js or rdfxml-streaming-parser. */
export async function parseRdf(body: string, mediaType: string, baseIRI: string): Promise<Quad[]> {
  switch (mediaType) {
    case 'text/turtle':
      return new Parser({ baseIRI, format: 'text/turtle' }).parse(body);
    case 'application/n-triples':
    case 'text/plain':
      return new Parser({ format: 'N-Triples' }).parse(body);
    case 'application/ld+json':
    case 'application/json': {
      const nquads = await jsonld.toRDF(JSON.parse(body), {
        format: 'application/n-quads', base: baseIRI,
        // Documents carry their context inline; nothing may be fetched.
        documentLoader: async (url: string) => { throw new Error(`the document tried to load ${url}`); },
      }) as unknown as string;
      return new Parser({ format: 'N-Quads' }).parse(nquads);
    }
    case 'application/rdf+xml':
      return new Promise((resolve, reject) => {
        const quads: Quad[] = [];
        const parser = new RdfXmlParser({ baseIRI });
        parser.on('data', (q: Quad) => quads.push(q));
        parser.on('error', reject);
        parser.on('end', () => resolve(quads));
        parser.write(body);
        parser.end();
      });
    default:
      throw new Error(`no parser for ${mediaType}`);
  }
}

/** The JSON-LD a page embeds for search engines, unescaped as a browser would read it. */
export function embeddedJsonLd(html: string): string[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

export interface RealServer {
  url: string;
  base: string;
  process: ChildProcess;
  output: () => string;
  /** Resolves once what it has printed matches: a log line, say (no test waits a while for one). */
  printed: (pattern: RegExp) => Promise<string>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * The real `lodfolio serve DIR`, as a user starts it, on a free localhost
 * port (`--port 0`: the base follows the port it gets). Resolves on its
 * startup line. DIR is always given: the suites never serve `data/`.
 */
export function startRealServer({ dataDir, args = [] }: { dataDir: string; args?: string[] }): Promise<RealServer> {
  const child = spawn(process.execPath, [...commandArgs, 'serve', '--port', '0', '--host', '127.0.0.1', ...args, dataDir],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiting = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = (pattern: RegExp) => new Promise<string>((resolve) => {
    const check = () => {
      const m = pattern.exec(out);
      if (m) { waiting.delete(check); resolve(m[0]); }
    };
    waiting.add(check);
    check();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no startup line within 60 s:\n${out}`)); }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const check of [...waiting]) check();
      const m = /serving \d+ documents \(\d+ triples\) at (\S+) \(listening on ([^,]+),/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: `http://${m[2]}`, base: m[1], process: child, output: () => out, printed,
          stop: async (signal = 'SIGTERM') => { if (child.exitCode === null) child.kill(signal); return exited; },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`lodfolio serve exited with ${code} before it was ready:\n${out}`)); });
  });
}
