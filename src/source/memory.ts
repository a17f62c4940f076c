import type { Document, LineCounter } from 'yaml';

/** A data file as parsed: its syntax tree and where its lines start. */
export interface Parsed {
  document: Document.Parsed;
  lines: LineCounter;
}

/**
 * What a resident build (`lodfolio build --watch`) keeps of the profile's
 * YAML from one build to the next: each data file's text and its syntax
 * tree. A file whose text is the same is not parsed again (works.yaml of
 * 10,000 papers takes about 2 s). Parsing depends on the text alone, so
 * what a failed build parsed is kept too. It remembers the files of the
 * last folder read; a file gone from it is forgotten.
 */
export class SourceMemory {
  private readonly files = new Map<string, Parsed & { text: string }>();

  /** Forgets every file but these (the folder's data files, about to be read). */
  keepOnly(files: readonly string[]): void {
    const kept = new Set(files);
    for (const file of this.files.keys()) if (!kept.has(file)) this.files.delete(file);
  }

  /** `file`'s text parsed, or the tree parsed from the same text before; `parse` is called only when the text is new. */
  parse(file: string, text: string, parse: (text: string) => Parsed): Parsed {
    const known = this.files.get(file);
    if (known?.text === text) return known;
    const parsed = { text, ...parse(text) };
    this.files.set(file, parsed);
    return parsed;
  }
}
