import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildStatic } from '../../src/build.js';
import { createApp } from '../../src/http/app.js';
import { InvalidProfileError } from '../../src/issues.js';
import { BUILD_RECORD, type BuildRecord } from '../../src/publish/build-record.js';
import { MANIFEST, type SiteManifest } from '../../src/publish/export.js';
import { openSite } from '../../src/publish/site-files.js';
import { serveSite } from '../../src/server.js';
import { built, listening, testLastModified } from '../http/support.js';
import { demoDir, secondDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';
import { siteTree as tree } from '../support/site-tree.js';

const base = 'http://localhost:3000/';
const subBase = 'http://localhost:3000/~ada/';

async function exportOf(dataDir: string, out: string, siteBase = base, lastModified = testLastModified, threads?: number) {
  return buildStatic({ dataDir, base: siteBase, out, lastModified, builder: await sharedBuilder(), threads });
}

type Export = { dir: string } & Awaited<ReturnType<typeof exportOf>>;

/** Each document's files are the same files (inodes) as before: taken, not made again. */
const inode = async (file: string) => (await stat(file)).ino;

/**
 * A copy of an export's files, dates included, for a test that builds over it or changes it: a
 * real folder where the export is a link to its build, as a site built before builds were links.
 */
async function copyOf(site: Export, out: string): Promise<string> {
  await cp(await realpath(site.dir), out, { recursive: true, preserveTimestamps: true });
  return out;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('The static export (lodfolio build)', function () {
  this.timeout(120_000);
  let tmp: string;
  /** The demo profile's export, built once: tests that only read it share it; the others build over a copy. */
  let demo: Export;
  /** The same under a sub-path base. */
  let demoUnder: Export;
  const exported = async (dataDir: string, out: string, siteBase = base, threads?: number): Promise<Export> =>
    ({ dir: out, ...await exportOf(dataDir, out, siteBase, testLastModified, threads) });
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-export-'));
    demo = await exported(demoDir, path.join(tmp, 'demo'));
    demoUnder = await exported(demoDir, path.join(tmp, 'demo-under'), subBase);
  });
  after(async () => { await rm(tmp, { recursive: true, force: true }); });

  it('gives byte-identical trees, dates included, when the same profile is built twice', async () => {
    await exportOf(demoDir, path.join(tmp, 'again'));
    const [a, b] = [await tree(demo.dir), await tree(path.join(tmp, 'again'))];
    expect(a.size).to.be.greaterThan(500);
    expect([...a.entries()]).to.deep.equal([...b.entries()]);
    await rm(path.join(tmp, 'again'), { recursive: true });
  });

  // The second profile has every kind of document and listing; the generated one's hundreds more of one shape add time, not cases.
  describe('on render threads, over the second profile', () => {
    let inline: Export;
    let threaded: Export;
    before(async () => {
      inline = await exported(secondDir, path.join(tmp, 'inline'), base, 0);
      threaded = await exported(secondDir, path.join(tmp, 'threaded'), base, 2);
    });
    after(async () => { await Promise.all(['inline', 'threaded'].map((dir) => rm(path.join(tmp, dir), { recursive: true, force: true }))); });

    it('writes the same tree, dates included, whether render threads or the main thread make the documents', async () => {
      expect(threaded).to.deep.include({ files: inline.files, bytes: inline.bytes, documents: inline.documents });
      const [a, b] = [await tree(inline.dir), await tree(threaded.dir)];
      expect(a.size).to.equal(inline.files + 2); // and the manifest and build record
      expect([...b.entries()]).to.deep.equal([...a.entries()]);
    });

    it('takes every unchanged document from the previous build as it was: the same files, dates included, and none made again', async () => {
      const before = await tree(threaded.dir);
      const page = path.join(threaded.dir, 'index.html');
      const pageInode = await inode(page);
      // A document's linksets are written with it, and taken with it.
      const linkset = path.join(threaded.dir, 'index.linkset.json');
      const linksetInode = await inode(linkset);
      const again = await exportOf(secondDir, threaded.dir, base, testLastModified, 2);
      expect(again.reused).to.equal(threaded.documents);
      expect(again).to.deep.include({ files: threaded.files, bytes: threaded.bytes, changed: 0 });
      expect(await inode(page)).to.equal(pageInode);
      expect(await inode(linkset)).to.equal(linksetInode);
      expect([...(await tree(threaded.dir))]).to.deep.equal([...before]);
    });
  });

  it('writes every document in every format at its suffix URL, with .gz and .br beside each page and each large file, and lists them in the manifest', async () => {
    const out = demo.dir;
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST), 'utf8')) as SiteManifest;
    const { site } = await built({ dataDir: demoDir });
    for (const doc of site.documents) {
      expect(manifest.documents[doc.path], doc.path).to.include.members(['html', 'ttl', 'jsonld', 'nt', 'rdf']);
      const stem = doc.path.endsWith('/') ? `${doc.path}index` : doc.path;
      for (const suffix of manifest.documents[doc.path]) {
        const file = path.join(out, decodeURIComponent(`${stem}.${suffix}`));
        expect((await stat(file)).isFile(), file).to.equal(true);
      }
    }
    for (const name of ['index.html.br', 'index.html.gz', 'index.ttl.gz', 'sitemap.xml', 'robots.txt', 'context.jsonld', 'dataset.nt', 'dataset.nt.gz', 'style.css', '404.html', '406.html', '.nojekyll', '.well-known/void.ttl']) {
      expect((await stat(path.join(out, name))).isFile(), name).to.equal(true);
    }
    // A work's small machine-readable files have none: a web server compresses them as it sends them.
    const work = Object.keys(manifest.documents).find((p) => manifest.documents[p].includes('bib'))!.slice(1);
    for (const name of [`${work}.html.gz`, `${work}.html.br`]) expect((await stat(path.join(out, name))).isFile(), name).to.equal(true);
    const names = new Set(await readdir(path.join(out, path.dirname(work))));
    expect([...names].filter((n) => n.startsWith(`${path.basename(work)}.`) && /\.(?:gz|br)$/.test(n) && !n.includes('.html.'))).to.deep.equal([]);
    expect(manifest.base).to.equal(base);
    expect(manifest.lastModified).to.equal(testLastModified.toUTCString());
  });

  it('leaves the previous export untouched when the profile is invalid, and reports the problem', async () => {
    const out = await copyOf(demo, path.join(tmp, 'kept'));
    const before = await tree(out);
    const broken = path.join(tmp, 'broken-profile');
    await cp(demoDir, broken, { recursive: true });
    await writeFile(path.join(broken, 'person.yaml'), `${await readFile(path.join(broken, 'person.yaml'), 'utf8')}\nnotAField: 1\n`);
    let failure: unknown;
    try { await exportOf(broken, out); } catch (error) { failure = error; }
    expect(failure).to.be.instanceOf(InvalidProfileError);
    expect([...(await tree(out)).entries()]).to.deep.equal([...before.entries()]);
    // Nothing of the failed build is left beside the site.
    expect((await readdir(tmp)).filter((n) => n.startsWith('.kept.'))).to.deep.equal([]);
  });

  it('refuses to replace a folder of other files, writing nothing into it', async () => {
    const out = path.join(tmp, 'someone-elses');
    await cp(secondDir, out, { recursive: true });
    const before = await tree(out);
    let failure: Error | undefined;
    try { await exportOf(demoDir, out); } catch (error) { failure = error as Error; }
    expect(failure?.message).to.match(/is not a site lodfolio built/);
    expect([...(await tree(out)).entries()]).to.deep.equal([...before.entries()]);
  });

  it('keeps the date of every file whose bytes did not change, and dates changed files with the data', async () => {
    const out = path.join(tmp, 'incremental');
    const changed = path.join(tmp, 'changed-profile');
    await cp(demoDir, changed, { recursive: true });
    // The export of the profile as it was: the demo's, since the two are the same.
    await copyOf(demo, out);
    const before = await tree(out);
    const news = path.join(changed, 'news.yaml');
    await writeFile(news, (await readFile(news, 'utf8')).replace(/text: "?([A-Z])/, 'text: "$1'));
    const awards = path.join(changed, 'awards.yaml');
    const text = await readFile(awards, 'utf8');
    const name = /name: (.+)/.exec(text)![1];
    await writeFile(awards, text.replace(name, `${name.replace(/"$/, '')} (renamed)${name.endsWith('"') ? '"' : ''}`));
    const later = new Date(testLastModified.getTime() + 86_400_000);
    // Rebuilt by render threads: each compares its files with the previous export's.
    const summary = await exportOf(changed, out, base, later, 2);
    const after = await tree(out);
    const kept = [...after].filter(([n, f]) => before.get(n)?.hash === f.hash);
    const redone = [...after].filter(([n, f]) => before.get(n)?.hash !== f.hash);
    expect(redone.length).to.be.greaterThan(0);
    expect(kept.length).to.be.greaterThan(redone.length);
    for (const [n, f] of kept) expect(f.mtime, n).to.equal(before.get(n)!.mtime);
    for (const [n, f] of redone) expect(f.mtime, n).to.equal(later.getTime());
    expect(summary.changed).to.equal(redone.filter(([n]) => n !== MANIFEST && n !== BUILD_RECORD).length);
  });

  describe('rebuilt over its previous build', () => {
    const later = new Date(testLastModified.getTime() + 86_400_000);

    it('makes again the documents a change reaches, reuses the rest, and gives the tree a clean build gives', async () => {
      const profile = path.join(tmp, 'retitled-profile');
      await cp(demoDir, profile, { recursive: true });
      // The export of the profile as it was: the demo's.
      const out = await copyOf(demo, path.join(tmp, 'retitled'));
      const untouched = path.join(out, 'awards');
      const untouchedInodes = await Promise.all((await readdir(untouched)).map((n) => inode(path.join(untouched, n))));
      const publications = path.join(profile, 'publications.yaml');
      const text = await readFile(publications, 'utf8');
      const title = /name: "?([^"\n]+)/.exec(text)![1];
      await writeFile(publications, text.replace(title, `${title} (revised)`));
      const rebuilt = await exportOf(profile, out, base, later, 0);
      const clean = path.join(tmp, 'retitled-clean');
      const fresh = await exportOf(profile, clean, base, later, 0);
      expect(rebuilt.reused).to.be.greaterThan(0).and.lessThan(fresh.documents - 1); // and the dumps are made again
      expect(rebuilt).to.deep.include({ files: fresh.files, bytes: fresh.bytes });
      const hashes = async (dir: string) => [...(await tree(dir))].map(([n, f]) => [n, f.hash]);
      expect(await hashes(out)).to.deep.equal(await hashes(clean));
      expect(await Promise.all((await readdir(untouched)).map((n) => inode(path.join(untouched, n))))).to.deep.equal(untouchedInodes);
      const retitled = [...(await tree(out))].filter(([n]) => n.startsWith('publications/') && n.endsWith('.ttl'));
      expect(retitled.some(([, f]) => f.mtime === later.getTime()), 'a publication made again').to.equal(true);
      await Promise.all([out, clean].map((dir) => rm(dir, { recursive: true })));
    });

    it('makes a document again when a file of it is missing from the previous build, or the record is of another renderer', async () => {
      const out = await copyOf(demo, path.join(tmp, 'tampered'));
      const first = demo;
      const clean = await tree(out);
      await rm(path.join(out, 'index.ttl.gz'));
      const mended = await exportOf(demoDir, out, base, testLastModified, 0);
      expect(mended.reused).to.equal(first.documents - 1); // all but the home page
      expect((await tree(out)).get('index.ttl.gz')?.hash).to.equal(clean.get('index.ttl.gz')!.hash);
      const file = path.join(out, BUILD_RECORD);
      const record = JSON.parse(await readFile(file, 'utf8')) as BuildRecord;
      await writeFile(file, JSON.stringify({ ...record, renderer: 'another' }));
      expect((await exportOf(demoDir, out, base, testLastModified, 0)).reused).to.equal(0);
      await writeFile(path.join(out, BUILD_RECORD), '{"lodfolio-build": 1, "documents": ');
      expect((await exportOf(demoDir, out, base, testLastModified, 0)).reused).to.equal(0);
      expect([...(await tree(out))]).to.deep.equal([...clean]);
      await rm(out, { recursive: true });
    });

    it('makes a document again when its file was edited in place, or its entry names a file it never had', async () => {
      const out = await copyOf(demo, path.join(tmp, 'edited'));
      const first = demo;
      const clean = await tree(out);
      await writeFile(path.join(out, 'index.ttl'), '# minified away\n');
      const file = path.join(out, BUILD_RECORD);
      const record = JSON.parse(await readFile(file, 'utf8')) as BuildRecord;
      const people = Object.keys(record.documents).filter((p) => p.startsWith('/people/'));
      // An entry naming a file outside the document (and the site); another naming only some of its files.
      record.documents[people[0]].files.push(['/../../escaped', 10, record.documents[people[0]].files[0][2]]);
      record.documents[people[1]].files = record.documents[people[1]].files.filter(([suffix]) => suffix !== 'ttl');
      await writeFile(file, JSON.stringify(record));
      const again = await exportOf(demoDir, out, base, testLastModified, 0);
      expect(again.reused).to.equal(first.documents - 3);
      expect([...(await tree(out))]).to.deep.equal([...clean]);
      await rm(out, { recursive: true });
    });

    it('makes a document again, its .gz and .br with it, when a file has other bytes of the same size or is a named pipe (never waited on), and takes no file through a link out of the site', async () => {
      const out = await copyOf(demo, path.join(tmp, 'damaged'));
      const clean = await tree(out);
      // A same-size edit, or damage on disk: one letter's case changed.
      const home = path.join(out, 'index.ttl');
      const bytes = await readFile(home);
      bytes[bytes.findIndex((b) => b >= 0x61 && b <= 0x7a)] ^= 0x20;
      await writeFile(home, bytes);
      // A file replaced by a named pipe, which no one writes to: opening it to read would wait forever.
      const record = JSON.parse(await readFile(path.join(out, BUILD_RECORD), 'utf8')) as BuildRecord;
      const publication = Object.keys(record.documents).find((p) => p.startsWith('/publications/') && !p.endsWith('/'))!;
      const piped = path.join(out, `${publication.slice(1)}.html`);
      await rm(piped);
      execFileSync('mkfifo', [piped]);
      // A folder of the site replaced by a link to a copy elsewhere, with the same bytes.
      const outside = path.join(tmp, 'outside-people');
      await cp(path.join(out, 'people'), outside, { recursive: true, preserveTimestamps: true });
      await rm(path.join(out, 'people'), { recursive: true });
      await symlink(outside, path.join(out, 'people'));
      const people = Object.keys(record.documents).filter((p) => p.startsWith('/people/')).length;
      expect(people).to.be.greaterThan(1);
      const again = await exportOf(demoDir, out, base, testLastModified, 0);
      expect(again.reused).to.equal(demo.documents - 2 - people);
      expect([...(await tree(out))]).to.deep.equal([...clean]);
      const outsideFiles = new Set(await Promise.all((await readdir(outside)).map((n) => inode(path.join(outside, n)))));
      const peopleFiles = await Promise.all((await readdir(path.join(out, 'people'))).map((n) => inode(path.join(out, 'people', n))));
      expect(peopleFiles.filter((ino) => outsideFiles.has(ino))).to.deep.equal([]);
      await rm(out, { recursive: true });
    });

    it('makes everything again when what every page shares changes, and reuses it all under a sub-path base', async () => {
      const out = await copyOf(demoUnder, path.join(tmp, 'reframed'));
      const first = demoUnder;
      expect((await exportOf(demoDir, out, subBase, testLastModified, 0)).reused).to.equal(first.documents);
      // A store elsewhere: every page's footer names it.
      const elsewhere = await buildStatic({ dataDir: demoDir, base: subBase, out, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0, sparqlEndpoint: 'https://store.example.org/sparql' });
      expect(elsewhere.reused).to.equal(0);
      expect(await readFile(path.join(out, 'index.html'), 'utf8')).to.include('https://store.example.org/sparql');
      await rm(out, { recursive: true });
    });
  });

  describe('rebuilt over a site whose every file it recorded with its inode, size and modification time', () => {
    let out: string;
    let clean: Awaited<ReturnType<typeof tree>>;
    const rebuild = () => exportOf(demoDir, out, base, testLastModified, 0);
    /** Bytes of the same size, one letter's case changed, dated as the file was: only reading it tells. */
    const damage = async (file: string) => {
      const { mtime } = await stat(file);
      const bytes = await readFile(file);
      bytes[bytes.findIndex((b) => b >= 0x61 && b <= 0x7a)] ^= 0x20;
      await writeFile(file, bytes);
      await utimes(file, mtime, mtime);
    };
    before(async () => {
      out = await copyOf(demo, path.join(tmp, 'stamped'));
      clean = await tree(out);
    });
    after(async () => { await rm(out, { recursive: true, force: true }); });

    it('reads back every file of a site copied elsewhere (every inode new, dates kept), so a file damaged there under its recorded size and date is made again', async () => {
      await damage(path.join(out, 'index.ttl'));
      const again = await rebuild();
      expect(again.reused).to.equal(demo.documents - 1); // all but the home page
      expect([...(await tree(out))]).to.deep.equal([...clean]);
    });

    it('takes a file whose inode, size and date are those recorded as it is, unread: the same file, its date kept (bytes changed under the same date are not seen, as make and git do not see them)', async () => {
      const page = path.join(out, 'index.html');
      const before = await stat(page);
      const again = await rebuild();
      expect(again).to.deep.include({ reused: demo.documents, changed: 0 });
      const now = await stat(page);
      expect([now.ino, now.mtimeMs]).to.deep.equal([before.ino, before.mtimeMs]);
      const original = await readFile(page);
      await damage(page);
      expect((await rebuild()).reused).to.equal(demo.documents);
      expect(await readFile(page)).to.not.deep.equal(original);
      // Put right in place, its date put back: the record holds again.
      await writeFile(page, original);
      await utimes(page, now.mtime, now.mtime);
      expect([...(await tree(out))]).to.deep.equal([...clean]);
    });

    it('makes a document again when a file of it was edited (its date changed), or edited to another size and its date put back', async () => {
      await writeFile(path.join(out, 'index.ttl'), '# minified away\n');
      const record = JSON.parse(await readFile(path.join(out, BUILD_RECORD), 'utf8')) as BuildRecord;
      const person = Object.keys(record.documents).find((p) => p.startsWith('/people/') && !p.endsWith('/'))!;
      const card = path.join(out, `${person.slice(1)}.html`);
      const { mtime } = await stat(card);
      await writeFile(card, `${await readFile(card, 'utf8')}<!-- edited -->`);
      await utimes(card, mtime, mtime);
      expect((await rebuild()).reused).to.equal(demo.documents - 2);
      expect([...(await tree(out))]).to.deep.equal([...clean]);
    });

    it('keeps the stamps beside the build, not in the site, and reads back every file when they are missing, unreadable or not of its record', async () => {
      const stamps = async () => `${await realpath(out)}.stamps`;
      const spoilers: Array<(file: string) => Promise<void>> = [
        (file) => rm(file),
        (file) => writeFile(file, '{"record":'),
        async (file) => writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), record: 'another build' })),
      ];
      await rebuild();
      expect((await stat(await stamps())).isFile()).to.equal(true);
      expect((await readdir(out)).filter((name) => name.endsWith('.stamps'))).to.deep.equal([]);
      for (const spoil of spoilers) {
        await damage(path.join(out, 'index.ttl'));
        await spoil(await stamps());
        expect((await rebuild()).reused).to.equal(demo.documents - 1);
        expect([...(await tree(out))]).to.deep.equal([...clean]);
      }
    });
  });

  for (const siteBase of [base, subBase]) {
    describe(`served from disk (lodfolio serve --site), built for ${siteBase}`, () => {
      let server: { url: string; close: () => Promise<void> };
      let live: { url: string; close: () => Promise<void> };
      let root: string;
      before(async () => {
        const out = (siteBase === base ? demo : demoUnder).dir;
        // Tiny limits: the cache evicts and the dumps are streamed, as on a large site.
        server = await listening(createApp(await openSite(out, { cacheBytes: 200_000, streamAbove: 20_000 })));
        live = await listening((await built({ dataDir: demoDir, base: siteBase })).app);
        root = new URL(siteBase).pathname;
      });
      after(async () => { await server.close(); await live.close(); });

      it('answers every document, in every format and at every suffix URL, with the bytes, type and tag lodfolio serve gives', async () => {
        const { site } = await built({ dataDir: demoDir, base: siteBase });
        const accepts = ['text/html', 'text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml', 'text/plain', 'application/json',
          'application/x-bibtex', 'text/x-bibliography; style=ieee', 'image/png', 'application/ld+json;q=0.9, text/turtle'];
        let compared = 0;
        for (const doc of [...site.documents.slice(0, 40), site.void]) {
          for (const accept of accepts) {
            const [fromDisk, fromProfile] = await Promise.all([get(server.url + doc.path, { accept }), get(live.url + doc.path, { accept })]);
            expect(fromDisk.status, `${doc.path} ${accept}`).to.equal(fromProfile.status);
            expect(fromDisk.headers['content-type']).to.equal(fromProfile.headers['content-type']);
            if (fromDisk.status !== 200) continue;
            expect(fromDisk.body.equals(fromProfile.body), `${doc.path} ${accept}`).to.equal(true);
            // (Files over the limit are streamed, tagged by size and date instead.)
            if (fromDisk.body.length <= 20_000) expect(fromDisk.headers.etag).to.equal(fromProfile.headers.etag);
            expect(fromDisk.headers['content-location']).to.equal(fromProfile.headers['content-location']);
            expect(fromDisk.headers.link).to.equal(fromProfile.headers.link);
            const suffix = await get(server.url + fromDisk.headers['content-location']!, { accept: 'text/html' });
            expect(suffix.status).to.equal(200);
            expect(suffix.body.equals(fromDisk.body)).to.equal(true);
            compared++;
          }
        }
        expect(compared).to.be.greaterThan(200);
      });

      it('sends the precompressed brotli and gzip files, and 304 for a tag it gave', async () => {
        const plain = await get(`${server.url}${root}`, { accept: 'text/turtle' });
        const br = await get(`${server.url}${root}`, { accept: 'text/turtle', 'accept-encoding': 'br' });
        expect(br.headers['content-encoding']).to.equal('br');
        const { brotliDecompressSync } = await import('node:zlib');
        expect(brotliDecompressSync(br.body).equals(plain.body)).to.equal(true);
        const again = await get(`${server.url}${root}`, { accept: 'text/turtle', 'if-none-match': plain.headers.etag! });
        expect(again.status).to.equal(304);
      });

      it('compresses a work\'s Turtle, which the build wrote no copies of, as lodfolio serve does: the same bodies and tags', async () => {
        const dir = (siteBase === base ? demo : demoUnder).dir;
        const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as SiteManifest;
        const works = Object.keys(manifest.documents).filter((p) => manifest.documents[p].includes('bib'));
        // (One of 1 KiB or more: a smaller body is sent as it is.)
        const sizes = await Promise.all(works.map(async (p) => (await stat(path.join(dir, `${p.slice(root.length)}.ttl`))).size));
        const work = works[sizes.findIndex((size) => size >= 1024)];
        for (const encoding of ['gzip', 'br']) {
          const [fromDisk, fromLive] = await Promise.all([server, live].map((s) => get(`${s.url}${work}`, { accept: 'text/turtle', 'accept-encoding': encoding })));
          expect(fromDisk.headers['content-encoding']).to.equal(encoding);
          expect(fromDisk.headers.vary).to.equal('Accept, Accept-Encoding');
          expect(fromDisk.headers.etag).to.equal(fromLive.headers.etag);
          expect(fromDisk.body.equals(fromLive.body)).to.equal(true);
        }
      });

      it('streams a dump larger than it holds, whole, with a stable tag', async () => {
        const [a, b, expected] = await Promise.all([
          get(`${server.url}${root}dataset.nt`), get(`${server.url}${root}dataset.nt`), get(`${live.url}${root}dataset.nt`),
        ]);
        expect(a.status).to.equal(200);
        expect(a.body.equals(expected.body)).to.equal(true);
        expect(Number(a.headers['content-length'])).to.equal(expected.body.length);
        expect(a.headers.etag).to.equal(b.headers.etag);
      });

      it('sends a dump as its .gz to a client that takes br as well (the build writes no .br of a dump), and the .gz decodes to the dump', async () => {
        const { gunzipSync } = await import('node:zlib');
        for (const suffix of ['ttl', 'nt', 'jsonld', 'rdf']) {
          const [plain, zipped] = await Promise.all([get(`${server.url}${root}dataset.${suffix}`), get(`${server.url}${root}dataset.${suffix}`, { 'accept-encoding': 'gzip, deflate, br' })]);
          expect(zipped.headers['content-encoding'], suffix).to.equal('gzip');
          expect(gunzipSync(zipped.body).equals(plain.body), suffix).to.equal(true);
        }
      });

      it('answers 404 for paths the site does not have, including ones that climb out of it', async () => {
        for (const p of [`${root}nothing`, `${root}..%2f..%2fetc%2fpasswd`, `${root}${MANIFEST}`, `${root}people/../../etc/passwd`, `${root}index`]) {
          expect((await get(server.url + p)).status, p).to.equal(404);
        }
      });
    });
  }

  it('serves a built site with SPARQL over its own dump at {base}sparql, stated in its VoID, the documents answering before the endpoint has loaded', async () => {
    const { dir: out, ...summary } = demoUnder;
    const serving = await serveSite({ port: 0, host: '127.0.0.1' }, out, { write: () => {}, sparql: { workers: 1 } });
    try {
      const origin = `http://127.0.0.1:${serving.listening.port}`;
      const first = await get(`${origin}/~ada/`, { accept: 'text/turtle' });
      expect(first.status).to.equal(200);
      // The built description names no endpoint (a static host has none); served with one, it states it, in every format.
      const stated = `<${subBase}.well-known/void#dataset> <http://rdfs.org/ns/void#sparqlEndpoint> <${subBase}sparql> .`;
      expect(await readFile(path.join(out, '.well-known', 'void.nt'), 'utf8')).to.not.include('sparqlEndpoint');
      expect((await get(`${origin}/~ada/.well-known/void`, { accept: 'application/n-triples' })).body.toString()).to.include(stated);
      const turtle = (await get(`${origin}/~ada/.well-known/void.ttl`)).body.toString();
      expect(turtle).to.match(/void:sparqlEndpoint <(http:\/\/localhost:3000\/~ada\/)?sparql>/);
      expect((await get(`${origin}/~ada/.well-known/void`, { accept: 'text/html' })).body.toString()).to.include(`${subBase}sparql`);
      await serving.sparqlReady;
      const query = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
      const answer = await get(`${origin}/~ada/sparql?query=${query}`, { accept: 'application/sparql-results+json' });
      expect(answer.status).to.equal(200);
      const count = Number((JSON.parse(answer.body.toString()) as { results: { bindings: Array<{ n: { value: string } }> } }).results.bindings[0].n.value);
      expect(count).to.equal(summary.triples);
    } finally {
      await serving.stop();
    }
  });
});
