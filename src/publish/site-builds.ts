import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { lstat, mkdir, readlink, rename, symlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a built site's versions live, and how a new one becomes the site in
 * one step. SITE is a symbolic link to one build, `.SITE.builds/ID`; a build
 * writes into a new `.SITE.builds/PID-RANDOM` (named after the process
 * building it) and is published by renaming a new link over SITE: one
 * `rename`, so SITE always names a whole build, the old one or the new one.
 * Beside each build, `ID.stamps` says where its files are on this disk
 * (build-record.ts) and `ID.parts` where its dumps' parts are
 * (dump-parts.ts); they go where the build goes.
 *
 * The build SITE replaces is kept as the spare, `.SITE.builds/spare`: the
 * next build claims it (one rename to its own name: of two builds at once,
 * one has it, the other starts from an empty folder) and brings it up to the
 * new state in place (output-folder.ts), rather than linking every unchanged
 * file into an empty folder and then removing the old build file by file:
 * both cost one call per file of the site, whatever the edit. The spare
 * shares every unchanged file with the site (hard links), so it takes the
 * room of the files that changed alone. A spare exists already (two builds
 * finished at once): the old build goes.
 *
 * What an interrupted build leaves is removed: on SIGINT or SIGTERM its own
 * folder, at once; after `kill -9` (or a crash), by the next build, which
 * removes every folder of a builder that is no longer running (never a live
 * one's: two builds of one site may run at once, the last to finish wins).
 * A spare claimed by a build that was interrupted is such a folder: it goes
 * with it, and the next build starts from an empty folder.
 *
 * A SITE that is a real folder (built before builds were links) is moved to
 * `.SITE.builds/migrated` and the link put in its place: two renames, once.
 * Should the build be killed between them, the next build puts the link back
 * to it first.
 */
export class SiteBuild {
  /** The folder this build writes into. */
  readonly dir: string;
  /** Whether that folder is the spare, claimed: the build before the current one, to be brought up to the new state in place. */
  private claimed = false;
  private readonly id: string;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.discard();
    // As if this handler were not there: the signal's own outcome (exit by it).
    process.kill(process.pid, signal);
  };

  /**
   * `previous`: the folder SITE is now (a build, or a real folder), whose files
   * this build may reuse; none when there is no SITE yet.
   */
  private constructor(private readonly target: string, private readonly builds: string, readonly previous: string | undefined) {
    this.id = `${process.pid}-${randomBytes(4).toString('hex')}`;
    this.dir = path.join(builds, this.id);
  }

  /** Where this build's stamps go. */
  get stamps(): string {
    return stampsOf(this.dir);
  }

  /** Where the stamps of the build it replaces are; none for a real folder (never stamped). */
  get previousStamps(): string | undefined {
    return this.previous === undefined || this.previous === this.target ? undefined : stampsOf(this.previous);
  }

  /** Where this build's index of its dumps' parts goes. */
  get parts(): string {
    return partsOf(this.dir);
  }

  /** Where the index of the build it replaces is; none for a real folder. */
  get previousParts(): string | undefined {
    return this.previous === undefined || this.previous === this.target ? undefined : partsOf(this.previous);
  }

  /**
   * Starts a build of the site at `target`: puts back a site a migration left
   * aside, removes dead builders' leftovers, and makes the empty folder to
   * write into, removed again if the process is interrupted.
   */
  static async begin(target: string): Promise<SiteBuild> {
    const builds = path.join(path.dirname(target), `.${path.basename(target)}.builds`);
    await mkdir(builds, { recursive: true });
    const migrated = path.join(builds, MIGRATED);
    if (!await lstat(target).catch(() => undefined) && await lstat(migrated).catch(() => undefined)) {
      await symlink(path.relative(path.dirname(target), migrated), target);
    }
    const current = await currentBuild(target, builds);
    removeLeftovers(builds, current);
    const build = new SiteBuild(target, builds, current ?? (await lstat(target).catch(() => undefined) ? target : undefined));
    // One rename claims it: of two builds starting at once, one has it, the other starts from an empty folder.
    build.claimed = current !== undefined && await rename(path.join(builds, SPARE), build.dir).then(() => true, () => false);
    if (build.claimed && !(await lstat(build.dir)).isDirectory()) {
      // Not a folder (a link put there by hand): not written through.
      removeTree(build.dir);
      build.claimed = false;
    }
    if (!build.claimed) await mkdir(build.dir);
    process.once('SIGINT', build.onSignal);
    process.once('SIGTERM', build.onSignal);
    return build;
  }

  /** Whether this build writes over the spare (its files may be there already: never write into one, it may be the site's too). */
  get inPlace(): boolean {
    return this.claimed;
  }

  /**
   * Brings the spare this build writes over to the new build's files
   * (`names`, under its root): every other file of the spare goes, and every
   * folder left empty. Nothing to do in a fresh folder.
   */
  async prune(names: ReadonlySet<string>): Promise<void> {
    if (!this.claimed) return;
    await pauseAt('updated');
    const prune = (folder: string, prefix: string): boolean => {
      let kept = false;
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const name = prefix + entry.name;
        if (entry.isDirectory() && prune(path.join(folder, entry.name), `${name}/`)) kept = true;
        else if (!entry.isDirectory() && names.has(name)) kept = true;
        else removeTree(path.join(folder, entry.name));
      }
      return kept;
    };
    prune(this.dir, '');
  }

  /**
   * Makes this build the site, in one rename; the one it replaces becomes
   * the spare the next build updates, or goes when there is one already.
   */
  async publish(): Promise<void> {
    await pauseAt('written');
    const link = path.join(this.builds, `${this.id}.link`);
    await symlink(path.relative(path.dirname(this.target), this.dir), link);
    await pauseAt('linked');
    // The build SITE names now: the one this build started from, or one another build published meanwhile.
    let old = this.previous === this.target ? this.target : await currentBuild(this.target, this.builds).catch(() => this.previous);
    if (old === this.target) {
      old = path.join(this.builds, MIGRATED);
      await rename(this.target, old);
      await pauseAt('migrated');
    }
    await rename(link, this.target);
    this.stopListening();
    if (!old) return;
    // The site is this build now, whatever becomes of the old one: a builder that is not running is a leftover the next build removes.
    try {
      // Its stamps say where its files were when it was the site: the next build trusts the current build's alone.
      removeTree(stampsOf(old));
      removeTree(partsOf(old));
      await rename(old, path.join(this.builds, SPARE)).catch(() => removeTree(old));
    } catch (error) {
      process.stderr.write(`lodfolio: the site is published; the build it replaced was not removed whole (${(error as Error).message}): the next build removes what is left\n`);
    }
  }

  /** Removes what this build wrote (a failed or interrupted build). */
  discard(): void {
    this.stopListening();
    removeTree(this.dir);
    rmSync(this.stamps, { force: true });
    rmSync(this.parts, { force: true });
    rmSync(`${this.dir}.link`, { force: true });
  }

  private stopListening(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

const MIGRATED = 'migrated';
const SPARE = 'spare';

function stampsOf(build: string): string {
  return `${build}.stamps`;
}

function partsOf(build: string): string {
  return `${build}.parts`;
}

/** The build SITE is a link to; none when SITE is a real folder or absent. */
async function currentBuild(target: string, builds: string): Promise<string | undefined> {
  const info = await lstat(target).catch(() => undefined);
  if (!info?.isSymbolicLink()) return undefined;
  const build = path.resolve(path.dirname(target), await readlink(target));
  if (path.dirname(build) !== builds) throw new Error(`${target} is a link to ${build}, not to one of its builds in ${builds}`);
  return build;
}

/** Every build (and link, and stamps, and parts) in `builds` but the current one whose builder is not running. */
function removeLeftovers(builds: string, current: string | undefined): void {
  for (const name of readdirSync(builds)) {
    const full = path.join(builds, name);
    if (current !== undefined && (full === current || full === stampsOf(current) || full === partsOf(current))) continue;
    const pid = /^(\d+)-/.exec(name)?.[1];
    if (name !== MIGRATED && (pid === undefined || isRunning(Number(pid)))) continue;
    removeTree(full);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * For tests of interrupted builds: a build run with LODFOLIO_PAUSE_BUILD=STEP
 * and an IPC channel to its parent tells the parent when it reaches STEP
 * (`{ paused: STEP }`) and waits for a message before going on.
 */
async function pauseAt(step: string): Promise<void> {
  if (process.env.LODFOLIO_PAUSE_BUILD !== step || !process.send) return;
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send!({ paused: step });
  });
}

/**
 * A folder and everything in it, one entry at a time (a link is removed,
 * never followed; nothing there, nothing to do: an entry another build
 * removed first is not an error). The promise version
 * starts the removal of a folder's every entry at once: removing a site of
 * three quarters of a million files took 1.5 GB that way, 0.4 GB this way
 * (and 8 s rather than 10). Each folder's entries are read with their kinds,
 * so a file costs one `unlink`: `rmSync` also took an `lstat` of each, a
 * third of the time a rebuild spends removing the site it replaces.
 */
export function removeTree(target: string): void {
  const remove = (file: string, isDirectory: boolean): void => {
    try {
      if (!isDirectory) { unlinkSync(file); return; }
      for (let reads = 1; ; reads++) {
        for (const entry of readdirSync(file, { withFileTypes: true })) remove(path.join(file, entry.name), entry.isDirectory());
        try {
          rmdirSync(file);
          return;
        } catch (error) {
          // Written into meanwhile (a build interrupted while its threads still write): read it again.
          if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' || reads === 3) throw error;
        }
      }
    } catch (error) {
      // Gone already: another build removing the same one (two builds of a site finishing at once).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  };
  const info = lstatSync(target, { throwIfNoEntry: false });
  if (info) remove(target, info.isDirectory());
}
