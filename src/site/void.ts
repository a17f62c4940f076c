import type { Quad } from '@rdfjs/types';
import rdf from '../rdf/factory.js';
import type { Words } from '../labels.js';
import { termKey } from '../rdf/graph.js';
import { vocabulariesOf } from '../rdf/prefixes.js';
import { dedupeQuads, sortQuads } from '../rdf/quads.js';
import type { Format } from '../formats.js';
import { dcterms, foaf, RDF_TYPE, schema, voidTerm, xsd } from '../rdf/vocabulary.js';
import type { SiteDocument } from './documents.js';

/** A dump of the whole dataset, as listed in the VoID description. */
export interface DumpLink {
  url: string;
  /** Its media type, W3C format IRI and name for people (Turtle, N-Triples…). */
  format: Format;
}

export interface VoidInput {
  /** The profile graph. */
  quads: readonly Quad[];
  base: string;
  /** URL of the VoID document itself (`{base}.well-known/void`). */
  url: string;
  documents: readonly SiteDocument[];
  dumps: readonly DumpLink[];
  /** The profile page (`{base}`) and its main entity, for rootResource and exampleResource. */
  title: string;
  lastModified: Date;
  /** The SPARQL endpoint serving the same graph, where there is one. */
  sparqlEndpoint?: string;
  /** What its titles and description are written in. */
  words: Words;
  /** What is counted of `quads`, where the caller has it counted (`mergedCounts` of its parts' `voidCounts`). */
  counts?: MergedCounts;
}

/**
 * The VoID description of the dataset (https://www.w3.org/TR/void/): what it
 * is, how big, which vocabularies, where the dumps are. Computed from the
 * graph, so the figures cannot drift from what is served.
 */
/** What the description says of an endpoint that answers SPARQL over its dataset (`{void}#dataset void:sparqlEndpoint <endpoint>`). */
export function sparqlEndpointQuad(voidUrl: string, endpoint: string): Quad {
  return rdf.quad(rdf.namedNode(`${voidUrl}#dataset`), rdf.namedNode(voidTerm('sparqlEndpoint')), rdf.namedNode(endpoint));
}

