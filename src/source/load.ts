import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { isDataFile, SITE_FILE } from '../config.js';
import { InvalidProfileError, type Issue } from '../issues.js';
import { parseWhole, type SourceMemory } from './memory.js';
import { syntaxIssue } from './syntax.js';
import { decodeUtf8 } from './utf8.js';

/** One parsed data file, kept with its syntax tree so errors can name lines. */
export interface SourceFile {
  path: string;
  document: Document.Parsed;
  lines: LineCounter;
}

/**
 * Where one file writes one top-level key. A list collection may be split
 * across files (people by year, say); each file's part is a section, and
 * `start` is the index its first item has in the merged list, so that
 * `people[12]` can be traced back to the file and item it came from.
 */
export interface Section {
  file: SourceFile;
  key: Node;
  value: Node | null;
  start: number;
}

/**
 * The profile as written: every `*.yaml` file of the folder merged into one
 * object, whose top-level keys (`person`, `people`, `publications`...) are
 * the collections. A list collection written in several files is one list,
 * in file-name order; anything else is written once.
 */
export interface Source {
  data: Record<string, unknown>;
  files: SourceFile[];
  /** The sections of each top-level key, in file order. */
  sections: Map<string, Section[]>;
  /**
   * Data paths (as `formatPath` writes them) that a validation layer has
   * already reported. Later layers say nothing more there: one slip, one
   * message (a non-URL in `sameAs` is not also a dangling reference).
   */
  reported: Set<string>;
}

/** The profile's data files, read; with `memory`, a file whose text it has seen is not parsed again. */
export async function loadSource(dataDir: string, memory?: SourceMemory): Promise<Source> {
  const names = (await readdir(dataDir)).filter(isDataFile).sort();
  if (names.length === 0) {
    throw new InvalidProfileError([{ file: displayPath(dataDir), message: 'holds no .yaml data files' }]);
  }
  const files = names.map((name) => path.join(dataDir, name));
  memory?.keepOnly(files);
  const read = await Promise.all(files.map((file) => readSourceFile(file, memory)));
  const issues = read.flatMap((r) => ('issue' in r ? [r.issue] : []));
  // A file that cannot be read leaves holes in the data; what else is wrong can wait.
  if (issues.length > 0) throw new InvalidProfileError(issues);
  return mergeFiles(read.flatMap((r) => ('file' in r ? [r.file] : [])));
}

/**
 * The profile's site settings (SITE_FILE) as a source of their own, whose
 * top-level keys are the settings, so that problems are located as in the
 * data; undefined when the profile has none.
 */
export async function loadSiteSource(dataDir: string): Promise<Source | undefined> {
  const file = path.join(dataDir, SITE_FILE);
  try {
    await access(file);
  } catch {
    return undefined;
  }
  const read = await readSourceFile(file);
  if ('issue' in read) throw new InvalidProfileError([read.issue]);
  return mergeFiles([read.file]);
}

async function readSourceFile(file: string, memory?: SourceMemory): Promise<{ file: SourceFile } | { issue: Issue }> {
  const shown = displayPath(file);
  const decoded = decodeUtf8(await readFile(file));
  if ('badByte' in decoded) {
    const { line, column } = decoded.badByte;
    return { issue: { file: shown, message: `is not valid UTF-8 (first bad byte at line ${line}, column ${column}); save the file as UTF-8` } };
  }
  const { document, lines } = memory ? memory.parse(file, decoded.text) : parseWhole(decoded.text);
  const issue = syntaxIssue(shown, decoded.text, document);
  return issue ? { issue } : { file: { path: shown, document, lines } };
}

function mergeFiles(files: SourceFile[]): Source {
  const issues: Issue[] = [];
  const data: Record<string, unknown> = {};
  const sections = new Map<string, Section[]>();
  for (const file of files) {
    const root = file.document.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue; // an empty file is fine
    if (!isMap(root)) {
      issues.push({ ...position(file, root?.range?.[0] ?? 0), message: 'must be a mapping of collections, like `people: [...]`' });
      continue;
    }
    const values = file.document.toJS() as Record<string, unknown>;
    for (const pair of root.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const key = pair.key as Node;
      const value = (pair.value ?? null) as Node | null;
      const earlier = sections.get(name);
      if (!earlier) {
        sections.set(name, [{ file, key, value, start: 0 }]);
        data[name] = values[name];
        continue;
      }
      const merged = data[name];
      if (isSeq(earlier[0].value) && isSeq(value) && Array.isArray(merged)) {
        earlier.push({ file, key, value, start: merged.length });
        data[name] = [...merged, ...(values[name] as unknown[])];
        continue;
      }
      const first = position(earlier[0].file, earlier[0].key.range?.[0] ?? 0);
      issues.push({
        ...position(file, key.range?.[0] ?? 0), path: name,
        message: `is already defined in ${first.file}:${first.line}; only a list collection can be split across files`,
      });
    }
  }
  if (issues.length > 0) throw new InvalidProfileError(issues);
  return { data, files, sections, reported: new Set() };
}

export function position(file: SourceFile, offset: number): Pick<Issue, 'file' | 'line' | 'column'> {
  const { line, col } = file.lines.linePos(offset);
  return { file: file.path, line, column: col };
}

/** Paths in messages read best relative to where the user runs the command. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
