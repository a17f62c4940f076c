import type { Term } from '@rdfjs/types';
import { type Graph, type Node } from '../rdf/graph.js';
import { bibo, foaf, schema as s, voidTerm } from '../rdf/vocabulary.js';
import { markdownWords } from './markdown.js';

/**
 * The one place that decides what to call things: a node's name (the text
 * of every link to it, and its document's title, so the two agree), its
 * kind (decided by class IRI, as a closed key that code may test; the
 * words are for output only) and the human names of properties. Every
 * word here describes a type or a property, never a fact of a profile.
 */

/** What a node is, as code tests it. */
export type KindKey =
  | 'profile-page' | 'article' | 'book' | 'thesis' | 'document' | 'code' | 'website' | 'journal' | 'venue' | 'series'
  | 'course' | 'course-instance' | 'project' | 'university' | 'research-organization' | 'organization' | 'person'
  | 'place' | 'topic' | 'grant' | 'address' | 'account' | 'dataset-description' | 'dataset' | 'award' | 'news'
  | 'announcement' | 'work' | 'role' | 'chapter' | 'report' | 'poster' | 'slides' | 'talk' | 'research-data' | 'software'
  | 'patent' | 'identifier' | 'file' | 'other';

/** The lists things are grouped into ("mentioned in" on an entity page), in the order they are shown. */
export const groupOrder = [
  'publications', 'talks', 'theses', 'news', 'projects', 'code', 'organizations', 'people', 'teaching', 'venues', 'awards', 'funding',
] as const;

export interface Kind {
  key: KindKey;
  /** Which list it belongs in: one of `groupOrder`, another known group, or (for unknown classes) the class IRI. */
  group: string;
  /** `Article` */
  one: string;
  /** The heading of a list of them: `Publications` */
  many: string;
}

const kind = (key: KindKey, group: string, one: string, many: string): Kind => ({ key, group, one, many });

/** Classes in order of precedence: a node is the first one it has. */
const kinds: Array<[string, Kind]> = [
  [s('ProfilePage'), kind('profile-page', 'profile', 'Profile page', 'Profile')],
  [s('ScholarlyArticle'), kind('article', 'publications', 'Article', 'Publications')],
  [s('Book'), kind('book', 'publications', 'Book', 'Publications')],
  [s('Thesis'), kind('thesis', 'theses', 'Thesis', 'Theses')],
  [s('Chapter'), kind('chapter', 'publications', 'Chapter', 'Publications')],
  [s('Report'), kind('report', 'publications', 'Report', 'Publications')],
  [s('Poster'), kind('poster', 'publications', 'Poster', 'Publications')],
  [s('PresentationDigitalDocument'), kind('slides', 'publications', 'Slides', 'Publications')],
  [s('Dataset'), kind('research-data', 'publications', 'Dataset', 'Publications')],
  [s('SoftwareApplication'), kind('software', 'publications', 'Software', 'Publications')],
  [bibo('Patent'), kind('patent', 'publications', 'Patent', 'Publications')],
  [s('PropertyValue'), kind('identifier', 'identifiers', 'Identifier', 'Identifiers')],
  [s('MediaObject'), kind('file', 'files', 'File', 'Files')],
  [s('DigitalDocument'), kind('document', 'documents', 'Document', 'Documents')],
  [s('SoftwareSourceCode'), kind('code', 'code', 'Source code', 'Code')],
  [s('WebSite'), kind('website', 'websites', 'Website', 'Websites')],
  [s('Periodical'), kind('journal', 'venues', 'Journal', 'Venues')],
  [s('PublicationEvent'), kind('venue', 'venues', 'Venue', 'Venues')],
  [s('EventSeries'), kind('series', 'venues', 'Series', 'Venues')],
  [s('Event'), kind('talk', 'talks', 'Talk', 'Talks')],
  [s('Course'), kind('course', 'teaching', 'Course', 'Teaching')],
  [s('CourseInstance'), kind('course-instance', 'teaching', 'Course instance', 'Teaching')],
  [s('ResearchProject'), kind('project', 'projects', 'Research project', 'Projects')],
  [s('CollegeOrUniversity'), kind('university', 'organizations', 'University', 'Organizations')],
  [s('ResearchOrganization'), kind('research-organization', 'organizations', 'Research organization', 'Organizations')],
  [s('Organization'), kind('organization', 'organizations', 'Organization', 'Organizations')],
  [s('Person'), kind('person', 'people', 'Person', 'People')],
  [s('Place'), kind('place', 'places', 'Place', 'Places')],
  [s('DefinedTerm'), kind('topic', 'topics', 'Topic', 'Topics')],
  [s('MonetaryGrant'), kind('grant', 'funding', 'Grant', 'Funding')],
  [s('PostalAddress'), kind('address', 'addresses', 'Address', 'Addresses')],
  [foaf('OnlineAccount'), kind('account', 'accounts', 'Account', 'Accounts')],
  [voidTerm('DatasetDescription'), kind('dataset-description', 'descriptions', 'Dataset description', 'Descriptions')],
  [voidTerm('Dataset'), kind('dataset', 'datasets', 'Dataset', 'Datasets')],
];

