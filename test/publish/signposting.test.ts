import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import LinkHeader from 'http-link-header';
import { buildStatic } from '../../src/build.js';
import { formatsOf } from '../../src/formats.js';
import { createApp } from '../../src/http/app.js';
import { openSite } from '../../src/publish/site-files.js';
import { built, defaultBase, listening, testLastModified } from '../http/support.js';
import { readMicroformats, requireClients } from '../support/clients.js';
import { secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';

/**
 * FAIR Signposting on the second fixture profile (its scholar has an ORCID
 * iD, its first paper a DOI and a PDF, the profile a CC BY licence): what a
 * harvester reads in the Link header, in the page and in the linksets, from
 * `lodfolio serve` and from the static export served as it lies.
 */

const work = '/publications/uralic-segmentation-como-2019';
const workUrl = new URL(work, defaultBase).href;
/** A link as the three readings compare it. */
type Link = string;
const key = (rel: string, href: string, type?: string): Link => `${rel} ${href}${type ? ` ${type}` : ''}`;
/** The links of a Link header, but the other formats (rel=alternate, which is no signpost). */
const signposts = (header: string | null): Link[] => LinkHeader.parse(header ?? '').refs
  .filter((r) => r.rel !== 'alternate').map((r) => key(r.rel, new URL(r.uri, defaultBase).href, r.type)).sort();

describe('FAIR Signposting', function () {
  this.timeout(120_000);
  let served: { url: string; close: () => Promise<void> };
  let exported: { url: string; close: () => Promise<void> };
  let tmp: string;
  before(async () => {
    const { app } = await built({ dataDir: secondDir });
    served = await listening(app);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-signposting-'));
    const out = path.join(tmp, 'site');
    await buildStatic({ dataDir: secondDir, base: defaultBase, out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0 });
    exported = await listening(createApp(await openSite(out)));
  });
  after(async () => {
    await served?.close();
    await exported?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("gives a work's page cite-as, describedby for every RDF and citation format, item, author, type and license", async () => {
    const res = await fetch(served.url + work, { headers: { accept: 'text/html' } });
    const links = LinkHeader.parse(res.headers.get('link') ?? '');
    expect(links.get('rel', 'cite-as').map((l) => l.uri)).to.deep.equal([workUrl]);
    const describedBy = links.get('rel', 'describedby');
    for (const format of formatsOf('graph', 'citation').filter((f) => !f.styled)) {
      const link = describedBy.find((l) => l.type === format.mediaType);
      expect(link, format.label).to.not.equal(undefined);
      expect(link!.uri).to.equal(`${workUrl}.${format.suffix}`);
      expect(link!.profile).to.equal(format.profile);
    }
    expect(links.get('rel', 'item').map((l) => [l.uri, l.type])).to.deep.equal([['https://bergvik.example/papers/uralic-segmentation.pdf', 'application/pdf']]);
    // The scholar by ORCID iD; a co-author with none by the IRI of their page.
    expect(links.get('rel', 'author').map((l) => l.uri)).to.include.members([
      'https://orcid.org/0000-0003-1415-9269', new URL('/people/chloe-dubois#id', defaultBase).href]);
    expect(links.get('rel', 'type').map((l) => l.uri)).to.have.members(['https://schema.org/ScholarlyArticle', 'https://schema.org/AboutPage']);
    expect(links.get('rel', 'license').map((l) => l.uri)).to.deep.equal(['https://spdx.org/licenses/CC-BY-4.0']);
    // The DOI names the paper at its publisher, which does not lead back here: related, not cite-as.
    expect(links.get('rel', 'related').map((l) => l.uri)).to.deep.equal(['https://doi.org/10.18653/v1/2019.como-1.12']);
  });

  it('says the same links in the Link header, the page and both linksets, on a work and on the profile', async function () {
    requireClients(this, ['mf2py']);
    for (const [page, pageUrl] of [[work, workUrl], ['/', defaultBase]]) {
      const res = await fetch(served.url + page, { headers: { accept: 'text/html' } });
      const header = signposts(res.headers.get('link'));
      expect(header.length, page).to.be.greaterThan(5);

      // The page's <link> elements, as a microformats2 parser reads them (rel → URLs, each URL's type).
      const mf = await readMicroformats(await res.text(), pageUrl);
      const rels = new Set(header.map((l) => l.split(' ')[0]));
      const inPage = [...rels].flatMap((rel) => (mf.rels[rel] ?? []).map((href) => key(rel, href, mf['rel-urls'][href]?.type))).sort();
      expect(inPage, page).to.deep.equal(header);

      const linksetUrl = header.find((l) => l.startsWith('linkset ') && l.endsWith(' application/linkset+json'))!.split(' ')[1];
      const json = await fetch(served.url + new URL(linksetUrl).pathname);
      expect(json.headers.get('content-type')).to.equal('application/linkset+json');
      const body = await json.json() as { linkset: Array<Record<string, unknown>> };
      expect(body.linkset).to.have.length(1);
      const { anchor, ...byRel } = body.linkset[0];
      expect(anchor).to.equal(pageUrl);
      const fromJson = Object.entries(byRel as Record<string, Array<{ href: string; type?: string }>>)
        .flatMap(([rel, targets]) => targets.map((t) => key(rel, t.href, t.type))).sort();
      expect(fromJson, page).to.deep.equal(header);

      const text = await fetch(`${served.url}${new URL(linksetUrl).pathname.replace(/\.json$/, '')}`);
      expect(text.headers.get('content-type')).to.equal('application/linkset; charset=utf-8');
      const parsed = LinkHeader.parse((await text.text()).replace(/\n/g, ' '));
      expect(parsed.refs.every((r) => r.anchor === pageUrl)).to.equal(true);
      expect(parsed.refs.map((r) => key(r.rel, r.uri, r.type)).sort(), page).to.deep.equal(header);
    }
  });

  it('sends the same Link header from the static export as from serve, for every document and format', async () => {
    const site = await openSite(path.join(tmp, 'site'));
    const documents = Object.entries(site.manifest.documents);
    expect(documents.length).to.be.greaterThan(20);
    for (const [doc, suffixes] of documents) {
      for (const suffix of ['', ...suffixes.map((s) => (doc.endsWith('/') ? `index.${s}` : `.${s}`))]) {
        const [a, b] = await Promise.all([served, exported].map((s) => fetch(s.url + doc + suffix, { method: 'HEAD' })));
        expect(b.headers.get('link'), doc + suffix).to.equal(a.headers.get('link'));
      }
    }
    expect(signposts((await fetch(exported.url + work, { method: 'HEAD' })).headers.get('link'))).to.include(key('cite-as', workUrl));
  });

  it('sends a linkset as it is to a client that takes gzip and brotli, from serve and from the export, which has no compressed copy of it', async () => {
    for (const format of formatsOf('linkset')) {
      const url = `${work}.${format.suffix}`;
      const [a, b] = await Promise.all([served, exported].map((s) => fetch(s.url + url, { headers: { 'accept-encoding': 'br, gzip' } })));
      const body = await a.text();
      expect(body.length, url).to.be.greaterThan(1024); // large enough that other bodies are sent compressed
      expect([a.headers.get('content-encoding'), b.headers.get('content-encoding')], url).to.deep.equal([null, null]);
      expect(await b.text(), url).to.equal(body);
      for (const copy of ['gz', 'br']) expect(existsSync(path.join(tmp, 'site', `${url.slice(1)}.${copy}`)), `${url}.${copy}`).to.equal(false);
    }
  });
});
