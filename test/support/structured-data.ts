/**
 * What the structured-data tests share: the schema.org island and the Turtle
 * block as a page embeds them, the island read as RDF with a local copy of
 * schema.org's context (nothing is fetched), and the two validators search
 * practitioners use, run offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import Validator from '@adobe/structured-data-validator';
import WebAutoExtractor from '@marbec/web-auto-extractor';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import rdf from 'rdf-ext';
import { prefixes, RDF_TYPE } from '../../src/rdf/vocabulary.js';
import { headlineOf } from '../../src/render/schema-island.js';
import { fixturesDir } from './profile.js';

const vocabDir = path.join(fixturesDir, 'vocab');

/** schema.org 30.0's JSON-LD context, as `https://schema.org` serves it. */
export const schemaOrgContext = JSON.parse(readFileSync(path.join(vocabDir, 'schemaorgcontext-30.0.jsonld'), 'utf8')) as { '@context': Record<string, unknown> };

/** The island, expanded to RDF with the local context: any other URL the island named would fail the test. */
export async function islandQuads(island: object): Promise<Quad[]> {
  const nquads = await jsonld.toRDF(island as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
    documentLoader: async (url: string) => {
      if (url === 'https://schema.org' || url === 'https://schema.org/') {
        return { contextUrl: undefined, documentUrl: url, document: schemaOrgContext } as never;
      }
      throw new Error(`the island tried to load ${url}`);
    },
  }) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nquads);
}

/** The document's schema.org triples: what the island must hold, all of it and nothing else. */
export function schemaOrgTriples(quads: readonly Quad[]): Quad[] {
  return quads.filter((q) => (q.predicate.value === RDF_TYPE
    ? q.object.termType === 'NamedNode' && q.object.value.startsWith(prefixes.schema)
    : q.predicate.value.startsWith(prefixes.schema)));
}

let superclasses: Map<string, Set<string>> | undefined;

/** Every superclass of a schema.org class (its local name), by schema.org 30.0's rdfs:subClassOf. */
export function schemaOrgSuperclasses(local: string): Set<string> {
  if (!superclasses) {
    const S = 'https://schema.org/';
    const parents = new Map<string, string[]>();
    const quads = new Parser().parse(readFileSync(path.join(vocabDir, 'schemaorg-current-https-30.0.ttl'), 'utf8'));
    for (const q of quads) {
      if (q.predicate.value !== 'http://www.w3.org/2000/01/rdf-schema#subClassOf' || !q.object.value.startsWith(S)) continue;
      const c = q.subject.value.slice(S.length);
      parents.set(c, [...(parents.get(c) ?? []), q.object.value.slice(S.length)]);
    }
    superclasses = new Map();
    const closure = (c: string): Set<string> => {
      let found = superclasses!.get(c);
      if (found) return found;
      found = new Set();
      superclasses!.set(c, found);
      for (const p of parents.get(c) ?? []) { found.add(p); for (const a of closure(p)) found.add(a); }
      return found;
    };
    for (const c of parents.keys()) closure(c);
  }
  return superclasses.get(local) ?? new Set();
}

/**
 * What the island must hold: the document's schema.org triples, less the
 * types schema.org entails from another type of the same node (a Role beside
 * its EmployeeRole), plus a `headline` for each Article, a `url` for
 * each person of the site with none.
 */
