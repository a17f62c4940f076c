import { type Dirent, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
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
 * A folder made later (files/talks/) is watched from its first event on.
 */
export function watchFolders(dirs: readonly string[], onChange: () => Promise<void>, debounceMs = 200): { close(): void } {
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
  /** A folder and the folders under it (never through a link, as the profile's files are read), each watched once. */
  const watchTree = (dir: string): void => {
    let entries: Dirent[];
    try {
      if (!statSync(dir).isDirectory()) return;
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // Gone before it could be watched: its removal was an event of its parent.
      return;
    }
    // A folder removed and made again under the same name is a new folder: watched afresh.
    watchers.get(dir)?.close();
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (event, name) => {
        // A name appearing or going: a new folder there is watched too.
        if (event === 'rename' && name) watchTree(path.join(dir, name.toString()));
        schedule();
      });
    } catch {
      return;
    }
    // Its folder removed: nothing left to watch there.
    watcher.on('error', () => { watcher.close(); if (watchers.get(dir) === watcher) watchers.delete(dir); });
    watchers.set(dir, watcher);
    for (const entry of entries) if (entry.isDirectory()) watchTree(path.join(dir, entry.name));
  };
  for (const dir of dirs) watchTree(dir);
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
