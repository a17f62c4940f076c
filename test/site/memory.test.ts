import type { Quad } from '@rdfjs/types';
import { expect } from 'chai';
import { BuildMemory } from '../../src/publish/build-memory.js';
import rdf from '../../src/rdf/factory.js';
import { Graph } from '../../src/rdf/graph.js';
import { schema } from '../../src/rdf/vocabulary.js';
import { SiteMemory } from '../../src/site/memory.js';

/**
 * What a resident build keeps of the site's representations (site/memory.ts):
 * a piece is taken from the last build only when nothing it read of the
 * graph changed since, as BuildMemory finds the changes.
 */

const node = (local: string) => rdf.namedNode(`https://scholar.example/${local}`);
const name = (subject: string, value: string) => rdf.quad(node(subject), rdf.namedNode(schema('name')), rdf.literal(value));
const author = (work: string, person: string) => rdf.quad(node(work), rdf.namedNode(schema('author')), node(person));

/** One build of `quads`: its pieces asked for by `ask`, then the build published as the export publishes it. */
function build(memories: { build: BuildMemory; site: SiteMemory }, quads: Quad[], ask: (piece: <T>(key: string, make: (g: Graph) => T) => T) => void): void {
  const graph = new Graph(quads);
  const run = memories.site.run('context', memories.build.changes(graph));
  ask((key, make) => run.piece(key, graph, make));
  memories.build.start(undefined, graph).published(undefined as unknown as string, {} as never);
  memories.site.published();
}

describe('The memory of the site\'s representations (build --watch)', () => {
  const citation = (g: Graph) => `${g.label(node('w1'))} by ${g.nodes(node('w1'), schema('author')).map((a) => g.label(a)).join(', ')}`;

  it('takes a piece from the last build when nothing it read changed, and makes it again when a node it read did', () => {
    const memories = { build: new BuildMemory(), site: new SiteMemory() };
    let made = 0;
    const cite = (quads: Quad[]) => {
      let text = '';
      build(memories, quads, (piece) => { text = piece('w1', (g) => { made++; return citation(g); }); });
      return text;
    };
    expect(cite([name('w1', 'A work'), author('w1', 'p1'), name('p1', 'Ana'), name('p2', 'Ben')])).to.equal('A work by Ana');
    // Another person renamed: the citation read nothing of her.
    expect(cite([name('w1', 'A work'), author('w1', 'p1'), name('p1', 'Ana'), name('p2', 'Benedict')])).to.equal('A work by Ana');
    expect(made).to.equal(1);
    // Its author renamed: read through the work's link.
    expect(cite([name('w1', 'A work'), author('w1', 'p1'), name('p1', 'Anna'), name('p2', 'Benedict')])).to.equal('A work by Anna');
    expect(made).to.equal(2);
  });

  it('makes again every time a piece that read the whole graph, and nothing from a build in another context', () => {
    const memories = { build: new BuildMemory(), site: new SiteMemory() };
    let made = 0;
    const quads = [name('w1', 'A work'), name('p2', 'Ben')];
    for (let i = 0; i < 2; i++) build(memories, quads, (piece) => piece('all', (g) => { made++; return g.size; }));
    expect(made).to.equal(2);
    build(memories, quads, (piece) => piece('w1', (g) => { made++; return citation(g); }));
    const graph = new Graph(quads);
    memories.site.run('another context', memories.build.changes(graph)).piece('w1', graph, (g) => { made++; return citation(g); });
    expect(made).to.equal(4);
  });
});
