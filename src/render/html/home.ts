import { formats } from '../../formats.js';
import { isNode, termKey as keyOf, type Node } from '../../rdf/graph.js';
import { foaf as foafTerm, schema as s } from '../../rdf/vocabulary.js';
import { html, join, list as wordList, phrase, type Markup } from '../escape.js';
import { kindOf, nameOf, propertyName, scholarlyKinds, shorten, thesisKind } from '../names.js';
import { hasMath } from '../../source/tex-math.js';
import { firstBlock, markdownBlock, markdownInline, markdownWords, withMath } from '../markdown.js';
import { literal } from './entity.js';
import { linkRow, otherIcons, profileLinks, serviceName, workLinks, type OutLink } from './links.js';
import type { HtmlLink, PageContent } from './page.js';
import { dateKey } from './text.js';
import type { View } from './view.js';
import { byYear, ownWorks, venuesOf, work } from './work.js';
import { listingUrl } from '../../site/layout.js';
import type { HomeSection, SectionId } from '../../site/settings.js';

/**
 * The homepage: the ProfilePage and its main entity, the scholar, with every
 * section of the profile. Its document holds what the homepage shows (the
 * long collections cut to their most recent entries, site/documents.ts
 * homeSlice), and each section is a question to it by rdf:type and predicate (the scholar's
 * positions, the works they authored, the groups they are a member of…).
 * Entities get links to their own pages wherever they are mentioned; a
 * cut section, and the Lists section, link to the listings. Which sections
 * there are, and in what order, is a setting (site/settings.ts); each is
 * headed by the word `section-{id}`.
 */

/** What each section shows: made from the page, the person and the profile's name. */
interface SectionInput { view: View; page: Node; person: Node; name: string; bibliography: readonly HtmlLink[]; publicationsOnHome?: number }

/**
 * A section's body, made when asked: a section answers whether it has
 * anything to show (undefined when not) by asking the page's graph alone,
 * so the header's links of every page cost no rendering of the homepage.
 */
type Body = () => Markup;

const sectionBodies: Record<SectionId, (i: SectionInput) => Body | undefined> = {
  about: ({ view, person }) => about(view, person),
  selected: ({ view, page }) => selected(view, page),
  news: ({ view, page }) => news(view, page),
  research: ({ view, person }) => research(view, person),
  publications: ({ view, page, person, bibliography, publicationsOnHome }) => publications(view, page, person, bibliography, publicationsOnHome),
  talks: ({ view, person }) => talks(view, person),
  awards: ({ view, person }) => awards(view, person),
  software: ({ view }) => software(view),
  group: ({ view, person }) => groups(view, person),
  theses: ({ view, person }) => theses(view, person),
  teaching: ({ view }) => teaching(view),
  service: ({ view, person }) => service(view, person),
  colleagues: ({ view, person }) => colleagues(view, person),
  contact: ({ view, person, name }) => contact(view, person, name),
  lists: ({ view, page }) => lists(view, page),
};

/** The sections of the homepage that have something to show, in order, each with its heading and its body still to make. */
function shownSections(input: SectionInput, sections: readonly HomeSection[]) {
  return sections.flatMap((x) => {
    const body = sectionBodies[x.id](input);
    return body === undefined ? [] : [{ ...x, heading: input.view.words.text(`section-${x.id}`), body }];
  });
}

/**
 * The header's links: the shown sections marked for it (`{prefix}#news`…)
 * and the CV. The homepage's own links are in-page (`prefix` empty); every
 * other page's lead to the homepage (`homeNav`).
 */
function navOf(view: View, shown: ReturnType<typeof shownSections>, prefix: string): HtmlLink[] {
  return [...shown.filter((x) => x.nav).map((x) => ({ href: `${prefix}#${x.id}`, label: x.heading })), { href: `${view.basePath}cv.html`, label: view.words.text('cv') }];
}

/** The homepage's header links as every other page shows them, from the homepage's document: only its sections marked for the header are asked whether they show. */
export function homeNav(view: View, page: Node, person: Node, sections: readonly HomeSection[]): HtmlLink[] {
  const input: SectionInput = { view, page, person, name: '', bibliography: [] };
  return navOf(view, shownSections(input, sections.filter((x) => x.nav)), view.basePath);
}

