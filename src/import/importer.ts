import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, isMap, isSeq, parse, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { isDataFile } from '../config.js';
import { InvalidProfileError, type Issue } from '../issues.js';
import type { ProfileBuilder } from '../pipeline.js';
import { loadSource } from '../source/load.js';
import { readBibtex, type BibRecord } from './bibtex.js';
import { convert, readFields } from './convert.js';
import { Directory, supportCollections, type Entry } from './directory.js';
import { fold, slug, type SplitName } from './names.js';

/**
 * `lodfolio import bibtex`: a .bib file into the profile, as entries of the
 * importer's own file (`bibtex.yaml`), so the scholar's hand-written files
 * are never touched. Its sidecar (`bibtex-import.json`) remembers, for each
 * citation key, the id it became and a fingerprint of what was written, so
 * that importing again changes nothing, a changed entry is updated, and an
 * entry edited by hand is left alone (unless `force`). The result is built
 * and validated on a copy of the profile first: if it would not validate,
 * nothing is written.
 */

export const importFile = 'bibtex.yaml';
export const stateFile = 'bibtex-import.json';

export interface ImportOptions {
  bibFile: string;
  dir: string;
  /** Overwrite entries edited by hand since the last import. */
  force?: boolean;
  builder: ProfileBuilder;
  base: string;
  /** Told each phase and, while converting, how far it has got: for a progress bar. */
  onProgress?: (phase: string, done?: number, total?: number) => void;
}

export interface Skip {
  key: string;
  line: number;
  reason: string;
}

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: Skip[];
  /** What was imported differently from the .bib (a value left out...), per entry. */
  notes: Skip[];
  /** Supporting entries added, per collection. */
  added: Record<string, number>;
  /** Fields no entry's conversion reads, with how many entries have them. */
  unread: Record<string, number>;
  /** The files written (none when nothing changed). */
  written: string[];
}

interface State {
  entries: Record<string, { id: string; hash: string }>;
}

const header = ` Publications imported from BibTeX by \`lodfolio import bibtex\`, with the people,
 journals, events and organisations they need. Edit freely: an entry you change is
 left alone by later imports (unless --force); ${stateFile} remembers which entry came
 from which citation key. Check with: lodfolio validate`;

