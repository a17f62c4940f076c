import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { projectRoot } from '../../src/config.js';
import { logResponse, type ResponseRecord } from '../../src/http/log.js';
import { createServer, type LodfolioServer } from '../../src/server.js';
import type { SparqlService } from '../../src/sparql/index.js';
import { demoDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';
import { appWith, buildProfile, listening, parseCsv, parseJsonResults, profile, RUNAWAY, service } from './support.js';

const run = promisify(execFile);

describe('The SPARQL endpoint\'s limits, over the demo profile', () => {
  describe('rows and query size', () => {
    let sparql: SparqlService;
    before(async () => { sparql = await service({ dataDir: demoDir, maxRows: 5, maxQueryBytes: 1024 }); });
    after(() => sparql.close());
    const get = (query: string, accept = 'application/sparql-results+json') =>
      request(appWith(sparql)).get('/sparql').query({ query }).set('Accept', accept);

    it('cuts a result at the row cap and says so in X-SPARQL-MaxRows', async () => {
      const response = await get('SELECT * WHERE { ?s ?p ?o }');
      expect(response.status).to.equal(200);
      expect(parseJsonResults(response.text)).to.have.length(5);
      expect(response.headers['x-sparql-maxrows']).to.equal('5');
      const csv = await get('SELECT * WHERE { ?s ?p ?o }', 'text/csv');
      expect(parseCsv(csv.text)).to.have.length(6); // the header and five rows
      expect(csv.headers['x-sparql-maxrows']).to.equal('5');
    });

    it('lowers a LIMIT above the cap, and keeps one within it without the header', async () => {
      const high = await get('SELECT * WHERE { ?s ?p ?o } LIMIT 100');
      expect(parseJsonResults(high.text)).to.have.length(5);
      expect(high.headers['x-sparql-maxrows']).to.equal('5');
      const within = await get('SELECT * WHERE { ?s ?p ?o } LIMIT 5');
      expect(parseJsonResults(within.text)).to.have.length(5);
      expect(within.headers).to.not.have.property('x-sparql-maxrows');
      const fewer = await get('SELECT * WHERE { ?s a <http://schema.org/ProfilePage> }');
      expect(parseJsonResults(fewer.text)).to.have.length(1);
      expect(fewer.headers).to.not.have.property('x-sparql-maxrows');
    });

    it('still counts over the whole result when the query aggregates', async () => {
      const response = await get('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
      expect(parseJsonResults(response.text)[0].n.value).to.equal(String((await profile(demoDir)).graph.size));
    });

    it('refuses a query longer than the size limit: 414 in a URL, 413 in a body', async () => {
      const long = `SELECT * WHERE { ?s ?p "${'x'.repeat(1100)}" }`;
      const byGet = await get(long);
      expect(byGet.status).to.equal(414);
      expect(byGet.text).to.equal(`414 URI Too Long: the query is ${long.length} bytes long; this endpoint takes queries of at most 1024 bytes\n`);
      const byPost = await request(appWith(sparql)).post('/sparql').set('Content-Type', 'application/sparql-query').send(long);
      expect(byPost.status).to.equal(413);
    });
  });

  describe('time and concurrency', () => {
    let sparql: SparqlService;
    let server: { url: string; close: () => Promise<void> };
    const logged: string[] = [];
    const records: ResponseRecord[] = [];
    before(async () => {
      sparql = await service({ dataDir: demoDir, workers: 1, timeoutMs: 1500, maxConcurrent: 2, log: (m) => logged.push(m) });
      // Every response logged, as a listening server logs them (http/listen.ts).
      const app = appWith(sparql);
      server = await listening((req, res) => { logResponse(req, res, (r) => records.push(r)); app(req, res); });
    });
    after(async () => { await server.close(); await sparql.close(); });
    const query = (q: string) => fetch(`${server.url}/sparql?query=${encodeURIComponent(q)}`, { headers: { Accept: 'text/csv' } });

    it('stops a query at the time limit with a clear 503, turns away queries beyond the cap, and keeps serving', async () => {
      const started = performance.now();
      const runaway = query(RUNAWAY);
      await until(() => sparql.pool.running === 1);
      // One worker, busy; one query may wait; the next is turned away at once.
      const waiting = query('ASK {}');
      await until(() => sparql.pool.waiting === 1);
      // (Another query: the same one would wait for the answer of the one waiting, taking no place.)
      const turnedAway = await query('ASK { ?s ?p ?o }');
      expect(turnedAway.status).to.equal(503);
      expect(turnedAway.headers.get('retry-after')).to.equal('1');
      expect(await turnedAway.text()).to.equal('503 Service Unavailable: 2 queries are already running or waiting; try again shortly\n');

      const stopped = await runaway;
      expect(performance.now() - started).to.be.at.least(1400);
      expect(stopped.status).to.equal(503);
      expect(stopped.headers.get('cache-control')).to.equal('no-store');
      expect(await stopped.text()).to.equal('503 Service Unavailable: the query ran longer than 1.5 s, this endpoint\'s limit, and was stopped\n');
      // The query that waited ran on the fresh worker; so do the ones after it.
      expect(await (await waiting).text()).to.equal('true');
      expect(sparql.pool.restarts).to.equal(1);
      const after = await query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
      expect(parseCsv(await after.text())[1][0]).to.equal(String((await profile(demoDir)).graph.size));

      // The operator hears of the stopped query, and the access log of every response.
      expect(logged).to.deep.equal([`sparql: the query ran longer than 1.5 s, this endpoint's limit, and was stopped: ${JSON.stringify(RUNAWAY)}`]);
      expect(records.map((r) => r.status).sort()).to.deep.equal([200, 200, 503, 503]);
      const stoppedRecord = records.find((r) => r.url === `/sparql?query=${encodeURIComponent(RUNAWAY)}`)!;
      expect(stoppedRecord).to.include({ method: 'GET', status: 503, contentType: 'text/plain; charset=utf-8' });
      expect(stoppedRecord.bytes).to.be.greaterThan(0);
      const answered = records.find((r) => r.status === 200 && r.url.includes('COUNT'))!;
      expect(answered).to.include({ method: 'GET', contentType: 'text/csv; charset=utf-8' });
      expect(answered.bytes).to.equal('n\r\n697\r\n'.replace('697', String((await profile(demoDir)).graph.size)).length);
    });
  });

  describe('a runaway query and the rest of the site', () => {
    let sparql: SparqlService;
    let server: { url: string; close: () => Promise<void> };
    let whole: LodfolioServer;
    before(async () => {
      // The real server, endpoint and all, as `lodfolio serve` builds it.
      whole = await createServer({ dataDir: demoDir, base: (await profile(demoDir)).base, lastModified: new Date('2024-01-01T00:00:00Z'),
        sparql: { workers: 2, timeoutMs: 4000 }, builder: await sharedBuilder() });
      sparql = (await whole.startSparql())!;
      server = await listening(whole.app);
    });
    after(async () => { await server.close(); await whole.close(); });

    it('keeps answering page requests (and other queries) while a five-way cross product runs', async () => {
      const started = performance.now();
      let runawayDone: number | undefined;
      const runaway = fetch(`${server.url}/sparql?query=${encodeURIComponent(RUNAWAY)}`).then(async (r) => {
        runawayDone = performance.now();
        return { status: r.status, text: await r.text() };
      });
      await until(() => sparql.pool.running === 1);
      const pages: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const page = await fetch(`${server.url}/`, { headers: { Accept: 'text/html' } });
        expect(page.status).to.equal(200);
        expect(await page.text()).to.include('Jonathan Mace');
        pages.push(performance.now() - t);
      }
      const other = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { Accept: 'text/csv' } });
      expect(await other.text()).to.equal('true');
      const answeredAt = performance.now();

      // Every page, and the other query, came back while the runaway was still running...
      expect(runawayDone, 'the runaway query finished before the pages were answered').to.equal(undefined);
      const result = await runaway;
      // ...which it went on doing until the time limit stopped it.
      expect(result.status).to.equal(503);
      expect(result.text).to.include('ran longer than 4 s');
      const runawayMs = runawayDone! - started;
      // Each page took a small part of the runaway's time; on the main thread it would have waited for all of it.
      expect(Math.max(...pages)).to.be.below(runawayMs / 4);
      expect(answeredAt).to.be.below(runawayDone!);
    });
  });

  describe('data reloads', () => {
    let sparql: SparqlService;
    before(async () => { sparql = await service({ dataDir: demoDir }); });
    after(() => sparql.close());

    it('answers from the new data after a reload, service description included', async () => {
      const app = appWith(sparql);
      const names = async () => parseJsonResults((await request(app).get('/sparql')
        .query({ query: 'SELECT ?name WHERE { <http://localhost:3000/#me> <http://schema.org/name> ?name }' })).text).map((r) => r.name.value);
      expect(await names()).to.deep.equal(['Jonathan Mace']);
      const other = await buildProfile(path.join(projectRoot, 'test', 'fixtures', 'sparql', 'reload'));
      const report = await sparql.reload(other);
      expect(report.triples).to.equal(other.graph.size);
      // The scholar is {base}#me in every profile: now it is someone else.
      expect(await names()).to.deep.equal(['Ada Lovelace']);
      const people = await request(app).get('/sparql').query({ query: 'SELECT ?p WHERE { ?p a <http://schema.org/Person> }' });
      expect(parseJsonResults(people.text)).to.have.length(1);
      const description = await request(app).get('/sparql').set('Accept', 'application/n-triples');
      expect(description.text).to.include(`<http://rdfs.org/ns/void#triples> "${other.graph.size}"^^<http://www.w3.org/2001/XMLSchema#integer>`);
      const page = await request(app).get('/sparql').set('Accept', 'text/html');
      expect(page.text).to.include('SPARQL endpoint: Ada Lovelace');
    });

    it('refuses a profile published under another base', async () => {
      const elsewhere = await buildProfile(demoDir, 'https://example.org/');
      const error = await sparql.reload(elsewhere).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.equal('the SPARQL endpoint serves http://localhost:3000/, not https://example.org/');
    });
  });

  it('runs from the compiled JavaScript too, with workers started from worker.js', async function () {
    this.timeout(60_000);
    // Compiled into test-output/ (ignored by git), so that node_modules resolves as from dist/.
    const outDir = path.join(projectRoot, 'test-output', 'sparql-dist');
    rmSync(outDir, { recursive: true, force: true });
    // Type errors elsewhere are `tsc --noEmit`'s to report; files are written all the same.
    await run(process.execPath, [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', projectRoot, '--outDir', outDir], { cwd: projectRoot })
      .catch(() => undefined);
    expect(existsSync(path.join(outDir, 'sparql', 'worker.js')), 'tsc wrote the compiled worker').to.equal(true);
    const script = `
      import { workerEntry, QueryPool } from ${JSON.stringify(path.join(outDir, 'sparql', 'pool.js'))};
      const entry = workerEntry();
      const pool = new QueryPool({ size: 1 });
      await pool.load('<http://example.org/a> <http://example.org/b> "compiled" .', 'http://example.org/g');
      const result = await pool.run({ query: 'SELECT ?o WHERE { ?s ?p ?o }', format: 'text/csv', baseIri: 'http://example.org/' });
      await pool.close();
      process.stdout.write(JSON.stringify({ entry: String(entry.filename), eval: entry.eval, body: result.body.toString() }));`;
    // A plain node, without tsx: only compiled files can load.
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, env: { ...process.env, NODE_OPTIONS: '' } });
    const out = JSON.parse(stdout) as { entry: string; eval: boolean; body: string };
    expect(out.eval).to.equal(false);
    expect(out.entry).to.match(/\/test-output\/sparql-dist\/sparql\/worker\.js$/);
    expect(out.body).to.equal('o\r\ncompiled\r\n');
  });
});

/** Waits for a condition of the pool (polling), failing after a few seconds. */
async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out waiting for the pool');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
