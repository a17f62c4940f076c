// Benchmark: what republishing costs in memory, as `serve --watch` does it
// (a new `createServer` with the one it replaces as `previous`, the SPARQL
// endpoint handed over and reloaded), run in a heap of 160 MB: the heap
// after a forced collection and the resident memory, every 10 versions.
// A version that kept its predecessor alive grew the heap by about 4 MB
// each, and ran out of heap after 37.
//
//   npm run build && node --expose-gc --max-old-space-size=160 --import tsx bench/republish.ts
//   BENCH_REPUBLISHES=1000 node --expose-gc --max-old-space-size=160 --import tsx bench/republish.ts

import path from 'node:path';
import { fromDist, root } from './support.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (and --max-old-space-size=160)');
const { createServer } = await fromDist('server.js');
const { ProfileBuilder } = await fromDist('pipeline.js');
const count = Number(process.env.BENCH_REPUBLISHES ?? 100);
const dataDir = path.join(root, 'test/fixtures/profiles/demo');
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

let server: Awaited<ReturnType<typeof createServer>> | undefined;
for (let i = 1; i <= count; i++) {
  const next = await createServer({ dataDir, base: 'http://localhost:8080/', builder: await ProfileBuilder.create(), previous: server, sparql: { workers: 1 } });
  await next.startSparql();
  server = next;
  if (i % 10 === 0 || i === count) {
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    console.log(`${i} versions: heap ${mb(heapUsed)} after a full collection, RSS ${mb(rss)}`);
  }
}
await server?.close();
