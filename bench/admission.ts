// Benchmark: SPARQL admission under slow queries. The real server
// (`createServer`, compiled in dist/, two query workers, the default 5 s time
// limit) over the demo profile gets 20 slow queries at once (five-way cross
// products, each different), then, while they run or wait, 10 cheap ASKs one
// after another: each ASK's latency, and what became of the slow ones
// (stopped at the time limit, or turned away with 503 after waiting).
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
  return { status: response.status, text: await response.text(), ms: performance.now() - started };
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
const outcomes = new Map<string, number>();
for (const { status, text } of await Promise.all(slow)) {
  const kind = `${status} ${text.includes('ran longer') ? 'stopped at the time limit' : text.includes('free') ? 'turned away after waiting' : text.trim().slice(0, 60)}`;
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
}
console.log('the 20 slow queries:', Object.fromEntries(outcomes));
listener.close();
await server.close();
