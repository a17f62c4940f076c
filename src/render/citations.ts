import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Cite, plugins, util } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import CSL from 'citeproc';
import { stylesDir } from '../config.js';
import type { CitationFormat } from '../formats.js';
import { bibtexLanguages, type Words } from '../labels.js';
import { type Graph, isNode, type Node } from '../rdf/graph.js';
import { bibo, schema as s } from '../rdf/vocabulary.js';
import { identifierScheme, identifierUrl, schemeOfField } from '../source/identifiers.js';
import { mathSegment } from '../source/tex-math.js';
import { kindOf, type KindKey, thesisKind } from './names.js';

/**
 * A work's citation, for reference managers and readers: CSL-JSON (the
 * data every citation tool reads), and from it formatted references in the
 * official CSL styles of styles/csl/ (loaded by whoever formats them:
 * `loadCitationStyles`) and RIS, by citation-js (the CSL engine and writers
 * Zotero's ecosystem uses), and BibTeX, by a writer of our own (below:
 * citation-js's escapes neither `&` nor `%`, braces each capital letter alone (`{D}irac`) and
 * exports a preprint as an `@article` with no journal). Made from the
 * graph, like every other view.
 */

/** CSL item types, by kind of work; others are not cited. */
const cslTypes: Partial<Record<KindKey, string>> = {
  article: 'article', book: 'book', chapter: 'chapter', thesis: 'thesis', report: 'report', poster: 'speech',
  slides: 'speech', 'research-data': 'dataset', software: 'software', patent: 'patent',
};

/**
 * The styles a formatted reference can be asked in (`style=` of
 * `text/x-bibliography`): each `.csl` file of the folder, by its name,
 * compiled by the CSL engine on its first reference (`engineOf`). The
 * default style (a site setting) comes first; it must be one of them.
 */
export function loadCitationStyles(defaultStyle: string, dir = stylesDir): string[] {
  const names = readdirSync(dir).filter((f) => f.endsWith('.csl')).map((f) => f.slice(0, -4)).sort();
  if (!names.includes(defaultStyle)) {
    throw new Error(`the citation style "${defaultStyle}" of the site's settings has no file ${path.join(dir, `${defaultStyle}.csl`)}; the styles are ${names.join(', ')}`);
  }
  for (const name of names) if (!engines.has(name)) styleFiles.set(name, path.join(dir, `${name}.csl`));
  return [defaultStyle, ...names.filter((n) => n !== defaultStyle)];
}

/** The files of the styles loaded, by name; the CSL engine of each is made on its first reference (`engineOf`). */
const styleFiles = new Map<string, string>();

/**
 * The CSL engines (citeproc-js) of each style, one per language, made on
 * the style's first reference in that language (parsing and compiling it costs 30 to 330 ms of CPU, which a
 * process that cites nothing in it need not pay) and kept: a reference is
 * then the engine's registry of one work (`updateItems`) and its
 * bibliography (`makeBibliography`), what citation-js's `bibliography`
 * output asks of the same engine, without citation-js's parsing of the
 * input on every call (see `reference`).
 */
const engines = new Map<string, Map<string, CSL.Engine>>();

/** The work an engine is formatting, which it retrieves by its id. */
interface CitingSys { item?: CslItem; retrieveItem(id: string): CslItem; retrieveLocale(lang: string): string | object }

function engineOf(style: string, language: string): CSL.Engine {
  const locale = cslLocale(language);
  const ofStyle = engines.get(style) ?? new Map<string, CSL.Engine>();
  let engine = ofStyle.get(locale);
  if (engine) return engine;
  const file = styleFiles.get(style);
  if (file === undefined) throw new Error(`no citation style "${style}": the styles are ${[...styleFiles.keys()].join(', ')}`);
  engine = cslEngine(file, { locale });
  ofStyle.set(locale, engine);
  engines.set(style, ofStyle);
  return engine;
}

/**
 * The CSL locale a site's language formats its references in (the styles'
 * terms and punctuation: "In", "edited by", "Retrieved from", "et al."):
 * the one citation-js has of that language (`fr` → `fr-FR`), else en-US.
 */
export function cslLocale(language: string): string {
  const { locales } = plugins.config.get('@csl');
  const primary = language.toLowerCase().split('-')[0];
  const known = locales.list().sort();
  return known.find((l) => l.toLowerCase() === language.toLowerCase()) ?? (primary === 'en' ? undefined : known.find((l) => l.toLowerCase().split('-')[0] === primary)) ?? 'en-US';
}

/**
 * A new CSL engine of a style file, as `reference` uses it; with
 * `asCiteproc`, one that registers a work as citeproc does, which the tests
 * compare it with (see `registerOneWorkCheaply`).
 */
