import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker` is given: a module's URL, or code to evaluate. */
export interface ThreadEntry {
  filename: string | URL;
  eval: boolean;
}

/**
 * How to start a worker thread: the compiled `.js` module in production
 * (dist/). Running from the TypeScript sources under tsx (the tests), its
 * twin in dist/ when dist/ is up to date with every source (see
 * `compiledTwin`), else a two-line bootstrap that registers tsx in the new
 * thread and imports the `.ts` beside it. (`execArgv: ['--import', 'tsx']` is
 * not enough on Node 20: the worker's entry module is resolved before those
 * hooks apply.)
 */
export function threadEntry(compiled: URL): ThreadEntry {
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled, eval: false };
  const twin = compiledTwin(compiled);
  if (twin) return { filename: twin, eval: false };
  const api = tsxEsmApi();
  const ts = compiled.href.replace(/\.js$/, '.ts');
  return {
    filename: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`,
    eval: true,
  };
}

const sourceDir = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.join(sourceDir, '..', 'dist');
let distIsCurrent: boolean | undefined;

/**
 * For a module of src/ named by its `.js` URL, the same module compiled in
 * dist/, if dist/ holds a compilation at least as new as every source file
 * (`npm test` compiles it first); otherwise undefined. Loading the sources
 * through tsx costs a thread or a process about twice the CPU of the
 * compiled modules (importing the server: 2.8 s against 1.4 s), which the
 * tests pay for every command and worker they start. A source edited since
 * the last compilation makes every module come from the sources again, so a
 * test never runs code older than what it reads.
 */
export function compiledTwin(module: URL): URL | undefined {
  const file = fileURLToPath(module);
  if (path.basename(sourceDir) !== 'src' || !file.startsWith(sourceDir + path.sep)) return undefined;
  distIsCurrent ??= isCompiled(sourceDir, distDir);
  if (!distIsCurrent) return undefined;
  return pathToFileURL(path.join(distDir, path.relative(sourceDir, file)));
}

/** Whether every `.ts` under `sources` has its `.js` at the same place under `compiled`, written no earlier than it. */
export function isCompiled(sources: string, compiled: string): boolean {
  for (const entry of readdirSync(sources, { withFileTypes: true })) {
    const source = path.join(sources, entry.name);
    if (entry.isDirectory()) {
      if (!isCompiled(source, path.join(compiled, entry.name))) return false;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const built = statSync(path.join(compiled, entry.name.replace(/\.ts$/, '.js')), { throwIfNoEntry: false });
      if (!built || built.mtimeMs < statSync(source).mtimeMs) return false;
    }
  }
  return true;
}

/**
 * The URL of tsx's ESM API (`tsx/esm/api` under the `import` condition),
 * resolved from here rather than from the working directory. Read from
 * tsx's package.json: `import.meta.resolve` would do it, but tsx compiles
 * this file to CommonJS under mocha, where import.meta has no `resolve`.
 */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
}
