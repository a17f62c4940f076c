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
// rebuilds' writes goes to OUT.
//
//   node --import tsx bench/dumps.ts PROFILE [--subjects]
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
const [dataDir, flag, out] = args.filter((a) => a !== '--subjects');
if (!dataDir || (flag !== undefined && (flag !== '--cpu-prof' || !out))) throw new Error('usage: bench/dumps.ts PROFILE [--subjects] [--cpu-prof OUT]');
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
/** Writes the dumps of the graph `data`'s dataset into `dir`, over `previous` when given: the CPU seconds the write took. */
const write = (data: Quad[], dir: string, previous?: string) => {
  const labels = new Map<string, Quad['subject']>();
  const quads = relabelBlankNodes([...data, ...listing], labels);
  const run = bySubjects ? new BuildMemory().start(undefined, new Graph(data)) : undefined;
  const folder = new OutputFolder(dir, previous, new Date(0));
  const parts = new DumpParts(previous, previous && `${previous}.parts`);
  const start = cpu();
  const files = parts.write(folder, spec(quads), '/', true, base, run?.dumpSubjects(quads, { fromGraph: data.length, labels }));
  const seconds = cpu() - start;
  parts.save(`${dir}.parts`, new Set(files.map(([name]) => name)));
  return seconds.toFixed(2);
};
try {
  const first = write(graphQuads, path.join(tmp, '0'));
  const session = new Session();
  if (out) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
  const rebuilds: string[] = [];
  let data = graphQuads;
  for (const n of [1, 2, 3]) {
    const title = data.find((q) => q.predicate.value === schema('name') && q.subject.value.includes(`/paper-${n}#`));
    if (!title) throw new Error(`${dataDir}: no paper-${n} with a title`);
    data = data.map((q) => (q === title ? rdf.quad(q.subject, q.predicate, rdf.literal(`Revisited, ${q.object.value}`)) : q));
    rebuilds.push(write(data, path.join(tmp, String(n)), path.join(tmp, String(n - 1))));
  }
  if (out) writeFileSync(out, JSON.stringify((await session.post('Profiler.stop')).profile));
  console.log(`${graphQuads.length + listing.length} triples${bySubjects ? ', parts by the subjects\' digests' : ''}: the dumps from nothing in ${first} s of CPU; after one title changed ${rebuilds.join(', ')} s`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
