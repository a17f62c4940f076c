import { expect } from 'chai';
import rdf from 'rdf-ext';
import { QuadIndex } from '../../src/graph/dataset.js';

const n = (s: string) => rdf.namedNode(`http://example.org/${s}`);
const xsd = (s: string) => rdf.namedNode(`http://www.w3.org/2001/XMLSchema#${s}`);
const a = n('a'), b = n('b'), p = n('p'), q = n('q');
const one = rdf.literal('1');
const oneInteger = rdf.literal('1', xsd('integer'));

describe('the graph index (QuadIndex)', () => {
  const build = () => new QuadIndex([rdf.quad(a, p, b), rdf.quad(a, p, one), rdf.quad(a, p, oneInteger), rdf.quad(b, q, a),
    rdf.quad(a, p, b), rdf.quad(rdf.blankNode('x'), p, a)]);

  it('holds each triple once, telling literals apart by datatype', () => {
    const g = build();
    expect(g.size).to.equal(5);
    expect(g.has(rdf.quad(a, p, oneInteger))).to.equal(true);
    expect(g.has(rdf.quad(a, p, rdf.literal('1', 'en')))).to.equal(false);
    g.add(rdf.quad(a, p, one));
    expect(g.size).to.equal(5);
  });

  it('matches by any combination of subject, predicate and object, and only in the default graph', () => {
    const g = build();
    expect([...g.match(a)].length).to.equal(3);
    expect([...g.match(a, p, b)].length).to.equal(1);
    expect([...g.match(null, null, a)].map((x) => x.subject.value).sort()).to.deep.equal(['http://example.org/b', 'x']);
    expect([...g.match(null, q)].length).to.equal(1);
    expect([...g.match(null, p, one)].length).to.equal(1);
    expect([...g.match(null, null, null, n('graph'))].length).to.equal(0);
    expect([...g.match(null, null, null, rdf.defaultGraph())].length).to.equal(5);
    // A match result is itself a dataset that can be matched.
    expect(g.match(a).match(null, null, oneInteger).size).to.equal(1);
  });

  it('finds what is added and forgets what is deleted, in every index', () => {
    const g = build();
    expect(g.match(null, q).size).to.equal(1);
    g.add(rdf.quad(a, q, b));
    expect(g.match(null, q).size).to.equal(2);
    expect(g.match(null, null, b).size).to.equal(2);
    g.delete(rdf.quad(a, p, b));
    expect(g.has(rdf.quad(a, p, b))).to.equal(false);
    expect(g.match(a).size).to.equal(3);
    expect(g.match(null, null, b).size).to.equal(1);
    expect(g.size).to.equal(5);
  });
});
