import { expect } from 'chai';
import { formatsOf } from '../../src/formats.js';
import { Engine, QueryError, countRows, reachesCap } from '../../src/sparql/engine.js';
import { parseCsv, parseJsonResults, parseTsv } from './support.js';

const GRAPH = 'http://example.org/dataset';
const DATA = [
  '<http://example.org/a> <http://example.org/name> "A" .',
  '<http://example.org/b> <http://example.org/name> "line one\\nline two, with \\"quotes\\"" .',
  '<http://example.org/c> <http://example.org/name> "tab\\there"@en .',
  '<http://example.org/c> <http://example.org/knows> _:x .',
].join('\n');

const task = (query: string, format = 'application/sparql-results+json') => ({ query, format, baseIri: 'http://example.org/sparql' });

describe('The query engine (Oxigraph, as a worker runs it)', () => {
  const engine = new Engine();
  before(() => engine.load(DATA, GRAPH));

  it('loads the triples and reports how many', () => {
    expect(new Engine().load(DATA, GRAPH)).to.equal(4);
  });

  it('loads N-Triples given as UTF-8 bytes, read in slices, a character cut between two slices included', () => {
    const head = '<http://example.org/long> <http://example.org/name> "';
    // The two bytes of "é" straddle the first slice's end (1 MiB).
    const filler = 'x'.repeat((1 << 20) - 1 - Buffer.byteLength(head));
    const bytes = Buffer.from(`${head}${filler}é" .\n${DATA}\n`);
    expect(bytes.subarray((1 << 20) - 1, (1 << 20) + 1).toString('utf8')).to.equal('é');
    const other = new Engine();
    expect(other.load(new Uint8Array(bytes), GRAPH)).to.equal(5);
    const row = parseJsonResults(other.run(task('SELECT (STRLEN(?n) AS ?l) (SUBSTR(?n, STRLEN(?n) - 1) AS ?end) WHERE { <http://example.org/long> ?p ?n }')).body)[0];
    expect(row.l.value).to.equal(String(filler.length + 1));
    expect(row.end.value).to.equal('xé');
  });

  it('answers from them as the default graph unless the query names its dataset, and holds them as a named graph, for FROM, GRAPH and the protocol\'s graph parameters', () => {
    const count = (q: string) => parseJsonResults(engine.run(task(q)).body)[0].n.value;
    expect(count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).to.equal('4');
    expect(count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${GRAPH}> { ?s ?p ?o } }`)).to.equal('4');
    expect(count(`SELECT (COUNT(*) AS ?n) FROM <${GRAPH}> WHERE { ?s ?p ?o }`)).to.equal('4');
    expect(count('SELECT (COUNT(*) AS ?n) FROM <http://example.org/nothing> WHERE { ?s ?p ?o }')).to.equal('0');
    expect(count(`SELECT (COUNT(*) AS ?n) FROM NAMED <${GRAPH}> WHERE { ?s ?p ?o }`)).to.equal('0');
  });

  it('lets the protocol\'s dataset replace the query\'s: named graphs only means an empty default graph', () => {
    const count = (q: string, defaultGraphs?: string[], namedGraphs?: string[]) =>
      parseJsonResults(engine.run({ ...task(q), defaultGraphs, namedGraphs }).body)[0].n.value;
    expect(count('SELECT (COUNT(*) AS ?n) FROM <http://example.org/nothing> WHERE { ?s ?p ?o }', [GRAPH])).to.equal('4');
    expect(count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', undefined, [GRAPH])).to.equal('0');
    expect(count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', undefined, [GRAPH])).to.equal('4');
    expect(count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', [GRAPH])).to.equal('0');
  });

  it('resolves relative IRIs in the query against the endpoint URL', () => {
    const rows = parseJsonResults(engine.run(task('SELECT ?name WHERE { <a> <name> ?name }')).body);
    expect(rows.map((r) => r.name.value)).to.deep.equal(['A']);
  });

  it('serialises graphs with Oxigraph\'s own writers', () => {
    const q = 'CONSTRUCT WHERE { ?s <http://example.org/name> ?o }';
    expect(engine.run(task(q, 'application/n-triples')).body.trim().split('\n')).to.have.length(3);
    expect(engine.run(task(q, 'text/turtle')).body).to.include('<http://example.org/a>');
    expect(JSON.parse(engine.run(task(q, 'application/ld+json')).body)).to.be.an('array').with.length(3);
    expect(engine.run(task(q, 'application/rdf+xml')).body).to.match(/^<\?xml/);
  });

  it('reports a syntax error as a QueryError with Oxigraph\'s message', () => {
    expect(() => engine.run(task('SELECT * WHERE { ?s ?p }'))).to.throw(QueryError, /^error at 1:\d+/);
  });

  it('reports a syntax error in a capped query at the client\'s own position, not at the added LIMIT', () => {
    const original = 'SELECT * WHERE { ?s ?p }';
    const run = () => engine.run({ ...task(`${original}\nLIMIT 10`), original });
    expect(run).to.throw(QueryError, /^error at 1:/);
  });

  it('replaces the data on load', () => {
    const other = new Engine();
    other.load(DATA, GRAPH);
    other.load('<http://example.org/z> <http://example.org/name> "Z" .', GRAPH);
    const rows = parseJsonResults(other.run(task('SELECT ?n WHERE { ?s <http://example.org/name> ?n }')).body);
    expect(rows.map((r) => r.n.value)).to.deep.equal(['Z']);
  });
});

describe('Counting the solutions in serialised results', () => {
  const engine = new Engine();
  before(() => engine.load(DATA, GRAPH));
  const formats = formatsOf('results').map((f) => f.engine);

  it('counts exactly in every format, with newlines, quotes and tabs inside values', () => {
    for (const format of formats) {
      const all = engine.run(task('SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }', format)).body;
      expect(countRows(format, all), format).to.equal(3);
      const none = engine.run(task('SELECT ?s WHERE { ?s <http://example.org/nothing> ?o }', format)).body;
      expect(countRows(format, none), format).to.equal(0);
      // A solution that binds nothing is still a solution.
      const empty = engine.run(task('SELECT ?x WHERE { ?s <http://example.org/name> ?o }', format)).body;
      expect(countRows(format, empty), format).to.equal(3);
    }
  });

  it('agrees with independent parsers of CSV and TSV', () => {
    const q = 'SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }';
    expect(parseCsv(engine.run(task(q, 'text/csv')).body)).to.have.length(4);
    expect(parseTsv(engine.run(task(q, 'text/tab-separated-values')).body)).to.have.length(4);
  });

  it('says whether a cap is reached, counting no further than the cap', () => {
    for (const format of formats) {
      const body = engine.run(task('SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }', format)).body;
      expect(reachesCap(format, body, 3), format).to.equal(true);
      expect(reachesCap(format, body, 2), format).to.equal(true);
      expect(reachesCap(format, body, 4), format).to.equal(false);
      expect(countRows(format, body, 2), format).to.equal(2);
    }
  });

  it('reports a cap as reached through the task, for SELECT results', () => {
    const q = 'SELECT ?s WHERE { ?s <http://example.org/name> ?name } LIMIT 2';
    expect(engine.run({ ...task(q), cap: 2 }).capReached).to.equal(true);
    expect(engine.run({ ...task(q), cap: 3 }).capReached).to.equal(false);
    expect(engine.run(task(q)).capReached).to.equal(undefined);
  });
});
