import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { DataFactory, Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import type { Profile } from '../../src/pipeline.js';
import { pushGraph, pushProfile, PushError } from '../../src/store/push.js';
import { demoDir } from '../support/fixtures.js';
import { buildProfile } from '../support/profile.js';
import { profileDataset } from '../../src/publish/profile-site.js';

/**
 * The push against a small Graph Store on localhost that takes Basic
 * authentication, as Fuseki and GraphDB do (test/store/virtuoso.test.ts
 * covers Digest, against Virtuoso itself): what it receives, and how each
 * refusal is reported.
 */

interface Received { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

async function graphStore(answer: (r: Received) => [number, string?]): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const [status, challenge] = answer(r);
      res.writeHead(status, challenge ? { 'WWW-Authenticate': challenge } : {});
      res.end(status >= 400 ? `refused: ${status}` : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ds/data`,
    received,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const USER = 'editor';
const PASSWORD = 'correct horse battery staple';
const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
/** A store that wants Basic: 401 without the right header, else 204 (or 201 for a new graph). */
const wantsBasic = (r: Received): [number, string?] => (r.headers.authorization === basic ? [r.method === 'PUT' ? 204 : 404] : [401, 'Basic realm="fuseki"']);

describe('Pushing to a Graph Store that takes Basic authentication', () => {
  let demo: Profile;
  before(async () => { demo = await buildProfile(demoDir); });

  it('tries the credentials on a bodiless request, then PUTs the whole graph as N-Triples with its length', async () => {
    const store = await graphStore(wantsBasic);
    try {
      const report = await pushProfile(demo, { store: store.url, credentials: { user: USER, password: PASSWORD }, sliceSize: 50 });
      const puts = store.received.filter((r) => r.method === 'PUT');
      expect(puts).to.have.length(1);
      const [put] = puts;
      expect(put.url).to.equal(`/ds/data?graph=${encodeURIComponent('http://localhost:3000/dataset')}`);
      expect(put.headers['content-type']).to.equal('application/n-triples');
      expect(put.headers['content-length']).to.equal(String(Buffer.byteLength(put.body)));
      expect(put.headers['transfer-encoding']).to.equal(undefined);
      expect(put.headers.authorization).to.equal(basic);
      expect(isomorphic(new Parser({ format: 'N-Triples' }).parse(put.body) as Quad[], profileDataset(demo))).to.equal(true);
      expect(report).to.include({ triples: profileDataset(demo).length, bytes: Buffer.byteLength(put.body), status: 204 });
      // Before it, only bodiless requests.
      expect(store.received.slice(0, -1).every((r) => r.method === 'GET' && r.body === '')).to.equal(true);
    } finally {
      await store.close();
    }
  });

  it('answers a store that asks for credentials only to write, even one that refuses before reading the body', async () => {
    let puts = 0;
    const server = http.createServer((req, res) => {
      if (req.method === 'PUT' && req.headers.authorization !== basic) {
        puts++;
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="writes"', Connection: 'close' });
        res.end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { res.writeHead(req.method === 'PUT' ? 201 : 404); res.end(); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      // Megabytes: more than the socket takes before the refusal closes it.
      const { namedNode, literal, quad } = DataFactory;
      const quads = Array.from({ length: 60_000 }, (_, i) => quad(namedNode(`urn:s:${i}`), namedNode('urn:p'), literal(`value ${i} `.repeat(8))));
      const report = await pushGraph({ store: `http://127.0.0.1:${(server.address() as AddressInfo).port}/store`, graph: 'urn:g', quads, credentials: { user: USER, password: PASSWORD } });
      expect(report.status).to.equal(201);
      expect(puts).to.equal(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends no data at all when the password is wrong', async () => {
    const store = await graphStore(wantsBasic);
    try {
      const error = await pushProfile(demo, { store: store.url, credentials: { user: USER, password: 'wrong-horse' } }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(PushError);
      expect((error as Error).message).to.match(/^the store refused the credentials \(401/).and.not.include('wrong-horse');
      expect(store.received.some((r) => r.method === 'PUT')).to.equal(false);
    } finally {
      await store.close();
    }
  });

  it('sends no Authorization to a store that asks for none, and says what each refusal means', async () => {
    const cases: Array<[number, RegExp]> = [
      [403, /does not let this user write \(403/],
      [404, /no Graph Store endpoint at .* \(404.*Fuseki \/DATASET\/data/],
      [413, /refused a body this large \(413/],
      [500, /answered 500 .*the store said: refused: 500/],
    ];
    for (const [status, message] of cases) {
      const store = await graphStore(() => [status]);
      try {
        const error = await pushGraph({ store: store.url, graph: 'urn:g', quads: [...demo.graph].slice(0, 3) as Quad[] }).catch((e: unknown) => e);
        expect(error, String(status)).to.be.instanceOf(PushError);
        expect((error as Error).message, String(status)).to.match(message);
        expect(store.received.every((r) => r.headers.authorization === undefined)).to.equal(true);
      } finally {
        await store.close();
      }
    }
  });

  it('says when the store cannot be reached', async () => {
    const store = await graphStore(() => [204]);
    const { url } = store;
    await store.close();
    const error = await pushGraph({ store: url, graph: 'urn:g', quads: [] }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PushError);
    expect((error as Error).message).to.match(/^cannot reach the store at http:\/\/127\.0\.0\.1:\d+\/ds\/data: connection refused/);
  });

  it('gives up with --timeout on a store that never answers, and on one that stalls after its headers', async () => {
    const sockets = new Set<import('node:net').Socket>();
    // One answers nothing at all; the other sends its status and headers, then nothing more.
    const server = http.createServer((req, res) => {
      if (req.url!.startsWith('/silent')) return;
      res.writeHead(500, { 'Content-Length': '1000' });
      res.write('the start of a page');
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/silent', '/stalls']) {
        const error = await pushGraph({ store: `${origin}${path}`, graph: 'urn:g', quads: [...demo.graph].slice(0, 3) as Quad[], timeoutMs: 300 }).catch((e: unknown) => e);
        expect(error, path).to.be.instanceOf(PushError);
        expect((error as Error).message, path).to.equal(`the store at ${origin}${path} did not answer within 0.3 s (--timeout SECONDS to wait longer)`);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('quotes a store\'s error page without the credentials it echoes', async () => {
    // An error page that shows the request's headers, as some proxies' and frameworks' debug pages do.
    const server = http.createServer((req, res) => {
      if (req.headers.authorization !== basic) { res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }); res.end(); return; }
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'Content-Type': 'text/html' });
        res.end(`<h1>Bad request</h1><pre>${Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n')}\npassword=${PASSWORD}</pre>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ds/data`;
      const error = await pushGraph({ store: url, graph: 'urn:g', quads: [...demo.graph].slice(0, 3) as Quad[], credentials: { user: USER, password: PASSWORD } }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(PushError);
      const { message } = error as Error;
      expect(message).to.match(/^the store answered 400 Bad Request at .*; the store said: Bad request .*authorization: …/);
      expect(message).to.not.include(basic.slice('Basic '.length)).and.not.include(PASSWORD);
      expect(message.length).to.be.below(500);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
