import type { Literal, Quad, Term } from '@rdfjs/types';
import type { Words } from '../../labels.js';
import { isLiteral, isNode, termKey as keyOf, namedNode, type Node } from '../../rdf/graph.js';
import { bibo, foaf, labelPredicates, prefixes, rdf, RDF_TYPE, schema as s, xsd } from '../../rdf/vocabulary.js';
import { formats } from '../../formats.js';
import { html, join, phrase, type Markup } from '../escape.js';
import { firstBlock, markdownBlock, markdownInline, markdownWords, withMath } from '../markdown.js';
import { linkRow, workLinks } from './links.js';
import { pageRange } from './work.js';
import { groupOrder, kindHeading, kindName, kindOf, nameOf, propertyName, relationName, shorten, thesisKind } from '../names.js';
import type { HtmlInput, PageContent } from './page.js';
import { citationMeta, ogTypeOfWork } from './scholar.js';
import { dateText as dateTextOf, time } from './text.js';
import type { View } from './view.js';

/**
 * The page of one entity (a person, a paper, a project, an organisation,
 * an award, a news item, a course…), from its document's triples: what it
 * is and what it says (its own triples, roles and addresses read in
 * place), then where it is mentioned (the links pointing at it, which its
 * document carries with their owners' names). One renderer for every type:
 * the kind of thing and the words for its properties come from names.ts.
 */

/** Literal properties that are the entity's own prose (Markdown), shown as its lead paragraphs. */
const LEAD = [s('disambiguatingDescription'), s('description'), s('text'), s('abstract')];
/** Shown in the page header rather than among the facts (and the picture the header shows: `picture`). */
const HEADER = [s('alternateName'), s('author'), s('editor'), bibo('authorList'), bibo('editorList')];
/** Shown as the row of links out (DOI, PDF, code...), when the link row has them. */
const LINKED = [s('identifier'), s('encoding'), s('isBasedOn'), s('subjectOf'), s('sameAs'), s('url')];
const DATE_TYPES = [xsd('gYear'), xsd('gYearMonth'), xsd('date'), xsd('dateTime')];
/** The order facts are listed in; the rest follow by name. */
const FACT_ORDER = [
  s('publication'), s('isPartOf'), s('position'), s('datePublished'), s('dateCreated'), s('creativeWorkStatus'), s('inSupportOf'),
  s('sourceOrganization'), s('contributor'), s('about'), s('award'), s('startDate'), s('endDate'), s('superEvent'),
  s('location'), s('organizer'), s('parentOrganization'), s('provider'), s('hasCourseInstance'), s('worksFor'),
  s('memberOf'), s('affiliation'), s('alumniOf'), s('member'),
];

export function entityPage(view: View, entities: readonly string[], url: string, title: string, siteName: string, cite?: HtmlInput['cite']): PageContent {
  const { g, words } = view;
  const [rootIri, ...others] = entities;
  const root = namedNode(rootIri);
  const kind = headedKind(view, root);
  const own = new Set(entities.map((e) => `<${e}`));

  const label = g.label(root);
  const date = view.when(root);
  // A thing known by its text (a news item) is headed by its kind and date; its text is the lead.
  const nameless = label === undefined && LEAD.some((p) => g.literal(root, p));
  const heading = nameless ? kind : title;
  // An other name that is the name itself (an al-folio badge that is a journal's whole name) is not another name.
  const alternates = g.literals(root, s('alternateName')).filter((a) => a.value !== label);
  const authors = g.nodes(root, s('author')).length > 0 ? view.byline(root) : undefined;
  const editors = view.editors(root);
  const links = workLinks(view, root);
  // Its picture: at the head of the page, and so not among its facts.
  const shown = view.picture(root);

  const head = html`<header class="entity-head">
${nameless
    ? html`<h1>${kind}${date ? html`, ${time(date, words)}` : ''}</h1>`
    : html`<p class="kind">${kind}${date ? html` · ${time(date, words)}` : ''}</p>\n<h1${view.lang(root)}>${withMath(heading)}</h1>`}
${alternates.length > 0 ? html`<p class="alt">${phrase(words, 'also-known-as', { names: join(alternates.map((a) => literal(a, words))) })}</p>` : ''}
${authors ? html`<p class="byline">${authors}</p>` : ''}
${editors.length > 0 ? html`<p class="byline">${phrase(words, 'edited-by', { editors: view.links(editors) })}</p>` : ''}
${links.length > 0 ? html`<p class="link-row">${linkRow(links, heading)}</p>` : ''}
${picture(shown, heading)}
</header>`;

  const found = mentionsOf(view, entities, own);
  const body = [
    head,
    lead(view, root),
    facts(view, root, own, heading, date, new Set(links.map((l) => l.iri ?? l.href)), shown),
    cite ? citeBlock(view, cite) : undefined,
    mentionList(view, found),
  ];
  const article = html`<article class="entity" ${anchor(rootIri, url)}>\n${body}\n</article>`;
  const rest = others.map((iri) => {
    const node = namedNode(iri);
    return html`<section class="entity-more" ${anchor(iri, url)}>
<h2>${withMath(nameOf(g, node, words))}</h2>
<p class="kind">${headedKind(view, node)}</p>
${lead(view, node)}
${facts(view, node, own, nameOf(g, node, words))}
</section>`;
  });

  return {
    description: describe(view, root, kind, nameless ? undefined : heading, siteName, found),
    ogType: ogTypeOfWork(view, root) ?? 'website',
    head: citationMeta(view, root, cite?.authors),
    main: html`${article}\n${rest}`,
  };
}

