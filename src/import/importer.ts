import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, isMap, isSeq, parse, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { isDataFile } from '../config.js';
import { InvalidProfileError, type Issue } from '../issues.js';
import type { ProfileBuilder } from '../pipeline.js';
import { typesTaking } from '../source/fields.js';
import { FILES_FOLDER } from '../source/files.js';
import { schemeOfField } from '../source/identifiers.js';
import { loadSource } from '../source/load.js';
import type { Creator } from '@retorquere/bibtex-parser';
import { decodeBib, plainText, readBibtex } from './bibtex.js';
import { bookTypes, convert, type BibContext, type ConvertContext, type Converted } from './convert.js';
import { booksOfChapters, cslRecord } from './csl.js';
import { Directory, supportCollections, type Entry } from './directory.js';
import { digestOf, localFiles, type LocalCopy } from './files.js';
import { caseless, fold, literalSplit, personLike, quoted, slug, type SplitName } from './names.js';

/**
 * `lodfolio import bibtex|doi|orcid`: works from elsewhere into the profile,
 * as entries of the importer's own file (`bibtex.yaml`, `doi.yaml`,
 * `orcid.yaml`), so the scholar's hand-written files are never touched. Its
 * sidecar (`bibtex-import.json`...) remembers, for each key (a citation key,
 * a DOI, an ORCID put-code), the id it became and a fingerprint of what was
 * written, so that importing again changes nothing, a changed entry is
 * updated, and an entry edited by hand is left alone (unless `force`). A
 * work the profile already has (by DOI, arXiv id or title) is not imported
 * twice. The result is built and validated on a copy of the profile first:
 * if it would not validate, nothing is written. The files an al-folio
 * `papers.bib` names in its site's `assets/pdf/` are copied into the
 * profile's files/ (`files.ts`), never over one the import did not copy
 * there; the sidecar keeps the digest of each file it copied.
 */

export const importFile = 'bibtex.yaml';
export const stateFile = 'bibtex-import.json';

/** What is imported: records with a key, where they are, and how each becomes an entry. */
export interface Source {
  /** The importer's own file and its sidecar. */
  importFile: string;
  stateFile: string;
  /** What the own file says at its top. */
  header: string;
  /** What a record is called in messages: "the .bib entry". */
  noun: string;
  records: SourceRecord[];
  problems: Skip[];
  /** The source lists every work it has (a .bib, an ORCID record): keys remembered but gone from it are reported, and pruned on request. */
  complete: boolean;
  /** The ORCID iD whose works these are: one of the profile's people must have it. */
  holder?: string;
  /**
   * The file the records are read from (a .bib's name), where a profile may import several: the sidecar
   * remembers each entry's, and only that file's entries are gone from it (an entry of none: from every one).
   */
  origin?: string;
  /**
   * The fields only the profile knows that this source says of every work (`profileFields`): a work it says
   * nothing of has none (al-folio selects by `selected={true}` and unselects by removing it), where a source
   * that says them of no work leaves them to the profile.
   */
  says?: readonly string[];
}

/** An import that cannot be made (a holder the profile lacks, a source that cannot be reached): nothing was written. */
export class ImportError extends Error {}

export interface SourceRecord {
  key: string;
  line: number;
  /** For finding the work among the profile's own: its DOI, arXiv id, title. */
  doi?: string;
  arxiv?: string;
  title?: string;
  /** The id it gets if it is new (default: its key in the id syntax). */
  idBase?: string;
  /** The key of the record this one is part of (a chapter's book), converted first. */
  partOf?: string;
  /** The names of its people, to spell each new person as fully as any record does. */
  names: SplitName[];
  /** Other keys it is known by among the profile's entries (a project's name: `projectKey`). */
  keys?: string[];
  convert: (id: string, context: ConvertContext) => Converted;
}

export interface ImportOptions {
  dir: string;
  /** Overwrite entries edited by hand since the last import. */
  force?: boolean;
  /** Remove the works whose records are gone from the source (and what only they used). */
  prune?: boolean;
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
  /** What was imported differently from the source (a value left out...), per entry. */
  notes: Skip[];
  /** Supporting entries added, per collection. */
  added: Record<string, number>;
  /** Fields of the imported entries that were not imported, with how many entries have them. */
  unread: Record<string, number>;
  /** Works imported before whose records are gone from the source: their keys and ids. */
  gone: Array<{ key: string; id: string }>;
  /** Works (and entries only they used) removed by `prune`. */
  pruned: string[];
  /**
   * The profile's person (its id), and the keys of the works imported that name it as none of their authors or
   * editors: published, but not listed as theirs (the homepage, the CV and the publications list only those).
   */
  notTheirs?: { person: string; keys: string[] };
  /** The files written (none when nothing changed). */
  written: string[];
}

