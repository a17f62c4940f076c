import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import rdf from '../rdf/factory.js';
import { Validator, type PathStep, type ShapeCompilation } from 'shacl-engine';
import { compileDatatype } from 'shacl-engine/lib/validations/type.js';
import type { Issue } from '../issues.js';
import type { Origin } from '../source/resolve.js';
import { compactIri as compact } from '../rdf/prefixes.js';
import { RDF_TYPE } from '../rdf/vocabulary.js';
import type { Graph } from '../rdf/graph.js';
import { ShapeReach, type ShapeSummary } from './shape-reach.js';

/**
 * Layer 2 of validation: the built graph against ontology/shapes.ttl.
 * Each violation names the entity, the property and the rule, and points to
 * the data file that defines the entity (for a role or an address, the entity
 * that owns it).
 *
 * The engine is shacl-engine, with rdf-ext as its factory: on the profile's
 * graph it is several times faster than rdf-validate-shacl (figures in the
 * README), and its reports carry the same focus node, path, value, rule and
 * message.
 */
export class ShapeChecker {
  private readonly validator: Validator;
  private readonly reach: ShapeReach;
  /** The last graph that conformed in a `checkSinceLast`, as `ShapeReach.summarize` keeps it. */
  private conformed: ShapeSummary | undefined;

  constructor(shapes: DatasetCore) {
    this.validator = shapeValidator(shapes);
    this.reach = new ShapeReach(shapes);
  }

  async check(graph: DatasetCore, origins: ReadonlyMap<string, Origin>): Promise<Issue[]> {
    const report = await this.validator.validate({ dataset: graph });
    if (report.conforms) return [];
    return report.results.map((result) => {
      const focus = result.focusNode.term;
      const owner = focus ? ownerOf(graph, focus, origins) : undefined;
      const origin = owner ? origins.get(owner.value) : undefined;
      const value = result.value?.term;
      const rule = compact(result.constraintComponent.value);
      const message = result.message.map((m) => m.value).join('; ') || rule;
      const got = value && focus && !value.equals(focus) ? ` (got ${show(value)})` : '';
      const path = result.path?.length ? ` ${pathOf(result.path)}` : '';
      return { file: origin?.file, line: origin?.line, column: origin?.column,
        path: `${focus ? describe(graph, focus) : ''}${path}`,
        message: `${message}${got} [${rule}]` };
    });
  }

  /**
   * `check`, knowing the last graph that conformed in a check made so: the
   * focus nodes a change since can affect are checked first
   * (shape-reach.ts), and if they conform, so does the graph. Otherwise, and
   * when nothing is known of a graph that conformed, the whole graph is
   * checked, so the report is the one a check from scratch makes.
   */
  async checkSinceLast(graph: Graph, origins: ReadonlyMap<string, Origin>): Promise<Issue[]> {
    const summary = this.reach.summarize(graph);
    const conforms = this.conformed !== undefined && await this.conformsWhereChanged(graph, this.conformed, summary);
    const issues = conforms ? [] : await this.check(graph, origins);
    if (issues.length === 0) this.conformed = summary;
    return issues;
  }

  /** Whether the focus nodes the change can affect conform; false when it cannot be followed (or reaches a good part of the graph). */
  private async conformsWhereChanged(graph: Graph, before: ShapeSummary, after: ShapeSummary): Promise<boolean> {
    const focus = this.reach.affected(graph, before, after, graph.size / 2);
    if (focus === undefined) return false;
    for (const [target, terms] of focus) {
      const report = await this.validator.validate({ dataset: graph, terms }, [{ terms: [target.shape] }]);
      if (!report.conforms) return false;
    }
    return true;
  }
}

const XSD_STRING = rdf.namedNode('http://www.w3.org/2001/XMLSchema#string');
const SH = (name: string) => rdf.namedNode(`http://www.w3.org/ns/shacl#${name}`);
/** xsd:string's lexical space as rdf-validation means to check it: any text but a lone surrogate, U+FFFE or U+FFFF (XML's other excluded characters, control characters among them, pass, as they did). */
const XSD_STRING_FORM = /^[^\ud800-\udfff\ufffe\uffff]*$/u;

/**
 * shacl-engine's validator, with `sh:datatype xsd:string` checked as XML
 * Schema defines the type: rdf-validation 0.1, which shacl-engine asks, tests
 * a string with a pattern written without the `u` flag that refuses every
 * character beyond U+FFFF (an emoji, 𠮷 of a Japanese family name, 𝔽 of a
 * mathematician's title), so such a name or text was reported as "not a plain
 * text" and nothing was published. Every other datatype is checked as the
 * engine checks it.
 */
export function shapeValidator(shapes: DatasetCore): Validator {
  const datatype = (shape: Parameters<ShapeCompilation>[0]) => {
    const expected = shape.ptr.out([SH('datatype')]).term;
    if (!expected?.equals(XSD_STRING)) return compileDatatype(shape);
    return {
      generic: (context: Parameters<ReturnType<ShapeCompilation>['generic']>[0]) => {
        const term = context.valueOrNode.term;
        context.test(term.termType === 'Literal' && term.datatype.equals(XSD_STRING) && XSD_STRING_FORM.test(term.value), SH('DatatypeConstraintComponent'), {
          args: { datatype: expected },
          message: [context.factory.literal('Value does not have datatype {$datatype}')],
          value: context.valueOrNode,
        });
      },
    };
  };
  return new Validator(shapes, { factory: rdf, validations: new Map([[SH('datatype'), datatype]]) });
}

/** A property path as SPARQL writes one: `schema:author`, `^schema:member`, `schema:isPartOf*`. */
function pathOf(steps: readonly PathStep[]): string {
  const quantifier = { one: '', zeroOrOne: '?', zeroOrMore: '*', oneOrMore: '+' } as const;
  return steps.map((step) => {
    const names = step.predicates.map((p) => compact(p.value));
    const alternatives = names.length > 1 ? `(${names.join('|')})` : names[0];
    return `${step.start === 'object' ? '^' : ''}${alternatives}${quantifier[step.quantifier]}`;
  }).join('/');
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
