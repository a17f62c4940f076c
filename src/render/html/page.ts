import type { Quad } from '@rdfjs/types';
import { formats } from '../../formats.js';
import type { Words } from '../../labels.js';
import type { HomeSection, SiteSettings } from '../../site/settings.js';
import { escape, html, join, type Markup, phrase, raw, render } from '../escape.js';
import { jsonForScript } from '../jsonld.js';
import { markdownInline } from '../markdown.js';
import { pathOf } from '../../site/layout.js';
import type { TypedLink } from '../linkset.js';
import type { ImageSize } from '../../source/images.js';
import type { NameParts } from './scholar.js';
import { COLOR_SCHEME_SCRIPT, readerChoosesScheme } from './color-scheme.js';
import { LIVE_RELOAD_SCRIPT } from './live-reload.js';

/** A link to another representation or site-wide resource. */
export interface HtmlLink {
  href: string;
  label: string;
  /** Media type, for `<link rel="alternate">`. */
  type?: string;
}

export interface HtmlInput {
  /** The document's URL: IRIs sharing it get in-page anchors; the canonical URL. */
  url: string;
  quads: readonly Quad[];
  /** Subjects to show, in order (the root first). */
  entities: readonly string[];
  /** What search engines read: the document's schema.org island (render/schema-island.ts), embedded as JSON-LD. */
  jsonld: object;
  /** The document's complete graph as Turtle (render/turtle.ts turtleForScript), embedded as a data block. */
  turtle?: string;
  /** The base: IRIs under it link by path, so the page works on any host that serves the site. */
  base: string;
  /** The same document in the other formats. */
  alternates: readonly HtmlLink[];
  /** Its typed links (FAIR Signposting), the same as its Link header and its linkset. */
  signposts?: readonly TypedLink[];
  /** Site-wide links for the footer (home, dataset, VoID). */
  siteLinks: readonly HtmlLink[];
  /** Feeds readers can subscribe to (the news), announced in the head. */
  feeds?: readonly HtmlLink[];
  /** Every work's citation at once (BibTeX, CSL-JSON), linked from the homepage's publications. */
  bibliography?: readonly HtmlLink[];
  /**
   * For a work: how to cite it (a formatted reference, its BibTeX) and its citation formats; and its authors' names
   * in parts as its citation has them (made from the whole profile, where the page's own triples name a person by
   * her name alone), in the order of its author list.
   */
  cite?: { reference: string; bibtex: string; links: readonly HtmlLink[]; authors?: readonly NameParts[] };
  stylesheet?: string;
  /** The profile's name (the homepage's title): the site header's link home, og:site_name. */
  siteName?: string;
  /** The words of the site's language (default: English). */
  words?: Words;
  /** The homepage's sections, in order (default: site/settings.ts). */
  sections?: readonly HomeSection[];
  /** How many of the most recent publications the homepage shows when it does not show them all (site/settings.ts). */
  publicationsOnHome?: number;
  /** How many of a work's authors a list of works shows before "and N more" (default: all). */
  authorsShown?: number;
  /** The site's theme (default: auto, as the reader's system prefers). */
  theme?: SiteSettings['theme'];
  /** The site's own line of Markdown at the foot of every page. */
  footer?: string;
  /** The scholar's own CV as a PDF (its URL), which the CV page links (site.yaml's cvPdf). */
  cvPdf?: string;
  /** The size of each image the page shows, by its URL (null: none known). */
  images?: Readonly<Record<string, ImageSize | null>>;
  /** The site header's links (the homepage's sections that show, and the CV): on every page but the homepage, which makes its own. */
  nav?: readonly HtmlLink[];
  /** A listed work's BibTeX, by its IRI (a list of works shows it in a toggle). */
  bibtex?: (work: string) => string | undefined;
  /** Under `serve --watch`: the path of its event stream, which the page listens to (live-reload.ts). */
  liveEvents?: string;
}

/** What a page module makes; the layout puts it in the common frame. */
export interface PageContent {
  /** `<meta name="description">` and og:description: plain text. */
  description: string;
  /** Open Graph type: `profile` on the homepage, `article` or `book` on works, else `website`. */
  ogType: string;
  /** The microformats2 root class `<main>` is (`h-card` on the homepage). */
  microformat?: string;
  /** Further head elements (Google Scholar's citation_* tags). */
  head: Markup[];
  /** The homepage's own links for the site header, to its sections in the page; other pages show the site's (`HtmlInput.nav`). */
  nav?: readonly HtmlLink[];
  /** The content of `<main>`. */
  main: Markup;
}

/**
 * The frame every page shares: head (title, description, canonical, Open
 * Graph, alternates, the schema.org JSON-LD and the Turtle data block), a site header with the way home, the
 * page's main content, and a footer linking the page's other formats and
 * the whole dataset.
 */
