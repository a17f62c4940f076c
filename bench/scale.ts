// Benchmark: how lodfolio scales with the size of the profile. Generated
// profiles (test/support/generate.ts) of about 1k, 10k, 100k and 1M triples
// go through the compiled CLI (`node dist/main.js`, as a user runs it), each
// command in its own process:
//
//   validate          wall time and peak RSS
//   build --out       wall time, peak RSS, files and bytes of the export; the
//                     bytes of `/` and of one publication in each RDF format
//                     and HTML, read from the export; then the same build
//                     again, nothing changed (every document reused)
//   serve --site      time from spawn to the first 200 for `/`; req/s of a
//                     cached publication in Turtle (autocannon) against the
//                     same request to the 1k-triple site in the same run, in
//                     alternating rounds; the server's RSS after the load
//   serve DIR         (from the YAML) time to the first 200, for reference
//   one title changed the build again after one paper's title changed, as a
//                     command of its own (it reads back the previous build's
//                     record) and under `build --watch` (one process building
//                     after each save: the figure its own line gives), twice
//   hugo              the peer (bench/hugo.ts): Hugo given the same works as
//                     Markdown, each as HTML and JSON with author and venue
//                     pages; files/s and works/s of both, and lodfolio's
//                     share of Hugo's (skipped, saying so, without `hugo`)
//
// then the growth exponent log(t2/t1)/log(n2/n1) of build time and peak RSS
// between sizes, a Markdown table and a verdict per target:
//   at 1M triples: build <= 60 s and <= 2 GiB peak RSS; first answer of
//   serve --site <= 2 s; entity req/s >= 0.8 x the 1k-triple site's;
//   exponents <= 1.1 from 10k to 1M; JSON-LD <= 1.5 x N-Triples + 2 KiB.
//
// Generated profiles are cached under the system's temporary folder, keyed by
// size and by a hash of the generator, so that a rerun skips the generation
// (minutes at 1M). Built sites are written to a temporary folder and removed.
//
//   npm run bench:scale                                   (builds first; all four sizes)
//   SCALE_SIZES=1k,10k,100k node --import tsx bench/scale.ts
//   SCALE_SIZES=387k                                      (10,000 papers, which the Hugo comparison is about)
//   SCALE_SECONDS=3 SCALE_ROUNDS=3                        (per req/s measurement; the defaults)
//   SCALE_TIMEOUT=1800                                    (seconds any one command may take)
//   SCALE_KEEP=1                                          (keep the built sites, and print where)
//   SCALE_VALIDATE_ONLY=1                                 (validate only: its time and peak RSS at each size)

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { writeGeneratedProfile } from '../test/support/generate.js';
import { hugoVersion, runHugo, writeHugoSource, type HugoRun } from './hugo.js';
import { canPin, filesIn, fromDist, freePort, peakRss, pin, root, sleep, stop } from './support.js';

const seconds = Number(process.env.SCALE_SECONDS ?? 3);
const rounds = Number(process.env.SCALE_ROUNDS ?? 3);
const timeoutMs = Number(process.env.SCALE_TIMEOUT ?? 1800) * 1000;
const keep = process.env.SCALE_KEEP === '1';
/** Only `validate` at each size (its time and peak RSS, and how they grow): no build, no server. */
const validateOnly = process.env.SCALE_VALIDATE_ONLY === '1';
const connections = 10;
const base = 'https://scholar.example/';
const formats = ['html', 'ttl', 'jsonld', 'nt', 'rdf'] as const;
type Format = (typeof formats)[number];
/** The size whose site is the reference for req/s. */
const referenceSize = 1000;
/** The publication measured: past the first four (the news items point at those), present at every size. */
const entityId = 'paper-10';
const main = path.join(root, 'dist', 'main.js');
const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** `1k` → 1000, `1M` → 1000000, `2500` → 2500. */
function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  if (!m) throw new Error(`SCALE_SIZES: "${text}" is not a size like 10k or 1M`);
  return Math.round(Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1e3 : 1e6));
}

function sizeLabel(n: number): string {
  return n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n);
}

const sizes = [...new Set((process.env.SCALE_SIZES ?? '1k,10k,100k,1M').split(',').filter((s) => s.trim()).map(parseSize))]
  .sort((a, b) => a - b);
if (sizes.length === 0) throw new Error('SCALE_SIZES names no size');

