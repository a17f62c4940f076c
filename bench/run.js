// Benchmark: the real `lodfolio serve` against a baseline Express app that
// answers the same URLs with the same prebuilt bytes and nothing else
// (bench/baseline.js). Both run here, on 127.0.0.1 only, pinned to the same
// core when taskset exists; autocannon drives them in turn from this process
// on the other core.
//
// For the negotiated GET of the profile page and of one entity document, in
// Turtle, JSON-LD and HTML, it prints requests/s and p99 latency of both and
// their ratio (target: at least 0.9), then the real server's startup to first
// answer (target: under 1 s) and both servers' peak RSS.
//
// Each case is measured in rounds that alternate real and baseline, so that
// drift in the machine's load (other processes share its two cores) falls on
// both; req/s is the mean over the rounds, p99 the median.
//
//   npm run bench                       (builds first)
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 node bench/run.js   (seconds per measurement, rounds; the defaults)

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 10;
const entity = '/organizations/cloud-software-systems-group';
const chrome = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const cases = [
  { name: 'GET / Turtle', path: '/', accept: 'text/turtle' },
  { name: 'GET / JSON-LD', path: '/', accept: 'application/ld+json' },
  { name: 'GET / HTML (Chrome)', path: '/', accept: chrome },
  { name: `GET ${entity} Turtle`, path: entity, accept: 'text/turtle' },
  { name: `GET ${entity} JSON-LD`, path: entity, accept: 'application/ld+json' },
  { name: `GET ${entity} HTML (Chrome)`, path: entity, accept: chrome },
];

// Servers on one core, the load generator on the other: less noise on a 2-core
// machine. A server is pinned once it is up, so that its startup (which uses
// Node's helper threads) is timed as a user would see it.
const pinned = spawnSync('taskset', ['--version']).status === 0 && os.availableParallelism() >= 2;
const launch = (args) => spawn(process.execPath, args, { cwd: root });
const pin = (child) => { if (pinned) spawnSync('taskset', ['-a', '-p', '-c', '1', String(child.pid)]); };

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak resident set size (VmHWM) of a process, from Linux's /proc. */
function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function cannon(url, accept) {
  return autocannon({ url, connections, duration: seconds, headers: { accept } });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-bench-'));
const children = [];
try {
  // The real server, timed from spawn to its first 200 for /.
  const realPort = await freePort();
  const realUrl = `http://127.0.0.1:${realPort}`;
  const started = performance.now();
  const real = launch(['dist/main.js', 'serve', '--port', String(realPort), '--host', '127.0.0.1']);
  children.push(real);
  let startupLine = '';
  // (Access-log lines for the polling below may come before it.)
  let stdout = '';
  real.stdout.on('data', (chunk) => {
    stdout += chunk;
    startupLine ||= /^lodfolio: serving .*$/m.exec(stdout)?.[0] ?? '';
  });
  real.stderr.pipe(process.stderr);
  let firstAnswer;
  for (let i = 0; i < 3000 && firstAnswer === undefined; i++) {
    try {
      const res = await fetch(`${realUrl}/`);
      if (res.status === 200) firstAnswer = performance.now() - started;
      else await sleep(5);
    } catch {
      if (real.exitCode !== null) throw new Error('the real server exited');
      await sleep(5);
    }
  }
  if (firstAnswer === undefined) throw new Error('the real server never answered');
  pin(real);
  // (Children inherit affinity: the bench pins itself only after the real server started free.)
  if (pinned) spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);

  // The same bytes for the baseline to serve.
  const table = [];
  for (const c of cases) {
    const res = await fetch(`${realUrl}${c.path}`, { headers: { accept: c.accept, 'accept-encoding': 'identity' } });
    table.push({ path: c.path, accept: c.accept, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()).toString('base64') });
    c.bytes = Number(res.headers.get('content-length'));
    c.type = res.headers.get('content-type').split(';')[0];
  }
  const tableFile = path.join(tmp, 'table.json');
  writeFileSync(tableFile, JSON.stringify(table));
  const basePort = await freePort();
  const baseUrl = `http://127.0.0.1:${basePort}`;
  const baseline = launch(['bench/baseline.js', String(basePort), tableFile]);
  children.push(baseline);
  baseline.stderr.pipe(process.stderr);
  await new Promise((resolve, reject) => {
    baseline.stdout.once('data', resolve);
    baseline.once('exit', () => reject(new Error('the baseline exited')));
  });
  pin(baseline);

  console.log(`lodfolio bench: ${rounds} rounds of ${seconds} s per server and case, ${connections} connections, autocannon, localhost${pinned ? ', servers pinned to cpu 1, load on cpu 0' : ''}`);
  console.log(`real server: ${startupLine}`);
  // Warm both up (JIT, caches) before measuring.
  for (const c of cases) {
    await autocannon({ url: `${realUrl}${c.path}`, connections, amount: 2000, headers: { accept: c.accept } });
    await autocannon({ url: `${baseUrl}${c.path}`, connections, amount: 2000, headers: { accept: c.accept } });
  }
  const rows = [];
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  for (const c of cases) {
    const real = [];
    const base = [];
    for (let round = 0; round < rounds; round++) {
      real.push(await cannon(`${realUrl}${c.path}`, c.accept));
      base.push(await cannon(`${baseUrl}${c.path}`, c.accept));
    }
    for (const [who, results] of [['real', real], ['baseline', base]]) {
      for (const result of results) {
        if (result.non2xx || result.errors || result.timeouts) throw new Error(`${who} ${c.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
      }
    }
    const summary = (results) => ({
      rps: results.reduce((sum, r) => sum + r.requests.average, 0) / results.length,
      p99: median(results.map((r) => r.latency.p99)),
    });
    const r = summary(real);
    const b = summary(base);
    rows.push({ ...c, real: r, base: b, ratio: r.rps / b.rps });
  }

  const pad = (s, n) => String(s).padEnd(n);
  const num = (v, n, d = 0) => v.toFixed(d).padStart(n);
  console.log('');
  console.log(`${pad('request', 62)} ${pad('type', 20)} ${'bytes'.padStart(6)} | ${'real req/s'.padStart(10)} ${'p99 ms'.padStart(6)} | ${'base req/s'.padStart(10)} ${'p99 ms'.padStart(6)} | ${'ratio'.padStart(5)}`);
  for (const row of rows) {
    console.log(`${pad(row.name, 62)} ${pad(row.type, 20)} ${num(row.bytes, 6)} | ${num(row.real.rps, 10)} ${num(row.real.p99, 6)} | ${num(row.base.rps, 10)} ${num(row.base.p99, 6)} | ${num(row.ratio, 5, 2)}`);
  }
  const worst = Math.min(...rows.map((r) => r.ratio));
  const mib = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
  console.log('');
  console.log(`throughput ratio, real / baseline: worst ${worst.toFixed(2)}, mean ${(rows.reduce((s, r) => s + r.ratio, 0) / rows.length).toFixed(2)} (target >= 0.90: ${worst >= 0.9 ? 'met' : 'NOT met'})`);
  console.log(`startup to first answer (spawn to the first 200 for /): ${firstAnswer.toFixed(0)} ms (target < 1000 ms: ${firstAnswer < 1000 ? 'met' : 'NOT met'})`);
  console.log(`peak RSS: real server ${mib(peakRss(real.pid))}, baseline ${mib(peakRss(baseline.pid))}`);
} finally {
  for (const child of children) await stop(child);
  rmSync(tmp, { recursive: true, force: true });
}