export function cslEngine(file: string, { asCiteproc = false, locale = 'en-US' } = {}): CSL.Engine {
  const { locales } = plugins.config.get('@csl');
  const sys: CitingSys = {
    retrieveItem(id) {
      if (this.item?.id !== id) throw new Error(`the CSL engine asked for the work "${id}", not the one it formats`);
      return this.item;
    },
    // As citation-js's CSL plugin finds a locale: by its name, or with an underscore.
    retrieveLocale: (lang) => locales.get(lang) ?? locales.get(lang.replace('-', '_')) ?? {},
  };
  const style = CSL.parseXml(readFileSync(file, 'utf8'));
  const engine = new CSL.Engine(sys, engineStyle(style), locale, true);
  engine.setOutputFormat('text');
  searchMarkupOnlyWhereItMayBe(engine);
  if (!asCiteproc) registerOneWorkCheaply(engine, style);
  return engine;
}

/**
 * citeproc registers a work (`updateItems`) by rendering its in-text
 * citation, the work's "ambiguity key" (`getAmbiguousCite`), which enters
 * the names it shows in the engine's name registry and records how many of
 * each list it shows and how fully (`disambig`: a count per list, a level
 * per given name); then it runs the disambiguation of each key it touched
 * (`registry.setdisambigs`, calling `disambiguate.run`). A reference is the
 * bibliography of a registry of one work, which has nothing to be told
 * apart from; two steps of that are cut here, each to what the bibliography
 * reads of it, in any style that neither adds given names "by-cite" (there
 * a registered level of a given name is a floor of the bibliography's) nor
 * ends a list of the citation with its last name (`et-al-use-last`: one
 * name more at each render). The reference stays the same, byte for byte
 * (test/render/citation-styles.test.ts compares it with an engine that
 * registers as citeproc does; bench/README.md, "A reference's CPU"), and a
 * citeproc without these steps fails here, loudly.
 *
 * The run of a key one work holds (every key here) renders the citation a
 * second time (`getCiteData`), finds no other work (it compares the works
 * of a key when there are two or more) and keeps the given-name levels the
 * second render recomputed, now with every name of the work in the name
 * registry. The bibliography reads a registered level only for a name
 * without a given name, which has none to write either way (a name with
 * one is looked up in the name registry again); and the second render
 * shows as many names as the first. So it is skipped.
 */
function registerOneWorkCheaply(engine: CSL.Engine, style: CSL.XmlNode): void {
  const { disambiguate, registry } = engine;
  if (typeof disambiguate?.run !== 'function' || typeof registry?.ambigcites !== 'object' || typeof (disambiguate as { getCiteData?: unknown }).getCiteData !== 'function') {
    throw new Error('citeproc no longer disambiguates as src/render/citations.ts expects (disambiguate.run, getCiteData, registry.ambigcites): see registerOneWorkCheaply');
  }
  const byCite = engine.opt['disambiguate-add-givenname'] === true && engine.citation.opt['givenname-disambiguation-rule'] === 'by-cite';
  if (byCite || endsListsWithLastName(style)) return;
  const run = disambiguate.run;
  disambiguate.run = function (akey) {
    if (engine.registry.ambigcites[akey]?.length !== 1) run.call(this, akey);
  };
  citationUnread.set(engine, citationUnreadIn(engine, style));
}

/** Whether a list of names outside the bibliography's own options may end with its last name (`et-al-use-last`): in the citation, or in a macro it may call. */
function endsListsWithLastName(node: CSL.XmlNode): boolean {
  return (node.name !== 'bibliography' && node.attrs['et-al-use-last'] !== undefined)
    || node.children.some((c) => typeof c !== 'string' && endsListsWithLastName(c));
}

/**
 * The first render of a work's citation leaves what the bibliography reads
 * in three places: the count of names of each list it showed (read if the
 * style adds names and given names to tell works apart:
 * `disambiguate-add-names` and `disambiguate-add-givenname`), the levels
 * of given names (read for names without one: nothing to write) and the
 * name registry (read if the style adds given names: a given name is
 * written more fully where a name of the same family with other initials
 * is registered). A count changes the bibliography only where it is above
 * the number of names the bibliography shows before "et al."
 * (`et-al-use-first`); the name registry, only where two names of the work
 * may be of one family (the bibliography registers each name itself before
 * it writes it). So a work whose lists are no longer than the fewest names
 * any list of the style's bibliography shows before "et al." (19 in APA, 3
 * in Chicago; any in IEEE, which adds neither) and whose names' families
 * differ (their last words, with and without their particles: the
 * engine's key of a family ends with one of them) is registered without
 * that render, as a work whose citation shows no name
 * (`CSL.getAmbiguousCite` below, while `registeringUncited` holds the
 * engine): what the bibliography reads is the same.
 */
const citationUnread = new WeakMap<CSL.Engine, (item: CslItem) => boolean>();

/** The engines registering a work whose citation the bibliography does not read. */
const registeringUncited = new WeakSet<CSL.Engine>();
const renderAmbiguityKey = CSL.getAmbiguousCite;
if (typeof renderAmbiguityKey !== 'function' || typeof CSL.AmbigConfig !== 'function') {
  throw new Error('citeproc no longer renders a work\'s ambiguity key as src/render/citations.ts expects (CSL.getAmbiguousCite, CSL.AmbigConfig): see citationUnread');
}
CSL.getAmbiguousCite = function (item, ...rest) {
  if (!registeringUncited.has(this)) return renderAmbiguityKey.call(this, item, ...rest);
  // What the render leaves of a work not yet registered before it shows a name: no request, a new configuration (`citeStart`).
  this.tmp.disambig_request = false;
  this.tmp.disambig_settings = new CSL.AmbigConfig();
  return '';
};