/** Each key's entry: its id, the digest of what the import wrote, and the file it came from (`Source.origin`). */
type State = Map<string, { id: string; hash: string; file?: string }>;
/** The files the import copied into the profile's files/ (`files/paper.pdf`), each with the digest of what it copied. */
type Copied = Map<string, string>;
/** The books the import made for its chapters (no record of its own: a booktitle, a container-title), each with the digest of what it wrote. */
type Books = Map<string, string>;

/**
 * A work's fields that say what the scholar makes of it rather than what it
 * is: whether the homepage selects it, the projects it is about, its awards,
 * a thesis's group and advisors; and its other places (`sameAs`). A record
 * gives them rarely (al-folio's `selected`, `html` and `website`) or never (the site's
 * own BibTeX export, clean for reference managers, carries none of them);
 * where it does not, an import keeps the profile's, unless the source says
 * them of its works at all (`Source.says`: an al-folio .bib that selects
 * some works has unselected the others).
 */
const profileFields = ['selected', 'about', 'awards', 'group', 'contributors', 'sameAs'];

/** The comment at the top of an importer's own file. */
export function ownFileHeader(command: string, file: string, state: string): string {
  return ` Publications imported by \`${command}\`, with the people, journals, events and
 organisations they need. Edit freely: an entry you change is left alone by later
 imports (unless --force); ${state} remembers which entry came from which
 ${file === importFile ? 'citation key' : 'record'}. Check with: lodfolio validate`;
}

/** `lodfolio import bibtex`: a .bib file's works. */
export async function importBibtex(options: ImportOptions & { bibFile: string }): Promise<ImportReport> {
  options.onProgress?.('reading the BibTeX file');
  const bib = readBibtex(decodeBib(await readFile(options.bibFile), path.relative(process.cwd(), options.bibFile) || options.bibFile), options.bibFile);
  const titleOfKey = new Map(bib.records.filter((r) => typeof r.fields.title === 'string').map((r) => [r.key.toLowerCase(), r.fields.title as string]));
  const books = bib.records.filter((r) => bookTypes.has(r.type) && typeof r.fields.title === 'string');
  const bookKeyOfTitle = new Map(books.map((r) => [fold(plainText(r.fields.title as string)), r.key]));
  const { files: copied } = await readState(options.dir, stateFile);
  const localFile = await localFiles(bib.records.map((r) => r.fields as Record<string, unknown>), options.bibFile, options.dir, options.base, copied);
  const bibContext: BibContext = { titleOfKey: (k) => titleOfKey.get(k.toLowerCase()), bookKeyOfTitle: (t) => bookKeyOfTitle.get(fold(t)), localFile };
  const records = bib.records.map((record): SourceRecord => {
    const f = record.fields as Record<string, unknown>;
    const booktitle = typeof f.booktitle === 'string' ? plainText(f.booktitle) : undefined;
    const doi = typeof f.doi === 'string' ? schemeOfField('doi').normalise(f.doi) : undefined;
    return {
      key: record.key, line: record.line, doi, arxiv: typeof f.eprint === 'string' ? f.eprint : undefined,
      title: typeof f.title === 'string' ? f.title.replace(/<[^>]+>/g, '') : undefined,
      partOf: typeof f.crossref === 'string' ? f.crossref : booktitle ? bibContext.bookKeyOfTitle(booktitle) : undefined,
      names: ['author', 'editor', 'bookauthor'].flatMap((field) => (Array.isArray(f[field]) ? f[field] as Creator[] : []))
        .flatMap((c): SplitName[] => (c.lastName && !/^(others|al\.?)$/i.test(c.lastName)
          ? [{ given: words(c.firstName), family: words([c.prefix, c.lastName].filter(Boolean).join(' ')) }]
          : !c.lastName && c.name && caseless(c.name) && personLike(c.name) ? [literalSplit(c.name)] : [])),
      convert: (id, context) => convert(record, id, { ...context, ...bibContext }),
    };
  });
  // A .bib that selects a work (al-folio's) says of every work whether it is selected; one with an html or a website, where it is elsewhere.
  const says = [['selected', 'selected'], ['sameAs', 'html'], ['sameAs', 'website']]
    .filter(([, field]) => bib.records.some((r) => Object.hasOwn(r.fields, field))).map(([name]) => name);
  return importWorks({
    importFile, stateFile, header: ownFileHeader('lodfolio import bibtex', importFile, stateFile), noun: 'the .bib entry', records, problems: bib.problems, complete: true, says,
    origin: path.basename(options.bibFile),
  }, options);
}

