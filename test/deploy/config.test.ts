import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { apacheConfig } from '../../src/deploy/apache.js';
import { caddyConfig } from '../../src/deploy/caddy.js';
import { userDirFiles } from '../../src/deploy/htaccess.js';
import { clientAcceptHeaders } from '../../src/deploy/clients.js';
import { serverConfig } from '../../src/deploy/command.js';
import { nginxConfig } from '../../src/deploy/nginx.js';
import { negotiationPlan } from '../../src/deploy/plan.js';
import { aliases } from '../../src/deploy/variants.js';
import { documentFormats, formats, withStyle } from '../../src/formats.js';
import { negotiate } from '../../src/http/negotiate.js';
import type { SiteManifest } from '../../src/publish/export.js';
import { runLodfolio } from '../support/command.js';
import { clientCases, negotiationTable } from '../support/negotiation-table.js';
import { requireServer } from './servers.js';
import { looked } from './table.js';

/** A manifest of the shape `lodfolio build` writes: a person, a work, the dataset. */
const types: SiteManifest['types'] = Object.fromEntries([...documentFormats.map((n) => formats[n]), formats.bibtex, withStyle(formats.reference, 'apa')]
  .map((f) => [f.suffix, { mediaType: f.mediaType, contentType: f.contentType }]));
const rdf = ['html', 'ttl', 'jsonld', 'nt', 'rdf'];
const manifest: SiteManifest = {
  'lodfolio-site': 1, base: 'https://scholar.example/~ada/', lastModified: 'Mon, 06 May 2024 07:08:09 GMT', types,
  documents: { '/~ada/': rdf, '/~ada/people/x': rdf, '/~ada/works/y': [...rdf, 'bib', 'apa.txt'], '/~ada/dataset': ['ttl', 'jsonld', 'nt', 'rdf'] },
  files: { '/~ada/style.css': 'text/css; charset=utf-8', '/robots.txt': 'text/plain; charset=utf-8', '/~ada/dataset.ttl.gz': 'application/gzip' },
  cacheControl: { '/~ada/style.css': 'public, max-age=3600' },
};

/** What `lodfolio serve` chooses: negotiate() over the document's types and their aliases. */
function served(suffixes: readonly string[], accept: string | undefined): string | undefined {
  const own = suffixes.map((s) => types[s].mediaType);
  return negotiate(accept, [...own, ...aliases.filter((a) => own.includes(a.of)).map((a) => a.mediaType)]);
}


describe('server configs: negotiation as a lookup table', () => {
  const plan = negotiationPlan(manifest);
  const sets = Object.values(manifest.documents);

  it('answers every real client\'s Accept header exactly as negotiate() does, for every kind of document', () => {
    const headers = [undefined, ...clientAcceptHeaders, ...clientCases.map((c) => c.accept ?? undefined)];
    for (const accept of headers) {
      for (const set of sets) expect(looked(plan, set, accept), `${accept} for ${set.join(' ')}`).to.equal(served(set, accept));
    }
  });

  it('falls back correctly for the headers of the serve tests and for common variations', () => {
    const headers = [...negotiationTable.map((c) => c.accept), 'text/turtle;q=0.9, */*;q=0.1', 'TEXT/TURTLE',
      'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"', 'text/n3, text/turtle', 'image/webp, */*',
      'text/*', 'application/x-bibtex, */*;q=0.1', 'text/x-bibliography;style="apa"', 'text/turtle;q=0, text/html', 'image/png, text/csv'];
    for (const accept of headers) {
      for (const set of sets) expect(looked(plan, set, accept), `${accept} for ${set.join(' ')}`).to.equal(served(set, accept));
    }
  });

  it('cannot weigh q-values when the preferred type is not listed first, nor find a second choice but by */*, nor exclude by q=0 what */* covers: the documented limits of the fallback', () => {
    expect(served(rdf, 'text/turtle;q=0.5, application/ld+json')).to.equal('application/ld+json');
    expect(looked(plan, rdf, 'text/turtle;q=0.5, application/ld+json')).to.equal('text/turtle');
    expect(served(rdf, 'application/x-bibtex, text/html;q=0.1')).to.equal('text/html');
    expect(looked(plan, rdf, 'application/x-bibtex, text/html;q=0.1')).to.equal(undefined);
    expect(served(['ttl', 'nt'], 'text/turtle;q=0, */*')).to.equal('application/n-triples');
    expect(looked(plan, ['ttl', 'nt'], 'text/turtle;q=0, */*')).to.equal('text/turtle');
  });

  it('tells the kinds of document apart by as few files as it can', () => {
    expect(plan.common).to.equal('ttl');
    expect(plan.distinguishing).to.deep.equal(['html', 'bib']);
    expect(plan.sets.map((s) => s.signature)).to.deep.equal(['+html', '+html+bib', '+']);
  });
});

