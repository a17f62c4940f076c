import { w3cFormat } from './rdf/vocabulary.js';

/**
 * Every format the site speaks, each said once: its media type and the
 * Content-Type it is sent with, its suffix and label, the other media types
 * clients ask for the same bytes by, whether the whole dataset is published
 * in it, its W3C format IRI, how an error reads in it, and the name Oxigraph
 * writes it by. Every list of formats elsewhere (a document's variants, the
 * dumps, the error answers, the SPARQL endpoint's offers, a web server's
 * negotiation) is a filter or a map over this one.
 *
 * Declarative on purpose, so that every layer can read it: the writers are
 * attached in render/ (render/writers.ts for pages and graphs,
 * render/citations.ts for citations), each by a map keyed by format name
 * whose type makes a missing writer a compile error. SPARQL results are
 * written by Oxigraph. A new format is one record here and its writer.
 */

/** What a format is for. */
export type Kind =
  /** A document for people: HTML. */
  | 'page'
  /** RDF as text: every document, the dumps, SPARQL's CONSTRUCT and DESCRIBE results, the service description. */
  | 'graph'
  /** A work's citation, for reference managers and readers. */
  | 'citation'
  /** SPARQL's SELECT and ASK results. */
  | 'results'
  /** A document's typed links (its Signposting) as a document of their own: RFC 9264. */
  | 'linkset'
  /** A document's past versions listed (Memento's TimeMap, RFC 7089): in link-format (RFC 6690). */
  | 'timemap';

/**
 * How a failed request reads in a format, for a client that asked for it
 * (the bodies are http/answer.ts's): a small page, an empty graph with the
 * message as a `#` comment (Turtle, N-Triples) or an XML comment (RDF/XML),
 * or a JSON object. A format without one is answered in plain text, which
 * every client reads.
 */
export type ErrorBody = 'page' | 'comment' | 'json' | 'xml-comment';

/** Another media type clients ask for a format's bytes by. */
export interface Alias {
  readonly mediaType: string;
  readonly contentType: string;
  readonly error?: ErrorBody;
}

/**
 * `charset`: text that says its encoding in Content-Type. JSON and
 * N-Triples are UTF-8 by definition and take none.
 */
interface MediaTypeSpec { mediaType: string; charset?: 'utf-8' }

interface Spec extends MediaTypeSpec {
  kind: Kind;
  /** After a document's path, the URL of this representation alone: `ttl` → `/people/x.ttl`. */
  suffix: string;
  label: string;
  aliases?: ReadonlyArray<MediaTypeSpec & { error?: ErrorBody }>;
  /** The whole dataset is published in it (`dataset.ttl`), and the VoID description lists it. */
  dump?: true;
  /** Its name at https://www.w3.org/ns/formats/, where it has one. */
  iri?: string;
  error?: ErrorBody;
  /** Oxigraph writes it (by its media type): the SPARQL endpoint answers in it. */
  oxigraph?: true;
  /** The bibliography (every work's citation) is published in it: `publications.bib`. */
  bibliography?: true;
  /** One variant per citation style, the style a parameter of the media type (see `withStyle`). */
  styled?: true;
  /** The profile IRI (RFC 6906) that says which flavour of the media type this is, where one exists: Signposting's `describedby` carries it. */
  profile?: string;
  /**
   * Sent as it is, never gzip or brotli (by `serve`, nor as copies beside a
   * build's files): a body so small, and so rarely fetched, that its copies
   * cost a build more than they save (measured: docs/building.md).
   */
  uncompressed?: true;
}

