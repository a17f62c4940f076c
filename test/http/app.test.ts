import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { publicDir } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import { publishProfile } from '../../src/publish/profile-site.js';
import { materialiseResource } from '../../src/publish/representations.js';
import { documentUrlOf } from '../../src/site/documents.js';
import { demoDir, facts, fixtureProfiles } from '../support/fixtures.js';
import { fixturesDir } from '../support/profile.js';
import { built, defaultBase, listening, parseRdf, testLastModified, type Built } from './support.js';
import { clientCases, entity, negotiationTable } from '../support/negotiation-table.js';

const lastModified = testLastModified.toUTCString();
const table = negotiationTable;
const clients = clientCases;

describe('the HTTP app, over the demo profile', () => {
  let b: Built;
  before(async () => { b = await built({ dataDir: demoDir }); });

  describe('answers each (Accept, path) as the table says', () => {
    for (const c of table) {
      it(`${c.accept ?? '(no Accept)'} ${c.path} → ${c.status} ${c.type}`, async () => {
        const req = request(b.app).get(c.path);
        if (c.accept) req.set('Accept', c.accept);
        const res = await req;
        expect(res.status).to.equal(c.status);
        expect(res.headers['content-type']).to.equal(c.type);
        expect(res.headers['access-control-allow-origin']).to.equal('*');
        for (const [name, value] of Object.entries(c.headers ?? {})) {
          expect(res.headers[name], name).to.equal(value ?? undefined);
        }
      });
    }
  });

  describe('gives real clients what they ask for, at the profile page and at an entity', () => {
    for (const c of clients) {
      for (const p of ['/', entity]) {
        it(`${c.client}: ${p} → ${c.expect}`, async () => {
          const req = request(b.app).get(p);
          if (c.accept !== null) req.set('Accept', c.accept);
          const res = await req;
          expect(res.status).to.equal(200);
          expect(res.headers['content-type'].split(';')[0]).to.equal(c.expect);
        });
      }
    }
  });

  describe('making bytes', () => {
    it('makes a work\'s page alone when the page is asked for, then each other format when it is, and an alias from its original\'s bytes', async () => {
      const { representations } = await publishProfile(b.profile, { lastModified: testLastModified, publicDir });
      const work = representations.resources.find((r) => r.source?.citation !== undefined)!;
      // Which variants' bytes get made, by their URL and type.
      const made: string[] = [];
      const renderer = work.renderer;
      work.renderer = () => {
        const render = renderer();
        return (i) => { made.push(`${work.variants[i].location} ${work.variants[i].mediaType}`); return render(i); };
      };
      const app = createApp(representations);
      const page = await request(app).get(work.path).set('Accept', 'text/html').set('Accept-Encoding', 'identity');
      expect(made).to.deep.equal([`${work.path}.html text/html`]);
      await request(app).get(work.path).set('Accept', 'text/html');
      const xhtml = await request(app).get(work.path).set('Accept', 'application/xhtml+xml').set('Accept-Encoding', 'identity');
      expect(made, 'nothing made again, nothing for the alias').to.have.length(1);
      const turtle = await request(app).get(`${work.path}.ttl`);
      expect(made).to.deep.equal([`${work.path}.html text/html`, `${work.path}.ttl text/turtle`]);
      // The same bytes and validators as a resource made whole.
      const whole = materialiseResource(work, new Map(), testLastModified).variants;
      const [html, ttl] = ['text/html', 'text/turtle'].map((type) => whole.find((v) => v.mediaType === type)!);
      expect(page.text).to.equal(html.bodies.identity.toString());
      expect(page.headers.etag).to.equal(html.etags.identity);
      expect(xhtml.headers['content-type']).to.match(/^application\/xhtml\+xml/);
      expect(xhtml.headers['content-length']).to.equal(page.headers['content-length']);
      expect(xhtml.headers.etag).to.not.equal(page.headers.etag);
      expect(turtle.text).to.equal(ttl.bodies.identity.toString());
    });
  });

  describe('headers', () => {
    it('links each representation to the others, and each link leads to that format', async () => {
      const res = await request(b.app).get(entity).set('Accept', 'text/turtle');
      const links = [...String(res.headers.link).matchAll(/<([^>]+)>; rel=alternate; type="([^"]+)"/g)].map((m) => [m[1], m[2]]);
      expect(links).to.deep.equal([
        [`${entity}.html`, 'text/html'], [`${entity}.jsonld`, 'application/ld+json'],
        [`${entity}.nt`, 'application/n-triples'], [`${entity}.rdf`, 'application/rdf+xml'],
      ]);
      for (const [href, type] of links) {
        const followed = await request(b.app).get(href);
        expect(followed.status).to.equal(200);
        expect(followed.headers['content-type'].split(';')[0]).to.equal(type);
      }
    });

    it('sends a strong ETag per representation, Last-Modified and Cache-Control', async () => {
      const get = (accept: string) => request(b.app).get(entity).set('Accept', accept).set('Accept-Encoding', 'identity');
      const [turtle, json, alias] = await Promise.all([get('text/turtle'), get('application/ld+json'), get('application/json')]);
      expect(turtle.headers.etag).to.match(/^"[\w-]{27}"$/);
      expect(new Set([turtle.headers.etag, json.headers.etag, alias.headers.etag]).size, 'same bytes as another type: another ETag').to.equal(3);
      expect((await request(b.app).get(`${entity}.ttl`).set('Accept-Encoding', 'identity')).headers.etag).to.equal(turtle.headers.etag);
      expect(turtle.headers['last-modified']).to.equal(lastModified);
      expect(turtle.headers['cache-control']).to.equal('public, max-age=300');
      expect(turtle.headers['x-content-type-options']).to.equal('nosniff');
    });

    it('answers If-None-Match with 304 for the current ETag, in any encoding, weak or strong, or *', async () => {
      const first = await request(b.app).get(entity).set('Accept', 'text/turtle').set('Accept-Encoding', 'identity');
      const tag = first.headers.etag as string;
      for (const inm of [tag, `W/${tag}`, `"nope", ${tag}`, '*', `${tag.slice(0, -1)}-gz"`]) {
        const res = await request(b.app).get(entity).set('Accept', 'text/turtle').set('Accept-Encoding', 'identity').set('If-None-Match', inm);
        expect(res.status, inm).to.equal(304);
        expect(res.text ?? '', inm).to.equal('');
        expect(res.headers.etag).to.equal(tag);
        expect(res.headers.vary).to.equal('Accept, Accept-Encoding');
        expect(res.headers['content-location']).to.equal(`${entity}.ttl`);
      }
      const other = await request(b.app).get(entity).set('Accept', 'application/ld+json').set('If-None-Match', tag);
      expect(other.status, 'another representation is not the one cached').to.equal(200);
    });

    it('answers If-Modified-Since by Last-Modified, unless If-None-Match is present', async () => {
      const later = new Date(testLastModified.getTime() + 1000).toUTCString();
      const earlier = new Date(testLastModified.getTime() - 1000).toUTCString();
      expect((await request(b.app).get(entity).set('If-Modified-Since', lastModified)).status).to.equal(304);
      expect((await request(b.app).get(entity).set('If-Modified-Since', later)).status).to.equal(304);
      expect((await request(b.app).get(entity).set('If-Modified-Since', earlier)).status).to.equal(200);
      expect((await request(b.app).get(entity).set('If-Modified-Since', later).set('If-None-Match', '"other"')).status).to.equal(200);
      expect((await request(b.app).get(entity).set('If-Modified-Since', 'not a date')).status).to.equal(200);
    });

    it('sends a body under 1 KiB as it is, whatever encoding is asked for, and does not vary it by encoding', async () => {
      const small = await request(b.app).get('/people/rodrigo-fonseca.ttl').set('Accept-Encoding', 'gzip, br').buffer(true);
      expect(small.status).to.equal(200);
      expect(Number(small.headers['content-length'])).to.be.lessThan(1024);
      expect(small.headers['content-encoding']).to.equal(undefined);
      expect(small.headers.vary).to.equal(undefined);
      expect(small.text).to.include('rodrigo-fonseca#id');
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      for (const accept of ['text/html', 'text/turtle', 'application/ld+json']) {
        for (const encoding of ['identity', 'gzip', 'br']) {
          const get = await request(b.app).get(entity).set('Accept', accept).set('Accept-Encoding', encoding);
          const head = await request(b.app).head(entity).set('Accept', accept).set('Accept-Encoding', encoding);
          expect(head.status).to.equal(200);
          for (const h of ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'vary', 'content-location', 'link']) {
            expect(head.headers[h], `${accept} ${encoding} ${h}`).to.equal(get.headers[h]);
          }
          expect(head.text ?? '').to.equal('');
        }
      }
      expect((await request(b.app).head('/nothing')).status).to.equal(404);
    });

    it('answers a CORS preflight, and allows any origin to read, with the useful headers exposed', async () => {
      const pre = await request(b.app).options(entity).set('Origin', 'https://app.example').set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'accept, if-none-match');
      expect(pre.status).to.equal(204);
      expect(pre.headers['access-control-allow-origin']).to.equal('*');
      expect(pre.headers['access-control-allow-methods']).to.equal('GET, HEAD, OPTIONS');
      expect(pre.headers['access-control-allow-headers']).to.equal('accept, if-none-match');
      expect(pre.headers['access-control-max-age']).to.equal('86400');
      const get = await request(b.app).get(entity).set('Origin', 'https://app.example');
      expect(get.headers['access-control-allow-origin']).to.equal('*');
      expect(get.headers['access-control-expose-headers']).to.equal('ETag, Link, Content-Location, Vary');
      const odd = await request(b.app).options(entity).set('Access-Control-Request-Headers', 'x <script>');
      expect(odd.headers['access-control-allow-headers'], 'not echoed when not a header list').to.equal('Accept, Accept-Encoding, If-None-Match, If-Modified-Since');
    });

    it('answers other methods with 405 and Allow, in the negotiated format', async () => {
      for (const method of ['post', 'put', 'delete', 'patch'] as const) {
        const res = await request(b.app)[method](entity).set('Accept', 'text/turtle').send('x');
        expect(res.status, method).to.equal(405);
        expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
        expect(res.headers['content-type']).to.equal('text/turtle; charset=utf-8');
      }
      const html = await request(b.app).post('/').send('x');
      expect(html.status).to.equal(405);
      expect(html.text).to.include('<h1>Method Not Allowed</h1>');
    });

    it('lists what is available when nothing acceptable is, with links to each', async () => {
      const res = await request(b.app).get(entity).set('Accept', 'image/png, text/csv');
      expect(res.status).to.equal(406);
      for (const t of ['text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml']) expect(res.text).to.include(t);
      expect(res.text).to.include(`${entity}.ttl`);
      expect(res.headers.link).to.include(`<${entity}.rdf>; rel=alternate; type="application/rdf+xml"`);
    });

    it('gives browsers a small HTML page for an unknown path, and RDF clients an empty graph', async () => {
      const page = await request(b.app).get('/no/such/thing').set('Accept', 'text/html');
      expect(page.text).to.include('<h1>Not Found</h1>').and.include('href="/"');
      const turtle = await request(b.app).get('/no/such/thing').set('Accept', 'text/turtle');
      expect(await parseRdf(turtle.text, 'text/turtle', defaultBase)).to.deep.equal([]);
      const json = await request(b.app).get('/no/such/thing').set('Accept', 'application/ld+json');
      expect(await parseRdf(json.text, 'application/ld+json', defaultBase)).to.deep.equal([]);
      const xml = await request(b.app).get('/no/such/thing').set('Accept', 'application/rdf+xml');
      expect(await parseRdf(xml.text, 'application/rdf+xml', defaultBase)).to.deep.equal([]);
    });
  });

  describe('robustness', () => {
    let server: Awaited<ReturnType<typeof listening>>;
    before(async () => { server = await listening(b.app); });
    after(() => server.close());

    /** A request sent byte for byte as given: no client-side URL normalisation. */
    const raw = (target: string, headers: Record<string, string> = {}) => new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = http.request({ host: '127.0.0.1', port, path: target, headers, method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (c) => { body += c; });
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });

    const secrets = [readFileSync(path.join(fixturesDir, '..', '..', 'package.json'), 'utf8').slice(0, 60), 'root:x:0:0'];
    const traversals = [
      '/../package.json', '/%2e%2e/package.json', '/%2E%2E/%2E%2E/etc/passwd', '/..%2fpackage.json', '/%2e%2e%2fpackage.json',
      '/style.css/../../package.json', '/public/../package.json', '/..\\package.json', '/%5c..%5cpackage.json', '/..%5c..%5cetc%5cpasswd',
      '/....//....//etc/passwd', '//etc/passwd', '/%00/etc/passwd', '/style.css%00.ttl', '/./style.css/..', '/%252e%252e/package.json',
    ];
    for (const target of traversals) {
      it(`finds nothing outside public/ at ${target}`, async () => {
        const res = await raw(target);
        expect([400, 404]).to.include(res.status);
        for (const s of secrets) expect(res.body).to.not.include(s);
      });
    }

    const oddHeaders: Array<[string, Record<string, string>]> = [
      ['an Accept of nothing but separators', { accept: ';;;,,,;' }],
      ['an Accept with broken weights', { accept: 'text/turtle;q=, */*;q=abc;q=;;' }],
      ['an Accept of 8 KB', { accept: `${'application/x-junk;q=0.1, '.repeat(300)}text/turtle` }],
      ['an Accept of Latin-1 bytes', { accept: 'text/h\u00e9ml, */*' }],
      ['a broken Accept-Encoding', { 'accept-encoding': 'gzip;q=x, ;;, br;q=-1, *;q=2' }],
      ['a broken If-None-Match', { 'if-none-match': 'W/"unterminated, ,,"' }],
      ['a broken If-Modified-Since', { 'if-modified-since': 'yesterday-ish' }],
      ['a broken Range', { range: 'bytes=oops' }],
    ];
    for (const [name, headers] of oddHeaders) {
      it(`answers ${name} cleanly`, async () => {
        const res = await raw(entity, headers);
        expect(res.status).to.be.oneOf([200, 406]);
      });
    }

    it('answers a 10 KB URL with a 404, not an error', async () => {
      const res = await raw(`/${'a'.repeat(10 * 1024)}`);
      expect(res.status).to.equal(404);
      expect(res.body.length).to.be.lessThan(2000);
    });

    it('answers huge headers with 431 from Node itself', async () => {
      const res = await raw(entity, { 'x-filler': 'x'.repeat(32 * 1024) });
      expect(res.status).to.equal(431);
    });

    it('ignores the query string', async () => {
      const res = await raw(`${entity}?format=json&x=%%%`, { accept: 'text/turtle' });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/turtle; charset=utf-8');
    });
  });

  describe('under a base with a path', () => {
    let nested: Built;
    before(async () => { nested = await built({ dataDir: demoDir, base: 'https://scholar.example/~jm/' }); });

    it('serves the site under the base path and origin-wide files at the root', async () => {
      expect((await request(nested.app).get('/~jm/')).status).to.equal(200);
      expect((await request(nested.app).get('/~jm/index.ttl')).status).to.equal(200);
      expect((await request(nested.app).get('/~jm/people/rodrigo-fonseca.nt')).text).to.include('<https://scholar.example/~jm/people/rodrigo-fonseca#id>');
      expect((await request(nested.app).get('/~jm/style.css')).status).to.equal(200);
      expect((await request(nested.app).get('/~jm/.well-known/void')).status).to.equal(200);
      expect((await request(nested.app).get('/robots.txt')).text).to.include('Sitemap: https://scholar.example/~jm/sitemap.xml');
      expect((await request(nested.app).get('/')).status).to.equal(404);
      const home = await request(nested.app).get('/~jm/');
      expect(home.headers['content-location']).to.equal('/~jm/index.html');
      expect(home.text).to.include('href="/~jm/organizations/saarland-university#id"').and.include('href="/~jm/style.css"');
    });

    it('links the VoID description under the base, where a static export of the base holds it', async () => {
      const home = await request(nested.app).get('/~jm/');
      expect(home.text).to.include('href="/~jm/.well-known/void"').and.not.include('href="/.well-known/void"');
      const described = await request(nested.app).get('/~jm/.well-known/void').set('Accept', 'application/n-triples');
      expect(described.text).to.include('<https://scholar.example/~jm/.well-known/void#dataset>');
      expect((await request(nested.app).get('/.well-known/void')).status).to.equal(404);
    });

    it('redirects the base without its slash to the base, keeping the query', async () => {
      for (const method of ['get', 'head'] as const) {
        const res = await request(nested.app)[method]('/~jm?utm=x&y=%20');
        expect(res.status, method).to.equal(301);
        expect(res.headers.location).to.equal('/~jm/?utm=x&y=%20');
        expect(res.headers['access-control-allow-origin']).to.equal('*');
      }
      expect((await request(nested.app).get('/~jm')).headers.location).to.equal('/~jm/');
      expect((await request(nested.app).get('/~jm/people/rodrigo-fonseca/')).status, 'a document is no folder').to.equal(404);
      expect((await request(nested.app).get('/~j')).status).to.equal(404);
    });

    it('reads percent-encoded unreserved characters as themselves, and nothing else', async () => {
      const home = await request(nested.app).get('/%7Ejm/').set('Accept', 'text/turtle');
      expect(home.status).to.equal(200);
      expect(home.headers['content-location']).to.equal('/~jm/index.ttl');
      expect((await request(nested.app).get('/%7ejm/people/rodrigo-fonseca%2Ent')).text).to.include('<https://scholar.example/~jm/people/rodrigo-fonseca#id>');
      expect((await request(nested.app).get('/%7Ejm')).headers.location).to.equal('/~jm/');
      expect((await request(nested.app).get('/~jm%2Fpeople/rodrigo-fonseca')).status, '%2F is not a slash').to.equal(404);
    });
  });
});