// ---------------------------------------------------------------------------
// Profiles: the paper count for a target triple count, and the cache.

/** What changes the generated YAML: the generator's source, and this file's way of calling it. */
const generatorVersion = createHash('sha256')
  .update(readFileSync(path.join(root, 'test', 'support', 'generate.ts')))
  .update('scale-1')
  .digest('hex').slice(0, 12);
const cacheDir = path.join(os.tmpdir(), 'lodfolio-scale', generatorVersion);

/** A generated profile of `papers` papers (seed 1), from the cache or written into it. */
async function profileWith(papers: number): Promise<string> {
  const dir = path.join(cacheDir, `papers-${papers}`);
  if (existsSync(dir)) return dir;
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(cacheDir, `.papers-${papers}-`));
  try {
    await writeGeneratedProfile(staging, { papers });
    renameSync(staging, dir); // complete or absent: a killed run leaves only a dot-folder behind
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  return dir;
}

/** Triple counts of generated profiles (papers → triples), as the compiled pipeline builds them today. */
type Counts = Record<string, number>;

/**
 * The paper count whose profile comes closest to `target` triples. About 39
 * triples a paper, but not quite linearly in small profiles (the generator
 * gives them a floor of people and projects): so the count is searched,
 * building candidate profiles here with the compiled pipeline (not measured),
 * up to 20k triples; above that the slope of the two largest counts is
 * extrapolated. Counts are cached beside the profiles, keyed by the build of
 * dist/ and ontology/.
 */
async function papersFor(target: number): Promise<number> {
  const file = path.join(cacheDir, `triples-${distVersion()}.json`);
  const counts: Counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Counts : {};
  const builder = await (await fromDist('pipeline.js')).ProfileBuilder.create();
  const triples = async (papers: number) => {
    counts[papers] ??= (await builder.build(await profileWith(papers), base)).graph.size;
    writeFileSync(file, JSON.stringify(counts));
    return counts[papers];
  };
  const [a, b] = [100, 400];
  const perPaper = (await triples(b) - await triples(a)) / (b - a);
  let papers = Math.max(1, Math.round(a + (target - await triples(a)) / perPaper));
  if (target > 20_000) return papers;
  for (let i = 0; i < 6; i++) {
    const next = Math.max(1, papers + Math.round((target - await triples(papers)) / perPaper));
    if (next === papers) break;
    papers = next;
  }
  return papers;
}

/** The compiled pipeline and ontology the calibration depends on. */
function distVersion(): string {
  const hash = createHash('sha256');
  for (const dir of ['dist', 'ontology']) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).sort((x, y) => x.parentPath.localeCompare(y.parentPath) || x.name.localeCompare(y.name))) {
      if (entry.isFile()) hash.update(entry.name).update(readFileSync(path.join(entry.parentPath, entry.name)));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

// ---------------------------------------------------------------------------
// Child processes.

interface Run {
  ms: number;
  /** Peak RSS in bytes (GNU time's maximum RSS, else /proc's VmHWM polled while it ran). */
  peak: number | undefined;
  stdout: string;
  stderr: string;
}

/** A command that failed or timed out, with how long it ran and its peak memory. */
class CommandFailed extends Error {
  constructor(message: string, readonly ms: number, readonly peak: number | undefined) {
    super(message);
  }
}

const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

/** Runs `node dist/main.js ARGS` to its end; throws if it fails or outlives the timeout. */
async function runCli(args: string[], what: string): Promise<Run> {
  const timeFile = path.join(work, `time-${process.hrtime.bigint()}`);
  const [command, argv] = gnuTime
    ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, main, ...args]]
    : [process.execPath, [main, ...args]];
  const started = performance.now();
  const child = spawn(command, argv, { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk; });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
  // (Under GNU time, node is its child: polled too, as GNU time writes nothing when it is killed.)
  const node = () => (gnuTime ? childrenOf(child.pid)[0] : child.pid);
  let polled: number | undefined;
  const poll = setInterval(() => { polled = Math.max(polled ?? 0, peakRss(node()) ?? 0) || undefined; }, 50);
  const timer = setTimeout(() => kill(node() ?? child.pid), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
  const ms = performance.now() - started;
  clearInterval(poll);
  clearTimeout(timer);
  let peak = polled;
  if (gnuTime) {
    const lines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
    rmSync(timeFile, { force: true });
    const kb = Number(lines.at(-1));
    if (Number.isFinite(kb) && kb > 0) peak = kb * 1024;
  }
  if (code !== 0) {
    const why = ms >= timeoutMs ? 'timed out' : signal ?? `exit ${code}`;
    const at = `after ${(ms / 1000).toFixed(1)} s${peak ? `, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB` : ''}`;
    const said = (stderr || stdout).trim().split('\n').slice(-3).join(' / ');
    throw new CommandFailed(`${what} failed (${why}, ${at})${said ? `: ${said}` : ''}`, ms, peak);
  }
  return { ms, peak, stdout, stderr };
}