export function homePage(view: View, page: Node, person: Node, sections: readonly HomeSection[], bibliography: readonly HtmlLink[] = [], publicationsOnHome?: number): PageContent {
  const { g, words } = view;
  const name = g.label(person) ?? nameOf(g, person, words);
  const shown = shownSections({ view, page, person, name, bibliography, publicationsOnHome }, sections);

  const main = html`${intro(view, page, person, name)}
${shown.map((x) => html`<section id="${x.id}" aria-labelledby="${x.id}-title">
<h2 id="${x.id}-title">${x.heading}</h2>
${x.body()}
</section>\n`)}`;
  const said = g.text(person, s('disambiguatingDescription')) ?? g.text(person, s('description'));
  // Plain text: the words of the person's Markdown, its markup left out.
  const summary = said === undefined ? undefined : markdownWords(said);
  return {
    description: shorten(summary ? `${name}. ${summary}` : name, 200),
    ogType: 'profile',
    // The page is the person's h-card (microformats2): their name, photo, links, organisations and
    // contact are its properties; the news items in it are h-entry, the works h-cite.
    microformat: 'h-card',
    head: shown.some((x) => x.id === 'publications') ? [filterScript(view)] : [],
    nav: navOf(view, shown, ''),
    main,
  };
}

/** The script of `filterBox`: the site's own file, run once the page is read. */
export function filterScript(view: View): Markup {
  return html`<script src="${view.basePath}filter.js" defer=""></script>`;
}

/** Name, current position, research summary and announcements: the top of the page. */
function intro(view: View, page: Node, person: Node, name: string): Markup {
  const { g } = view;
  const current = positions(view, person).filter((r) => !g.literal(r, s('endDate')));
  const affiliations = view.values(person, s('affiliation'));
  const summary = g.literal(person, s('disambiguatingDescription'));
  const notices = g.nodes(page, s('hasPart')).filter((n) => !view.when(n)).sort(view.byDateDesc);
  const anchor = person.termType === 'NamedNode' && person.value.startsWith(`${view.url}#`) ? person.value.slice(view.url.length + 1) : undefined;
  const jobTitle = g.text(person, s('jobTitle'));
  const elsewhere = profileLinks(view, person);
  const emails = g.literals(person, s('email')).map((e) => e.value);
  return html`<header class="intro"${anchor ? html` id="${anchor}"` : ''}>
${photo(view, person, name)}<h1 class="p-name">${name}</h1>
${jobTitle ? html`<p class="job-title p-job-title">${jobTitle}</p>` : ''}
${current.map((r) => html`<p class="position">${position(view, r)}</p>\n`)}${affiliations.length > 0 ? html`<p class="affiliation">${phrase(view.words, 'affiliated-with', { organizations: view.list(affiliations.map((a) => html`<span class="p-org">${view.link(a)}</span>`)) })}</p>` : ''}
${summary ? html`<p class="summary p-note">${literal(summary, view.words)}</p>` : ''}
${elsewhere.length > 0 || emails.length > 0 ? html`<p class="elsewhere">${join([
    ...elsewhere.map((l) => iconLink(view, l, 'u-url', 'me noopener')),
    // The contact section's address is the h-card's u-email; this one is the same address, not another.
    ...emails.map((e) => iconLink(view, { label: view.words.label(s('email')) ?? e, href: `mailto:${e}`, icon: otherIcons.email })),
  ], ' ')}</p>` : ''}
</header>
${notices.map((n) => {
    const { text, block, page } = said(view, n);
    const label = html`<a class="label" href="${view.href(n.value) ?? '#'}">${view.kind(n)}</a>`;
    return html`<div class="notice" role="note">${block ? html`<p>${label}</p>${text}` : html`<p>${label} ${text}</p>`}${readMore(view, page)}</div>\n`;
  })}`;
}

/**
 * A link of the header's row: the service's icon (a CSS mask of its file, so
 * that it takes the link's colour), named by its label, which the page
 * keeps as text for screen readers, print and a browser without CSS; a link
 * with no icon shows its label.
 */
function iconLink(view: View, link: OutLink, microformat?: string, rel?: string): Markup {
  const classes = [microformat, link.icon ? 'icon' : undefined].filter(Boolean).join(' ');
  const attributes = html`${classes ? html`class="${classes}" ` : ''}href="${link.href}"${rel ? html` rel="${rel}"` : ''}`;
  if (!link.icon) return html`<a ${attributes}>${link.label}</a>`;
  return html`<a ${attributes} title="${link.label}" style="--icon: url(${view.basePath}icons/${link.icon}.svg)"><span class="label">${link.label}</span></a>`;
}

/** The person's photo, described by its caption (or their name). */
function photo(view: View, person: Node, name: string): Markup {
  const picture = view.picture(person);
  if (!picture) return html``;
  // Shown 160 px wide; a photo of the profile's own files keeps its proportions (its size read from its header).
  const height = picture.size ? Math.round((160 * picture.size.height) / picture.size.width) : 160;
  return html`<img class="photo u-photo" src="${picture.src}" alt="${picture.caption ?? name}" width="160" height="${height}"/>\n`;
}

