import type { DatasetCore, Quad, Term } from '@rdfjs/types';

/**
 * The profile's graph as an RDF/JS DatasetCore, built for the questions the
 * pipeline asks: what a node says and what points at it (the alignment, the
 * SHACL engine's path steps, error locations). A plain array of quads with
 * subject (then predicate) and object indexes (a predicate index on demand), each built when
 * first needed; `match` answers with another such dataset over the matching
 * quads, which costs nothing until it is itself matched. Measured against
 * rdf-ext's dataset and N3's Store in bench/pipeline.ts (see the README).
 * Default graph only: the profile has no named graphs.
 */
export class QuadIndex implements DatasetCore {
  private quads: Quad[];
  /** Subject → predicate IRI → quads: a scholar says tens of thousands of things, and is asked one property at a time. */
  private bySubject?: TermMap<Map<string, Quad[]>>;
  private byObject?: TermMap<Quad[]>;
  private byPredicate?: Map<string, Quad[]>;

  /** `distinct`: the quads are known to hold no repeats (a match result), so they are not checked. */
  constructor(quads: Iterable<Quad> = [], distinct = false) {
    if (distinct && Array.isArray(quads)) { this.quads = quads; return; }
    this.quads = [];
    this.bySubject = new TermMap();
    this.byObject = new TermMap();
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
    this.insert(quad);
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
    const said = this.bySubject!.get(quad.subject)?.get(quad.predicate.value);
    if (!said) return false;
    const pointing = this.byObject!.get(quad.object);
    if (!pointing) return false;
    // The shorter of the two runs: a class has many instances, a person many works, but rarely both at once.
    const run = said.length <= pointing.length ? said : pointing;
    for (const q of run) if (sameTriple(q, quad)) return true;
    return false;
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): QuadIndex {
    if (graph && !inDefaultGraph(graph)) return new QuadIndex([], true);
    let run: readonly Quad[];
    if (subject) {
      this.index();
      const about = this.bySubject!.get(subject);
      if (!about) run = [];
      else if (predicate) run = about.get(predicate.value) ?? [];
      else if (about.size === 1) run = about.values().next().value!;
      else run = [...about.values()].flat();
    } else if (object) { this.index(); run = this.byObject!.get(object) ?? []; }
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

  private insert(quad: Quad): void {
    this.quads.push(quad);
    let about = this.bySubject!.get(quad.subject);
    if (!about) { about = new Map(); this.bySubject!.set(quad.subject, about); }
    push(about, quad.predicate.value, quad);
    const pointing = this.byObject!.get(quad.object);
    if (pointing) pointing.push(quad); else this.byObject!.set(quad.object, [quad]);
  }

  private index(): void {
    if (this.bySubject) return;
    const quads = this.quads;
    this.quads = [];
    this.bySubject = new TermMap();
    this.byObject = new TermMap();
    for (const q of quads) this.insert(q);
  }

  private predicateIndex(): Map<string, Quad[]> {
    if (!this.byPredicate) {
      this.byPredicate = new Map();
      for (const q of this.quads) push(this.byPredicate, q.predicate.value, q);
    }
    return this.byPredicate;
  }
}

/**
 * A map keyed by RDF terms, without building a key string for IRIs and
 * blank nodes (the lookups run in the millions); a literal's key includes
 * its datatype and language, so "1" and "1"^^xsd:integer stay apart.
 */
class TermMap<V> {
  private readonly named = new Map<string, V>();
  private readonly blank = new Map<string, V>();
  private readonly literal = new Map<string, V>();

  get(term: Term): V | undefined {
    return this.mapOf(term).get(term.termType === 'Literal' ? literalKey(term) : term.value);
  }

  set(term: Term, value: V): void {
    this.mapOf(term).set(term.termType === 'Literal' ? literalKey(term) : term.value, value);
  }

  private mapOf(term: Term): Map<string, V> {
    return term.termType === 'NamedNode' ? this.named : term.termType === 'BlankNode' ? this.blank : this.literal;
  }
}

function literalKey(term: Term & { termType: 'Literal' }): string {
  return `${term.value}"${term.language}^${term.datatype.value}`;
}

function push(map: Map<string, Quad[]>, key: string, q: Quad): void {
  const list = map.get(key);
  if (list) list.push(q); else map.set(key, [q]);
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
