import { formats } from '../../formats.js';
import { termKey, type Node } from '../../rdf/graph.js';
import { ownWorkPredicates, schema as s } from '../../rdf/vocabulary.js';
import { html, join, phrase, type Markup } from '../escape.js';
import { hasMath } from '../../source/tex-math.js';
import { markdownBlock } from '../markdown.js';
import { kindName, kindOf, propertyName, thesisKind } from '../names.js';
import { linkRow, workLinks } from './links.js';
import type { View } from './view.js';

/**
 * A work's entry in a list of works, one for every list the site shows: the
 * homepage's publications and selected works, the listing pages, the CV
 * (whose print rules hide its badge, links and toggles), and the works on a
 * person's, a project's or another work's page.
 */

/** One entry of a publication list: title, authors, venue, kind, status, awards. */
export function work(view: View, w: Node): Markup {
  const { g, words } = view;
  const kind = kindOf(g, w);
  const venues = venuesOf(view, w);
  const degree = g.text(w, s('inSupportOf'));
  const publishers = view.values(w, s('publisher'));
  const editors = view.editors(w);
  const institutions = view.values(w, s('sourceOrganization'));
  const status = g.text(w, s('creativeWorkStatus'));
  const contributors = g.nodes(w, s('contributor'));
  const prizes = view.values(w, s('award'));
  const authored = g.nodes(w, s('author')).length > 0;
  // A volume with editors and no author is theirs: they head its entry, marked as its editors.
  const byline = authored ? listedAuthors(view, w)
    : editors.length > 0 ? phrase(words, 'editors-byline', { editors: view.byline(w, editors) }, editors.length) : undefined;
  const where = join([
    ...venues.map((v) => (kindOf(g, v).key === 'book' ? phrase(words, 'in-book', { book: view.link(v) }) : view.link(v))),
    volumeAndPages(view, w),
    authored && editors.length > 0 ? phrase(words, 'edited-by-lower', { editors: view.links(editors) }) : undefined,
    ...publishers.map((p) => view.link(p)),
    kind.key === 'article' ? undefined : thesisKind(words, kindName(words, kind), degree),
    ...institutions.map((i) => view.link(i)),
    status ? html`<span class="status">${words.textOr(`status-${status.replace(/ /g, '-')}`, status)}</span>` : undefined,
  ]);
  // al-folio's venue badge: the short name (alternateName) of the event, its series or the journal.
  const badge = venues.flatMap((v) => [v, ...view.values(v, s('superEvent'))]).map((v) => g.text(v, s('alternateName'))).find(Boolean);
  const abstract = g.text(w, s('abstract'));
  const bibtex = w.termType === 'NamedNode' ? view.bibtex(w.value) : undefined;
  return html`<li class="work h-cite">
${badge ? html`<span class="badge">${badge}</span>` : ''}${hasMath(view.name(w)) ? html`<span class="title">${view.link(w)}</span><data class="p-name" value="${view.name(w)}"></data>` : html`<span class="title p-name">${view.link(w)}</span>`}
${byline ? html`<div class="byline${authored ? '' : ' p-author'}">${byline}</div>` : ''}
${where.value ? html`<span class="where">${where}</span>` : ''}
${linkRow(workLinks(view, w), view.name(w))}
${contributors.map((c) => html`<span class="where">${phrase(words, 'labelled', { label: g.text(c, s('roleName')) ?? words.label(s('contributor'), 1)!, value: view.link(g.through(c, s('contributor'))) })}</span>`)}
${prizes.map((a) => html`<span class="prize">${view.link(a)}</span>`)}
${abstract ? html`<details class="abstract"><summary>${propertyName(words, s('abstract'))}</summary>${markdownBlock(abstract, view.basePath)}</details>` : ''}
${bibtex ? html`<details class="bibtex"><summary>${formats.bibtex.label}</summary><pre>${bibtex}</pre></details>` : ''}
</li>`;
}

/**
 * A listed work's authors: the first `authorsShown`, then "and N more"
 * (naming the profile's owner when she is among them), which opens the
 * rest in place, in their order. Never "and 1 more": one more name is as
 * short. Each name is one of the work's microformats p-author, so that a
 * reader of them takes the names, not the toggle's words.
 */
function listedAuthors(view: View, w: Node): Markup {
  const people = view.authors(w);
  if (people.length <= view.authorsShown + 1) return view.byline(w, people, 'p-author');
  const rest = people.slice(view.authorsShown);
  const owner = rest.find((p) => view.isOwner(p));
  const more = owner ? phrase(view.words, 'more-authors-with', { owner: view.name(owner) }, rest.length) : phrase(view.words, 'more-authors', {}, rest.length);
  return html`${view.byline(w, people.slice(0, view.authorsShown), 'p-author')}<details class="more-authors"><summary> ${more}</summary>, ${view.byline(w, rest, 'p-author')}</details>`;
}

/** The works that are a person's own (written or edited by them: `ownWorkPredicates`), newest first. */
export function ownWorks(view: View, person: Node): Node[] {
  const found = new Map(ownWorkPredicates.flatMap((p) => view.g.subjects(p, person)).map((w) => [termKey(w), w]));
  return [...found.values()].sort(view.byDateDesc);
}

/** Where a work appeared: its event, journal or book (named entries, not its volume and issue numbers). */
export function venuesOf(view: View, work: Node): Node[] {
  return [...view.values(work, s('publication')), ...view.values(work, s('isPartOf'))].filter((v) => v.termType === 'NamedNode');
}

/** `vol. 12, no. 3, pp. 45–67`, from the work's volume, issue and pages. */
function volumeAndPages(view: View, work: Node): string | undefined {
  const { g, words } = view;
  const parts = view.values(work, s('isPartOf'));
  const volume = parts.map((p) => g.text(p, s('volumeNumber'))).find(Boolean);
  const issue = parts.map((p) => g.text(p, s('issueNumber'))).find(Boolean);
  const pages = g.text(work, s('pagination'));
  // A range or list of pages takes the plural ("pp."), one page the singular ("p.").
  const bits = [volume ? words.text('volume', { volume }) : '', issue ? words.text('issue', { issue }) : '',
    pages ? words.text('pages', { pages: pageRange(pages) }, /[-–,]/.test(pages) ? 2 : 1) : ''];
  return bits.filter(Boolean).join(', ') || undefined;
}

/** Pages as a reader reads them: each range with an en dash (`112–124`, `S12–S18`), however the data writes it (`112-124`, `112--124`). */
export function pageRange(pages: string): string {
  return pages.replace(/(\w)\s*(?:-{1,2}|–)\s*(?=\w)/g, '$1–');
}

/** A list split by year, newest first, with a heading per year (an h3 under a section's h2; an h2 on a page of its own). */
export function byYear(view: View, nodes: Node[], item: (n: Node) => Markup, level: 2 | 3 | 4 = 3): Markup {
  const years = new Map<string, Node[]>();
  for (const n of nodes) {
    const year = view.dateKey(n).slice(0, 4) || view.words.text('undated');
    const group = years.get(year) ?? [];
    group.push(n);
    years.set(year, group);
  }
  const heading = (year: string) => (level === 2 ? html`<h2 class="year">${year}</h2>` : level === 3 ? html`<h3 class="year">${year}</h3>` : html`<h4 class="year">${year}</h4>`);
  return html`${[...years.entries()].map(([year, ns]) => html`${heading(year)}
<ol class="works">
${ns.map((n) => html`${item(n)}\n`)}</ol>\n`)}`;
}
