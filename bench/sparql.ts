// Benchmark: the SPARQL endpoint (src/sparql/, queries in worker threads),
// as the real server mounts it (`createServer` in src/server.ts, compiled in
// dist/), against a baseline that runs the same query on an in-process
// Oxigraph store, directly in a bare Express handler on the main thread, in
// the same run. Both are child processes on 127.0.0.1; autocannon drives them
// in turn from this process, by GET, with a simple SELECT (publications with
// their year) in SPARQL JSON.
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
//   npm run build && node --import tsx bench/sparql.ts
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 BENCH_CONNECTIONS=10 node --import tsx bench/sparql.ts

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Result } from 'autocannon';
import { benchScript, canPin, fromDist, median, pin, root, stop } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

const QUERY = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?year WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title ; schema:datePublished ?date .
  BIND (YEAR(?date) AS ?year)
}`;
const ACCEPT = 'application/sparql-results+json';

/** What a server child reports once it listens (one JSON line on stdout). */
interface EndpointReport {
  kind: 'endpoint';
  port: number;
  /** `startSparql`: spawning the workers and their first load. */
  startMs: number;
  workers: number;
  /** A whole reload (serialise, every worker loads), median of 7. */
  reloadMs: number;
  /** One worker's store from N-Triples (the slowest worker's), median of 7. */
  engineMs: number;
  triples: number;
}

interface BaselineReport {
  kind: 'baseline';
  port: number;
  /** A new Oxigraph store from the N-Triples, median of 7. */
  engineMs: number;
}

type Report = EndpointReport | BaselineReport;
type Kind = Report['kind'];
type Started<K extends Kind> = Extract<Report, { kind: K }> & { child: ChildProcessWithoutNullStreams };

if (process.argv[2] === '--serve') await serve(kindOf(process.argv[3]), Number(process.argv[4] ?? 0));
else await main();

function kindOf(arg: string | undefined): Kind {
  if (arg === 'endpoint' || arg === 'baseline') return arg;
  throw new Error(`--serve endpoint|baseline, not ${arg}`);
}

/**
 * A server child: `endpoint` (the real server from `createServer`, whose
 * /sparql is the endpoint's router and worker pool) or `baseline` (Oxigraph
 * on the main thread). Neither writes an access log.
 */
async function serve(kind: Kind, workers: number): Promise<void> {
  const { resolveConfig } = await fromDist('config.js');
  const { dataDir, base } = resolveConfig({});
  let handler: http.RequestListener;
  let report: Omit<EndpointReport, 'port'> | Omit<BaselineReport, 'port'>;
  let close = async () => {};
  if (kind === 'endpoint') {
    const { createServer } = await fromDist('server.js');
    const server = await createServer({ dataDir, base, sparql: { workers: workers || undefined } });
    const started = performance.now();
    const sparql = await server.startSparql();
    if (!sparql) throw new Error('the server has no SPARQL endpoint');
    const startMs = performance.now() - started;
    // A data reload, as the server does on new data: N-Triples to every worker.
    const reloads: number[] = [];
    const engine: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const r = await sparql.reload(server.profile);
      reloads.push(performance.now() - t);
      engine.push(r.engineMs);
    }
    report = { kind, startMs, workers: sparql.pool.size, reloadMs: median(reloads), engineMs: median(engine), triples: sparql.lastLoad.triples };
    handler = server.app;
    close = () => server.close();
  } else {
    const [{ default: express }, { default: oxigraph }, { ProfileBuilder }, { toNTriples }] = await Promise.all([
      import('express'), import('oxigraph'), fromDist('pipeline.js'), fromDist('render/turtle.js')]);
    const profile = await (await ProfileBuilder.create()).build(dataDir, base);
    const ntriples = toNTriples(profile.graph);
    const loads: number[] = [];
    let store = new oxigraph.Store();
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      store = new oxigraph.Store();
      store.load(ntriples, { format: 'application/n-triples' });
      loads.push(performance.now() - t);
    }
    report = { kind, engineMs: median(loads) };
    const app = express();
    app.disable('x-powered-by');
    app.disable('etag');
    app.get('/sparql', (req, res) => {
      const body = store.query(String(req.query.query), { results_format: ACCEPT });
      res.setHeader('Content-Type', ACCEPT);
      res.end(body);
    });
    handler = app;
  }
  const server = http.createServer(handler).listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ ...report, port })}\n`);
  });
  const stopServing = async () => { server.close(); await close(); process.exit(0); };
  process.on('SIGTERM', stopServing);
  process.on('SIGINT', stopServing);
}

async function main(): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  const pinnable = canPin();
  const script = benchScript('sparql');
  const children: ChildProcessWithoutNullStreams[] = [];
  const start = <K extends Kind>(kind: K, workers: number) => new Promise<Started<K>>((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--serve', kind, String(workers)], { cwd: root });
    children.push(child);
    child.stderr.pipe(process.stderr);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child, ...JSON.parse(out.split('\n')[0]) as Extract<Report, { kind: K }> });
    });
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code})`)));
  });
  const url = (s: { port: number }) => `http://127.0.0.1:${s.port}/sparql?query=${encodeURIComponent(QUERY)}`;
  const cannon = async (s: Started<Kind>, opts: { amount: number } | { duration: number }) => {
    const result = await autocannon({ url: url(s), connections, headers: { accept: ACCEPT }, ...opts });
    if (result.non2xx || result.errors || result.timeouts) {
      throw new Error(`${s.kind}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    return result;
  };
  const rowsIn = async (s: Started<Kind>) => {
    const answer = await (await fetch(url(s), { headers: { accept: ACCEPT } })).json() as { results: { bindings: unknown[] } };
    return answer.results.bindings.length;
  };

  try {
    const placements = pinnable ? ['pinned', 'free'] as const : ['free'] as const;
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
      const [a, b] = await Promise.all([rowsIn(endpoint), rowsIn(baseline)]);
      if (a !== b || a === 0) throw new Error(`the endpoint found ${a} rows, the baseline ${b}`);
      for (const s of [endpoint, baseline]) await cannon(s, { amount: 3000 }); // warm up
      const runs = { endpoint: [] as Result[], baseline: [] as Result[] };
      for (let round = 0; round < rounds; round++) {
        runs.endpoint.push(await cannon(endpoint, { duration: seconds }));
        runs.baseline.push(await cannon(baseline, { duration: seconds }));
      }
      const summary = (results: Result[]) => ({
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
      for (const s of [endpoint, baseline]) await stop(s.child, 10_000);
      if (placement === 'pinned') pin(process.pid, `0-${os.cpus().length - 1}`);
    }
  } finally {
    for (const child of children) await stop(child, 10_000);
  }
}
