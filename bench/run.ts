// Benchmark: the real `lodfolio serve` (the compiled server, `node
// dist/main.js serve`, which builds everything through `serve` in
// src/server.ts, as `npm start` does) against a baseline Express app that
// answers the same URLs with the same prebuilt bytes and nothing else
// (bench/baseline.ts). Both run here, on 127.0.0.1 only, pinned to the same
// core when taskset exists; autocannon drives them in turn from this process
// on the other core.
//
// For the negotiated GET of the profile page and of one entity document, in
// Turtle, JSON-LD and HTML, it prints requests/s and p99 latency of both and
// their ratio (target: at least 0.9), then the real server's startup to first
// answer (target: under 1 s) and both servers' peak RSS (the real server's
// target: at most 400 MiB), with the requests the real server answered.
//
// Each case is measured in rounds that alternate real and baseline, so that
// drift in the machine's load (other processes share its two cores) falls on
// both; req/s is the mean over the rounds, p99 the median.
//
//   npm run bench                       (builds first)
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 node --import tsx bench/run.ts   (seconds per measurement, rounds; the defaults)

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { TableEntry } from './baseline.js';
import { benchScript, canPin, documentCases, freePort, peakRss, pin, root, sleep, stop, type DocumentCase } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 10;

const cases = documentCases;

interface Summary {
  rps: number;
  p99: number;
}

interface Row extends DocumentCase {
  /** What the real server answered: Content-Length and media type. */
  bytes: number;
  type: string;
  real: Summary;
  base: Summary;
  ratio: number;
}

// Servers on one core, the load generator on the other: less noise on a 2-core
// machine. A server is pinned once it is up, so that its startup (which uses
// Node's helper threads) is timed as a user would see it.
const pinned = canPin();
const launch = (args: string[]): ChildProcessWithoutNullStreams => spawn(process.execPath, args, { cwd: root });

