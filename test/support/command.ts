import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { projectRoot } from '../../src/config.js';
import { compiledTwin } from '../../src/worker-entry.js';

/**
 * The real `lodfolio` command as the tests run it: the compiled dist/main.js
 * when dist/ is up to date with the sources (`npm test` compiles it first),
 * else src/main.ts under tsx, by its file URL so that it also runs from
 * folders outside the project. `commandArgs` is what follows `node` for a
 * spawned one; `commandModule` and `commandExecArgv` are what `fork` takes.
 */
const tsxLoader = pathToFileURL(path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const compiled = compiledTwin(pathToFileURL(path.join(projectRoot, 'src', 'main.js')));
export const commandModule = compiled ? fileURLToPath(compiled) : path.join(projectRoot, 'src', 'main.ts');
export const commandExecArgv = compiled ? [] : ['--import', tsxLoader];
export const commandArgs = [...commandExecArgv, commandModule];

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lodfolio ARGS` in `cwd` (default: the project), with `env` added to this process's, and collects what it prints. */
export async function runLodfolio(options: { cwd?: string; env?: Record<string, string> }, ...args: string[]): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...commandArgs, ...args],
      { cwd: options.cwd ?? projectRoot, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CommandResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
