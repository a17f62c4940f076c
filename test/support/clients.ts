import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Context } from 'mocha';

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
