import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { Creator } from '@retorquere/bibtex-parser';
import { bibtexLanguages } from '../labels.js';
import { isIsbn, schemeOfField } from '../source/identifiers.js';
import { markdownText, plainText, unescapeVerbatim, type BibRecord } from './bibtex.js';
import type { Directory, Entry } from './directory.js';
import type { LocalCopy, LocalFile } from './files.js';
import { caseless, fold, literalSplit, personLike, quoted, slug, type SplitName } from './names.js';

/**
 * One BibTeX entry → one `publications` entry of the profile, pointing at
 * people, journals, events, organisations and books the directory finds or
 * adds. A value the schema would refuse (a DOI that is not one, an ISBN
 * whose check digit is wrong, a PDF that is neither a URL nor a file the
 * profile can hold) is left out with a note, never written; an entry the
 * profile cannot hold is skipped with a reason.
 */

/**
 * A converted entry, the fields of the .bib entry it did not use (reported as "fields not imported"), and the
 * files it names that the import copies into the profile's files/ folder (by their path there).
 */
/** `kept`: notes on files of the profile the work names as they are (said even when the entry is unchanged). */
/** `collection`: `talks` for a talk, else the entry is a work (`publications`). */
export type Converted = { entry: Entry; collection?: 'talks' | 'news' | 'projects'; notes: string[]; unused: string[]; files?: Map<string, LocalCopy>; kept?: string[] } | { skip: string };

/** BibTeX and BibLaTeX types → the profile's `type` (ScholarlyArticle is the default). */
const types: Record<string, string> = {
  article: 'ScholarlyArticle', inproceedings: 'ScholarlyArticle', conference: 'ScholarlyArticle',
  misc: 'ScholarlyArticle', online: 'ScholarlyArticle', electronic: 'ScholarlyArticle', www: 'ScholarlyArticle',
  preprint: 'ScholarlyArticle', unpublished: 'ScholarlyArticle', periodical: 'ScholarlyArticle',
  // biblatex's review (of a book, in a journal) and supplements, as its standard styles print them: an article, a chapter, a book.
  review: 'ScholarlyArticle', suppperiodical: 'ScholarlyArticle', suppbook: 'Chapter', suppcollection: 'Chapter', booklet: 'Book',
  book: 'Book', mvbook: 'Book', collection: 'Book', mvcollection: 'Book', reference: 'Book',
  incollection: 'Chapter', inbook: 'Chapter', inreference: 'Chapter', bookinbook: 'Chapter',
  phdthesis: 'Thesis', mastersthesis: 'Thesis', thesis: 'Thesis',
  techreport: 'Report', report: 'Report', manual: 'Report',
  software: 'SoftwareApplication', dataset: 'Dataset', patent: 'Patent',
};

const degrees: Record<string, string> = { phdthesis: 'PhD', mastersthesis: 'Masters' };
/**
 * A thesis's degree from the words of its `type`, in English, German, French,
 * Spanish, Italian, Portuguese, Japanese, Chinese and Korean, first match
 * first: a master's words before a doctorate's ("Mémoire de maîtrise",
 * "dissertação de mestrado", a "thèse" being a doctorate's unless it says
 * otherwise).
 */
const degreeWords: Array<[RegExp, string]> = [
  [/habilitation/i, 'Habilitation'],
  [/master|magister|ma[iî]trise|m[ée]moire|diplomarbeit|m[aá]ster|maestr[ií]a|mestrado|magistrale|\bm\.?\s?(a|sc?)\b|修士|碩士|硕士|석사/i, 'Masters'],
  [/ph\.?\s?d|doctor|doctorat|doktor|dissertation|promotion|th[èe]se|tesis|dottorato|doutorado|博士|박사/i, 'PhD'],
];
/** A thesis's degree read from the words that say what kind of thesis it is (BibTeX's `type`, CSL's `genre`). */
export function degreeOf(kind: string): string | undefined {
  return degreeWords.find(([words]) => words.test(kind))?.[1];
}
const languages = new Map(bibtexLanguages);
const statuses: Record<string, string> = { inpress: 'in press', forthcoming: 'to appear', submitted: 'under review', prepublished: 'preprint' };
/** What a `year` says of a work that has none yet. */
const yearStatuses: Array<[RegExp, string]> = [[/press/i, 'in press'], [/forthcoming|appear/i, 'to appear'], [/accepted/i, 'accepted'],
  [/submitted|review/i, 'under review'], [/preprint/i, 'preprint']];
/** `journal = {arXiv preprint arXiv:2301.01234}`, `booktitle = {arXiv}`, dblp's `CoRR`: a preprint, not a venue. */
const preprintVenue = /^(arxiv\b|corr$)|\barxiv preprint\b/i;
/** The entry types of what a .bib gives no kind: a work of another kind may be written as one. */
const genericTypes = new Set(['misc', 'online', 'electronic', 'www']);
/**
 * Repositories that publish research data alone, as a .bib names one (Zenodo and figshare keep software, slides and
 * papers too, and are not among them).
 */