/** The children of a process, from /proc (none elsewhere). */
function childrenOf(pid: number | undefined): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function kill(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Changes a generated paper's title in a profile's works.yaml, as an editor would. */
function retitle(dir: string, id: string): void {
  const file = path.join(dir, 'works.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(`  - id: ${id}\n    name: `, `  - id: ${id}\n    name: Revisited, `);
  if (edited === text) throw new Error(`no paper ${id} in ${file}`);
  writeFileSync(file, edited);
}

/**
 * `build DIR --watch` over the site: after its first build (every document
 * reused), each of `ids` retitled in turn, each rebuild waited for; its time
 * is the one its own line gives (the watch's debounce and the process's
 * start left out, as a user sees it after a save).
 */
async function watchedRebuilds(dir: string, site: string, ids: readonly string[]): Promise<{ ms: number[]; peak: number | undefined }> {
  const child = spawn(process.execPath, [main, 'build', dir, '--out', site, '--base', base, '--watch'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let peak: number | undefined;
  const poll = setInterval(() => { peak = Math.max(peak ?? 0, peakRss(child.pid) ?? 0) || undefined; }, 50);
  const built: number[] = [];
  let next: (() => void) | undefined;
  let said = '';
  createInterface({ input: child.stderr! }).on('line', (line) => { said = line; });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const seconds = /^lodfolio: built .* in ([\d.]+) s$/.exec(line)?.[1];
    if (seconds) { built.push(Number(seconds) * 1000); next?.(); }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const builtOnce = () => new Promise<void>((resolve, reject) => {
    next = resolve;
    void exited.then(() => reject(new Error(`build --watch exited: ${said}`)));
  });
  try {
    await builtOnce();
    for (const id of ids) {
      const rebuilt = builtOnce();
      retitle(dir, id);
      await rebuilt;
    }
  } finally {
    clearInterval(poll);
    await stop(child, 15_000);
    children.delete(child);
  }
  return { ms: built.slice(1), peak };
}

/** A server of the compiled CLI, and the time from its spawn to its first 200 for `/`. */
interface Server {
  child: ChildProcess;
  url: string;
  firstAnswer: number;
}

const children = new Set<ChildProcess>();

async function startServer(args: string[], what: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [main, ...args, '--port', String(port), '--host', '127.0.0.1'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk; });
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(60_000) });
      const at = performance.now();
      await res.arrayBuffer();
      if (res.status === 200) return { child, url, firstAnswer: at - started };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
    await sleep(5);
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  await stop(server.child, 15_000);
  children.delete(server.child);
}

/** Current RSS of a process, from /proc; undefined elsewhere. */
function rss(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// The export.

interface Export {
  files: number;
  bytes: number;
  documents: number;
  /** Bytes of the identity file of each format, for `/` and the publication. */
  home: Record<Format, number | undefined>;
  entity: Record<Format, number | undefined>;
  entityPath: string;
}

function readExport(site: string): Export {
  const { files, bytes } = filesIn(site);
  const manifest = JSON.parse(readFileSync(path.join(site, '.lodfolio-site.json'), 'utf8')) as { documents: Record<string, string[]> };
  const basePath = new URL(base).pathname;
  const paths = Object.keys(manifest.documents);
  const wanted = `${basePath}publications/${entityId}`;
  const entityPath = paths.includes(wanted) ? wanted : paths.filter((p) => p.startsWith(`${basePath}publications/`) && !p.endsWith('/')).sort()[0];
  if (!entityPath) throw new Error(`the export in ${site} has no publication`);
  const sizes = (doc: string): Record<Format, number | undefined> => {
    const stem = (doc.endsWith('/') ? `${doc}index` : doc).slice(basePath.length);
    const result = {} as Record<Format, number | undefined>;
    for (const f of formats) {
      const file = path.join(site, `${stem}.${f}`);
      result[f] = manifest.documents[doc]?.includes(f) && existsSync(file) ? statSync(file).size : undefined;
    }
    return result;
  };
  return { files, bytes, documents: paths.length, home: sizes(basePath), entity: sizes(entityPath), entityPath };
}

// ---------------------------------------------------------------------------
// Load.

const cannon = (url: string, amount?: number) =>
  autocannon({ url, connections, ...(amount ? { amount } : { duration: seconds }), headers: { accept: 'text/turtle' } });

function checked(result: autocannon.Result, what: string): number {
  if (result.non2xx || result.errors || result.timeouts) throw new Error(`${what}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result.requests.average;
}

/** Mean req/s of the publication in Turtle on `server` and on the reference, in alternating rounds (drift falls on both). */
async function throughput(server: Server, reference: Server, entityPath: string): Promise<{ rps: number; ref: number }> {
  await cannon(`${server.url}${entityPath}`, 2000);
  await cannon(`${reference.url}${entityPath}`, 2000);
  let rps = 0;
  let ref = 0;
  for (let round = 0; round < rounds; round++) {
    rps += checked(await cannon(`${server.url}${entityPath}`), 'site') / rounds;
    ref += checked(await cannon(`${reference.url}${entityPath}`), 'reference site') / rounds;
  }
  return { rps, ref };
}

// ---------------------------------------------------------------------------
// The run.

interface Measured {
  target: number;
  papers: number;
  triples?: number;
  validate?: Run;
  build?: Run;
  /** The same build again over its own site, the data unchanged: every document taken from the first. */
  rebuild?: Run;
  /** A build that failed or timed out: how long it ran, its peak RSS. */
  buildFailed?: CommandFailed;
  /** The build again after one paper's title changed, a command of its own. */
  titleRebuild?: Run;
  /** The same, under `build --watch`: each rebuild's time as its line says it, and the process's peak RSS. */
  watched?: { ms: number[]; peak: number | undefined };
  export?: Export;
  siteFirstAnswer?: number;
  yamlFirstAnswer?: number;
  /** serve DIR, once it answers `/`: ms to the first answer for a work's Turtle, and to the second. */
  yamlEntityFirst?: number;
  yamlEntitySecond?: number;
  rps?: number;
  refRps?: number;
  serverRss?: number;
  serverPeak?: number;
  /** The peer's build of the same works. */
  hugo?: HugoRun;
  failure?: string;
}

if (!existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first');
const work = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-scale-run-'));
const pinned = canPin();
const cores = os.availableParallelism(); // (before this process pins itself)
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
const loadAtStart = os.loadavg()[0];
const log = (line: string) => process.stderr.write(`scale: ${line}\n`);

const hugo = hugoVersion();
if (!hugo) log('hugo is not installed (Debian: apt-get install hugo): the peer is skipped');
const rows: Measured[] = [];
let reference: { server: Server; entityPath: string } | undefined;
try {
  log(`profiles cached in ${cacheDir}`);

  // Sites and their builds first, so that servers do not share the cores with builds.
  const all = sizes.includes(referenceSize) ? sizes : [referenceSize, ...sizes];
  const sites = new Map<number, string>();
  for (const target of all) {
    const row: Measured = { target, papers: await papersFor(target) };
    if (sizes.includes(target)) rows.push(row);
    try {
      log(`${sizeLabel(target)}: generating ${row.papers} papers (if not cached)`);
      const dir = await profileWith(row.papers);
      const site = path.join(work, `site-${sizeLabel(target)}`);
      log(`${sizeLabel(target)}: validate`);
      try {
        row.validate = await runCli(['validate', dir], `validate (${sizeLabel(target)})`);
        row.triples = Number(/(\d+) triples/.exec(row.validate.stdout)?.[1]) || undefined;
      } catch (error) {
        // Reported, and the build tried all the same: it says what it gets to.
        row.failure = (error as Error).message;
        log(`${sizeLabel(target)}: ${row.failure}`);
      }
      if (validateOnly) continue;
      log(`${sizeLabel(target)}: build`);
      try {
        row.build = await runCli(['build', dir, '--out', site, '--base', base], `build (${sizeLabel(target)})`);
      } catch (error) {
        if (error instanceof CommandFailed) row.buildFailed = error;
        throw error;
      }
      row.triples ??= Number(/\((\d+) triples\)/.exec(row.build.stdout)?.[1]) || undefined;
      log(`${sizeLabel(target)}: build again, nothing changed`);
      row.rebuild = await runCli(['build', dir, '--out', site, '--base', base], `rebuild (${sizeLabel(target)})`);
      row.export = readExport(site);
      // One title changed, in a copy of the cached profile: a command of its own, then twice under build --watch.
      const edited = path.join(work, `profile-${sizeLabel(target)}`);
      cpSync(dir, edited, { recursive: true });
      log(`${sizeLabel(target)}: build again after one title changed`);
      retitle(edited, 'paper-1');
      row.titleRebuild = await runCli(['build', edited, '--out', site, '--base', base], `rebuild after one title (${sizeLabel(target)})`);
      log(`${sizeLabel(target)}: build --watch, one title changed at a time`);
      row.watched = await watchedRebuilds(edited, site, ['paper-2', 'paper-3']);
      rmSync(edited, { recursive: true, force: true });
      sites.set(target, site);
      log(`${sizeLabel(target)}: ${row.triples} triples, build ${(row.build.ms / 1000).toFixed(1)} s, ${row.export.files} files`);
      if (hugo && sizes.includes(target)) {
        log(`${sizeLabel(target)}: hugo, the same ${row.papers} works`);
        const source = path.join(work, `hugo-${sizeLabel(target)}`);
        mkdirSync(source);
        writeHugoSource(source, row.papers);
        row.hugo = await runHugo(source, path.join(source, 'public'));
        rmSync(source, { recursive: true, force: true });
      }
    } catch (error) {
      row.failure = [row.failure, (error as Error).message].filter(Boolean).join('; ');
      log(`${sizeLabel(target)}: ${(error as Error).message}`);
    }
  }

  const refSite = sites.get(referenceSize);
  if (refSite) {
    const server = await startServer(['serve', '--site', refSite], 'serve --site (reference)');
    if (pinned) pin(server.child.pid, 1);
    reference = { server, entityPath: readExport(refSite).entityPath };
  }
  if (pinned) pin(process.pid, 0);
  for (const row of rows) {
    const site = sites.get(row.target);
    if (!site || !row.export) continue;
    let server: Server | undefined;
    try {
      log(`${sizeLabel(row.target)}: serve --site`);
      // Started free, as a user starts it; pinned once it answers, like the reference.
      server = await startServer(['serve', '--site', site], `serve --site (${sizeLabel(row.target)})`);
      row.siteFirstAnswer = server.firstAnswer;
      if (pinned) pin(server.child.pid, 1);
      if (reference && reference.entityPath === row.export.entityPath) {
        const { rps, ref } = await throughput(server, reference.server, row.export.entityPath);
        row.rps = rps;
        row.refRps = ref;
      }
      row.serverRss = rss(server.child.pid);
      row.serverPeak = peakRss(server.child.pid);
      await stopServer(server);
      server = undefined;
      log(`${sizeLabel(row.target)}: serve DIR`);
      server = await startServer(['serve', await profileWith(row.papers)], `serve DIR (${sizeLabel(row.target)})`);
      row.yamlFirstAnswer = server.firstAnswer;
      // A work's document is made on its first request, citations and all: the first and the second answer.
      for (const key of ['yamlEntityFirst', 'yamlEntitySecond'] as const) {
        const started = performance.now();
        const res = await fetch(`${server.url}${row.export.entityPath}`, { headers: { accept: 'text/turtle' } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`serve DIR answered ${res.status} for ${row.export.entityPath}`);
        row[key] = performance.now() - started;
      }
    } catch (error) {
      row.failure = (error as Error).message;
      log(`${sizeLabel(row.target)}: ${row.failure}`);
    } finally {
      await stopServer(server);
    }
  }
  if (pinned) pin(process.pid, `0-${cores - 1}`);
} finally {
  await stopServer(reference?.server);
  for (const child of children) await stop(child, 15_000);
  if (keep) log(`sites kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------
// Report.

const s = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const ms = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0));
const mib = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0));
const kib = (bytes: number | undefined) => (bytes === undefined ? '–' : bytes < 10_240 ? (bytes / 1024).toFixed(1) : (bytes / 1024).toFixed(0));
const int = (v: number | undefined) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-GB'));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? undefined : a / b);
const fixed = (v: number | undefined, d = 2) => (v === undefined ? '–' : v.toFixed(d));
const table = (head: string[], body: string[][]) => [
  `| ${head.join(' | ')} |`,
  `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
  ...body.map((r) => `| ${r.join(' | ')} |`),
].join('\n');

const out: string[] = [];
out.push(`lodfolio scale benchmark, ${stamp} UTC, Node ${process.version}, ${cores} cores (${os.cpus()[0]?.model.trim() ?? 'unknown cpu'}), ` +
  `${(os.totalmem() / GiB).toFixed(0)} GiB; load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; ` +
  `req/s: ${rounds} × ${seconds} s, ${connections} connections, Turtle${pinned ? ', servers pinned to cpu 1, load on cpu 0' : ''}`);
out.push('');
out.push(table(['size', 'triples', 'papers', 'documents', 'validate s', 'validate peak MiB', 'build s', 'build peak MiB', 'rebuild s', 'rebuild peak MiB', 'files', 'export MiB'],
  rows.map((r) => [sizeLabel(r.target), int(r.triples), int(r.papers), int(r.export?.documents), s(r.validate?.ms), mib(r.validate?.peak),
    r.buildFailed ? `failed after ${s(r.buildFailed.ms)}` : s(r.build?.ms), mib(r.build?.peak ?? r.buildFailed?.peak),
    s(r.rebuild?.ms), mib(r.rebuild?.peak), int(r.export?.files), mib(r.export?.bytes)])));
out.push('');
// (Validating only: no site, no server, no bytes.)
if (!validateOnly) {
  out.push(table(['size', 'serve --site first answer ms', 'serve DIR first answer ms', 'serve DIR work first / second ms', 'entity req/s', '1k site req/s', 'ratio', 'server RSS after load MiB'],
    rows.map((r) => [sizeLabel(r.target), ms(r.siteFirstAnswer), ms(r.yamlFirstAnswer), `${ms(r.yamlEntityFirst)} / ${ms(r.yamlEntitySecond)}`, int(r.rps), int(r.refRps), fixed(ratio(r.rps, r.refRps)), mib(r.serverRss)])));
  out.push('');
  const entityName = rows.find((r) => r.export)?.export?.entityPath ?? `/publications/${entityId}`;
  out.push(table(['size', ...formats.map((f) => `\`/\` ${f} KiB`), ...formats.map((f) => `entity ${f} KiB`), 'JSON-LD/NT `/`', 'JSON-LD/NT entity'],
    rows.map((r) => [sizeLabel(r.target), ...formats.map((f) => kib(r.export?.home[f])), ...formats.map((f) => kib(r.export?.entity[f])),
      fixed(ratio(r.export?.home.jsonld, r.export?.home.nt)), fixed(ratio(r.export?.entity.jsonld, r.export?.entity.nt))])));
  out.push(`(entity: ${entityName}; bytes of the uncompressed files of the export)`);
  out.push('');
}
if (!validateOnly) {
  out.push(table(['size', 'rebuild after one title s', 'its peak MiB', 'under build --watch s (two titles)', 'build --watch peak MiB', 'hugo build s', 'build --watch / hugo'],
    rows.map((r) => [sizeLabel(r.target), s(r.titleRebuild?.ms), mib(r.titleRebuild?.peak), r.watched ? r.watched.ms.map((v) => s(v)).join(', ') : '–', mib(r.watched?.peak),
      s(r.hugo?.ms), fixed(ratio(r.watched && Math.min(...r.watched.ms), r.hugo?.ms))])));
  out.push('(one paper\'s title changed before each rebuild; build --watch: one process, its first build not counted; the ratio: its faster rebuild against Hugo\'s whole build)');
  out.push('');
}
if (rows.some((r) => r.hugo)) {
  // Per second of wall time, the build of each from nothing: files written, and works published (a work is a document
  // in every format and citation for lodfolio, an HTML and a JSON page for Hugo).
  const perS = (count: number | undefined, t: number | undefined) => (count === undefined || !t ? undefined : count / (t / 1000));
  out.push(table(['size', 'works', `hugo (${hugo}) s`, 'hugo peak MiB', 'hugo files', 'hugo MiB', 'hugo files/s', 'lodfolio files/s', 'files/s ratio', 'hugo works/s', 'lodfolio works/s', 'works/s ratio'],
    rows.filter((r) => r.hugo).map((r) => {
      const [hf, lf] = [perS(r.hugo?.files, r.hugo?.ms), perS(r.export?.files, r.build?.ms)];
      const [hw, lw] = [perS(r.papers, r.hugo?.ms), perS(r.papers, r.build?.ms)];
      return [sizeLabel(r.target), int(r.papers), s(r.hugo?.ms), mib(r.hugo?.peak), int(r.hugo?.files), mib(r.hugo?.bytes),
        int(hf), int(lf), fixed(ratio(lf, hf)), fixed(hw, 1), fixed(lw, 1), fixed(ratio(lw, hw), 3)];
    })));
  out.push('(ratio: lodfolio / Hugo, each building the same generated works from nothing, one after the other in this run)');
  out.push('');
}

