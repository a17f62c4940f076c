// Benchmark: the CPU seconds (user + kernel) of the dataset's four dumps
// written by parts (src/publish/dump-parts.ts `DumpParts.write`) for a
// profile folder: once from nothing, then three times over the build before,
// one more paper's title changed each time, as a rebuild after one title
// writes them, with the digest the build record keeps of the dataset
// (src/publish/build-record.ts `dumpsDigest`, taken from the parts': the
// step as src/publish/export.ts runs it). With --cpu-prof, the profile of
// the three rebuilds' writes goes to OUT.
//
//   node --import tsx bench/dumps.ts PROFILE
//   node --expose-gc --import tsx bench/dumps.ts PROFILE   (each write timed after a collection)
//   node --import tsx bench/dumps.ts PROFILE --cpu-prof OUT

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import rdf from 'rdf-ext';
import { dumpFormats, type DocumentFormat } from '../src/formats.js';
import { ProfileBuilder } from '../src/pipeline.js';
import { dumpsDigest } from '../src/publish/build-record.js';
import { DumpParts } from '../src/publish/dump-parts.js';
import { OutputFolder } from '../src/publish/output-folder.js';
import { profileDataset } from '../src/publish/profile-site.js';
import type { ResourceSpec } from '../src/publish/representations.js';
import { relabelBlankNodes } from '../src/rdf/quads.js';
import { schema } from '../src/rdf/vocabulary.js';

const [dataDir, flag, out] = process.argv.slice(2);
if (!dataDir || (flag !== undefined && (flag !== '--cpu-prof' || !out))) throw new Error('usage: bench/dumps.ts PROFILE [--cpu-prof OUT]');
const base = 'https://scholar.example/';
const quads = relabelBlankNodes(profileDataset(await (await ProfileBuilder.create()).build(dataDir, base)));

/** The dataset resource as the site has it (representations.ts), its triples `data`. */
const spec = (data: Quad[]): ResourceSpec => ({
  path: '/dataset', negotiable: true, cacheControl: '', renderer: () => () => Buffer.alloc(0), mainThread: true,
  variants: dumpFormats.map((f) => ({ mediaType: f.mediaType, contentType: f.contentType, location: `/dataset.${f.suffix}`, compress: true })),
  source: { doc: { url: `${base}dataset`, path: '/dataset', root: undefined, entities: [], slice: () => data }, formats: dumpFormats.map((f) => f.name as DocumentFormat), images: {} },
});
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-bench-dumps-'));
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
/** Writes the dumps of `data` into `dir`, over `previous` when given: the CPU seconds the write took. */
const write = (data: Quad[], dir: string, previous?: string) => {
  const folder = new OutputFolder(dir, previous, new Date(0));
  const parts = new DumpParts(previous, previous && `${previous}.parts`);
  // Under node --expose-gc, the garbage of what came before is collected before the write, not within it.
  (globalThis as { gc?: () => void }).gc?.();
  const start = cpu();
  const dataset = spec(data);
  const plan = parts.plan(dataset, '/', base);
  dumpsDigest(dataset.source!, plan.digest);
  const files = parts.writePlanned(folder, plan, true);
  const seconds = cpu() - start;
  parts.save(`${dir}.parts`, new Set(files.map(([name]) => name)));
  return seconds.toFixed(2);
};
try {
  const first = write(quads, path.join(tmp, '0'));
  const session = new Session();
  if (out) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  const rebuilds: string[] = [];
  let data = quads;
  for (const n of [1, 2, 3]) {
    const title = data.find((q) => q.predicate.value === schema('name') && q.subject.value.includes(`/paper-${n}#`));
    if (!title) throw new Error(`${dataDir}: no paper-${n} with a title`);
    data = data.map((q) => (q === title ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q));
    rebuilds.push(write(data, path.join(tmp, String(n)), path.join(tmp, String(n - 1))));
  }
  if (out) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  console.log(`${quads.length} triples: the dumps from nothing in ${first} s of CPU; after one title changed ${rebuilds.join(', ')} s`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
