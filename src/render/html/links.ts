import { isNode, type Node } from '../../rdf/graph.js';
import { foaf, schema as s } from '../../rdf/vocabulary.js';
import { identifierScheme, identifierUrl } from '../../source/identifiers.js';
import { html, join, type Markup } from '../escape.js';
import type { View } from './view.js';

/**
 * Links out of the profile: a work's `[DOI] [arXiv] [PDF] [Code]` row, and
 * a person's profiles elsewhere (ORCID, Google Scholar, GitHub...). Read
 * from the graph: identifiers of the schemes that resolve (source/identifiers.ts), files
 * (`encoding`), what the work is based on (code, data), what it is the
 * subject of (slides, video), its web page. `href` is what a link's
 * href says: a path for IRIs under the base.
 */

export interface OutLink {
  label: string;
  href: string;
  /** The IRI linked to (href is its path when it is under the base). */
  iri?: string;
  /** The icon shown instead of the label (which stays its accessible name): `public/icons/{icon}.svg`. */
  icon?: string;
}

/** The work's links, in the order scholars expect them. */
export function workLinks(view: View, work: Node): OutLink[] {
  const { g, words } = view;
  const links: OutLink[] = [];
  // An identifier links where its scheme resolves it and the work says so (its sameAs).
  const same = new Set(g.values(work, s('sameAs')).filter((t) => t.termType === 'NamedNode').map((t) => t.value));
  for (const id of g.nodes(work, s('identifier'))) {
    const scheme = identifierScheme(g.text(id, s('propertyID')) ?? '');
    const value = g.text(id, s('value'));
    const href = scheme && value ? identifierUrl(scheme, value) : undefined;
    if (scheme && href && same.has(href)) links.push({ label: scheme.label, href });
  }
  for (const file of g.nodes(work, s('encoding'))) {
    const url = g.node(file, s('contentUrl'));
    if (url && /pdf/i.test(g.text(file, s('encodingFormat')) ?? '')) links.push({ label: words.text('link-pdf'), href: url.value });
  }
  const typed: Array<[string, string, string]> = [
    [s('isBasedOn'), s('SoftwareSourceCode'), 'link-code'],
    [s('isBasedOn'), s('Dataset'), 'link-data'],
    [s('subjectOf'), s('PresentationDigitalDocument'), 'link-slides'],
  ];
  for (const [predicate, type, word] of typed) {
    for (const node of g.nodes(work, predicate).filter((n) => n.termType === 'BlankNode' && g.is(n, type))) {
      const url = g.node(node, s('codeRepository')) ?? g.node(node, s('url'));
      if (url) links.push({ label: words.text(word), href: url.value });
    }
  }
  // A recording known by its URL alone is a MediaObject of a video format (a VideoObject needs a thumbnail and date it lacks).
  for (const media of g.nodes(work, s('subjectOf')).filter((n) => n.termType === 'BlankNode' && g.is(n, s('MediaObject')))) {
    const url = g.node(media, s('url'));
    if (url && /^video/i.test(g.text(media, s('encodingFormat')) ?? '')) links.push({ label: words.text('link-video'), href: url.value });
  }
  for (const url of g.nodes(work, s('url'))) links.push({ label: words.label(s('url'))!, href: url.value });
  // IRIs under the base link by path, as everywhere on the site; anything but http(s) not at all.
  return links.flatMap((l) => {
    const href = /^https?:/i.test(l.href) ? view.href(l.href) : undefined;
    return href ? [{ label: l.label, href, iri: l.href }] : [];
  });
}

/** A row of external links, `[DOI] [PDF]`, or nothing. */
export function linkRow(links: readonly OutLink[], context: string): Markup | undefined {
  if (links.length === 0) return undefined;
  return html`<span class="links">${join(links.map((l) => html`<a href="${l.href}" rel="noopener" aria-label="${l.label}: ${context}">${l.label}</a>`), ' ')}</span>`;
}

/**
 * Services people have profiles on, by host: what their profiles are
 * usually called, and the icon that stands for them in the header's row
 * (`public/icons/{icon}.svg`; without one, the row shows the name).
 */
const services: Array<{ host: RegExp; name: string; icon?: string }> = [
  { host: /(^|\.)orcid\.org$/, name: 'ORCID', icon: 'orcid' },
  { host: /(^|\.)scholar\.google\./, name: 'Google Scholar', icon: 'googlescholar' },
  { host: /(^|\.)dblp\.(org|uni-trier\.de)$/, name: 'dblp', icon: 'dblp' },
  { host: /(^|\.)semanticscholar\.org$/, name: 'Semantic Scholar', icon: 'semanticscholar' },
  { host: /(^|\.)researchgate\.net$/, name: 'ResearchGate', icon: 'researchgate' },
  { host: /(^|\.)github\.com$/, name: 'GitHub', icon: 'github' },
  { host: /(^|\.)gitlab\.com$/, name: 'GitLab', icon: 'gitlab' },
  { host: /(^|\.)linkedin\.com$/, name: 'LinkedIn' },
  { host: /(^|\.)(x|twitter)\.com$/, name: 'X', icon: 'x' },
  { host: /(^|\.)bsky\.app$/, name: 'Bluesky', icon: 'bluesky' },
  { host: /(^|\.)wikidata\.org$/, name: 'Wikidata', icon: 'wikidata' },
];
/** The icons of links that are no service's: a Mastodon profile (`/@user` on any host), an e-mail address. */
export const otherIcons = { mastodon: 'mastodon', email: 'mail' } as const;
/** Every icon the header may show, each a file `public/icons/{icon}.svg`. */
export const icons: readonly string[] = [...services.flatMap((x) => (x.icon ? [x.icon] : [])), ...Object.values(otherIcons)];

/** What to call a link to someone's profile elsewhere: the service's name, Mastodon for `/@user`, else the host. */
export function serviceName(url: string): string {
  return serviceOf(url).name;
}

/** The service of a profile's URL: its name, its icon, and its place in `services` (after them all for any other). */
function serviceOf(url: string): { name: string; icon?: string; rank: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { name: url, rank: services.length };
  }
  const host = parsed.hostname.replace(/^www\./, '');
  const rank = services.findIndex((x) => x.host.test(host));
  if (rank >= 0) return { name: services[rank].name, icon: services[rank].icon, rank };
  return /^\/@[^/]+\/?$/.test(parsed.pathname) ? { name: `Mastodon (${host})`, icon: otherIcons.mastodon, rank: services.length } : { name: host, rank: services.length };
}

/** A person's profiles elsewhere: their sameAs URLs and the pages of their accounts, each once, with the icon of each service that has one. */
export function profileLinks(view: View, person: Node): OutLink[] {
  const { g } = view;
  const urls = new Set<string>();
  for (const t of g.values(person, s('sameAs'))) if (t.termType === 'NamedNode') urls.add(t.value);
  for (const account of view.values(person, foaf('account')).filter(isNode)) {
    for (const page of g.nodes(account, s('url'))) urls.add(page.value);
  }
  // Scholarly profiles first, in the order of `services`, then the rest by name.
  return [...urls].filter((u) => /^https?:/i.test(u)).map((href) => ({ href, ...serviceOf(href) }))
    .sort((a, b) => a.rank - b.rank || view.words.compare(a.name, b.name))
    .map(({ name, href, icon }) => ({ label: name, href, ...(icon ? { icon } : {}) }));
}