/**
 * A project's picture beside its entry, 96 px wide, as al-folio's project cards show one; described by its caption,
 * else by nothing (alt=""), as the project's name is the heading beside it.
 */
function thumbnail(view: View, project: Node): Markup {
  const picture = view.picture(project);
  if (!picture) return html``;
  const height = picture.size ? Math.round((96 * picture.size.height) / picture.size.width) : 96;
  return html`<img class="thumb" src="${picture.src}" alt="${picture.caption ?? ''}" width="96" height="${height}" loading="lazy"/>\n`;
}

/**
 * What a news item or notice says, its Markdown read; a text of several paragraphs (a post imported with its page)
 * by its first, with the page that has the rest (`page`, which `readMore` links). A text that starts with a list (or
 * code) shows it as such, a `block` (its lists' elements), where one starting with a paragraph is that paragraph's
 * text, to be put in one.
 */
function said(view: View, n: Node): { text: Markup; block: boolean; page?: string; words: string } {
  const text = view.g.text(n, s('text'));
  if (!text) {
    const name = nameOf(view.g, n, view.words);
    return { text: withMath(name), block: false, words: name };
  }
  const { first, more, paragraph } = firstBlock(text);
  const page = more ? view.href(n.value) : undefined;
  const shown = page ? first : text;
  return { text: paragraph ? markdownInline(shown, view.basePath) : markdownBlock(shown, view.basePath), block: !paragraph, page, words: markdownWords(shown) };
}

/** A link to the page of a news item or notice the list shows only the first paragraph of (`said`). */
function readMore(view: View, page: string | undefined): Markup {
  return page ? html` <a class="more" href="${page}">${view.words.text('read-more')}</a>` : html``;
}

/** The person's positions: worksFor, each a role (or a plain organisation). */
export function positions(view: View, person: Node): Node[] {
  return view.g.nodes(person, s('worksFor')).sort(view.byDateDesc);
}

/** `Tenure-track faculty, Max Planck Institute for Software Systems, 2018 – Sep 2022`, with the organisation's parents and place. */
export function position(view: View, role: Node, predicate = s('worksFor')): Markup {
  const { g } = view;
  const org = g.through(role, predicate);
  const title = g.isRole(role) ? g.text(role, s('roleName')) : undefined;
  return join([
    title ? html`<span class="role">${title}</span>` : undefined,
    organisation(view, org),
    g.isRole(role) && view.period(role) ? html`<span class="period">${view.period(role)}</span>` : undefined,
  ]);
}

/** An organisation with the organisations it is part of, and where it is. */
function organisation(view: View, org: Node): Markup {
  const { g } = view;
  const chain: Node[] = [org];
  for (let o = org, i = 0; i < 3; i++) {
    const parent = g.node(o, s('parentOrganization'));
    if (!parent || chain.some((c) => keyOf(c) === keyOf(parent))) break;
    chain.push(parent);
    o = parent;
  }
  const place = g.node(org, s('location'));
  return html`${join(chain.map((o) => view.link(o)))}${place ? html` <span class="place">(${view.link(place)})</span>` : ''}`;
}

function about(view: View, person: Node): Body | undefined {
  const { g, words } = view;
  const bio = g.literals(person, s('description'));
  const interests = view.values(person, s('knowsAbout'));
  const statements = view.values(person, s('subjectOf'));
  const past = positions(view, person).filter((r) => g.literal(r, s('endDate')));
  const education = g.nodes(person, s('alumniOf')).sort(view.byDateDesc);
  const memberships = g.nodes(person, s('memberOf')).sort(view.byDateDesc);
  const funding = g.nodes(person, s('funding')).sort(view.byDateDesc);
  if ([bio, interests, statements, past, education, memberships, funding].every((list) => list.length === 0)) return undefined;
  return () => {
    const facts = [
      interests.length > 0 ? html`<div><dt>${words.text('research-interests')}</dt><dd>${view.list(interests.map((t) => view.link(t)))}</dd></div>` : undefined,
      ...statements.map((d) => html`<div><dt>${propertyName(words, s('subjectOf'))}</dt><dd>${view.link(d)}${view.when(d) ? html` <span class="when">(${view.time(d)})</span>` : ''}${g.text(d, s('description')) ? html`. ${withMath(g.text(d, s('description'))!)}` : ''}</dd></div>`),
    ].filter(Boolean);
    const previously = [
      ...past.map((r) => html`<li>${position(view, r)}${g.text(r, s('description')) ? html` <span class="note">${withMath(g.text(r, s('description'))!)}</span>` : ''}</li>`),
      ...memberships.map((r) => html`<li>${position(view, r, s('memberOf'))}</li>`),
      ...education.map((r) => html`<li>${position(view, r, s('alumniOf'))}</li>`),
    ];
    const grants = funding.map((r) => {
      const grant = g.through(r, s('funding'));
      const funders = view.values(grant, s('funder'));
      return html`<li>${view.link(grant)}${funders.length > 0 ? html`, ${phrase(words, 'funded-by', { funders: view.list(funders.map((f) => view.link(f))) })}` : ''}${g.isRole(r) && view.period(r) ? html`, <span class="period">${view.period(r)}</span>` : ''}</li>`;
    });
    return html`${bio.map((b) => html`${markdownBlock(b.value, view.basePath)}\n`)}${facts.length > 0 ? html`<dl class="facts">${facts}</dl>` : ''}
${previously.length > 0 ? html`<h3>${words.text('previously')}</h3>\n<ul class="plain past">${previously}</ul>` : ''}
${grants.length > 0 ? html`<h3>${propertyName(words, s('funding'))}</h3>\n<ul class="plain">${grants}</ul>` : ''}`;
  };
}

