// Benchmark: load, validate and build a profile graph (`ProfileBuilder`,
// src/pipeline.ts, as compiled in dist/).
//
// 1. The default profile. Each sample is a fresh Node process (so "cold"
//    includes compiling the JSON Schema and SHACL shapes, as at server
//    start), which then rebuilds the graph a few more times ("warm": what a
//    data reload costs). The baseline, in the same run and the same
//    processes, is the least work that yields the same triples: parsing the
//    graph's own N-Triples dump with n3.
// 2. Scale: generated profiles (test/support/generate.ts) of about 10,000 and
//    100,000 triples (and 1,000,000 with BENCH_LARGE=1), one fresh process
//    per build (then a warm rebuild in it, below 1M): triples per second
//    against the target of 30,000, the time
//    of each phase, peak memory, and how time and memory grow with size (the
//    exponent between two sizes: 1 is linear). Throughput is given in wall
//    time and in CPU time of the process; on a busy machine the second is the
//    steadier figure.
// 3. Alternatives, on the ~100,000-triple profile, in one process (each the
//    faster of two runs): the graph
//    index (the project's Graph, rdf-ext's dataset, N3's Store) under
//    the alignment and each SHACL engine (shacl-engine, rdf-validate-shacl
//    with its own factory), and the JSON-LD reading (direct, jsonld.js).
//
//   node --import tsx bench/pipeline.ts [samples]       (run `npm run build` first)
//   BENCH_LARGE=1 node --import tsx bench/pipeline.ts   adds the 1M-triple profile (about a minute and 1.5 GB)

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { benchScript, fromDist, median, root } from './support.js';

/** What one sample process of the default profile reports. */
interface Sample {
  imports: number;
  cold: number;
  warm: number;
  parseCold: number;
  parseWarm: number;
  triples: number;
  rss: number;
}

/** What one build of a generated profile reports: wall and CPU milliseconds per phase. */
interface ScaleSample {
  triples: number;
  phases: Record<string, { wall: number; cpu: number }>;
  wall: number;
  cpu: number;
  /** Peak resident set size (VmHWM), bytes. */
  peak: number;
  /** A second build in the same process (as on a data reload), CPU ms; not for the 1M profile. */
  warmCpu?: number;
}

type Alternatives = Record<string, number>;

/** The target of the pipeline's throughput, triples per second. */
const TARGET = 30_000;
/** About 37 triples per generated paper. */
const sizes = [{ name: '10k', papers: 270 }, { name: '100k', papers: 2700 },
  ...(process.env.BENCH_LARGE === '1' ? [{ name: '1M', papers: 27_000 }] : [])];


async function sample(): Promise<void> {
  const t0 = performance.now();
  const [{ ProfileBuilder }, { toNTriples }, { resolveConfig }, { Parser }] = await Promise.all([
    fromDist('pipeline.js'), fromDist('render/turtle.js'), fromDist('config.js'), import('n3')]);
  const imports = performance.now() - t0;
  const { dataDir, base } = resolveConfig({});
  const t1 = performance.now();
  // The ontology is read and its schema and shapes compiled here, as at server start.
  const builder = await ProfileBuilder.create();
  const profile = await builder.build(dataDir, base);
  const cold = performance.now() - t1;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await builder.build(dataDir, base);
    warm.push(performance.now() - t);
  }
  const ntriples = toNTriples(profile.graph);
  const parse: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    new Parser({ format: 'N-Triples' }).parse(ntriples);
    parse.push(performance.now() - t);
  }
  const result: Sample = { imports, cold, warm: median(warm), parseCold: parse[0], parseWarm: median(parse.slice(1)),
    triples: profile.graph.size, rss: process.memoryUsage().rss };
  process.stdout.write(JSON.stringify(result));
}

const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

/** One build of a generated profile, phase by phase (the builder is made first, as at server start). */
async function scaleSample(dir: string): Promise<void> {
  const { ProfileBuilder } = await fromDist('pipeline.js');
  const builder = await ProfileBuilder.create();
  const phases: ScaleSample['phases'] = {};
  let current: string | undefined;
  let wall = performance.now();
  let cpu = cpuNow();
  const close = () => {
    if (current) phases[current] = { wall: performance.now() - wall, cpu: cpuNow() - cpu };
    wall = performance.now();
    cpu = cpuNow();
  };
  const w0 = performance.now();
  const c0 = cpuNow();
  const profile = await builder.build(dir, 'http://localhost:3000/', { onPhase: (phase) => { close(); current = phase; } });
  close();
  const result: ScaleSample = { triples: profile.graph.size, phases, wall: performance.now() - w0, cpu: cpuNow() - c0, peak: peakRss() };
  if (profile.graph.size < 500_000) {
    const c1 = cpuNow();
    await builder.build(dir, 'http://localhost:3000/');
    result.warmCpu = cpuNow() - c1;
  }
  process.stdout.write(JSON.stringify(result));
}

