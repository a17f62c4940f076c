import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A profile folder's past, read with git itself (no git library): the
 * commits that changed it, and the folder as it was at one of them. The
 * one place below the server that runs git.
 */

export interface Revision {
  commit: string;
  /** When the version came to be: the commit's committer date. */
  date: Date;
}

function git(dir: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', dir, ...args], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args[0]} in ${dir}: ${stderr.toString('utf8').trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** The commits that changed the folder, oldest first; undefined when it is not in a git work tree (or git is not installed). */
export async function revisionsOf(dir: string): Promise<Revision[] | undefined> {
  try {
    if ((await git(dir, ['rev-parse', '--is-inside-work-tree'])).toString('utf8').trim() !== 'true') return undefined;
  } catch {
    return undefined;
  }
  const log = (await git(dir, ['log', '--format=%H %cI', '--', '.'])).toString('utf8');
  return log.split('\n').filter(Boolean).map((line) => {
    const [commit, date] = line.split(' ');
    return { commit, date: new Date(date) };
  }).reverse();
}

/** Writes the folder's files as they were at a commit into `into` (which exists). */
export async function checkoutRevision(dir: string, commit: string, into: string): Promise<void> {
  const names = (await git(dir, ['ls-tree', '-r', '-z', '--name-only', commit, '--', '.'])).toString('utf8').split('\0').filter(Boolean);
  for (const name of names) {
    const file = path.join(into, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await git(dir, ['show', `${commit}:./${name}`]));
  }
}