/** Dated parts of the page, newest first; the date links to the item's own page. */
function news(view: View, page: Node): Body | undefined {
  const { g } = view;
  const items = g.nodes(page, s('hasPart')).filter((n) => view.when(n)).sort(view.byDateDesc);
  if (items.length === 0) return undefined;
  return () => html`<ol class="dated">
${items.map((n) => {
    const topics = view.values(n, s('about'));
    const { text, block, page, words: written } = said(view, n);
    const see = topics.length > 0 ? html`<span class="see">→ ${join(topics.map((t) => view.link(t)), ', ')}</span>` : '';
    // A text with math names the entry as written (`p-name` of a `data`): the typeset MathML's text and its TeX are no name.
    const math = hasMath(written);
    const classes = math ? (page ? '' : 'e-content') : `p-name ${page ? 'p-summary' : 'e-content'}`;
    const named = math ? html`<data class="p-name${page ? ' p-summary' : ''}" value="${written}"></data>` : '';
    const attributes = classes ? html` class="${classes}"` : html``;
    const shown = block ? html`<div${attributes}>${text}${see ? html`<p>${see}</p>` : ''}</div>` : html`<p${attributes}>${text}${see ? html` ${see}` : ''}</p>`;
    return html`<li class="h-entry"><a class="date u-url" href="${view.href(n.value) ?? '#'}">${view.time(n, 'dt-published')}</a><div>${named}${shown}${readMore(view, page)}</div></li>\n`;
  })}</ol>`;
}

/** Works that are about a node (papers about a project). */
function worksAbout(view: View, node: Node): Node[] {
  return view.g.subjects(s('about'), node).filter((w) => view.g.nodes(w, s('author')).length > 0 || scholarlyKinds.includes(kindOf(view.g, w).key)).sort(view.byDateDesc);
}

function research(view: View, person: Node): Body | undefined {
  const { g, words } = view;
  const current = view.values(person, foafTerm('currentProject'));
  const past = view.values(person, foafTerm('pastProject'));
  const projects = [...current, ...past.filter((p) => !current.some((c) => keyOf(c) === keyOf(p)))];
  if (projects.length === 0) return undefined;
  const isPast = (p: Node) => past.some((x) => keyOf(x) === keyOf(p)) && !current.some((x) => keyOf(x) === keyOf(p));
  return () => html`${projects.map((p) => {
    const papers = worksAbout(view, p);
    const code = g.subjects(s('about'), p).filter((c) => kindOf(g, c).key === 'code');
    const prizes = view.values(p, s('award'));
    const accounts = view.values(p, foafTerm('account'));
    const rows = [
      papers.length > 0 ? html`<div><dt>${words.text('papers', {}, papers.length)}</dt><dd>${join(papers.map((w) => html`${view.link(w)}${venueAndYear(view, w)}`), '; ')}</dd></div>` : undefined,
      prizes.length > 0 ? html`<div><dt>${words.label(s('award'), prizes.length)}</dt><dd>${join(prizes.map((a) => view.link(a)), '; ')}</dd></div>` : undefined,
      code.length > 0 ? html`<div><dt>${words.text('group-code')}</dt><dd>${join(code.map((c) => html`${view.link(c)}${hostOf(view, c)}`), '; ')}</dd></div>` : undefined,
      accounts.length > 0 ? html`<div><dt>${words.label(foafTerm('account'), accounts.length)}</dt><dd>${join(accounts.map((a) => account(view, a)), '; ')}</dd></div>` : undefined,
    ].filter(Boolean);
    return html`<article class="project">
${thumbnail(view, p)}<h3>${view.link(p)}${isPast(p) ? html` <span class="tag">${words.label(foafTerm('pastProject'), 1)}</span>` : ''}</h3>
${g.literals(p, s('description')).map((d) => markdownBlock(d.value, view.basePath))}
${rows.length > 0 ? html`<dl class="facts compact">${rows}</dl>` : ''}
</article>\n`;
  })}`;
}

