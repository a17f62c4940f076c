import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import type { Profile } from '../../src/pipeline.js';
import { toNTriples } from '../../src/render/turtle.js';
import { createServer } from '../../src/server.js';
import { pushGraph, pushProfile, PushError } from '../../src/store/push.js';
import { runLodfolio, type CommandResult } from '../support/command.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { buildProfile, defaultBase } from '../support/profile.js';
import { useVirtuoso } from '../support/virtuoso.js';
import { listening } from '../http/support.js';
import { examples } from '../../src/render/sparql-page.js';
import type { SparqlService } from '../../src/sparql/index.js';
import { column, parseCsv, parseJsonBoolean, parseJsonResults, parseXmlBoolean, parseXmlResults, service, type Row } from '../sparql/support.js';
import { profileDataset } from '../../src/publish/profile-site.js';

/**
 * `lodfolio push` into a real Virtuoso, started by this suite: what is
 * pushed is what the store's endpoint gives back, a second push replaces
 * the graph, refusals are clear and never show the password.
 */

const GRAPH = `${defaultBase}dataset`;
const COUNT = `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`;
const CONSTRUCT = `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`;

function lodfolio(env: Record<string, string>, ...args: string[]): Promise<CommandResult> {
  return runLodfolio({ env }, ...args);
}

/** Parsed N-Triples, as the dump and a CONSTRUCT give them. */
const parseNTriples = (text: string): Quad[] => new Parser({ format: 'N-Triples' }).parse(text);

/** The dump, as `lodfolio dump --format ntriples` writes it. */
const dumpOf = (profile: Profile): Quad[] => parseNTriples(toNTriples(profileDataset(profile)));

