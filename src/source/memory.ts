import { Document, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Pair, parseDocument, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { layoutOf, type Part, type Span } from './layout.js';

/** A data file as parsed: its syntax tree and where its lines start. */
export interface Parsed {
  document: Document.Parsed;
  lines: LineCounter;
}

/** What the memory holds of one file: its text, its tree, and its parts' trees by their text. */
interface Known extends Parsed {
  text: string;
  /** Each part's text (layout.ts) → its nodes, whose ranges are those of a part at offset `at`; absent when the file does not split. */
  parts?: Map<string, Array<{ node: Pair | Node; at: number }>>;
}

const OPTIONS = { uniqueKeys: true } as const;

/**
 * What a resident build (`lodfolio build --watch`) keeps of the profile's
 * YAML from one build to the next: each data file's text and its syntax
 * tree. A file whose text is the same is not parsed again (works.yaml of
 * 10,000 papers takes about 2 s). In a changed file, only the parts whose
 * text changed are parsed (layout.ts: each top-level key, and each item of
 * a top-level list): the other parts' nodes are taken from the last tree,
 * their positions moved by as much as the text before them grew or shrank,
 * and the tree is assembled as a parse of the whole would build it. When
 * the file does not split with certainty, or a part alone reads otherwise
 * than it may in the whole (an error, an anchor, an alias or a tag, another
 * shape), the whole file is parsed. Parsing depends on the text alone, so
 * what a failed build parsed is kept too. The memory holds the files of the
 * last folder read; a file gone from it is forgotten.
 */
export class SourceMemory {
  private readonly files = new Map<string, Known>();

  /** Forgets every file but these (the folder's data files, about to be read). */
  keepOnly(files: readonly string[]): void {
    const kept = new Set(files);
    for (const file of this.files.keys()) if (!kept.has(file)) this.files.delete(file);
  }

  /** `file`'s text parsed, the parts of it that did not change since the last time taken from then. */
  parse(file: string, text: string): Parsed {
    const known = this.files.get(file);
    if (known?.text === text) return known;
    const layout = layoutOf(text);
    const parsed = (layout && known?.parts && reparse(text, layout, known.parts)) || parseWhole(text, layout);
    this.files.set(file, parsed);
    return parsed;
  }
}

/** A whole file parsed, as a build without memory parses it. */
export function parseWhole(text: string, layout?: Part[]): Known {
  const lines = new LineCounter();
  const document = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  return { text, document, lines, parts: layout && partsOf(text, layout, document) };
}

/**
 * The nodes of a whole parse by the parts they come from, when each part's
 * nodes lie within it (else the split was wrong): what the next parse of
 * the file can take. Undefined when the tree is not one to take parts from.
 */
function partsOf(text: string, layout: Part[], document: Document.Parsed): Known['parts'] {
  const root = document.contents;
  if (document.errors.length > 0 || document.warnings.length > 0 || !isMap(root) || root.flow || !plain(root)) return undefined;
  if (root.items.length !== layout.length) return undefined;
  const parts: NonNullable<Known['parts']> = new Map();
  const add = (span: Span, node: Pair | Node) => {
    const key = text.slice(span.start, span.end);
    parts.set(key, [...parts.get(key) ?? [], { node, at: span.start }]);
  };
  const within = (node: unknown, { start, end }: Span) => isNode(node) && node.range != null && node.range[0] >= start && node.range[2] <= end;
  for (const [i, part] of layout.entries()) {
    const pair = root.items[i];
    if ('key' in part) {
      if (!within(pair.key, part.key) || (pair.value !== null && !within(pair.value, part.key))) return undefined;
      add(part.key, pair);
      continue;
    }
    const list = pair.value;
    if (!within(pair.key, part.header) || !isSeq(list) || list.flow || list.items.length !== part.items.length) return undefined;
    add(part.header, new Pair(pair.key, null));
    for (const [n, span] of part.items.entries()) {
      if (!within(list.items[n], span)) return undefined;
      add(span, list.items[n] as Node);
    }
  }
  return parts;
}

/**
 * The file parsed part by part, the parts known taken from `known`; the
 * tree a whole parse builds, or undefined where a part alone is not read as
 * it is in the whole.
 */
function reparse(text: string, layout: Part[], known: NonNullable<Known['parts']>): Known | undefined {
  const parts: NonNullable<Known['parts']> = new Map();
  const take = (span: Span, read: (root: unknown) => Pair | Node | undefined): Pair | Node | undefined => {
    const key = text.slice(span.start, span.end);
    const kept = known.get(key)?.pop();
    let node = kept?.node;
    if (kept) moveBy(kept.node, span.start - kept.at);
    else {
      const alone = parseDocument(key, OPTIONS);
      node = alone.errors.length === 0 && alone.warnings.length === 0 && plain(alone.contents) ? read(alone.contents) : undefined;
      if (node === undefined) return undefined;
      moveBy(node, span.start);
    }
    parts.set(key, [...parts.get(key) ?? [], { node: node!, at: span.start }]);
    return node;
  };
  // A block mapping of one pair, whose key is a plain name.
  const onePair = (root: unknown) => (isMap(root) && !root.flow && root.items.length === 1 && isScalar(root.items[0].key) ? root.items[0] : undefined);
  const root = new YAMLMap();
  for (const part of layout) {
    if ('key' in part) {
      const pair = take(part.key, onePair);
      if (!isPair(pair)) return undefined;
      root.items.push(pair);
      continue;
    }
    const header = take(part.header, (r) => {
      const pair = onePair(r);
      return pair && isScalar(pair.value) && pair.value.value === null && pair.value.source === '' ? new Pair(pair.key, null) : undefined;
    });
    if (!isPair(header)) return undefined;
    const list = new YAMLSeq();
    for (const span of part.items) {
      const item = take(span, (r) => (isSeq(r) && !r.flow && r.items.length === 1 ? r.items[0] as Node : undefined));
      if (item === undefined) return undefined;
      list.items.push(item);
    }
    // A list starts at its first dash.
    const last = list.items.at(-1) as Node;
    list.range = [text.indexOf('-', part.items[0].start), last.range![1], last.range![2]];
    root.items.push(new Pair(header.key, list));
  }
  const names = root.items.map((p) => String((p.key as { value: unknown }).value));
  if (new Set(names).size !== names.length) return undefined; // a key written twice: the whole parse says where
  const first = root.items[0].key as Node;
  root.range = [first.range![0], text.length, text.length];
  const document = new Document(undefined, OPTIONS) as unknown as Document.Parsed;
  document.contents = root as Document.Parsed['contents'];
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return { text, document, lines, parts };
}

/** Whether a tree has no anchor, alias or explicit tag: what a part read alone could read otherwise. */
function plain(node: unknown): boolean {
  if (isPair(node)) return plain(node.key) && plain(node.value);
  if (!isNode(node)) return true;
  if (isAlias(node) || node.anchor !== undefined || node.tag !== undefined) return false;
  return isCollection(node) ? node.items.every(plain) : true;
}

/** Moves a tree's positions by `by` characters. */
function moveBy(node: unknown, by: number): void {
  if (by === 0) return;
  if (isPair(node)) {
    moveBy(node.key, by);
    moveBy(node.value, by);
    return;
  }
  if (!isNode(node) || !node.range) return;
  node.range = [node.range[0] + by, node.range[1] + by, node.range[2] + by];
  if (isCollection(node)) for (const item of node.items) moveBy(item, by);
}