/** `lodfolio import csl`'s own file and its sidecar. */
export const cslFiles = { importFile: 'csl.yaml', stateFile: 'csl-import.json' };

/**
 * `lodfolio import csl`: a CSL-JSON file's works, as Zotero ("CSL JSON"),
 * Better BibTeX, Mendeley or citation.js export them: a list of items, each
 * known by its `citation-key`, else its `id`. The file is the whole list:
 * works gone from it are reported (and pruned on request).
 */
export async function importCslFile(options: ImportOptions & { file: string }): Promise<ImportReport> {
  options.onProgress?.('reading the CSL-JSON file');
  const shownFile = path.relative(process.cwd(), options.file) || options.file;
  const text = (await readFile(options.file, 'utf8')).replace(/^\uFEFF/, '');
  let items: unknown;
  try {
    items = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    const line = at === undefined ? '' : `:${text.slice(0, Number(at)).split('\n').length}`;
    throw new ImportError(`${shownFile}${line}: not JSON (${(error as Error).message}); nothing was written`);
  }
  // A single item, as a DOI's content negotiation answers, is a list of one.
  const list = Array.isArray(items) ? items : [items];
  const lines = itemLines(text);
  const records: SourceRecord[] = [];
  const problems: Skip[] = [];
  const cslItems: Array<{ key: string; item: Record<string, unknown>; line: number }> = [];
  list.forEach((item, i) => {
    const line = lines[i] ?? 1;
    const record = item as Record<string, unknown>;
    const key = typeof record?.['citation-key'] === 'string' ? record['citation-key'] : typeof record?.id === 'string' || typeof record?.id === 'number' ? String(record.id) : undefined;
    if (!record || typeof record !== 'object' || Array.isArray(record) || typeof record.type !== 'string') problems.push({ key: key ?? `item ${i + 1}`, line, reason: 'is no CSL item (an object with a type)' });
    else cslItems.push({ key: key ?? `item-${i + 1}`, item: record, line });
  });
  // A chapter's book of the same file, imported as a work of its own: the one book the chapter is part of.
  const bookOf = booksOfChapters(cslItems);
  for (const { key, item, line } of cslItems) records.push(cslRecord(key, item, line, bookOf.get(key)));
  return importWorks({
    ...cslFiles, header: ownFileHeader('lodfolio import csl', cslFiles.importFile, cslFiles.stateFile), noun: 'the CSL item', records, problems, complete: true,
    origin: path.basename(options.file),
  }, options);
}

/** The line each item of a JSON list starts at (the list's top-level values, strings read as strings). */
function itemLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expecting && !/\s|,|\]/.test(c)) { lines.push(line); expecting = false; }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') { depth++; if (depth === 1) expecting = true; }
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return lines;
}

