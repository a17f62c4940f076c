import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from './profile.js';

/**
 * What each kind of request gets, whoever serves the demo profile:
 * `lodfolio serve` (test/http/app.test.ts) and nginx and Apache httpd with
 * the generated configs over the built site (test/deploy/). Paths are
 * relative to the site's base (`/` is the base itself).
 */

/** A person's page in the demo profile. */
export const entity = '/people/thomas-davidson';

export interface Case {
  accept?: string;
  path: string;
  status: number;
  type: string;
  /** Headers that must have exactly these values; null: must be absent. */
  headers?: Record<string, string | null>;
  /**
   * What a static server answers instead, and why. Its error pages are files
   * (`404.html`), so it cannot answer a 404 in the format asked for.
   */
  static?: { status?: number; type?: string; headers?: Record<string, string | null>; why: string };
  /** What Apache answers in a ~user folder (.htaccess and type maps, no mod_rewrite) instead of the static answer, and why. */
  userDir?: { status?: number; type?: string; headers?: Record<string, string | null>; why: string };
}

const staticNotFound = { type: 'text/html; charset=utf-8', headers: {}, why: 'its 404 is the file 404.html' };

/** (Accept, path) → (status, type, headers). */
export const negotiationTable: Case[] = [
  { path: '/', status: 200, type: 'text/html; charset=utf-8', headers: { vary: 'Accept, Accept-Encoding', 'content-location': '/index.html' } },
  { accept: '*/*', path: '/', status: 200, type: 'text/html; charset=utf-8' },
  { accept: 'text/turtle', path: '/', status: 200, type: 'text/turtle; charset=utf-8', headers: { 'content-location': '/index.ttl' } },
  { accept: 'application/ld+json', path: entity, status: 200, type: 'application/ld+json', headers: { 'content-location': `${entity}.jsonld` } },
  { accept: 'application/n-triples', path: entity, status: 200, type: 'application/n-triples', headers: { 'content-location': `${entity}.nt` } },
  { accept: 'application/rdf+xml', path: entity, status: 200, type: 'application/rdf+xml; charset=utf-8', headers: { 'content-location': `${entity}.rdf` } },
  { accept: 'text/html', path: entity, status: 200, type: 'text/html; charset=utf-8', headers: { 'content-location': `${entity}.html` } },
  { accept: 'application/json', path: entity, status: 200, type: 'application/json', headers: { 'content-location': `${entity}.jsonld` } },
  { accept: 'application/xhtml+xml', path: entity, status: 200, type: 'application/xhtml+xml; charset=utf-8' },
  { accept: 'text/plain', path: entity, status: 200, type: 'text/plain; charset=utf-8', headers: { 'content-location': `${entity}.nt` } },
  { accept: 'text/*;q=0.5, text/turtle', path: entity, status: 200, type: 'text/turtle; charset=utf-8' },
  { accept: 'image/png', path: entity, status: 406, type: 'text/plain; charset=utf-8', headers: { vary: 'Accept' },
    userDir: { headers: { vary: 'Accept, negotiate, accept-encoding' }, why: 'mod_negotiation\'s Vary on its 406, which no .htaccess can take back: more than is needed, never less' } },
  { accept: 'image/png', path: `${entity}.ttl`, status: 200, type: 'text/turtle; charset=utf-8', headers: { vary: 'Accept-Encoding', 'content-location': null } },
  { path: `${entity}.jsonld`, status: 200, type: 'application/ld+json' },
  { path: `${entity}.nt`, status: 200, type: 'application/n-triples' },
  { path: `${entity}.rdf`, status: 200, type: 'application/rdf+xml; charset=utf-8' },
  { path: `${entity}.html`, status: 200, type: 'text/html; charset=utf-8' },
  { path: '/index.ttl', status: 200, type: 'text/turtle; charset=utf-8' },
  { path: '/index.html', status: 200, type: 'text/html; charset=utf-8' },
  { path: '/nothing/here', status: 404, type: 'text/html; charset=utf-8', headers: { vary: 'Accept' }, static: staticNotFound },
  { accept: 'text/turtle', path: '/nothing/here', status: 404, type: 'text/turtle; charset=utf-8', static: staticNotFound },
  { accept: 'application/ld+json', path: '/nothing/here', status: 404, type: 'application/ld+json', static: staticNotFound },
  { accept: 'image/png', path: '/nothing/here', status: 404, type: 'text/plain; charset=utf-8', static: staticNotFound },
  { path: `${entity}/`, status: 404, type: 'text/html; charset=utf-8',
    userDir: { status: 200, why: 'MultiViews takes people/x/ for people/x before anything a .htaccess says can act (a 404 needs mod_rewrite)' } },
  { path: '/dataset', status: 200, type: 'text/turtle; charset=utf-8', headers: { 'content-location': '/dataset.ttl' } },
  { accept: 'text/html', path: '/dataset', status: 406, type: 'text/plain; charset=utf-8' },
  { path: '/dataset.nt', status: 200, type: 'application/n-triples' },
  { path: '/dataset.jsonld', status: 200, type: 'application/ld+json' },
  { path: '/dataset.ttl.gz', status: 200, type: 'application/gzip', headers: { vary: null } },
  { path: '/.well-known/void', status: 200, type: 'text/html; charset=utf-8' },
  { accept: 'text/turtle', path: '/.well-known/void', status: 200, type: 'text/turtle; charset=utf-8', headers: { 'content-location': '/.well-known/void.ttl' } },
  { path: '/context.jsonld', status: 200, type: 'application/ld+json' },
  { accept: 'text/html', path: '/sitemap.xml', status: 200, type: 'application/xml; charset=utf-8' },
  { path: '/robots.txt', status: 200, type: 'text/plain; charset=utf-8' },
  { path: '/style.css', status: 200, type: 'text/css; charset=utf-8', headers: { 'cache-control': 'public, max-age=3600' } },
];

/** The table under a base path (`/~ada/`): every path and path-valued header moved under it. */
export function underBase(table: readonly Case[], basePath: string): Case[] {
  const move = (p: string) => basePath + p.slice(1);
  const moveHeaders = (h?: Record<string, string | null>) => h && Object.fromEntries(Object.entries(h)
    .map(([k, v]) => [k, k === 'content-location' && v ? move(v) : v]));
  return table.map((c) => ({ ...c, path: move(c.path), headers: moveHeaders(c.headers),
    static: c.static && { ...c.static, headers: moveHeaders(c.static.headers) } }));
}

/** Accept headers real clients send, and the representation each should get. */
export interface ClientCase { client: string; accept: string | null; expect: string }

/**
 * What Apache's own negotiation (a ~user folder's type maps) gives a real
 * client instead, and why: types of equal q go in the server's order there,
 * not the client's (src/deploy/htaccess.ts).
 */
export const userDirClients: Record<string, { expect: string; why: string }> = {
  'roqet 0.9.33 -D url: raptor\'s whole q-weighted list, text/html twice (captured)': {
    expect: 'text/turtle', why: 'RDF/XML, N-Triples and Turtle at q=1: Apache takes the server\'s first, Turtle, which roqet reads as well',
  },
};
export const clientCases = (JSON.parse(readFileSync(path.join(fixturesDir, 'http', 'accept-headers.json'), 'utf8')) as { clients: ClientCase[] }).clients;
