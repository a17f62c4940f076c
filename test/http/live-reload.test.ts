import http from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { resolveConfig } from '../../src/config.js';
import { serve, type Serving } from '../../src/server.js';
import { demoDir } from '../support/fixtures.js';

/**
 * `lodfolio serve --watch` tells the pages open in browsers of each version
 * it publishes or refuses, by Server-Sent Events at `/.lodfolio/events`,
 * which its pages listen to; plain `serve` has neither. (What a browser does
 * with the events: test/html/live-reload.test.ts.)
 */

const EVENTS = '/.lodfolio/events';

/** An event stream as a client reads it: its status, then its events one at a time, then how it ended. */
class Stream {
  readonly request: http.ClientRequest;
  readonly response: Promise<http.IncomingMessage>;
  /** 'end' when the server ended the stream, 'error' when the connection was cut. */
  readonly ended: Promise<'end' | 'error'>;
  private text = '';
  private readonly events: Array<{ event: string; data: unknown }> = [];
  private waiting: (() => void) | undefined;

  constructor(url: string) {
    this.request = http.get(url, { agent: false });
    this.response = once(this.request, 'response').then(([response]) => response as http.IncomingMessage);
    this.ended = new Promise((resolve) => {
      this.request.on('error', () => resolve('error'));
      void this.response.then((response) => {
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.read(chunk));
        response.on('end', () => resolve('end'));
        response.on('aborted', () => resolve('error'));
        response.on('error', () => resolve('error'));
      });
    });
  }

  /** The next event, as it comes. */
  async next(): Promise<{ event: string; data: unknown }> {
    while (this.events.length === 0) await new Promise<void>((resolve) => { this.waiting = resolve; });
    return this.events.shift()!;
  }

  private read(chunk: string): void {
    this.text += chunk;
    let end: number;
    while ((end = this.text.indexOf('\n\n')) !== -1) {
      const lines = this.text.slice(0, end).split('\n');
      this.text = this.text.slice(end + 2);
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      if (event !== undefined) this.events.push({ event, data: JSON.parse(data ?? 'null') });
    }
    this.waiting?.();
  }
}

describe('serve --watch tells open pages of each new version by an event stream', function () {
  this.timeout(120_000);
  let dir: string;
  let watching: Serving;
  let plain: Serving;
  const person = () => path.join(dir, 'person.yaml');
  const url = (serving: Serving, p: string) => `http://127.0.0.1:${serving.listening.port}${p}`;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-live-'));
    await cp(demoDir, dir, { recursive: true });
    const options = { write: () => {}, sparql: false } as const;
    watching = await serve(resolveConfig({ dataDir: dir, port: 0, host: '127.0.0.1' }, {}), { ...options, watch: () => {} });
    plain = await serve(resolveConfig({ dataDir: demoDir, port: 0, host: '127.0.0.1' }, {}), options);
  });
  after(async () => {
    await watching?.stop();
    await plain?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends an event with its problems, located, when a version is refused, and one when a version is published', async () => {
    const stream = new Stream(url(watching, EVENTS));
    const response = await stream.response;
    // Each stream opens with the version served, so that a page that stopped listening knows whether it missed one.
    expect(await stream.next()).to.deep.equal({ event: 'version', data: { version: 0 } });
    expect(response.statusCode).to.equal(200);
    expect(response.headers['content-type']).to.equal('text/event-stream; charset=utf-8');
    expect(response.headers['cache-control']).to.equal('no-store');

    const original = await readFile(person(), 'utf8');
    await writeFile(person(), `${original}\nname: [unclosed\n`);
    const refused = await stream.next();
    expect(refused.event).to.equal('refused');
    const { heading, problems } = refused.data as { heading: string; problems: string[] };
    expect(heading).to.equal('Not published: 1 problem in the profile. This page shows the last valid version.');
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/person\.yaml:\d+:\d+ /);
    // The last good version stays; a page opened now is told of the refusal at once.
    expect(await (await fetch(url(watching, '/'), { headers: { accept: 'text/html' } })).text()).to.include('<title>Jonathan Mace</title>');
    const late = new Stream(url(watching, EVENTS));
    expect(await late.next()).to.deep.equal({ event: 'version', data: { version: 0 } });
    expect(await late.next()).to.deep.equal(refused);

    await writeFile(person(), original.replace('name: Jonathan Mace', 'name: Jonathan Mace Revised'));
    expect(await stream.next()).to.deep.equal({ event: 'published', data: { version: 1 } });
    expect(await late.next()).to.deep.equal({ event: 'published', data: { version: 1 } });
    const again = new Stream(url(watching, EVENTS));
    expect(await again.next(), 'a page listening again learns it missed a version').to.deep.equal({ event: 'version', data: { version: 1 } });
    again.request.destroy();
    const page = await (await fetch(url(watching, '/'), { headers: { accept: 'text/html' } })).text();
    expect(page).to.include('<title>Jonathan Mace Revised</title>');
    stream.request.destroy();
    late.request.destroy();
  });

  it('puts in every page the script that listens, and only under --watch, where no answer is cached unchecked', async () => {
    const page = async (serving: Serving, p: string) => fetch(url(serving, p), { headers: { accept: 'text/html' } });
    for (const p of ['/', '/cv.html']) {
      const [live, built] = [await page(watching, p), await page(plain, p)];
      expect(await live.text(), p).to.match(/<script data-events="\/\.lodfolio\/events">[^<]*new EventSource/);
      expect(await built.text(), p).to.not.include('EventSource');
      expect([live.headers.get('cache-control'), built.headers.get('cache-control')], p).to.deep.equal(['no-cache', 'public, max-age=300']);
    }
    const none = await fetch(url(plain, EVENTS));
    await none.text();
    expect(none.status).to.equal(404);
  });

  it('holds at most 32 streams (past that, 503), lets a closed one go, and ends every one when it stops', async () => {
    // Each server-side connection, by the client's port, to see the server let go of one the client closed.
    const sockets = new Map<number, Socket>();
    const onConnection = (socket: Socket) => sockets.set(socket.remotePort!, socket);
    watching.listening.server.on('connection', onConnection);
    const streams = Array.from({ length: 32 }, () => new Stream(url(watching, EVENTS)));
    expect((await Promise.all(streams.map((s) => s.response))).map((r) => r.statusCode)).to.deep.equal(Array(32).fill(200));
    const refused = new Stream(url(watching, EVENTS));
    const busy = await refused.response;
    expect(busy.statusCode).to.equal(503);
    expect(busy.headers['retry-after']).to.equal('5');

    // A tab closed: its stream goes, and its place is free again.
    const [closed, ...open] = streams;
    const server = sockets.get(closed.request.socket!.localPort!)!;
    closed.request.destroy();
    await once(server, 'close');
    watching.listening.server.off('connection', onConnection);
    const another = new Stream(url(watching, EVENTS));
    expect((await another.response).statusCode).to.equal(200);

    // Stopping ends them all, each one whole (not cut when a grace period runs out).
    await watching.stop();
    expect(await Promise.all([...open, another].map((s) => s.ended))).to.deep.equal(Array(32).fill('end'));
  });
});
