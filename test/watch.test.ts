import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { gitBookkeeping } from '../src/history.js';
import { watchFolders } from '../src/watch.js';

/**
 * What `serve --watch` is told: every save of a profile's file, however the
 * editor saves it. Each step waits for a call that saw the file as saved
 * (mocha's timeout fails a save that is never seen).
 */
describe('Watching a profile folder for changes', function () {
  this.timeout(20_000);
  let dir: string;
  let watcher: { close(): void } | undefined;
  /** The text of works.yaml each call found, in order. */
  const seen: string[] = [];
  let waiting: { done: () => boolean; resolve: () => void } | undefined;
  const file = () => path.join(dir, 'works.yaml');
  const until = (done: () => boolean) => new Promise<void>((resolve) => {
    if (done()) resolve(); else waiting = { done, resolve };
  });
  /** Resolves once a call finds the file holding `text`. */
  const seenAs = (text: string) => until(() => seen.at(-1) === text);
  /** Resolves once there has been a call after the first `count`. */
  const callAfter = (count: number) => until(() => seen.length > count);

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-watched-'));
    await writeFile(file(), 'version 0\n');
    watcher = watchFolders([dir], async () => {
      const text = await readFile(file(), 'utf8').catch(() => '');
      seen.push(text);
      if (waiting?.done()) { waiting.resolve(); waiting = undefined; }
    }, { debounceMs: 20 });
  });
  after(async () => {
    watcher?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** As vim, emacs, `sed -i` and JetBrains' safe write save: a new file renamed over the old one. */
  const saveByRename = async (text: string) => {
    await writeFile(`${file()}.tmp`, text);
    await rename(`${file()}.tmp`, file());
  };

  it('sees a save written in place', async () => {
    await writeFile(file(), 'version 1\n');
    await seenAs('version 1\n');
  });

  it('sees a save made by renaming a new file over the old one', async () => {
    await saveByRename('version 2\n');
    await seenAs('version 2\n');
  });

  it('still sees every save of that file after it was replaced by a rename, in place or by rename again', async () => {
    await writeFile(file(), 'version 3\n');
    await seenAs('version 3\n');
    await saveByRename('version 4\n');
    await seenAs('version 4\n');
    await writeFile(file(), 'version 5\n');
    await seenAs('version 5\n');
  });

  it('sees a file saved in a folder made after the watch began, such as files/talks/', async () => {
    await mkdir(path.join(dir, 'files', 'talks'), { recursive: true });
    await writeFile(file(), 'version 6\n');
    await seenAs('version 6\n');
    const slides = path.join(dir, 'files', 'talks', 'slides.pdf');
    const before = seen.length;
    await writeFile(slides, 'first');
    await callAfter(before);
    const after = seen.length;
    await writeFile(`${slides}.tmp`, 'second');
    await rename(`${slides}.tmp`, slides);
    await callAfter(after);
    const last = seen.length;
    await writeFile(slides, 'third');
    await callAfter(last);
  });

  it('sees a file saved in a folder the profile links to (files/ kept elsewhere), and follows no link round in a circle', async () => {
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-linked-'));
    let linkedWatch: { close(): void } | undefined;
    try {
      await symlink(elsewhere, path.join(dir, 'linked'));
      // A link back up: watching must not follow it for ever (a watch that did would overflow the stack).
      await symlink(dir, path.join(elsewhere, 'up'));
      let calls = 0;
      let called: (() => void) | undefined;
      linkedWatch = watchFolders([dir], async () => { calls++; called?.(); }, { debounceMs: 20 });
      await writeFile(path.join(elsewhere, 'talk.pdf'), 'slides');
      await new Promise<void>((resolve) => { if (calls > 0) resolve(); else called = resolve; });
    } finally {
      linkedWatch?.close();
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('sees the saves in a folder removed and made again under its name, as rm -rf and a copy or a clone do', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-remade-'));
    const profile = path.join(parent, 'profile');
    await mkdir(profile);
    await writeFile(path.join(profile, 'works.yaml'), 'first\n');
    const texts: string[] = [];
    let wanted: { text: string; resolve: () => void } | undefined;
    const seenText = (text: string) => new Promise<void>((resolve) => {
      if (texts.includes(text)) resolve(); else wanted = { text, resolve };
    });
    const watching = watchFolders([profile], async () => {
      texts.push(await readFile(path.join(profile, 'works.yaml'), 'utf8').catch(() => ''));
      if (wanted && texts.includes(wanted.text)) wanted.resolve();
    }, { debounceMs: 20 });
    try {
      await rm(profile, { recursive: true });
      await mkdir(profile);
      await writeFile(path.join(profile, 'works.yaml'), 'copied back\n');
      await seenText('copied back\n');
      // And the folder made again is watched itself: a save in it is seen.
      await writeFile(path.join(profile, 'works.yaml'), 'saved after\n');
      await seenText('saved after\n');
    } finally {
      watching.close();
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('tells nothing of what it is told to ignore (git\'s index, which git status rewrites), and still the rest', async () => {
    const profile = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-ignoring-'));
    const fence = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-fence-'));
    const watches: Array<{ close(): void }> = [];
    try {
      await mkdir(path.join(profile, '.git'));
      let calls = 0;
      let fenced: (() => void) | undefined;
      let called: (() => void) | undefined;
      // Two watches with no delay: the system tells their events in the order they came, and each call is set off
      // in that order. A call for the ignored change would come before the fence's, made after it.
      watches.push(watchFolders([profile], async () => { calls++; called?.(); }, { debounceMs: 0, ignore: gitBookkeeping(profile) }));
      watches.push(watchFolders([fence], async () => { fenced?.(); }, { debounceMs: 0 }));
      const fenceCall = () => new Promise<void>((resolve) => { fenced = resolve; });
      const passed = fenceCall();
      await writeFile(path.join(profile, '.git', 'index.lock'), 'refreshed');
      await rename(path.join(profile, '.git', 'index.lock'), path.join(profile, '.git', 'index'));
      await writeFile(path.join(fence, 'after'), '1');
      await passed;
      expect(calls).to.equal(0);
      // The rest is told: waited for as it comes (across two watches the system's order is not promised).
      const seen = new Promise<void>((resolve) => { called = resolve; });
      await writeFile(path.join(profile, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      await seen;
      expect(calls).to.be.above(0);
    } finally {
      for (const w of watches) w.close();
      await rm(profile, { recursive: true, force: true });
      await rm(fence, { recursive: true, force: true });
    }
  });
});
