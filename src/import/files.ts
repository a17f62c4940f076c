import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FILES_FOLDER } from '../source/files.js';
import { unescapeVerbatim } from './bibtex.js';

/**
 * The files a .bib names that the profile holds in its own files/ folder.
 * al-folio's `pdf={paper.pdf}` and `slides={talk.pdf}` (its `supp` and
 * `poster` too, which a work has no field for) are a URL or a file of the
 * site's `assets/pdf/`, beside the `_bibliography/` folder of its
 * `papers.bib`: such a file is copied into the profile's files/ and the
 * work names it there; a file there of that name with other bytes is left
 * alone, unless the import copied it and it has not changed since (the
 * import's sidecar keeps the digest of what it copied), when it is replaced.
 * A URL of the site's own files/ (as its BibTeX export writes them) is that
 * file again.
 */

/** The fields of a work that al-folio reads as a file of assets/pdf/ when they are no URL. */
export const fileFields = ['pdf', 'slides'] as const;

/** A file of the profile's files/ (`files/paper.pdf`), and the copy that puts it there when it is not there as it is; or why not. */
export type LocalFile = { path: string; copy?: LocalCopy } | { reason: string };

/** A file to copy into the profile, and the digest of its bytes. */
export interface LocalCopy { from: string; digest: string }

/**
 * What each value of a file field of the .bib names (undefined: a URL, taken as one). `copied`: the files an
 * earlier import copied, with the digests of what it copied.
 */
export async function localFiles(fields: Array<Record<string, unknown>>, bibFile: string, dir: string, base: string,
  copied: ReadonlyMap<string, string>): Promise<(value: string) => LocalFile | undefined> {
  const assets = path.resolve(path.dirname(bibFile), '..', 'assets', 'pdf');
  const values = new Set(fields.flatMap((f) => fileFields.map((name) => f[name]))
    .filter((v): v is string => typeof v === 'string').map(unescapeVerbatim).filter(Boolean));
  const found = new Map<string, LocalFile>();
  for (const value of values) {
    const file = await localFile(value, assets, dir, base, copied);
    if (file) found.set(value, file);
  }
  return (value) => found.get(value);
}

async function localFile(value: string, assets: string, dir: string, base: string, copied: ReadonlyMap<string, string>): Promise<LocalFile | undefined> {
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
  if (segments.some((s) => ['', '.', '..'].includes(s))) return { reason: `not a file of al-folio's assets/pdf/ (in ${assets}): a name there, without .. or a leading /` };
  if (/[\s?#]/.test(value)) return { reason: `a file name with a space, ? or #, which a file of the profile's ${FILES_FOLDER}/ folder cannot have: rename it in ${assets} and in the .bib` };
  const from = path.join(assets, ...segments);
  if (!(await isFile(from))) return { reason: `no such file: looked for ${from} (al-folio's assets/pdf/, beside the .bib's folder)` };
  const target = path.join(dir, FILES_FOLDER, ...segments);
  const profilePath = [FILES_FOLDER, ...segments].join('/');
  const copy = { from, digest: digest(await readFile(from)) };
  if (!(await isFile(target))) return { path: profilePath, copy };
  const there = digest(await readFile(target));
  if (there === copy.digest) return { path: profilePath };
  if (there === copied.get(profilePath)) return { path: profilePath, copy };
  return { reason: `the profile's ${profilePath} is another file than ${from}, and not one an import copied; rename one of them, or copy it over by hand` };
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
