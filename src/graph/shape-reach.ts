import type { Quad, Term } from '@rdfjs/types';
import { Graph, nodeOfKey, termKey } from '../rdf/graph.js';
import { prefixes, rdf, RDF_TYPE } from '../rdf/vocabulary.js';

/**
 * Which focus nodes a change to a graph can affect under a set of SHACL
 * shapes, so that a graph known to conform need be checked again only there.
 *
 * Validating a focus node reads triples: it walks the shapes' paths from the
 * node (forwards, backwards for `sh:inversePath`, any number of times for
 * `*` and `+`), reads the types of the nodes `sh:class` looks at and the
 * values `sh:equals` and the like compare with. If no triple such a walk
 * reads was added or removed, the walk sees what it saw in the graph that
 * conformed, and the node conforms still. The shapes are compiled here into
 * one automaton whose states are the places a walk can be (a shape at its
 * focus node, the end of a path); a changed triple marks the states that read
 * it at its subject (or its object, read backwards), and the focus nodes
 * affected are those from which the walk can get there, found by walking the
 * data backwards through the automaton without bound.
 *
 * A shape using anything the automaton does not model (a SPARQL target, a
 * complex inverse path, qualified shapes kept disjoint) makes every check a
 * whole one: when in doubt, everything is affected.
 */

const sh = (local: string): string => `${prefixes.sh}${local}`;

/** Parameters that read nothing beyond the value node itself (or that only name, describe or target). */
const LOCAL = new Set(['minCount', 'maxCount', 'datatype', 'nodeKind', 'minLength', 'maxLength', 'pattern', 'flags', 'languageIn',
  'uniqueLang', 'hasValue', 'in', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'message', 'severity', 'name',
  'description', 'order', 'group', 'defaultValue', 'deactivated', 'ignoredProperties', 'qualifiedMinCount', 'qualifiedMaxCount',
  'targetClass', 'targetNode', 'targetSubjectsOf', 'targetObjectsOf', 'path'].map(sh));
/** Parameters whose value is a shape, or a list of shapes, checked on each value node. */
const NESTED = new Set(['node', 'not', 'qualifiedValueShape'].map(sh));
const NESTED_LISTS = new Set(['and', 'or', 'xone'].map(sh));
/** Parameters comparing the values with the focus node's values of a property. */
const PAIRS = new Set(['equals', 'disjoint', 'lessThan', 'lessThanOrEquals'].map(sh));

/** One step of the automaton: along one of `predicates` (any predicate when null), backwards when `inverse`. */
interface Step { from: number; to: number; predicates: Set<string> | null; inverse: boolean }

/** A target shape as the engine finds its focus nodes. */
interface Target { shape: Term; entry: number; classes: Set<string>; nodes: Set<string>; subjectsOf: string[]; objectsOf: string[] }

/**
 * What a check keeps of a graph that conformed: per subject, its triples of
 * the properties the shapes read, in the graph's order. The triples
 * themselves rather than a digest: comparing them builds no string, and a
 * changed one says which property changed and what it pointed at.
 */
export type ShapeSummary = Map<string, Quad[]>;

export class ShapeReach {
  /** Set when the shapes use what is not modelled: every check is then a whole one. */
  readonly unmodelled: string | undefined;
  readonly targets: Target[] = [];
  private states = 0;
  private readonly steps: Step[] = [];
  private readonly epsilons: Array<[number, number]> = [];
  private readonly entries = new Map<string, number>();
  private readonly shapes: Graph;
  private problem: string | undefined;
  /** Per state, the steps into it and the states that lead into it without a step. */
  private readonly into: Step[][] = [];
  private readonly intoFree: number[][] = [];
  /** Per predicate, the states reading it forwards, and backwards; the states reading every predicate. */
  private readonly forward = new Map<string, number[]>();
  private readonly backward = new Map<string, number[]>();
  private readonly anyForward: number[] = [];

  constructor(shapeQuads: Iterable<Quad>) {
    this.shapes = new Graph(shapeQuads);
    for (const shape of targetShapes(this.shapes)) this.addTarget(shape);
    this.unmodelled = this.problem;
    for (let s = 0; s < this.states; s++) { this.into.push([]); this.intoFree.push([]); }
    for (const step of this.steps) {
      this.into[step.to].push(step);
      if (step.predicates === null) this.anyForward.push(step.from);
      else for (const p of step.predicates) push(step.inverse ? this.backward : this.forward, p, step.from);
    }
    for (const [from, to] of this.epsilons) this.intoFree[to].push(from);
  }

