import { chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import LinkHeader from 'http-link-header';
import { buildStatic, type StaticBuild } from '../../src/build.js';
import type { SiteManifest } from '../../src/publish/export.js';
import { createServer, serveSite } from '../../src/server.js';
import { freePort, requireServer, startServer } from '../deploy/servers.js';
import { listening, testLastModified } from '../http/support.js';
import { customDir } from '../support/fixtures.js';
import { commit, dates, draft, httpDate, profileWithHistory, title, work } from '../support/history.js';
import { sharedBuilder } from '../support/profile.js';

/**
 * Memento (RFC 7089) in a built site: the profile with four commits of
 * test/support/history.ts (the third not valid) built once, its mementos and
 * TimeMaps read as files, beside what `serve` answers and what nginx sends.
 */

const voidPath = '/.well-known/void';
const timemapOf = (documentPath: string) => `.timemap${documentPath.endsWith('/') ? `${documentPath}index` : documentPath}.link`;
const stampOf = (iso: string) => iso.replace(/[-:TZ]/g, '');

describe('Mementos in a built site', function () {
  this.timeout(180_000);
  let tmp: string;
  let dir: string;
  let root: string;
  let base: string;
  let port: number;
  let summary: StaticBuild;
  const warnings: string[] = [];
  const build = async () => buildStatic({
    dataDir: dir, base, out: root, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0, precompress: false, formats: ['html', 'turtle'], warn: (m) => warnings.push(m),
  });
  const timemap = async (documentPath: string) => LinkHeader.parse((await readFile(path.join(root, timemapOf(documentPath)), 'utf8')).replace(/\n/g, ' '));
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-mementos-'));
    // nginx's workers read the site as another user.
    await chmod(tmp, 0o755);
    dir = path.join(tmp, 'profile');
    await profileWithHistory(dir);
    port = await freePort();
    base = `http://127.0.0.1:${port}/`;
    root = path.join(tmp, 'site');
    summary = await build();
  });
  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('lists in a document\'s TimeMap file every valid version its bytes changed in, and says which version is not valid', async () => {
    const links = await timemap(work);
    expect(links.get('rel', 'original').map((l) => l.uri)).to.deep.equal([new URL(work, base).href]);
    expect(links.get('rel', 'self').map((l) => l.uri)).to.deep.equal([new URL(timemapOf(work), base).href]);
    // The fourth version put back the second's paper: no memento of it; the VoID description, dated by its version, changed in each.
    expect(links.get('rel', 'memento').map((l) => l.datetime)).to.deep.equal([httpDate(dates[0]), httpDate(dates[1])]);
    expect((await timemap(voidPath)).get('rel', 'memento').map((l) => l.datetime)).to.deep.equal([httpDate(dates[0]), httpDate(dates[1]), httpDate(dates[3])]);
    for (const { uri } of links.get('rel', 'memento')) {
      const file = path.join(root, new URL(uri).pathname);
      expect((await stat(`${file}.html`)).isFile()).to.equal(true);
      expect((await stat(`${file}.ttl`)).isFile()).to.equal(true);
    }
    // The homepage is a folder document: its TimeMap is named by its index.
    expect((await timemap('/')).get('rel', 'original').map((l) => l.uri)).to.deep.equal([base]);
    expect(warnings.filter((w) => w.includes('is not valid, so it has no memento'))).to.have.length(1);
    expect(summary.versions).to.equal(3);
  });

  it('writes each memento with the bytes serve answers at its URL, which serve --site answers from the files', async () => {
    const server = await listening((await createServer({ dataDir: dir, base, lastModified: testLastModified, sparql: false, builder: await sharedBuilder() })).app);
    const serving = await serveSite({ port: 0, host: '127.0.0.1' }, root, { sparql: false, write: () => {} });
    const site = { url: `http://127.0.0.1:${serving.listening.port}` };
    try {
      const memento = `/.memento/${stampOf(dates[0])}${work}`;
      for (const [accept, suffix] of [['text/turtle', 'ttl'], ['text/html', 'html']]) {
        const file = await readFile(path.join(root, `${memento}.${suffix}`));
        for (const { url } of [server, site]) {
          const answer = await fetch(url + memento, { headers: { accept } });
          expect(answer.headers.get('memento-datetime')).to.equal(httpDate(dates[0]));
          expect(answer.headers.get('content-location')).to.equal(`${memento}.${suffix}`);
          expect(Buffer.from(await answer.arrayBuffer()).equals(file)).to.equal(true);
        }
      }
      const turtle = await readFile(path.join(root, `${memento}.ttl`), 'utf8');
      expect(turtle).to.include(draft).and.not.include(title);
    } finally {
      await server.close();
      await serving.stop();
    }
  });

  it('has serve --site answer as a TimeGate from the built mementos\' dates, at a document\'s URL and at its suffix URLs', async () => {
    const serving = await serveSite({ port: 0, host: '127.0.0.1' }, root, { sparql: false, write: () => {} });
    try {
      const gate = (datetime: string) => fetch(`http://127.0.0.1:${serving.listening.port}${work}`, { redirect: 'manual', headers: { 'accept-datetime': datetime } });
      const first = await gate('Wed, 01 Jul 2020 12:00:00 GMT');
      expect(first.status).to.equal(302);
      expect(first.headers.get('vary')).to.equal('accept-datetime');
      expect(first.headers.get('location')).to.equal(`/.memento/${stampOf(dates[0])}${work}`);
      // After the fourth version, which left the paper as the second had it: the second's memento.
      expect((await gate('Sun, 01 Jan 2023 12:00:00 GMT')).headers.get('location')).to.equal(`/.memento/${stampOf(dates[1])}${work}`);
      expect((await gate('last Tuesday')).status).to.equal(400);
      // At a suffix URL, as serve is: that format's memento, linked to the document's TimeMap.
      const turtle = await fetch(`http://127.0.0.1:${serving.listening.port}${work}.ttl`, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jul 2020 12:00:00 GMT' } });
      expect(turtle.status).to.equal(302);
      expect(turtle.headers.get('location')).to.equal(`/.memento/${stampOf(dates[0])}${work}.ttl`);
      expect(LinkHeader.parse(turtle.headers.get('link') ?? '').get('rel', 'timemap').map((l) => l.uri)).to.deep.equal([new URL(timemapOf(work), base).href]);
      const today = await fetch(`http://127.0.0.1:${serving.listening.port}${work}`, { headers: { accept: 'text/turtle' } });
      // (Built without compressed copies, which serve --site compresses as it sends them.)
      expect(today.headers.get('vary')).to.equal('Accept, Accept-Encoding, Accept-Datetime');
    } finally {
      await serving.stop();
    }
  });

  for (const name of ['nginx', 'apache', 'caddy'] as const) {
    it(`has ${name} send a memento with Memento-Datetime and its links, the original with its TimeMap's, and echo no path that is no document's`, async function () {
      requireServer(this, name);
      const server = await startServer(name, { root, base, port });
      try {
        const original = await fetch(server.url + work, { headers: { accept: 'text/turtle' } });
        const timemapUrl = new URL(timemapOf(work), base).href;
        expect(LinkHeader.parse(original.headers.get('link') ?? '').get('rel', 'timemap').map((l) => l.uri)).to.deep.equal([timemapUrl]);
        expect(original.headers.get('memento-datetime')).to.equal(null);
        const memento = await fetch(`${server.url}/.memento/${stampOf(dates[1])}${work}`, { headers: { accept: 'text/turtle' } });
        expect(memento.status).to.equal(200);
        expect(memento.headers.get('memento-datetime')).to.equal(httpDate(dates[1]));
        const links = LinkHeader.parse(memento.headers.get('link') ?? '');
        expect(links.get('rel', 'original').map((l) => l.uri)).to.deep.equal([new URL(work, base).href]);
        expect(links.get('rel', 'timemap').map((l) => l.uri)).to.deep.equal([timemapUrl]);
        const list = await fetch(timemapUrl.replace(base, `${server.url}/`));
        expect(list.headers.get('content-type')).to.equal('application/link-format');
        // Paths made to close the link and open another: no document's, so not sent back.
        for (const forged of ['/people/x>;rel=stylesheet,<//elsewhere.example/a.css', '/people/x>;rel=stylesheet,<//elsewhere.example/a.ttl']) {
          const answer = await fetch(`${server.url}/.memento/${stampOf(dates[1])}${forged}`);
          expect(answer.status, forged).to.equal(404);
          expect(answer.headers.get('link') ?? '', forged).to.not.include('elsewhere.example');
        }
      } finally {
        await server.stop();
      }
    });
  }

  it('takes the versions a previous build wrote from it, and builds none again', async () => {
    const file = path.join(root, `.memento/${stampOf(dates[0])}${work}.ttl`);
    const before = await stat(file);
    const again = await build();
    expect(again.changed).to.equal(0);
    expect(again.mementos).to.equal(summary.mementos);
    // The same file, linked into the new build.
    expect((await stat(file)).ino).to.equal(before.ino);
  });

  it('skips a past version that fails to publish (a citation style it has no file for), naming it, and builds the rest', async () => {
    // Two more commits: the first names a style there is no file for, which only publishing finds; the second fixes it.
    await writeFile(path.join(dir, 'site.yaml'), 'citationStyle: mla\n');
    commit(dir, 'a style that does not exist', '2024-01-01T00:00:00Z');
    await rm(path.join(dir, 'site.yaml'));
    commit(dir, 'the default style again', '2025-01-01T00:00:00Z');
    warnings.length = 0;
    const again = await build();
    const skipped = warnings.filter((w) => w.includes('is not valid, so it has no memento'));
    expect(skipped).to.have.length(2);
    expect(skipped.filter((w) => w.includes('(2024-01-01T00:00:00.000Z)') && w.includes('"mla"'))).to.have.length(1);
    expect(again.versions).to.equal(summary.versions + 1);
  });

  it('has serve --site answer 404 at a suffix URL whose file is missing, not another format of the document', async () => {
    const memento = `/.memento/${stampOf(dates[0])}${work}`;
    await rm(path.join(root, `${memento}.ttl`));
    const serving = await serveSite({ port: 0, host: '127.0.0.1' }, root, { sparql: false, write: () => {} });
    try {
      const url = `http://127.0.0.1:${serving.listening.port}`;
      expect((await fetch(`${url}${memento}.ttl`)).status).to.equal(404);
      const html = await fetch(`${url}${memento}.html`);
      expect([html.status, html.headers.get('content-type')]).to.deep.equal([200, 'text/html; charset=utf-8']);
    } finally {
      await serving.stop();
    }
  });

  it('builds a profile that is not in git as before, with no mementos', async () => {
    const plain = path.join(tmp, 'plain');
    await cp(customDir, plain, { recursive: true });
    const out = path.join(tmp, 'plain-site');
    const built = await buildStatic({ dataDir: plain, base, out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0, precompress: false, formats: ['html'] });
    expect(built.versions).to.equal(0);
    const manifest = JSON.parse(await readFile(path.join(out, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
    expect(manifest.mementos).to.equal(undefined);
    expect(Object.keys(manifest.files).filter((p) => p.includes('.timemap/'))).to.deep.equal([]);
    expect(await stat(path.join(out, '.memento')).catch(() => undefined)).to.equal(undefined);
  });
});
