/**
 * The fixture profiles the tests build, and what their YAML says. No test
 * reads `data/`: a user replaces it with their own profile, and the suite
 * must still pass (test/fixtures.test.ts checks the sources for it).
 *
 * - `demo`: a frozen copy of the demo profile `data/` once held; tests of
 *   its facts (names, counts, texts) read it.
 * - `second`: a fictional scholar with non-ASCII names, ordered authors and
 *   whole sections absent; the general checks run on both.
 * - `generated`: about 6,000 triples (150 papers, test/support/generate.ts),
 *   written into a temporary folder once per test process: the format,
 *   isomorphism and size checks run on it too (`scaleProfiles`). 150 papers
 *   are about the fewest that still give every kind of listing page (a
 *   first, a middle and a last page of publications; two pages of people)
 *   and a homepage of less than a quarter of the graph.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { generateProfile } from './generate.js';
import { fixturesDir } from './profile.js';

export const profilesDir = path.join(fixturesDir, 'profiles');
export const demoDir = path.join(profilesDir, 'demo');
export const secondDir = path.join(profilesDir, 'second');
/** A small profile made its owner's: site.yaml, style.css, files/ (tests of those alone build it). */
export const customDir = path.join(profilesDir, 'custom');
export const humanitiesDir = path.join(profilesDir, 'humanities');

export interface FixtureProfile {
  /** A word for test titles: "demo", "second". */
  name: string;
  dir: string;
}

/** The profiles the general checks run on: `for (const profile of fixtureProfiles) describe(...)`. */
export const fixtureProfiles: readonly FixtureProfile[] = [
  { name: 'demo', dir: demoDir },
  { name: 'second', dir: secondDir },
];

/** The papers of the generated profile: about 6,000 triples. */
export const GENERATED_PAPERS = 150;

let generated: string | undefined;

/** A folder holding a generated profile of `GENERATED_PAPERS` papers, written on first use and removed at exit. */
export function generatedDir(): string {
  if (generated) return generated;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lodfolio-generated-'));
  for (const [file, collections] of Object.entries(generateProfile({ papers: GENERATED_PAPERS }))) {
    writeFileSync(path.join(dir, file), stringify(collections, { lineWidth: 0 }));
  }
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  generated = dir;
  return dir;
}

/** The generated profile, as a fixture; its folder is written when a suite first asks for it. */
export const generatedProfile: FixtureProfile = {
  name: 'generated',
  get dir() { return generatedDir(); },
};

/** The profiles the format, isomorphism and size checks run on: the fixtures and the generated one. */
export const scaleProfiles: readonly FixtureProfile[] = [...fixtureProfiles, generatedProfile];

/** An entry of a collection, as the YAML has it. */
export type Entry = Record<string, any>;

export interface Facts {
  /** Every collection, merged from the folder's YAML files as the loader merges them. */
  data: Record<string, unknown>;
  /** The scholar. */
  person: Entry;
  /** The entries of a collection (none if the profile lacks it). */
  list: (collection: string) => Entry[];
  /** Every id in the profile, the scholar's included. */
  ids: string[];
  /** The first other person: the entity whose page the HTTP suites ask for. */
  someone: Entry;
  /** `/people/<someone>`: that page's path. */
  entityPath: string;
  /** The file (relative to the project, as issues show it) that defines a collection. */
  fileOf: (collection: string) => string;
}

const cache = new Map<string, Facts>();

/** What a fixture's YAML says, read synchronously (usable where suites are declared). */
export function facts(dir: string): Facts {
  let found = cache.get(dir);
  if (found) return found;
  const data: Record<string, unknown> = {};
  const files = new Map<string, string>();
  for (const file of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const collections = (parse(readFileSync(path.join(dir, file), 'utf8')) ?? {}) as Record<string, unknown>;
    for (const [collection, value] of Object.entries(collections)) {
      data[collection] = value;
      files.set(collection, path.relative(process.cwd(), path.join(dir, file)));
    }
  }
  const list = (collection: string): Entry[] => (data[collection] as Entry[] | undefined) ?? [];
  const person = data.person as Entry;
  // (Top-level values that are not lists of entries, such as the profile's `license`, hold no ids.)
  const ids = Object.entries(data).flatMap(([c, v]) => (c === 'person' ? [String((v as Entry).id)] : Array.isArray(v) ? (v as Entry[]).map((e) => String(e.id)) : []));
  const someone = list('people')[0];
  found = {
    data, person, list, ids, someone,
    entityPath: `/people/${someone.id}`,
    fileOf: (collection) => files.get(collection) ?? expectFile(dir, collection),
  };
  cache.set(dir, found);
  return found;
}

function expectFile(dir: string, collection: string): never {
  throw new Error(`${dir} has no collection "${collection}"`);
}

/** Text as the HTML pages escape it. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
