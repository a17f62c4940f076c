import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser } from 'n3';
import type { SiteDocument } from '../../src/site/index.js';
import { onePagePerType } from '../html/support.js';
import { built, listening, sameTriples, testLastModified } from '../http/support.js';
import { pythonClients, readWithPythonClients, readingOf, requireClients, runForEach } from '../support/clients.js';
import { demoDir } from '../support/fixtures.js';
import { clientCases, entity, negotiationTable, underBase, userDirClients } from '../support/negotiation-table.js';
import { missingFrom } from '../support/profile.js';
import { aliases } from '../../src/deploy/variants.js';
import { createApp } from '../../src/http/app.js';
import { openSite, readManifest } from '../../src/publish/site-files.js';
import { negotiationPlan } from '../../src/deploy/plan.js';
import { variantUrl } from '../../src/site/layout.js';
import { negotiate } from '../../src/http/negotiate.js';
import type { SiteManifest } from '../../src/publish/export.js';
import { randomAcceptHeaders } from '../support/random-accept.js';
import { looked } from './table.js';
import { builtSite, requireServer, startServer, type BuiltSite, type RunningServer, type ServerName } from './servers.js';


interface Answer { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** A request sent as given: no URL normalisation, no decompression. */
export function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const target = url.slice(u.origin.length);
    const req = http.request({ host: u.hostname, port: u.port, path: target, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Difference { accept: string; doc: string; got: string | undefined; expected: string | undefined }

/**
 * 1,000 random Accept headers (fixed seed), or the `headers` given, sent to
 * a person's page and a work's (2,000 answers): the media type the server
 * sent (undefined for a 406) wherever negotiate() over the document's types
 * and aliases, as `lodfolio serve` runs it, chooses otherwise.
 */
export async function randomDifferences(server: RunningServer, site: BuiltSite,
  headers = randomAcceptHeaders(1000, 9110)): Promise<{ compared: number; differences: Difference[] }> {
  const manifest = JSON.parse(await readFile(path.join(site.root, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
  const person = `${new URL(site.base).pathname}${entity.slice(1)}`;
  const work = Object.entries(manifest.documents).find(([, s]) => s.includes('bib'))![0];
  const differences: Difference[] = [];
  let compared = 0;
  for (let i = 0; i < headers.length; i += 20) {
    await Promise.all(headers.slice(i, i + 20).flatMap((accept) => [person, work].map(async (doc) => {
      const own = manifest.documents[doc].map((s) => manifest.types[s].mediaType);
      const expected = negotiate(accept, [...own, ...aliases.filter((a) => own.includes(a.of)).map((a) => a.mediaType)]);
      const res = await get(`${server.url}${doc}`, { accept });
      const got = res.status === 406 ? undefined : String(res.headers['content-type']).replace(/;\s*charset=utf-8$/, '').replace('; ', ';');
      compared++;
      if (got !== expected) differences.push({ accept, doc, got, expected });
    })));
  }
  return { compared, differences };
}

/**
 * For a server negotiating by plan.ts's table: how many of the 2,000
 * answers of randomDifferences are negotiate()'s, and every difference that
 * is not the table's own answer (none, if the server runs the table as
 * plan.ts says).
 */
export async function tableDifferences(server: RunningServer, site: BuiltSite): Promise<{ agree: number; unexplained: string[] }> {
  const manifest = await readManifest(site.root);
  const plan = negotiationPlan(manifest);
  const { compared, differences } = await randomDifferences(server, site);
  expect(compared).to.equal(2000);
  const same = (type: string | undefined) => type?.replace('; ', ';');
  const unexplained = differences.filter((d) => same(d.got) !== same(looked(plan, manifest.documents[d.doc], d.accept)))
    .map((d) => `${d.accept} at ${d.doc}: ${d.got ?? 406}, not ${d.expected ?? 406}`);
  return { agree: compared - differences.length, unexplained };
}

/**
 * A header's value; Vary as a list, since Apache's core joins its tokens
 * with a bare comma (`Accept,Accept-Encoding`), the same list.
 */
function header(res: Answer, name: string): string | undefined {
  const value = res.headers[name] as string | undefined;
  return name === 'vary' && value !== undefined ? value.split(',').map((t) => t.trim()).join(', ') : value;
}

/** A work's Turtle file in `site`, at its path below the origin. */
export function turtleOf(site: BuiltSite, document: string): string {
  return path.join(site.root, `${document.slice(new URL(site.base).pathname.length)}.ttl`);
}

/** A work whose Turtle has no precompressed copy and is 1 KiB or more (under that a server sends it as it is): its path below the origin. */
export function largeWorkWithoutCopy(manifest: SiteManifest, site: BuiltSite): string {
  const work = Object.keys(manifest.documents).find((p) => manifest.documents[p].includes('bib') && statSync(turtleOf(site, p)).size >= 1024)!;
  expect(existsSync(`${turtleOf(site, work)}.gz`), 'no copy').to.equal(false);
  return work;
}

/**
 * The server serving the built demo site at `basePath` answers as `lodfolio
 * serve` does: the shared table, real clients' Accept headers, the headers
 * of negotiation, and real RDF clients reading every document.
 */
export function describeStaticServer(name: ServerName, basePath: string, more?: (running: () => { server: RunningServer; site: BuiltSite }) => void): void {
  describe(`${name} serving the built demo site at ${basePath} with the generated config`, function () {
    this.timeout(300_000);
    let site: BuiltSite;
    let server: RunningServer;
    let origin: string;
    const at = (p: string) => `${origin}${basePath}${p.replace(/^\//, '')}`;
    const ent = entity.slice(1);

    before(async function () {
      requireServer(this, name);
      site = await builtSite(demoDir, basePath);
      server = await startServer(name, site);
      origin = server.url;
    });
    after(async () => { await server?.stop(); });

    describe('answers each (Accept, path) as the table says', () => {
      for (const c of underBase(negotiationTable, basePath)) {
        const instead = name === 'apache-userdir' && c.userDir ? c.userDir : c.static;
        const expected = { status: instead?.status ?? c.status, type: instead?.type ?? c.type, headers: instead?.headers ?? c.headers };
        it(`${c.accept ?? '(no Accept)'} ${c.path} → ${expected.status} ${expected.type}${instead ? ` (${instead.why})` : ''}`, async () => {
          const res = await get(`${origin}${c.path}`, c.accept ? { accept: c.accept } : {});
          expect(res.status).to.equal(expected.status);
          expect(res.headers['content-type']).to.equal(expected.type);
          expect(res.headers['access-control-allow-origin']).to.equal('*');
          for (const [h, value] of Object.entries(expected.headers ?? {})) expect(header(res, h), h).to.equal(value ?? undefined);
        });
      }
    });

    describe('gives real clients what they ask for, at the profile page and at an entity', () => {
      for (const c of clientCases) {
        const instead = name === 'apache-userdir' ? userDirClients[c.client] : undefined;
        for (const p of ['', ent]) {
          it(`${c.client}: ${basePath}${p} → ${instead?.expect ?? c.expect}${instead ? ` (${instead.why})` : ''}`, async () => {
            const res = await get(at(p), c.accept === null ? {} : { accept: c.accept });
            expect(res.status).to.equal(200);
            expect(String(res.headers['content-type']).split(';')[0]).to.equal(instead?.expect ?? c.expect);
          });
        }
      }
    });

    describe('headers', () => {
      it('links each representation to the others, and each link leads to that format', async () => {
        const res = await get(at(ent), { accept: 'text/turtle' });
        const links = [...String(res.headers.link).matchAll(/<([^>]+)>; rel=alternate; type="([^"]+)"/g)].map((m) => [m[1], m[2]]);
        const e = `${basePath}${ent}`;
        expect(links).to.deep.equal([[`${e}.html`, 'text/html'], [`${e}.jsonld`, 'application/ld+json'],
          [`${e}.nt`, 'application/n-triples'], [`${e}.rdf`, 'application/rdf+xml']]);
        for (const [href, type] of links) {
          const followed = await get(`${origin}${href}`);
          expect(followed.status, href).to.equal(200);
          expect(String(followed.headers['content-type']).split(';')[0]).to.equal(type);
        }
      });

      it('answers If-None-Match and If-Modified-Since with 304, keeping Vary and Content-Location', async () => {
        const first = await get(at(ent), { accept: 'text/turtle' });
        const tag = first.headers.etag!;
        expect(tag).to.match(/^"[^"]+"$/);
        expect(first.headers['last-modified']).to.equal(testLastModified.toUTCString());
        for (const inm of [tag, `"nope", ${tag}`, '*']) {
          const res = await get(at(ent), { accept: 'text/turtle', 'if-none-match': inm });
          expect(res.status, inm).to.equal(304);
          expect(res.body.length).to.equal(0);
          expect(header(res, 'vary')).to.equal('Accept, Accept-Encoding');
          expect(res.headers['content-location']).to.equal(`${basePath}${ent}.ttl`);
        }
        expect((await get(at(ent), { accept: 'application/ld+json', 'if-none-match': tag })).status, 'another representation').to.equal(200);
        expect((await get(at(ent), { 'if-modified-since': testLastModified.toUTCString() })).status).to.equal(304);
        expect((await get(at(ent), { 'if-modified-since': new Date(testLastModified.getTime() - 1000).toUTCString() })).status).to.equal(200);
      });

      it('sends the precompressed file to a client that takes gzip, with its Content-Type and the same bytes', async () => {
        const plain = await get(at(ent), { accept: 'text/html' });
        const zipped = await get(at(ent), { accept: 'text/html', 'accept-encoding': 'gzip' });
        expect(zipped.headers['content-encoding']).to.equal('gzip');
        expect(zipped.headers['content-type']).to.equal('text/html; charset=utf-8');
        expect(gunzipSync(zipped.body).equals(plain.body)).to.equal(true);
        expect(plain.headers['content-encoding']).to.equal(undefined);
        if (name !== 'nginx') {
          const br = await get(at(ent), { accept: 'text/html', 'accept-encoding': 'gzip, br' });
          expect(br.headers['content-encoding']).to.equal('br');
          expect(brotliDecompressSync(br.body).equals(plain.body)).to.equal(true);
        }
      });

      it('sends a dump gzipped to a client that takes br as well (the build writes a dump\'s .gz, no .br), and it decodes to the dump', async () => {
        for (const suffix of ['ttl', 'nt']) {
          const plain = await get(at(`dataset.${suffix}`));
          const zipped = await get(at(`dataset.${suffix}`), { 'accept-encoding': 'gzip, deflate, br' });
          expect(zipped.headers['content-encoding'], suffix).to.equal('gzip');
          expect(gunzipSync(zipped.body).equals(plain.body), suffix).to.equal(true);
        }
      });

      // (Caddy sends a file without copies as it is: caddy.test.ts.)
      if (name !== 'caddy') {
        it('answers a client that takes gzip or br with 304 for the tag of a body compressed as it was sent, a tag other than the file\'s, at its suffix URL and at the document\'s', async () => {
          const manifest = await readManifest(site.root);
          const work = largeWorkWithoutCopy(manifest, site);
          for (const url of [`${origin}${work}.ttl`, `${origin}${work}`]) {
            const accept = { accept: 'text/turtle' };
            const plainTag = (await get(url, accept)).headers.etag;
            // (The complete Apache config loads mod_brotli; Debian's stock Apache does not.)
            for (const encoding of name === 'apache' ? ['gzip', 'br'] : ['gzip']) {
              const first = await get(url, { ...accept, 'accept-encoding': encoding });
              expect(first.headers['content-encoding'], `${url} ${encoding}`).to.equal(encoding);
              const tag = first.headers.etag!;
              expect(tag, `${url} ${encoding}`).to.be.a('string').and.not.equal(plainTag);
              const again = await get(url, { ...accept, 'accept-encoding': encoding, 'if-none-match': tag });
              expect(again.status, `${url} ${encoding}: ${tag}`).to.equal(304);
              expect(again.body.length).to.equal(0);
            }
          }
        });

        it('compresses a file the build wrote no copy of as it sends it: a work\'s Turtle arrives gzip, varying by Accept-Encoding, and decodes to the file\'s bytes', async () => {
          const manifest = await readManifest(site.root);
          const work = largeWorkWithoutCopy(manifest, site);
          const bytes = await readFile(turtleOf(site, work));
          for (const url of [`${origin}${work}`, `${origin}${work}.ttl`]) {
            const zipped = await get(url, { accept: 'text/turtle', 'accept-encoding': 'gzip' });
            expect(zipped.headers['content-encoding'], url).to.equal('gzip');
            expect(zipped.headers['content-type']).to.equal('text/turtle; charset=utf-8');
            expect(header(zipped, 'vary')).to.include('Accept-Encoding');
            expect(gunzipSync(zipped.body).equals(bytes), url).to.equal(true);
          }
          if (name === 'apache') {
            // (The complete config loads mod_brotli.)
            const br = await get(`${origin}${work}`, { accept: 'text/turtle', 'accept-encoding': 'gzip, br' });
            expect(br.headers['content-encoding']).to.equal('br');
            expect(brotliDecompressSync(br.body).equals(bytes)).to.equal(true);
          }
        });

        it('compresses a document sent under another name of its format: a work asked for as application/json arrives gzip', async () => {
          const manifest = await readManifest(site.root);
          const work = largeWorkWithoutCopy(manifest, site);
          const bytes = await readFile(path.join(site.root, `${work.slice(new URL(site.base).pathname.length)}.jsonld`));
          expect(bytes.length, 'over 1 KiB').to.be.at.least(1024);
          const zipped = await get(`${origin}${work}`, { accept: 'application/json', 'accept-encoding': 'gzip' });
          expect(String(zipped.headers['content-type']).split(';')[0]).to.equal('application/json');
          expect(zipped.headers['content-encoding']).to.equal('gzip');
          expect(gunzipSync(zipped.body).equals(bytes)).to.equal(true);
        });
      }

      it('answers a CORS preflight, and allows any origin to read, with the useful headers exposed', async () => {
        const pre = await get(at(ent), { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept, if-none-match' }, 'OPTIONS');
        // In a ~user folder Apache answers OPTIONS itself, with 200: a preflight takes any 2xx.
        expect(pre.status).to.equal(name === 'apache-userdir' ? 200 : 204);
        expect(pre.headers['access-control-allow-origin']).to.equal('*');
        expect(pre.headers['access-control-allow-methods']).to.equal('GET, HEAD, OPTIONS');
        expect(pre.headers['access-control-allow-headers']).to.equal('accept, if-none-match');
        expect(pre.headers['access-control-max-age']).to.equal('86400');
        const res = await get(at(ent), { origin: 'https://app.example' });
        expect(res.headers['access-control-expose-headers']).to.equal('ETag, Link, Content-Location, Vary');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
      });

      it('lists what is available when nothing acceptable is, with links to each', async () => {
        const res = await get(at(ent), { accept: 'image/png, text/csv' });
        expect(res.status).to.equal(406);
        const text = res.body.toString();
        for (const t of ['text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml']) expect(text).to.include(t);
        expect(text).to.include(`${basePath}${ent}.ttl`);
        expect(res.headers.link).to.include(`<${basePath}${ent}.rdf>; rel=alternate; type="application/rdf+xml"`);
      });

      it('serves a work\'s citations by negotiation and at their suffix URLs, each with its own Content-Type', async () => {
        // A work: a document the build gave citations.
        const manifest = JSON.parse(await readFile(path.join(site.root, '.lodfolio-site.json'), 'utf8')) as { documents: Record<string, string[]> };
        const work = Object.entries(manifest.documents).find(([, suffixes]) => suffixes.includes('bib'))![0];
        const apa = await get(`${origin}${work}`, { accept: 'text/x-bibliography; style=apa' });
        expect(apa.status).to.equal(200);
        expect(apa.headers['content-type']).to.equal('text/x-bibliography; style=apa; charset=utf-8');
        expect(apa.headers['content-location']).to.equal(`${work}.apa.txt`);
        expect((await get(`${origin}${work}.ieee.txt`)).headers['content-type']).to.equal('text/x-bibliography; style=ieee; charset=utf-8');
        expect((await get(`${origin}${work}`, { accept: 'application/x-bibtex' })).headers['content-type']).to.equal('application/x-bibtex; charset=utf-8');
        expect((await get(`${origin}${work}`, { accept: 'text/turtle' })).headers.link).to.include(`<${work}.bib>; rel=alternate; type="application/x-bibtex"`);
      });

      it('sends the Link header lodfolio serve --site sends from the same build (Signposting, then the other formats) on every document and each of its formats', async () => {
        const manifest = JSON.parse(await readFile(path.join(site.root, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
        const urls = Object.entries(manifest.documents).flatMap(([doc, suffixes]) => [doc, ...suffixes.map((s) => variantUrl(doc, s))]);
        expect(urls.length).to.be.greaterThan(400);
        const served = await listening(createApp(await openSite(site.root)));
        const differences: string[] = [];
        try {
          for (let i = 0; i < urls.length; i += 20) {
            await Promise.all(urls.slice(i, i + 20).map(async (u) => {
              const [expected, got] = await Promise.all([served.url, origin].map((o) => get(`${o}${u}`, {}, 'HEAD')));
              if (got.headers.link !== expected.headers.link) differences.push(`${u}: ${got.headers.link}\n  not ${expected.headers.link}`);
            }));
          }
        } finally {
          await served.close();
        }
        expect(differences).to.deep.equal([]);
        expect(String((await get(at(''), {}, 'HEAD')).headers.link)).to.match(/^<[^>]+>; rel="cite-as", /);
      });

      if (name !== 'apache-userdir') {
        it('answers WebFinger at the origin\'s root with the descriptor the build wrote, readable from any origin, and 400 without a resource', async () => {
          const file = await readFile(path.join(site.root, '.well-known', 'webfinger'), 'utf8');
          const { subject } = JSON.parse(file) as { subject: string };
          const res = await get(`${origin}/.well-known/webfinger?resource=${encodeURIComponent(subject)}`, { origin: 'https://app.example' });
          expect(res.status).to.equal(200);
          expect(res.headers['content-type']).to.equal('application/jrd+json');
          expect(res.headers['access-control-allow-origin']).to.equal('*');
          expect(res.body.toString()).to.equal(file);
          expect((await get(`${origin}/.well-known/webfinger`)).status).to.equal(400);
        });
      }

      it('never serves the manifest or another dot-file, but .well-known/', async () => {
        expect((await get(at('.lodfolio-site.json'))).status).to.equal(404);
        expect((await get(at('.nojekyll'))).status).to.equal(404);
        expect((await get(at('.well-known/void.ttl'))).status).to.equal(200);
      });

      if (basePath !== '/') {
        it('redirects the base without its slash to the base, keeping the query, and reads %7E as ~', async () => {
          const res = await get(`${origin}${basePath.slice(0, -1)}?utm=x`);
          expect(res.status).to.equal(301);
          expect(res.headers.location).to.match(new RegExp(`^(${origin})?${basePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?utm=x$`));
          const encoded = await get(`${origin}${basePath.replace('~', '%7E')}`, { accept: 'text/turtle' });
          expect(encoded.status).to.equal(200);
          expect(encoded.headers['content-location']).to.equal(`${basePath}index.ttl`);
        });
      }
    });

    more?.(() => ({ server, site }));

    // Every document is read by every client from lodfolio serve (test/http/interop.test.ts); a web server sends
    // the same files, so here the clients read the homepage, one document of each type and the VoID description.
    describe('real RDF clients importing a document of each type by URL', () => {
      let documents: SiteDocument[];
      before(async function () {
        requireClients(this, ['rdflib', 'pyld', 'rapper', 'roqet']);
        const { site: s } = await built({ dataDir: demoDir, base: site.base, lastModified: testLastModified });
        // (onePagePerType names the homepage '/', whatever the base's path.)
        const sample = new Set(onePagePerType(s));
        documents = [s.documents[0], ...[...s.documents.slice(1), s.void].filter((d) => sample.has(d.path))];
        expect(documents.length).to.equal(sample.size);
      });
      const check = (doc: SiteDocument, client: string, text: string) => {
        expect(text, `${client} on ${doc.url}`).to.not.match(/^ERROR/);
        const quads: Quad[] = new Parser({ format: 'N-Triples' }).parse(text);
        const slice = doc.slice();
        expect(sameTriples(quads, slice), `${client} on ${doc.url}: missing ${missingFrom(slice, quads).slice(0, 3).join('; ')}; extra ${missingFrom(quads, slice).slice(0, 3).join('; ')}`).to.equal(true);
      };

      it('rdflib (by its own Accept, and asking for Turtle, JSON-LD, N-Triples) and pyld read each of them whole', async () => {
        const results = await readWithPythonClients(documents.map((d) => d.url));
        for (const doc of documents) {
          for (const client of pythonClients) check(doc, client, results[doc.url][client]);
        }
      });

      it('rapper and roqet read each of them whole', async () => {
        const urls = documents.map((d) => d.url);
        const rapper = await runForEach(['rapper', '-q', '-o', 'ntriples'], urls);
        const roqet = await runForEach(['roqet', '-q', '-e', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', '-D'], urls);
        for (const doc of documents) {
          check(doc, 'rapper', readingOf(rapper, doc.url, 'rapper'));
          check(doc, 'roqet', readingOf(roqet, doc.url, 'roqet'));
        }
      });
    });
  });
}
