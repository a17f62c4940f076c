import { expect } from 'chai';
import request from 'supertest';
import { createServer, type LodfolioServer } from '../../src/server.js';
import { redirectTarget } from '../../src/store/redirect.js';
import { demoDir } from '../support/fixtures.js';
import { defaultBase } from '../support/profile.js';
import { startRealServer } from '../http/support.js';

/** A site served with `--sparql-endpoint`: no embedded endpoint, the store named everywhere, /sparql a redirect. */
describe('A site whose SPARQL endpoint is a store elsewhere', () => {
  const STORE = 'https://store.example.org/sparql';
  let server: LodfolioServer;
  before(async () => {
    server = await createServer({ dataDir: demoDir, base: defaultBase, sparqlEndpoint: STORE });
  });

  it('starts no embedded endpoint, and names the store as the endpoint', async () => {
    expect(await server.startSparql()).to.equal(undefined);
    expect(server.sparqlEndpoint).to.equal(STORE);
    expect(server.site.sparqlEndpoint).to.equal(STORE);
  });

  it('lists the store in the VoID description', async () => {
    const response = await request(server.app).get('/.well-known/void').set('Accept', 'text/turtle');
    expect(response.status).to.equal(200);
    expect(response.text).to.include(`void:sparqlEndpoint <${STORE}>`);
  });

  it('redirects a query by GET to the store with 307, keeping the query string', async () => {
    const query = 'SELECT * WHERE { ?s ?p ?o } LIMIT 1';
    const search = `query=${encodeURIComponent(query)}&default-graph-uri=${encodeURIComponent(`${defaultBase}dataset`)}`;
    const response = await request(server.app).get(`/sparql?${search}`).set('Accept', 'application/sparql-results+json');
    expect(response.status).to.equal(307);
    expect(response.headers.location).to.equal(`${STORE}?${search}`);
    expect(new URL(response.headers.location).searchParams.get('query')).to.equal(query);
    expect(response.headers['access-control-allow-origin']).to.equal('*');
  });

  it('redirects a POST with 307, which keeps its method and body, and an RDF client asking for the description', async () => {
    const post = await request(server.app).post('/sparql').type('form').send({ query: 'ASK {}' });
    expect(post.status).to.equal(307);
    expect(post.headers.location).to.equal(STORE);
    const description = await request(server.app).get('/sparql').set('Accept', 'text/turtle');
    expect(description.status).to.equal(307);
    expect(description.headers.location).to.equal(STORE);
  });

  it('shows a browser the query page, whose form and examples ask the store', async () => {
    const response = await request(server.app).get('/sparql').set('Accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(response.text).to.include(`<form id="sparql-form" method="get" action="${STORE}">`);
    expect(response.text).to.include(`href="${STORE}?query=`);
    expect(response.text).to.include('its own limits apply').and.not.include('X-SPARQL-MaxRows');
  });

  it('answers CORS preflights, and 405 for methods a query endpoint does not take', async () => {
    const preflight = await request(server.app).options('/sparql').set('Origin', 'https://example.org').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).to.equal(204);
    expect(preflight.headers['access-control-allow-methods']).to.include('POST');
    const put = await request(server.app).put('/sparql').send('x');
    expect(put.status).to.equal(405);
    expect(put.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
  });

  it('puts the request\'s query string after one the endpoint has of its own', () => {
    expect(redirectTarget('https://s.example/sparql', '')).to.equal('https://s.example/sparql');
    expect(redirectTarget('https://s.example/sparql', 'query=x')).to.equal('https://s.example/sparql?query=x');
    expect(redirectTarget('https://s.example/q?default-graph-uri=g', 'query=x')).to.equal('https://s.example/q?default-graph-uri=g&query=x');
  });

  it('is what `lodfolio serve --sparql-endpoint URL` serves: VoID names the store, /sparql redirects to it', async function () {
    this.timeout(60_000);
    const real = await startRealServer({ dataDir: demoDir, args: ['--sparql-endpoint', STORE] });
    try {
      const query = await fetch(`${real.url}/sparql?query=ASK%20%7B%7D`, { redirect: 'manual' });
      expect(query.status).to.equal(307);
      expect(query.headers.get('location')).to.equal(`${STORE}?query=ASK%20%7B%7D`);
      const voidText = await (await fetch(`${real.url}/.well-known/void`, { headers: { Accept: 'text/turtle' } })).text();
      expect(voidText).to.include(`<${STORE}>`);
    } finally {
      await real.stop();
    }
  });
});

