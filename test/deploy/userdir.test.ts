import { fork } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import LinkHeader from 'http-link-header';
import { parse, stringify } from 'yaml';
import { buildStatic, ResidentBuild, type StaticBuildOptions } from '../../src/build.js';
import { escapeRegex } from '../../src/deploy/plan.js';
import { aliases } from '../../src/deploy/variants.js';
import { parseAccept, preferenceFor } from '../../src/http/negotiate.js';
import type { SiteManifest } from '../../src/publish/export.js';
import { linkHeader } from '../../src/render/linkset.js';
import { variantUrl } from '../../src/site/layout.js';
import { testLastModified } from '../http/support.js';
import { commandExecArgv, commandModule } from '../support/command.js';
import { demoDir } from '../support/fixtures.js';
import { entity } from '../support/negotiation-table.js';
import { generateProfile, writeGeneratedProfile } from '../support/generate.js';
import { dates, httpDate, profileWithHistory, work } from '../support/history.js';
import { sharedBuilder } from '../support/profile.js';
import { builtSite, freePort, otherUser, type BuiltSite, requireServer, startServer, type RunningServer } from './servers.js';
import { describeStaticServer, get, randomDifferences } from './suite.js';

// Debian's stock Apache with mod_headers and mod_userdir: the built demo site as ~prof's public_html,
// with only the files build wrote there (its .htaccess and type maps), beside another user's folder.
describeStaticServer('apache-userdir', '/~prof/');

