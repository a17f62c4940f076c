import { isMap, isSeq, isScalar, type Node } from 'yaml';
import type { Issue } from '../issues.js';
import { position, type Source } from './load.js';

export type DataPath = readonly (string | number)[];

/** `['awards', 3, 'date']` → `awards[3].date`, the way users read field paths. */
export function formatPath(dataPath: DataPath): string {
  return dataPath.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * The file, line and column of a field in the merged data. When the field
 * itself is missing (a required field), points at the nearest enclosing node;
 * with `key`, points at the field's key rather than its value.
 */
export function locate(source: Source, dataPath: DataPath, { key = false } = {}): Pick<Issue, 'file' | 'line' | 'column' | 'path'> {
  const file = source.owners.get(String(dataPath[0]));
  if (!file) return { path: formatPath(dataPath) };
  let node: unknown = file.document.contents;
  let found: Node | undefined = node as Node;
  for (const [i, segment] of dataPath.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      node = pair?.value;
      // A key with no value still has a position: its key. An unknown field is shown at its key.
      const atKey = key && i === dataPath.length - 1;
      found = ((atKey ? undefined : pair?.value) as Node | undefined) ?? (pair?.key as Node | undefined) ?? found;
      if (!pair) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      found = node as Node;
    } else {
      break;
    }
  }
  return { ...position(file, found?.range?.[0] ?? 0), path: formatPath(dataPath) };
}
