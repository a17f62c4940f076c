import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Context } from 'mocha';
import { projectRoot } from '../../src/config.js';

/** Debian's python3, with the system's rdflib and pyld (not a pyenv one). */
export const python = '/usr/bin/python3';

/**
 * Each real client the interop suites drive, the Debian package it comes in, and how to tell it is there:
 * the Python modules it imports, or the command that answers if it is installed.
 */
type ClientName = 'rdflib' | 'pyld' | 'rapper' | 'roqet' | 'bibtexparser' | 'feedparser' | 'mf2py';
const clients: Record<ClientName, { pkg: string; imports: string } | { pkg: string; runs: string[] }> = {
  rdflib: { pkg: 'python3-rdflib', imports: 'rdflib' },
  pyld: { pkg: 'python3-pyld python3-requests', imports: 'pyld, requests' },
  rapper: { pkg: 'raptor2-utils', runs: ['rapper', '--version'] },
  roqet: { pkg: 'rasqal-utils', runs: ['roqet', '--version'] },
  bibtexparser: { pkg: 'python3-bibtexparser', imports: 'bibtexparser' },
  feedparser: { pkg: 'python3-feedparser', imports: 'feedparser' },
  mf2py: { pkg: 'python3-mf2py', imports: 'mf2py' },
};

let importing: Set<string> | undefined;

/**
 * The Python clients whose modules import, asked of one Python process for them all the first time (0.6 s
 * of CPU, against 1.6 s for a process per client: rdflib alone takes 0.35 s to import).
 */
function pythonClientsPresent(): Set<string> {
  if (!importing) {
    const modules = Object.fromEntries(Object.entries(clients).flatMap(([name, c]) => ('imports' in c ? [[name, c.imports]] : [])));
    const script = 'import importlib, json, sys\nfor client, modules in json.loads(sys.argv[1]).items():\n'
      + '    try:\n        [importlib.import_module(m.strip()) for m in modules.split(",")]\n        print(client)\n    except Exception:\n        pass';
    const run = existsSync(python) ? spawnSync(python, ['-c', script, JSON.stringify(modules)], { encoding: 'utf8' }) : undefined;
    importing = new Set(run?.status === 0 ? run.stdout.split('\n').filter(Boolean) : []);
  }
  return importing;
}

/**
 * In a `before` hook: fails when a client is missing under CI (a broken setup
 * is no reason to pass), skips the suite with a warning elsewhere.
 */
export function requireClients(context: Context, names: readonly ClientName[]): void {
  const missing = names.filter((n) => !isPresent(n)).map((n) => clients[n].pkg);
  if (missing.length === 0) return;
  if (process.env.CI) throw new Error(`missing Debian packages: ${missing.join(' ')}`);
  console.warn(`    skipped: install ${missing.join(' ')} to run these`);
  context.skip();
}

/** Whether each client is installed, asked once per process. */
const presence = new Map<ClientName, boolean>();
function isPresent(name: ClientName): boolean {
  if (!presence.has(name)) {
    const client = clients[name];
    presence.set(name, 'imports' in client ? pythonClientsPresent().has(name) : spawnSync(client.runs[0], client.runs.slice(1)).status === 0);
  }
  return presence.get(name)!;
}

/** How each Python client read a URL, as N-Triples (or `ERROR …`). */
export type PythonReadings = Record<string, Record<'rdflib-default' | 'rdflib-turtle' | 'rdflib-jsonld' | 'rdflib-nt' | 'pyld', string>>;

/**
 * rdflib (by its own Accept, and asking for Turtle, JSON-LD, N-Triples) and
 * pyld read each URL, in one Python process (test/http/python-clients.py):
 * URL → client → what it read, as N-Triples.
 */
export async function readWithPythonClients(urls: readonly string[]): Promise<PythonReadings> {
  const script = path.join(projectRoot, 'test', 'http', 'python-clients.py');
  const child = execFile(python, [script], { maxBuffer: 256 * 1024 * 1024 });
  child.stdin!.end(JSON.stringify(urls));
  let out = '';
  child.stdout!.on('data', (c) => { out += c; });
  let err = '';
  child.stderr!.on('data', (c) => { err += c; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`python-clients.py exited with ${String(code)}: ${err}`);
  return JSON.parse(out) as PythonReadings;
}

/** What mf2py (a microformats2 parser) reads in a page: its items, its rels (`rel` → URLs) and each URL's rels and type. */
export interface Microformats {
  items: Array<{ type: string[]; properties: Record<string, unknown[]>; children?: unknown[] }>;
  rels: Record<string, string[]>;
  'rel-urls': Record<string, { rels: string[]; type?: string; text?: string }>;
}

/** Parses an HTML page, at its URL, with mf2py. */
export async function readMicroformats(html: string, url: string): Promise<Microformats> {
  const child = execFile(python, ['-c', 'import json, sys, mf2py; print(json.dumps(mf2py.parse(doc=sys.stdin.read(), url=sys.argv[1])))', url],
    { maxBuffer: 64 * 1024 * 1024 });
  child.stdin!.end(html);
  let out = '';
  child.stdout!.on('data', (c) => { out += c; });
  let err = '';
  child.stderr!.on('data', (c) => { err += c; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`mf2py exited with ${String(code)}: ${err}`);
  return JSON.parse(out) as Microformats;
}

/** The Python clients' names, in the order the suites check them. */
export const pythonClients = ['rdflib-default', 'rdflib-turtle', 'rdflib-jsonld', 'rdflib-nt', 'pyld'] as const;

/** What a command printed for one URL, and how it exited. */
export interface Reading { code: number; stdout: string; stderr: string }

/**
 * Runs `command URL` for each URL, as a user would at a shell, and collects
 * what each printed. The runs go through one bash per half of the URLs rather
 * than one process each from here: starting a process from a test process
 * that holds a built site costs about 0.1 s of its CPU (the fork copies its
 * memory map), more than the client itself.
 */
export async function runForEach(command: readonly string[], urls: readonly string[], atOnce = 2): Promise<Map<string, Reading>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-clients-'));
  try {
    const script = 'out=$1; count=$2; shift 2; cmd=("${@:1:count}"); shift "$count"; i=0\n'
      + 'for url in "$@"; do "${cmd[@]}" "$url" >"$out/$i.out" 2>"$out/$i.err"; echo $? >"$out/$i.code"; i=$((i+1)); done';
    const share = Math.ceil(urls.length / atOnce);
    const batches = Array.from({ length: Math.ceil(urls.length / share) }, (_, b) => urls.slice(b * share, (b + 1) * share));
    const readings = new Map<string, Reading>();
    await Promise.all(batches.map(async (batch, b) => {
      const out = path.join(dir, String(b));
      await mkdir(out);
      await promisify(execFile)('/bin/bash', ['-c', script, 'run-for-each', out, String(command.length), ...command, ...batch]);
      for (const [i, url] of batch.entries()) {
        const read = (suffix: string) => readFile(path.join(out, `${i}.${suffix}`), 'utf8');
        readings.set(url, { code: Number((await read('code')).trim()), stdout: await read('out'), stderr: await read('err') });
      }
    }));
    return readings;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What `client` printed for `url` among `readings`; throws, with what it said on stderr, when it failed. */
export function readingOf(readings: Map<string, Reading>, url: string, client: string): string {
  const reading = readings.get(url);
  if (!reading) throw new Error(`${client} was not run on ${url}`);
  if (reading.code !== 0) throw new Error(`${client} exited ${reading.code} on ${url}: ${reading.stderr}`);
  return reading.stdout;
}