/** The core of every import: records → entries of the importer's own file, all or nothing. */
export async function importWorks(source: Source, options: ImportOptions): Promise<ImportReport> {
  const { dir, force = false } = options;
  const progress = options.onProgress ?? (() => {});
  const own = await readOwnFile(dir, source);
  const { entries: state, files: copiedBefore, books: booksBefore } = await readState(dir, source.stateFile);
  const others = await readOtherFiles(dir, source.importFile);

  const everything: Record<string, unknown[]> = {};
  for (const data of [...others.map((o) => o.data), (own.doc.toJS() ?? {}) as Record<string, unknown>]) {
    for (const [collection, value] of Object.entries(data)) {
      everything[collection] = [...(everything[collection] ?? []), ...(Array.isArray(value) ? value : [value])];
    }
  }
  const ownPeople = ((own.doc.toJS() ?? {}) as { people?: Array<{ id?: unknown }> }).people ?? [];
  const directory = new Directory(Object.fromEntries(Object.entries(everything).map(([c, v]) => [c, c === 'person' ? v[0] : v])),
    new Set(ownPeople.map((p) => String(p.id))));
  if (source.holder && !directory.personWithOrcid(source.holder)) {
    throw new ImportError(`no person of the profile in ${dir} has the ORCID iD ${source.holder}: add \`orcid: ${source.holder}\` to them (person or people) first; nothing was written`);
  }
  let ownById = ownEntries(own.doc);
  /** The entry of the import's own file at a place `ownEntries` gives. */
  const entryAt = (at: { collection: string; index: number }) => seqOf(own.doc, at.collection)!.items[at.index] as YAMLMap;

  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, skipped: [], notes: [], added: {}, unread: {}, gone: [], pruned: [], written: [] };
  const person = (everything.person?.[0] as { id?: unknown } | undefined)?.id;
  if (typeof person === 'string') report.notTheirs = { person, keys: [] };
  const unread = new Map<string, number>();
  const skip = (r: { key: string; line: number }, reason: string) => report.skipped.push({ key: r.key, line: r.line, reason });
  for (const problem of source.problems) report.skipped.push(problem);

  // Works (and talks) of the profile this importer did not write, found by DOI, arXiv id or title: a second copy of one is not imported.
  const importedIds = new Set([...state.values()].map((e) => e.id));
  const handWritten = new Map<string, string>();
  for (const p of [...everything.publications ?? [], ...everything.talks ?? []] as Array<Record<string, unknown>>) {
    if (typeof p?.id !== 'string' || importedIds.has(p.id) || ownById.has(p.id)) continue;
    for (const k of workKeys({ doi: p.doi, arxiv: p.arxiv, title: p.name })) if (!handWritten.has(k)) handWritten.set(k, p.id);
  }
  for (const p of (everything.projects ?? []) as Array<Record<string, unknown>>) {
    if (typeof p?.id === 'string' && typeof p.name === 'string' && !importedIds.has(p.id) && !ownById.has(p.id)) handWritten.set(projectKey(p.name), p.id);
  }

  // Ids first, so that a chapter's crossref finds its book's id wherever the book is in the file.
  const firstLine = new Map<string, number>();
  const records: Array<{ record: SourceRecord; id: string; known: boolean }> = [];
  for (const record of source.records) {
    const earlier = firstLine.get(record.key.toLowerCase());
    if (earlier !== undefined) {
      skip(record, `its key was already used at line ${earlier}`);
      continue;
    }
    firstLine.set(record.key.toLowerCase(), record.line);
    const remembered = state.get(record.key);
    const twin = remembered ? undefined : [...workKeys(record), ...record.keys ?? []].map((k) => handWritten.get(k)).find(Boolean);
    if (twin) {
      skip(record, `already in the profile as ${twin}`);
      continue;
    }
    // An entry of the importer's file with the key's id, but no record of it (the sidecar was lost): the same work.
    const base = record.idBase ?? slug(record.key);
    const adopted = !remembered && ownById.has(base) ? base : undefined;
    const id = adopted ?? (remembered && !directory.has(remembered.id) ? directory.claim(remembered.id, 'publication')
      : remembered ? remembered.id : directory.claim(base, 'publication'));
    records.push({ record, id, known: Boolean(remembered ?? adopted) });
  }
  directory.commit();
  // The books of its own file no record is: a chapter's book it made from the chapter's booktitle (or container-title).
  const recordIds = new Set(records.map((r) => r.id));
  directory.ownBooks = new Set([...ownById].filter(([id, at]) => at.collection === 'publications' && !recordIds.has(id) && !importedIds.has(id)
    && entryAt(at).get('type') === 'Book').map(([id]) => id));
  const misplaced = fieldsOfOtherTypes(options.builder);
  const idOfKey = new Map(records.map((r) => [r.record.key, r.id]));
  directory.plan(records.flatMap(({ record }) => record.names));

  const nextState: State = new Map(state);
  let changed = false;
  /** Files the written entries name that the profile's files/ has not yet, or has as the import copied them before. */
  const copies = new Map<string, LocalCopy>();
  const nextCopied: Copied = new Map(copiedBefore);
  // Books that chapters crossref come first: a chapter points at one only if it is in the profile.
  const referenced = new Set(records.map((r) => r.record.partOf).filter((k): k is string => typeof k === 'string'));
  const ordered = [...records.filter((r) => referenced.has(r.record.key)), ...records.filter((r) => !referenced.has(r.record.key))];
  const present = new Set<string>();
  let converted = 0;
  for (const { record, id, known } of ordered) {
    progress('converting entries', converted++, ordered.length);
    const result = record.convert(id, { directory, idOfKey: (k) => (present.has(k) ? idOfKey.get(k) : undefined) });
    if ('skip' in result) {
      directory.rollback();
      skip(record, result.skip);
      continue;
    }
    for (const field of result.unused) unread.set(field, (unread.get(field) ?? 0) + 1);
    // A proceedings paper's ISBN is its book's, a book's `pages` its length: fields its type has not.
    const collection = result.collection ?? 'publications';
    // A work is the person's by its authors and editors (the fields of rdf/vocabulary.ts's ownWorkPredicates).
    if (collection === 'publications' && report.notTheirs && !['authors', 'editors'].some((f) => (result.entry[f] as unknown[] | undefined)?.includes(report.notTheirs!.person))) {
      report.notTheirs.keys.push(record.key);
    }
    for (const { field, types, type } of collection === 'publications' ? misplaced(result.entry) : []) {
      result.notes.push(`left out ${field} ${quoted(String(result.entry[field]))}: a field of ${types.join(', ')} only, not of ${type}`);
      delete result.entry[field];
    }
    const at = ownById.get(id);
    const current = at === undefined ? undefined : entryAt(at).toJS(own.doc) as Entry;
    // What the profile knows better and the record does not say stays as the profile has it.
    const kept = profileFields.filter((field) => current !== undefined && Object.hasOwn(current, field) && !Object.hasOwn(result.entry, field)
      && !source.says?.includes(field));
    for (const field of kept) result.entry[field] = current![field];
    const hash = fingerprint(result.entry);
    const remembered = state.get(record.key);
    if (known && current === undefined && (!force || directory.hadBefore(id))) {
      directory.rollback();
      if (directory.hadBefore(id)) present.add(record.key);
      skip(record, directory.hadBefore(id) ? `its entry ${id} was moved out of ${source.importFile} by hand, and is left as it is there`
        : `its entry ${id} was deleted from ${source.importFile} by hand; --force imports it again`);
      continue;
    }
    // Adding such a field by hand is no edit of what the import wrote.
    const editedByHand = current !== undefined && fingerprint(current) !== remembered?.hash
      && fingerprint(Object.fromEntries(Object.entries(current).filter(([field]) => !kept.includes(field)))) !== remembered?.hash;
    // The files it names that are not in the profile as they are in the source: a written entry's, and an unchanged one's.
    const copy = () => {
      for (const [file, copied] of result.files ?? []) {
        copies.set(file, copied);
        nextCopied.set(file, copied.digest);
      }
    };
    const keptNotes = () => { for (const message of result.kept ?? []) report.notes.push({ key: record.key, line: record.line, reason: message }); };
    if (current !== undefined && fingerprint(current) === hash) {
      directory.rollback();
      report.unchanged++;
      keptNotes();
      present.add(record.key);
      nextState.set(record.key, { id, hash });
      copy();
      continue;
    }
    if (editedByHand && !force) {
      directory.rollback();
      present.add(record.key);
      if (remembered?.hash === hash) report.unchanged++;
      else if (remembered) skip(record, `its entry ${id} was edited by hand since the last import, and ${source.noun} changed too; --force overwrites it`);
      else skip(record, `its entry ${id} differs from ${source.noun}, and ${source.stateFile} has no record of importing it; --force overwrites it`);
      continue;
    }
    directory.commit();
    copy();
    for (const message of [...result.notes, ...directory.takeSaid()]) report.notes.push({ key: record.key, line: record.line, reason: message });
    keptNotes();
    const node = own.doc.createNode(result.entry);
    if (at?.collection === collection) seqOf(own.doc, collection)!.items[at.index] = node;
    else {
      // A work imported before as another kind (a talk that was taken for a paper) moves to its collection.
      if (at) removeEntry(own.doc, at.collection, id);
      ensureSeq(own.doc, collection).items.push(node);
      ownById = ownEntries(own.doc);
    }
    if (at === undefined) report.imported++;
    else report.updated++;
    nextState.set(record.key, { id, hash });
    present.add(record.key);
    changed = true;
  }
  // A book it made for its chapters, as the first record that names it would make it now: updated where the import wrote
  // it as it is; one edited by hand since (or made before the sidecar kept its books) left alone, unless forced.
  const nextBooks: Books = new Map([...booksBefore].filter(([id]) => ownById.has(id)));
  for (const [id, again] of directory.booksAgain) {
    const at = ownById.get(id)!;
    const current = entryAt(at).toJS(own.doc) as Entry;
    const entry = again();
    // People its chapter's conversion made and let go with the chapter, which was unchanged: the book cannot name them.
    const missing = ['authors', 'editors'].flatMap((field) => (Array.isArray(entry[field]) ? entry[field] as unknown[] : [])).filter((p) => typeof p === 'string' && !directory.has(p));
    if (missing.length > 0) {
      directory.rollback();
      report.notes.push({ key: id, line: 0, reason: `the book ${id} is left as it is: its chapters' records now name ${missing.join(', ')}, whom the profile does not have; add them to the book by hand` });
      continue;
    }
    const [now, was, written] = [fingerprint(entry), fingerprint(current), booksBefore.get(id)];
    if (now === was) {
      directory.rollback();
      nextBooks.set(id, now);
      continue;
    }
    if (was !== written && !force) {
      directory.rollback();
      report.notes.push({ key: id, line: 0, reason: written === undefined
        ? `the book ${id} differs from what its chapters' records say of it now, and ${source.stateFile} has no record of making it; --force overwrites it`
        : `the book ${id} was edited by hand since the last import, and its chapters' records say other things of it now; --force overwrites it` });
      continue;
    }
    directory.commit();
    for (const message of directory.takeSaid()) report.notes.push({ key: id, line: 0, reason: message });
    seqOf(own.doc, 'publications')!.items[at.index] = own.doc.createNode(entry);
    nextBooks.set(id, now);
    report.updated++;
    changed = true;
  }
  report.unread = Object.fromEntries(unread);
  if (source.origin !== undefined) {
    for (const key of present) {
      const entry = nextState.get(key);
      if (entry) nextState.set(key, { ...entry, file: source.origin });
    }
  }
  for (const collection of supportCollections) {
    const list = directory.added.get(collection) ?? [];
    if (list.length > 0) report.added[collection] = list.length;
    for (const entry of list) ensureSeq(own.doc, collection).items.push(own.doc.createNode(entry));
    changed ||= list.length > 0;
  }
  const books = directory.added.get('publications') ?? [];
  if (books.length > 0) report.added.books = books.length;
  for (const entry of books) {
    ensureSeq(own.doc, 'publications').items.push(own.doc.createNode(entry));
    nextBooks.set(entry.id, fingerprint(entry));
  }
  changed ||= books.length > 0;

  // Works whose records are gone from the source: listed, and removed with what only they used when asked to.
  if (source.complete) {
    const keys = new Set(source.records.map((r) => r.key));
    // Another file's entries are not gone from this one (an entry an older sidecar did not say the file of: from any).
    for (const [key, { id, file }] of state) if (!keys.has(key) && (file === undefined || file === source.origin)) report.gone.push({ key, id });
  }
  if (options.prune && report.gone.length > 0) {
    for (const { key, id } of report.gone) {
      const collection = ownEntries(own.doc).get(id)?.collection ?? 'publications';
      const item = seqOf(own.doc, collection)?.items.find((i) => isMap(i) && i.get('id') === id) as YAMLMap | undefined;
      if (item && fingerprint(item.toJS(own.doc)) !== state.get(key)?.hash && !force) {
        report.skipped.push({ key, line: 0, reason: `its entry ${id} is gone from the source but was edited by hand; --force prunes it too` });
        continue;
      }
      if (item) removeEntry(own.doc, collection, id);
      nextState.delete(key);
      report.pruned.push(id);
    }
    report.pruned.push(...pruneUnused(own.doc, others.map((o) => o.data)));
    changed ||= report.pruned.length > 0;
  }

  const stateText = stateJson(nextState, nextCopied, nextBooks);
  const stateBefore = (await readText(path.join(dir, source.stateFile))) ?? stateJson(new Map(), new Map());
  if (!changed && stateText === stateBefore) return report;

  const yamlText = changed ? own.doc.toString() : own.text;
  if (yamlText !== undefined) await validate(options, source.importFile, others.map((o) => o.name), yamlText, copies);
  for (const [file, { from, digest }] of copies) {
    const target = path.join(dir, file);
    // A file already there as it is copied (an earlier import's, unchanged) is not written, nor said to be, again.
    if (await digestOf(target) === digest) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(from, target);
    report.written.push(target);
  }
  if (changed) {
    await writeFile(path.join(dir, source.importFile), yamlText!);
    report.written.push(path.join(dir, source.importFile));
  }
  await writeFile(path.join(dir, source.stateFile), stateText);
  report.written.push(path.join(dir, source.stateFile));
  return report;
}