function citationUnreadIn(engine: CSL.Engine, style: CSL.XmlNode): (item: CslItem) => boolean {
  const givensAdded = engine.opt['disambiguate-add-givenname'] === true;
  const fewest = givensAdded && engine.opt['disambiguate-add-names'] === true ? fewestNamesBeforeEtAl(style) : Infinity;
  return (item) => {
    // (The engine also reads names from a `note`'s "author: Family || Given" lines.)
    if (item.note !== undefined) return false;
    const lists = Object.values(item).filter((v): v is CslName[] => Array.isArray(v) && v.some((n) => typeof n === 'object' && n !== null));
    if (lists.some((list) => list.length > fewest)) return false;
    if (!givensAdded) return true;
    const ends = new Set<string>();
    for (const name of lists.flat()) {
      if (name.multi !== undefined) return false;
      if (!name.family) continue;
      const own = new Set([lastWord(name.family), lastWord(`${name.family} ${name['non-dropping-particle'] ?? ''}`)]);
      if ([...own].some((end) => ends.has(end))) return false;
      for (const end of own) ends.add(end);
    }
    return true;
  };
}

/** A name as CSL-JSON writes it, with what the engine reads to key its family. */
type CslName = { family?: string; given?: string; literal?: string; 'non-dropping-particle'?: string; multi?: unknown };

