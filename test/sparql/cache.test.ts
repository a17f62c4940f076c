import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { Express } from 'express';
import { projectRoot } from '../../src/config.js';
import { toNTriples } from '../../src/render/turtle.js';
import { cacheKey, ResultCache, type CachedAnswer } from '../../src/sparql/cache.js';
import { createSparqlService, describeLoad, type SparqlService } from '../../src/sparql/index.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { appWith, buildProfile, profile, RUNAWAY, service } from './support.js';
import { profileDataset } from '../../src/publish/profile-site.js';

const PUBLICATIONS = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title WHERE { ?work a schema:ScholarlyArticle ; schema:name ?title } ORDER BY ?title`;
const JSON_RESULTS = 'application/sparql-results+json';

const answerOf = (bytes: number): CachedAnswer => ({ body: Buffer.alloc(bytes, 'x'), contentType: 'text/plain', etag: '"x"', headers: [] });

describe('The SPARQL result cache', () => {
  describe('over HTTP, on the demo profile', () => {
    let sparql: SparqlService;
    let app: Express;
    beforeEach(async () => {
      sparql = await service({ dataDir: demoDir });
      app = appWith(sparql);
    });
    afterEach(() => sparql.close());
    const get = (query: string, accept = JSON_RESULTS) => request(app).get('/sparql').query({ query }).set('Accept', accept);

    it('answers a repeated query with the same bytes and the same strong ETag, from the cache', async () => {
      const first = await get(PUBLICATIONS);
      const second = await get(PUBLICATIONS);
      expect(first.status).to.equal(200);
      expect(first.headers.etag).to.match(/^"[\w-]+"$/);
      expect(second.headers.etag).to.equal(first.headers.etag);
      expect(second.text).to.equal(first.text);
      expect(JSON.parse(first.text).results.bindings).to.not.have.length(0);
      expect(second.headers.vary).to.equal('Accept');
      expect(second.headers['cache-control']).to.equal('public, max-age=300');
      expect(second.headers['access-control-expose-headers']).to.include('ETag');
      expect({ size: sparql.cache.size, hits: sparql.cache.hits }).to.deep.equal({ size: 1, hits: 1 });
    });

    it('answers 304 with no body to a GET whose If-None-Match has the answer\'s tag, and 200 to another tag', async () => {
      const { headers } = await get(PUBLICATIONS);
      const notModified = await get(PUBLICATIONS).set('If-None-Match', `"other", ${headers.etag}`);
      expect(notModified.status).to.equal(304);
      expect(notModified.text).to.equal('');
      expect(notModified.headers.etag).to.equal(headers.etag);
      expect(notModified.headers.vary).to.equal('Accept');
      const changed = await get(PUBLICATIONS).set('If-None-Match', '"other"');
      expect(changed.status).to.equal(200);
      expect(changed.text).to.not.equal('');
      // HEAD too, and a weak form of the same tag matches (weak comparison, as for the documents).
      expect((await request(app).head('/sparql').query({ query: PUBLICATIONS }).set('Accept', JSON_RESULTS)
        .set('If-None-Match', `W/${headers.etag}`)).status).to.equal(304);
    });

    it('keeps one answer per negotiated format, each with its own tag', async () => {
      const json = await get(PUBLICATIONS);
      const csv = await get(PUBLICATIONS, 'text/csv');
      const alias = await get(PUBLICATIONS, 'application/json');
      expect(csv.headers['content-type']).to.equal('text/csv; charset=utf-8');
      expect(new Set([json.headers.etag, csv.headers.etag, alias.headers.etag]).size).to.equal(3);
      expect(sparql.cache.size).to.equal(3);
      // An If-None-Match with the JSON answer's tag does not make the CSV one 304.
      expect((await get(PUBLICATIONS, 'text/csv').set('If-None-Match', json.headers.etag)).status).to.equal(200);
    });

    it('shares answers between GET, a POSTed form and a POSTed query, and between layouts of the same query', async () => {
      const byGet = await get(PUBLICATIONS);
      const byForm = await request(app).post('/sparql').type('form').send({ query: PUBLICATIONS }).set('Accept', JSON_RESULTS);
      const byBody = await request(app).post('/sparql').set('Content-Type', 'application/sparql-query').set('Accept', JSON_RESULTS)
        .send(`  ${PUBLICATIONS.replace(/ /g, '   ').replace(/\n/g, '\r\n')}\n`);
      expect(byForm.headers.etag).to.equal(byGet.headers.etag);
      expect(byBody.headers.etag).to.equal(byGet.headers.etag);
      expect(byBody.text).to.equal(byGet.text);
      // POSTed answers stay out of shared caches all the same, and a POST is never answered 304.
      expect(byForm.headers['cache-control']).to.equal('no-store');
      const conditional = await request(app).post('/sparql').type('form').send({ query: PUBLICATIONS })
        .set('Accept', JSON_RESULTS).set('If-None-Match', byGet.headers.etag);
      expect(conditional.status).to.equal(200);
      expect({ size: sparql.cache.size, hits: sparql.cache.hits }).to.deep.equal({ size: 1, hits: 3 });
    });

    it('keeps queries that differ inside a string apart', async () => {
      const q = (s: string) => `SELECT ?x WHERE { BIND ("${s}" AS ?x) }`;
      const one = await get(q('a  b'));
      const two = await get(q('a b'));
      expect(JSON.parse(one.text).results.bindings[0].x.value).to.equal('a  b');
      expect(JSON.parse(two.text).results.bindings[0].x.value).to.equal('a b');
      expect(sparql.cache.size).to.equal(2);
    });

    it('keeps no errors: a rejected query is rejected again by the engine, and a stopped one is run again', async function () {
      this.timeout(30_000);
      const bad = 'SELECT ?x WHERE { ?x ?y }';
      expect((await get(bad)).status).to.equal(400);
      expect((await get(bad)).status).to.equal(400);
      expect(sparql.cache.size).to.equal(0);
      expect(sparql.cache.misses).to.equal(2);
      await sparql.close();
      sparql = await service({ dataDir: demoDir, timeoutMs: 500 });
      app = appWith(sparql);
      const stopped = await get(RUNAWAY);
      expect(stopped.status).to.equal(503);
      expect(stopped.text).to.include('was stopped');
      // Asked again, it goes to a worker again (stopped again, or turned away while the new worker starts).
      expect((await get(RUNAWAY)).status).to.equal(503);
      expect(sparql.cache.size).to.equal(0);
      expect(sparql.cache.misses).to.equal(2);
    });

    it('empties on a reload, and answers from new data carry new tags', async () => {
      const before = await get(PUBLICATIONS);
      const version = sparql.lastLoad.version;
      const other = await buildProfile(path.join(projectRoot, 'test', 'fixtures', 'sparql', 'reload'));
      await sparql.reload(other);
      expect(sparql.lastLoad.version).to.not.equal(version);
      expect(sparql.cache.size).to.equal(0);
      const after = await get(PUBLICATIONS);
      expect(after.headers.etag).to.not.equal(before.headers.etag);
      expect((await get(PUBLICATIONS).set('If-None-Match', before.headers.etag)).status).to.equal(200);
    });
  });

  it('goes on keeping the current version\'s answers when new data is refused', async () => {
    const sparql = await service({ dataDir: demoDir });
    try {
      const app = appWith(sparql);
      const error = await sparql.reload({ ntriples: 'this is not N-Triples', base: 'http://localhost:3000/' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(Error);
      const first = await request(app).get('/sparql').query({ query: PUBLICATIONS }).set('Accept', JSON_RESULTS);
      expect(first.status).to.equal(200);
      expect(sparql.cache.size).to.equal(1);
    } finally {
      await sparql.close();
    }
  });

  it('holds to its bound in bytes, letting the least recently used answers go first', () => {
    const cache = new ResultCache(10_000);
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.set(key, answerOf(1000));
    expect(cache.get('a')).to.not.equal(undefined); // now the most recently used
    for (const key of ['f', 'g', 'h', 'i', 'j', 'k']) cache.set(key, answerOf(1000));
    expect(cache.bytes).to.be.at.most(10_000);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')).to.not.equal(undefined);
    expect(cache.get('k')).to.not.equal(undefined);
    // One answer over an eighth of the bound is not kept at all.
    cache.set('big', answerOf(2000));
    expect(cache.get('big')).to.equal(undefined);
    expect(new ResultCache(0).size).to.equal(0);
    expect(() => new ResultCache(-1)).to.throw(RangeError);
  });

  it('evicts under the service\'s configured bound', async () => {
    const sparql = await service({ dataDir: demoDir, cacheBytes: 8 * 1024 });
    try {
      const app = appWith(sparql);
      for (let i = 0; i < 30; i++) {
        const res = await request(app).get('/sparql').query({ query: `SELECT ?n WHERE { BIND (${i} AS ?n) }` }).set('Accept', JSON_RESULTS);
        expect(res.status).to.equal(200);
      }
      expect(sparql.cache.bytes).to.be.at.most(8 * 1024);
      expect(sparql.cache.size).to.be.above(0).and.below(30);
    } finally {
      await sparql.close();
    }
  });

  it('computes an answer asked for again while it runs only once', async () => {
    const cache = new ResultCache();
    let runs = 0;
    const compute = async () => { runs++; await new Promise((r) => setTimeout(r, 10)); return answerOf(10); };
    const [a, b] = await Promise.all([cache.answer('k', compute), cache.answer('k', compute)]);
    expect(a).to.equal(b);
    expect(runs).to.equal(1);
    const failing = () => Promise.reject(new Error('no'));
    await cache.answer('e', failing).catch(() => undefined);
    expect(cache.size).to.equal(1);
  });

  it('tells a computation its clients have gone only when the last one waiting for it has', async () => {
    const cache = new ResultCache();
    let abandoned: AbortSignal | undefined;
    let finish!: () => void;
    const compute = (signal: AbortSignal) => { abandoned = signal; return new Promise<CachedAnswer>((resolve) => { finish = () => resolve(answerOf(10)); }); };
    const [first, second] = [new AbortController(), new AbortController()];
    const answers = [cache.answer('k', compute, first.signal), cache.answer('k', compute, second.signal)];
    first.abort();
    expect(abandoned!.aborted).to.equal(false);
    second.abort();
    expect(abandoned!.aborted).to.equal(true);
    finish();
    expect(await Promise.all(answers)).to.have.length(2);
  });

  it('keys an answer by the graphs it was asked of, not by the query alone', () => {
    expect(cacheKey({ format: 'text/csv', query: 'ASK {}' })).to.not.equal(cacheKey({ format: 'text/csv', query: 'ASK {}', defaultGraphs: ['http://g/'] }));
  });
});

describe('The SPARQL service from N-Triples bytes', () => {
  const queries = [
    PUBLICATIONS,
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
    'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g',
    'SELECT (COUNT(*) AS ?n) FROM <http://localhost:3000/dataset> WHERE { ?s ?p ?o }',
    'SELECT (COUNT(*) AS ?n) FROM <http://example.org/nothing> WHERE { ?s ?p ?o }',
    // (No blank nodes: each store labels them its own way.)
    'CONSTRUCT { ?s ?p ?o } WHERE { <http://localhost:3000/#me> ?p ?o BIND (<http://localhost:3000/#me> AS ?s) FILTER (!isBlank(?o)) }',
  ];

  for (const dataDir of [demoDir, secondDir]) {
    it(`answers as the service built from the profile does (${path.basename(dataDir)})`, async () => {
      const built = await profile(dataDir);
      const fromProfile = await service({ dataDir });
      // The dataset the profile's service holds: its graph and what the listing pages say (as the dumps hold it).
      const dataset = profileDataset(built);
      const fromBytes = await createSparqlService({ data: { ntriples: Buffer.from(toNTriples(dataset)), base: built.base }, workers: 1 });
      try {
        expect(fromBytes.lastLoad.triples).to.equal(dataset.length);
        // The same data has the same version, whichever way it came: the same answers have the same tags.
        expect(fromBytes.lastLoad.version).to.equal(fromProfile.lastLoad.version);
        for (const accept of [JSON_RESULTS, 'text/turtle', 'text/html']) {
          for (const query of queries) {
            const [a, b] = await Promise.all([fromProfile, fromBytes].map((s) => request(appWith(s)).get('/sparql').query({ query }).set('Accept', accept)));
            expect(b.status, query).to.equal(a.status);
            expect(b.text, query).to.equal(a.text);
            expect(b.headers.etag, query).to.equal(a.headers.etag);
          }
        }
        const [pageA, pageB] = await Promise.all([fromProfile, fromBytes].map((s) => request(appWith(s)).get('/sparql').set('Accept', 'text/html')));
        expect(pageB.text).to.equal(pageA.text);
      } finally {
        await Promise.all([fromProfile.close(), fromBytes.close()]);
      }
    });
  }

  it('reloads from bytes under a version given, reports the workers\' memory and refuses another base', async () => {
    const built = await profile(demoDir);
    const sparql = await createSparqlService({ data: { ntriples: toNTriples(built.graph), base: built.base, version: 'one' }, workers: 2 });
    try {
      expect(sparql.lastLoad.version).to.equal('one');
      expect(sparql.lastLoad.workerMemory).to.have.length(2);
      for (const bytes of sparql.lastLoad.workerMemory) expect(bytes).to.be.a('number').and.above(1 << 20);
      expect(sparql.lastLoad.bytes).to.equal(Buffer.byteLength(toNTriples(built.graph)));
      expect(describeLoad(sparql.lastLoad)).to.match(/^SPARQL: \d+ triples \([\d.]+ MB of N-Triples\) in 2 workers, loaded in \d+(\.\d)? m?s; worker memory [\d.]+ MB \+ [\d.]+ MB$/);
      const report = await sparql.reload({ ntriples: Buffer.from('<http://localhost:3000/a> <http://localhost:3000/b> "c" .\n'), base: built.base, version: 'two' });
      expect(report).to.include({ triples: 1, version: 'two' });
      const count = await request(appWith(sparql)).get('/sparql').query({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' }).set('Accept', 'text/csv');
      expect(count.text).to.equal('n\r\n1\r\n');
      const error = await sparql.reload({ ntriples: '', base: 'https://example.org/' }).catch((e: unknown) => e);
      expect((error as Error).message).to.equal('the SPARQL endpoint serves http://localhost:3000/, not https://example.org/');
      const missing = await createSparqlService({ workers: 1 }).catch((e: unknown) => e);
      expect((missing as Error).message).to.equal('the SPARQL service needs data: a profile, or N-Triples with their base');
    } finally {
      await sparql.close();
    }
  });
});
