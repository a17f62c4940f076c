import { defaultWords } from '../labels.js';
import type { Quad } from '@rdfjs/types';
import { Graph, namedNode, termKey } from '../rdf/graph.js';
import { schema as s } from '../rdf/vocabulary.js';
import { titleOf } from './names.js';
import { cvPage } from './html/cv.js';
import { entityPage } from './html/entity.js';
import { homeNav, homePage } from './html/home.js';
import { listingPage } from './html/listing.js';
import { layout, type HtmlInput, type HtmlLink } from './html/page.js';
import { View } from './html/view.js';
import { defaultSettings, type SiteSettings } from '../site/settings.js';
import type { Words } from '../labels.js';

/**
 * The HTML page of a document, rendered from the document's triples alone
 * (plus the site's URL layout), with the same document's JSON-LD embedded
 * for search engines. A ProfilePage with a main entity is the homepage
 * (html/home.ts); a CollectionPage is a listing (html/listing.ts); every
 * other document is an entity page (html/entity.ts).
 * The markup is also well-formed XML, so the same bytes serve
 * `application/xhtml+xml`.
 */

export type { HtmlInput, HtmlLink } from './html/page.js';

export function toHtml(input: HtmlInput): string {
  const words = input.words ?? defaultWords();
  const g = new Graph(inLanguage(input.quads, words.language));
  const root = rootOf(input);
  const title = titleOf(g, root, words);
  const siteName = input.siteName ?? title;
  const view = new View(g, input.base, input.url, siteName, words, input.images, input.bibtex, input.authorsShown);
  const person = g.is(root, s('ProfilePage')) ? g.node(root, s('mainEntity')) : undefined;
  const content = person
    ? homePage(view, root, person, input.sections ?? defaultSettings.home, input.bibliography ?? [], input.publicationsOnHome)
    : g.is(root, s('CollectionPage'))
      ? listingPage(view, root, title)
      : entityPage(view, input.entities, input.url, title, siteName, input.cite);
  return layout({ ...input, siteName }, title, content, words);
}

function rootOf(page: { url: string; entities: readonly string[] }) {
  return namedNode(page.entities[0] ?? page.url);
}

/**
 * The links of every page's header, from the homepage's document (its
 * `quads`): the sections it shows that `settings` mark for the header,
 * and the CV. Asked once a build; no section is rendered for it.
 */
export function siteNav(home: { url: string; entities: readonly string[]; quads: readonly Quad[] }, base: string, settings: SiteSettings, words: Words): HtmlLink[] {
  const g = new Graph(inLanguage(home.quads, words.language));
  const page = rootOf(home);
  const person = g.node(page, s('mainEntity'));
  return person ? homeNav(new View(g, base, home.url, '', words), page, person, settings.home) : [];
}

/**
 * A text written in several languages (`description: {en: …, de: …}`) is
 * shown once: in the site's language, else in one other (the first by tag;
 * its element says which, by its `lang`). The page's structured data and
 * every RDF format keep them all. Quads that lose nothing (no property in
 * several languages) come back as they are.
 */
function inLanguage(quads: readonly Quad[], language: string): readonly Quad[] {
  const key = (q: Quad) => `${termKey(q.subject)} ${q.predicate.value}`;
  const tagged = (q: Quad) => (q.object.termType === 'Literal' && q.object.language ? q.object.language.toLowerCase() : undefined);
  const languages = new Map<string, string[]>();
  for (const q of quads) {
    const tag = tagged(q);
    if (tag !== undefined) languages.set(key(q), [...(languages.get(key(q)) ?? []), tag]);
  }
  const wanted = language.toLowerCase();
  // A property in one language keeps its texts, whichever it is.
  const chosen = new Map([...languages].filter(([, tags]) => tags.some((t) => t !== tags[0]))
    .map(([k, tags]) => [k, tags.includes(wanted) ? wanted : [...tags].sort()[0]]));
  if (chosen.size === 0) return quads;
  return quads.filter((q) => { const tag = tagged(q); return tag === undefined || (chosen.get(key(q)) ?? tag) === tag; });
}

/**
 * The printable CV of the profile at `input.url` (`{base}cv`): made from the
 * whole graph, in the frame every page shares, without data blocks of its
 * own (its data is the homepage's). The site's graph is read as it is,
 * indexed once for the whole site; only where a text is given in several
 * languages is a graph without the ones not shown made for it.
 */
export function toCvHtml(whole: Graph, input: Omit<HtmlInput, 'quads'>): string {
  const words = input.words ?? defaultWords();
  const shown = inLanguage(whole.quads, words.language);
  const g = shown === whole.quads ? whole : Graph.distinct([...shown]);
  const view = new View(g, input.base, input.url, input.siteName ?? '', words, input.images);
  const person = g.node(namedNode(input.base), s('mainEntity'));
  if (!person) throw new Error('a CV needs the profile page and its person');
  const name = g.label(person) ?? titleOf(g, person, words);
  return layout(input, words.text('cv-title', { name }), cvPage(view, person, name, input.cvPdf), words);
}
