import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { Graph } from '../../src/rdf/graph.js';

const ex = (name: string) => rdf.namedNode(`http://example.org/${name}`);

/** A node that says `n` things, interleaving three properties, and is pointed at as often. */
function hub(n: number): Quad[] {
  const quads: Quad[] = [];
  const properties = ['made', 'name', 'knows'];
  for (let i = 0; i < n; i++) {
    const p = properties[i % 3];
    quads.push(rdf.quad(ex('hub'), ex(p), p === 'name' ? rdf.literal(`name ${i}`) : ex(`w${i}`)));
    quads.push(rdf.quad(ex(`w${i}`), ex(properties[(i + 1) % 3]), ex('hub')));
  }
  return quads;
}

describe('The graph index', () => {
  for (const n of [5, 31, 32, 3000]) {
    it(`answers by property for a node of ${n} quads as a scan of its quads does, in graph order`, () => {
      const quads = hub(n);
      const graph = new Graph(quads);
      for (const p of ['made', 'name', 'knows', 'absent']) {
        const expected = quads.filter((q) => q.subject.equals(ex('hub')) && q.predicate.equals(ex(p))).map((q) => q.object);
        expect(graph.values(ex('hub'), ex(p).value), p).to.deep.equal(expected);
        // Asked twice: the second answer (from the index, when there is one) is the same.
        expect(graph.values(ex('hub'), ex(p).value), p).to.deep.equal(expected);
        const pointing = quads.filter((q) => q.object.equals(ex('hub')) && q.predicate.equals(ex(p)));
        expect(graph.incoming(ex('hub'), ex(p).value), p).to.deep.equal(pointing);
      }
      expect(graph.text(ex('hub'), ex('name').value)).to.equal('name 1');
    });
  }

  it('hands out answers the caller may change without changing the index', () => {
    const graph = new Graph(hub(300));
    const first = graph.incoming(ex('hub'), ex('made').value);
    const length = first.length;
    first.splice(0, first.length);
    expect(graph.incoming(ex('hub'), ex('made').value)).to.have.length(length);
  });
});

const n = (s: string) => rdf.namedNode(`http://example.org/${s}`);
const xsd = (s: string) => rdf.namedNode(`http://www.w3.org/2001/XMLSchema#${s}`);
const a = n('a'), b = n('b'), p = n('p'), q = n('q');
const one = rdf.literal('1');
const oneInteger = rdf.literal('1', xsd('integer'));

describe('The graph index as an RDF/JS dataset (what the alignment and the SHACL engine read)', () => {
  const build = () => new Graph([rdf.quad(a, p, b), rdf.quad(a, p, one), rdf.quad(a, p, oneInteger), rdf.quad(b, q, a),
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