for (const fixture of fixtureProfiles) {
  describe(`the HTTP app, over the ${fixture.name} profile`, () => {
    let b: Built;
    before(async () => { b = await built({ dataDir: fixture.dir }); });

    it('dereferences every IRI minted under the base: its document describes it, in RDF and in HTML', async () => {
      const minted = new Set<string>();
      for (const q of b.profile.graph) for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode' && t.value.startsWith(defaultBase)) minted.add(t.value);
      for (const iri of minted) {
        // A client drops the fragment before it asks.
        const url = documentUrlOf(iri, defaultBase)!;
        const pathname = new URL(url).pathname;
        const turtle = await request(b.app).get(pathname).set('Accept', 'text/turtle');
        expect(turtle.status, iri).to.equal(200);
        const quads = await parseRdf(turtle.text, 'text/turtle', url);
        expect(quads.some((q) => q.subject.value === iri), `${iri} is described in ${url}`).to.equal(true);
        const html = await request(b.app).get(pathname).set('Accept', 'text/html');
        const fragment = new URL(iri).hash.slice(1);
        if (fragment) expect(html.text, iri).to.include(`id="${fragment}"`);
      }
    });

    it('serves the site under a base with a path, linking only below it but for the origin-wide files', async () => {
      const nested = await built({ dataDir: fixture.dir, base: 'https://scholar.example/~jm/' });
      const { entityPath } = facts(fixture.dir);
      expect((await request(nested.app).get(`/~jm${entityPath}.nt`)).text).to.include(`<https://scholar.example/~jm${entityPath}#id>`);
      const home = await request(nested.app).get('/~jm/');
      expect(home.status).to.equal(200);
      const links = [...home.text.matchAll(/ (?:href|src)="(\/[^"]*)"/g)].map((m) => m[1]);
      expect(links).to.not.be.empty;
      expect(links.filter((href) => !href.startsWith('/~jm/') )).to.deep.equal([]);
      for (const href of new Set(links)) expect((await request(nested.app).get(href.replace(/#.*$/, ''))).status, href).to.equal(200);
    });
  });
}