/** A module of dist/ that support.ts does not list (the parts compared below). */
function internal<T>(module: string): Promise<T> {
  return import(pathToFileURL(path.join(root, 'dist', module)).href) as Promise<T>;
}

/** The alternatives measured on one profile, each in CPU milliseconds. */
async function alternatives(dir: string): Promise<void> {
  const [{ loadOntology }, { loadSource }, { checkSchema, compileSchema }, { resolveIds }, { expandShorthands },
    { JsonLdReader, toQuadsWithJsonLd }, { Graph }, { applyAlignment, readAlignment }, { ShapeChecker }] = await Promise.all([
    internal<typeof import('../src/ontology.js')>('ontology.js'),
    internal<typeof import('../src/source/load.js')>('source/load.js'),
    internal<typeof import('../src/source/schema.js')>('source/schema.js'),
    internal<typeof import('../src/source/resolve.js')>('source/resolve.js'),
    internal<typeof import('../src/graph/shorthands.js')>('graph/shorthands.js'),
    internal<typeof import('../src/graph/tordf.js')>('graph/tordf.js'),
    internal<typeof import('../src/rdf/graph.js')>('rdf/graph.js'),
    internal<typeof import('../src/graph/align.js')>('graph/align.js'),
    internal<typeof import('../src/graph/shacl.js')>('graph/shacl.js'),
  ]);
  const [{ default: rdf }, { Store }, { default: SHACLValidator }] = await Promise.all([import('rdf-ext'), import('n3'), import('rdf-validate-shacl')]);
  const ontology = await loadOntology();
  const source = await loadSource(dir);
  checkSchema(compileSchema(ontology.schema), source);
  const resolved = resolveIds(source, ontology.iris, ontology.referenceKeys, 'http://localhost:3000/');
  expandShorthands(resolved.data, ontology.shorthands);
  const page = { id: 'http://localhost:3000/', ...resolved.data };
  const out: Alternatives = {};
  // Each is run twice and the faster run kept: whichever came first would otherwise also pay for warming up the JIT.
  const time = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    let value: T | undefined;
    for (let i = 0; i < 2; i++) {
      const c = cpuNow();
      value = await run();
      out[name] = Math.min(out[name] ?? Infinity, cpuNow() - c);
    }
    return value!;
  };
  await time('JSON-LD: jsonld.js', () => toQuadsWithJsonLd(structuredClone(page), ontology.context));
  const quads = await time('JSON-LD: direct', () => new JsonLdReader(ontology.context).toQuads(page));
  const alignment = readAlignment(ontology.alignment);
  const shapes = rdf.dataset(ontology.shapes);
  type Dataset = import('@rdfjs/types').DatasetCore;
  const indexes: Array<[string, () => Dataset]> = [
    ['Graph', () => new Graph(quads)],
    ['rdf-ext dataset', () => rdf.dataset(quads) as unknown as Dataset],
    ['N3 Store', () => new Store(quads) as unknown as Dataset],
  ];
  for (const [name, make] of indexes) {
    const graph = await time(`index: ${name}: build`, make);
    // The alignment changes the graph: each run gets a fresh copy (built outside the time).
    const copies = [make(), make()];
    await time(`index: ${name}: alignment`, () => applyAlignment(copies.pop()!, alignment));
    applyAlignment(graph, alignment);
    await time(`SHACL: shacl-engine on ${name}`, () => new ShapeChecker(shapes).check(graph, resolved.origins));
    // rdf-validate-shacl with its own default factory, as it is meant to be used.
    await time(`SHACL: rdf-validate-shacl on ${name}`, async () => (await new SHACLValidator(shapes).validate(graph)).conforms);
  }
  process.stdout.write(JSON.stringify(out));
}

