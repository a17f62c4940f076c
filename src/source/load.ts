import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { InvalidProfileError, type Issue } from '../issues.js';

/** One parsed data file, kept with its syntax tree so errors can name lines. */
export interface SourceFile {
  path: string;
  document: Document.Parsed;
  lines: LineCounter;
}

/**
 * The profile as written: every `data/*.yaml` file merged into one object,
 * whose top-level keys (`person`, `people`, `publications`...) are the
 * collections. Each top-level key is owned by exactly one file.
 */
export interface Source {
  data: Record<string, unknown>;
  files: SourceFile[];
  /** Which file defines each top-level key. */
  owners: Map<string, SourceFile>;
}

export async function loadSource(dataDir: string): Promise<Source> {
  const names = (await readdir(dataDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  if (names.length === 0) {
    throw new InvalidProfileError([{ file: displayPath(dataDir), message: 'holds no .yaml data files' }]);
  }
  const files = await Promise.all(names.map(async (name) => {
    const file = path.join(dataDir, name);
    const lines = new LineCounter();
    const document = parseDocument(await readFile(file, 'utf8'), { lineCounter: lines, uniqueKeys: true });
    return { path: displayPath(file), document, lines } satisfies SourceFile;
  }));
  return mergeFiles(files);
}

function mergeFiles(files: SourceFile[]): Source {
  const issues: Issue[] = [];
  const data: Record<string, unknown> = {};
  const owners = new Map<string, SourceFile>();
  for (const file of files) {
    for (const error of [...file.document.errors, ...file.document.warnings]) {
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [undefined, undefined];
      issues.push({ file: file.path, line, column, message: `YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` });
    }
    if (file.document.errors.length > 0) continue;
    const root = file.document.contents;
    if (root === null || (isScalar(root) && root.value === null)) continue; // an empty file is fine
    if (!isMap(root)) {
      issues.push({ ...position(file, root?.range?.[0] ?? 0), message: 'must be a mapping of collections, like `people: [...]`' });
      continue;
    }
    const values = file.document.toJS() as Record<string, unknown>;
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const earlier = owners.get(key);
      if (earlier) {
        const at = earlier.document.contents && isMap(earlier.document.contents)
          ? earlier.document.contents.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
        const where = at && isScalar(at.key) ? position(earlier, at.key.range?.[0] ?? 0) : { file: earlier.path };
        issues.push({
          ...position(file, isScalar(pair.key) ? pair.key.range?.[0] ?? 0 : 0), path: key,
          message: `is already defined in ${where.file}${where.line ? `:${where.line}` : ''}; each collection lives in one file`,
        });
        continue;
      }
      owners.set(key, file);
      data[key] = values[key];
    }
  }
  if (issues.length > 0) throw new InvalidProfileError(issues);
  return { data, files, owners };
}

export function position(file: SourceFile, offset: number): Pick<Issue, 'file' | 'line' | 'column'> {
  const { line, col } = file.lines.linePos(offset);
  return { file: file.path, line, column: col };
}

/** Paths in messages read best relative to where the user runs the command. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
