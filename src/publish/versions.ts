import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkoutRevision, type Revision } from '../history.js';
import { InvalidProfileError } from '../issues.js';
import type { ProfileBuilder } from '../pipeline.js';
import { publishProfile } from './profile-site.js';
import type { Representations } from './representations.js';

/**
 * The profile's past versions, one per commit that changed its folder
 * (history.ts), for Memento: each built and validated like the current one
 * when it is first asked for, dated by its commit, and kept among the few
 * most recently used (the work is bounded by what is asked, never by the
 * length of the history). A version that is not valid is said so, once, and
 * has no memento.
 */

export interface PastVersionsOptions {
  dataDir: string;
  base: string;
  builder: ProfileBuilder;
  publicDir: string;
  warn: (message: string) => void;
  /** How many built versions to keep (default 4). */
  keep?: number;
}

/** What building one version takes. */
export type VersionOptions = Omit<PastVersionsOptions, 'keep'>;

export class PastVersions {
  private readonly built = new Map<number, Promise<Representations | undefined>>();
  private readonly invalid = new Set<number>();

  constructor(readonly revisions: readonly Revision[], private readonly options: PastVersionsOptions) {}

  /** Whether a version is known to be invalid (it has been asked for, and was). */
  isInvalid(index: number): boolean {
    return this.invalid.has(index);
  }

  /** The representations of a version, or undefined when it is invalid. */
  at(index: number): Promise<Representations | undefined> {
    let version = this.built.get(index);
    if (version) {
      // Most recently used last.
      this.built.delete(index);
    } else {
      version = this.build(index);
      // A failure that is not the data's (git, the disk) is not kept: the next request tries again.
      version.catch(() => { if (this.built.get(index) === version) this.built.delete(index); });
    }
    this.built.set(index, version);
    while (this.built.size > (this.options.keep ?? 4)) this.built.delete(this.built.keys().next().value!);
    return version;
  }

  private async build(index: number): Promise<Representations | undefined> {
    const version = await buildVersion(this.revisions[index], this.options);
    if (!version) this.invalid.add(index);
    return version;
  }
}

/**
 * One past version, checked out into a temporary folder, built and validated
 * like the current one and dated by its commit: its representations, or
 * undefined (said once, through `warn`) when it is not valid. What `serve`
 * answers a memento from and `lodfolio build` writes mementos of.
 */
export async function buildVersion({ commit, date }: Revision, options: VersionOptions): Promise<Representations | undefined> {
  const { dataDir, base, builder, publicDir, warn } = options;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-version-'));
  try {
    // A failure to read the version out of git (or to write it) is the machine's, and stops the caller.
    await checkoutRevision(dataDir, commit, dir);
    // Anything its data makes fail is the version's: a build must not fail forever on a commit of the past.
    try {
      const profile = await builder.build(dir, base);
      return (await publishProfile(profile, { lastModified: date, publicDir, warn })).representations;
    } catch (error) {
      warn(notValid(dataDir, { commit, date }, error instanceof InvalidProfileError ? `${error.issues.length} problem(s)` : (error as Error).message));
      return undefined;
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What is said of a version that is not valid. */
export function notValid(dataDir: string, { commit, date }: Revision, why?: string): string {
  return `${dataDir} as of commit ${commit.slice(0, 12)} (${date.toISOString()}) is not valid, so it has no memento${why === undefined ? '' : `: ${why}`}`;
}