function venueAndYear(view: View, work: Node): Markup {
  const venues = venuesOf(view, work);
  const bits = venues.length > 0 ? venues.map((v) => view.link(v)) : [view.time(work)];
  return bits.length > 0 && bits[0] ? html` <span class="detail">(${join(bits)})</span>` : html``;
}

function hostOf(view: View, code: Node): Markup {
  const hosts = view.values(code, s('isPartOf'));
  return hosts.length > 0 ? html` <span class="detail">${phrase(view.words, 'on-hosts', { hosts: view.list(hosts.map((h) => view.link(h))) })}</span>` : html``;
}

function account(view: View, acct: Node): Markup {
  const hosts = view.values(acct, foafTerm('accountServiceHomepage'));
  // Its page here, which says what it is; the profile page elsewhere is among the header's links.
  // A service the profile names is linked to its entry; one given only by its URL, to that URL.
  return html`${view.link(acct)}${hosts.length > 0 ? html` <span class="detail">${phrase(view.words, 'on-hosts', { hosts: view.list(hosts.map((h) => (view.g.label(h) ? view.link(h) : html`<a href="${h.value}">${serviceName(h.value)}</a>`))) })}</span>` : ''}`;
}

/** The works the profile page highlights (al-folio's `selected: true`), newest first. */
function selected(view: View, page: Node): Body | undefined {
  const works = view.values(page, s('significantLink')).sort(view.byDateDesc);
  return works.length === 0 ? undefined : () => html`<ol class="works">${works.map((w) => work(view, w))}</ol>`;
}

function publications(view: View, page: Node, person: Node, bibliography: readonly HtmlLink[], onHome?: number): Body | undefined {
  const { words } = view;
  let works = ownWorks(view, person);
  if (works.length === 0) return undefined;
  return () => {
    const files = bibliography.length > 0
      ? html`<p class="detail">${phrase(words, 'all-publications-as', { formats: wordList(bibliography.map((l) => html`<a href="${l.href}" type="${l.type ?? ''}">${l.label}</a>`), words, true) })}</p>\n`
      : '';
    // The homepage keeps the most recent (site/listings.ts); the listing has them all.
    const listing = listingOf(view, page, 'publications');
    const all = listing ? Number(listing.count) : works.length;
    // Cut (site/listings.ts): the page holds the most recent and, older than those, the works it highlights, which its Selected section shows.
    if (all > works.length && onHome !== undefined) works = works.slice(0, onHome);
    const more = listing && all > works.length
      ? html`<p class="more">${phrase(words, 'most-recent', { shown: String(works.length), all: String(all), listing: html`<a href="${listing.href}">${words.text('all-publications-by-year')}</a>` })}</p>\n`
      : '';
    // Grouped by kind (papers, books and chapters, preprints, theses, software, datasets, presentations) where there is more than one, then by year.
    const groups = new Map<PublicationGroup, Node[]>(publicationGroups.map((k) => [k, []]));
    for (const w of works) groups.get(publicationGroup(view, w))!.push(w);
    const kinds = [...groups.entries()].filter(([, ws]) => ws.length > 0);
    const list = kinds.length === 1
      ? byYear(view, works, (w) => work(view, w))
      : kinds.map(([k, ws]) => html`<h3 class="kind">${words.text(`publications-${k}`)}</h3>\n${byYear(view, ws, (w) => work(view, w), 4)}`);
    return html`${files}${filterBox(view, 'publications-filter')}${list}${more}`;
  };
}

/**
 * A box that filters the list below it as one types (public/filter.js);
 * hidden until the script shows it, so that without script the list is
 * simply whole. `id` names its input.
 */
export function filterBox(view: View, id: string): Markup {
  return html`<p class="filter" hidden=""><label for="${id}">${view.words.text('filter-works')}</label> <input id="${id}" type="search" autocomplete="off"/></p>\n`;
}

/** The kinds a publication list is grouped into, in order; each is headed by the word `publications-{group}`. */
const publicationGroups = ['papers', 'books', 'preprints', 'theses', 'software', 'datasets', 'presentations'] as const;
type PublicationGroup = typeof publicationGroups[number];

/** A preprint is an article that appeared nowhere yet (its status says so, or it is on arXiv alone). */
function publicationGroup(view: View, w: Node): PublicationGroup {
  const { key } = kindOf(view.g, w);
  if (key === 'thesis') return 'theses';
  if (key === 'book' || key === 'chapter') return 'books';
  if (key === 'software') return 'software';
  if (key === 'research-data') return 'datasets';
  if (key === 'slides' || key === 'poster') return 'presentations';
  const unplaced = key === 'article' && venuesOf(view, w).length === 0;
  const status = view.g.text(w, s('creativeWorkStatus'));
  const onArxiv = view.g.nodes(w, s('sameAs')).some((u) => u.value.startsWith('https://arxiv.org/'));
  return unplaced && (status === 'preprint' || (status === undefined && onArxiv)) ? 'preprints' : 'papers';
}

