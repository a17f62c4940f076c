import DataFactory, { type DataFactoryExt } from 'rdf-ext/DataFactory.js';
import DatasetFactory, { type DatasetFactory as DatasetFactoryExt } from 'rdf-ext/DatasetFactory.js';

/**
 * The one RDF/JS factory every module makes its terms and datasets with:
 * rdf-ext's terms and dataset (the dataset shacl-engine is handed), as
 * rdf-ext's default environment has them, its methods bound to it as there
 * (so `.map(rdf.namedNode)` works), and one blank-node counter for all.
 *
 * Not rdf-ext's default environment itself: importing that loads its
 * parsers, serializers and fetch (node-fetch, undici), some 170 modules and
 * a few tenths of a second of CPU in every command and render thread, none of
 * which the project calls (bench/README.md, "The test suite"). The terms are
 * the same classes, so those of this factory and of rdf-ext's environment
 * (which tests and tools may use) meet as equals.
 */
export type Factory = DataFactoryExt & DatasetFactoryExt;

interface FactoryClass {
  prototype: { init?: () => void } & Record<string, (...args: unknown[]) => unknown>;
  exports: readonly string[];
}

function environment(factories: readonly FactoryClass[]): Factory {
  // What rdf-ext's Environment does with { bind: true }: each factory's init, then its methods bound to the one object.
  const env: Record<string, unknown> = {};
  for (const factory of factories) {
    factory.prototype.init?.call(env);
    for (const name of factory.exports) env[name] = factory.prototype[name].bind(env);
  }
  return env as unknown as Factory;
}

const rdf = environment([DataFactory, DatasetFactory] as unknown as FactoryClass[]);
export default rdf;
