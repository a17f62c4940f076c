import type { Quad } from '@rdfjs/types';
import type { Profile } from '../pipeline.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { schema } from '../rdf/vocabulary.js';
import { siteNameOf } from '../render/names.js';
import { buildSite, type Site } from '../site/index.js';
import { loadPublic } from './assets.js';
import { buildRepresentations, type Representations } from './representations.js';

/**
 * From a built profile to everything the site publishes: the site (its
 * documents) and their representations, with the assets of public/. The
 * server and `lodfolio build` both start here, so what is served and what is
 * exported cannot differ.
 */
export interface PublishOptions {
  lastModified: Date;
  /** The SPARQL endpoint's URL, when there is one (served beside the documents, or a store elsewhere). */
  sparqlEndpoint?: string;
  publicDir: string;
  warn?: (message: string) => void;
  /** The previous data version's representations (unchanged bytes keep their date). */
  previous?: Representations;
  cacheBytes?: number;
}

export async function publishProfile(profile: Profile, options: PublishOptions): Promise<{ site: Site; representations: Representations }> {
  const site = buildSite(profile, { name: profileName(profile), lastModified: options.lastModified, sparqlEndpoint: options.sparqlEndpoint });
  const publicFiles = await loadPublic(options.publicDir, options.warn);
  const representations = buildRepresentations(site, { publicFiles, previous: options.previous, cacheBytes: options.cacheBytes });
  return { site, representations };
}

/** What the profile is called, from its page at the base and the page's main entity alone. */
function profileName(profile: Profile): string {
  const page = namedNode(profile.base);
  const own = [...profile.graph.match(page)] as Quad[];
  const main = own.find((q) => q.predicate.value === schema('mainEntity'))?.object;
  const about = main && main.termType !== 'Literal' ? [...profile.graph.match(main as Quad['subject'])] as Quad[] : [];
  return siteNameOf(new Graph([...own, ...about]), profile.base);
}