const measured = rows.filter((r) => r.triples && (r.build || validateOnly));
const exponent = (a: Measured, b: Measured, value: (r: Measured) => number | undefined) => {
  const [va, vb] = [value(a), value(b)];
  return va && vb ? Math.log(vb / va) / Math.log(b.triples! / a.triples!) : undefined;
};
const growth: string[][] = [];
for (let i = 1; i < measured.length; i++) {
  const [a, b] = [measured[i - 1], measured[i]];
  growth.push([`${sizeLabel(a.target)} → ${sizeLabel(b.target)}`, fixed(exponent(a, b, (r) => r.validate?.ms)), fixed(exponent(a, b, (r) => r.validate?.peak)), fixed(exponent(a, b, (r) => r.build?.ms)),
    fixed(exponent(a, b, (r) => r.build?.peak)), fixed(exponent(a, b, (r) => r.rebuild?.ms)), fixed(exponent(a, b, (r) => r.export?.bytes))]);
}
const from = measured.find((r) => r.target >= 10_000);
const to = measured.at(-1);
const span = from && to && to.target > from.target ? [from, to] as const : undefined;
if (span && measured.indexOf(span[1]) - measured.indexOf(span[0]) > 1) {
  const [a, b] = span;
  growth.push([`${sizeLabel(a.target)} → ${sizeLabel(b.target)}`, fixed(exponent(a, b, (r) => r.validate?.ms)), fixed(exponent(a, b, (r) => r.validate?.peak)), fixed(exponent(a, b, (r) => r.build?.ms)),
    fixed(exponent(a, b, (r) => r.build?.peak)), fixed(exponent(a, b, (r) => r.rebuild?.ms)), fixed(exponent(a, b, (r) => r.export?.bytes))]);
}
if (growth.length > 0) {
  out.push(table(['growth exponent', 'validate time', 'validate peak RSS', 'build time', 'build peak RSS', 'rebuild time', 'export bytes'], growth));
  out.push('');
}

