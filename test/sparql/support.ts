import { Readable } from 'node:stream';
import type { Quad, Term } from '@rdfjs/types';
import express, { type Express } from 'express';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import type { Profile } from '../../src/pipeline.js';
import { pathOf } from '../../src/site/layout.js';
import { createSparqlService, type SparqlOptions, type SparqlService } from '../../src/sparql/index.js';
import { buildProfile } from '../support/profile.js';
import { profileDataset } from '../../src/publish/profile-site.js';

export { buildProfile };

/**
 * A query that never finishes on a profile of a few hundred triples (the
 * demo's ~700 give about 700^5 rows; keep any profile these tests use above
 * about 100 triples): what the time limit and the worker threads are there for.
 */
export const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?p ?o }';

const profiles = new Map<string, Promise<Profile>>();

/** A fixture profile (never `data/`), built once per folder for the whole suite. */
export function profile(dataDir: string): Promise<Profile> {
  let p = profiles.get(dataDir);
  if (!p) {
    p = buildProfile(dataDir);
    profiles.set(dataDir, p);
  }
  return p;
}

/** A SPARQL service over a fixture profile, with small pools so that suites start fast. */
export async function service({ dataDir, ...options }: Partial<SparqlOptions> & { dataDir: string }): Promise<SparqlService> {
  return createSparqlService({ profile: await profile(dataDir), workers: 1, ...options });
}

/** An app with the endpoint at /sparql and a trivial page at /, as the server mounts it. */
export function appWith(sparql: SparqlService): Express {
  const app = express();
  app.disable('x-powered-by'); // as the server: no header is set before the router's own
  app.use(pathOf(sparql.endpoint), sparql.router);
  app.get('/', (_req, res) => { res.type('text/plain').send('home\n'); });
  return app;
}

/** The app on an ephemeral localhost port (shared with the HTTP suites). */
export { listening } from '../http/support.js';

export type Row = Record<string, Term>;

/** SPARQL JSON results, read by sparqljson-parse: one map of variable → RDF/JS term per solution. */
export function parseJsonResults(body: string): Row[] {
  return new SparqlJsonParser().parseJsonResults(JSON.parse(body)) as Row[];
}

export function parseJsonBoolean(body: string): boolean {
  return new SparqlJsonParser().parseJsonBoolean(JSON.parse(body));
}

/** SPARQL XML results, read by sparqlxml-parse. */
export function parseXmlResults(body: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const rows: Row[] = [];
    new SparqlXmlParser().parseXmlResultsStream(Readable.from([body]))
      .on('data', (row: Row) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

export function parseXmlBoolean(body: string): Promise<boolean> {
  return new SparqlXmlParser().parseXmlBooleanStream(Readable.from([body]));
}

/** CSV (RFC 4180, as SPARQL 1.1 CSV results): rows of fields, quotes and CRLFs inside quotes handled. */
export function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && body[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** TSV results: a header of `?variables`, then one line of terms in Turtle syntax per solution. */
export function parseTsv(body: string): string[][] {
  return body.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').map((line) => line.split('\t'));
}

/** The value of one variable in each row. */
export function column(rows: Row[], variable: string): string[] {
  return rows.map((r) => r[variable]?.value).filter((v): v is string => v !== undefined);
}

/** What an endpoint over a fixture profile holds: its dataset, the graph and what the listing pages say, as the dumps hold it. */
export async function publishedQuads(dataDir: string): Promise<Quad[]> {
  return profileDataset(await profile(dataDir));
}