/** In a describe: ~prof's demo site on Debian's stock Apache, its configuration as `edit` makes it (modules left out, Options changed). */
function onStockApache(edit: (config: string) => string): { site: BuiltSite; manifest: SiteManifest; server: RunningServer } {
  const on = {} as { site: BuiltSite; manifest: SiteManifest; server: RunningServer };
  before(async function () {
    requireServer(this, 'apache-userdir');
    on.site = await builtSite(demoDir, '/~prof/');
    on.manifest = JSON.parse(await readFile(path.join(on.site.root, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
    on.server = await startServer('apache-userdir', on.site, { port: await freePort(), edit });
  });
  after(async () => { await on.server?.stop(); });
  return on;
}

/**
 * Paths below a document (a typo's trailing slash, a scanner's `/.git/config`), which Apache resolves to the
 * document's file with the rest as PATH_INFO: each a 404, never a redirect (a redirect to the path with `.html`
 * added 404s the same way, and again: a loop).
 */
async function belowDocuments(server: RunningServer, paths: readonly string[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [p, (await get(`${server.url}/~prof${p}`)).status] as const)));
}

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

  it('needs nothing of the server\'s configuration but what Debian has and a2enmod headers userdir: no mod_rewrite, no Header, no mention of the site; the .htaccess files no mod_rewrite or mod_lua either', async () => {
    for (const [folder, text] of await htaccessByFolder(site.root)) expect(text, `${folder}.htaccess`).to.not.match(/^\s*(?:Rewrite|Lua)/m);
    const directives = server.config.split('\n').filter((l) => !/^\s*(#|$)/.test(l)).join('\n');
    expect(directives).to.not.match(/rewrite|^\s*Header\b|\bprof\b|\.var\b/im);
    expect(directives).to.match(/headers\.load/).and.match(/userdir\.load/);
    expect((await get(`${server.url}/~prof/people/thomas-davidson`, { accept: 'text/turtle' })).headers['content-type']).to.equal('text/turtle; charset=utf-8');
  });

  it('answers every document of the manifest in each of its formats at its URL, each of its files by name and every other file with 200 and its type (.well-known/webfinger\'s by its path)', async () => {
    const manifest = JSON.parse(await readFile(path.join(site.root, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
    const { statuses, wrong } = await crawl(server, manifest, true);
    expect(wrong).to.deep.equal([]);
    expect(Object.keys(statuses)).to.deep.equal(['200']);
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

/** The config of servers.ts's Debian Apache, but for `modules` (their LoadModule and .conf lines left out), as on a server without them. */
const withoutModules = (...modules: string[]) => (config: string) => {
  const lines = config.split('\n');
  const kept = lines.filter((l) => !modules.some((m) => new RegExp(`^Include \\S*/mods-available/${m}\\.(?:load|conf)$`).test(l)));
  if (kept.length === lines.length) throw new Error(`the config loads none of ${modules.join(', ')}`);
  return kept.join('\n');
};

/**
 * Every URL of the site's manifest as a client asks for it: each document
 * at its own URL with each of its formats' types as Accept, each of its
 * files by name, and every other file of the site; what is wrong with each
 * answer (status and Content-Type), and how many answers had each status.
 * Without `negotiates`, a document's URL is expected to be sent (302) to
 * its first format's file at the site's base, and a folder's to answer
 * with that file (`folders`: 'index', without mod_negotiation) or with
 * whatever the type map chooses (`'type map'`: no MultiViews, but the
 * type map of DirectoryIndex).
 */
async function crawl(server: RunningServer, manifest: SiteManifest, negotiates: boolean, folders: 'index' | 'type map' = 'index'): Promise<{ statuses: Record<number, number>; wrong: string[] }> {
  const baseType = (t: string) => t.split(';')[0].trim().toLowerCase();
  const asks: Array<{ url: string; accept?: string; check: (a: Awaited<ReturnType<typeof get>>) => string | undefined }> = [];
  const typed = (status: number, type: string, exact: boolean) => (a: Awaited<ReturnType<typeof get>>) => {
    const got = String(a.headers['content-type']);
    return a.status === status && (exact ? got === type : baseType(got) === baseType(type)) ? undefined : `${a.status} ${got}, not ${status} ${type}`;
  };
  for (const [doc, suffixes] of Object.entries(manifest.documents)) {
    const first = variantUrl(doc, suffixes[0]);
    for (const s of suffixes) {
      const { mediaType, contentType } = manifest.types[s];
      asks.push({
        url: doc, accept: mediaType,
        check: negotiates || (doc.endsWith('/') && folders === 'type map') ? typed(200, mediaType, false)
          : doc.endsWith('/') ? typed(200, manifest.types[suffixes[0]].contentType, true)
            : (a) => (a.status === 302 && a.headers.location === `${new URL(manifest.base).origin}${first}` ? undefined : `${a.status} ${a.headers.location}, not 302 to ${first}`),
      });
      asks.push({ url: variantUrl(doc, s), check: typed(200, contentType, true) });
    }
  }
  // Not the origin's robots.txt, which is no file of a ~user site.
  for (const [file, type] of Object.entries(manifest.files)) if (file.startsWith(new URL(manifest.base).pathname)) asks.push({ url: file, check: typed(200, type, true) });
  const statuses: Record<number, number> = {};
  const wrong: string[] = [];
  for (let i = 0; i < asks.length; i += 20) {
    await Promise.all(asks.slice(i, i + 20).map(async ({ url, accept, check }) => {
      const answer = await get(`${server.url}${url}`, accept ? { accept } : {});
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const problem = check(answer);
      if (problem) wrong.push(`${url}${accept ? ` as ${accept}` : ''}: ${problem}`);
    }));
  }
  return { statuses, wrong };
}

describe('Debian\'s stock Apache without mod_headers serving ~prof\'s site (a university server whose administrator the scholar cannot ask)', function () {
  this.timeout(300_000);
  const on = onStockApache(withoutModules('headers'));

  it('answers every document of the manifest in each of its formats at its URL, each of its files by name and every other file with 200 and its type: no 500 anywhere', async () => {
    expect(on.server.config).to.not.match(/headers\.load/);
    expect(on.server.config).to.match(/negotiation\.load/);
    const { statuses, wrong } = await crawl(on.server, on.manifest, true);
    expect(wrong).to.deep.equal([]);
    expect(Object.keys(statuses)).to.deep.equal(['200']);
    expect(statuses[200]).to.be.greaterThan(1000);
    const missing = await get(`${on.server.url}/~prof/nothing/here`);
    expect([missing.status, missing.body.toString()]).to.deep.equal([404, await readFile(path.join(on.site.root, '404.html'), 'utf8')]);
    expect((await get(`${on.server.url}/~prof/.lodfolio-site.json`)).status).to.equal(404);
    expect(await belowDocuments(on.server, [`${entity}/.x`, '/index/.git/config'])).to.deep.equal({ [`${entity}/.x`]: 404, '/index/.git/config': 404 });
    expect((await get(`${on.server.url}/~prof/`, { origin: 'https://app.example' }, 'OPTIONS')).status).to.equal(200);
  });

  it('still negotiates with mod_negotiation\'s own Vary, so that no cache gives one format for another, and leaves out what needs mod_headers: no CORS, Link, Cache-Control, nosniff or Memento headers, Content-Location the file\'s name, an alias sent under its format\'s type, a 406 as mod_negotiation\'s HTML list of the files, no ETag (Last-Modified gets the 304)', async () => {
    const turtle = await get(`${on.server.url}/~prof${entity}`, { accept: 'text/turtle', 'accept-encoding': 'gzip', origin: 'https://app.example' });
    expect(turtle.status).to.equal(200);
    expect(turtle.headers['content-type']).to.equal('text/turtle; charset=utf-8');
    expect(turtle.headers['content-encoding']).to.equal('gzip');
    expect(String(turtle.headers.vary).split(/\s*,\s*/)).to.include.members(['accept', 'accept-encoding']);
    expect(turtle.headers['content-location']).to.equal(`${entity.slice(entity.lastIndexOf('/') + 1)}.ttl`);
    for (const h of ['access-control-allow-origin', 'link', 'cache-control', 'x-content-type-options', 'etag']) expect(turtle.headers[h], h).to.equal(undefined);
    const again = await get(`${on.server.url}/~prof${entity}`, { accept: 'text/turtle', 'if-modified-since': String(turtle.headers['last-modified']) });
    expect(again.status).to.equal(304);
    expect((await get(`${on.server.url}/~prof${entity}`, { accept: 'application/json' })).headers['content-type']).to.equal('application/ld+json');
    const refused = await get(`${on.server.url}/~prof${entity}`, { accept: 'image/png' });
    expect(refused.status).to.equal(406);
    expect(refused.headers['content-type']).to.match(/^text\/html/);
    expect(refused.body.toString()).to.include(`href="${entity.slice(entity.lastIndexOf('/') + 1)}.ttl"`);
  });
});

describe('Debian\'s stock Apache without mod_negotiation or mod_headers serving ~prof\'s site', function () {
  this.timeout(300_000);
  const on = onStockApache(withoutModules('negotiation', 'headers'));

  it('cannot negotiate: sends each document\'s URL to its first format\'s file (302), answers a folder\'s with that file, and every file by name with 200 and its type: no 500 anywhere, and a 404 below a document, never a redirect', async () => {
    expect(on.server.config).to.not.match(/negotiation\.load|headers\.load/);
    const { statuses, wrong } = await crawl(on.server, on.manifest, false);
    expect(wrong).to.deep.equal([]);
    expect(Object.keys(statuses).sort()).to.deep.equal(['200', '302']);
    expect((await get(`${on.server.url}/~prof/nothing/here`)).status).to.equal(404);
    const below = [`${entity}/`, `${entity}/foo`, `${entity}/.x`];
    expect(await belowDocuments(on.server, below)).to.deep.equal(Object.fromEntries(below.map((p) => [p, 404])));
  });
});

describe('Debian\'s Apache with none of the modules a .htaccess may use but mod_mime and mod_dir (no mod_negotiation, mod_headers, mod_alias, mod_setenvif, mod_filter, mod_deflate)', function () {
  this.timeout(300_000);
  const on = onStockApache(withoutModules('negotiation', 'headers', 'alias', 'setenvif', 'filter', 'deflate'));

  it('still answers every file by name with 200 and its type and sends each document\'s URL to its first format\'s file (302), but cannot hide the dot-files (the manifest is served): no 500 anywhere', async () => {
    const { statuses, wrong } = await crawl(on.server, on.manifest, false);
    expect(wrong).to.deep.equal([]);
    expect(Object.keys(statuses).sort()).to.deep.equal(['200', '302']);
    expect((await get(`${on.server.url}/~prof/.lodfolio-site.json`)).status).to.equal(200);
    expect((await get(`${on.server.url}/~prof/.htaccess`)).status).to.equal(403);
  });
});

describe('Debian\'s stock Apache serving ~prof\'s site from a folder without MultiViews in its Options (which no .htaccess may change)', function () {
  this.timeout(300_000);
  const options = /^(\s*Options) MultiViews (Indexes SymLinksIfOwnerMatch IncludesNoExec)$/m;
  const on = onStockApache((config) => {
    if (!options.test(config)) throw new Error('Debian\'s userdir.conf has no Options MultiViews line: the test must follow its change');
    return config.replace(options, '$1 $2');
  });

  it('sends each document\'s URL to its first format\'s file (302), negotiates a folder\'s by its type map, and answers every file by name with 200 and its type: no 500 anywhere, and a 404 below a document, never a redirect', async () => {
    const { statuses, wrong } = await crawl(on.server, on.manifest, false, 'type map');
    expect(wrong).to.deep.equal([]);
    expect(Object.keys(statuses).sort()).to.deep.equal(['200', '302']);
    expect((await get(`${on.server.url}/~prof/nothing/here`)).status).to.equal(404);
    const below = [`${entity}/`, `${entity}/foo`, `${entity}/.x`, '/index/.git/config'];
    expect(await belowDocuments(on.server, below)).to.deep.equal(Object.fromEntries(below.map((p) => [p, 404])));
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

/** Every `.htaccess` of a built site, by its folder (`''`, the site's own; `people/`), with its text. */
async function htaccessByFolder(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.name !== '.htaccess' || !entry.isFile()) continue;
    const folder = path.relative(root, entry.parentPath);
    found.set(folder === '' ? '' : `${folder.split(path.sep).join('/')}/`, await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return found;
}

/** The folder a document's files are in: `people/` for /~prof/people/x and /~prof/people/, `''` for the homepage. */
const folderOf = (documentPath: string, basePath: string) => {
  const below = documentPath.slice(basePath.length);
  return below.slice(0, below.lastIndexOf('/') + 1);
};

/** The conditions of a .htaccess that name `stem` (a document's URL path, or its folder's index): in a kind's list, or its typed links'. */
function conditionsNaming(text: string, stem: string): string[] {
  const pattern = escapeRegex(stem);
  return text.split('\n').filter((line) => /^<(?:If|ElseIf) "%\{REQUEST_URI\} =~ m#/.test(line)
    && (line.includes(`${pattern}|`) || line.includes(`${pattern})`) || line.includes(`^${pattern}\\.(?:`)));
}

describe('Debian\'s stock Apache serving ~prof\'s site from a .htaccess in each folder of documents', function () {
  this.timeout(300_000);
  let server: RunningServer;
  let site: BuiltSite;
  let dataDir: string;
  let manifest: SiteManifest;
  before(async function () {
    requireServer(this, 'apache-userdir');
    // People enough for their listing to have pages of its own, a folder below people/.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-folders-'));
    await writeGeneratedProfile(dataDir, { papers: 6, people: 150, seed: 5 });
    site = await builtSite(dataDir, '/~prof/');
    manifest = JSON.parse(await readFile(path.join(site.root, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
    server = await startServer('apache-userdir', site);
  });
  after(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('writes a .htaccess in each folder that has documents, naming those documents and no other, and the site\'s directives in the site\'s folder\'s alone', async () => {
    const files = await htaccessByFolder(site.root);
    const documents = Object.keys(manifest.documents);
    const folders = new Set(documents.map((d) => folderOf(d, '/~prof/')));
    expect([...folders]).to.include.members(['', 'people/', 'people/page/', 'publications/', '.well-known/']);
    expect([...files.keys()].sort()).to.deep.equal([...folders].sort());
    for (const d of documents) {
      const stem = d.endsWith('/') ? `${d}index` : d;
      for (const [folder, text] of files) {
        // A kind's list, and its typed links' own condition when it has links.
        const expected = folder === folderOf(d, '/~prof/') ? (manifest.links?.[d]?.length ? 2 : 1) : 0;
        expect(conditionsNaming(text, stem), `${d} in ${folder}.htaccess`).to.have.length(expected);
      }
    }
    const siteWide = ['DirectoryIndex', 'AddType', 'AddEncoding', 'ErrorDocument 404', 'RedirectMatch 404', 'SetEnvIf', 'Header always set Access-Control-Allow-Origin'];
    for (const [folder, text] of files) {
      for (const directive of siteWide) expect(text.split('\n').some((l) => l.startsWith(directive)), `${directive} in ${folder}.htaccess`).to.equal(folder === '');
      expect(Math.max(...text.split('\n').map((l) => Buffer.byteLength(l))), `${folder}.htaccess`).to.be.below(8192);
    }
  });

  it('sends each document\'s typed links, then the links to its other formats, at every URL of it: extensionless, each suffix, a folder\'s index', async () => {
    const urls = Object.entries(manifest.documents).flatMap(([d, suffixes]) => [d, ...suffixes.map((s) => variantUrl(d, s))].map((u) => [d, u]));
    expect(urls.map(([, u]) => u)).to.include.members(['/~prof/', '/~prof/index.html', '/~prof/people/', '/~prof/people/index.ttl', '/~prof/people/page/2', '/~prof/.well-known/void.ttl']);
    const wrong: string[] = [];
    for (let i = 0; i < urls.length; i += 20) {
      await Promise.all(urls.slice(i, i + 20).map(async ([d, u]) => {
        const answer = await get(`${server.url}${u}`, {}, 'HEAD');
        const link = String(answer.headers.link);
        const typed = manifest.links?.[d]?.length ? `${linkHeader(manifest.links[d])}, ` : '';
        if (answer.status !== 200 || !link.startsWith(typed) || !/rel=alternate/.test(link.slice(typed.length))) wrong.push(`${u}: ${answer.status} ${link}`);
      }));
    }
    expect(wrong).to.deep.equal([]);
    expect(urls.filter(([d]) => manifest.links?.[d]?.length).length).to.be.greaterThan(urls.length / 2);
  });

  it('serves none of the .htaccess files, in whatever folder', async () => {
    for (const folder of (await htaccessByFolder(site.root)).keys()) {
      // Debian's apache2.conf denies .ht* files (403) before the site's own rule for dot-files (404).
      const answer = await get(`${server.url}/~prof/${folder}.htaccess`);
      expect(answer.status, folder).to.be.oneOf([403, 404]);
      expect(answer.body.toString(), folder).to.not.include('lodfolio build');
    }
  });
});

describe('Debian\'s stock Apache serving the mementos of ~prof\'s site', function () {
  this.timeout(300_000);
  let server: RunningServer;
  let tmp: string;
  let site: BuiltSite;
  before(async function () {
    requireServer(this, 'apache-userdir');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-userdir-mementos-'));
    await chmod(tmp, 0o755);
    await profileWithHistory(path.join(tmp, 'profile'));
    const port = await freePort();
    site = { root: path.join(tmp, 'site'), base: `http://127.0.0.1:${port}/~prof/`, port };
    await buildStatic({ dataDir: path.join(tmp, 'profile'), base: site.base, out: site.root, lastModified: testLastModified, builder: await sharedBuilder(), threads: 0, formats: ['html', 'turtle'] });
    server = await startServer('apache-userdir', site);
  });
  after(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('sends a document its TimeMap\'s link from its folder\'s .htaccess, and a memento, in its version\'s folders, its datetime and links from the site\'s', async () => {
    const timemap = `${site.base}.timemap${work}.link`;
    for (const u of [work, `${work}.ttl`]) {
      const original = await get(`${server.url}/~prof${u}`, { accept: 'text/turtle' });
      expect(original.status, u).to.equal(200);
      expect(LinkHeader.parse(String(original.headers.link)).rel('timemap').map((l) => l.uri), u).to.deep.equal([timemap]);
    }
    const stamp = dates[1].replace(/[-:TZ]/g, '');
    const memento = await get(`${server.url}/~prof/.memento/${stamp}${work}`, { accept: 'text/turtle' });
    expect(memento.status).to.equal(200);
    expect(memento.headers['memento-datetime']).to.equal(httpDate(dates[1]));
    const links = LinkHeader.parse(String(memento.headers.link));
    expect(links.rel('original').map((l) => l.uri)).to.deep.equal([`${site.base}${work.slice(1)}`]);
    expect(links.rel('timemap').map((l) => l.uri)).to.deep.equal([timemap]);
    expect((await get(timemap.replace(site.base, `${server.url}/~prof/`))).headers['content-type']).to.equal('application/link-format');
    // No .htaccess but the documents' folders' (a memento's headers are the site's, by its URL).
    expect([...(await htaccessByFolder(site.root)).keys()].filter((f) => f.startsWith('.memento/') || f.startsWith('.timemap/'))).to.deep.equal([]);
  });
});

/**
 * A site built again over the previous one, by the command and under
 * `build --watch` (which keeps the last .htaccess's typed links,
 * `UserDirMemory`): a folder's .htaccess is written again only when what
 * it says changed (an unchanged one is the previous build's very file, its
 * inode and date kept), one whose folder has no document left goes, and a
 * build stopped before it published leaves every .htaccess of the site as
 * it was.
 */
describe('A ~user site built again over the last one, each folder\'s .htaccess', function () {
  this.timeout(300_000);
  const base = 'https://www.uni.example/~prof/';
  let tmp: string;
  let profile: string;
  let original: Map<string, string>;

  /** Each .htaccess of the site, by folder: its inode and text. */
  const snapshot = async (root: string) => {
    const files = await htaccessByFolder(root);
    return new Map(await Promise.all([...files].map(async ([folder, text]) => [folder, { ino: (await stat(path.join(root, folder, '.htaccess'))).ino, text }] as const)));
  };
  const edit = async (file: string, change: (data: Record<string, Array<Record<string, unknown>>>) => void) => {
    const full = path.join(profile, file);
    const data = parse(await readFile(full, 'utf8')) as Record<string, Array<Record<string, unknown>>>;
    change(data);
    await writeFile(full, stringify(data, { lineWidth: 0 }));
  };
  const options = (out: string): StaticBuildOptions => ({ dataDir: profile, base, out, formats: ['html', 'turtle'], precompress: false, mementos: false, threads: 0, lastModified: testLastModified });

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-userdir-rebuild-'));
    profile = path.join(tmp, 'profile');
    await writeGeneratedProfile(profile, { papers: 6, people: 20, seed: 7 });
    // The user's own hidden file among the profile's files (an .htaccess of an old homepage): never published.
    await mkdir(path.join(profile, 'files'));
    await writeFile(path.join(profile, 'files', '.htaccess'), 'Require all denied\n');
    await writeFile(path.join(profile, 'files', 'cv.txt'), 'A CV.\n');
    original = new Map(await Promise.all(['works.yaml', 'news.yaml'].map(async (f) => [f, await readFile(path.join(profile, f), 'utf8')] as const)));
  });
  afterEach(async () => {
    for (const [f, text] of original) await writeFile(path.join(profile, f), text);
  });
  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  for (const how of ['the command', 'build --watch'] as const) {
    it(`writes again, by ${how}, only the .htaccess of the folder whose documents' links changed, and removes the one of a folder left without documents`, async () => {
      const out = path.join(tmp, how === 'the command' ? 'site' : 'watched');
      const resident = how === 'build --watch' ? new ResidentBuild(options(out)) : undefined;
      const build = async () => (resident ? resident.build() : buildStatic({ ...options(out), builder: await sharedBuilder() }));
      try {
        await build();
        const first = await snapshot(out);
        expect([...first.keys()]).to.include.members(['', 'publications/', 'news/', 'people/']);
        expect(first.has('files/'), 'the user\'s own files/.htaccess').to.equal(false);
        expect(await readFile(path.join(out, 'files', 'cv.txt'), 'utf8')).to.equal('A CV.\n');

        // A work given a DOI: its typed links (its cite-as) change, in publications/.htaccess alone.
        await edit('works.yaml', (d) => { d.publications[1].doi = '10.5555/folders.2024'; });
        await build();
        const second = await snapshot(out);
        expect([...second.keys()].sort()).to.deep.equal([...first.keys()].sort());
        for (const [folder, { ino, text }] of second) {
          const changed = folder === 'publications/';
          expect(text === first.get(folder)!.text, `${folder}.htaccess`).to.equal(!changed);
          expect(ino === first.get(folder)!.ino, `${folder}.htaccess written again`).to.equal(!changed);
        }
        expect(second.get('publications/')!.text).to.include('10.5555/folders.2024');

        // No news any more: news/ and its .htaccess go; the others stay the very files they were.
        await edit('news.yaml', (d) => { d.news = []; });
        await build();
        const third = await snapshot(out);
        expect(third.has('news/')).to.equal(false);
        expect(await stat(path.join(out, 'news')).catch(() => undefined)).to.equal(undefined);
        for (const [folder, { ino }] of third) if (folder !== '') expect(ino, `${folder}.htaccess written again`).to.equal(second.get(folder)!.ino);
      } finally {
        await resident?.close();
      }
    });
  }

  it('leaves every .htaccess of the site as it was when a build that changes them is killed before it publishes', async () => {
    const out = path.join(tmp, 'site');
    await buildStatic({ ...options(out), builder: await sharedBuilder() });
    const before = await snapshot(out);
    await edit('works.yaml', (d) => { d.publications[2].doi = '10.5555/killed.2024'; });
    await edit('news.yaml', (d) => { d.news = []; });
    const child = fork(commandModule, ['build', profile, '--out', out, '--base', base, '--formats', 'html,turtle', '--no-precompress'], {
      execArgv: commandExecArgv, env: { ...process.env, LODFOLIO_PAUSE_BUILD: 'written' }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk; });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.on('message', (message: { paused?: string }) => { if (message.paused === 'written') resolve(); });
      void exited.then(() => reject(new Error(`the build exited before it was written:\n${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).to.equal('SIGKILL');
    const after = await snapshot(out);
    expect([...after.keys()].sort()).to.deep.equal([...before.keys()].sort());
    for (const [folder, { ino, text }] of after) expect([ino, text], `${folder}.htaccess`).to.deep.equal([before.get(folder)!.ino, before.get(folder)!.text]);
    expect(await readFile(path.join(out, 'news', '.htaccess'), 'utf8')).to.equal(before.get('news/')!.text);
  });
});
