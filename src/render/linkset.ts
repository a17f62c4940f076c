import type { LinksetFormat } from '../formats.js';

/**
 * A document's typed links (RFC 8288) written the three ways a reader looks
 * for them: the `Link` header (`linkHeader`), the two linkset documents of
 * RFC 9264 (`linksetWriters`), and, in render/html/page.ts, `<link>`
 * elements. All three are made from the same list (publish/signposting.ts
 * computes it once per document), so they cannot disagree.
 */

/** One link from a document: its relation, its target (an absolute IRI) and the target's media type and profile, where known. */
export interface TypedLink {
  rel: string;
  href: string;
  type?: string;
  profile?: string;
}

/** A quoted-string (RFC 9110 §5.6.4): a `"` or `\` escaped. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

function linkValue(link: TypedLink, anchor?: string): string {
  return [
    `<${link.href}>`,
    ...(anchor === undefined ? [] : [`anchor=${quoted(anchor)}`]),
    `rel=${quoted(link.rel)}`,
    ...(link.type ? [`type=${quoted(link.type)}`] : []),
    ...(link.profile ? [`profile=${quoted(link.profile)}`] : []),
  ].join('; ');
}

/**
 * How long a `Link` header may be, in bytes. Proxies, CDNs and web servers
 * refuse longer header fields or whole headers (an nginx proxy's buffer is
 * 4 or 8 KiB by default, CloudFront's limit about 10 KiB, Apache's
 * configuration lines 8 KiB), and a work with a hundred authors would make
 * one of 5 to 20 KiB. The FAIR Signposting profile's answer is its level 2:
 * the linkset holds every link, the header enough to find it.
 */
export const LINK_HEADER_BYTES = 4096;

/**
 * What a document's typed links may take of LINK_HEADER_BYTES: the rest is
 * for what every server adds after them, the links to the document's other
 * formats (about 1 KiB for a work's eleven) and to its TimeMap.
 */
export const TYPED_LINK_BYTES = 2560;

/** What a header too long for LINK_HEADER_BYTES leaves to the linkset, relation by relation, until it fits. */
const LEFT_TO_LINKSET = ['author', 'item', 'related'];

/**
 * The value of a `Link` header carrying these links (from the document they
 * are sent with). Past TYPED_LINK_BYTES, when the links name the
 * document's linkset, the header leaves out its authors, then its items,
 * then its related links (all of each relation or none: a reader never
 * takes a part for the whole), and keeps the rest (cite-as, describedby,
 * type, license, linkset) for the linkset to give everything.
 */
export function linkHeader(links: readonly TypedLink[]): string {
  let value = links.map((l) => linkValue(l)).join(', ');
  if (Buffer.byteLength(value) <= TYPED_LINK_BYTES || !links.some((l) => l.rel === 'linkset')) return value;
  let kept = links;
  for (const rel of LEFT_TO_LINKSET) {
    kept = kept.filter((l) => l.rel !== rel);
    value = kept.map((l) => linkValue(l)).join(', ');
    if (Buffer.byteLength(value) <= TYPED_LINK_BYTES) break;
  }
  return value;
}

/**
 * A document's links as a linkset, each with the document as its anchor:
 * `application/linkset` is the Link header's syntax, one link a line
 * (RFC 9264 §4.1); `application/linkset+json` groups the targets by relation
 * (§4.2), `type` a string and `profile` an extension attribute, so an array.
 */
export const linksetWriters: { readonly [F in LinksetFormat]: (anchor: string, links: readonly TypedLink[]) => string } = {
  linkset: (anchor, links) => `${links.map((l) => linkValue(l, anchor)).join(',\n')}\n`,
  'linkset-json': (anchor, links) => {
    const context: Record<string, unknown> = { anchor };
    for (const { rel, href, type, profile } of links) {
      const targets = (context[rel] ??= []) as object[];
      targets.push({ href, ...(type ? { type } : {}), ...(profile ? { profile: [profile] } : {}) });
    }
    return `${JSON.stringify({ linkset: [context] }, null, 2)}\n`;
  },
};
