// Benchmark: the SPARQL endpoint (src/sparql/, queries in worker threads)
// against a baseline that runs the same query on an in-process Oxigraph
// store, directly in a bare Express handler on the main thread, in the same
// run. Both are child processes on 127.0.0.1; autocannon drives them in turn
// from this process, by GET, with a simple SELECT (publications with their
// year) in SPARQL JSON.
//
// Prints queries/s and p99 latency of both and their ratio, and what loading
// the graph into the engine costs (per worker store, a whole reload, and the
// baseline's one store).
//
// Each measurement alternates endpoint and baseline over rounds, so drift in
// the machine's load falls on both. Two placements, as the machine allows:
// servers pinned to one core with the load generator on the other (how the
// "about 5,000 queries/s on one core" figure for an in-process engine was
// taken), and servers free on every core.
//
//   npm run build && node bench/sparql.js
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 node bench/sparql.js

import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const QUERY = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?year WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title ; schema:datePublished ?date .
  BIND (YEAR(?date) AS ?year)
}`;
const ACCEPT = 'application/sparql-results+json';

if (process.argv[2] === '--serve') await serve(process.argv[3], Number(process.argv[4] ?? 0));
else await main();

/** A server child: `endpoint` (the real router and pool) or `baseline` (Oxigraph on the main thread). */
async function serve(kind, workers) {
  const [{ default: express }, { loadOntology }, { ProfileBuilder }, { resolveConfig }, { toNTriples }] = await Promise.all([
    import('express'), import('../dist/ontology.js'), import('../dist/graph/profile.js'), import('../dist/config.js'), import('../dist/formats/turtle.js')]);
  const { dataDir, base } = resolveConfig({});
  const profile = await new ProfileBuilder(await loadOntology()).build(dataDir, base);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const report = { kind };
  let close = async () => {};
  if (kind === 'endpoint') {
    const { createSparqlService } = await import('../dist/sparql/index.js');
    const started = performance.now();
    const sparql = await createSparqlService({ profile, workers: workers || undefined });
    report.startMs = performance.now() - started;
    report.workers = sparql.pool.size;
    // A data reload, as the server does on new data: N-Triples to every worker.
    const reloads = [];
    const engine = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const r = await sparql.reload(profile);
      reloads.push(performance.now() - t);
      engine.push(r.engineMs);
    }
    report.reloadMs = median(reloads);
    report.engineMs = median(engine);
    report.triples = sparql.lastLoad.triples;
    app.use(sparql.path, sparql.router);
    close = () => sparql.close();
  } else {
    const { default: oxigraph } = await import('oxigraph');
    const ntriples = toNTriples(profile.graph);
    const loads = [];
    let store;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      store = new oxigraph.Store();
      store.load(ntriples, { format: 'application/n-triples' });
      loads.push(performance.now() - t);
    }
    report.engineMs = median(loads);
    app.get('/sparql', (req, res) => {
      const body = store.query(String(req.query.query), { results_format: ACCEPT });
      res.setHeader('Content-Type', ACCEPT);
      res.end(body);
    });
  }
  const server = app.listen(0, '127.0.0.1', () => {
    report.port = server.address().port;
    process.stdout.write(`${JSON.stringify(report)}\n`);
  });
  const stop = async () => { server.close(); await close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main() {
  const { default: autocannon } = await import('autocannon');
  const canPin = spawnSync('taskset', ['--version']).status === 0 && os.availableParallelism() >= 2;
  const children = [];
  const start = (kind, workers) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--serve', kind, String(workers)], { cwd: root });
    children.push(child);
    child.stderr.pipe(process.stderr);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, ...JSON.parse(out.split('\n')[0]) });
    });
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
  });
  const pin = (pid, cpu) => spawnSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)]);
  const url = (s) => `http://127.0.0.1:${s.port}/sparql?query=${encodeURIComponent(QUERY)}`;
  const cannon = async (s, opts) => {
    const result = await autocannon({ url: url(s), connections, headers: { accept: ACCEPT }, ...opts });
    if (result.non2xx || result.errors || result.timeouts) {
      throw new Error(`${s.kind}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    return result;
  };

  try {
    const placements = canPin ? ['pinned', 'free'] : ['free'];
    console.log(`SPARQL endpoint bench: ${rounds} rounds of ${seconds} s per server, ${connections} connections, autocannon, GET, ${ACCEPT}, localhost`);
    console.log(`query: ${QUERY.replace(/\s+/g, ' ')}`);
    for (const placement of placements) {
      // Fresh servers per placement; the endpoint gets as many workers as it has cores there.
      const workers = placement === 'pinned' ? 1 : 0;
      const endpoint = await start('endpoint', workers);
      const baseline = await start('baseline', 0);
      if (placement === 'pinned') {
        pin(endpoint.child.pid, 1);
        pin(baseline.child.pid, 1);
        pin(process.pid, 0);
      }
      // The answers must be the same before their speed is compared.
      const [a, b] = await Promise.all([endpoint, baseline].map(async (s) => (await (await fetch(url(s), { headers: { accept: ACCEPT } })).json()).results.bindings.length));
      if (a !== b || a === 0) throw new Error(`the endpoint found ${a} rows, the baseline ${b}`);
      for (const s of [endpoint, baseline]) await cannon(s, { amount: 3000 }); // warm up
      const runs = { endpoint: [], baseline: [] };
      for (let round = 0; round < rounds; round++) {
        runs.endpoint.push(await cannon(endpoint, { duration: seconds }));
        runs.baseline.push(await cannon(baseline, { duration: seconds }));
      }
      const summary = (results) => ({
        qps: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length,
        p99: median(results.map((r) => r.latency.p99)),
      });
      const e = summary(runs.endpoint);
      const base = summary(runs.baseline);
      console.log('');
      console.log(placement === 'pinned'
        ? 'servers pinned to cpu 1 (the endpoint with 1 worker thread), autocannon on cpu 0:'
        : `servers free on all ${os.availableParallelism()} cores (the endpoint with ${endpoint.workers} worker threads), autocannon beside them:`);
      console.log(`  endpoint (worker threads)       ${e.qps.toFixed(0).padStart(7)} queries/s   p99 ${String(e.p99).padStart(3)} ms   (${a} rows per answer)`);
      console.log(`  baseline (Oxigraph, main thread) ${base.qps.toFixed(0).padStart(6)} queries/s   p99 ${String(base.p99).padStart(3)} ms`);
      const verdict = placement === 'free'
        ? `target (as lodfolio runs: workers on every core) at least 5000 queries/s: ${e.qps >= 5000 ? 'met' : 'NOT met'}`
        : 'one core shared by the main thread and its worker: what handing queries to a thread costs';
      console.log(`  ratio endpoint / baseline        ${(e.qps / base.qps).toFixed(2).padStart(6)}          ${verdict}`);
      if (placement === placements[0]) {
        console.log('');
        console.log(`graph load into the engine (${endpoint.triples} triples, median of 7):`);
        console.log(`  one worker's store from N-Triples        ${endpoint.engineMs.toFixed(1).padStart(6)} ms   baseline (same, in-process) ${baseline.engineMs.toFixed(1)} ms`);
        console.log(`  a whole reload (serialise, ${endpoint.workers} worker${endpoint.workers === 1 ? '' : 's'})     ${endpoint.reloadMs.toFixed(1).padStart(6)} ms`);
        console.log(`  service start (spawn workers, first load) ${endpoint.startMs.toFixed(1).padStart(5)} ms`);
      }
      for (const s of [endpoint, baseline]) await stop(s.child);
      if (placement === 'pinned') pin(process.pid, `0-${os.cpus().length - 1}`);
    }
  } finally {
    for (const child of children) await stop(child);
  }
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
