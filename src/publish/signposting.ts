import { formatsOf } from '../formats.js';
import { Graph, namedNode, type Node } from '../rdf/graph.js';
import { prefixes, schema } from '../rdf/vocabulary.js';
import type { TypedLink } from '../render/linkset.js';
import type { DocumentVariant } from '../render/writers.js';
import type { SiteDocument } from '../site/index.js';
import { variantUrl } from '../site/layout.js';
import { identifierScheme } from '../source/identifiers.js';

/**
 * FAIR Signposting (https://signposting.org/FAIR/, levels 1 and 2): the
 * typed links of one document, computed once from the whole graph, as plain
 * data. The server sends them as a `Link` header, the page repeats them as
 * `<link>` elements, the linkset variants are them (render/linkset.ts), and
 * `lodfolio build` records them in the manifest, where a web server's
 * configuration reads them; so every reader sees the same links.
 *
 * What a document is about is its root's `schema:mainEntity` (the profile
 * page's person), else its root (a work). Its links:
 *
 * - `cite-as`: the document's own URL, the IRI it is published under (a DOI
 *   in `schema:sameAs` does not lead back to this page, so it is `related`);
 * - `describedby`: each RDF and citation format of the document, with its
 *   media type and, where the format has one, its profile (formats.ts);
 * - `item`: the content (a PDF, a data file: `schema:encoding`,
 *   `schema:distribution`), with its media type where known;
 * - `author`: each author or creator (for a person, the person), by ORCID iD
 *   where the graph gives one, else by IRI;
 * - `type`: its schema.org classes, and `AboutPage`, which the document is;
 * - `license`: its own `schema:license`, else the profile's (the licence the
 *   documents, which are the data, are under), as an SPDX IRI where SPDX
 *   names it;
 * - `linkset`: the same links as RFC 9264 linksets, in both media types.
 */

const SCHEMA = prefixes.schema;
/** Signposting spells schema.org's classes with https (https://signposting.org/FAIR/#reltypes). */
const SIGNPOSTING_SCHEMA = 'https://schema.org/';
const ORCID = identifierScheme('ORCID')!.url!.replace('{value}', '');
const DOI = identifierScheme('DOI')!.url!.replace('{value}', '');

export function signpostsOf(graph: Graph, doc: SiteDocument, variants: readonly DocumentVariant[], base: string): TypedLink[] {
  const root = namedNode(doc.root ?? doc.url);
  const subject: Node = graph.node(root, schema('mainEntity')) ?? root;
  const absolute = (location: string) => new URL(location, base).href;
  const links: TypedLink[] = [{ rel: 'cite-as', href: doc.url }];
  for (const { format, location } of variants) {
    if ((format.kind === 'graph' || format.kind === 'citation') && format.style === undefined) {
      links.push({ rel: 'describedby', href: absolute(location), type: format.mediaType, ...(format.profile ? { profile: format.profile } : {}) });
    }
  }
  for (const media of [...graph.nodes(subject, schema('encoding')), ...graph.nodes(subject, schema('distribution'))]) {
    const href = graph.node(media, schema('contentUrl'));
    if (href?.termType !== 'NamedNode') continue;
    const type = graph.text(media, schema('encodingFormat'));
    links.push({ rel: 'item', href: href.value, ...(type?.includes('/') ? { type } : {}) });
  }
  const authors = graph.is(subject, schema('Person')) ? [subject]
    : [...graph.nodes(subject, schema('author')), ...graph.nodes(subject, schema('creator'))];
  for (const author of new Set(authors.filter((a) => a.termType === 'NamedNode').map((a) => orcidOf(graph, a) ?? a.value))) {
    links.push({ rel: 'author', href: author });
  }
  for (const type of graph.types(subject)) {
    if (type.startsWith(SCHEMA)) links.push({ rel: 'type', href: SIGNPOSTING_SCHEMA + type.slice(SCHEMA.length) });
  }
  links.push({ rel: 'type', href: `${SIGNPOSTING_SCHEMA}AboutPage` });
  const license = graph.node(subject, schema('license')) ?? graph.node(root, schema('license')) ?? graph.node(namedNode(base), schema('license'));
  if (license?.termType === 'NamedNode') links.push({ rel: 'license', href: spdxOf(license.value) });
  for (const same of graph.nodes(subject, schema('sameAs'))) {
    if (same.value.startsWith(DOI)) links.push({ rel: 'related', href: same.value });
  }
  for (const format of formatsOf('linkset')) links.push({ rel: 'linkset', href: absolute(variantUrl(doc.path, format.suffix)), type: format.mediaType });
  return links;
}

function orcidOf(graph: Graph, person: Node): string | undefined {
  return graph.nodes(person, schema('sameAs')).find((n) => n.value.startsWith(ORCID))?.value;
}

/**
 * The SPDX IRI of a Creative Commons licence (`…/licenses/by/4.0/` →
 * `https://spdx.org/licenses/CC-BY-4.0`), which Signposting asks for; any
 * other licence IRI as it is.
 */
export function spdxOf(license: string): string {
  const cc = /^https?:\/\/creativecommons\.org\/(?:licenses\/([a-z-]+)|publicdomain\/(zero))\/(\d\.\d)\/?$/.exec(license);
  if (!cc) return license;
  const id = cc[2] ? 'CC0' : `CC-${cc[1].toUpperCase()}`;
  return `https://spdx.org/licenses/${id}-${cc[3]}`;
}