  /** Whether the shapes read a property (the summaries keep its triples). */
  reads(predicate: string): boolean {
    return this.anyForward.length > 0 || this.forward.has(predicate) || this.backward.has(predicate);
  }

  /** What a check keeps of a graph (`ShapeSummary`). */
  summarize(graph: Graph): ShapeSummary {
    const summary: ShapeSummary = new Map();
    for (const q of graph) {
      if (!this.reads(q.predicate.value)) continue;
      // An IRI as it is (none starts with `_:`): no string built per triple.
      const key = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
      const quads = summary.get(key);
      if (quads) quads.push(q); else summary.set(key, [q]);
    }
    return summary;
  }

  /**
   * Per target shape, the focus nodes a change from the graph summarised as
   * `before` to `graph` can affect (those still its targets); undefined when
   * the change cannot be followed (see `unmodelled`) or reaches past `limit` places.
   */
  affected(graph: Graph, before: ShapeSummary, after: ShapeSummary, limit: number): Map<Target, Term[]> | undefined {
    if (this.unmodelled) return undefined;
    const seen = new Set<string>();
    const stack: Array<[Term, number]> = [];
    const visit = (node: Term, state: number) => {
      const key = `${state} ${objectKey(node)}`;
      if (!seen.has(key)) { seen.add(key); stack.push([node, state]); }
    };
    // A subject's triples in another order count as changed: more is checked, never less.
    const changed = (old: readonly Quad[] = [], now: readonly Quad[] = []) => {
      const subject = (now[0] ?? old[0]).subject;
      for (const predicate of new Set([...old, ...now].map((q) => q.predicate.value))) {
        const was = old.filter((q) => q.predicate.value === predicate);
        const is = now.filter((q) => q.predicate.value === predicate);
        if (sameObjects(was, is)) continue;
        for (const state of [...this.forward.get(predicate) ?? [], ...this.anyForward]) visit(subject, state);
        for (const state of this.backward.get(predicate) ?? []) for (const q of [...was, ...is]) visit(q.object, state);
      }
    };
    for (const [key, now] of after) {
      const old = before.get(key);
      if (!old || !sameObjects(old, now)) changed(old, now);
    }
    for (const [key, old] of before) if (!after.has(key)) changed(old);

    const reached = new Map<number, Term[]>();
    while (stack.length > 0) {
      if (seen.size > limit) return undefined;
      const [node, state] = stack.pop()!;
      push(reached, state, node);
      for (const from of this.intoFree[state]) visit(node, from);
      for (const step of this.into[state]) {
        for (const predicate of step.predicates ?? [null]) {
          const p = predicate === null ? null : rdfNamed(predicate);
          if (step.inverse) for (const q of graph.match(node as Quad['subject'], p, null)) visit(q.object, step.from);
          else for (const q of graph.match(null, p, node as Quad['object'])) visit(q.subject, step.from);
        }
      }
    }
    const focus = new Map<Target, Term[]>();
    for (const target of this.targets) {
      const nodes = (reached.get(target.entry) ?? []).filter((node) => isTarget(graph, target, node));
      if (nodes.length > 0) focus.set(target, nodes);
    }
    return focus;
  }

  private state(): number {
    return this.states++;
  }

  private step(from: number, predicates: string[] | null, inverse = false): number {
    const to = this.state();
    this.steps.push({ from, to, predicates: predicates && new Set(predicates), inverse });
    return to;
  }

  private free(from: number, to: number): void {
    this.epsilons.push([from, to]);
  }

  private unsupported(what: string): void {
    this.problem ??= what;
  }

  private addTarget(shape: Term): void {
    const values = (p: string) => this.shapes.values(shape, sh(p)).map((t) => t.value);
    if (values('target').length > 0) this.unsupported('a target of its own (sh:target)');
    const classes = new Set(classesOf(this.shapes, [...values('targetClass'), ...this.shapes.is(shape, sh('NodeShape')) ? [shape.value] : []]));
    const target: Target = { shape, entry: this.entry(shape), classes, nodes: new Set(this.shapes.values(shape, sh('targetNode')).map(objectKey)),
      subjectsOf: values('targetSubjectsOf'), objectsOf: values('targetObjectsOf') };
    // A node can become a target: by a type, or by a triple it is the subject or the object of.
    if (classes.size > 0) this.step(target.entry, [RDF_TYPE]);
    if (target.subjectsOf.length > 0) this.step(target.entry, target.subjectsOf);
    if (target.objectsOf.length > 0) this.step(target.entry, target.objectsOf, true);
    this.targets.push(target);
  }

