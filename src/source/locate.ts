import { isMap, isSeq, isScalar, type Node } from 'yaml';
import type { Issue } from '../issues.js';
import { position, type Section, type Source } from './load.js';

export type DataPath = readonly (string | number)[];

/** `['awards', 3, 'date']` → `awards[3].date`, the way users read field paths. */
export function formatPath(dataPath: DataPath): string {
  return dataPath.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * The file, line and column of a field in the merged data, and its path in
 * that file. When the field itself is missing (a required field), points at
 * the nearest enclosing node; with `key`, points at the field's key rather
 * than its value.
 */
export function locate(source: Source, dataPath: DataPath, { key = false } = {}): Pick<Issue, 'file' | 'line' | 'column' | 'path'> {
  const found = sectionOf(source, dataPath);
  if (!found) return { path: formatPath(dataPath) };
  const { section, rest } = found;
  // The path as the file reads it: an item of a list split across files by its index in that file (x.yaml's topics[1]).
  const shown = formatPath([dataPath[0], ...rest]);
  const atKey = (i: number) => key && i === dataPath.length - 1;
  let node: unknown = section.value;
  let at: Node = (!atKey(0) && section.value) || section.key;
  for (const [i, segment] of rest.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      node = pair?.value;
      // A key with no value still has a position: its key. An unknown field is shown at its key.
      at = ((atKey(i + 1) ? undefined : pair?.value) as Node | undefined) ?? (pair?.key as Node | undefined) ?? at;
      if (!pair) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      at = node as Node;
    } else {
      break;
    }
  }
  return { ...position(section.file, at.range?.[0] ?? 0), path: shown };
}

/**
 * The section a path starts in, and the rest of the path within it. An item
 * of a list split across files is in the section whose run of items holds its
 * index, at its index within that file.
 */
function sectionOf(source: Source, dataPath: DataPath): { section: Section; rest: DataPath } | undefined {
  const sections = source.sections.get(String(dataPath[0]));
  if (!sections?.length) return undefined;
  const index = dataPath[1];
  if (typeof index !== 'number' || sections.length === 1) return { section: sections[0], rest: dataPath.slice(1) };
  const section = sections.filter((s) => s.start <= index).at(-1) ?? sections[0];
  return { section, rest: [index - section.start, ...dataPath.slice(2)] };
}