export function buildVoid(input: VoidInput): Quad[] {
  const { quads, base } = input;
  const iri = rdf.namedNode;
  const voidP = (local: Parameters<typeof voidTerm>[0]) => iri(voidTerm(local));
  const dct = (local: Parameters<typeof dcterms>[0]) => iri(dcterms(local));
  const type = iri(RDF_TYPE);
  const count = (n: number) => rdf.literal(String(n), iri(xsd('integer')));
  const out: Quad[] = [];
  const add = (s: Quad['subject'], p: Quad['predicate'], o: Quad['object']) => out.push(rdf.quad(s, p, o));

  const description = iri(input.url);
  const dataset = iri(`${input.url}#dataset`);
  add(description, type, voidP('DatasetDescription'));
  add(description, dct('title'), rdf.literal(input.words.text('void-title', { title: input.title })));
  add(description, iri(foaf('primaryTopic')), dataset);

  const counts = input.counts ?? mergedCounts([voidCounts(quads, base)]);

  add(dataset, type, voidP('Dataset'));
  add(dataset, dct('title'), rdf.literal(input.title));
  // Canonical xsd:dateTime (no zero fraction), which tools that normalise literals leave alone.
  add(dataset, dct('modified'), rdf.literal(input.lastModified.toISOString().replace(/\.000Z$/, 'Z'), iri(xsd('dateTime'))));
  add(dataset, iri(foaf('homepage')), iri(base));
  add(dataset, voidP('rootResource'), iri(base));
  const main = quads.find((q) => q.subject.value === base && q.predicate.value === schema('mainEntity'));
  if (main) add(dataset, voidP('exampleResource'), main.object as Quad['object']);
  add(dataset, voidP('uriSpace'), rdf.literal(base));
  add(dataset, voidP('triples'), count(quads.length));
  add(dataset, voidP('entities'), count(counts.entities));
  add(dataset, voidP('distinctSubjects'), count(counts.subjects));
  add(dataset, voidP('properties'), count(counts.predicates));
  add(dataset, voidP('classes'), count(counts.classes.size));
  add(dataset, voidP('documents'), count(input.documents.length));
  for (const vocabulary of counts.vocabularies) add(dataset, voidP('vocabulary'), iri(vocabulary));
  for (const dump of input.dumps) {
    const d = iri(dump.url);
    add(dataset, voidP('dataDump'), d);
    add(d, dct('format'), rdf.literal(dump.format.mediaType));
    if (dump.format.iri) add(dataset, voidP('feature'), iri(dump.format.iri));
  }
  if (input.sparqlEndpoint) out.push(sparqlEndpointQuad(input.url, input.sparqlEndpoint));

  // The same dataset in schema.org's terms, for dataset search engines (Google's Dataset feature):
  // what it is, whose it is, when it changed, and where each dump is.
  const s = (local: Parameters<typeof schema>[0]) => iri(schema(local));
  add(dataset, type, s('Dataset'));
  add(dataset, s('name'), rdf.literal(input.words.text('dataset-name', { title: input.title })));
  add(dataset, s('description'), rdf.literal(input.words.text('dataset-description', {
    title: input.title, triples: quads.length, entities: counts.entities, formats: input.dumps.map((d) => d.format.label).join(', '),
  })));
  add(dataset, s('url'), iri(base));
  if (main) add(dataset, s('creator'), main.object as Quad['object']);
  // The licence the profile states for its data, if it states one: never assumed.
  for (const license of quads.filter((q) => q.subject.value === base && q.predicate.value === schema('license'))) {
    add(dataset, s('license'), license.object);
    add(dataset, dct('license'), license.object);
  }
  add(dataset, s('dateModified'), rdf.literal(input.lastModified.toISOString().replace(/\.000Z$/, 'Z'), iri(xsd('dateTime'))));
  for (const dump of input.dumps) {
    const download = rdf.blankNode(`download-${dump.format.label}`);
    add(dataset, s('distribution'), download);
    add(download, type, s('DataDownload'));
    add(download, s('encodingFormat'), rdf.literal(dump.format.mediaType));
    add(download, s('contentUrl'), iri(dump.url));
  }
  // One partition per class: how many entities of each kind.
  for (const [cls, members] of [...counts.classes.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const partition = rdf.blankNode(`class-${counts.classes.size}-${out.length}`);
    add(dataset, voidP('classPartition'), partition);
    add(partition, voidP('class'), iri(cls));
    add(partition, voidP('entities'), count(members));
  }
  return sortQuads(dedupeQuads(out));
}


/** What VoID counts of some quads: their distinct subjects and predicates, their entities (named subjects under the base), each class's members. */
export interface VoidCounts {
  subjects: Set<string>;
  predicates: Set<string>;
  entities: Set<string>;
  classes: Map<string, Set<string>>;
  /** Their vocabularies (rdf/prefixes.ts `vocabulariesOf`). */
  vocabularies: string[];
}

/** What the description says of the counts of the whole dataset. */
export interface MergedCounts {
  subjects: number;
  predicates: number;
  entities: number;
  classes: Map<string, number>;
  vocabularies: string[];
}

export function voidCounts(quads: readonly Quad[], base: string): VoidCounts {
  const entities = new Set<string>();
  const subjects = new Set<string>();
  const predicates = new Set<string>();
  const classes = new Map<string, Set<string>>();
  for (const q of quads) {
    subjects.add(termKey(q.subject));
    predicates.add(q.predicate.value);
    if (q.subject.termType === 'NamedNode' && q.subject.value.startsWith(base)) entities.add(q.subject.value);
    if (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode') {
      const members = classes.get(q.object.value) ?? new Set<string>();
      members.add(termKey(q.subject));
      classes.set(q.object.value, members);
    }
  }
  return { subjects, predicates, entities, classes, vocabularies: vocabulariesOf(quads) };
}

/**
 * The counts of the quads of all `parts` together: a dataset's, from its
 * graph's (which a rebuild may take from the last build) and its listing
 * pages'. The largest part first: each later one's members are looked up
 * in the earlier ones.
 */
export function mergedCounts(parts: readonly VoidCounts[]): MergedCounts {
  const union = (sets: ReadonlyArray<Set<string> | undefined>) => {
    let size = 0;
    sets.forEach((set, i) => {
      const earlier = sets.slice(0, i);
      for (const member of set ?? []) if (!earlier.some((e) => e?.has(member))) size++;
    });
    return size;
  };
  const classes = new Map<string, number>();
  for (const cls of new Set(parts.flatMap((p) => [...p.classes.keys()]))) classes.set(cls, union(parts.map((p) => p.classes.get(cls))));
  return {
    subjects: union(parts.map((p) => p.subjects)),
    predicates: union(parts.map((p) => p.predicates)),
    entities: union(parts.map((p) => p.entities)),
    classes,
    vocabularies: [...new Set(parts.flatMap((p) => p.vocabularies))].sort(),
  };
}
