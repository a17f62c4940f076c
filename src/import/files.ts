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
 * work names it there. A URL of the site's own files/ (as its BibTeX export
 * writes them) is that file again.
 */

/** The fields of a work that al-folio reads as a file of assets/pdf/ when they are no URL. */
export const fileFields = ['pdf', 'slides'] as const;

/** A file of the profile's files/ (`files/paper.pdf`), copied from `from` when the profile has it not yet; or why not. */
export type LocalFile = { path: string; from?: string } | { reason: string };

/** What each value of a file field of the .bib names (undefined: a URL, taken as one). */
export async function localFiles(fields: Array<Record<string, unknown>>, bibFile: string, dir: string, base: string): Promise<(value: string) => LocalFile | undefined> {
  const assets = path.resolve(path.dirname(bibFile), '..', 'assets', 'pdf');
  const values = new Set(fields.flatMap((f) => fileFields.map((name) => f[name]))
    .filter((v): v is string => typeof v === 'string').map(unescapeVerbatim).filter(Boolean));
  const found = new Map<string, LocalFile>();
  for (const value of values) {
    const file = await localFile(value, assets, dir, base);
    if (file) found.set(value, file);
  }
  return (value) => found.get(value);
}

async function localFile(value: string, assets: string, dir: string, base: string): Promise<LocalFile | undefined> {
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
  if (!(await isFile(target))) return { path: profilePath, from };
  if ((await readFile(target)).equals(await readFile(from))) return { path: profilePath };
  return { reason: `the profile's ${profilePath} is another file than ${from}; rename one of them` };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
}
