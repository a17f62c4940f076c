import { formatsOf } from '../formats.js';
import { namedNode } from '../rdf/graph.js';
import { schema } from '../rdf/vocabulary.js';
import type { Site } from '../site/index.js';
import { variantUrl } from '../site/layout.js';

/**
 * WebFinger (RFC 7033): what fediverse and IndieWeb tools learn by asking
 * the host about the person. One JSON Resource Descriptor, made once from
 * the graph and published as a file at `{base}.well-known/webfinger` (so
 * that a built site has it); `lodfolio serve` answers
 * `/.well-known/webfinger?resource=…` with it (http/webfinger.ts) for its
 * subject and each of its aliases.
 *
 * Its subject is the person's IRI; its aliases the profile page and the
 * person's accounts elsewhere (`schema:sameAs`); its links the profile page
 * (`http://webfinger.net/rel/profile-page`), the person's description in
 * each RDF format (`self`, as a Solid or linked-data client reads it) and
 * the photo (`http://webfinger.net/rel/avatar`).
 */

export const JRD_MEDIA_TYPE = 'application/jrd+json';

export interface Jrd {
  subject: string;
  aliases: string[];
  links: Array<{ rel: string; type?: string; href: string }>;
}

/** The person's descriptor, or undefined for a graph whose page has no main entity. */
export function webfingerOf(site: Site): Jrd | undefined {
  const { graph, base } = site;
  const person = graph.node(namedNode(base), schema('mainEntity'));
  if (person?.termType !== 'NamedNode') return undefined;
  const photo = graph.nodes(person, schema('image')).map((i) => graph.node(i, schema('contentUrl'))).find((u) => u?.termType === 'NamedNode');
  return {
    subject: person.value,
    aliases: [base, ...graph.nodes(person, schema('sameAs')).filter((n) => n.termType === 'NamedNode').map((n) => n.value)],
    links: [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: base },
      ...formatsOf('graph').map((f) => ({ rel: 'self', type: f.mediaType, href: variantUrl(base, f.suffix) })),
      ...(photo ? [{ rel: 'http://webfinger.net/rel/avatar', href: photo.value }] : []),
    ],
  };
}

/** What a WebFinger query may name to be given the descriptor: its subject and its aliases. */
export function webfingerResources(jrd: Jrd): Set<string> {
  return new Set([jrd.subject, ...jrd.aliases]);
}
