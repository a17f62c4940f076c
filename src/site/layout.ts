/**
 * The URL layout of the site: where the documents' representations, the
 * dumps and the site-wide files live. Shared by the server, the VoID
 * description and the pages, so they cannot disagree.
 */

/** The representations of an RDF document, in the server's order of preference. */
export const rdfFormats = {
  html: { mediaType: 'text/html', suffix: 'html', label: 'HTML' },
  turtle: { mediaType: 'text/turtle', suffix: 'ttl', label: 'Turtle' },
  jsonld: { mediaType: 'application/ld+json', suffix: 'jsonld', label: 'JSON-LD' },
  ntriples: { mediaType: 'application/n-triples', suffix: 'nt', label: 'N-Triples' },
  rdfxml: { mediaType: 'application/rdf+xml', suffix: 'rdf', label: 'RDF/XML' },
} as const;

export type FormatName = keyof typeof rdfFormats;

/**
 * A work's citation formats, after its RDF ones (a client must ask for
 * them). Formatted references are one variant per style, the style a
 * parameter of the media type (`text/x-bibliography; style=ieee`), as doi.org
 * serves them.
 */
export const citationFormats = {
  bibtex: { mediaType: 'application/x-bibtex', suffix: 'bib', label: 'BibTeX', contentType: 'application/x-bibtex; charset=utf-8' },
  csl: { mediaType: 'application/vnd.citationstyles.csl+json', suffix: 'csl.json', label: 'CSL-JSON', contentType: 'application/vnd.citationstyles.csl+json' },
  ris: { mediaType: 'application/x-research-info-systems', suffix: 'ris', label: 'RIS', contentType: 'application/x-research-info-systems; charset=utf-8' },
} as const;

/** A formatted reference in one style: its media type (with the style) and suffix. */
export function referenceFormat(style: string) {
  return { mediaType: `text/x-bibliography;style=${style}`, suffix: `${style}.txt`, label: `Reference (${style})`,
    contentType: `text/x-bibliography; style=${style}; charset=utf-8` };
}

/**
 * The URL that names one representation: `/people/x` → `/people/x.ttl`; a
 * document whose URL ends in `/` (the profile page) → `/index.ttl`, the name
 * a static host serves for the folder.
 */
export function variantUrl(url: string, suffix: string): string {
  return url.endsWith('/') ? `${url}index.${suffix}` : `${url}.${suffix}`;
}

/**
 * Site-wide resources. robots.txt belongs to the origin, the rest to the
 * base, the VoID description too: under a sub-path (`/~ada/`) the origin's
 * root is not the site's to write, and a static export holds only its base.
 */
export function siteUrls(base: string) {
  const origin = new URL(base).origin;
  return {
    dataset: `${base}dataset`,
    void: `${base}.well-known/void`,
    sitemap: `${base}sitemap.xml`,
    robots: `${origin}/robots.txt`,
    context: `${base}context.jsonld`,
    feed: `${base}news.atom`,
    /** Every work's citation at once: `.bib` and `.csl.json` of this. */
    bibliography: `${base}publications`,
  };
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