/** The collections an import writes its entries to (`Converted.collection`). */
const entryCollections = ['publications', 'talks', 'news', 'projects'] as const;

/** Where each entry an import writes (a work, a talk, a news item) is in its own file: its collection and index there, by id. */
function ownEntries(doc: Document): Map<string, { collection: (typeof entryCollections)[number]; index: number }> {
  const found = new Map<string, { collection: (typeof entryCollections)[number]; index: number }>();
  for (const collection of entryCollections) {
    seqOf(doc, collection)?.items.forEach((item, index) => {
      const id = isMap(item) ? item.get('id') : undefined;
      if (typeof id === 'string') found.set(id, { collection, index });
    });
  }
  return found;
}

/** A work's fields that its type has not (the schema's `appliesTo`: schema:isbn is a book's), each with the types that have it. */
function fieldsOfOtherTypes(builder: ProfileBuilder): (work: Entry) => Array<{ field: string; types: readonly string[]; type: string }> {
  const { schema } = builder.ontology;
  const works = (schema as { properties: { publications: { items: { properties: { type: { default: string } } } } } }).properties.publications.items;
  return (work) => {
    const type = typeof work.type === 'string' ? work.type : works.properties.type.default;
    return Object.keys(work).flatMap((field) => {
      const types = typesTaking(schema, works, field);
      return types && !types.includes(type) ? [{ field, types, type }] : [];
    });
  };
}

