import net from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/http/app.js';
import { listen, type Listening as RunningServer } from '../../src/http/listen.js';
import { AccessLog, printable } from '../../src/http/log.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { fixturesDir } from '../support/profile.js';
import { built, parseRdf, startRealServer, type RealServer } from './support.js';

/** Writes raw bytes to the server and reads whatever comes back until it closes the connection. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (c) => { answer += c.toString(); });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the server', () => {
  describe('in process', () => {
    let running: RunningServer;
    let logged: string;
    /** Resolves when what the server has logged has this many lines. */
    let linesLogged: (count: number) => Promise<string[]>;
    beforeEach(async () => {
      logged = '';
      const waiting = new Set<() => void>();
      linesLogged = (count) => new Promise((resolve) => {
        const check = () => {
          const lines = logged.split('\n').slice(0, -1);
          if (lines.length >= count) { waiting.delete(check); resolve(lines); }
        };
        waiting.add(check);
        check();
      });
      running = await listen({ port: 0, host: '127.0.0.1', write: (t) => { logged += t; for (const check of [...waiting]) check(); } });
    });
    afterEach(() => running.close());

    it('answers 503 with Retry-After until the site is ready', async () => {
      const res = await fetch(`http://127.0.0.1:${running.port}/`);
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.equal('1');
    });

    it('finishes requests in flight when it stops, and takes no new connections', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      let arrived!: () => void;
      const inside = new Promise<void>((resolve) => { arrived = resolve; });
      running.ready((req, res) => {
        arrived();
        void gate.then(() => res.end('finished'));
      });
      const inflight = fetch(`http://127.0.0.1:${running.port}/slow`);
      await inside;
      const stopped = running.close();
      let refused = false;
      await fetch(`http://127.0.0.1:${running.port}/new`).catch(() => { refused = true; });
      expect(refused, 'a new connection after close() is refused').to.equal(true);
      release();
      const res = await inflight;
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('finished');
      await stopped; // and the kept-alive connection did not hold the server open
    });

    it('closes at once the connections with no request in flight when it stops, kept-alive or never used, and finishes the one in flight', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      let arrived!: () => void;
      const inside = new Promise<void>((resolve) => { arrived = resolve; });
      let answered = 0;
      running.ready((req, res) => {
        if (req.url === '/slow') { arrived(); void gate.then(() => res.end('finished')); return; }
        answered++;
        res.end('quick');
      });
      const port = running.port;
      const connected = () => new Promise<net.Socket>((resolve) => { const socket = net.connect(port, '127.0.0.1', () => resolve(socket)); });
      // One connection kept alive after its answer, one that never sent a request.
      const keptAlive = await connected();
      const answeredOnce = new Promise<void>((resolve) => keptAlive.once('data', () => resolve()));
      keptAlive.write('GET /quick HTTP/1.1\r\nHost: x\r\n\r\n');
      await answeredOnce;
      const silent = await connected();
      const closedSockets = [keptAlive, silent].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      const inflight = fetch(`http://127.0.0.1:${port}/slow`);
      await inside;
      const stopped = running.close();
      // Both idle connections close while the request in flight is still held open.
      await Promise.all(closedSockets);
      expect(answered).to.equal(1);
      release();
      const res = await inflight;
      expect(await res.text()).to.equal('finished');
      await stopped;
    });

    it('writes one access log line per response', async () => {
      const { representations } = await built({ dataDir: demoDir });
      running.ready(createApp(representations));
      const url = `http://127.0.0.1:${running.port}`;
      await fetch(`${url}/people/rodrigo-fonseca`, { headers: { accept: 'text/turtle' } });
      await fetch(`${url}/nothing`);
      await fetch(`${url}/`, { method: 'POST' });
      const lines = await linesLogged(3);
      expect(lines).to.have.length(3);
      expect(lines[0]).to.match(/^\d{4}-\d\d-\d\dT[\d:.]+Z GET \/people\/rodrigo-fonseca 200 text\/turtle \d+B [\d.]+ms$/);
      expect(lines[1]).to.match(/ GET \/nothing 404 text\/html \d+B /);
      expect(lines[2]).to.match(/ POST \/ 405 text\/html \d+B /);
    });

    it('answers requests Node cannot parse with a clean 400, and logs them', async () => {
      running.ready((_req, res) => res.end('ok'));
      const answer = await rawExchange(running.port, 'THIS IS NOT HTTP\r\n\r\n');
      expect(answer).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      const [line] = await linesLogged(1);
      expect(line).to.match(/ - - 400 \(HPE_/);
    });

    it('answers oversized headers with 431', async () => {
      running.ready((_req, res) => res.end('ok'));
      const answer = await rawExchange(running.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
      expect(answer).to.match(/^HTTP\/1\.1 431 /);
    });
  });

  describe('its log lines', () => {
    it('keep URLs printable and short', () => {
      expect(printable('/a\nb\u0000c')).to.equal('/a\\x0ab\\x00c');
      expect(printable(`/${'x'.repeat(500)}`)).to.match(/^\/x{199}…\(501 chars\)$/);
    });

    it('are written in batches, one write per burst', async () => {
      const writes: string[] = [];
      let wrote!: () => void;
      const first = new Promise<void>((resolve) => { wrote = resolve; });
      const log = new AccessLog((t) => { writes.push(t); wrote(); });
      log.line('one');
      log.line('two');
      expect(writes).to.deep.equal([]);
      await first;
      expect(writes).to.deep.equal(['one\ntwo\n']);
    });
  });

  describe('lodfolio serve, the real command, serving the demo profile', () => {
    let server: RealServer;
    before(async () => { server = await startRealServer({ dataDir: demoDir }); });
    after(async () => { await server.stop('SIGKILL'); });

    it('prints a startup line with the URL, the size of the site and how long it took', () => {
      expect(server.output()).to.match(/^lodfolio: serving \d+ documents \(\d+ triples\) at http:\/\/localhost:\d+\/ \(listening on 127\.0\.0\.1:\d+, ready in \d+ ms\)\n/);
    });

    it('mints the IRIs for the port it got, when --port 0 and no base are given', async () => {
      const port = new URL(server.url).port;
      expect(server.base).to.equal(`http://localhost:${port}/`);
      const res = await request(server.url).get('/').set('Accept', 'text/turtle');
      const quads = await parseRdf(res.text, 'text/turtle', server.base);
      expect(quads.some((q) => q.subject.value === `${server.base}#me`)).to.equal(true);
    });

    it('answers SPARQL at /sparql over the graph it serves, and names the endpoint in its VoID', async () => {
      const res = await request(server.url).get('/sparql')
        .query({ query: `SELECT ?name WHERE { <${server.base}#me> <http://schema.org/name> ?name }` })
        .set('Accept', 'application/sparql-results+json');
      expect(res.status).to.equal(200);
      expect(JSON.parse(res.text).results.bindings.map((b: { name: { value: string } }) => b.name.value)).to.deep.equal(['Jonathan Mace']);
      const voidRes = await request(server.url).get('/.well-known/void').set('Accept', 'application/n-triples');
      const quads = await parseRdf(voidRes.text, 'application/n-triples', server.base);
      expect(quads.filter((q) => q.predicate.value === 'http://rdfs.org/ns/void#sparqlEndpoint').map((q) => q.object.value))
        .to.deep.equal([`${server.base}sparql`]);
    });

    it('logs each request on one line', async () => {
      await request(server.url).get('/people/rodrigo-fonseca.ttl');
      const line = await server.printed(/\n\S+ GET \/people\/rodrigo-fonseca\.ttl .*\n/);
      expect(line).to.match(/^\n\S+ GET \/people\/rodrigo-fonseca\.ttl 200 text\/turtle \d+B [\d.]+ms\n$/);
    });
  });

  it('stops on SIGTERM after answering, and exits 0', async () => {
    const server = await startRealServer({ dataDir: secondDir });
    const res = await request(server.url).get('/');
    expect(res.status).to.equal(200);
    const code = await server.stop('SIGTERM');
    expect(code).to.equal(0);
    expect(server.output()).to.include('lodfolio: SIGTERM: finishing requests in flight, then stopping\n').and.match(/lodfolio: stopped\n$/);
  });

  it('serves nothing from invalid data: prints every problem and exits 1', async () => {
    const invalid = path.join(fixturesDir, 'invalid', 'dangling-reference');
    await startRealServer({ dataDir: invalid }).then(() => expect.fail('it started'), (error: Error) => {
      expect(error.message).to.match(/exited with 1/).and.include('refers to "charles-babage"').and.include('nothing was published');
    });
  });

  it('refuses a port that is taken, with a message and exit code 1', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await startRealServer({ dataDir: secondDir, args: ['--port', String(port)] }).then(() => expect.fail('it started'), (error: Error) => {
        expect(error.message).to.match(/exited with 1/).and.match(/EADDRINUSE/);
      });
    } finally {
      blocker.close();
    }
  });
});
