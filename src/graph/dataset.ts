import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import { termKey } from '../rdf/graph.js';

/**
 * The profile's graph as an RDF/JS DatasetCore, built for the questions the
 * pipeline asks: what a node says and what points at it (the alignment, the
 * SHACL engine's path steps, error locations). A plain array of quads with
 * subject and object indexes (a predicate index on demand), each built when
 * first needed; `match` answers with another such dataset over the matching
 * quads, which costs nothing until it is itself matched. Measured against
 * rdf-ext's dataset and N3's Store in bench/pipeline.ts (see the README).
 * Default graph only: the profile has no named graphs.
 */
export class QuadIndex implements DatasetCore {
  private quads: Quad[];
  private bySubject?: Map<string, Quad[]>;
  private byObject?: Map<string, Quad[]>;
  private byPredicate?: Map<string, Quad[]>;

  /** `distinct`: the quads are known to hold no repeats (a match result), so they are not checked. */
  constructor(quads: Iterable<Quad> = [], distinct = false) {
    if (distinct && Array.isArray(quads)) { this.quads = quads; return; }
    this.quads = [];
    this.bySubject = new Map();
    this.byObject = new Map();
    for (const q of quads) this.add(q);
  }

  get size(): number {
    return this.quads.length;
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.quads[Symbol.iterator]();
  }

  add(quad: Quad): this {
    if (this.has(quad)) return this;
    this.quads.push(quad);
    push(this.bySubject!, termKey(quad.subject), quad);
    push(this.byObject!, objectKey(quad.object), quad);
    if (this.byPredicate) push(this.byPredicate, quad.predicate.value, quad);
    return this;
  }

  delete(quad: Quad): this {
    if (!this.has(quad)) return this;
    this.quads = this.quads.filter((q) => !sameTriple(q, quad));
    this.bySubject = this.byObject = this.byPredicate = undefined;
    return this;
  }

  has(quad: Quad): boolean {
    if (!inDefaultGraph(quad.graph)) return false;
    this.index();
    // The shorter of the two runs: a class has many instances, a person many works, but rarely both at once.
    const about = this.bySubject!.get(termKey(quad.subject));
    if (!about) return false;
    const pointing = this.byObject!.get(objectKey(quad.object));
    if (!pointing) return false;
    const run = about.length <= pointing.length ? about : pointing;
    for (const q of run) if (sameTriple(q, quad)) return true;
    return false;
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): QuadIndex {
    if (graph && !inDefaultGraph(graph)) return new QuadIndex([], true);
    let run: readonly Quad[];
    if (subject) { this.index(); run = this.bySubject!.get(termKey(subject)) ?? []; }
    else if (object) { this.index(); run = this.byObject!.get(objectKey(object)) ?? []; }
    else if (predicate) run = this.predicateIndex().get(predicate.value) ?? [];
    else run = this.quads;
    const found: Quad[] = [];
    for (const q of run) {
      if (subject && !sameTerm(q.subject, subject)) continue;
      if (predicate && !sameTerm(q.predicate, predicate)) continue;
      if (object && !sameTerm(q.object, object)) continue;
      found.push(q);
    }
    return new QuadIndex(found, true);
  }

  private index(): void {
    if (this.bySubject) return;
    this.bySubject = new Map();
    this.byObject = new Map();
    for (const q of this.quads) {
      push(this.bySubject, termKey(q.subject), q);
      push(this.byObject, objectKey(q.object), q);
    }
  }

  private predicateIndex(): Map<string, Quad[]> {
    if (!this.byPredicate) {
      this.byPredicate = new Map();
      for (const q of this.quads) push(this.byPredicate, q.predicate.value, q);
    }
    return this.byPredicate;
  }
}

function push(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q); else map.set(key, [q]);
}

/** termKey, with a literal's datatype and language: object keys must not confuse "1" and "1"^^xsd:integer. */
function objectKey(term: Term): string {
  return term.termType === 'Literal' ? `"${term.value}"${term.language}^${term.datatype.value}` : termKey(term);
}

function inDefaultGraph(graph: Term | undefined): boolean {
  return !graph || graph.termType === 'DefaultGraph';
}

function sameTerm(a: Term, b: Term): boolean {
  if (a === b) return true;
  if (a.termType !== b.termType || a.value !== b.value) return false;
  return a.termType !== 'Literal' || (a.language === (b as typeof a).language && a.datatype.value === (b as typeof a).datatype.value);
}

function sameTriple(a: Quad, b: Quad): boolean {
  return sameTerm(a.subject, b.subject) && sameTerm(a.predicate, b.predicate) && sameTerm(a.object, b.object);
}
