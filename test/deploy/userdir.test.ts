import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import LinkHeader from 'http-link-header';
import { stringify } from 'yaml';
import { aliases } from '../../src/deploy/variants.js';
import { parseAccept, preferenceFor } from '../../src/http/negotiate.js';
import { demoDir } from '../support/fixtures.js';
import { generateProfile } from '../support/generate.js';
import { builtSite, otherUser, type BuiltSite, requireServer, startServer, type RunningServer } from './servers.js';
import { describeStaticServer, get, randomDifferences } from './suite.js';

// Debian's stock Apache with mod_headers and mod_userdir: the built demo site as ~prof's public_html,
// with only the files build wrote there (its .htaccess and type maps), beside another user's folder.
describeStaticServer('apache-userdir', '/~prof/');

describe('Debian\'s stock Apache serving ~prof\'s site and another user\'s folder', function () {
  this.timeout(300_000);
  let server: RunningServer;
  let site: BuiltSite;
  before(async function () {
    requireServer(this, 'apache-userdir');
    site = await builtSite(demoDir, '/~prof/');
    server = await startServer('apache-userdir', site);
  });
  after(async () => { await server?.stop(); });

  it('leaves the other user\'s folder as Apache serves it by default: no CORS, caching, type maps, 404 page or negotiation of the site', async () => {
    const other = `${server.url}/~${otherUser.name}/`;
    const index = await get(other, { accept: 'text/turtle' });
    expect(index.status).to.equal(200);
    expect(index.body.toString()).to.equal(otherUser.files['index.html']);
    expect(index.headers['content-type']).to.equal('text/html');
    const notes = await get(`${other}notes.txt`, { origin: 'https://app.example' });
    expect(notes.status).to.equal(200);
    expect(notes.headers['content-type']).to.equal('text/plain');
    for (const res of [index, notes]) {
      for (const h of ['access-control-allow-origin', 'cache-control', 'x-content-type-options', 'content-location', 'link']) expect(res.headers[h], h).to.equal(undefined);
    }
    const missing = await get(`${other}nothing/here`);
    expect(missing.status).to.equal(404);
    expect(missing.body.toString()).to.include('<title>404 Not Found</title>').and.not.include('lodfolio');
    // MultiViews (on in userdir.conf) still negotiates among the other user's files as it did.
    expect((await get(`${other}notes`)).body.toString()).to.equal(otherUser.files['notes.txt']);
  });

  it('needs nothing of the server\'s configuration but what Debian has and a2enmod headers userdir: no mod_rewrite, no Header, no mention of the site', async () => {
    const directives = server.config.split('\n').filter((l) => !/^\s*(#|$)/.test(l)).join('\n');
    expect(directives).to.not.match(/rewrite|^\s*Header\b|\bprof\b|\.var\b/im);
    expect(directives).to.match(/headers\.load/).and.match(/userdir\.load/);
    expect((await get(`${server.url}/~prof/people/thomas-davidson`, { accept: 'text/turtle' })).headers['content-type']).to.equal('text/turtle; charset=utf-8');
  });

  it('agrees with negotiate() on 1,000 random Accept headers but where Apache\'s algorithm cannot: an alias named by the file\'s type, a citation style by its parameter, a range given twice or with parameters (the first counts), equal weights in the server\'s order, weights closer than the spacing of qs', async () => {
    // Each difference, by why Apache's algorithm (mod_negotiation, src/deploy/htaccess.ts) chose otherwise.
    const kinds = { alias: 0, style: 0, firstOfRepeated: 0, equalWeights: 0, closeWeights: 0, other: [] as string[] };
    const { compared, differences } = await randomDifferences(server, site);
    for (const { accept, doc, got, expected } of differences) {
      const ranges = parseAccept(accept);
      const fileOf = (type: string | undefined) => aliases.find((a) => a.mediaType === type)?.of ?? type;
      const weight = (type: string | undefined) => Math.max(0, ...[type, ...aliases.filter((a) => a.of === type).map((a) => a.mediaType)]
        .map((t) => (t === undefined ? 0 : preferenceFor(ranges, t)?.q ?? 0)));
      const names = ranges.map((r) => `${r.type}/${r.subtype}`);
      const [g, e] = [weight(fileOf(got)), weight(fileOf(expected))];
      if (fileOf(got) === fileOf(expected)) kinds.alias++;
      else if ([got, expected].some((t) => t?.startsWith('text/x-bibliography'))) kinds.style++;
      else if (new Set(names).size < names.length || ranges.some((r) => r.params > 0)) kinds.firstOfRepeated++;
      else if (g === e) kinds.equalWeights++;
      else if (Math.abs(g - e) <= 0.011 * Math.max(g, e)) kinds.closeWeights++;
      else kinds.other.push(`${accept} at ${doc}: ${got ?? 406}, not ${expected ?? 406}`);
    }
    expect(compared).to.equal(2000);
    const { other, ...counts } = kinds;
    expect(other, 'differences of another kind').to.deep.equal([]);
    // The figures docs/building.md gives: how many of the 2,000 answers differ, and why.
    expect(counts).to.deep.equal({ alias: 48, style: 114, firstOfRepeated: 88, equalWeights: 67, closeWeights: 2 });
  });
});

describe('Debian\'s stock Apache serving ~prof\'s site of 350 co-authors and a paper by 120 of them', function () {
  this.timeout(300_000);
  let server: RunningServer;
  let site: BuiltSite;
  let dataDir: string;
  before(async function () {
    requireServer(this, 'apache-userdir');
    // More people than one condition of the .htaccess can list within Apache's line of 8 KiB
    // (the demo's 98 documents fit), and a paper whose authors alone would make a Link header of 6 KiB.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-authors-'));
    const profile = generateProfile({ papers: 6, people: 350, seed: 3 });
    const works = profile['works.yaml'] as { publications: Array<{ authors: string[] }> };
    const people = (profile['people.yaml'] as { people: Array<{ id: string }> }).people.map((p) => p.id);
    works.publications[0].authors = [...people.slice(0, 120), 'zoe-generated'];
    // Typed links of about 3.5 KiB: within 4 KiB alone, not with the links to the other formats after them.
    works.publications[1].authors = [...people.slice(120, 156), 'zoe-generated'];
    for (const [file, collections] of Object.entries(profile)) await writeFile(path.join(dataDir, file), stringify(collections, { lineWidth: 0 }));
    site = await builtSite(dataDir, '/~prof/');
    server = await startServer('apache-userdir', site);
  });
  after(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers every page, however many documents of a kind there are: no line of the .htaccess is longer than Apache reads', async () => {
    const lines = (await readFile(path.join(site.root, '.htaccess'), 'utf8')).split('\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).to.be.below(8192);
    for (const [doc, accept] of [['', 'text/html'], ['people/', 'text/turtle'], ['publications/paper-1', 'text/html'], ['publications/paper-1', 'application/ld+json']]) {
      const answer = await get(`${server.url}/~prof/${doc}`, { accept });
      expect(answer.status, `${doc} as ${accept}`).to.equal(200);
      expect(String(answer.headers['content-type']), doc).to.satisfy((type: string) => type.startsWith(accept));
    }
  });

  it('sends the paper of 121 authors with a Link header of at most 4 KiB that leaves its authors to its linkset, which has every one', async () => {
    const paper = await get(`${server.url}/~prof/publications/paper-1`, { accept: 'text/turtle' });
    const links = LinkHeader.parse(String(paper.headers.link));
    expect(Buffer.byteLength(String(paper.headers.link))).to.be.at.most(4096);
    expect(links.rel('cite-as').map((l) => l.uri)).to.deep.equal([`${site.base}publications/paper-1`]);
    expect(links.rel('describedby')).to.have.length.greaterThan(3);
    expect(links.rel('author')).to.deep.equal([]);
    const linkset = links.rel('linkset').find((l) => l.type === 'application/linkset+json');
    const set = JSON.parse((await get(new URL(linkset!.uri, server.url).href)).body.toString()) as { linkset: Array<{ author?: unknown[] }> };
    expect(set.linkset[0].author).to.have.length(121);
  });

  it('sends every document\'s Link header within 4 KiB as a whole, its links to the other formats counted', async () => {
    for (const doc of ['publications/paper-1', 'publications/paper-2', 'people/', '']) {
      for (const accept of ['text/html', 'text/turtle', 'application/x-bibtex']) {
        const answer = await get(`${server.url}/~prof/${doc}`, { accept });
        if (answer.status !== 200) continue;
        expect(Buffer.byteLength(String(answer.headers.link)), `${doc} as ${accept}`).to.be.at.most(4096);
      }
    }
  });
});