if (!existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
// (Emitted now: emitting blocks this process, which must not happen while it times the real server's startup.)
const baselineScript = benchScript('baseline');

const children: ChildProcessWithoutNullStreams[] = [];
try {
  // The real server, timed from spawn to its first 200 for /.
  const realPort = await freePort();
  const realUrl = `http://127.0.0.1:${realPort}`;
  const started = performance.now();
  const real = launch(['dist/main.js', 'serve', '--port', String(realPort), '--host', '127.0.0.1']);
  children.push(real);
  // (Access-log lines for the polling below may come before it; the log is read, and dropped, to the end.)
  let startupLine = '';
  let stdout = '';
  real.stdout.on('data', (chunk: Buffer) => {
    if (startupLine) return;
    stdout += chunk;
    startupLine = /^lodfolio: serving .*$/m.exec(stdout)?.[0] ?? '';
  });
  real.stderr.pipe(process.stderr);
  let firstAnswer: number | undefined;
  for (let i = 0; i < 3000 && firstAnswer === undefined; i++) {
    try {
      const res = await fetch(`${realUrl}/`);
      const at = performance.now();
      await res.arrayBuffer();
      if (res.status === 200) firstAnswer = at - started;
      else await sleep(5);
    } catch {
      if (real.exitCode !== null) throw new Error('the real server exited');
      await sleep(5);
    }
  }
  if (firstAnswer === undefined) throw new Error('the real server never answered');
  if (pinned) pin(real.pid, 1);
  // (Children inherit affinity: the bench pins itself only after the real server started free.)
  if (pinned) pin(process.pid, 0);

  // The same bytes for the baseline to serve.
  const table: TableEntry[] = [];
  const answered: Array<Pick<Row, 'bytes' | 'type'>> = [];
  for (const c of cases) {
    const res = await fetch(`${realUrl}${c.path}`, { headers: { accept: c.accept, 'accept-encoding': 'identity' } });
    const type = res.headers.get('content-type');
    if (res.status !== 200 || !type) throw new Error(`the real server answered ${c.name} with ${res.status} ${type ?? '(no type)'}`);
    table.push({ path: c.path, accept: c.accept, type, body: Buffer.from(await res.arrayBuffer()).toString('base64') });
    answered.push({ bytes: Number(res.headers.get('content-length')), type: type.split(';')[0] });
  }
  const basePort = await freePort();
  const baseUrl = `http://127.0.0.1:${basePort}`;
  const baseline = launch([baselineScript, String(basePort)]);
  children.push(baseline);
  baseline.stderr.pipe(process.stderr);
  baseline.stdin.end(JSON.stringify(table));
  await new Promise((resolve, reject) => {
    baseline.stdout.once('data', resolve);
    baseline.once('exit', () => reject(new Error('the baseline exited')));
  });
  if (pinned) pin(baseline.pid, 1);

  console.log(`lodfolio bench: ${rounds} rounds of ${seconds} s per server and case, ${connections} connections, autocannon, localhost${pinned ? ', servers pinned to cpu 1, load on cpu 0' : ''}`);
  console.log(`real server: ${startupLine}`);
  // Warm both up (JIT, caches) before measuring.
  for (const c of cases) {
    await autocannon({ url: `${realUrl}${c.path}`, connections, amount: 2000, headers: { accept: c.accept } });
    await autocannon({ url: `${baseUrl}${c.path}`, connections, amount: 2000, headers: { accept: c.accept } });
  }
  const rows: Row[] = [];
  // Requests the real server answered in the measurements (the warm-up's 2,000 a case besides): what its peak RSS is after.
  let answeredTotal = 0;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const cannon = (url: string, accept: string) => autocannon({ url, connections, duration: seconds, headers: { accept } });
  for (const [i, c] of cases.entries()) {
    const real: autocannon.Result[] = [];
    const base: autocannon.Result[] = [];
    for (let round = 0; round < rounds; round++) {
      real.push(await cannon(`${realUrl}${c.path}`, c.accept));
      base.push(await cannon(`${baseUrl}${c.path}`, c.accept));
    }
    for (const [who, results] of [['real', real], ['baseline', base]] as const) {
      for (const result of results) {
        if (result.non2xx || result.errors || result.timeouts) throw new Error(`${who} ${c.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
    }
    const summary = (results: autocannon.Result[]): Summary => ({
      rps: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length,
      p99: median(results.map((r) => r.latency.p99)),
    });
    const r = summary(real);
    const b = summary(base);
    rows.push({ ...c, ...answered[i], real: r, base: b, ratio: r.rps / b.rps });
    answeredTotal += real.reduce((sum, result) => sum + result.requests.total, 0);
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (v: number, n: number, d = 0) => v.toFixed(d).padStart(n);
  console.log('');
  console.log(`${pad('request', 62)} ${pad('type', 20)} ${'bytes'.padStart(6)} | ${'real req/s'.padStart(10)} ${'p99 ms'.padStart(6)} | ${'base req/s'.padStart(10)} ${'p99 ms'.padStart(6)} | ${'ratio'.padStart(5)}`);
  for (const row of rows) {
    console.log(`${pad(row.name, 62)} ${pad(row.type, 20)} ${num(row.bytes, 6)} | ${num(row.real.rps, 10)} ${num(row.real.p99, 6)} | ${num(row.base.rps, 10)} ${num(row.base.p99, 6)} | ${num(row.ratio, 5, 2)}`);
  }
  const worst = Math.min(...rows.map((r) => r.ratio));
  const mib = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
  console.log('');
  console.log(`throughput ratio, real / baseline: worst ${worst.toFixed(2)}, mean ${(rows.reduce((s, r) => s + r.ratio, 0) / rows.length).toFixed(2)} (target >= 0.90: ${worst >= 0.9 ? 'met' : 'NOT met'})`);
  console.log(`startup to first answer (spawn to the first 200 for /): ${firstAnswer.toFixed(0)} ms (target < 1000 ms: ${firstAnswer < 1000 ? 'met' : 'NOT met'})`);
  console.log(`peak RSS: real server ${mib(peakRss(real.pid))} (after ${answeredTotal.toLocaleString('en')} requests), baseline ${mib(peakRss(baseline.pid))}`);
} finally {
  for (const child of children) await stop(child, 15_000);
}