/** The talks the person gave, by year: where (the event it was part of, or the place), what it presented, its slides and video. */
export function talks(view: View, person: Node): Body | undefined {
  const { g } = view;
  const given = g.subjects(s('performer'), person).sort(view.byDateDesc);
  if (given.length === 0) return undefined;
  return () => byYear(view, given, (t) => {
    const others = g.nodes(t, s('performer')).filter((p) => keyOf(p) !== keyOf(person));
    const where = join([...[...view.values(t, s('superEvent')), ...view.values(t, s('location'))].map((w) => view.link(w)), view.time(t)]);
    const presented = view.values(t, s('workFeatured'));
    return html`<li class="work">
<span class="title">${view.link(t)}</span>
${others.length > 0 ? html`<span class="byline">${phrase(view.words, 'with-others', { people: view.list(others.map((o) => view.link(o))) })}</span>` : ''}
${where.value ? html`<span class="where">${where}</span>` : ''}
${presented.length > 0 ? html`<span class="where">${phrase(view.words, 'labelled', { label: propertyName(view.words, s('workFeatured')), value: view.list(presented.map((w) => view.link(w))) })}</span>` : ''}
${linkRow(workLinks(view, t), view.name(t))}
</li>`;
  });
}

/** The listings the profile page links to (site/listings.ts): where each is, what it is called, how many it holds. */
function listingsOf(view: View, page: Node): Array<{ href: string; name: string; count: string }> {
  const { g } = view;
  return g.nodes(page, s('relatedLink')).filter((l) => g.is(l, s('CollectionPage'))).map((l) => {
    const list = g.node(l, s('mainEntity'));
    return { href: view.href(l.value) ?? '#', name: view.name(list ?? l), count: (list && g.text(list, s('numberOfItems'))) ?? '' };
  });
}

/** The listing whose first page is `{base}{slug}/`, the section of that id completes. */
function listingOf(view: View, page: Node, slug: string) {
  return listingsOf(view, page).find((l) => l.href === view.href(listingUrl(view.base, slug)));
}

/** Every listing, with its size: the whole of each long collection, a link away. */
function lists(view: View, page: Node): Body | undefined {
  const found = listingsOf(view, page);
  if (found.length === 0) return undefined;
  return () => html`<ul class="inline">${found.map((l) => html`<li><a href="${l.href}">${l.name}</a> <span class="detail">(${l.count})</span></li>`)}</ul>`;
}

export function awards(view: View, person: Node): Body | undefined {
  const { g } = view;
  const list_ = view.values(person, s('award')).sort(view.byDateDesc);
  if (list_.length === 0) return undefined;
  return () => html`<ol class="dated">
${list_.map((a) => {
    const forWhat = g.subjects(s('award'), a).filter((x) => keyOf(x) !== keyOf(person));
    return html`<li><span class="date">${view.time(a)}</span><div><p>${view.link(a)}${forWhat.length > 0 ? html`, ${phrase(view.words, 'award-for', { works: view.list(forWhat.map((x) => view.link(x))) })}` : ''}</p></div></li>\n`;
  })}</ol>`;
}

/** Source code, where it is hosted, and the accounts on code hosts. */
function software(view: View): Body | undefined {
  const { g } = view;
  // Code the profile lists (not the anonymous code links of single works).
  const code = g.ofType(s('SoftwareSourceCode')).filter((c) => c.termType === 'NamedNode');
  const hosts = g.ofType(s('WebSite')).filter((h) => g.text(h, s('description')));
  const accounts = g.ofType(foafTerm('OnlineAccount')).filter((a) => onCodeHost(view, a));
  if (code.length === 0 && hosts.length === 0 && accounts.length === 0) return undefined;
  const byHost = new Map<string, { host: Node | undefined; accounts: Node[] }>();
  for (const a of accounts) {
    const host = view.values(a, foafTerm('accountServiceHomepage'))[0];
    const key = host ? keyOf(host) : '';
    const entry = byHost.get(key) ?? { host, accounts: [] };
    entry.accounts.push(a);
    byHost.set(key, entry);
  }
  return () => html`${code.length > 0 ? html`<ul class="plain">
${code.map((c) => {
    const projects = view.values(c, s('about'));
    return html`<li>${view.link(c)}${hostOf(view, c)}${projects.length > 0 ? html` <span class="detail">· ${join(projects.map((p) => view.link(p)))}</span>` : ''}</li>\n`;
  })}</ul>` : ''}
${hosts.map((h) => html`<p>${phrase(view.words, 'labelled', { label: view.link(h), value: g.text(h, s('description')) ?? '' })}</p>\n`)}${byHost.size > 0 ? html`<dl class="facts">${[...byHost.values()].map((e) => html`<div><dt>${e.host ? phrase(view.words, 'accounts-on', { host: view.link(e.host) }) : view.words.label(foafTerm('account'))}</dt><dd>${join(e.accounts.sort(byName(view)).map((a) => view.link(a)))}</dd></div>`)}</dl>` : ''}`;
}

