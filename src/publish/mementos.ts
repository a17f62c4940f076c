import { createHash } from 'node:crypto';
import { formats, type DocumentFormat } from '../formats.js';
import type { Revision } from '../history.js';
import type { TypedLink } from '../render/linkset.js';
import { mementoStamp, type SiteUrls, variantUrl } from '../site/layout.js';
import { sourceDigest, type MementoRecord, type VersionRecord } from './build-record.js';
import { fileDigest, fileNameOf, type OutputFolder, type RecordedFile, type StampedFile } from './output-folder.js';
import type { ResourceSpec } from './representations.js';
import { buildVersion, notValid, type VersionOptions } from './versions.js';

/**
 * Memento (RFC 7089) in a built site, for a profile kept in git: for each
 * valid past version (publish/versions.ts builds it as `serve` does), a
 * memento of each document whose bytes changed in it, at the URL `serve`
 * answers it at (`{base}.memento/{YYYYMMDDhhmmss}/{path}`, its variants at
 * their suffixes), dated by its commit; and a TimeMap per document
 * (`{base}.timemap/{path}.link`, application/link-format). The versions a
 * previous build wrote are taken from it (its build record, build-record.ts),
 * so a build makes only the versions committed since.
 *
 * What `serve` sends and what a built site's servers send are written here
 * once: a memento's links and a TimeMap's body.
 */

/** The formats a memento is written in: some of the documents' formats (never a citation), or every variant a document has. */
export type MementoFormats = readonly DocumentFormat[] | 'all';

/** HTML for people, Turtle for machines: what an archive is read in, at a fraction of the files. */
export const defaultMementoFormats: MementoFormats = ['html', 'turtle'];

