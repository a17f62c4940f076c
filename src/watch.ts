import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` after files in `dirs` change, once per burst: an
 * editor's save (write, rename, chmod) or a `git checkout` is one call,
 * `debounceMs` after the last event. Calls never overlap: changes during a
 * call make one more call after it.
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
  // The folder itself, not each file: an editor that saves by renaming a new file over the old
  // one leaves a watch on the old file blind. Recursive, for a profile's files/ folder.
  const watchers: FSWatcher[] = dirs.map((dir) => watch(dir, { recursive: true }, schedule));
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
