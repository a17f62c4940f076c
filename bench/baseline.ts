// The baseline for bench/run.ts: a minimal Express app that answers the
// benchmarked URLs with the same prebuilt bytes, from memory, and does
// nothing else (no negotiation, no caching headers, no log). What the real
// server costs beyond this is what its features cost.
//
//   node --import tsx bench/baseline.ts PORT < TABLE.json
//   TABLE: [{ path, accept, type, body (base64) }]; prints "ready" once listening.

import express from 'express';

/** One benchmarked URL and Accept header, and what the real server answered. */
export interface TableEntry {
  path: string;
  accept: string;
  type: string;
  /** Base64. */
  body: string;
}

const port = Number(process.argv[2]);
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const entries = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TableEntry[];
const table = new Map(entries.map((e) => [`${e.path}\n${e.accept}`, { type: e.type, body: Buffer.from(e.body, 'base64') }]));

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use((req, res) => {
  const entry = table.get(`${req.path}\n${req.headers.accept}`);
  if (!entry) { res.statusCode = 404; res.end(); return; }
  res.setHeader('Content-Type', entry.type);
  res.end(entry.body);
});
app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) throw error;
  process.stdout.write('ready\n');
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