export interface MementoOptions extends VersionOptions {
  revisions: readonly Revision[];
  formats: MementoFormats;
  /** Told after each version: for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** What a build wrote: the record (for the next build and the manifest), every file of it with its stamp, and how many are new or changed. */
export interface WrittenMementos {
  record: MementoRecord;
  files: StampedFile[];
  changed: number;
}

/**
 * Writes the mementos into the new build's folder, taking the versions the
 * previous build wrote (`previous`, made under `renderer`) from it when its
 * history is the start of this one and its files are there as recorded.
 */
export async function writeMementos(folder: OutputFolder, urls: SiteUrls, options: MementoOptions, renderer: string, previous: MementoRecord | undefined): Promise<WrittenMementos> {
  // Two commits in one second share a URL: the later is the version in force, as `serve` answers.
  const revisions = options.revisions.filter((r, i, all) => i + 1 === all.length || mementoStamp(all[i + 1].date) !== mementoStamp(r.date));
  const versions: VersionRecord[] = [];
  let latest = new Map<string, string>();
  const kept = previous && keptVersions(previous, revisions);
  const taken = kept && folder.reuse(kept.flatMap((v) => Object.values(v.documents).flat()));
  const stamped: StampedFile[] = taken ?? [];
  if (kept && taken) {
    versions.push(...kept);
    latest = new Map(Object.entries(previous!.latest));
    for (const v of kept) if (!v.valid) options.warn(notValid(options.dataDir, { commit: v.commit, date: new Date(v.date) }));
  }
  let changed = 0;
  /** What each document of the last version built here was made from: one made from the same is not rendered again. */
  let sources = new Map<string, string>();
  for (const revision of revisions.slice(versions.length)) {
    const version = await buildVersion(revision, options);
    const entry: VersionRecord = { commit: revision.commit, date: revision.date.toISOString(), valid: version !== undefined, documents: {} };
    versions.push(entry);
    options.onProgress?.(versions.length, revisions.length);
    if (!version) continue;
    const frame = createHash('sha256').update(JSON.stringify(version.frame)).digest('base64url');
    const now = new Map<string, string>();
    const made = new Map<string, string>();
    for (const spec of version.resources) {
      const chosen = spec.negotiable && spec.source ? chosenVariants(spec, options.formats) : [];
      if (chosen.length === 0) continue;
      const source = `${frame} ${sourceDigest(spec.source!, spec.source!.doc.slice())}`;
      made.set(spec.path, source);
      const before = latest.get(spec.path);
      if (before !== undefined && sources.get(spec.path) === source) { now.set(spec.path, before); continue; }
      const render = spec.renderer();
      const files = chosen.map((i) => ({ name: fileNameOf(urls.memento(spec.variants[i].location, revision.date), urls.basePath), bytes: render(i) }));
      const digest = createHash('sha256').update(JSON.stringify(chosen.map((i, n) => [spec.variants[i].location, fileDigest(files[n].bytes)]))).digest('base64url');
      now.set(spec.path, digest);
      if (digest === before) continue;
      entry.documents[spec.path] = files.map(({ name, bytes }): RecordedFile => {
        const [, size, bytesDigest, ino, mtime, isNew] = folder.put(name, bytes, revision.date);
        if (isNew) changed++;
        stamped.push([name, size, bytesDigest, ino, mtime]);
        return [name, size, bytesDigest];
      });
    }
    latest = now;
    sources = made;
  }
  return { record: { renderer, versions, latest: Object.fromEntries(latest) }, files: stamped, changed };
}

/**
 * The previous build's versions, when they are the start of this history
 * and every entry is what a build writes (a hand-edited or damaged record
 * is as if there were none): each file under `.memento/`, named as a
 * memento of its version is.
 */
function keptVersions(previous: MementoRecord, revisions: readonly Revision[]): VersionRecord[] | undefined {
  const { versions, latest } = previous as Partial<MementoRecord>;
  if (!Array.isArray(versions) || versions.length > revisions.length || typeof latest !== 'object' || latest === null) return undefined;
  const ok = versions.every((v: Partial<VersionRecord>, i) => {
    const revision = revisions[i];
    if (v.commit !== revision.commit || v.date !== revision.date.toISOString() || typeof v.valid !== 'boolean') return false;
    if (typeof v.documents !== 'object' || v.documents === null) return false;
    const folder = `.memento/${mementoStamp(revision.date)}/`;
    return Object.values(v.documents).every((files) => Array.isArray(files) && files.every((f: unknown) => Array.isArray(f)
      && typeof f[0] === 'string' && f[0].startsWith(folder) && !f[0].split('/').some((s: string) => s === '' || s === '.' || s === '..')
      && Number.isSafeInteger(f[1]) && typeof f[2] === 'string'));
  });
  return ok ? versions : undefined;
}

/** The variants of a document a memento has, by index (aliases are their original's bytes, and no file of their own). */
function chosenVariants(spec: ResourceSpec, chosen: MementoFormats): number[] {
  const stem = variantUrl(spec.path, '');
  const suffixes = chosen === 'all' ? undefined : chosen.map((f) => formats[f].suffix);
  return [...spec.variants.keys()].filter((i) => spec.variants[i].aliasOf === undefined
    && (suffixes === undefined || suffixes.includes(spec.variants[i].location.slice(stem.length))));
}

/** Each document with mementos → their datetimes, oldest first (a manifest's `mementos`). */
export function mementosOf(record: MementoRecord): Record<string, Date[]> {
  const dated: Record<string, Date[]> = {};
  for (const v of record.versions) for (const documentPath of Object.keys(v.documents)) (dated[documentPath] ??= []).push(new Date(v.date));
  for (const dates of Object.values(dated)) dates.sort((a, b) => a.getTime() - b.getTime());
  return dated;
}

/**
 * A memento's links: its original (also its TimeGate, where the original is
 * one: `serve`'s) and its TimeMap.
 */
export function mementoLinks(urls: SiteUrls, original: string, timegate: boolean): TypedLink[] {
  const origin = new URL(urls.base).origin;
  return [
    { rel: timegate ? 'original timegate' : 'original', href: origin + original },
    { rel: 'timemap', href: origin + urls.timemap(original), type: formats.timemap.mediaType },
  ];
}

/**
 * A document's TimeMap (RFC 7089 section 5, in RFC 6690's link-format): its
 * original, its TimeGate where it has one, itself, and each memento with its
 * datetime.
 */
export function timemapOf(urls: SiteUrls, original: string, dates: readonly Date[], timegate: boolean): Buffer {
  const origin = new URL(urls.base).origin;
  const lines = [
    `<${origin}${original}>; rel="original"`,
    ...(timegate ? [`<${origin}${original}>; rel="timegate"`] : []),
    `<${origin}${urls.timemap(original)}>; rel="self"; type="${formats.timemap.mediaType}"`,
    ...dates.map((date) => `<${origin}${urls.memento(original, date)}>; rel="memento"; datetime="${date.toUTCString()}"`),
  ];
  return Buffer.from(`${lines.join(',\n')}\n`);
}
