import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import SHACLValidator from 'rdf-validate-shacl';
import type { Issue } from '../issues.js';
import type { Origin } from '../source/resolve.js';
import { compactIri as compact } from '../rdf/prefixes.js';
import { RDF_TYPE } from '../rdf/vocabulary.js';

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
      const value = result.value as Term | null;
      const rule = compact(result.sourceConstraintComponent?.value ?? '');
      const message = result.message.map((m) => m.value).join('; ') || rule;
      const got = value && focus && !value.equals(focus) ? ` (got ${show(value)})` : '';
      return { file: origin?.file, line: origin?.line, column: origin?.column,
        path: `${focus ? describe(graph, focus) : ''}${result.path ? ` ${compact(result.path.value)}` : ''}`,
        message: `${message}${got} [${rule}]` };
    });
  }
}

/** `<iri>` for an entity; for an owned node, how its owner links to it: `<group> schema:member (a schema:OrganizationRole)`. */
function describe(graph: DatasetCore, node: Term): string {
  if (node.termType !== 'BlankNode') return show(node);
  const [link] = [...graph.match(null, null, node as Quad['object'])];
  const type = [...graph.match(node as Quad['subject'], null, null)].find((q) => q.predicate.value === RDF_TYPE);
  const what = `(a ${type ? compact(type.object.value) : 'node'})`;
  return link ? `${describe(graph, link.subject)} ${compact(link.predicate.value)} ${what}` : what;
}

function show(term: Term): string {
  return term.termType === 'Literal' ? JSON.stringify(term.value) : term.termType === 'NamedNode' ? `<${term.value}>` : '_:';
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
