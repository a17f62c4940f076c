import type { Node } from '../../rdf/graph.js';
import { schema as s } from '../../rdf/vocabulary.js';
import { html, type Markup } from '../escape.js';
import { kindOf, type KindKey } from '../names.js';
import type { View } from './view.js';

/**
 * Google Scholar's inclusion guidelines ask for `citation_*` meta tags on
 * the page of each paper, one paper per page: so only a work's own page
 * carries them, never the homepage's list.
 */

/** Kinds of work Scholar indexes, and the Open Graph type of their pages. */
const scholarly: Partial<Record<KindKey, 'article' | 'book'>> = { article: 'article', book: 'book', thesis: 'article' };

export function ogTypeOfWork(view: View, node: Node): 'article' | 'book' | undefined {
  return scholarly[kindOf(view.g, node).key];
}

export function citationMeta(view: View, work: Node): Markup[] {
  const { g } = view;
  const kind = kindOf(g, work).key;
  if (!scholarly[kind]) return [];
  const tag = (name: string, value: string | undefined) => (value ? html`<meta name="${name}" content="${value}"/>` : undefined);
  const out: Array<Markup | undefined> = [];
  out.push(tag('citation_title', g.label(work)));
  // Authors in the order view.authors documents: the owner first, then by family name.
  for (const author of view.authors(work)) out.push(tag('citation_author', g.label(author)));
  const date = g.literal(work, s('datePublished'));
  // Scholar's date format: 2020, 2020/04 or 2020/04/30.
  if (date && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(date.value)) out.push(tag('citation_publication_date', date.value.replace(/-/g, '/')));
  for (const event of view.values(work, s('publication'))) out.push(tag('citation_conference_title', g.label(event)));
  for (const part of view.values(work, s('isPartOf'))) {
    if (kindOf(g, part).key === 'journal') out.push(tag('citation_journal_title', g.label(part)));
  }
  if (kind === 'thesis') {
    for (const org of view.values(work, s('sourceOrganization'))) out.push(tag('citation_dissertation_institution', g.label(org)));
  }
  // Only a PDF the data names: a URL of the work that is one.
  for (const p of [s('url'), s('contentUrl'), s('sameAs')]) {
    for (const u of g.values(work, p)) {
      if (u.termType === 'NamedNode' && /^https?:/i.test(u.value) && /\.pdf$/i.test(new URL(u.value).pathname)) out.push(tag('citation_pdf_url', u.value));
    }
  }
  return out.filter((m): m is Markup => m !== undefined);
}
