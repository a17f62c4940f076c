import type { Quad } from '@rdfjs/types';
import { loadLabels, Words } from '../labels.js';
import type { Profile } from '../pipeline.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { schema } from '../rdf/vocabulary.js';
import { siteNameOf } from '../render/names.js';
import { buildSite, type Site } from '../site/index.js';
import { defaultSettings, type SiteSettings } from '../site/settings.js';
import { loadPublic } from './assets.js';
import { buildRepresentations, type Representations } from './representations.js';

/**
 * From a built profile to everything the site publishes: the site (its
 * documents) and their representations, with the assets of public/. The
 * server and `lodfolio build` both start here, so what is served and what is
 * exported cannot differ. Here the site's settings are chosen and its words
 * read (ontology/labels.ttl, again for every version, so that an edit to
 * them is served like an edit to the data), and passed down.
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
  /** What the site's owner chose (default: `defaultSettings`). */
  settings?: SiteSettings;
}

export async function publishProfile(profile: Profile, options: PublishOptions): Promise<{ site: Site; representations: Representations }> {
  const settings = options.settings ?? defaultSettings;
  const words = new Words(loadLabels(), settings.language);
  const site = buildSite(profile, {
    name: profileName(profile, words), lastModified: options.lastModified, sparqlEndpoint: options.sparqlEndpoint, settings, words,
  });
  const publicFiles = await loadPublic(options.publicDir, options.warn);
  const representations = buildRepresentations(site, { publicFiles, previous: options.previous, cacheBytes: options.cacheBytes });
  return { site, representations };
}

/** What the profile is called, from its page at the base and the page's main entity alone. */
function profileName(profile: Profile, words: Words): string {
  const page = namedNode(profile.base);
  const own = [...profile.graph.match(page)] as Quad[];
  const main = own.find((q) => q.predicate.value === schema('mainEntity'))?.object;
  const about = main && main.termType !== 'Literal' ? [...profile.graph.match(main as Quad['subject'])] as Quad[] : [];
  return siteNameOf(new Graph([...own, ...about]), profile.base, words);
}