describe('a ~user folder\'s .htaccess and type maps', () => {
  const fileOf = (files: ReturnType<typeof userDirFiles>, name: string) => files.find((f) => f.name === name)?.bytes.toString();

  it('lists in a document\'s type map each of its files the build wrote, with the copies it wrote, in the server\'s order, but not a download named like a copy', () => {
    const written = new Set(['works/y.html', 'works/y.html.gz', 'works/y.html.br', 'works/y.ttl', 'works/y.jsonld', 'works/y.apa.txt',
      'dataset.ttl', 'dataset.ttl.gz', 'dataset.nt']);
    const files = userDirFiles(manifest, written);
    const entries = (name: string) => [...fileOf(files, name)!.matchAll(/^URI: (.*)\nContent-Type: (.*)\n(?:Content-Encoding: (.*)\n)?/gm)].map((m) => m.slice(1).filter(Boolean).join(' | '));
    expect(entries('works/y.var')).to.deep.equal([
      'y.html | text/html; qs=1.000', 'y.html.br | text/html; qs=1.000 | br', 'y.html.gz | text/html; qs=1.000 | gzip',
      'y.ttl | text/turtle; qs=0.999', 'y.jsonld | application/ld+json; qs=0.998', 'y.apa.txt | text/x-bibliography; style=apa; qs=0.994',
      // The aliases, after the formats: XHTML is the HTML file, application/json the JSON-LD one.
      'y.html | application/xhtml+xml; qs=0.993', 'y.html.br | application/xhtml+xml; qs=0.993 | br', 'y.html.gz | application/xhtml+xml; qs=0.993 | gzip',
      'y.jsonld | application/json; qs=0.992',
    ]);
    // The dataset's .ttl.gz is a download of its own (the manifest's files), not an encoding of its Turtle.
    expect(entries('dataset.var')).to.deep.equal(['dataset.ttl | text/turtle; qs=0.999', 'dataset.nt | application/n-triples; qs=0.997', 'dataset.nt | text/plain; qs=0.991']);
    expect(fileOf(files, 'index.var')).to.equal('# The representations of this document, for Apache\'s mod_negotiation (written by lodfolio build).\n');
  });

  it('refuses to write an .htaccess with a line longer than Apache reads, which would fail every request below it', () => {
    const links = Array.from({ length: 200 }, (_, i) => ({ rel: 'author', href: `https://orcid.org/0000-0002-1825-${String(i).padStart(4, '0')}` }));
    expect(() => userDirFiles({ ...manifest, links: { '/~ada/works/y': links } }, new Set()))
      .to.throw(/^a line of the \.htaccess would be \d{5} bytes, more than Apache reads \(8191\):   Header always edit Link /);
  });
});

