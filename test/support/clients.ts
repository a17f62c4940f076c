import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'mocha';
import { projectRoot } from '../../src/config.js';

/** Debian's python3, with the system's rdflib and pyld (not a pyenv one). */
export const python = '/usr/bin/python3';

/** Each real client the interop suites drive, the Debian package it comes in, and how to tell it is there. */
const clients = {
  rdflib: { pkg: 'python3-rdflib', present: () => existsSync(python) && spawnSync(python, ['-c', 'import rdflib']).status === 0 },
  pyld: { pkg: 'python3-pyld python3-requests', present: () => existsSync(python) && spawnSync(python, ['-c', 'import pyld, requests']).status === 0 },
  rapper: { pkg: 'raptor2-utils', present: () => spawnSync('rapper', ['--version']).status === 0 },
  roqet: { pkg: 'rasqal-utils', present: () => spawnSync('roqet', ['--version']).status === 0 },
  bibtexparser: { pkg: 'python3-bibtexparser', present: () => existsSync(python) && spawnSync(python, ['-c', 'import bibtexparser']).status === 0 },
  feedparser: { pkg: 'python3-feedparser', present: () => existsSync(python) && spawnSync(python, ['-c', 'import feedparser']).status === 0 },
  mf2py: { pkg: 'python3-mf2py', present: () => existsSync(python) && spawnSync(python, ['-c', 'import mf2py']).status === 0 },
} as const;

/**
 * In a `before` hook: fails when a client is missing under CI (a broken setup
 * is no reason to pass), skips the suite with a warning elsewhere.
 */
export function requireClients(context: Context, names: ReadonlyArray<keyof typeof clients>): void {
  const missing = names.filter((n) => !clients[n].present()).map((n) => clients[n].pkg);
  if (missing.length === 0) return;
  if (process.env.CI) throw new Error(`missing Debian packages: ${missing.join(' ')}`);
  console.warn(`    skipped: install ${missing.join(' ')} to run these`);
  context.skip();
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

/**
 * Calls `each` on every item, a few at a time: a client run per document
 * spends most of its time starting up and waiting for the server, so a few
 * at once take a fraction of the time one after the other would.
 */
export async function eachInTurns<T>(items: readonly T[], each: (item: T) => Promise<void>, atOnce = 4): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, async () => {
    while (next < items.length) await each(items[next++]);
  }));
}
