import { execFile, spawn } from 'node:child_process';
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

/**
 * What git rewrites in a profile folder kept in git with no change to its
 * history: the index, which `git status` and `git diff` refresh. A watch
 * leaves them out (a commit changes the history's own files too), or each
 * `git status` would build the site again.
 */
export function gitBookkeeping(dir: string): string[] {
  return ['index', 'index.lock'].map((name) => path.join(dir, '.git', name));
}

/**
 * The commits that changed the folder, oldest first; undefined when it is
 * not the top of a git work tree (or git is not installed). A folder inside
 * another project's repository (the `data/` of a copy of lodfolio, a test's
 * fixture) has that project's history, not the profile's own.
 */
export async function revisionsOf(dir: string): Promise<Revision[] | undefined> {
  try {
    const [inside, prefix] = (await git(dir, ['rev-parse', '--is-inside-work-tree', '--show-prefix'])).toString('utf8').split('\n');
    if (inside !== 'true' || prefix !== '') return undefined;
  } catch {
    return undefined;
  }
  const log = (await git(dir, ['log', '--format=%H %cI', '--', '.'])).toString('utf8');
  return log.split('\n').filter(Boolean).map((line) => {
    const [commit, date] = line.split(' ');
    return { commit, date: new Date(date) };
  }).reverse();
}

/**
 * Writes the folder's files as they were at a commit into `into` (which
 * exists): one `git archive` of the folder's tree, unpacked by `tar` as it
 * comes (a `git show` per file took five times as long on the demo).
 */
export function checkoutRevision(dir: string, commit: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['-C', dir, 'archive', '--format=tar', `${commit}:./`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
    archive.stdout.pipe(tar.stdin);
    // A tar that stops reading is told by its exit status.
    tar.stdin.on('error', () => {});
    const said: Record<string, string> = { git: '', tar: '' };
    archive.stderr.on('data', (chunk: Buffer) => { said.git += chunk.toString('utf8'); });
    tar.stderr.on('data', (chunk: Buffer) => { said.tar += chunk.toString('utf8'); });
    const failed: string[] = [];
    let running = 2;
    const exited = (name: string) => (code: number | null, signal: NodeJS.Signals | null) => {
      // git's failure first: tar fails after it, on what it was left.
      if (code !== 0) failed.push(`${name === 'git' ? 'git archive' : 'tar -x'} of ${commit.slice(0, 12)} in ${dir}: ${said[name].trim() || `exit ${code ?? signal}`}`);
      if (--running === 0) (failed.length === 0 ? resolve() : reject(new Error(failed.sort()[0])));
    };
    archive.on('error', reject).on('close', exited('git'));
    tar.on('error', reject).on('close', exited('tar'));
  });
}
