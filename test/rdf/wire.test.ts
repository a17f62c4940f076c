import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { decodeQuads, encodeQuads } from '../../src/rdf/wire.js';

const ex = (name: string) => rdf.namedNode(`http://example.org/${name}`);

/** Quads with every kind of term a document holds, and terms repeated within and across quads. */
const quads: Quad[] = [
  rdf.quad(ex('a'), ex('name'), rdf.literal('Ada')),
  rdf.quad(ex('a'), ex('name'), rdf.literal('Ada', 'en')),
  rdf.quad(ex('a'), ex('name'), rdf.literal('Ada', 'en-GB')),
  rdf.quad(ex('a'), ex('born'), rdf.literal('1815-12-10', ex('date'))),
  rdf.quad(ex('a'), ex('count'), rdf.literal('1\u0001two', ex('odd'))),
  rdf.quad(ex('a'), ex('knows'), rdf.blankNode('b0')),
  rdf.quad(rdf.blankNode('b0'), ex('name'), rdf.literal('')),
  rdf.quad(rdf.blankNode('b0'), ex('note'), rdf.literal('line\nbreak "quoted" \u00e9 \ud83d\ude00')),
];

describe('Quads on the wire to a render thread', () => {
  it('come back equal, in the same order, every kind of term included', () => {
    const back = decodeQuads(encodeQuads(quads));
    expect(back).to.have.length(quads.length);
    back.forEach((q, i) => expect(q.equals(quads[i]), `quad ${i}`).to.equal(true));
  });

  it('carry each distinct term once, however often the quads repeat it', () => {
    const { terms, triples } = encodeQuads(quads);
    expect(triples).to.have.length(quads.length * 3);
    // Six IRIs (a and five predicates), one blank node, seven distinct literals.
    expect(terms).to.have.length(14);
    expect(new Set(terms).size).to.equal(terms.length);
  });

  it('tell apart equal values of different types (a plain string, a tagged one, a typed one)', () => {
    const back = decodeQuads(encodeQuads(quads.slice(0, 3)));
    expect(back.map((q) => [q.object.value, (q.object as { language: string }).language])).to.deep.equal([['Ada', ''], ['Ada', 'en'], ['Ada', 'en-GB']]);
    expect((back[0].object as { datatype: { value: string } }).datatype.value).to.equal('http://www.w3.org/2001/XMLSchema#string');
  });

  it('refuse a term a document cannot hold (a variable), naming it', () => {
    const bad = rdf.quad(ex('a'), ex('b'), rdf.variable('x') as unknown as Quad['object']);
    expect(() => encodeQuads([bad])).to.throw(/cannot hold a Variable/);
  });
});
