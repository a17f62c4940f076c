// Benchmark: the SPARQL endpoint (src/sparql/: a result cache on the main
// thread, queries in worker threads), as the real server mounts it
// (`createServer` in src/server.ts, compiled in dist/), against a baseline
// that runs the same query on an in-process Oxigraph store on the main
// thread, over plain node:http, in the same run. Both are child processes
// on 127.0.0.1; autocannon drives them in turn from this process, by GET,
// with a small SELECT (publications with their year) in SPARQL JSON.
//
// Two kinds of load, reported separately:
//   cached    the same query again and again: after the first, the endpoint
//             answers from its cache (the baseline has none and evaluates
//             each time, as an in-process engine does);
//   uncached  a distinct query each time (the same one with `BIND (n AS ?request)`
//             for a counter n): every request goes to a worker.
// The uncached ratio is also the most that answering small queries on the
// main thread could win (the baseline is exactly that), at the price of
// their isolation: see the note in src/sparql/router.ts.
//
// Each measurement alternates endpoint and baseline over rounds, so drift in
// the machine's load falls on both. Placements, as the machine allows:
// servers pinned to one core (the endpoint with one worker thread) with the
// load generator on the other, and servers free on every core.
//
// Then loading: a generated N-Triples file of a million triples into the
// SPARQL service (`createSparqlService({ data: { ntriples } })`), with 1 and
// with 2 workers, each in a fresh process: the time, each worker's
// WebAssembly memory, and the process's peak resident memory.
//
//   npm run build && node --import tsx bench/sparql.ts
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 BENCH_CONNECTIONS=32 BENCH_TRIPLES=1000000 node --import tsx bench/sparql.ts

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Options, Result } from 'autocannon';
import { benchScript, canPin, fromDist, median, peakRss, pin, root, stop } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const triplesToLoad = Number(process.env.BENCH_TRIPLES ?? 1_000_000);

const QUERY = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?year WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title ; schema:datePublished ?date .
  BIND (YEAR(?date) AS ?year)
}`;
/** The same query, made distinct by a number: same work, another cache key. */
const distinct = (n: number) => QUERY.replace(/\}$/, `  BIND (${n} AS ?request)\n}`);
const ACCEPT = 'application/sparql-results+json';

type Mode = 'cached' | 'uncached';

/** What a server child reports once it listens (one JSON line on stdout). */
interface ServerReport {
  kind: 'endpoint' | 'baseline';
  port: number;
  workers?: number;
}

/** What a loading child reports. */
interface LoadReport {
  kind: 'load';
  workers: number;
  triples: number;
  bytes: number;
  generateMs: number;
  /** createSparqlService: spawning the workers, hashing the text, every worker's load. */
  serviceMs: number;
  /** The slowest worker's own load. */
  engineMs: number;
  /** CPU time of the whole process (all its threads) during createSparqlService: what the load costs, whatever else the machine runs. */
  cpuMs: number;
  workerMemory: Array<number | undefined>;
  peakRss?: number;
  line: string;
}

type Kind = ServerReport['kind'];
type Started = ServerReport & { child: ChildProcessWithoutNullStreams };

/** The compiled SPARQL service (bench/support.ts's `fromDist` knows only the modules the other benchmarks load). */
async function sparqlFromDist(): Promise<typeof import('../src/sparql/index.js')> {
  const file = path.join(root, 'dist', 'sparql', 'index.js');
  if (!existsSync(file)) throw new Error('dist/sparql/index.js is missing: run `npm run build` first');
  return import(pathToFileURL(file).href) as Promise<typeof import('../src/sparql/index.js')>;
}

if (process.argv[2] === '--serve') await serve(kindOf(process.argv[3]), Number(process.argv[4] ?? 0));
else if (process.argv[2] === '--load') await loadMillion(Number(process.argv[3] ?? 1));
else if (process.argv[2] === '--load-before') await loadAsBefore();
else await main();

function kindOf(arg: string | undefined): Kind {
  if (arg === 'endpoint' || arg === 'baseline') return arg;
  throw new Error(`--serve endpoint|baseline, not ${arg}`);
}

/**
 * A server child: `endpoint` (the real server from `createServer`, whose
 * /sparql is the endpoint's router, cache and worker pool) or `baseline`
 * (Oxigraph on the main thread behind node:http). Neither writes an access log.
 */
async function serve(kind: Kind, workers: number): Promise<void> {
  const { resolveConfig } = await fromDist('config.js');
  const { dataDir, base } = resolveConfig({});
  let handler: http.RequestListener;
  let workerCount: number | undefined;
  let close = async () => {};
  if (kind === 'endpoint') {
    const { createServer } = await fromDist('server.js');
    const server = await createServer({ dataDir, base, sparql: { workers: workers || undefined } });
    const sparql = await server.startSparql();
    if (!sparql) throw new Error('the server has no SPARQL endpoint');
    workerCount = sparql.pool.size;
    handler = server.app;
    close = () => server.close();
  } else {
    const [{ default: oxigraph }, { ProfileBuilder }, { toNTriples }] = await Promise.all([
      import('oxigraph'), fromDist('pipeline.js'), fromDist('render/turtle.js')]);
    const profile = await (await ProfileBuilder.create()).build(dataDir, base);
    const store = new oxigraph.Store();
    store.load(toNTriples(profile.graph), { format: 'application/n-triples' });
    handler = (req, res) => {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('query') ?? '';
      const body = store.query(query, { results_format: ACCEPT }) as string;
      res.writeHead(200, { 'Content-Type': ACCEPT, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
  }
  const server = http.createServer(handler).listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${JSON.stringify({ kind, port, workers: workerCount } satisfies ServerReport)}\n`);
  });
  const stopServing = async () => { server.close(); await close(); process.exit(0); };
  process.on('SIGTERM', stopServing);
  process.on('SIGINT', stopServing);
}

