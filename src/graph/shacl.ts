import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import SHACLValidator from 'rdf-validate-shacl';
import type { Issue } from '../issues.js';
import type { Origin } from '../source/resolve.js';
import { prefixes } from './namespaces.js';

/**
 * Layer 2 of validation: the built graph against ontology/shapes.ttl.
 * Each violation names the entity, the property and the rule, and points to
 * the data file that defines the entity (for a role or an address, the entity
 * that owns it).
 */
export class ShapeChecker {
  private readonly validator: SHACLValidator;

  constructor(shapes: DatasetCore) {
    this.validator = new SHACLValidator(shapes);
  }

  async check(graph: DatasetCore, origins: ReadonlyMap<string, Origin>): Promise<Issue[]> {
    const report = await this.validator.validate(graph);
    if (report.conforms) return [];
    return report.results.map((result) => {
      const focus = result.focusNode as Term | null;
      const owner = focus ? ownerOf(graph, focus, origins) : undefined;
      const origin = owner ? origins.get(owner.value) : undefined;
      const property = result.path ? ` ${compact(result.path.value)}` : '';
      const message = result.message.map((m) => m.value).join('; ') || compact(result.sourceConstraintComponent?.value ?? 'violation');
      const entity = focus ? (focus.termType === 'NamedNode' ? `<${focus.value}>` : `a ${typeName(graph, focus)} of <${owner?.value ?? '?'}>`) : '';
      return { file: origin?.file, line: origin?.line, column: origin?.column,
        path: `${entity}${property}`, message: `${message} [${compact(result.sourceConstraintComponent?.value ?? '')}]` };
    });
  }
}

/** The named entity a node belongs to: itself, or the nearest named subject linking to it. */
function ownerOf(graph: DatasetCore, node: Term, origins: ReadonlyMap<string, Origin>): Term | undefined {
  const seen = new Set<string>();
  let current: Term | undefined = node;
  while (current && !seen.has(current.value)) {
    if (current.termType === 'NamedNode' && origins.has(current.value)) return current;
    seen.add(current.value);
    const [link]: Quad[] = [...graph.match(null, null, current as Quad['object'])];
    current = link?.subject;
  }
  return current?.termType === 'NamedNode' ? current : undefined;
}

function typeName(graph: DatasetCore, node: Term): string {
  const [type] = [...graph.match(node as Quad['subject'], null, null)].filter((q) => q.predicate.value === `${prefixes.rdf}type`);
  return type ? compact(type.object.value) : 'node';
}

export function compact(iri: string): string {
  for (const [prefix, ns] of Object.entries(prefixes)) if (iri.startsWith(ns)) return `${prefix}:${iri.slice(ns.length)}`;
  return iri;
}