// Verdicts: on the 1M-triple row when there is one, else on the largest measured (said so).
const verdicts: string[] = [];
/** ok: true met, false not met, undefined not measured (the figure then says what was). */
const verdict = (name: string, ok: boolean | undefined, figure: string) =>
  verdicts.push(`- ${name}: ${ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met'} (${figure})`);
const top = rows.find((r) => r.target === 1e6);
const at = top?.build ? top : [...rows].reverse().find((r) => r.build);
const where = at ? (at === top ? 'at 1M' : `1M not measured; at ${sizeLabel(at.target)}`) : 'no site built';
if (top?.failure) verdicts.push(`- 1M failed: ${top.failure}`);
const onTop = (value: (r: Measured) => number | undefined, ok: (v: number) => boolean) => {
  const v = top ? value(top) : undefined;
  return v === undefined ? undefined : ok(v);
};
const failed = top?.buildFailed;
if (failed) {
  // A build that failed or was stopped past a limit has missed it.
  verdict('build ≤ 60 s', failed.ms > 60_000 ? false : undefined, `at 1M: no site, the build ${failed.ms > 60_000 ? 'ran' : 'failed after'} ${s(failed.ms)} s`);
  verdict('build peak RSS ≤ 2 GiB', failed.peak !== undefined && failed.peak > 2 * GiB ? false : undefined, `at 1M: no site, ${mib(failed.peak)} MiB when it stopped`);
} else {
  verdict('build ≤ 60 s', onTop((r) => r.build?.ms, (v) => v <= 60_000), `${where}: ${s(at?.build?.ms)} s`);
  verdict('build peak RSS ≤ 2 GiB', onTop((r) => r.build?.peak, (v) => v <= 2 * GiB), `${where}: ${mib(at?.build?.peak)} MiB`);
}
// The issue's 10,000 papers: the first size with as many (SCALE_SIZES=387k gives 10,000).
const tenK = rows.find((r) => r.papers >= 10_000 && r.hugo);
verdict('at 10,000 papers, a rebuild after one title (build --watch) takes less than Hugo\'s whole build', tenK?.watched ? Math.min(...tenK.watched.ms) < tenK.hugo!.ms : undefined,
  tenK?.watched ? `${int(tenK.papers)} papers: ${tenK.watched.ms.map((v) => s(v)).join(', ')} s against ${s(tenK.hugo?.ms)} s` : '10,000 papers not measured (SCALE_SIZES=387k), or without hugo');
