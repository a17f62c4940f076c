import { execFileSync } from 'node:child_process';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import http from 'node:http';
import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import rdf from 'rdf-ext';
import type { Profile } from '../../src/pipeline.js';
import { buildRepresentations } from '../../src/publish/representations.js';
import { Graph } from '../../src/rdf/graph.js';
import { sortQuads } from '../../src/rdf/quads.js';
import { buildSite, type Site, type SiteDocument } from '../../src/site/index.js';
import { documentUrlOf } from '../../src/site/documents.js';
import { formatsOf } from '../../src/formats.js';
import { variantUrl } from '../../src/site/layout.js';
import { demoDir, facts, generatedProfile, scaleProfiles, type Entry } from '../support/fixtures.js';
import { defaultBase, documentTitle } from '../support/profile.js';
import { built, embeddedJsonLd, listening, parseRdf, sameTriples } from './support.js';
import { embeddedTurtle } from '../support/structured-data.js';
import { nameOf } from '../../src/render/names.js';

/**
 * What a user sees: every document fetched over HTTP in every format, the
 * bytes parsed by real parsers (n3, jsonld.js, rdfxml-streaming-parser), and
 * each parse compared with the document's slice of the graph.
 */

for (const fixture of scaleProfiles) {
  describe(`every document of the ${fixture.name} profile, in every format`, () => {
    const yaml = facts(fixture.dir);
    let site: Site;
    let profile: Profile;
    let server: Awaited<ReturnType<typeof listening>>;
    before(async () => {
      const b = await built({ dataDir: fixture.dir });
      site = b.site;
      profile = b.profile;
      server = await listening(b.app);
    });
    after(() => server.close());

    /**
     * The documents checked one by one: every one of a fixture profile; of the
     * generated profile (some 360 documents of one shape, there for the
     * listings' paging) the homepage, every listing page and every tenth of
     * the others, always the same ones.
     */
    const checked = (docs: SiteDocument[]): SiteDocument[] => fixture !== generatedProfile ? docs
      : docs.filter((d, i) => d === site.documents[0] || /\/(page\/\d+)?$/.test(d.url) || i % 10 === 0);
    const all = (): SiteDocument[] => [...checked(site.documents), site.void, site.dataset];
    const htmlDocuments = (): SiteDocument[] => [...checked(site.documents), site.void];
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });
      return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, body: await res.text() };
    };

    it('has the documents it should: the profile page, one per entity, the listings, the VoID description and the dataset', () => {
      const minted = [...profile.graph].flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode' && t.value.startsWith(defaultBase));
      // One document per entry of the data (the profile page at /, which also holds the scholar, #me), and the listings' pages.
      const listings = site.documents.filter((d) => /\/(page\/\d+)?$/.test(d.url) && d.url !== defaultBase);
      expect(listings.map((d) => d.url)).to.include.members(['http://localhost:3000/publications/', 'http://localhost:3000/people/']);
      expect(site.documents.length - listings.length).to.equal(new Set(minted.map((t) => documentUrlOf(t.value, defaultBase))).size).and.equal(yaml.ids.length);
      expect(site.documents[0].url).to.equal('http://localhost:3000/');
      expect(site.void.url).to.equal('http://localhost:3000/.well-known/void');
      expect(site.dataset.url).to.equal('http://localhost:3000/dataset');
    });

    for (const { mediaType, suffix } of formatsOf('graph')) {
      it(`serves every document as ${mediaType} at its .${suffix} URL, parsing to exactly the document's triples`, async () => {
        for (const doc of all()) {
          const { status, type, body } = await get(new URL(variantUrl(doc.url, suffix)).pathname);
          expect(status, doc.url).to.equal(200);
          expect(type).to.match(new RegExp(`^${mediaType.replace('+', '\\+')}`));
          const quads = await parseRdf(body, mediaType, doc.url);
          const slice = doc.slice();
          expect(quads.length, `${doc.url} as ${mediaType}`).to.equal(slice.length);
          expect(sameTriples(quads, slice), `${doc.url} as ${mediaType}`).to.equal(true);
        }
      });

      it(`negotiates ${mediaType} at every document's own URL, with the same bytes as the .${suffix} URL`, async () => {
        for (const doc of all()) {
          const path = new URL(doc.url).pathname;
          const negotiated = await get(path, { accept: mediaType });
          const fixed = await get(new URL(variantUrl(doc.url, suffix)).pathname);
          expect(negotiated.status, doc.url).to.equal(200);
          expect(negotiated.body, doc.url).to.equal(fixed.body);
          expect(negotiated.headers.get('etag')).to.equal(fixed.headers.get('etag'));
        }
      });
    }

    it('embeds in every HTML page the schema.org island and a Turtle block of exactly the document\'s triples', async () => {
      for (const doc of htmlDocuments()) {
        const { status, type, body } = await get(new URL(doc.url).pathname, { accept: 'text/html' });
        expect(status).to.equal(200);
        expect(type).to.equal('text/html; charset=utf-8');
        const scripts = embeddedJsonLd(body);
        expect(scripts, doc.url).to.have.length(1);
        for (const script of scripts) expect(script, 'no raw < in the script').to.not.include('<');
        const turtle = embeddedTurtle(body);
        expect(turtle, doc.url).to.have.length(1);
        expect(sameTriples(await parseRdf(turtle[0], 'text/turtle', doc.url), doc.slice()), doc.url).to.equal(true);
        expect(body).to.include(`<title>${escapeHtml(documentTitle(doc))}</title>`);
      }
    });

    it('serves every HTML page as well-formed XML, so application/xhtml+xml gets the same bytes', async () => {
      const pages: string[] = [];
      for (const doc of htmlDocuments()) {
        const res = await get(new URL(doc.url).pathname, { accept: 'application/xhtml+xml' });
        expect(res.type).to.equal('application/xhtml+xml; charset=utf-8');
        expect(res.body).to.equal((await get(new URL(doc.url).pathname, { accept: 'text/html' })).body);
        pages.push(res.body);
      }
      const check = 'import sys, json, xml.dom.minidom\nfor page in json.load(sys.stdin): xml.dom.minidom.parseString(page.encode("utf-8"))\nprint("ok")';
      expect(execFileSync('/usr/bin/python3', ['-c', check], { input: JSON.stringify(pages) }).toString().trim()).to.equal('ok');
    });

    it('renders the HTML from the triples: every literal of the document\'s entities is on the page', async () => {
      for (const doc of checked(site.documents)) {
        const { body } = await get(new URL(doc.url).pathname);
        // What a reader sees: the text of the markup (texts are Markdown, so compare what Markdown shows).
        const shown = textOf(body);
        for (const q of doc.slice()) {
          if (q.object.termType === 'Literal' && doc.entities.includes(q.subject.value)) {
            expect(shown, `${doc.url}: ${q.object.value.slice(0, 40)}`).to.include(textOf(markdown.renderInline(q.object.value)));
          }
        }
      }
    });

    it('frames the JSON-LD from the document\'s main entity: the one root object, or the first of @graph when it nests deep', async () => {
      // A document also holds the nodes that link to its entities: they nest
      // under @reverse. Past five levels of nesting a node is written at the
      // top level instead (render/jsonld.ts MAX_NESTING), after the root.
      for (const doc of htmlDocuments()) {
        const json = JSON.parse((await get(new URL(doc.url).pathname, { accept: 'application/ld+json' })).body);
        expect(rootObject(json)['@id'], doc.url).to.equal(doc.root);
        expect(json['@context']['@vocab']).to.equal('http://schema.org/');
      }
      const home = rootObject(JSON.parse((await get('/', { accept: 'application/ld+json' })).body));
      expect(home['@type']).to.include('ProfilePage');
      expect(home.mainEntity['@id']).to.equal('http://localhost:3000/#me');
      expect(home.mainEntity.name).to.equal(yaml.person.name);
    });

    // (The generated profile has no theses.)
    if (fixture !== generatedProfile) it('nests what points at an entity under @reverse: a thesis, through the role, on its advisor\'s page', async () => {
      const theses = yaml.list('publications').filter((w) => w.contributors);
      expect(theses, 'the fixture has a thesis with an advisor').to.not.be.empty;
      for (const thesis of theses) {
        for (const c of thesis.contributors as Entry[]) {
          const json = rootObject(JSON.parse((await get(`/people/${c.person}`, { accept: 'application/ld+json' })).body));
          const roles = [json['@reverse'].contributor].flat() as Entry[];
          const works = roles.flatMap((r) => [r['@reverse'].contributor].flat() as Entry[]);
          expect(works.map((w) => w['@id']), c.person).to.include(`http://localhost:3000/publications/${thesis.id}#id`);
          expect(roles.map((r) => r.roleName)).to.include(c.roleName);
        }
      }
    });

    it('publishes the JSON-LD context that every document also carries inline', async () => {
      const published = JSON.parse((await get('/context.jsonld')).body);
      for (const doc of [site.documents[0], site.documents[5], site.void]) {
        const json = JSON.parse((await get(new URL(variantUrl(doc.url, 'jsonld')).pathname)).body);
        expect(json['@context']).to.deep.equal(published['@context']);
      }
      expect(published['@context']).to.include({ '@vocab': 'http://schema.org/', foaf: 'http://xmlns.com/foaf/0.1/' });
    });

    it('writes Turtle with @base, so that its relative IRIs mean the same at x and at x.ttl', async () => {
      const { body } = await get(`${yaml.entityPath}.ttl`);
      expect(body.startsWith('@base <http://localhost:3000/>.\n')).to.equal(true);
      const quads = await parseRdf(body, 'text/turtle', `http://elsewhere.example${yaml.entityPath}.ttl`);
      expect(quads.some((q) => q.subject.value === `http://localhost:3000${yaml.entityPath}#id`)).to.equal(true);
      expect(quads.every((q) => q.subject.termType === 'BlankNode' || q.subject.value.startsWith('http://localhost:3000/'))).to.equal(true);
    });

    it('serves the whole dataset as gzip files that decompress to the dumps', async () => {
      for (const suffix of ['ttl', 'nt', 'jsonld']) {
        const zipped = await new Promise<{ type?: string; encoding?: string; body: Buffer }>((resolve, reject) => {
          http.get(`${server.url}/dataset.${suffix}.gz`, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ type: res.headers['content-type'], encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          }).on('error', reject);
        });
        expect(zipped.type).to.equal('application/gzip');
        expect(zipped.encoding, 'a .gz file is the file, not an encoding of it').to.equal(undefined);
        expect(gunzipSync(zipped.body).toString()).to.equal((await get(`/dataset.${suffix}`)).body);
      }
    });

    it('sends gzip and brotli bodies that decode to the same bytes, each with its own ETag', async () => {
      const raw = (encoding: string) => new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http.get(`${server.url}/`, { headers: { accept: 'text/turtle', 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      const [plain, gz, br] = await Promise.all([raw('identity'), raw('gzip'), raw('gzip, deflate, br')]);
      expect(plain.headers['content-encoding']).to.equal(undefined);
      expect(gz.headers['content-encoding']).to.equal('gzip');
      expect(br.headers['content-encoding']).to.equal('br');
      expect(gunzipSync(gz.body).equals(plain.body)).to.equal(true);
      expect(brotliDecompressSync(br.body).equals(plain.body)).to.equal(true);
      expect(br.body.length).to.be.lessThan(gz.body.length);
      expect(Number(gz.headers['content-length'])).to.equal(gz.body.length);
      expect(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size).to.equal(3);
    });
  });
}