export async function importBibtex(options: ImportOptions): Promise<ImportReport> {
  const { dir, force = false } = options;
  const progress = options.onProgress ?? (() => {});
  progress('reading the BibTeX file');
  const bib = readBibtex(await readFile(options.bibFile, 'utf8'));
  const own = await readOwnFile(dir);
  const state = await readState(dir);
  const others = await readOtherFiles(dir);

  const everything: Record<string, unknown[]> = {};
  for (const data of [...others.map((o) => o.data), (own.doc.toJS() ?? {}) as Record<string, unknown>]) {
    for (const [collection, value] of Object.entries(data)) {
      everything[collection] = [...(everything[collection] ?? []), ...(Array.isArray(value) ? value : [value])];
    }
  }
  const directory = new Directory(Object.fromEntries(Object.entries(everything).map(([c, v]) => [c, c === 'person' ? v[0] : v])));
  const ownPublications = seqOf(own.doc, 'publications');
  const ownById = new Map<string, number>();
  ownPublications?.items.forEach((item, i) => {
    const id = isMap(item) ? item.get('id') : undefined;
    if (typeof id === 'string') ownById.set(id, i);
  });

  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, skipped: [], notes: [], added: {}, unread: {}, written: [] };
  const skip = (r: { key: string; line: number }, reason: string) => report.skipped.push({ key: r.key, line: r.line, reason });
  for (const problem of bib.problems) report.skipped.push(problem);

  // Hand-written works, found by DOI, arXiv id or title: a second copy of one is not imported.
  const importedIds = new Set(Object.values(state.entries).map((e) => e.id));
  const handWritten = new Map<string, string>();
  for (const p of (everything.publications ?? []) as Array<Record<string, unknown>>) {
    if (typeof p?.id !== 'string' || importedIds.has(p.id) || ownById.has(p.id)) continue;
    const keys = [p.doi ? `doi:${String(p.doi).toLowerCase()}` : '', p.arxiv ? `arxiv:${String(p.arxiv)}` : '', typeof p.name === 'string' ? `title:${fold(p.name)}` : ''];
    for (const k of keys) if (k) handWritten.set(k, p.id);
  }

  // Ids first, so that a chapter's crossref finds its book's id wherever the book is in the file.
  const firstLine = new Map<string, number>();
  const records: Array<{ record: BibRecord; id: string; known: boolean }> = [];
  for (const record of bib.records) {
    const earlier = firstLine.get(record.key.toLowerCase());
    if (earlier !== undefined) {
      skip(record, `its citation key was already used at line ${earlier}`);
      continue;
    }
    firstLine.set(record.key.toLowerCase(), record.line);
    const remembered = state.entries[record.key];
    const twin = remembered ? undefined : duplicateOf(record, handWritten);
    if (twin) {
      skip(record, `already in the profile as ${twin}`);
      continue;
    }
    // An entry of the importer's file with the key's id, but no record of it (the sidecar was lost): the same work.
    const adopted = !remembered && ownById.has(slug(record.key)) ? slug(record.key) : undefined;
    const id = adopted ?? (remembered && !directory.has(remembered.id) ? directory.claim(remembered.id, 'publication')
      : remembered ? remembered.id : directory.claim(slug(record.key), 'publication'));
    records.push({ record, id, known: Boolean(remembered ?? adopted) });
  }
  directory.commit();
  const idOfKey = new Map(records.map((r) => [r.record.key, r.id]));
  const titleOfKey = new Map(bib.records.filter((r) => typeof r.fields.title === 'string').map((r) => [r.key.toLowerCase(), r.fields.title as string]));
  directory.plan(records.flatMap(({ record }) => ['author', 'editor', 'bookauthor']
    .flatMap((field) => (Array.isArray(record.fields[field as 'author']) ? record.fields[field as 'author']! : []))
    .filter((c) => c.lastName && !/^others$/i.test(c.lastName))
    .map((c): SplitName => ({ given: words(c.firstName), family: words([c.prefix, c.lastName].filter(Boolean).join(' ')) }))));

  const nextState: State = { entries: { ...state.entries } };
  let changed = false;
  // Books that chapters crossref come first: a chapter points at one only if it is in the profile.
  const referenced = new Set(records.map((r) => r.record.fields.crossref).filter((k): k is string => typeof k === 'string'));
  const ordered = [...records.filter((r) => referenced.has(r.record.key)), ...records.filter((r) => !referenced.has(r.record.key))];
  const present = new Set<string>();
  let converted = 0;
  for (const { record, id, known } of ordered) {
    progress('converting entries', converted++, ordered.length);
    for (const field of Object.keys(record.fields)) if (!readFields.has(field)) report.unread[field] = (report.unread[field] ?? 0) + 1;
    const result = convert(record, id, {
      directory, idOfKey: (k) => (present.has(k) ? idOfKey.get(k) : undefined), titleOfKey: (k) => titleOfKey.get(k.toLowerCase()),
    });
    if ('skip' in result) {
      directory.rollback();
      skip(record, result.skip);
      continue;
    }
    const hash = fingerprint(result.entry);
    const index = ownById.get(id);
    const current = index === undefined ? undefined : (seqOf(own.doc, 'publications')!.items[index] as YAMLMap).toJS(own.doc) as Entry;
    const remembered = state.entries[record.key];
    if (known && current === undefined && (!force || directory.hadBefore(id))) {
      directory.rollback();
      if (directory.hadBefore(id)) present.add(record.key);
      skip(record, directory.hadBefore(id) ? `its entry ${id} was moved out of ${importFile} by hand, and is left as it is there`
        : `its entry ${id} was deleted from ${importFile} by hand; --force imports it again`);
      continue;
    }
    const editedByHand = current !== undefined && fingerprint(current) !== remembered?.hash;
    if (current !== undefined && fingerprint(current) === hash) {
      directory.rollback();
      report.unchanged++;
      present.add(record.key);
      nextState.entries[record.key] = { id, hash };
      continue;
    }
    if (editedByHand && !force) {
      directory.rollback();
      present.add(record.key);
      if (remembered?.hash === hash) report.unchanged++;
      else if (remembered) skip(record, `its entry ${id} was edited by hand since the last import, and the .bib entry changed too; --force overwrites it`);
      else skip(record, `its entry ${id} differs from the .bib entry, and ${stateFile} has no record of importing it; --force overwrites it`);
      continue;
    }
    directory.commit();
    for (const message of result.notes) report.notes.push({ key: record.key, line: record.line, reason: message });
    const node = own.doc.createNode(result.entry);
    const seq = ensureSeq(own.doc, 'publications');
    if (index === undefined) {
      seq.items.push(node);
      ownById.set(id, seq.items.length - 1);
      report.imported++;
    } else {
      seq.items[index] = node;
      report.updated++;
    }
    nextState.entries[record.key] = { id, hash };
    present.add(record.key);
    changed = true;
  }
  for (const collection of supportCollections) {
    const list = directory.added.get(collection) ?? [];
    if (list.length > 0) report.added[collection] = list.length;
    for (const entry of list) ensureSeq(own.doc, collection).items.push(own.doc.createNode(entry));
    changed ||= list.length > 0;
  }
  const books = directory.added.get('publications') ?? [];
  if (books.length > 0) report.added.books = books.length;
  for (const entry of books) ensureSeq(own.doc, 'publications').items.push(own.doc.createNode(entry));
  changed ||= books.length > 0;

  const stateText = stateJson(nextState);
  const stateBefore = (await readText(path.join(dir, stateFile))) ?? stateJson({ entries: {} });
  if (!changed && stateText === stateBefore) return report;

  const yamlText = changed ? own.doc.toString() : own.text;
  if (yamlText !== undefined) await validate(options, others.map((o) => o.name), yamlText);
  if (changed) {
    await writeFile(path.join(dir, importFile), yamlText!);
    report.written.push(path.join(dir, importFile));
  }
  await writeFile(path.join(dir, stateFile), stateText);
  report.written.push(path.join(dir, stateFile));
  return report;
}

