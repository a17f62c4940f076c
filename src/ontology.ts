import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { ontologyDir } from './config.js';
import type { Shorthands } from './graph/shorthands.js';
import type { IriPlan } from './source/resolve.js';

/**
 * The mapping from data to vocabulary, as data (ontology/): the JSON-LD
 * context, where IRIs are minted, the FOAF alignment, SHACL shapes and the
 * JSON Schema. Read once per process.
 */
export interface Ontology {
  context: object;
  iris: IriPlan;
  alignment: Quad[];
  shapes: Quad[];
  schema: object;
  /** The schema of a profile's site.yaml. */
  siteSchema: object;
  /** The folder it was read from (ontology/labels.ttl is read beside it). */
  dir: string;
  /** Fields that stand for several statements (ontology/shorthands.json). */
  shorthands: Shorthands;
  /** Data keys whose values are references to other entries. */
  referenceKeys: Set<string>;
}

export async function loadOntology(dir = ontologyDir): Promise<Ontology> {
  const read = (name: string) => readFile(path.join(dir, name), 'utf8');
  const [context, iris, alignment, shapes, schema, siteSchema, shorthands] = await Promise.all([
    read('context.jsonld').then(JSON.parse),
    read('iris.json').then(JSON.parse),
    read('alignment.ttl').then((ttl) => new Parser().parse(ttl)),
    read('shapes.ttl').then((ttl) => new Parser().parse(ttl)),
    read('profile.schema.json').then(JSON.parse),
    read('site.schema.json').then(JSON.parse),
    read('shorthands.json').then(JSON.parse),
  ]);
  return { context, iris, alignment, shapes, schema, siteSchema, dir, shorthands, referenceKeys: referenceKeysOf(context) };
}

/** Every term that some (possibly scoped) context declares `"@type": "@id"`. */
function referenceKeysOf(context: unknown, keys = new Set<string>()): Set<string> {
  const ctx = (context as { '@context'?: unknown })?.['@context'];
  if (!ctx || typeof ctx !== 'object') return keys;
  for (const [term, definition] of Object.entries(ctx)) {
    if (definition && typeof definition === 'object') {
      if ((definition as Record<string, unknown>)['@type'] === '@id') keys.add(term);
      referenceKeysOf(definition, keys);
    }
  }
  return keys;
}