describe('server configs: complete files and snippets', () => {
  const options = { root: '/srv/site', manifest, listen: '127.0.0.1:8080', prefix: '/tmp/prefix' };

  it('keeps everything nginx writes under the prefix, and runs it in the foreground', () => {
    const conf = nginxConfig(options);
    expect(conf).to.include('daemon off;').and.include('pid "/tmp/prefix/nginx.pid";').and.include('error_log "/tmp/prefix/error.log"');
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) expect(conf).to.include(`${t}_temp_path "/tmp/prefix/${t}_temp";`);
    expect(conf).to.include('listen 127.0.0.1:8080;').and.include('location ^~ /~ada/ {').and.include('location = /~ada {');
    expect(conf, 'robots.txt of the origin is not this site\'s').to.not.include('"/robots.txt"');
  });

  it('gives nginx a snippet with no process-wide directives, in two labelled parts', () => {
    const conf = nginxConfig({ ...options, snippet: true });
    expect(conf).to.not.include('daemon').and.not.include('pid ').and.not.include('events');
    expect(conf).to.include('# ---- http { } level ----').and.include('# ---- server { } level ----');
  });

  it('keeps everything Apache writes under the prefix, with its modules named by absolute path', () => {
    const conf = apacheConfig(options);
    for (const line of ['ServerRoot "/tmp/prefix"', 'PidFile "/tmp/prefix/apache2.pid"', 'ErrorLog "/tmp/prefix/error.log"', 'Mutex file:/tmp/prefix default', 'Listen 127.0.0.1:8080']) {
      expect(conf).to.include(line);
    }
    expect(conf).to.match(/^LoadModule rewrite_module \/usr\/lib\/apache2\/modules\/mod_rewrite\.so$/m);
    expect(apacheConfig({ ...options, snippet: true })).to.not.include('LoadModule').and.not.include('Listen');
  });

  it('has Apache negotiate with the site\'s Lua module where mod_lua is loaded and by the table elsewhere, and loads mod_lua in a complete config', () => {
    const lua = '/usr/lib/apache2/modules/mod_lua.so';
    const snippet = apacheConfig({ ...options, snippet: true, lua });
    expect(snippet).to.include('<IfModule lua_module>').and.include('<IfModule !lua_module>').and.include('a2enmod lua').and.not.include('LoadModule');
    expect(snippet).to.include(`LuaHookPreTranslateName "${path.resolve(options.root, '.lodfolio-negotiate.lua')}" rank`);
    const byLua = snippet.slice(snippet.indexOf('<IfModule lua_module>'), snippet.indexOf('</IfModule>'));
    expect(byLua).to.include('"LF_KINDS=text/html,text/turtle,').and.not.include('LF_RANK=');
    expect(apacheConfig({ ...options, lua })).to.match(/^LoadModule lua_module "\/usr\/lib\/apache2\/modules\/mod_lua\.so"$/m);
    const table = apacheConfig(options);
    expect(table).to.include('SetEnvIfNoCase Accept').and.not.match(/lua/i);
  });

  it('loads mod_brotli in a complete Apache config only where it is installed (an Apache without it refuses to load it, and would not start)', () => {
    const brotli = '/usr/lib/apache2/modules/mod_brotli.so';
    expect(apacheConfig({ ...options, brotli })).to.match(/^LoadModule brotli_module "\/usr\/lib\/apache2\/modules\/mod_brotli\.so"$/m);
    const without = apacheConfig(options);
    expect(without).to.not.match(/brotli_module|mod_brotli\.so/);
    expect(without).to.include('AddOutputFilterByType DEFLATE');
  });

  it('keeps Apache\'s headers and error pages to the site\'s own path, so that a snippet changes nothing else on the server', () => {
    const conf = apacheConfig({ ...options, snippet: true });
    const inside = conf.slice(conf.indexOf('<Location "/~ada/">'), conf.indexOf('</Location>'));
    const outside = conf.replace(inside, '');
    expect(inside).to.include('Header always set Access-Control-Allow-Origin "*"').and.include('ErrorDocument 404 /~ada/404.html').and.include('Cache-Control');
    expect(outside).to.not.match(/^\s*(Header|ErrorDocument|FileETag)\b/m);
  });

  it('gives Caddy a complete Caddyfile with no admin endpoint, no automatic HTTPS and its storage under the prefix, or the inside of a site block', () => {
    const conf = caddyConfig(options);
    expect(conf).to.include('\tadmin off').and.include('\tauto_https off').and.include('storage file_system "/tmp/prefix/data"');
    expect(conf).to.include('http://:8080 {').and.include('\tbind 127.0.0.1').and.include('handle_path /~ada/* {');
    const snippet = caddyConfig({ ...options, snippet: true });
    expect(snippet).to.include('handle_path /~ada/* {');
    expect(snippet).to.not.include('admin off').and.not.include('http://');
  });

  it('serves the site at another base path when told, and refuses what is no built site or no known server', async () => {
    expect(nginxConfig({ ...options, base: 'https://other.example/' })).to.include('location ^~ / {');
    const empty = await mkdtemp(path.join(tmpdir(), 'lodfolio-empty-'));
    const failure = (p: Promise<unknown>) => p.then(() => '', (e: Error) => e.message);
    expect(await failure(serverConfig({ server: 'nginx', root: empty, listen: '8080' }))).to.match(/lodfolio build/);
    expect(await failure(serverConfig({ server: 'lighttpd', root: empty, listen: '8080' }))).to.match(/unknown server "lighttpd" \(choose from nginx, apache, caddy\)/);
    await rm(empty, { recursive: true });
  });
});

describe('lodfolio server-config', () => {
  const cli = (...args: string[]) => runLodfolio({}, 'server-config', ...args);

  it('prints the configuration for the site in --root, for the server named, at the base given', async () => {
    const site = await mkdtemp(path.join(tmpdir(), 'lodfolio-cli-site-'));
    await writeFile(path.join(site, '.lodfolio-site.json'), JSON.stringify(manifest));
    const prefix = path.join(site, 'p');
    const nginx = await cli('nginx', '--root', site, '--listen', '127.0.0.1:8081', '--prefix', prefix);
    expect(nginx.code).to.equal(0);
    expect(nginx.stdout).to.include('listen 127.0.0.1:8081;').and.include(`pid "${prefix}/nginx.pid";`).and.include('location ^~ /~ada/ {');
    const apache = await cli('apache', '--root', site, '--snippet', '--base', 'https://www.uni.example/~bob/');
    expect(apache.stdout).to.include('RewriteRule ^/~bob$ /~bob/ [R=301,L]').and.not.include('Listen');
    await rm(site, { recursive: true });
  });

  it('makes the --prefix folder it names, so that nginx takes the configuration as printed (docs/building.md\'s commands)', async function () {
    requireServer(this, 'nginx');
    const site = await mkdtemp(path.join(tmpdir(), 'lodfolio-cli-site-'));
    await writeFile(path.join(site, '.lodfolio-site.json'), JSON.stringify(manifest));
    const prefix = path.join(site, 'nginx');
    const printed = await cli('nginx', '--root', site, '--listen', '127.0.0.1:8081', '--prefix', prefix);
    expect(printed.code).to.equal(0);
    const conf = path.join(site, 'nginx.conf');
    await writeFile(conf, printed.stdout);
    const checked = spawnSync('/usr/sbin/nginx', ['-t', '-p', prefix, '-c', conf], { encoding: 'utf8' });
    expect(checked.status, checked.stderr).to.equal(0);
    await rm(site, { recursive: true });
  });

  it('says what it needs when the server or the site is missing', async () => {
    const none = await cli('nginx');
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('server-config needs a server (nginx or apache or caddy) and --root SITE');
  });
});
