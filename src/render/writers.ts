import type { Quad } from '@rdfjs/types';
import {
  formats, formatsOf, isKind, withStyle, type CitationFormat, type DocumentFormat, type Format, type GraphFormat, type PageFormat,
} from '../formats.js';
import { type LabelTable, Words } from '../labels.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { schema } from '../rdf/vocabulary.js';
import { pathOf, variantUrl } from '../site/layout.js';
import type { SiteSettings } from '../site/settings.js';
import { citationWriters, cslItem, entryIdOf, loadCitationStyles, type CslItem } from './citations.js';
import { toHtml, type HtmlLink } from './html.js';
import type { NameParts } from './html/scholar.js';
import { jsonLdDump, toFramedJsonLd } from './jsonld.js';
import type { TypedLink } from './linkset.js';
import { titleOf } from './names.js';
import type { DumpQuads, DumpWriter } from './dump.js';
import { rdfXmlDump, toRdfXml } from './rdfxml.js';
import { toSchemaIsland } from './schema-island.js';
import { ntriplesDump, toNTriples, toTurtle, turtleDump, turtleForScript } from './turtle.js';
import type { ImageSize } from '../source/images.js';

/**
 * The writer of each format of formats.ts, keyed by its name: a format
 * with no writer does not compile. Pages and graphs here, citations in
 * citations.ts; SPARQL results are written by Oxigraph.
 */

/** Where a graph is written from: JSON-LD frames it from `root`; Turtle writes IRIs under `base` relative to an `@base`. */
export interface GraphPlace {
  root?: string;
  base?: string;
}

/** RDF as text: a document, a dump, the dataset for a store, the SPARQL service description. */
export const graphWriters: { readonly [F in GraphFormat]: (quads: readonly Quad[], at: GraphPlace) => string } = {
  turtle: (quads, { base }) => toTurtle(quads, base),
  jsonld: (quads, { root }) => `${JSON.stringify(toFramedJsonLd(quads, root), null, 2)}\n`,
  ntriples: (quads) => toNTriples(quads),
  rdfxml: (quads) => toRdfXml(quads),
};

/** The dumps' writers, by subjects (render/dump.ts): `head + write(subjects) + tail` is what `graphWriters` writes. */
export const dumpWriters: { readonly [F in GraphFormat]: (dataset: DumpQuads, at: GraphPlace) => DumpWriter } = {
  turtle: (dataset, { base }) => turtleDump(dataset, base),
  jsonld: (dataset) => jsonLdDump(dataset.quads),
  ntriples: (dataset) => ntriplesDump(dataset),
  rdfxml: (dataset) => rdfXmlDump(dataset.quads),
};

/**
 * What every page of the site shares: its base, footer links, stylesheet,
 * name, header links, feeds and the bibliography's files, the site's settings and every
 * word. Plain data: a render thread gets it as it is. (Not the images'
 * sizes: each page has those of the images it shows, `imagesNamed`.)
 */
export interface FrameData {
  base: string;
  siteLinks: HtmlLink[];
  stylesheet: string | undefined;
  siteName: string;
  feeds: HtmlLink[];
  bibliography: HtmlLink[];
  settings: SiteSettings;
  labels: LabelTable;
  /** The site header's links: the homepage's sections that show, and the CV (render/html.ts `siteNav`). */
  nav: HtmlLink[];
  /** Under `serve --watch`: the path of the event stream every page listens to (render/html/live-reload.ts). */
  liveEvents?: string;
}

/** The frame made ready to render with, in the thread that renders. */
export interface Frame extends FrameData {
  /** The words of the settings' language. */
  words: Words;
  /** The citation styles, handed to the CSL engine of this thread; the default first. */
  styles: readonly string[];
  /** A work's formatted reference in a style (memoised). */
  reference: (item: CslItem, style: string) => string;
}

/** The frame of a thread that renders: its words, the citation styles loaded, a memo of references. */
export function frameOf(data: FrameData): Frame {
  return { ...data, words: new Words(data.labels, data.settings.language), styles: loadCitationStyles(data.settings.citationStyle), reference: referenceMemo(data.settings.language) };
}

/** A work's reference in a style, in the site's language, is wanted twice (its page's Cite block and its .STYLE.txt), and costs milliseconds. */
export function referenceMemo(language: string): Frame['reference'] {
  const references = new Map<string, string>();
  return (item, style) => {
    const key = `${style}\0${item.id}`;
    let text = references.get(key);
    if (text === undefined) { text = citationWriters.reference([item], style, language); references.set(key, text); }
    return text;
  };
}

/** Image sizes by URL: null where the site serves no image of that size at that URL. */
export type ImageSizes = Readonly<Record<string, ImageSize | null>>;

/**
 * The files a document's triples name (every `schema:contentUrl`), in
 * order, each with its size from `sizes` (the site's images) or null: what
 * its page gives as an image's width and height, and part of its key, so
 * that a new or resized image remakes only the pages that name it.
 */