/** The groups the person is a member of, with their members, current and former. */
function groups(view: View, person: Node): Body | undefined {
  const { g, words } = view;
  const memberships = g.subjects(s('member'), person).filter((r) => g.isRole(r));
  const owned = memberships.flatMap((r) => g.subjects(s('member'), r).map((group) => ({ group, role: r })));
  if (owned.length === 0) return undefined;
  return () => html`${owned.map(({ group, role }) => {
    const members = g.nodes(group, s('member')).filter((r) => keyOf(g.through(r, s('member'))) !== keyOf(person));
    const current = members.filter((r) => !g.literal(r, s('endDate'))).sort(view.byDateDesc);
    const former = members.filter((r) => g.literal(r, s('endDate'))).sort((a, b) => dateKey(g.literal(b, s('endDate'))).localeCompare(dateKey(g.literal(a, s('endDate')))) || view.byDateDesc(a, b));
    const topics = view.values(group, s('knowsAbout'));
    const parents = view.values(group, s('parentOrganization'));
    const member = (r: Node, past: boolean) => {
      const who = g.through(r, s('member'));
      const now = past ? whereNow(view, who, group) : undefined;
      return html`<li>${view.link(who)} <span class="detail">${join([g.text(r, s('roleName')), view.period(r)])}</span>${now ? html` <span class="now">${phrase(words, 'now', { places: now })}</span>` : ''}</li>\n`;
    };
    return html`<article class="group">
<h3>${view.link(group)}</h3>
<p class="detail">${join([
      parents.length > 0 ? phrase(words, 'group-at', { organizations: view.list(parents.map((p) => view.link(p))) }) : undefined,
      g.text(role, s('roleName')) ? phrase(words, 'labelled', { label: g.text(role, s('roleName'))!, value: view.link(person) }) : undefined,
    ], ' · ')}</p>
${g.literals(group, s('description')).map((d) => html`${markdownBlock(d.value, view.basePath)}\n`)}${topics.length > 0 ? html`<p class="detail">${phrase(words, 'labelled', { label: propertyName(words, s('knowsAbout')), value: view.list(topics.map((t) => view.link(t))) })}</p>` : ''}
${current.length > 0 ? html`<h4>${words.text('current-members')}</h4>\n<ul class="members">${current.map((r) => member(r, false))}</ul>` : ''}
${former.length > 0 ? html`<h4>${words.text('former-members')}</h4>\n<ul class="members">${former.map((r) => member(r, true))}</ul>` : ''}
</article>\n`;
  })}`;
}

/** Where a former member is now: their current positions, memberships and affiliations elsewhere. */
function whereNow(view: View, who: Node, group: Node): Markup | undefined {
  const { g } = view;
  const places: Markup[] = [];
  for (const p of [s('worksFor'), s('memberOf'), s('affiliation')]) {
    for (const v of g.nodes(who, p)) {
      if (g.isRole(v) && g.literal(v, s('endDate'))) continue;
      const org = g.through(v, p);
      if (keyOf(org) === keyOf(group)) continue;
      const title = g.isRole(v) ? g.text(v, s('roleName')) : undefined;
      places.push(title ? phrase(view.words, 'role-at', { role: title, organization: view.link(org) }) : phrase(view.words, 'at', { organization: view.link(org) }));
    }
  }
  return places.length > 0 ? join(places, '; ') : undefined;
}

/** Theses other than the person's own (those are among the publications): the group's students'. */
function theses(view: View, person: Node): Body | undefined {
  const { g } = view;
  const list_ = g.ofType(s('Thesis')).filter((t) => !g.nodes(t, s('author')).some((a) => keyOf(a) === keyOf(person))).sort(view.byDateDesc);
  if (list_.length === 0) return undefined;
  return () => html`<ol class="works">
${list_.map((t) => {
    const degree = g.text(t, s('inSupportOf'));
    return html`<li class="work">
<span class="title">${view.link(t)}</span>
${g.nodes(t, s('author')).length > 0 ? html`<span class="byline">${view.byline(t)}</span>` : ''}
<span class="where">${join([thesisKind(view.words, view.kind(t), degree), ...view.values(t, s('sourceOrganization')).map((o) => view.link(o)), view.time(t)])}</span>
</li>\n`;
  })}</ol>`;
}