/** How to cite a work: the formatted reference, the BibTeX to copy, the files for reference managers. No script needed. */
function citeBlock(view: View, cite: NonNullable<HtmlInput['cite']>): Markup {
  const { words } = view;
  return html`<section class="cite" aria-labelledby="cite-title">
<h2 id="cite-title">${words.text('cite')}</h2>
<p class="reference">${cite.reference}</p>
<details><summary>${formats.bibtex.label}</summary>
<pre><code>${cite.bibtex.trim()}</code></pre>
</details>
<p class="detail">${phrase(words, 'download', { links: join(cite.links.map((l) => html`<a href="${l.href}" type="${l.type ?? ''}">${l.label}</a>`), ' · ') })}</p>
</section>`;
}

/** `id="x"` for an IRI `{url}#x`, so hash IRIs resolve to the place that describes them. */
export function anchor(iri: string, url: string): Markup {
  return iri.startsWith(`${url}#`) ? html`id="${iri.slice(url.length + 1)}"` : html``;
}

function lead(view: View, node: Node): Markup {
  const texts = LEAD.flatMap((p) => view.g.literals(node, p));
  return html`${texts.map((t) => html`<div class="lead"${t.language ? html` lang="${t.language}" xml:lang="${t.language}"` : ''}>${markdownBlock(t.value, view.basePath)}</div>\n`)}`;
}

/** A literal as text (its math typeset), dates as `<time>`, with its language where it has one. */
export function literal(l: Literal, words: Words): Markup {
  if (DATE_TYPES.includes(l.datatype?.value ?? '')) return time(l, words) ?? html`${l.value}`;
  return l.language ? html`<span lang="${l.language}" xml:lang="${l.language}">${withMath(l.value)}</span>` : withMath(l.value);
}

/**
 * The entity's picture (a project's image, a member's photo): its first image
 * with a web address, described by its caption (its alt text, as the
 * homepage's photo's; else the entity's name), at
 * most 640 px wide; one of the profile's own files keeps its proportions (its
 * size read from its header), so the page does not move as it loads.
 */
function picture(picture: ReturnType<View['picture']>, name: string): Markup {
  if (!picture) return html``;
  const { src, caption, size } = picture;
  const alt = caption ?? name;
  const width = size ? Math.min(640, size.width) : undefined;
  const dimensions = size && width ? html` width="${width}" height="${Math.round((width * size.height) / size.width)}"` : '';
  return html`<p class="picture"><img src="${src}" alt="${alt}"${dimensions}/></p>`;
}

