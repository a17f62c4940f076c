import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { prefixes } from '../graph/namespaces.js';

/**
 * The context JSON-LD output is compacted with: schema.org terms bare (as
 * with `"@context": "https://schema.org"`), FOAF prefixed.
 */
export const publishedContext = {
  '@vocab': prefixes.schema,
  schema: prefixes.schema,
  foaf: prefixes.foaf,
  xsd: prefixes.xsd,
} as const;

/** The quads as compacted JSON-LD (a flat `@graph` of nodes). */
export async function toJsonLd(quads: Iterable<Quad>, context: object = publishedContext): Promise<object> {
  const expanded = await jsonld.fromRDF([...quads] as never, { useNativeTypes: false });
  return jsonld.compact(expanded, context as jsonld.ContextDefinition, {
    documentLoader: async (url: string) => { throw new Error(`refusing to load ${url}`); },
  });
}