/**
 * N-Triples of `n` triples, shaped like a large publication list: 100,000
 * subjects, each with strings, links to other subjects and typed numbers.
 */
function generate(n: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = `<https://example.org/paper/${i % 100_000}>`;
    const k = Math.floor(i / 100_000);
    if (k % 3 === 0) parts.push(`${s} <https://schema.org/p${k}> "Value ${i} of the work, with a few words"@en .\n`);
    else if (k % 3 === 1) parts.push(`${s} <https://schema.org/p${k}> <https://example.org/paper/${(i * 7) % 100_000}> .\n`);
    else parts.push(`${s} <https://schema.org/p${k}> "${i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n`);
  }
  return Buffer.from(parts.join(''));
}

/** A loading child: a million triples into a fresh SPARQL service with `workers` workers. */
async function loadMillion(workers: number): Promise<void> {
  const { createSparqlService, describeLoad } = await sparqlFromDist();
  let t = performance.now();
  const ntriples = generate(triplesToLoad);
  const generateMs = performance.now() - t;
  t = performance.now();
  const cpu = process.cpuUsage();
  const service = await createSparqlService({ data: { ntriples, base: 'https://example.org/' }, workers });
  const serviceMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const load = service.lastLoad;
  const report: LoadReport = {
    kind: 'load', workers, triples: load.triples, bytes: load.bytes, generateMs, serviceMs, engineMs: load.engineMs, cpuMs,
    workerMemory: load.workerMemory, peakRss: peakRss(process.pid), line: describeLoad(load),
  };
  await service.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/**
 * For comparison, in a process of its own: what a worker did with the same
 * text before (one string, loaded into the default graph and again into the
 * named graph, then counted by listing every triple), on the main thread.
 */
async function loadAsBefore(): Promise<void> {
  const { default: oxigraph } = await import('oxigraph');
  const text = generate(triplesToLoad).toString('utf8');
  const t = performance.now();
  const cpu = process.cpuUsage();
  const store = new oxigraph.Store();
  store.load(text, { format: 'application/n-triples' });
  store.load(text, { format: 'application/n-triples', to_graph_name: oxigraph.namedNode('https://example.org/dataset') });
  const triples = store.match(null, null, null, oxigraph.defaultGraph()).length;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ triples, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 })}\n`);
}

async function main(): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  const pinnable = canPin();
  const script = benchScript('sparql');
  const children: ChildProcessWithoutNullStreams[] = [];
  const child = <R>(args: string[]) => new Promise<R & { child: ChildProcessWithoutNullStreams }>((resolve, reject) => {
    const c = spawn(process.execPath, [script, ...args], { cwd: root });
    children.push(c);
    c.stderr.pipe(process.stderr);
    let out = '';
    c.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      if (out.includes('\n')) resolve({ child: c, ...JSON.parse(out.split('\n')[0]) as R });
    });
    c.once('exit', (code) => reject(new Error(`the child ${args.join(' ')} exited (${code})`)));
  });
  const start = (kind: Kind, workers: number) => child<ServerReport>(['--serve', kind, String(workers)]);
  const url = (s: { port: number }, query = QUERY) => `http://127.0.0.1:${s.port}/sparql?query=${encodeURIComponent(query)}`;
  let counter = 0;
  const cannon = async (s: Started, mode: Mode, opts: { amount: number } | { duration: number }) => {
    const options: Options & { requests?: Array<{ setupRequest: (r: { path: string }) => { path: string } }> } = {
      url: url(s), connections, headers: { accept: ACCEPT }, ...opts,
    };
    // A new query for every request (autocannon asks for each request's path here).
    if (mode === 'uncached') options.requests = [{ setupRequest: (r) => ({ ...r, path: `/sparql?query=${encodeURIComponent(distinct(++counter))}` }) }];
    const result = await autocannon(options);
    if (result.non2xx || result.errors || result.timeouts) {
      throw new Error(`${s.kind} (${mode}): ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
    return result;
  };
  const rowsIn = async (s: Started) => {
    const answer = await (await fetch(url(s), { headers: { accept: ACCEPT } })).json() as { results: { bindings: unknown[] } };
    return answer.results.bindings.length;
  };

  try {
    const placements = pinnable ? ['pinned', 'free'] as const : ['free'] as const;
    console.log(`SPARQL endpoint bench: ${rounds} rounds of ${seconds} s per server and kind of load, ${connections} connections, autocannon, GET, ${ACCEPT}, localhost`);
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
      console.log('');
      console.log(placement === 'pinned'
        ? 'servers pinned to cpu 1 (the endpoint with 1 worker thread), autocannon on cpu 0:'
        : `servers free on all ${os.availableParallelism()} cores (the endpoint with ${endpoint.workers} worker threads), autocannon beside them:`);
      for (const mode of ['cached', 'uncached'] as const) {
        for (const s of [endpoint, baseline]) await cannon(s, mode, { amount: 2000 }); // warm up
        const runs = { endpoint: [] as Result[], baseline: [] as Result[] };
        for (let round = 0; round < rounds; round++) {
          runs.endpoint.push(await cannon(endpoint, mode, { duration: seconds }));
          runs.baseline.push(await cannon(baseline, mode, { duration: seconds }));
        }
        const summary = (results: Result[]) => ({
          qps: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length,
          p99: median(results.map((r) => r.latency.p99)),
        });
        const e = summary(runs.endpoint);
        const base = summary(runs.baseline);
        const ratio = e.qps / base.qps;
        console.log(`  ${mode === 'cached' ? 'cached (the same query)' : 'uncached (a new query each time)'}, ${a} rows per answer:`);
        console.log(`    endpoint (cache, worker threads)   ${e.qps.toFixed(0).padStart(7)} queries/s   p99 ${String(e.p99).padStart(3)} ms`);
        console.log(`    baseline (Oxigraph, main thread)   ${base.qps.toFixed(0).padStart(7)} queries/s   p99 ${String(base.p99).padStart(3)} ms`);
        console.log(`    ratio endpoint / baseline          ${ratio.toFixed(2).padStart(7)}   target at least 1: ${ratio >= 1 ? 'met' : 'NOT met'}`);
      }
      for (const s of [endpoint, baseline]) await stop(s.child, 10_000);
      if (placement === 'pinned') pin(process.pid, `0-${os.cpus().length - 1}`);
    }

    console.log('');
    console.log(`loading ${triplesToLoad} generated triples (N-Triples) into the SPARQL service, each in a fresh process:`);
    const loads: LoadReport[] = [];
    for (const workers of [1, 2]) {
      const load = await child<LoadReport>(['--load', String(workers)]);
      loads.push(load);
      const mb = (n: number | undefined) => (n === undefined ? '?' : `${(n / 1e6).toFixed(0)} MB`);
      console.log(`  ${workers} worker${workers === 1 ? ' ' : 's'}: service ready in ${(load.serviceMs / 1000).toFixed(1)} s ` +
        `(slowest worker's own load ${(load.engineMs / 1000).toFixed(1)} s; CPU time of all threads ${(load.cpuMs / 1000).toFixed(1)} s; generating the text took ${(load.generateMs / 1000).toFixed(1)} s), ` +
        `${mb(load.bytes)} of N-Triples, worker memory ${load.workerMemory.map(mb).join(' + ')}, process peak RSS ${mb(load.peakRss)}`);
      console.log(`    log line: ${load.line}`);
      await stop(load.child, 10_000);
    }
    const before = await child<{ triples: number; ms: number; cpuMs: number }>(['--load-before']);
    await stop(before.child, 10_000);
    console.log(`  as a worker loaded before (a string, twice: default and named graph, then every triple listed to count them), ` +
      `one store: ${(before.ms / 1000).toFixed(1)} s, CPU ${(before.cpuMs / 1000).toFixed(1)} s; ` +
      `CPU ratio before / now (1 worker) ${(before.cpuMs / loads[0].cpuMs).toFixed(1)}`);
    if (loads.length === 2 && loads[0].peakRss && loads[1].peakRss) {
      console.log(`  each further worker adds about ${((loads[1].peakRss - loads[0].peakRss) / 1e6).toFixed(0)} MB of peak RSS ` +
        `(its WebAssembly memory: ${((loads[1].workerMemory[1] ?? 0) / 1e6).toFixed(0)} MB)`);
    }
  } finally {
    for (const c of children) await stop(c, 10_000);
  }
}