async function main(samples: number): Promise<void> {
  const run = async (args: string[]) => (await promisify(execFile)(process.execPath, [benchScript('pipeline'), ...args],
    { cwd: root, maxBuffer: 2 ** 24 })).stdout;
  const runs: Sample[] = [];
  for (let i = 0; i < samples; i++) runs.push(JSON.parse(await run(['--child'])) as Sample);
  const m = (key: keyof Sample) => median(runs.map((r) => r[key]));
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  console.log(`Graph pipeline, default profile (${runs[0].triples} triples), median of ${samples} fresh processes`);
  console.log(`  module imports                         ${ms(m('imports'))}`);
  console.log(`  cold: ontology + load + validate + build ${ms(m('cold'))}   baseline (n3 parse of the N-Triples) ${ms(m('parseCold'))}   ratio ${(m('cold') / m('parseCold')).toFixed(1)}x`);
  console.log(`  warm: load + validate + build (reload)   ${ms(m('warm'))}   baseline ${ms(m('parseWarm'))}   ratio ${(m('warm') / m('parseWarm')).toFixed(1)}x`);
  console.log(`  peak RSS of a sample process           ${(Math.max(...runs.map((r) => r.rss)) / 2 ** 20).toFixed(0).padStart(7)} MiB`);
  console.log(`  target: cold under 300 ms including SHACL: ${m('cold') < 300 ? 'met' : 'NOT met'}`);

  // Generated profiles are written by the project's own generator (TypeScript, loaded here under tsx).
  const { writeGeneratedProfile } = await import('../test/support/generate.js');
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-bench-'));
  try {
    const results: Array<{ name: string; s: ScaleSample }> = [];
    for (const size of sizes) {
      const dir = path.join(scratch, size.name);
      await writeGeneratedProfile(dir, { papers: size.papers });
      // Three fresh processes each (one for 1M), the median by CPU time.
      const builds: ScaleSample[] = [];
      for (let i = 0; i < (size.papers > 10_000 ? 1 : 3); i++) builds.push(JSON.parse(await run(['--scale', dir])) as ScaleSample);
      builds.sort((a, b) => a.cpu - b.cpu);
      results.push({ name: size.name, s: builds[builds.length >> 1] });
    }
    const perSecond = (s: ScaleSample, t: number) => s.triples / (t / 1000);
    console.log(`\nScale: generated profiles, one fresh process per build (target ${TARGET.toLocaleString('en')} triples/s)`);
    console.log('  size      triples    wall s   triples/s (wall)  ratio     CPU s   triples/s (CPU)  ratio   peak RSS   warm rebuild: triples/s (CPU)  ratio');
    for (const { name, s } of results) {
      const wall = perSecond(s, s.wall);
      const cpu = perSecond(s, s.cpu);
      console.log(`  ${name.padEnd(6)} ${String(s.triples).padStart(10)} ${(s.wall / 1000).toFixed(2).padStart(9)} ${Math.round(wall).toLocaleString('en').padStart(18)} ${(wall / TARGET).toFixed(2).padStart(6)}x` +
        ` ${(s.cpu / 1000).toFixed(2).padStart(9)} ${Math.round(cpu).toLocaleString('en').padStart(17)} ${(cpu / TARGET).toFixed(2).padStart(6)}x ${(s.peak / 2 ** 20).toFixed(0).padStart(6)} MiB` +
        (s.warmCpu === undefined ? '' : ` ${Math.round(perSecond(s, s.warmCpu)).toLocaleString('en').padStart(30)} ${(perSecond(s, s.warmCpu) / TARGET).toFixed(2).padStart(6)}x`));
    }
    console.log('  phases (CPU ms; share of the build):');
    const names = Object.keys(results[0].s.phases);
    console.log(`  ${'size'.padEnd(6)} ${names.map((n) => n.padStart(22)).join('')}`);
    for (const { name, s } of results) {
      console.log(`  ${name.padEnd(6)} ${names.map((n) => `${s.phases[n].cpu.toFixed(0)} (${(100 * s.phases[n].cpu / s.cpu).toFixed(0)}%)`.padStart(22)).join('')}`);
    }
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1].s, results[i].s];
      const grow = (x: number, y: number) => (Math.log(y / x) / Math.log(b.triples / a.triples)).toFixed(2);
      console.log(`  growth ${results[i - 1].name} → ${results[i].name}: time exponent ${grow(a.cpu, b.cpu)} (CPU), ${grow(a.wall, b.wall)} (wall); peak memory exponent ${grow(a.peak, b.peak)} (1 = linear; target ≤ 1.1)`);
    }

    const alt = JSON.parse(await run(['--alternatives', path.join(scratch, '100k')])) as Alternatives;
    console.log(`\nAlternatives on the 100k profile (${results[1].s.triples} triples), CPU ms in one process:`);
    for (const [name, ms] of Object.entries(alt)) console.log(`  ${name.padEnd(46)} ${ms.toFixed(0).padStart(7)}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// Last, once every constant above is defined.
const mode = process.argv[2];
if (mode === '--child') await sample();
else if (mode === '--scale') await scaleSample(process.argv[3]);
else if (mode === '--alternatives') await alternatives(process.argv[3]);
else await main(Number(process.argv[2] ?? 7));