/** In the server's order of preference: where a client takes several equally, the first is sent. */
const specs = {
  html: {
    kind: 'page', mediaType: 'text/html', charset: 'utf-8', suffix: 'html', label: 'HTML', error: 'page',
    // The pages are well-formed XML, so the same bytes serve XHTML.
    aliases: [{ mediaType: 'application/xhtml+xml', charset: 'utf-8', error: 'page' }],
  },
  turtle: {
    kind: 'graph', mediaType: 'text/turtle', charset: 'utf-8', suffix: 'ttl', label: 'Turtle',
    dump: true, iri: w3cFormat('Turtle'), error: 'comment', oxigraph: true,
  },
  jsonld: {
    kind: 'graph', mediaType: 'application/ld+json', suffix: 'jsonld', label: 'JSON-LD',
    dump: true, iri: w3cFormat('JSON-LD'), error: 'json', oxigraph: true,
    // Framed from the document's root, compacted with the site's context (JSON-LD 1.1 §9.3).
    profile: 'http://www.w3.org/ns/json-ld#framed',
    aliases: [{ mediaType: 'application/json', error: 'json' }],
  },
  ntriples: {
    kind: 'graph', mediaType: 'application/n-triples', suffix: 'nt', label: 'N-Triples',
    dump: true, iri: w3cFormat('N-Triples'), error: 'comment', oxigraph: true,
    // N-Triples' media type before RDF 1.1, still what rdflib asks for with format="nt"; its errors are plain text.
    aliases: [{ mediaType: 'text/plain', charset: 'utf-8' }],
  },
  rdfxml: {
    kind: 'graph', mediaType: 'application/rdf+xml', charset: 'utf-8', suffix: 'rdf', label: 'RDF/XML',
    dump: true, iri: w3cFormat('RDF_XML'), error: 'xml-comment', oxigraph: true,
  },
  bibtex: { kind: 'citation', mediaType: 'application/x-bibtex', charset: 'utf-8', suffix: 'bib', label: 'BibTeX', bibliography: true },
  csl: {
    kind: 'citation', mediaType: 'application/vnd.citationstyles.csl+json', suffix: 'csl.json', label: 'CSL-JSON', bibliography: true,
    profile: 'https://resource.citationstyles.org/schema/v1.0/input/json/csl-data.json',
  },
  ris: { kind: 'citation', mediaType: 'application/x-research-info-systems', charset: 'utf-8', suffix: 'ris', label: 'RIS' },
  // A formatted reference, one variant per style (`text/x-bibliography; style=ieee`), as doi.org serves them.
  reference: { kind: 'citation', mediaType: 'text/x-bibliography', charset: 'utf-8', suffix: 'txt', label: 'Reference', styled: true },
  linkset: { kind: 'linkset', mediaType: 'application/linkset', charset: 'utf-8', suffix: 'linkset', label: 'Linkset', uncompressed: true },
  'linkset-json': { kind: 'linkset', mediaType: 'application/linkset+json', suffix: 'linkset.json', label: 'Linkset (JSON)', uncompressed: true },
  // (RFC 6690 registers no file extension; a built TimeMap needs one: its document may be a folder, `/people/`.)
  timemap: { kind: 'timemap', mediaType: 'application/link-format', suffix: 'link', label: 'TimeMap' },
  'sparql-json': {
    kind: 'results', mediaType: 'application/sparql-results+json', suffix: 'srj', label: 'JSON', iri: w3cFormat('SPARQL_Results_JSON'), oxigraph: true,
    // The generic types clients ask for results by (SPARQLWrapper, Jena, browsers' XML).
    aliases: [{ mediaType: 'application/json' }],
  },
  'sparql-xml': {
    kind: 'results', mediaType: 'application/sparql-results+xml', charset: 'utf-8', suffix: 'srx', label: 'XML', iri: w3cFormat('SPARQL_Results_XML'), oxigraph: true,
    aliases: [{ mediaType: 'application/xml', charset: 'utf-8' }, { mediaType: 'text/xml', charset: 'utf-8' }],
  },
  csv: { kind: 'results', mediaType: 'text/csv', charset: 'utf-8', suffix: 'csv', label: 'CSV', iri: w3cFormat('SPARQL_Results_CSV'), oxigraph: true },
  tsv: { kind: 'results', mediaType: 'text/tab-separated-values', charset: 'utf-8', suffix: 'tsv', label: 'TSV', iri: w3cFormat('SPARQL_Results_TSV'), oxigraph: true },
} as const satisfies Record<string, Spec>;

export type FormatName = keyof typeof specs;

/** The names of the formats of some kinds: `NameOf<'graph'>` is `'turtle' | 'jsonld' | …`. */
export type NameOf<K extends Kind> = { [N in FormatName]: (typeof specs)[N]['kind'] extends K ? N : never }[FormatName];
export type PageFormat = NameOf<'page'>;
export type GraphFormat = NameOf<'graph'>;
export type CitationFormat = NameOf<'citation'>;
export type LinksetFormat = NameOf<'linkset'>;
/** What each document of the site is published in. */
export type DocumentFormat = NameOf<'page' | 'graph'>;
/** What Oxigraph reads and writes. */
export type EngineFormat = { [N in FormatName]: (typeof specs)[N] extends { oxigraph: true } ? N : never }[FormatName];

export interface Format<N extends FormatName = FormatName> {
  readonly name: N;
  readonly kind: Kind;
  /** What negotiation matches on: `text/turtle`. */
  readonly mediaType: string;
  /** The Content-Type header: `text/turtle; charset=utf-8`. */
  readonly contentType: string;
  readonly suffix: string;
  /** Its name for people: `Turtle`. */
  readonly label: string;
  readonly aliases: readonly Alias[];
  readonly dump: boolean;
  /** Its W3C format IRI (`http://www.w3.org/ns/formats/Turtle`), where it has one. */
  readonly iri?: string;
  readonly error?: ErrorBody;
  /** The name Oxigraph reads and writes it by, for a format SPARQL answers in. */
  readonly engine: N extends EngineFormat ? string : string | undefined;
  readonly bibliography: boolean;
  readonly styled: boolean;
  /** The citation style of a formatted reference (see `withStyle`). */
  readonly style?: string;
  /** Its profile IRI (RFC 6906), where one exists. */
  readonly profile?: string;
  /** Whether its bodies are sent gzip- or brotli-encoded to a client that takes them (and a build writes those copies). */
  readonly compressed: boolean;
}

