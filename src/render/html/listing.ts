import { type Node } from '../../rdf/graph.js';
import { schema as s } from '../../rdf/vocabulary.js';
import { html, phrase, type Markup } from '../escape.js';
import { filterBox, filterScript } from './home.js';
import { byYear, work } from './work.js';
import type { PageContent } from './page.js';
import type { View } from './view.js';

/**
 * A listing page (site/listings.ts): a schema:CollectionPage whose main
 * entity is an ItemList. Its entries in their positions, by year with the
 * homepage's publication entries where every entry is dated, else as a
 * numbered list of links; the pages before and after it linked by number.
 */
export function listingPage(view: View, page: Node, title: string): PageContent {
  const { g, words } = view;
  const list = g.node(page, s('mainEntity'));
  const entries = list ? g.nodes(list, s('itemListElement')) : [];
  const position = (n: Node) => Number(g.text(n, s('position')) ?? 0);
  const items = entries.sort((a, b) => position(a) - position(b))
    .map((e) => g.node(e, s('item'))).filter((n): n is Node => n !== undefined);
  const count = list ? g.text(list, s('numberOfItems')) : undefined;
  const here = position(page);
  const others = g.nodes(page, s('relatedLink')).filter((p) => g.is(p, s('CollectionPage')));
  const first = items.length > 0 ? position(entries[0]) : 1;
  const dated = items.length > 0 && items.every((i) => view.when(i) !== undefined);
  const body = dated
    ? html`${filterBox(view, 'listing-filter')}${byYear(view, items, (i) => work(view, i), 2)}`
    : html`<ol class="plain listing" start="${String(first)}">
${items.map((i) => html`<li>${view.link(i)}</li>\n`)}</ol>`;
  const pager = (word: string, rel: string, p: Node | undefined) => (p
    ? html`<a href="${view.href(p.value) ?? '#'}" rel="${rel}">${words.text(word, { page: g.text(p, s('position')) ?? '' })}</a>`
    : undefined);
  const previous = others.find((p) => position(p) === here - 1);
  const next = others.find((p) => position(p) === here + 1);
  const links = [pager('previous-page', 'prev', previous), pager('next-page', 'next', next)].filter((m): m is Markup => m !== undefined);
  const row = html`<p class="pages">${links.map((l, i) => html`${i > 0 ? ' · ' : ''}${l}`)}</p>\n`;
  // One navigation landmark (a second with the same name confuses screen readers); the same links again at the end.
  const nav = links.length > 0 ? html`<nav aria-label="${words.text('pages-of-list')}">${row}</nav>\n` : '';
  const end = links.length > 0 ? row : '';
  const total = Number(count ?? items.length);
  return {
    description: words.text('listing-description', { title }, total),
    ogType: 'website',
    head: dated ? [filterScript(view)] : [],
    main: html`<h1>${title}</h1>
<p class="detail">${phrase(words, 'listing-position', { page: String(here), home: html`<a href="${view.basePath}">${words.text('back-home')}</a>` }, total)}</p>
${nav}${body}
${end}`,
  };
}
