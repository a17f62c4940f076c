import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-ris';
import { stylesDir } from '../config.js';
import type { CitationFormat } from '../formats.js';
import { type Graph, isNode, type Node } from '../rdf/graph.js';
import { bibo, schema as s } from '../rdf/vocabulary.js';
import { kindOf, type KindKey } from './names.js';

/**
 * A work's citation, for reference managers and readers: CSL-JSON (the
 * data every citation tool reads), and from it, by citation-js (the CSL
 * engine and BibTeX/RIS writers Zotero's ecosystem uses), BibTeX, RIS and
 * formatted references in the official CSL styles of styles/csl/. Made from
 * the graph, like every other view.
 */

/** CSL item types, by kind of work; others are not cited. */
const cslTypes: Partial<Record<KindKey, string>> = {
  article: 'article', book: 'book', chapter: 'chapter', thesis: 'thesis', report: 'report', poster: 'speech',
  talk: 'speech', 'research-data': 'dataset', software: 'software', patent: 'patent',
};

/** The styles a formatted reference can be asked in (`style=` of `text/x-bibliography`), the first the default. */
export const citationStyles: readonly string[] = (() => {
  const names = readdirSync(stylesDir).filter((f) => f.endsWith('.csl')).map((f) => f.slice(0, -4)).sort();
  const config = plugins.config.get('@csl');
  // BibTeX keys are the entries' ids as written (hyphens are fine in BibTeX), so they stay stable.
  plugins.config.get('@bibtex').format.checkLabel = false;
  // UTF-8 as written, not LaTeX escapes: BibTeX tools read it, and older parsers mangle `{\' a}`.
  plugins.config.get('@bibtex').format.asciiOnly = false;
  for (const name of names) config.styles.add(name, readFileSync(path.join(stylesDir, `${name}.csl`), 'utf8'));
  return ['apa', ...names.filter((n) => n !== 'apa')];
})();

export type CslItem = Record<string, unknown> & { id: string; type: string };

/** The CSL-JSON item of a work, or undefined for what is not a work that is cited. */
export function cslItem(g: Graph, work: Node, id: string): CslItem | undefined {
  const kind = kindOf(g, work).key;
  let type = cslTypes[kind];
  if (!type) return undefined;
  const venue = g.node(work, s('publication'));
  const parts = g.nodes(work, s('isPartOf'));
  const journal = parts.find((p) => kindOf(g, p).key === 'journal');
  const book = parts.find((p) => kindOf(g, p).key === 'book');
  if (kind === 'article') type = journal ? 'article-journal' : venue ? 'paper-conference' : 'article';
  const text = (p: string, node: Node = work) => g.text(node, p);
  const item: CslItem = { id, 'citation-key': id, type };
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) item[key] = value;
  };
  put('title', g.label(work));
  put('author', ordered(g, work, bibo('authorList'), s('author')).map((p) => personName(g, p)));
  put('editor', ordered(g, work, bibo('editorList'), s('editor')).map((p) => personName(g, p)));
  const date = text(s('datePublished'));
  if (date) put('issued', { 'date-parts': [date.split('-').map(Number)] });
  put('container-title', g.label(journal ?? book ?? venue ?? work) === g.label(work) ? undefined : g.label((journal ?? book ?? venue)!));
  if (venue) put('event-title', g.label(venue));
  put('publisher', [...g.nodes(work, s('publisher')), ...g.nodes(work, s('sourceOrganization'))].map((o) => g.label(o)).find(Boolean));
  put('volume', parts.map((p) => text(s('volumeNumber'), p)).find(Boolean));
  put('issue', parts.map((p) => text(s('issueNumber'), p)).find(Boolean));
  put('page', text(s('pagination')));
  put('abstract', text(s('abstract')));
  put('keyword', g.literals(work, s('keywords')).map((k) => k.value).join(', '));
  put('language', text(s('inLanguage')));
  put('status', text(s('creativeWorkStatus')));
  if (kind === 'thesis') put('genre', [text(s('inSupportOf')), 'thesis'].filter(Boolean).join(' '));
  for (const id of g.nodes(work, s('identifier'))) {
    const value = text(s('value'), id);
    const key = { DOI: 'DOI', ISBN: 'ISBN' }[text(s('propertyID'), id) ?? ''];
    if (key && value) put(key, value);
    if (text(s('propertyID'), id) === 'arXiv' && value) { put('number', `arXiv:${value}`); }
  }
  put('URL', g.nodes(work, s('url')).map((u) => u.value).find((u) => /^https?:/.test(u)));
  return item;
}

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

/** The writer of each citation format of formats.ts, of one or more items (a formatted reference in a style, the first by default). */
export const citationWriters: { readonly [F in CitationFormat]: (items: readonly CslItem[], style?: string) => string } = {
  bibtex: (items) => new Cite(items).format('bibtex'),
  csl: (items) => `${JSON.stringify(items, null, 2)}\n`,
  // citation-js breaks RIS values every 70 characters, mid-word, in lines readers take for new values: one value, one line.
  ris: (items) => new Cite(items).format('ris').replace(/\n(?![A-Z][A-Z0-9] {2}-)(?=.)/g, ''),
  // Unsorted: a work's own reference is one entry, and sorting it is a quarter of citeproc's time (measured).
  reference: (items, style = citationStyles[0]) => new Cite(items).format('bibliography', {
    format: 'text', template: style, lang: 'en-US', nosort: items.length === 1,
  }).trim(),
};
