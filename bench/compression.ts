// Benchmark: what a precompressed copy saves a fetch over a web server that
// compresses as it sends, in a site `lodfolio build` wrote. For every text
// file of 1 KiB or more that is not a page (pages always get copies), by
// size, and for each of a work's formats: the mean bytes sent by gzip level 1
// (nginx's default as it sends), level 6 (the build's .gz, Apache's
// mod_deflate, `serve`), brotli 5 (the build's .br), and the CPU of gzip 1
// per file (on a loaded machine, an order of magnitude). The choice it
// informs: docs/building.md, "Which files get compressed copies".
//
//   node --import tsx bench/compression.ts SITE

import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { formats, isCompressible } from '../src/formats.js';
import { MANIFEST, type SiteManifest } from '../src/publish/export.js';
import { brotliOptions, worthCompressing } from '../src/publish/representations.js';

const site = process.argv[2];
if (!site) throw new Error('usage: node --import tsx bench/compression.ts SITE');
const root = realpathSync(site);
const manifest = JSON.parse(readFileSync(path.join(root, MANIFEST), 'utf8')) as SiteManifest;
const typeOf = new Map(Object.entries(manifest.types).map(([suffix, t]) => [suffix, t.mediaType]));

interface Sizes { files: number; identity: number; gzip1: number; gzip6: number; br5: number; gzip1Ns: bigint }
const empty = (): Sizes => ({ files: 0, identity: 0, gzip1: 0, gzip6: 0, br5: 0, gzip1Ns: 0n });
function add(sizes: Sizes, bytes: Buffer): void {
  sizes.files++;
  sizes.identity += bytes.length;
  if (!worthCompressing(bytes.length)) { sizes.gzip1 += bytes.length; sizes.gzip6 += bytes.length; sizes.br5 += bytes.length; return; }
  const start = process.hrtime.bigint();
  sizes.gzip1 += Math.min(bytes.length, gzipSync(bytes, { level: 1 }).length);
  sizes.gzip1Ns += process.hrtime.bigint() - start;
  sizes.gzip6 += Math.min(bytes.length, gzipSync(bytes, { level: 6 }).length);
  sizes.br5 += Math.min(bytes.length, brotliCompressSync(bytes, brotliOptions(bytes.length)).length);
}
const row = (label: string, s: Sizes) => {
  const mean = (n: number) => Math.round(n / s.files).toLocaleString('en');
  return `| ${label} | ${s.files.toLocaleString('en')} | ${mean(s.identity)} | ${mean(s.gzip1)} | ${mean(s.gzip6)} | ${mean(s.br5)} | ${(Number(s.gzip1Ns / BigInt(s.files)) / 1e6).toFixed(2)} |`;
};
const head = '| files | mean bytes | gzip 1 | gzip 6 | brotli 5 | gzip 1 ms per file |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |';

// The media type of a file of the site: its format's, by its suffix (the longest that ends its name).
const suffixes = [...typeOf.keys()].sort((a, b) => b.length - a.length);
function mediaTypeOf(name: string): string | undefined {
  const suffix = suffixes.find((s) => name.endsWith(`.${s}`));
  return suffix ? typeOf.get(suffix) : manifest.files[`/${name}`]?.split(';')[0];
}

const buckets: Array<[label: string, below: number]> = [['1–4 KiB', 4096], ['4–16 KiB', 16384], ['16–64 KiB', 65536], ['64 KiB and more', Infinity]];
const bySize = buckets.map(empty);
(function walk(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) { walk(file); continue; }
    const type = mediaTypeOf(path.relative(root, file));
    if (!type || type === formats.html.mediaType || !isCompressible(type)) continue;
    const bytes = readFileSync(file);
    if (worthCompressing(bytes.length)) add(bySize[buckets.findIndex(([, below]) => bytes.length < below)], bytes);
  }
})(root);
console.log('Text files of 1 KiB or more but the pages, by size:\n');
console.log(`| size ${head}`);
buckets.forEach(([label], i) => { if (bySize[i].files > 0) console.log(row(label, bySize[i])); });

// Every work's files, by format (a work is a document with a BibTeX file).
const basePath = new URL(manifest.base).pathname;
const works = Object.keys(manifest.documents).filter((p) => manifest.documents[p].includes(formats.bibtex.suffix));
const byFormat = new Map<string, Sizes>();
for (const work of works) {
  for (const suffix of manifest.documents[work]) {
    const sizes = byFormat.get(suffix) ?? empty();
    byFormat.set(suffix, sizes);
    add(sizes, readFileSync(path.join(root, `${decodeURIComponent(work.slice(basePath.length))}.${suffix}`)));
  }
}
console.log(`\nA work's files (${works.length.toLocaleString('en')} works), by format:\n`);
console.log(`| format ${head}`);
for (const [suffix, sizes] of byFormat) console.log(row(suffix, sizes));
