import { formats } from '../formats.js';

/**
 * The URL layout of the site: where the documents' representations, the
 * dumps and the site-wide files live. Shared by the server, the VoID
 * description and the pages, so they cannot disagree. (What each format's
 * suffix is: formats.ts.)
 */

/**
 * The URL that names one representation: `/people/x` → `/people/x.ttl`; a
 * document whose URL ends in `/` (the profile page) → `/index.ttl`, the name
 * a static host serves for the folder.
 */
export function variantUrl(url: string, suffix: string): string {
  return url.endsWith('/') ? `${url}index.${suffix}` : `${url}.${suffix}`;
}

/**
 * Where everything of one site lives, made once per base and held by the
 * site (`site.urls`), so that the pages, VoID, the server, the SPARQL
 * endpoint and a push to a store name the same URLs. robots.txt belongs to
 * the origin, the rest to the base, the VoID description too: under a
 * sub-path (`/~ada/`) the origin's root is not the site's to write, and a
 * static export holds only its base. (A listing's pages: `listingUrl`.)
 */
export class SiteUrls {
  /** The base's path: `/` or `/~ada/`. */
  readonly basePath: string;
  /** The whole dataset, a document of its own; its dumps are its variants. */
  readonly dataset: string;
  readonly void: string;
  readonly sitemap: string;
  readonly robots: string;
  readonly context: string;
  readonly feed: string;
  /** Every work's citation at once: `.bib` and `.csl.json` of this. */
  readonly bibliography: string;
  /** The SPARQL endpoint served beside the documents. */
  readonly sparql: string;
  /** The site's stylesheet (public/style.css), where it has one. */
  readonly stylesheet: string;
  /** The person's WebFinger descriptor, as a file under the base (a static export holds only its base). */
  readonly webfinger: string;
  /** Where WebFinger is asked (RFC 7033 §4): at the origin's root, whatever the base. */
  readonly webfingerQuery: string;
  /** The printable CV (a page of its own, `cv.html` for any static host): the person's positions, education, awards, works, talks, teaching and service on one page. */
  readonly cv: string;
  /** The event stream `serve --watch` tells open pages of each new version by (http/events.ts); no document's path starts with a dot. */
  readonly liveEvents: string;

  constructor(readonly base: string) {
    this.basePath = pathOf(base);
    this.dataset = `${base}dataset`;
    this.void = `${base}.well-known/void`;
    this.sitemap = `${base}sitemap.xml`;
    this.robots = `${new URL(base).origin}/robots.txt`;
    this.context = `${base}context.jsonld`;
    this.feed = `${base}news.atom`;
    this.bibliography = `${base}publications`;
    this.sparql = `${base}sparql`;
    this.stylesheet = `${base}style.css`;
    this.webfinger = `${base}.well-known/webfinger`;
    this.webfingerQuery = `${new URL(base).origin}/.well-known/webfinger`;
    this.cv = `${base}cv.html`;
    this.liveEvents = `${base}.lodfolio/events`;
  }

  /** Where a document's past version is (Memento), by the version's date: `{base}.memento/20240506070809/people/x`. */
  memento(documentPath: string, date: Date): string {
    return `${this.basePath}.memento/${mementoStamp(date)}/${documentPath.slice(this.basePath.length)}`;
  }

  /**
   * The list of a document's past versions (Memento's TimeMap): `{base}.timemap/people/x.link`, and for
   * a folder document `{base}.timemap/people/index.link`, so that a built site can hold it as a file.
   */
  timemap(documentPath: string): string {
    return `${this.basePath}.timemap/${variantUrl(documentPath, formats.timemap.suffix).slice(this.basePath.length)}`;
  }

  /** The whole dataset in one format: `{base}dataset.ttl`. */
  dump(format: { suffix: string }): string {
    return variantUrl(this.dataset, format.suffix);
  }

  /** Every work's citation in one format: `{base}publications.bib`. */
  bibliographyIn(format: { suffix: string }): string {
    return variantUrl(this.bibliography, format.suffix);
  }
}

/** A date as a memento's URL names it: `20240506070809` (UTC, to the second). */
export function mementoStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The path of an absolute URL, as a request line carries it. */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

/**
 * Where page `page` of a listing lives: `{base}publications/`, then
 * `{base}publications/page/2`, … Ids never contain `/`, so no entity's
 * document (`{base}publications/{id}`) can be one of these; the site
 * refuses a clash anyway.
 */
export function listingUrl(base: string, slug: string, page = 1): string {
  return page === 1 ? `${base}${slug}/` : `${base}${slug}/page/${page}`;
}
