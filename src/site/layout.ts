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
 * The URL that names one representation: `/people/x` → `/people/x.ttl`; a
 * document whose URL ends in `/` (the profile page) → `/index.ttl`, the name
 * a static host serves for the folder.
 */
export function variantUrl(url: string, suffix: string): string {
  return url.endsWith('/') ? `${url}index.${suffix}` : `${url}.${suffix}`;
}

/** Site-wide resources. robots.txt and /.well-known/ belong to the origin, the rest to the base. */
export function siteUrls(base: string) {
  const origin = new URL(base).origin;
  return {
    dataset: `${base}dataset`,
    void: `${origin}/.well-known/void`,
    sitemap: `${base}sitemap.xml`,
    robots: `${origin}/robots.txt`,
    context: `${base}context.jsonld`,
    feed: `${base}news.atom`,
  };
}

/** The path of an absolute URL, as a request line carries it. */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}
