import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { projectRoot } from '../../src/config.js';
import { isCompiled } from '../../src/worker-entry.js';
import { EngineError, PoolBusyError, QueryAbandonedError, QueryPool, QuerySyntaxError, QueryTimeoutError, workerEntry } from '../../src/sparql/pool.js';

const GRAPH = 'http://example.org/dataset';
const DATA = Array.from({ length: 200 }, (_, i) => `<http://example.org/s${i}> <http://example.org/p> "${i}" .`).join('\n');
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?p ?o }';
const task = (query: string) => ({ query, format: 'text/tab-separated-values', baseIri: 'http://example.org/sparql' });
const lines = (body: Buffer) => body.toString('utf8').trim().split('\n');

describe('The pool of query workers', () => {
  it('starts its workers from worker.js where compiled, from dist/ when that is current, and from the sources under tsx otherwise', () => {
    const entry = workerEntry();
    // Under the tests this file's sibling worker.js does not exist.
    expect(existsSync(fileURLToPath(new URL('../../src/sparql/worker.js', import.meta.url)))).to.equal(false);
    if (isCompiled(path.join(projectRoot, 'src'), path.join(projectRoot, 'dist'))) {
      expect(entry).to.deep.equal({ filename: pathToFileURL(path.join(projectRoot, 'dist', 'sparql', 'worker.js')), eval: false });
    } else {
      expect(entry.eval).to.equal(true);
      expect(entry.filename).to.be.a('string').and.to.include('worker.ts').and.to.include('tsx');
    }
  });

  describe('with two workers', () => {
    let pool: QueryPool;
    before(async () => {
      pool = new QueryPool({ size: 2, timeoutMs: 1500, queueLength: 2 });
      await pool.load(DATA, GRAPH);
    });
    after(() => pool.close());

    it('answers a query with the data it was given, in the format asked for', async () => {
      const result = await pool.run(task('SELECT ?o WHERE { <http://example.org/s7> ?p ?o }'));
      expect(lines(result.body)).to.deep.equal(['?o', '"7"']);
    });

    it('answers queries in parallel, one per worker', async () => {
      const results = await Promise.all([1, 2, 3].map((i) => pool.run(task(`SELECT ?o WHERE { <http://example.org/s${i}> ?p ?o }`))));
      expect(results.map((r) => lines(r.body)[1])).to.deep.equal(['"1"', '"2"', '"3"']);
    });

    it('rejects a syntax error with Oxigraph\'s message, and the worker goes on serving', async () => {
      const restarts = pool.restarts;
      const error = await pool.run(task('SELECT * WHERE { ?s ?p }')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(QuerySyntaxError);
      expect((error as Error).message).to.match(/^error at 1:\d+: expected/);
      expect(pool.restarts).to.equal(restarts);
      expect(lines((await pool.run(task('ASK {}'))).body)).to.deep.equal(['true']);
    });

    it('stops a query at the time limit, replaces its worker, and keeps answering', async () => {
      const restarts = pool.restarts;
      const error = await pool.run(task(RUNAWAY)).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(QueryTimeoutError);
      expect((error as Error).message).to.equal('the query ran longer than 1.5 s, this endpoint\'s limit, and was stopped');
      expect(pool.restarts).to.equal(restarts + 1);
      // The replacement has the data.
      const result = await pool.run(task('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'));
      expect(lines(result.body)[1]).to.equal('200');
    });

    it('turns a query away at once when the queue is full, saying when to try again, and runs those that waited', async () => {
      // One slow query on each worker: the second misjudged as cheap, so it holds the worker kept for those until it is stopped.
      const slow = [pool.run(task(RUNAWAY)), pool.run(task(RUNAWAY), true)].map((p) => p.catch((e: unknown) => e));
      const waiting = [pool.run(task('ASK {}')), pool.run(task('ASK { ?s ?p ?o }'))];
      expect({ running: pool.running, waiting: pool.waiting }).to.deep.equal({ running: 2, waiting: 2 });
      const error = await pool.run(task('ASK {}')).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(PoolBusyError);
      // Two waiting, each given the 1.5 s limit, on the one worker that takes them: 3 s.
      expect((error as PoolBusyError).retryAfterSeconds).to.equal(3);
      expect((error as Error).message).to.equal('2 queries are already waiting for a worker; try again in 3 s');
      for (const e of await Promise.all(slow)) expect(e).to.be.instanceOf(QueryTimeoutError);
      for (const answer of await Promise.all(waiting)) expect(lines(answer.body)).to.deep.equal(['true']);
    });

    it('gives new data to every worker: queries sent after a load see it', async () => {
      const report = await pool.load('<http://example.org/new> <http://example.org/p> "new" .', GRAPH);
      expect(report.triples).to.equal(1);
      expect(report.engineMs).to.be.a('number');
      // Each worker's WebAssembly memory: at least Oxigraph's own, a few MB.
      expect(report.workerMemory).to.have.length(2);
      for (const bytes of report.workerMemory) expect(bytes).to.be.a('number').and.above(1 << 20);
      expect(pool.workerMemory).to.have.length(2);
      const results = await Promise.all([1, 2].map(() => pool.run(task('SELECT ?o WHERE { ?s ?p ?o }'))));
      for (const r of results) expect(lines(r.body)).to.deep.equal(['?o', '"new"']);
      await pool.load(DATA, GRAPH);
    });

    it('refuses data that is not N-Triples, and keeps the data it had', async () => {
      const error = await pool.load('this is not N-Triples', GRAPH).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(EngineError);
      const result = await pool.run(task('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'));
      expect(lines(result.body)[1]).to.equal('200');
    });
  });

  it('fails waiting and new queries once closed', async () => {
    const pool = new QueryPool({ size: 1 });
    await pool.load(DATA, GRAPH);
    const running = pool.run(task(RUNAWAY)).catch((e: unknown) => e);
    await pool.close();
    expect(await running).to.be.instanceOf(EngineError);
    expect(await pool.run(task('ASK {}')).catch((e: unknown) => e)).to.be.instanceOf(EngineError);
  });

  it('runs a waiting query when a worker frees, however long it waited', async () => {
    // One worker, held by a query until the time limit stops it; the queries behind it wait for the replacement.
    const pool = new QueryPool({ size: 1, timeoutMs: 1500, queueLength: 2 });
    try {
      await pool.load(DATA, GRAPH);
      const ended: string[] = [];
      const outcomes = [RUNAWAY, 'ASK {}', 'SELECT ?o WHERE { <http://example.org/s7> ?p ?o }'].map((q, i) => pool.run(task(q)).then(
        (result) => { ended.push(`${i}: ${lines(result.body).join(' ')}`); },
        (error: Error) => { ended.push(`${i}: ${error.constructor.name}`); }));
      expect({ running: pool.running, waiting: pool.waiting }).to.deep.equal({ running: 1, waiting: 2 });
      await Promise.all(outcomes);
      expect(ended).to.deep.equal(['0: QueryTimeoutError', '1: true', '2: ?o "7"']);
      expect(pool.restarts).to.equal(1);
    } finally {
      await pool.close();
    }
  });

  it('takes a waiting query out of the queue when its client goes away, and keeps its place for another', async () => {
    // A time limit no test reaches: the runaway holds the worker until the pool closes.
    const pool = new QueryPool({ size: 1, timeoutMs: 600_000, queueLength: 2 });
    try {
      await pool.load(DATA, GRAPH);
      const held = [pool.run(task(RUNAWAY)), pool.run(task('ASK {}'))].map((p) => p.catch((e: unknown) => e));
      const client = new AbortController();
      const leaving = pool.run(task('ASK { ?s ?p ?o }'), false, client.signal).catch((e: unknown) => e);
      expect(pool.waiting).to.equal(2);
      expect(await pool.run(task('ASK { ?s ?p "1" }')).catch((e: unknown) => e)).to.be.instanceOf(PoolBusyError);
      client.abort();
      expect(await leaving).to.be.instanceOf(QueryAbandonedError);
      expect(pool.waiting).to.equal(1);
      const next = pool.run(task('ASK { ?s ?p "2" }')).catch((e: unknown) => e);
      expect(pool.waiting).to.equal(2);
      await pool.close();
      for (const e of await Promise.all([...held, next])) expect(e).to.be.instanceOf(EngineError);
    } finally {
      await pool.close();
    }
  });

  it('refuses settings that make no sense', () => {
    expect(() => new QueryPool({ size: 0 })).to.throw(RangeError, /size/);
    expect(() => new QueryPool({ timeoutMs: -1 })).to.throw(RangeError, /timeoutMs/);
    expect(() => new QueryPool({ queueLength: 0 })).to.throw(RangeError, /queueLength/);
  });
});