  /** The state at which a node is checked against a shape. */
  private entry(shape: Term): number {
    const known = this.entries.get(termKey(shape));
    if (known !== undefined) return known;
    const at = this.state();
    this.entries.set(termKey(shape), at);
    const path = this.shapes.values(shape, sh('path'))[0];
    // A property shape checks the values at the path's end; a node shape, the node itself.
    const value = path === undefined ? at : this.path(path, at);
    for (const q of this.shapes.about(shape)) {
      const p = q.predicate.value;
      if (!p.startsWith(prefixes.sh) || LOCAL.has(p)) continue;
      if (NESTED.has(p)) this.free(value, this.entry(q.object));
      else if (NESTED_LISTS.has(p)) for (const member of this.shapes.list(q.object)) this.free(value, this.entry(member));
      else if (p === sh('property')) { this.free(value, this.entry(q.object)); this.free(at, this.entry(q.object)); }
      else if (p === sh('class')) this.step(value, [RDF_TYPE]);
      else if (PAIRS.has(p)) this.step(at, [q.object.value]);
      else if (p === sh('closed')) { this.step(at, null); this.step(value, null); }
      else this.unsupported(`sh:${p.slice(prefixes.sh.length)}`);
    }
    return at;
  }

  /** Adds the steps of a property path from a state; the state at its end. */
  private path(path: Term, from: number): number {
    if (path.termType === 'NamedNode') return this.step(from, [path.value]);
    if (this.shapes.values(path, rdf('first')).length > 0) {
      return this.shapes.list(path).reduce((at: number, part) => this.path(part, at), from);
    }
    const [kind] = this.shapes.about(path);
    const inner = kind?.object;
    switch (kind?.predicate.value) {
      case sh('inversePath'):
        if (inner.termType === 'NamedNode') return this.step(from, [inner.value], true);
        break;
      case sh('alternativePath'): {
        const end = this.state();
        for (const member of this.shapes.list(inner)) this.free(this.path(member, from), end);
        return end;
      }
      case sh('zeroOrMorePath'): {
        const loop = this.state();
        this.free(from, loop);
        this.free(this.path(inner, loop), loop);
        return loop;
      }
      case sh('oneOrMorePath'): {
        const loop = this.state();
        this.free(from, loop);
        const end = this.path(inner, loop);
        this.free(end, loop);
        return end;
      }
      case sh('zeroOrOnePath'): {
        const end = this.state();
        this.free(from, end);
        this.free(this.path(inner, from), end);
        return end;
      }
    }
    this.unsupported('a property path of another kind');
    return from;
  }
}

/** The shapes the engine takes as its own (shacl-engine's Validator): those with targets, and every declared shape. */
function targetShapes(shapes: Graph): Term[] {
  const found = new Map<string, Term>();
  for (const q of shapes) {
    const p = q.predicate.value;
    if (p.startsWith(`${prefixes.sh}target`) || (p === RDF_TYPE && (q.object.value === sh('NodeShape') || q.object.value === sh('PropertyShape')))) {
      found.set(termKey(q.subject), q.subject);
    }
  }
  return [...found.values()];
}

/** Classes and their subclasses, as the shapes graph declares them (the engine reads subclasses there). */
function classesOf(shapes: Graph, classes: string[]): string[] {
  const all = new Set(classes);
  for (const c of all) for (const sub of shapes.subjects(`${prefixes.rdfs}subClassOf`, rdfNamed(c))) all.add(sub.value);
  return [...all];
}

function isTarget(graph: Graph, target: Target, node: Term): boolean {
  if (target.nodes.has(objectKey(node))) return true;
  if (node.termType === 'Literal') return false;
  return graph.types(node).some((t) => target.classes.has(t)) ||
    target.subjectsOf.some((p) => graph.match(node as Quad['subject'], rdfNamed(p), null).size > 0) ||
    target.objectsOf.some((p) => graph.match(null, rdfNamed(p), node as Quad['object']).size > 0);
}

/** A term's identity among subjects and objects, a literal's datatype and language included. */
function objectKey(term: Term): string {
  return term.termType === 'Literal' ? `"${term.language}^${term.datatype.value}^${term.value}` : termKey(term);
}

/** Whether two runs of one subject's triples say the same, in the same order. */
function sameObjects(a: readonly Quad[], b: readonly Quad[]): boolean {
  return a.length === b.length && a.every((q, i) => q.predicate.value === b[i].predicate.value && q.object.equals(b[i].object));
}

function rdfNamed(iri: string): Term {
  return nodeOfKey(`<${iri}`);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}
