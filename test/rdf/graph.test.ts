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
