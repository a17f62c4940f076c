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
import { QueryAbandonedError, type QueryPool } from '../../src/sparql/pool.js';
import { demoDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';
import { appWith, buildProfile, listening, parseCsv, parseJsonResults, profile, publishedQuads, RUNAWAY, service } from './support.js';
import { profileDataset } from '../../src/publish/profile-site.js';

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
      expect(parseJsonResults(response.text)[0].n.value).to.equal(String((await publishedQuads(demoDir)).length));
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
    const query = (url: string, q: string, signal?: AbortSignal) => fetch(`${url}/sparql?query=${encodeURIComponent(q)}`, { headers: { Accept: 'text/csv' }, signal });

    describe('with a full queue', () => {
      let sparql: SparqlService;
      let server: { url: string; close: () => Promise<void> };
      const logged: ResponseRecord[] = [];
      let onLogged = () => {};
      // A time limit no test reaches: the runaway runs until the pool closes.
      before(async () => {
        sparql = await service({ dataDir: demoDir, workers: 1, timeoutMs: 600_000, queueLength: 2 });
        const app = appWith(sparql);
        server = await listening((req, res) => { logResponse(req, res, (r) => { logged.push(r); onLogged(); }); app(req, res); });
      });
      after(async () => { await server.close(); await sparql.close(); });

      it('turns away a query at once with 503 and a Retry-After from the queue, and takes one again when a waiting client leaves', async () => {
        const abandon = new AbortController();
        const running = nextQuery(sparql.pool);
        void query(server.url, RUNAWAY, abandon.signal).catch(() => undefined);
        await running;
        expect(sparql.pool.running).to.equal(1);
        // One worker, busy; two queries may wait (different ones: the same query waits for the other's answer, taking no place).
        void query(server.url, 'ASK {}', abandon.signal).catch(() => undefined);
        await nextQuery(sparql.pool);
        const leaving = new AbortController();
        const left = nextQuery(sparql.pool);
        void query(server.url, 'ASK { ?s ?p ?o }', leaving.signal).catch(() => undefined);
        const { outcome } = await left;
        expect(sparql.pool.waiting).to.equal(2);
        const turnedAway = await query(server.url, 'ASK { ?s a ?type }');
        expect(turnedAway.status).to.equal(503);
        // Two waiting, each given the whole limit (600 s) on one worker: more than the bound, 120 s.
        expect(turnedAway.headers.get('retry-after')).to.equal('120');
        expect(await turnedAway.text()).to.equal('503 Service Unavailable: 2 queries are already waiting for a worker; try again in 120 s\n');
        // The last in the queue hangs up: its query leaves the queue (the access log says so), and the next one has its place.
        const leftUrl = `/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`;
        const recorded = new Promise<void>((resolve) => { onLogged = () => { if (logged.some((r) => r.url === leftUrl)) resolve(); }; });
        leaving.abort();
        expect(await outcome).to.be.instanceOf(QueryAbandonedError);
        expect(sparql.pool.waiting).to.equal(1);
        await recorded;
        expect(logged.find((r) => r.url === leftUrl)).to.include({ method: 'GET', status: 499, bytes: 0 });
        const taken = nextQuery(sparql.pool);
        void query(server.url, 'ASK { ?s a ?type }', abandon.signal).catch(() => undefined);
        await taken;
        expect({ running: sparql.pool.running, waiting: sparql.pool.waiting, restarts: sparql.pool.restarts }).to.deep.equal({ running: 1, waiting: 2, restarts: 0 });
        abandon.abort();
      });
    });

    describe('with slow queries holding every other worker', () => {
      let sparql: SparqlService;
      let server: { url: string; close: () => Promise<void> };
      // A time limit no test reaches: the slow queries run until the test lets them go.
      before(async () => {
        sparql = await service({ dataDir: demoDir, workers: 2, timeoutMs: 600_000, queueLength: 20 });
        server = await listening(appWith(sparql));
      });
      after(async () => { await server.close(); await sparql.close(); });

      it('answers a cheap ASK at once on the worker kept for such queries, while 20 slow ones run or wait', async () => {
        const abandon = new AbortController();
        const slow = 20;
        const taken = queriesTaken(sparql.pool, slow);
        let slowAnswered = 0;
        // Twenty different runaways (a comment makes each its own: the same query would share one answer).
        for (let i = 0; i < slow; i++) {
          void query(server.url, `${RUNAWAY} # ${i}`, abandon.signal).then(() => { slowAnswered++; }, () => undefined);
        }
        await taken;
        expect(sparql.pool.running + sparql.pool.waiting).to.equal(slow);
        const cheap = await query(server.url, 'ASK { ?s a ?type }');
        expect(cheap.status).to.equal(200);
        expect(await cheap.text()).to.equal('true');
        // The slow ones are all still there: none answered, none turned away.
        expect(slowAnswered).to.equal(0);
        expect(sparql.pool.running + sparql.pool.waiting).to.equal(slow);
        abandon.abort();
      });
    });

    describe('at the time limit', () => {
      let sparql: SparqlService;
      let server: { url: string; close: () => Promise<void> };
      const logged: string[] = [];
      const records: ResponseRecord[] = [];
      before(async () => {
        sparql = await service({ dataDir: demoDir, workers: 1, timeoutMs: 1500, log: (m) => logged.push(m) });
        // Every response logged, as a listening server logs them (http/listen.ts).
        const app = appWith(sparql);
        server = await listening((req, res) => { logResponse(req, res, (r) => records.push(r)); app(req, res); });
      });
      after(async () => { await server.close(); await sparql.close(); });

      it('stops a query with a clear 503, replaces its worker, and keeps serving', async () => {
        const stopped = await query(server.url, RUNAWAY);
        expect(stopped.status).to.equal(503);
        expect(stopped.headers.get('cache-control')).to.equal('no-store');
        expect(await stopped.text()).to.equal('503 Service Unavailable: the query ran longer than 1.5 s, this endpoint\'s limit, and was stopped\n');
        expect(sparql.pool.restarts).to.equal(1);
        // A reload resolves once every worker holds the data, the fresh one included.
        await sparql.reload(await profile(demoDir));
        const after = await query(server.url, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
        expect(parseCsv(await after.text())[1][0]).to.equal(String((await publishedQuads(demoDir)).length));

        // The operator hears of the stopped query, and the access log of every response.
        expect(logged).to.deep.equal([`sparql: the query ran longer than 1.5 s, this endpoint's limit, and was stopped: ${JSON.stringify(RUNAWAY)}`]);
        expect(records.map((r) => r.status).sort()).to.deep.equal([200, 503]);
        const stoppedRecord = records.find((r) => r.url === `/sparql?query=${encodeURIComponent(RUNAWAY)}`)!;
        expect(stoppedRecord).to.include({ method: 'GET', status: 503, contentType: 'text/plain; charset=utf-8' });
        expect(stoppedRecord.bytes).to.be.greaterThan(0);
        const answered = records.find((r) => r.status === 200 && r.url.includes('COUNT'))!;
        expect(answered).to.include({ method: 'GET', contentType: 'text/csv; charset=utf-8' });
        expect(answered.bytes).to.equal('n\r\n697\r\n'.replace('697', String((await publishedQuads(demoDir)).length)).length);
      });
    });
  });

  describe('a runaway query and the rest of the site', () => {
    let sparql: SparqlService;
    let server: { url: string; close: () => Promise<void> };
    let whole: LodfolioServer;
    before(async () => {
      // The real server, endpoint and all, as `lodfolio serve` builds it; a time limit no test reaches.
      whole = await createServer({ dataDir: demoDir, base: (await profile(demoDir)).base, lastModified: new Date('2024-01-01T00:00:00Z'),
        sparql: { workers: 2, timeoutMs: 600_000 }, builder: await sharedBuilder() });
      sparql = (await whole.startSparql())!;
      server = await listening(whole.app);
    });
    after(async () => { await server.close(); await whole.close(); });

    it('keeps answering page requests (and other queries) while a five-way cross product runs', async () => {
      const abandon = new AbortController();
      let runawayAnswered = false;
      const running = nextQuery(sparql.pool);
      void fetch(`${server.url}/sparql?query=${encodeURIComponent(RUNAWAY)}`, { signal: abandon.signal })
        .then(() => { runawayAnswered = true; }, () => undefined);
      await running;
      for (let i = 0; i < 5; i++) {
        const page = await fetch(`${server.url}/`, { headers: { Accept: 'text/html' } });
        expect(page.status).to.equal(200);
        expect(await page.text()).to.include('Jonathan Mace');
      }
      const other = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, { headers: { Accept: 'text/csv' } });
      expect(await other.text()).to.equal('true');
      // Every page, and the other query, came back while the runaway was still running (on the main thread, nothing would have).
      expect(runawayAnswered, 'the runaway query was answered').to.equal(false);
      expect({ running: sparql.pool.running, restarts: sparql.pool.restarts }).to.deep.equal({ running: 1, restarts: 0 });
      abandon.abort();
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
      expect(report.triples).to.equal(profileDataset(other).length);
      // The scholar is {base}#me in every profile: now it is someone else.
      expect(await names()).to.deep.equal(['Ada Lovelace']);
      const people = await request(app).get('/sparql').query({ query: 'SELECT ?p WHERE { ?p a <http://schema.org/Person> }' });
      expect(parseJsonResults(people.text)).to.have.length(1);
      const description = await request(app).get('/sparql').set('Accept', 'application/n-triples');
      expect(description.text).to.include(`<http://rdfs.org/ns/void#triples> "${profileDataset(other).length}"^^<http://www.w3.org/2001/XMLSchema#integer>`);
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

/**
 * Resolves when the pool is next handed a query, with what became of it
 * (its result or error). The pool starts the query on a free worker, or
 * queues it, before it returns: by then `running` and `waiting` count it.
 */
function nextQuery(pool: QueryPool): Promise<{ outcome: Promise<unknown> }> {
  const run = pool.run;
  return new Promise((resolve) => {
    pool.run = (...args) => {
      pool.run = run;
      const result = run.apply(pool, args);
      resolve({ outcome: result.catch((e: unknown) => e) });
      return result;
    };
  });
}

/** Resolves once the pool has been handed `count` queries (each started or queued by then). */
function queriesTaken(pool: QueryPool, count: number): Promise<void> {
  const run = pool.run;
  let taken = 0;
  return new Promise((resolve) => {
    pool.run = (...args) => {
      const result = run.apply(pool, args);
      if (++taken === count) { pool.run = run; resolve(); }
      return result;
    };
  });
}
