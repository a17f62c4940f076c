// The baseline for bench/run.js: a minimal Express app that answers the
// benchmarked URLs with the same prebuilt bytes, from memory, and does
// nothing else (no negotiation, no caching headers, no log). What the real
// server costs beyond this is what its features cost.
//
//   node bench/baseline.js PORT TABLE.json
//   TABLE: [{ path, accept, type, body (base64) }]

import { readFileSync } from 'node:fs';
import express from 'express';

const [port, tableFile] = process.argv.slice(2);
const table = new Map(JSON.parse(readFileSync(tableFile, 'utf8'))
  .map((e) => [`${e.path}\n${e.accept}`, { type: e.type, body: Buffer.from(e.body, 'base64') }]));

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use((req, res) => {
  const entry = table.get(`${req.path}\n${req.headers.accept}`);
  if (!entry) { res.statusCode = 404; res.end(); return; }
  res.setHeader('Content-Type', entry.type);
  res.end(entry.body);
});
app.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