/** The last word of a family name as the engine keys it (periods are spaces, quotes dropped), in lower case: equal for any two names the engine may key alike. */
function lastWord(family: string): string {
  return family.replace(/["]/g, '').replace(/\./g, ' ').trim().split(/\s+/).pop()!.toLowerCase();
}

/** The fewest names a list of the style's bibliography may show before "et al.": its `et-al-use-first` (1 where neither it nor the style sets one), or fewer on any element but the citation. */
function fewestNamesBeforeEtAl(style: CSL.XmlNode): number {
  const bibliography = style.children.find((c): c is CSL.XmlNode => typeof c !== 'string' && c.name === 'bibliography');
  const own = bibliography?.attrs['et-al-use-first'] ?? style.attrs['et-al-use-first'];
  const values = [own ?? '1'];
  const visit = (node: CSL.XmlNode) => {
    if (node.name !== 'citation') for (const attr of ['et-al-use-first', 'et-al-subsequent-use-first']) if (node.attrs[attr] !== undefined) values.push(node.attrs[attr]);
    for (const c of node.children) if (typeof c !== 'string') visit(c);
  };
  visit(style);
  // (A value that is no number counts as 0: no work is registered without its citation.)
  return Math.min(...values.map((v) => Number(v) || 0));
}

/**
 * The engine looks for inline markup (`<i>`, `<span class="nocase">`,
 * quotes) in each piece of text it writes, making a regular expression for
 * each (5 to 8% of a reference's CPU). A piece with none of the characters
 * that markup is written with (`<`, straight quotes, the locale's quotes,
 * and `’`, which the engine turns into `'` between letters before it looks)
 * holds none, and the engine leaves it as it is: it is not searched.
 */
function searchMarkupOnlyWhereItMayBe(engine: CSL.Engine): void {
  const { flipflopper } = engine.fun;
  const search = flipflopper.processTags;
  const quotes = ['open-quote', 'close-quote', 'open-inner-quote', 'close-inner-quote'].flatMap((term) => [...engine.getTerm(term) ?? '']);
  const marks = [...new Set(['<', '"', "'", '\u2019', ...quotes])];
  flipflopper.processTags = (blob) => {
    if (typeof blob.blobs !== 'string' || marks.some((mark) => (blob.blobs as string).includes(mark))) search.call(flipflopper, blob);
  };
}

/**
 * The CSL engine finds a macro by searching the whole style for it, at each
 * call of the macro while it compiles the style (Chicago's 150 macros are
 * called from 1,800 places, and each search walks its 2,700 elements): here
 * a style's macros are looked up by name in an index made at its first
 * search. It holds while nothing adds a macro to a style after that, as
 * the engine does not (the jurisdiction modules it can load, which bring
 * macros, are trees of their own). Every other search is the engine's.
 */
const searchNodes = CSL.XmlJSON.prototype.getNodesByName;
const macroIndexes = new WeakMap<CSL.XmlNode, Map<string, CSL.XmlNode[]>>();
CSL.XmlJSON.prototype.getNodesByName = function (node, name, nameAttribute, found) {
  if (name !== 'macro' || nameAttribute === undefined || found !== undefined || node?.name !== 'style') {
    return searchNodes.call(this, node, name, nameAttribute, found);
  }
  let index = macroIndexes.get(node);
  if (!index) {
    index = new Map();
    for (const macro of searchNodes.call(this, node, 'macro')) index.set(macro.attrs.name, [...index.get(macro.attrs.name) ?? [], macro]);
    macroIndexes.set(node, index);
  }
  return [...index.get(nameAttribute) ?? []];
};

/**
 * The CSL engine changes the case of text in the languages of the reference
 * (the work's, then the style's: its `tmp.lang_array`) by
 * `toLocaleLowerCase(languages)`, which reads the first language of the
 * list again at each of its calls (6% of a reference's CPU). The case of a
 * string changes otherwise than by `toLowerCase` only if that language is
 * Lithuanian, Turkish or Azerbaijani (Unicode's special casing; and Greek,
 * which V8 hands to ICU as well): each language is read once here, and in
 * any other the case changes as `toLowerCase` does, as the engine does
 * itself when the language is not one (the test compares both ways).
 */
const ownCasing = new Set(['az', 'el', 'lt', 'tr']);
const casedPlainly = new Map<string, boolean>();
function casesPlainly(languages: readonly string[] | undefined): boolean {
  // (None yet, while a style compiles: the engine's own way, in the process's language.)
  if (!Array.isArray(languages)) return false;
  const [language] = languages;
  let plain = casedPlainly.get(language);
  if (plain === undefined) {
    try {
      const [first] = Intl.getCanonicalLocales(language);
      plain = first !== undefined && !ownCasing.has(first.split('-')[0]);
    } catch {
      plain = true;
    }
    casedPlainly.set(language, plain);
  }
  return plain;
}
const toLower = CSL.toLocaleLowerCase;
const toUpper = CSL.toLocaleUpperCase;
CSL.toLocaleLowerCase = function (text) {
  return casesPlainly(this.tmp?.lang_array) ? text.toLowerCase() : toLower.call(this, text);
};
CSL.toLocaleUpperCase = function (text) {
  return casesPlainly(this.tmp?.lang_array) ? text.toUpperCase() : toUpper.call(this, text);
};

/**
 * A style as the CSL engine (citeproc-js) is handed it: parsed by the
 * engine's own XML parser, without its sort keys (the `cs:sort` of
 * `cs:citation` and `cs:bibliography`), as the JSON the engine reads back
 * (it reads a string that is not XML as JSON). The engine compiles a sort key
 * with each macro it calls written out whole, and again inside each macro
 * that calls it: APA's six keys became 138,000 compiled tokens and 92 MB of
 * heap, Chicago's one bibliography sort 204,000 and 143 MB, while the rest
 * of each style is 3,000 and 5,000; and it computes every work's keys on
 * every reference. Here a reference is one work's (see `citationWriters`)
 * and no in-text citation is made: a sort key would order nothing.
 */
function engineStyle(style: CSL.XmlNode): string {
  const unsorted = (node: CSL.XmlNode): CSL.XmlNode => ({
    ...node, children: node.children.filter((c) => typeof c === 'string' || c.name !== 'sort').map((c) => (typeof c === 'string' ? c : unsorted(c))),
  });
  return JSON.stringify(unsorted(style));
}

/**
 * Has the CSL engine compile each style now, by formatting a one-line
 * reference in it: the first reference in a style costs its compilation
 * (30 to 330 ms of CPU a style, its parsing included), every later one
 * milliseconds, and the compiled style stays in memory (1 to 5 MB of heap;
 * bench/README.md). A server calls this for every style before it
 * takes requests, so that no reader's first request waits for one; a build
 * does not, its render threads compile a style on the first work they cite
 * in it, as they would here.
 */
export function compileCitationStyles(styles: readonly string[], language: string): void {
  const sample: CslItem = { id: 'sample', type: 'article-journal', title: 'A', author: [{ family: 'B', given: 'C' }], issued: { 'date-parts': [[2000]] } };
  for (const style of styles) citationWriters.reference([sample], style, language);
}

export type CslItem = Record<string, unknown> & { id: string; type: string };

/** The CSL-JSON item of a work, or undefined for what is not a work that is cited. */
/** A work's entry id, the last segment of its document's URL: its BibTeX key and CSL id. */
export function entryIdOf(url: string): string {
  return decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)) || 'profile';
}