/** Courses, each with its instances: when, who taught, who assisted. */
export function teaching(view: View): Body | undefined {
  const { g } = view;
  const latest = (c: Node) => g.nodes(c, s('hasCourseInstance')).map((i) => view.dateKey(i)).sort().pop() ?? '';
  const courses = g.ofType(s('Course')).sort((a, b) => latest(b).localeCompare(latest(a)) || byName(view)(a, b));
  if (courses.length === 0) return undefined;
  return () => html`<ul class="plain courses">
${courses.map((c) => {
    const providers = view.values(c, s('provider'));
    const instances = g.nodes(c, s('hasCourseInstance')).sort(view.byDateDesc);
    return html`<li>${view.link(c)}${providers.length > 0 ? html`, ${view.list(providers.map((p) => view.link(p)))}` : ''}
${instances.map((i) => {
      const helpers = new Map<string, Node[]>();
      for (const r of g.nodes(i, s('contributor'))) {
        const roleName = g.text(r, s('roleName')) ?? view.words.text('with');
        helpers.set(roleName, [...(helpers.get(roleName) ?? []), g.through(r, s('contributor'))]);
      }
      return html`<span class="instance">${join([g.label(i) ?? view.time(i), ...[...helpers.entries()].map(([role, people]) => phrase(view.words, 'labelled', { label: role, value: view.list(people.map((p) => view.link(p))) }))], ' · ')}</span>`;
    })}</li>\n`;
  })}</ul>`;
}

/** Roles the person holds in events: organising, chairing. */
export function service(view: View, person: Node): Body | undefined {
  const { g } = view;
  const roles = g.subjects(s('organizer'), person).filter((r) => g.isRole(r));
  const held = roles.flatMap((r) => g.subjects(s('organizer'), r).map((event) => ({ event, role: r })));
  if (held.length === 0) return undefined;
  return () => html`<ul class="plain">
${held.sort((a, b) => view.byDateDesc(a.event, b.event)).map(({ event, role }) => {
    const others = g.nodes(event, s('organizer')).filter((r) => keyOf(r) !== keyOf(role)).map((r) => g.through(r, s('organizer')));
    const place = view.values(event, s('location'));
    return html`<li>${g.text(role, s('roleName')) ? html`<span class="role">${g.text(role, s('roleName'))}</span>, ` : ''}${view.link(event)}${place.length > 0 ? html` <span class="detail">(${join(place.map((p) => view.link(p)))})</span>` : ''}${others.length > 0 ? html`, ${phrase(view.words, 'with-others', { people: view.list(others.map((o) => view.link(o))) })}` : ''}</li>\n`;
  })}</ul>`;
}

function colleagues(view: View, person: Node): Body | undefined {
  const people = view.values(person, s('colleague')).sort(byName(view));
  if (people.length === 0) return undefined;
  return () => html`<ul class="inline">${people.map((p) => html`<li>${view.link(p)}</li>`)}</ul>`;
}

/** Postal address and accounts. */
function contact(view: View, person: Node, name: string): Body | undefined {
  const { g } = view;
  const addresses = g.nodes(person, s('address')).filter(isNode);
  const accounts = view.values(person, foafTerm('account'));
  const emails = g.literals(person, s('email')).map((e) => e.value);
  const phones = g.literals(person, s('telephone')).map((t) => t.value);
  if (addresses.length === 0 && accounts.length === 0 && emails.length === 0 && phones.length === 0) return undefined;
  const reach = [
    ...emails.map((e) => html`<a class="u-email" href="mailto:${e}">${e}</a>`),
    ...phones.map((t) => html`<a class="p-tel" href="tel:${t.replace(/[^+0-9]/g, '')}">${t}</a>`),
  ];
  return () => html`${reach.length > 0 ? html`<p class="reach">${join(reach, html`<span aria-hidden="true"> · </span>`)}</p>\n` : ''}${addresses.map((a) => html`<address><span class="line">${name}</span>${view.address(a)}</address>\n`)}${accounts.length > 0 ? html`<p>${join(accounts.map((a) => account(view, a)), '; ')}</p>` : ''}`;
}

/** By name, in the language's alphabetical order. */
function byName(view: View) {
  return (a: Node, b: Node) => view.words.compare(nameOf(view.g, a, view.words), nameOf(view.g, b, view.words));
}

/** An account on one of the profile's code hosts (a WebSite entry), listed under Software; others are contact. */
function onCodeHost(view: View, account: Node): boolean {
  return view.values(account, foafTerm('accountServiceHomepage')).some((h) => view.g.is(h, s('WebSite')));
}

