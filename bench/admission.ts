// Benchmark: SPARQL admission under slow queries. The real server
// (`createServer`, compiled in dist/, two query workers, the default 5 s time
// limit and queue of 8 per worker) over the demo profile gets 20 slow queries
// at once (five-way cross products, each different), then, while they run or
// wait, 10 cheap ASKs one after another: each ASK's latency, and what became
// of the slow ones (stopped at the time limit after waiting their turn, or
// turned away at once with 503 and Retry-After), with how long each took.
//
//   npm run build && node --import tsx bench/admission.ts

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fromDist, median, root, sleep } from './support.js';

const SLOW = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?p ?o }';
const { createServer } = await fromDist('server.js');
const server = await createServer({ dataDir: path.join(root, 'test/fixtures/profiles/demo'), base: 'http://localhost:8080/', sparql: { workers: 2 } });
await server.startSparql();
const listener = http.createServer(server.app);
await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
const url = (q: string) => `http://127.0.0.1:${(listener.address() as AddressInfo).port}/sparql?query=${encodeURIComponent(q)}`;
const ask = async (q: string) => {
  const started = performance.now();
  const response = await fetch(url(q), { headers: { Accept: 'text/csv' } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text(), ms: performance.now() - started };
};

const slow = Array.from({ length: 20 }, (_, i) => ask(`${SLOW} # ${i}`));
await sleep(200);
const cheap: number[] = [];
for (let i = 0; i < 10; i++) {
  const answer = await ask(`ASK { ?s a ?type } # ${i}`);
  if (answer.status !== 200) throw new Error(`a cheap ASK got ${answer.status}: ${answer.text}`);
  cheap.push(answer.ms);
}
console.log(`cheap ASK while 20 slow queries run or wait: median ${median(cheap).toFixed(0)} ms, slowest ${Math.max(...cheap).toFixed(0)} ms`);
const outcomes = new Map<string, number[]>();
const retryAfter = new Set<string>();
for (const { status, text, ms, retryAfter: after } of await Promise.all(slow)) {
  const kind = `${status} ${text.includes('ran longer') ? 'stopped at the time limit' : text.includes('waiting for a worker') ? 'turned away' : text.trim().slice(0, 60)}`;
  outcomes.set(kind, [...outcomes.get(kind) ?? [], ms]);
  if (after) retryAfter.add(after);
}
for (const [kind, times] of outcomes) {
  console.log(`${times.length} × ${kind}: answered after ${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)} s`);
}
console.log(`Retry-After: ${[...retryAfter].join(', ') || 'none'}`);
listener.close();
await server.close();
