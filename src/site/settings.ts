import type { SiteFile } from '../pipeline.js';
import { ownWorkPredicates, schema } from '../rdf/vocabulary.js';
import type { ListingSpec } from './listings.js';

/**
 * What the owner of a site chooses, as one typed object: the language of
 * its words, the homepage's sections and their order, which collections get
 * listing pages and how long they are, the citation style a reference is
 * given in when none is asked for. The defaults are here and nowhere else;
 * the site is built with them (publish/profile-site.ts) and passes them
 * down to whatever needs them. Plain data, so that it crosses to a render
 * thread and a profile's settings file can override any part of it.
 */
export interface SiteSettings {
  /** The language of every word a page shows (ontology/labels.ttl): a BCP 47 tag, `en`. */
  language: string;
  /** The homepage's sections, in order; a section with nothing to show is left out. */
  home: readonly HomeSection[];
  listings: {
    /** Entries per listing page. */
    pageSize: number;
    /** The collections that get listing pages (and may be cut short on the homepage). */
    collections: readonly ListingSpec[];
  };
  /** The CSL style (a file of styles/csl/) of a work's reference on its page and when a client names none. */
  citationStyle: string;
  /** The colour of links and highlights (#rrggbb), where it is not the stylesheet's own. */
  accentColor?: string;
  /** Light or dark always, or as the reader's system prefers. */
  theme: 'light' | 'dark' | 'auto';
  /** How many of a work's authors a list of works shows before "and N more", which opens the rest in place. */
  authorsShown: number;
  /** A line of Markdown at the foot of every page. */
  footer?: string;
  /** The scholar's own CV as a PDF (its URL), which the CV page links. */
  cvPdf?: string;
}

/** The homepage's sections, each made by html/home.ts from the profile; its heading is the word `section-{id}`. */
export type SectionId = 'about' | 'selected' | 'news' | 'research' | 'publications' | 'talks' | 'awards' | 'software' | 'group' | 'theses'
  | 'teaching' | 'service' | 'colleagues' | 'contact' | 'lists';

export interface HomeSection {
  id: SectionId;
  /** Linked from the site header, by its heading. */
  nav: boolean;
}

export const defaultSettings: SiteSettings = {
  language: 'en',
  home: [
    { id: 'about', nav: false },
    { id: 'selected', nav: false },
    { id: 'news', nav: true },
    { id: 'research', nav: true },
    { id: 'publications', nav: true },
    { id: 'talks', nav: true },
    { id: 'awards', nav: true },
    { id: 'software', nav: false },
    { id: 'group', nav: true },
    { id: 'theses', nav: false },
    { id: 'teaching', nav: true },
    { id: 'service', nav: false },
    { id: 'colleagues', nav: false },
    { id: 'contact', nav: true },
    { id: 'lists', nav: false },
  ],
  listings: {
    // A page of full publication entries stays around 200 KB of HTML.
    pageSize: 50,
    collections: [
      // The 25 most recent publications on the homepage: a typical scholar's whole list (both fixture
      // profiles have fewer), and a page that stays a page for one with hundreds.
      { slug: 'publications', members: { linkingTo: ownWorkPredicates }, order: 'newest', onHome: 25, detail: 'full' },
      { slug: 'people', members: { type: schema('Person') }, order: 'name', detail: 'summary' },
    ],
  },
  citationStyle: 'apa',
  theme: 'auto',
  // A consortium's paper takes two lines of a list, not forty; the work's own page names every author.
  authorsShown: 10,
};

/**
 * The settings a profile's site.yaml makes (checked against
 * ontology/site.schema.json by the pipeline): what it says, the defaults for
 * the rest. `sections` orders the homepage and leaves out what it does not
 * name; `navigation`, where given, is the sections the header links to.
 */
export function settingsOf(file: SiteFile = {}): SiteSettings {
  const defaults = defaultSettings;
  const chosen = file.sections
    ? file.sections.map((id) => defaults.home.find((s) => s.id === id)!)
    : defaults.home;
  const home = chosen.map(({ id, nav }) => ({ id, nav: file.navigation ? file.navigation.includes(id) : nav }));
  const collections = defaults.listings.collections.map((c) => (c.slug === 'publications' && file.publicationsOnHome !== undefined ? { ...c, onHome: file.publicationsOnHome } : c));
  return {
    ...defaults,
    language: file.language ?? defaults.language,
    home,
    listings: { pageSize: file.pageSize ?? defaults.listings.pageSize, collections },
    citationStyle: file.citationStyle ?? defaults.citationStyle,
    theme: file.theme ?? defaults.theme,
    authorsShown: file.authorsShown ?? defaults.authorsShown,
    ...(file.accentColor === undefined ? {} : { accentColor: file.accentColor }),
    ...(file.footer === undefined ? {} : { footer: file.footer }),
    ...(file.cvPdf === undefined ? {} : { cvPdf: file.cvPdf }),
  };
}