const dataRepository = /^(dryad( digital repository)?|datadryad(\.org)?|pangaea|gbif(\.org)?|mendeley data|(harvard )?dataverse|dans|4tu\.researchdata|icpsr|uk data service)$/i;
/**
 * The preprint servers other than arXiv, as a .bib names one as a work's journal (Mendeley, Google Scholar and Zotero
 * export a bioRxiv preprint as an `@article` in the journal "bioRxiv"): the work is a preprint, its DOI the server's.
 */
const preprintServer = /^(biorxiv|medrxiv|chemrxiv|ecoevorxiv|eartharxiv|psyarxiv|socarxiv|edarxiv|engrxiv|techrxiv|research square|ssrn( electronic journal)?|preprints(\.org)?|osf preprints|authorea( preprints)?)( preprints?)?( ?: .*)?$/i;
/** A "journal" that is a conference's proceedings, as Google Scholar writes them into `@article`. */
const conferenceName = (s: string) => /\b(conference|symposium|workshop|colloquium)\b/i.test(s) && !/\b(journal|transactions|letters)\b/i.test(s);
/** The entry types of books, which chapters may be in. */
export const bookTypes = new Set(Object.keys(types).filter((t) => types[t] === 'Book'));
/**
 * What says a `@misc` or `@unpublished` entry is a talk: biblatex's event
 * fields, or a `howpublished`, `note` or `type` that names a talk in one of
 * the languages the site has words for (a "conference" in English is left
 * out: it names proceedings as often as a talk).
 */
const talkTypes = new Set(['misc', 'unpublished']);
const eventFields = ['eventtitle', 'venue', 'eventdate'];
const talkWords = /(?<!\p{L})(talks?|keynotes?|invited lectures?|presentations?|présentations?|communications?|conférences?|exposés?|vortr[aä]ge?|gastvortr[aä]ge?|vortragsreihe|keynote-vortrag|ponencias?|charlas?|comunicaci(ón|ones)|conferencias?)(?!\p{L})|vortrag/iu;
function isTalk(type: string, f: Record<string, unknown>): boolean {
  if (!talkTypes.has(type) || f.eprint !== undefined || f.arxiv !== undefined) return false;
  return eventFields.some((name) => Object.hasOwn(f, name))
    || ['howpublished', 'note', 'type'].some((name) => typeof f[name] === 'string' && talkWords.test(plainText(f[name] as string)));
}

/** The fields that say nothing of the work itself, once the parser has used them. */
const bookkeeping = new Set(['crossref']);

export interface ConvertContext {
  directory: Directory;
  /** Citation key → id, of the entries of this .bib that are imported (for `crossref` to a book). */
  idOfKey: (key: string) => string | undefined;
}

/** What a .bib knows of its own entries: a crossref's title, which entry a chapter's booktitle names, the profile file a pdf names. */
export interface BibContext {
  titleOfKey: (key: string) => string | undefined;
  bookKeyOfTitle: (title: string) => string | undefined;
  localFile: (field: string, value: string) => LocalFile | undefined;
}

