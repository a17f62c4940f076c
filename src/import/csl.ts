import { isDoi, isIsbn } from '../source/identifiers.js';
import { degreeOf, numberOrText, talkOf, withSubtitle, type ConvertContext, type Converted } from './convert.js';
import type { Entry } from './directory.js';
import type { SourceRecord } from './importer.js';
import { fold, literalSplit, personLike, quoted, slug, tidyText, type SplitName } from './names.js';

/**
 * A work described elsewhere → one `publications` entry: the CSL-JSON of a
 * DOI (as doi.org gives it by content negotiation) or of a reference
 * manager's export (Zotero's "CSL JSON"), or, for a work without
 * one, its ORCID work summary (title, type, year, journal, link). People,
 * journals, events, organisations and books are found or added by the
 * directory, as for BibTeX.
 */

/** CSL item types → the profile's kinds of work (others are articles; a `speech` is a talk). */
const cslTypes: Record<string, string> = {
  book: 'Book', 'edited-book': 'Book', monograph: 'Book', chapter: 'Chapter', 'book-chapter': 'Chapter', report: 'Report',
  // An entry of an encyclopedia or dictionary is in its reference work as a chapter is in its book (BibTeX's @inreference).
  'entry-encyclopedia': 'Chapter', 'entry-dictionary': 'Chapter', entry: 'Chapter',
  thesis: 'Thesis', dissertation: 'Thesis', dataset: 'Dataset', software: 'SoftwareApplication', patent: 'Patent',
  poster: 'Poster',
};
/** CSL fields of a book (or a report, a thesis) → the profile's field, and the kinds of work that have it. */
const bookFields: ReadonlyArray<readonly [field: string, name: string, types: readonly string[]]> = [
  ['collection-title', 'seriesTitle', ['Book', 'Report']], ['collection-number', 'seriesNumber', ['Book']], ['edition', 'edition', ['Book']],
  ['publisher-place', 'publicationPlace', ['Book', 'Report', 'Thesis']],
];
/** CSL types of works not (yet) published in a venue. */
const preprintTypes = new Set(['posted-content', 'article', 'preprint']);
/** What a registration agency adds to CSL-JSON about its own records: not the work's. */
const bookkeeping = new Set(['id', 'indexed', 'reference-count', 'references-count', 'is-referenced-by-count', 'content-domain', 'created',
  'deposited', 'score', 'member', 'prefix', 'source', 'link', 'license', 'assertion', 'relation', 'alternative-id', 'update-policy',
  'published-print', 'published-online', 'published', 'journal-issue', 'container-title-short', 'short-container-title', 'original-title',
  'short-title', 'subject']);

type CslName = { given?: string; family?: string; literal?: string; name?: string; 'non-dropping-particle'?: string; 'dropping-particle'?: string; suffix?: string };

/**
 * A CSL name's family name with its particles, as the BibTeX import keeps a
 * name's `prefix`: "von Ranke" (a `dropping-particle`), "van der Linden" (a
 * `non-dropping-particle`), so that it is matched and cited whole.
 */
function familyOf(n: CslName): string | undefined {
  if (typeof n.family !== 'string' || !n.family.trim()) return undefined;
  return tidyText([n['dropping-particle'], n['non-dropping-particle'], n.family].filter((s) => typeof s === 'string' && s.trim()).map((s) => s!.trim()).join(' '));
}

/**
 * The tags of CSL's rich text and of JATS that mark up words inside a line (`<i>`, `<b>`, `<sup>`, `<span
 * class="nocase">`, `<jats:italic>`...): taken out with nothing in their place, so that „<i>Nulla</i>“ stays „Nulla“.
 * Any other tag (a paragraph, a title, a line break) parts the words around it.
 */
const inlineTag = /^(i|b|em|strong|sup|sub|span|sc|u|a|code|tt|small|italic|bold|underline|monospace|inline-formula|named-content|styled-content)$/i;

/** Text of a CSL value: a string, or the first of a list (Crossref writes titles as lists); markup (JATS, HTML) dropped, NFC. */
function textOf(value: unknown): string | undefined {
  const s = Array.isArray(value) ? value.find((v) => typeof v === 'string') : value;
  if (typeof s !== 'string') return undefined;
  const t = tidyText(s.replace(/<\/?(?:[a-z][\w-]*:)?([a-z][\w-]*)[^>]*>/gi, (_tag, name: string) => (inlineTag.test(name) ? '' : ' '))).replace(/\s+/g, ' ').trim();
  return t || undefined;
}

