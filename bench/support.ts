// What the benchmarks share: where the project and its compiled code are,
// how their own child processes are started, and small helpers (medians,
// ports, stopping children, CPU pinning, peak memory).
//
// Only node: modules are imported here: the pipeline benchmark times the
// imports of its sample processes, which load this file first.

import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The project folder (looked for upwards: this file also runs as JavaScript emitted below bench/, see `benchScript`). */
export const root = findRoot(here);

function findRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'package.json'))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

/**
 * The modules of the compiled project (dist/, what `npm start` runs) that
 * the benchmarks load, each typed as the source it is compiled from.
 */
interface Dist {
  'config.js': typeof import('../src/config.js');
  'pipeline.js': typeof import('../src/pipeline.js');
  'render/citations.js': typeof import('../src/render/citations.js');
  'render/turtle.js': typeof import('../src/render/turtle.js');
  'server.js': typeof import('../src/server.js');
  'site/settings.js': typeof import('../src/site/settings.js');
}

/** Imports a module of the compiled project: the code measured is the code that runs in production. */
export async function fromDist<K extends keyof Dist>(module: K): Promise<Dist[K]> {
  const file = path.join(root, 'dist', module);
  if (!existsSync(file)) throw new Error(`dist/${module} is missing: run \`npm run build\` first`);
  return import(pathToFileURL(file).href) as Promise<Dist[K]>;
}

let emitted: string | undefined;

/**
 * The JavaScript file to run with plain `node` for bench/NAME.ts, in a
 * child process. The benchmarks themselves run under tsx, but the processes
 * they measure do not: tsx's loader hooks would add to what is measured
 * (on the order of 100 ms of module loading and 30 MB of memory per
 * process). So the first call has the project's own TypeScript compiler
 * emit bench/ (without type-checking it: `tsc --noEmit -p bench` does that)
 * into a temporary folder below bench/, removed when this process exits.
 * Compiled code of the project itself is always loaded from dist/ (`fromDist`).
 */
export function benchScript(name: string): string {
  // Already running as emitted JavaScript: the sibling file.
  if (import.meta.url.endsWith('.js')) return path.join(here, `${name}.js`);
  emitted ??= emitBench();
  const file = path.join(emitted, 'bench', `${name}.js`);
  if (!existsSync(file)) throw new Error(`bench/${name}.ts was not emitted`);
  return file;
}

function emitBench(): string {
  const out = mkdtempSync(path.join(here, '.emitted-'));
  // Left behind only if this process is killed; git ignores it even then.
  writeFileSync(path.join(out, '.gitignore'), '*\n');
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { tsc: string } };
  const tsc = path.join(path.dirname(manifest), bin.tsc);
  const result = spawnSync(process.execPath, [tsc, '-p', here, '--noEmit', 'false', '--noCheck', '--sourceMap', 'false', '--outDir', out],
    { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc could not emit bench/:\n${result.stdout}${result.stderr}`);
  return out;
}

/** How many files a folder holds, below it at any depth, and their bytes. */
export function filesIn(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export async function stop(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(graceMs)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Whether processes can be pinned to CPUs (taskset exists and there are two cores or more). */
export function canPin(): boolean {
  return spawnSync('taskset', ['--version']).status === 0 && os.availableParallelism() >= 2;
}

/** Pins a process and all its threads to the given CPUs (`1`, `0-3`). */
export function pin(pid: number | undefined, cpus: string | number): void {
  if (pid !== undefined) spawnSync('taskset', ['-a', '-p', '-c', String(cpus), String(pid)]);
}

/** Peak resident set size (VmHWM) of a process, from Linux's /proc; undefined elsewhere. */
export function peakRss(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** One negotiated GET the server benchmarks measure. */
export interface DocumentCase {
  name: string;
  path: string;
  accept: string;
}

/** A browser's Accept header (Chrome's), as the HTML cases send it. */
const chrome = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';

/** The demo's entity document the benchmarks ask for beside `/`. */
export const benchEntity = '/organizations/cloud-software-systems-group';

/** `/` and one entity, each in Turtle, JSON-LD and HTML: what every server benchmark measures. */
export const documentCases: readonly DocumentCase[] = ['/', benchEntity].flatMap((path) => [
  { name: `GET ${path} Turtle`, path, accept: 'text/turtle' },
  { name: `GET ${path} JSON-LD`, path, accept: 'application/ld+json' },
  { name: `GET ${path} HTML (Chrome)`, path, accept: chrome },
]);