export function convert(record: BibRecord, id: string, { directory, idOfKey, titleOfKey, bookKeyOfTitle, localFile }: ConvertContext & BibContext): Converted {
  const f = record.fields as Record<string, unknown>;
  const used = new Set<string>(bookkeeping);
  const raw = (name: string): unknown => {
    used.add(name);
    return Object.hasOwn(f, name) ? f[name] : undefined;
  };
  const text = (name: string): string | undefined => {
    const v = raw(name);
    const s = Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('; ') : typeof v === 'string' ? v : undefined;
    // "American Physical Society," as a macro of al-folio's example has it: the name, not its comma.
    const t = s === undefined ? undefined : plainText(s).replace(/\s*[,;:]+$/, '');
    return t || undefined;
  };
  const verbatim = (name: string) => {
    const v = raw(name);
    return typeof v === 'string' ? unescapeVerbatim(v) || undefined : undefined;
  };
  const notes = [...record.notes];
  // A @misc that a data repository published (its howpublished or publisher) is a dataset: Mendeley, which has no kind
  // of entry for data, exports one so.
  const written = (name: string) => (typeof f[name] === 'string' ? plainText(f[name] as string) || undefined : undefined);
  const repository = genericTypes.has(record.type) ? ['howpublished', 'publisher'].find((name) => dataRepository.test(written(name) ?? '')) : undefined;
  const type = repository ? 'Dataset' : types[record.type];
  if (record.type === 'proceedings' || record.type === 'mvproceedings') {
    return { skip: 'a proceedings volume: its papers name it as their venue; it is not imported as a work' };
  }
  if (!type) return { skip: `has type @${record.type}, which the profile has no kind of work for` };

  const creators = (name: string) => {
    const v = raw(name);
    return Array.isArray(v) ? (v as Creator[]) : [];
  };
  const people = (name: string): { ids: string[]; incomplete: boolean } | { skip: string } => {
    const ids: string[] = [];
    let incomplete = false;
    for (const c of creators(name)) {
      if (isOthers(c)) { incomplete = true; continue; }
      if (!c.lastName && c.name) {
        // A braced name (`{王小明}`, `{Zotero Team}`): a person of the profile by name or alternateName is that person;
        // else a name in a script without case is a person's, written as one field; any other an organisation's.
        const known = directory.knownPerson(literalSplit(c.name)) ?? directory.knownPerson({ given: [], family: fold(c.name).split(' ').filter(Boolean) });
        if (known) {
          if (!ids.includes(known)) ids.push(known);
          continue;
        }
        if (!caseless(c.name) || !personLike(c.name)) return { skip: `its ${name} ${quoted(c.name)} is an organisation, and the profile's ${name}s are people` };
        const written = c.name.trim();
        const pid = directory.person(literalSplit(written), () => ({ id: '', name: written }), (m) => notes.push(m), slug(`person-${record.key}`) || 'person');
        if (!ids.includes(pid)) ids.push(pid);
        continue;
      }
      const split = splitName(c);
      if (split.family.length === 0) continue;
      const pid = directory.person(split, () => personEntry(c), (m) => notes.push(m), slug(`person-${record.key}`) || 'person');
      if (!ids.includes(pid)) ids.push(pid);
    }
    return { ids, incomplete };
  };
  const authors = people('author');
  if ('skip' in authors) return authors;
  if (isTalk(record.type, f)) return talkOf(id, authors.ids, { text, verbatim, directory, notes, unused: () => Object.keys(f).filter((name) => !used.has(name)) });
  const editors = ['Book', 'Chapter'].includes(type) ? people('editor') : { ids: [], incomplete: false };
  if ('skip' in editors) return editors;

  const entry: Entry = { id };
  if (type !== 'ScholarlyArticle') entry.type = type;
  const title = withSubtitle(text('title'), text('subtitle'));
  if (title) entry.name = title;
  else if (type !== 'Chapter') return { skip: 'has no title' };
  if (authors.ids.length > 0) entry.authors = authors.ids;
  if (authors.incomplete && authors.ids.length > 0) {
    entry.authorOrder = 'unknown';
    // The profile has no list that is both ordered and incomplete: say what is lost.
    notes.push('its authors end with "and others" (or "et al."): the listed ones are kept, marked as not all of them (authorOrder: unknown), which has no order: pages and exports may not show the first listed first');
  }
  let status = statuses[String(raw('pubstate') ?? '').toLowerCase()];
  const date = dateOf(text('date'), text('year'), text('month'), notes);
  if (!date.value && date.status) status ??= date.status;
  const isBook = type === 'Book';
  if (isBook && editors.ids.length > 0) entry.editors = editors.ids;
  if (['ScholarlyArticle', 'Book', 'Chapter', 'Report'].includes(type)) {
    if (authors.ids.length === 0 && !(isBook && editors.ids.length > 0)) return { skip: `has no ${isBook ? 'author or editor' : 'author'}` };
    if (!date.value && !status) return { skip: date.problem ?? 'has no year (or date)' };
  }

  // Where it appeared: a journal, a conference (an event of its year), or nowhere yet (a preprint).
  let arxiv = verbatim('arxiv') ?? (/arxiv/i.test(String(raw('archiveprefix') ?? raw('eprinttype') ?? 'arxiv')) ? verbatim('eprint') : undefined);
  if (record.type === 'preprint' || (arxiv && ['misc', 'online', 'electronic', 'www', 'unpublished'].includes(record.type))) status ??= 'preprint';
  const crossrefTitle = typeof f.crossref === 'string' ? titleOfKey(f.crossref) : undefined;
  let journal = text('journal') ?? text('journaltitle');
  let booktitle = withSubtitle(text('booktitle') ?? (crossrefTitle ? plainText(crossrefTitle) || undefined : undefined), text('booksubtitle'));
  // A howpublished that is not arXiv's stays unread: the report names it.
  const howpublished = typeof f.howpublished === 'string' ? plainText(f.howpublished) : undefined;
  for (const [field, place] of [['journal', journal], ['booktitle', booktitle], ['howpublished', howpublished]] as const) {
    const server = place !== undefined && preprintServer.test(place);
    if (!place || (!server && !preprintVenue.test(place))) continue;
    if (place === howpublished) used.add('howpublished');
    // arXiv's id names its server; another server's name is said once, as it is not kept.
    if (server) notes.push(`took ${field} ${quoted(place)} for the preprint server it is: the work is a preprint (status: preprint), not a paper in a journal`);
    if (!server) arxiv ??= /(\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?\/\d{7})/.exec(`${place} ${String(f.volume ?? '')}`)?.[1];
    status ??= 'preprint';
    if (place === journal) journal = undefined;
    if (place === booktitle) booktitle = undefined;
  }
  if (journal && type === 'ScholarlyArticle' && !booktitle && conferenceName(journal)) [booktitle, journal] = [journal, undefined];
  // al-folio's abbr, the badge before the title, is the venue's short name: its alternateName, where the import makes the
  // venue; a badge that is the venue's whole name (IEEE Access) is still the badge al-folio shows.
  const abbr = text('abbr');
  const short = abbr ? { alternateName: abbr } : {};
  if (journal && type === 'ScholarlyArticle') {
    // MathSciNet's `fjournal`, the journal's full name, beside `journal`, its abbreviation: the name and its short name.
    const full = text('fjournal');
    const name = full ?? journal;
    const named = abbr || !full || full === journal ? short : { alternateName: journal };
    entry.journal = directory.named('periodicals', name, (pid) => ({ id: pid, name, ...named }));
  }
  const year = date.value ? Number(String(date.value).slice(0, 4)) : undefined;
  if (booktitle && type === 'ScholarlyArticle' && !entry.journal) {
    const name = booktitle;
    // The conference's short name for its id: al-folio's abbr, or the acronym in "Proceedings of ... (SOSP '21)".
    const acronym = /\(([A-Z][A-Za-z]*[A-Z][a-z]*)\s*(['\u2019]?\d{2}|\d{4})?\)/.exec(name)?.[1];
    const preferred = (abbr ?? acronym) && year ? slug(withYear(abbr ?? acronym!, year)) : undefined;
    // Where the conference was, for a conference new to the profile: biblatex's venue, or BibTeX's address where no
    // publisher or organization claims it (ACM's `address = {New York, NY, USA}` beside its publisher is the publisher's,
    // and stays unread).
    const where = text('venue') ?? (Object.hasOwn(f, 'publisher') || Object.hasOwn(f, 'organization') ? undefined : text('address'));
    entry.venue = directory.named('events', name, (eid) => {
      const location = where ? directory.named('places', where, (pid) => ({ id: pid, name: where })) : undefined;
      return { id: eid, name, ...(year ? { startDate: year } : {}), ...(location ? { location } : {}), ...short };
    }, preferred, year, abbr);
  }
  if (abbr) {
    const venue = (entry.journal ?? entry.venue) as string | undefined;
    if (!venue) notes.push(`left out abbr ${quoted(abbr)}: the venue's short name, and this ${status === 'preprint' ? 'preprint' : 'work'} has no journal or conference to give it to`);
    else if (!directory.hasShortName(venue, abbr)) {
      notes.push(`left out abbr ${quoted(abbr)}: the short name of ${venue}, which the profile already has without that short name; add \`alternateName: ${abbr}\` to it for the badge`);
    }
  }
  const publisherName = text('publisher') ?? (type === 'Report' ? text('institution') : undefined) ?? (type === 'Book' ? text('organization') : undefined)
    ?? (repository === 'howpublished' ? text('howpublished') : undefined);
  const organization = (name: string) => directory.named('organizations', name, (oid) => ({ id: oid, name }));
  let isbn = verbatim('isbn');
  if (isbn && !isIsbn(isbn)) {
    notes.push(`left out isbn ${quoted(isbn)}: its check digit is wrong or it is no ISBN`);
    isbn = undefined;
  }
  // What the title page of a book says (a chapter's: its book's): its series and number in it, edition and place.
  const bookFacts = bookFactsOf(type, record.type, text);
  const translators = people('translator');
  if ('skip' in translators) notes.push(`left out the translators: ${translators.skip}`);
  else if (translators.ids.length > 0) entry.translators = translators.ids;
  if (type === 'Chapter') {
    // The book it is in: its crossref, or the entry of this .bib titled as its booktitle.
    const bookKey = typeof f.crossref === 'string' ? f.crossref : booktitle ? bookKeyOfTitle(booktitle) : undefined;
    const crossrefId = bookKey ? idOfKey(bookKey) : undefined;
    if (crossrefId) entry.partOf = crossrefId;
    else if (booktitle) {
      const bookAuthors = people('bookauthor');
      if ('skip' in bookAuthors) return bookAuthors;
      const bookWriters = bookAuthors.ids.length > 0 ? bookAuthors.ids : record.type === 'inbook' && editors.ids.length === 0 ? authors.ids : [];
      const name = booktitle;
      const bookIsbn = isbn;
      // A book the .bib names no editor of is still the book the chapter is in.
      entry.partOf = directory.named('publications', name, (bid) => ({
        id: bid, type: 'Book', name,
        ...(bookWriters.length > 0 ? { authors: bookWriters } : editors.ids.length > 0 ? { editors: editors.ids } : {}),
        ...(publisherName ? { publisher: organization(publisherName) } : {}),
        ...(bookIsbn ? { isbn: bookIsbn } : {}),
        ...bookFacts,
        ...(date.value ? { datePublished: date.value } : { status }),
      }));
    } else if (!entry.name) return { skip: 'has no title' };
    else return { skip: 'a chapter without the book it is in (booktitle or crossref)' };
    if (!entry.name) entry.name = booktitle!;
    isbn = undefined;
  } else {
    if (publisherName) entry.publisher = organization(publisherName);
    Object.assign(entry, bookFacts);
  }

  const volume = text('volume');
  if (volume && !(status === 'preprint' && /^abs\//.test(volume))) entry.volume = numberOrText(volume);
  if (type === 'Report') {
    const number = text('number');
    if (number) entry.reportNumber = number;
  } else if (record.type !== 'article' && Object.hasOwn(f, 'series') && Object.hasOwn(f, 'number')) {
    // A number beside a series is the work's number in it (a book's, a chapter's book's: bookFactsOf), never an issue;
    // a paper's proceedings series (LNCS) and its number have no place in the profile.
    if (!seriesTypes.has(type)) notes.push(`left out series ${quoted(plainText(String(f.series)))} and its number ${quoted(plainText(String(f.number)))}: the profile keeps a series for a book (a chapter's book) or a report, and the number is not an issue`);
  } else {
    const issue = text('number') ?? text('issue');
    if (issue) entry.issue = numberOrText(issue);
  }
  const pages = text('pages')?.replace(/^pp?\.\s*/, '').replace(/\s*[-\u2013\u2014]+\s*/g, '-');
  if (pages && /^[0-9A-Za-z]+(-[0-9A-Za-z]+)?(, ?[0-9A-Za-z]+(-[0-9A-Za-z]+)?)*$/.test(pages)) entry.pages = pages;
  else if (pages) notes.push(`left out pages ${quoted(pages)}: not pages like 123-145`);
  if (date.value) entry.datePublished = date.value;
  if (status) entry.status = status;
  if (type === 'Thesis') {
    const kind = text('type') ?? '';
    const degree = degrees[record.type] ?? degreeOf(kind);
    if (degree) entry.degree = degree;
    else if (kind) notes.push(`left out type ${quoted(kind)}: not a degree the importer knows the words of`);
    const school = text('school') ?? text('institution');
    if (school) entry.institution = organization(school);
  }

  // Identifiers and links.
  const [dois, arxivs] = [schemeOfField('doi'), schemeOfField('arxiv')];
  const given = verbatim('doi');
  let doi = given === undefined ? undefined : dois.normalise(given);
  // The work's web page: its url, else al-folio's html (its "HTML" button: the paper's page), else its website (the
  // "Website" button: the project's page); a DOI written as a link (`https://doi.org/10...`, or as a link's HTML,
  // `doi:<a href="https://doi.org/10...">...</a>`) is its doi.
  const places: Array<[field: string, value: string]> = [];
  for (const field of ['url', 'html', 'website']) {
    const value = verbatim(field);
    if (value === undefined || places.some(([, v]) => v === value)) continue;
    const linked = /^(?:doi:\s*<a href=")?https?:\/\/(?:dx\.)?doi\.org\/(10\.[^"\s]+)(?:">.*<\/a>)?$/i.exec(value)?.[1];
    const linkedDoi = linked === undefined ? undefined : dois.normalise(decodeURIComponent(linked));
    if (linkedDoi !== undefined && (doi === undefined || doi === linkedDoi)) doi = linkedDoi;
    else places.push([field, value]);
  }
  // A place that is its arXiv page is its arXiv id (which the page links and its BibTeX writes back as eprint and url);
  // the first other place is its url, the rest its sameAs.
  const [[urlField, url] = ['url', undefined], ...elsewhere] = places.filter(([, value]) => {
    const arxivPage = /^https?:\/\/arxiv\.org\/abs\//i.test(value) ? arxivs.normalise(value) : undefined;
    if (!arxivPage || !arxivs.valid(arxivPage) || (arxiv !== undefined && arxivs.normalise(arxiv) !== arxivPage)) return true;
    arxiv = arxivPage;
    return false;
  });
  if (doi && dois.valid(doi)) entry.doi = doi;
  else if (doi) notes.push(`left out doi ${quoted(doi)}: not a DOI like 10.1145/3132747.3132755`);
  if (arxiv) {
    arxiv = arxivs.normalise(arxiv);
    if (arxivs.valid(arxiv)) entry.arxiv = arxiv;
    else notes.push(`left out arxiv ${quoted(arxiv)}: not an arXiv identifier`);
  }
  // MathSciNet's and zbMATH's numbers of the work.
  for (const scheme of ['mrnumber', 'zbl'].map(schemeOfField)) {
    const written = verbatim(scheme.field);
    if (written === undefined) continue;
    const value = scheme.normalise(written);
    if (scheme.valid(value)) entry[scheme.field] = value;
    else notes.push(`left out ${scheme.field} ${quoted(written)}: not a valid ${scheme.label} number`);
  }
  if (isbn) entry.isbn = isbn;
  // A reference manager's file field that names only files on the computer it was exported on (Mendeley's
  // `:C\:/Users/…/paper.pdf:pdf`, Zotero's storage) is no link of the work: listed among the fields not imported.
  const fileLink = () => {
    const written = verbatim('file');
    const link = fileUrl(written);
    if (written !== undefined && link === undefined) used.delete('file');
    return link;
  };
  // Each link: the work's field, the .bib's field it is read from, its value.
  const links: Array<[string, string, string | undefined]> = [
    ['url', urlField, url], ...elsewhere.map(([field, value]): [string, string, string] => ['sameAs', field, value]), ['pdf', 'pdf', verbatim('pdf') ?? fileLink()], ['code', 'code', verbatim('code')],
    ['data', 'data', verbatim('data')], ['slides', 'slides', verbatim('slides')], ['video', 'video', verbatim('video')],
  ];
  const files = new Map<string, LocalCopy>();
  const kept: string[] = [];
  for (const [name, field, value] of links) {
    if (!value) continue;
    const file = localFile(field, value);
    if (file && 'reason' in file) notes.push(`left out ${field} ${quoted(value)}: ${file.reason}`);
    else if (file && name === 'sameAs') {
      notes.push(`left out html ${quoted(value)}: the work's page is its url already, and the other places of a work (sameAs) are URLs elsewhere, not a file of the profile`);
    } else if (file) {
      entry[name] = file.path;
      if (file.copy) files.set(file.path, file.copy);
      if (file.renamed) notes.push(`copied ${field} ${quoted(value)} as ${file.path}: a URL cannot have a space`);
      if (file.note) kept.push(`${field} ${quoted(value)}: ${file.note}`);
    }
    if (file) continue;
    const link = absoluteUrl(value);
    if (link && name === 'sameAs' && entry.sameAs) entry.sameAs = [entry.sameAs, link].flat();
    else if (link) entry[name] = link;
    else notes.push(`left out ${field} ${quoted(value)}: not an absolute http(s) URL`);
  }
  // al-folio's selected={true}: among the homepage's selected publications.
  const selected = text('selected');
  if (selected && /^(true|false)$/i.test(selected)) entry.selected = selected.toLowerCase() === 'true';
  else if (selected) notes.push(`left out selected ${quoted(selected)}: neither true nor false`);
  const abstractText = raw('abstract');
  const abstract = typeof abstractText === 'string' ? markdownText(abstractText) : '';
  if (abstract) entry.abstract = abstract;
  const keywordList = raw('keywords');
  const keywords = Array.isArray(keywordList) ? keywordList.map((k) => plainText(String(k))).filter(Boolean) : [];
  if (keywords.length > 0) entry.keywords = [...new Set(keywords)];
  const language = text('langid') ?? text('language');
  if (language) {
    const tag = languages.has(language.toLowerCase()) ? languages.get(language.toLowerCase())
      : /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(language) ? language : undefined;
    if (tag) entry.inLanguage = tag;
    else notes.push(`left out language ${quoted(language)}: not a language the importer knows a tag for`);
  }
  for (const field of record.duplicated) notes.push(`has ${field} more than once: the first is kept`);
  return { entry, notes, unused: Object.keys(f).filter((name) => !used.has(name)), files, kept };
}

/**
 * A talk: its speakers (the entry's authors), its date (biblatex's
 * `eventdate`, else the entry's), the event it was given at (`eventtitle`,
 * an event of its year) and its place (`venue`), with what the entry says
 * of it beyond those (`howpublished`, `note`) as its description. `text`
 * reads a field by its BibLaTeX name (the CSL import's `speech` gives its
 * own fields under those names).
 */
export function talkOf(id: string, speakers: string[], { text, verbatim, directory, notes, unused }: {
  text: (name: string) => string | undefined; verbatim: (name: string) => string | undefined; directory: Directory; notes: string[]; unused: () => string[];
}): Converted {
  const name = withSubtitle(text('title'), text('subtitle'));
  if (!name) return { skip: 'has no title' };
  if (speakers.length === 0) return { skip: 'a talk with no speaker (author)' };
  const talk: Entry = { id, name, speakers };
  const date = dateOf(text('eventdate') ?? text('date'), text('year'), text('month'), notes, text('eventdate') ? 'eventdate' : 'date');
  if (date.value) talk.startDate = date.value;
  const year = date.value ? Number(String(date.value).slice(0, 4)) : undefined;
  // Where it was given: biblatex's venue, or the address a BibTeX entry of a talk gives (it has no publisher's).
  const venue = text('venue') ?? text('address');
  const place = venue ? directory.named('places', venue, (pid) => ({ id: pid, name: venue })) : undefined;
  const eventName = text('eventtitle');
  if (eventName) {
    talk.event = directory.named('events', eventName, (eid) => ({ id: eid, name: eventName, ...(year ? { startDate: year } : {}), ...(place ? { location: place } : {}) }),
      undefined, year);
  }
  if (place) talk.location = place;
  // What kind of talk it was and where, as the entry says it ("Keynote", "Communication à la journée d'étude…"), once.
  const said = [text('type'), text('howpublished'), text('note')].filter((t): t is string => !!t);
  const told = said.filter((t, i) => !said.some((other, j) => j !== i && other.toLowerCase().includes(t.toLowerCase()) && (other.length > t.length || j < i)));
  if (told.length > 0) talk.description = told.join('. ');
  const url = verbatim('url');
  if (url && /^https?:\/\//i.test(url)) talk[/\.pdf$/i.test(url) ? 'slides' : 'url'] = url;
  else if (url) notes.push(`left out url ${quoted(url)}: not an absolute http(s) URL`);
  const language = text('langid') ?? text('language');
  const tag = language && (languages.get(language.toLowerCase()) ?? (/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(language) ? language : undefined));
  if (tag) talk.inLanguage = tag;
  else if (language) notes.push(`left out language ${quoted(language)}: not a language the importer knows a tag for`);
  return { entry: talk, collection: 'talks', notes, unused: unused() };
}

/** The types of work whose .bib `series` the profile keeps (a chapter's, on its book). */
const seriesTypes = new Set(['Book', 'Chapter', 'Report']);

/**
 * A book's series and its number in it (a report's series: its number is
 * the report's own), edition and place of publication, as the profile's
 * fields (a chapter's, for its book). A number that is not in a series
 * (`number` without `series`) is not read here.
 */
function bookFactsOf(type: string, bibType: string, text: (name: string) => string | undefined): Record<string, string | number> {
  const facts: Record<string, string | number> = {};
  const bookish = type === 'Book' || type === 'Chapter';
  if (seriesTypes.has(type)) {
    const series = text('series');
    if (series) facts.seriesTitle = series;
    // A paper's `number` in @article is its issue; a book's beside a series, its number there.
    if (series && bookish && bibType !== 'article') {
      const number = text('number');
      if (number) facts.seriesNumber = numberOrText(number);
    }
  }
  if (bookish) {
    const edition = text('edition');
    if (edition) facts.edition = numberOrText(edition);
  }
  if (type !== 'ScholarlyArticle') {
    const place = text('location') ?? text('address');
    if (place && ['Book', 'Chapter', 'Report', 'Thesis'].includes(type)) facts.publicationPlace = place;
  }
  return facts;
}

/** A title and its subtitle as Better BibTeX and biblatex print them together: `Title: Subtitle`. */
export function withSubtitle(title: string | undefined, subtitle: string | undefined): string | undefined {
  return title && subtitle ? `${title.replace(/\s*[.:]$/, '')}: ${subtitle}` : title;
}

/** `and others`, `and et al.`: the list goes on, with no one named. */
function isOthers(c: Creator): boolean {
  const whole = [c.firstName, c.prefix, c.lastName, c.name].filter(Boolean).join(' ').trim();
  return /^(others|et\.? al\.?)$/i.test(whole);
}

function splitName(c: Creator): SplitName {
  const words = (s: string | undefined) => fold(s ?? '').split(' ').filter(Boolean);
  return { given: words(c.firstName), family: words([c.prefix, c.lastName].filter(Boolean).join(' ')) };
}

/** Scripts whose names are written family name first, with no space between (田中美咲, 김민준). */
const familyFirst = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function personEntry(c: Creator): Entry {
  const family = [c.prefix, c.lastName].filter(Boolean).join(' ');
  const parts = familyFirst.test(family) ? [family, c.firstName].filter(Boolean).join('') : [c.firstName, family].filter(Boolean).join(' ');
  const name = parts + (c.suffix ? `, ${c.suffix}` : '');
  return { id: '', name, ...(c.firstName ? { givenName: c.firstName, familyName: family } : {}) };
}

/**
 * `year` and `month` (or BibLaTeX's `date`) → 2020, 2020-04 or 2020-04-12, as
 * the schema writes dates; a `year` that says the work has none yet ("in
 * press", "to appear") → its status.
 */
function dateOf(date = '', year = '', month = '', notes: string[], field = 'date'): { value?: string | number; status?: string; problem?: string } {
  // biblatex's date range (`2019/2020`, `2019-09/`): its start, the one date a work or talk has.
  const range = /^([12]\d{3}(-\d{2}){0,2})\/([12]\d{3}(-\d{2}){0,2})?$/.exec(date);
  if (range) {
    notes.push(`took ${quoted(range[1])}, the start of its date range ${quoted(date)}: the profile keeps one date`);
    date = range[1];
  }
  if (/^[12]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(date)) return { value: date.length === 4 ? Number(date) : date };
  // A date written otherwise (`12.03.2021`, as German writes it): what is wrong, and what biblatex reads.
  const misread = date && !yearStatuses.some(([pattern]) => pattern.test(date)) ? `its ${field} ${quoted(date)} is not a date as biblatex writes one (year-month-day): write ${field} = {${isoDate(date) ?? 'YYYY-MM-DD'}}${isoDate(date) ? '' : ', or the year alone'}` : undefined;
  if (misread && /^\s*[12]\d{3}\s*$/.test(year)) notes.push(`${misread}; took its year ${quoted(year.trim())}`);
  else if (misread) {
    notes.push(misread);
    return { problem: misread };
  }
  let y = /^\s*([12]\d{3})\s*$/.exec(year)?.[1];
  const status = y ? undefined : yearStatuses.find(([pattern]) => pattern.test(year || date))?.[1];
  // MathSciNet's years: a volume's two (`1976/77`), a printing's and its copyright's (`[2023] \copyright 2023`).
  const first = y || status || date ? undefined : /(?<!\d)[12]\d{3}(?!\d)/.exec(year)?.[0];
  if (first) {
    notes.push(`took ${quoted(first)}, the first year of its year ${quoted(year)}: the profile keeps one date`);
    y = first;
  }
  if (!y) {
    const problem = !status && year ? `its year ${quoted(year)} is not a year: write year = {YYYY}, or date = {YYYY-MM-DD}` : undefined;
    if (problem) notes.push(problem);
    return { status, problem };
  }
  const m = monthOf(month);
  return { value: m ? `${y}-${m}` : Number(y) };
}

/**
 * A day written day first with dots (`12.03.2021`, `1.3.2021`, as German and most of Europe write it), or with
 * slashes or dashes when the day cannot be the month (`25/12/2021`), as biblatex writes it: `2021-03-12`.
 */
function isoDate(written: string): string | undefined {
  const m = /^\s*(\d{1,2})([./-])\s*(\d{1,2})\2\s*([12]\d{3})\s*$/.exec(written);
  if (!m) return undefined;
  const [day, month] = [Number(m[1]), Number(m[3])];
  if (m[2] !== '.' && day <= 12) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${m[4]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(m: string): string | undefined {
  const s = m.trim().toLowerCase();
  const n = /^\d{1,2}$/.test(s) ? Number(s) : monthNames.indexOf(s.slice(0, 3)) + 1;
  return n >= 1 && n <= 12 && (/^\d/.test(s) || /^[a-z]+\.?$/.test(s)) ? String(n).padStart(2, '0') : undefined;
}

/** A conference's short name with its year, once: `MASSW 2019` and `SOSP '21` have theirs (→ MASSW 2019, SOSP 2021). */
function withYear(name: string, year: number): string {
  if (new RegExp(`(^|\\D)${year}(\\D|$)`).test(name)) return name;
  return `${name.replace(new RegExp(`(?<=[A-Za-z])\\s*['\u2019]?${String(year).slice(2)}$`), '')} ${year}`;
}

export function numberOrText(s: string): string | number {
  return /^[1-9]\d{0,8}$/.test(s) ? Number(s) : s;
}

/**
 * A Zotero/JabRef/Mendeley `file` field (`Description:path:type;...`): its first http(s) link; else the value as
 * written, unless each of its files is one of the computer it was exported on (`Description:path:type`, as reference
 * managers write them: `:C\:/Users/…/paper.pdf:pdf`, `Full Text:/home/…/paper.pdf:application/pdf`), which is no link.
 */
function fileUrl(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const link = /https?:\/\/[^;]+?(?=:application|;|$)/.exec(file)?.[0];
  if (link) return link;
  const managed = file.split(';').every((part) => /^[^:]*:.+:[\w.+-]+(\/[\w.+-]+)?$/.test(part.trim()));
  return managed ? undefined : file;
}

const isUri = fullFormats.uri as (s: string) => boolean;

/** The URL as the schema accepts it (an absolute http(s) URI), percent-encoded if need be; else undefined. */
function absoluteUrl(value: string): string | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  if (isUri(value)) return value;
  try {
    const href = new URL(value).href;
    return isUri(href) ? href : undefined;
  } catch {
    return undefined;
  }
}