export function cslItem(g: Graph, work: Node, id: string, words: Words): CslItem | undefined {
  const kind = kindOf(g, work).key;
  let type = cslTypes[kind];
  if (!type) return undefined;
  const venue = g.node(work, s('publication'));
  const parts = g.nodes(work, s('isPartOf'));
  const journal = parts.find((p) => kindOf(g, p).key === 'journal');
  const book = parts.find((p) => kindOf(g, p).key === 'book');
  const text = (p: string, node: Node = work) => g.text(node, p);
  const status = text(s('creativeWorkStatus'));
  const arxiv = g.nodes(work, s('identifier')).filter((i) => identifierScheme(text(s('propertyID'), i) ?? '')?.field === 'arxiv')
    .map((i) => text(s('value'), i)).find(Boolean);
  const preprint = kind === 'article' && !journal && !venue && (status === 'preprint' || arxiv !== undefined);
  if (kind === 'article') type = journal ? 'article-journal' : venue ? 'paper-conference' : 'article';
  const item: CslItem = { id, 'citation-key': id, type };
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) item[key] = value;
  };
  put('title', g.label(work));
  const authors = ordered(g, work, bibo('authorList'), s('author')).map((p) => personName(g, p));
  // Authors without their ordered list are some of them (`and others`): "et al." ends the list.
  if (authors.length > 0 && !g.node(work, bibo('authorList'))) authors.push(others);
  put('author', authors);
  // A chapter's editors, publisher and ISBN are its book's.
  const edited = book && kind === 'chapter' ? book : work;
  put('editor', ordered(g, edited, bibo('editorList'), s('editor')).map((p) => personName(g, p)));
  const date = text(s('datePublished'));
  if (date) put('issued', { 'date-parts': [date.split('-').map(Number)] });
  // Where it appeared, once: a talk's slides at its event, a paper in its journal, its book or its conference's proceedings.
  const container = kind === 'slides' || kind === 'poster' ? undefined : journal ?? book ?? venue;
  if (container && g.label(container) !== g.label(work)) put('container-title', g.label(container));
  // (`event` too: the IEEE style still reads CSL 1.0.1's name for it.)
  if (venue && !container) for (const key of ['event-title', 'event']) put(key, g.label(venue));
  put('publisher', [...g.nodes(edited, s('publisher')), ...g.nodes(work, s('sourceOrganization'))].map((o) => g.label(o)).find(Boolean));
  // Its series and number, edition and place of publication: a chapter's are its book's.
  const series = g.nodes(edited, s('isPartOf')).find((p) => kindOf(g, p).key === 'book-series');
  put('collection-title', series && g.label(series));
  put('collection-number', series && text(s('position'), edited));
  put('edition', text(s('bookEdition'), edited));
  put('publisher-place', g.nodes(edited, s('locationCreated')).map((p) => g.label(p)).find(Boolean));
  put('translator', g.nodes(work, s('translator')).map((p) => personName(g, p)));
  put('volume', parts.map((p) => text(s('volumeNumber'), p)).find(Boolean));
  put('issue', parts.map((p) => text(s('issueNumber'), p)).find(Boolean));
  put('page', text(s('pagination')));
  put('abstract', text(s('abstract')));
  put('keyword', g.literals(work, s('keywords')).map((k) => k.value).join(', '));
  put('language', text(s('inLanguage')));
  put('status', status === 'published' || (preprint && status === 'preprint') ? undefined : status);
  // A thesis's genre in the site's language, as a reference in it says it ("PhD thesis", "Dissertation").
  if (kind === 'thesis') put('genre', thesisKind(words, words.text('thesis-genre'), text(s('inSupportOf'))));
  // A report's number; a preprint's arXiv id (a published work's arXiv id is no number of it).
  put('number', kind === 'report' ? text(s('reportNumber')) : preprint && arxiv ? `arXiv:${arxiv}` : undefined);
  /** Identifiers CSL has no variable for, by the BibTeX field they are written in. */
  const bibtexIds: Record<string, string> = {};
  for (const node of kind === 'chapter' && book ? [work, book] : [work]) {
    for (const identifier of g.nodes(node, s('identifier'))) {
      const value = text(s('value'), identifier);
      const scheme = identifierScheme(text(s('propertyID'), identifier) ?? '');
      if (scheme?.csl && value && item[scheme.csl] === undefined) put(scheme.csl, value);
      if (scheme?.bibtex && value && node === work) bibtexIds[scheme.bibtex] = scheme.bibtexValue?.(value) ?? value;
    }
  }
  // Where to read it: its own URL, else its arXiv page (APA and IEEE print it where there is no DOI, RIS writes it as UR,
  // BibTeX as url beside its eprint, for the styles that print no eprint; an import reads that url back as its arXiv id).
  put('URL', g.nodes(work, s('url')).map((u) => u.value).find((u) => /^https?:/.test(u))
    ?? (arxiv ? identifierUrl(schemeOfField('arxiv'), arxiv) : undefined));
  // The work's other links, as al-folio's BibTeX fields name them, and its MR and Zbl numbers: CSL has no variables for them.
  const linkOf = (p: string, kinds: KindKey[], url: string) => g.nodes(work, p).filter((n) => kinds.includes(kindOf(g, n).key))
    .map((n) => g.node(n, url)?.value).find(Boolean);
  const links = Object.entries({
    pdf: g.nodes(work, s('encoding')).filter((m) => text(s('encodingFormat'), m) === 'application/pdf').map((m) => g.node(m, s('contentUrl'))?.value).find(Boolean),
    code: linkOf(s('isBasedOn'), ['code'], s('codeRepository')),
    data: linkOf(s('isBasedOn'), ['research-data'], s('url')),
    slides: linkOf(s('subjectOf'), ['slides'], s('url')),
    video: g.nodes(work, s('subjectOf')).filter((m) => text(s('encodingFormat'), m) === 'video').map((m) => g.node(m, s('url'))?.value).find(Boolean),
    // A published work's arXiv id, for BibTeX's `eprint` (a preprint's is its `number`).
    arxiv: preprint ? undefined : arxiv,
    ...bibtexIds,
  }).filter(([, v]) => v);
  if (links.length > 0) item.custom = Object.fromEntries(links);
  return item;
}

/** The name that ends an incomplete list of authors (as citation-js reads BibTeX's `and others`). */
const others = { literal: 'others' } as const;
export const isOthers = (name: unknown) => (name as { literal?: string }).literal === others.literal;