function stateJson(state: State): string {
  return `${JSON.stringify({ entries: sortKeys(state.entries) }, null, 2)}\n`;
}

/** The profile as it would be, built on a copy: its problems, named after the real folder, if it would not validate. */
async function validate({ builder, base, dir, onProgress }: ImportOptions, otherNames: string[], yamlText: string): Promise<void> {
  onProgress?.('checking the profile as the import would leave it');
  const temp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-'));
  try {
    await Promise.all(otherNames.map((name) => copyFile(path.join(dir, name), path.join(temp, name))));
    await writeFile(path.join(temp, importFile), yamlText);
    await builder.build(temp, base);
  } catch (error) {
    if (!(error instanceof InvalidProfileError)) throw error;
    const shown = path.relative(process.cwd(), dir) || '.';
    const rename = (file: string | undefined) => {
      if (file === undefined) return file;
      const absolute = path.resolve(file);
      return absolute.startsWith(temp) ? path.join(shown, path.relative(temp, absolute)) : file;
    };
    throw new InvalidProfileError(error.issues.map((issue: Issue) => ({ ...issue, file: rename(issue.file) })));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readOwnFile(dir: string): Promise<{ doc: Document; text: string | undefined }> {
  const text = await readText(path.join(dir, importFile));
  if (text === undefined) {
    const doc = new Document({});
    doc.commentBefore = header;
    return { doc, text };
  }
  const parsed = parseDocument(text, { uniqueKeys: true });
  if (parsed.errors.length > 0 || !(parsed.contents === null || isMap(parsed.contents))) await loadSource(dir); // throws, located
  const doc = parsed as unknown as Document;
  if (doc.contents === null) doc.contents = doc.createNode({});
  return { doc, text };
}

async function readOtherFiles(dir: string): Promise<Array<{ name: string; data: Record<string, unknown> }>> {
  const names = (await readdir(dir)).filter((n) => isDataFile(n) && n !== importFile).sort();
  const files = [];
  for (const name of names) {
    let data: unknown;
    try {
      data = parse(await readFile(path.join(dir, name), 'utf8'));
    } catch {
      await loadSource(dir); // reports the file's problem with its line
      throw new Error(`${path.join(dir, name)} cannot be read`);
    }
    files.push({ name, data: data !== null && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, unknown> : {} });
  }
  return files;
}

async function readState(dir: string): Promise<State> {
  const text = await readText(path.join(dir, stateFile));
  if (text === undefined) return { entries: {} };
  const state = JSON.parse(text) as Partial<State>;
  return { entries: state.entries ?? {} };
}

function seqOf(doc: Document, key: string): YAMLSeq | undefined {
  const node = (doc.contents as YAMLMap).get(key, true);
  return isSeq(node) ? node : undefined;
}

function ensureSeq(doc: Document, key: string): YAMLSeq {
  const existing = seqOf(doc, key);
  if (existing) return existing;
  const seq = doc.createNode([]) as YAMLSeq;
  (doc.contents as YAMLMap).set(key, seq);
  return seq;
}

function duplicateOf(record: BibRecord, handWritten: Map<string, string>): string | undefined {
  const f = record.fields as Record<string, unknown>;
  const doi = typeof f.doi === 'string' ? f.doi.replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, '').toLowerCase() : undefined;
  const arxiv = typeof f.eprint === 'string' ? f.eprint : undefined;
  const title = typeof f.title === 'string' ? fold(f.title.replace(/<[^>]+>/g, '')) : undefined;
  return (doi && handWritten.get(`doi:${doi}`)) || (arxiv && handWritten.get(`arxiv:${arxiv}`)) || (title && handWritten.get(`title:${title}`)) || undefined;
}

/** What was written for an entry, independent of key order and YAML style. */
function fingerprint(entry: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(entry))).digest('hex').slice(0, 16);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') return sortKeys(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)])));
  return value;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function words(s: string | undefined): string[] {
  return fold(s ?? '').split(' ').filter(Boolean);
}
