import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import LinkHeader from 'http-link-header';
import { createServer } from '../../src/server.js';
import { defaultBase, listening, testLastModified } from './support.js';
import { secondDir } from '../support/fixtures.js';
import { dates, draft, httpDate, profileWithHistory, title, work } from '../support/history.js';
import { sharedBuilder } from '../support/profile.js';

/** Memento (RFC 7089) in `serve`, on a profile with four commits (test/support/history.ts). */

describe('Memento', function () {
  this.timeout(120_000);
  let tmp: string;
  let server: { url: string; close: () => Promise<void> };
  const warnings: string[] = [];
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-memento-'));
    const dir = path.join(tmp, 'profile');
    await profileWithHistory(dir);
    const s = await createServer({ dataDir: dir, base: defaultBase, lastModified: testLastModified, sparql: false, builder: await sharedBuilder(), warn: (m) => warnings.push(m) });
    server = await listening(s.app);
  });
  after(async () => {
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('redirects a document asked with Accept-Datetime to the memento in force then, which is that version', async () => {
    const gate = await fetch(server.url + work, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jul 2020 12:00:00 GMT' } });
    expect(gate.status).to.equal(302);
    expect(gate.headers.get('vary')).to.equal('accept-datetime');
    expect(gate.headers.get('location')).to.equal(`/.memento/20200101000000${work}`);
    const memento = await fetch(server.url + gate.headers.get('location'), { headers: { accept: 'text/turtle' } });
    expect(memento.status).to.equal(200);
    expect(memento.headers.get('memento-datetime')).to.equal(httpDate(dates[0]));
    expect(memento.headers.get('content-location')).to.equal(`/.memento/20200101000000${work}.ttl`);
    const links = LinkHeader.parse(memento.headers.get('link') ?? '');
    expect(links.rel('original').map((l) => l.uri)).to.deep.equal([new URL(work, defaultBase).href]);
    expect(links.rel('timegate').map((l) => l.uri)).to.deep.equal([new URL(work, defaultBase).href]);
    expect(links.get('rel', 'timemap').map((l) => l.uri)).to.deep.equal([new URL(`/.timemap${work}.link`, defaultBase).href]);
    const turtle = await memento.text();
    expect(turtle).to.include(draft);
    expect(turtle).to.not.include(title);
    // Without Accept-Datetime, the document is today's, saying that its answer varies by that header too.
    const today = await fetch(server.url + work, { headers: { accept: 'text/turtle' } });
    expect(await today.text()).to.include(title);
    expect(today.headers.get('vary')).to.equal('Accept, Accept-Encoding, Accept-Datetime');
  });

  it('skips a version that is not valid, and says so', async () => {
    const gate = await fetch(server.url + work, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jun 2022 00:00:00 GMT' } });
    expect(gate.headers.get('location')).to.equal(`/.memento/20210101000000${work}`);
    expect(warnings.filter((w) => w.includes('is not valid, so it has no memento'))).to.have.length(1);
    expect((await fetch(`${server.url}/.memento/20220101000000${work}`)).status).to.equal(404);
  });

  it('lists the mementos in a TimeMap, and refuses a date that is none', async () => {
    const res = await fetch(`${server.url}/.timemap${work}.link`);
    expect(res.headers.get('content-type')).to.equal('application/link-format');
    const links = LinkHeader.parse((await res.text()).replace(/\n/g, ' '));
    const mementos = links.get('rel', 'memento').map((l) => l.datetime);
    expect(mementos).to.include.members([httpDate(dates[0]), httpDate(dates[1]), httpDate(dates[3])]);
    expect(links.get('rel', 'original').map((l) => l.uri)).to.deep.equal([new URL(work, defaultBase).href]);
    // A folder document's TimeMap is named by its index, as a built site holds it.
    const home = LinkHeader.parse((await (await fetch(`${server.url}/.timemap/index.link`)).text()).replace(/\n/g, ' '));
    expect(home.get('rel', 'original').map((l) => l.uri)).to.deep.equal([defaultBase]);
    const bad = await fetch(server.url + work, { headers: { 'accept-datetime': 'last Tuesday' } });
    expect(bad.status).to.equal(400);
  });

  it('serves a profile that is not in git without mementos', async () => {
    const dir = path.join(tmp, 'plain');
    await cp(secondDir, dir, { recursive: true });
    const plain = await listening((await createServer({ dataDir: dir, base: defaultBase, lastModified: testLastModified, sparql: false, builder: await sharedBuilder() })).app);
    try {
      const res = await fetch(plain.url + work, { redirect: 'manual', headers: { 'accept-datetime': 'Wed, 01 Jul 2020 12:00:00 GMT', accept: 'text/turtle' } });
      expect(res.status).to.equal(200);
      expect((await fetch(`${plain.url}/.timemap${work}.link`)).status).to.equal(404);
    } finally {
      await plain.close();
    }
  });
});