describe('the demo profile\'s documents as JSON-LD', () => {
  it('nest a group under @reverse on a member\'s page', async () => {
    const { app } = await built({ dataDir: demoDir });
    const server = await listening(app);
    try {
      const member = rootObject(await (await fetch(`${server.url}/people/thomas-davidson`, { headers: { accept: 'application/ld+json' } })).json() as Entry);
      expect(member['@reverse']['foaf:member']['@id'], 'the group, reached backwards')
        .to.equal('http://localhost:3000/organizations/cloud-software-systems-group#id');
    } finally {
      await server.close();
    }
  });
});

describe('the URL layout', () => {
  const profileOf = (...iris: string[]) => {
    const base = 'https://example.org/';
    const graph = new Graph(sortQuads(iris.map((iri) => rdf.quad(rdf.namedNode(`${base}${iri}`), rdf.namedNode('http://schema.org/name'), rdf.literal(iri)))));
    return { graph, base, origins: new Map() } satisfies Profile;
  };

  it('refuses, at startup, two resources that would share a URL', () => {
    const clash = (iris: string[]) => () => buildRepresentations(buildSite(profileOf(...iris), { name: 'A profile', lastModified: new Date(0), nameOf }));
    expect(clash(['', 'index#id'])).to.throw(/two resources want the URL path \/index\.html/);
    expect(clash(['dataset#id'])).to.throw(/two resources want the URL path \/dataset/);
    expect(clash(['sitemap.xml#id'])).to.throw(/two resources want the URL path \/sitemap\.xml/);
    expect(clash(['', 'people/x#id'])).to.not.throw();
  });
});

/** The object a framed JSON-LD document starts from: itself, or the first of its @graph. */
function rootObject(json: Entry): Entry {
  return Array.isArray(json['@graph']) ? json['@graph'][0] as Entry : json;
}

const markdown = new MarkdownIt({ html: false, linkify: true });

/** The text of some markup, entities read, whitespace collapsed. */
function textOf(markup: string): string {
  return markup.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
