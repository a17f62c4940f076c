import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../src/config.js';
import { importCycles, importGraph, upwardImports, type ImportGraph } from './support/imports.js';

/**
 * The layers of src/, lowest first, as docs/ARCHITECTURE.md draws them.
 * A unit may import its own layer's units and lower ones, never higher
 * ones, and no two units may import each other, even in one layer.
 */
const layers = new Map<string, number>([
  ['rdf', 0], ['formats', 0], ['issues', 0], ['config', 0], ['progress', 0], ['worker-entry', 0], ['worker-pool', 0],
  ['ontology', 1], ['labels', 1], ['source', 1], ['graph', 1],
  ['pipeline', 2], ['schemas', 2], ['init', 2], ['watch', 2], ['history', 2],
  ['site', 3], ['import', 3],
  ['render', 4],
  ['publish', 5],
  ['http', 6],
  ['sparql', 7], ['store', 7], ['deploy', 7],
  ['server', 8], ['build', 8],
  ['cli', 9],
  ['main', 10],
]);

describe('The architecture of src/', () => {
  const graph = importGraph(path.join(projectRoot, 'src'));

  it('imports only downwards, through the layers of docs/ARCHITECTURE.md', () => {
    expect(upwardImports(graph, layers)).to.deep.equal([]);
  });

  it('has no two folders that import each other', () => {
    expect(importCycles(graph)).to.deep.equal([]);
  });

  it('knows every unit: each folder and root file of src/ has its layer', () => {
    expect([...graph.keys()].filter((u) => !layers.has(u))).to.deep.equal([]);
    expect([...layers.keys()].filter((u) => !graph.has(u)), 'layers of units that no longer exist').to.deep.equal([]);
  });

  describe('the checks themselves', () => {
    const of = (arrows: Array<[string, string]>): ImportGraph => {
      const g: ImportGraph = new Map();
      for (const [a, b] of arrows) {
        if (!g.has(a)) g.set(a, new Map());
        if (!g.has(b)) g.set(b, new Map());
        g.get(a)!.set(b, `${a}/x.ts:1`);
      }
      return g;
    };

    it('report an import from a lower layer to a higher one, with where it is', () => {
      expect(upwardImports(of([['site', 'render']]), layers)).to.deep.equal(['site imports render, a higher layer (site/x.ts:1)']);
      expect(upwardImports(of([['render', 'site']]), layers)).to.deep.equal([]);
    });

    it('report two units that import each other, directly or round a loop', () => {
      expect(importCycles(of([['graph', 'source'], ['source', 'graph']]))).to.deep.equal([['graph', 'source']]);
      expect(importCycles(of([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']]))).to.deep.equal([['a', 'b', 'c']]);
      expect(importCycles(of([['a', 'b'], ['b', 'c']]))).to.deep.equal([]);
    });

    it('report a unit the table does not place', () => {
      expect(upwardImports(of([['export', 'site']]), layers)).to.deep.equal(['export is in no layer (add it to the table and to docs/ARCHITECTURE.md)']);
    });
  });
});
