import oxigraph from 'oxigraph';
import { formats, formatsOf, type NameOf } from '../formats.js';
import { analyseQuery } from './analyse.js';

/**
 * What a query worker does: hold an Oxigraph store with the published graph,
 * and answer one query at a time, serialised by Oxigraph in the format the
 * client negotiated. Synchronous, like Oxigraph itself; the pool
 * (./pool.ts) runs it off the main thread. Nothing here knows about HTTP.
 *
 * The graph is loaded once, as a named graph (the dataset dump's URL), so
 * that FROM, FROM NAMED, GRAPH and the protocol's default-graph-uri and
 * named-graph-uri have a graph to name; a query that names no dataset of
 * its own gets that graph as its default graph too. (Loading it a second
 * time into the store's default graph did the same at twice the time and
 * memory: what matters with a million triples in each worker.)
 */

export interface QueryTask {
  /** The query as Oxigraph should run it (row cap already applied). */
  query: string;
  /** The query as the client wrote it, when `query` adds a LIMIT to it (see run()). */
  original?: string;
  /** Oxigraph's name of the format to serialise to (a media type). */
  format: string;
  /** Relative IRIs in the query resolve against this (the endpoint URL). */
  baseIri: string;
  /** The protocol's default-graph-uri values, when given: they replace the query's FROM. */
  defaultGraphs?: string[];
  /** The protocol's named-graph-uri values, when given: they replace the query's FROM NAMED. */
  namedGraphs?: string[];
  /** The endpoint's row cap, when it applies to this query: the output says whether it was reached. */
  cap?: number;
  /**
   * Whether the query has FROM or FROM NAMED (analyseQuery's `dataset`);
   * looked for here when not given.
   */
  ownDataset?: boolean;
}

export interface QueryOutput {
  /** The serialised result. */
  body: string;
  /** With `cap`: the result has that many solutions, so it may have been cut short. */
  capReached?: boolean;
}

/** An error the query caused (syntax, an unknown function...): the client's to fix. */
export class QueryError extends Error {}

export class Engine {
  private store = new oxigraph.Store();
  private graph?: oxigraph.NamedNode;

  /**
   * Replaces the data with N-Triples (a string, or UTF-8 bytes, which may
   * be a view of memory shared with other threads). Returns the number of
   * triples.
   */
  load(ntriples: string | Uint8Array, graphName: string): number {
    const store = new oxigraph.Store();
    const graph = oxigraph.namedNode(graphName);
    // Bytes in slices of 1 MiB: the parser streams them, so the WebAssembly
    // memory (which never shrinks) holds one slice of the input at a time,
    // not a copy of all of it. Not Oxigraph's `no_transaction` bulk loader:
    // measured on a million triples it saved under a tenth of the CPU time
    // and held twice the memory afterwards (735 against 388 MB).
    store.load(typeof ntriples === 'string' ? ntriples : slices(ntriples, 1 << 20), { format: formats.ntriples.engine, to_graph_name: graph });
    this.store = store;
    this.graph = graph;
    return store.size;
  }

  run(task: QueryTask): QueryOutput {
    const options: Parameters<oxigraph.Store['query']>[1] = { results_format: task.format, base_iri: task.baseIri };
    // The protocol's dataset, when given, replaces the query's own FROM and
    // FROM NAMED entirely (SPARQL 1.1 Protocol §2.1.4): giving only named
    // graphs means an empty default graph, and the reverse.
    if (task.defaultGraphs || task.namedGraphs) {
      options.default_graph = (task.defaultGraphs ?? []).map((g) => oxigraph.namedNode(g));
      options.named_graphs = (task.namedGraphs ?? []).map((g) => oxigraph.namedNode(g));
    } else if (this.graph && !(task.ownDataset ?? analyseQuery(task.query).dataset)) {
      // The data as the default graph. Only here: this option replaces a
      // query's own FROM (as Oxigraph's default-graph-as-union one does too).
      // Named graphs stay all the store's.
      options.default_graph = this.graph;
    }
    let result: ReturnType<oxigraph.Store['query']>;
    try {
      result = this.evaluate(task.query, options);
    } catch (error) {
      // A syntax error in the capped text is reported as the client wrote
      // it: the added `LIMIT` line would move the position, and the message,
      // to a line the client never wrote. (Should the original parse after
      // all, the tokenizer misread it: it then runs as written, uncapped but
      // still within the time limit.)
      if (!(error instanceof QueryError) || task.original === undefined || !error.message.startsWith('error at ')) throw error;
      result = this.evaluate(task.original, options);
    }
    if (typeof result !== 'string') throw new Error(`Oxigraph returned a ${typeof result} where a ${task.format} serialisation was expected`);
    return { body: result, capReached: task.cap === undefined ? undefined : reachesCap(task.format, result, task.cap) };
  }

  private evaluate(query: string, options: Parameters<oxigraph.Store['query']>[1]): ReturnType<oxigraph.Store['query']> {
    try {
      return this.store.query(query, options);
    } catch (error) {
      // A trap in the WebAssembly code (out of memory, a bug) leaves the
      // module unusable: let it propagate, so the worker is replaced.
      if (error instanceof WebAssembly.RuntimeError) throw error;
      throw new QueryError(error instanceof Error ? error.message : String(error));
    }
  }
}

/**
 * How to count the solutions in each results format (formats.ts): the
 * smallest a solution can be, in characters, and the count as far as
 * `upTo`. Exact for the shape Oxigraph writes: one `<result>` element per
 * solution in XML (text content escapes `<`), one line per solution in TSV
 * (which escapes newlines), CSV rows ended by CRLF outside quotes.
 */
const counters: { readonly [F in NameOf<'results'>]: { smallest: number; count: (body: string, upTo: number) => number } } = {
  'sparql-json': {
    smallest: 2, // `{}`, then a comma
    count: (body, upTo) => Math.min(upTo, (JSON.parse(body) as { results?: { bindings?: unknown[] } }).results?.bindings?.length ?? 0),
  },
  'sparql-xml': { smallest: '<result></result>'.length, count: (body, upTo) => occurrences(body, '<result>', upTo) },
  csv: {
    smallest: 2, // CRLF
    count: (body, upTo) => {
      let rows = 0;
      let quoted = false;
      for (let i = 0; i < body.length && rows <= upTo; i++) {
        const c = body.charCodeAt(i);
        if (c === 34 /* " */) quoted = !quoted;
        else if (c === 10 /* \n */ && !quoted) rows++;
      }
      return Math.min(upTo, Math.max(0, rows - 1));
    },
  },
  tsv: {
    smallest: 1, // a newline
    // Lines after the header; the last line ends with a newline.
    count: (body, upTo) => Math.max(0, occurrences(body, '\n', upTo + 1) - 1),
  },
};

/** Oxigraph's name of a results format → its counter. */
const countersByEngine = new Map(formatsOf('results').map((f) => [f.engine, counters[f.name]]));

/**
 * Whether serialised SELECT results hold at least `cap` solutions. Most
 * results are far too short to, and are not counted at all.
 */
export function reachesCap(format: string, body: string, cap: number): boolean {
  const counter = countersByEngine.get(format);
  if (!counter || body.length < counter.smallest * cap) return false;
  return counter.count(body, cap) >= cap;
}

/** The number of solutions in serialised SELECT results (in Oxigraph's format `format`), counted as far as `upTo`. */
export function countRows(format: string, body: string, upTo = Infinity): number {
  return countersByEngine.get(format)?.count(body, upTo) ?? 0;
}

function occurrences(text: string, needle: string, upTo: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && n < upTo; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

function* slices(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, Math.min(at + size, bytes.length));
}
