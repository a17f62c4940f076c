import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import rdf from 'rdf-ext';
import { toFramedJsonLd } from '../../src/render/jsonld.js';
import { sameTriples } from '../http/support.js';

describe('The JSON-LD writer on a very long chain of links', () => {
  it('writes a chain of 20,000 linked nodes without overflowing the stack, and it reads back as the same triples', async () => {
    const n = (i: number) => rdf.namedNode(`https://example.org/people/p${i}#id`);
    const quads: Quad[] = [];
    for (let i = 0; i < 20_000; i++) {
      quads.push(rdf.quad(n(i), rdf.namedNode('http://schema.org/knows'), n(i + 1)));
      quads.push(rdf.quad(n(i), rdf.namedNode('http://schema.org/name'), rdf.literal(`P${i}`)));
    }
    const json = toFramedJsonLd(quads, n(0).value);
    const nquads = await jsonld.toRDF(json as jsonld.JsonLdDocument, { format: 'application/n-quads' }) as unknown as string;
    expect(sameTriples(new Parser({ format: 'N-Quads' }).parse(nquads), quads)).to.equal(true);
  });
});
