import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import rdf from 'rdf-ext';
import { ShapeReach, type ShapeSummary } from '../../src/graph/shape-reach.js';
import { loadOntology } from '../../src/ontology.js';
import { Graph } from '../../src/rdf/graph.js';
import { schema } from '../../src/rdf/vocabulary.js';
import { secondDir } from '../support/fixtures.js';
import { buildProfile } from '../support/profile.js';

/**
 * The focus nodes an edit can reach (graph/shape-reach.ts), on the second
 * fixture profile's graph: what `build --watch` checks again after the edit.
 * Reaching too far costs time, not exactness; these are the edits made most
 * often, which must check one node rather than the whole graph.
 */
describe('The focus nodes a change to the graph can reach under the shapes', () => {
  let reach: ShapeReach;
  let graph: Graph;
  let published: ShapeSummary;
  const BASE = 'https://scholar.example/';

  before(async () => {
    reach = new ShapeReach((await loadOntology()).shapes);
    graph = (await buildProfile(secondDir, BASE)).graph;
    published = reach.summarize(graph);
  });

  /** Each shape reached (its local name) with its focus nodes (their IRIs' paths), after a change to the quads. */
  const reached = (change: (quads: Quad[]) => Quad[]) => {
    const edited = new Graph(change([...graph]));
    const focus = reach.affected(edited, published, reach.summarize(edited), edited.size);
    return Object.fromEntries([...focus!].map(([target, nodes]) =>
      [target.shape.value.split('#')[1], nodes.map((n) => n.value.replace(BASE, '')).sort()]));
  };
  const renamed = (id: string, name: string) => (quads: Quad[]) => quads.map((q) =>
    (q.subject.value === `${BASE}${id}` && q.predicate.value === schema('name') ? rdf.quad(q.subject, q.predicate, rdf.literal(name)) : q));

  it('models every shape of ontology/shapes.ttl', () => {
    expect(reach.unmodelled).to.equal(undefined);
  });

  it('are none when nothing changed', () => {
    expect(reached((quads) => quads)).to.deep.equal({});
  });

  it('are, after an article\'s title changed, that article under the one shape that reads its title', () => {
    expect(reached(renamed('publications/tokenisation-typology-tcm-2024#id', 'Tokenisation, Revisited')))
      .to.deep.equal({ ArticleShape: ['publications/tokenisation-typology-tcm-2024#id'] });
  });

  it('are, after a co-author renamed, that person alone, not the works naming her', () => {
    expect(reached(renamed('people/chloe-dubois#id', 'Chloé Dubois-Martin'))).to.deep.equal({ NamedShape: ['people/chloe-dubois#id'] });
  });
});
