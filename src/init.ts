import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { isDataFile, starterDir } from './config.js';

/**
 * `lodfolio init`: a new profile folder holding the starter profile
 * (starter/*.yaml), one commented example of every collection, valid as it
 * is, each example in a file of its own that nothing else refers to (so that
 * deleting the file leaves a valid profile); with `empty`, only the person
 * (starter/empty/). Nothing already there is ever overwritten.
 */

/** Thrown when the folder already holds a profile file of the same name: nothing was written. */
export class ExistingProfileError extends Error {}

/** Copies the starter files into `dir` (made if missing); returns the files written. */
export async function initProfile(dir: string, { empty = false } = {}): Promise<string[]> {
  const from = empty ? path.join(starterDir, 'empty') : starterDir;
  const names = (await readdir(from)).filter(isDataFile).sort();
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  const clashes = names.filter((n) => present.has(n));
  // All or nothing: a half-written starter next to someone's files would be worse than none.
  if (clashes.length > 0) {
    throw new ExistingProfileError(`${dir} already has ${clashes.join(', ')}; nothing was written (choose another folder, or move them away)`);
  }
  const written: string[] = [];
  for (const name of names) {
    const target = path.join(dir, name);
    // COPYFILE_EXCL: refuse, rather than overwrite, a file that appeared since the check.
    await copyFile(path.join(from, name), target, 1);
    written.push(target);
  }
  return written;
}
