import type { Node } from '../../rdf/graph.js';
import { schema as s } from '../../rdf/vocabulary.js';
import { identifierScheme } from '../../source/identifiers.js';
import { isOthers } from '../citations.js';
import { html, type Markup } from '../escape.js';
import { kindOf, type KindKey } from '../names.js';
import type { View } from './view.js';

/**
 * Google Scholar's inclusion guidelines ask for `citation_*` meta tags on
 * the page of each paper, one paper per page: so only a work's own page
 * carries them, never the homepage's list.
 */

/** Kinds of work Scholar indexes, and the Open Graph type of their pages. */
const scholarly: Partial<Record<KindKey, 'article' | 'book'>> = { article: 'article', book: 'book', thesis: 'article', chapter: 'article', report: 'article' };

export function ogTypeOfWork(view: View, node: Node): 'article' | 'book' | undefined {
  return scholarly[kindOf(view.g, node).key];
}

/** A name in parts, as a CSL-JSON item has it. */
export interface NameParts { given?: string; family?: string; literal?: string }

/**
 * An author's name as Scholar and reference managers read it unambiguously. They take "Given Family" by its last
 * word for the family name (Zotero's page translator does): a family name of several words (María Núñez Ibáñez,
 * Javier de la Cruz) would be Ibáñez, Cruz. Where the name's parts are known and the name (of words) does not end
 * in the family name alone, it is "Family, Given", which Scholar's guidelines also accept; else the name as the
 * page shows it.
 */
function scholarName(name: string | undefined, parts: NameParts | undefined): string | undefined {
  const { given, family } = parts ?? {};
  // A name written without spaces (田中美咲) is read as it is.
  if (!name || !given || !family || !/\s/.test(name.trim())) return name;
  return name.trim().split(/\s+/).pop() === family.trim() ? name : `${family}, ${given}`;
}

export function citationMeta(view: View, work: Node, cited?: readonly NameParts[]): Markup[] {
  const { g } = view;
  const kind = kindOf(g, work).key;
  if (!scholarly[kind]) return [];
  const tag = (name: string, value: string | undefined) => (value ? html`<meta name="${name}" content="${value}"/>` : undefined);
  const out: Array<Markup | undefined> = [];
  out.push(tag('citation_title', g.label(work)));
  // Authors in the work's order (its bibo:authorList), as view.authors gives them.
  // Each name's parts from the work's citation, found by the name they make (an incomplete list, "and others", has
  // no order the page knows, and ends in a name that is none of its authors).
  const partsOf = new Map((cited ?? []).filter((p) => !isOthers(p) && p.given && p.family).map((p) => [`${p.given} ${p.family}`, p]));
  for (const author of view.authors(work)) out.push(tag('citation_author', scholarName(g.label(author), partsOf.get(g.label(author)?.trim() ?? ''))));
  const date = g.literal(work, s('datePublished'));
  // Scholar's date format: 2020, 2020/04 or 2020/04/30.
  if (date && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(date.value)) out.push(tag('citation_publication_date', date.value.replace(/-/g, '/')));
  for (const event of view.values(work, s('publication'))) out.push(tag('citation_conference_title', g.label(event)));
  for (const part of view.values(work, s('isPartOf'))) {
    const partKind = kindOf(g, part).key;
    if (partKind === 'journal') out.push(tag('citation_journal_title', g.label(part)));
    if (partKind === 'book') out.push(tag('citation_inbook_title', g.label(part)));
    if (g.is(part, s('PublicationVolume'))) out.push(tag('citation_volume', g.text(part, s('volumeNumber'))));
    if (g.is(part, s('PublicationIssue'))) out.push(tag('citation_issue', g.text(part, s('issueNumber'))));
  }
  const pages = g.text(work, s('pagination'))?.split(/[-–]/);
  if (pages) { out.push(tag('citation_firstpage', pages[0])); if (pages.length > 1) out.push(tag('citation_lastpage', pages[1])); }
  if (kind === 'thesis') {
    for (const org of view.values(work, s('sourceOrganization'))) out.push(tag('citation_dissertation_institution', g.label(org)));
  }
  if (kind === 'report') {
    for (const org of [...view.values(work, s('publisher')), ...view.values(work, s('sourceOrganization'))]) out.push(tag('citation_technical_report_institution', g.label(org)));
  }
  for (const publisher of view.values(work, s('publisher'))) out.push(tag('citation_publisher', g.label(publisher)));
  // Identifiers of the schemes Scholar reads (the DOI and arXiv id, the ISBN), as written.
  for (const id of g.nodes(work, s('identifier'))) {
    const name = identifierScheme(g.text(id, s('propertyID')) ?? '')?.scholarTag;
    if (name) out.push(tag(name, g.text(id, s('value'))));
  }
  out.push(tag('citation_language', g.text(work, s('inLanguage'))));
  // Only a PDF the data names: the work's PDF file, or a URL of the work that is one.
  const pdfs = new Set<string>();
  for (const file of g.nodes(work, s('encoding'))) {
    const url = g.node(file, s('contentUrl'));
    if (url && /pdf/i.test(g.text(file, s('encodingFormat')) ?? '')) pdfs.add(url.value);
  }
  for (const p of [s('url'), s('sameAs')]) {
    for (const u of g.values(work, p)) {
      if (u.termType === 'NamedNode' && /^https?:/i.test(u.value) && /\.pdf$/i.test(new URL(u.value).pathname)) pdfs.add(u.value);
    }
  }
  for (const pdf of pdfs) if (/^https?:/i.test(pdf)) out.push(tag('citation_pdf_url', pdf));
  return out.filter((m): m is Markup => m !== undefined);
}
