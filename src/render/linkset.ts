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

/** The value of a `Link` header carrying these links (from the document they are sent with). */
export function linkHeader(links: readonly TypedLink[]): string {
  return links.map((l) => linkValue(l)).join(', ');
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
