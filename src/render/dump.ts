import type { Quad } from '@rdfjs/types';
import { sortQuads } from '../rdf/quads.js';

/**
 * A dump (the whole dataset in one format) as the writer of its format
 * makes it, by subjects: `head + write(subjects) + tail` is the text, and
 * the text of a run of consecutive subjects depends on those subjects and
 * the head alone, so that a build can cut a dump into parts and take the
 * parts whose subjects did not change from the previous one
 * (publish/dump-parts.ts).
 */
export interface DumpWriter {
  head: string;
  tail: string;
  /** Each subject's quads, in the order the format writes them. */
  subjects: Quad[][];
  /** The text of consecutive subjects; `first` when they are the first ones (JSON-LD puts a comma before the others). */
  write(runs: readonly Quad[][], first: boolean): string;
}

/**
 * The quads the dumps are written from, and what more than one format's
 * writer makes of them: Turtle and N-Triples write the same subjects in the
 * same order (rdf/quads.ts `sortQuads`), sorted here once for the two (at
 * 10,000 papers a sort of the dataset is about 0.15 s of CPU), and so the
 * very same arrays, which lets the dumps' parts tell a part already
 * digested by its subjects alone (publish/dump-parts.ts).
 */
export class DumpQuads {
  private sorted: Quad[][] | undefined;

  constructor(readonly quads: readonly Quad[]) {}

  /** Each subject's quads, subjects and their triples sorted (`sortQuads`); made when first asked. */
  sortedSubjects(): Quad[][] {
    this.sorted ??= subjectRuns(sortQuads(this.quads));
    return this.sorted;
  }
}

/** Runs of quads with the same subject, in order (sorted quads: each subject's quads together). */
export function subjectRuns(quads: readonly Quad[]): Quad[][] {
  const runs: Quad[][] = [];
  let run: Quad[] | undefined;
  for (const q of quads) {
    if (run && run[0].subject.termType === q.subject.termType && run[0].subject.value === q.subject.value) run.push(q);
    else runs.push(run = [q]);
  }
  return runs;
}

/** Each subject's quads, the subjects in order of first appearance (for quads in any order). */
export function subjectGroups(quads: readonly Quad[]): Quad[][] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = q.subject.termType === 'BlankNode' ? `_:${q.subject.value}` : q.subject.value;
    const group = groups.get(key);
    if (group) group.push(q); else groups.set(key, [q]);
  }
  return [...groups.values()];
}
