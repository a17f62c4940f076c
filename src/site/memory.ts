import type { Quad, Term } from '@rdfjs/types';
import { Graph, nodeOfKey, termKey } from '../rdf/graph.js';
import { RDF_TYPE } from '../rdf/vocabulary.js';
import type { SliceReads } from './documents.js';

/**
 * What changed in the graph since the build a resident build published last
 * (publish/build-memory.ts `BuildMemory.changes`), as a slice reads it: the
 * subjects whose triples changed (`about`) and every node a changed subject
 * pointed at before or points at now (`incoming`), with each subject's
 * triples in that build (`before`).
 */
export interface GraphChanges extends SliceReads {
  /** The build the changes are from (none: there is none to take from), and the one they lead to: tokens a memory of a build's pieces is checked against. */
  since: object | undefined;
  now: object;
  /** A subject's triples in the build the changes are from (by its term key), in their order. */
  before(key: string): readonly Quad[] | undefined;
}

/**
 * What a resident build (`lodfolio build --watch`) keeps of the site's
 * representations from the build it published last, so that a rebuild does
 * not make again, over the whole graph, what an edit did not touch: each
 * piece made of one document's part of the graph (a work's citation item,
 * a document's typed links), with the graph's nodes it read; and what the
 * whole-site aggregates can start from. A piece is taken from the previous
 * build when it was made in the same context (the base, settings, words,
 * formats and styles: `context`) and none of the nodes it read changed
 * since (`GraphChanges`); else it is made again, its reads recorded for the
 * next build. Only what the published build was made with is kept: a build
 * that fails leaves the memory as it was.
 */
export class SiteMemory {
  private kept: Made | undefined;
  private made: Made | undefined;

  /** A build of the site's use of the memory, in `context`, with the graph's `changes` since the build kept (none: from nothing). */
  run(context: string, changes: GraphChanges | undefined): SiteRun {
    const kept = this.kept !== undefined && changes?.since !== undefined && changes.since === this.kept.at && this.kept.context === context ? this.kept : undefined;
    this.made = { at: changes?.now ?? {}, context, pieces: new Map(), aggregates: new Map() };
    return new SiteRun(kept, changes, this.made);
  }

  /** The build made with the last run was published: its pieces are the ones the next build may take. */
  published(): void {
    if (this.made) this.kept = this.made;
    this.made = undefined;
  }
}

interface Made {
  at: object;
  context: string;
  pieces: Map<string, Piece>;
  aggregates: Map<string, unknown>;
}

interface Piece {
  value: unknown;
  /** The term keys of the nodes whose triples it read, and of those whose incoming links it read. */
  about: string[];
  incoming: string[];
}

/** One build's use of the site's memory: the pieces it may take from the last, and what it leaves for the next. */
export class SiteRun {
  /** The graph pieces are made from, as a reader recording what the piece being made reads. */
  private reader: ReaderOf | undefined;
  /** What `everyChanged` found, by what it was asked, for the graph asked about. */
  private readonly asBefore = new Map<string, { graph: Graph; same: boolean }>();

  constructor(private readonly kept: Made | undefined, readonly changes: GraphChanges | undefined, private readonly made: Made) {}

  /**
   * The piece `key`, made by `make` from `graph` (which it must read through
   * the graph it is given, and nothing else of the graph's): the one kept,
   * when no node it read changed since; else made, its reads recorded.
   */
  piece<T>(key: string, graph: Graph, make: (graph: Graph) => T): T {
    // (Asked twice in one build: a listing page's triples, for the dataset and for the page.)
    const now = this.made.pieces.get(key);
    if (now) return now.value as T;
    const before = this.kept?.pieces.get(key);
    if (before && this.changes && unchangedReads(before, this.changes)) {
      this.made.pieces.set(key, before);
      return before.value as T;
    }
    const reads: Reads = { about: new Set(), incoming: new Set(), whole: false };
    if (this.reader?.graph !== graph) this.reader = readerOf(graph);
    this.reader.reads = reads;
    const value = make(this.reader.reader);
    // A piece that read the whole graph is not kept: any change may change it.
    if (!reads.whole) this.made.pieces.set(key, { value, about: [...reads.about], incoming: [...reads.incoming] });
    return value;
  }

  /**
   * Whether every link between nodes is as it was in the build kept: no
   * subject added or gone, and each changed subject pointing at the same
   * nodes in the same order (a title changed, a date). What follows the
   * links alone (the homepage's cut) is then the same.
   */
  linksUnchanged(graph: Graph): boolean {
    return this.everyChanged('links', graph, (quads) => quads.filter((q) => q.object.termType === 'NamedNode' || q.object.termType === 'BlankNode').map((q) => termKey(q.object)).join(' '));
  }

