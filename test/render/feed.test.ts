import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { starterDir } from '../../src/config.js';
import { createServer, type LodfolioServer } from '../../src/server.js';
import { listening } from '../http/support.js';
import { python, requireClients } from '../support/clients.js';
import { demoDir, facts, secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';

/** The news as an Atom feed, read by a real feed reader (Debian's python3-feedparser). */

const base = 'http://localhost:3000/';

interface Parsed {
  bozo: boolean;
  version: string;
  feed: { id: string; title: string; updated: string; author: string; self: string };
  entries: Array<{ id: string; title: string; updated: string; link: string; content: string; related: string[] }>;
}

const reader = `import json, sys, feedparser
f = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
  "bozo": bool(f.bozo), "version": f.version,
  "feed": {"id": f.feed.get("id"), "title": f.feed.get("title"), "updated": f.feed.get("updated"),
           "author": f.feed.get("author"), "self": next((l.href for l in f.feed.links if l.rel == "self"), None)},
  "entries": [{"id": e.id, "title": e.title, "updated": e.updated, "link": e.link,
               "content": e.content[0].value if e.get("content") else "",
               "related": [l.href for l in e.links if l.rel == "related"]} for e in f.entries]}))`;

describe('The news feed', () => {
  let demo: LodfolioServer;
  let second: LodfolioServer;
  before(async () => {
    const builder = await sharedBuilder();
    const lastModified = new Date('2024-05-06T07:08:09Z');
    [demo, second] = await Promise.all([demoDir, secondDir].map((dataDir) => createServer({ dataDir, base, lastModified, sparql: false, builder })));
  });

  it('is Atom 1.0 that feedparser reads without complaint: every news item, newest first, with stable ids and links', async function () {
    requireClients(this, ['feedparser']);
    const served = await listening(demo.app);
    try {
      const response = await fetch(`${served.url}/news.atom`);
      expect(response.headers.get('content-type')).to.equal('application/atom+xml; charset=utf-8');
      const child = promisify(execFile)(python, ['-c', reader]);
      child.child.stdin!.end(Buffer.from(await response.arrayBuffer()));
      const parsed = JSON.parse((await child).stdout) as Parsed;
      expect(parsed.bozo, 'well-formed').to.equal(false);
      expect(parsed.version).to.equal('atom10');
      expect(parsed.feed).to.include({ id: `${base}news.atom`, self: `${base}news.atom`, author: facts(demoDir).person.name });
      const news = facts(demoDir).list('news');
      expect(parsed.entries.map((e) => e.id)).to.have.members(news.map((n) => `${base}news/${n.id}#id`));
      const dates = parsed.entries.map((e) => e.updated);
      expect(dates).to.deep.equal([...dates].sort().reverse());
      expect(parsed.feed.updated).to.equal(dates[0]);
      for (const entry of parsed.entries) {
        expect(entry.title, entry.id).to.not.equal('');
        expect(entry.link).to.equal(entry.id);
        const item = news.find((n) => entry.id === `${base}news/${n.id}#id`)!;
        expect(entry.content.replace(/&quot;/g, '"')).to.include(String(item.text).slice(0, 40));
        expect(entry.related).to.have.length(((item.about as string[] | undefined) ?? []).length);
      }
    } finally {
      await served.close();
    }
  });

  it('has the elements RFC 4287 requires of a feed and of each entry', async () => {
    const atom = (await request(demo.app).get('/news.atom')).text;
    const [head] = atom.split('<entry>');
    for (const element of ['id', 'title', 'updated', 'author']) expect(head, element).to.match(new RegExp(`<${element}>`));
    for (const entry of atom.split('<entry>').slice(1)) {
      for (const element of ['id', 'title', 'updated']) expect(entry, element).to.match(new RegExp(`<${element}>[^<]+</${element}>`));
      expect(entry).to.match(/<updated>\d{4}-\d{2}-\d{2}T00:00:00Z<\/updated>/);
    }
  });

  it('is announced in every page\'s head and listed in the sitemap', async () => {
    for (const path of ['/', demo.site.documents[3].path]) {
      expect((await request(demo.app).get(path)).text).to.include('<link rel="alternate" type="application/atom+xml" href="/news.atom"');
    }
    expect(demo.site.sitemap.body).to.include(`<loc>${base}news.atom</loc>`);
  });

  it('titles an entry with the words of its Markdown, not its markup', async () => {
    // The starter's news item: `Our paper won the **Best Paper Award** at ExampleCon 2023!`
    const starter = await createServer({ dataDir: starterDir, base, lastModified: new Date('2024-05-06T07:08:09Z'), sparql: false, builder: await sharedBuilder() });
    const atom = (await request(starter.app).get('/news.atom')).text;
    expect([...atom.matchAll(/<entry>[\s\S]*?<title>([^<]*)<\/title>/g)].map((m) => m[1])).to.deep.equal(['Our paper won the Best Paper Award at ExampleCon 2023!']);
    expect(atom, 'the content keeps it, as HTML').to.include('&lt;strong&gt;Best Paper Award&lt;/strong&gt;');
  });

  it('typesets math in an entry\'s text and in the titles of the works it is about, and keeps the TeX as written in its title and its links\' titles', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-feed-math-'));
    try {
      await cp(secondDir, dir, { recursive: true });
      await writeFile(path.join(dir, 'math.yaml'), `publications:
  - id: lp-estimates
    name: '$L^p$ estimates'
    authors: [zoe-angstrom-lukasiewicz]
    datePublished: 2024
news:
  - id: accepted-2024
    date: 2024-05
    about: [lp-estimates]
    text: Our $\\mathbb{R}^n$ paper was accepted.
`);
      const server = await createServer({ dataDir: dir, base, lastModified: new Date('2024-05-06T07:08:09Z'), sparql: false, builder: await sharedBuilder() });
      const atom = (await request(server.app).get('/news.atom')).text;
      const content = /<content type="html">([^<]*)<\/content>/.exec(atom)![1];
      expect(content.match(/&lt;math /g), 'the text\'s math and the linked title\'s').to.have.length(2);
      expect(content).to.include('x-tex&quot;&gt;L^p&lt;/annotation&gt;');
      expect(atom).to.include('<title>Our $\\mathbb{R}^n$ paper was accepted.</title>').and.include('title="$L^p$ estimates"/>');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not exist for a profile without news', async () => {
    expect(facts(secondDir).list('news')).to.have.length(0);
    expect((await request(second.app).get('/news.atom')).status).to.equal(404);
    expect((await request(second.app).get('/')).text).to.not.include('application/atom+xml');
    expect(second.site.sitemap.body).to.not.include('news.atom');
  });
});