/** Paragraphs of a JATS abstract (`<jats:p>`) as Markdown paragraphs. */
function abstractOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const paragraphs = value.split(/<\/?jats:p>|<\/?p>/).map((p) => textOf(p)?.replace(/^Abstract\s+/i, '')).filter((p): p is string => Boolean(p));
  return paragraphs.length > 0 ? paragraphs.join('\n\n') : undefined;
}

/** A CSL item's ISBN (the first valid one of a list). */
function isbnOf(value: unknown): string | undefined {
  return (Array.isArray(value) ? value : [value]).map((v) => textOf(v)).find((v) => v && isIsbn(v));
}

/** A CSL date as the profile writes one: `2019`, `2019-09`, `2019-09-26`. */
const dateText = (value: unknown) => {
  const date = dateOf(value);
  return date === undefined ? undefined : String(date);
};

function dateOf(value: unknown): string | number | undefined {
  const parts = (value as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (!Array.isArray(parts) || !/^[12]\d{3}$/.test(String(parts[0]))) return undefined;
  const [y, m, d] = parts.map((p) => String(p).padStart(2, '0'));
  return m && /^(0[1-9]|1[0-2])$/.test(m) ? (d && /^(0[1-9]|[12]\d|3[01])$/.test(d) ? `${y}-${m}-${d}` : `${y}-${m}`) : Number(y);
}

const words = (s: string | undefined) => fold(s ?? '').split(' ').filter(Boolean);

/** The id a work of this first author, year and title gets: `zmojda-2016-investigation`. */
export function workIdBase(family: string | undefined, year: string | number | undefined, title: string | undefined): string {
  const first = words(title).find((w) => w.length > 3 && !['with', 'from', 'that', 'this', 'into', 'over'].includes(w));
  return slug([family, year ? String(year).slice(0, 4) : '', first].filter(Boolean).join(' ')) || slug(title ?? '');
}

export function cslNames(item: Record<string, unknown>): SplitName[] {
  return ['author', 'editor', 'translator'].flatMap((k) => (Array.isArray(item[k]) ? item[k] as CslName[] : []))
    .flatMap((n) => {
      const family = familyOf(n);
      return family ? [{ given: words(n.given), family: words(family) }] : n.literal && personLike(n.literal) ? [literalSplit(n.literal)] : [];
    });
}

/** The CSL types of a book, and of a work in one (a chapter, an entry of a reference work). */
const bookTypes = new Set(Object.keys(cslTypes).filter((t) => cslTypes[t] === 'Book'));
const inBookTypes = new Set(Object.keys(cslTypes).filter((t) => cslTypes[t] === 'Chapter'));

/**
 * For each chapter (or entry of a reference work) of a file, the key of the
 * book of the same file it is in: the one titled as its `container-title`
 * (case and accents aside), as the BibTeX import finds a chapter's book by its
 * `booktitle`, unless they say otherwise of it: another ISBN, another year
 * (another edition), or editors none of whom are the same.
 */
export function booksOfChapters(items: ReadonlyArray<{ key: string; item: Record<string, unknown> }>): Map<string, string> {
  const year = (item: Record<string, unknown>) => String(dateOf(item.issued) ?? '').slice(0, 4) || undefined;
  const editors = (item: Record<string, unknown>) => new Set((Array.isArray(item.editor) ? item.editor as CslName[] : [])
    .map((n) => fold(familyOf(n) ?? n.literal ?? '')).filter(Boolean));
  const differ = <T>(a: T | undefined, b: T | undefined) => a !== undefined && b !== undefined && a !== b;
  const books = items.filter(({ item }) => bookTypes.has(String(item.type)) && textOf(item.title));
  const found = new Map<string, string>();
  for (const { key, item } of items) {
    const container = textOf(item['container-title']);
    if (!inBookTypes.has(String(item.type)) || !container) continue;
    const book = books.find(({ item: b }) => {
      if (fold(textOf(b.title)!) !== fold(container)) return false;
      const [mine, theirs] = [editors(item), editors(b)];
      return !differ(isbnOf(item.ISBN)?.replace(/[^\dX]/gi, ''), isbnOf(b.ISBN)?.replace(/[^\dX]/gi, '')) && !differ(year(item), year(b))
        && !(mine.size > 0 && theirs.size > 0 && ![...mine].some((n) => theirs.has(n)));
    });
    if (book) found.set(key, book.key);
  }
  return found;
}

/**
 * A CSL-JSON item as a record of an import, under `key` (its DOI, or its id in the file it came from); `partOf`, the
 * key of the book of the same file a chapter is in. Its id is its `citation-key` (as a BibTeX entry's is its key),
 * else made of its first author, year and title.
 */
export function cslRecord(key: string, item: Record<string, unknown>, line: number, partOf?: string): SourceRecord {
  const [author] = Array.isArray(item.author) ? item.author as CslName[] : [];
  const first = (author && familyOf(author)) ?? (author?.literal ? author.literal.trim().split(/\s+/).at(-1) : undefined);
  const year = (item.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0]?.[0];
  const title = textOf(item.title);
  const doi = textOf(item.DOI);
  return {
    key, line, doi: doi && isDoi(doi) ? doi : undefined, title, names: cslNames(item), partOf,
    idBase: (typeof item['citation-key'] === 'string' && slug(item['citation-key'])) || workIdBase(first, year as number | undefined, title),
    convert: (id, context) => convertCsl(item, id, context, key, partOf),
  };
}

/**
 * One CSL-JSON item (a DOI's record, a reference manager's item) as an entry of the profile; `workKey`, the key it
 * is known by (a citation key), names a new person whose name has no Latin letters to make an id of (`person-{key}`).
 */
export function convertCsl(item: Record<string, unknown>, id: string, { directory, idOfKey }: ConvertContext, workKey = id, partOf?: string): Converted {
  const used = new Set([...bookkeeping, 'citation-key']);
  const get = (key: string) => {
    used.add(key);
    return Object.hasOwn(item, key) ? item[key] : undefined;
  };
  const text = (key: string) => textOf(get(key));
  const unusedFields = () => Object.keys(item).filter((k) => !used.has(k) && !(Array.isArray(item[k]) && (item[k] as unknown[]).length === 0));
  const notes: string[] = [];
  const cslType = String(get('type') ?? '');
  const type = cslTypes[cslType] ?? 'ScholarlyArticle';
  const people = (key: string): string[] | { skip: string } => {
    const ids: string[] = [];
    for (const n of (Array.isArray(get(key)) ? get(key) as CslName[] : [])) {
      const family = familyOf(n);
      const written = family ? undefined : typeof (n.literal ?? n.name) === 'string' ? tidyText(String(n.literal ?? n.name)).trim() : undefined;
      if (!family && !written) continue;
      if (written) {
        // A one-field name (Zotero's) that is a person's of the profile, by name or alternateName: that person.
        const known = directory.knownPerson(literalSplit(written)) ?? directory.knownPerson({ given: [], family: words(written) });
        if (known) {
          if (!ids.includes(known)) ids.push(known);
          continue;
        }
        // Else a person's as written when it reads as one: "Scott F. Smith", 王小明.
        if (!personLike(written)) return { skip: `its ${key} ${quoted(written)} is an organisation, and the profile's ${key}s are people` };
      }
      const split = written ? literalSplit(written) : { given: words(n.given), family: words(family) };
      const suffix = n.suffix?.trim() ? `, ${tidyText(n.suffix.trim())}` : '';
      const pid = directory.person(split, () => (written ? { id: '', name: written } : {
        id: '', name: tidyText([n.given, family].filter(Boolean).join(' ')) + suffix, ...(n.given ? { givenName: tidyText(n.given), familyName: family! } : {}),
      }), (m) => notes.push(m), slug(`person-${workKey}`) || 'person');
      if (!ids.includes(pid)) ids.push(pid);
    }
    return ids;
  };
  const authors = people('author');
  if ('skip' in authors) return authors;
  if (cslType === 'speech') {
    // A talk (its speakers its authors), as the BibTeX import makes one of a @misc or @unpublished with biblatex's event fields, by their names there.
    const bibField: Record<string, () => string | undefined> = {
      title: () => text('title'), eventtitle: () => text('event-title') ?? text('event'), venue: () => text('event-place'),
      eventdate: () => dateText(get('event-date')), date: () => dateText(get('issued')), type: () => text('genre'), language: () => text('language'),
    };
    const field = (name: string) => bibField[name]?.();
    return talkOf(id, authors, { text: field, verbatim: (name) => (name === 'url' ? text('URL') : undefined), directory, notes, unused: () => unusedFields() });
  }
  const editors = people('editor');
  if ('skip' in editors) return editors;
  const translators = people('translator');
  if ('skip' in translators) return translators;
  const title = withSubtitle(text('title'), text('subtitle'));
  if (!title) return { skip: 'has no title' };
  const entry: Entry = { id };
  if (type !== 'ScholarlyArticle') entry.type = type;
  entry.name = title;
  if (authors.length > 0) entry.authors = authors;
  if (translators.length > 0) entry.translators = translators;
  if (type === 'Book' && editors.length > 0) entry.editors = editors;
  if (authors.length === 0 && !(type === 'Book' && editors.length > 0)) return { skip: `has no ${type === 'Book' ? 'author or editor' : 'author'}` };
  const date = dateOf(get('issued'));
  if (!date && ['ScholarlyArticle', 'Book', 'Chapter', 'Report'].includes(type)) return { skip: 'has no date of publication (issued)' };

  const container = text('container-title');
  const isbn = isbnOf(get('ISBN'));
  const event = text('event-title') ?? text('event');
  const organization = (name: string) => directory.named('organizations', name, (oid) => ({ id: oid, name }));
  const publisher = text('publisher');
  // A book's series and its number there, edition and place of publication (a chapter's: its book's).
  const bookFacts: Record<string, string | number> = {};
  for (const [field, name, types] of bookFields) {
    const value = text(field);
    if (value === undefined) continue;
    if (name === 'seriesNumber' && !text('collection-title')) { notes.push(`left out ${field} ${quoted(value)}: a number in no series (collection-title)`); continue; }
    if (type === 'Chapter' || types.includes(type)) bookFacts[name] = name === 'seriesNumber' || name === 'edition' ? numberOrText(value) : value;
    else notes.push(`left out ${field} ${quoted(value)}: the profile keeps it for ${types.join(', ')}`);
  }
  if (type === 'Chapter') {
    if (!container) return { skip: 'a chapter without the book it is in (container-title)' };
    // The book of this file it is in (imported as a work of its own), else the book its container-title names.
    const book = partOf ? idOfKey(partOf) : undefined;
    entry.partOf = book ?? directory.named('publications', container, (bid) => ({
      id: bid, type: 'Book', name: container, ...(editors.length > 0 ? { editors } : {}),
      ...(publisher ? { publisher: organization(publisher) } : {}), ...bookFacts, ...(date ? { datePublished: date } : {}), ...(isbn ? { isbn } : {}),
    }));
  } else {
    // A thesis's university is its institution (Zotero's "University", which CSL calls its publisher), as BibTeX's school.
    if (publisher && type === 'Thesis') entry.institution = organization(publisher);
    else if (publisher) entry.publisher = organization(publisher);
    const genre = type === 'Thesis' ? text('genre') : undefined;
    const degree = genre ? degreeOf(genre) : undefined;
    if (degree) entry.degree = degree;
    else if (genre) notes.push(`left out genre ${quoted(genre)}: not a degree the importer knows the words of`);
    Object.assign(entry, bookFacts);
    if ((type === 'ScholarlyArticle' && cslType === 'paper-conference' && (container ?? event)) || ((type === 'PresentationDigitalDocument' || type === 'Poster') && event)) {
      const name = (container ?? event)!;
      const year = date ? Number(String(date).slice(0, 4)) : undefined;
      entry.venue = directory.named('events', name, (eid) => ({ id: eid, name, ...(year ? { startDate: year } : {}) }), undefined, year);
    } else if (type === 'ScholarlyArticle' && container && !preprintTypes.has(cslType)) {
      entry.journal = directory.named('periodicals', container, (pid) => ({ id: pid, name: container }));
    }
  }
  if (type === 'ScholarlyArticle' && preprintTypes.has(cslType)) entry.status = 'preprint';
  const volume = text('volume');
  if (volume) entry.volume = /^[1-9]\d{0,8}$/.test(volume) ? Number(volume) : volume;
  const number = text('number');
  if (type === 'Report' && number) entry.reportNumber = number;
  const issue = text('issue') ?? (type === 'Report' ? undefined : number);
  if (issue) entry.issue = /^[1-9]\d{0,8}$/.test(issue) ? Number(issue) : issue;
  const pages = text('page')?.replace(/\s*[-\u2013\u2014]+\s*/g, '-');
  if (pages && /^[0-9A-Za-z]+(-[0-9A-Za-z]+)?(, ?[0-9A-Za-z]+(-[0-9A-Za-z]+)?)*$/.test(pages)) entry.pages = pages;
  else if (pages) notes.push(`left out pages ${quoted(pages)}: not pages like 123-145`);
  if (date) entry.datePublished = date;
  const doi = text('DOI');
  if (doi && isDoi(doi)) entry.doi = doi;
  if (isbn && type === 'Book') entry.isbn = isbn;
  const url = text('URL');
  // doi.org's own link to the DOI is no page of the work: the DOI says it.
  if (url && /^https?:\/\//.test(url) && !/^https?:\/\/(dx\.)?doi\.org\//i.test(url)) entry.url = url;
  const abstract = abstractOf(get('abstract'));
  if (abstract) entry.abstract = abstract;
  const language = text('language');
  if (language && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(language)) entry.inLanguage = language;
  return { entry, notes, unused: unusedFields() };
}

/** An ORCID v3.0 work summary (`work-summary` of `GET /{orcid}/works`). */
export interface OrcidSummary {
  title?: { title?: { value?: string } | null } | null;
  type?: string;
  'publication-date'?: { year?: { value?: string } | null; month?: { value?: string } | null; day?: { value?: string } | null } | null;
  'journal-title'?: { value?: string } | null;
  url?: { value?: string } | null;
  'put-code'?: number | string;
}

/** ORCID work types (v3.0 writes `journal-article`, older records `JOURNAL_ARTICLE`) → the profile's kinds of work. */
const orcidTypes: Record<string, string> = {
  book: 'Book', 'edited-book': 'Book', 'book-chapter': 'Chapter', dissertation: 'Thesis', 'dissertation-thesis': 'Thesis',
  report: 'Report', 'working-paper': 'Report', 'data-set': 'Dataset', software: 'SoftwareApplication', patent: 'Patent',
  lecture: 'PresentationDigitalDocument', 'conference-presentation': 'PresentationDigitalDocument', 'conference-poster': 'Poster',
};

const orcidTypeOf = (summary: OrcidSummary) => String(summary.type ?? '').toLowerCase().replace(/_/g, '-');

/**
 * A work known only by its ORCID summary: its title, kind, date, journal (or
 * conference) and link, by the record's holder (`authors`: the one person
 * known, of an incomplete list).
 */
export function convertOrcidSummary(summary: OrcidSummary, id: string, holder: string, { directory }: ConvertContext): Converted {
  const title = textOf(summary.title?.title?.value);
  if (!title) return { skip: 'has no title' };
  const kind = orcidTypeOf(summary);
  const type = orcidTypes[kind] ?? 'ScholarlyArticle';
  const entry: Entry = { id, ...(type === 'ScholarlyArticle' ? {} : { type }), name: title, authors: [holder], authorOrder: 'unknown' };
  const pd = summary['publication-date'];
  const year = pd?.year?.value;
  const date = year ? dateOf({ 'date-parts': [[year, pd?.month?.value, pd?.day?.value].filter(Boolean)] }) : undefined;
  if (!date && ['ScholarlyArticle', 'Book', 'Chapter', 'Report'].includes(type)) return { skip: 'has no publication date' };
  const place = textOf(summary['journal-title']?.value);
  if (type === 'Chapter') {
    if (!place) return { skip: 'a chapter without the book it is in (journal-title)' };
    entry.partOf = directory.named('publications', place, (bid) => ({ id: bid, type: 'Book', name: place, ...(date ? { datePublished: date } : {}) }));
  } else if (place && type === 'ScholarlyArticle' && kind === 'conference-paper') {
    const edition = date ? Number(String(date).slice(0, 4)) : undefined;
    entry.venue = directory.named('events', place, (eid) => ({ id: eid, name: place, ...(edition ? { startDate: edition } : {}) }), undefined, edition);
  } else if (place && type === 'ScholarlyArticle') entry.journal = directory.named('periodicals', place, (pid) => ({ id: pid, name: place }));
  if (kind === 'preprint') entry.status = 'preprint';
  if (date) entry.datePublished = date;
  const url = summary.url?.value;
  if (url && /^https?:\/\/\S+$/.test(url)) entry.url = url;
  return { entry, notes: [], unused: [] };
}