  /**
   * Whether the graph has the subjects of the build kept, and each changed
   * subject the same predicates and classes: what VoID counts of the graph
   * (site/void.ts `voidCounts`) is then the same.
   */
  countsUnchanged(graph: Graph): boolean {
    return this.everyChanged('counts', graph, (quads) => [
      ...new Set(quads.map((q) => (q.predicate.value === RDF_TYPE && q.object.termType === 'NamedNode' ? `${q.predicate.value} ${q.object.value}` : q.predicate.value))),
    ].sort().join(' '));
  }

  /** Whether no subject was added or is gone, and each changed subject's triples give the same `digest` before and now (asked once per run). */
  private everyChanged(name: string, graph: Graph, digest: (quads: readonly Quad[]) => string): boolean {
    if (!this.kept || !this.changes) return false;
    const known = this.asBefore.get(name);
    if (known?.graph === graph) return known.same;
    const { changes } = this;
    const same = [...changes.about].every((key) => {
      const before = changes.before(key);
      const now = graph.about(nodeOfKey(key));
      return before !== undefined && now.length > 0 && digest(before) === digest(now);
    });
    this.asBefore.set(name, { graph, same });
    return same;
  }

  /** What a whole-site aggregate left for the next build (`keep`), when there is a build to take from. */
  aggregate<T>(key: string): T | undefined {
    return this.kept?.aggregates.get(key) as T | undefined;
  }

  /** Keeps what a whole-site aggregate can start from in the next build. */
  keep(key: string, value: unknown): void {
    this.made.aggregates.set(key, value);
  }
}

function unchangedReads(piece: Piece, changes: GraphChanges): boolean {
  for (const key of piece.about) if (changes.about.has(key)) return false;
  for (const key of piece.incoming) if (changes.incoming.has(key)) return false;
  return true;
}

interface Reads {
  about: Set<string>;
  incoming: Set<string>;
  /** Read something of the graph other than a node's triples or its incoming links. */
  whole: boolean;
}

interface ReaderOf {
  graph: Graph;
  reader: Graph;
  /** Where what is read is recorded now. */
  reads: Reads;
}

/**
 * The graph, as a reader that records what it reads (in `reads`, set for
 * each piece): every lookup of a graph goes through a node's triples
 * (`about`, `said`, `describes`, `has`) or the links pointing at it
 * (`incoming`, `pointing`), which are recorded by the node's key; anything
 * else (its quads, its subjects, a match by predicate alone) is the whole
 * graph. The reader is the graph with these methods in front (its
 * prototype), and shares its indexes (made first, so that none is made on
 * the reader).
 */
function readerOf(graph: Graph): ReaderOf {
  graph.describes(NOTHING);
  const g = Graph.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const reader = Object.create(graph) as Record<string | symbol, unknown>;
  const made: ReaderOf = { graph, reader: reader as unknown as Graph, reads: { about: new Set(), incoming: new Set(), whole: false } };
  const about = (node: Term) => { made.reads.about.add(termKey(node)); };
  const incoming = (node: Term) => { made.reads.incoming.add(termKey(node)); };
  const whole = () => { made.reads.whole = true; };
  const methods: Record<string, (this: unknown, ...args: never[]) => unknown> = {
    about(node: Term) { about(node); return g.about.call(this, node); },
    said(node: Term, predicate: string) { about(node); return g.said.call(this, node, predicate); },
    describes(node: Term) { about(node); return g.describes.call(this, node); },
    has(quad: Quad) { about(quad.subject); return g.has.call(this, quad); },
    incoming(node: Term, predicate?: string) { incoming(node); return g.incoming.call(this, node, predicate); },
    pointing(node: Term, predicate: string) { incoming(node); return g.pointing.call(this, node, predicate); },
    match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graphTerm?: Term | null) {
      if (!subject && !(object && (object.termType === 'NamedNode' || object.termType === 'BlankNode'))) whole();
      return g.match.call(this, subject, predicate, object, graphTerm);
    },
    subjectKeys() { whole(); return g.subjectKeys.call(this); },
    namedSubjects() { whole(); return g.namedSubjects.call(this); },
    add() { throw new Error('a graph being read is not changed'); },
    delete() { throw new Error('a graph being read is not changed'); },
  };
  for (const [name, method] of Object.entries(methods)) reader[name] = method;
  reader[Symbol.iterator] = () => { whole(); return graph[Symbol.iterator](); };
  Object.defineProperty(reader, 'quads', { get: () => { whole(); return graph.quads; } });
  Object.defineProperty(reader, 'size', { get: () => { whole(); return graph.size; } });
  return made;
}

const NOTHING: Term = { termType: 'NamedNode', value: '', equals: () => false } as unknown as Term;