/** A person as CSL writes names: given and family parts where the data has them, else split at the last word. */
function personName(g: Graph, person: Node): Record<string, string> {
  const given = g.text(person, s('givenName'));
  const family = g.text(person, s('familyName'));
  if (given && family) return { given, family };
  const name = (g.label(person) ?? '').trim();
  const cut = name.lastIndexOf(' ');
  return cut < 0 ? { literal: name } : { given: name.slice(0, cut), family: name.slice(cut + 1) };
}

/** The values in the order the ordered list gives, else as the set has them. */
function ordered(g: Graph, work: Node, list: string, predicate: string): Node[] {
  const head = g.node(work, list);
  return (head ? g.list(head) : g.nodes(work, predicate)).filter(isNode);
}

/**
 * RIS, by citation-js, corrected where reference managers (Zotero, EndNote,
 * Mendeley) read what it writes otherwise:
 * - one value, one line: it breaks values every 70 characters, mid-word, in
 *   lines readers take for new values (and a value of just 70 before an
 *   empty line), and keeps the line breaks of a text (an abstract's
 *   paragraphs), whose next line a reader takes for a tag: they are spaces;
 * - each record ended by a line end: two files put together made "ER  - TY  - …";
 * - each keyword its own KW line, without the space after the comma CSL's one
 *   keyword field joins them with;
 * - the year as PY, which every reader takes: it writes a conference paper's
 *   as C2, which Zotero keeps as a note, and a chapter's not at all;
 * - a page range as SP and EP, the spec's first and last page;
 * - a poster or slides as SLIDE, its event as T2 (a presentation and its
 *   meeting, as Zotero writes and reads them): it writes SOUND, a sound
 *   recording, with no event;
 * - the work's PDF as L1, the file's link reference managers attach.
 */
function risOf(items: readonly CslItem[]): string {
  const text = (new Cite(items.map((item) => oneLine(withoutOthers(item)))).format('ris') as string).replace(/\n(?![A-Z][A-Z0-9] {2}-)(?=.)/g, '').replace(/\n?$/, '\n');
  return text.split(/(?<=^ER {2}- ?\n)/m).map((record, i) => risRecord(record, items[i])).join('');
}

/** An item whose texts are each on one line: an RIS value is one line, and a line that starts like a tag would be read as one. */
function oneLine(item: CslItem): CslItem {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, typeof value === 'string' ? value.replace(/\s*\n\s*/g, ' ') : value])) as CslItem;
}

function risRecord(record: string, item: CslItem | undefined): string {
  if (item === undefined) return record;
  const lines = record.split('\n').filter((line) => line !== '').map((line) => ({ tag: line.slice(0, 2), value: line.replace(/^[A-Z][A-Z0-9] {2}- ?/, '') }));
  const has = (tag: string) => lines.some((l) => l.tag === tag);
  const type = lines[0].value;
  const year = (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0]?.[0];
  const fixed = lines.flatMap(({ tag, value }) => {
    if (tag === 'KW') return [{ tag, value: value.trimStart() }];
    // The work's whole id (JabRef reads it as the citation key), where citation-js keeps the first 20 characters the old RIS spec allowed.
    if (tag === 'ID') return [{ tag, value: item.id }];
    if (tag === 'TY' && value === 'SOUND' && item.type === 'speech') return [{ tag, value: 'SLIDE' }];
    if (tag === 'C2' && type === 'CONF' && value === String(year)) return [];
    const range = tag === 'SP' && !has('EP') ? /^(\S+?)\s*[-\u2010-\u2015]+\s*(\S+)$/.exec(value) : null;
    return range ? [{ tag: 'SP', value: range[1] }, { tag: 'EP', value: range[2] }] : [{ tag, value }];
  });
  const end = fixed.pop()!;
  const event = typeof item['event-title'] === 'string' ? item['event-title'] : undefined;
  if (item.type === 'speech' && event && !has('T2')) fixed.push({ tag: 'T2', value: event });
  if (year !== undefined && !has('PY')) fixed.push({ tag: 'PY', value: String(year) });
  const pdf = (item.custom as Record<string, string> | undefined)?.pdf;
  if (pdf) fixed.push({ tag: 'L1', value: pdf });
  return [...fixed, end].map(({ tag, value }) => `${tag}  - ${value}`).join('\n') + '\n';
}

/**
 * The writer of each citation format of formats.ts, of one or more items (a
 * formatted reference: of one work, in a style of `loadCitationStyles`, in
 * the site's language: `cslLocale`).
 */
export const citationWriters: { readonly [F in CitationFormat]: (items: readonly CslItem[], style?: string, language?: string) => string } = {
  bibtex: (items) => items.map(bibtexEntry).join('\n'),
  csl: (items) => `${JSON.stringify(items.map(withoutOthers), null, 2)}\n`,
  ris: (items) => risOf(items),
  // One work's: the engine has the styles without the sort keys that would order several (engineStyle).
  // An incomplete list of authors ends in "et al.", where the styles would write "& others".
  reference: (items, style, language = 'en') => {
    if (style === undefined) throw new Error('a formatted reference is written in a style: one of loadCitationStyles');
    if (items.length !== 1) throw new Error(`a formatted reference is of one work, not ${items.length}: the styles are handed to the CSL engine without their sort keys`);
    return referenceBy(engineOf(style, language), items[0]);
  },
};

