// Benchmark: load, validate and build the default profile graph.
//
// Each sample is a fresh Node process (so "cold" includes compiling the JSON
// Schema and SHACL shapes, as at server start), which then rebuilds the graph
// a few more times ("warm": what a data reload costs). The baseline, in the
// same run and the same processes, is the least work that yields the same
// triples: parsing the graph's own N-Triples dump with n3. Prints medians and
// the ratio to the baseline.
//
//   node bench/pipeline.js [samples]       (run `npm run build` first)

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const samples = Number(process.argv[2] ?? 7);
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const t0 = performance.now();
  const [{ loadOntology }, { ProfileBuilder }, { toNTriples }, { resolveConfig }, { Parser }] = await Promise.all([
    import('../dist/ontology.js'), import('../dist/graph/profile.js'), import('../dist/formats/turtle.js'),
    import('../dist/config.js'), import('n3')]);
  const imports = performance.now() - t0;
  const { dataDir, base } = resolveConfig({});
  const t1 = performance.now();
  const builder = new ProfileBuilder(await loadOntology());
  const profile = await builder.build(dataDir, base);
  const cold = performance.now() - t1;
  const warm = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await builder.build(dataDir, base);
    warm.push(performance.now() - t);
  }
  const ntriples = toNTriples(profile.graph);
  const parse = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    new Parser({ format: 'N-Triples' }).parse(ntriples);
    parse.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ imports, cold, warm: median(warm), parseCold: parse[0], parseWarm: median(parse.slice(1)),
    triples: profile.graph.size, rss: process.memoryUsage().rss }));
} else {
  const runs = [];
  for (let i = 0; i < samples; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, [self, '--child']);
    runs.push(JSON.parse(stdout));
  }
  const m = (key) => median(runs.map((r) => r[key]));
  const ms = (v) => `${v.toFixed(1).padStart(7)} ms`;
  console.log(`Graph pipeline, default profile (${runs[0].triples} triples), median of ${samples} fresh processes`);
  console.log(`  module imports                         ${ms(m('imports'))}`);
  console.log(`  cold: ontology + load + validate + build ${ms(m('cold'))}   baseline (n3 parse of the N-Triples) ${ms(m('parseCold'))}   ratio ${(m('cold') / m('parseCold')).toFixed(1)}x`);
  console.log(`  warm: load + validate + build (reload)   ${ms(m('warm'))}   baseline ${ms(m('parseWarm'))}   ratio ${(m('warm') / m('parseWarm')).toFixed(1)}x`);
  console.log(`  peak RSS of a sample process           ${(Math.max(...runs.map((r) => r.rss)) / 2 ** 20).toFixed(0).padStart(7)} MiB`);
  console.log(`  target: cold under 300 ms including SHACL: ${m('cold') < 300 ? 'met' : 'NOT met'}`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
