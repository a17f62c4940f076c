import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { FILES_FOLDER } from '../source/files.js';
import { unescapeVerbatim } from './bibtex.js';

/**
 * The files a .bib names that the profile holds in its own files/ folder.
 * al-folio's `pdf={paper.pdf}` and `slides={talk.pdf}` (its `supp` and
 * `poster` too, which a work has no field for) are a URL or a file of the
 * site's `assets/pdf/`, and its `html={page.html}` one of `assets/html/`,
 * beside the `_bibliography/` folder of its `papers.bib`: such a file is
 * copied into the profile's files/ and the work names it there (a plain
 * file of assets/ only: never what a symbolic link there points at); a file
 * there of that name with other bytes is left alone, and named by the work,
 * unless the import copied it and it has not changed since (the import's
 * sidecar keeps the digest of what it copied), when it is replaced. A name with spaces is
 * copied with a `-` for each run of them (a URL cannot have a space), and
 * says so. A URL of the site's own files/ (as its BibTeX export writes
 * them) is that file again.
 */

/** The fields of a .bib that al-folio reads as a file of its assets/ when they are no URL, and the folder of assets/ each is in. */
export const fileFolders: Readonly<Record<string, string>> = { pdf: 'pdf', slides: 'pdf', html: 'html' };

/**
 * A file of the profile's files/ (`files/paper.pdf`), the copy that puts it there when it is not there as it is, and
 * `renamed` when its name is not the one the .bib wrote; or why not.
 */
export type LocalFile = { path: string; copy?: LocalCopy; renamed?: boolean; note?: string } | { reason: string };

/** A file to copy into the profile, and the digest of its bytes. */
export interface LocalCopy { from: string; digest: string }

/**
 * What each value of a file field of the .bib names (undefined: a URL, taken as one), by the field's name and
 * value. `copied`: the files an earlier import copied, with the digests of what it copied.
 */
export async function localFiles(fields: Array<Record<string, unknown>>, bibFile: string, dir: string, base: string,
  copied: ReadonlyMap<string, string>): Promise<(field: string, value: string) => LocalFile | undefined> {
  const assets = path.resolve(path.dirname(bibFile), '..', 'assets');
  const key = (folder: string, value: string) => `${folder}/${value}`;
  const named = new Map<string, { folder: string; value: string }>();
  for (const f of fields) {
    for (const [name, folder] of Object.entries(fileFolders)) {
      const value = typeof f[name] === 'string' ? unescapeVerbatim(f[name]) : '';
      if (value) named.set(key(folder, value), { folder, value });
    }
  }
  const found = new Map<string, LocalFile>();
  const claimed = new Map<string, string>();
  for (const [k, { folder, value }] of named) {
    const file = await localFile(value, path.join(assets, folder), dir, base, copied, claimed);
    if (file) found.set(k, file);
  }
  return (field, value) => (Object.hasOwn(fileFolders, field) ? found.get(key(fileFolders[field], value)) : undefined);
}

/**
 * The file of al-folio's folder `assets` (its `assets/pdf/`) a value names, as the profile's file it is copied as.
 * `claimed`: the file of assets/ each file of files/ is copied from, so that two (`a b.pdf`, `a-b.pdf`) are never one.
 */
export async function localFile(value: string, assets: string, dir: string, base: string, copied: ReadonlyMap<string, string>,
  claimed: Map<string, string>, where = 'beside the .bib\'s folder'): Promise<LocalFile | undefined> {
  const own = `${base}${FILES_FOLDER}/`;
  if (value.startsWith(own)) {
    let segments: string[];
    try {
      segments = value.slice(own.length).split('/').map(decodeURIComponent);
    } catch {
      return undefined;
    }
    if (segments.some((s) => ['', '.', '..'].includes(s) || s.includes('/'))) return undefined;
    return (await isFile(path.join(dir, FILES_FOLDER, ...segments))) ? { path: [FILES_FOLDER, ...segments].join('/') } : undefined;
  }
  if (value.includes('://')) return undefined;
  const segments = value.split('/');
  const folder = `assets/${path.basename(assets)}/`;
  if (segments.some((s) => ['', '.', '..'].includes(s.trim()))) return { reason: `not a file of al-folio's ${folder} (in ${assets}): a name there, without .. or a leading /` };
  if (/[?#]/.test(value)) return { reason: `a file name with ? or #, which a file of the profile's ${FILES_FOLDER}/ folder cannot have: rename it in ${assets} and in the .bib` };
  const from = path.join(assets, ...segments);
  if (!(await isFile(from))) return { reason: `no such file: looked for ${from} (al-folio's ${folder}, ${where})` };
  // Never what a link there points at: a file of the site's assets/ alone, as the site would serve it.
  if (await realpath(from) !== path.join(await realpath(assets), ...segments)) {
    return { reason: `${from} is a symbolic link, or in a folder that is one: an import copies only the plain files of al-folio's ${folder}` };
  }
  // `My Paper 2021.pdf` is copied as `My-Paper-2021.pdf`, the name earlier imports gave it (a profile's own file may keep its spaces).
  const named = segments.map((s) => s.replace(/\s+/g, '-'));
  const renamed = named.some((s, i) => s !== segments[i]);
  const target = path.join(dir, FILES_FOLDER, ...named);
  const profilePath = [FILES_FOLDER, ...named].join('/');
  const other = claimed.get(profilePath);
  if (other !== undefined && other !== from) return { reason: `${other} is copied as the profile's ${profilePath} already: rename one of them` };
  claimed.set(profilePath, from);
  const copy = { from, digest: digest(await readFile(from)) };
  const found = (withCopy: boolean): LocalFile => ({ path: profilePath, ...(withCopy ? { copy } : {}), ...(renamed ? { renamed } : {}) });
  if (!(await isFile(target))) return found(true);
  const there = digest(await readFile(target));
  // The same bytes (copied by hand, or by an import interrupted before its sidecar): the import's from now on.
  if (there === copy.digest || there === copied.get(profilePath)) return found(true);
  // Changed in the profile since: the work keeps naming it, and the import never writes over it.
  return { ...found(false), note: `kept the profile's ${profilePath}, which is another file than ${from} and not one an import copied: copy it over by hand to take al-folio's` };
}

/** The digest of a file's bytes as `LocalCopy.digest` gives it; undefined when there is no such file. */
export async function digestOf(file: string): Promise<string | undefined> {
  try {
    return digest(await readFile(file));
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}