// Not a target of its own: what a user waits for after the first build, the data unchanged.
verdicts.push(`- (rebuild with nothing changed: ${where}: ${s(at?.rebuild?.ms)} s, ${mib(at?.rebuild?.peak)} MiB)`);
verdict('serve --site first answer ≤ 2 s', onTop((r) => r.siteFirstAnswer, (v) => v <= 2000), `${where}: ${ms(at?.siteFirstAnswer)} ms`);
verdict('entity req/s ≥ 0.8 × the 1k site', onTop((r) => ratio(r.rps, r.refRps), (v) => v >= 0.8), `${where}: ${fixed(at && ratio(at.rps, at.refRps))}`);
verdict('serve DIR: a work\'s first document ≤ 100 ms once `/` answers', onTop((r) => r.yamlEntityFirst, (v) => v <= 100), `${where}: ${ms(at?.yamlEntityFirst)} ms`);
const linear = measured.filter((r) => r.target >= 10_000);
const steps = linear.slice(1).map((b, i) => {
  const a = linear[i];
  return { a, b, time: exponent(a, b, (r) => r.build?.ms), rss: exponent(a, b, (r) => r.build?.peak) };
});
if (linear.length >= 3) {
  const [a, b] = [linear[0], linear.at(-1)!];
  steps.push({ a, b, time: exponent(a, b, (r) => r.build?.ms), rss: exponent(a, b, (r) => r.build?.peak) });
}
const within = steps.every((x) => x.time !== undefined && x.rss !== undefined && x.time <= 1.1 && x.rss <= 1.1);
verdict('build time and peak RSS grow linearly (exponent ≤ 1.1 from 10k to 1M)',
  steps.length === 0 ? undefined : !within ? false : linear.at(-1)!.target >= 1e6 ? true : undefined,
  steps.length === 0 ? 'needs two sizes from 10k up'
    : `${steps.map((x) => `${sizeLabel(x.a.target)} → ${sizeLabel(x.b.target)}: time ${fixed(x.time)}, RSS ${fixed(x.rss)}`).join('; ')}` +
      `${linear.at(-1)!.target < 1e6 ? `; 1M not measured${within ? ', within the target so far' : ''}` : ''}`);
const jsonldOk = (r: Measured, which: 'home' | 'entity') => {
  const e = r.export?.[which];
  return e?.jsonld !== undefined && e.nt !== undefined ? e.jsonld <= 1.5 * e.nt + 2048 : undefined;
};
const jsonldRows = rows.filter((r) => r.export);
const jsonldAll = jsonldRows.flatMap((r) => [jsonldOk(r, 'home'), jsonldOk(r, 'entity')]);
verdict('JSON-LD ≤ 1.5 × N-Triples + 2 KiB (`/` and entity, every size)', jsonldAll.length === 0 || jsonldAll.includes(undefined) ? undefined : jsonldAll.every(Boolean),
  jsonldRows.map((r) => `${sizeLabel(r.target)}: ${fixed(ratio(r.export?.home.jsonld, r.export?.home.nt))} / ${fixed(ratio(r.export?.entity.jsonld, r.export?.entity.nt))}`).join(', ') || 'no site built');
for (const r of rows.filter((r) => r.failure && r !== top)) verdicts.push(`- ${sizeLabel(r.target)} failed: ${r.failure}`);
if (!validateOnly) {
  out.push('Targets:');
  out.push(...verdicts);
}
console.log(out.join('\n'));
