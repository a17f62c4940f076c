import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import request from 'supertest';
import type { Express } from 'express';
import { formatsOf } from '../../src/formats.js';
import type { SparqlService } from '../../src/sparql/index.js';
import { examples } from '../../src/render/sparql-page.js';
import { demoDir, facts, fixtureProfiles, type Entry } from '../support/fixtures.js';
import {
  appWith, column, parseCsv, parseJsonBoolean, parseJsonResults, parseTsv, parseXmlBoolean, parseXmlResults, profile, publishedQuads, service,
} from './support.js';

const BASE = 'http://localhost:3000/';
const ENDPOINT = `${BASE}sparql`;
const GRAPH = `${BASE}dataset`;
const SD = 'http://www.w3.org/ns/sparql-service-description#';

const PUBLICATIONS = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?date WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title ; schema:datePublished ?date .
} ORDER BY ?title`;

async function parseRdf(body: string, mediaType: string): Promise<Quad[]> {
  switch (mediaType) {
    case 'text/turtle': return new Parser({ format: 'text/turtle', baseIRI: ENDPOINT }).parse(body);
    case 'application/n-triples': return new Parser({ format: 'N-Triples' }).parse(body);
    case 'application/ld+json': {
      const nquads = await jsonld.toRDF(JSON.parse(body), {
        format: 'application/n-quads',
        documentLoader: async (url: string) => { throw new Error(`the document tried to load ${url}`); },
      }) as unknown as string;
      return new Parser({ format: 'N-Quads' }).parse(nquads);
    }
    case 'application/rdf+xml': return new Promise((resolve, reject) => {
      const quads: Quad[] = [];
      const parser = new RdfXmlParser({ baseIRI: ENDPOINT });
      parser.on('data', (q: Quad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
      parser.end(body);
    });
    default: throw new Error(`no parser for ${mediaType}`);
  }
}

/** What PUBLICATIONS should find (articles with a name and a date), counted in the published graph itself. */
async function datedArticles(dataDir: string): Promise<number> {
  const quads = await publishedQuads(dataDir);
  const subjectsWith = (test: (q: Quad) => boolean) => new Set(quads.filter(test).map((q) => q.subject.value));
  const articles = subjectsWith((q) => q.object.value === 'http://schema.org/ScholarlyArticle');
  const dated = subjectsWith((q) => q.predicate.value === 'http://schema.org/datePublished');
  const named = subjectsWith((q) => q.predicate.value === 'http://schema.org/name');
  const n = [...articles].filter((a) => dated.has(a) && named.has(a)).length;
  if (n < 3) throw new Error(`${dataDir} should have dated articles`);
  return n;
}

const RDF_TYPES = formatsOf('graph').map((f) => f.mediaType);

describe('The SPARQL endpoint over HTTP, over the demo profile', () => {
  let sparql: SparqlService;
  let app: Express;
  before(async () => {
    sparql = await service({ dataDir: demoDir, workers: 2 });
    app = appWith(sparql);
  });
  after(() => sparql.close());

  const get = (query: string, accept?: string) => {
    const r = request(app).get('/sparql').query({ query });
    return accept ? r.set('Accept', accept) : r;
  };
  const post = (query: string) => request(app).post('/sparql').set('Content-Type', 'application/sparql-query').set('Accept', 'application/sparql-results+json').send(query);

  describe('the three ways of sending a query', () => {
    it('answers a query sent by GET, in SPARQL JSON when the client states no preference', async () => {
      const response = await get(PUBLICATIONS);
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('application/sparql-results+json');
      const rows = parseJsonResults(response.text);
      const pivot = rows.find((r) => r.title.value.startsWith('Pivot Tracing'));
      expect(pivot?.work.value).to.equal(`${BASE}publications/pivot-tracing-sosp-2015#id`);
      expect(pivot?.date.value).to.equal('2015');
      expect(pivot?.date.termType === 'Literal' && pivot.date.datatype.value).to.equal('http://www.w3.org/2001/XMLSchema#gYear');
      expect(rows).to.have.length(await datedArticles(demoDir));
    });

    it('answers the same by POST of a form and by POST of the query itself', async () => {
      const byGet = await get(PUBLICATIONS, 'text/csv');
      const byForm = await request(app).post('/sparql').type('form').set('Accept', 'text/csv').send({ query: PUBLICATIONS });
      const byBody = await request(app).post('/sparql').set('Content-Type', 'application/sparql-query').set('Accept', 'text/csv').send(PUBLICATIONS);
      for (const r of [byGet, byForm, byBody]) expect(r.status).to.equal(200);
      expect(byForm.text).to.equal(byGet.text);
      expect(byBody.text).to.equal(byGet.text);
      // Answers to POST are not for caches to keep; answers to GET are, like the documents.
      expect(byForm.headers['cache-control']).to.equal('no-store');
      expect(byGet.headers['cache-control']).to.equal('public, max-age=300');
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const head = await request(app).head('/sparql').query({ query: PUBLICATIONS }).set('Accept', 'text/csv');
      const full = await get(PUBLICATIONS, 'text/csv');
      expect(head.status).to.equal(200);
      expect(head.headers['content-length']).to.equal(full.headers['content-length']);
      expect(head.text ?? '').to.equal('');
    });
  });

  describe('SELECT and ASK results in each format', () => {
    it('gives the same solutions in SPARQL JSON, SPARQL XML, CSV and TSV, each read by its own parser', async () => {
      const json = parseJsonResults((await get(PUBLICATIONS, 'application/sparql-results+json')).text);
      const xmlResponse = await get(PUBLICATIONS, 'application/sparql-results+xml');
      expect(xmlResponse.headers['content-type']).to.equal('application/sparql-results+xml; charset=utf-8');
      const xml = await parseXmlResults(xmlResponse.text);
      const csvResponse = await get(PUBLICATIONS, 'text/csv');
      expect(csvResponse.headers['content-type']).to.equal('text/csv; charset=utf-8');
      const csv = parseCsv(csvResponse.text);
      const tsvResponse = await get(PUBLICATIONS, 'text/tab-separated-values');
      expect(tsvResponse.headers['content-type']).to.equal('text/tab-separated-values; charset=utf-8');
      const tsv = parseTsv(tsvResponse.text);

      const titles = column(json, 'title');
      expect(titles).to.have.length(await datedArticles(demoDir));
      expect(column(xml, 'title')).to.deep.equal(titles);
      expect(csv[0]).to.deep.equal(['work', 'title', 'date']);
      expect(csv.slice(1).map((row) => row[1])).to.deep.equal(titles);
      expect(tsv[0]).to.deep.equal(['?work', '?title', '?date']);
      expect(tsv.slice(1).map((row) => row[1])).to.deep.equal(titles.map((t) => JSON.stringify(t)));
      expect(tsv[1][2]).to.match(/^"\d{4}(-\d{2})?"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#gYear(Month)?>$/);
    });

    it('answers ASK as a boolean in JSON and XML, read by their parsers', async () => {
      expect(parseJsonBoolean((await get('ASK { ?s a <http://schema.org/Person> }')).text)).to.equal(true);
      expect(parseJsonBoolean((await get('ASK { ?s a <http://schema.org/Hotel> }')).text)).to.equal(false);
      expect(await parseXmlBoolean((await get('ASK { ?s a <http://schema.org/Person> }', 'application/sparql-results+xml')).text)).to.equal(true);
    });

    it('follows the same negotiation rules as the site: q-values, wildcards, aliases', async () => {
      const type = async (accept: string) => (await get('ASK {}', accept)).headers['content-type'];
      expect(await type('*/*')).to.equal('application/sparql-results+json');
      expect(await type('text/csv;q=0.5, text/tab-separated-values')).to.equal('text/tab-separated-values; charset=utf-8');
      expect(await type('application/json')).to.equal('application/json');
      expect(await type('application/xml')).to.equal('application/xml; charset=utf-8');
      // Jena's Accept for SELECT.
      expect(await type('application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.7, */*;q=0.1'))
        .to.equal('application/sparql-results+json');
    });

    it('answers 406, listing what it has, when the client accepts none of the formats for that kind of query', async () => {
      const response = await get(PUBLICATIONS, 'text/turtle');
      expect(response.status).to.equal(406);
      expect(response.text).to.include('application/sparql-results+json').and.include('text/tab-separated-values');
      const graph = await get('CONSTRUCT WHERE { ?s ?p ?o }', 'text/csv');
      expect(graph.status).to.equal(406);
      expect(graph.text).to.include('text/turtle').and.include('application/rdf+xml');
    });

    it('sends Vary: Accept and the CORS headers the rest of the server sends', async () => {
      const response = await get('ASK {}').set('Origin', 'https://example.org');
      expect(response.headers.vary).to.equal('Accept');
      expect(response.headers['access-control-allow-origin']).to.equal('*');
      expect(response.headers['x-content-type-options']).to.equal('nosniff');
    });
  });

  describe('CONSTRUCT and DESCRIBE results', () => {
    it('gives the whole published graph back from CONSTRUCT WHERE { ?s ?p ?o }, in each RDF format', async () => {
      const published = await publishedQuads(demoDir);
      for (const mediaType of RDF_TYPES) {
        const response = await get('CONSTRUCT WHERE { ?s ?p ?o }', mediaType);
        expect(response.status, mediaType).to.equal(200);
        expect(response.headers['content-type'].split(';')[0], mediaType).to.equal(mediaType);
        const quads = await parseRdf(response.text, mediaType);
        expect(quads.length, mediaType).to.equal(published.length);
        expect(isomorphic(quads, published), `${mediaType} is isomorphic to the published graph`).to.equal(true);
      }
    });

    it('answers DESCRIBE as a graph about the resource, with relative IRIs resolved against the endpoint', async () => {
      const response = await get('DESCRIBE <#me>', 'application/n-triples');
      expect(response.status).to.equal(200);
      const quads = await parseRdf(response.text, 'application/n-triples');
      const names = quads.filter((q) => q.subject.value === `${BASE}sparql#me`);
      expect(names).to.have.length(0);
      const about = await parseRdf((await get(`BASE <${BASE}> DESCRIBE <#me>`, 'text/turtle')).text, 'text/turtle');
      expect(about.find((q) => q.subject.value === `${BASE}#me` && q.predicate.value === 'http://schema.org/name')?.object.value).to.equal('Jonathan Mace');
    });

    it('answers graph queries in Turtle when the client states no preference', async () => {
      const response = await get('CONSTRUCT WHERE { ?s <http://schema.org/name> ?o } LIMIT 1');
      expect(response.headers['content-type']).to.equal('text/turtle; charset=utf-8');
    });
  });

  describe('the service itself', () => {
    it('describes itself to RDF clients (SPARQL 1.1 Service Description), the same in every RDF format', async () => {
      const graphs: Quad[][] = [];
      for (const mediaType of RDF_TYPES) {
        const response = await request(app).get('/sparql').set('Accept', mediaType);
        expect(response.status, mediaType).to.equal(200);
        graphs.push(await parseRdf(response.text, mediaType));
      }
      for (const g of graphs.slice(1)) expect(isomorphic(g, graphs[0])).to.equal(true);
      const has = (s: string, p: string, o: string) => graphs[0].some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);
      expect(has(ENDPOINT, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${SD}Service`)).to.equal(true);
      expect(has(ENDPOINT, `${SD}endpoint`, ENDPOINT)).to.equal(true);
      expect(has(ENDPOINT, `${SD}supportedLanguage`, `${SD}SPARQL11Query`)).to.equal(true);
      expect(graphs[0].filter((q) => q.predicate.value === `${SD}resultFormat`)).to.have.length(8);
      // The default graph is the dataset the VoID description describes, with its size.
      const voidDataset = 'http://localhost:3000/.well-known/void#dataset';
      expect(has(`${ENDPOINT}#dataset`, `${SD}defaultGraph`, voidDataset)).to.equal(true);
      expect(has(voidDataset, 'http://rdfs.org/ns/void#triples', String((await publishedQuads(demoDir)).length))).to.equal(true);
      expect(has(`${ENDPOINT}#graph`, `${SD}name`, GRAPH)).to.equal(true);
    });

    it('shows browsers a page with a query box, the prefixes the data uses and the examples', async () => {
      const response = await request(app).get('/sparql').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
      expect(response.status).to.equal(200);
      expect(response.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(response.text).to.include('<form id="sparql-form" method="get" action="/sparql">');
      expect(response.text).to.include('<textarea id="sparql-query" name="query"');
      expect(response.text).to.include('PREFIX schema: &lt;http://schema.org/&gt;').and.include('PREFIX foaf: &lt;http://xmlns.com/foaf/0.1/&gt;');
      for (const example of examples(BASE, `${BASE}#me`)) {
        expect(response.text).to.include(`href="/sparql?query=${encodeURIComponent(example.query)}"`);
      }
      // No Accept at all is a browser too, as everywhere on the site.
      expect((await request(app).get('/sparql')).headers['content-type']).to.equal('text/html; charset=utf-8');
    });

    it('runs each example query and finds what the profile says', async () => {
      const [byYear, members, awards, describe] = examples(BASE, `${BASE}#me`);
      const years = parseJsonResults((await get(byYear.query)).text);
      expect(years.find((r) => r.title?.value.startsWith('Pivot Tracing'))?.year.value).to.equal('2015');
      // A paper the homepage gives no title for is still listed, under its year.
      expect(years.find((r) => r.work.value === `${BASE}publications/blueprint-sosp-2023#id`)?.year.value).to.equal('2023');
      expect(column(years, 'year')).to.deep.equal([...column(years, 'year')].sort().reverse());

      const current = column(parseJsonResults((await get(members.query)).text), 'name');
      expect(current).to.include('Vaastav Anand');
      // The scholar led the group until he left MPI-SWS in September 2022.
      expect(current).to.not.include('Jonathan Mace');
      // Arpan Gujarati's postdoc ended in 2021.
      expect(current).to.not.include('Arpan Gujarati');

      const won = parseJsonResults((await get(awards.query)).text);
      const best = won.find((r) => r.award.value === 'Best Paper Award at SOSP 2015');
      expect(best?.for?.value).to.equal('Pivot Tracing: Dynamic Causal Monitoring for Distributed Systems');

      const graph = await parseRdf((await get(describe.query, 'text/turtle')).text, 'text/turtle');
      expect(graph.length).to.be.greaterThan(20);
    });

    it('answers a browser\'s form submission with the page and the results as a table, escaped', async () => {
      const query = 'SELECT ?x WHERE { BIND ("<b>&amp;</b>" AS ?x) }';
      const response = await get(query, 'text/html');
      expect(response.status).to.equal(200);
      expect(response.text).to.include('<td>&lt;b&gt;&amp;amp;&lt;/b&gt;</td>');
      expect(response.text).to.include(`>SELECT ?x WHERE { BIND (&quot;&lt;b&gt;&amp;amp;&lt;/b&gt;&quot; AS ?x) }</textarea>`);
      expect(response.text).to.not.include('<b>&amp;</b>');
    });

    it('answers a browser\'s broken query with the page, the error and the query to fix', async () => {
      const response = await get('SELECT * WHERE { ?s ?p }', 'text/html');
      expect(response.status).to.equal(400);
      expect(response.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(response.text).to.include('class="error"').and.include('error at 1:');
      expect(response.text).to.include('>SELECT * WHERE { ?s ?p }</textarea>');
    });

    it('answers CORS preflights for POST, and 405 for methods it does not take', async () => {
      const preflight = await request(app).options('/sparql')
        .set('Origin', 'https://example.org').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'content-type');
      expect(preflight.status).to.equal(204);
      expect(preflight.headers['access-control-allow-methods']).to.equal('GET, HEAD, POST, OPTIONS');
      expect(preflight.headers['access-control-allow-headers']).to.equal('content-type');
      expect(preflight.headers['access-control-allow-origin']).to.equal('*');
      for (const method of ['put', 'delete', 'patch'] as const) {
        const response = await request(app)[method]('/sparql');
        expect(response.status, method).to.equal(405);
        expect(response.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
      }
    });
  });

  describe('read-only and bounded', () => {
    const count = async () => parseJsonResults((await get('SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }')).text)[0].n.value;

    it('refuses SPARQL Update however it is sent, and changes nothing', async () => {
      const before = await count();
      const attempts = [
        get('INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }'),
        get('PREFIX schema: <http://schema.org/> DELETE WHERE { ?s schema:name ?o }'),
        get('DROP ALL'),
        get('LOAD <http://example.org/data.ttl>'),
        get('CLEAR DEFAULT'),
        request(app).post('/sparql').type('form').send({ update: 'DROP ALL' }),
        request(app).post('/sparql').set('Content-Type', 'application/sparql-update').send('DROP ALL'),
        request(app).get('/sparql').query({ update: 'DROP ALL' }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status).to.equal(403);
        expect(response.text).to.match(/^403 Forbidden: this endpoint is read-only: SPARQL Update( \([A-Z]+\))? is not accepted\n$/);
      }
      expect(await count()).to.equal(before);
      expect(Number(before)).to.equal((await publishedQuads(demoDir)).length * 2);
    });

    it('refuses SERVICE: the server sends no requests to other endpoints', async () => {
      const response = await get('SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }');
      expect(response.status).to.equal(400);
      expect(response.text).to.equal('400 Bad Request: SERVICE is not supported: this endpoint answers from its own data and sends no requests to other endpoints\n');
    });

    it('refuses a query nested deeper than its limit with 400, before the engine, and answers the next as before', async () => {
      // 2 KB of nesting (1,000 groups) ran the engine out of stack: a 500, and a worker replaced.
      const groups = `ASK ${'{'.repeat(1000)} ?s ?p ?o ${'}'.repeat(1000)}`;
      const brackets = `ASK { ?s ?p ?o FILTER(${'('.repeat(998)}1${')'.repeat(998)}) }`;
      for (const query of [groups, brackets]) {
        const response = await post(query);
        expect(response.status).to.equal(400);
        expect(response.text).to.equal('400 Bad Request: the query nests 1000 deep (groups, sub-queries, brackets); this endpoint takes queries nested at most 64 deep\n');
      }
      const nested = `ASK ${'{'.repeat(64)} ?s ?p ?o ${'}'.repeat(64)}`;
      const answer = await post(nested);
      expect(answer.status).to.equal(200);
      expect(JSON.parse(answer.text)).to.deep.include({ boolean: true });
    });

    it('answers a syntax error with 400 and the parser\'s message', async () => {
      const response = await get('SELECT ?s WHERE { ?s ?p }');
      expect(response.status).to.equal(400);
      expect(response.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(response.text).to.match(/^400 Bad Request: the query was rejected: error at 1:\d+: expected /);
    });

    it('takes default-graph-uri and named-graph-uri naming its graph, and refuses others clearly', async () => {
      const n = async (query: string, params: Record<string, string>) =>
        parseJsonResults((await request(app).get('/sparql').query({ query, ...params })).text)[0].n.value;
      const all = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
      const size = String((await publishedQuads(demoDir)).length);
      expect(await n(all, { 'default-graph-uri': GRAPH })).to.equal(size);
      expect(await n(all, { 'named-graph-uri': GRAPH })).to.equal('0');
      expect(await n('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', { 'named-graph-uri': GRAPH })).to.equal(size);
      const refused = await request(app).get('/sparql').query({ query: all, 'default-graph-uri': 'http://example.org/elsewhere' });
      expect(refused.status).to.equal(400);
      expect(refused.text).to.include('there is no graph <http://example.org/elsewhere> here').and.include(`<${GRAPH}>`);
    });

    it('never answers malformed input with a 500', async () => {
      const responses = await Promise.all([
        request(app).get('/sparql?query=%E0%A4%A'),
        request(app).get('/sparql?query=%00%01'),
        request(app).get('/sparql?query=}}}}{{{{'),
        request(app).get('/sparql?query=SELECT%20*%20WHERE%20%7B%7D%20LIMIT%2099999999999999999999999'),
        request(app).get('/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%22open'),
        request(app).get('/sparql?query=ASK%7B%7D&default-graph-uri='),
        get('ASK {}', ';;;,,,q=x/y'),
        request(app).post('/sparql').set('Content-Type', 'garbage/;;').send('x'),
        request(app).post('/sparql').set('Content-Type', 'application/x-www-form-urlencoded').send('%%%query=%ZZ'),
        request(app).post('/sparql').set('Content-Type', 'application/sparql-query').set('Content-Encoding', 'bogus').send('ASK {}'),
        request(app).post('/sparql').set('Content-Type', 'application/sparql-query').send(''),
        request(app).post('/sparql').set('Content-Type', 'application/sparql-query').send(`ASK { ?s ?p "${'x'.repeat(300_000)}" }`),
      ]);
      for (const response of responses) {
        expect(response.status, response.text.slice(0, 200)).to.be.within(200, 499);
        expect(response.text.slice(0, 200)).to.not.match(/at \w+ \(|node_modules/); // no stack traces
      }
      expect(responses[responses.length - 1].status).to.equal(413);
      expect(responses[9].status).to.equal(415);
    });
  });

  it('runs the query in the capped form but reports syntax errors where the client made them', async () => {
    // The endpoint adds `LIMIT` on a new line; the error must still point into line 1.
    const response = await get('SELECT * WHERE { ?s ?p ?o . FILTER( }');
    expect(response.status).to.equal(400);
    expect(response.text).to.match(/error at 1:\d+/);
  });
});

/** The datatype a date written as in the data (2019, 2023-09, 2021-06-14) has. */
const dateType = (written: unknown) => `http://www.w3.org/2001/XMLSchema#${/^\d{4}$/.test(String(written)) ? 'gYear' : /^\d{4}-\d{2}$/.test(String(written)) ? 'gYearMonth' : 'date'}`;

for (const fixture of fixtureProfiles) {
  describe(`What the SPARQL endpoint finds in the ${fixture.name} profile`, () => {
    const yaml = facts(fixture.dir);
    const work = (id: string) => `${BASE}publications/${id}#id`;
    let sparql: SparqlService;
    let app: Express;
    before(async () => {
      sparql = await service({ dataDir: fixture.dir });
      app = appWith(sparql);
    });
    after(() => sparql.close());
    const get = (query: string, accept?: string) => {
      const r = request(app).get('/sparql').query({ query });
      return accept ? r.set('Accept', accept) : r;
    };

    it('finds every dated, titled article, each with its IRI and its date at the precision written, in JSON and in TSV', async () => {
      const rows = parseJsonResults((await get(PUBLICATIONS)).text);
      expect(rows).to.have.length(await datedArticles(fixture.dir));
      const articles = yaml.list('publications').filter((w) => (w.type ?? 'ScholarlyArticle') === 'ScholarlyArticle' && w.name && w.datePublished);
      expect(rows.map((r) => r.work.value)).to.have.members(articles.map((w) => work(w.id)));
      for (const w of articles) {
        const row = rows.find((r) => r.work.value === work(w.id))!;
        expect(row.title.value).to.equal(w.name);
        expect(row.date.value).to.equal(String(w.datePublished));
        expect(row.date.termType === 'Literal' && row.date.datatype.value, w.id).to.equal(dateType(w.datePublished));
      }
      const tsv = parseTsv((await get(PUBLICATIONS, 'text/tab-separated-values')).text);
      for (const row of tsv.slice(1)) {
        expect(row[2]).to.match(/^"\d{4}(-\d{2}(-\d{2})?)?"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#(gYear|gYearMonth|date)>$/);
      }
    });

    it('gives the whole published graph back from CONSTRUCT, and the scholar\'s name from DESCRIBE', async () => {
      const published = await publishedQuads(fixture.dir);
      const quads = await parseRdf((await get('CONSTRUCT WHERE { ?s ?p ?o }', 'application/n-triples')).text, 'application/n-triples');
      expect(isomorphic(quads, published)).to.equal(true);
      const about = await parseRdf((await get(`BASE <${BASE}> DESCRIBE <#me>`, 'text/turtle')).text, 'text/turtle');
      expect(about.filter((q) => q.subject.value === `${BASE}#me` && q.predicate.value === 'http://schema.org/name').map((q) => q.object.value))
        .to.deep.equal([yaml.person.name]);
    });

    it('runs each example query and finds what the data says: works by year, current group members, awards', async () => {
      const [byYear, members, awards, describe] = examples(BASE, `${BASE}#me`);
      const years = parseJsonResults((await get(byYear.query)).text);
      const dated = yaml.list('publications').filter((w) => w.datePublished && ['ScholarlyArticle', 'Book', 'Thesis'].includes(w.type ?? 'ScholarlyArticle'));
      expect(years.map((r) => `${r.work.value} ${r.year.value}`)).to.have.members(dated.map((w) => `${work(w.id)} ${String(w.datePublished).slice(0, 4)}`));
      expect(column(years, 'year')).to.deep.equal([...column(years, 'year')].sort().reverse());

      const nameOf = (id: string) => (id === yaml.person.id ? yaml.person.name : yaml.list('people').find((p) => p.id === id)!.name) as string;
      const current = yaml.list('groups').flatMap((g) => (g.members as Entry[]).filter((m) => m.endDate === undefined).map((m) => nameOf(m.person)));
      expect(column(parseJsonResults((await get(members.query)).text), 'name')).to.have.members(current);

      const awarded = [...yaml.list('publications'), ...yaml.list('projects')].flatMap((w) => ((w.awards ?? []) as string[])
        .map((id) => ({ award: yaml.list('awards').find((a) => a.id === id)!.award as string, for: w.name as string })));
      const won = parseJsonResults((await get(awards.query)).text);
      for (const a of awarded) expect(won.find((r) => r.award.value === a.award)?.for?.value, a.award).to.equal(a.for);
      if (yaml.list('awards').length === 0) expect(won).to.deep.equal([]);

      const graph = await parseRdf((await get(describe.query, 'text/turtle')).text, 'text/turtle');
      expect(graph.length).to.be.greaterThan(20);
    });
  });
}