function contentTypeOf({ mediaType, charset }: MediaTypeSpec): string {
  const type = mediaType.split(';').map((p) => p.trim()).join('; ');
  return charset ? `${type}; charset=${charset}` : type;
}

function formatOf<N extends FormatName>(name: N): Format<N> {
  const spec: Spec = specs[name];
  return {
    name, kind: spec.kind, mediaType: spec.mediaType, contentType: contentTypeOf(spec), suffix: spec.suffix, label: spec.label,
    aliases: (spec.aliases ?? []).map((a) => ({ mediaType: a.mediaType, contentType: contentTypeOf(a), ...(a.error ? { error: a.error } : {}) })),
    dump: spec.dump === true, iri: spec.iri, error: spec.error, engine: (spec.oxigraph ? spec.mediaType : undefined) as Format<N>['engine'],
    bibliography: spec.bibliography === true, styled: spec.styled === true, ...(spec.profile ? { profile: spec.profile } : {}),
    compressed: spec.uncompressed !== true,
  };
}

export const formats: { readonly [N in FormatName]: Format<N> } = Object.fromEntries(
  (Object.keys(specs) as FormatName[]).map((name) => [name, formatOf(name)]),
) as { [N in FormatName]: Format<N> };

/** Every format, in the server's order of preference. */
export const formatList: ReadonlyArray<Format> = Object.values(formats);

/** The formats of some kinds, in the server's order. */
export function formatsOf<K extends Kind>(...kinds: K[]): Array<Format<NameOf<K>>> {
  return formatList.filter((f) => (kinds as Kind[]).includes(f.kind)) as Array<Format<NameOf<K>>>;
}

/** What each document of the site is published in, in the server's order. */
export const documentFormats: readonly DocumentFormat[] = formatsOf('page', 'graph').map((f) => f.name);

/** What the whole dataset is published in (`dataset.ttl`, …), the VoID description lists and the pages link. */
export const dumpFormats: ReadonlyArray<Format<GraphFormat>> = formatsOf('graph').filter((f) => f.dump);

export function isKind<K extends Kind>(name: FormatName, kind: K): name is NameOf<K> {
  return formats[name].kind === kind;
}

/** A styled format in one style: `text/x-bibliography;style=ieee`, sent as `text/x-bibliography; style=ieee; charset=utf-8`, at `.ieee.txt`. */
export function withStyle<N extends FormatName>(format: Format<N>, style: string): Format<N> {
  const spec: Spec = specs[format.name];
  const mediaType = `${spec.mediaType};style=${style}`;
  return { ...format, mediaType, contentType: contentTypeOf({ mediaType, charset: spec.charset }),
    suffix: `${style}.${spec.suffix}`, label: `${spec.label} (${style})`, style };
}

/** The aliases of the format whose own media type this is (none for any other). */
export function aliasesOf(mediaType: string): readonly Alias[] {
  return formatList.find((f) => f.mediaType === mediaType)?.aliases ?? [];
}

/**
 * Whether a body of this media type is sent gzip- or brotli-encoded to a
 * client that takes them: its format's `compressed`, else (a stylesheet, a
 * script, the feed, the sitemap) whether it is text; never an archive.
 */
export function isCompressible(mediaType: string): boolean {
  const type = mediaType.split(';')[0].trim();
  const format = formatList.find((f) => f.mediaType.split(';')[0] === type);
  return format ? format.compressed : /^text\/|\+xml|\/xml|json|javascript|svg/.test(type);
}

/** One media type a resource answers to, with the format it is (or is another name of). */
export interface Offer {
  mediaType: string;
  contentType: string;
  format: Format;
  error?: ErrorBody;
}

/**
 * What a resource in these formats answers to, in the server's order: each
 * format's own media type in the order given, then their aliases in the
 * registry's order.
 */
export function offers(names: readonly FormatName[]): Offer[] {
  const own = names.map((n) => formats[n]).map((format) => ({ mediaType: format.mediaType, contentType: format.contentType, format, error: format.error }));
  const aliases = formatList.filter((f) => names.includes(f.name)).flatMap((format) => format.aliases.map((a) => ({ ...a, format })));
  return [...own, ...aliases];
}
