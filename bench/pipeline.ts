// Benchmark: load, validate and build the default profile graph
// (`ProfileBuilder`, src/pipeline.ts, as compiled in dist/).
//
// Each sample is a fresh Node process (so "cold" includes compiling the JSON
// Schema and SHACL shapes, as at server start), which then rebuilds the graph
// a few more times ("warm": what a data reload costs). The baseline, in the
// same run and the same processes, is the least work that yields the same
// triples: parsing the graph's own N-Triples dump with n3. Prints medians and
// the ratio to the baseline.
//
//   node --import tsx bench/pipeline.ts [samples]       (run `npm run build` first)

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { benchScript, fromDist, median, root } from './support.js';

/** What one sample process reports. */
interface Sample {
  imports: number;
  cold: number;
  warm: number;
  parseCold: number;
  parseWarm: number;
  triples: number;
  rss: number;
}

if (process.argv[2] === '--child') await sample();
else await main(Number(process.argv[2] ?? 7));

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

async function main(samples: number): Promise<void> {
  const script = benchScript('pipeline');
  const runs: Sample[] = [];
  for (let i = 0; i < samples; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--child'], { cwd: root });
    runs.push(JSON.parse(stdout) as Sample);
  }
  const m = (key: keyof Sample) => median(runs.map((r) => r[key]));
  const ms = (v: number) => `${v.toFixed(1).padStart(7)} ms`;
  console.log(`Graph pipeline, default profile (${runs[0].triples} triples), median of ${samples} fresh processes`);
  console.log(`  module imports                         ${ms(m('imports'))}`);
  console.log(`  cold: ontology + load + validate + build ${ms(m('cold'))}   baseline (n3 parse of the N-Triples) ${ms(m('parseCold'))}   ratio ${(m('cold') / m('parseCold')).toFixed(1)}x`);
  console.log(`  warm: load + validate + build (reload)   ${ms(m('warm'))}   baseline ${ms(m('parseWarm'))}   ratio ${(m('warm') / m('parseWarm')).toFixed(1)}x`);
  console.log(`  peak RSS of a sample process           ${(Math.max(...runs.map((r) => r.rss)) / 2 ** 20).toFixed(0).padStart(7)} MiB`);
  console.log(`  target: cold under 300 ms including SHACL: ${m('cold') < 300 ? 'met' : 'NOT met'}`);
}
