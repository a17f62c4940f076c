import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildStatic, type StaticBuild } from '../../src/build.js';
import { MANIFEST, type SiteManifest } from '../../src/publish/export.js';
import { serveSite, type SiteServing } from '../../src/server.js';
import { testLastModified } from '../http/support.js';
import { profilesDir } from '../support/fixtures.js';
import { sharedBuilder } from '../support/profile.js';

/** `lodfolio build --formats turtle,html --no-precompress`: a site of fewer files, and nothing offered that is not there. */
describe('A build in some formats, without compressed copies', function () {
  this.timeout(120_000);
  let tmp: string;
  let out: string;
  let summary: StaticBuild;
  let files: string[];
  let serving: SiteServing;
  let origin: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-formats-'));
    out = path.join(tmp, 'site');
    summary = await buildStatic({
      dataDir: path.join(profilesDir, 'memberships'), base: 'http://localhost:3000/', out, lastModified: testLastModified,
      builder: await sharedBuilder(), formats: ['turtle', 'html'], precompress: false,
    });
    files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(out, path.join(e.parentPath, e.name)));
    serving = await serveSite({ port: 0, host: '127.0.0.1' }, out, { write: () => {}, sparql: false });
    origin = `http://127.0.0.1:${serving.listening.port}`;
  });
  after(async () => {
    await serving?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes its documents in Turtle and HTML only (HTML always), with no .gz or .br copy and no other dump', async () => {
    expect(summary.documents).to.be.greaterThan(3);
    expect(files.filter((f) => /\.(gz|br|nt|rdf)$/.test(f) || (f.endsWith('.jsonld') && f !== 'context.jsonld'))).to.deep.equal([]);
    expect(files).to.include.members(['index.html', 'index.ttl', 'dataset.ttl', 'people/grace-example.ttl', 'people/grace-example.html']);
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST), 'utf8')) as SiteManifest;
    expect(new Set(Object.values(manifest.documents).flat())).to.deep.equal(new Set(['html', 'ttl']));
    expect(Object.keys(manifest.files).filter((f) => f.endsWith('.gz'))).to.deep.equal([]);
  });

  it('names only those in Apache\'s type maps, the 406 page and VoID\'s dumps', async () => {
    const typeMap = await readFile(path.join(out, 'index.var'), 'utf8');
    expect([...typeMap.matchAll(/^Content-Type: ([^;\n]+)/gm)].map((m) => m[1])).to.have.members(['text/html', 'text/turtle', 'application/xhtml+xml']);
    expect(await readFile(path.join(out, '406.html'), 'utf8')).to.include('with its suffix added: .html, .ttl.');
    const voidTurtle = await readFile(path.join(out, '.well-known', 'void.ttl'), 'utf8');
    expect(new Set([...voidTurtle.matchAll(/dataset\.([a-z]+)>/g)].map((m) => m[1]))).to.deep.equal(new Set(['ttl']));
  });

  it('is served by serve --site in those formats only: 406 for JSON-LD, listing what there is', async () => {
    expect(await get(`${origin}/`, 'text/turtle')).to.include({ status: 200, type: 'text/turtle; charset=utf-8' });
    expect(await get(`${origin}/`, 'text/html')).to.include({ status: 200, type: 'text/html; charset=utf-8' });
    const refused = await get(`${origin}/`, 'application/ld+json');
    expect(refused.status).to.equal(406);
    expect(refused.body).to.include('/index.ttl').and.to.include('/index.html').and.not.include('.jsonld');
    expect((await get(`${origin}/index.jsonld`, '*/*')).status).to.equal(404);
  });
});

function get(url: string, accept: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}
