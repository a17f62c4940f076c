import type { Quad } from '@rdfjs/types';
import { type Graph, nodeOfKey, sameTriple, termKey } from '../rdf/graph.js';
import type { SliceReads } from '../site/documents.js';
import type { GraphChanges } from '../site/memory.js';
import type { ImageSizes } from '../render/writers.js';
import type { WrittenRecord } from './build-record.js';
import type { RenderSetup } from './render-job.js';
import { RenderThreads } from './render-threads.js';

/**
 * What a resident build (`lodfolio build --watch`) keeps between one build
 * and the next, so that a rebuild after an edit is not paid again for what
 * the edit did not touch:
 *
 * - the published build's record and its files' stamps, as written (not read
 *   back and parsed: about a second at 10,000 papers);
 * - each subject's triples, as the graph held them: the next build compares
 *   its own with them (the same quads, or the same triples) and knows which
 *   subjects changed, and the nodes they pointed at;
 * - each entity document's digest, its source but the triples
 *   (build-record.ts `sourceKey`), and what its slice read of the graph
 *   (site/documents.ts `SliceReads`), and the sizes of the images its triples
 *   name. A document whose source is the same, none of whose reads changed
 *   and whose images are the same size has the same files: it is taken from
 *   the previous build without being sliced, encoded and digested (about 5 s
 *   at 10,000 papers);
 * - the render threads, their modules loaded and their citation styles
 *   compiled (a second or two of CPU each to start).
 *
 * Only what the published build was made from is kept: a build that fails
 * leaves the memory as it was. The memory holds for the build it was made
 * with: a build that finds another one published (another process's) reads
 * that one's record from disk and slices every document.
 */
export class BuildMemory {
  private kept: Kept | undefined;
  private renderThreads: RenderThreads | undefined;
  /** The subjects of the graph being built, and what changed in them since the build kept (`changes`), for `start`. */
  private pending: { graph: Graph; subjects: Map<string, readonly Quad[]>; changed: SliceReads | undefined } | undefined;

  /**
   * What changed in `graph` since the build the memory is of, whichever
   * folder that was published to (nothing is known to have stayed without one: `since` is undefined): the site's
   * representations take what they can from that build (site/memory.ts).
   */
  changes(graph: Graph): GraphChanges {
    const kept = this.kept;
    if (this.pending?.graph !== graph) {
      const subjects = subjectsOf(graph);
      this.pending = { graph, subjects, changed: kept && changesBetween(kept.subjects, subjects) };
    }
    const { subjects, changed } = this.pending;
    return { ...changed ?? { about: new Set(), incoming: new Set() }, since: kept?.subjects, now: subjects, before: (key) => kept?.subjects.get(key) };
  }

  /** What an export replacing the build `previous` (the folder SITE is now) may take from memory, for a site of `graph`. */
  start(previous: string | undefined, graph: Graph): RememberedRun {
    const kept = this.kept !== undefined && this.kept.dir === previous ? this.kept : undefined;
    const pending = this.pending?.graph === graph ? this.pending : undefined;
    this.pending = undefined;
    return new RememberedRun(this, kept, pending?.subjects ?? subjectsOf(graph), pending?.changed);
  }

  /** What a run published, kept for the next (`RememberedRun.published`). */
  keep(kept: Kept): void {
    this.kept = kept;
  }

  /** The render threads for an export with `setup`: the ones kept, when there are `size` of them and all are there; else new ones. */
  threads(size: number, setup: RenderSetup): RenderThreads {
    if (this.renderThreads?.size === size && this.renderThreads.whole) {
      this.renderThreads.begin(setup);
      return this.renderThreads;
    }
    void this.renderThreads?.close();
    this.renderThreads = new RenderThreads(size, setup);
    return this.renderThreads;
  }

  /** Lets the render threads go. */
  async close(): Promise<void> {
    await this.renderThreads?.close();
    this.renderThreads = undefined;
  }
}

/** One export's use of the memory: what it may skip, and what it leaves for the next. */
export class RememberedRun {
  private readonly documents = new Map<string, DocumentMemory>();
  /** The term keys whose `about` and whose `incoming` changed since the kept build; none without one. */
  private readonly changed: SliceReads | undefined;

