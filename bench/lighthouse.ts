// Benchmark: Lighthouse 12's four scores (performance, accessibility, best
// practices, SEO) for the homepage, a work's page and the publications
// listing of three profiles: the demo and second fixture profiles and a
// generated 200-paper one, each served by `lodfolio serve` (the compiled
// server) on 127.0.0.1. Lighthouse is run as its own command, the pinned
// devDependency (12.2.3; 13 needs Node 22), with Chromium from
// CHROME_PATH (default: Debian's /usr/bin/chromium), in its default mobile
// emulation. Performance is a simulation that depends on the machine's load;
// the other three do not.
//
//   npm run build && node --import tsx bench/lighthouse.ts

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeGeneratedProfile } from '../test/support/generate.js';
import { freePort, fromDist, root } from './support.js';

const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(chrome)) throw new Error(`no Chromium at ${chrome}: set CHROME_PATH`);
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const { resolveConfig } = await fromDist('config.js');
const { serve } = await fromDist('server.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-bench-lighthouse-'));
const generated = path.join(work, 'generated');
await writeGeneratedProfile(generated, { papers: 200 });
const profiles: Array<[string, string]> = [
  ['demo', path.join(root, 'test', 'fixtures', 'profiles', 'demo')],
  ['second', path.join(root, 'test', 'fixtures', 'profiles', 'second')],
  ['generated-200', generated],
];

/**
 * The four scores of one page, 0–100, from Lighthouse's JSON report. Run
 * asynchronously: the server answering it lives in this process.
 */
async function scores(url: string): Promise<number[]> {
  const out = path.join(work, 'report.json');
  const child = spawn('npx', ['--no-install', 'lighthouse', url, '--quiet', '--output=json', `--output-path=${out}`,
    `--only-categories=${categories.join(',')}`, '--chrome-flags=--headless=new --no-sandbox --disable-gpu'],
  { env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`lighthouse ${url}: exit ${code}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { categories: Record<string, { score: number | null }> };
  return categories.map((c) => Math.round((report.categories[c].score ?? 0) * 100));
}

console.log(`profile        page                       ${categories.map((c) => c.padStart(14)).join('')}`);
try {
  for (const [name, dir] of profiles) {
    // By address, not `localhost`: Chromium may try ::1 first, where nothing listens.
    const port = await freePort();
    const serving = await serve(resolveConfig({ dataDir: dir, port, host: '127.0.0.1', base: `http://127.0.0.1:${port}/` }), { sparql: false, write: () => {} });
    try {
      const { site } = serving.server;
      const paper = site.documents.find((d) => d.path.startsWith('/publications/') && !d.path.endsWith('/') && !d.path.includes('/page/'));
      const pages = ['/', paper?.path, '/publications/'].filter((p): p is string => p !== undefined && serving.server.representations.has(p));
      for (const page of pages) {
        const row = await scores(`${serving.base.replace(/\/$/, '')}${page}`);
        console.log(`${name.padEnd(15)}${page.slice(0, 26).padEnd(27)}${row.map((s) => String(s).padStart(14)).join('')}`);
      }
    } finally {
      await serving.stop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
