import type { Issue } from '../issues.js';
import type { Source } from './load.js';
import { formatPath, locate } from './locate.js';
import { closest } from './suggest.js';

/** The profile's own files (photo, CV, PDFs, slides) are in this folder; a URL field names one as `files/NAME`. */
export const FILES_FOLDER = 'files';

const LOCAL = /^files\//;

/**
 * The fields whose value is a URL (the schema's `#/$defs/url`), by name:
 * where a profile may name one of its files instead.
 */
export function urlFields(schema: unknown): Set<string> {
  const fields = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        for (const [name, field] of Object.entries(value)) if ((field as { $ref?: string }).$ref === '#/$defs/url') fields.add(name);
      }
      walk(value);
    }
  };
  walk(schema);
  return fields;
}

/**
 * Every URL field that names a file of the profile (`photo: files/me.jpg`):
 * a file that is not there is a problem at its line; one that is becomes
 * its URL on the site (`{base}files/me.jpg`, each segment percent-encoded),
 * in the data itself, before it is read as RDF. `present` holds the files'
 * paths as written (`files/me.jpg`).
 */
export function resolveLocalFiles(source: Source, fields: ReadonlySet<string>, present: ReadonlySet<string>, base: string): Issue[] {
  const issues: Issue[] = [];
  // A name is its letters, however composed: "Kühn" typed (NFC) names the file a Mac wrote as "Ku" + a combining diaeresis (NFD).
  const byLetters = new Map([...present].map((file) => [file.normalize('NFC'), file]));
  const walk = (node: unknown, dataPath: (string | number)[]): void => {
    if (Array.isArray(node)) { node.forEach((item, i) => walk(item, [...dataPath, i])); return; }
    if (node === null || typeof node !== 'object') return;
    const entry = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(entry)) {
      if (typeof value === 'string' && fields.has(key) && LOCAL.test(value)) {
        // A malformed one is already reported (see Source.reported).
        if (source.reported.has(formatPath([...dataPath, key]))) continue;
        const file = present.has(value) ? value : byLetters.get(value.normalize('NFC'));
        if (file !== undefined) {
          entry[key] = `${base}${file.split('/').map(encodeURIComponent).join('/')}`;
        } else {
          const guess = closest(value, [...present]);
          issues.push({ ...locate(source, [...dataPath, key]),
            message: `names a file that is not in the profile's ${FILES_FOLDER}/ folder (got "${value}")${guess === undefined ? '' : `; did you mean "${guess}"?`}` });
        }
      } else {
        walk(value, [...dataPath, key]);
      }
    }
  };
  walk(source.data, []);
  return issues;
}