  constructor(private readonly memory: BuildMemory, private readonly kept: Kept | undefined, private readonly subjects: Map<string, readonly Quad[]>, changed?: SliceReads) {
    this.changed = kept && (changed ?? changesBetween(kept.subjects, subjects));
  }

  /** The render threads kept, begun for this export (`BuildMemory.threads`). */
  threads(size: number, setup: RenderSetup): RenderThreads {
    return this.memory.threads(size, setup);
  }

  /** The previous build's record and stamps, when the memory is of the build being replaced. */
  get record(): WrittenRecord | undefined {
    return this.kept?.record;
  }

  /**
   * The digest a document had in the previous build, when it is certainly
   * the same now: the same source but its triples (`key`), no triple it
   * read changed since, and each image its triples name the size it had
   * (`sizes`: the site's images now). The caller still checks the files are there.
   */
  unchanged(documentPath: string, key: string, sizes: ImageSizes): string | undefined {
    const before = this.kept?.documents.get(documentPath);
    if (!before || before.key !== key || !this.changed) return undefined;
    for (const [url, size] of Object.entries(before.images)) if (JSON.stringify(sizes[url] ?? null) !== JSON.stringify(size)) return undefined;
    for (const node of before.reads.about) if (this.changed.about.has(node)) return undefined;
    for (const node of before.reads.incoming) if (this.changed.incoming.has(node)) return undefined;
    return before.digest;
  }

  /** Carries a document's memory over, unchanged (`unchanged` said so, and its files were taken). */
  carry(documentPath: string): void {
    this.documents.set(documentPath, this.kept!.documents.get(documentPath)!);
  }

  /** What a document sliced in this build read, for the next. */
  sliced(documentPath: string, key: string, digest: string, reads: SliceReads, images: ImageSizes): void {
    this.documents.set(documentPath, { key, digest, reads, images });
  }

  /** A new empty `SliceReads` for a document to be sliced. */
  static reads(): SliceReads {
    return { about: new Set(), incoming: new Set() };
  }

  /** The export was published from `dir` with `record`: the memory is of it now. */
  published(dir: string, record: WrittenRecord): void {
    this.memory.keep({ dir, record, subjects: this.subjects, documents: this.documents });
  }
}

interface Kept {
  /** The build folder the memory is of (SITE links to it). */
  dir: string;
  record: WrittenRecord;
  /** Each subject's triples (`subjectsOf`). */
  subjects: Map<string, readonly Quad[]>;
  documents: Map<string, DocumentMemory>;
}

interface DocumentMemory {
  key: string;
  digest: string;
  reads: SliceReads;
  images: ImageSizes;
}

/**
 * Every subject of the graph (term key) → its triples in the graph's order,
 * as they are: a rebuild's graph holds the very quads of the entries it
 * kept (graph/tordf.ts `KeptEntries`), so most subjects are told unchanged
 * by the identity of their quads, and the others triple by triple, with no
 * digest of every subject's text in every build (bench/README.md).
 */
function subjectsOf(graph: Graph): Map<string, readonly Quad[]> {
  const subjects = new Map<string, readonly Quad[]>();
  // A copy of the index's run: the memory must not change with a graph added to later.
  for (const key of graph.subjectKeys()) subjects.set(key, graph.about(nodeOfKey(key)).slice());
  return subjects;
}

/** Whether a subject's triples are the same, in the same order. */
function sameTriples(a: readonly Quad[] | undefined, b: readonly Quad[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((q, i) => q === b[i] || sameTriple(q, b[i]));
}

/**
 * What changed from one graph to the next, as a slice reads it: the
 * subjects whose triples changed (their `about`), and every node a changed
 * subject pointed at before or points at now (their `incoming`).
 */
function changesBetween(before: Map<string, readonly Quad[]>, now: Map<string, readonly Quad[]>): SliceReads {
  const changed: SliceReads = { about: new Set(), incoming: new Set() };
  const differ = (key: string, a: readonly Quad[] | undefined, b: readonly Quad[] | undefined) => {
    if (sameTriples(a, b)) return;
    changed.about.add(key);
    for (const { object } of [...a ?? [], ...b ?? []]) if (object.termType === 'NamedNode' || object.termType === 'BlankNode') changed.incoming.add(termKey(object));
  };
  for (const [key, a] of before) differ(key, a, now.get(key));
  for (const [key, b] of now) if (!before.has(key)) differ(key, undefined, b);
  return changed;
}