export function layout(input: Omit<HtmlInput, 'quads'>, title: string, content: PageContent, words: Words): string {
  const basePath = pathOf(input.base);
  const siteName = input.siteName ?? title;
  const meta = (name: string, value: string) => html`<meta name="${name}" content="${value}"/>`;
  const og = (property: string, value: string) => html`<meta property="${property}" content="${value}"/>`;
  // The theme `auto` follows the reader's system, and the reader's own choice (color-scheme.ts).
  const readerChooses = readerChoosesScheme(input.theme);
  const head = [
    raw('<meta charset="utf-8"/>'),
    raw('<meta name="viewport" content="width=device-width, initial-scale=1"/>'),
    html`<title>${title}</title>`,
    meta('description', content.description),
    html`<link rel="canonical" href="${input.url}"/>`,
    html`<meta name="color-scheme" content="${readerChooses ? 'light dark' : input.theme}"/>`,
    readerChooses ? raw(`<script>${COLOR_SCHEME_SCRIPT}</script>`) : undefined,
    // No favicon request (and no 404 for it): the page has no icon of its own.
    raw('<link rel="icon" href="data:,"/>'),
    input.stylesheet ? html`<link rel="stylesheet" href="${input.stylesheet}"/>` : undefined,
    input.alternates.map((a) => html`<link rel="alternate" type="${a.type ?? ''}" href="${a.href}" title="${a.label}"/>`),
    (input.feeds ?? []).map((f) => html`<link rel="alternate" type="${f.type ?? ''}" href="${f.href}" title="${f.label}"/>`),
    (input.signposts ?? []).map((l) => html`<link rel="${l.rel}" href="${l.href}"${l.type ? html` type="${l.type}"` : ''}${l.profile ? html` profile="${l.profile}"` : ''}/>`),
    og('og:type', content.ogType),
    og('og:title', title),
    og('og:description', content.description),
    og('og:url', input.url),
    og('og:site_name', siteName),
    content.head,
    // A document with no schema.org triple (the VoID description) has no island.
    Array.isArray(input.jsonld) && input.jsonld.length === 0
      ? undefined
      : raw(`<script type="${formats.jsonld.mediaType}">\n${jsonForScript(input.jsonld)}\n</script>`),
    // RDF 1.1 Turtle §7: a data block, its text in commented CDATA markers for XHTML.
    input.turtle === undefined ? undefined : raw(`<script type="${formats.turtle.mediaType}">\n# <![CDATA[\n${input.turtle}# ]]>\n</script>`),
  ].flat().filter(Boolean).map((m) => render(m as Markup));

  const header = siteHeader(basePath, siteName, content.nav ?? input.nav ?? [], words, readerChooses);

  const links = (list: readonly HtmlLink[]) => join(list.map((a) => (a.type
    ? html`<a href="${a.href}" type="${a.type}">${a.label}</a>`
    : html`<a href="${a.href}">${a.label}</a>`)), html`<span aria-hidden="true"> · </span>`);
  const footer = html`<footer class="site">
${input.footer === undefined ? undefined : html`<p class="note">${markdownInline(input.footer, basePath)}</p>`}
<p class="formats">${phrase(words, 'page-as-data', { formats: links(input.alternates) })}</p>
<p class="dataset">${links(input.siteLinks)}</p>
</footer>`;

  return '<!DOCTYPE html>\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml" lang="${escape(words.language)}" xml:lang="${escape(words.language)}">\n` +
    `<head>\n${head.join('\n')}\n</head>\n` +
    '<body>\n' +
    `<a class="skip" href="#main">${escape(words.text('skip-to-content'))}</a>\n` +
    `${render(header)}\n` +
    `<main id="main"${content.microformat ? ` class="${escape(content.microformat)}"` : ''}>\n${render(content.main)}\n</main>\n` +
    `${render(footer)}\n` +
    (input.liveEvents === undefined ? '' : `${render(html`<script data-events="${input.liveEvents}">${raw(LIVE_RELOAD_SCRIPT)}</script>`)}\n`) +
    '</body>\n</html>\n';
}

/**
 * The site's header, the same on every page (and error page): its name,
 * linking home, and the homepage's sections, in one navigation landmark;
 * with `schemeSwitch`, the reader's dark mode button last in its list,
 * hidden until the page's script shows it (color-scheme.ts).
 */
export function siteHeader(basePath: string, siteName: string, links: readonly HtmlLink[], words: Words, schemeSwitch = false): Markup {
  const items = links.map((n) => html`<li><a href="${n.href}">${n.label}</a></li>`);
  if (schemeSwitch) items.push(html`<li class="scheme" hidden=""><button type="button" aria-pressed="false">${words.text('dark-mode')}</button></li>`);
  const nav = items.length > 0 ? html`<nav aria-label="${words.text('sections')}"><ul>${items}</ul></nav>` : undefined;
  return html`<header class="site">
<div class="bar">
<a class="brand" href="${basePath}">${siteName}</a>
${nav}
</div>
</header>`;
}