/** A work's formatted reference, by the CSL engine of its style (`cslEngine`): the bibliography of that one work. */
export function referenceBy(engine: CSL.Engine, work: CslItem): string {
  // The item as citation-js hands it to the engine: CSL 1.0.1's names upgraded, then cleaned (fields it does not know dropped, values corrected).
  const [item] = plugins.input.util.clean(util.upgradeCsl([withEtAl(work)])).map(latinNamesAsWritten);
  const sys = engine.sys as CitingSys;
  // The engine's registry holds the previous work, which registering this one takes out in the same update
  // (an update of its own cost 7% of a reference); but a work formatted again (its data changed) would be taken
  // for the one registered and left as it was: that one is taken out first.
  if (sys.item?.id === item.id) engine.updateItems([]);
  sys.item = item;
  if (citationUnread.get(engine)?.(item)) registeringUncited.add(engine);
  try {
    engine.updateItems([item.id]);
  } finally {
    registeringUncited.delete(engine);
  }
  // (citation-js then writes a `data-csl-entry-id` attribute into an entry's first tag, which in text is the work's own text when it begins like one: not here.)
  const [{ bibstart, bibend }, entries] = engine.makeBibliography();
  return `${bibstart}${entries.join('')}${bibend}`.trim().replace(/,? (?:&|\p{L}+) \u2063et al\.\u2063\.?/gu, ', et al.').replace(/\u2063/g, '');
}

/**
 * A work in Japanese or Chinese whose names are written in Latin letters, for
 * the engine: citeproc-js takes such a name for the romanisation of one in
 * the work's script and writes it family name first, with neither comma nor
 * the initial's period ("Tanaka Y., & Sato K."), where a name in Latin letters is
 * the name as its bearer writes it ("Tanaka, Y., & Sato, K."). Each is marked
 * as a name in Latin script (the engine's `multi.main`, `und-Latn`); the
 * names in the work's script stay as the style writes them (田中由紀). For the
 * engine alone: the CSL-JSON written has no `multi`.
 */
function latinNamesAsWritten(item: CslItem): CslItem {
  if (typeof item.language !== 'string' || !/^(ja|zh)(?![a-z])/i.test(item.language)) return item;
  const marked = Object.entries(item).map(([key, value]) => [key, Array.isArray(value)
    ? value.map((name: unknown) => (isLatinName(name) ? { ...(name as object), multi: { main: 'und-Latn', _key: {} } } : name))
    : value]);
  return Object.fromEntries(marked) as CslItem;
}