const AWARD = kind('award', 'awards', 'Award', 'Awards');
const NEWS = kind('news', 'news', 'News', 'News');
const ANNOUNCEMENT = kind('announcement', 'news', 'Announcement', 'News');
const WORK = kind('work', 'works', 'Work', 'Works');
const ROLE = kind('role', 'roles', 'Role', 'Roles');

/** Kinds of work that scholarly indexes (and publication lists) count. */
export const scholarlyKinds: readonly KindKey[] = ['article', 'book', 'thesis', 'chapter', 'report'];

/**
 * What kind of thing a node is, from its types, and for the types that
 * schema.org leaves general, from the properties that say what it is: a
 * Role carrying an award's text is an award; a CreativeWork that is only
 * text is news (dated) or an announcement.
 */
export function kindOf(g: Graph, node: Term): Kind {
  const types = g.types(node);
  if (types.includes(s('Role')) && g.literal(node, s('award'))) return AWARD;
  for (const [type, k] of kinds) if (types.includes(type)) return k;
  if (types.includes(s('CreativeWork'))) {
    if (g.literal(node, s('text'))) return g.literal(node, s('datePublished')) ? NEWS : ANNOUNCEMENT;
    return WORK;
  }
  if (types.includes(s('Role'))) return ROLE;
  const first = [...types].sort((a, b) => (localName(a) < localName(b) ? -1 : localName(a) > localName(b) ? 1 : 0))[0];
  if (!first) return kind('other', 'other', 'Thing', 'Things');
  const words = sentence(localName(first));
  return kind('other', first, words, `${words}s`);
}

/**
 * What to call a node: its label; for a node known by what it says, the
 * start of its text (its words: the Markdown read); for an unnamed work, what it is about ("Untitled
 * article about Blueprint"); for an IRI the graph does not type, the last
 * segment of its path. Never a made-up title.
 */
export function nameOf(g: Graph, node: Node): string {
  const label = g.label(node);
  if (label) return label;
  const text = g.text(node, s('text')) ?? g.text(node, s('description'));
  if (text) return shorten(markdownWords(text), 90);
  const about = g.nodes(node, s('about')).map((a) => g.label(a)).find(Boolean);
  const kindWord = kindOf(g, node).one.toLowerCase();
  if (about) return `Untitled ${kindWord} about ${about}`;
  if (node.termType === 'NamedNode' && g.types(node).length === 0) return lastSegment(node.value);
  return `Untitled ${kindWord}`;
}

/**
 * The title of the document whose root is `root`: the root's name, except
 * that a page with no name of its own (the profile page) is called by its
 * main entity's name.
 */
export function titleOf(g: Graph, root: Node): string {
  if (!g.label(root)) {
    const main = g.node(root, s('mainEntity'));
    const mainLabel = main ? g.label(main) : undefined;
    if (mainLabel) return mainLabel;
  }
  return nameOf(g, root);
}

/** What a profile is called: the title of its page at the base, or the host it is served from. */
export function siteNameOf(g: Graph, base: string): string {
  const page: Node = { termType: 'NamedNode', value: base, equals: (o?: Term | null) => !!o && o.value === base } as Node;
  return g.describes(page) ? titleOf(g, page) : new URL(base).host;
}

