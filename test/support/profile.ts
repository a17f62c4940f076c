import path from 'node:path';
import type { DatasetCore, Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { defaultDataDir, projectRoot } from '../../src/config.js';
import { ProfileBuilder, type Profile } from '../../src/pipeline.js';
import { InvalidProfileError, formatIssue } from '../../src/issues.js';
import { Graph, namedNode } from '../../src/rdf/graph.js';
import { titleOf } from '../../src/render/names.js';
import type { SiteDocument } from '../../src/site/documents.js';

/** The tests' fixtures. No test reads `data/`: profiles come from `fixtures/profiles/` (see ./fixtures.ts). */
export const fixturesDir = path.join(projectRoot, 'test', 'fixtures');
export const defaultBase = 'http://localhost:3000/';

let builder: Promise<ProfileBuilder> | undefined;

/** One builder for the whole suite: compiling the schema and shapes is the slow part. It refuses `data/`. */
export function sharedBuilder(): Promise<ProfileBuilder> {
  builder ??= ProfileBuilder.create().then(refusingDataDir);
  return builder;
}

/**
 * The builder, made to refuse the project's `data/`: a user replaces it with
 * their own profile, so a test that reaches it (through some default) fails
 * at once, saying why, rather than depending on what is there.
 */
function refusingDataDir(b: ProfileBuilder): ProfileBuilder {
  const build = b.build.bind(b);
  b.build = async (dataDir: string, base: string) => {
    if (path.resolve(dataDir) === defaultDataDir) {
      throw new Error(`a test asked for ${dataDir}, the user's profile: tests build fixture profiles (test/support/fixtures.ts)`);
    }
    return build(dataDir, base);
  };
  return b;
}

/** A profile folder built as the server builds it; the folder is always given (never `data/`). */
export async function buildProfile(dataDir: string, base = defaultBase): Promise<Profile> {
  return (await sharedBuilder()).build(dataDir, base);
}

/** The formatted messages of a build that must fail. */
export async function buildErrors(dataDir: string, base = defaultBase): Promise<string[]> {
  try {
    await buildProfile(dataDir, base);
  } catch (error) {
    if (error instanceof InvalidProfileError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error(`expected ${dataDir} to be invalid, but it built`);
}

/** The title a document's page and links carry (render/names.ts decides it). */
export function documentTitle(doc: Pick<SiteDocument, 'slice' | 'root' | 'url'>): string {
  return titleOf(new Graph(doc.slice()), namedNode(doc.root ?? doc.url));
}

export function parseTurtle(text: string, baseIRI?: string): Quad[] {
  return new Parser({ baseIRI }).parse(text);
}

export function sameGraph(a: Iterable<Quad> | DatasetCore, b: Iterable<Quad> | DatasetCore): boolean {
  return isomorphic([...a], [...b]);
}

/** Triples of `a` missing from `b`, ignoring blank node labels: what a failing isomorphism test shows. */
export function missingFrom(a: Iterable<Quad>, b: Iterable<Quad>): string[] {
  const show = (q: Quad) => [q.subject, q.predicate, q.object]
    .map((t) => (t.termType === 'BlankNode' ? '_' : t.termType === 'Literal' ? JSON.stringify(t.value) : `<${t.value}>`)).join(' ');
  const other = new Set([...b].map(show));
  return [...new Set([...a].map(show))].filter((s) => !other.has(s));
}
