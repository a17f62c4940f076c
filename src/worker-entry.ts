import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker` is given: a module's URL, or code to evaluate. */
export interface ThreadEntry {
  filename: string | URL;
  eval: boolean;
}

/**
 * How to start a worker thread: the compiled `.js` module in production
 * (dist/), or, when running from the TypeScript sources under tsx (the
 * tests), a two-line bootstrap that registers tsx in the new thread and
 * imports the `.ts` beside it. (`execArgv: ['--import', 'tsx']` is not enough
 * on Node 20: the worker's entry module is resolved before those hooks apply.)
 */
export function threadEntry(compiled: URL): ThreadEntry {
  if (existsSync(fileURLToPath(compiled))) return { filename: compiled, eval: false };
  const api = tsxEsmApi();
  const ts = compiled.href.replace(/\.js$/, '.ts');
  return {
    filename: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ts)}); });`,
    eval: true,
  };
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