/** The entity's other statements, as a definition list, property by property. */
function facts(view: View, node: Node, own: Set<string>, shownName: string | undefined, shownDate?: Literal, linked = new Set<string>(),
  shown?: { image: Node; url: string }): Markup {
  const { g, words } = view;
  const name = shownName;
  const rows = new Map<string, Array<{ term: Term; markup: Markup }>>();
  const names = new Map<string, string>();
  for (const q of g.about(node)) {
    const p = q.predicate.value;
    if (p === RDF_TYPE || HEADER.includes(p) || restates(view, q)) continue;
    // The picture the header shows, and FOAF's copy of its address.
    if (shown && ((p === s('image') && q.object.equals(shown.image)) || (p === foaf('img') && q.object.value === shown.url))) continue;
    if (isLiteral(q.object) && LEAD.includes(p)) continue;
    if (isLiteral(q.object) && labelPredicates.includes(p) && q.object.value === name) continue;
    if (shownDate && q.object.equals(shownDate)) continue; // in the header already
    if (p === s('inSupportOf') && isThesis(view, node)) continue; // in the header, with its kind: "PhD thesis"
    if (LINKED.includes(p) && inLinkRow(view, q.object, linked)) continue;
    const cell = rows.get(p) ?? [];
    cell.push({ term: q.object, markup: value(view, q.object, p, new Set([keyOf(node), ...own])) });
    rows.set(p, cell);
    if (!names.has(p)) names.set(p, propertyName(words, p, isNode(q.object) ? kindOf(g, view.g.through(q.object, p)) : undefined));
  }
  if (rows.size === 0) return html``;
  const rank = (p: string) => (FACT_ORDER.includes(p) ? FACT_ORDER.indexOf(p) : FACT_ORDER.length);
  const order = [...rows.keys()].sort((a, b) => rank(a) - rank(b) || words.compare(names.get(a)!, names.get(b)!));
  return html`<dl class="facts">
${order.map((p) => html`<div><dt>${names.get(p)}</dt>${rows.get(p)!.sort((a, b) => byRole(view, p, a.term, b.term)).map((v) => html`<dd>${v.markup}</dd>`)}</div>\n`)}</dl>`;
}

/** Whether a node is a thesis, whose degree its kind says. */
const isThesis = (view: View, node: Node) => kindOf(view.g, node).key === 'thesis';

/**
 * What a node is, as its page's header says it: a thesis with the degree it is for, in the page's words ("tesis
 * doctoral", "PhD thesis"), rather than "Thesis" above a "Degree: PhD" in English whatever the language.
 */
function headedKind(view: View, node: Node): string {
  const degree = isThesis(view, node) ? view.g.text(node, s('inSupportOf')) : undefined;
  return degree ? thesisKind(view.words, view.kind(node), degree) : view.kind(node);
}

/** Whether the link row already shows a value: a URL of it, or an owned node (a file, slides) whose URL it shows. */
function inLinkRow(view: View, value: Term, linked: Set<string>): boolean {
  if (value.termType === 'NamedNode') return linked.has(value.value);
  if (value.termType !== 'BlankNode') return false;
  if (view.g.is(value, s('PropertyValue'))) return true;
  return view.g.about(value).some((q) => q.object.termType === 'NamedNode' && linked.has(q.object.value));
}

/** Values in a stable order: current roles before past ones, newest first, then by name; literals as they come. */
function byRole(view: View, predicate: string, a: Term, b: Term): number {
  if (!isNode(a) || !isNode(b)) return 0;
  const { g } = view;
  const ended = (t: Node) => Number(g.isRole(t) && !!g.literal(t, s('endDate')));
  return ended(a) - ended(b) || view.byDateDesc(a, b)
    || view.words.compare(view.name(g.through(a, predicate)), view.name(g.through(b, predicate)));
}

/** One value: a literal, a link with its date, or an owned node (a role, an address, a course instance) read in place. */
const IN_LANGUAGE = s('inLanguage');
const PAGINATION = s('pagination');

function value(view: View, term: Term, predicate: string, seen: Set<string>, depth = 0): Markup {
  const { g } = view;
  // A language by its name in the site's language ("Deutsch"), not its tag.
  if (isLiteral(term)) {
    if (predicate === IN_LANGUAGE) return html`${view.words.languageName(term.value)}`;
    return predicate === PAGINATION ? html`${pageRange(term.value)}` : literal(term, view.words);
  }
  if (!isNode(term)) return html``;
  if (term.termType === 'NamedNode') {
    const when = seen.has(keyOf(term)) ? undefined : datedBeside(view, term);
    return html`${view.link(term)}${when ? html` <span class="when">${time(when, view.words)}</span>` : ''}`;
  }
  if (seen.has(keyOf(term)) || depth > 4) return html``;
  const inner = new Set([...seen, keyOf(term)]);
  if (g.isRole(term)) {
    const extra = g.about(term).filter((q) => ![RDF_TYPE, predicate, s('roleName'), s('startDate'), s('endDate')].includes(q.predicate.value));
    return html`${view.role(term, predicate)}${nested(view, extra, inner, depth)}`;
  }
  if (g.is(term, s('PostalAddress'))) return html`<span class="address">${view.address(term)}</span>`;
  const shown = [RDF_TYPE, ...labelPredicates, s('startDate'), s('endDate')];
  const rest = g.about(term).filter((q) => !shown.includes(q.predicate.value) || (isLiteral(q.object) && labelPredicates.includes(q.predicate.value) && q.object.value !== g.label(term)));
  const label = g.label(term);
  const start = g.literal(term, s('startDate'));
  // "Summer semester 2021", not "Summer semester 2021, 2021".
  if (label && start && !g.literal(term, s('endDate')) && label.includes(start.value.slice(0, 4)) && /^\d{4}(-\d{2}){0,2}$/.test(start.value)) {
    return html`<strong><time datetime="${start.value}">${withMath(label)}</time></strong>${nested(view, rest, inner, depth)}`;
  }
  const headline = join([label ? html`<strong>${withMath(label)}</strong>` : undefined, view.period(term)]);
  return html`${headline}${nested(view, rest, inner, depth)}`;
}

