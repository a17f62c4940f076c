// Benchmark: nginx serving the built site with the configuration `lodfolio
// server-config nginx` generates, against the same nginx serving the same
// bytes as one fixed file per URL (no negotiation, no file tests, no maps),
// and against `lodfolio serve` on the same profile. All three run here, on
// 127.0.0.1 only, pinned to one core when taskset exists; autocannon drives
// them in turn from this process on the other core.
//
// For the negotiated GET of the profile page and of one entity document, in
// Turtle, JSON-LD and HTML (Chrome's Accept), it prints requests/s of each
// and the ratios: generated / fixed file (target: at least 0.9), and
// generated nginx / lodfolio serve. Each case is measured in rounds that
// alternate the servers, so that drift in the machine's load falls on all.
//
//   npm run bench                       (builds first)
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 node --import tsx bench/static.ts   (the defaults)

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { canPin, documentCases, freePort, pin, root, sleep, stop } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = 10;
const nginx = '/usr/sbin/nginx';

const cases = documentCases;

if (!existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first');
if (!existsSync(nginx)) {
  console.log('lodfolio static bench: skipped, nginx is not installed (Debian: apt-get install nginx)');
  process.exit(0);
}

const pinned = canPin();
// Readable by nginx's workers, which run as an unprivileged user when it is started by root.
const work = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-bench-static-'));
chmodSync(work, 0o755);
const children: ChildProcess[] = [];

/** A server on cpu 1 (children inherit it: nginx's workers too). */
function start(command: string, args: string[]): ChildProcess {
  const child = pinned ? spawn('taskset', ['-c', '1', command, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    : spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function answering(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch { /* not yet */ }
    await sleep(10);
  }
  throw new Error(`${url} never answered`);
}

try {
  const site = path.join(work, 'site');
  const generatedPort = await freePort();
  const build = spawnSync(process.execPath, ['dist/main.js', 'build', '--out', site, '--base', `http://127.0.0.1:${generatedPort}/`], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`lodfolio build failed:\n${build.stderr}`);

  // The generated configuration, as a user runs it; access log off in both nginx runs alike.
  const generatedPrefix = path.join(work, 'generated');
  mkdirSync(generatedPrefix, { mode: 0o755 });
  const generated = spawnSync(process.execPath, ['dist/main.js', 'server-config', 'nginx', '--root', site,
    '--listen', `127.0.0.1:${generatedPort}`, '--prefix', generatedPrefix], { cwd: root, encoding: 'utf8' });
  if (generated.status !== 0) throw new Error(`lodfolio server-config failed:\n${generated.stderr}`);
  writeFileSync(path.join(generatedPrefix, 'nginx.conf'), generated.stdout.replace(/access_log [^;]+;/, 'access_log off;'));
  const generatedUrl = `http://127.0.0.1:${generatedPort}`;
  const generatedServer = start(nginx, ['-p', generatedPrefix, '-c', path.join(generatedPrefix, 'nginx.conf')]);
  await answering(`${generatedUrl}/`, generatedServer);

  // What each case gets, and the same bytes as fixed files for the baseline nginx.
  const fixedPrefix = path.join(work, 'fixed');
  mkdirSync(fixedPrefix, { mode: 0o755 });
  const fixedPort = await freePort();
  const locations: string[] = [];
  const answered: Array<{ bytes: number; type: string; location: string }> = [];
  for (const [i, c] of cases.entries()) {
    const res = await fetch(`${generatedUrl}${c.path}`, { headers: { accept: c.accept, 'accept-encoding': 'identity' } });
    const type = res.headers.get('content-type')!;
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`nginx answered ${c.name} with ${res.status}`);
    const file = path.join(fixedPrefix, `case${i}`);
    writeFileSync(file, body, { mode: 0o644 });
    locations.push(`    location = /case${i} { alias "${file}"; types { } default_type "${type}"; }`);
    answered.push({ bytes: body.length, type: type.split(';')[0], location: res.headers.get('content-location') ?? '' });
  }
  writeFileSync(path.join(fixedPrefix, 'nginx.conf'), [
    'daemon off;', 'worker_processes 1;', `pid "${fixedPrefix}/nginx.pid";`, `error_log "${fixedPrefix}/error.log" warn;`,
    'events { worker_connections 1024; }', 'http {', '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path "${fixedPrefix}/${t}_temp";`),
    '  sendfile on;', '  tcp_nopush on;', '  keepalive_requests 100000;',
    '  open_file_cache max=10000 inactive=60s;',
    `  server { listen 127.0.0.1:${fixedPort};`, ...locations, '  }', '}', ''].join('\n'));
  const fixedUrl = `http://127.0.0.1:${fixedPort}`;
  const fixedServer = start(nginx, ['-p', fixedPrefix, '-c', path.join(fixedPrefix, 'nginx.conf')]);
  await answering(`${fixedUrl}/case0`, fixedServer);

  // lodfolio serve, the same profile, the compiled server.
  const servePort = await freePort();
  const serveUrl = `http://127.0.0.1:${servePort}`;
  const serve = start(process.execPath, ['dist/main.js', 'serve', '--port', String(servePort), '--host', '127.0.0.1']);
  await answering(`${serveUrl}/`, serve);
  if (pinned) pin(process.pid, 0);

  console.log(`lodfolio static bench: ${rounds} rounds of ${seconds} s per server and case, ${connections} connections, autocannon, localhost${pinned ? ', servers pinned to cpu 1, load on cpu 0' : ''}`);
  const servers = {
    generated: (i: number) => ({ url: `${generatedUrl}${cases[i].path}`, accept: cases[i].accept }),
    fixed: (i: number) => ({ url: `${fixedUrl}/case${i}`, accept: cases[i].accept }),
    serve: (i: number) => ({ url: `${serveUrl}${cases[i].path}`, accept: cases[i].accept }),
  };
  const cannon = (target: { url: string; accept: string }, opts: { duration?: number; amount?: number }) =>
    autocannon({ url: target.url, connections, headers: { accept: target.accept }, ...opts });
  for (const i of cases.keys()) for (const s of Object.values(servers)) await cannon(s(i), { amount: 2000 });

  const rows: Array<{ name: string; type: string; bytes: number; rps: Record<keyof typeof servers, number> }> = [];
  for (const [i, c] of cases.entries()) {
    const rps = { generated: 0, fixed: 0, serve: 0 };
    for (let round = 0; round < rounds; round++) {
      for (const [name, s] of Object.entries(servers) as Array<[keyof typeof servers, typeof servers.fixed]>) {
        const result = await cannon(s(i), { duration: seconds });
        if (result.non2xx || result.errors || result.timeouts) throw new Error(`${name} ${c.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
        rps[name] += result.requests.average / rounds;
      }
    }
    rows.push({ name: c.name, type: answered[i].type, bytes: answered[i].bytes, rps });
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (v: number, n: number, d = 0) => v.toFixed(d).padStart(n);
  console.log('');
  console.log(`${pad('request', 62)} ${pad('type', 20)} ${'bytes'.padStart(6)} | ${'nginx gen.'.padStart(10)} ${'nginx file'.padStart(10)} ${'serve'.padStart(8)} | ${'gen/file'.padStart(8)} ${'gen/serve'.padStart(9)}`);
  for (const r of rows) {
    console.log(`${pad(r.name, 62)} ${pad(r.type, 20)} ${num(r.bytes, 6)} | ${num(r.rps.generated, 10)} ${num(r.rps.fixed, 10)} ${num(r.rps.serve, 8)} | ${num(r.rps.generated / r.rps.fixed, 8, 2)} ${num(r.rps.generated / r.rps.serve, 9, 2)}`);
  }
  const ratios = rows.map((r) => r.rps.generated / r.rps.fixed);
  const worst = Math.min(...ratios);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log('');
  console.log(`throughput ratio, generated config / fixed file: worst ${worst.toFixed(2)}, mean ${mean(ratios).toFixed(2)} (target >= 0.90: ${worst >= 0.9 ? 'met' : 'NOT met'})`);
  console.log(`throughput ratio, nginx with the generated config / lodfolio serve: mean ${mean(rows.map((r) => r.rps.generated / r.rps.serve)).toFixed(2)}`);
} finally {
  for (const child of children) await stop(child, 15_000);
  rmSync(work, { recursive: true, force: true });
}
