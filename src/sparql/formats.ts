/**
 * What the endpoint can answer in: for each media type a client may ask for,
 * the Content-Type sent and the name Oxigraph's serialiser knows it by. The
 * lists are in the server's order of preference: with no Accept header the
 * first one is sent (SPARQL JSON results; Turtle for graphs).
 */

export interface ResultFormat {
  /** What negotiation matches on. */
  mediaType: string;
  /** The Content-Type header. */
  contentType: string;
  /**
   * The format Oxigraph serialises into. `text/html` has none: the page is
   * rendered from the JSON results (or the Turtle of a graph).
   */
  engineFormat: string;
  /** Human name, for the HTML page's download links. */
  label: string;
}

const format = (mediaType: string, contentType: string, engineFormat: string, label: string): ResultFormat =>
  ({ mediaType, contentType, engineFormat, label });

/** SELECT and ASK. */
export const solutionFormats: readonly ResultFormat[] = [
  format('application/sparql-results+json', 'application/sparql-results+json', 'application/sparql-results+json', 'JSON'),
  format('application/sparql-results+xml', 'application/sparql-results+xml; charset=utf-8', 'application/sparql-results+xml', 'XML'),
  format('text/csv', 'text/csv; charset=utf-8', 'text/csv', 'CSV'),
  format('text/tab-separated-values', 'text/tab-separated-values; charset=utf-8', 'text/tab-separated-values', 'TSV'),
  // Aliases clients ask for by the generic type (SPARQLWrapper, Jena, browsers' XML).
  format('application/json', 'application/json', 'application/sparql-results+json', 'JSON'),
  format('application/xml', 'application/xml; charset=utf-8', 'application/sparql-results+xml', 'XML'),
  format('text/xml', 'text/xml; charset=utf-8', 'application/sparql-results+xml', 'XML'),
  // Last: only a client that prefers HTML (a browser submitting the form) gets the page.
  format('text/html', 'text/html; charset=utf-8', 'application/sparql-results+json', 'HTML'),
];

/** CONSTRUCT and DESCRIBE: the site's RDF formats, by Oxigraph's own serialisers. */
export const graphFormats: readonly ResultFormat[] = [
  format('text/turtle', 'text/turtle; charset=utf-8', 'text/turtle', 'Turtle'),
  format('application/n-triples', 'application/n-triples', 'application/n-triples', 'N-Triples'),
  format('application/ld+json', 'application/ld+json', 'application/ld+json', 'JSON-LD'),
  format('application/rdf+xml', 'application/rdf+xml; charset=utf-8', 'application/rdf+xml', 'RDF/XML'),
  // The same aliases as the documents: JSON-LD as JSON, N-Triples as plain text.
  format('application/json', 'application/json', 'application/ld+json', 'JSON-LD'),
  format('text/plain', 'text/plain; charset=utf-8', 'application/n-triples', 'N-Triples'),
  format('text/html', 'text/html; charset=utf-8', 'text/turtle', 'HTML'),
];

/**
 * The service description and the HTML page (GET /sparql with no query).
 * HTML first, as everywhere on the site: no Accept header means a browser.
 */
export const descriptionFormats: readonly ResultFormat[] = [
  format('text/html', 'text/html; charset=utf-8', '', 'HTML'),
  format('text/turtle', 'text/turtle; charset=utf-8', 'text/turtle', 'Turtle'),
  format('application/ld+json', 'application/ld+json', 'application/ld+json', 'JSON-LD'),
  format('application/n-triples', 'application/n-triples', 'application/n-triples', 'N-Triples'),
  format('application/rdf+xml', 'application/rdf+xml; charset=utf-8', 'application/rdf+xml', 'RDF/XML'),
  format('application/json', 'application/json', 'application/ld+json', 'JSON-LD'),
  format('text/plain', 'text/plain; charset=utf-8', 'application/n-triples', 'N-Triples'),
];

/** W3C format IRIs (https://www.w3.org/ns/formats/) of what the endpoint answers in, for sd:resultFormat. */
export const formatIris = [
  'SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV',
  'Turtle', 'N-Triples', 'JSON-LD', 'RDF_XML',
].map((name) => `http://www.w3.org/ns/formats/${name}`);