/** The last segment of an IRI's path (before any fragment), decoded; the host when there is none. */
function lastSegment(iri: string): string {
  try {
    const url = new URL(iri);
    const segment = url.pathname.split('/').filter(Boolean).pop();
    if (!segment) return url.host || iri;
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  } catch {
    return localName(iri.replace(/#.*$/, '')) || iri;
  }
}

/** Text cut to at most `max` characters (code points), at a word where one is near, marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  if (chars.length <= max) return clean;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/u, '')}…`;
}

/** Properties by their human names, as a heading or a definition term. */
const propertyNames: Record<string, string> = {
  [s('about')]: 'About',
  [s('address')]: 'Address',
  [s('affiliation')]: 'Affiliation',
  [s('alternateName')]: 'Also known as',
  [s('alumniOf')]: 'Studied at',
  [s('author')]: 'Authors',
  [s('award')]: 'Awards',
  [s('colleague')]: 'Colleagues',
  [s('contributor')]: 'Contributors',
  [s('creativeWorkStatus')]: 'Status',
  [s('dateCreated')]: 'Written',
  [s('datePublished')]: 'Published',
  [s('description')]: 'Description',
  [s('disambiguatingDescription')]: 'Research',
  [s('endDate')]: 'Until',
  [s('funder')]: 'Funded by',
  [s('funding')]: 'Funding',
  [s('hasCourseInstance')]: 'Taught',
  [s('hasPart')]: 'Parts',
  [s('inSupportOf')]: 'Degree',
  [s('instructor')]: 'Instructors',
  [s('isPartOf')]: 'Part of',
  [s('knowsAbout')]: 'Topics',
  [s('location')]: 'Location',
  [s('mainEntity')]: 'About',
  [s('member')]: 'Members',
  [s('memberOf')]: 'Member of',
  [s('mentions')]: 'Mentions',
  [s('organizer')]: 'Organizers',
  [s('parentOrganization')]: 'Part of',
  [s('performer')]: 'Speakers',
  [s('pagination')]: 'Pages',
  [s('inLanguage')]: 'Language',
  [s('keywords')]: 'Keywords',
  [s('abstract')]: 'Abstract',
  [s('editor')]: 'Editors',
  [s('jobTitle')]: 'Job title',
  [s('email')]: 'E-mail',
  [s('telephone')]: 'Telephone',
  [s('givenName')]: 'Given name',
  [s('familyName')]: 'Family name',
  [s('honorificPrefix')]: 'Title',
  [s('identifier')]: 'Identifiers',
  [s('provider')]: 'Offered by',
  [s('publication')]: 'Published at',
  [s('publisher')]: 'Operated by',
  [s('roleName')]: 'Role',
  [s('sourceOrganization')]: 'Institution',
  [s('startDate')]: 'Date',
  [s('subjectOf')]: 'Described in',
  [s('superEvent')]: 'Series',
  [s('text')]: 'Text',
  [s('url')]: 'Web page',
  [s('sameAs')]: 'Elsewhere',
  [s('workFeatured')]: 'Presents',
  [s('worksFor')]: 'Works for',
  [foaf('account')]: 'Accounts',
  [foaf('accountName')]: 'Account name',
  [foaf('accountServiceHomepage')]: 'Hosted on',
  [foaf('currentProject')]: 'Current projects',
  [foaf('pastProject')]: 'Past projects',
};

/** A property's name; where a value's kind makes a better one, that: isPartOf a website is "Hosted on", a talk's superEvent "Given at". */
export function propertyName(predicate: string, valueKind?: Kind): string {
  if (predicate === s('isPartOf') && valueKind?.key === 'website') return 'Hosted on';
  if (predicate === s('isPartOf') && valueKind?.key === 'journal') return 'Published in';
  if (predicate === s('superEvent') && valueKind?.key === 'venue') return 'Given at';
  return propertyNames[predicate] ?? sentence(localName(predicate));
}

/**
 * How a node X that links to the page's entity E (`X p E`) relates to it,
 * in a few words beside the link to X on E's page ("Cloud Software Systems
 * Group — part of it"); empty where the list's heading says it (a paper
 * `about` a project is listed under Publications). Roles say it with their
 * roleName instead.
 */
const relationNames: Record<string, string> = {
  [s('colleague')]: 'colleague',
  [s('affiliation')]: 'affiliated',
  [s('parentOrganization')]: 'part of it',
  [s('publication')]: 'published here',
  [s('superEvent')]: 'part of it',
  [s('performer')]: 'speaker',
  [s('workFeatured')]: 'presents it',
  [s('location')]: 'located here',
  [s('sourceOrganization')]: 'written here',
  [s('provider')]: 'offered here',
  [s('funder')]: 'funded by it',
  [s('funding')]: 'funded by it',
  [s('publisher')]: 'operated by it',
  [s('instructor')]: 'taught by them',
  [s('knowsAbout')]: 'research interest',
  [s('subjectOf')]: 'its subject',
  [s('worksFor')]: 'works here',
  [s('memberOf')]: 'member',
  [s('alumniOf')]: 'studied here',
  [s('member')]: 'member',
  [s('contributor')]: 'contributor',
  [s('organizer')]: 'organizer',
  [s('mainEntity')]: 'about them',
  [foaf('account')]: 'account holder',
  [foaf('currentProject')]: 'current project',
  [foaf('pastProject')]: 'past project',
};
const silent = [s('author'), s('about'), s('award'), s('hasPart'), s('mentions'), s('isPartOf'), s('hasCourseInstance'), foaf('accountServiceHomepage')];

export function relationName(predicate: string): string {
  if (Object.hasOwn(relationNames, predicate)) return relationNames[predicate];
  if (silent.includes(predicate)) return '';
  return sentence(localName(predicate)).toLowerCase();
}

/** `knowsAbout` → `Knows about`. */
export function sentence(camel: string): string {
  const words = camel.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function localName(iri: string): string {
  return iri.replace(/^.*[/#:]/, '');
}