describe('Pushing the dataset into Virtuoso (a real store, started by the suite)', function () {
  this.timeout(60_000);
  const store = useVirtuoso();
  let demo: Profile;
  let second: Profile;
  before(async () => {
    demo = await buildProfile(demoDir);
    second = await buildProfile(secondDir);
  });

  /** A query at the store's own endpoint. */
  const ask = async (query: string, accept: string) => {
    const response = await fetch(`${store().sparql}?query=${encodeURIComponent(query)}`, { headers: { Accept: accept } });
    expect(response.status, await response.clone().text()).to.equal(200);
    return response.text();
  };
  const count = async () => Number(JSON.parse(await ask(COUNT, 'application/sparql-results+json')).results.bindings[0].n.value);
  const construct = async () => parseNTriples(await ask(CONSTRUCT, 'text/plain'));
  const credentials = () => ({ user: store().user, password: store().password });

  it('puts the demo profile into the dataset\'s graph: a COUNT and a CONSTRUCT at the store equal the dump', async () => {
    const report = await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    expect(report.graph).to.equal(GRAPH);
    expect(report.triples).to.equal(profileDataset(demo).length);
    expect(report.bytes).to.equal(Buffer.byteLength(toNTriples(profileDataset(demo))));
    expect(report.status).to.be.oneOf([200, 201, 204]);
    expect(await count()).to.equal(profileDataset(demo).length);
    expect(isomorphic(await construct(), dumpOf(demo))).to.equal(true);
  });

  it('streams the body in slices: a push cut into many slices gives the same graph', async () => {
    const report = await pushGraph({ store: store().graphStore, graph: GRAPH, quads: profileDataset(demo), credentials: credentials(), sliceSize: 7 });
    expect(report.bytes).to.equal(Buffer.byteLength(toNTriples(profileDataset(demo))));
    expect(isomorphic(await construct(), dumpOf(demo))).to.equal(true);
  });

  it('replaces the graph on a second push, never adding to it', async () => {
    await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    await pushProfile(second, { store: store().graphStore, credentials: credentials() });
    expect(await count()).to.equal(profileDataset(second).length);
    expect(isomorphic(await construct(), dumpOf(second))).to.equal(true);
    // Nothing of the demo stayed behind.
    expect(profileDataset(second).length).to.not.equal(profileDataset(demo).length);
  });

  it('pushes into another graph when told, leaving the dataset\'s graph as it was', async () => {
    await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    await pushProfile(second, { store: store().graphStore, credentials: credentials(), graph: 'http://example.org/elsewhere' });
    expect(await count()).to.equal(profileDataset(demo).length);
    const elsewhere = JSON.parse(await ask('SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/elsewhere> { ?s ?p ?o } }', 'application/sparql-results+json'));
    expect(Number(elsewhere.results.bindings[0].n.value)).to.equal(profileDataset(second).length);
  });

  it('refuses a wrong password with a clear error that does not hold it, and leaves the graph alone', async () => {
    const before = await count();
    const wrong = `wrong-${store().password.slice(0, 6)}-password`;
    let error: unknown;
    try {
      await pushProfile(second, { store: store().graphStore, credentials: { user: store().user, password: wrong } });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/refused the credentials \(401/).and.include('LODFOLIO_STORE_PASSWORD');
    expect((error as Error).message).to.not.include(wrong);
    expect(await count()).to.equal(before);
  });

  it('asks for credentials when none are given', async () => {
    const error = await pushProfile(demo, { store: store().graphStore }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/asks for credentials \(401/).and.include('LODFOLIO_STORE_USER');
  });

  it('names the Graph Store endpoints it knows when the URL is not one', async () => {
    const error = await pushProfile(demo, { store: store().graphStore.replace(/sparql-graph-crud-auth$/, 'no-such-endpoint'), credentials: credentials() })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/^no Graph Store endpoint at \S+ \((404|501)/).and.include('/sparql-graph-crud-auth');
  });

  describe('the lodfolio push command', () => {
    it('pushes with the credentials of the environment and prints one line: triples, bytes, seconds; never the password', async () => {
      const env = { LODFOLIO_STORE_USER: store().user, LODFOLIO_STORE_PASSWORD: store().password, BASE_URL: defaultBase };
      await pushProfile(second, { store: store().graphStore, credentials: credentials() });
      const { code, stdout, stderr } = await lodfolio(env, 'push', demoDir, '--store', store().graphStore);
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(new RegExp(`^lodfolio: pushed ${profileDataset(demo).length} triples \\(\\d+\\.\\d kB of N-Triples\\) into <${GRAPH}> at \\S+ in \\d+\\.\\d\\d s \\(20[014]\\)\\n$`));
      expect(stdout + stderr).to.not.include(store().password);
      expect(await count()).to.equal(profileDataset(demo).length);
    });

    it('exits 1 on a wrong password, saying so, and prints no password', async () => {
      const wrong = 'not-the-password-4711';
      const { code, stdout, stderr } = await lodfolio({ LODFOLIO_STORE_USER: store().user, LODFOLIO_STORE_PASSWORD: wrong, BASE_URL: defaultBase },
        'push', demoDir, '--store', store().graphStore);
      expect(code).to.equal(1);
      expect(stdout).to.equal('');
      expect(stderr).to.match(/^lodfolio: the store refused the credentials \(401/m);
      expect(stdout + stderr).to.not.include(wrong).and.not.include(store().password);
    });

    it('refuses a store URL holding credentials, without repeating them', async () => {
      const url = store().graphStore.replace('//', `//dba:${store().password}@`);
      const { code, stderr } = await lodfolio({ BASE_URL: defaultBase }, 'push', demoDir, '--store', url);
      expect(code).to.equal(1);
      expect(stderr).to.include('LODFOLIO_STORE_USER').and.not.include(store().password);
    });
  });

  describe('a site whose /sparql is the store (serve --sparql-endpoint)', () => {
    let site: { url: string; close: () => Promise<void> };
    before(async () => {
      const server = await createServer({ dataDir: demoDir, base: defaultBase, sparqlEndpoint: store().sparql });
      site = await listening(server.app);
      await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
    });
    after(() => site.close());

    it('answers a COUNT and a CONSTRUCT sent to the site equal to the dump, by way of the store', async () => {
      const counted = await fetch(`${site.url}/sparql?query=${encodeURIComponent(COUNT)}`, { headers: { Accept: 'application/sparql-results+json' } });
      expect(counted.redirected).to.equal(true);
      expect(Number((await counted.json() as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0].n.value)).to.equal(profileDataset(demo).length);
      // By POST: the 307 keeps the method and the body.
      const constructed = await fetch(`${site.url}/sparql`, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/plain' },
        body: new URLSearchParams({ query: CONSTRUCT }),
      });
      expect(constructed.status).to.equal(200);
      expect(isomorphic(parseNTriples(await constructed.text()), dumpOf(demo))).to.equal(true);
    });
  });

  /**
   * Queries of the embedded endpoint's tests (test/sparql/endpoint.test.ts)
   * and the page's examples, asked of Virtuoso and of the embedded endpoint
   * over the same data: the same solutions. Both are given the dataset's
   * graph as the default graph (default-graph-uri), since Virtuoso's own
   * default graph is the union of all its graphs, its system graphs included.
   */
  describe('the embedded endpoint\'s queries, asked of Virtuoso', () => {
    let embedded: SparqlService;
    let app: { url: string; close: () => Promise<void> };
    before(async function () {
      this.timeout(60_000);
      await pushProfile(demo, { store: store().graphStore, credentials: credentials() });
      embedded = await service({ dataDir: demoDir });
      const express = (await import('express')).default;
      const host = express();
      host.use('/sparql', embedded.router);
      app = await listening(host);
    });
    after(async () => {
      await app?.close();
      await embedded?.close();
    });

    const at = async (endpoint: string, query: string, accept: string) => {
      const url = `${endpoint}?query=${encodeURIComponent(query)}&default-graph-uri=${encodeURIComponent(GRAPH)}`;
      const response = await fetch(url, { headers: { Accept: accept } });
      const text = await response.text();
      expect(response.status, text).to.equal(200);
      return { text, type: response.headers.get('content-type') ?? '' };
    };
    const both = async (query: string, accept: string) =>
      [(await at(`${app.url}/sparql`, query, accept)).text, (await at(store().sparql, query, accept)).text];
    /** Solutions as sorted strings of their bindings: the same multiset, whatever order ties come in. */
    const solutions = (rows: Row[]) => rows.map((row) => Object.keys(row).sort()
      .map((v) => `${v}=${row[v].termType}:${row[v].value}${row[v].termType === 'Literal' ? `^^${(row[v] as { datatype: { value: string } }).datatype.value}@${(row[v] as { language: string }).language}` : ''}`)
      .join(' ')).sort();

    const PUBLICATIONS = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?date WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title ; schema:datePublished ?date .
} ORDER BY ?title`;
    const queries: Record<string, string> = {
      'the dated articles': PUBLICATIONS,
      'the count of triples': 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
      'the count of each type': 'SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type',
      'the people and their names': 'PREFIX schema: <http://schema.org/> SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name }',
      'the datatypes of dates, counted': 'PREFIX schema: <http://schema.org/> SELECT ?type (COUNT(*) AS ?n) WHERE { ?w schema:datePublished ?date BIND (DATATYPE(?date) AS ?type) } GROUP BY ?type',
      'an OPTIONAL and a FILTER NOT EXISTS': 'PREFIX schema: <http://schema.org/> SELECT ?w ?doi WHERE { ?w a schema:ScholarlyArticle . OPTIONAL { ?w schema:sameAs ?doi FILTER STRSTARTS(STR(?doi), "https://doi.org/") } FILTER NOT EXISTS { ?w a schema:Book } }',
    };
    for (const [what, query] of Object.entries(queries)) {
      it(`finds the same solutions as the embedded endpoint: ${what}`, async () => {
        const [ours, theirs] = await both(query, 'application/sparql-results+json');
        const expected = solutions(parseJsonResults(ours));
        expect(expected.length).to.be.greaterThan(0);
        expect(solutions(parseJsonResults(theirs))).to.deep.equal(expected);
      });
    }

    it('counts the triples of the dump, and orders the articles by title as the embedded endpoint does', async () => {
      const [, counted] = await both('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', 'application/sparql-results+json');
      expect(Number(parseJsonResults(counted)[0].n.value)).to.equal(profileDataset(demo).length);
      const [ours, theirs] = await both(PUBLICATIONS, 'application/sparql-results+json');
      expect(column(parseJsonResults(theirs), 'title')).to.deep.equal(column(parseJsonResults(ours), 'title'));
    });

    it('answers the articles in SPARQL XML and CSV with the same titles, read by their parsers', async () => {
      const titles = column(parseJsonResults((await at(`${app.url}/sparql`, PUBLICATIONS, 'application/sparql-results+json')).text), 'title');
      const xml = await at(store().sparql, PUBLICATIONS, 'application/sparql-results+xml');
      expect(xml.type).to.match(/^application\/sparql-results\+xml/);
      expect(column(await parseXmlResults(xml.text), 'title')).to.deep.equal(titles);
      const csv = await at(store().sparql, PUBLICATIONS, 'text/csv');
      expect(csv.type).to.match(/^text\/csv/);
      const rows = parseCsv(csv.text.replace(/\r?\n/g, '\r\n'));
      expect(rows[0]).to.deep.equal(['work', 'title', 'date']);
      expect(rows.slice(1).filter((r) => r.length === 3).map((r) => r[1])).to.deep.equal(titles);
    });

    it('answers ASK as a boolean in JSON and XML', async () => {
      expect(parseJsonBoolean((await at(store().sparql, 'ASK { ?s a <http://schema.org/Person> }', 'application/sparql-results+json')).text)).to.equal(true);
      expect(parseJsonBoolean((await at(store().sparql, 'ASK { ?s a <http://schema.org/Hotel> }', 'application/sparql-results+json')).text)).to.equal(false);
      expect(await parseXmlBoolean((await at(store().sparql, 'ASK { ?s a <http://schema.org/Person> }', 'application/sparql-results+xml')).text)).to.equal(true);
    });

    it('gives the whole graph back from CONSTRUCT WHERE { ?s ?p ?o }, in N-Triples and in Turtle', async () => {
      const nt = await at(store().sparql, 'CONSTRUCT WHERE { ?s ?p ?o }', 'text/plain');
      expect(isomorphic(parseNTriples(nt.text), dumpOf(demo))).to.equal(true);
      const ttl = await at(store().sparql, 'CONSTRUCT WHERE { ?s ?p ?o }', 'text/turtle');
      expect(ttl.type).to.match(/^text\/turtle/);
      expect(isomorphic(new Parser({ format: 'text/turtle' }).parse(ttl.text) as Quad[], dumpOf(demo))).to.equal(true);
    });

    it('runs the page\'s example queries with the same solutions: works by year, current group members, awards', async () => {
      const [byYear, members, awards] = examples(defaultBase, `${defaultBase}#me`);
      for (const example of [byYear, members, awards]) {
        const [ours, theirs] = await both(example.query, 'application/sparql-results+json');
        expect(solutions(parseJsonResults(theirs)), example.title).to.deep.equal(solutions(parseJsonResults(ours)));
      }
    });
  });
});
