// Benchmark: what a request costs on Debian's stock Apache in a ~user folder
// (the site's .htaccess files and type maps, as `lodfolio build` writes them)
// as the site grows. Apache reads the .htaccess of every folder from the
// user's root down to the file's on every request; the build writes each
// folder's documents' conditions into that folder's .htaccess.
//
// For the demo profile and a generated one (test/support/generate.ts), the site
// is built once and served by two Apaches as test/deploy/userdir.test.ts starts
// them (its stock configuration, `a2enmod headers userdir`, the site as ~prof's
// public_html), on two ports:
//
//   by folder   the site as built
//   one file    the same files, but every document's conditions in the site's
//               .htaccess and no other (src/deploy/htaccess.ts `htaccessFiles`
//               with its layout 'one file'), read on every request: what the
//               build wrote before
//
// Then, alternating between the two in rounds, sequential keep-alive GETs of
// a work's page and of the homepage (extensionless, Accept: text/html), each
// timed from the client: min/median/max ms per request, and the size of the
// biggest .htaccess of each.
//
//   npx tsc -p . && nice node --import tsx bench/userdir.ts
//   USERDIR_PAPERS=2500 USERDIR_REQUESTS=500 USERDIR_ROUNDS=5   (the defaults)

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { htaccessFiles as writtenHtaccess } from '../src/deploy/htaccess.js';
import { negotiationPlan } from '../src/deploy/plan.js';
import type { SiteManifest } from '../src/publish/export.js';
import { demoDir } from '../test/support/fixtures.js';
import { writeGeneratedProfile } from '../test/support/generate.js';
import { builtSite, startServer, type BuiltSite, type RunningServer } from '../test/deploy/servers.js';
import { freePort, median } from './support.js';

const papers = Number(process.env.USERDIR_PAPERS ?? 2500);
const requests = Number(process.env.USERDIR_REQUESTS ?? 500);
const rounds = Number(process.env.USERDIR_ROUNDS ?? 5);

/** Every `.htaccess` under `dir`, by its path relative to it. */
function htaccessFiles(dir: string, below = ''): string[] {
  return readdirSync(path.join(dir, below), { withFileTypes: true }).flatMap((entry) => {
    const name = path.posix.join(below, entry.name);
    if (entry.isDirectory()) return htaccessFiles(dir, name);
    return entry.name === '.htaccess' ? [name] : [];
  });
}

/** The biggest .htaccess of a site: its path and bytes. */
function biggest(dir: string): { file: string; bytes: number } {
  return htaccessFiles(dir).map((file) => ({ file, bytes: statSync(path.join(dir, file)).size })).sort((a, b) => b.bytes - a.bytes)[0];
}

/**
 * The site with one .htaccess for every document: a copy of hard links (no
 * byte copied), whose .htaccess files are unlinked before the one is
 * written, so that the built site is never changed.
 */
function oneFile(site: BuiltSite): BuiltSite {
  const from = realpathSync(site.root);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-userdir-one-'));
  // Apache's workers read it as another user.
  chmodSync(dir, 0o755);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const root = path.join(dir, 'site');
  const copy = spawnSync('cp', ['-al', from, root], { stdio: 'inherit' });
  if (copy.status !== 0) throw new Error(`cp -al ${from} ${root} failed`);
  const manifest = JSON.parse(readFileSync(path.join(root, '.lodfolio-site.json'), 'utf8')) as SiteManifest;
  const [whole, ...others] = writtenHtaccess(manifest, negotiationPlan(manifest), new URL(manifest.base).pathname, undefined, 'one file');
  if (whole.name !== '.htaccess' || others.length > 0) throw new Error('one .htaccess was expected');
  for (const file of htaccessFiles(root)) unlinkSync(path.join(root, file));
  writeFileSync(path.join(root, '.htaccess'), whole.bytes);
  return { ...site, root };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One GET, read to its end: its status, its Link header and the milliseconds it took. */
function timedGet(url: string): Promise<{ status: number; link: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { accept: 'text/html' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, link: String(res.headers.link), ms: performance.now() - started }));
    }).on('error', reject);
  });
}

function figures(ms: readonly number[]): string {
  return `${Math.min(...ms).toFixed(1)} / ${median(ms).toFixed(1)} / ${Math.max(...ms).toFixed(1)}`;
}

async function measure(name: string, dataDir: string): Promise<void> {
  const site = await builtSite(dataDir, '/~prof/');
  const manifest = JSON.parse(readFileSync(path.join(site.root, '.lodfolio-site.json'), 'utf8')) as { documents: Record<string, string[]> };
  const documents = Object.keys(manifest.documents);
  const work = documents.find((p) => /\/publications\/[^/]+$/.test(p))!;
  const layouts: Array<{ layout: string; site: BuiltSite; server?: RunningServer; times: Map<string, number[]> }> = [
    { layout: 'by folder', site, times: new Map() },
    { layout: 'one file', site: oneFile(site), times: new Map() },
  ];
  try {
    for (const l of layouts) l.server = await startServer('apache-userdir', l.site, { port: await freePort(), edit: (c) => c });
    const urls = [work, '/~prof/'];
    const links = new Map<string, string>();
    for (let round = 0; round < rounds; round++) {
      for (const l of layouts) {
        for (const url of urls) {
          const times = l.times.get(url) ?? [];
          l.times.set(url, times);
          for (let i = 0; i < Math.ceil(requests / rounds); i++) {
            const { status, link, ms } = await timedGet(`${l.server!.url}${url}`);
            if (status !== 200) throw new Error(`${l.layout}: ${url} answered ${status}`);
            // The two layouts send the same headers.
            if (link !== (links.get(url) ?? link)) throw new Error(`${l.layout}: ${url} sent the Link header ${link}, not ${links.get(url)}`);
            links.set(url, link);
            times.push(ms);
          }
        }
      }
    }
    console.log(`\n${name}: ${documents.length} documents, ${requests} requests each (Accept: text/html), ${rounds} rounds alternated; ms per request, min / median / max`);
    console.log('| layout | biggest .htaccess | .htaccess files | a work\'s page | the homepage |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const l of layouts) {
      const big = biggest(l.site.root);
      console.log(`| ${l.layout} | ${(big.bytes / 1000).toFixed(1)} KB (${big.file}) | ${htaccessFiles(l.site.root).length} | ${figures(l.times.get(work)!)} | ${figures(l.times.get('/~prof/')!)} |`);
    }
    console.log(`(the work: ${work}; load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')})`);
  } finally {
    for (const l of layouts) await l.server?.stop();
  }
}

const generated = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-userdir-profile-'));
try {
  await measure('demo', demoDir);
  await writeGeneratedProfile(generated, { papers, seed: 1 });
  await measure(`generated, ${papers} papers`, generated);
} finally {
  agent.destroy();
  rmSync(generated, { recursive: true, force: true });
}
process.exit(0);
