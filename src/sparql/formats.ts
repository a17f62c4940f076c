import { formats, formatsOf, offers, type FormatName } from '../formats.js';

/**
 * What the endpoint can answer in (formats.ts): for each media type a client
 * may ask for, the Content-Type sent and the name Oxigraph's serialiser
 * knows it by. The lists are in the server's order of preference: with no
 * Accept header the first one is sent (SPARQL JSON results; Turtle for
 * graphs; the page for the service description).
 */

export interface ResultFormat {
  /** What negotiation matches on. */
  mediaType: string;
  /** The Content-Type header. */
  contentType: string;
  /** The format it is (or is another name of). */
  format: FormatName;
  /**
   * The format Oxigraph serialises into. The HTML page is rendered from the
   * JSON results (or the Turtle of a graph); the empty page has none.
   */
  engineFormat: string;
  /** The HTML page, not the answer itself. */
  page: boolean;
}

/** The answers in each format Oxigraph writes of a kind: each format's own media type, then their aliases. */
function answers(kind: 'graph' | 'results'): ResultFormat[] {
  const names = formatsOf(kind).filter((f) => f.engine).map((f) => f.name);
  return offers(names).map(({ mediaType, contentType, format }) => ({ mediaType, contentType, format: format.name, engineFormat: format.engine!, page: false }));
}

/** The HTML page, with the answer in `from` it is made from. */
function page(from: FormatName | undefined): ResultFormat {
  const { html } = formats;
  return { mediaType: html.mediaType, contentType: html.contentType, format: html.name, engineFormat: from ? formats[from].engine! : '', page: true };
}

/** SELECT and ASK. Last, the page: only a client that prefers HTML (a browser submitting the form) gets it. */
export const solutionFormats: readonly ResultFormat[] = [...answers('results'), page('sparql-json')];

/** CONSTRUCT and DESCRIBE: the site's RDF formats, by Oxigraph's own serialisers. */
export const graphFormats: readonly ResultFormat[] = [...answers('graph'), page('turtle')];

/**
 * The service description and the HTML page (GET /sparql with no query).
 * HTML first, as everywhere on the site: no Accept header means a browser.
 */
export const descriptionFormats: readonly ResultFormat[] = [page(undefined), ...answers('graph')];

/** W3C format IRIs of what the endpoint answers in, for sd:resultFormat. */
export const formatIris: readonly string[] = [...formatsOf('results'), ...formatsOf('graph')].filter((f) => f.engine && f.iri).map((f) => f.iri!);
