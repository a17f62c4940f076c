// Benchmark: the CPU seconds (user + kernel) of the dataset's four dumps
// written by parts (src/publish/dump-parts.ts `DumpParts.write`) for a
// profile folder: once from nothing, then three times over the build before,
// one more paper's title changed each time, as a rebuild after one title
// writes them. With --subjects, the parts are known by the digests a
// resident build makes of the graph's subjects (build-memory.ts
// `dumpSubjects`; the graph's digests made before the write, as the build
// makes them before its dumps, the listing pages' own triples digested
// within it), as `build --watch` writes them; without, by their triples, as
// a build of its own does. With --cpu-prof, the profile of the three
// rebuilds' writes goes to OUT. With --compare, both ways in one process,
// each over its own previous build, five rebuilds each, in alternate order.
// With node's --expose-gc, the garbage of each build's data (made outside
// the timing) is collected before the write is timed.
//
//   node --import tsx bench/dumps.ts PROFILE [--subjects | --compare]
//   node --expose-gc --import tsx bench/dumps.ts PROFILE --compare
//   node --import tsx bench/dumps.ts PROFILE [--subjects] --cpu-prof OUT

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import rdf from 'rdf-ext';
import { dumpFormats, type DocumentFormat } from '../src/formats.js';
import { ProfileBuilder } from '../src/pipeline.js';
import { BuildMemory } from '../src/publish/build-memory.js';
import { DumpParts } from '../src/publish/dump-parts.js';
import { OutputFolder } from '../src/publish/output-folder.js';
import { profileDataset } from '../src/publish/profile-site.js';
import type { ResourceSpec } from '../src/publish/representations.js';
import { Graph } from '../src/rdf/graph.js';
import { relabelBlankNodes } from '../src/rdf/quads.js';
import { schema } from '../src/rdf/vocabulary.js';

const args = process.argv.slice(2);
const bySubjects = args.includes('--subjects');
const compare = args.includes('--compare');
const [dataDir, flag, out] = args.filter((a) => a !== '--subjects' && a !== '--compare');
if (!dataDir || (flag !== undefined && (flag !== '--cpu-prof' || !out))) throw new Error('usage: bench/dumps.ts PROFILE [--subjects | --compare] [--cpu-prof OUT]');
const base = 'https://scholar.example/';
const profile = await (await ProfileBuilder.create()).build(dataDir, base);
const graphQuads = [...profile.graph.quads];
/** The listing pages' own triples, after the graph's in the dataset (site/index.ts `datasetOf`). */
const listing = profileDataset(profile).slice(graphQuads.length);

/** The dataset resource as the site has it (representations.ts), its triples `data`. */
const spec = (data: Quad[]): ResourceSpec => ({
  path: '/dataset', negotiable: true, cacheControl: '', renderer: () => () => Buffer.alloc(0), mainThread: true,
  variants: dumpFormats.map((f) => ({ mediaType: f.mediaType, contentType: f.contentType, location: `/dataset.${f.suffix}`, compress: true })),
  source: { doc: { url: `${base}dataset`, path: '/dataset', root: undefined, entities: [], slice: () => data }, formats: dumpFormats.map((f) => f.name as DocumentFormat), images: {} },
});
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-bench-dumps-'));
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
/** Writes the dumps of the graph `data`'s dataset into `dir`, over `previous` when given, by the subjects' digests or not: the CPU seconds the write took. */
const write = (data: Quad[], dir: string, previous: string | undefined, subjects: boolean) => {
  const labels = new Map<string, Quad['subject']>();
  const quads = relabelBlankNodes([...data, ...listing], labels);
  const run = subjects ? new BuildMemory().start(undefined, new Graph(data)) : undefined;
  const folder = new OutputFolder(dir, previous, new Date(0));
  const parts = new DumpParts(previous, previous && `${previous}.parts`);
  // Under --expose-gc, what the data's making left (the graph and its digests) is collected before, not within, the write.
  (globalThis as { gc?: () => void }).gc?.();
  const start = cpu();
  const files = parts.write(folder, spec(quads), '/', true, base, run?.dumpSubjects(quads, { fromGraph: data.length, labels }));
  const seconds = cpu() - start;
  parts.save(`${dir}.parts`, new Set(files.map(([name]) => name)));
  return seconds.toFixed(2);
};
/** The graph with one more paper's title changed. */
const retitled = (data: Quad[], n: number) => {
  const title = data.find((q) => q.predicate.value === schema('name') && q.subject.value.includes(`/paper-${n}#`));
  if (!title) throw new Error(`${dataDir}: no paper-${n} with a title`);
  return data.map((q) => (q === title ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q));
};
const triples = `${graphQuads.length + listing.length} triples`;
try {
  if (compare) {
    // Both ways in one process, each over its own previous build, the order alternated: five rebuilds each.
    const ways = { 'by triples': false, 'by subjects': true };
    const first: Record<string, string> = {};
    const rebuilds: Record<string, string[]> = {};
    for (const [way, subjects] of Object.entries(ways)) { first[way] = write(graphQuads, path.join(tmp, `${way}-0`), undefined, subjects); rebuilds[way] = []; }
    let data = graphQuads;
    for (const n of [1, 2, 3, 4, 5]) {
      data = retitled(data, n);
      const order = n % 2 === 1 ? Object.entries(ways) : Object.entries(ways).reverse();
      for (const [way, subjects] of order) rebuilds[way].push(write(data, path.join(tmp, `${way}-${n}`), path.join(tmp, `${way}-${n - 1}`), subjects));
    }
    for (const way of Object.keys(ways)) console.log(`${triples}, parts ${way}: the dumps from nothing in ${first[way]} s of CPU; after one title changed ${rebuilds[way].join(', ')} s`);
  } else {
    const first = write(graphQuads, path.join(tmp, '0'), undefined, bySubjects);
    const session = new Session();
    if (out) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
    const rebuilds: string[] = [];
    let data = graphQuads;
    for (const n of [1, 2, 3]) {
      data = retitled(data, n);
      rebuilds.push(write(data, path.join(tmp, String(n)), path.join(tmp, String(n - 1)), bySubjects));
    }
    if (out) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
    console.log(`${triples}${bySubjects ? ', parts by the subjects\' digests' : ''}: the dumps from nothing in ${first} s of CPU; after one title changed ${rebuilds.join(', ')} s`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