/** What an owned node says beyond its headline, as a small definition list. */
function nested(view: View, quads: Quad[], seen: Set<string>, depth: number): Markup {
  const visible = quads.filter((q) => !restates(view, q));
  if (visible.length === 0) return html``;
  const rows = new Map<string, Markup[]>();
  for (const q of visible) {
    const cell = rows.get(q.predicate.value) ?? [];
    cell.push(value(view, q.object, q.predicate.value, seen, depth + 1));
    rows.set(q.predicate.value, cell);
  }
  return html`<dl class="nested">${[...rows.entries()].map(([p, vs]) => html`<div><dt>${propertyName(view.words, p)}</dt><dd>${join(vs, '; ')}</dd></div>`)}</dl>`;
}

interface Mention {
  owner: Node;
  /** What this entity is to the owner: a role's name and years, or a property's. */
  relation: Markup | undefined;
  /** The owned nodes in between (a course instance's name). */
  via: string[];
}

/**
 * Where the entity is mentioned: every link pointing at it, grouped by the
 * kind of thing that links, each read through its roles up to the named
 * node that owns them.
 */
function mentionsOf(view: View, entities: readonly string[], own: Set<string>): Mention[] {
  const { g, words } = view;
  const found: Mention[] = [];
  const seen = new Set<string>();
  for (const iri of entities) {
    for (const q of g.incoming(namedNode(iri))) {
      // A place in an ordered list restates the author or editor link beside it.
      if (q.predicate.value === RDF_TYPE || q.predicate.value === rdf('first') || restates(view, q)) continue;
      const x = q.subject;
      if (x.termType === 'NamedNode') {
        if (own.has(keyOf(x))) continue;
        const relation = relationName(words, q.predicate.value);
        found.push({ owner: x as Node, relation: relation ? html`${relation}` : undefined, via: [] });
        continue;
      }
      const relation = g.isRole(x)
        ? join([g.text(x, s('roleName')) ?? relationName(words, q.predicate.value), view.period(x)])
        : html`${relationName(words, q.predicate.value)}`;
      for (const { owner, via } of owners(view, x as Node)) {
        if (own.has(keyOf(owner))) continue;
        found.push({ owner, relation, via: via.map((b) => g.label(b)).filter((l): l is string => !!l) });
      }
    }
  }
  return found.filter((m) => {
    const key = `${keyOf(m.owner)} ${m.relation?.value ?? ''} ${m.via.join()}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

function mentionList(view: View, found: Mention[]): Markup {
  const { g, words } = view;
  const groups = new Map<string, { heading: string; items: Mention[] }>();
  for (const m of found) {
    const kind = kindOf(g, m.owner);
    const group = groups.get(kind.group) ?? { heading: kindHeading(words, kind), items: [] };
    group.items.push(m);
    groups.set(kind.group, group);
  }
  if (groups.size === 0) return html``;
  const order: readonly string[] = groupOrder;
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const keys = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || words.compare(groups.get(a)!.heading, groups.get(b)!.heading));
  return html`<div class="mentions">
${keys.map((key) => {
    const { heading, items: unsorted } = groups.get(key)!;
    const items = unsorted.sort((a, b) => view.byDateDesc(a.owner, b.owner));
    return html`<section>
<h2>${heading}</h2>
<ul class="links">
${items.map((m) => {
      const when = datedBeside(view, m.owner);
      const text = g.label(m.owner) === undefined ? g.text(m.owner, s('text')) : undefined;
      if (text) {
        // Known by what it says (news): the date links to it, the text follows in full, its Markdown read (one
        // paragraph as its text; a list, or more than one paragraph, as blocks).
        const detail = join([m.relation, ...m.via]);
        const { more, paragraph } = firstBlock(text);
        const said = paragraph && !more ? html`<span class="text">${markdownInline(text, view.basePath)}</span>` : html`<div class="text">${markdownBlock(text, view.basePath)}</div>`;
        return html`<li>${view.link(m.owner, when ? dateTextOf(when, words) : kindName(words, kindOf(g, m.owner)))}${detail.value ? html` <span class="detail">${detail}</span>` : ''} ${said}</li>\n`;
      }
      const detail = join([m.relation, ...m.via, when ? time(when, words) : undefined]);
      return html`<li>${view.link(m.owner)}${detail.value ? html` <span class="detail">${detail}</span>` : ''}</li>\n`;
    })}</ul>
</section>\n`;
  })}</div>`;
}

/** A linked thing's date, unless its name already says the year ("OSDI 2020"). */
function datedBeside(view: View, node: Node): Literal | undefined {
  const when = view.when(node);
  if (!when) return undefined;
  return view.name(node).includes(when.value.slice(0, 4)) ? undefined : when;
}

/** The named nodes that own a blank node, through any chain of blank nodes, with the chain. */
function owners(view: View, blank: Node): Array<{ owner: Node; via: Node[] }> {
  const out: Array<{ owner: Node; via: Node[] }> = [];
  const climb = (b: Node, via: Node[], seen: Set<string>) => {
    for (const q of view.g.incoming(b)) {
      const x = q.subject as Node;
      if (x.termType === 'NamedNode') out.push({ owner: x, via });
      else if (!seen.has(x.value)) climb(x, [x, ...via], new Set([...seen, x.value]));
    }
  };
  climb(blank, [], new Set([blank.value]));
  return out;
}

/**
 * A FOAF statement that says again what a schema.org statement already says
 * between the same two nodes (directly, or through a role), or a FOAF name
 * equal to a schema.org one: shown once, in its schema.org form. The
 * alignment adds these for FOAF readers; people need them once.
 */
export function restates(view: View, q: Quad): boolean {
  const foaf = prefixes.foaf;
  if (!q.predicate.value.startsWith(foaf)) return false;
  const { g } = view;
  const x = q.subject;
  const o = q.object;
  if (isLiteral(o)) return g.about(x).some((r) => !r.predicate.value.startsWith(foaf) && isLiteral(r.object) && r.object.value === o.value);
  const target = keyOf(o);
  const linked = (a: Term, b: string) => g.about(a).some((r) => {
    if (r.predicate.value.startsWith(foaf) || r.predicate.value === RDF_TYPE) return false;
    if (keyOf(r.object) === b) return true;
    return isNode(r.object) && r.object.termType === 'BlankNode' && g.isRole(r.object)
      && g.about(r.object).some((t) => !t.predicate.value.startsWith(foaf) && keyOf(t.object) === b);
  });
  return linked(x, target) || linked(o, keyOf(x));
}

/** The page's description: the entity's own prose, or what it is and who made it, after its name where it has one. */
function describe(view: View, root: Node, kind: string, name: string | undefined, siteName: string, found: Mention[]): string {
  const { g, words } = view;
  // Plain text: the words of its Markdown, its markup left out.
  const prose = LEAD.map((p) => g.text(root, p)).find(Boolean);
  const proseWords = prose === undefined ? undefined : markdownWords(prose);
  const authors = view.authors(root).map((a) => g.label(a)).filter(Boolean);
  const date = view.when(root);
  const venues = [s('publication'), s('isPartOf'), s('superEvent'), s('provider'), s('parentOrganization'), s('sourceOrganization')]
    .flatMap((p) => view.values(root, p)).map((v) => g.label(v)).filter(Boolean);
  const alternates = g.literals(root, s('alternateName')).map((l) => l.value).filter((a) => a !== name);
  const about = [
    authors.length > 0 ? words.text('made-by', { kind, authors: authors.join(', ') }) : kind,
    alternates.length > 0 ? words.text('also-known-as-lower', { names: alternates.join(', ') }) : undefined,
    ...venues,
    date && !venues.some((v) => v!.includes(date.value.slice(0, 4))) ? dateTextOf(date, words) : undefined,
  ].filter(Boolean).join(', ');
  // Where it is mentioned, for things with little of their own to say.
  const roles = found.filter((m) => g.label(m.owner)).slice(0, 3)
    .map((m) => `${view.name(m.owner)}${m.relation?.value ? ` (${plain(m.relation.value)})` : ''}`);
  const parts = [
    name === undefined ? `${about}.` : `${words.text('labelled', { label: name, value: about })}.`,
    proseWords,
    !prose && roles.length > 0 ? `${roles.join('; ')}.` : undefined,
    words.text('on-profile-of', { site: siteName }),
  ];
  return shorten(parts.filter(Boolean).join(' '), 200);
}

/** The text of a bit of markup (tags dropped, entities read). */
function plain(markup: string): string {
  return markup.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