function isLatinName(name: unknown): boolean {
  const family = (name as { family?: unknown } | null)?.family;
  return typeof family === 'string' && /^[\p{Script=Latin}\p{M}\p{Zs}'\u2019.-]+$/u.test(family);
}

/** The "others" of an author list as a marker the formatted text is searched for. */
function withEtAl(item: CslItem): CslItem {
  const authors = item.author as unknown[] | undefined;
  if (!authors?.some(isOthers)) return item;
  return { ...item, author: authors.map((a) => (isOthers(a) ? { literal: '\u2063et al.\u2063' } : a)) };
}

/** RIS and CSL-JSON have no "et al.": the named authors only (never an author named "others"). */
function withoutOthers(item: CslItem): CslItem {
  const authors = item.author as unknown[] | undefined;
  return authors?.some(isOthers) ? { ...item, author: authors.filter((a) => !isOthers(a)) } : item;
}

/** BibTeX entry types by CSL type: what BibTeX and BibLaTeX tools import without edits. */
const bibtexTypes: Record<string, string> = {
  'article-journal': 'article', 'paper-conference': 'inproceedings', book: 'book', chapter: 'incollection', report: 'techreport',
  thesis: 'phdthesis', article: 'misc', speech: 'misc', dataset: 'misc', software: 'misc', patent: 'misc',
};

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pubstates: Record<string, string> = { 'in press': 'inpress', 'to appear': 'forthcoming', 'under review': 'submitted', accepted: 'accepted' };

/** One work as a BibTeX entry: UTF-8, LaTeX's special characters escaped, casing protected only where a style would break it. */
function bibtexEntry(item: CslItem): string {
  const str = (key: string) => (typeof item[key] === 'string' ? item[key] as string : undefined);
  const links = { ...(item.custom ?? {}) } as Record<string, string>;
  const eprint = /^arXiv:(.+)$/.exec(str('number') ?? '')?.[1] ?? links.arxiv;
  delete links.arxiv;
  const masters = /master/i.test(str('genre') ?? '');
  const type = item.type === 'thesis' && masters ? 'mastersthesis' : bibtexTypes[item.type] ?? 'misc';
  const fields: Array<[string, string | undefined]> = [];
  const add = (name: string, value: string | undefined) => { if (value) fields.push([name, value]); };
  add('author', names(item.author));
  add('editor', names(item.editor));
  add('translator', names(item.translator));
  add('title', str('title') && escapeTex(str('title')!, true));
  const container = str('container-title') && escapeTex(str('container-title')!);
  add(type === 'article' ? 'journal' : type === 'inproceedings' || type === 'incollection' ? 'booktitle' : 'howpublished',
    container ?? (item.type === 'speech' ? str('event-title') && escapeTex(str('event-title')!) : undefined));
  const parts = (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts']?.[0] ?? [];
  add('year', parts[0] ? String(parts[0]) : undefined);
  // A month is BibTeX's macro (unbraced); a full date is BibLaTeX's `date`.
  const month = parts[1] ? months[parts[1] - 1] : undefined;
  if (parts.length === 3) add('date', parts.map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-'));
  add('volume', str('volume') && escapeTex(str('volume')!));
  add('number', type === 'techreport' ? str('number') && escapeTex(str('number')!) : str('issue') && escapeTex(str('issue')!));
  add('pages', str('page') && escapeTex(str('page')!).replace(/(\d)\s*[-\u2013]\s*(\d)/g, '$1--$2'));
  add('series', str('collection-title') && escapeTex(str('collection-title')!));
  // A number in a series is BibTeX's `number` (a report's is its own number, which a series would share the field with).
  if (type !== 'techreport' && !str('issue')) add('number', str('collection-number') && escapeTex(str('collection-number')!));
  add('edition', str('edition') && escapeTex(str('edition')!));
  const publisher = str('publisher') && escapeTex(str('publisher')!);
  add(type === 'techreport' ? 'institution' : type.endsWith('thesis') ? 'school' : 'publisher', publisher);
  // The place of publication: `address` in BibTeX, `location` in biblatex (which reads `address` as it).
  add('address', str('publisher-place') && escapeTex(str('publisher-place')!));
  add('pubstate', pubstates[str('status') ?? '']);
  add('isbn', str('ISBN'));
  add('doi', str('DOI') && escapeVerbatim(str('DOI')!));
  if (eprint) {
    add('eprint', escapeVerbatim(eprint));
    add('archiveprefix', 'arXiv');
  }
  add('url', str('URL') && escapeVerbatim(str('URL')!));
  for (const [name, link] of Object.entries(links)) add(name, escapeVerbatim(link));
  add('keywords', str('keyword') && escapeTex(str('keyword')!));
  add('langid', str('language') && escapeTex(langid(str('language')!)));
  add('abstract', str('abstract') && escapeTex(str('abstract')!));
  const lines = fields.map(([name, value]) => `  ${name} = {${value}},`);
  if (month) lines.splice(fields.findIndex(([name]) => name === 'year') + 1, 0, `  month = ${month},`);
  return `@${type}{${item.id},\n${lines.join('\n')}\n}\n`;
}

/** A language tag as biblatex's `langid` names it (`fr` → `french`); a tag BibTeX has no name for, as it is. */
function langid(tag: string): string {
  const lower = tag.toLowerCase();
  const named = (t: string) => bibtexLanguages.find(([, known]) => known.toLowerCase() === t)?.[0];
  return named(lower) ?? named(lower.split('-')[0]) ?? tag;
}

/** CSL names as BibTeX writes them: `Family, Given`, a literal name braced whole, and `others`. */
function names(list: unknown): string | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return (list as Array<Record<string, string>>).map((n) => (isOthers(n) ? 'others'
    : n.family ? [braceIfNeeded(escapeTex(n.family)), n.given && escapeTex(n.given)].filter(Boolean).join(', ')
      : `{${escapeTex(n.literal ?? '')}}`)).join(' and ');
}

/** A family name with "and" or a comma in it is one name: braced. */
function braceIfNeeded(s: string): string {
  return /\band\b|,/.test(s) ? `{${s}}` : s;
}

/**
 * Text as LaTeX reads it back: its special characters escaped, its math
 * (`$L^p$`) written as it is; a title's casing protected besides.
 */
function escapeTex(s: string, title = false): string {
  const text = (t: string) => {
    const escaped = t.replace(/[\\{}&%$#_~^]/g, (c) => ({
      '\\': '\\textbackslash{}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
    } as Record<string, string>)[c] ?? `\\${c}`);
    return title ? protectCase(escaped) : escaped;
  };
  let out = '';
  let from = 0;
  for (const math of s.matchAll(mathSegment)) {
    // A title's math braced, as MathSciNet writes it: a style that lower-cases a title leaves `{$L^p$}` alone.
    out += text(s.slice(from, math.index)) + (title ? `{${math[0]}}` : math[0]);
    from = math.index + math[0].length;
  }
  return out + text(s.slice(from));
}

/** A URL, DOI or arXiv id: only what would end the field or start a comment is escaped. */
function escapeVerbatim(s: string): string {
  return s.replace(/[%#{}]/g, (c) => `\\${c}`);
}

/**
 * Casing protected as Better BibTeX does: each word with a capital in it
 * braced (`{Dirac} operators on {Riemannian} manifolds`, `{BERT}`, `{XVe}`),
 * so that a style that lower-cases a title keeps it as written.
 */
function protectCase(title: string): string {
  return title.replace(/[\p{L}\p{N}]+/gu, (word) => (/\p{Lu}/u.test(word) ? `{${word}}` : word));
}
