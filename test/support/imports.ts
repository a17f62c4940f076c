import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The import graph of a TypeScript source folder, between its units: each
 * folder directly under it, and each file at its root. What the
 * architecture test checks the layering rule against.
 */

/** unit → the units it imports, with one file:line per arrow as evidence. */
export type ImportGraph = Map<string, Map<string, string>>;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

export function importGraph(src: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const unitOf = (file: string) => path.relative(src, file).split(path.sep)[0].replace(/\.(ts|js)$/, '');
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const from = unitOf(file);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const m of text.matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
      if (!target.startsWith(src + path.sep)) continue;
      const to = unitOf(target);
      if (to === from || graph.get(from)!.has(to)) continue;
      const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
      graph.get(from)!.set(to, `${path.relative(src, file)}:${line}`);
    }
  }
  return graph;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Every arrow that breaks the layering: from a unit to one in a higher
 * layer, or from or to a unit the layer table does not know.
 */
export function upwardImports(graph: ImportGraph, layers: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  for (const [from, targets] of graph) {
    if (!layers.has(from)) problems.push(`${from} is in no layer (add it to the table and to docs/ARCHITECTURE.md)`);
    for (const [to, where] of targets) {
      if (!layers.has(to)) continue;
      if (layers.has(from) && layers.get(to)! > layers.get(from)!) problems.push(`${from} imports ${to}, a higher layer (${where})`);
    }
  }
  return problems;
}

/** Groups of units that import each other, directly or round a loop (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
