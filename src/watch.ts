import { type Dirent, type FSWatcher, lstatSync, readdirSync, realpathSync, statSync, watch } from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` after files in `dirs` (and the folders under them) change,
 * once per burst: an editor's save (write, rename, chmod) or a `git checkout`
 * is one call, `debounceMs` after the last event. Calls never overlap:
 * changes during a call make one more call after it.
 *
 * Each folder is watched on its own, not with `recursive`: Node 20's
 * recursive watch on Linux watches each file and goes blind to a file once
 * an editor has saved it by renaming a new file over it (vim, emacs, `sed
 * -i`, JetBrains' safe write), where a folder's own watch sees every save.
 * A folder made later (files/talks/) is watched from its first event on;
 * links to folders and files are followed, and a folder of `dirs` removed
 * and made again is watched again. A folder that cannot be watched at the
 * start (too few inotify watches: ENOSPC) is an error, not a silence.
 */
export function watchFolders(dirs: readonly string[], onChange: () => Promise<void>, { debounceMs = 200, ignore = [] }: WatchOptions = {}): { close(): void } {
  /** A path of `ignore`, or under one: neither watched nor told. */
  const ignored = (file: string) => ignore.some((i) => file === i || file.startsWith(`${i}${path.sep}`));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const run = () => {
    timer = undefined;
    if (closed) return;
    if (running) { again = true; return; }
    running = onChange().catch(() => undefined).finally(() => {
      running = undefined;
      if (again && !closed) { again = false; schedule(); }
    });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };

  const watchers = new Map<string, FSWatcher>();
  /** Watches `target`; at the start a failure is thrown (ENOSPC: too few inotify watches), later it is told, and what is gone is no failure. */
  const watchOne = (target: string, onEvent: (event: string, name: string | null) => void, starting: boolean): boolean => {
    // A folder removed and made again under the same name is a new folder: watched afresh.
    watchers.get(target)?.close();
    let watcher: FSWatcher;
    try {
      watcher = watch(target, (event, name) => onEvent(event, name === null ? null : name.toString()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      if (starting) throw new Error(`cannot watch ${target} for changes: ${(error as Error).message}`);
      process.emitWarning(`cannot watch ${target} for changes (${(error as Error).message}): changes there are not seen until a restart`);
      return false;
    }
    watcher.on('error', () => forget(target));
    watchers.set(target, watcher);
    return true;
  };
  /** Whether the folder a link leads to is watched already, under its own name or another. */
  const linked = (link: string): boolean => {
    const real = realOf(link);
    return real === undefined || [...watchers.keys()].some((watched) => realOf(watched) === real);
  };
  /** Stops watching a path gone, and everything under it. */
  const forget = (target: string): void => {
    for (const [watched, watcher] of watchers) {
      if (watched === target || watched.startsWith(`${target}${path.sep}`)) { watcher.close(); watchers.delete(watched); }
    }
  };
  /**
   * A folder and the folders under it, each watched once; a link to a folder
   * or a file is followed, as the build reads through it (a watch of a
   * folder does not see a linked file's own changes).
   */
  const watchTree = (dir: string, starting = false): void => {
    let entries: Dirent[];
    try {
      if (!statSync(dir).isDirectory()) return;
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      // Gone before it could be watched: its removal was an event of its parent.
      if (starting) throw error;
      return;
    }
    const watching = watchOne(dir, (event, name) => {
      if (name && ignored(path.join(dir, name))) return;
      if (event === 'rename' && name) {
        // A name appearing or going: a new folder there is watched too, one gone is let go. (It may be gone
        // again by the time it is looked at: an editor's test file, made and removed at once.)
        const full = path.join(dir, name);
        const info = lstatSync(full, { throwIfNoEntry: false });
        if (!info) forget(full);
        else if (!info.isSymbolicLink() || !linked(full)) watchTree(full);
      }
      schedule();
    }, starting);
    if (!watching) return;
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (ignored(full)) continue;
      if (entry.isDirectory()) watchTree(full, starting);
      else if (entry.isSymbolicLink()) {
        // (Once per folder: a link to a folder above it would lead round for ever.)
        if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) { if (!linked(full)) watchTree(full, starting); }
        else watchOne(full, () => schedule(), starting);
      }
    }
  };
  for (const dir of dirs) watchTree(dir, true);
  // A folder removed and made again under its name (rm -rf, then a copy or a clone) is watched afresh: its
  // parent tells when the name comes back. A parent that cannot be watched leaves the folder watched while it lives.
  const parents: FSWatcher[] = [];
  for (const dir of dirs.map((d) => path.resolve(d))) {
    if (path.dirname(dir) === dir) continue;
    try {
      const parent = watch(path.dirname(dir), (event, name) => {
        if (event !== 'rename' || name?.toString() !== path.basename(dir) || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
        watchTree(dir);
        schedule();
      });
      parent.on('error', () => parent.close());
      parents.push(parent);
    } catch {
      // (Not readable, or not there: nothing to tell.)
    }
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of [...watchers.values(), ...parents]) w.close();
      watchers.clear();
    },
  };
}

export interface WatchOptions {
  /** How long after the last event the call comes. */
  debounceMs?: number;
  /** Paths (and what is under them) inside the folders that are not watched: what the call itself writes there. */
  ignore?: readonly string[];
}

function realOf(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