export function islandTriples(quads: readonly Quad[], base: string): Quad[] {
  const kept = schemaOrgTriples(quads);
  const types = new Map<string, string[]>();
  for (const q of kept) {
    if (q.predicate.value === RDF_TYPE) types.set(q.subject.value, [...(types.get(q.subject.value) ?? []), q.object.value.slice(prefixes.schema.length)]);
  }
  const said = kept.filter((q) => q.predicate.value !== RDF_TYPE
    || !(types.get(q.subject.value) ?? []).some((t) => schemaOrgSuperclasses(t).has(q.object.value.slice(prefixes.schema.length))));
  // The one addition: a headline for each Article (by schema.org's hierarchy) that has a name and no headline.
  const headlines: Quad[] = [];
  const article = (t: string) => t === 'Article' || schemaOrgSuperclasses(t).has('Article');
  for (const q of kept) {
    if (q.predicate.value !== `${prefixes.schema}name` || q.object.termType !== 'Literal') continue;
    if (!(types.get(q.subject.value) ?? []).some(article)) continue;
    if (kept.some((h) => h.subject.equals(q.subject) && h.predicate.value === `${prefixes.schema}headline`)) continue;
    headlines.push(rdf.quad(q.subject, rdf.namedNode(`${prefixes.schema}headline`), rdf.literal(headlineOf(q.object.value))));
  }
  // And a `url` for each person of the site written with no url of their own: their page (Google reads an author's url).
  const urls: Quad[] = [];
  for (const [subject, ts] of types) {
    if (!ts.includes('Person') || !subject.startsWith(base)) continue;
    if (kept.some((h) => h.subject.value === subject && h.predicate.value === `${prefixes.schema}url`)) continue;
    urls.push(rdf.quad(rdf.namedNode(subject), rdf.namedNode(`${prefixes.schema}url`), rdf.namedNode(subject.replace(/#.*$/, ''))));
  }
  return [...said, ...headlines, ...urls];
}

/** The island's BreadcrumbList (its list and items), apart from the rest: the rest is the document's. */
export function splitBreadcrumbs(quads: readonly Quad[]): { rest: Quad[]; breadcrumbs: Quad[] } {
  const S = prefixes.schema;
  const inTrail = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${S}BreadcrumbList`).map((q) => q.subject.value));
  for (const q of quads) if (inTrail.has(q.subject.value) && q.predicate.value === `${S}itemListElement`) inTrail.add(q.object.value);
  return {
    rest: quads.filter((q) => !inTrail.has(q.subject.value)),
    breadcrumbs: quads.filter((q) => inTrail.has(q.subject.value)),
  };
}

/** Literals by their lexical form (and language): `"2020"^^xsd:gYear` and `"2020"^^schema:Date` are the same date. */
export function lexical(quads: readonly Quad[]): Quad[] {
  return quads.map((q) => (q.object.termType === 'Literal'
    ? rdf.quad(q.subject, q.predicate, rdf.literal(q.object.value, q.object.language ? q.object.language.toLowerCase() : undefined))
    : q));
}

/** The page's `application/ld+json` blocks, as JSON (the \u escapes are JSON's own). */
export function embeddedIslands(html: string): object[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]) as object);
}

/** The page's `text/turtle` data blocks, without their commented CDATA markers. */
export function embeddedTurtle(html: string): string[] {
  return [...html.matchAll(/<script type="text\/turtle">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/**
 * The JSON @adobe/structured-data-validator reads the schema.org vocabulary
 * from (the shape of schema.org's `schemaorg-all-https.jsonld`: classes with
 * their superclasses, properties with their domains), derived from the
 * release the project ships, `schemaorg-current-https-30.0.ttl`.
 */
export function schemaOrgVocabularyJson(): { '@graph': object[] } {
  const S = 'https://schema.org/';
  const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
  const quads = new Parser().parse(readFileSync(path.join(vocabDir, 'schemaorg-current-https-30.0.ttl'), 'utf8'));
  const nodes = new Map<string, Record<string, unknown>>();
  const node = (iri: string) => {
    const id = `schema:${iri.slice(S.length)}`;
    let n = nodes.get(id);
    if (!n) { n = { '@id': id }; nodes.set(id, n); }
    return n;
  };
  const push = (n: Record<string, unknown>, key: string, iri: string) => {
    ((n[key] ??= []) as object[]).push({ '@id': `schema:${iri.slice(S.length)}` });
  };
  for (const q of quads) {
    if (!q.subject.value.startsWith(S)) continue;
    if (q.predicate.value === RDF_TYPE && q.object.value === `${RDFS}Class`) node(q.subject.value)['@type'] = 'rdfs:Class';
    if (q.predicate.value === RDF_TYPE && q.object.value === `${prefixes.rdf}Property`) node(q.subject.value)['@type'] = 'rdf:Property';
    if (q.predicate.value === `${RDFS}subClassOf` && q.object.value.startsWith(S)) push(node(q.subject.value), 'rdfs:subClassOf', q.object.value);
    if (q.predicate.value === `${S}domainIncludes`) push(node(q.subject.value), 'schema:domainIncludes', q.object.value);
  }
  return { '@graph': [...nodes.values()] };
}

export interface AdobeIssue {
  severity: 'ERROR' | 'WARNING';
  issueMessage: string;
  rootType?: string;
  path?: unknown;
}

let vocabulary: { '@graph': object[] } | undefined;

/** @adobe/structured-data-validator over a page, as its README runs it: extracted by @marbec/web-auto-extractor. */
export async function adobeIssues(html: string): Promise<AdobeIssue[]> {
  vocabulary ??= schemaOrgVocabularyJson();
  const data = new WebAutoExtractor({ addLocation: true, embedSource: ['rdfa', 'microdata'] }).parse(html);
  return await new Validator(vocabulary).validate(data) as AdobeIssue[];
}

interface SdttTest { test: string; error?: { message: string } }
interface SdttResult { passed: SdttTest[]; failed: SdttTest[]; warnings: SdttTest[]; schemas: string[] }

const require = createRequire(import.meta.url);

/**
 * structured-data-testing-tool with its Google preset over a page's HTML. A
 * string that is not a URL is read as HTML, so nothing is fetched. It rejects
 * when any test fails; the result is returned either way.
 */
export async function sdttResult(html: string): Promise<SdttResult> {
  const { structuredDataTest } = require('structured-data-testing-tool') as { structuredDataTest: (input: string, options: object) => Promise<SdttResult> };
  const { Google } = require('structured-data-testing-tool/presets') as { Google: object };
  try {
    return await structuredDataTest(html, { presets: [Google] });
  } catch (error) {
    const res = (error as { res?: SdttResult }).res;
    if (res) return res;
    throw error;
  }
}
