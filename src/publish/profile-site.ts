import type { Quad } from '@rdfjs/types';
import type { DocumentFormat } from '../formats.js';
import { loadLabels, Words } from '../labels.js';
import type { Profile } from '../pipeline.js';
import { Graph, namedNode } from '../rdf/graph.js';
import { schema } from '../rdf/vocabulary.js';
import { nameOf, siteNameOf } from '../render/names.js';
import { buildSite, datasetOf, type Site } from '../site/index.js';
import type { Naming } from '../site/listings.js';
import type { GraphChanges, SiteMemory } from '../site/memory.js';
import { settingsOf, type SiteSettings } from '../site/settings.js';
import { loadPublic, mediaTypeOf } from './assets.js';
import { buildRepresentations, type Representations } from './representations.js';

/**
 * From a built profile to everything the site publishes: the site (its
 * documents) and their representations, with the assets of public/. The
 * server and `lodfolio build` both start here, so what is served and what is
 * exported cannot differ. Here the site's settings are chosen and its words
 * read (ontology/labels.ttl with the profile's own labels.ttl over it, read
 * with every version, so that an edit to them is served like an edit to the
 * data), and passed down.
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
  /** What the site's owner chose (default: the profile's site.yaml, `settingsOf(profile.site)`). */
  settings?: SiteSettings;
  /** The formats to make (default: all); `lodfolio build --formats`. */
  formats?: readonly DocumentFormat[];
  /** Under `serve --watch`: the path of the event stream the pages listen to (publish/representations.ts). */
  liveEvents?: string;
  /**
   * Under `build --watch`: what the site's representations of the last build
   * published left (site/memory.ts), and what changed in the graph since
   * (publish/build-memory.ts `BuildMemory.changes`).
   */
  memory?: { site: SiteMemory; changes: GraphChanges };
}

export async function publishProfile(profile: Profile, options: PublishOptions): Promise<{ site: Site; representations: Representations }> {
  const naming = namingOf(profile, options.settings);
  // What the pieces kept are made with besides the graph (the citation styles are the ontology's: a change to them starts afresh).
  const memory = options.memory?.site.run(JSON.stringify([
    profile.base, naming.settings, naming.words.language, naming.words.table, options.formats ?? null, options.sparqlEndpoint ?? null, options.liveEvents ?? null,
  ]), options.memory.changes);
  const site = buildSite(profile, {
    ...naming, name: profileName(profile, naming.words), lastModified: options.lastModified, sparqlEndpoint: options.sparqlEndpoint,
    formats: options.formats, memory,
  });
  const { settings } = naming;
  const stylesheet = site.urls.stylesheet.slice(profile.base.length);
  const publicFiles = (await loadPublic(options.publicDir, options.warn))
    .map((f) => (f.urlPath === stylesheet ? { ...f, bytes: Buffer.from(f.bytes.toString('utf8') + siteStyle(settings, profile.style)) } : f));
  // The profile's own files, at the paths its URL fields name them by.
  const ownFiles = (profile.files ?? []).map((f) => ({ urlPath: urlPathOf(f.path), mediaType: mediaTypeOf(f.path), bytes: f.bytes }));
  const images = Object.fromEntries((profile.files ?? []).flatMap((f) => (f.size ? [[`${profile.base}${urlPathOf(f.path)}`, f.size]] : [])));
  const representations = buildRepresentations(site, {
    publicFiles: [...publicFiles, ...ownFiles], images, previous: options.previous, cacheBytes: options.cacheBytes, liveEvents: options.liveEvents, memory,
  });
  return { site, representations };
}

/** The whole dataset of a profile (site/index.ts `datasetOf`), named as its site names things: what SPARQL and a store hold. */
export function profileDataset(profile: Profile): Quad[] {
  return datasetOf(profile, namingOf(profile));
}

/** The site's settings (default: the profile's site.yaml), the words of their language, and what a node is called in it. */
function namingOf(profile: Profile, settings = settingsOf(profile.site)): { settings: SiteSettings; words: Words; nameOf: Naming } {
  const words = new Words(profile.labels ?? loadLabels(), settings.language);
  return { settings, words, nameOf: (index, node) => nameOf(index, node, words) };
}

/**
 * What follows the built-in stylesheet: the site's accent colour (in a dark
 * scheme, mixed half-way to white so it keeps its contrast), its theme, and
 * the profile's own style.css, last so that it wins.
 */
export function siteStyle(settings: SiteSettings, own: string | undefined): string {
  const rules: string[] = [];
  const { accentColor: accent, theme } = settings;
  if (accent) {
    rules.push('/* The site\'s accent colour (site.yaml) */', `@media screen {\n  :root {\n    --accent: light-dark(${accent}, color-mix(in srgb, ${accent} 50%, white));`
      + '\n    --accent-hover: color-mix(in srgb, var(--accent) 70%, var(--fg));\n    --underline: color-mix(in srgb, var(--accent) 35%, transparent);\n  }\n}');
  }
  if (theme !== 'auto') rules.push(`/* The site's theme (site.yaml) */\n:root { color-scheme: ${theme}; }`);
  if (own !== undefined) rules.push(`/* The profile's style.css */\n${own}`);
  return rules.length === 0 ? '' : `\n${rules.join('\n')}\n`;
}

/** `files/a b.pdf` → `files/a%20b.pdf`, as the pipeline makes a URL field's value of it. */
function urlPathOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** What the profile is called, from its page at the base and the page's main entity alone. */
function profileName(profile: Profile, words: Words): string {
  const page = namedNode(profile.base);
  const own = [...profile.graph.match(page)] as Quad[];
  const main = own.find((q) => q.predicate.value === schema('mainEntity'))?.object;
  const about = main && main.termType !== 'Literal' ? [...profile.graph.match(main as Quad['subject'])] as Quad[] : [];
  return siteNameOf(new Graph([...own, ...about]), profile.base, words);
}