/** The key a project is known by among the profile's: its folded name. */
export function projectKey(name: string): string {
  return `project:${fold(name)}`;
}

/** The keys a work is known by among the profile's: its DOI (any case), arXiv id, folded title. */
function workKeys(w: { doi?: unknown; arxiv?: unknown; title?: unknown }): string[] {
  return [
    typeof w.doi === 'string' && w.doi ? `doi:${w.doi.toLowerCase()}` : '',
    typeof w.arxiv === 'string' && w.arxiv ? `arxiv:${w.arxiv}` : '',
    typeof w.title === 'string' && fold(w.title) ? `title:${fold(w.title)}` : '',
  ].filter(Boolean);
}

function removeEntry(doc: Document, collection: string, id: string): void {
  const seq = seqOf(doc, collection);
  if (!seq) return;
  seq.items = seq.items.filter((i) => !(isMap(i) && i.get('id') === id));
  if (seq.items.length === 0) (doc.contents as YAMLMap).delete(collection);
}

/**
 * The supporting entries of the importer's file (people, journals, events,
 * series, organisations, books) that nothing in the profile points at any
 * more, removed until none is left; their ids.
 */
function pruneUnused(doc: Document, otherFiles: Array<Record<string, unknown>>): string[] {
  const removed: string[] = [];
  for (;;) {
    const data = (doc.toJS() ?? {}) as Record<string, unknown>;
    const used = new Set<string>();
    const visit = (value: unknown, key?: string): void => {
      if (typeof value === 'string' && key !== 'id') used.add(value);
      else if (Array.isArray(value)) for (const v of value) visit(v, key === 'id' ? undefined : key);
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    for (const file of [data, ...otherFiles]) visit(file);
    const unused: Array<[string, string]> = [];
    for (const collection of [...supportCollections, 'publications']) {
      for (const entry of (Array.isArray(data[collection]) ? data[collection] : []) as Array<Record<string, unknown>>) {
        const support = collection !== 'publications' || (entry.type === 'Book' && !entry.authors && !entry.editors);
        if (support && typeof entry.id === 'string' && !used.has(entry.id)) unused.push([collection, entry.id]);
      }
    }
    if (unused.length === 0) return removed;
    for (const [collection, id] of unused) {
      removeEntry(doc, collection, id);
      removed.push(id);
    }
  }
}

function stateJson(state: State, copied: Copied, books: Books = new Map()): string {
  const files = copied.size > 0 ? { files: sortKeys(Object.fromEntries(copied)) } : {};
  const made = books.size > 0 ? { books: sortKeys(Object.fromEntries(books)) } : {};
  return `${JSON.stringify({ entries: sortKeys(Object.fromEntries(state)), ...files, ...made }, null, 2)}\n`;
}

/** The profile as it would be, built on a copy: its problems, named after the real folder, if it would not validate. */
async function validate({ builder, base, dir, onProgress }: ImportOptions, ownName: string, otherNames: string[], yamlText: string,
  copies: ReadonlyMap<string, LocalCopy>): Promise<void> {
  onProgress?.('checking the profile as the import would leave it');
  const temp = await mkdtemp(path.join(os.tmpdir(), 'lodfolio-import-'));
  try {
    await Promise.all(otherNames.map((name) => copyFile(path.join(dir, name), path.join(temp, name))));
    await writeFile(path.join(temp, ownName), yamlText);
    // What the YAML names beside it (its files/ folder: a photo, PDFs; a stylesheet), as it is; with the files the
    // import copies in, a copy of its files/ (which the build reads whole anyway: a link in it would be left out).
    const beside = (await readdir(dir)).filter((name) => !name.startsWith('.') && name !== ownName && !otherNames.includes(name)
      && !(copies.size > 0 && name === FILES_FOLDER));
    await Promise.all(beside.map((name) => symlink(path.join(dir, name), path.join(temp, name))));
    if (copies.size > 0) {
      await cp(path.join(dir, FILES_FOLDER), path.join(temp, FILES_FOLDER), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      for (const [file, { from }] of copies) {
        await mkdir(path.dirname(path.join(temp, file)), { recursive: true });
        await copyFile(from, path.join(temp, file));
      }
    }
    await builder.build(temp, base);
  } catch (error) {
    if (!(error instanceof InvalidProfileError)) throw error;
    const shown = path.relative(process.cwd(), dir) || '.';
    const rename = (file: string | undefined) => {
      if (file === undefined) return file;
      const absolute = path.resolve(file);
      return absolute.startsWith(temp) ? path.join(shown, path.relative(temp, absolute)) : file;
    };
    // A message may name a file too ("already the id of the entry at …/bibtex.yaml:408"): the user's, not the copy's,
    // however the copy's path is written (absolute, its real path, relative to the current folder).
    const real = await realpath(temp).catch(() => temp);
    const copyPaths = [...new Set([temp, real, path.relative(process.cwd(), temp), path.relative(process.cwd(), real)])]
      .filter((p) => p && p !== '.').sort((a, b) => b.length - a.length);
    const renameIn = (message: string) => copyPaths.reduce((text, copy) => text.split(`${copy}${path.sep}`).join(shown === '.' ? '' : `${shown}${path.sep}`), message);
    throw new InvalidProfileError(error.issues.map((issue: Issue) => ({ ...issue, file: rename(issue.file), message: renameIn(issue.message) })));
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

async function readOwnFile(dir: string, source: Source): Promise<{ doc: Document; text: string | undefined }> {
  const text = await readText(path.join(dir, source.importFile));
  if (text === undefined) {
    const doc = new Document({});
    doc.commentBefore = source.header;
    return { doc, text };
  }
  const parsed = parseDocument(text, { uniqueKeys: true });
  if (parsed.errors.length > 0 || !(parsed.contents === null || isMap(parsed.contents))) await loadSource(dir); // throws, located
  const doc = parsed as unknown as Document;
  if (doc.contents === null) doc.contents = doc.createNode({});
  return { doc, text };
}

async function readOtherFiles(dir: string, ownName: string): Promise<Array<{ name: string; data: Record<string, unknown> }>> {
  const names = (await readdir(dir)).filter((n) => isDataFile(n) && n !== ownName).sort();
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

export async function readState(dir: string, file: string): Promise<{ entries: State; files: Copied; books: Books }> {
  const text = await readText(path.join(dir, file));
  if (text === undefined) return { entries: new Map(), files: new Map(), books: new Map() };
  const { entries = {}, files = {}, books = {} } = JSON.parse(text) as { entries?: Record<string, { id: string; hash: string; file?: string }>; files?: Record<string, string>; books?: Record<string, string> };
  // Maps: a key may be any string, `__proto__` included.
  return { entries: new Map(Object.entries(entries)), files: new Map(Object.entries(files)), books: new Map(Object.entries(books)) };
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

/** What was written for an entry, independent of key order and YAML style. */
function fingerprint(entry: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(entry))).digest('hex').slice(0, 16);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  // Authors in no particular order (`authorOrder: unknown`) are the same in any order: the RDF keeps none.
  const entry = value as Record<string, unknown>;
  const unordered = entry.authorOrder === 'unknown' && Array.isArray(entry.authors);
  return sortKeys(Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, k === 'authors' && unordered ? (v as unknown[]).map(String).sort() : canonical(v)])));
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function words(s: string | undefined): string[] {
  return fold(s ?? '').split(' ').filter(Boolean);
}
