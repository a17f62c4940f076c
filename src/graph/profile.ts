import type { DatasetCore } from '@rdfjs/types';
import rdf from 'rdf-ext';
import type { ValidateFunction } from 'ajv';
import { InvalidProfileError } from '../issues.js';
import type { Ontology } from '../ontology.js';
import { loadSource } from '../source/load.js';
import { resolveIds, type Origin } from '../source/resolve.js';
import { checkSchema, compileSchema } from '../source/schema.js';
import { applyAlignment, readAlignment, type Alignment } from './align.js';
import { ShapeChecker } from './shacl.js';
import { toQuads } from './tordf.js';

/** One version of the published data: the graph and where each entity came from. */
export interface Profile {
  graph: DatasetCore;
  /** Entity IRI → the data file and line that defines it. */
  origins: Map<string, Origin>;
  base: string;
}

/**
 * The pipeline from data/ to a validated graph. Built once per ontology;
 * `build` runs once per data version and either returns a complete, valid
 * profile or throws InvalidProfileError with every problem found.
 */
export class ProfileBuilder {
  private readonly validate: ValidateFunction;
  private readonly alignment: Alignment;
  private readonly shapes: ShapeChecker;

  constructor(private readonly ontology: Ontology) {
    this.validate = compileSchema(ontology.schema);
    this.alignment = readAlignment(ontology.alignment);
    this.shapes = new ShapeChecker(rdf.dataset(ontology.shapes));
  }

  async build(dataDir: string, base: string): Promise<Profile> {
    const source = await loadSource(dataDir);
    const schemaIssues = checkSchema(this.validate, source);
    const resolved = resolveIds(source, this.ontology.iris, this.ontology.referenceKeys, base);
    // Reference problems are only worth reporting on data of the right shape.
    const issues = [...schemaIssues, ...resolved.issues];
    if (issues.length > 0) throw new InvalidProfileError(dedupe(issues));

    const page = { id: base, ...resolved.data };
    const graph = rdf.dataset(await toQuads(page, this.ontology.context));
    applyAlignment(graph, this.alignment);
    const shapeIssues = await this.shapes.check(graph, resolved.origins);
    if (shapeIssues.length > 0) throw new InvalidProfileError(shapeIssues);
    return { graph, origins: resolved.origins, base };
  }
}

function dedupe<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(JSON.stringify(i)) && !!seen.add(JSON.stringify(i)));
}