export function imagesNamed(quads: readonly Quad[], sizes: ImageSizes): Record<string, ImageSize | null> {
  const named: Record<string, ImageSize | null> = {};
  for (const q of quads) {
    if (q.predicate.value === schema('contentUrl') && q.object.termType === 'NamedNode') named[q.object.value] = sizes[q.object.value] ?? null;
  }
  return named;
}

/** One document of the site, as its writers see it. */
export interface DocumentWriting {
  doc: { url: string; quads: readonly Quad[]; root: string | undefined; entities: readonly string[] };
  /** The sizes of the images its triples name (`imagesNamed`). */
  images: ImageSizes;
  /** What the document is published in: a page links the others. */
  formats: readonly DocumentFormat[];
  /** A work's citation, which its page shows and its citation variants are. */
  citation?: CslItem;
  /** Its typed links (publish/signposting.ts): its page's `<link>` elements. */
  links?: readonly TypedLink[];
  frame: Frame;
}

/** A document for people. */
export const pageWriters: { readonly [F in PageFormat]: (w: DocumentWriting) => string } = {
  html: ({ doc, formats: published, citation, links: signposts, frame, images }) => {
    const { base, siteName, reference, words, styles } = frame;
    const variants = documentVariants(pathOf(doc.url), published, citation === undefined ? undefined : styles);
    const links = (list: DocumentVariant[]): HtmlLink[] => list.map(({ format, location }) => ({
      href: location, label: format.style === undefined ? format.label : words.text('reference-in', { style: words.textOr(`style-${format.style}`, format.style) }), type: format.mediaType,
    }));
    return toHtml({
      url: doc.url, quads: doc.quads, entities: doc.entities, base,
      jsonld: toSchemaIsland(doc.quads, doc.root, {
        home: { url: base, name: siteName }, url: doc.url, name: titleOf(new Graph(doc.quads), namedNode(doc.root ?? doc.url), words),
      }),
      turtle: turtleForScript(doc.quads),
      alternates: links(variants.filter((v) => v.format.kind === 'graph')),
      signposts,
      siteLinks: frame.siteLinks, stylesheet: frame.stylesheet, siteName, feeds: frame.feeds, bibliography: frame.bibliography,
      words, sections: frame.settings.home, publicationsOnHome: frame.settings.listings.collections.find((c) => c.slug === 'publications')?.onHome, theme: frame.settings.theme, authorsShown: frame.settings.authorsShown, footer: frame.settings.footer, images, nav: frame.nav,
      liveEvents: frame.liveEvents,
      // A list of works (the homepage, a listing page) opens each one's BibTeX in place.
      bibtex: citation === undefined ? bibtexFrom(new Graph(doc.quads), words) : undefined,
      cite: citation ? {
        reference: reference(citation, styles[0]),
        bibtex: citationWriters.bibtex([citation]),
        links: links(variants.filter((v) => v.format.kind === 'citation')),
        authors: citation.author as NameParts[] | undefined,
      } : undefined,
    });
  },
};

/** A work's BibTeX, made from what the page's own triples say of it. */
function bibtexFrom(g: Graph, words: Words): (work: string) => string | undefined {
  return (work) => {
    const item = cslItem(g, namedNode(work), entryIdOf(work.split('#')[0]), words);
    return item ? citationWriters.bibtex([item]) : undefined;
  };
}

/** One representation of a document: a format (a formatted reference's in one style) at its suffix URL. */
export interface DocumentVariant {
  format: Format<DocumentFormat | CitationFormat>;
  /** `/people/x.ttl` for a document at `/people/x`. */
  location: string;
}

/**
 * Every representation of the document at `path`, in the server's order:
 * its formats, then, for a work (cited in `styles`, the citation styles
 * loaded), its citation in each citation format and a formatted reference
 * in each style, which a client must ask for by name.
 */
export function documentVariants(path: string, names: readonly DocumentFormat[], styles?: readonly string[]): DocumentVariant[] {
  const citations = styles ? formatsOf('citation').flatMap((f) => (f.styled ? styles.map((style) => withStyle(f, style)) : [f])) : [];
  return [...names.map((n): DocumentVariant['format'] => formats[n]), ...citations]
    .map((format) => ({ format, location: variantUrl(path, format.suffix) }));
}

/** The text of one representation of a document. */
export function writeVariant(format: DocumentVariant['format'], w: DocumentWriting): string {
  const { name } = format;
  if (isKind(name, 'page')) return pageWriters[name](w);
  if (isKind(name, 'graph')) return graphWriters[name](w.doc.quads, { root: w.doc.root, base: w.frame.base });
  if (!w.citation) throw new Error(`${w.doc.url} has no citation to write as ${format.label}`);
  return format.style === undefined ? citationWriters[name]([w.citation]) : `${w.frame.reference(w.citation, format.style)}\n`;
}
